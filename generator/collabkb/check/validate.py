"""Validate: JSON Schema (``schemas/``) → ``schema`` findings at the offending key.

Each schema is compiled once. Valid documents (nearly all) take the fast path:
a yes/no from ``jsonschema_rs``. Only a document that fails is walked again with
``jsonschema`` to explain every error; messages name the key, say what was
expected and how to fix it (did you mean …, quote it, allowed values).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterator, Mapping

import jsonschema
import jsonschema_rs

from .findings import Finding, Severity
from ..i18n import LANGUAGES, Messages
from .load import YamlMap, position_of, raw_text_at

RULE = "schema"

# File name → schema kind. The order is the order files are read and shown.
FILE_KINDS: dict[str, str] = {
    "project.yaml": "project",
    "tasks.yaml": "tasks",
    "risks.yaml": "risks",
    "coordination.yaml": "coordination",
    "acceptance.yaml": "acceptance",
    "retro.yaml": "retro",
}
DEPARTMENTS_FILE = "_departments.yaml"
SCHEMA_KINDS = (*FILE_KINDS.values(), "departments", "document")  # document: docs/**/*.md front matter

# The pattern of every ``id`` (and task reference) in the schemas; explained in words.
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"
# Names of people and departments (they become page and calendar names): one line of text.
NAME_PATTERN = "^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"
NAME_CHARACTER = re.compile(NAME_PATTERN.removeprefix("^").removesuffix("*$"))
# Every date in the schemas lies in these years (their ``date`` pattern): far enough for any plan,
# and every date a page or a calendar computes from one (a day after, two weeks ahead) still exists.
DATE_YEARS = (1970, 2200)
_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

_TYPE_NAMES = {"string": "text", "integer": "integer", "number": "number", "boolean": "boolean",
               "array": "list", "object": "mapping", "null": "empty"}


def schema_text(kind: str) -> str:
    return resources.files("collabkb").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One schema violation: where (a path into the data) and the finding."""

    path: tuple[Any, ...]
    finding: Finding


class SchemaValidator:
    """One compiled schema, both the fast checker and the explaining one."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.schema: dict[str, Any] = json.loads(schema_text(kind))
        self._fast = jsonschema_rs.Draft202012Validator(self.schema, validate_formats=True)
        self._explaining = jsonschema.Draft202012Validator(
            self.schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )

    def errors(self, data: YamlMap, file: str, msg: Messages) -> list[SchemaError]:
        if self._fast.is_valid(data):
            return []
        seen: set[tuple[Any, ...]] = set()
        result: list[SchemaError] = []
        for error in self._explaining.iter_errors(data):
            for path, finding in _explain(error, data, file, msg):
                # One finding per place: a bad date breaks both `pattern` and `format`.
                if path in seen:
                    continue
                seen.add(path)
                result.append(SchemaError(path, finding))
        return result

    def removable(self, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The deepest prefix of ``path`` the data can do without: a list item, or a key
        its mapping does not require. ``None``: only the whole document would do."""
        node: Any = self.schema
        deepest: tuple[Any, ...] | None = None
        for depth, step in enumerate(path):
            node = self._resolve(node)
            if isinstance(step, int):
                deepest = path[: depth + 1]
                node = node.get("items", {})
            else:
                if step not in node.get("required", ()):
                    deepest = path[: depth + 1]
                node = node.get("properties", {}).get(step, {})
        return deepest

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return self.schema["$defs"][ref.removeprefix("#/$defs/")]
        return node


class Schemas:
    """Every schema kind, compiled on first use and reused for every file."""

    def __init__(self) -> None:
        self._validators: dict[str, SchemaValidator] = {}

    def __getitem__(self, kind: str) -> SchemaValidator:
        validator = self._validators.get(kind)
        if validator is None:
            validator = self._validators[kind] = SchemaValidator(kind)
        return validator


def _name(path: tuple[Any, ...], msg: Messages) -> str:
    """A readable name for a place: ``tasks[2].owner``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or msg("schema.top_level")


def _finding(file: str, data: YamlMap, path: tuple[Any, ...], text: str) -> Finding:
    line, column = position_of(data, path)
    return Finding(file, line, RULE, column, Severity.ERROR, None, None, text)


def _explain(error: jsonschema.ValidationError, data: YamlMap, file: str, msg: Messages) -> Iterator[tuple[tuple[Any, ...], Finding]]:
    path = tuple(error.absolute_path)
    # An error that jsonschema raised while validating always has these set (its types allow "unset").
    kind = str(error.validator)
    value: Any = error.instance
    rule_value: Any = error.validator_value
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    where = _name(path, msg)

    if kind == "additionalProperties":
        properties = schema.get("properties", {})
        allowed = sorted(properties)
        for key in sorted(k for k in value if k not in allowed):
            key_path = (*path, key)
            hint = _key_hint(key, properties, msg)
            yield key_path, _finding(file, data, key_path, msg("schema.unknown_key", key=key, where=where, hint=hint))
        return
    if kind == "required":
        # jsonschema reports one error per missing key, naming it in the message.
        missing = next((k for k in rule_value if k not in value and repr(k) in error.message), None)
        if missing is None:
            missing = next(k for k in rule_value if k not in value)
        # A missing key has no position of its own: point at its parent mapping.
        yield (*path, missing), _finding(file, data, path, msg("schema.required", key=missing, where=where))
        return
    if kind == "uniqueItems":
        index = _second_occurrence(value)
        item_path = (*path, index)
        yield item_path, _finding(file, data, item_path, msg("schema.uniqueItems", where=where, value=_shown(value[index])))
        return
    if kind == "minProperties":
        keys = ", ".join(schema.get("properties", {}))
        yield path, _finding(file, data, path, msg("schema.minProperties", where=where, keys=keys))
        return
    if kind == "type":
        expected = rule_value if isinstance(rule_value, list) else [rule_value]
        wanted = msg("schema.or").join(msg(f"schema.type.{_TYPE_NAMES[t]}") for t in expected)
        found = msg(f"schema.type.{_TYPE_NAMES[_type_of(value)]}")
        text = msg("schema.type", where=where, expected=wanted, found=found)
        raw = raw_text_at(data, path)
        if "string" in expected and not isinstance(value, (list, dict)) and value is not None:
            shown = raw if raw is not None else str(value)
            if raw is not None:
                text += msg("schema.yaml11", raw=raw, value=json.dumps(value))
            text += msg("schema.quote_it", raw=shown)
        elif isinstance(value, str) and value.strip().endswith("%") and ("integer" in expected or "number" in expected):
            text += msg("schema.percent", number=value.strip().rstrip("%").strip())
        yield path, _finding(file, data, path, text)
        return
    if kind == "enum":
        options = [str(v) for v in rule_value]
        close = [o for o in options if isinstance(value, str) and o.lower() == value.strip().lower().replace(" ", "_")]
        close = close or difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        close = close or _translated_match(value, options, msg)
        text = msg("schema.enum", where=where, value=value, allowed=", ".join(options))
        if close:
            text += msg("schema.did_you_mean_sep") + msg("schema.did_you_mean", value=close[0])
        yield path, _finding(file, data, path, text)
        return
    if kind in ("format", "pattern") and schema.get("format") == "date":
        year = int(value[:4]) if isinstance(value, str) and _DATE_SHAPE.match(value) else None
        if year is not None and not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
            text = msg("schema.date_years", where=where, value=value, first=DATE_YEARS[0], last=DATE_YEARS[1])
        else:
            text = msg("schema.date", where=where, value=value)
        yield path, _finding(file, data, path, text)
        return
    if kind == "format" and msg.has(f"schema.format.{rule_value}"):
        yield path, _finding(file, data, path, msg(f"schema.format.{rule_value}", where=where, value=value))
        return
    if kind == "pattern" and rule_value == NAME_PATTERN:
        char = next((f"U+{ord(ch):04X}" for ch in value if not NAME_CHARACTER.match(ch)), "?")
        yield path, _finding(file, data, path, msg("schema.name_pattern", where=where, char=char))
        return
    if kind == "pattern" and rule_value == ID_PATTERN:
        yield path, _finding(file, data, path, msg("schema.id_pattern", where=where, value=value))
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield path, _finding(file, data, path, msg(f"schema.{kind}", where=where, value=value, limit=rule_value))
        return
    if kind in ("minLength", "minItems"):
        yield path, _finding(file, data, path, msg(f"schema.{kind}", where=where, limit=rule_value))
        return
    if kind == "pattern":
        yield path, _finding(file, data, path, msg("schema.pattern", where=where, value=value, pattern=rule_value))
        return
    yield path, _finding(file, data, path, msg("schema.other", where=where, detail=error.message))


def _translated_match(value: Any, options: list[str], msg: Messages) -> list[str]:
    """Map a value written as its label ("进行中", "已完成", "完成", "on hold") to its token."""
    if not isinstance(value, str):
        return []
    wanted = value.strip().lower()
    labels: dict[str, str] = {}
    for language in LANGUAGES:
        catalogue = msg if msg.language == language else Messages(language)
        for option in options:
            if catalogue.has(f"enum.{option}"):
                labels.setdefault(catalogue(f"enum.{option}").lower(), option)
    close = difflib.get_close_matches(wanted, list(labels), n=1, cutoff=0.6)
    return [labels[close[0]]] if close else []


def _key_hint(key: str, properties: dict[str, Any], msg: Messages) -> str:
    """Did you mean …: the closest field name, or the field whose Chinese title was
    written as the key ("截止日期" → due), else the list of allowed keys."""
    if key != key.strip():  # e.g. indented with full-width spaces (U+3000), which YAML reads as text
        stripped = key.strip()
        close = [stripped] if stripped in properties else []
        return msg("schema.key_spaces") + "".join(msg("schema.did_you_mean_sep") + msg("schema.did_you_mean", value=c) for c in close)
    close = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.6)
    if close:
        return msg("schema.did_you_mean", value=close[0])
    titles = {str(spec.get("title", "")).split(" / ")[0].strip(): name for name, spec in properties.items()}
    titles.pop("", None)
    # "部门" is in both 主责部门 and 协作部门: name every field whose title holds the key.
    close = [title for title in titles if key in title][:3] or difflib.get_close_matches(key, list(titles), n=1, cutoff=0.5)
    if close:
        fields = msg("schema.or").join(f"'{titles[title]}' ({title})" for title in close)
        return msg("schema.did_you_mean_title", fields=fields)
    return msg("schema.allowed", values=", ".join(sorted(properties)))


def _second_occurrence(items: list[Any]) -> int:
    """The index of the first item equal to an earlier one."""
    seen: list[Any] = []
    for index, item in enumerate(items):
        if item in seen:
            return index
        seen.append(item)
    return 0


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
