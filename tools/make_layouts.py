"""Build the test documents of the other common annex layouts and file formats.

Run ``make test-data`` (or ``python tools/make_layouts.py``). It writes, under ``tests/data/``:

* ``docx/culture-2021.docx``, ``html/culture-2021.html`` and (with LibreOffice)
  ``pdf/culture-2021.pdf``: a constructed annex in the per-year-column layout
  published by many councils: a three-row header (``Орієнтовані обсяги
  фінансування, тис. грн`` over ``Всього`` and ``у тому числі за роками`` over
  ``2021 рік │ 2022 рік │ 2023 рік``), a row of column numbers, section rows
  across the table, measures numbered ``1.1.``, a measure with a row per funding
  source under a ``Всього`` row, sub-item rows under ``у тому числі:``, a lone
  ``-`` for "no amount", amounts with thousands separators (``1 250,5``) and
  total rows for the programme and per source;
* ``html/decision-1911.html``, ``doc/decision-1911.doc``, ``odt/decision-1911.odt``,
  ``rtf/decision-1911.rtf``: ``samples/decision-1911.docx`` converted by
  LibreOffice (needs ``soffice``);
* ``xlsx/sport-2021.xlsx``: a constructed annex the way a finance department
  types it in Excel (openpyxl): header block and heading in cells above the
  table, ``Обсяги фінансування, тис. грн`` merged over ``2021 рік │ 2022 рік │
  2023 рік │ Всього``, a row of column numbers, merged section rows, amounts
  stored as numbers formatted ``# ##0.0`` (one typed with 3 decimals the format
  hides), ``Всього`` column and total row holding what Excel caches for a
  ``SUM`` (float noise included), the signature in cells below.

The HTML of the culture annex is written by hand the way council web pages are
(``rowspan``/``colspan``, ``<p>`` and ``<br>`` inside cells), not converted.

``python tools/make_layouts.py [PATH …]`` builds only the named files (paths
under ``tests/data/``, e.g. ``xlsx/sport-2021.xlsx``); without arguments, all.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

HEADER_BLOCK = ["Додаток 2", "до рішення 5 сесії Бердичівської міської ради", "VIII скликання від 24.12.2020 № 24/9"]
HEADING = ["Заходи та обсяги фінансування", "Програми розвитку культури і туризму міста Бердичева на 2021-2023 роки"]
SIGNATURE = ["Секретар міської ради", "Олег ПОЛІЩУК"]

# Columns: № · measure · executors · term · sources · Всього · 2021 · 2022 · 2023 · result
WIDTHS = [1.1, 6.0, 3.6, 2.0, 2.6, 1.8, 1.6, 1.6, 1.6, 4.0]
HEADER_TOP = ["№ з/п", "Зміст заходу", "Відповідальні виконавці", "Строк виконання", "Джерела фінансування",
              "Орієнтовані обсяги фінансування, тис. грн", "Очікуваний результат"]
YEARS = ["2021 рік", "2022 рік", "2023 рік"]

# ("section", text) · ("measure", №, [text lines], executors, term, sources, total, y1, y2, y3, result)
# ("source", sources, total, y1, y2, y3) · ("subitem", [text lines], total, y1, y2, y3) · ("total", label, total, y1, y2, y3)
ROWS: list[tuple] = [
    ("section", "1. Збереження культурної спадщини"),
    ("measure", "1.1.", ["Ремонт покрівлі та фасаду", "будівлі краєзнавчого музею"], "Управління культури і туризму",
     "2021-2022 роки", "Міський бюджет", "1 250,5", "850,5", "400,0", "-", "Збережено будівлю музею"),
    ("measure", "1.2.", ["Виготовлення проектної документації на реставрацію пам'ятки архітектури «Костел Святої Варвари»"],
     "Управління культури і туризму, управління капітального будівництва", "2021-2023 роки", "Всього",
     "3 600,0", "1 200,0", "1 200,0", "1 200,0", "Проектну документацію виготовлено"),
    ("source", "Державний бюджет", "3 000,0", "1 000,0", "1 000,0", "1 000,0"),
    ("source", "Міський бюджет", "600,0", "200,0", "200,0", "200,0"),
    ("measure", "1.3.", ["Встановлення інформаційних табличок на пам'ятках історії"], "Управління культури і туризму",
     "2022 рік", "Міський бюджет", "75,25", "-", "75,25", "-", "Встановлено 25 табличок"),
    ("section", "2. Розвиток культурно-мистецького середовища"),
    ("measure", "2.1.", ["Проведення міських свят та фестивалів,", "у тому числі:"],
     "Управління культури і туризму, заклади культури", "2021-2023 роки", "Міський бюджет",
     "2 400,0", "800,0", "800,0", "800,0", "Збільшення кількості учасників свят"),
    ("subitem", ["фестиваль народної творчості «Берегиня»"], "1 050,0", "350,0", "350,0", "350,0"),
    ("subitem", ["святкування Дня міста"], "900,0", "300,0", "300,0", "300,0"),
    ("measure", "2.2.", ["Придбання сценічних костюмів для колективів", "міського будинку культури"], "Міський будинок культури",
     "2021-2023 роки", "Міський бюджет", "450,0", "150,0", "150,0", "150,0", "Оновлено костюми 6 колективів"),
    ("measure", "2.3.", ["Участь творчих колективів у всеукраїнських конкурсах"], "Управління культури і туризму",
     "2021-2023 роки", "Фінансування не потребує", "-", "-", "-", "-", "Популяризація мистецтва громади"),
    ("total", "Всього по Програмі", "7 775,75", "3 000,5", "2 625,25", "2 150,0"),
    ("total", "в т.ч. державний бюджет", "3 000,0", "1 000,0", "1 000,0", "1 000,0"),
    ("total", "міський бюджет", "4 775,75", "2 000,5", "1 625,25", "1 150,0"),
]  # fmt: skip


def grid_row(row: tuple) -> list[str | None]:
    """The 10 cells of a data row (None: covered by the cell to its left)."""
    kind = row[0]
    if kind == "section":
        return [row[1]] + [None] * 9
    if kind == "measure":
        _, number, text, executors, term, sources, total, y1, y2, y3, result = row
        return [number, "\n".join(text), executors, term, sources, total, y1, y2, y3, result]
    if kind == "source":
        _, sources, total, y1, y2, y3 = row
        return ["", "", "", "", sources, total, y1, y2, y3, ""]
    if kind == "subitem":
        _, text, total, y1, y2, y3 = row
        return ["", "\n".join(text), "", "", "", total, y1, y2, y3, ""]
    _, label, total, y1, y2, y3 = row
    return [label, None, None, None, None, total, y1, y2, y3, ""]


def write_cell(cell, text: str, bold: bool = False, centred: bool = False) -> None:
    cell.text = ""
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(9)
        if number < len(lines) - 1:
            run.add_break()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def build_docx(path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    for line in HEADER_BLOCK:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in HEADING:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True

    table = document.add_table(rows=4 + len(ROWS), cols=10)
    table.style = "Table Grid"
    cells = table.rows
    # header: rows 0-2, three levels under the merged funding header; row 3: column numbers
    for column, text in zip([0, 1, 2, 3, 4, 5, 9], HEADER_TOP, strict=True):
        write_cell(cells[0].cells[column], text, bold=True, centred=True)
    write_cell(cells[1].cells[5], "Всього", bold=True, centred=True)
    write_cell(cells[1].cells[6], "у тому числі за роками", bold=True, centred=True)
    for offset, year in enumerate(YEARS):
        write_cell(cells[2].cells[6 + offset], year, bold=True, centred=True)
    for column in range(10):
        write_cell(cells[3].cells[column], str(column + 1), centred=True)
    for column in (0, 1, 2, 3, 4, 9):
        table.cell(0, column).merge(table.cell(2, column))
    table.cell(1, 5).merge(table.cell(2, 5))
    table.cell(0, 5).merge(table.cell(0, 8))
    table.cell(1, 6).merge(table.cell(1, 8))

    for index, row in enumerate(ROWS, start=4):
        values = grid_row(row)
        for column, value in enumerate(values):
            if value:
                write_cell(cells[index].cells[column], value, bold=row[0] in ("section", "total"))
        if row[0] == "section":
            table.cell(index, 0).merge(table.cell(index, 9))
        elif row[0] == "total":
            table.cell(index, 0).merge(table.cell(index, 4))
    for row in table.rows:
        for column, width in enumerate(WIDTHS):
            row.cells[column].width = Cm(width)

    document.add_paragraph()
    paragraph = document.add_paragraph(SIGNATURE[0])
    paragraph = document.add_paragraph(SIGNATURE[1])
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)


def html_cell(text: str, tag: str = "td", **attributes: int) -> str:
    attrs = "".join(f' {name}="{value}"' for name, value in attributes.items())
    lines = text.split("\n")
    if len(lines) == 1:
        content = html.escape(text)
    elif tag == "th":
        content = "<br>".join(html.escape(line) for line in lines)
    else:
        content = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"<{tag}{attrs}>{content}</{tag}>"


def build_html(path: Path) -> None:
    out = ['<!DOCTYPE html>', '<html lang="uk"><head><meta charset="utf-8">', "<title>Додаток 2</title>",
           "<style>td, th {border: 1px solid #000;}</style></head><body>"]  # fmt: skip
    out.append('<p style="text-align:right">' + "<br>".join(html.escape(line) for line in HEADER_BLOCK) + "</p>")
    out.append('<p style="text-align:center"><b>' + "<br>".join(html.escape(line) for line in HEADING) + "</b></p>")
    out.append('<table cellspacing="0"><thead>')
    top = [html_cell(text, "th", rowspan=3) for text in HEADER_TOP[:5]]
    top.append(html_cell(HEADER_TOP[5], "th", colspan=4))
    top.append(html_cell(HEADER_TOP[6], "th", rowspan=3))
    out.append("<tr>" + "".join(top) + "</tr>")
    out.append("<tr>" + html_cell("Всього", "th", rowspan=2) + html_cell("у тому числі\nза роками", "th", colspan=3) + "</tr>")
    out.append("<tr>" + "".join(html_cell(year, "th") for year in YEARS) + "</tr>")
    out.append("<tr>" + "".join(html_cell(str(number), "th") for number in range(1, 11)) + "</tr>")
    out.append("</thead><tbody>")
    position = 0
    while position < len(ROWS):
        row = ROWS[position]
        values = grid_row(row)
        if row[0] == "section":
            out.append("<tr>" + html_cell(row[1], colspan=10) + "</tr>")
        elif row[0] == "total":
            out.append("<tr>" + html_cell(row[1], colspan=5) + "".join(html_cell(v) for v in values[5:]) + "</tr>")
        elif row[0] == "measure" and position + 1 < len(ROWS) and ROWS[position + 1][0] == "source":
            # a measure with a row per source: its number, text, executors, term and result span them
            span = 1 + sum(1 for _ in iter_sources(position + 1))
            cells = [html_cell(values[column], rowspan=span) for column in range(4)]
            cells += [html_cell(value) for value in values[4:9]] + [html_cell(values[9], rowspan=span)]
            out.append("<tr>" + "".join(cells) + "</tr>")
            for source in iter_sources(position + 1):
                out.append("<tr>" + "".join(html_cell(value) for value in grid_row(source)[4:9]) + "</tr>")
            position += span
            continue
        else:
            out.append("<tr>" + "".join(html_cell(value or "") for value in values) + "</tr>")
        position += 1
    out.append("</tbody></table>")
    out.append("<p>&nbsp;</p>")
    out.append(f"<p>{html.escape(SIGNATURE[0])}&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(SIGNATURE[1])}</p>")
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def iter_sources(start: int):
    while start < len(ROWS) and ROWS[start][0] == "source":
        yield ROWS[start]
        start += 1


# --- The XLSX annex: a finance department's spreadsheet ----------------------------------

XLSX_HEADER_BLOCK = ["Додаток 1", "до рішення 4 сесії Овруцької міської ради", "VIII скликання від 22.12.2020 № 187"]
XLSX_HEADING = [
    "Заходи та обсяги фінансування",
    "Програми розвитку фізичної культури і спорту Овруцької міської територіальної громади на 2021-2023 роки",
]
XLSX_SIGNATURE = ["Секретар міської ради", "Наталія КОВАЛЬЧУК"]
XLSX_HEADER = ["№ з/п", "Назва заходу", "Виконавці", "Термін виконання", "Джерела фінансування",
               "Обсяги фінансування, тис. грн", "Очікуваний результат"]  # fmt: skip
XLSX_YEARS = ["2021 рік", "2022 рік", "2023 рік", "Всього"]
AMOUNT_FORMAT = "# ##0.0"
SPORT = "Відділ у справах сім'ї, молоді та спорту"
# Amounts as typed: a float (thousand UAH) or "-" typed as text for "none"; "Всього" is computed as Excel caches a SUM.
# ("section", text) · ("measure", №, text, executors, term, sources, (2021, 2022, 2023), result)
# ("subitem", text, (2021, 2022, 2023)) · ("total", label)
XLSX_ROWS: list[tuple] = [
    ("section", "1. Розвиток масового спорту"),
    ("measure", "1.1.", "Проведення міських спортивних змагань та турнірів", SPORT, "2021-2023 роки", "Міський бюджет",
     (120.0, 135.5, 150.0), "Щороку не менше 25 змагань"),
    ("measure", "1.2.", "Придбання спортивного інвентарю для дитячо-юнацької спортивної школи",
     f"{SPORT}, ДЮСШ", "2021-2022 роки", "Міський бюджет", (250.75, 180.25, "-"), "Оновлено інвентар ДЮСШ"),
    ("measure", "1.3.", "Участь спортсменів громади в обласних та всеукраїнських змаганнях", SPORT, "2021-2023 роки",
     "Міський бюджет", (25.401, 30.0, 30.0), "Призові місця на обласних змаганнях"),
    ("section", "2. Розвиток спортивної інфраструктури"),
    ("measure", "2.1.", "Капітальний ремонт стадіону «Колос», у тому числі:", "Управління капітального будівництва",
     "2022-2023 роки", "Міський бюджет", ("-", 1250.5, 2000.0), "Стадіон відповідає нормам для змагань"),
    ("subitem", "заміна бігових доріжок", ("-", 800.5, "-")),
    ("subitem", "реконструкція трибун", ("-", 450.0, 2000.0)),
    ("measure", "2.2.", "Облаштування спортивних майданчиків у старостинських округах", SPORT, "2021-2023 роки",
     "Міський бюджет", (95.1, 97.3, 0.0), "Облаштовано 4 майданчики"),
    ("measure", "2.3.", "Проведення навчально-тренувальних зборів збірних команд громади", SPORT, "2021-2023 роки",
     "Фінансування не потребує", ("-", "-", "-"), "Підготовка команд до змагань"),
    ("total", "Всього по Програмі"),
]  # fmt: skip


def cached_sum(amounts) -> float | str:
    """What Excel stores for ``=SUM(…)`` of the cells: a float added in binary (noise included), or "-" for none."""
    numbers = [amount for amount in amounts if isinstance(amount, float)]
    total = 0.0
    for number in numbers:
        total += number
    return total if numbers else "-"


def build_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "Додаток 1"
    for column, width in zip("ABCDEFGHIJ", [6, 40, 26, 14, 18, 10, 10, 10, 11, 28], strict=True):
        sheet.column_dimensions[column].width = width
    # header block at the top right, each line in one cell merged over three columns; the heading across the table
    for row, line in enumerate(XLSX_HEADER_BLOCK, start=1):
        sheet.cell(row, 8, line)
        sheet.merge_cells(start_row=row, start_column=8, end_row=row, end_column=10)
    for row, line in enumerate(XLSX_HEADING, start=5):
        sheet.cell(row, 1, line).font = Font(bold=True)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)

    top = 8  # two header rows, then the column numbers
    for column, text in zip([1, 2, 3, 4, 5, 6, 10], XLSX_HEADER, strict=True):
        sheet.cell(top, column, text)
    for offset, text in enumerate(XLSX_YEARS):
        sheet.cell(top + 1, 6 + offset, text)
    for column in (1, 2, 3, 4, 5, 10):
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    sheet.merge_cells(start_row=top, start_column=6, end_row=top, end_column=9)
    for column in range(1, 11):
        sheet.cell(top + 2, column, column)  # column numbers typed as numbers

    row = top + 3
    year_totals: list[list[float | str]] = [[], [], []]
    for entry in XLSX_ROWS:
        kind = entry[0]
        if kind == "section":
            sheet.cell(row, 1, entry[1]).font = Font(bold=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
        elif kind in ("measure", "subitem"):
            if kind == "measure":
                _, number, text, executors, term, sources, amounts, result = entry
                for column, value in zip([1, 2, 3, 4, 5, 10], [number, text, executors, term, sources, result], strict=True):
                    sheet.cell(row, column, value)
                for year, amount in enumerate(amounts):
                    year_totals[year].append(amount)
            else:
                _, text, amounts = entry
                sheet.cell(row, 2, text)
            for offset, amount in enumerate([*amounts, cached_sum(amounts)]):
                sheet.cell(row, 6 + offset, amount).number_format = AMOUNT_FORMAT
        else:
            sheet.cell(row, 1, entry[1]).font = Font(bold=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            sums = [cached_sum(amounts) for amounts in year_totals]
            for offset, amount in enumerate([*sums, cached_sum(sums)]):
                cell = sheet.cell(row, 6 + offset, amount)
                cell.number_format = AMOUNT_FORMAT
                cell.font = Font(bold=True)
        row += 1

    thin = Side(style="thin")
    for cells in sheet.iter_rows(min_row=top, max_row=row - 1, max_col=10):
        for cell in cells:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(row + 1, 2, XLSX_SIGNATURE[0])
    sheet.cell(row + 1, 8, XLSX_SIGNATURE[1])
    book.save(path)
    floats = {cell.coordinate: cell.value for cells in sheet.iter_rows() for cell in cells if isinstance(cell.value, float)}
    write_floats_as_excel(path, "xl/worksheets/sheet1.xml", floats)


def write_floats_as_excel(path: Path, member: str, floats: dict[str, float]) -> None:
    """Store each float the way Excel does, in the shortest digits that read back the same double.

    openpyxl writes "%.16g" (``192.4``), Excel up to 17 digits: a ``SUM`` of 95.1 and 97.3 is cached
    as ``192.39999999999998``, the noise a reader must not let into an amount.
    """
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in members:
            if info.filename == member:
                text = content.decode("utf-8")
                for coordinate, value in floats.items():
                    cell = re.compile(rf'(<c r="{coordinate}"[^>]*><v>)[^<]*(</v>)')
                    text, count = cell.subn(rf"\g<1>{value!r}\g<2>", text)
                    assert count == 1, coordinate
                content = text.encode("utf-8")
            archive.writestr(info, content)


def libreoffice(source: Path, target_format: str, target: Path) -> None:
    """Convert ``source`` with LibreOffice headless into ``target``."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", target_format, "--outdir", str(work), str(source)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        produced = work / (source.stem + "." + target_format.split(":")[0])
        shutil.copyfile(produced, target)


SEED = ROOT / "samples" / "decision-1911.docx"
# Each test document (its path under tests/data/) and how it is made, in build order.
BUILDERS: dict[str, Callable[[Path], None]] = {
    "docx/culture-2021.docx": build_docx,
    "html/culture-2021.html": build_html,
    "pdf/culture-2021.pdf": lambda target: libreoffice(DATA / "docx" / "culture-2021.docx", "pdf", target),
    "html/decision-1911.html": lambda target: libreoffice(SEED, "html:HTML (StarWriter)", target),
    "doc/decision-1911.doc": lambda target: libreoffice(SEED, "doc:MS Word 97", target),
    "odt/decision-1911.odt": lambda target: libreoffice(SEED, "odt", target),
    "rtf/decision-1911.rtf": lambda target: libreoffice(SEED, "rtf:Rich Text Format", target),
    "xlsx/sport-2021.xlsx": build_xlsx,
}


def main(names: list[str]) -> None:
    unknown = sorted(set(names) - set(BUILDERS))
    if unknown:
        sys.exit(f"unknown test documents: {', '.join(unknown)}; known: {', '.join(BUILDERS)}")
    for name, build in BUILDERS.items():
        if not names or name in names:
            (DATA / name).parent.mkdir(parents=True, exist_ok=True)
            build(DATA / name)


if __name__ == "__main__":
    main(sys.argv[1:])
