"""A ``ProgrammeHistory`` as JSON (``schemas/history.schema.json``), validated before it is returned."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ... import validate
from ...history import Amounts, ProgrammeHistory, Track
from .diff_json import diff_dict, uah, version_dict

HISTORY_VERSION = "1.0"


def yearly(amounts: Amounts) -> list[dict[str, Any]]:
    return [{"year": year, "uah": uah(value)} for year, value in amounts]


def track_dict(track: Track) -> dict[str, Any]:
    return {
        "measure": track.label,
        "ids": list(track.ids),
        "parent": track.parent,
        "section": track.section,
        "text": track.text,
        "amounts": [None if amounts is None else yearly(amounts) for amounts in track.amounts],
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
        "warnings": [asdict(warning) for warning in history.warnings],
    }


def dumps(history: ProgrammeHistory) -> str:
    """The history as JSON text, checked against ``schemas/history.schema.json`` first."""
    data = history_dict(history)
    validate.check_history(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
