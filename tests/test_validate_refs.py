"""The programme validator with its local ``$ref``s inlined finds exactly what jsonschema finds on the schema as written."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from extractor import pipeline, validate
from extractor.export.json import document_dict

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "programme.schema.json").read_text("utf-8"))
WRITTEN = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def as_written(payload: Any) -> list[str]:
    """The errors of the schema as written (its ``$ref``s looked up by jsonschema), as ``validate.errors`` words them."""
    found = sorted(
        WRITTEN.iter_errors(payload),
        key=lambda error: list(error.absolute_path),
    )
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}" for error in found]


def places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``node``, the containers' and the leaves'."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:2]):  # the first items of a list stand for the rest
            yield from places(value, (*path, index))


def wrong_values(value: Any) -> list[Any]:
    """Values of another type, and of the same type off the schema's bounds and patterns."""
    if isinstance(value, bool):
        return ["yes", None]
    if isinstance(value, int | float):
        return [-1, "12", None, 10**12]
    if isinstance(value, str):
        return ["", "2019-02-30", 7, None, " x"]
    if isinstance(value, list):
        return [[], {}, [None]]
    if isinstance(value, dict):
        return [{}, [], {"unknown": 1}]
    return ["text", 0, []]


def replaced(payload: Any, path: tuple[Any, ...], value: Any) -> Any:
    broken = copy.deepcopy(payload)
    node = broken
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return broken


def trimmed(node: Any) -> Any:
    """``node`` with every list cut to its first two items: each kind of item is still there, the checks are quicker."""
    if isinstance(node, dict):
        return {key: trimmed(value) for key, value in node.items()}
    if isinstance(node, list):
        return [trimmed(value) for value in node[:2]]
    return node


@pytest.fixture(scope="module")
def payload() -> dict[str, Any]:
    return document_dict(pipeline.extract(ROOT / "samples" / "decision-1911.docx"))


@pytest.fixture(scope="module")
def small(payload) -> dict[str, Any]:
    return trimmed(payload)


def test_no_local_ref_is_left_but_the_ones_that_must_stay():
    inlined = validate.inline_refs(copy.deepcopy(SCHEMA))
    text = json.dumps(inlined["properties"])
    assert '"$ref"' not in text
    assert json.dumps(SCHEMA["properties"]).count('"$ref"') > 0  # there were some to inline


def test_a_recursive_ref_stays_a_ref():
    schema = {"$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"}
    inlined = validate.inline_refs(schema)
    assert inlined["allOf"][0]["properties"]["child"] == {"$ref": "#/$defs/node"}
    checker = Draft202012Validator(inlined)
    assert [error.message for error in checker.iter_errors({"child": {"child": 3}})] == ["3 is not of type 'object'"]


def test_the_valid_payload_stays_valid(payload):
    assert validate.errors(payload) == as_written(payload) == []


def test_every_broken_value_gives_the_same_errors(small):
    payload = small
    compared = 0
    for path in places(payload):
        if not path:
            continue
        original: Any = payload
        for step in path:
            original = original[step]
        for value in wrong_values(original):
            broken = replaced(payload, path, value)
            assert validate.errors(broken) == as_written(broken), (path, value)
            compared += 1
    assert compared > 200


def test_every_missing_key_gives_the_same_errors(small):
    payload = small
    found_errors = 0
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
            expected = as_written(broken)
            assert validate.errors(broken) == expected, (path, key)
            found_errors += bool(expected)
    assert found_errors > 20  # removing a required key is an error the comparison has seen
