"""Config: the ``collabkb`` block of ``mkdocs.yml`` → one frozen ``Config``.

The CLI and the MkDocs plugin both call ``load_config``, so the site and CI
never disagree. Every problem is a ``ConfigError`` carrying the file, line and
column of the offending key, and a hint (did you mean …).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import Severity
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from .load import DEFAULT_MAX_FILE_SIZE, Mark, scalar_value
from .calendar import DEFAULT_TIMEZONE
from ..rules import RULE_DEFAULTS  # the registry knows every rule id and its options
from ..rules.context import RuleSetting
from .. import notify  # the notify block's own checks, run when the config is read
from ..notify.mentions import PeopleIdsError, feishu_ids
from ..portfolio.people import SlugError, configured_slugs, make_slugs

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
class SiteSettings:
    """``site:`` in the collabkb block: what the published outputs may show (docs/security.md)."""

    contacts: str = "hide"  # show: team entries' phone, email and im are published
    confidential: str = "exclude"  # include: confidential projects are published too (an internal build)


_SITE_CHOICES = {"contacts": ("hide", "show"), "confidential": ("exclude", "include")}


@dataclass(frozen=True)
class Config:
    root: Path
    projects_dir: str = "projects"
    documents_dir: str = "docs"  # the folder of Markdown documents inside each project folder
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    notify: Mapping[str, Any] = field(default_factory=dict)
    people: Mapping[str, Any] = field(default_factory=dict)  # {slugs: {name: slug}}, read by people.py
    site_url: str | None = None
    baseline: str | None = None  # a git revision or a date (YYYY-MM-DD): the plan drift is measured from
    baselines: Mapping[str, str] = field(default_factory=dict)  # per project slug, overriding ``baseline``
    site: SiteSettings = field(default_factory=SiteSettings)
    block_file: Path = Path(CONFIG_FILE)  # the file the ``collabkb`` block was read from (``-f``, INHERIT)
    config_file: Path = Path(CONFIG_FILE)  # the file given (``-f``; default ROOT/mkdocs.yml)

    @property
    def projects_path(self) -> Path:
        return self.root / self.projects_dir

    @property
    def messages(self) -> Messages:
        return Messages(self.language)


# ---- reading mkdocs.yml with positions -------------------------------------------------

def _plain(node: Node, seen: dict[int, Any] | None = None) -> Any:
    """Plain values from nodes, tags ignored: mkdocs.yml may hold ``!!python/name:``
    or ``!ENV`` tags that are not ours.

    mkdocs.yml may use anchors and aliases too; an aliased node is built once and
    shared (``seen``), so an alias bomb or a self-referencing alias costs nothing."""
    seen = {} if seen is None else seen
    if id(node) in seen:
        return seen[id(node)]
    if isinstance(node, MappingNode):
        mapping: dict[str, Any] = seen.setdefault(id(node), {})
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                mapping[k.value] = _plain(v, seen)
        return mapping
    if isinstance(node, SequenceNode):
        sequence: list[Any] = seen.setdefault(id(node), [])
        sequence.extend(_plain(v, seen) for v in node.value)
        return sequence
    return node.value if node.tag != "tag:yaml.org,2002:null" else None


def _mark(node: Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _find_plugin_block(root: MappingNode) -> Node | None:
    """The value node of ``plugins: [- collabkb: {...}]`` (or the mapping form); ``None``
    when the plugin is absent or listed without options (every option at its default)."""
    for key, value in root.value:
        if key.value != "plugins":
            continue
        entries = value.value if isinstance(value, SequenceNode) else [value] if isinstance(value, MappingNode) else []
        for entry in entries:
            if isinstance(entry, MappingNode):
                for k, v in entry.value:
                    if k.value == PLUGIN_NAME:
                        return None if isinstance(v, ScalarNode) and v.tag == "tag:yaml.org,2002:null" else v
    return None


def _scalar_value(node: Node) -> Any:
    """A scalar with YAML's usual typing (ints, booleans; dates as ISO text); other tags as text."""
    if not isinstance(node, ScalarNode):
        return _plain(node)
    try:
        return scalar_value(node)
    except ValueError:
        return node.value


class _Reader:
    """Turns a problem at a node into a ``ConfigError`` at its position, in the configured language."""

    def __init__(self, file: str, msg: Messages) -> None:
        self.file = file
        self.msg = msg

    def fail(self, node: Node | Mark, message: str) -> ConfigError:
        mark = node if isinstance(node, tuple) else _mark(node)
        return ConfigError(message, self.file, mark)

    def say(self, node: Node | Mark, message_key: str, **values: Any) -> ConfigError:
        return self.fail(node, self.msg(message_key, **values))

    def choice(self, node: Node, key: str, allowed: tuple[str, ...]) -> str:
        # The word as written: YAML 1.1 would read a bare ``off`` as false.
        value = node.value if isinstance(node, ScalarNode) else _plain(node)
        if value not in allowed:
            close = difflib.get_close_matches(str(value).lower(), allowed, n=1, cutoff=0.6)
            hint = self.msg("config.did_you_mean", value=close[0]) if close else ""
            raise self.say(node, "config.choice", key=key, value=value, allowed=", ".join(allowed), hint=hint)
        return value

    def dates(self, node: Node, key: str) -> frozenset[dt.date]:
        if not isinstance(node, SequenceNode):
            raise self.say(node, "config.dates", key=key)
        result = set()
        for item in node.value:
            value = _scalar_value(item)
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    pass
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise self.say(item, "config.not_date", key=key, value=_written(item))
            result.add(value)
        return frozenset(result)


def _written(node: Node, limit: int = 60) -> str:
    """A value as the user wrote it, on one line, for a message: a scalar's text, a list or
    mapping in YAML's flow style (never a parser object's repr), shortened past ``limit``."""
    text = " ".join(_flow(node, limit).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flow(node: Node, limit: int, depth: int = 0) -> str:
    if isinstance(node, ScalarNode):
        return str(node.value)
    if depth > 3:  # deep enough to recognise it; a hostile nesting must not recurse further
        return "…"
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(_flow(item, limit, depth + 1) for item in node.value[:limit]) + "]"
    if isinstance(node, MappingNode):
        return "{" + ", ".join(f"{_flow(k, limit, depth + 1)}: {_flow(v, limit, depth + 1)}"
                               for k, v in node.value[:limit]) + "}"
    return "?"


def _unknown(reader: _Reader, node: Node, key: str, allowed: list[str], where: str) -> ConfigError:
    """Unknown ``where`` (an option, a rule id…) with a did-you-mean or the allowed names."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = reader.msg("config.did_you_mean", value=close[0]) if close else reader.msg("config.allowed", values=", ".join(sorted(allowed)))
    return reader.say(node, "config.unknown", where=where, key=key, hint=hint)


# Sane values of rule options: (lowest, highest, whole numbers only). A lag threshold is in
# percentage points; days are working days; the rest count tasks or slips.
_OPTION_RANGES: dict[str, tuple[int, int, bool]] = {
    "threshold": (0, 100, False), "days": (0, 365, True), "max_in_progress": (1, 1000, True), "max_slips": (1, 1000, True),
}
_DEFAULT_RANGE = (0, 10_000, True)
MAX_FILE_SIZE_LIMIT = 1024 ** 3  # 1 GiB: a bigger plan file is a mistake, not a plan


def _option_number(reader: _Reader, node: Node, key: str, name: str) -> int | float:
    """A rule option's number, refused with its position when it is not a sane one
    (text, a boolean, NaN, infinite, negative, a fraction where days are counted, huge)."""
    low, high, whole = _OPTION_RANGES.get(name, _DEFAULT_RANGE)
    value = _scalar_value(node)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not low <= value <= high or (whole and not isinstance(value, int)):
        kind = reader.msg("config.kind.int" if whole else "config.kind.number")
        raise reader.say(node, "config.number", key=key, kind=kind, low=low, high=high, value=_written(node))
    return value


def _rule_settings(reader: _Reader, node: Node | None) -> dict[str, RuleSetting]:
    settings = {rid: RuleSetting(severity, dict(options)) for rid, (severity, options) in RULE_DEFAULTS.items()}
    if node is None:
        return settings
    if not isinstance(node, MappingNode):
        raise reader.say(node, "config.rules_mapping")
    for key_node, value_node in node.value:
        rule_id = key_node.value
        if rule_id not in RULE_DEFAULTS:
            raise _unknown(reader, key_node, rule_id, list(RULE_DEFAULTS), reader.msg("config.where.rule"))
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
                    options[name] = _option_number(reader, opt_value, f"rules.{rule_id}.{name}", name)
                else:
                    raise _unknown(reader, opt_key, name, ["severity", *default_options],
                                   reader.msg("config.where.rule_option", rule=rule_id))
        else:
            raise reader.say(value_node, "config.rule_value", rule=rule_id)
        if rule_id == "yaml" and severity is None:
            raise reader.say(value_node, "config.yaml_off")
        settings[rule_id] = RuleSetting(severity, options)
    return settings


def _baseline(reader: _Reader, node: Node) -> tuple[str | None, dict[str, str]]:
    """``baseline: REV-or-DATE`` or ``baseline: {default: REV-or-DATE, projects: {slug: REV-or-DATE}}``."""
    if isinstance(node, ScalarNode):
        return str(_scalar_value(node)), {}
    if not isinstance(node, MappingNode):
        raise reader.say(node, "config.baseline")
    default, per_project = None, {}
    for key_node, value_node in node.value:
        if key_node.value == "default" and isinstance(value_node, ScalarNode):
            default = str(_scalar_value(value_node))
        elif key_node.value == "projects" and isinstance(value_node, MappingNode):
            for slug, rev in value_node.value:
                if not isinstance(rev, ScalarNode):
                    raise reader.say(rev, "config.baseline_project", slug=slug.value)
                per_project[str(slug.value)] = str(_scalar_value(rev))
        else:
            raise _unknown(reader, key_node, str(key_node.value), ["default", "projects"], reader.msg("config.where.baseline"))
    return default, per_project


def _site(reader: _Reader, node: Node) -> SiteSettings:
    """``site: {contacts: hide|show, confidential: exclude|include}``."""
    if not isinstance(node, MappingNode):
        raise reader.say(node, "config.site_mapping")
    values = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in _SITE_CHOICES:
            raise _unknown(reader, key_node, key, list(_SITE_CHOICES), reader.msg("config.where.site"))
        values[key] = reader.choice(value_node, f"site.{key}", _SITE_CHOICES[key])
    return SiteSettings(**values)


_ENV_TAG = "!ENV"
_RESOLVER = yaml.resolver.Resolver()


def _with_env(node: Node | None, seen: set[int] | None = None) -> Node | None:
    """Resolve MkDocs' ``!ENV`` tags in the collabkb block, as MkDocs does for the site:
    ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]`` (the first variable set, else the
    last item as the default). The value is typed like plain YAML; positions are kept.
    Aliased nodes are visited once (``seen``): a self-referencing alias must not loop."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return node
    seen.add(id(node))
    if node.tag == _ENV_TAG:
        names = [node.value] if isinstance(node, ScalarNode) else [n.value for n in node.value if isinstance(n, ScalarNode)]
        default = names.pop() if len(names) > 1 else None
        text = next((os.environ[name] for name in names if name in os.environ), default)
        value = "" if text is None else str(text)
        tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
        return ScalarNode(tag, value, node.start_mark, node.end_mark)
    if isinstance(node, MappingNode):
        node.value = [(key, _with_env(value, seen)) for key, value in node.value]
    elif isinstance(node, SequenceNode):
        node.value = [_with_env(item, seen) for item in node.value]
    return node


def _compose(content: bytes, reader: _Reader) -> MappingNode:
    """mkdocs.yml as nodes (positions kept, tags left alone); any problem at its position."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise reader.say((line, 1), "config.encoding") from None
    try:
        document = yaml.compose(content, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise reader.say(where, "config.syntax", problem=getattr(error, "problem", None) or error) from None
    if not isinstance(document, MappingNode):
        raise reader.say(_mark(document) if document is not None else (1, 1), "config.not_mapping", file=reader.file)
    return document


def _projects_dir(reader: _Reader, node: Node) -> str:
    """A folder inside the knowledge base: relative, no ``..``, not empty."""
    value = _scalar_value(node)
    text = str(value).strip().rstrip("/") if isinstance(value, str) else ""
    parts = Path(text).parts
    if not text or Path(text).is_absolute() or ".." in parts or "\\" in text:
        raise reader.say(node, "config.projects_dir", value=value)
    return Path(text).as_posix()


def _documents_dir(reader: _Reader, node: Node) -> str:
    """One folder name inside a project folder, not a project file's name."""
    value = _scalar_value(node)
    text = value.strip() if isinstance(value, str) else ""
    if not text or text.startswith(".") or "/" in text or "\\" in text or text.endswith((".yaml", ".yml")):
        raise reader.say(node, "config.documents_dir", value=value)
    return text


_KEYS = ("projects_dir", "documents_dir", "language", "timezone", "holidays", "workdays", "max_file_size", "rules", "notify", "people", "baseline", "site")


def _name(path: Path, root: Path) -> str:
    """How messages name a config file: relative to the knowledge base when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class _Document:
    name: str  # as messages name it
    path: Path
    root: MappingNode


def _documents(path: Path, root: Path, msg: Messages) -> list[_Document]:
    """The config file and the files it ``INHERIT``s (MkDocs' rule: relative to the file
    naming them), nearest first."""
    chain: list[_Document] = []
    seen: set[Path] = set()
    named_by: tuple[_Reader, Node] | None = None  # the INHERIT that led here
    while True:
        name = _name(path, root)
        if named_by is not None and path.resolve() in seen:
            raise named_by[0].say(named_by[1], "config.inherit_loop", path=name)
        if not path.is_file():
            if named_by is not None:
                raise named_by[0].say(named_by[1], "config.inherit_missing", path=name)
            raise ConfigError(msg("config.missing", file=name, root=root))
        try:
            content = path.read_bytes()
        except OSError as error:
            raise ConfigError(msg("config.unreadable", file=name, reason=error.strerror or str(error))) from None
        reader = _Reader(name, msg)
        document = _compose(content, reader)
        chain.append(_Document(name, path, document))
        seen.add(path.resolve())
        inherit = next((v for k, v in document.value if isinstance(k, ScalarNode) and k.value == "INHERIT"), None)
        if inherit is None:
            return chain
        path, named_by = path.parent / str(_scalar_value(inherit)), (reader, inherit)


def merged_document(config: Config) -> MappingNode:
    """``config``'s file with the files it ``INHERIT``s merged in, at the YAML node level (tags such as
    ``!ENV`` kept as written), as MkDocs merges them: a mapping is merged key by key, recursively;
    any other value of the inheriting file replaces the inherited one. ``INHERIT`` itself is dropped."""
    chain = _documents(config.config_file, config.root, config.messages)
    merged = chain[-1].root
    for document in reversed(chain[:-1]):
        merged = _merge(merged, document.root)
    merged.value = [(k, v) for k, v in merged.value if not (isinstance(k, ScalarNode) and k.value == "INHERIT")]
    return merged


def _merge(base: MappingNode, over: MappingNode) -> MappingNode:
    keys = {k.value: i for i, (k, _) in enumerate(base.value) if isinstance(k, ScalarNode)}
    value = list(base.value)
    for key, node in over.value:
        at = keys.get(key.value) if isinstance(key, ScalarNode) else None
        if at is None:
            value.append((key, node))
        else:
            inherited = value[at][1]
            both = isinstance(inherited, MappingNode) and isinstance(node, MappingNode)
            value[at] = (value[at][0], _merge(inherited, node) if both else node)
    return MappingNode(over.tag, value, over.start_mark, over.end_mark, over.flow_style)


def _first(chain: list[_Document], key: str) -> tuple[_Document, Node] | None:
    """The nearest file of the chain setting the top-level ``key``, and its value: MkDocs
    merges the files, a key of the inheriting file replacing the inherited one (lists whole)."""
    for document in chain:
        for k, v in document.root.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return document, v
    return None


def _key_at(node: Node | None, where: tuple[str, ...]) -> Node | None:
    """The key node of the deepest existing key of ``where`` under the mapping ``node``."""
    found = None
    for key in where:
        if not isinstance(node, MappingNode):
            break
        pair = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and str(k.value) == key), None)
        if pair is None:
            break
        found, node = pair
    return found


def locate(config: Config, where: tuple[str, ...]) -> str:
    """``file:line:column`` of the deepest existing key ``where`` of the ``collabkb`` block
    (for a problem found after reading, such as ``--channel`` naming no channel)."""
    try:
        document = yaml.compose(config.block_file.read_bytes(), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError):  # read a moment ago; nothing better to say
        return f"{_name(config.block_file, config.root)}:1:1"
    block = _find_plugin_block(document) if isinstance(document, MappingNode) else None
    key = _key_at(block, where)
    line, column = _mark(key) if key is not None else (1, 1)
    return f"{_name(config.block_file, config.root)}:{line}:{column}"


def _check_notify(reader: _Reader, node: Node, plain: Any) -> None:
    try:
        notify.check_block(plain, reader.msg)
    except notify.NotifyError as error:
        raise reader.fail(_key_at(node, error.where or ()) or node, str(error)) from None


def _check_people(reader: _Reader, node: Node, plain: Any) -> None:
    try:
        make_slugs((), configured_slugs(plain))  # the configured slugs: valid and one each
    except SlugError as error:
        raise reader.fail(_key_at(node, error.where) or node, error.text(reader.msg)) from None
    try:
        feishu_ids(plain, reader.msg)  # the Feishu ids @-mentions use: a mapping of names to ids
    except PeopleIdsError as error:
        raise reader.fail(_key_at(node, error.where) or node, f"people.{'.'.join(error.where)}: {error}") from None


def load_config(root: Path, config_file: Path | None = None) -> Config:
    """Read the ``collabkb`` block of ``config_file`` (default ``ROOT/mkdocs.yml``; the file
    MkDocs was given with ``-f``), following ``INHERIT``; raise ``ConfigError`` (exit 2)
    for any problem, at its file, line and column.

    Messages are in the configured ``language`` as soon as it is known (zh before)."""
    config_file = config_file if config_file is not None else root / CONFIG_FILE
    msg = Messages(DEFAULT_LANGUAGE)
    chain = _documents(config_file, root, msg)
    found = _first(chain, "plugins")
    source = found[0] if found else chain[0]
    block = _with_env(_find_plugin_block(source.root))
    if block is not None and not isinstance(block, MappingNode):
        raise _Reader(source.name, msg).say(block, "config.block_not_mapping", plugin=PLUGIN_NAME)
    language = next((_scalar_value(v) for k, v in block.value if k.value == "language"), None) if block else None
    reader = _Reader(source.name, Messages(language) if language in LANGUAGES else msg)
    site_url = _first(chain, "site_url")
    values: dict[str, Any] = {"root": root, "block_file": source.path, "config_file": config_file,
                              "site_url": (_scalar_value(site_url[1]) or None) if site_url else None}
    rules_node = None
    for key_node, value_node in block.value if block else ():
        key = key_node.value if isinstance(key_node, ScalarNode) else str(_plain(key_node))
        if key not in _KEYS:
            raise _unknown(reader, key_node, key, list(_KEYS), reader.msg("config.where.option"))
        if key == "language":
            values[key] = reader.choice(value_node, key, LANGUAGES)
        elif key == "timezone":
            zone = _scalar_value(value_node)
            try:
                ZoneInfo(str(zone))
            except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder of zones: OSError
                raise reader.say(value_node, "config.timezone", zone=zone) from None
            values[key] = str(zone)
        elif key in ("holidays", "workdays"):
            values[key] = reader.dates(value_node, key)
        elif key == "max_file_size":
            size = _scalar_value(value_node)
            if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_FILE_SIZE_LIMIT:
                raise reader.say(value_node, "config.max_file_size", value=size)
            values[key] = size
        elif key == "projects_dir":
            values[key] = _projects_dir(reader, value_node)
        elif key == "documents_dir":
            values[key] = _documents_dir(reader, value_node)
        elif key == "rules":
            rules_node = value_node
        elif key == "baseline":
            values["baseline"], values["baselines"] = _baseline(reader, value_node)
        elif key == "site":
            values[key] = _site(reader, value_node)
        else:  # notify, people: read by their stages, checked here so every command refuses a typo
            values[key] = _plain(value_node)
            (_check_notify if key == "notify" else _check_people)(reader, value_node, values[key])
    values["rules"] = _rule_settings(reader, rules_node)
    return Config(**values)
