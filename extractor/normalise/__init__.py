"""The normaliser: pure functions from parsed cells to measures, amounts and dates.

Nothing here reads or writes files; every function can be tested with strings.
"""

from .document import build_document

__all__ = ["build_document"]
