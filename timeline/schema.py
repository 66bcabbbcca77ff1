"""Structural checks driven by the JSON Schemas shipped in timeline/schema/.

jsonschema finds what is wrong; this module says it the way an editor needs to
hear it, at the line and column where it was written.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import claims
from .problems import Problem
from .yamlfile import YamlDoc, describe

if TYPE_CHECKING:  # imported where needed: a valid file never needs jsonschema (40 ms)
    import jsonschema

_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}


def load_schema(name: str) -> dict[str, Any]:
    """The schema timeline/schema/<name>.schema.json, parsed; the event schema's `supports`
    pattern is the one the claim kinds registered now make (timeline.claims)."""
    return _load_schema(name, claims.generation())


@cache
def _load_schema(name: str, generation: int) -> dict[str, Any]:
    schema = json.loads(_shipped(name))
    return claims.derive_event_schema(schema) if name == "event" else schema


def _shipped(name: str) -> str:
    return resources.files("timeline").joinpath("schema", f"{name}.schema.json").read_text("utf-8")


def published_text(name: str) -> str:
    """The text of the schema `name` a build publishes. The event schema is written from
    load_schema, 2 spaces an indent, a list or mapping of plain values on one line when that
    line and a comma fit in 100 characters: the shipped file is that text (a test holds it so).
    """
    if name != "event":
        return _shipped(name)
    return "\n".join(_json_lines(load_schema(name), "", "")) + "\n"


def _json_lines(value: Any, indent: str, key: str) -> list[str]:
    """`value` as JSON lines, after `indent` and `key` (`"name": ` or nothing)."""
    one_line = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list):
        return [indent + key + one_line]
    items = list(value.items()) if isinstance(value, dict) else [(None, item) for item in value]
    plain = all(not isinstance(item, dict | list) for _, item in items)
    if plain and len(indent + key + one_line) < 100:  # room for a comma after it
        return [indent + key + one_line]
    lines = [indent + key + ("{" if isinstance(value, dict) else "[")]
    for number, (name, item) in enumerate(items):
        inner = _json_lines(item, indent + "  ", "" if name is None else json.dumps(name) + ": ")
        lines += inner[:-1] + [inner[-1] + ("," if number < len(items) - 1 else "")]
    lines.append(indent + ("}" if isinstance(value, dict) else "]"))
    return lines


def _validator(name: str) -> jsonschema.protocols.Validator:
    return _validator_for(name, claims.generation())


@cache
def _validator_for(name: str, generation: int) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return jsonschema.validators.extend(cls, {"pattern": _pattern_keyword})(schema)


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    r"""A schema's `pattern` read as JSON Schema reads it (ECMA-262), for Python's re.

    There `$` matches only at the very end; Python's also matches before a final newline,
    so "^[a-z]+$" would let "en\n" through. Each `$` outside a [class] becomes `\Z`.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out))


def _pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """jsonschema's `pattern` keyword, with the pattern read by ecma_regex."""
    import jsonschema

    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def validate(doc: YamlDoc, schema_name: str) -> list[Problem]:
    """Every structural problem in `doc`, one per place, in file order."""
    if surely_valid(doc.data, load_schema(schema_name)):
        return []  # the common case, without jsonschema's cost (it finds what is wrong)
    seen: set[tuple[Any, ...]] = set()
    problems = []
    for err in _validator(schema_name).iter_errors(doc.data):
        for leaf in _leaves(err):
            path = tuple(leaf.absolute_path)
            problem = _problem(doc, leaf, path)
            if problem and (path, problem.message) not in seen:
                seen.add((path, problem.message))
                problems.append(problem)
    return sorted(problems, key=lambda p: (p.line, p.col))


# -- a quick proof that a document is valid -------------------------------------------------
#
# The keywords the shipped schemas use, each read strictly: a value of a type jsonschema
# may treat differently (a bool as an integer, 1.0 as an integer, a dict subclass), a
# keyword not listed here, or any doubt makes the answer False and jsonschema decides.

_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "default", "examples"})
_EXACT_TYPES = {
    "string": str,
    "integer": int,
    "array": list,
    "object": dict,
    "boolean": bool,
    "null": type(None),
}


def surely_valid(value: Any, schema: dict[str, Any]) -> bool:
    """True only if `value` is valid against `schema`; False means "ask jsonschema"."""
    return _compiled(schema)(value)


_Check = Callable[[Any], bool]
# Each schema is turned once into nested functions (keyed by identity: the schemas are
# loaded once and kept, and each entry holds its schema, so an id is never reused).
_COMPILED: dict[int, tuple[dict[str, Any], _Check]] = {}


def _compiled(schema: dict[str, Any]) -> _Check:
    found = _COMPILED.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    checks: list[_Check] = []
    for keyword, wanted in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        make = _KEYWORDS.get(keyword)
        if make is None:
            checks = [_never]
            break
        checks.append(make(wanted, schema))

    def check(value: Any) -> bool:
        for one in checks:  # noqa: SIM110 - a loop: all() of a generator costs more here
            if not one(value):
                return False
        return True

    _COMPILED[id(schema)] = (schema, check)
    return check


def _never(value: Any) -> bool:
    return False


def _type(wanted: Any, schema: dict[str, Any]) -> _Check:
    kinds = [wanted] if isinstance(wanted, str) else wanted
    types = {_EXACT_TYPES[kind] for kind in kinds if kind in _EXACT_TYPES}
    return lambda value: type(value) in types


def _required(wanted: list[str], schema: dict[str, Any]) -> _Check:
    return lambda value: type(value) is dict and all(key in value for key in wanted)


def _properties(wanted: dict[str, Any], schema: dict[str, Any]) -> _Check:
    subs = {key: _compiled(sub) for key, sub in wanted.items()}

    def check(value: Any) -> bool:
        if type(value) is not dict:
            return False
        for key, item in value.items():
            sub = subs.get(key)
            if sub is not None and not sub(item):
                return False
        return True

    return check


def _additional(wanted: Any, schema: dict[str, Any]) -> _Check:
    named = frozenset(schema.get("properties", {}))
    if wanted is False:
        return lambda value: type(value) is dict and named.issuperset(value)
    if not isinstance(wanted, dict):
        return _never
    sub = _compiled(wanted)
    return lambda value: (
        type(value) is dict and all(sub(item) for key, item in value.items() if key not in named)
    )


def _property_names(wanted: dict[str, Any], schema: dict[str, Any]) -> _Check:
    sub = _compiled(wanted)
    return lambda value: type(value) is dict and all(type(key) is str and sub(key) for key in value)


def _items(wanted: dict[str, Any], schema: dict[str, Any]) -> _Check:
    sub = _compiled(wanted)
    return lambda value: type(value) is list and all(map(sub, value))


def _unique(wanted: bool, schema: dict[str, Any]) -> _Check:
    def check(value: Any) -> bool:
        if type(value) is not list or not all(type(item) is str for item in value):
            return False
        return not wanted or len(set(value)) == len(value)

    return check


def _any_of(wanted: list[dict[str, Any]], schema: dict[str, Any]) -> _Check:
    subs = [_compiled(sub) for sub in wanted]
    return lambda value: any(sub(value) for sub in subs)


def _pattern(wanted: str, schema: dict[str, Any]) -> _Check:
    search = ecma_regex(wanted).search
    return lambda value: type(value) is str and search(value) is not None


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], _Check]] = {
    "type": _type,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "items": _items,
    "uniqueItems": _unique,
    "minLength": lambda wanted, _: lambda value: type(value) is str and len(value) >= wanted,
    "maxLength": lambda wanted, _: lambda value: type(value) is str and len(value) <= wanted,
    "pattern": _pattern,
    "anyOf": _any_of,
    "minItems": lambda wanted, _: lambda value: type(value) is list and len(value) >= wanted,
    "maxItems": lambda wanted, _: lambda value: type(value) is list and len(value) <= wanted,
    "minimum": lambda wanted, _: lambda value: type(value) is int and value >= wanted,
}


def _leaves(err: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    # anyOf/oneOf wrap the useful errors; report the most specific ones.
    if err.context:
        return [leaf for sub in err.context for leaf in _leaves(sub)]
    return [err]


def field_name(path: tuple[Any, ...]) -> str:
    """`('evidence', 0, 'quote')` -> `evidence[0].quote`."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the file"


def _problem(
    doc: YamlDoc, err: jsonschema.ValidationError, path: tuple[Any, ...]
) -> Problem | None:
    name = field_name(path)
    kind = err.validator
    if kind == "required":
        missing = err.message.split("'")[1]
        return doc.error(path, f'missing required field "{missing}"{_required_hint(missing)}')
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extras = [key for key in err.instance if key not in allowed]
        problems = [_unknown(doc, (*path, key), key, allowed) for key in extras]
        return problems[0] if problems else None
    if kind == "type":
        return doc.error(path, _type_message(name, err.instance, err.validator_value))
    if kind == "minItems":
        return doc.error(path, f"{name} needs at least {err.validator_value} item")
    if kind == "minLength":
        return doc.error(path, f"{name} is empty")
    if kind in ("maxLength", "maxItems"):
        return doc.error(path, f"{name} is too long (the limit is {err.validator_value:,})")
    if kind == "uniqueItems":
        return doc.error(path, f"{name} lists the same value twice")
    if kind == "minimum":
        return doc.error(path, f"{name} must be {err.validator_value} or more")
    if kind == "pattern":
        return doc.error(path, _pattern_message(name, err.instance, path))
    if kind == "propertyNames":
        return doc.error(path, f"{name}: the name {err.instance!r} is not allowed")
    if kind == "format":
        return doc.error(path, f"{name} is not a valid {err.validator_value}")
    return doc.error(path, f"{name}: {err.message}")


def _unknown(doc: YamlDoc, path: tuple[Any, ...], key: str, allowed: list[str]) -> Problem:
    where = field_name(path[:-1])
    where = "" if where == "the file" else f" in {where}"
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f'; did you mean "{guess[0]}"?' if guess else f"; allowed: {', '.join(allowed)}"
    return doc.error(path, f'unknown field "{key}"{where}{hint}', key=True)


_REQUIRED_HINTS = {
    "evidence": ": every event needs at least one quote from a source in seeds/",
    "date": ': write it as a quoted EDTF date, e.g. date: "2023-09-19"',
    "quote": ": the exact words from the source",
    "source": ": the id of a file in seeds/ (seeds/<id>.txt)",
    "base_url": ': the address the site is published at, e.g. base_url: "https://example.org/nk/"',
    "published": ': the day the source was published, e.g. published: "2023-09-19"',
}


def _required_hint(field: str) -> str:
    return _REQUIRED_HINTS.get(field, "")


def _type_message(name: str, value: Any, wanted: str | list[str]) -> str:
    wanted_name = _JSON_TYPES.get(wanted, wanted) if isinstance(wanted, str) else "text"
    last = name.rsplit(".", 1)[-1]
    import datetime as dt

    if wanted == "string" and last in ("date", "published") and isinstance(value, dt.date | int):
        return f'{name} must be a quoted string: write {last}: "{value}"'
    if wanted == "string" and isinstance(value, bool):
        word = str(value).lower()
        return f"{name} must be text, but YAML reads this word as {word}; put it in quotes"
    if wanted == "string" and isinstance(value, int | float | dt.date):
        return f'{name} must be text, not {describe(value)}; put it in quotes: "{value}"'
    if wanted == "integer" and isinstance(value, str) and value.strip().isdigit():
        return f"{name} must be a whole number, not text; remove the quotes: {value.strip()}"
    return f"{name} must be {wanted_name}, not {describe(value)}"


def _pattern_message(name: str, value: str, path: tuple[Any, ...]) -> str:
    if path and path[0] == "evidence" and len(path) == 4 and path[2] == "supports":
        options = claims.written()
        guess = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        hint = f' (did you mean "{guess[0]}"?)' if guess else ""
        return f'{name}: a quote cannot support "{value}"{hint}; use {", ".join(options)}'
    if path and path[-1] == "source" or (len(path) > 2 and path[-1] == "source"):
        return f'{name}: "{value}" is not a source id; ids use a-z, 0-9 and "-" (seeds/<id>.txt)'
    if path and path[-1] in ("url", "base_url"):
        return (
            f"{name}: {value!r} is not a web address; write http:// or https:// and the "
            "address, with no spaces, quotes, < or > (percent-encode them)"
        )
    if path and path[-1] == "language":
        return f'{name}: {value!r} is not a language code; write one like "en" or "hy-Latn"'
    if path and path[0] == "tags":
        return f'{name}: "{value}" is not a tag; tags use lower-case a-z, 0-9, spaces and "-"'
    return f"{name}: {value!r} is not allowed here"
