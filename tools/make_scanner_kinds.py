"""Scans as other scanners make them and archives keep them (#11): image files and PDFs of other kinds.

Each kind is one document of the scan suite (``tests/data/scans/suite.json``:
a text PDF and its extraction written down by hand) scanned at 200 dpi by
``tools/degrade.py``'s chain (turned on the glass, grey paper, noise) and then
stored as a scanner or an archive stores it:

=====================  ==========================================================================
kind                   stored as
=====================  ==========================================================================
``tiff-g4``            one multi-page TIFF, bilevel (thresholded), CCITT G4, 200 dpi tag
``tiff-lzw``           a multi-page TIFF, grey, LZW, no resolution tag (the page's size says A4)
``jpeg``               a JPEG of the page, JFIF density 200 dpi
``png-72``             a PNG of the page whose pHYs says 72 dpi (a scanner's default: a metre-long sheet)
``jpeg-exif``          a JPEG of the page stored turned a quarter, its Exif orientation saying how to show it
``pdf-g4``             a PDF of bilevel CCITT G4 pages (Pillow's PDF writer, as img2pdf stores them)
``pdf-jbig2``          a PDF of bilevel JBIG2 pages (generic regions, MMR-coded: lossless, as a scanner's
                       JBIG2 mode without symbol coding stores them); pdfium decodes them
``pdf-colour``         a PDF of colour JPEG pages, yellowish paper, a blue stamp over a header and an amount
``pdf-strips``         a PDF whose page is drawn as four image strips, one under another
``pdf-upside-down``    a PDF of the page scanned turned 180°
``pdf-sideways``       a landscape annex fed through a portrait scanner: page 1 turned 90° clockwise,
                       page 2 anticlockwise, no ``/Rotate``
``pdf-sideways-rotate`` the same pages with ``/Rotate`` set so a viewer shows them upright
``pdf-mixed``          a text decision (its first page typed, a text layer) with the scanned annex appended
``copy-edges``         a photocopy of a bound sheet (8 pages of №1911): black borders, the binding's shadow
                       fading in from the left or right side, a dark grey wedge along the bottom
``copy-holes``         a bilevel G4 TIFF of a punched sheet's copy: two black holes in the left margin, a black
                       band down the right edge, a dark top edge (a table drawn without lines)
``copy-dark``          a copy set too dark: strokes a pixel thicker, grey paper speckled with toner
``png-1bit``           a bilevel PNG (1 bit a pixel), 200 dpi
``jpeg-600``           a JPEG scanned at 600 dpi (read at the working resolution)
``tiff-300-at-72``     a TIFF scanned at 300 dpi whose tag says 72 dpi
=====================  ==========================================================================

The ``copy-*`` kinds are copies scanned: a ``Copier`` (``COPIERS``) spoils
the clean page as a photocopier would before the scanner's chain runs. Two
more copiers are here for trying, not yet read right and so not kinds of the
suite: ``faded`` (short of toner: pale, thinned, flakes missing) and
``copy_of_copy`` (thresholded twice: ragged strokes, thin rules broken).
No JBIG2 encoder is to be had here (Debian has only the decoder, ``jbig2dec``;
PyPI only decoders): ``jbig2_stream`` writes the embedded JBIG2 stream itself,
a page information segment and one immediate generic region whose data is the
page's T.6 (MMR) coding, which libtiff makes through Pillow. Symbol-coded
(text region, often lossy) JBIG2 is not made here.

Everything is seeded, so a kind is the same bytes on every run. ``cached`` makes
a kind once in a temporary folder (named by a hash of this script and its
inputs)::

    python tools/make_scanner_kinds.py --list
    python tools/make_scanner_kinds.py OUT_FOLDER [KIND ...]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools import degrade, scan_suite  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DPI = 200
MOMENT = time.gmtime(1577836800)  # 2020-01-01: Pillow would stamp the time of the run
BLUE_INK = (40, 70, 190)  # a blue office stamp's ink
PAPER_TINT = (1.0, 0.97, 0.90)  # a yellowish sheet in a colour scan
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass(frozen=True)
class Kind:
    name: str
    document: str  # of the scan suite
    suffix: str
    about: str
    dpi: int = DPI  # what it is scanned at


KINDS = {
    kind.name: kind
    for kind in (
        Kind("tiff-g4", "culture-2021", ".tif", "multi-page TIFF, bilevel CCITT G4, 200 dpi tag"),
        Kind("tiff-lzw", "health-2022", ".tiff", "TIFF, grey, LZW, no resolution tag"),
        Kind("jpeg", "roads-2023", ".jpg", "JPEG, JFIF 200 dpi"),
        Kind("png-72", "health-2022", ".png", "PNG, pHYs 72 dpi (wrong)"),
        Kind("jpeg-exif", "roads-2023", ".jpg", "JPEG stored turned 90°, its Exif orientation saying so"),
        Kind("pdf-g4", "health-2022", ".pdf", "PDF of bilevel CCITT G4 images"),
        Kind("pdf-jbig2", "culture-2021", ".pdf", "PDF of bilevel JBIG2 images (generic regions, MMR)"),
        Kind("pdf-colour", "culture-2021", ".pdf", "PDF of colour JPEG, blue stamps"),
        Kind("pdf-strips", "health-2022", ".pdf", "PDF page drawn as four image strips"),
        Kind("pdf-upside-down", "roads-2023", ".pdf", "PDF, page scanned turned 180°"),
        Kind("pdf-sideways", "culture-2021", ".pdf", "landscape pages scanned portrait, 90° each way, no /Rotate"),
        Kind("pdf-sideways-rotate", "culture-2021", ".pdf", "the same with /Rotate set"),
        Kind("pdf-mixed", "health-2022", ".pdf", "a typed decision page (text layer) and the scanned annex"),
        Kind("copy-edges", "decision-1911", ".pdf", "a photocopy: black borders, the binding's shadow, a dark wedge"),
        Kind("copy-holes", "roads-2023-across", ".tif", "a punched sheet's copy, bilevel G4: black holes, dark edge bands"),
        Kind("copy-dark", "roads-2023", ".pdf", "a copy set too dark: thick strokes, grey speckled paper"),
        Kind("png-1bit", "roads-2023", ".png", "PNG, bilevel (1 bit a pixel), 200 dpi"),
        Kind("jpeg-600", "health-2022", ".jpg", "JPEG scanned at 600 dpi, JFIF 600 dpi", dpi=600),
        Kind("tiff-300-at-72", "culture-2021", ".tif", "TIFF scanned at 300 dpi, its tag saying 72 dpi", dpi=300),
    )
}


def document_pdf(document: str) -> bytes:
    return (ROOT / scan_suite.suite()["documents"][document]["pdf"]).read_bytes()


Copier = Callable[[np.ndarray, int, int, np.random.Generator], np.ndarray]  # page (float grey), index, dpi, rng


def scanned(document: str, seed: int, dpi: int = DPI, copier: Copier | None = None) -> list[Image.Image]:
    """The document's pages scanned at ``dpi``: grey, turned a little, grey paper, noise (no JPEG yet).

    ``copier``, when given, is what a photocopier did to each sheet before it was scanned (the sheet the scanner
    saw is a copy): it spoils the clean page (float grey, 255 paper) in its own seeded way.
    """
    degradation = degrade.Degradation(dpi=dpi, skew=(0.8, -1.1), noise=5.0, paper=236, lighting=8.0, seed=seed)
    if copier is None:
        return list(degrade.degraded_pages(document_pdf(document), degradation))
    pages = []
    for index, clean in enumerate(degrade.rendered(document_pdf(document), dpi)):
        rng = np.random.default_rng([seed, 3000 + index])
        copy = copier(np.asarray(clean, dtype=np.float32).copy(), index, dpi, rng)
        angle = degradation.skew[index % len(degradation.skew)]
        pages.append(degrade.degrade_page(copy, None, degradation, angle, np.random.default_rng([seed, index])))
    return pages


# --- What a photocopier does to a sheet (#11): each a Copier ------------------------------------------------


def mm(value: float, dpi: int) -> int:
    return max(1, round(value / 25.4 * dpi))


def smooth_field(shape: tuple[int, ...], cells: int, rng: np.random.Generator, low: float, high: float) -> np.ndarray:
    """A slowly varying random field over ``shape`` (``cells`` knots across), values in [low, high]."""
    knots = rng.uniform(low, high, (cells, cells)).astype(np.float32)
    return np.asarray(Image.fromarray(knots).resize(shape[::-1], Image.Resampling.BICUBIC), dtype=np.float32).clip(low, high)


def grey_filter(page: np.ndarray, size: int, lighter: bool) -> np.ndarray:
    """Strokes thinned (``lighter``: the lightest pixel of each ``size`` square) or thickened (the darkest)."""
    import cv2

    kernel = np.ones((size, size), np.uint8)
    return (cv2.dilate if lighter else cv2.erode)(page.astype(np.float32), kernel)


def copy_edges(page: np.ndarray, index: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A copy of a bound sheet with the lid open: black borders round it, the binding's shadow fading in from one
    side (left on odd pages, right on even ones, as a book's pages lie), a dark grey wedge along the bottom where the
    sheet lay askew. Everything stays in the margins (the print is 13-18 mm in)."""
    height, width = page.shape
    page[: mm(rng.uniform(3, 5), dpi)] = rng.uniform(10, 30)  # the top edge: the lid's black
    page[:, : mm(2.5, dpi)] = 20.0
    solid, tail = mm(5.0, dpi), mm(6.0, dpi)  # the binding: black, then fading to paper
    across = np.arange(width, dtype=np.float32)
    from_side = across if index % 2 == 0 else width - 1 - across
    shadow = np.clip((from_side - solid) / tail, 0.0, 1.0) ** 1.6  # 0 black .. 1 paper
    page *= (0.08 + 0.92 * shadow)[None, :]
    wedge = np.linspace(mm(3.0, dpi), mm(11.0, dpi), width).round().astype(int)  # the bottom band, askew
    rows = np.arange(height)[:, None]
    page[rows >= height - wedge[None, :]] = rng.uniform(60, 80)
    return page


def copy_holes(page: np.ndarray, index: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A copy of a sheet punched for a ring binder: two black discs in the left margin, a dark band down the right
    edge (the copier's lid), the top edge dark grey."""
    from PIL import ImageDraw

    height, width = page.shape
    image = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    radius, centre_x = mm(3.0, dpi), mm(6.5, dpi)
    for share in (0.3, 0.7):  # the holes 80 mm apart, about the sheet's middle
        centre_y = round(height * share + rng.uniform(-1, 1) * mm(2, dpi))
        draw.ellipse((centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), fill=round(rng.uniform(5, 25)))
    out = np.asarray(image, dtype=np.float32).copy()
    out[:, width - mm(rng.uniform(6, 9), dpi) :] = rng.uniform(15, 35)
    out[: mm(4.0, dpi)] = rng.uniform(70, 100)
    return out


def blurred(page: np.ndarray, radius: float) -> np.ndarray:
    from PIL import ImageFilter

    image = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(radius))
    return np.asarray(image, dtype=np.float32)


def faded(page: np.ndarray, index: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A copy short of toner: print pale, paler in streaks along the drum, strokes thinned, flakes of toner missing
    (broken glyphs and rules), the copier's optics soft."""
    thin = grey_filter(page, 2, lighter=True)
    height, width = page.shape
    streaks = np.asarray(Image.fromarray(rng.uniform(0.4, 0.62, (1, 24)).astype(np.float32)).resize((width, 1),
                         Image.Resampling.BICUBIC), dtype=np.float32)  # fmt: skip
    ink = (255 - thin) * np.clip(streaks, 0.38, 0.64) * smooth_field(page.shape, 5, rng, 0.85, 1.0)
    flakes = Image.fromarray((rng.uniform(0, 1, (height // 2, width // 2)) < 0.05).astype(np.uint8) * 255)
    missing = np.asarray(flakes.resize((width, height), Image.Resampling.NEAREST)) > 0  # 2 × 2 pixel flakes
    ink[missing] *= 0.3
    return blurred(255 - ink, 0.6 * dpi / 200)


def dark_copy(page: np.ndarray, index: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A copy set too dark: strokes a pixel thicker, the paper grey with the toner's fine speckle all over it."""
    thick = grey_filter(page, 2, lighter=False)
    page = (255 - (255 - thick) * 1.3).clip(0, 255) * 0.82  # the paper 209, print black
    speckle = rng.uniform(0, 1, page.shape) < 0.015
    page[speckle] -= rng.uniform(40, 110, int(speckle.sum()))
    return blurred(page, 0.5 * dpi / 200)


def copy_of_copy(page: np.ndarray, index: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A copy of a copy: each generation blurred by the optics, fixed as toner takes (a threshold, uneven), shifted
    a little; strokes come out ragged, thin lines broken in places."""
    for generation in range(2):
        levels = blurred(page, 0.8 * dpi / 200) + rng.normal(0, 10, page.shape).astype(np.float32)
        page = np.where(levels < 140 + 10 * generation, 30.0, 248.0).astype(np.float32)
        turned = Image.fromarray(page.astype(np.uint8)).rotate(rng.uniform(-0.3, 0.3), fillcolor=248)
        page = np.asarray(turned, dtype=np.float32)
    return blurred(page, 0.5 * dpi / 200)


def bilevel(page: Image.Image) -> Image.Image:
    """A bilevel scanner's page: grey thresholded half way between paper and print."""
    return page.point(lambda level: 255 if level > 150 else 0).convert("1")


def pdf_of(pages: Sequence[Image.Image], **options: object) -> bytes:
    out = io.BytesIO()
    first, *rest = pages
    first.save(out, "PDF", save_all=True, append_images=rest, resolution=DPI, creationDate=MOMENT, modDate=MOMENT,
               **options)  # fmt: skip
    return out.getvalue()


def mmr_coded(page: Image.Image) -> bytes:
    """A bilevel page's T.6 (MMR) coding with 1 for black, as JBIG2 counts pixels: libtiff's G4 coder, one strip.

    Pillow's ``1`` mode is 1 for white and the coder's runs of 0 are white ones: the page goes in inverted.
    """
    out = io.BytesIO()
    ImageOps.invert(page.convert("L")).convert("1").save(out, "TIFF", compression="group4", tiffinfo={278: page.height})
    tags = Image.open(io.BytesIO(out.getvalue())).getexif()  # a TIFF's own tags
    (offset,), (count,) = (tags[273],), (tags[279],)  # the strip's offset and length
    return out.getvalue()[offset : offset + count]


def jbig2_segment(number: int, kind: int, data: bytes) -> bytes:
    """A JBIG2 segment of page 1: number, type, no referred-to segments, a one-byte page association, data length."""
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2_stream(page: Image.Image, dpi: int = DPI) -> bytes:
    """A bilevel page as an embedded JBIG2 stream (a PDF's ``/JBIG2Decode``): page information (type 48) and one
    immediate generic region (type 38) covering the page, MMR-coded."""
    width, height = page.size
    per_metre = round(dpi / 0.0254)
    information = struct.pack(">IIIIBH", width, height, per_metre, per_metre, 0, 0)  # flags 0, not striped
    region = struct.pack(">IIIIB", width, height, 0, 0, 0) + bytes([1]) + mmr_coded(page)  # at 0,0, OR; MMR
    return jbig2_segment(0, 48, information) + jbig2_segment(1, 38, region)


def jbig2_pdf(pages: Sequence[Image.Image], dpi: int = DPI) -> bytes:
    """A PDF of bilevel pages, each one JBIG2 image filling its page (written out object by object)."""
    bodies: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for page in pages:
        number = len(bodies) + 1
        width, height = page.width * 72 / dpi, page.height * 72 / dpi
        content = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q".encode()
        data = jbig2_stream(page, dpi)
        kids.append(f"{number} 0 R")
        bodies.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
            f"/Resources << /XObject << /Im0 {number + 2} 0 R >> >> /Contents {number + 1} 0 R >>".encode()
        )
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        bodies.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 "
            b"/Filter /JBIG2Decode /Length %d >>\nstream\n%s\nendstream" % (page.width, page.height, len(data), data)
        )
    bodies[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    table = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, table))
    return out.getvalue()


def tiff_of(pages: Sequence[Image.Image], **options: object) -> bytes:
    out = io.BytesIO()
    first, *rest = pages
    first.save(out, "TIFF", save_all=True, append_images=rest, **options)
    return out.getvalue()


def coloured(document: str, pages: list[Image.Image], seed: int) -> list[Image.Image]:
    """The grey pages as a colour scanner gives them: tinted paper, blue stamps over the suite's stamp words."""
    spec = scan_suite.suite()["documents"][document]
    words = tuple(spec["stamps"])
    marks = degrade.word_positions(document_pdf(document), words, DPI)
    out = []
    for index, page in enumerate(pages):
        grey = np.asarray(page, dtype=np.float32)
        rgb = np.stack([grey * tint for tint in PAPER_TINT], axis=2)
        for number, word in enumerate(words):
            at_page, x, y = marks[word]
            if at_page != index:
                continue
            rng = np.random.default_rng([seed, 1000 + number])
            diameter = round(degrade.STAMP_DIAMETER_MM / 25.4 * DPI)
            stamp = degrade.stamp_image(diameter, rng).rotate(rng.uniform(-40, 40), resample=Image.Resampling.BICUBIC)
            mask = np.asarray(stamp, dtype=np.float32) / 255
            height, width = mask.shape
            left, top = round(x - width / 2), round(y - height / 2)
            x0, y0 = max(left, 0), max(top, 0)
            x1, y1 = min(left + width, rgb.shape[1]), min(top + height, rgb.shape[0])
            part = mask[y0 - top : y1 - top, x0 - left : x1 - left, None]
            ink = np.array(BLUE_INK, dtype=np.float32) / 255
            rgb[y0:y1, x0:x1] *= 1 - part * (1 - ink)
        out.append(Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), mode="RGB"))
    return out


def strips_pdf(pages: list[Image.Image], count: int = 4) -> bytes:
    """Each page drawn as ``count`` image strips, one under another (reportlab)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, invariant=1)
    for page in pages:
        width, height = page.width * 72 / DPI, page.height * 72 / DPI
        sheet.setPageSize((width, height))
        bounds = np.linspace(0, page.height, count + 1).round().astype(int)
        for top, bottom in zip(bounds[:-1], bounds[1:], strict=True):
            strip = page.crop((0, int(top), page.width, int(bottom)))
            sheet.drawImage(ImageReader(strip), 0, height - bottom * 72 / DPI, width, (bottom - top) * 72 / DPI)
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def with_rotate(pdf: bytes, degrees: Sequence[int]) -> bytes:
    """``pdf`` with each page's ``/Rotate`` set (a viewer turns the page clockwise by it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page, turn in zip(writer.pages, degrees, strict=True):
        page.rotate(turn)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def typed_decision(document: str) -> bytes:
    """The decision's own first page, typed (a text layer): the heading an annex belongs to."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    lines = (
        "УКРАЇНА",
        "СЛАВУТСЬКА МІСЬКА РАДА",
        "ХМЕЛЬНИЦЬКОЇ ОБЛАСТІ",
        "РІШЕННЯ",
        "12 сесії міської ради VIII скликання",
        "від 16.02.2022 № 412",
        "",
        "Про затвердження Програми підтримки закладів охорони здоров’я",
        "Славутської міської територіальної громади на 2022-2024 роки",
        "",
        "Керуючись статтею 26 Закону України «Про місцеве самоврядування в Україні»,",
        "міська рада ВИРІШИЛА:",
        "1. Затвердити заходи Програми (додаток 3).",
        "2. Контроль за виконанням рішення покласти на постійну комісію з питань охорони здоров’я.",
        "",
        "Міський голова                                   Василь СИДОР",
    )
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4, invariant=1)
    sheet.setFont("DejaVuSans", 11)
    y = A4[1] - 72
    for line in lines:
        if line in ("УКРАЇНА", "РІШЕННЯ") or line.isupper():
            sheet.drawCentredString(A4[0] / 2, y, line)
        else:
            sheet.drawString(72, y, line)
        y -= 18
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def joined(*pdfs: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_of(page: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    page.save(out, "JPEG", quality=75, **options)
    return out.getvalue()


def exif_orientation(value: int) -> Image.Exif:
    """Exif that tells a viewer how to turn the stored pixels (6: a quarter turn clockwise)."""
    exif = Image.Exif()
    exif[274] = value
    return exif


def png_of(page: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    page.save(out, "PNG", **options)
    return out.getvalue()


def sideways(pages: list[Image.Image]) -> list[Image.Image]:
    """Landscape pages as a portrait scanner gives them: the first turned clockwise, the next anticlockwise, …"""
    turns = (Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_90)  # Pillow's turns are anticlockwise
    return [page.transpose(turns[index % 2]) for index, page in enumerate(pages)]


BUILDERS: dict[str, Callable[[Kind, list[Image.Image]], bytes]] = {
    "tiff-g4": lambda kind, pages: tiff_of([bilevel(page) for page in pages], compression="group4", dpi=(DPI, DPI)),
    "tiff-lzw": lambda kind, pages: tiff_of(pages, compression="tiff_lzw"),
    "jpeg": lambda kind, pages: jpeg_of(pages[0], dpi=(DPI, DPI)),
    "png-72": lambda kind, pages: png_of(pages[0], dpi=(72, 72)),
    "jpeg-exif": lambda kind, pages: jpeg_of(
        pages[0].transpose(Image.Transpose.ROTATE_90), dpi=(DPI, DPI), exif=exif_orientation(6)
    ),
    "pdf-g4": lambda kind, pages: pdf_of([bilevel(page) for page in pages]),
    "pdf-jbig2": lambda kind, pages: jbig2_pdf([bilevel(page) for page in pages]),
    "pdf-colour": lambda kind, pages: pdf_of(coloured(kind.document, pages, 7), quality=70),
    "pdf-strips": lambda kind, pages: strips_pdf(pages),
    "pdf-upside-down": lambda kind, pages: pdf_of([page.rotate(180) for page in pages], quality=75),
    "pdf-sideways": lambda kind, pages: pdf_of(sideways(pages), quality=75),
    "pdf-sideways-rotate": lambda kind, pages: with_rotate(pdf_of(sideways(pages), quality=75), (270, 90)),
    "pdf-mixed": lambda kind, pages: joined(typed_decision(kind.document), pdf_of(pages, quality=75)),
    "copy-edges": lambda kind, pages: pdf_of(pages, quality=75),
    "copy-holes": lambda kind, pages: tiff_of([bilevel(page) for page in pages], compression="group4", dpi=(DPI, DPI)),
    "copy-dark": lambda kind, pages: pdf_of(pages, quality=75),
    "png-1bit": lambda kind, pages: png_of(bilevel(pages[0]), dpi=(DPI, DPI)),
    "jpeg-600": lambda kind, pages: jpeg_of(pages[0], dpi=(600, 600)),
    "tiff-300-at-72": lambda kind, pages: tiff_of(pages, compression="tiff_lzw", dpi=(72, 72)),
}
# What the sheet went through before it reached the scanner (a photocopier), for the kinds that are copies.
COPIERS: dict[str, Copier] = {
    "copy-edges": copy_edges,
    "copy-holes": copy_holes,
    "copy-dark": dark_copy,
}


def build(name: str) -> bytes:
    """The bytes of one kind."""
    kind = KINDS[name]
    return BUILDERS[name](kind, scanned(kind.document, sum(map(ord, name)), kind.dpi, COPIERS.get(name)))


def cached(name: str, folder: Path | None = None) -> Path:
    """The file of one kind, built once under ``folder`` (a temporary folder by default)."""
    kind = KINDS[name]
    key = hashlib.sha256(
        name.encode() + document_pdf(kind.document) + Path(__file__).read_bytes() + Path(degrade.__file__).read_bytes()
    ).hexdigest()[:20]
    folder = folder or Path(tempfile.gettempdir()) / "extractor-scanner-kinds"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind.document}-{name}-{key}{kind.suffix}"
    if not path.exists():
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(build(name))
        os.replace(partial, path)
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", help="folder to write the kinds into")
    parser.add_argument("kinds", nargs="*", help="kinds to build (all by default)")
    parser.add_argument("--list", action="store_true", help="list the kinds and exit")
    args = parser.parse_args(argv)
    if args.list or args.out is None:
        for kind in KINDS.values():
            print(f"{kind.name:20} {kind.document:14} {kind.about}")
        return
    unknown = [name for name in args.kinds if name not in KINDS]
    if unknown:
        parser.error(f"unknown kind(s): {', '.join(unknown)} (--list names them)")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.kinds or KINDS:
        path = args.out / f"{KINDS[name].document}-{name}{KINDS[name].suffix}"
        path.write_bytes(build(name))
        print(path)


if __name__ == "__main__":
    main()
