"""extractor: Ukrainian city-council decisions into exact, validated, normalised data.

>>> from extractor import extract
>>> document = extract(Path("samples/decision-1911.docx"))
>>> len(document.funding_records)
57
"""

from .errors import ExtractorError, InputError
from .model import Decision, Document, ExtractionWarning, FundingRecord, Measure, Programme
from .pipeline import extract, extract_bytes

__version__ = "0.1.0"

__all__ = [
    "Decision",
    "Document",
    "ExtractionWarning",
    "ExtractorError",
    "FundingRecord",
    "InputError",
    "Measure",
    "Programme",
    "extract",
    "extract_bytes",
]
