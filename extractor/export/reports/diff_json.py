"""A ``ProgrammeDiff`` as JSON (``schemas/diff.schema.json``), validated before it is returned."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from ... import validate
from ...diff import AmountChange, AmountKey, FieldChange, Match, MeasureChange, ProgrammeDiff, Version

DIFF_VERSION = "1.1"  # 1.1: amounts may carry source, executor, expense and a null year


def uah(value: Decimal | None) -> str | None:
    """An amount in hryvnias as an exact decimal string (``40500``, ``25401.5``)."""
    return None if value is None else format(value.normalize(), "f")


def axes_dict(key: AmountKey) -> dict[str, Any]:
    """Contract 1.1's coordinates of an amount besides its year, only those that are set."""
    axes = (("source", key.source), ("executor", key.executor), ("expense", key.expense))
    return {name: value for name, value in axes if value}


def amount_dict(change: AmountChange) -> dict[str, Any]:
    return {
        "year": change.year,
        **axes_dict(change.key),
        "old_uah": uah(change.old),
        "new_uah": uah(change.new),
        "difference_uah": uah(change.difference),
    }


def warning_dict(warning: Any) -> dict[str, Any]:
    return {"code": warning.code, "message": warning.message}


def match_dict(match: Match | None) -> dict[str, Any] | None:
    return None if match is None else asdict(match)


def field_value(value: str | tuple[str, ...] | None) -> str | list[str] | None:
    return list(value) if isinstance(value, tuple) else value


def field_dict(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.field,
        "old": field_value(change.old),
        "new": field_value(change.new),
        "words": [asdict(words) for words in change.words],
    }


def change_dict(change: MeasureChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "old_id": change.old_id,
        "new_id": change.new_id,
        "renumbered": change.renumbered,
        "section": change.section,
        "text": change.text,
        "match": match_dict(change.match),
        "fields": [field_dict(field) for field in change.fields],
        "amounts": [amount_dict(amount) for amount in change.amounts],
        "children": [change_dict(child) for child in change.children],
    }


def version_dict(version: Version) -> dict[str, Any]:
    decision, programme = version.decision, version.programme
    return {
        "source": {"file": version.source.file, "sha256": version.source.sha256, "format": version.source.format},
        "decision": {**asdict(decision), "identifier": decision.identifier},
        "programme": {
            "title": programme.title,
            "period": {"start": programme.period_start, "end": programme.period_end},
            "unit": programme.unit,
        },
        "measures": version.measures,
    }


def diff_dict(diff: ProgrammeDiff, list_unchanged: bool = False) -> dict[str, Any]:
    """The JSON object for ``diff``; unchanged measures are listed only when ``list_unchanged``."""
    verdict = diff.same_programme
    data: dict[str, Any] = {
        "diff_version": DIFF_VERSION,
        "old": version_dict(diff.old),
        "new": version_dict(diff.new),
        "same_programme": asdict(verdict),
        "compared": diff.compared,
        "empty": diff.is_empty,
        "summary": {
            "added": diff.count("added"),
            "removed": diff.count("removed"),
            "changed": diff.count("changed"),
            "renumbered": diff.count("renumbered"),
            "unchanged": len(diff.unchanged),
        },
        "changes": [change_dict(change) for change in diff.measures],
        "totals": [amount_dict(total) for total in diff.totals],
        "warnings": [warning_dict(warning) for warning in diff.warnings],
    }
    if list_unchanged:
        data["unchanged"] = [{"id": item.id, "text": item.text, "match": asdict(item.match)} for item in diff.unchanged]
    return data


def dumps(diff: ProgrammeDiff, list_unchanged: bool = False) -> str:
    """The diff as JSON text, checked against ``schemas/diff.schema.json`` first."""
    data = diff_dict(diff, list_unchanged)
    validate.check_diff(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
