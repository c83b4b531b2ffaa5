"""The README documents every warning code the extractor can emit (codes are part of the contract)."""

from __future__ import annotations

import ast

import regex

from .conftest import ROOT


def emitted_codes() -> set[str]:
    """Every code passed as a literal to ``ExtractionWarning(...)`` in the package."""
    codes = set()
    for path in (ROOT / "extractor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ExtractionWarning":
                first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    codes.add(first.value)
    return codes


def test_every_warning_code_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    documented = set(regex.findall(r"`([a-z]+(?:_[a-z]+)+)`", readme))
    codes = emitted_codes()
    assert len(codes) > 15  # the scan found the calls
    assert codes - documented == set()
