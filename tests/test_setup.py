"""A fresh machine: what the samples folder holds and how the set-up script installs what is missing."""

from __future__ import annotations

from extractor import batch

from .conftest import ROOT, SAMPLES


def test_samples_hold_documents_only(tmp_path):
    """``make run`` converts samples/: every file there is a decision, none is skipped (no generator scripts)."""
    inputs = batch.discover([SAMPLES], tmp_path)
    assert inputs, "samples/ is empty"
    assert [(item.path.name, item.skip_reason) for item in inputs if item.skip_reason] == []
    assert not list(SAMPLES.glob("*.py"))
    assert {"make_docx.py", "make_layouts.py", "make_scan.py"} <= {path.name for path in (ROOT / "tools").glob("make_*.py")}
