"""Build the scan suite's own documents under ``tests/data/scans/``: typed in Word, printed to PDF by LibreOffice.

``health-2022`` is a clerk's annex typed in Word (python-docx; merges as in
``tools/make_real_layouts.py``, whose builders it uses) and printed to PDF by
LibreOffice: a two-row header (a merged ``Обсяги фінансування, тис. грн`` over
three source columns and ``Всього``), a row of column numbers, section rows
across the table, one measure with three executor rows (its number, text and
term merged down over them), lone dashes, a written zero, and a ``Разом``
row. Its extraction, as a person reads the printed table, is
``tests/data/scans/health-2022.expected.json`` (written by hand). The suite's
scans of it are made from the PDF by ``tools/degrade.py``.

``roads-2023`` is a table drawn with no lines at all (the table's borders
switched off, as a clerk does to make an annex look like typed text): one
column per year under a merged ``Обсяги фінансування, тис. грн``, a sources
column, a row of column numbers, section rows across the table, cells of two
to four lines, a ``Разом`` row. OCR must find its columns and rows from the
white space. Its extraction is ``tests/data/scans/roads-2023.expected.json``
(written by hand). ``roads-2023-tight`` is the same table typed with no space
between its rows either: rows stand as close as a cell's lines; and
``roads-2023-across`` is it drawn with a box and rules between the rows only
(no rules between the columns); ``roads-2023-glued`` has its rows parted by
space as ``roads-2023`` but its three header rows typed with none, so the
column numbers stand under the years as close as a cell's lines.

Usage: ``python tools/make_scan_documents.py [NAME …]`` (needs LibreOffice).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

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


ROADS = "Управління житлово-комунального господарства"
ROAD_WORKS = "КП «Шляхрембуд»"

ROADS_2023 = Layout(
    name="roads-2023",
    before=(
        "Додаток 1",
        "до рішення 31 сесії Смілянської міської ради VIII скликання від 23.02.2023 № 615",
        "Заходи Програми розвитку дорожнього господарства Смілянської міської територіальної громади на 2023-2025 роки",
    ),
    table=(
        (
            "№ з/п",
            "Найменування заходу",
            "Відповідальні виконавці",
            "Строк виконання",
            "Джерела фінансування",
            "Обсяги фінансування, тис. грн",
            L,
            L,
            "Очікуваний результат",
        ),
        (U, U, U, U, U, "2023 рік", "2024 рік", "2025 рік", U),
        ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
        ("1. Утримання та ремонт доріг", L, L, L, L, L, L, L, L),
        (
            "1.1.",
            "Поточний ремонт вулиць з твердим покриттям",
            ROADS,
            "2023-2025 роки",
            "Міський бюджет",
            "1250,0",
            "1300,0",
            "1350,0",
            "Відремонтовано 12 км вулиць",
        ),
        (
            "1.2.",
            "Капітальний ремонт мосту через р. Тясмин по вул. Соборній",
            "Управління капітального будівництва",
            "2024 рік",
            "Державний бюджет",
            "-",
            "4800,0",
            "-",
            "Відновлено рух транспорту мостом",
        ),
        (
            "1.3.",
            "Облаштування тротуарів і пішохідних переходів біля шкіл",
            ROADS,
            "2023-2024 роки",
            "Міський бюджет",
            "420,5",
            "380,75",
            "-",
            "Безпечні підходи до 6 шкіл",
        ),
        ("2. Безпека дорожнього руху", L, L, L, L, L, L, L, L),
        (
            "2.1.",
            "Встановлення дорожніх знаків і нанесення розмітки",
            ROAD_WORKS,
            "2023-2025 роки",
            "Міський бюджет",
            "210,0",
            "230,0",
            "250,0",
            "Розмітка на 40 км вулиць",
        ),
        (
            "2.2.",
            "Модернізація світлофорних об’єктів",
            "КП «Міськсвітло»",
            "2025 рік",
            "Інші джерела",
            "-",
            "-",
            "960,0",
            "8 світлофорів з лічильниками часу",
        ),
        (
            "2.3.",
            "Придбання комбінованої дорожньої машини",
            f"{ROADS}, {ROAD_WORKS}",
            "2024 рік",
            "Міський бюджет",
            "-",
            "2150,0",
            "-",
            "Прибирання вулиць взимку",
        ),
        ("Разом", L, L, L, L, "1880,5", "8860,75", "2560,0", ""),
    ),  # fmt: skip
    header_rows=3,
    after=("Секретар міської ради", "Олена МАРЧЕНКО"),
    landscape=True,
    pdf=True,
    widths=(1.2, 6.0, 4.2, 2.4, 2.8, 1.9, 1.9, 1.9, 4.4),
)

ROADS_2023_TIGHT = replace(ROADS_2023, name="roads-2023-tight")  # no lines and no space between rows either
ROADS_2023_ACROSS = replace(ROADS_2023, name="roads-2023-across")  # a box round the table, rules across only
ROADS_2023_GLUED = replace(ROADS_2023, name="roads-2023-glued")  # no lines; its header rows typed with no space between

# name: (layout, how its table is drawn: "grid", "no lines", "no lines, no space", "across")
LAYOUTS = {
    HEALTH_2022.name: (HEALTH_2022, "grid"),
    ROADS_2023.name: (ROADS_2023, "no lines"),
    ROADS_2023_TIGHT.name: (ROADS_2023_TIGHT, "no lines, no space"),
    ROADS_2023_ACROSS.name: (ROADS_2023_ACROSS, "across"),
    ROADS_2023_GLUED.name: (ROADS_2023_GLUED, "no lines, tight header"),
}
HEADER_ROWS = 3  # the header, the years under it, the column numbers


def ruled_across(docx: Path) -> None:
    """The DOCX's tables drawn with a box round them and rules between the rows, none between the columns."""
    document = Document(str(docx))
    for table in document.tables:
        table.style = document.styles["Normal Table"]
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            border = OxmlElement(f"w:{side}")
            border.set(qn("w:val"), "nil" if side == "insideV" else "single")
            if side != "insideV":
                border.set(qn("w:sz"), "6")
                border.set(qn("w:color"), "000000")
            borders.append(border)
        table._tbl.tblPr.append(borders)
    document.save(str(docx))


def without_borders(docx: Path, row_space: bool = True, tight_rows: int | None = None) -> None:
    """The DOCX's tables with no lines: their style made Word's plain one (no borders); without ``row_space``, its
    cells' paragraphs with no space after them either, so rows stand as close as a cell's lines; with
    ``tight_rows``, only that many first rows so (the column numbers as close under the header as its lines)."""
    document = Document(str(docx))
    for table in document.tables:
        table.style = document.styles["Normal Table"]
        if row_space and tight_rows is None:
            continue
        for row in table.rows[:tight_rows]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_before = Pt(0)
                    paragraph.paragraph_format.space_after = Pt(0)
    document.save(str(docx))


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    unknown = sorted(set(names) - set(LAYOUTS))
    if unknown:
        sys.exit(f"unknown documents: {', '.join(unknown)}; known: {', '.join(LAYOUTS)}")
    for name, (layout, drawn) in LAYOUTS.items():
        if names and name not in names:
            continue
        docx, pdf = OUT / f"{name}.docx", OUT / f"{name}.pdf"
        build_docx(layout, docx)
        if drawn == "across":
            ruled_across(docx)
        elif drawn == "no lines, tight header":
            without_borders(docx, tight_rows=HEADER_ROWS)
        elif drawn != "grid":
            without_borders(docx, row_space=drawn == "no lines")
        libreoffice_pdf(docx, pdf)
        for path in (docx, pdf):
            print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
