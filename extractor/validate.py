"""Validate output against ``schemas/programme.schema.json`` (JSON Schema 2020-12)."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputValidationError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

# jsonschema (and referencing, attrs, rpds) load only when an output is refused or a diff or history report is
# checked: a conversion that passes the quick check never needs them (a fifth of the command's start-up).
# jsonschema's ``format: date`` rule, as its ``_format.is_date`` words it (``tests/test_schema_check.py`` compares).
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@cache
def validator() -> Draft202012Validator:
    """The validator of ``schemas/programme.schema.json``, its local ``$ref``s inlined (``inline_refs``).

    The schema itself is checked against the metaschema by the tests
    (``tests/test_schemas_offline.py``), not on every run: that costs more than validating a long programme.
    """
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(resources.files("extractor").joinpath("schemas/programme.schema.json").read_text("utf-8"))
    return Draft202012Validator(inline_refs(schema), format_checker=FormatChecker())


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each ``$ref`` to a place in itself (``#/...``) replaced by ``allOf: [that place]``, in place.

    The same instances pass and the same errors come out, in the same order (a
    ``$ref`` and a one-element ``allOf`` both hand the instance to the subschema
    and yield its errors unchanged); jsonschema no longer looks the reference
    up for every instance it applies to, which was a quarter of the validation.
    A reference that leads back into itself, or sits beside an ``allOf``, stays.
    """

    def target(pointer: str) -> Any:
        node: Any = schema
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def inlined(node: Any, open_refs: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inlined(value, open_refs) for value in node]
        if not isinstance(node, dict):
            return node
        result: dict[str, Any] = {}
        for key, value in node.items():
            ref = value if key == "$ref" and isinstance(value, str) else None
            if ref is not None and ref.startswith("#/") and ref not in open_refs and "allOf" not in node:
                result["allOf"] = [inlined(target(ref), (*open_refs, ref))]
            elif key in ("const", "enum", "default", "examples"):
                result[key] = value  # values, not subschemas
            else:
                result[key] = inlined(value, open_refs)
        return result

    return inlined(schema, ())


def errors(payload: Any) -> list[str]:
    """Every schema violation in ``payload``, as ``path: message`` lines."""
    found = sorted(validator().iter_errors(payload), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}" for error in found]


def date_format(value: object) -> bool:
    """Whether ``value`` passes ``format: date`` as jsonschema checks it, for the quick check (``passes_quickly``)."""
    if not isinstance(value, str):
        return True
    try:
        return bool(DATE.fullmatch(value) and date.fromisoformat(value))
    except ValueError:
        return False


def passes_quickly(payload: Any) -> bool:
    """Whether the quick check (``schema_check``, made from the schema by ``tools/make_schema_check.py``) passes ``payload``.

    It is about fifteen times quicker than jsonschema and never passes what
    jsonschema refuses (``tests/test_schema_check.py``); where it refuses, jsonschema
    decides and words the errors (its ``$`` is stricter about a final line break).
    """
    from . import schema_check

    try:
        schema_check.validate(payload, custom_formats={"date": date_format})
    except schema_check.JsonSchemaValueException:
        return False
    return True


def prepare() -> None:
    """Load the quick check now, so that every worker forked after inherits it ready (jsonschema stays unloaded)."""
    from . import schema_check  # noqa: F401


def check(payload: dict[str, Any]) -> None:
    """Raise ``OutputValidationError`` unless ``payload`` satisfies the schema."""
    if passes_quickly(payload):
        return
    found = errors(payload)
    if found:
        raise OutputValidationError(f"output breaks the schema: {found[0]} ({len(found)} error(s))")


def validate_file(path: Path) -> list[str]:
    """Schema violations of a JSON file; an unreadable file is one violation."""
    try:
        payload = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"not readable as JSON: {error}"]
    return errors(payload)


@cache
def diff_validator() -> Draft202012Validator:
    """The validator of ``schemas/diff.schema.json`` (what ``extractor diff --to json`` writes)."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(resources.files("extractor").joinpath("schemas/diff.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def check_diff(payload: dict[str, Any]) -> None:
    """Raise ``OutputValidationError`` unless ``payload`` satisfies the diff schema."""
    found = sorted(diff_validator().iter_errors(payload), key=lambda error: list(error.absolute_path))
    if found:
        where = "/".join(map(str, found[0].absolute_path)) or "(root)"
        raise OutputValidationError(f"diff output breaks its schema: {where}: {found[0].message} ({len(found)} error(s))")


def refuse_retrieval(uri: str) -> Resource:
    from referencing.exceptions import Unretrievable

    raise Unretrievable(uri)  # a $ref outside the project's own schemas is never fetched


@cache
def registry() -> Registry:
    """Every schema of ``schemas/`` under its ``$id``, read from the local files: a ``$ref`` never goes to the network."""
    from referencing import Registry, Resource

    schemas = resources.files("extractor").joinpath("schemas")
    found: Registry = Registry(retrieve=refuse_retrieval)  # type: ignore[call-arg]  # mypy misses the attrs alias
    for entry in sorted(schemas.iterdir(), key=lambda entry: entry.name):
        if entry.name.endswith(".schema.json"):
            contents = json.loads(entry.read_text("utf-8"))
            found = found.with_resource(contents["$id"], Resource.from_contents(contents))
    return found.crawl()


@cache
def history_validator() -> Draft202012Validator:
    """The validator of ``schemas/history.schema.json``; its steps refer to the diff schema (local, via ``registry``)."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(resources.files("extractor").joinpath("schemas/history.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


def check_history(payload: dict[str, Any]) -> None:
    """Raise ``OutputValidationError`` unless ``payload`` satisfies the history schema."""
    found = sorted(history_validator().iter_errors(payload), key=lambda error: list(error.absolute_path))
    if found:
        where = "/".join(map(str, found[0].absolute_path)) or "(root)"
        raise OutputValidationError(f"history output breaks its schema: {where}: {found[0].message} ({len(found)} error(s))")
