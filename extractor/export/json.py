"""Documents to the JSON of the contract (``schemas/programme.schema.json``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from ..model import DeclaredTotal, Document, ExtractionWarning, FundingRecord, Measure, Where


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an integer when whole, else its exact short form; None stays null."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)  # hryvnias and kopecks: at most 15 digits, printed exactly


def decimal_string(value: Decimal) -> str:
    """A Decimal as written in the document, in dot notation (``34.0``, ``25.401``)."""
    return format(value, "f")


def funding_dict(record: FundingRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": record.year,
        "amount": decimal_string(record.amount),
        "amount_uah": number(record.amount_uah),
        "raw": record.raw,
    }
    # contract 1.1: the grid coordinates besides the year, written only when the table has that axis
    for key in ("source", "executor", "expense", "source_nominative"):
        if getattr(record, key) is not None:
            data[key] = getattr(record, key)
    return data


def declared_total_dict(total: DeclaredTotal) -> dict[str, Any]:
    """A declared total (contract 1.1): what it totals, the figure as written and in UAH, what it covers, where."""
    return {
        "label": total.label,
        "measure": total.measure,
        "section": total.section,
        "year": total.year,
        "source": total.source,
        "executor": total.executor,
        "expense": total.expense,
        "declared": decimal_string(total.declared),
        "declared_uah": number(total.declared_uah),
        "computed": None if total.computed is None else decimal_string(total.computed),
        "computed_uah": number(total.computed_uah),
        "status": total.status,
        "where": where_dict(total.where),
    }


def measure_dict(measure: Measure) -> dict[str, Any]:
    prov = measure.provenance
    provenance: dict[str, Any] = {"page": prov.page, "table": prov.table, "rows": list(prov.rows)}
    if prov.pages:
        provenance["pages"] = list(prov.pages)
    if prov.lines:
        provenance["lines"] = list(prov.lines)
    if prov.confidence:
        provenance["confidence"] = dict(prov.confidence)
    return {
        "id": measure.id,
        "section": measure.section,
        "parent": measure.parent,
        "text": measure.text,
        "term": asdict(measure.term) if measure.term else None,
        "executors": list(measure.executors),
        "sources": list(measure.sources),
        "funding_status": measure.funding_status,
        "funding": [funding_dict(record) for record in measure.funding],
        "result": measure.result,
        "provenance": provenance,
    }


def where_dict(where: Where) -> dict[str, Any]:
    return {key: value for key, value in asdict(where).items() if value is not None}


def warning_dict(warning: ExtractionWarning) -> dict[str, Any]:
    return {"code": warning.code, "message": warning.message, "where": where_dict(warning.where)}


def document_dict(document: Document) -> dict[str, Any]:
    """The contract's JSON object for ``document``."""
    decision = document.decision
    programme = document.programme
    source: dict[str, Any] = {
        "file": document.source.file,
        "sha256": document.source.sha256,
        "format": document.source.format,
        "pages": document.source.pages,
    }
    if document.source.notes:
        source["notes"] = list(document.source.notes)
    return {
        "schema_version": document.schema_version,
        "source": source,
        "decision": {**asdict(decision), "identifier": decision.identifier},
        # contract 1.1: the decision a restated annex or an amending decision changes, only when there is one
        **({"amends": {**asdict(document.amends), "identifier": document.amends.identifier}} if document.amends else {}),
        "programme": {
            "title": programme.title,
            "period": {"start": programme.period_start, "end": programme.period_end},
            "unit": programme.unit,
        },
        "signatory": asdict(document.signatory),
        "sections": [asdict(section) for section in document.sections],
        "measures": [measure_dict(measure) for measure in document.measures],
        "totals": [
            {
                "year": total.year,
                "computed_uah": number(total.computed_uah),
                "declared_uah": number(total.declared_uah),
            }
            for total in document.totals
        ],
        "declared_totals": [declared_total_dict(total) for total in document.declared_totals],
        "warnings": [warning_dict(warning) for warning in document.warnings],
    }


def dumps(data: dict[str, Any]) -> str:
    """Serialise deterministically: same document, same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
