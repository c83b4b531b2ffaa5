"""The scan suite (``tests/data/scans/suite.json``): documents with their hand-written extraction, scanned by profiles.

Shared by ``tests/test_scans.py`` (the ``ci`` subset) and ``bench/ocr.py``
(every document by every profile). A record is one funding amount as
``(measure id, year, source, executor, amount as written)``: a scan reads it
exactly when all five are right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from tools.degrade import PROFILES, Degradation, cached_scan

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "data" / "scans" / "suite.json"

Record = tuple[str, int | None, str | None, str | None, str]


@dataclass(frozen=True)
class Scan:
    document: str
    profile: str
    pdf: Path  # the text PDF the scan is made from
    degradation: Degradation  # the profile with the document's stamp and signature words
    expected: frozenset[Record]
    measures: tuple[str, ...]  # the measure ids, in order
    executors: dict[str, tuple[str, ...]]  # each measure's executors as printed (measures that have some)

    @property
    def name(self) -> str:
        """``DOCUMENT@PROFILE``, and ``#SEED`` for a scan made with another seed of its damage than the profile's."""
        seed = "" if self.degradation.seed == PROFILES[self.profile].seed else f"#{self.degradation.seed}"
        return f"{self.document}@{self.profile}{seed}"

    def path(self, cache_folder: Path | None = None) -> Path:
        """The scan's PDF, made on first use (``tools.degrade.cached_scan``)."""
        return cached_scan(self.pdf, self.degradation, cache_folder)


@cache
def suite() -> dict[str, Any]:
    return dict(json.loads(SUITE.read_text(encoding="utf-8")))


def expected_of(document: str) -> tuple[frozenset[Record], tuple[str, ...]]:
    """A document's records and measure ids as written down by hand (its expected file, or a golden JSON)."""
    spec = suite()["documents"][document]
    data = json.loads((ROOT / spec["expected"]).read_text(encoding="utf-8"))
    if "records" in data:
        records = frozenset((r[0], r[1], r[2], r[3], r[4]) for r in data["records"])
        return records, tuple(data["measures"])
    return frozenset(records_of_dict(data)), tuple(measure["id"] for measure in data["measures"])


def executors_of(document: str) -> dict[str, tuple[str, ...]]:
    """Each measure's executors as written down by hand (its expected file's ``executors``, or a golden JSON's)."""
    data = json.loads((ROOT / suite()["documents"][document]["expected"]).read_text(encoding="utf-8"))
    if "records" in data:
        return {measure: tuple(names) for measure, names in data["executors"].items()}
    return {measure["id"]: tuple(measure["executors"]) for measure in data["measures"] if measure["executors"]}


def identifier_of(document: str) -> str:
    """The decision's open-data identifier, as the hand-written extraction gives it."""
    data = json.loads((ROOT / suite()["documents"][document]["expected"]).read_text(encoding="utf-8"))
    return str(data["decision_identifier"] if "decision_identifier" in data else data["decision"]["identifier"])


def scan(document: str, profile: str, seed: int | None = None) -> Scan:
    """A document of the suite scanned by a profile (with ``seed`` for its damage instead of the profile's)."""
    spec = suite()["documents"][document]
    degradation = replace(PROFILES[profile], stamps=tuple(spec["stamps"]), signatures=tuple(spec["signatures"]))
    if seed is not None:
        degradation = replace(degradation, seed=seed)
    if profile != "stamp-300":
        degradation = replace(degradation, stamps=(), signatures=())  # only the stamp profile stamps and signs
    records, measures = expected_of(document)
    return Scan(document, profile, ROOT / spec["pdf"], degradation, records, measures, executors_of(document))


def ci_scans() -> list[Scan]:
    """The ``ci`` subset, then ``ci_seeds``: scans the seed sweep found short, made with that seed of their damage."""
    return [scan(document, profile) for document, profile in suite()["ci"]] + [
        scan(document, profile, seed) for document, profile, seed in suite().get("ci_seeds", [])
    ]


def all_scans() -> list[Scan]:
    return [scan(document, profile) for document in suite()["documents"] for profile in suite()["profiles"]]


def records_of_dict(document: dict[str, Any]) -> list[Record]:
    """The records of a document's contract JSON."""
    return [
        (measure["id"], record.get("year"), record.get("source"), record.get("executor"), record["amount"])
        for measure in document["measures"]
        for record in measure["funding"]
    ]


def score(got: list[Record], expected: frozenset[Record]) -> tuple[int, float, float]:
    """Exact records, recall (share of the expected read exactly) and precision (share of those read that are right)."""
    exact = len(set(got) & expected)
    return exact, exact / len(expected) if expected else 1.0, exact / len(got) if got else 1.0
