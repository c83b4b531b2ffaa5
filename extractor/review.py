"""Documents in doubt: converted, but with a warning that says a person should look before the data is used.

Most warnings note something settled (a hyphen rejoined, a blank cell); the
codes in ``REVIEW_CODES`` say the numbers themselves may be wrong: ids that
repeat (a row read twice, or two measures under one number), totals that do
not add up (an amount misread, a row lost). A batch reports such a document as
``needs_review`` (``report.csv``, the summary) instead of ``converted``; its
outputs are written all the same and the run's exit code stays 0.

To make another warning put documents in doubt, add its code below (one line).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Document

REVIEW_CODES = frozenset(
    {
        "measure_id_duplicate",  # two measures under one id: a row read twice, or a numbering the reader mistook
        "total_mismatch",  # the declared total of a year is not the sum of the measures
        "measure_total_mismatch",  # a measure's own total is not the sum of its years or of its sub-items
        "ocr_digits_unsure",  # OCR read an amount or a measure's number more than one way and could not settle it
        "cells_doubtful",  # a flattened text export's table was rebuilt with a cell that fits its column badly
        "page_missing",  # a page set (--join-pages) lacks a page its files' numbering has: rows may be lost there
    }
)


def review_reasons_of_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The review reasons among warning ``codes``: each code once, with its count when it repeats, sorted."""
    counts = Counter(code for code in codes if code in REVIEW_CODES)
    return tuple(f"{code} ({count})" if count > 1 else code for code, count in sorted(counts.items()))


def review_reasons(document: Document | Mapping[str, Any]) -> tuple[str, ...]:
    """Why ``document`` (a ``Document`` or its contract JSON object) needs review; ``()`` when it does not."""
    if isinstance(document, Document):
        return review_reasons_of_codes(warning.code for warning in document.warnings)
    return review_reasons_of_codes(warning["code"] for warning in document.get("warnings", ()))
