"""A ``ProgrammeHistory`` as JSON (``schemas/history.schema.json``), validated before it is returned."""

from __future__ import annotations

import json
from typing import Any

from ... import validate
from ...history import Amounts, ProgrammeHistory, Totals, Track
from .diff_json import axes_dict, diff_dict, uah, version_dict, warning_dict

HISTORY_VERSION = "1.1"  # 1.1: amounts may carry source, executor, expense and a null year


def keyed(amounts: Amounts) -> list[dict[str, Any]]:
    return [{"year": key.year, **axes_dict(key), "uah": uah(value)} for key, value in amounts]


def yearly(totals: Totals) -> list[dict[str, Any]]:
    return [{"year": year, "uah": uah(value)} for year, value in totals]


def track_dict(track: Track) -> dict[str, Any]:
    return {
        "measure": track.label,
        "ids": list(track.ids),
        "parent": track.parent,
        "section": track.section,
        "text": track.text,
        "amounts": [None if amounts is None else keyed(amounts) for amounts in track.amounts],
    }


def history_dict(history: ProgrammeHistory) -> dict[str, Any]:
    """The JSON object for ``history``; each step is the diff JSON of two consecutive versions."""
    return {
        "history_version": HISTORY_VERSION,
        "title": history.title,
        "versions": [
            {"version": version_dict(version), "copies": list(copies)}
            for version, copies in zip(history.versions, history.copies, strict=True)
        ],
        "measures": [track_dict(track) for track in history.measures],
        "totals": [yearly(totals) for totals in history.totals],
        "steps": [{"from": index, "to": index + 1, "diff": diff_dict(step)} for index, step in enumerate(history.steps, 1)],
        "warnings": [warning_dict(warning) for warning in history.warnings],
    }


def dumps(history: ProgrammeHistory) -> str:
    """The history as JSON text, checked against ``schemas/history.schema.json`` first."""
    data = history_dict(history)
    validate.check_history(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
