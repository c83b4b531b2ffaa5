"""Small PDFs for the PDF parser's tests, drawn with reportlab so that each page break falls where a test wants it.

A document is the paragraphs above the table, the table's pages and the
paragraphs below. Each page of the table is a list of rows; each row a list of
cells, one per column: a string (lines split at ``\\n``), or ``None`` for a
cell covered by the cell above it (a vertical merge: no rule is drawn between
them, and the upper cell's text may run down into it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_PATHS = {
    "DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVuSerif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
}
SIZE = 9.0
LEADING = 11.0
PADDING = 4.0

HEADER = [
    "№\nп/п", "Назва\nнапрямку", "Перелік заходів\nПрограми", "Термін\nвиконання", "Виконавці",
    "Джерела\nфінансування", "Орієнтовні обсяги\nфінансування\n(тис. грн)", "Очікувані\nрезультати",
]  # fmt: skip
WIDTHS = [32, 95, 170, 62, 120, 85, 95, 120]
BEFORE = [
    "Додаток 2 до рішення 12 сесії Тестової міської ради VIII скликання від 03.03.2021 № 77",
    "Заходи Програми підтримки тестування на 2021-2022 роки",
]
AFTER = ["Міський голова", "Іван ПЕТРЕНКО"]


@dataclass
class Table:
    pages: list[list[list[str | None]]]
    header: list[str] = field(default_factory=lambda: list(HEADER))
    widths: list[int] = field(default_factory=lambda: list(WIDTHS))
    repeat_header: bool = False
    ruled: bool = True
    fake_bold: bool = False
    font: str = "DejaVuSans"
    before: list[str] = field(default_factory=lambda: list(BEFORE))
    after: list[str] = field(default_factory=lambda: list(AFTER))


def register(font: str) -> None:
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, FONT_PATHS[font]))


def text(pdf: canvas.Canvas, x: float, y: float, line: str, font: str, fake_bold: bool) -> None:
    pdf.setFont(font, SIZE)
    if fake_bold:  # each glyph drawn twice, a hair apart, as some producers fake bold
        for offset in (0.0, 0.3):
            pdf.drawString(x + offset, y, line)
    else:
        pdf.drawString(x, y, line)


def draw_rows(pdf: canvas.Canvas, table: Table, rows: list[list[str | None]], top: float) -> float:
    """Draw ``rows`` from ``top`` down; return the bottom."""
    left = 30.0
    edges = [left]
    for width in table.widths:
        edges.append(edges[-1] + width)
    heights = [max(len((cell or "").split("\n")) for cell in row) * LEADING + 2 * PADDING for row in rows]
    y = top
    bottoms = []
    for row, height in zip(rows, heights, strict=True):
        for column, cell in enumerate(row):
            if cell is None:
                continue
            for number, line in enumerate(cell.split("\n")):
                text(pdf, edges[column] + PADDING, y - PADDING - SIZE - number * LEADING, line, table.font, table.fake_bold)
        bottoms.append(y - height)
        y -= height
    if table.ruled:
        pdf.setLineWidth(0.7)
        pdf.line(left, top, edges[-1], top)
        for index, bottom in enumerate(bottoms):
            following = rows[index + 1] if index + 1 < len(rows) else None
            for column in range(len(table.widths)):
                if following is None or following[column] is not None:
                    pdf.line(edges[column], bottom, edges[column + 1], bottom)
        for edge in edges:
            pdf.line(edge, top, edge, y)
    return y


def build(table: Table) -> bytes:
    register(table.font)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
    width, height = landscape(A4)
    for page_number, rows in enumerate(table.pages):
        top = height - 40
        if page_number == 0:
            for line in table.before:
                text(pdf, 60, top, line, table.font, False)
                top -= 2.2 * LEADING
        if page_number == 0 or table.repeat_header:
            rows = [table.header, [str(n) for n in range(1, len(table.header) + 1)], *rows]
        bottom = draw_rows(pdf, table, rows, top - 10)
        if page_number == len(table.pages) - 1:
            y = bottom - 3 * LEADING
            for line in table.after:
                text(pdf, 60, y, line, table.font, False)
                y -= 2.2 * LEADING
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A 'scan': a page that is one picture (stripes like lines of print), with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(picture)
    for line in range(40):
        draw.rectangle((60, 60 + 17 * line, 540 - 7 * (line % 5), 68 + 17 * line), fill=30)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(picture), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf(table: Table) -> bytes:
    register(table.font)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt="secret")
    text(pdf, 60, 700, "Додаток 1 до рішення", table.font, False)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
