"""A Frictionless ``datapackage.json`` describing the CSV files of an output folder."""

from __future__ import annotations

from typing import Any

from .csv import COLUMN_TYPES, COLUMNS


def csv_resource(name: str, path: str, schema: dict[str, Any], **about: str) -> dict[str, Any]:
    """One tabular resource: a UTF-8, comma-separated CSV with a header row (every CSV this project writes)."""
    return {
        "name": name,
        "path": path,
        **about,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": schema,
    }


def descriptor(csv_names: list[str]) -> dict[str, Any]:
    """The data package for the long CSVs named ``csv_names`` (paths relative to the folder)."""
    schema = {
        "fields": [{"name": column, "type": COLUMN_TYPES.get(column, "string")} for column in COLUMNS],
    }
    resources = [csv_resource(name.removesuffix(".csv").replace("/", "-").lower(), name, schema) for name in sorted(csv_names)]
    return {"profile": "tabular-data-package", "name": "extractor-output", "resources": resources}
