"""Page sets: a folder's image files that are the pages of one document, told by their names alone.

Archivists often get a decision scanned one image per page: ``decision-12_p1.tif``, ``decision-12_p2.tif``, … or
``scan0001.jpg``, ``scan0002.jpg``. A file's name is split into a *base*, an optional separator (``_ - .`` or a
space), an optional page word (``p``, ``page``, ``стор``, ``с``, standing as a word of its own) and a trailing page
number of 1 to 4 digits. Files of one folder with the same base (case aside) and the same image format form a set
when there are two of them at least; a set's pages are in the order of their numbers, compared as numbers (``p2``
before ``p10``). Everything here is pure: names in, sets out; nothing is read.

==============================  =================  ========  ======
name                            base               word      number
==============================  =================  ========  ======
``decision-12_p1.tif``          ``decision-12``    ``p``          1
``decision-12_p10.tif``         ``decision-12``    ``p``         10
``scan0001.jpg``                ``scan``           —              1
``Рішення 7 стор.2.png``        ``Рішення 7``      ``стор``       2
``page-3.jpeg``                 (empty)            ``page``       3
``004.tiff``                    (empty)            —              4
``map1.png``                    ``map``            —              1
``report.tif``                  no page number
``roads-12345.png``             no page number (five digits are no page's)
==============================  =================  ========  ======

A series whose numbers repeat (``p1.tif`` and ``p01.tif``) is no set: which page comes first cannot be told, so its
files are read one by one as before, and a hint says why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

# Image formats a page set may be made of, by the name's suffix; ``.tif`` and ``.tiff`` are one format.
IMAGE_SUFFIXES = {".tif": "tiff", ".tiff": "tiff", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}

PAGE_NAME = re.compile(
    r"""
    \A(?P<base>.*?)                  # what names the document (may be empty: ``p1.tif``, ``0001.tif``)
    (?P<separator>[_\-.\ ]?)         # decision-12_p1, scan-0001, стор.1, "page 3"
    (?:(?<![^\W\d_])                 # a page word stands on its own: ``map1`` is no "ma" + "p1"
       (?P<word>page|p|стор|с)       # p1, page1, стор1, с1 (any case)
       [_\-.\ ]?                     # стор.2, page_2, p-2
    )?
    (?<!\d)(?P<number>\d{1,4})\Z     # the page number: the whole run of trailing digits, 1 to 4 of them
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class PageName:
    """What a file's stem says as a page: the document's base and the page's number."""

    base: str
    number: int


@dataclass(frozen=True)
class PageSet:
    """The files of one folder that are the pages of one document, in page order."""

    folder: PurePath
    base: str  # the document's name as the files spell it ("" when they are only page numbers)
    format: str  # tiff, jpeg or png
    parts: tuple[PurePath, ...]  # in the order of their numbers
    numbers: tuple[int, ...]  # each part's page number, ascending

    @property
    def missing(self) -> tuple[int, ...]:
        """The numbers the run from the first to the last lacks: p1, p2, p4 lacks 3."""
        return missing_numbers(self.numbers)

    def output_stem(self) -> str:
        """The document's name for its outputs: the base, or the folder's name when the files are numbers only."""
        return self.base or self.folder.name


@dataclass(frozen=True)
class NotASet:
    """A series of page-numbered files that is not read as one document, and why."""

    folder: PurePath
    base: str
    parts: tuple[PurePath, ...]
    reason: str


def page_name(name: str) -> PageName | None:
    """The base and page number a file's name gives (``decision-12_p3.tif``: ``decision-12``, 3), or None."""
    path = PurePath(name)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    match = PAGE_NAME.match(path.stem)
    if match is None:
        return None
    return PageName(match["base"].strip(" _-."), int(match["number"]))


def missing_numbers(numbers: Sequence[int]) -> tuple[int, ...]:
    """The numbers between the lowest and the highest of ``numbers`` that are not among them."""
    if not numbers:
        return ()
    present = set(numbers)
    return tuple(number for number in range(min(numbers), max(numbers) + 1) if number not in present)


def number_ranges(numbers: Sequence[int]) -> str:
    """``3`` or ``3-5, 8``: numbers told as runs."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def find_page_sets(paths: Iterable[PurePath]) -> tuple[list[PageSet], list[NotASet]]:
    """The page sets among ``paths`` (in the order of each set's first page's path), and the series that are not.

    A file that belongs to no set is in neither list. A same-named series of another format than a set's (``p3.jpg``
    beside ``p1.tif`` and ``p2.tif``) is never joined to it: it is a set of its own when it has two files, else it
    stays a single document, and a ``NotASet`` names it.
    """
    series: dict[tuple[PurePath, str, str], list[tuple[int, PurePath, str]]] = defaultdict(list)
    for path in paths:
        page = page_name(path.name)
        if page is not None:
            key = (path.parent, page.base.casefold(), IMAGE_SUFFIXES[path.suffix.lower()])
            series[key].append((page.number, path, page.base))
    sets: list[PageSet] = []
    refused: list[NotASet] = []
    formats_of: dict[tuple[PurePath, str], list[str]] = defaultdict(list)
    for folder, base, file_format in series:
        formats_of[(folder, base)].append(file_format)
    for (folder, folded, file_format), members in series.items():
        members.sort(key=lambda member: (member[0], member[1].name))
        numbers = tuple(number for number, _, _ in members)
        parts = tuple(path for _, path, _ in members)
        base = members[0][2]
        others = [other for other in formats_of[(folder, folded)] if other != file_format]
        if len(members) < 2:
            if others:
                refused.append(
                    NotASet(
                        folder,
                        base,
                        parts,
                        f"a {file_format} file among the {others[0]} pages of"
                        f" {base or folder.name!r}: formats are never mixed in one document, read alone",
                    )
                )
            continue
        repeated = sorted({number for number in numbers if numbers.count(number) > 1})
        if repeated:
            refused.append(
                NotASet(
                    folder,
                    base,
                    parts,
                    f"page number {number_ranges(repeated)} given to more than one"
                    " file: the order of the pages cannot be told, each file read alone",
                )
            )
            continue
        sets.append(PageSet(folder, base, file_format, parts, numbers))
    sets.sort(key=lambda page_set: str(page_set.parts[0]))
    refused.sort(key=lambda series: str(series.parts[0]))
    return sets, refused
