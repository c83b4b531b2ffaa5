"""The fast page backend: characters and drawn edges read with pdfium (pypdfium2's raw API, through ctypes).

pdfium's text page is made for selecting and searching text, so before its
characters are handed on, what it changed is undone or owned up to:

* its line-by-line ordering is put back into content-stream order (the order
  pdfminer reads, which tells a word's end by the space glyph after it);
* the spaces and line breaks it generates are dropped;
* a text object it left out as a copy of the one before (text drawn twice a
  hair apart, fake bold) is put back, shifted to where it was drawn;
* the spaces it folded into one are put back where the gap shows how many;
* a line-end hyphen it marks is spelled as its font spells it;
* a character's height comes from its font's descent as pdfminer takes it.

Where it cannot be done (a glyph with no Unicode mapping, turned or sheared
text, a font whose metrics pdfminer takes elsewhere, a page pdfium fails on, a
gap that may hide spaces), ``read`` raises ``CannotSay`` and the page is read by
pdfplumber instead. Paths become edges by pdfminer's and pdfplumber's rules
(``paths.py``). One call per character and a few per text object or path: the
calls take and return plain integers for handles, so no pointer object is
made per call.
"""

from __future__ import annotations

import ctypes
import unicodedata
from collections.abc import Callable
from ctypes import POINTER, byref, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_ushort, c_void_p
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import regex

from .lines import SEGMENT_GAP
from .model import Char, PageObjects
from .paths import path_edges
from .structure import Font, Structure

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Scripts written right to left: pdfium reorders them.
RIGHT_TO_LEFT = regex.compile(r"[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}]")
# Ligatures pdfium splits into letters (U+FB00-FB06) and how they read split: the font's own spelling is unknown.
SPLIT_LIGATURES = frozenset(["ff", "fi", "fl", "ffi", "ffl", "ſt", "st"])
# Positions within this many points are the same position.
SAME = 0.01
# pdfium leaves out a text object narrower than this (kSizeEpsilon).
NARROWEST_OBJECT = 0.01
# Characters drawn without ink: spaces and line and paragraph separators, format characters (a zero-width space);
# and the white-space controls (str.isspace). Other controls a font maps (reportlab maps codes 0 and 127 to U+0000 and
# U+007F) stand for .notdef, which a font draws as a box.
INKLESS_CATEGORIES = frozenset(["Zs", "Zl", "Zp", "Cf"])
# What stands for a hyphen pdfium marks at a line end until its font says which hyphen it is.
HYPHEN_MARK = "\ufffe"
# Builds a ``Char`` from its fields a quarter as dear as ``Char(...)``, which is a Python call: one per character.
new_tuple = tuple.__new__


class CannotSay(Exception):  # noqa: N818 - not an error: the page goes to pdfplumber, the reason to the notes
    """pdfium cannot read this page as pdfminer would; the message says why."""


class InkLess(CannotSay):
    """A text object pdfium left out for having no ink: an empty string, or spaces alone."""


def fast(function: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """``function`` from pypdfium2's bindings as a ctypes prototype taking and giving plain ints for handles.

    The call keeps the GIL (``PYFUNCTYPE``): the backend's calls each take a microsecond or so, and letting the GIL
    go and taking it back around every one cost more than the call itself (a tenth of a text page's reading).
    """
    return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(function, c_void_p).value or 0)


def releasing(function: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """``fast``, for the calls that may run long (a page loaded, its text laid out): other threads run meanwhile."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, c_void_p).value or 0)


class Api:
    """The pdfium functions this backend calls, bound once."""

    def __init__(self) -> None:
        self.raw = raw
        self.FS_RECTF, self.FS_MATRIX = raw.FS_RECTF, raw.FS_MATRIX
        rect, matrix = POINTER(raw.FS_RECTF), POINTER(raw.FS_MATRIX)
        f, d = POINTER(c_float), POINTER(c_double)
        self.load_page = releasing(raw.FPDF_LoadPage, c_void_p, c_void_p, c_int)
        self.close_page = fast(raw.FPDF_ClosePage, None, c_void_p)
        self.rotation = fast(raw.FPDFPage_GetRotation, c_int, c_void_p)
        self.count_objects = fast(raw.FPDFPage_CountObjects, c_int, c_void_p)
        self.get_object = fast(raw.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
        self.count_form_objects = fast(raw.FPDFFormObj_CountObjects, c_int, c_void_p)
        self.get_form_object = fast(raw.FPDFFormObj_GetObject, c_void_p, c_void_p, c_ulong)
        self.object_type = fast(raw.FPDFPageObj_GetType, c_int, c_void_p)
        self.object_matrix = fast(raw.FPDFPageObj_GetMatrix, c_int, c_void_p, matrix)
        self.object_bounds = fast(raw.FPDFPageObj_GetBounds, c_int, c_void_p, f, f, f, f)
        self.count_marks = fast(raw.FPDFPageObj_CountMarks, c_int, c_void_p)
        self.get_mark = fast(raw.FPDFPageObj_GetMark, c_void_p, c_void_p, c_ulong)
        self.mark_value_type = fast(raw.FPDFPageObjMark_GetParamValueType, c_int, c_void_p, c_char_p)
        self.text_object_font = fast(raw.FPDFTextObj_GetFont, c_void_p, c_void_p)
        self.text_object_size = fast(raw.FPDFTextObj_GetFontSize, c_int, c_void_p, f)
        self.font_name = fast(raw.FPDFFont_GetBaseFontName, c_size_t, c_void_p, c_char_p, c_size_t)
        self.font_ascent = fast(raw.FPDFFont_GetAscent, c_int, c_void_p, c_float, f)
        self.font_descent = fast(raw.FPDFFont_GetDescent, c_int, c_void_p, c_float, f)
        self.count_segments = fast(raw.FPDFPath_CountSegments, c_int, c_void_p)
        self.get_segment = fast(raw.FPDFPath_GetPathSegment, c_void_p, c_void_p, c_int)
        self.segment_point = fast(raw.FPDFPathSegment_GetPoint, c_int, c_void_p, f, f)
        self.segment_type = fast(raw.FPDFPathSegment_GetType, c_int, c_void_p)
        self.segment_close = fast(raw.FPDFPathSegment_GetClose, c_int, c_void_p)
        self.load_text = releasing(raw.FPDFText_LoadPage, c_void_p, c_void_p)
        self.close_text = fast(raw.FPDFText_ClosePage, None, c_void_p)
        self.count_chars = fast(raw.FPDFText_CountChars, c_int, c_void_p)
        self.get_text = fast(raw.FPDFText_GetText, c_int, c_void_p, c_int, c_int, POINTER(c_ushort))
        self.unicode = fast(raw.FPDFText_GetUnicode, c_uint, c_void_p, c_int)
        self.char_object = fast(raw.FPDFText_GetTextObject, c_void_p, c_void_p, c_int)
        self.loose_box = fast(raw.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, rect)
        self.unmapped = fast(raw.FPDFText_HasUnicodeMapError, c_int, c_void_p, c_int)
        self.generated = fast(raw.FPDFText_IsGenerated, c_int, c_void_p, c_int)
        self.hyphen = fast(raw.FPDFText_IsHyphen, c_int, c_void_p, c_int)
        self.char_matrix = fast(raw.FPDFText_GetMatrix, c_int, c_void_p, c_int, matrix)
        self.char_origin = fast(raw.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, d, d)
        # The four calls made for every character, without argument types: ctypes then converts each argument by
        # its own type, twice as fast. They take the text page as a c_void_p, an index as an int and byref doubles.
        self.each_char_object = fast(raw.FPDFText_GetTextObject, c_void_p)
        self.each_char_origin = fast(raw.FPDFText_GetCharOrigin, c_int)
        self.each_unmapped = fast(raw.FPDFText_HasUnicodeMapError, c_int)
        self.each_generated = fast(raw.FPDFText_IsGenerated, c_int)
        self.font_size = fast(raw.FPDFText_GetFontSize, c_double, c_void_p, c_int)


API: Api | None = None


def api() -> Api:
    global API
    if API is None:
        API = Api()
    return API


def inkless_character(char: str) -> bool:
    """Whether a font may draw ``char`` without ink (``INKLESS_CATEGORIES``)."""
    return char.isspace() or unicodedata.category(char) in INKLESS_CATEGORIES


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """``first`` then ``second`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def form_objects(api: Api, form: int) -> Callable[[int], int]:
    """The getter of a form object's objects by position."""
    return lambda position: api.get_form_object(form, position)


class TextObject:
    """One text object of the page: where it stands in the content stream, and the characters pdfium gave it."""

    __slots__ = ("handle", "order", "holder", "form", "chars", "first", "generated", "spaced", "hyphenated", "placed")

    def __init__(self, handle: int, order: int, holder: int, form: Matrix) -> None:
        self.handle = handle
        self.order = order  # position among the page's text objects, forms' included, in content-stream order
        self.holder = holder  # the page (0) or the form object holding it: pdfium compares objects within one
        self.form = form  # the holding forms' matrix: from the object's space to the page's
        self.chars: list[tuple[str, float]] = []  # text, origin (x on the page)
        self.first = -1  # the text page's index of its first character
        self.generated: list[tuple[int, float]] = []  # spaces pdfium generated within it: after which char, where
        self.spaced = False  # it draws a space
        self.hyphenated = False  # a line-end hyphen pdfium marks is among its characters
        # Spaces alone pdfium left out (``spaces_alone``): the matrix's a, b, c, d, the font size and the baseline.
        self.placed: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    @property
    def repeated(self) -> bool:
        """Whether two of its characters share an origin (a ligature pdfium read as letters may be among them)."""
        return len(self.chars) > 1 and len(set(map(itemgetter(1), self.chars))) < len(self.chars)


class PdfiumPages:
    """The document opened by pdfium; ``read`` gives one page's objects or raises ``CannotSay``."""

    def __init__(self, data: bytes, structure: Structure) -> None:
        self.api = api()
        self.document = pdfium.PdfDocument(data)  # PdfiumError on a file pdfium cannot open
        self.handle = ctypes.cast(self.document.raw, c_void_p).value
        self.structure = structure
        self.page_fonts: dict[int, Font] = {}  # this page's pdfium font handles whose font is known
        # This page's pdfium font handles: the name, or None when pdfium gives no metrics. Per page: pdfium may free a
        # font with the page that used it and give its address to another font later.
        self.names: dict[int, str | None] = {}
        self.rect = self.api.FS_RECTF()
        self.matrix = self.api.FS_MATRIX()
        self.floats = [c_float() for _ in range(4)]
        self.doubles = [c_double() for _ in range(2)]

    def __len__(self) -> int:
        return len(self.document)

    def close(self) -> None:
        self.document.close()

    def read(self, index: int) -> PageObjects:
        box = self.structure.boxes[index]
        if box.rotation:
            raise CannotSay(f"page turned by {box.rotation}°")
        if box.x0 or box.top:
            raise CannotSay("media box not at the origin")
        trouble = self.structure.content_trouble(index)
        if trouble:
            raise CannotSay(trouble)
        self.page_fonts = {}
        self.names = {}
        page = self.api.load_page(self.handle, index)
        if not page:
            raise CannotSay("pdfium cannot load the page")
        try:
            objects, paths, images = self.page_objects(page)
            text_page = self.api.load_text(page)
            if not text_page:
                raise CannotSay("pdfium cannot read the page's text")
            try:
                chars = self.chars(text_page, objects, box.height, index)
            finally:
                self.api.close_text(text_page)
            edges = path_edges(self.paths(paths), box.height)
        finally:
            self.api.close_page(page)
        return PageObjects(index + 1, chars, edges, images)

    # --- Page objects ---------------------------------------------------------

    def page_objects(self, page: int) -> tuple[dict[int, TextObject], list[tuple[int, Matrix]], int]:
        """The page's text objects (content-stream order), paths with the matrix of their form, and image count."""
        api = self.api
        texts: dict[int, TextObject] = {}
        paths: list[tuple[int, Matrix]] = []
        images = 0
        raw = api.raw
        stack: list[tuple[Callable[[int], int], int, int, Matrix, int]] = [
            (lambda i: api.get_object(page, i), api.count_objects(page), 0, IDENTITY, 0)
        ]
        while stack:
            get, count, position, form, holder = stack.pop()
            while position < count:
                handle = get(position)
                position += 1
                kind = api.object_type(handle)
                if kind == raw.FPDF_PAGEOBJ_TEXT:
                    texts[handle] = TextObject(handle, len(texts), holder, form)
                elif kind == raw.FPDF_PAGEOBJ_PATH:
                    paths.append((handle, form))
                elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                    images += 1
                elif kind == raw.FPDF_PAGEOBJ_FORM:
                    stack.append((get, count, position, form, holder))  # the rest of this level, after the form
                    api.object_matrix(handle, byref(self.matrix))
                    m = self.matrix
                    inner = multiply((m.a, m.b, m.c, m.d, m.e, m.f), form)
                    stack.append((form_objects(api, handle), api.count_form_objects(handle), 0, inner, handle))
                    break
        return texts, paths, images

    def paths(self, paths: list[tuple[int, Matrix]]) -> list[tuple[str, list[tuple[float, float]]]]:
        """Each path's operators and points in PDF user space, one point per operator (see ``paths.py``)."""
        api = self.api
        raw = api.raw
        x, y = self.floats[0], self.floats[1]
        result = []
        for handle, form in paths:
            api.object_matrix(handle, byref(self.matrix))
            m = self.matrix
            a, b, c, d, e, f = multiply((m.a, m.b, m.c, m.d, m.e, m.f), form)
            operators: list[str] = []
            points: list[tuple[float, float]] = []
            start = (0.0, 0.0)
            count = api.count_segments(handle)
            bezier = 0
            for number in range(count):
                segment = api.get_segment(handle, number)
                api.segment_point(segment, byref(x), byref(y))
                point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                kind = api.segment_type(segment)
                if kind == raw.FPDF_SEGMENT_MOVETO:
                    operators.append("m")
                    points.append(point)
                    start = point
                elif kind == raw.FPDF_SEGMENT_LINETO:
                    operators.append("l")
                    points.append(point)
                elif kind == raw.FPDF_SEGMENT_BEZIERTO:
                    bezier += 1
                    if bezier < 3:
                        continue  # a control point
                    bezier = 0
                    operators.append("c")
                    points.append(point)
                else:
                    continue
                if api.segment_close(segment):
                    operators.append("h")
                    points.append(start)
            result.append(("".join(operators), points))
        return result

    # --- Characters -----------------------------------------------------------

    def chars(self, text_page: int, objects: dict[int, TextObject], height: float, index: int) -> list[Char]:
        api = self.api
        count = api.count_chars(text_page)
        text = self.page_text(text_page, count)
        if RIGHT_TO_LEFT.search(text):
            raise CannotSay("text written right to left")
        x, y = self.doubles
        px, py = byref(x), byref(y)
        char_object, char_origin = api.each_char_object, api.each_char_origin
        unmapped, generated = api.each_unmapped, api.each_generated
        page = c_void_p(text_page)
        get = objects.get
        for position in range(count):
            handle = char_object(page, position)
            if handle is None:
                continue  # a line break pdfium generated
            char = text[position]
            owner = get(handle)
            if char == " ":
                if generated(page, position):
                    if owner is not None:
                        char_origin(page, position, px, py)
                        owner.generated.append((len(owner.chars), x.value))
                    continue
                if owner is not None:
                    owner.spaced = True
            if unmapped(page, position):
                raise CannotSay("glyphs without a Unicode mapping")
            if owner is None:
                raise CannotSay("a character outside the page's text objects")
            if char in "\ufffe\x02":
                if not api.hyphen(page, position):
                    raise CannotSay("a character pdfium cannot name")
                char = HYPHEN_MARK
                owner.hyphenated = True
            char_origin(page, position, px, py)
            if owner.first < 0:
                owner.first = position
            owner.chars.append((char, x.value))
        return self.in_stream_order(text_page, objects, height, index)

    def page_text(self, text_page: int, count: int) -> str:
        """The text page's characters, one per index (pdfium's own text leaves control characters out)."""
        buffer = (c_ushort * (count + 1))()
        written = self.api.get_text(text_page, 0, count, buffer)
        text = ctypes.string_at(buffer, max(written - 1, 0) * 2).decode("utf-16-le", "surrogatepass")
        if len(text) == count:
            return text
        return "".join(chr(self.api.unicode(text_page, position)) for position in range(count))

    def font(self, item: TextObject, index: int, chars: list[tuple[str, float]]) -> Font:
        """A text object's font as pdfminer reads it: the one of pdfium's name for it that maps all its ``chars``."""
        api = self.api
        handle = api.text_object_font(item.handle)
        if handle in self.page_fonts:
            return self.page_fonts[handle]
        if not handle:
            raise CannotSay("a text object without a font")
        if handle not in self.names:
            length = api.font_name(handle, None, 0)
            buffer = ctypes.create_string_buffer(max(length, 1))
            api.font_name(handle, buffer, length)
            ascent, descent = self.floats[2], self.floats[3]
            api.font_ascent(handle, 1000.0, byref(ascent))
            api.font_descent(handle, 1000.0, byref(descent))
            # Equal ascent and descent: pdfium places no character by its advance (its loose box is the ink).
            self.names[handle] = buffer.value.decode("utf-8", "replace") if ascent.value != descent.value else None
        name = self.names[handle]
        if name is None:
            raise CannotSay("a font pdfium gives no metrics for")
        fonts = self.structure.page_fonts(index)
        font = fonts.get(name, [text for text, _ in chars if text != HYPHEN_MARK])
        if font is None:
            raise CannotSay("a font whose glyphs pdfium and pdfminer read apart")
        if not font.measurable:
            raise CannotSay("a Type 3 font or vertical writing")
        if fonts.only(name):
            self.page_fonts[handle] = font  # the page's other text objects in this font need no search
        return font

    def in_stream_order(self, text_page: int, objects: dict[int, TextObject], height: float, index: int) -> list[Char]:
        """Every text object's characters as ``Char``s, objects in content-stream order, repaired where pdfium cut."""
        api = self.api
        matrix, y = self.matrix, self.doubles[1]
        px, py, pmatrix = byref(self.doubles[0]), byref(y), byref(matrix)
        result: list[Char] = []
        ordered = sorted(objects.values(), key=lambda item: item.order)
        for number, item in enumerate(ordered):
            if not item.chars:
                try:
                    self.restore_copy(item, ordered[:number])
                except InkLess:
                    if not self.spaces_alone(item, ordered[number + 1 :], index) and not self.lone_space(item, index):
                        raise
                if not item.chars:
                    continue
            if item.first >= 0:
                api.char_matrix(text_page, item.first, pmatrix)
                a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
                size = api.font_size(text_page, item.first)
                api.char_origin(text_page, item.first, px, py)
                baseline = y.value
            else:  # spaces alone, placed by ``spaces_alone``
                a, b, c, d, size, baseline = item.placed
            if b or c:  # pdfminer's box of a turned glyph is the turned em square, not an advance along the line
                raise CannotSay("sheared or turned text")
            upright = a * d > 0
            texts = self.merged(self.unfolded(item)) if item.generated or item.repeated else item.chars
            font = self.font(item, index, texts)
            low, high = baseline + d * font.descent * size, baseline + d * (font.descent * size + size)
            top, bottom = height - max(low, high), height - min(low, high)
            tall = abs(high - low)
            if upright and item.first >= 0:
                self.check_start(item, texts[0][1])
            scale = a * size
            sequence = self.with_spaces(texts, font, scale, tall) if item.spaced or item.generated else texts
            if item.hyphenated:
                hyphen = font.hyphen
                if hyphen is None:
                    raise CannotSay("a line-end hyphen its font cannot tell from a soft hyphen")
                sequence = [(hyphen if text == HYPHEN_MARK else text, origin) for text, origin in sequence]
            known = font.advances
            try:  # each text's advance is looked up once per font; after that, a dictionary's
                advances = [known[text] for text, _ in sequence]
            except KeyError:
                advance = font.advance
                advances = [advance(text) for text, _ in sequence]
            # Whether a space follows each character in the stream: the next one's, the last's from the next object.
            spaced = [text.isspace() for text, _ in sequence]
            if result and spaced[0] and not result[-1].spaced:
                result[-1] = result[-1]._replace(spaced=True)  # the text object before ends in a word the space ends
            del spaced[0]
            spaced.append(False)
            drift = 0.0
            for (text, origin), (width, residue), space in zip(sequence, advances, spaced, strict=True):
                x0 = origin + scale * drift
                x1 = x0 + scale * width
                if x1 < x0:
                    x0, x1 = x1, x0
                result.append(new_tuple(Char, (text, x0, x1, top, bottom, tall, upright, space)))
                drift += residue
        return result

    def unfolded(self, item: TextObject) -> list[tuple[str, float]]:
        """A text object's characters with the space put back that pdfium folded into one it generated."""
        result: list[tuple[str, float]] = []
        generated = dict(item.generated)
        for position, (text, origin) in enumerate(item.chars):
            if position in generated and result and text != " " and origin - generated[position] > SAME:
                # pdfium generated a space for a kerning gap and folded the real space after it into it.
                result.append((" ", generated[position]))
            result.append((text, origin))
        return result

    def merged(self, chars: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """Characters with one glyph's several letters (a ligature read as letters) made one again."""
        texts: list[tuple[str, float]] = []
        for text, origin in chars:
            if (
                texts
                and texts[-1][1] == origin
                and texts[-1][0] != " "
                and text != " "
                and HYPHEN_MARK not in (text, texts[-1][0])
            ):
                merged = texts[-1][0] + text
                if merged in SPLIT_LIGATURES:
                    raise CannotSay("a ligature pdfium splits into letters")
                texts[-1] = (merged, origin)
                continue
            texts.append((text, origin))
        return texts

    def with_spaces(self, texts: list[tuple[str, float]], font: Font, scale: float, size: float) -> list[tuple[str, float]]:
        """A text object's characters with the spaces pdfium folded into one put back where the gaps show them."""
        space = font.width(" ")
        if space is None or scale * space <= 0:
            return texts
        width = scale * space
        names = [text for text, _ in texts]
        result: list[tuple[str, float]] | None = None  # a copy, made when the first folded space is put back
        done = 0  # texts[:done] are in result
        position = -1
        while True:
            try:
                position = names.index(" ", position + 1)
            except ValueError:
                break
            if position + 1 == len(names) or names[position + 1] == " ":
                continue
            spaces = self.folded_spaces(texts[position][1], texts[position + 1][1], width, size)
            if spaces:
                result = result if result is not None else []
                result.extend(texts[done : position + 1])
                result.extend(spaces)
                done = position + 1
        if result is None:
            return texts
        result.extend(texts[done:])
        return result

    def folded_spaces(self, start: float, origin: float, width: float, size: float) -> list[tuple[str, float]]:
        """Spaces pdfium folded into the one at ``start`` before ``origin``: put back when the gap is so many spaces wide."""
        gap = origin - (start + width)
        if gap <= 0.5 * width:
            return []
        spaces = round(gap / width)
        if abs(gap - spaces * width) <= SAME * spaces:
            return [(" ", start + (i + 1) * width) for i in range(spaces)]
        if gap > SEGMENT_GAP * size:
            raise CannotSay("a gap after a space that may hide folded spaces")
        return []

    def origin(self, item: TextObject) -> tuple[float, float]:
        """Where a text object starts, on the page."""
        self.api.object_matrix(item.handle, byref(self.matrix))
        x, y = self.matrix.e, self.matrix.f
        a, b, c, d, e, f = item.form
        return (a * x + c * y + e, b * x + d * y + f)

    def check_start(self, item: TextObject, left: float) -> None:
        """A text object's first character where the object starts: else pdfium folded spaces it started with."""
        if abs(left - self.origin(item)[0]) > SAME:
            raise CannotSay("a text object whose first characters pdfium left out")

    def spaces_alone(self, item: TextObject, after: list[TextObject], index: int) -> bool:
        """An ink-less text object read as spaces, when the next text object on its line starts so many spaces later.

        A browser draws every glyph as a text object of its own, a space too;
        pdfium leaves a space's out of its text page (it has no ink). When the
        object stands on the page (not in a form), upright and unscaled, and
        the next text object starts on its baseline a whole number of spaces
        of its font further, those are its spaces, as pdfminer reads them.
        False when anything else may be drawn (an empty string, a line's last
        spaces): the page then goes to pdfplumber.
        """
        following = next((other for other in after if other.holder == item.holder), None)
        if item.holder or following is None:
            return False
        x, y = self.origin(item)
        next_x, next_y = self.origin(following)
        api = self.api
        api.object_matrix(item.handle, byref(self.matrix))
        m = self.matrix
        if abs(next_y - y) > SAME or m.b or m.c or m.a <= 0:
            return False
        size = c_float()
        api.text_object_size(item.handle, byref(size))
        space = self.font(item, index, [(" ", x)]).width(" ")
        if not space:
            return False
        advance = m.a * size.value * space
        spaces = round((next_x - x) / advance)
        if spaces < 1 or abs(next_x - x - spaces * advance) > SAME * spaces:
            return False
        item.chars = [(" ", x + number * advance) for number in range(spaces)]
        item.spaced = True
        item.placed = (m.a, m.b, m.c, m.d, size.value, y)
        return True

    def lone_space(self, item: TextObject, index: int) -> bool:
        """An ink-less text object read as one space, when its font's map gives no other character without ink.

        LibreOffice's tagged export draws a cell holding a space alone as a text
        object of its own, with nothing after it on its line (``spaces_alone``
        has no next object to measure by). pdfium leaves out an object narrower
        than ``NARROWEST_OBJECT``: one whose bounds are the point it starts at
        holds one glyph (a second would stand the first's advance further) and
        that glyph has no ink. When the only ink-less character its font maps is
        the space, that is the glyph, as pdfminer reads it; when the font maps
        several (a space and a no-break space, as a standard font's encoding
        does) or gives no map to look in, False: the page goes to pdfplumber.
        """
        if item.holder:
            return False
        api = self.api
        floats = self.floats
        api.object_bounds(item.handle, *(byref(value) for value in floats))
        x, y = self.origin(item)
        if any(abs(value.value - at) > SAME for value, at in zip(floats, (x, y, x, y), strict=True)):
            return False
        api.object_matrix(item.handle, byref(self.matrix))
        m = self.matrix
        if m.b or m.c or m.a <= 0:
            return False
        font = self.font(item, index, [(" ", x)])
        if font.identity or font.width(" ") is None:
            return False
        inkless = [text for text in font.widths if text and all(inkless_character(char) for char in text)]
        if inkless != [" "]:
            return False
        size = c_float()
        api.text_object_size(item.handle, byref(size))
        item.chars = [(" ", x)]
        item.spaced = True
        item.placed = (m.a, m.b, m.c, m.d, size.value, y)
        return True

    def restore_copy(self, item: TextObject, before: list[TextObject]) -> None:
        """A text object pdfium left out as a copy of one of the five before it: its characters, shifted."""
        api = self.api
        floats = self.floats
        api.object_bounds(item.handle, *(byref(value) for value in floats))
        width, tall = floats[2].value - floats[0].value, floats[3].value - floats[1].value
        if abs(width) < NARROWEST_OBJECT:
            if tall > NARROWEST_OBJECT:
                raise CannotSay("a text object too narrow for pdfium")
            raise InkLess("a text object of spaces or nothing")
        size = c_float()
        api.text_object_size(item.handle, byref(size))
        font = api.text_object_font(item.handle)
        api.object_matrix(item.handle, byref(self.matrix))
        m = self.matrix
        here = (m.a, m.b, m.c, m.d)
        start = self.origin(item)
        candidates = [other for other in before if other.holder == item.holder][-5:]
        for other in reversed(candidates):
            if not other.chars:
                continue
            other_size = c_float()
            api.text_object_size(other.handle, byref(other_size))
            api.object_bounds(other.handle, *(byref(value) for value in floats))
            other_width, other_tall = floats[2].value - floats[0].value, floats[3].value - floats[1].value
            api.object_matrix(other.handle, byref(self.matrix))
            o = self.matrix
            if (
                api.text_object_font(other.handle) == font
                and other_size.value == size.value
                and (o.a, o.b, o.c, o.d) == here
                and abs(other_width - width) <= SAME
                and abs(other_tall - tall) <= SAME
            ):
                other_start = self.origin(other)
                if abs(start[1] - other_start[1]) > SAME:
                    raise CannotSay("text drawn twice at two heights")
                shift = start[0] - other_start[0]
                item.chars = [(text, origin + shift) for text, origin in other.chars]
                item.spaced, item.hyphenated = other.spaced, other.hyphenated
                item.generated = [(position, origin + shift) for position, origin in other.generated]
                item.first = other.first
                return
        raise CannotSay("a text object pdfium left out")
