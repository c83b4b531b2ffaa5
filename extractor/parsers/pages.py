"""A page set: image files that are the pages of one document (``extractor convert --join-pages``), read as one scan.

The files come in page order (``pagesets.py`` tells the order from their names). Each is opened and checked as
``parsers/image.py`` opens one scan (format by its bytes, declared size, resolution, orientation, grey), and the
pages of all of them are read by OCR as one run numbered 1..N over the whole set, so that a table cut over two
files is one table, its cut rows joined as in a scanned PDF, and provenance pages count over the set.

* ``source.file`` is the first file's name (the document begins there); ``source.notes`` names every file read, in
  order, with the pages of the set it holds, and each page's note its file;
* a gap in the files' page numbers (``p1``, ``p2``, ``p4``) is a ``page_missing`` warning (a document in doubt:
  ``review.py``) at the page after the gap, naming the numbers missing;
* a part that is empty, no image, damaged or hostile fails the whole set with one line naming that part.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import replace

from PIL import Image

from .. import pagesets
from ..errors import EmptyFileError, HostileFileError, InputError, UnsupportedFormatError
from ..model import ExtractionWarning, ParsedDocument, Where
from . import image

Part = tuple[str, bytes]  # a file of the set: its name (as source.file holds names) and its bytes


def parts_sha256(parts: Sequence[Part]) -> str:
    """The SHA-256 of a set: of its files' bytes one after another, in page order (as the batch fingerprints it)."""
    digest = hashlib.sha256()
    for _, data in parts:
        digest.update(data)
    return digest.hexdigest()


def check_parts(parts: Sequence[Part]) -> list[str]:
    """Each part's image format (``TIFF``, ``JPEG``, ``PNG``), or the error of the first part that is no image."""
    if len(parts) > image.MAX_PAGES:
        raise HostileFileError(f"page set of {len(parts)} files (limit {image.MAX_PAGES} pages)")
    kinds = []
    for name, data in parts:
        if not data.strip():
            raise EmptyFileError(f"{name}: empty file")
        kind = image.image_format(data[:8])
        if kind is None:
            raise UnsupportedFormatError(f"{name}: not a TIFF, JPEG or PNG image, so no page of a scanned set")
        kinds.append(kind.upper())
    return kinds


def decoded_pages(
    parts: Sequence[Part], kinds: Sequence[str], first_pages: list[int]
) -> Iterator[tuple[Image.Image, float, str]]:
    """Every page of every part as ``image.pages`` decodes it, labelled with its file; ``first_pages`` is filled in
    with each part's first page in the set as the parts are reached. A part's error names the part."""
    count = 0
    for (name, data), kind in zip(parts, kinds, strict=True):
        first_pages.append(count + 1)
        try:
            for page, dpi, said in image.pages(data):
                count += 1
                if count > image.MAX_PAGES:
                    raise HostileFileError(f"the set holds more than {image.MAX_PAGES} pages")
                yield page, dpi, f"{name}, {kind} image at {said}"
        except InputError as error:
            raise type(error)(f"{name}: {error}") from error


def gap_warnings(names: Sequence[str], first_pages: Sequence[int]) -> list[ExtractionWarning]:
    """A ``page_missing`` warning for each gap in the parts' page numbers, at the first page after the gap."""
    numbered = [(pagesets.page_name(name), name, first) for name, first in zip(names, first_pages, strict=True)]
    warnings = []
    for (before, before_name, _), (after, after_name, page) in zip(numbered, numbered[1:], strict=False):
        if before is None or after is None or after.number <= before.number + 1:
            continue
        missing = pagesets.number_ranges(range(before.number + 1, after.number))
        plural = "s" if after.number - before.number > 2 else ""
        warnings.append(
            ExtractionWarning(
                "page_missing",
                f"page{plural} {missing} of the numbering missing: no file between {before_name} and {after_name}"
                " (the table may have lost rows there)",
                Where(page=page),
            )
        )
    return warnings


def files_notes(names: Sequence[str], kinds: Sequence[str], first_pages: Sequence[int], pages: int) -> tuple[str, ...]:
    """``source.notes`` of a set: what was read, then each file with the pages of the set it holds, in order."""
    after = [*first_pages[1:], pages + 1]
    held = [
        f"{name}: page {first}" if last - first == 1 else f"{name}: pages {first}-{last - 1}"
        for name, first, last in zip(names, first_pages, after, strict=True)
    ]
    kind = "/".join(kinds)
    return (f"{len(names)} {kind} files read as one scanned document of {pages} pages, every page by OCR, in this order:", *held)


def parse_parts(parts: Sequence[Part], sha256: str | None = None) -> ParsedDocument:
    """Read the image files of one page set, in the order given, as one scanned document.

    Args:
        parts: each file's name and bytes, in page order (two at least).
        sha256: the set's fingerprint; ``parts_sha256(parts)`` when not given.
    """
    from . import ocr

    if not parts:
        raise EmptyFileError("page set without files")
    kinds = check_parts(parts)
    ocr.require_tesseract()
    first_pages: list[int] = []
    ocr_pages = image.read_pages(decoded_pages(parts, kinds, first_pages))
    names = [name for name, _ in parts]
    notes = files_notes(names, sorted(set(kinds)), first_pages, len(ocr_pages))
    parsed = ocr.document_from_pages(ocr_pages, names[0], sha256 or parts_sha256(parts), notes=notes)
    return replace(parsed, warnings=(*gap_warnings(names, first_pages), *parsed.warnings))
