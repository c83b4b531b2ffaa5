"""Golden outputs: each sample's JSON and CSV, byte for byte.

Regenerate on purpose with ``EXTRACTOR_UPDATE_GOLDEN=1 make test``, read the
diff, commit it, and run the suite again without the flag: a test below fails
while the flag is on, so a regenerated golden file never passes silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor import extract
from extractor.export import json as json_export
from extractor.export.document import csv as csv_export

from .conftest import DATA, SAMPLES

UPDATE = os.environ.get("EXTRACTOR_UPDATE_GOLDEN") == "1"
GOLDEN = DATA / "golden"
CASES = {
    "decision-1911.txt": "decision-1911.text",
    "decision-1911.docx": "decision-1911.docx",
}


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path.name} differs from the golden file"


@pytest.mark.parametrize("sample", sorted(CASES))
def test_golden_json_and_csv(sample):
    document = extract(SAMPLES / sample)
    check(GOLDEN / f"{CASES[sample]}.json", json_export.dumps(json_export.document_dict(document)))
    check(GOLDEN / f"{CASES[sample]}.csv", csv_export.dumps(document))


def test_update_flag_is_off():
    assert not UPDATE, "EXTRACTOR_UPDATE_GOLDEN is set: golden files were rewritten; review, commit, rerun without it"
