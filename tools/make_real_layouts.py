"""Build the real-layout test documents under ``tests/data/layouts/`` (DOCX, HTML; PDF and a scan for grid layouts).

Each layout below is one feature of ``../shared/docs/real-layouts.md`` (or one
of the two excerpts in ``../shared/real/``) typed as a clerk would: a header
block, a heading, one table, a signature. A table is a grid of strings where
``<`` is a cell merged into the one on its left and ``^`` one merged into the
one above (so a merged header or a number cell merged down over executor rows
is written as it looks). The same grid becomes a DOCX (python-docx, real
merges), an HTML page (``colspan``/``rowspan``) and, for the grid layouts, a PDF
printed by LibreOffice; ``sources-3`` is also scanned (300 dpi page images
in a PDF with no text layer) for the OCR path.

Usage: ``python tools/make_real_layouts.py [NAME …]`` (``make test-data`` builds all).
Needs LibreOffice (soffice) for PDFs and poppler-utils (pdftoppm) for the scan.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "layouts"


@dataclass(frozen=True)
class Layout:
    name: str
    before: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]
    header_rows: int
    after: tuple[str, ...]
    font: str = "Times New Roman"
    size: float = 10
    landscape: bool = True
    pdf: bool = False
    scan: bool = False
    widths: tuple[float, ...] = field(default=())  # column widths in cm (DOCX), or even


L, U = "<", "^"  # merged into the cell on the left / above

LAYOUTS = [
    # Sources as columns with a Всього column (3: two sources and the total); no year axis: a one-year term gives
    # the year, a range gives none. A section row across the table; a Разом row.
    Layout(
        name="sources-3",
        before=(
            "Додаток 2",
            "до рішення 29 сесії Ніжинської міської ради VIII скликання від 14.03.2023 № 12-29/2023",
            "Заходи Програми розвитку освіти Ніжинської міської територіальної громади на 2023-2025 роки",
        ),
        table=(
            ("№ з/п", "Назва заходу", "Виконавці", "Термін виконання", "Орієнтовні обсяги фінансування (тис.грн.)", L, L,
             "Очікуваний результат"),
            (U, U, U, U, "Облас-ний бюджет", "Інші джерела фінансу-вання", "Всього", U),
            ("1. Матеріально-технічне забезпечення закладів освіти", L, L, L, L, L, L, L),
            ("1.1.", "Придбання шкільних автобусів для підвезення учнів", "Управління освіти", "2023 рік", "450,0",
             "120,0", "570,0", "Підвезення 300 учнів"),
            ("1.2.", "Оновлення комп’ютерного обладнання кабінетів інформатики", "Управління освіти, заклади освіти",
             "2023-2025 роки", "800,5", "200,0", "1000,5", "Оновлено 12 кабінетів"),
            ("1.3.", "Облаштування укриттів у закладах освіти", "Управління освіти", "2024", "-", "0,00", "0,00",
             "Укриття в кожному закладі"),
            ("Разом", L, L, L, "1250,5", "320,0", "1570,5", ""),
        ),
        header_rows=2,
        after=("Секретар міської ради", "Юрій ХОМЕНКО"),
        pdf=True,
        scan=True,
        widths=(1.2, 6.0, 3.5, 2.5, 2.2, 2.4, 2.0, 4.5),
    ),
    # Five amount columns (four sources and Всього); one measure with three executor rows, each with its own
    # amounts, its number, text and term merged down over them (Kherson's layout).
    Layout(
        name="executor-rows",
        before=(
            "Додаток 4",
            "до рішення 7 сесії Херсонської обласної ради VIII скликання від 22.12.2020 № 58",
            "Заходи обласної Програми розвитку закладів охорони здоров’я та освіти на 2021-2022 роки",
        ),
        table=(
            ("№ з/п", "Зміст заходу", "Термін вико-нання", "Виконавці", "Орієнтовні обсяги фінансування, тис. грн", L, L, L, L),
            (U, U, U, U, "Субвенція з державного бюджету", "Обласний бюджет", "Місцевий бюджет", "Інші джерела фінансу-вання",
             "Всього"),
            ("1.", "Забезпечення закладів охорони здоров’я та освіти сучасним медичним обладнанням", "2021",
             "Департамент науки і освіти ХОДА", "0,00", "5528,70", "0,00", "0,00", "5528,70"),
            (U, U, U, "Департамент охорони здоров’я ХОДА", "0,00", "957,0", "0,00", "0,00", "957,0"),
            (U, U, U, "Управління капітального будівництва ХОДА", "1200,0", "300,0", "50,5", "-", "1550,5"),
            ("2.", "Проведення навчань медичних працівників з домедичної допомоги", "2021-2022 роки",
             "Департамент цивільного захисту ХОДА", "-", "120,0", "-", "15,0", "135,0"),
            ("Разом:", L, L, L, "1200,0", "6905,70", "50,5", "15,0", "8171,20"),
        ),
        header_rows=2,
        after=("Голова обласної ради", "Юрій СОБОЛЕВСЬКИЙ"),
        font="Arial",
        size=9,
        pdf=True,
        widths=(1.2, 6.0, 2.0, 4.5, 2.4, 2.2, 2.2, 2.4, 2.2),
    ),
    # A source × expense-type grid with no years: eight amount columns under a five-row merged header.
    Layout(
        name="source-expense",
        before=(
            "Додаток 3",
            "до рішення 38 сесії Сумської обласної ради VII скликання від 05.12.2019 № 1125-VII",
            "Напрями діяльності та заходи регіональної Програми охорони навколишнього природного середовища на 2020-2021 роки",
        ),
        table=(
            ("№ з/п", "Найменування заходів", "Відповідальні за виконання", "Строк виконання",
             "Обсяг фінансування, тис. гривень", L, L, L, L, L, L, L),
            (U, U, U, U, "усього", L, "у тому числі", L, L, L, L, L),
            (U, U, U, U, U, U, "капітальні вкладення", L, "поточні витрати", L, L, L),
            (U, U, U, U, U, U, U, U, "науково-дослідні роботи", L, "інші потреби", L),
            (U, U, U, U, "обласний бюджет", "інші джерела", "обласний бюджет", "інші джерела", "обласний бюджет",
             "інші джерела", "обласний бюджет", "інші джерела"),
            ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"),
            ("1.", "Будівництво очисних споруд у смт Краснопілля", "Департамент екології та природних ресурсів ОДА",
             "2020", "300,0", "50,0", "200,0", "50,0", "40,0", "-", "60,0", "-"),
            ("2.", "Моніторинг якості поверхневих вод басейну річки Псел", "Департамент екології та природних ресурсів ОДА, "
             "Сумський державний університет", "2020-2021 роки", "120,5", "0,0", "-", "-", "20,5", "-", "100,0", "0,0"),
        ),
        header_rows=6,
        after=("Голова обласної ради", "Віктор ВОЛЬВАЧ"),
        font="Liberation Sans",
        size=8,
        pdf=True,
        widths=(1.0, 5.0, 4.0, 2.0, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6),
    ),
    # Sources named per measure (a measure with a second source row), then a totals block of source rows under
    # "Усього:", closed by "Разом:"; a hyphen left in a source's name.
    Layout(
        name="totals-block",
        before=(
            "Додаток 1",
            "до рішення 11 сесії Запорізької районної ради VIII скликання від 30.09.2021 № 9",
            "Заходи районної Програми розвитку фізичної культури і спорту на 2022-2023 роки",
        ),
        table=(
            ("№ з/п", "Перелік заходів", "Виконавці", "Джерела фінансування", "Обсяги фінансування, тис. грн", L),
            (U, U, U, U, "2022 рік", "2023 рік"),
            ("1.", "Проведення районних спортивних змагань", "Відділ молоді та спорту", "Обласний бюджет", "1200,00", "1207,77"),
            ("2.", "Будівництво спортивних майданчиків у громадах району", "Відділ капітального будівництва",
             "Бюджети сіл, селищ, міст територіаль-них громад", "2100,0", "1500,5"),
            (U, U, U, "Обласний бюджет", "0,00", "-"),
            ("Усього:", L, L, L, "", ""),
            ("Обласний бюджет", L, L, L, "1200,00", "1207,77"),
            ("Бюджети сіл, селищ, міст територіаль-них громад", L, L, L, "2100,0", "1500,5"),
            ("Разом:", L, L, L, "3300,00", "2708,27"),
        ),
        header_rows=2,
        after=("Голова районної ради", "Петро КОВАЛЕНКО"),
        size=11,
        landscape=False,
    ),
    # Bare year columns with no funding header and no unit anywhere: amounts as written, amount_uah null.
    Layout(
        name="bare-years",
        before=(
            "Додаток",
            "до рішення 15 сесії Великоолександрівської селищної ради VII скликання від 23.12.2016 № 310",
            "Заходи Програми розвитку культури Великоолександрівської селищної ради на 2017-2021 роки",
        ),
        table=(
            ("Назва заходу", "Виконавці", "2017", "2018", "2019", "2020", "2021"),
            ("1. Проведення селищних свят і фестивалів", "Відділ культури", "20 000", "22 000", "25 000", "-", "30 000"),
            ("2. Ремонт будинку культури в с. Роздольне", "Відділ культури, сільська рада", "-", "150 500,50", "-", "-", "-"),
        ),
        header_rows=1,
        after=("Селищний голова", "Ігор ШАМРАЙ"),
        font="Arial",
        size=10,
        landscape=False,
    ),
    # One year in the amount header; the term inside the measure text; dash bullets in a cell; numbers that are
    # not amounts (a percentage, a decision's date and number, a road code).
    Layout(
        name="one-year-header",
        before=(
            "Додаток 1",
            "до рішення 8 сесії Вільнянської міської ради VI скликання від 27.01.2011 № 250",
            "Заходи Програми соціального захисту населення міста Вільнянська на 2011 рік",
        ),
        table=(
            ("№ п/п", "Зміст заходів", "Відповідальні виконавці", "Обсяги видатків на 2011р., грн.", "Очікуваний результат"),
            ("1.", "Компенсація пільговикам 50% вартості проїзду на маршруті Т 1705 (2011 рік та подальші періоди)",
             "Управління праці та соціального захисту населення", "20 000,00", "Пільговий проїзд"),
            ("2.", "Матеріальна допомога згідно з рішенням від 05.11.2008 № 976:\n- учасникам бойових дій;\n- особам з інвалідністю",
             "Управління праці та соціального захисту населення;\nфінансове управління", "35 500,00", "Допомогу надано"),
        ),
        header_rows=1,
        after=("Міський голова", "Олена ПЕТРЕНКО"),
        size=12,
        landscape=False,
    ),
    # No year axis: amounts under "Сума витрат"; the year of a one-year term ("2019", "2018 р."); a range gives none.
    # Executors in two columns; unnumbered amount rows under a measure; a "Всього на виконання …" row.
    Layout(
        name="no-year-axis",
        before=(
            "Додаток",
            "до рішення 21 сесії Роздольненської сільської ради VII скликання від 20.12.2017 № 402",
            "Заходи Програми благоустрою та озеленення населених пунктів Роздольненської сільської ради на 2018-2020 роки",
        ),
        table=(
            ("№ з/п", "Заходи Програми", "Термін виконання", "Безпосередній виконавець", "Учасники", "Сума витрат, тис. грн."),
            ("1.", "Озеленення центральної площі с. Роздольне", "2019", "Виконавчий комітет сільської ради",
             "КП «Благоустрій»", "150,0"),
            ("2.", "Ремонт дитячих майданчиків", "2018 р.", "КП «Благоустрій»", "", "199,000"),
            ("3.", "Поточний ремонт доріг комунальної власності", "2018-2020 роки", "Виконавчий комітет сільської ради",
             "КП «Благоустрій»; підрядні організації", ""),
            ("", "Заходи по благоустрою с. Роздольне", "", "", "", "184,9"),
            ("", "Заходи по благоустрою с. Новопетрівка", "", "", "", "32,890"),
            ("Всього на виконання заходів з благоустрою та озеленення", L, L, L, L, "566,790"),
        ),
        header_rows=1,
        after=("Сільський голова", "І.Г. Лідовий"),
        font="Liberation Serif",
        size=11,
        landscape=False,
    ),
    # Columns with no header: only the amount, source and executor columns are headed; the amount before the source.
    Layout(
        name="no-number-header",
        before=(
            "Додаток 2",
            "до рішення 5 сесії Любашівської селищної ради VIII скликання від 18.02.2021 № 77",
            "Заходи Програми підтримки ветеранів Любашівської селищної територіальної громади на 2021 рік",
        ),
        table=(
            ("", "", "Сума коштів, тис.грн.", "Джерела фінансування", "Виконавець (замовник)"),
            ("1.", "Привітання ветеранів до Дня Перемоги та Дня захисників і захисниць України", "45,0", "Селищний бюджет",
             "Відділ соціального захисту населення"),
            ("2.", "Оздоровлення ветеранів у санаторіях області", "120,75", "Селищний бюджет",
             "Відділ соціального захисту населення"),
            ("3.", "Консультації з питань пільг у старостинських округах", "-", "Фінансування не потребує",
             "Центр надання адміністративних послуг"),
        ),
        header_rows=1,
        after=("Селищний голова", "Геннадій ЧЕБАН"),
        size=12,
        landscape=False,
    ),
    # One header spanning the number and the name; one column per year with a one-row header and a Всього column;
    # section rows; a section sharing its number with its first measure ("1." then "1.1."); a page's worth of rows.
    Layout(
        name="spanning-header",
        before=(
            "Додаток",
            "до рішення 32 сесії Житомирської міської ради VIII скликання від 16.12.2021 № 411",
            "Завдання і заходи Програми інформатизації Житомирської міської територіальної громади на 2022-2024 роки",
            "тис. грн",
        ),
        table=(
            ("Назва заходу", L, "Виконавці", "2022 рік", "2023 рік", "2024 рік", "Всього"),
            ("1. Нормативно-правове, організаційне та методичне забезпечення інформатизації", L, L, L, L, L, L),
            ("1.", "Розроблення положення про електронний документообіг виконавчих органів", "Управління інформатизації",
             "0,00", "-", "-", "0,00"),
            ("1.1.", "Навчання працівників роботі з системою електронного документообігу", "Управління інформатизації",
             "35,0", "40,0", "45,0", "120,0"),
            ("2. Розвиток телекомунікаційної інфраструктури", L, L, L, L, L, L),
            ("2.1.", "Побудова оптоволоконної мережі між будівлями виконавчих органів",
             "Управління інформатизації, КП «Житомирінфосервіс»", "1 200,0", "800,0", "-", "2 000,0"),
            ("2.2.", "Придбання серверного обладнання", "Управління інформатизації", "-", "450,0", "500,0", "960,0"),
        ),
        header_rows=1,
        after=("Секретар міської ради", "Галина ШИМАНСЬКА"),
        font="Arial",
        size=10,
        pdf=True,
        widths=(1.3, 8.0, 5.0, 2.2, 2.2, 2.2, 2.2),
    ),
    # The Kharkiv measures table (../shared/real/tsyvilnyi-zakhyst-2016-2017.txt) rebuilt: tasks numbered in their own
    # merged column, measures at three levels (1.1., 1.1.1.), executors plus "Головний розпорядник коштів", a task's
    # forecast total merged down over its measures; task 2 is a restated fragment that skips 2.2 (its total covers it).
    Layout(
        name="kharkiv-civil-protection",
        before=(
            "Додаток 1",
            "до рішення Харківської обласної ради від 27 лютого 2020 року № 1210-VII",
            "(ХХІІІ сесія VII скликання)",
            "7. Завдання і заходи Програми",
            "Регіональна програма захисту населення і територій від надзвичайних ситуацій на 2016-2017 роки",
        ),
        table=(
            ("Найменування завдання", "Найменування заходів", "Виконавці завдань та заходів Програми",
             "Головний розпорядник коштів", "Джерела фінансування\n(обласний\nбюджет, інші кошти)",
             "Прогнозний обсяг фінансових ресурсів для виконання завдань,\nтис. грн.",
             "Орієнтовні обсяги фінансування\nза роками\n(вартість), тис. грн.,\nу тому числі:", L),
            (U, U, U, U, U, U, "2016", "2017"),
            ("1. Забезпечення гарантованого рівня захисту населення і територій від надзвичайних ситуацій",
             "1.1. Забезпечення постійної готовності регіональної автоматизованої системи централізованого оповіщення:",
             "Управління з питань цивільного захисту ОДА", "Департамент цивільного захисту ОДА", "", "1416,3", "", ""),
            (U, "1.1.1. Експлуатаційно-технічне обслуговування регіональної системи централізованого оповіщення населення "
             "Харківської області", "Управління з питань цивільного захисту ОДА; ПАТ «Укртелеком»",
             "Департамент цивільного захисту ОДА", "обласний бюджет", U, "350,0", "380,0"),
            (U, "1.2. Проведення ремонту, дообладнання, технічного обслуговування системи життєзабезпечення та забезпечення "
             "роботи диспетчерського пункту керівника територіальної підсистеми цивільного захисту Харківської області – "
             "голови обласної державної адміністрації", "Управління з питань цивільного захисту ОДА",
             "Департамент цивільного захисту ОДА", "обласний бюджет", U, "210,5", "225,8"),
            (U, "1.3. Забезпечення здійснення заходів щодо приведення у стан готовності до укриття населення захисних "
             "споруд цивільного захисту", "Райдержадміністрації, органи місцевого самоврядування",
             "Департамент цивільного захисту ОДА", "інші кошти", U, "100,0", "150,0"),
            ("2. Забезпечення функціонування аварійно-рятувальних служб", "2.1. Придбання аварійно-рятувального спорядження",
             "Аварійно-рятувальний загін ОДА", "Департамент цивільного захисту ОДА", "обласний бюджет", "900,0", "200,0",
             "220,0"),
            (U, "2.3. Навчання особового складу аварійно-рятувальних служб", "Аварійно-рятувальний загін ОДА",
             "Департамент цивільного захисту ОДА", "обласний бюджет", U, "40,0", "60,0"),
        ),
        header_rows=2,
        after=("Керуючий справами виконавчого апарату обласної ради Оксана МАЛИШЕВА",),
        size=9,
        pdf=True,
        widths=(4.0, 7.0, 3.5, 3.0, 2.5, 2.6, 1.6, 1.6),
    ),
    # The Kharkiv funding table (../shared/real/dzherela-finansuvannia-2019-2023.txt) rebuilt: a breakdown inside the
    # total cell and year cells whose sub-amounts follow it with no labels; a Разом row.
    Layout(
        name="kharkiv-sources",
        before=(
            "Додаток 1",
            "до рішення обласної ради",
            "від______2021 року № _______",
            "(______сесія    _____ скликання)",
            "7. Орієнтовні обсяги та джерела фінансування Програми розвитку фізичної культури і спорту в Харківській "
            "області на 2019-2023 роки:",
        ),
        table=(
            ("Джерела фінансування", "Орієнтовний обсяг фінансування (за наявності коштів) (тис. грн)",
             "У тому числі за роками (тис. грн)", L, L, L, L),
            (U, U, "2019", "2020", "2021", "2022", "2023"),
            ("Обласний бюджет, місцевий бюджет та інші джерела, не заборонені чинним законодавством",
             "1195763,8 (у тому числі:\nіз обласного бюджету – 1190740,3;\nіз місцевого бюджету – 3838,5;\n"
             "інші джерела              – 1185,0)",
             "230883,3\n\n– 229312,9;\n\n– 1315,4;\n\n– 255,0", "254273,0\n\n–253044,9;\n\n– 993,1;\n\n– 235,0",
             "261864,1\n\n–261379,1;\n\n– 255,0;\n\n– 230,0", "232100,1\n\n–230645,1;\n\n– 1225,0;\n\n– 230,0",
             "216643,3\n\n–216358,3;\n\n– 50,0;\n\n– 235,0"),
            ("Разом:", "1195763,8", "230883,3", "254273,0", "261864,1", "232100,1", "216643,3"),
        ),
        header_rows=2,
        after=("Керуючий справами", "виконавчого апарату", "Харківської обласної ради                    Оксана МАЛИШЕВА"),
        size=10,
    ),
]  # fmt: skip


def spans(table: tuple[tuple[str, ...], ...]) -> list[tuple[int, int, int, int, str]]:
    """Each anchor cell of the grid as (row, column, rows it spans, columns it spans, text)."""
    found = []
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            if text in (L, U):
                continue
            width = 1
            while c + width < len(row) and row[c + width] == L:
                width += 1
            height = 1
            while r + height < len(table) and table[r + height][c] == U:
                height += 1
            found.append((r, c, height, width, text))
    return found


def build_docx(layout: Layout, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = layout.font
    style.font.size = Pt(layout.size)
    for paragraph in layout.before:
        document.add_paragraph(paragraph)
    width = len(layout.table[0])
    table = document.add_table(rows=len(layout.table), cols=width)
    table.style = "Table Grid"
    for r, c, height, span, text in spans(layout.table):
        cell = table.cell(r, c)
        if height > 1 or span > 1:
            cell = cell.merge(table.cell(r + height - 1, c + span - 1))
        lines = text.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.bold = r < layout.header_rows
    if layout.widths:
        table.autofit = False
        for index, column in enumerate(table.columns):
            column.width = Cm(layout.widths[index])
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                cell.width = Cm(layout.widths[index])
    for paragraph in layout.after:
        document.add_paragraph(paragraph)
    document.save(path)


def build_html(layout: Layout, path: Path) -> None:
    rows: dict[int, list[str]] = {r: [] for r in range(len(layout.table))}
    for r, _, height, span, text in spans(layout.table):
        tag = "th" if r < layout.header_rows else "td"
        attributes = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{height}"' if height > 1 else "")
        body = "<br>".join(html.escape(line) for line in text.split("\n"))
        rows[r].append(f"<{tag}{attributes}>{body}</{tag}>")
    table = "\n".join(f"<tr>{''.join(cells)}</tr>" for cells in rows.values())
    paragraphs = lambda texts: "\n".join(f"<p>{html.escape(text)}</p>" for text in texts)  # noqa: E731
    page = (
        f'<!DOCTYPE html>\n<html lang="uk">\n<head><meta charset="utf-8"><title>{html.escape(layout.before[-1])}</title></head>\n'
        f'<body style="font-family: {layout.font}">\n{paragraphs(layout.before)}\n<table border="1">\n{table}\n</table>\n'
        f"{paragraphs(layout.after)}\n</body>\n</html>\n"
    )
    path.write_text(page, encoding="utf-8")


def libreoffice_pdf(source: Path, target: Path) -> None:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work), str(source)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        shutil.copyfile(work / (source.stem + ".pdf"), target)


def scan_pdf(source: Path, target: Path, dpi: int = 300) -> None:
    """A PDF of page images only (no text layer), as a scanner gives it: pdftoppm's 300 dpi greyscale pages."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(folder) / "page")], check=True)
        pages = [Image.open(page).convert("L") for page in sorted(Path(folder).glob("page*.png"))]
        pages[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def build(layout: Layout) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    docx_path, html_path = OUT / f"{layout.name}.docx", OUT / f"{layout.name}.html"
    build_docx(layout, docx_path)
    build_html(layout, html_path)
    made = [docx_path, html_path]
    if layout.pdf:
        libreoffice_pdf(docx_path, OUT / f"{layout.name}.pdf")
        made.append(OUT / f"{layout.name}.pdf")
    if layout.scan:
        scan_pdf(OUT / f"{layout.name}.pdf", OUT / f"{layout.name}-scan.pdf")
        made.append(OUT / f"{layout.name}-scan.pdf")
    return made


def main(names: list[str]) -> None:
    known = {layout.name: layout for layout in LAYOUTS}
    unknown = sorted(set(names) - set(known))
    if unknown:
        sys.exit(f"unknown layouts: {', '.join(unknown)}; known: {', '.join(known)}")
    for layout in LAYOUTS:
        if not names or layout.name in names:
            for path in build(layout):
                print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
