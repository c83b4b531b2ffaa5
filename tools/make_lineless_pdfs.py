"""Build text PDFs whose annex table is drawn with no lines, of layouts other than the scan suite's, under
``tests/data/lineless/``: typed in Word (python-docx, ``tools/make_real_layouts.py``'s builder), the table's borders
switched off, printed to PDF by LibreOffice.

``schools-2024`` is a portrait annex in Arial 9: a year per column under a merged ``Прогнозні обсяги
фінансування, тис. грн`` (2024, 2025, 2026), then a ``Всього`` column merged down over the two header rows, no
row of column numbers, no sources column, measures numbered ``1.`` … with no section rows, cells of one to three
lines, amounts with a space between thousands, lone dashes, and a ``Разом`` row. Its extraction, as a person reads
the printed table, is ``tests/data/lineless/schools-2024.expected.json`` (written by hand).
``schools-2024-long`` is it grown to 28 measures over three pages, rows cut by the page breaks.

Usage: ``python tools/make_lineless_pdfs.py`` (needs LibreOffice).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.make_real_layouts import L, Layout, U, build_docx, libreoffice_pdf  # noqa: E402
from tools.make_scan_documents import without_borders  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "lineless"
EDUCATION = "Відділ освіти, молоді та спорту"

SCHOOLS_2024 = Layout(
    name="schools-2024",
    before=(
        "Додаток 2",
        "до рішення 44 сесії Баранівської міської ради VIII скликання від 21.12.2023 № 1187",
        "Заходи Програми розвитку освіти Баранівської міської територіальної громади на 2024-2026 роки",
    ),
    table=(
        ("№ з/п", "Зміст заходу", "Виконавець", "Прогнозні обсяги фінансування, тис. грн", L, L, "Всього"),
        (U, U, U, "2024", "2025", "2026", U),
        ("1.", "Придбання шкільного автобуса для підвезення учнів сільських шкіл", EDUCATION, "2 350,0", "-", "-", "2 350,0"),
        (
            "2.",
            "Облаштування найпростіших укриттів у закладах загальної середньої освіти",
            EDUCATION,
            "1 120,5",
            "860,0",
            "400,0",
            "2 380,5",
        ),
        ("3.", "Оснащення кабінетів природничих наук", "Заклади загальної середньої освіти", "-", "540,25", "610,0", "1 150,25"),
        ("4.", "Літнє оздоровлення дітей пільгових категорій", f"{EDUCATION}, ЦНАП", "95,0", "100,0", "105,0", "300,0"),
        ("Разом", L, L, "3 565,5", "1 500,25", "1 115,0", "6 180,75"),
    ),  # fmt: skip
    header_rows=2,
    after=("Міський голова", "Олександр ВОЛОЩУК"),
    font="Arial",
    size=9,
    landscape=False,
    pdf=True,
    widths=(1.1, 6.2, 4.0, 1.8, 1.8, 1.8, 1.9),
)

# The same annex grown to 28 measures (its four measures seven times over, numbered on) in 12 pt: three pages, a
# measure's row cut by each page break (the rest of its text and executors at the top of the next page), no header
# repeated on the later pages.
SCHOOLS_2024_LONG = replace(
    SCHOOLS_2024,
    name="schools-2024-long",
    table=(
        *SCHOOLS_2024.table[:2],
        *((f"{4 * repeat + index + 1}.", *row[1:]) for repeat in range(7) for index, row in enumerate(SCHOOLS_2024.table[2:6])),
    ),
    size=12,
)

LAYOUTS = {layout.name: layout for layout in (SCHOOLS_2024, SCHOOLS_2024_LONG)}


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, layout in LAYOUTS.items():
        if names and name not in names:
            continue
        docx, pdf = OUT / f"{name}.docx", OUT / f"{name}.pdf"
        build_docx(layout, docx)
        without_borders(docx)
        libreoffice_pdf(docx, pdf)
        for path in (docx, pdf):
            print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
