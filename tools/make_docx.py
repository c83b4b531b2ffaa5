"""Build ``samples/decision-1911.docx`` the way a council clerk's Word file is built.

Run ``make samples`` (or ``python tools/make_docx.py [OUT]``) to rebuild it.
The content is annex 1 to decision №1911 of the Korosten city council, typed
in from the published annex (``decision-1911.txt``), in the clerk's layout:

* landscape A4; the header block at the top right and the heading centred, as
  paragraphs above the table; the signature as paragraphs below it;
* the 8 columns with their real header texts, then the row of column numbers;
* the section number and direction cells vertically merged over the section's
  measures; 4.1's expected result merged over 4.2 and 4.3, as in the original;
* a row per measure, whole (Word breaks it across pages by itself); each
  funding year on its own line in the funding cell; 3.6's "в т.ч." sub-items
  as paragraphs under the measure text, their amounts listed in order under
  the measure's own.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MERGED_ABOVE = object()  # the cell is the continuation of a vertical merge

HEADER_BLOCK = ["Додаток 1 до рішення", "40 сесії Коростенської міської ради", "VII скликання від 27.08.2020р.№1911"]
HEADING = [
    "Напрями діяльності та заходи",
    "реалізації Програми розвитку місцевого самоврядування",
    "у місті Коростені на 2017-2020 роки",
]
COLUMNS = [
    ("№ п/п", 1.2),
    ("Назва напрямку діяльності (пріоритетні завдання)", 3.2),
    ("Перелік заходів Програми", 5.6),
    ("Термін виконання", 2.0),
    ("Виконавці", 3.6),
    ("Джерела фінансування", 2.9),
    ("Орієнтовні обсяги фінансування (тис.грн.)", 2.8),
    ("Очікувані результати", 3.5),
]
SIGNATURE = ("Секретар міської ради", "В.Вигівський")


@dataclass
class Measure:
    text: list[str]
    term: str
    executors: str
    sources: list[str]
    funding: list[str]
    result: object


SECTIONS = [
    (
        "1.",
        "Сприяння розвитку місцевого самоврядування та обмін досвідом",
        [
            Measure(
                text=["1.Членство в Асоціації міст України"],
                term="2017-2020 роки",
                executors="Секретар міської ради, заступники міського голови, керуючий справами, начальники відділів та управлінь виконавчого комітету міської ради",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-34,0", "2018р.-34,0", "2019р.-34,0", "2020р.-34,0"],
                result="Підвищення ефективності роботи органів місцевого самоврядування",
            ),
            Measure(
                text=[
                    "2.Участь депутатів, посадових осіб виконавчих органів міської ради, активістів територіальної громади міста в семінарах, делегаціях з обміну досвідом в інших містах України"
                ],
                term="2017-2020 роки",
                executors="Заступники міського голови, секретар міської ради, керуючий справами",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-12,0", "2018р.-12,0", "2019р.-20,0", "2020р.-00,0"],
                result="Вивчення та впровадження кращого досвіду роботи органів місцевого самоврядування України та інших держав",
            ),
            Measure(
                text=[
                    "3. Виготовлення та придбання символіки держави та міста для використання під час проведення офіційних заходів та інших урочистих подій"
                ],
                term="2017-2020 роки",
                executors="Керуючий справами, відділ з питань внутрішньої політики",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-15,5", "2018р.-16,8", "2019р.-1,2", "2020р.-22,0"],
                result="Загострення почуттів гордості за місто",
            ),
            Measure(
                text=["4. Виготовлення листівок, запрошень, вітальних адрес, придбання конвертів"],
                term="2017-2020 роки",
                executors="Керуючий справами, відділ з питань внутрішньої політики, відділ бухгалтерського обліку",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-12,0", "2018р.-13,0", "2019р.-12,76", "2020р.-23,0"],
                result="Підвищення ефективності роботи органів місцевого самоврядування",
            ),
            Measure(
                text=[
                    "5. Розвиток співпраці з містами відповідно укладених договорів, розширення партнерських зв'язків з містами України та зарубіжжя"
                ],
                term="2017-2020 роки",
                executors="Заступники міського голови, секретар міської ради, керуючий справами, начальники відділів та управлінь МВК",
                sources=["Фінансування не потребує"],
                funding=[],
                result="Подальший розвиток територіальної громади міста",
            ),
            Measure(
                text=[
                    "6. Проведення системного моніторингу громадської думки, соціологічних опитувань, громадських обговорень актуальних проблем життєдіяльності громади міста"
                ],
                term="2017-2020 роки",
                executors="Заступники міського голови, секретар міської ради, керуючий справами, відділи та управління МВК, громадські організації",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-25,0", "2018р.-25,0", "2019р.-25,0", "2020р.-00,0"],
                result="Створення сприятливих умов для ефективного функціонування міського господарства, задоволення потреб мешканців міста",
            ),
            Measure(
                text=[
                    "7.Щорічне звітування міського голови, депутатів міської ради, голів постійних комісій, про результати своєї роботи"
                ],
                term="2017-2020 роки",
                executors="Секретар міської ради, відділ ОЗДМР, голови постійних комісій, депутати міської ради",
                sources=["Фінансування не потребує"],
                funding=[],
                result="Поінформованість жителів міста про діяльність органів місцевого самоврядування",
            ),
            Measure(
                text=[
                    "8.Проведення прямих телевізійних зустрічей міського голови, його заступників, секретаря міської ради, депутатів, інших посадових осіб, керівників підприємств і установ міста з мешканцями міста"
                ],
                term="2017-2020 роки",
                executors="Відділ інформаційно-консультативного забезпечення",
                sources=["Фінансування не потребує"],
                funding=[],
                result="Формування засобами масової інформації об'єктивної громадської думки про роботу міської ради, її виконавчого комітету",
            ),
            Measure(
                text=["9.Виготовлення соціальної міської реклами"],
                term="2017-2020 роки",
                executors="Відділ інформаційно-консультативного забезпечення",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-17,5", "2018р.-9,0", "2019р.-25,401", "2020р.-39,900"],
                result="Створення позитивного іміджу міста",
            ),
        ],
    ),
    (
        "2.",
        "Формування позитивного іміджу територіальної громади міста Коростеня, органів місцевого самоврядування",
        [
            Measure(
                text=["1. Інформаційне, змістовне оновлення та розвиток офіційного веб-сайту."],
                term="2017-2020 роки",
                executors="Відділ інформаційно-консультативного забезпечення, відділ ОЗДМР, управління та відділи виконкому",
                sources=["Фінансування не потребує (по програмі розвитку МАІС)"],
                funding=[],
                result="Підвищення рівня інформованості громадян про діяльність органів місцевого самоврядування, авторитету посадових осіб.",
            ),
            Measure(
                text=[
                    "2. Інформаційне обслуговування громади міста шляхом виготовлення довідкових буклетів, формулярів, інформаційно-роз'яснювальних матеріалів, іншої поліграфічної продукції та видань, які популяризують історію та сучасний розвиток громади міста"
                ],
                term="2017-2020 роки",
                executors="Відділ з питань внутрішньої політики, відділ інформаційно-консультативного забезпечення",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-48,0", "2018р.-19,0", "2019р.-23,645", "2020р.-34,0"],
                result="Створення прозорої системи для прийняття управлінських рішень органами місцевого самоврядування, підвищення довіри до органів місцевого самоврядування",
            ),
            Measure(
                text=[
                    "3. Виготовлення та розповсюдження аудіо та відео продукції про місто, громаду, органи місцевого самоврядування, інформаційні стенди"
                ],
                term="2017-2020 роки",
                executors="Відділ з питань внутрішньої політики, відділ інформаційно-консультативного забезпечення",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-5,0", "2018р.-7,0", "2019р.-18,0", "2020р.-28,0"],
                result="Формування позитивного іміджу територіальної громади міста Коростеня, органів місцевого самоврядування",
            ),
        ],
    ),
    (
        "3.",
        "Розвиток активності територіальної громади міста у вирішенні питань місцевого значення",
        [
            Measure(
                text=[
                    "1.Участь у конкурсах різних рівнів проектів і програм розвитку місцевого самоврядування, створення та науковий, організаційно-правовий супровід проектів"
                ],
                term="2017-2020 роки",
                executors="Заступники міського голови, керуючий справами, начальники відділів та управлінь МВК, керівники комунальних підприємств, громадських організацій",
                sources=["Кошти міського бюджету Кошти фондів-організаторів конкурсів"],
                funding=["2017р.-10,0", "2018р.-10,0", "2019р.-00,0", "2020р.-00,0"],
                result="Впровадження інноваційного підходу до вирішення питань розвитку території з боку органів місцевого самоврядування",
            ),
            Measure(
                text=["2.Оновлення Статуту територіальної громади міста Коростеня"],
                term="2017",
                executors="Секретар міської ради, відділ ОЗДМР, депутати міської ради, громада міста",
                sources=["Фінансування не потребує"],
                funding=[],
                result="Підвищення свідомості членів територіальної громади міста щодо їх прав, повноважень",
            ),
            Measure(
                text=["3.Фінансова підтримка органів самоорганізації населення через окрему програму"],
                term="2017-2020 роки",
                executors="Секретар міської ради, органи самоорганізації населення",
                sources=["За окремою програмою"],
                funding=[],
                result="Забезпечення участі громадян у вирішенні проблем міста",
            ),
            Measure(
                text=[
                    "4.Вшанування кращих посадових осіб виконавчих органів міської ради, депутатів, членів виконавчого комітету, керівників підприємств, установ міста, активних членів територіальної громади міста за активну участь у громадському житті міста, (Вручення подяк міського голови, грамот виконкому, Почесних грамот міської ради, відзнак міської ради «Почесний громадянин міста Коростеня», «За заслуги перед містом», адресних вітань, квітів, подарунків, тощо)"
                ],
                term="2017-2020 роки",
                executors="Секретар міської ради, заступники міського голови, керуючий справами, відділ ОЗДМР, відділ з питань внутрішньої політики, оргроботи та контролю",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-65,0", "2018р.-75,0", "2019р.-94,994", "2020р.-133,100"],
                result="Поширення позитивного досвіду, мотивація професійної діяльності",
            ),
            Measure(
                text=["5.Проведення громадських слухань, обговорення, опитування з питань розвитку територіальної громади міста"],
                term="2017-2020 роки",
                executors="Відділи та управління міськвиконкому, органи самоорганізації населення, громадські організації, тощо",
                sources=["Фінансування не потребує"],
                funding=[],
                result="Вивчення громадської думки з питань життєдіяльності громади міста та врахування при прийнятті рішень",
            ),
            Measure(
                text=[
                    "6. Реалізація проектів в рамках Бюджету участі м.Коростень,",
                    "в т.ч.",
                    "оплата послуг з надання доступу та технічної підтримки роботи системи «Громадський проект» "
                    "для забезпечення електронного голосування,",
                    "оплата виготовлення та розміщення та роз'яснювально-інформаційної соціальної реклами",
                ],
                term="2018-2020 роки",
                executors="Головні розпорядники бюджетних коштів, відповідальні за виконання проектів, виконавчий комітет міської ради",
                sources=["Кошти міського бюджету"],
                funding=[
                    "2018р.-2000,0",
                    "2019р.-2000,0",
                    "2020р.-2000,0",
                    "в т.ч.:",
                    "2019 р. – 18,00",
                    "2020 р. – 25,00",
                    "2019 р.- 2,00",
                    "2020 р. – 2,00",
                ],
                result="Підвищення рівня прозорості процесу прийняття рішень шляхом надання жителям міста можливості безпосереднього впливу на бюджетну політику",
            ),
        ],
    ),
    (
        "4.",
        "Належне утримання та зміцнення матеріально-технічної бази органів місцевого самоврядування",
        [
            Measure(
                text=[
                    "1.Оснащення міської ради сучасними електронними засобами отримання та передачі інформації та оргтехнікою, облаштування залу засідань міської ради обладнанням, необхідним для забезпечення пленарних засідань"
                ],
                term="2017-2020 роки",
                executors="Керуючий справами, відділ бухгалтерського обліку, МПЦ",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-50,0", "2018р.-25,0", "2019р.-20,0", "2020р.-20,0"],
                result="Підвищення ефективності роботи органів місцевого самоврядування",
            ),
            Measure(
                text=["2. Супроводження та технічна підтримка системи електронного голосування депутатів міської ради «Голос»"],
                term="2019-2020 рр.",
                executors="Керуючий справами, відділ бухгалтерського обліку, МПЦ",
                sources=["Кошти міського бюджету"],
                funding=["2019р.-30,00", "2020р.-35,00"],
                result=MERGED_ABOVE,
            ),
            Measure(
                text=["3. Придбання канцтоварів"],
                term="2017-2020 роки",
                executors="Керуючий справами, відділ бухгалтерського обліку,",
                sources=["Кошти міського бюджету"],
                funding=["2017р.-5,0", "2018р.-5,0", "2019р.-10,0", "2020р.-10,0"],
                result=MERGED_ABOVE,
            ),
        ],
    ),
]


def set_vertical_merge(cell, value: str) -> None:
    """Mark a cell as the start (``restart``) or a continuation (``continue``) of a vertical merge."""
    properties = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if value == "restart":
        merge.set(qn("w:val"), "restart")
    properties.append(merge)


def fill(cell, lines: list[str], bold: bool = False, centred: bool = False) -> None:
    """Write ``lines`` into ``cell``, one paragraph each."""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_paragraphs(document, lines: list[str], align, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if index < len(lines) - 1:
            run.add_break()


def mark_header_rows(table, count: int) -> None:
    """Mark the first ``count`` rows as header rows (``w:tblHeader``): Word repeats them on every page."""
    for row in table.rows[:count]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def build(path: Path, repeat_header: bool = False) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    # 12 pt type with 3.2 cm top and bottom margins: printed by LibreOffice, the long rows 1.2, 1.6, 3.4
    # and 3.6 break across pages as they do in the published annex (3.1 does too).
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(3.2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    add_paragraphs(document, HEADER_BLOCK, WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    add_paragraphs(document, HEADING, WD_ALIGN_PARAGRAPH.CENTER, bold=True)

    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (title, width) in enumerate(COLUMNS):
        fill(table.rows[0].cells[index], [title], bold=True, centred=True)
        fill(table.rows[1].cells[index], [str(index + 1)], centred=True)
        table.columns[index].width = Cm(width)  # the grid LibreOffice lays out by
        for row in table.rows:
            row.cells[index].width = Cm(width)
    if repeat_header:
        mark_header_rows(table, 2)

    for number, direction, measures in SECTIONS:
        for position, measure in enumerate(measures):
            cells = table.add_row().cells
            if position == 0:
                fill(cells[0], [number])
                fill(cells[1], [direction])
            if len(measures) > 1:
                set_vertical_merge(cells[0], "restart" if position == 0 else "continue")
                set_vertical_merge(cells[1], "restart" if position == 0 else "continue")
            fill(cells[2], measure.text)
            fill(cells[3], [measure.term])
            fill(cells[4], [measure.executors])
            fill(cells[5], measure.sources)
            fill(cells[6], measure.funding)
            if measure.result is MERGED_ABOVE:
                set_vertical_merge(cells[7], "continue")
            else:
                fill(cells[7], [measure.result])
                following = measures[position + 1] if position + 1 < len(measures) else None
                if following is not None and following.result is MERGED_ABOVE:
                    set_vertical_merge(cells[7], "restart")

    document.add_paragraph()
    add_paragraphs(document, [SIGNATURE[0]], WD_ALIGN_PARAGRAPH.LEFT, bold=True)
    add_paragraphs(document, [SIGNATURE[1]], WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    document.core_properties.author = "Коростенська міська рада"
    document.save(path)


if __name__ == "__main__":
    # --repeat-header: the header rows repeat on every page (the rendering samples/decision-1911-repeated-header.pdf comes from)
    repeat = "--repeat-header" in sys.argv[1:]
    arguments = [argument for argument in sys.argv[1:] if argument != "--repeat-header"]
    default = "decision-1911-repeated-header.docx" if repeat else "decision-1911.docx"
    build(Path(arguments[0]) if arguments else SAMPLES / default, repeat_header=repeat)
