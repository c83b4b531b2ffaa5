"""Read the contract's JSON (``schemas/programme.schema.json``) back into a ``Document``.

The inverse of ``export.json.document_dict``: what one run wrote, another run
(``extractor diff old.json new.json``, the history of a catalogue) can compare
without the original file; ``load_catalogue`` reads every document a
catalogue holds, from the contract JSON it stores beside its tables. Numbers are read as ``Decimal``, never ``float``,
so amounts come back exactly as written.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import validate
from .errors import InputError
from .export.archive.catalogue import stored_contracts
from .model import (
    Decision,
    DeclaredTotal,
    Document,
    ExtractionWarning,
    FundingRecord,
    Measure,
    Programme,
    Provenance,
    Section,
    Signatory,
    Source,
    Term,
    Total,
    Where,
)


def decimal(value: Any) -> Decimal:
    """A JSON number or decimal string as an exact ``Decimal``."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def maybe_decimal(value: Any) -> Decimal | None:
    return None if value is None else decimal(value)


def funding_record(data: dict[str, Any]) -> FundingRecord:
    """A funding record; 1.0 JSON has no source/executor/expense and always a year and amount_uah."""
    return FundingRecord(
        year=data["year"],
        amount=decimal(data["amount"]),
        amount_uah=maybe_decimal(data["amount_uah"]),
        raw=data["raw"],
        source=data.get("source"),
        executor=data.get("executor"),
        expense=data.get("expense"),
        source_nominative=data.get("source_nominative"),
    )


def declared_total(data: dict[str, Any]) -> DeclaredTotal:
    return DeclaredTotal(
        label=data["label"],
        declared=decimal(data["declared"]),
        declared_uah=maybe_decimal(data["declared_uah"]),
        computed=maybe_decimal(data["computed"]),
        computed_uah=maybe_decimal(data["computed_uah"]),
        status=data["status"],
        where=Where(**data["where"]),
        year=data["year"],
        source=data["source"],
        executor=data["executor"],
        expense=data["expense"],
        measure=data["measure"],
        section=data["section"],
    )


def measure(data: dict[str, Any]) -> Measure:
    term = data["term"]
    prov = data["provenance"]
    pages = tuple(prov.get("pages", ())) or ((prov["page"],) if prov.get("page") is not None else ())
    return Measure(
        id=data["id"],
        section=data["section"],
        parent=data["parent"],
        text=data["text"],
        term=Term(raw=term["raw"], start=term["start"], end=term["end"]) if term else None,
        executors=tuple(data["executors"]),
        sources=tuple(data["sources"]),
        funding_status=data["funding_status"],
        funding=tuple(funding_record(record) for record in data["funding"]),
        result=data["result"],
        provenance=Provenance(
            table=prov["table"],
            rows=tuple(prov["rows"]),
            pages=pages,
            lines=tuple(prov.get("lines", ())),
            confidence=tuple((name, float(value)) for name, value in prov.get("confidence", {}).items()),
        ),
    )


def document_from_dict(data: dict[str, Any]) -> Document:
    """The ``Document`` a contract JSON object describes; raise ``InputError`` if it breaks the schema."""
    found = validate.errors(data)
    if found:
        raise InputError(f"not a programme JSON: {found[0]} ({len(found)} problem(s))")
    source, decision, programme = data["source"], data["decision"], data["programme"]
    return Document(
        source=Source(
            file=source["file"],
            sha256=source["sha256"],
            format=source["format"],
            pages=source["pages"],
            notes=tuple(source.get("notes", ())),
        ),
        decision=Decision(**{key: value for key, value in decision.items() if key != "identifier"}),
        amends=Decision(**{key: value for key, value in data["amends"].items() if key != "identifier"})
        if "amends" in data
        else None,
        programme=Programme(
            title=programme["title"],
            period_start=programme["period"]["start"],
            period_end=programme["period"]["end"],
            unit=programme["unit"],
        ),
        signatory=Signatory(position=data["signatory"]["position"], name=data["signatory"]["name"]),
        sections=tuple(Section(number=section["number"], title=section["title"]) for section in data["sections"]),
        measures=tuple(measure(item) for item in data["measures"]),
        totals=tuple(
            Total(
                year=total["year"],
                computed_uah=maybe_decimal(total["computed_uah"]),
                declared_uah=maybe_decimal(total["declared_uah"]),
            )
            for total in data["totals"]
        ),
        declared_totals=tuple(declared_total(item) for item in data.get("declared_totals", ())),  # 1.1; none in 1.0
        warnings=tuple(
            ExtractionWarning(code=warning["code"], message=warning["message"], where=Where(**warning["where"]))
            for warning in data["warnings"]
        ),
        schema_version=data["schema_version"],
    )


def loads(text: str) -> Document:
    """Parse contract JSON text into a ``Document`` (numbers read as ``Decimal``)."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise InputError("not a programme JSON: the top level is not an object")
    return document_from_dict(data)


def load_json(path: Path) -> Document:
    """Read a JSON file written by ``extractor convert`` back into a ``Document``."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 JSON: {error}") from error
    return loads(text)


def load_catalogue(path: Path) -> list[Document]:
    """Every converted document in ``catalogue.sqlite``, read back from the contract JSON it stores."""
    documents = []
    for name, text in stored_contracts(path):
        try:
            documents.append(loads(text))
        except InputError as error:
            raise InputError(f"document {name} in the catalogue: {error}") from error
    return documents
