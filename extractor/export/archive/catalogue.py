"""The archive's catalogue: every input and everything read from it, in one SQLite file.

``out/catalogue.sqlite`` answers questions across all decisions at once (SQL,
datasette, DuckDB, pandas). One row per input in ``documents`` (keyed by its
output name, with its SHA-256, so a re-run knows what changed); the contract's
records hang below it with foreign keys::

    documents ─┬─ decisions (1:1)      ─ programmes (1:1)
               ├─ sections             ─ totals, declared_totals
               ├─ measures ── funding  ─ warnings
               ├─ versions (1:1): its programme, version, copy_of, latest
               └─ contracts (1:1): the validated contract JSON itself

Rows are built from the contract's JSON object (``export/json.py:document_dict``),
so the catalogue says exactly what the JSON files say. Amounts are kept as the
exact decimal string (``amount``, in the document's unit) and as a number in
hryvnias (``amount_uah``: an SQLite INTEGER when whole, so sums stay exact).
Recording a document again replaces its rows: re-runs never duplicate.
``contracts`` keeps the JSON text exactly as ``<name>.json`` has it, so a
``Document`` can be read back whole (provenance and all, amounts exact) by
``load.load_catalogue`` without the output files.

``versions`` places every converted document among the versions of its
programme (``history.place``), so a programme is counted once: planned funding
per year over the latest version of each programme (children of "в т.ч."
measures are already inside their parents, so only top-level measures count),
which the view ``programme_plan`` also gives per programme::

    SELECT f.year, SUM(f.amount_uah) AS planned_uah
    FROM funding AS f JOIN measures AS m ON m.id = f.measure_ref JOIN versions AS v ON v.document_id = f.document_id
    WHERE m.parent_id IS NULL AND v.latest
    GROUP BY f.year ORDER BY f.year;
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...model import Decision, Programme, Source
from .. import json as json_export

if TYPE_CHECKING:
    from ...history import Edition

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- output name under the output folder, without suffix
    path TEXT NOT NULL,                 -- the input as given or found under a given folder
    file TEXT NOT NULL,                 -- its file name, as the JSON's source.file says
    sha256 TEXT,
    size INTEGER,
    format TEXT,
    status TEXT NOT NULL CHECK (status IN ('converted', 'skipped', 'failed')),
    error TEXT,                         -- the one-line reason when skipped or failed
    error_kind TEXT,                    -- input | timeout | memory | crash | internal
    extractor_version TEXT NOT NULL,
    measures INTEGER NOT NULL DEFAULT 0,
    funding_records INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    seconds REAL,                       -- conversion time of the last conversion
    peak_memory_kb INTEGER              -- peak resident memory of its worker
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);

CREATE TABLE IF NOT EXISTS decisions (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    identifier TEXT, council TEXT, session INTEGER, convocation TEXT, date TEXT, number TEXT, annex TEXT,
    signatory_position TEXT, signatory_name TEXT,
    amends_identifier TEXT              -- the decision this document restates or amends (the JSON's amends), if named
);
CREATE INDEX IF NOT EXISTS decisions_identifier ON decisions (identifier);
CREATE INDEX IF NOT EXISTS decisions_council_date ON decisions (council, date);

CREATE TABLE IF NOT EXISTS programmes (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    title TEXT, period_start INTEGER, period_end INTEGER,
    unit TEXT                           -- thousand_uah | uah; NULL when the document states no unit (unit_missing)
);
CREATE INDEX IF NOT EXISTS programmes_title ON programmes (title);

CREATE TABLE IF NOT EXISTS sections (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, number TEXT NOT NULL, title TEXT,
    PRIMARY KEY (document_id, ordinal)
);

CREATE TABLE IF NOT EXISTS measures (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,           -- order in the document
    measure_id TEXT NOT NULL, section TEXT, parent_id TEXT, text TEXT NOT NULL,
    term_raw TEXT, term_start INTEGER, term_end INTEGER,
    executors TEXT NOT NULL,            -- items joined with '; '
    sources TEXT NOT NULL,              -- items joined with '; '
    funding_status TEXT NOT NULL, result TEXT,
    page INTEGER, source_table INTEGER, source_rows TEXT,
    UNIQUE (document_id, ordinal)
);
CREATE INDEX IF NOT EXISTS measures_measure_id ON measures (measure_id);
CREATE INDEX IF NOT EXISTS measures_parent ON measures (document_id, parent_id);

CREATE TABLE IF NOT EXISTS funding (
    id INTEGER PRIMARY KEY,
    measure_ref INTEGER NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    year INTEGER,                       -- NULL: the amount covers the measure's term (contract 1.1)
    amount TEXT NOT NULL,
    amount_uah NUMERIC,                 -- NULL only when the document states no unit (unit_missing)
    raw TEXT NOT NULL,
    source TEXT, executor TEXT, expense TEXT, -- the record's coordinates besides the year (contract 1.1)
    source_nominative TEXT              -- the source in the nominative, for summing by source (contract 1.2)
);
CREATE INDEX IF NOT EXISTS funding_year ON funding (year);
CREATE INDEX IF NOT EXISTS funding_measure ON funding (measure_ref);
CREATE INDEX IF NOT EXISTS funding_document ON funding (document_id);

CREATE TABLE IF NOT EXISTS totals (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    year INTEGER,                       -- NULL: amounts that cover the measures' terms (contract 1.1)
    computed_uah NUMERIC,               -- NULL only when the document states no unit
    declared_uah NUMERIC,
    UNIQUE (document_id, year)
);

CREATE TABLE IF NOT EXISTS warnings (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
    page INTEGER, table_index INTEGER, row_index INTEGER, line INTEGER, measure TEXT, column_role TEXT, field TEXT,
    PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX IF NOT EXISTS warnings_code ON warnings (code);

-- Contract 1.1: every figure a document states as a total (a total column, row or in-cell total), what it
-- totals (its year, source, executor, expense, measure or section; NULL: all of that axis) and its check.
CREATE TABLE IF NOT EXISTS declared_totals (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, label TEXT NOT NULL, measure TEXT, section TEXT,
    year INTEGER, source TEXT, executor TEXT, expense TEXT,
    declared TEXT NOT NULL, declared_uah NUMERIC, computed TEXT, computed_uah NUMERIC,
    status TEXT NOT NULL,               -- matched | mismatch | unchecked
    page INTEGER, table_index INTEGER, row_index INTEGER,
    PRIMARY KEY (document_id, ordinal)
);

-- Where each converted document stands among the versions of its programme (history.place), rebuilt by
-- refresh_versions() before the combined tables are written: which programme (the identifier of its first
-- decision in the archive), which version, whether it is a copy of another document of the same decision,
-- and whether it is the programme's latest version (the one to count).
CREATE TABLE IF NOT EXISTS versions (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    programme_key TEXT NOT NULL,
    version INTEGER NOT NULL,           -- 1-based by decision date; copies share their decision's
    copy_of TEXT,                       -- documents.name of the copy kept for the same decision; NULL when kept
    latest INTEGER NOT NULL CHECK (latest IN (0, 1))
);
CREATE INDEX IF NOT EXISTS versions_programme ON versions (programme_key);

CREATE TABLE IF NOT EXISTS contracts (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    json TEXT NOT NULL                  -- the contract JSON, as written to <name>.json
);
"""

# Tables whose contract-1.0 form SQLite cannot alter in place (a NOT NULL to relax): the column that tells the old
# form (NOT NULL there), and the columns the old form had.
REBUILT = {
    "funding": ("year", ("id", "measure_ref", "document_id", "ordinal", "year", "amount", "amount_uah", "raw", "source")),
    "totals": ("year", ("document_id", "year", "computed_uah", "declared_uah")),
    "programmes": ("unit", ("document_id", "title", "period_start", "period_end", "unit")),
}
REBUILT_INDEXES = ("funding_year", "funding_measure", "funding_document", "programmes_title")
# Columns added to a table since it was first written: an older catalogue gains them in place (NULL in its old rows).
ADDED_COLUMNS = {
    "funding": (("source_nominative", "TEXT"),),  # contract 1.2
    "decisions": (("amends_identifier", "TEXT"),),
}


def upgrade(connection: sqlite3.Connection) -> None:
    """Bring a catalogue written by an earlier extractor to this ``SCHEMA``; its rows are kept.

    Contract 1.0's ``funding`` (``year``, ``amount_uah`` NOT NULL, no ``executor``/``expense``), ``totals``
    (``year`` NOT NULL, the primary key) and ``programmes`` (``unit`` NOT NULL) are rebuilt: renamed, made again
    by ``SCHEMA``, their rows copied over. Columns added since (``ADDED_COLUMNS``) are added in place.
    """
    for table, added in ADDED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        for column, kind in added:
            if present and column not in present:  # an older catalogue's table (none: a new catalogue)
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    old = []
    for table, (marker, _) in REBUILT.items():
        columns = {row[1]: row[3] for row in connection.execute(f"PRAGMA table_info({table})")}
        if columns.get(marker):  # NOT NULL: the old form
            old.append((table, columns))
    if not old:
        return  # a new catalogue, or already upgraded
    connection.execute("DROP VIEW IF EXISTS programme_plan")  # a view naming a renamed table would follow it
    for table, _ in old:
        connection.execute(f"ALTER TABLE {table} RENAME TO {table}_before_upgrade")
    for index in REBUILT_INDEXES:
        connection.execute(f"DROP INDEX IF EXISTS {index}")
    connection.executescript(SCHEMA)
    for table, columns in old:
        listed = ", ".join(name for name in REBUILT[table][1] if name in columns)
        connection.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {table}_before_upgrade")  # noqa: S608
        connection.execute(f"DROP TABLE {table}_before_upgrade")


# Ready-made answers; dropped and created again on every open, so they always match this SCHEMA.
VIEWS = """
DROP VIEW IF EXISTS programme_plan;
-- Each programme's planned hryvnias per year, counted once: its latest version only (not every amending
-- decision, not every copy of a decision), top-level measures only ("в т.ч." sub-items are inside their parents).
CREATE VIEW programme_plan AS
SELECT v.programme_key, dc.council, p.title AS programme_title, d.name AS document, dc.identifier AS decision_identifier,
       dc.date AS decision_date, p.unit, f.year, SUM(f.amount_uah) AS planned_uah
FROM versions AS v JOIN documents AS d ON d.id = v.document_id
JOIN decisions AS dc ON dc.document_id = d.id JOIN programmes AS p ON p.document_id = d.id
JOIN funding AS f ON f.document_id = d.id JOIN measures AS m ON m.id = f.measure_ref
WHERE v.latest = 1 AND m.parent_id IS NULL AND d.status = 'converted'
GROUP BY v.programme_key, f.year
ORDER BY v.programme_key, f.year IS NULL, f.year;
"""


# The tables that hang below ``documents`` and are replaced when a document is recorded again.
CHILD_TABLES = (
    "versions", "declared_totals", "contracts", "warnings", "totals", "funding",
    "measures", "sections", "programmes", "decisions",
)


@dataclass(frozen=True)
class Entry:
    """What the catalogue knows about one input from an earlier run."""

    name: str
    path: str
    sha256: str | None
    format: str | None
    status: str
    error: str | None
    error_kind: str | None
    extractor_version: str
    measures: int
    funding_records: int
    warnings: int
    seconds: float | None
    peak_memory_kb: int | None


@dataclass(frozen=True)
class Record:
    """One input's outcome, as the catalogue stores it."""

    name: str
    path: str
    sha256: str | None
    size: int | None
    format: str | None
    status: str  # converted | skipped | failed
    error: str | None
    error_kind: str | None
    extractor_version: str
    seconds: float | None = None
    peak_memory_kb: int | None = None


class Catalogue:
    """``catalogue.sqlite`` opened for one run; commit after each document so a killed run loses nothing."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA journal_mode = WAL")  # a crash mid-write leaves the last commit intact
        self.connection.execute("PRAGMA synchronous = NORMAL")
        with self.connection:
            self.connection.execute("DROP VIEW IF EXISTS programme_plan")  # views name tables an upgrade renames
            upgrade(self.connection)
            self.connection.executescript(SCHEMA + VIEWS)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------

    def entry(self, name: str) -> Entry | None:
        row = self.connection.execute(
            "SELECT name, path, sha256, format, status, error, error_kind, extractor_version,"
            " measures, funding_records, warnings, seconds, peak_memory_kb FROM documents WHERE name = ?",
            (name,),
        ).fetchone()
        return Entry(*row) if row else None

    def warning_codes(self, name: str) -> list[str]:
        rows = self.connection.execute(
            "SELECT w.code FROM warnings AS w JOIN documents AS d ON d.id = w.document_id WHERE d.name = ? ORDER BY w.ordinal",
            (name,),
        )
        return [code for (code,) in rows]

    def converted_names(self) -> list[str]:
        rows = self.connection.execute("SELECT name FROM documents WHERE status = 'converted' ORDER BY name")
        return [name for (name,) in rows]

    def fingerprint(self) -> str:
        """A digest of what the catalogue holds: equal digests, equal exports."""
        digest = hashlib.sha256()
        rows = self.connection.execute(
            "SELECT name, path, sha256, format, status, error, extractor_version FROM documents ORDER BY name"
        )
        for row in rows:
            digest.update(json.dumps(row, ensure_ascii=False).encode())
        return digest.hexdigest()

    def meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.connection:
            self.connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.connection.execute(sql, parameters)

    def refresh_versions(self) -> None:
        """Place every converted document among the versions of its programme (the ``versions`` table)."""
        from ...history import place  # the same-programme rule, with rapidfuzz: loaded only for the exports

        placements = place(editions(self.connection))
        ids = dict(self.connection.execute("SELECT name, id FROM documents WHERE status = 'converted'").fetchall())
        with self.connection:
            self.connection.execute("DELETE FROM versions")
            self.connection.executemany(
                "INSERT INTO versions VALUES (?, ?, ?, ?, ?)",
                [
                    (ids[name], placed.programme_key, placed.version, placed.copy_of, int(placed.latest))
                    for name, placed in sorted(placements.items())
                ],
            )

    # --- writing ------------------------------------------------------------

    def record(self, record: Record, payload: dict[str, Any] | None) -> None:
        """Store one input's outcome (and, when converted, its document), replacing any earlier one."""
        measures = payload["measures"] if payload else []
        counts = (
            len(measures),
            sum(len(measure["funding"]) for measure in measures),
            len(payload["warnings"]) if payload else 0,
        )
        with self.connection:
            (document_id,) = self.connection.execute(
                """
                INSERT INTO documents (name, path, file, sha256, size, format, status, error, error_kind,
                                       extractor_version, measures, funding_records, warnings, seconds, peak_memory_kb)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET
                    path = excluded.path, file = excluded.file, sha256 = excluded.sha256, size = excluded.size,
                    format = excluded.format,
                    status = excluded.status, error = excluded.error, error_kind = excluded.error_kind,
                    extractor_version = excluded.extractor_version, measures = excluded.measures,
                    funding_records = excluded.funding_records, warnings = excluded.warnings,
                    seconds = excluded.seconds, peak_memory_kb = excluded.peak_memory_kb
                RETURNING id
                """,
                (
                    record.name,
                    record.path,
                    PurePath(record.path).name,
                    record.sha256,
                    record.size,
                    record.format,
                    record.status,
                    record.error,
                    record.error_kind,
                    record.extractor_version,
                    *counts,
                    record.seconds,
                    record.peak_memory_kb,
                ),
            ).fetchone()
            for table in CHILD_TABLES:
                self.connection.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))  # noqa: S608
            if payload is not None:
                self._insert_document(document_id, payload)

    def _insert_document(self, document_id: int, payload: dict[str, Any]) -> None:
        execute = self.connection.execute
        decision, programme, signatory = payload["decision"], payload["programme"], payload["signatory"]
        execute("INSERT INTO contracts VALUES (?, ?)", (document_id, json_export.dumps(payload)))
        amends = payload.get("amends") or {}
        execute(
            "INSERT INTO decisions (document_id, identifier, council, session, convocation, date, number, annex,"
            " signatory_position, signatory_name, amends_identifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                decision["identifier"],
                decision["council"],
                decision["session"],
                decision["convocation"],
                decision["date"],
                decision["number"],
                decision["annex"],
                signatory["position"],
                signatory["name"],
                amends.get("identifier"),
            ),
        )
        period = programme["period"]
        execute(
            "INSERT INTO programmes VALUES (?, ?, ?, ?, ?)",
            (document_id, programme["title"], period["start"], period["end"], programme["unit"]),
        )
        execute_many = self.connection.executemany
        execute_many(
            "INSERT INTO sections VALUES (?, ?, ?, ?)",
            [
                (document_id, ordinal, section["number"], section["title"])
                for ordinal, section in enumerate(payload["sections"], 1)
            ],
        )
        for ordinal, measure in enumerate(payload["measures"], 1):
            term = measure["term"] or {}
            provenance = measure["provenance"]
            (measure_ref,) = execute(
                """
                INSERT INTO measures (document_id, ordinal, measure_id, section, parent_id, text, term_raw, term_start,
                                      term_end, executors, sources, funding_status, result, page, source_table, source_rows)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                (
                    document_id,
                    ordinal,
                    measure["id"],
                    measure["section"],
                    measure["parent"],
                    measure["text"],
                    term.get("raw"),
                    term.get("start"),
                    term.get("end"),
                    "; ".join(measure["executors"]),
                    "; ".join(measure["sources"]),
                    measure["funding_status"],
                    measure["result"],
                    provenance.get("page"),
                    provenance.get("table"),
                    " ".join(map(str, provenance.get("rows", []))),
                ),
            ).fetchone()
            execute_many(
                "INSERT INTO funding (measure_ref, document_id, ordinal, year, amount, amount_uah, raw, source, executor,"
                " expense, source_nominative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        measure_ref,
                        document_id,
                        index,
                        record["year"],
                        record["amount"],
                        record["amount_uah"],
                        record["raw"],
                        record.get("source"),
                        record.get("executor"),
                        record.get("expense"),
                        record.get("source_nominative"),
                    )
                    for index, record in enumerate(measure["funding"], 1)
                ],
            )
        execute_many(
            "INSERT INTO totals VALUES (?, ?, ?, ?)",
            [(document_id, total["year"], total["computed_uah"], total["declared_uah"]) for total in payload["totals"]],
        )
        execute_many(
            "INSERT INTO declared_totals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document_id,
                    ordinal,
                    total["label"],
                    total.get("measure"),
                    total.get("section"),
                    total.get("year"),
                    total.get("source"),
                    total.get("executor"),
                    total.get("expense"),
                    total["declared"],
                    total.get("declared_uah"),
                    total.get("computed"),
                    total.get("computed_uah"),
                    total["status"],
                    where.get("page"),
                    where.get("table"),
                    where.get("row"),
                )
                for ordinal, total in enumerate(payload.get("declared_totals", []), 1)
                for where in (total.get("where") or {},)
            ],
        )
        execute_many(
            "INSERT INTO warnings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document_id,
                    ordinal,
                    warning["code"],
                    warning["message"],
                    where.get("page"),
                    where.get("table"),
                    where.get("row"),
                    where.get("line"),
                    where.get("measure"),
                    where.get("column"),
                    where.get("field"),
                )
                for ordinal, warning in enumerate(payload["warnings"], 1)
                for where in (warning.get("where") or {},)
            ],
        )


def editions(connection: sqlite3.Connection) -> list[Edition]:
    """What ``history.place`` needs of every converted document, in name order, without reading its measures."""
    from ...history import Edition

    rows = connection.execute(
        """SELECT d.name, d.file, d.sha256, d.format, d.warnings, dc.council, dc.session, dc.convocation, dc.date,
                  dc.number, dc.annex, p.title, p.period_start, p.period_end, p.unit
           FROM documents AS d JOIN decisions AS dc ON dc.document_id = d.id JOIN programmes AS p ON p.document_id = d.id
           WHERE d.status = 'converted' ORDER BY d.name"""
    )
    return [
        Edition(
            name=row[0],
            source=Source(row[1], row[2] or "", row[3] or ""),
            warnings=row[4],
            decision=Decision(*row[5:11]),  # council, session, convocation, date, number, annex
            programme=Programme(*row[11:15]),  # title, period_start, period_end, unit
        )
        for row in rows
    ]


def stored_contracts(path: Path) -> list[tuple[str, str]]:
    """(name, contract JSON text) of every converted document in the catalogue at ``path``, read-only.

    Raises:
        InputError: ``path`` is missing, not a catalogue, or from before ``contracts`` was stored.
    """
    if not path.is_file():
        raise InputError("no such catalogue (extractor convert writes DIR/catalogue.sqlite)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "documents" not in tables:
                raise InputError("not an extractor catalogue (it has no documents table)")
            if "contracts" not in tables:
                raise InputError("written by an older extractor: run extractor convert --force on its inputs again")
            rows = connection.execute(
                "SELECT d.name, c.json FROM documents AS d LEFT JOIN contracts AS c ON c.document_id = d.id"
                " WHERE d.status = 'converted' ORDER BY d.name"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise InputError(f"not a readable SQLite catalogue ({error})") from error
    missing = [name for name, text in rows if text is None]
    if missing:
        raise InputError(f"{missing[0]} was stored by an older extractor: run extractor convert --force on its inputs again")
    return [(name, text) for name, text in rows]
