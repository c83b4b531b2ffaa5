"""Build ``annex-culture.pdf``: an annex unlike decision №1911, to show the PDF parser is not tuned to one file.

Another council, another programme and layout: portrait A4, DejaVu Sans 9 pt
instead of Times, eight columns of other widths and header wordings, the header
rows repeated on every page, amounts with thousands separators, a total row,
and long rows that LibreOffice breaks across pages wherever they fall.
The expected extraction is this module's own data (``SECTIONS``, ``DECISION``, …);
``tests/test_pdf_annex.py`` compares the two.

Run ``make samples-pdf`` (or ``python tests/data/pdf/make_annex.py``); needs
``soffice`` (libreoffice-writer-nogui) and fonts-dejavu.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "annex-culture.pdf"

HEADER_BLOCK = [
    "Додаток 2",
    "до рішення двадцять шостої сесії",
    "Житомирської міської ради",
    "сьомого скликання",
    "від 22 грудня 2016 року № 1004-34/2017",
]
HEADING = ["Заходи щодо виконання", "Програми розвитку культури міста на 2017-2019 роки"]
DECISION = {
    "council": "Житомирська міська рада",
    "session": 26,
    "convocation": "VII",
    "date": "2016-12-22",
    "number": "1004-34/2017",
    "annex": "2",
}
TITLE = "Програма розвитку культури міста на 2017-2019 роки"
COLUMNS = [
    ("№ з/п", 0.9),
    ("Назва напрямку діяльності", 2.3),
    ("Зміст заходу", 4.1),
    ("Строк виконання", 1.6),
    ("Відповідальні виконавці", 2.6),
    ("Джерела фінансування", 2.0),
    ("Обсяг фінансування, тис. грн", 2.3),
    ("Очікуваний результат", 2.2),
]
SIGNATURE = ("Секретар міської ради", "Н. Чиж")


@dataclass(frozen=True)
class Measure:
    text: str
    term: str
    executors: tuple[str, ...]
    source: str
    funding: tuple[tuple[int, str], ...]  # (year, amount as written)
    result: str


FILLER = (
    "із залученням закладів культури, мистецьких шкіл, бібліотек, клубних закладів, творчих спілок та громадських "
    "об'єднань міста, з висвітленням у місцевих засобах масової інформації та на офіційному сайті міської ради"
)

SECTIONS = [
    (
        "1.",
        "Збереження культурної спадщини",
        [
            Measure(
                "1. Інвентаризація пам'яток історії та культури місцевого значення " + FILLER,
                "2017-2019 роки",
                ("Управління культури", "відділ охорони культурної спадщини"),
                "Міський бюджет",
                ((2017, "150,0"), (2018, "1 200,0"), (2019, "175,5")),
                "Облік і збереження пам'яток",
            ),
            Measure(
                "2. Виготовлення науково-проектної документації на реставрацію пам'яток архітектури",
                "2018 рік",
                ("Управління культури",),
                "Міський бюджет",
                ((2018, "2 450,75"),),
                "Документація для реставрації",
            ),
            Measure(
                "3. Проведення культурно-мистецьких заходів до Дня пам'яток " + FILLER,
                "2017-2019 роки",
                ("Управління культури", "міський центр культури та дозвілля", "бібліотеки міста"),
                "Не потребує фінансування",
                (),
                "Популяризація культурної спадщини серед мешканців та гостей міста " + FILLER,
            ),
        ],
    ),
    (
        "2.",
        "Розвиток мистецької освіти та аматорської творчості дітей і молоді",
        [
            Measure(
                "1. Придбання музичних інструментів для мистецьких шкіл",
                "2017-2019 роки",
                ("Управління культури", "мистецькі школи"),
                "Міський бюджет",
                ((2017, "300,0"), (2018, "320,0"), (2019, "340,0")),
                "Оновлення матеріальної бази шкіл",
            ),
            Measure(
                "2. Організація міських конкурсів юних виконавців, фестивалів аматорської творчості та виставок "
                "образотворчого мистецтва " + FILLER,
                "2017-2019 роки",
                ("Управління культури", "мистецькі школи", "міський центр культури та дозвілля", "громадські організації"),
                "Міський бюджет",
                ((2017, "85,0"), (2018, "90,0"), (2019, "95,0")),
                "Підтримка обдарованих дітей і молоді, розвиток аматорського мистецтва " + FILLER,
            ),
            Measure(
                "3. Стипендії міського голови обдарованим учням мистецьких шкіл",
                "2017-2019 роки",
                ("Управління культури",),
                "Міський бюджет",
                ((2017, "24,0"), (2018, "24,0"), (2019, "24,0")),
                "Стимулювання творчих досягнень",
            ),
        ],
    ),
    (
        "3.",
        "Бібліотечна справа",
        [
            Measure(
                "1. Поповнення фондів публічних бібліотек сучасною літературою та періодичними виданнями",
                "2017-2019 роки",
                ("Централізована бібліотечна система",),
                "Міський бюджет",
                ((2017, "60,0"), (2018, "65,0"), (2019, "70,0")),
                "Оновлення бібліотечних фондів",
            ),
            Measure(
                "2. Комп'ютеризація бібліотек та підключення до мережі Інтернет " + FILLER,
                "2018-2019 роки",
                ("Централізована бібліотечна система", "управління культури"),
                "Міський бюджет",
                ((2018, "110,0"), (2019, "1 015,25")),
                "Доступ читачів до електронних ресурсів",
            ),
        ],
    ),
]


def totals() -> dict[int, Decimal]:
    """The programme's total per year, in thousand UAH, as the total row states it."""
    sums: dict[int, Decimal] = {}
    for _, _, measures in SECTIONS:
        for measure in measures:
            for year, amount in measure.funding:
                sums[year] = sums.get(year, Decimal(0)) + Decimal(amount.replace(" ", "").replace(",", "."))
    return sums


def written(amount: Decimal) -> str:
    """``2450.75`` → ``2 450,75``, the way the annex writes it."""
    whole, _, fraction = f"{amount:.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", " ")
    return f"{groups},{fraction}"


def build_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(9)

    def paragraph(lines: list[str], align) -> None:
        para = document.add_paragraph()
        para.alignment = align
        for index, line in enumerate(lines):
            run = para.add_run(line)
            if index < len(lines) - 1:
                run.add_break()

    def fill(cell, text: str) -> None:
        cell.paragraphs[0].add_run(text)

    def merge(cell, value: str) -> None:
        element = OxmlElement("w:vMerge")
        if value == "restart":
            element.set(qn("w:val"), "restart")
        cell._tc.get_or_add_tcPr().append(element)

    paragraph(HEADER_BLOCK, WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(HEADING, WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = "Table Grid"
    for index, (title, width) in enumerate(COLUMNS):
        fill(table.rows[0].cells[index], title)
        fill(table.rows[1].cells[index], str(index + 1))
        table.columns[index].width = Cm(width)
        for row in table.rows:
            row.cells[index].width = Cm(width)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    for number, direction, measures in SECTIONS:
        for position, measure in enumerate(measures):
            cells = table.add_row().cells
            if position == 0:
                fill(cells[0], number)
                fill(cells[1], direction)
            merge(cells[0], "restart" if position == 0 else "continue")
            merge(cells[1], "restart" if position == 0 else "continue")
            fill(cells[2], measure.text)
            fill(cells[3], measure.term)
            fill(cells[4], ", ".join(measure.executors))
            fill(cells[5], measure.source)
            for index, (year, amount) in enumerate(measure.funding):
                para = cells[6].paragraphs[0] if index == 0 else cells[6].add_paragraph()
                para.add_run(f"{year} р. – {amount}")
            fill(cells[7], measure.result)
    cells = table.add_row().cells
    fill(cells[1], "Всього по Програмі")
    for index, (year, amount) in enumerate(sorted(totals().items())):
        para = cells[6].paragraphs[0] if index == 0 else cells[6].add_paragraph()
        para.add_run(f"{year} р. – {written(amount)}")

    document.add_paragraph()
    paragraph([SIGNATURE[0]], WD_ALIGN_PARAGRAPH.LEFT)
    paragraph([SIGNATURE[1]], WD_ALIGN_PARAGRAPH.RIGHT)
    document.save(path)


def main(output: Path = OUTPUT) -> None:
    with tempfile.TemporaryDirectory() as folder:
        docx_path = Path(folder) / "annex-culture.docx"
        build_docx(docx_path)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(docx_path)],
            check=True,
            capture_output=True,
        )
        shutil.move(Path(folder) / "annex-culture.pdf", output)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
