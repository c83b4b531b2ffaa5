"""Every schema resolves from the local files: checked with the network unavailable by construction."""

from __future__ import annotations

import json
import socket

import pytest
from jsonschema import Draft202012Validator

from extractor import validate
from extractor.errors import OutputValidationError
from extractor.export.reports import history_json
from extractor.history import follow_versions

from . import diff_samples
from .conftest import ROOT

SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or look up a host fails at once."""

    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    validate.registry.cache_clear()
    validate.history_validator.cache_clear()
    yield
    validate.registry.cache_clear()
    validate.history_validator.cache_clear()


def refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_the_network_is_really_off(no_network):
    with pytest.raises(OSError, match="network disabled"):
        socket.create_connection(("github.com", 443), timeout=1)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda path: path.name)
def test_every_ref_resolves_from_the_local_files(no_network, path):
    schema = json.loads(path.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    resolver = validate.registry().resolver(base_uri=schema["$id"])
    found = list(refs(schema))
    for ref in found:
        resolved = resolver.lookup(ref).contents
        assert isinstance(resolved, dict) and resolved, ref
    if path.name == "history.schema.json":
        assert any(ref.startswith("diff.schema.json#") for ref in found)  # the cross-file reference is among them


def test_a_history_validates_offline_and_a_broken_one_fails(no_network):
    versions = [diff_samples.old_document(), diff_samples.new_document()]
    payload = json.loads(history_json.dumps(follow_versions(versions)))  # checked against the schema on the way
    validator = Draft202012Validator(json.loads((ROOT / "schemas/history.schema.json").read_text("utf-8")), registry=validate.registry())
    assert list(validator.iter_errors(payload)) == []
    payload["versions"][0]["version"]["decision"]["date"] = 2020  # a field defined only in diff.schema.json
    assert list(validator.iter_errors(payload))
    with pytest.raises(OutputValidationError):
        validate.check_history(payload)


def test_a_foreign_ref_is_refused_not_fetched(no_network):
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "https://example.org/other.schema.json"}
    validator = Draft202012Validator(schema, registry=validate.registry())
    with pytest.raises(Exception, match="example.org/other.schema.json") as raised:
        validator.validate({})
    assert "network disabled" not in str(raised.value)  # refused by the registry before any connection

