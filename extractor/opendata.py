"""The official open-data set of local targeted programmes, from a catalogue: ``extractor opendata``.

The dataset "Перелік цільових місцевих програм" of the Cabinet of Ministers'
resolution №835 (annex 62 of its list of data sets) has two tables, in this
column order:

* ``programs.csv``: one row per programme: ``uid`` (the approving decision's
  ``<number>-<YYYY-MM-DD>``), ``title``, ``validFrom`` and ``validThrough``
  (years), ``status`` (``Чинна``, ``Завершена``, ``Скасована``), the
  responsible executor (``executantName``, ``executantId``: its ЄДРПОУ code),
  ``programUrl`` (the current version on the web), the approving act
  (``legalActType``, ``legalActTitle``, ``legalActAccepted``,
  ``legalActNumber``, ``legalActUrl``) and who adopted it (``publisherName``,
  ``publisherId``);
* ``amendments.csv``: one row per later version: ``uid``, ``programId``,
  ``programTitle`` and the same act and publisher columns.

Every field is required. **Where each comes from.** Programmes and their
versions are the catalogue's (``history.place``: copies of one decision count
once). A programme's approving decision is the one its earliest version
restates or amends when that version names one (contract 1.1 ``amends``),
else its earliest version itself; every later version is an amendment. From
the documents: ``title`` (the latest version's), the period (the latest
version's), the acts' dates and numbers, the councils (``publisherName``),
``legalActType`` (``Рішення``: every document read is a council decision).
``status`` is ``Завершена`` when the period ended before ``status_as_of``
(default: today), else ``Чинна``. What the documents do not say (ЄДРПОУ codes,
web addresses, the executor responsible, the acts' titles) comes from a small
TOML file the user writes (``load_config``; an example in the README); a
required field still unknown is left empty and reported (``Missing``), never
invented.

Beside them, ``measures.csv`` and ``funding.csv`` hold every version's measures
and funding records (copies left out), linked by ``programId`` and
``legalActUid``, and ``datapackage.json`` describes all four.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError
from .export.archive.catalogue import editions
from .export.document.datapackage import csv_resource
from .export.files import write_atomically
from .history import Edition, place

PROGRAM_COLUMNS = (
    "uid", "title", "validFrom", "validThrough", "status", "executantName", "executantId", "programUrl",
    "legalActType", "legalActTitle", "legalActAccepted", "legalActNumber", "legalActUrl", "publisherName", "publisherId",
)  # fmt: skip
AMENDMENT_COLUMNS = (
    "uid", "programId", "programTitle", "legalActType", "legalActTitle", "legalActAccepted", "legalActNumber",
    "legalActUrl", "publisherName", "publisherId",
)  # fmt: skip
MEASURE_COLUMNS = (
    "programId", "legalActUid", "latest", "measure_id", "section", "parent_id", "measure_text", "term_start", "term_end",
    "executors", "funding_sources", "funding_status", "result",
)  # fmt: skip
FUNDING_COLUMNS = (
    "programId", "legalActUid", "latest", "measure_id", "parent_id", "year", "amount", "amount_uah", "unit",
    "funding_source", "executor", "expense",
)  # fmt: skip
STATUSES = ("Чинна", "Завершена", "Скасована")
DECISION_TYPE = "Рішення"

# What a missing field is and where the config sets it: (field) → (what it is, config table, config key).
SOURCES = {
    "executantName": ("the responsible executor's name", "programmes", "executant_name"),
    "executantId": ("the responsible executor's ЄДРПОУ code", "programmes", "executant_id"),
    "programUrl": ("the web address of the programme's current version", "programmes", "url"),
    "legalActTitle": ("the decision's title", "decisions", "title"),
    "legalActUrl": ("the decision's web address", "decisions", "url"),
    "publisherId": ("the council's ЄДРПОУ code", "publishers", "id"),
}

# Frictionless types of our columns; the official ones are strings but for these.
TYPES = {
    "validFrom": "year", "validThrough": "year", "legalActAccepted": "date", "latest": "boolean", "term_start": "integer",
    "term_end": "integer", "year": "integer", "amount": "number", "amount_uah": "number",
    "programUrl": "string", "legalActUrl": "string",
}  # fmt: skip


@dataclass(frozen=True)
class Config:
    """What the user knows and the documents do not say (``load_config``)."""

    publishers: dict[str, dict[str, str]] = field(default_factory=dict)  # council name → {"id": ЄДРПОУ}
    programmes: dict[str, dict[str, str]] = field(default_factory=dict)  # programme uid → executant_name/_id, url, status
    decisions: dict[str, dict[str, str]] = field(default_factory=dict)  # decision uid → title, url, type
    status_as_of: date | None = None


@dataclass(frozen=True)
class Missing:
    """A required field the documents and the config leave unknown: left empty in the file."""

    table: str
    uid: str
    field: str
    what: str
    key: str  # the config entry that would give it

    def message(self) -> str:
        return f"{self.table}.csv {self.uid}: {self.field} unknown ({self.what}); set {self.key} in the config"


@dataclass(frozen=True)
class OpenData:
    programs: list[dict[str, Any]]
    amendments: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    funding: list[dict[str, Any]]
    missing: list[Missing]
    status_as_of: date


def load_config(path: Path | None) -> Config:
    """Read the TOML config; no path is an empty config.

    Raises:
        InputError: the file cannot be read or is not the config's shape (the message says where).
    """
    if path is None:
        return Config()
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the config ({error})") from error
    return load_config_text(text)


def load_config_text(text: str) -> Config:
    """The config from its TOML text (``load_config``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not a TOML file ({error})") from error
    unknown = set(data) - {"publishers", "programmes", "decisions", "status_as_of"}
    if unknown:
        raise InputError(f"unknown config entries: {', '.join(sorted(unknown))}")
    tables: dict[str, dict[str, dict[str, str]]] = {}
    for name in ("publishers", "programmes", "decisions"):
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(isinstance(entry, dict) for entry in table.values()):
            raise InputError(f"[{name}.\"…\"] entries must be tables of text values")
        tables[name] = {key: {k: str(v) for k, v in entry.items()} for key, entry in table.items()}
    for uid, entry in tables["programmes"].items():
        if entry.get("status", STATUSES[0]) not in STATUSES:
            raise InputError(f'programmes."{uid}".status must be one of {", ".join(STATUSES)}')
    as_of = data.get("status_as_of")
    if as_of is not None and not isinstance(as_of, date):
        raise InputError("status_as_of must be a date (2024-01-01)")
    return Config(tables["publishers"], tables["programmes"], tables["decisions"], as_of)


# --- Reading the catalogue ---------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise InputError("no such catalogue (extractor convert writes DIR/catalogue.sqlite)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise InputError(f"not a readable SQLite catalogue ({error})") from error
    if not {"documents", "contracts"} <= tables:
        connection.close()
        raise InputError("not a catalogue of this extractor: run extractor convert on its inputs again")
    return connection


def decision_uid(decision: dict[str, Any] | None) -> str | None:
    if decision and decision.get("number") and decision.get("date"):
        return f"{decision['number']}-{decision['date']}"
    return None


@dataclass(frozen=True)
class Act:
    """One decision as the tables name it: its own, or the one a document restates or amends."""

    uid: str
    number: str | None
    date: str | None
    council: str | None


def act_of(decision: dict[str, Any], fallback: str) -> Act:
    return Act(decision_uid(decision) or fallback, decision.get("number"), decision.get("date"), decision.get("council"))


# --- Building the tables -----------------------------------------------------------


class Builder:
    """Fill the official rows from the documents and the config, noting what stays unknown."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.missing: list[Missing] = []

    def known(self, table: str, uid: str, name: str, value: Any, config_key: str | None = None) -> Any:
        """``value``, or an empty cell and a ``Missing`` saying where the config would give it."""
        if value not in (None, ""):
            return value
        if name in SOURCES:
            what, section, entry = SOURCES[name]
            where = f'[{section}."{config_key or uid}"] {entry}'
        else:
            what, where = "the documents do not say it", f'[programmes."{uid}"] {name}'
        self.missing.append(Missing(table, uid, name, what, where))
        return ""

    def act_columns(self, table: str, row_uid: str, act: Act) -> dict[str, Any]:
        """The approving or amending act's columns and its publisher's."""
        entry = self.config.decisions.get(act.uid, {})
        council = act.council or ""
        return {
            "legalActType": entry.get("type", DECISION_TYPE),
            "legalActTitle": self.known(table, row_uid, "legalActTitle", entry.get("title"), act.uid),
            "legalActAccepted": self.known(table, row_uid, "legalActAccepted", act.date),
            "legalActNumber": self.known(table, row_uid, "legalActNumber", act.number),
            "legalActUrl": self.known(table, row_uid, "legalActUrl", entry.get("url"), act.uid),
            "publisherName": self.known(table, row_uid, "publisherName", act.council),
            "publisherId": self.known(table, row_uid, "publisherId", self.config.publishers.get(council, {}).get("id"), council),
        }


def build(catalogue: Path, config: Config) -> OpenData:
    """The four tables of the open-data set for every programme of ``catalogue``.

    Raises:
        InputError: the catalogue cannot be read.
    """
    connection = connect(catalogue)
    try:
        found = editions(connection)
        contracts = {
            name: json.loads(text)
            for name, text in connection.execute(
                "SELECT d.name, c.json FROM documents AS d JOIN contracts AS c ON c.document_id = d.id"
                " WHERE d.status = 'converted'"
            )
        }
        measures = measure_rows(connection)
        funding = funding_rows(connection)
    finally:
        connection.close()
    placements = place(found)
    by_name = {edition.name: edition for edition in found}
    programmes: dict[str, list[Edition]] = {}
    for name, placed in sorted(placements.items(), key=lambda item: (item[1].programme_key, item[1].version)):
        if placed.copy_of is None:
            programmes.setdefault(placed.programme_key, []).append(by_name[name])
    as_of = config.status_as_of or date.today()
    builder = Builder(config)
    programs: list[dict[str, Any]] = []
    amendments: list[dict[str, Any]] = []
    measure_table: list[dict[str, Any]] = []
    funding_table: list[dict[str, Any]] = []
    for versions in programmes.values():
        latest = versions[-1]
        payloads = [contracts[edition.name] for edition in versions]
        approving = payloads[0].get("amends")
        acts = [act_of(payload["decision"], edition.name) for payload, edition in zip(payloads, versions, strict=True)]
        if approving and decision_uid(approving) and decision_uid(approving) != acts[0].uid:
            acts.insert(0, act_of(approving, acts[0].uid))
        program_uid = acts[0].uid
        entry = config.programmes.get(program_uid, {})
        latest_programme = latest.programme
        title = latest_programme.title
        status = entry.get("status")
        if status is None and latest_programme.period_end is not None:
            status = STATUSES[1] if latest_programme.period_end < as_of.year else STATUSES[0]
        program = {
            "uid": program_uid,
            "title": builder.known("programs", program_uid, "title", title),
            "validFrom": builder.known("programs", program_uid, "validFrom", latest_programme.period_start),
            "validThrough": builder.known("programs", program_uid, "validThrough", latest_programme.period_end),
            "status": builder.known("programs", program_uid, "status", status),
            "executantName": builder.known("programs", program_uid, "executantName", entry.get("executant_name")),
            "executantId": builder.known("programs", program_uid, "executantId", entry.get("executant_id")),
            "programUrl": builder.known(
                "programs", program_uid, "programUrl", entry.get("url") or config.decisions.get(acts[-1].uid, {}).get("url")
            ),
            **builder.act_columns("programs", program_uid, acts[0]),
        }
        programs.append(program)
        for act in acts[1:]:
            amendments.append(
                {
                    "uid": act.uid,
                    "programId": program_uid,
                    "programTitle": program["title"],
                    **builder.act_columns("amendments", act.uid, act),
                }
            )
        for edition, act in zip(versions, acts[-len(versions) :], strict=True):
            link = {"programId": program_uid, "legalActUid": act.uid, "latest": int(edition is latest)}
            measure_table.extend({**link, **row} for row in measures.get(edition.name, []))
            funding_table.extend({**link, **row} for row in funding.get(edition.name, []))
    return OpenData(programs, amendments, measure_table, funding_table, builder.missing, as_of)


def measure_rows(connection: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, *values in connection.execute(
        """SELECT d.name, m.measure_id, m.section, m.parent_id, m.text, m.term_start, m.term_end, m.executors, m.sources,
                  m.funding_status, m.result
           FROM measures AS m JOIN documents AS d ON d.id = m.document_id WHERE d.status = 'converted'
           ORDER BY d.name, m.ordinal"""
    ):
        rows.setdefault(name, []).append(dict(zip(MEASURE_COLUMNS[3:], values, strict=True)))
    return rows


def funding_rows(connection: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, *values in connection.execute(
        """SELECT d.name, m.measure_id, m.parent_id, f.year, f.amount, f.amount_uah, p.unit, f.source, f.executor, f.expense
           FROM funding AS f JOIN measures AS m ON m.id = f.measure_ref JOIN documents AS d ON d.id = f.document_id
           JOIN programmes AS p ON p.document_id = d.id WHERE d.status = 'converted'
           ORDER BY d.name, m.ordinal, f.ordinal"""
    ):
        rows.setdefault(name, []).append(dict(zip(FUNDING_COLUMNS[3:], values, strict=True)))
    return rows


# --- Writing -----------------------------------------------------------------------

TABLES = (
    ("programs", PROGRAM_COLUMNS, "Перелік цільових місцевих програм: одна програма на рядок (постанова КМУ №835)"),
    ("amendments", AMENDMENT_COLUMNS, "Зміни до цільових місцевих програм: одне рішення на рядок (постанова КМУ №835)"),
    ("measures", MEASURE_COLUMNS, "Заходи кожної версії програми (extractor)"),
    ("funding", FUNDING_COLUMNS, "Обсяги фінансування заходів кожної версії програми (extractor)"),
)
OFFICIAL = {"programs", "amendments"}


def csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """UTF-8, comma, dot decimal, as data.gov.ua takes it."""
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=columns, restval="", lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows({key: "" if value is None else value for key, value in row.items()} for row in rows)
    return stream.getvalue()


def descriptor() -> dict[str, Any]:
    resources = []
    for name, columns, title in TABLES:
        fields = []
        for column in columns:
            spec: dict[str, Any] = {"name": column, "type": TYPES.get(column, "string")}
            if column.endswith("Url"):
                spec["format"] = "uri"
            if name in OFFICIAL:
                spec["constraints"] = {"required": True}
            fields.append(spec)
        schema: dict[str, Any] = {"fields": fields}
        if name == "programs":
            schema["primaryKey"] = ["uid"]
        else:
            schema["foreignKeys"] = [{"fields": "programId", "reference": {"resource": "programs", "fields": "uid"}}]
        resources.append(csv_resource(name, f"{name}.csv", schema, title=title))
    return {
        "profile": "tabular-data-package",
        "name": "targeted-local-programmes",
        "title": "Перелік цільових місцевих програм",
        "resources": resources,
    }


def write(data: OpenData, folder: Path) -> list[Path]:
    """Write the four CSVs and ``datapackage.json`` into ``folder``; the paths written."""
    written = []
    tables = {"programs": data.programs, "amendments": data.amendments, "measures": data.measures, "funding": data.funding}
    for name, columns, _ in TABLES:
        path = folder / f"{name}.csv"
        write_atomically(path, csv_text(columns, tables[name]))
        written.append(path)
    package = folder / "datapackage.json"
    write_atomically(package, json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n")
    return [*written, package]
