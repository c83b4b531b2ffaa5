"""Build the second, independent set of real-layout test documents (tests/data/layouts2/).

Each document is rebuilt from a layout described in ../shared/docs/real-layouts.md,
combining its features differently from the first set (tools/make_real_layouts.py):
other councils (village, town, city, oblast), years, amounts, column orders and
header wordings. Every document is written as DOCX and HTML; some also as PDF
(LibreOffice, portrait or landscape, DejaVu or Liberation fonts), one as .odt,
one as XLSX. What a person reads off each is written by hand in
tests/test_real_layouts_2.py, never derived from this script.

A table is given row by row, as HTML lays it out: a cell is a string or a ``C``
with a column and row span; the cells a span from above covers are left out.
In a cell text ``\\n`` starts a new paragraph and ``\\v`` is a hard line break.

    python tools/make_real_layouts_2.py            # every document
    python tools/make_real_layouts_2.py city-zhkg  # one
"""

from __future__ import annotations

import datetime
import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "layouts2"
FIXED_TIME = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class C:
    """A table cell spanning ``cols`` columns and ``rows`` rows."""

    text: str
    cols: int = 1
    rows: int = 1


@dataclass(frozen=True)
class P:
    """A paragraph around the table."""

    text: str
    align: str = "left"  # left | right | center
    bold: bool = False


@dataclass
class Layout:
    name: str
    before: list[P]
    header_rows: int  # repeated on every page of the PDF
    rows: list[list[str | C]]
    widths: list[float]  # cm per column
    after: list[P]
    landscape: bool = False
    font: str = "Times New Roman"
    size: float = 11
    formats: tuple[str, ...] = ("docx", "html")
    xlsx_numbers: bool = field(default=False)


def place(rows: list[list[str | C]]) -> list[tuple[int, int, C]]:
    """Each cell's top-left grid position, HTML-style (spans from above skip their columns)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for item in row:
            cell = item if isinstance(item, C) else C(item)
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    taken.add((r + dr, c + dc))
            c += cell.cols
    return placed


def grid_size(placed: list[tuple[int, int, C]]) -> tuple[int, int]:
    rows = max(r + cell.rows for r, _, cell in placed)
    cols = max(c + cell.cols for _, c, cell in placed)
    return rows, cols


# --- DOCX ---------------------------------------------------------------------------------------------------------

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


def write_runs(paragraph, text: str, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    for index, part in enumerate(text.split("\v")):
        run = paragraph.add_run(part)
        run.bold = bold
        if index < text.count("\v"):
            run.add_break()


def repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def set_borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def to_docx(layout: Layout, path: Path) -> None:
    document = WordDocument()
    style = document.styles["Normal"]
    style.font.name = layout.font
    style.font.size = Pt(layout.size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), layout.font)
    style.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    document.core_properties.author = "layouts-2"

    def paragraphs(items: list[P]) -> None:
        for item in items:
            paragraph = document.add_paragraph()
            paragraph.alignment = ALIGN[item.align]
            write_runs(paragraph, item.text, item.bold)

    paragraphs(layout.before)
    placed = place(layout.rows)
    n_rows, n_cols = grid_size(placed)
    table = document.add_table(rows=n_rows, cols=n_cols)
    table.autofit = False
    set_borders(table)
    for index, column in enumerate(table.columns):
        column.width = Cm(layout.widths[index])  # the grid LibreOffice lays out by
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(layout.widths[index])
    for index in range(layout.header_rows):
        repeat_header(table.rows[index])
    for r, c, spec in placed:
        cell = table.cell(r, c)
        if spec.rows > 1 or spec.cols > 1:
            cell = cell.merge(table.cell(r + spec.rows - 1, c + spec.cols - 1))
        texts = spec.text.split("\n")
        first = cell.paragraphs[0]
        write_runs(first, texts[0])
        for text in texts[1:]:
            write_runs(cell.add_paragraph(), text)
    paragraphs(layout.after)
    document.save(path)


# --- HTML ---------------------------------------------------------------------------------------------------------


def html_text(text: str) -> str:
    return "<br>".join(html.escape(part, quote=False) for part in text.split("\v"))


def to_html(layout: Layout, path: Path) -> None:
    def paragraphs(items: list[P]) -> list[str]:
        lines = []
        for item in items:
            body = html_text(item.text)
            if item.bold:
                body = f"<b>{body}</b>"
            style = f' style="text-align:{item.align}"' if item.align != "left" else ""
            lines.append(f"<p{style}>{body}</p>")
        return lines

    out = ["<!DOCTYPE html>", '<html lang="uk"><head><meta charset="utf-8"><title>Додаток</title></head><body>']
    out += paragraphs(layout.before)
    out.append('<table border="1" cellspacing="0" cellpadding="3">')
    by_row: dict[int, list[tuple[int, C]]] = {}
    for r, c, spec in place(layout.rows):
        by_row.setdefault(r, []).append((c, spec))
    for r in range(len(layout.rows)):
        cells = []
        for _, spec in sorted(by_row.get(r, [])):
            spans = (f' colspan="{spec.cols}"' if spec.cols > 1 else "") + (f' rowspan="{spec.rows}"' if spec.rows > 1 else "")
            parts = spec.text.split("\n")
            body = html_text(parts[0]) if len(parts) == 1 else "".join(f"<p>{html_text(part)}</p>" for part in parts)
            tag = "th" if r < layout.header_rows else "td"
            cells.append(f"<{tag}{spans}>{body}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    out += paragraphs(layout.after)
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --- XLSX ---------------------------------------------------------------------------------------------------------


def xlsx_value(text: str) -> str | int | float:
    """A number cell as a number (``45,5`` → 45.5), anything else as text."""
    plain = text.replace(" ", "").replace(",", ".")
    try:
        value = float(plain)
    except ValueError:
        return text.replace("\v", "\n")
    return int(value) if value == int(value) and "." not in plain else value


def to_xlsx(layout: Layout, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Додаток"
    line = 1
    for item in layout.before:
        sheet.cell(line, 1 if item.align != "right" else len(layout.widths) - 1, item.text.replace("\v", "\n"))
        line += 1
    top = line
    for r, c, spec in place(layout.rows):
        value = xlsx_value(spec.text) if layout.xlsx_numbers and r >= layout.header_rows else spec.text.replace("\v", "\n")
        cell = sheet.cell(top + r, c + 1, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, float):
            cell.number_format = "# ##0.0"
        if spec.rows > 1 or spec.cols > 1:
            sheet.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + r + spec.rows - 1, end_column=c + spec.cols)
    line = top + len(layout.rows) + 1
    for item in layout.after:
        for offset, part in enumerate(item.text.split("\t")):
            sheet.cell(line, 2 + offset * (len(layout.widths) - 3), part)
        line += 1
    for index, width in enumerate(layout.widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width * 5
    workbook.properties.created = FIXED_TIME.replace(tzinfo=None)
    workbook.properties.modified = FIXED_TIME.replace(tzinfo=None)
    workbook.save(path)


# --- LibreOffice ----------------------------------------------------------------------------------------------------


def convert(docx: Path, target: str) -> None:
    """The DOCX printed (pdf) or saved (odt) by LibreOffice, with a throw-away profile."""
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--convert-to", target,
             "--outdir", scratch, str(docx)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.move(str(Path(scratch) / f"{docx.stem}.{target}"), docx.with_suffix(f".{target}"))


def build(layout: Layout) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    docx = OUT / f"{layout.name}.docx"
    to_docx(layout, docx)
    written = [docx]
    if "html" in layout.formats:
        to_html(layout, docx.with_suffix(".html"))
        written.append(docx.with_suffix(".html"))
    for target in ("pdf", "odt"):
        if target in layout.formats:
            convert(docx, target)
            written.append(docx.with_suffix(f".{target}"))
    if "xlsx" in layout.formats:
        to_xlsx(layout, docx.with_suffix(".xlsx"))
        written.append(docx.with_suffix(".xlsx"))
    return written


def numbers(count: int) -> list[str]:
    return [str(index) for index in range(1, count + 1)]


# --- The documents ------------------------------------------------------------------------------------------------

LAYOUTS: list[Layout] = []

# A village council's one-year programme: the amount before the source, no result column, one-year terms,
# unnumbered part rows under a measure (no "в т.ч." marker), three-decimal amounts beside one-decimal ones,
# a road code, a lone "-" and a stated total row with a long label.
LAYOUTS.append(
    Layout(
        name="village-blagoustrii",
        before=[
            P("Додаток 1", "right"),
            P("до рішення 9 сесії Роздольненської сільської ради", "right"),
            P("VIII скликання", "right"),
            P("від 23.03.2021 №412", "right"),
            P(""),
            P("Заходи Програми благоустрою населених пунктів Роздольненської сільської ради на 2021 рік", "center", True),
        ],
        header_rows=1,
        rows=[
            [
                "№ з/п",
                "Зміст заходів",
                "Сума витрат, тис. грн.",
                "Джерела фінансування",
                "Виконавець (замовник)",
                "Термін виконання",
            ],
            [
                "1.",
                "Поточний ремонт вулиці Шкільної в с. Роздольне (щебеневе покриття)",
                "1250,0",
                "Сільський бюджет",
                "Роздольненська сільська рада",
                "2021 р.",
            ],
            [
                "2.",
                "Поточний ремонт під’їзду до автомобільної дороги Т 1705 в с. Тополине",
                "2480,5",
                "Сільський бюджет",
                "Роздольненська сільська рада",
                "травень-вересень 2021 р.",
            ],
            [
                "3.",
                "Утримання мереж вуличного освітлення, оплата електроенергії",
                "1620,0",
                "Сільський бюджет",
                'КП "Роздольне-Сервіс"',
                "2021 р.",
            ],
            ["4.", "Заходи з благоустрою сіл громади", "217,79", "Сільський бюджет", "Старости сіл", "2021 р."],
            ["", "Заходи по благоустрою с. Роздольне", "184,9", "", "", ""],
            ["", "Заходи по благоустрою с. Тополине", "32,890", "", "", ""],
            [
                "5.",
                "Озеленення: висадка дерев і кущів на «Алеї випускників»",
                "199,000",
                "Сільський бюджет",
                'КП "Роздольне-Сервіс"',
                "2021 р.",
            ],
            [
                "6.",
                "Організація громадських робіт з прибирання територій",
                "-",
                "Фінансування не потребує",
                "Роздольненська сільська рада",
                "2021 р.",
            ],
            [
                "7.",
                "Капітальний ремонт тротуару по вул. Центральній в с. Роздольне",
                "9546,71",
                "Сільський бюджет",
                "Роздольненська сільська рада",
                "2021 р.",
            ],
            [C("Всього на виконання заходів з благоустрою та озеленення", 2), "15314,0", "", "", ""],
        ],  # fmt: skip
        widths=[1.2, 6.5, 2.3, 3.0, 3.4, 2.4],
        after=[P(""), P("Сільський голова\t\t\t\tН.М. Гордієнко")],
        font="Liberation Serif",
        size=12,
        formats=("docx", "html", "pdf"),
    )
)

# A city programme "на 2023-2027 роки" with year columns 2024-2027 and a Всього column; executors before the term;
# header wordings Завдання (види робіт), Відповідальні за виконання, Термін вико-/нання, Очікува-ний результат,
# the typo Орієнтовані; full-width section rows; житлово–комунального; quotes of three kinds; ";" between executors;
# 20 000,0 with space thousands; "-" and a written zero 0,00. Landscape, DejaVu Sans: rows cut by page breaks.
ZHKG_RESULT = (
    "Зменшення втрат води та скидів неочищених стоків у річку Гнилоп’ять; "
    "приведення якості очищення стічних вод до нормативних вимог; "
    "скорочення витрат електроенергії на перекачування стоків"
)
LAYOUTS.append(
    Layout(
        name="city-zhkg",
        before=[
            P("Додаток 2", "right"),
            P("до рішення 41 сесії Бердичівської міської ради", "right"),
            P("VIII скликання від 20.12.2023 № 2104", "right"),
            P(""),
            P(
                "Перелік завдань і заходів Програми розвитку житлово–комунального господарства та благоустрою міста "
                "Бердичева на 2023-2027 роки",
                "center",
                True,
            ),
        ],  # fmt: skip
        header_rows=3,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Завдання (види робіт)", rows=2),
                C("Відповідальні за виконання", rows=2),
                C("Термін вико-\vнання", rows=2),
                C("Джерела фінансування", rows=2),
                C("Орієнтовані обсяги фінансування (вартість), тис. грн., у тому числі за роками:", 5),
                C("Очікува-ний результат", rows=2),
            ],
            ["2024", "2025", "2026", "2027", "Всього"],
            numbers(11),
            [C("1. Утримання та розвиток житлового фонду", 11)],
            [
                "1.1.",
                "Капітальний ремонт покрівель багатоквартирних житлових будинків",
                "Управління житлово–комунального господарства; ОСББ",
                "2024-2027 роки",
                "Міський бюджет",
                "3 500,0",
                "4 000,0",
                "4 200,0",
                "4 500,0",
                "16 200,0",
                "Продовження строку експлуатації житлового фонду",
            ],
            [
                "1.2.",
                "Співфінансування робіт з енергоефективності багатоквартирних будинків за програмою “Енергодім”",
                "Управління житлово–комунального господарства; ОСББ; Фонд енергоефективності",
                "2024-2026 роки",
                "Міський бюджет",
                "1 250,0",
                "1 250,0",
                "1 000,0",
                "-",
                "3 500,0",
                "Зменшення споживання теплової енергії",
            ],
            [
                "1.3.",
                "Обстеження технічного стану житлових будинків, збудованих до 1960 року",
                "Управління житлово–комунального господарства",
                "2025 рік",
                "Міський бюджет",
                "-",
                "320,5",
                "-",
                "-",
                "320,5",
                "Паспортизація житлового фонду",
            ],
            [C("2. Водопостачання та водовідведення", 11)],
            [
                "2.1.",
                "Реконструкція каналізаційних очисних споруд КП «Бердичівводоканал» з влаштуванням станції "
                "ультрафіолетового знезараження стічних вод та заміною аераційної системи",
                "КП «Бердичівводоканал»; Управління капітального будівництва",
                "2024-2027 роки",
                "Міський бюджет\nДержавний бюджет",
                "20 000,0",
                "25 000,0",
                "18 500,0",
                "12 000,0",
                "75 500,0",
                ZHKG_RESULT,
            ],
            [
                "2.2.",
                'Заміна аварійних ділянок водопровідних мереж (вул. Житомирська, вул. Вінницька, "Мала Окружна")',
                "КП «Бердичівводоканал»",
                "2024-2027 роки",
                "Кошти підприємства",
                "850,0",
                "900,0",
                "950,0",
                "1 000,0",
                "3 700,0",
                "Зменшення кількості аварій на мережах",
            ],
            [
                "2.3.",
                "Встановлення будинкових приладів обліку води",
                "КП «Бердичівводоканал»",
                "2024 рік",
                "Кошти підприємства",
                "0,00",
                "-",
                "-",
                "-",
                "0,00",
                "Облік спожитої води",
            ],
            [C("3. Благоустрій", 11)],
            [
                "3.1.",
                "Утримання зелених насаджень загального користування, у тому числі скверу «Героїв Небесної Сотні»",
                "КП «Зеленбуд»",
                "2024-2027 роки",
                "Міський бюджет",
                "2 150,0",
                "2 250,0",
                "2 350,0",
                "2 450,0",
                "9 200,0",
                "Належний санітарний стан зелених зон",
            ],
            [
                "3.2.",
                "Облаштування дитячих та спортивних майданчиків",
                "Управління житлово–комунального господарства; КП «Зеленбуд»",
                "2025-2026 роки",
                "Міський бюджет",
                "-",
                "600,0",
                "650,0",
                "-",
                "1 250,0",
                "Створення умов для відпочинку дітей",
            ],
            [C("Разом за Програмою", 5), "27 750,0", "34 320,5", "27 650,0", "19 950,0", "109 670,5", ""],
        ],  # fmt: skip
        widths=[1.1, 6.0, 4.2, 1.9, 2.6, 1.6, 1.6, 1.6, 1.6, 1.8, 2.7],
        after=[P(""), P("Секретар міської ради\t\t\t\t\t\tТарас КОВАЛЬЧУК")],
        landscape=True,
        font="DejaVu Sans",
        size=10,
        formats=("docx", "html", "pdf"),
    )
)

# An oblast programme: task and measure columns, Державний замовник завдання (робіт), a per-task total
# (Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. грн.) merged over the task's measures,
# one measure with two executor rows (number, text and term merged down), each with its own source and amounts;
# 50% вартості проїзду and від 05.11.2008 № 976 in measure texts; a session line of its own in Cyrillic numerals;
# the signature over three lines with the name at the end of the last. Landscape, Liberation Sans.
DOZ = "Департамент охорони здоров’я облдержадміністрації"
DSZ = "Департамент соціального захисту населення облдержадміністрації"
LAYOUTS.append(
    Layout(
        name="oblast-executors",
        before=[
            P("Додаток 3", "right"),
            P("до рішення обласної ради", "right"),
            P("від 24 вересня 2021 року № 215-VIII", "right"),
            P("(ХІ сесія VІІІ скликання)", "right"),
            P(""),
            P(
                "Завдання і заходи обласної програми соціального захисту та паліативної допомоги на 2021-2023 роки",
                "center",
                True,
            ),
        ],  # fmt: skip
        header_rows=2,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Найменування завдання", rows=2),
                C("Найменування заходів", rows=2),
                C("Державний замовник завдання (робіт)", rows=2),
                C("Термін виконання", rows=2),
                C("Джерела фінансування", rows=2),
                C("Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. грн.", rows=2),
                C("Орієнтовні обсяги фінансування за роками (вартість), тис. грн., у тому числі:", 3),
            ],
            ["2021", "2022", "2023"],
            [
                C("1.", rows=3),
                C("Розвиток мережі закладів паліативної допомоги", rows=3),
                C("1.1. Оснащення відділень паліативної допомоги медичним обладнанням", rows=2),
                DOZ,
                C("2021-2023", rows=2),
                "Обласний бюджет",
                C("4745,6", rows=3),
                "1200,0",
                "1350,0",
                "1400,0",
            ],
            [DSZ, "Обласний бюджет", "300,0", "320,0", "0,00"],
            [
                "1.2. Навчання медичних працівників з питань паліативної допомоги",
                DOZ,
                "2022-2023",
                "Обласний бюджет",
                "-",
                "85,3",
                "90,3",
            ],
            [
                C("2.", rows=3),
                C("Соціальна підтримка осіб з інвалідністю", rows=3),
                C("2.1. Компенсація 50% вартості проїзду осіб з інвалідністю I групи до закладів охорони здоров’я", rows=2),
                DSZ,
                C("2021-2023", rows=2),
                "Обласний бюджет",
                C("2202,4", rows=3),
                "410,0",
                "430,0",
                "450,0",
            ],
            [
                "Районні державні адміністрації, виконавчі органи територіальних громад (за згодою)",
                "Місцеві бюджети",
                "95,5",
                "100,0",
                "104,5",
            ],
            [
                "2.2. Виплата щомісячної допомоги відповідно до розпорядження голови облдержадміністрації від 05.11.2008 № 976",
                DSZ,
                "2021",
                "Обласний бюджет",
                "612,40",
                "-",
                "-",
            ],
            [C("Усього за Програмою", 6), "6948,0", "2617,9", "2285,3", "2044,8"],
        ],  # fmt: skip
        widths=[1.1, 3.4, 5.0, 4.0, 2.0, 2.4, 2.8, 2.0, 2.0, 2.0],
        after=[
            P(""),
            P("Керуючий справами"),
            P("виконавчого апарату"),
            P("Полтавської обласної ради\t\t\t\t\t\t\t\tНаталія КОВАЛЬ"),
        ],
        landscape=True,
        font="Liberation Sans",
        size=13,
        formats=("docx", "html", "pdf"),
    )
)

# A source × expense grid with no years (five header rows), executors in two columns
# (Безпосередній виконавець │ Учасники), full-width section rows, a restated annex naming two restating decisions.
LAYOUTS.append(
    Layout(
        name="oblast-source-expense",
        before=[
            P("Додаток", "right"),
            P("до рішення Полтавської обласної ради", "right"),
            P("від 21 березня 2017 року № 402-VII", "right"),
            P("(в редакції рішень обласної ради", "right"),
            P("від 12 лютого 2019 року № 1045-VII,", "right"),
            P("від 16 грудня 2021 року № 233-VIII)", "right"),
            P(""),
            P(
                "Заходи Програми розвитку аграрного сектору та охорони довкілля Полтавської області на 2022-2024 роки",
                "center",
                True,
            ),
        ],  # fmt: skip
        header_rows=6,
        rows=[
            [
                C("№ з/п", rows=5),
                C("Зміст заходів", rows=5),
                C("Безпосередній виконавець", rows=5),
                C("Учасники", rows=5),
                C("Термін виконання", rows=5),
                C("Обсяг фінансування, тис. гривень", 8),
            ],
            [C("усього", 2, 3), C("у тому числі", 6)],
            [C("капітальні вкладення", 2, 2), C("поточні витрати", 4)],
            [C("науково-дослідні роботи", 2), C("інші потреби", 2)],
            ["обласний бюджет", "інші джерела"] * 4,
            numbers(13),
            [C("1. Розвиток наукової та інноваційної діяльності в аграрному секторі", 13)],
            [
                "1.1.",
                "Проведення досліджень стану ґрунтів сільськогосподарського призначення",
                "Департамент агропромислового розвитку облдержадміністрації",
                "Полтавський державний аграрний університет (за згодою)",
                "2022-2024 роки",
                "450,0",
                "150,0",
                "-",
                "-",
                "450,0",
                "150,0",
                "-",
                "-",
            ],
            [
                "1.2.",
                "Оснащення обласної лабораторії агрохімічного аналізу",
                "Департамент агропромислового розвитку облдержадміністрації",
                "Обласний центр оцінки родючості ґрунтів",
                "2023 рік",
                "1 820,5",
                "300,0",
                "1 700,0",
                "300,0",
                "-",
                "-",
                "120,5",
                "-",
            ],
            [C("2. Охорона навколишнього природного середовища", 13)],
            [
                "2.1.",
                "Ліквідація стихійних сміттєзвалищ у водоохоронних зонах річок Ворскла, Псел і Сула",
                "Департамент екології та природних ресурсів облдержадміністрації",
                "Виконавчі органи територіальних громад (за згодою); суб’єкти господарювання",
                "2022-2024 роки",
                "2 600,0",
                "900,0",
                "0,00",
                "0,00",
                "-",
                "-",
                "2 600,0",
                "900,0",
            ],
            [C("Разом", 5), "4 870,5", "1 350,0", "1 700,0", "300,0", "450,0", "150,0", "2 720,5", "900,0"],
        ],  # fmt: skip
        widths=[1.0, 4.6, 3.6, 3.4, 1.9] + [1.6] * 8,
        after=[P(""), P("Голова обласної ради\t\t\t\t\t\tОлександр БІЛЕНЬКИЙ")],
        landscape=True,
        font="DejaVu Serif",
        size=9,
    )
)

# A town council: bare year columns with no funding header and no unit anywhere; no number column (the numbers
# stand in the name cells); session and convocation in words; numbers in texts that are not amounts.
LAYOUTS.append(
    Layout(
        name="town-bare-years",
        before=[
            P("Додаток", "right"),
            P("до рішення двадцять шостої сесії", "right"),
            P("Козелецької селищної ради сьомого скликання", "right"),
            P("від 22 грудня 2016 року № 24/9", "right"),
            P(""),
            P("Заходи Програми соціального захисту населення Козелецької селищної ради на 2017-2021 роки", "center"),
        ],
        header_rows=1,
        rows=[
            ["Назва заходу", "Виконавці", "2017", "2018", "2019", "2020", "2021"],
            [
                "1. Компенсація 50% вартості проїзду пільгових категорій громадян автомобільним транспортом",
                "Відділ соціального захисту населення",
                "120",
                "125",
                "130",
                "135",
                "140",
            ],
            [
                "2. Матеріальна допомога громадянам, які опинились у складних життєвих обставинах",
                "Відділ соціального захисту населення, селищний голова",
                "80,5",
                "85",
                "90",
                "95",
                "100",
            ],
            [
                "3. Привітання ювілярів-довгожителів (90, 95, 100 років) з врученням подарунків",
                "Відділ соціального захисту населення",
                "12,3",
                "12,3",
                "15",
                "15",
                "-",
            ],
            [
                "4. Оздоровлення дітей пільгових категорій у таборі «Сосновий бір»",
                "Служба у справах дітей",
                "40",
                "40",
                "45",
                "-",
                "-",
            ],
            ["5. Безоплатне поховання одиноких громадян", "Селищна рада", "5", "5", "5", "5", "5"],
            [C("Разом", 2), "257,8", "267,3", "285", "250", "245"],
        ],  # fmt: skip
        widths=[7.0, 4.5, 1.3, 1.3, 1.3, 1.3, 1.3],
        after=[P(""), P("Селищний голова\t\t\t\t\tО.П.Бондар")],
    )
)

# A city programme with one year in the amount header (Обсяги видатків на 2011р., грн.) before the source column,
# the term inside the measure text (Розділи та заходи програми, терміни їх виконання), "Розділ 1." section rows,
# amounts in hryvnias, a decision date and number in a measure text, hard line breaks in cells.
LAYOUTS.append(
    Layout(
        name="city-one-year",
        before=[
            P("Додаток 2", "right"),
            P("до рішення ІV сесії Рубіжанської", "right"),
            P("міської ради VI скликання", "right"),
            P("від 27.01.2011 № 94", "right"),
            P(""),
            P("Заходи міської програми «Турбота» на 2011-2015 роки", "center", True),
        ],
        header_rows=1,
        rows=[
            [
                "№ п/п",
                "Розділи та заходи програми, терміни їх виконання",
                "Виконавці",
                "Обсяги видатків на 2011р., грн.",
                "Джерела фінансування",
            ],
            [C("Розділ 1. Соціальна підтримка ветеранів", 5)],
            [
                "1.1",
                "Надання одноразової матеріальної допомоги ветеранам війни до Дня Перемоги\v(2011 рік та подальші періоди)",
                "Управління праці та соціального захисту населення",
                "45 000,00",
                "Міський бюджет",
            ],
            [
                "1.2",
                "Щомісячна доплата до пенсії почесним громадянам міста відповідно до рішення виконкому від "
                "14.09.2010 № 312\v(2011 рік та подальші періоди)",
                "Управління праці та соціального захисту населення",
                "28 800,00",
                "Міський бюджет",
            ],
            [
                "1.3",
                "Передплата періодичних видань для ветеранів\v(2011 рік)",
                "Управління праці та соціального захисту населення",
                "6 250,50",
                "Міський бюджет",
            ],
            [C("Розділ 2. Підтримка сімей з дітьми", 5)],
            [
                "2.1",
                "Придбання новорічних подарунків дітям з малозабезпечених сімей\v(2011 рік та подальші періоди)",
                "Служба у справах дітей;\vвідділ освіти",
                "12 000",
                "Міський бюджет, благодійні внески",
            ],
            [
                "2.2",
                "Консультування сімей з питань соціальних виплат\v(2011 рік та подальші періоди)",
                "Міський центр соціальних служб для сім’ї, дітей та молоді",
                "-",
                "Не потребує фінансування",
            ],
            [C("Всього", 3), "92 050,50", ""],
        ],  # fmt: skip
        widths=[1.2, 7.5, 4.3, 2.6, 3.0],
        after=[P(""), P("Міський голова\t\t\t\t\t\tВ.В. Хортів")],
    )
)

# A restated fragment inside an amending decision's text (no annex): measures 1.1, 1.3, 1.4 with a section total
# that also covers 1.2, which the fragment does not list; the amended decision named with its quoted title between
# "рішенням" and "від"; session and convocation in capital words. Also saved as .odt by LibreOffice.
LAYOUTS.append(
    Layout(
        name="restated-fragment",
        before=[
            P("УКРАЇНА", "center", True),
            P("ЧОРТКІВСЬКА МІСЬКА РАДА", "center", True),
            P("СОРОК ДРУГА СЕСІЯ ВОСЬМОГО СКЛИКАННЯ", "center", True),
            P("РІШЕННЯ", "center", True),
            P("від 26 вересня 2023 року\t\t\t\t\t\t\t№ 1587"),
            P("м. Чортків"),
            P(
                "Про внесення змін до Програми підтримки молоді та сім’ї Чортківської міської територіальної громади "
                "на 2022-2024 роки",
                bold=True,
            ),
            P("Керуючись статтею 26 Закону України «Про місцеве самоврядування в Україні», міська рада"),
            P("ВИРІШИЛА:", bold=True),
            P(
                "1. Внести зміни до Програми підтримки молоді та сім’ї Чортківської міської територіальної громади на "
                "2022-2024 роки, затвердженої рішенням міської ради «Про затвердження Програми підтримки молоді та сім’ї "
                "Чортківської міської територіальної громади на 2022-2024 роки» від 21 грудня 2021 року № 812, "
                "виклавши пункти 1.1, 1.3, 1.4 додатка 2 до Програми в такій редакції:"
            ),
            P("«"),
        ],  # fmt: skip
        header_rows=2,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Зміст заходу", rows=2),
                C("Виконавці", rows=2),
                C("Термін виконання", rows=2),
                C("Джерела фінансування", rows=2),
                C("Обсяг фінансування, тис. грн", 3),
            ],
            ["2022 рік", "2023 рік", "2024 рік"],
            [
                "1.1.",
                "Проведення міських заходів до Дня молоді та Дня сім’ї",
                "Відділ у справах сім’ї та молоді",
                "2022-2024",
                "Бюджет громади",
                "85,0",
                "110,0",
                "120,0",
            ],
            [
                "1.3.",
                "Підтримка діяльності Молодіжної ради при міському голові",
                "Відділ у справах сім’ї та молоді; Молодіжна рада",
                "2023-2024",
                "Бюджет громади",
                "-",
                "25,0",
                "30,0",
            ],
            [
                "1.4.",
                'Організація молодіжного форуму "Чортків – місто молоді"',
                "Відділ у справах сім’ї та молоді",
                "2023",
                "Бюджет громади",
                "-",
                "60,0",
                "-",
            ],
            [C("Усього за розділом 1", 5), "235,0", "310,0", "280,0"],
        ],  # fmt: skip
        widths=[1.2, 5.5, 3.6, 2.0, 2.4, 1.6, 1.6, 1.6],
        after=[
            P("»."),
            P(
                "2. Контроль за виконанням цього рішення покласти на постійну комісію міської ради з питань освіти, "
                "культури, молоді та спорту."
            ),
            P(""),
            P("Міський голова\t\t\t\t\t\tВолодимир ШМАТЬКО"),
        ],  # fmt: skip
        formats=("docx", "html", "odt"),
    )
)

# An oblast programme with year columns and sources as rows in a totals block (Усього: … Разом:), mixed decimals,
# a source over two words with a left-in hyphen, the session line on its own line (mixed Latin/Cyrillic numerals),
# the council's place only in the one-line signature.
LAYOUTS.append(
    Layout(
        name="oblast-sources-rows",
        before=[
            P("Додаток 5", "right"),
            P("до рішення обласної ради", "right"),
            P("від 05 грудня 2023 року № 712-VIII", "right"),
            P("(ХХІІ сесія VIIІ скликання)", "right"),
            P(""),
            P(
                "Напрями діяльності та заходи регіональної програми розвитку освіти Сумської області на 2024-2028 роки",
                "center",
                True,
            ),
        ],  # fmt: skip
        header_rows=2,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Найменування заходу", rows=2),
                C("Виконавці", rows=2),
                C("Термін виконання", rows=2),
                C("Джерела фінансування", rows=2),
                C("Орієнтовні обсяги фінансування за роками (вартість), тис. грн., у тому числі:", 5),
            ],
            ["2024", "2025", "2026", "2027", "2028"],
            [
                "1.",
                "Придбання шкільних автобусів для закладів загальної середньої освіти",
                "Департамент освіти і науки облдержадміністрації",
                "2024-2028",
                "Обласний бюджет",
                "2407,77",
                "2500,0",
                "2600,0",
                "2650,5",
                "5235,2",
            ],
            [
                "2.",
                "Облаштування укриттів у закладах освіти",
                "Департамент освіти і науки облдержадміністрації; органи місцевого самоврядування (за згодою)",
                "2024-2026",
                "Бюджети сіл, селищ, міст територіаль-них громад",
                "1200,0",
                "500,0",
                "400,0",
                "-",
                "-",
            ],
            [
                "3.",
                "Оновлення матеріально-технічної бази інклюзивно-ресурсних центрів",
                "Департамент освіти і науки облдержадміністрації",
                "2025-2028",
                "Обласний бюджет",
                "-",
                "310,25",
                "320,0",
                "330,0",
                "340,0",
            ],
            [C("Усього:", 5), "", "", "", "", ""],
            [C("Обласний бюджет", 5), "2407,77", "2810,25", "2920,0", "2980,5", "5575,2"],
            [C("Бюджети сіл, селищ, міст територіаль-них громад", 5), "1200,0", "500,0", "400,0", "-", "-"],
            [C("Разом:", 5), "3607,77", "3310,25", "3320,0", "2980,5", "5575,2"],
        ],  # fmt: skip
        widths=[1.0, 5.0, 4.2, 2.0, 3.0, 1.7, 1.7, 1.7, 1.7, 1.7],
        after=[P(""), P("Керуючий справами виконавчого апарату Сумської обласної ради\t\t\tІрина СОКОЛОВА")],
        landscape=True,
    )
)

# In-cell breakdowns per measure (a total with its sources named in brackets) and year cells whose parts follow
# the sources' order with no labels; the ЗАТВЕРДЖЕНО form with a note of later amendments.
LAYOUTS.append(
    Layout(
        name="oblast-breakdown",
        before=[
            P("ЗАТВЕРДЖЕНО", "right"),
            P("рішення Житомирської обласної ради", "right"),
            P("«18» лютого 2022 року № 419", "right"),
            P("(зі змінами, внесеними рішенням обласної ради від 27.10.2022 № 690)", "right"),
            P(""),
            P(
                "Заходи та обсяги фінансування Програми розвитку інфраструктури Житомирської області на 2022-2024 роки",
                "center",
                True,
            ),
        ],  # fmt: skip
        header_rows=2,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Зміст заходів", rows=2),
                C("Відповідальні за виконання", rows=2),
                C("Джерела фінансування", rows=2),
                C("Обсяг фінансування, усього, тис. грн", rows=2),
                C("У тому числі за роками:", 3),
            ],
            ["2022", "2023", "2024"],
            [
                "1.",
                "Будівництво регіонального центру надання адміністративних послуг",
                "Департамент регіонального розвитку облдержадміністрації",
                "Державний бюджет, обласний бюджет",
                "3 450,0 (у тому числі:\nз державного бюджету – 2 800,0;\nз обласного бюджету – 650,0)",
                "1 100,0\n– 900,0;\n– 200,0",
                "1 500,0\n– 1 250,0;\n– 250,0",
                "850,0\n– 650,0;\n– 200,0",
            ],
            [
                "2.",
                "Капітальний ремонт приміщень обласного центру екстреної медичної допомоги",
                "Департамент охорони здоров’я облдержадміністрації",
                "Обласний бюджет, інші джерела",
                "1 240,6 (у тому числі:\nіз обласного бюджету – 1 180,6;\nінші джерела – 60,0)",
                "400,0\n–380,0;\n–20,0",
                "440,6\n–420,6;\n–20,0",
                "400,0\n–380,0;\n–20,0",
            ],
            [C("Разом:", 4), "4 690,6", "1 500,0", "1 940,6", "1 250,0"],
        ],  # fmt: skip
        widths=[1.0, 4.5, 3.4, 2.6, 3.6, 1.8, 1.8, 1.8],
        after=[P(""), P("Голова обласної ради\t\t\t\t\tВолодимир ФЕДОРЕНКО")],
    )
)

# A finance department's spreadsheet: `N рік` year columns and a Всього column, the unit on a line of its own
# above the table, sub-items after "у тому числі:" as dash bullets with their own amounts.
LAYOUTS.append(
    Layout(
        name="city-holidays",
        before=[
            P("Додаток 3 до рішення 38 сесії Ковельської міської ради VIII скликання від 28.11.2023 № 38/61", "right"),
            P(
                "Заходи Програми відзначення державних та міських свят у Ковельській міській територіальній громаді "
                "на 2024-2026 роки",
                "center",
                True,
            ),
            P("тис. грн", "right"),
        ],  # fmt: skip
        header_rows=2,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Назва заходу", rows=2),
                C("Відповідальні за виконання", rows=2),
                C("Обсяг фінансування за роками", 4),
            ],
            ["2024 рік", "2025 рік", "2026 рік", "Всього"],
            [
                "1",
                "Організація та проведення святкових заходів до Дня Незалежності України",
                "Управління культури",
                "150",
                "160",
                "170",
                "480",
            ],
            ["2", "Відзначення Дня міста, у тому числі:", "Управління культури; відділ торгівлі", "300", "320", "340", "960"],
            ["", "- святковий концерт", "", "200", "210", "220", "630"],
            ["", "- феєрверк", "", "100", "110", "120", "330"],
            [
                "3",
                "Придбання квіткової продукції для покладання до пам’ятних знаків",
                "Управління культури",
                "45,5",
                "48",
                "50,5",
                "144",
            ],
            [C("Всього", 3), "495,5", "528", "560,5", "1584"],
        ],  # fmt: skip
        widths=[1.0, 6.5, 4.0, 1.8, 1.8, 1.8, 1.8],
        after=[P("Секретар міської ради\tІрина ЯКОВЧУК")],
        formats=("docx", "html", "xlsx"),
        xlsx_numbers=True,
    )
)

# Sources as columns with a Всього column and no year axis (one-year terms give the year), three numbering levels
# with a heading measure of no money of its own, dash bullets and several paragraphs in cells, executors one per
# paragraph, a measure whose merged amount cells say it needs no funding. Portrait, DejaVu Serif, long rows cut by
# page breaks under a repeated header.
LAYOUTS.append(
    Layout(
        name="city-digital",
        before=[
            P("Додаток", "right"),
            P("до рішення ХXІX сесії Хмельницької міської ради", "right"),
            P("VIII скликання від 14.06.2023 № 47", "right"),
            P(""),
            P(
                "Заходи Програми цифрової трансформації Хмельницької міської територіальної громади на 2023-2025 роки",
                "center",
                True,
            ),
        ],  # fmt: skip
        header_rows=3,
        rows=[
            [
                C("№ з/п", rows=2),
                C("Заходи Програми", rows=2),
                C("Виконавці", rows=2),
                C("Термін виконання", rows=2),
                C("Орієнтовний обсяг фінансування (тис. грн)", 4),
                C("Очікуваний результат", rows=2),
            ],
            ["Державний бюджет", "Міський бюджет", "Інші джерела", "Всього"],
            numbers(9),
            [C("1. Цифрова інфраструктура", 9)],
            ["1.1.", "Розбудова міської мережі передачі даних:", "", "", "", "", "", "", ""],
            [
                "1.1.1.",
                "Експлуатаційно-технічне обслуговування волоконно-оптичної мережі між адміністративними "
                "будівлями міської ради та комунальними закладами",
                "Управління цифрової трансформації\nКП «Хмельницькінфоцентр»",
                "2023-2025",
                "-",
                "1 350,0",
                "-",
                "1 350,0",
                "Безперебійна робота мережі передачі даних\nЗменшення витрат на оренду каналів зв’язку",
            ],
            [
                "1.1.2.",
                "Будівництво точок доступу до мережі Інтернет у пунктах незламності:\n- Центр надання "
                "адміністративних послуг;\n- бібліотеки міста;\n- укриття закладів освіти",
                "Управління цифрової трансформації\nУправління освіти\nКП «Хмельницькінфоцентр»",
                "2023 рік",
                "2 000,0",
                "480,0",
                "120,0",
                "2 600,0",
                "Доступ населення до мережі Інтернет під час відключень електроенергії\nСтійкість зв’язку в укриттях",
            ],
            [
                "1.2.",
                "Придбання серверного обладнання для міського центру обробки даних з системою резервного "
                "копіювання та джерелами безперебійного живлення",
                "Управління цифрової трансформації",
                "2024 рік",
                "-",
                "3 200,0",
                "-",
                "3 200,0",
                "Збереження даних міських реєстрів\nСкорочення часу відновлення після збоїв",
            ],
            [C("2. Електронні послуги", 9)],
            [
                "2.1.",
                "Розвиток мобільного застосунку «Мій Хмельницький»: нові сервіси оплати комунальних послуг, "
                "запису до закладів освіти та повідомлень про аварії",
                "Управління цифрової трансформації\nКП «Хмельницькінфоцентр»",
                "2023-2025",
                "-",
                "900,0",
                "300,0",
                "1 200,0",
                "Зручний доступ мешканців до міських послуг\nЗменшення кількості паперових звернень",
            ],
            [
                "2.2.",
                "Підключення закладів охорони здоров’я до електронної системи “Е-черга” та встановлення "
                "інформаційних кіосків у поліклініках",
                "Управління охорони здоров’я\nУправління цифрової трансформації",
                "2024-2025",
                "1 500,0",
                "250,0",
                "-",
                "1 750,0",
                "Скорочення черг у закладах охорони здоров’я\nПрозорий запис до лікарів",
            ],
            [
                "2.3.",
                "Навчання працівників центру надання адміністративних послуг та старост цифровим навичкам",
                "Управління цифрової трансформації\nУправління адміністративних послуг",
                "2023-2025",
                C("Не потребує фінансування", 4),
                "Підвищення якості обслуговування відвідувачів",
            ],
            [C("Всього за Програмою", 4), "3 500,0", "6 180,0", "420,0", "10 100,0", ""],
        ],  # fmt: skip
        widths=[1.3, 4.6, 3.2, 1.8, 1.5, 1.5, 1.5, 1.5, 2.6],
        after=[P(""), P("Секретар міської ради\t\t\t\tВіталій ДІДЕНКО")],
        font="DejaVu Serif",
        size=11,
        formats=("docx", "html", "pdf"),
    )
)


def main(names: list[str]) -> int:
    chosen = [layout for layout in LAYOUTS if not names or layout.name in names]
    if names and len(chosen) != len(names):
        print("unknown layouts:", sorted(set(names) - {layout.name for layout in LAYOUTS}), file=sys.stderr)
        return 2
    for layout in chosen:
        for path in build(layout):
            print(path.relative_to(OUT.parents[2]), path.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
