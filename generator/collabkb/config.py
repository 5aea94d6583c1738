"""Config: the ``collabkb`` block of ``mkdocs.yml`` → one frozen ``Config``.

The CLI and the MkDocs plugin both call ``load_config``, so the site and CI
never disagree. Every problem is a ``ConfigError`` carrying the file, line and
column of the offending key, and a hint (did you mean …).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import Severity
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from .load import DEFAULT_MAX_FILE_SIZE, Mark, scalar_value

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "collabkb"
SEVERITY_WORDS = ("error", "warning", "off")


class ConfigError(Exception):
    """A problem with mkdocs.yml or the command line: exit code 2."""

    def __init__(self, message: str, file: str | None = None, mark: Mark | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.mark = mark

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        line, column = self.mark or (1, 1)
        return f"{self.file}:{line}:{column}: {self.message}"


@dataclass(frozen=True, slots=True)
class RuleSetting:
    severity: Severity | None  # None: the rule is off
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Config:
    root: Path
    projects_dir: str = "projects"
    language: str = DEFAULT_LANGUAGE
    timezone: str = "Asia/Shanghai"
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    notify: Mapping[str, Any] = field(default_factory=dict)
    people: Mapping[str, Any] = field(default_factory=dict)  # {slugs: {name: slug}}, read by people.py
    site_url: str | None = None
    baseline: str | None = None  # a git revision or a date (YYYY-MM-DD): the plan drift is measured from
    baselines: Mapping[str, str] = field(default_factory=dict)  # per project slug, overriding ``baseline``

    @property
    def projects_path(self) -> Path:
        return self.root / self.projects_dir

    @property
    def messages(self) -> Messages:
        return Messages(self.language)

    def rule(self, rule_id: str) -> RuleSetting:
        return self.rules[rule_id]


# ---- reading mkdocs.yml with positions -------------------------------------------------

def _plain(node: Node) -> Any:
    """Plain values from nodes, tags ignored: mkdocs.yml may hold ``!!python/name:``
    or ``!ENV`` tags that are not ours."""
    if isinstance(node, MappingNode):
        return {k.value: _plain(v) for k, v in node.value if isinstance(k, ScalarNode)}
    if isinstance(node, SequenceNode):
        return [_plain(v) for v in node.value]
    return node.value if node.tag != "tag:yaml.org,2002:null" else None


def _mark(node: Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _find_plugin_block(root: MappingNode) -> tuple[MappingNode | None, Mark]:
    """The node of ``plugins: [- collabkb: {...}]`` (or the mapping form), and where it is."""
    for key, value in root.value:
        if key.value != "plugins":
            continue
        entries = value.value if isinstance(value, SequenceNode) else [value] if isinstance(value, MappingNode) else []
        for entry in entries:
            if isinstance(entry, ScalarNode) and entry.value == PLUGIN_NAME:
                return None, _mark(entry)
            if isinstance(entry, MappingNode):
                for k, v in entry.value:
                    if k.value == PLUGIN_NAME:
                        return (v if isinstance(v, MappingNode) else None), _mark(k)
    return None, (1, 1)


def _scalar_value(node: Node) -> Any:
    """A scalar with YAML's usual typing (ints, booleans; dates as ISO text); other tags as text."""
    if not isinstance(node, ScalarNode):
        return _plain(node)
    try:
        return scalar_value(node)
    except ValueError:
        return node.value


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, node: Node | Mark, message: str) -> ConfigError:
        mark = node if isinstance(node, tuple) else _mark(node)
        return ConfigError(message, self.file, mark)

    def choice(self, node: Node, key: str, allowed: tuple[str, ...]) -> str:
        value = _scalar_value(node)
        if value not in allowed:
            raise self.fail(node, f"{key}: '{value}' is not one of {', '.join(allowed)}")
        return value

    def dates(self, node: Node, key: str) -> frozenset[dt.date]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{key} must be a list of dates (YYYY-MM-DD)")
        result = set()
        for item in node.value:
            value = _scalar_value(item)
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    pass
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise self.fail(item, f"{key}: '{getattr(item, 'value', item)}' is not a date; write YYYY-MM-DD")
            result.add(value)
        return frozenset(result)


def _unknown(reader: _Reader, node: Node, key: str, allowed: list[str], where: str) -> ConfigError:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(sorted(allowed))}"
    return reader.fail(node, f"unknown {where} '{key}': {hint}")


def _rule_settings(reader: _Reader, node: Node | None) -> dict[str, RuleSetting]:
    from .rules import RULE_DEFAULTS  # the registry knows every rule id and its options

    settings = {rid: RuleSetting(severity, dict(options)) for rid, (severity, options) in RULE_DEFAULTS.items()}
    if node is None:
        return settings
    if not isinstance(node, MappingNode):
        raise reader.fail(node, "rules must be a mapping of rule id → error | warning | off | {severity, …}")
    for key_node, value_node in node.value:
        rule_id = key_node.value
        if rule_id not in RULE_DEFAULTS:
            raise _unknown(reader, key_node, rule_id, list(RULE_DEFAULTS), "rule")
        default_severity, default_options = RULE_DEFAULTS[rule_id]
        options = dict(default_options)
        severity: Severity | None = default_severity
        if isinstance(value_node, ScalarNode):
            word = reader.choice(value_node, f"rules.{rule_id}", SEVERITY_WORDS)
            severity = None if word == "off" else Severity(word)
        elif isinstance(value_node, MappingNode):
            for opt_key, opt_value in value_node.value:
                name = opt_key.value
                if name == "severity":
                    word = reader.choice(opt_value, f"rules.{rule_id}.severity", SEVERITY_WORDS)
                    severity = None if word == "off" else Severity(word)
                elif name in default_options:
                    value = _scalar_value(opt_value)
                    expected = type(default_options[name])
                    if expected in (int, float) and (isinstance(value, bool) or not isinstance(value, (int, float))):
                        raise reader.fail(opt_value, f"rules.{rule_id}.{name} must be a number")
                    options[name] = value
                else:
                    raise _unknown(reader, opt_key, name, ["severity", *default_options], f"option of rule {rule_id}")
        else:
            raise reader.fail(value_node, f"rules.{rule_id} must be error, warning, off or a mapping")
        if rule_id == "yaml" and severity is None:
            raise reader.fail(value_node, "rules.yaml cannot be turned off: an unreadable file cannot be checked")
        settings[rule_id] = RuleSetting(severity, options)
    return settings


def _baseline(reader: _Reader, node: Node) -> tuple[str | None, dict[str, str]]:
    """``baseline: REV-or-DATE`` or ``baseline: {default: REV-or-DATE, projects: {slug: REV-or-DATE}}``."""
    if isinstance(node, ScalarNode):
        return str(_scalar_value(node)), {}
    if not isinstance(node, MappingNode):
        raise reader.fail(node, "baseline must be a git revision or a date, or {default: …, projects: {slug: …}}")
    default, per_project = None, {}
    for key_node, value_node in node.value:
        if key_node.value == "default" and isinstance(value_node, ScalarNode):
            default = str(_scalar_value(value_node))
        elif key_node.value == "projects" and isinstance(value_node, MappingNode):
            for slug, rev in value_node.value:
                if not isinstance(rev, ScalarNode):
                    raise reader.fail(rev, f"baseline.projects.{slug.value} must be a git revision or a date")
                per_project[str(slug.value)] = str(_scalar_value(rev))
        else:
            raise _unknown(reader, key_node, str(key_node.value), ["default", "projects"], "baseline key")
    return default, per_project


_KEYS = ("projects_dir", "language", "timezone", "holidays", "workdays", "max_file_size", "rules", "notify", "people", "baseline")


def load_config(root: Path) -> Config:
    """Read ``ROOT/mkdocs.yml``; raise ``ConfigError`` (exit 2) for any problem."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_FILE} in {root}: run collabkb in the knowledge-base folder, or pass its path")
    reader = _Reader(CONFIG_FILE)
    try:
        document = yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise reader.fail(where, f"YAML syntax error: {getattr(error, 'problem', None) or error}") from None
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None
    if not isinstance(document, MappingNode):
        raise reader.fail((1, 1), f"{CONFIG_FILE} must be a mapping")
    site_url = next((_scalar_value(v) for k, v in document.value if k.value == "site_url"), None)
    block, _ = _find_plugin_block(document)
    values: dict[str, Any] = {"root": root, "site_url": site_url or None}
    rules_node = None
    for key_node, value_node in block.value if block else ():
        key = key_node.value
        if key not in _KEYS:
            raise _unknown(reader, key_node, key, list(_KEYS), "collabkb option")
        if key == "language":
            values[key] = reader.choice(value_node, key, LANGUAGES)
        elif key == "timezone":
            zone = _scalar_value(value_node)
            try:
                ZoneInfo(str(zone))
            except (ZoneInfoNotFoundError, ValueError):
                raise reader.fail(value_node, f"timezone: unknown time zone '{zone}' (e.g. Asia/Shanghai)") from None
            values[key] = str(zone)
        elif key in ("holidays", "workdays"):
            values[key] = reader.dates(value_node, key)
        elif key == "max_file_size":
            size = _scalar_value(value_node)
            if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
                raise reader.fail(value_node, "max_file_size must be a positive number of bytes")
            values[key] = size
        elif key == "projects_dir":
            values[key] = str(_scalar_value(value_node))
        elif key == "rules":
            rules_node = value_node
        elif key == "baseline":
            values["baseline"], values["baselines"] = _baseline(reader, value_node)
        else:
            values[key] = _plain(value_node)
    values["rules"] = _rule_settings(reader, rules_node)
    return Config(**values)
