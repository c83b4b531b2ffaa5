"""The Ukrainian words of the HTML reports: every label a reader of a diff or history page sees.

The terminal, CSV and JSON reports keep their English field names and codes;
the HTML pages are for the council's readers and speak Ukrainian throughout.
"""

from __future__ import annotations

from ...diff import AmountKey, MeasureChange, ProgrammeDiff, Version
from ...model import Decision

KINDS = {"added": "додано", "removed": "вилучено", "changed": "змінено"}
RENUMBERED = "перенумеровано"
FIELD_NAMES = {
    "id": "номер",
    "text": "текст заходу",
    "term": "термін виконання",
    "executors": "виконавці",
    "sources": "джерела фінансування",
    "funding_status": "фінансування",
    "result": "очікуваний результат",
}
FUNDING_STATUSES = {
    "funded": "передбачено кошти",
    "not_required": "не потребує фінансування",
    "separate_programme": "за окремою програмою",
    "unknown": "невідомо",
}
MATCH_RULES = {
    "same_id": "той самий номер і текст",
    "same_id_similar_text": "той самий номер, схожий текст",
    "moved": "інший номер, той самий текст",
    "moved_similar_text": "інший номер, схожий текст",
}
WHOLE_TERM = "увесь термін"
ABSENT = "немає"  # the version does not have the measure
UNIT = "тис. грн"


def date_text(iso: str | None) -> str:
    """``2020-08-27`` → ``27.08.2020``, as the decisions write dates."""
    if not iso:
        return "?"
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def decision_label(decision: Decision) -> str:
    """``№1911 від 27.08.2020``: how a decision is named on every page and in every chart legend."""
    return f"№{decision.number or '?'} від {date_text(decision.date)}"


def version_label(version: Version) -> str:
    return decision_label(version.decision)


def short_label(version: Version, index: int) -> str:
    """A column heading: the decision number, else the version's place."""
    return f"№{version.decision.number}" if version.decision.number else f"версія {index + 1}"


def kind_text(change: MeasureChange) -> str:
    return KINDS[change.kind] + (f" ({RENUMBERED})" if change.renumbered else "")


def amount_label(key: AmountKey) -> str:
    """``2019``, ``увесь термін``, or ``2019 · Обласний бюджет`` when the amount has other coordinates."""
    return " · ".join((str(key.year) if key.year is not None else WHOLE_TERM, *key.axes))


def year_text(year: int | None) -> str:
    return str(year) if year is not None else WHOLE_TERM


def period_text(version: Version) -> str:
    programme = version.programme
    return f"{programme.period_start or '?'}-{programme.period_end or '?'}"


def field_value(field: str, value: str | tuple[str, ...] | None) -> str:
    """A changed field's value as the page shows it; funding statuses in words."""
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return "; ".join(value) or "—"
    return FUNDING_STATUSES.get(value, value) if field == "funding_status" else value


def summary_line(diff: ProgrammeDiff) -> str:
    """What the diff found, in one line: ``додано: 2, вилучено: 0, змінено: 6, перенумеровано: 2; без змін: 17``."""
    if not diff.compared:
        return "не порівнювали: документи не є версіями однієї програми"
    if diff.is_empty:
        return f"змін немає: усі заходи ({len(diff.unchanged)}) без змін"
    counts = ", ".join(
        f"{word}: {diff.count(kind)}"
        for kind, word in (("added", "додано"), ("removed", "вилучено"), ("changed", "змінено"), ("renumbered", RENUMBERED))
    )
    return f"{counts}; без змін: {len(diff.unchanged)}"
