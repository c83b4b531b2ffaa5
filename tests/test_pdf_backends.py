"""Issue 14: pdfium reads every PDF of the repository as pdfplumber did, so the extraction is the same.

The PDF parser reads a page's characters and drawn edges with pdfium
(``parsers/pdf/pdfium.py``) and falls back to pdfplumber for a page pdfium
cannot read as pdfminer would. Both backends stay selectable, and every PDF
test document is read by both here: the samples, the layout and real-layout
PDFs, scans, PDFs drawn by reportlab (ruled, unruled, fake bold, repeated
headers, a serif font), the mixed text-and-scan PDF, and damaged copies (cut,
flipped, wiped, and the fuzzer's PDF mutants). Compared are

* each page's objects: the same characters in the same order, the same edges
  and pictures (positions within ``TOLERANCE``: pdfium computes in single
  precision, pdfminer in double);
* each page's content as the parser's later steps see it (paragraphs, table
  fragments, cells and their lines);
* the parsed document and the document JSON, exactly (only boxes, which the
  JSON does not carry, within ``TOLERANCE``); a damaged file fails with the
  same error class on both, in one short line.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

import pytest

from extractor.errors import DamagedFileError, EncryptedFileError, ExtractorError
from extractor.export.json import document_dict
from extractor.parsers import pdf
from extractor.parsers.pdf.document import PageReader
from extractor.parsers.pdf.page import read_page
from extractor.parsers.pdf.structure import Structure
from extractor.pipeline import normalised
from tests import pdf_builder
from tests.pdf_builder import Table

from .conftest import ROOT, SAMPLES
from .test_damaged_inputs import damaged

# Points: single against double precision leaves differences of a few ten-thousandths of a point.
TOLERANCE = 0.01
# The longest reason a damaged PDF may give: a line for the terminal, never the file's raw content.
MAX_REASON = 200

REPO_PDFS = sorted(
    path.relative_to(ROOT).as_posix()
    for path in (*SAMPLES.glob("*.pdf"), *(ROOT / "tests" / "data").rglob("*.pdf"))
    if subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=ROOT, capture_output=True).returncode == 0
)


def row(number, measure, funding="2021р.-5,0"):
    return [number, "Розвиток\nтестування" if number else None, measure, "2021 рік", "Відділ освіти",
            "Кошти міського\nбюджету", funding, "Результат"]  # fmt: skip


PAGES = [
    [row("1.", "1. Закупівля обладнання для\nлабораторії контролю", "2021р.-10,0\n2022р.-12,5"),
     row("", "2. Навчання фахівців з питань\nстандартизаці", "2021р.-1 200,0")],
    [row(None, "ї та метрології"), row("", "3. Звіт про виконання", "Фінансування не\nпотребує")],
]  # fmt: skip


def built() -> dict[str, Callable[[], bytes]]:
    """PDFs drawn by reportlab the ways the PDF tests draw them."""
    return {
        "built-ruled": lambda: pdf_builder.build(Table(pages=PAGES)),
        "built-unruled": lambda: pdf_builder.build(Table(pages=PAGES, ruled=False)),
        "built-fake-bold": lambda: pdf_builder.build(Table(pages=PAGES, fake_bold=True)),
        "built-repeated-header": lambda: pdf_builder.build(Table(pages=PAGES, repeat_header=True)),
        "built-serif": lambda: pdf_builder.build(Table(pages=PAGES, font="DejaVuSerif")),
        "built-scan": pdf_builder.image_only_pdf,
        "built-standard-fonts": standard_fonts,
        "built-character-spacing": lambda: standard_fonts(character_spacing=0.5),
        "built-actual-text": actual_text,
        "built-turned-180": lambda: turned_text(180),
        "built-turned-90": lambda: turned_text(90),
        "built-lone-space": lambda: lone_space("DejaVuSans"),
        "built-lone-space-standard-font": lambda: lone_space("Helvetica"),
        "built-lone-space-and-thin-space": lambda: lone_space("DejaVuSans", amount="1\u2009200,0"),
    }


def lone_space(font: str, amount: str = "1 200,0") -> bytes:
    """A space drawn alone, nothing after it on its line (a tagged LibreOffice export's empty cell), and words."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if font in pdf_builder.FONT_PATHS:
        pdfmetrics.registerFont(TTFont(font, pdf_builder.FONT_PATHS[font]))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(font, 12)
    embedded = font in pdf_builder.FONT_PATHS
    pdf.drawString(50, 700, "Виконавці заходу" if embedded else "Executors")  # a standard font has no Cyrillic
    pdf.drawString(300, 680, " ")
    pdf.drawString(50, 660, "Кошти міського бюджету" if embedded else "City budget")
    pdf.drawString(50, 640, amount)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def standard_fonts(character_spacing: float = 0.0) -> bytes:
    """Text in the PDF's standard fonts (not embedded): raised, scaled by the matrix, word-spaced, character-spaced."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800.0
    for font in ("Helvetica", "Times-Roman", "Courier", "Helvetica-Bold"):
        pdf.setFont(font, 11)
        pdf.drawString(50, y, "Programme of measures 2021-2022, total 1 200,0 thousand UAH; fi fl (AVAWAY) Tr.")
        pdf.saveState()
        pdf.translate(300, y - 20)
        pdf.scale(1.5, 1.5)
        pdf.drawString(0, 0, "scaled by the matrix")
        pdf.restoreState()
        text = pdf.beginText(50, y - 40)
        text.setCharSpace(character_spacing)
        text.setRise(3)
        text.textOut("raised ")
        text.setRise(0)
        text.textOut("and not, ")  # a second string shown where the first ended
        text.setWordSpace(2)
        text.textOut("words spaced wider")
        pdf.drawText(text)
        y -= 60
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def actual_text() -> bytes:
    """A glyph marked as standing for other text (``/ActualText``): pdfium reads the text, pdfminer the glyph."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica", 12)
    pdf._code.append("/Span <</ActualText (x) >> BDC")  # noqa: SLF001 - reportlab writes no marked content itself
    pdf.drawString(50, 700, "f")
    pdf._code.append("EMC")  # noqa: SLF001
    pdf.drawString(50, 680, "plain text")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def turned_text(angle: float) -> bytes:
    """Upright words, words turned by ``angle`` degrees (a narrow header cell's, at 90) and mirrored ones."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(50, 700, "upright words")
    for x, y, turn, mirror in ((300, 500, angle, 1), (100, 300, 0, -1)):
        pdf.saveState()
        pdf.translate(x, y)
        pdf.rotate(turn)
        pdf.scale(1, mirror)
        pdf.drawString(0, 0, "turned text" if turn else "mirrored text")
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def mixed() -> bytes:
    from .test_pdf_ocr import mixed_pdf  # a page image and a page of unmapped glyphs among text pages

    return mixed_pdf()


@functools.cache
def fuzzed() -> dict[str, bytes]:
    """The PDF mutants of the hostile-archive fuzzer (``tools/make_hostile.py``), as its test makes them."""
    from .test_hostile import make_hostile

    return {name.decode(): content for name, content in make_hostile.mutants(200, 1313) if name.endswith(b".pdf")}


# Built to fall back, where pdfium and pdfminer read the same content apart (``structure.content_trouble``).
FALLING_BACK = {
    "built-character-spacing": "page 1: character spacing (Tc); its text layer read by pdfplumber",
    "built-actual-text": "page 1: marked content with /ActualText; its text layer read by pdfplumber",
    "built-turned-90": "page 1: sheared or turned text; its text layer read by pdfplumber",
    # The font maps a thin space besides the space: which of them the lone ink-less glyph is, is unknown.
    "built-lone-space-and-thin-space": "page 1: a text object of spaces or nothing; its text layer read by pdfplumber",
}
DAMAGED = {f"damaged-{seed}": seed for seed in range(12)}
FUZZED = [f"mutant-{number:03d}.pdf" for number in (18, 19, 38, 39, 58, 59, 78, 79, 98, 99)]


@functools.cache
def document_bytes(name: str) -> bytes:
    if name in REPO_PDFS:
        return (ROOT / name).read_bytes()
    if name in DAMAGED:
        return damaged((SAMPLES / "decision-1911.pdf").read_bytes(), DAMAGED[name])
    if name == "mixed":
        return mixed()
    if name.startswith("mutant-"):
        return fuzzed()[name]
    return built()[name]()


ALL = [*REPO_PDFS, *built(), "mixed", *DAMAGED, *FUZZED]


def differences(first: Any, second: Any, where: str = "") -> Iterator[str]:
    """Where two values differ: floats by more than ``TOLERANCE``, anything else at all."""
    if isinstance(first, float) and isinstance(second, float | int) or isinstance(second, float) and isinstance(first, int):
        if not math.isclose(first, second, rel_tol=0, abs_tol=TOLERANCE):
            yield f"{where}: {first!r} != {second!r}"
    elif type(first) is not type(second):
        yield f"{where}: {first!r} != {second!r}"
    elif dataclasses.is_dataclass(first):
        for item in dataclasses.fields(first):
            yield from differences(getattr(first, item.name), getattr(second, item.name), f"{where}.{item.name}")
    elif isinstance(first, tuple | list):
        if len(first) != len(second):
            yield f"{where}: {len(first)} items != {len(second)} items"
        else:
            for index, (a, b) in enumerate(zip(first, second, strict=True)):
                yield from differences(a, b, f"{where}[{index}]")
    elif isinstance(first, dict):
        if first.keys() != second.keys():
            yield f"{where}: keys {sorted(first)} != {sorted(second)}"
        else:
            for key in first:
                yield from differences(first[key], second[key], f"{where}[{key!r}]")
    elif first != second:
        yield f"{where}: {first!r} != {second!r}"


def first_differences(first: Any, second: Any, count: int = 5) -> list[str]:
    found = []
    for difference in differences(first, second):
        found.append(difference)
        if len(found) == count:
            break
    return found


def pages_by_both(data: bytes) -> Iterator[tuple[Any, Any]]:
    """Each page's objects as pdfium (or its fallback) and as pdfplumber read them."""
    structure = Structure(data)
    fast, slow = PageReader(data, structure, "pdfium"), PageReader(data, structure, "pdfplumber")
    try:
        for index in range(len(structure)):
            yield fast.read(index), slow.read(index)
    finally:
        fast.close()
        slow.close()


def parse_by(backend: str, data: bytes, name: str) -> Any:
    """The parsed document, its JSON and notes; or the error's class and reason."""
    try:
        parsed = pdf.parse(data, name, "0" * 64, backend=backend)
    except ExtractorError as error:
        return type(error), str(error)
    return parsed


def document_json(parsed: Any) -> Any:
    """The document JSON of a parsed PDF; or the error's class and reason."""
    try:
        return document_dict(normalised(parsed))
    except ExtractorError as error:
        return type(error), str(error)


class PagesNotOcrd:
    """Stands in for the OCR of pages whose text layer is unusable: the page as read, noted, the same on both backends."""

    workers = 1

    def __init__(self, data: bytes) -> None:
        pass

    def submit(self, content: Any) -> Future:
        done: Future = Future()
        done.set_result(dataclasses.replace(content, note=f"page {content.number}: OCR left out"))
        return done

    def close(self) -> None:
        pass


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """OCR left out (what it reads does not depend on the backend, and would cost seconds a page twice)."""
    from extractor.parsers import ocr

    monkeypatch.setattr(pdf.document, "PageOcr", PagesNotOcrd)
    monkeypatch.setattr(ocr, "parse", lambda data, file_name, sha256: ("scan", file_name))


@pytest.mark.parametrize("name", ALL)
def test_pages_read_alike(name: str) -> None:
    data = document_bytes(name)
    try:
        pages = list(pages_by_both(data))
    except ExtractorError as error:
        assert isinstance(error, DamagedFileError | EncryptedFileError), error
        return
    for fast, slow in pages:
        assert [char.text for char in fast.chars] == [char.text for char in slow.chars], f"page {fast.number}"
        assert first_differences(fast, dataclasses.replace(slow, note=fast.note)) == [], f"page {fast.number}"
        assert first_differences(read_page(fast), dataclasses.replace(read_page(slow), backend_note=fast.note)) == []


# Printed by Chromium (``chromium --headless --print-to-pdf`` of tests/data/html/decision-1911.html): every glyph, a
# space too, is a text object of its own, and pdfium leaves a space's out of its text page (it has no ink).
BROWSER_PRINTED = "tests/data/pdf/decision-1911-chromium.pdf"
# Exported by LibreOffice as tagged PDF/A-2 (``soffice --convert-to 'pdf:writer_pdf_Export:{"SelectPdfVersion":
# {"type":"long","value":"2"},"UseTaggedPDF":{"type":"boolean","value":"true"}}' samples/decision-1911.docx``): a
# cell holding a space alone is such a text object too, with nothing after it on its line to tell how many.
TAGGED = "tests/data/pdf/decision-1911-tagged.pdf"


@pytest.mark.parametrize("name", REPO_PDFS)
def test_repository_pdfs_are_read_by_pdfium(name: str) -> None:
    """No page of the repository's PDFs falls back: a comparison of pdfplumber with itself proves nothing."""
    for fast, _ in pages_by_both(document_bytes(name)):
        assert fast.note is None, fast.note


@pytest.mark.parametrize("name", sorted(FALLING_BACK))
def test_pages_built_to_fall_back_do(name: str) -> None:
    assert [fast.note for fast, _ in pages_by_both(document_bytes(name))] == [FALLING_BACK[name]]


def test_a_tagged_pdf_s_lone_spaces_are_read_as_its_fonts_spaces() -> None:
    """A cell's lone space, an ink-less object pdfium leaves out, is the one ink-less glyph of its font: a space."""
    pages = list(pages_by_both(document_bytes(TAGGED)))
    assert [fast.note for fast, _ in pages] == [None] * 8
    for fast, slow in pages:  # one space in an empty cell on each of the first seven pages, where pdfminer has it
        assert [(char.text, round(char.x0, 1)) for char in fast.chars] == [(char.text, round(char.x0, 1)) for char in slow.chars]


@pytest.mark.parametrize("name", ["built-lone-space", "built-lone-space-standard-font"])
def test_a_lone_space_is_read_by_pdfium_where_pdfminer_has_it(name: str) -> None:
    ((fast, slow),) = pages_by_both(document_bytes(name))
    assert fast.note is None
    alone = [(char.text, char.x0, char.x1, char.top) for char in fast.chars if 299 < char.x0 < 301]
    expected = [(char.text, char.x0, char.x1, char.top) for char in slow.chars if 299 < char.x0 < 301]
    assert len(alone) == 1 and alone[0][0] == " " and first_differences(alone, expected) == []


def test_a_browser_s_spaces_are_read_where_the_next_glyph_starts() -> None:
    """Each space a text object of its own, left out by pdfium: put back from the gap to the next glyph."""
    pages = list(pages_by_both(document_bytes(BROWSER_PRINTED)))
    assert len(pages) == 9 and [fast.note for fast, _ in pages] == [None] * 9
    assert sum(char.text == " " for fast, _ in pages for char in fast.chars) > 300


@pytest.mark.usefixtures("without_ocr")
@pytest.mark.parametrize("name", ALL)
def test_same_extraction(name: str) -> None:
    data = document_bytes(name)
    fast, slow = parse_by("pdfium", data, name), parse_by("pdfplumber", data, name)
    if isinstance(slow, tuple):
        assert isinstance(fast, tuple) and fast[0] == slow[0], (fast, slow)
        if isinstance(slow[0], type):  # an error: one short line on both
            assert all(len(reason) <= MAX_REASON and "\n" not in reason for reason in (fast[1], slow[1])), (fast, slow)
        return
    assert not isinstance(fast, tuple), fast
    # pdfium's notes: pdfplumber's, and one for each page (or the whole file) pdfplumber read instead.
    fallbacks = [note for note in fast.notes if note not in slow.notes]
    assert [note for note in fast.notes if note in slow.notes] == list(slow.notes)
    assert all(note.endswith("read by pdfplumber") and len(note) <= MAX_REASON for note in fallbacks), fallbacks
    if name in REPO_PDFS or (name.startswith("built-") and name not in FALLING_BACK):
        assert fallbacks == []
    assert first_differences(fast, dataclasses.replace(slow, notes=fast.notes)) == []
    assert document_json(fast) == document_json(dataclasses.replace(slow, notes=fast.notes))


def test_the_backend_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = []
    real = PageReader.__init__

    def spy(self, data, structure, backend="pdfium"):
        chosen.append(backend)
        real(self, data, structure, backend)

    monkeypatch.setattr(PageReader, "__init__", spy)
    data = document_bytes("tests/data/layouts/sources-3.pdf")
    pdf.parse(data, "a.pdf", "0" * 64)
    monkeypatch.setenv(pdf.document.BACKEND_VARIABLE, "pdfplumber")
    pdf.parse(data, "a.pdf", "0" * 64)
    assert chosen == ["pdfium", "pdfplumber"]


def test_fuzzed_mutants_are_the_ones_the_fuzzer_writes() -> None:
    assert set(FUZZED) <= set(fuzzed())


def turned(data: bytes, page: int) -> bytes:
    """``data`` with page ``page`` (1-based) turned by 90°: pdfium's reading of a turned page is left to pdfplumber."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.pages[page - 1].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_page_pdfium_cannot_say_is_read_by_pdfplumber_and_noted() -> None:
    data = turned(document_bytes("tests/data/pdf/decision-1911-11pt.pdf"), 2)
    fast, slow = parse_by("pdfium", data, "turned.pdf"), parse_by("pdfplumber", data, "turned.pdf")
    assert fast.notes == ("page 2: page turned by 90°; its text layer read by pdfplumber",)
    assert slow.notes == ()
    assert first_differences(fast, dataclasses.replace(slow, notes=fast.notes)) == []


def test_pdfium_failing_on_a_page_leaves_it_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    from extractor.parsers.pdf.pdfium import PdfiumPages

    real = PdfiumPages.read

    def failing(self, index):
        if index == 2:
            raise pypdfium2.PdfiumError("Failed to load page.")
        return real(self, index)

    monkeypatch.setattr(PdfiumPages, "read", failing)
    data = document_bytes("samples/decision-1911.pdf")
    fast, slow = parse_by("pdfium", data, "a.pdf"), parse_by("pdfplumber", data, "a.pdf")
    assert fast.notes == ("page 3: pdfium failed (PdfiumError: Failed to load page.); its text layer read by pdfplumber",)
    assert first_differences(fast, dataclasses.replace(slow, notes=fast.notes)) == []


def test_a_file_pdfium_cannot_open_is_read_by_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    from extractor.parsers.pdf import pdfium

    def refusing(self, data, structure):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pdfium.PdfiumPages, "__init__", refusing)
    data = document_bytes("tests/data/layouts/sources-3.pdf")
    fast, slow = parse_by("pdfium", data, "a.pdf"), parse_by("pdfplumber", data, "a.pdf")
    assert fast.notes == ("pdfium cannot open the file (PdfiumError: Failed to load document (PDFium: Data format error).); "
                          "read by pdfplumber",)  # fmt: skip
    assert dataclasses.replace(fast, notes=()) == slow
