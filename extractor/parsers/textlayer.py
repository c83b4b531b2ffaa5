"""Is a PDF page's text layer worth reading, or must the page be OCR'd?

A scan has no text layer at all. A broken one is worse, because it looks like
text: fonts without a Unicode map come out as ``(cid:52)(cid:41)…``, legacy
8-bit Cyrillic fonts come out as Latin mojibake (``Äîäàòîê`` for ``Додаток``),
and some producers leave only digits and punctuation. A Ukrainian decision
is mostly Cyrillic letters, so the verdict is read from three shares:

=====================  ==============================================  ===========
measure                what it catches                                 unusable if
=====================  ==============================================  ===========
characters             a scan, or a page with only a page number       < 20
``(cid:`` share        glyphs with no Unicode map                      > 5 %
letter share           digits/punctuation soup                         < 40 %
Cyrillic share         Latin where Ukrainian is expected (mojibake)    < 50 %
=====================  ==============================================  ===========

The verdict is a pure function of the page's text, so the PDF parser can ask
it page by page and OCR only the pages that need it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

MIN_CHARACTERS = 20
MAX_CID_SHARE = 0.05
MIN_LETTER_SHARE = 0.40
MIN_CYRILLIC_SHARE = 0.50

# pdfminer's spelling of a glyph it could not map to Unicode: "(cid:52)"
CID_MARKER = regex.compile(r"\(cid:\d+\)")
LETTER = regex.compile(r"\p{L}")
CYRILLIC_LETTER = regex.compile(r"\p{Script=Cyrillic}")


@dataclass(frozen=True)
class TextLayerVerdict:
    """Whether a page's text layer can be read as it is, and why (not)."""

    usable: bool
    reason: str  # "usable" | "no text" | "unmapped glyphs" | "few letters" | "few Cyrillic letters"
    characters: int  # non-space characters, a (cid:NN) marker counted as one
    cid_share: float
    letter_share: float
    cyrillic_share: float

    def describe(self) -> str:
        """One line for the notes: the verdict and the figures it rests on."""
        if self.characters == 0:
            return f"text layer {self.reason}"
        return (
            f"text layer {self.reason} ({self.characters} characters, "
            f"letters {self.letter_share:.0%}, Cyrillic {self.cyrillic_share:.0%}, (cid:) {self.cid_share:.0%})"
        )


def assess_text_layer(text: str) -> TextLayerVerdict:
    """Judge one page's extracted text: usable as it is, or to be OCR'd."""
    cid_markers = len(CID_MARKER.findall(text))
    rest = "".join(CID_MARKER.sub("", text).split())
    characters = len(rest) + cid_markers
    # Each pattern matches one character: what its removal shortens the text by is how many it matches (a list of
    # every match would cost twice as much).
    letters = len(rest) - len(LETTER.sub("", rest))
    cyrillic = len(rest) - len(CYRILLIC_LETTER.sub("", rest))
    cid_share = cid_markers / characters if characters else 0.0
    letter_share = letters / characters if characters else 0.0
    cyrillic_share = cyrillic / letters if letters else 0.0
    if characters < MIN_CHARACTERS:
        reason = "no text"
    elif cid_share > MAX_CID_SHARE:
        reason = "unmapped glyphs"
    elif letter_share < MIN_LETTER_SHARE:
        reason = "few letters"
    elif cyrillic_share < MIN_CYRILLIC_SHARE:
        reason = "few Cyrillic letters"
    else:
        reason = "usable"
    return TextLayerVerdict(reason == "usable", reason, characters, cid_share, letter_share, cyrillic_share)
