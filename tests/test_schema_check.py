"""The quick schema check (``extractor/schema_check.py``) is today's schema made code, and never passes what jsonschema refuses."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor import pipeline, validate
from extractor.errors import OutputValidationError
from extractor.export.json import document_dict
from tests.test_validate_refs import places, replaced, trimmed, wrong_values

ROOT = Path(__file__).resolve().parent.parent


def load_tool():
    spec = importlib.util.spec_from_file_location("make_schema_check", ROOT / "tools" / "make_schema_check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def agree(payload: Any) -> bool:
    """Whether the quick check and jsonschema agree on ``payload``; the quick one may refuse alone, never pass alone."""
    quick = validate.passes_quickly(payload)
    full = validate.errors(payload) == []
    assert not (quick and not full), "the quick check passed what jsonschema refuses"
    return quick == full


@pytest.fixture(scope="module")
def payloads() -> list[dict[str, Any]]:
    found = [json.loads(path.read_text("utf-8")) for path in sorted((ROOT / "tests" / "data" / "golden").glob("*.json"))]
    for name in ("decision-1911.docx", "decision-1911-grid.html", "decision-1911-amended.docx"):
        path = ROOT / "samples" / name
        if path.exists():
            found.append(document_dict(pipeline.extract(path)))
    assert len(found) >= 3
    return found


def test_the_committed_check_is_what_the_tool_makes_of_todays_schema():
    tool = load_tool()
    assert (ROOT / "extractor" / "schema_check.py").read_text("utf-8") == tool.generated(), (
        "schemas/programme.schema.json changed: run python tools/make_schema_check.py"
    )


def test_the_check_needs_only_the_standard_library():
    text = (ROOT / "extractor" / "schema_check.py").read_text("utf-8")
    assert "fastjsonschema" not in text.split('"""', 2)[2]  # only the docstring names the tool's library


def test_every_valid_output_passes_quickly(payloads):
    for payload in payloads:
        assert validate.errors(payload) == []
        assert validate.passes_quickly(payload)


def test_every_broken_value_is_refused_by_both(payloads):
    refused = 0
    for payload in map(trimmed, payloads):
        for path in places(payload):
            if not path:
                continue
            original: Any = payload
            for step in path:
                original = original[step]
            for value in wrong_values(original):
                broken = replaced(payload, path, value)
                assert agree(broken), (path, value)
                refused += not validate.passes_quickly(broken)
    assert refused > 300


def test_every_missing_key_is_judged_alike(payloads):
    for payload in map(trimmed, payloads):
        for path in places(payload):
            parent: Any = payload
            for step in path:
                parent = parent[step]
            if not isinstance(parent, dict):
                continue
            for key in list(parent):
                broken = copy.deepcopy(payload)
                node = broken
                for step in path:
                    node = node[step]
                del node[key]
                assert agree(broken), (path, key)


@pytest.mark.parametrize("date", ["2019-02-30", "0000-01-01", "2021-13-01", "2021-1-01", "２０２１-01-01"])
def test_a_date_jsonschema_refuses_is_refused_quickly(payloads, date):
    broken = replaced(payloads[0], ("decision", "date"), date)
    assert not validate.passes_quickly(broken)
    assert validate.errors(broken)


def test_a_leap_day_passes_both(payloads):
    assert agree(replaced(payloads[0], ("decision", "date"), "2024-02-29"))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("schema_version",), True),  # a boolean is no string, nor 1 == True an enum's value
        (("measures", 0, "funding", 0, "year"), True),  # nor an integer
        (("measures", 0, "funding", 0, "year"), 2019.5),
        (("measures",), []),
        (("warnings",), [{"code": "x"}]),
    ],
)
def test_values_a_lax_check_would_pass_are_refused(payloads, path, value):
    payload = next(p for p in payloads if p["measures"] and p["measures"][0]["funding"])
    assert agree(replaced(payload, path, value))
    assert not validate.passes_quickly(replaced(payload, path, value))


def test_a_final_line_break_is_left_to_jsonschema(payloads):
    """``$`` lets a final line break through in jsonschema; the quick check refuses it, and jsonschema decides."""
    broken = replaced(payloads[0], ("decision", "convocation"), "VIII\n")
    assert not validate.passes_quickly(broken)
    validate.check(broken)  # jsonschema passes it: no error


def test_check_words_the_first_error_as_jsonschema_does(payloads):
    broken = replaced(payloads[0], ("decision", "date"), "2019-02-30")
    with pytest.raises(OutputValidationError, match=r"output breaks the schema: decision/date: '2019-02-30' is not a 'date'"):
        validate.check(broken)


DATES = [
    "2024-02-29", "2023-02-29", "2019-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "2021-13-01", "2021-00-10",
    "2021-1-01", "2021-01-1", "２０２１-01-01", "2021-01-01\n", " 2021-01-01", "2021-01-01T00:00", "20210101",
    "2021/01/01", "", "2021-W01-1", "2021-001", "2021-1２-01", 2021, None,
]  # fmt: skip


@pytest.mark.parametrize("value", DATES)
def test_the_quick_date_rule_is_jsonschemas(value):
    from jsonschema import FormatChecker

    assert validate.date_format(value) == FormatChecker(["date"]).conforms(value, "date")


def test_a_conversion_that_passes_never_loads_jsonschema(tmp_path):
    """jsonschema is for refusals and reports: the convert command's start-up and a passing check go without it."""
    script = (
        "import sys\n"
        "from extractor import cli\n"
        f"code = cli.main(['convert', {str(ROOT / 'samples' / 'decision-1911.txt')!r}, '-o', {str(tmp_path)!r}, '-q'])\n"
        "print(code, sorted(name for name in sys.modules if name.split('.')[0] in ('jsonschema', 'referencing')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split()[0] == "0", result.stdout + result.stderr
    assert result.stdout.strip() == "0 []"
