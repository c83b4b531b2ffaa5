"""extractor: Ukrainian city-council decisions into exact, validated, normalised data.

>>> import extractor
>>> document = extractor.extract("samples/decision-1911.docx")
>>> len(document.measures), len(document.funding_records)
(23, 57)
>>> document.yearly_totals()[2019]
Decimal('2315000')
>>> document.records()[0].measure_id, document.records()[0].amount
('1.1', Decimal('34.0'))
>>> extractor.frame(["samples/decision-1911.docx"]).groupby("year").amount_uah.sum()  # doctest: +SKIP
"""

from .errors import ExtractorError, InputError
from .frames import FlatRecord, frame
from .model import Decision, Document, ExtractionWarning, FundingRecord, Measure, Programme
from .pipeline import extract, extract_bytes

__version__ = "0.1.0"

__all__ = [
    "Decision",
    "Document",
    "ExtractionWarning",
    "ExtractorError",
    "FlatRecord",
    "FundingRecord",
    "InputError",
    "Measure",
    "Programme",
    "__version__",
    "extract",
    "extract_bytes",
    "frame",
]
