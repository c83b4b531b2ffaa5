"""Build the scan suite's own document under ``tests/data/scans/``: sources as columns with executor rows, portrait.

``health-2022`` is a clerk's annex typed in Word (python-docx; merges as in
``tools/make_real_layouts.py``, whose builders it uses) and printed to PDF by
LibreOffice: a two-row header (a merged ``Обсяги фінансування, тис. грн`` over
three source columns and ``Всього``), a row of column numbers, section rows
across the table, one measure with three executor rows (its number, text and
term merged down over them), lone dashes, a written zero, and a ``Разом``
row. Its extraction, as a person reads the printed table, is
``tests/data/scans/health-2022.expected.json`` (written by hand). The suite's
scans of it are made from the PDF by ``tools/degrade.py``.

Usage: ``python tools/make_scan_documents.py`` (needs LibreOffice).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.make_real_layouts import L, Layout, U, build_docx, libreoffice_pdf  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "scans"
CLINIC = "КНП «Славутська міська лікарня»"
PRIMARY = "КНП «Центр первинної медико-санітарної допомоги»"
BUILDING = "Управління капітального будівництва"
HEALTH = "Управління охорони здоров’я"

HEALTH_2022 = Layout(
    name="health-2022",
    before=(
        "Додаток 3",
        "до рішення 12 сесії Славутської міської ради VIII скликання від 16.02.2022 № 412",
        "Заходи Програми підтримки закладів охорони здоров’я Славутської міської територіальної громади на 2022-2024 роки",
    ),
    table=(
        ("№ з/п", "Найменування заходу", "Виконавці", "Термін виконання", "Обсяги фінансування, тис. грн", L, L, L),
        (U, U, U, U, "Державний бюджет", "Місцевий бюджет", "Інші джерела", "Всього"),
        ("1", "2", "3", "4", "5", "6", "7", "8"),
        ("1. Оснащення закладів охорони здоров’я", L, L, L, L, L, L, L),
        ("1.1.", "Придбання апаратів штучної вентиляції легень", CLINIC, "2022 рік", "2400,0", "600,0", "-", "3000,0"),
        (U, U, PRIMARY, U, "0,00", "350,5", "40,0", "390,5"),
        (U, U, BUILDING, U, "1150,0", "230,25", "-", "1380,25"),
        ("1.2.", "Оновлення автомобілів швидкої медичної допомоги", CLINIC, "2023-2024 роки", "-", "1800,0", "200,0", "2000,0"),
        ("2. Кадрове забезпечення", L, L, L, L, L, L, L),
        (
            "2.1.",
            "Доплати молодим лікарям, які працюють у закладах громади",
            HEALTH,
            "2022-2024 роки",
            "-",
            "720,0",
            "-",
            "720,0",
        ),
        (
            "2.2.",
            "Навчання медичних сестер з надання домедичної допомоги",
            f"{HEALTH}, {PRIMARY}",
            "2023 рік",
            "-",
            "85,0",
            "15,0",
            "100,0",
        ),
        ("Разом", L, L, L, "3550,0", "3785,75", "255,0", "7590,75"),
    ),  # fmt: skip
    header_rows=3,
    after=("Секретар міської ради", "Ірина СИДОРЧУК"),
    landscape=False,
    pdf=True,
    widths=(1.1, 4.2, 3.6, 1.8, 1.9, 1.9, 1.7, 1.8),
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    docx = OUT / f"{HEALTH_2022.name}.docx"
    build_docx(HEALTH_2022, docx)
    libreoffice_pdf(docx, OUT / f"{HEALTH_2022.name}.pdf")
    for path in (docx, OUT / f"{HEALTH_2022.name}.pdf"):
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
