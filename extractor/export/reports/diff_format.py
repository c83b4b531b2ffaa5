"""How the human-readable diff reports (terminal table, HTML) write amounts, ids and fields."""

from __future__ import annotations

from decimal import Decimal

from ...diff import AmountKey, FieldChange, MeasureChange

FIELD_NAMES = {
    "id": "number",
    "text": "measure text",
    "term": "term",
    "executors": "executors",
    "sources": "funding sources",
    "funding_status": "funding status",
    "result": "expected result",
}
THIN_SPACE = "\u202f"


def thousands(value: Decimal | None) -> str:
    """Hryvnias as thousand UAH the way the annexes write them: ``2 321,5``; ``—`` for no amount."""
    if value is None:
        return "—"
    text = format((value / 1000).normalize(), "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{digits[: len(digits) % 3 or 3]}" + "".join(
        THIN_SPACE + digits[i : i + 3] for i in range(len(digits) % 3 or 3, len(digits), 3)
    )
    return f"{sign}{grouped},{fraction or '0'}"


def signed_thousands(value: Decimal) -> str:
    """A difference with its sign: ``+6,5``, ``−7,0``, ``0,0``."""
    if value > 0:
        return "+" + thousands(value)
    if value < 0:
        return "−" + thousands(-value)
    return thousands(value)


def amount_label(key: AmountKey, whole_term: str = "whole term") -> str:
    """``2019``, or ``2019 · Обласний бюджет · Відділ освіти`` when the amount has other coordinates."""
    return " · ".join((str(key.year) if key.year is not None else whole_term, *key.axes))


def year_text(year: int | None, whole_term: str = "whole term") -> str:
    return str(year) if year is not None else whole_term


def measure_label(change: MeasureChange) -> str:
    """``4.2 → 4.3`` for a renumbered measure, else its one id."""
    if change.renumbered:
        return f"{change.old_id} → {change.new_id}"
    return change.new_id or change.old_id or "?"


def value_text(value: str | tuple[str, ...] | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return "; ".join(value) or "—"
    return value


def words_text(change: FieldChange) -> str:
    """The changed words of a text field: ``−old words +new words`` per run."""
    parts = []
    for words in change.words:
        parts.append(
            " ".join(filter(None, (f"−«{words.removed}»" if words.removed else "", f"+«{words.added}»" if words.added else "")))
        )
    return "; ".join(parts)
