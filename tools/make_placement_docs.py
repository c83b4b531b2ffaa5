"""Build the test documents of where a measures table stands and what its header block says.

Run ``python tools/make_placement_docs.py`` (or ``make placement-docs``). It writes, under
``tests/data/placement/``, each as DOCX (python-docx) and as an HTML page written by hand:

* ``amending-decision``: a decision of an oblast council with no annex (``VІІІ сесія
  VІ скликання``, ``РІШЕННЯ``, ``Від 27 жовтня 2011 року``, ``№ 250-VІ``) whose
  text changes a section of a programme approved by another decision (``…
  затвердженої рішенням обласної ради від 22 грудня 2010 року № 95-VI, виклавши
  розділ 7 … в наступній редакції: «``), the table, ``»``, ``2. Контроль за
  виконанням …`` and the signature ``Голова обласної ради С. ЧЕРНОВ``; the HTML
  page carries a site header, a menu, a sidebar of news and a footer menu;
* ``amending-decision-quoted``: the same decision in capitals and spaced letters
  (``ВОСЬМА СЕСІЯ ШОСТОГО СКЛИКАННЯ``, ``Р І Ш Е Н Н Я``), the amended decision
  named in its title, and the quotes typed inside the table (``«№ з/п``, ``…»."``
  in its last cell); its web page has the site's menu as a table of its own above the content;
* ``restated-annex``: ``Додаток до рішення обласної ради від 08 грудня 2016 року
  № 310-VII в редакції рішення обласної ради від «____» 2021 року № ____-VІII``
  over five paragraphs, a title line ``VІІ. ЗАХОДИ РЕГІОНАЛЬНОЇ ПРОГРАМИ`` under
  the heading, the signature ``Керуючий справами виконавчого апарату обласної
  ради Оксана МАЛИШЕВА`` on one line; no place named anywhere;
* ``approved-annex``: ``ЗАТВЕРДЖЕНО`` / ``рішення Великосеверинівської сільської
  ради «17»лютого 2021 року №257`` with a note of later amendments, the title
  line ``7. Завдання і заходи Програми``, ``Сільський голова ……… І.Г. Лідовий``;
* ``oblast-annex``: ``Додаток 6`` … ``№ 1210-VII`` with ``(ХХІІІ сесія VII
  скликання)`` on a line of its own, a heading ``Розділ 3. Напрями діяльності та
  заходи Програми … на 2020 2022 роки`` (the dash lost), the place of the
  council only in the signature block (``Перший заступник голови Харківської
  обласної ради Артур ТОВМАСЯН``, one line);
* ``passport-and-measures``: an annex with ``1. ПАСПОРТ`` and the passport's
  table (``Ініціатор розроблення Програми | …``, ``Термін реалізації``, the funding
  by years), then ``2. Заходи Програми …`` and the measures table;
* ``passport-only``: the same annex with the passport alone (no measures table).

``amending-decision`` and ``restated-annex`` are also printed to PDF by LibreOffice
(``soffice`` needed). Their measures tables are plain per-year-column tables (a two-row header, a
section row across the table, measures numbered ``1.1.``).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "placement"

# ("section", title) · ("measure", number, text, executors, term, sources, [amounts per year], result)
Row = tuple


@dataclass(frozen=True)
class MeasuresTable:
    measure_header: str
    funding_header: str
    years: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Paper:
    """One document: paragraphs above the table (``right`` ones aligned right), the table, paragraphs below."""

    name: str
    above: tuple[str, ...]
    table: MeasuresTable | None
    below: tuple[str, ...]
    right: int = 0  # how many of the first paragraphs are a header block on the right
    passport: tuple[tuple[str, str, str], ...] = ()  # (number, label, value) rows, a table before the measures
    passport_heading: tuple[str, ...] = ()  # paragraphs above the passport
    web_page: bool = False  # the HTML version carries a site header, menu, sidebar and footer
    html_lines: dict[str, str] = field(default_factory=dict)  # a paragraph's HTML when it differs from its text
    quoted: bool = False  # the «…» around the restated table typed in its first and last cells
    menu_table: bool = False  # the web page's menu laid out as a table of its own above the content


SPORT = MeasuresTable(
    measure_header="Перелік заходів Програми",
    funding_header="Орієнтовні обсяги фінансування, тис. грн",
    years=("2011 рік", "2012 рік"),
    rows=(
        ("section", "1. Розвиток спортивної інфраструктури"),
        ("measure", "1.1.", "Реконструкція обласного стадіону «Металіст»", "Управління у справах сім'ї, молоді та спорту",
         "2011-2012 роки", "Обласний бюджет", ["1 500,0", "2 000,0"], "Стадіон відповідає вимогам УЄФА"),
        ("measure", "1.2.", "Будівництво плавального басейну в м. Ізюм", "Управління капітального будівництва",
         "2012 рік", "Обласний бюджет", ["-", "850,5"], "Введено в дію басейн"),
        ("section", "2. Масовий спорт"),
        ("measure", "2.1.", "Проведення обласних змагань «Спорт для всіх»", "Обласний центр «Спорт для всіх»",
         "2011-2012 роки", "Обласний бюджет", ["120,0", "130,0"], "Залучено до змагань 5 тис. осіб"),
    ),
)  # fmt: skip

CIVIL = MeasuresTable(
    measure_header="Найменування заходів",
    funding_header="Орієнтовні обсяги фінансування за роками (вартість), тис. грн., у тому числі:",
    years=("2021", "2022"),
    rows=(
        ("section", "1. Забезпечення захисту населення і територій від надзвичайних ситуацій"),
        ("measure", "1.1.", "Експлуатаційно-технічне обслуговування регіональної системи централізованого оповіщення",
         "Управління з питань цивільного захисту", "2021-2022 роки", "Обласний бюджет", ["2 407,77", "2 500,00"],
         "Оповіщення 100% населення"),
        ("measure", "1.3.", "Приведення захисних споруд цивільного захисту у стан готовності", "Районні державні адміністрації",
         "2022 рік", "Обласний бюджет", ["0,00", "957,0"], "Укриття готові до використання"),
    ),
)  # fmt: skip

CULTURE = MeasuresTable(
    measure_header="Зміст заходу",
    funding_header="Обсяги фінансування, тис. грн",
    years=("2021 рік", "2022 рік", "2023 рік"),
    rows=(
        ("section", "1. Підтримка закладів культури"),
        ("measure", "1.1.", "Ремонт будинку культури в с. Велика Северинка", "Відділ культури сільської ради",
         "2021-2022 роки", "Сільський бюджет", ["184,9", "32,890", "-"], "Відремонтовано будинок культури"),
        ("measure", "1.2.", "Придбання музичних інструментів для аматорських колективів", "Відділ культури сільської ради",
         "2023 рік", "Сільський бюджет", ["-", "-", "75,0"], "Оновлено інструменти"),
    ),
)  # fmt: skip

EDUCATION = MeasuresTable(
    measure_header="Заходи Програми",
    funding_header="Орієнтовні обсяги фінансування, тис. грн.",
    years=("2020 рік", "2021 рік", "2022 рік"),
    rows=(
        ("section", "1. Розвиток мережі закладів освіти"),
        ("measure", "1.1.", "Створення опорних закладів освіти в громадах області", "Департамент науки і освіти",
         "2020-2022 роки", "Обласний бюджет", ["5 528,70", "4 000,0", "4 000,0"], "Створено 12 опорних закладів"),
        ("measure", "1.2.", "Придбання шкільних автобусів", "Департамент науки і освіти",
         "2020-2021 роки", "Обласний бюджет", ["957,0", "1 200,0", "-"], "Придбано 20 автобусів"),
        ("section", "2. Підтримка обдарованої молоді"),
        ("measure", "2.1.", "Виплата стипендій переможцям олімпіад", "Департамент науки і освіти",
         "2020-2022 роки", "Обласний бюджет", ["199,000", "199,000", "199,000"], "Стипендії 50 учням щороку"),
    ),
)  # fmt: skip

BUSINESS = MeasuresTable(
    measure_header="Назва заходу",
    funding_header="Обсяги фінансування, тис. грн",
    years=("2021 рік", "2022 рік", "2023 рік"),
    rows=(
        ("section", "1. Фінансово-кредитна підтримка"),
        ("measure", "1.1.", "Часткове відшкодування відсотків за кредитами суб'єктів малого підприємництва",
         "Управління економіки", "2021-2023 роки", "Міський бюджет", ["150,0", "160,0", "170,0"], "Підтримано 30 підприємців"),
        ("measure", "1.2.", "Проведення конкурсу бізнес-планів «Молодь у бізнесі»", "Управління економіки",
         "2022 рік", "Міський бюджет", ["-", "45,0", "-"], "Профінансовано 5 бізнес-планів"),
    ),
)  # fmt: skip

SUMY_PASSPORT = (
    ("1.", "Ініціатор розроблення Програми", "Управління економіки Сумської міської ради"),
    ("2.", "Розробник Програми", "Управління економіки Сумської міської ради"),
    ("3.", "Відповідальний виконавець Програми", "Управління економіки Сумської міської ради"),
    ("4.", "Учасники Програми", "Виконавчі органи міської ради, суб'єкти малого підприємництва"),
    ("5.", "Термін реалізації Програми", "2021-2023 роки"),
    ("6.", "Джерела фінансування", "Міський бюджет"),
    ("7.", "Загальний обсяг фінансових ресурсів, необхідних для реалізації Програми, тис. грн",
     "2021 рік – 150,0; 2022 рік – 205,0; 2023 рік – 170,0"),
)  # fmt: skip

# The Sumy annex: a passport, then its measures (``passport-only`` drops the measures).
SUMY_WITH_MEASURES = Paper(
    name="passport-and-measures",
    passport_heading=(
        "Додаток 1",
        "до рішення 7 сесії Сумської міської ради VIII скликання",
        "від 24.02.2021 № 312-МР",
        "1. ПАСПОРТ",
        "Програми підтримки малого і середнього підприємництва в місті Суми на 2021-2023 роки",
    ),
    passport=SUMY_PASSPORT,
    above=("2. Заходи Програми підтримки малого і середнього підприємництва в місті Суми на 2021-2023 роки",),
    right=3,
    table=BUSINESS,
    below=("Секретар міської ради Олена ПЕТРЕНКО",),
)

PAPERS = (
    Paper(
        name="amending-decision",
        above=(
            "УКРАЇНА",
            "ХАРКІВСЬКА ОБЛАСНА РАДА",
            "VІІІ сесія VІ скликання",
            "РІШЕННЯ",
            "Від 27 жовтня 2011 року",
            "№ 250-VІ",
            "Про внесення змін до Регіональної програми розвитку фізичної культури і спорту на 2011-2012 роки",
            "Розглянувши подання обласної державної адміністрації, керуючись статтею 43 Закону України "
            "«Про місцеве самоврядування в Україні», обласна рада ВИРІШИЛА:",
            "1. Внести зміни до Регіональної програми розвитку фізичної культури і спорту на 2011-2012 роки, затвердженої "
            "рішенням обласної ради від 22 грудня 2010 року № 95-VI (зі змінами), виклавши розділ 7 «Завдання і заходи "
            "Програми» в наступній редакції: «",
            "7. Завдання і заходи Програми",
        ),
        table=SPORT,
        below=(
            "»",
            "2. Контроль за виконанням даного рішення покласти на постійну комісію обласної ради з питань освіти, науки, "
            "фізичної культури і спорту.",
            "Голова обласної ради С. ЧЕРНОВ",
        ),
        web_page=True,
        html_lines={"Голова обласної ради С. ЧЕРНОВ": "Голова обласної ради<span>          </span><b>С. ЧЕРНОВ</b>"},
    ),
    Paper(
        name="amending-decision-quoted",
        above=(
            "ХАРКІВСЬКА ОБЛАСНА РАДА",
            "ВОСЬМА СЕСІЯ ШОСТОГО СКЛИКАННЯ",
            "Р І Ш Е Н Н Я",
            "Від 27 жовтня 2011 року                                            № 250-VІ",
            "Про внесення змін до рішення обласної ради від 22 грудня 2010 року № 95-VI «Про Регіональну програму "
            "розвитку фізичної культури і спорту на 2011-2012 роки»",
            "Обласна рада ВИРІШИЛА:",
            "1. Розділ 7 «Завдання і заходи Програми» Регіональної програми розвитку фізичної культури і спорту на "
            "2011-2012 роки викласти в наступній редакції:",
        ),
        table=SPORT,
        below=(
            "2. Контроль за виконанням даного рішення покласти на постійну комісію обласної ради з питань освіти, науки, "
            "фізичної культури і спорту.",
            "Голова обласної ради                                                С. ЧЕРНОВ",
        ),
        quoted=True,
        web_page=True,
        menu_table=True,
    ),
    Paper(
        name="restated-annex",
        above=(
            "Додаток",
            "до рішення обласної ради",
            "від 08 грудня 2016 року № 310-VII",
            "в редакції рішення обласної ради",
            "від «____» 2021 року № ____-VІII",
            "Регіональна програма «Цивільний захист» на 2017-2022 роки",
            "VІІ. ЗАХОДИ РЕГІОНАЛЬНОЇ ПРОГРАМИ",
        ),
        right=5,
        table=CIVIL,
        below=("Керуючий справами виконавчого апарату обласної ради Оксана МАЛИШЕВА",),
    ),
    Paper(
        name="approved-annex",
        above=(
            "ЗАТВЕРДЖЕНО",
            "рішення Великосеверинівської сільської ради «17»лютого 2021 року №257",
            "(зі змінами, внесеними рішенням сільської ради від 15 червня 2021 року №312)",
            "Програма розвитку культури Великосеверинівської сільської ради на 2021-2023 роки",
            "7. Завдання і заходи Програми",
        ),
        right=3,
        table=CULTURE,
        below=("Сільський голова ………………… І.Г. Лідовий",),
    ),
    Paper(
        name="oblast-annex",
        above=(
            "Додаток 6",
            "до рішення обласної ради",
            "від 27 лютого 2020 року № 1210-VII",
            "(ХХІІІ сесія VII скликання)",
            "Розділ 3. Напрями діяльності та заходи Програми розвитку освіти Харківської області на 2020 2022 роки",
        ),
        right=4,
        table=EDUCATION,
        below=("Перший заступник голови Харківської обласної ради Артур ТОВМАСЯН",),
    ),
    SUMY_WITH_MEASURES,
    replace(SUMY_WITH_MEASURES, name="passport-only", above=(), table=None),
)


# Papers also printed to PDF: a wrapped signature line, a decision's lines as the PDF's text layer gives them.
PRINTED = ("amending-decision", "restated-annex")


def header_rows(table: MeasuresTable, quoted: bool = False) -> tuple[list[str], list[str]]:
    """The two header rows: the roles (the funding header over the years), then the years."""
    top = ["«№ з/п" if quoted else "№ з/п", table.measure_header, "Виконавці", "Термін виконання", "Джерела фінансування"]
    top += [table.funding_header] * len(table.years) + ["Очікуваний результат"]
    second = [""] * 5 + list(table.years) + [""]
    return top, second


def data_row(row: Row, width: int) -> list[str]:
    if row[0] == "section":
        return [row[1]] * width
    _, number, text, executors, term, sources, amounts, result = row
    return [number, text, executors, term, sources, *amounts, result]


# --- DOCX -----------------------------------------------------------------------


def write_cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(9)


def add_measures_table(document, table: MeasuresTable, quoted: bool = False) -> None:
    top, second = header_rows(table, quoted)
    width = len(top)
    grid = document.add_table(rows=2 + len(table.rows), cols=width)
    grid.style = "Table Grid"
    grid.autofit = False
    widths = [1.2, 7.0, 4.0, 2.4, 2.8] + [2.0] * len(table.years) + [4.2]
    for row in grid.rows:
        for column, cm in enumerate(widths):
            row.cells[column].width = Cm(cm)
    years = range(5, 5 + len(table.years))
    for column, text in enumerate(top):
        if column not in years or column == years[0]:
            write_cell(grid.cell(0, column), text, bold=True)
    for column in years:
        write_cell(grid.cell(1, column), second[column], bold=True)
    for column in (*range(5), width - 1):
        grid.cell(0, column).merge(grid.cell(1, column))
    grid.cell(0, years[0]).merge(grid.cell(0, years[-1]))
    for index, row in enumerate(table.rows, start=2):
        values = data_row(row, width)
        if row[0] == "section":
            write_cell(grid.cell(index, 0), values[0], bold=True)
            grid.cell(index, 0).merge(grid.cell(index, width - 1))
            continue
        for column, value in enumerate(values):
            write_cell(
                grid.cell(index, column),
                value + ("»." if quoted and index == len(table.rows) + 1 and column == width - 1 else ""),
            )


def add_passport(document, rows: tuple[tuple[str, str, str], ...]) -> None:
    grid = document.add_table(rows=len(rows), cols=3)
    grid.style = "Table Grid"
    grid.autofit = False
    for row in grid.rows:
        for column, cm in enumerate((1.2, 9.0, 14.0)):
            row.cells[column].width = Cm(cm)
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            write_cell(grid.cell(index, column), value)


def add_paragraphs(document, paragraphs: tuple[str, ...], right: int = 0) -> None:
    for number, text in enumerate(paragraphs):
        paragraph = document.add_paragraph(text)
        if number < right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def build_docx(paper: Paper, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(1.5))
    if paper.passport:
        add_paragraphs(document, paper.passport_heading, paper.right)
        add_passport(document, paper.passport)
        add_paragraphs(document, paper.above)
    else:
        add_paragraphs(document, paper.above, paper.right)
    if paper.table is not None:
        add_measures_table(document, paper.table, paper.quoted)
    add_paragraphs(document, paper.below)
    document.core_properties.author = "extractor tests"
    document.save(path)


# --- HTML -----------------------------------------------------------------------

SITE_HEADER = """<header><div class="logo">Офіційний веб-сайт</div>
<nav><ul><li><a href="/">Головна</a></li><li><a href="/news">Новини</a></li><li><a href="/sessions">Рішення сесій</a></li>
<li><a href="/deputies">Депутати</a></li><li><a href="/contacts">Контакти</a></li></ul></nav></header>
<div class="crumbs"><p><a href="/">Головна</a> / <a href="/sessions">Рішення сесій</a> / Рішення № 250-VІ</p></div>
<aside><h3>Останні новини</h3><ul><li>12.10.2011 Засідання постійної комісії з питань бюджету</li>
<li>05.10.2011 Прийом громадян 20.10.2011 № 14</li></ul></aside>
"""
MENU_TABLE = """<table class="menu"><tr><td><a href="/">Головна</a></td><td><a href="/news">Новини</a></td>
<td><a href="/docs">Документи</a></td><td><a href="/appeals">Звернення громадян</a></td></tr></table>
"""
SITE_FOOTER = """<footer><ul><li><a href="/">Головна</a></li><li><a href="/head">Голова ради</a></li>
<li><a href="/map">Карта сайту</a></li></ul><p>© 2011 Усі права захищено. Передрук матеріалів — з посиланням на сайт.</p></footer>
"""


def html_paragraphs(paper: Paper, paragraphs: tuple[str, ...], right: int = 0) -> str:
    lines = []
    for number, text in enumerate(paragraphs):
        markup = paper.html_lines.get(text, html.escape(text, quote=False))
        style = ' style="text-align:right"' if number < right else ""
        lines.append(f"<p{style}>{markup}</p>")
    return "\n".join(lines) + "\n"


def html_measures_table(table: MeasuresTable, quoted: bool = False) -> str:
    top, second = header_rows(table, quoted)
    width = len(top)
    years = len(table.years)
    cells = [f'<td rowspan="2"><p><b>{html.escape(text)}</b></p></td>' for text in top[:5]]
    cells.append(f'<td colspan="{years}"><p><b>{html.escape(table.funding_header)}</b></p></td>')
    cells.append(f'<td rowspan="2"><p><b>{html.escape(top[-1])}</b></p></td>')
    rows = ["<tr>" + "".join(cells) + "</tr>"]
    rows.append("<tr>" + "".join(f"<td><p><b>{html.escape(year)}</b></p></td>" for year in table.years) + "</tr>")
    for number, row in enumerate(table.rows, start=1):
        values = data_row(row, width)
        if quoted and number == len(table.rows):
            values[-1] += "»."
        if row[0] == "section":
            rows.append(f'<tr><td colspan="{width}"><p><b>{html.escape(values[0])}</b></p></td></tr>')
        else:
            rows.append("<tr>" + "".join(f"<td><p>{html.escape(value)}</p></td>" for value in values) + "</tr>")
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>\n"


def html_passport(rows: tuple[tuple[str, str, str], ...]) -> str:
    lines = ["<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row) + "</tr>" for row in rows]
    return '<table border="1">\n' + "\n".join(lines) + "\n</table>\n"


def build_html(paper: Paper, path: Path) -> None:
    body = SITE_HEADER + '<main><div class="content">\n' if paper.web_page else ""
    body = (MENU_TABLE if paper.menu_table else "") + body
    if paper.passport:
        body += html_paragraphs(paper, paper.passport_heading, paper.right) + html_passport(paper.passport)
        body += html_paragraphs(paper, paper.above)
    else:
        body += html_paragraphs(paper, paper.above, paper.right)
    if paper.table is not None:
        body += html_measures_table(paper.table, paper.quoted)
    body += html_paragraphs(paper, paper.below)
    if paper.web_page:
        body += "</div></main>\n" + SITE_FOOTER
    page = (
        '<!DOCTYPE html>\n<html lang="uk"><head><meta charset="utf-8"><title>Рішення</title></head>\n<body>\n'
        + body
        + "</body></html>\n"
    )
    path.write_text(page, encoding="utf-8")


def build_pdf(docx: Path, path: Path) -> None:
    """The DOCX printed by LibreOffice (``soffice --headless --convert-to pdf``)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for the PDF renderings: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(Path(work) / f"{docx.stem}.pdf", path)


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for paper in PAPERS:
        if names and paper.name not in names:
            continue
        build_docx(paper, OUT / f"{paper.name}.docx")
        build_html(paper, OUT / f"{paper.name}.html")
        written = [".docx", ".html"]
        if paper.name in PRINTED:
            build_pdf(OUT / f"{paper.name}.docx", OUT / f"{paper.name}.pdf")
            written.append(".pdf")
        print(f"wrote {OUT.relative_to(ROOT)}/{paper.name}" + ", ".join(written))


if __name__ == "__main__":
    main(sys.argv[1:])
