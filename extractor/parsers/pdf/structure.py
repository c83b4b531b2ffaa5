"""The PDF's structure as pdfminer reads it (no content streams): pages, their boxes, and what their fonts say.

pdfium reads the pages, but a character's box comes from its font as pdfminer
reads it (``pdfminer.pdffont``): its advance from the font's widths, its height
from the font's descent, and a hyphen pdfium marks at a line end (``-`` or a soft
hyphen) from the font's map. Opening the file with pdfminer also tells damaged
and encrypted files apart as before.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, dict_value, list_value, resolve1, stream_value
from pdfminer.psparser import literal_name

from ...errors import DamagedFileError, EncryptedFileError

# A subset font's name starts with six capitals and a plus: ``BAAAAA+LiberationSerif``.
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
HYPHENS = ("-", "\xad")
# A horizontal scaling operator in a content stream: ``90 Tz``.
SCALING = re.compile(rb"(?<![\w.+-])([-+]?\d*\.?\d+)\s*Tz(?![\w])")
# A character spacing operator: ``0.5 Tc``; a word spacing one: ``2 Tw``.
CHARACTER_SPACING = re.compile(rb"(?<![\w.+-])([-+]?\d*\.?\d+)\s*Tc(?![\w])")
WORD_SPACING = re.compile(rb"(?<![\w.+-])([-+]?\d*\.?\d+)\s*Tw(?![\w])")


def short_reason(error: BaseException) -> str:
    """One short line naming what broke: the exception's type and the start of its message."""
    message = " ".join(str(error).split())
    if len(message) > 80:
        message = message[:77] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def stripped(name: str) -> str:
    return SUBSET_PREFIX.sub("", name)


class Font:
    """One font as pdfminer reads it: its descent, and each character's advance by the text it stands for.

    pdfium names a character by its text alone; the glyph behind it, and so its
    advance (pdfminer's ``char_width``), is found by reading the font's map
    backwards. A text two glyphs of different advances share, or one pdfminer
    would not give, is no width at all (``None``): pdfium and pdfminer read it apart.
    """

    def __init__(self, font: Any) -> None:
        self.font = font
        self.descent: float = font.get_descent()
        self.measurable = not font.is_vertical() and type(font).__name__ != "PDFType3Font"
        self.identity = type(getattr(font, "unicode_map", None)).__name__ == "IdentityUnicodeMap"
        self._widths: dict[str, float | None] | None = None
        self.known: dict[str, float | None] = {}  # the widths asked for so far
        self.advances: dict[str, tuple[float, float]] = {}  # the advances asked for so far

    @property
    def widths(self) -> dict[str, float | None]:
        """Each text's advance, the font's ``/ToUnicode`` map first: a code it leaves out reads by the encoding."""
        if self._widths is None:
            mapped = getattr(getattr(self.font, "unicode_map", None), "cid2unichr", {})
            by_map: dict[str, set[float]] = {}
            by_encoding: dict[str, set[float]] = {}
            for cid in self.cids():
                try:
                    text = self.font.to_unichr(cid)
                except Exception:  # noqa: BLE001 - PDFUnicodeNotDefined: pdfminer writes "(cid:N)" for it
                    continue
                (by_map if cid in mapped else by_encoding).setdefault(text, set()).add(self.font.char_width(cid))
            found = {text: widths for text, widths in by_encoding.items() if text not in by_map} | by_map
            self._widths = {text: next(iter(widths)) if len(widths) == 1 else None for text, widths in found.items()}
        return self._widths

    def cids(self) -> Any:
        """The character ids this font can show: a simple font's 256 codes, a CID font's mapped ids."""
        if not self.font.is_multibyte():
            return range(256)
        return list(getattr(getattr(self.font, "unicode_map", None), "cid2unichr", ()))

    def width(self, text: str) -> float | None:
        try:
            return self.known[text]
        except KeyError:
            pass
        self.known[text] = width = self.identity_width(text) if self.identity else self.widths.get(text)
        return width

    def identity_width(self, text: str) -> float | None:
        """An identity map's width: each id stands for the character of that number."""
        return self.font.char_width(ord(text)) if len(text) == 1 else None

    def advance(self, text: str) -> tuple[float, float]:
        """``text``'s width, and what pdfium's advance by it falls short of pdfminer's; ``CannotSay`` when there is none.

        pdfium advances by the width cut to whole thousandths of an em, pdfminer by the width itself.
        """
        try:
            return self.advances[text]
        except KeyError:
            pass
        width = self.width(text)
        if width is None:
            from .pdfium import CannotSay

            raise CannotSay("a character its font does not map back to one glyph")
        self.advances[text] = found = (width, width - math.floor(width * 1000 + 1e-6) / 1000)
        return found

    @property
    def hyphen(self) -> str | None:
        """The one hyphen (``-`` or a soft hyphen) this font spells, when it spells one and not the other."""
        found = [hyphen for hyphen in HYPHENS if self.width(hyphen) is not None]
        return found[0] if len(found) == 1 else None


class PageFonts:
    """One page's fonts by the name pdfium gives them (the subset prefix dropped)."""

    def __init__(self, resources: Any, manager: Any, known: dict[int, Font]) -> None:
        self.fonts: dict[str, list[Font]] = {}
        self.manager = manager  # pdfminer's PDFResourceManager: the document's fonts, each read once
        self.known = known  # the document's fonts wrapped so far, by pdfminer font
        with contextlib.suppress(Exception):  # damaged resources: the fonts not found send their text to pdfplumber
            self.collect(resources, set())

    def collect(self, resources: Any, seen: set[int]) -> None:
        resources = dict_value(resources)
        for reference in dict_value(resources.get("Font", {})).values():
            try:
                spec = dict_value(reference)
                font = self.manager.get_font(getattr(reference, "objid", None), spec)
            except Exception:  # noqa: BLE001 - a broken font resource: the text set in it is read by pdfplumber
                continue
            names = {stripped(literal_name(spec.get("BaseFont", "unknown"))), stripped(getattr(font, "basefont", "unknown"))}
            wrapped = self.wrap(font)
            for name in names:
                if all(known.font is not font for known in self.fonts.get(name, [])):
                    self.fonts.setdefault(name, []).append(wrapped)
        for xobject in dict_value(resources.get("XObject", {})).values():
            stream = resolve1(xobject)
            if isinstance(stream, PDFStream) and id(stream) not in seen and literal_name(stream.get("Subtype")) == "Form":
                seen.add(id(stream))
                self.collect(stream.get("Resources", {}), seen)

    def wrap(self, font: Any) -> Font:
        if id(font) not in self.known:
            self.known[id(font)] = Font(font)  # each font's map read backwards once per document
        return self.known[id(font)]

    def get(self, name: str, texts: list[str]) -> Font | None:
        """The font pdfium names so: the page's only one of that name, or the one whose map gives every one of ``texts``.

        None when no font or several fit (a text the only font does not map is caught where its width is asked).
        """
        candidates = self.fonts.get(stripped(name), [])
        if len(candidates) == 1:
            return candidates[0]
        fitting = [font for font in candidates if all(font.width(text) is not None for text in texts)]
        return fitting[0] if len(fitting) == 1 else None

    def only(self, name: str) -> bool:
        """Whether the page has one font of pdfium's name ``name``: then every text object set in it has that font."""
        return len(self.fonts.get(stripped(name), [])) == 1


@dataclass
class PageBox:
    """A page's media box as pdfplumber takes it, and its rotation."""

    x0: float
    top: float
    x1: float
    bottom: float
    rotation: int

    @property
    def height(self) -> float:
        return self.bottom - self.top


class Structure:
    """The document opened by pdfminer: its pages, each with its box and fonts (read when first asked for)."""

    def __init__(self, data: bytes) -> None:
        if b"%%EOF" not in data[-2048:]:
            raise DamagedFileError("damaged PDF: truncated (no end-of-file marker)")
        try:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
            self.pages = list(PDFPage.create_pages(document))
            self.boxes = [page_box(page) for page in self.pages]
        except (PDFPasswordIncorrect, PDFEncryptionError) as error:
            raise EncryptedFileError("encrypted PDF (password-protected); remove the password and try again") from error
        except Exception as error:  # noqa: BLE001 - pdfminer raises anything from KeyError to struct.error on a broken file
            raise DamagedFileError(f"damaged PDF ({short_reason(error)})") from error
        self.fonts: dict[int, PageFonts] = {}
        self.manager: Any = None
        self.known_fonts: dict[int, Font] = {}
        self.sound_streams: dict[int, bool] = {}  # font programs and maps by object: whether each inflates whole

    def __len__(self) -> int:
        return len(self.pages)

    def content_trouble(self, index: int) -> str | None:
        """Why page ``index`` is better read by pdfplumber, judged from its content streams (``content_trouble``)."""
        try:
            return content_trouble(self.pages[index]) or self.font_trouble(self.pages[index].resources)
        except Exception as error:  # noqa: BLE001 - pdfminer raises anything on a damaged stream
            return f"content streams unreadable ({short_reason(error)})"

    def font_trouble(self, resources: Any) -> str | None:
        """Why the page's fonts may read differently in pdfium and pdfminer: an embedded font or map that is damaged.

        pdfium takes glyphs from the embedded font program (and leaves out those
        it cannot find), pdfminer only the widths and the ``/ToUnicode`` map; a
        damaged program or map is read apart. Each stream is inflated once a document.
        """
        for font in font_dicts(resources):
            for kind, stream in font_streams(font):
                if not isinstance(stream, PDFStream):
                    return f"a damaged {kind}"  # named, but no stream there
                key = stream.objid if stream.objid is not None else id(stream)
                if key not in self.sound_streams:
                    self.sound_streams[key] = inflated(stream) is not None
                if not self.sound_streams[key]:
                    return f"a damaged {kind}"
        return None

    def page_fonts(self, index: int) -> PageFonts:
        if index not in self.fonts:
            if self.manager is None:
                self.manager = PDFResourceManager(caching=True)
            self.fonts = {index: PageFonts(self.pages[index].resources, self.manager, self.known_fonts)}  # this page's
        return self.fonts[index]


def content_trouble(page: PDFPage) -> str | None:
    """Why the page's content may read differently in pdfium and pdfminer, if it may: damage, or scaled text.

    A compressed content stream that does not inflate whole is damaged: pdfminer
    and pdfium each salvage what they can of it, not the same. A horizontal
    scaling (``Tz``) other than 100 % widens glyphs where pdfium does not say.
    A character spacing (``Tc``) other than 0 pdfium adds after every glyph, as
    the standard says, and pdfminer not after a string's last one: the next
    string shown without a move starts elsewhere. A word spacing (``Tw``) pdfium
    adds after a one-byte code 32 only, pdfminer after character id 32 in a
    composite font too (a letter there). Marked content with an ``/ActualText``
    pdfium reads as that text, pdfminer as the glyphs drawn.
    """
    streams = [stream_value(stream) for stream in list_value(page.contents)] if page.contents else []
    for xobject in dict_value(dict_value(page.resources).get("XObject", {})).values():
        stream = resolve1(xobject)
        if isinstance(stream, PDFStream) and literal_name(stream.get("Subtype")) == "Form":
            streams.append(stream)
    properties = dict_value(dict_value(page.resources).get("Properties", {}))
    if any("ActualText" in dict_value(value) for value in properties.values()):
        return "marked content with /ActualText"
    for stream in streams:
        data = inflated(stream)
        if data is None:
            return "a damaged content stream"
        for value in SCALING.findall(data) if b"Tz" in data else ():
            if float(value) != 100.0:
                return "text scaled horizontally (Tz)"
        for value in CHARACTER_SPACING.findall(data) if b"Tc" in data else ():
            if float(value) != 0.0:
                return "character spacing (Tc)"
        if b"ActualText" in data:
            return "marked content with /ActualText"
        spaced = b"Tw" in data and any(float(value) != 0.0 for value in WORD_SPACING.findall(data))
        if spaced and any(literal_name(font.get("Subtype")) == "Type0" for font in font_dicts(page.resources)):
            return "word spacing (Tw) with a composite font"
    return None


def font_dicts(resources: Any, seen: set[int] | None = None) -> Any:
    """The font dictionaries a page's resources name, its forms' included (each form once)."""
    seen = set() if seen is None else seen
    resources = dict_value(resources)
    for reference in dict_value(resources.get("Font", {})).values():
        font = resolve1(reference)
        if isinstance(font, dict):
            yield font
    for xobject in dict_value(resources.get("XObject", {})).values():
        stream = resolve1(xobject)
        if isinstance(stream, PDFStream) and id(stream) not in seen and literal_name(stream.get("Subtype")) == "Form":
            seen.add(id(stream))
            yield from font_dicts(stream.get("Resources", {}), seen)


def font_streams(font: dict[str, Any]) -> list[tuple[str, Any]]:
    """A font's ``/ToUnicode`` map and embedded font programs (a composite font's from its descendant), as named."""
    fonts = [font]
    descendants = resolve1(font.get("DescendantFonts"))
    if isinstance(descendants, list):
        fonts += [item for item in map(resolve1, descendants) if isinstance(item, dict)]
    streams = [("/ToUnicode map", resolve1(font["ToUnicode"]))] if "ToUnicode" in font else []
    for item in fonts:
        descriptor = resolve1(item.get("FontDescriptor"))
        if isinstance(descriptor, dict):
            streams += [
                ("embedded font", resolve1(descriptor[key]))
                for key in ("FontFile", "FontFile2", "FontFile3")
                if key in descriptor
            ]
    return streams


def inflated(stream: PDFStream) -> bytes | None:
    """A stream's data decoded as pdfminer decodes it, or None when a compressed part of it is damaged."""
    data = stream.get_rawdata()
    if data is None:
        return stream.get_data()  # decoded already
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)  # type: ignore[arg-type]
    for name, _ in stream.get_filters():
        if name not in LITERALS_FLATE_DECODE:
            return stream.get_data()  # other filters: pdfminer's own decoding, unchecked
        try:
            data = zlib.decompress(data)
        except zlib.error:
            return None
    return data


def page_box(page: PDFPage) -> PageBox:
    """pdfplumber's ``Page.mediabox`` (corners sorted, no rotation applied) and ``Page.rotation``."""
    box = [resolve1(value) for value in list_value(resolve1(page.attrs.get("MediaBox")))]
    if len(box) != 4 or not all(isinstance(value, int | float) for value in box):
        raise ValueError(f"MediaBox {box!r} is no rectangle")
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    rotation = resolve1(page.attrs.get("Rotate", 0))
    height = y1 - y0
    return PageBox(x0, height - y1, x1, height - y0, int(rotation or 0) % 360)
