"""The fallback page backend: pdfplumber's characters and edges, for the pages pdfium cannot read as pdfminer would."""

from __future__ import annotations

import io
from typing import Any

from .model import Char, Edge, PageObjects


class PlumberPages:
    """The document opened by pdfplumber on first use; ``read`` gives one page's objects, the page closed after."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: Any = None

    def read(self, index: int, note: str | None = None) -> PageObjects:
        if self.pdf is None:
            import pdfplumber

            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        page = self.pdf.pages[index]
        try:
            found = page.chars
            spaced = [following["text"].isspace() for following in found[1:]] + [False] if found else []
            chars = [
                Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], c.get("upright", True), space)
                for c, space in zip(found, spaced, strict=True)
            ]
            edges = [Edge(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"], e["width"], e["height"]) for e in page.edges]
            return PageObjects(index + 1, chars, edges, len(page.images), note)
        finally:
            page.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
