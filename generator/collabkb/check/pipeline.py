"""The pipeline in one place: layout → load → validate → model → references → rules.

``load_knowledge_base`` is what ``collabkb validate`` runs; ``check`` adds the
rules. The CLI and the MkDocs plugin both call these, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import layout, references
from ..portfolio.calendar import WorkCalendar
from .config import Config
from .findings import Finding, Severity, sort_findings
from ..git.history import History, read_history
from ..i18n import Messages
from .load import YamlMap, load_file
from .model import BrokenProject, Department, Deliverable, Issue, KnowledgeBase, Project, Resource, Retro, Risk, Source, Task
from ..rules import VALIDATION_RULES, run_rules
from .validate import FILE_KINDS, Schemas

# List files: (file name, top-level key, Project field, item builder).
_LISTS: tuple[tuple[str, str, str, Callable[[str, YamlMap], Any]], ...] = (
    ("tasks.yaml", "tasks", "tasks", Task.build),
    ("risks.yaml", "risks", "risks", Risk.build),
    ("coordination.yaml", "issues", "issues", Issue.build),
    ("coordination.yaml", "resources", "resources", Resource.build),
    ("acceptance.yaml", "deliverables", "acceptance", Deliverable.build),
)
# Schema kind → the keys holding its lists of items.
_LIST_KEYS: dict[str, frozenset[str]] = {
    FILE_KINDS[name]: frozenset(key for other, key, _, _ in _LISTS if other == name) for name, _, _, _ in _LISTS
}


@dataclass(frozen=True)
class Loaded:
    """The modelled knowledge base and every validation finding (yaml, schema, reference)."""

    kb: KnowledgeBase
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Checked:
    """A knowledge base, every finding about it (sorted), and the day it was checked for."""

    kb: KnowledgeBase
    findings: tuple[Finding, ...]
    today: dt.date

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


@dataclass(frozen=True)
class _Read:
    """One file after validation: the usable part of its data and what was set aside."""

    data: YamlMap | None  # None: nothing in the file can be used
    set_aside: tuple[tuple[tuple[Any, ...], Any], ...] = ()  # (path, removed value), e.g. a raw task item

    def removed(self, key: str) -> list[Any]:
        """The items set aside from the list under ``key`` (``tasks``, ``team``…)."""
        return [value for path, value in self.set_aside if len(path) == 2 and path[0] == key]


def _set_aside(data: YamlMap, paths: Iterable[tuple[Any, ...]]) -> list[tuple[tuple[Any, ...], Any]]:
    """Remove the values at ``paths`` (disjoint or nested) from ``data``; return them with their paths.

    Deeper paths go first and list items go from the highest index down, so the
    indices of the paths still to remove stay valid.
    """
    unique = set(paths)
    outermost = [p for p in unique if not any(q != p and p[: len(q)] == q for q in unique)]
    outermost.sort(key=lambda p: (len(p), p[-1] if isinstance(p[-1], int) else -1), reverse=True)
    removed = []
    for path in outermost:
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and path[-1] not in parent:
            continue  # a missing required key: nothing to remove
        removed.append((path, parent[path[-1]]))
        parent.remove(path[-1])
    return removed


def _item_id(data: YamlMap, path: tuple[Any, ...]) -> str | None:
    """The id of the list item an error sits in (``tasks[2]`` → "T3"), when it has a usable one."""
    if len(path) < 2 or not isinstance(path[1], int):
        return None
    items = data.get(path[0])
    item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
    item_id = item.get("id") if isinstance(item, dict) else None
    return item_id if isinstance(item_id, str) else None


def _team_names(entry: Any) -> list[str]:
    """The department and people a (possibly invalid) team entry names."""
    if not isinstance(entry, dict):
        return []
    members = entry.get("members")
    names = [entry.get("department"), entry.get("contact"), *(members if isinstance(members, list) else ())]
    return [name for name in names if isinstance(name, str)]


class _Reader:
    """Loads and validates files, collecting their findings.

    Invalid data is set aside, never guessed at: in a list file (tasks, risks,
    coordination, acceptance) the whole item holding an error; in project.yaml,
    retro.yaml and _departments.yaml the innermost optional key or list item holding
    it. When an error sits in something required at the top, the file is unusable.
    """

    def __init__(self, config: Config, schemas: Schemas) -> None:
        self.config = config
        self.schemas = schemas
        self.msg = config.messages
        self.findings: list[Finding] = []

    def read(self, file: Path, rel: str, kind: str, project: str | None) -> _Read:
        loaded = load_file(file, rel, self.msg, self.config.max_file_size)
        self.findings.extend(replace(f, project=project) for f in loaded.findings)
        if loaded.data is None:
            return _Read(None)
        validator = self.schemas[kind]
        errors = validator.errors(loaded.data, rel, self.msg)
        self.findings.extend(replace(e.finding, project=project, item=_item_id(loaded.data, e.path)) for e in errors)
        paths: list[tuple[Any, ...]] = []
        for error in errors:
            path = error.path
            usable: tuple[Any, ...] | None
            if kind in _LIST_KEYS:
                # A rule must never read a half-valid task: the item goes as a whole.
                usable = path[:2] if len(path) >= 2 and path[0] in _LIST_KEYS[kind] and isinstance(path[1], int) else path[:1]
            else:
                usable = validator.removable(path)
            if not usable:
                return _Read(None)
            paths.append(usable)
        return _Read(loaded.data, tuple(_set_aside(loaded.data, paths)))

    def departments(self, found: tuple[Path, str] | None) -> tuple[Department, ...] | None:
        if found is None:
            return None
        read = self.read(*found, "departments", None)
        if read.data is None:
            return None  # unusable: its findings say why; not every department "unknown" as well
        return tuple(
            Department(d["name"], d.get("head"), d.get("description"), tuple(d.get("aliases") or ()), Source.of(found[1], d))
            for d in read.data["departments"]
        )

    def project(self, folder: layout.ProjectFolder) -> Project | BrokenProject:
        read = {name: self.read(path, rel, FILE_KINDS[name], folder.slug) for name, path, rel in folder.files}
        rel_of = {name: rel for name, _, rel in folder.files}
        charter = read["project.yaml"].data
        if charter is None:
            return BrokenProject(folder.slug, rel_of["project.yaml"])
        parts: dict[str, Any] = {}
        for name, key, field, build in _LISTS:
            data = read[name].data if name in read else None
            if data is not None:
                parts[field] = tuple(build(rel_of[name], item) for item in data.get(key) or ())
        retro = read["retro.yaml"].data if "retro.yaml" in read else None
        if retro is not None:
            parts["retro"] = Retro.build(rel_of["retro.yaml"], retro["retro"])
        tasks_read = read.get("tasks.yaml")
        set_aside_tasks = frozenset(
            item["id"] for item in (tasks_read.removed("tasks") if tasks_read else ())
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        )
        # A team entry set aside (say role: 主导) still names its department and people:
        # tasks that use them are not "unknown" because of it.
        set_aside_team = frozenset(name for entry in read["project.yaml"].removed("team") for name in _team_names(entry))
        unusable = frozenset(name for name, r in read.items() if r.data is None)
        return Project.build(folder.slug, rel_of["project.yaml"], charter, files=frozenset(read), unusable_files=unusable,
                             set_aside_tasks=set_aside_tasks, set_aside_team=set_aside_team, **parts)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of long-lived, acyclic objects
    (nodes, data, model, findings) are created: each collection would rescan all of them,
    which measured up to half of ``check`` at 1,000 projects.

    A pause alone only postpones the work: objects made meanwhile wait in the youngest
    generation, and the first allocation after it ends scans them all (≈ 20 % of ``check``
    on a findings-heavy knowledge base). So they are moved to the oldest generation
    unscanned (``freeze`` + ``unfreeze``), as if they had survived; nothing is lost: cycles
    among them are collected by the next full collection, which runs on the usual schedule."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def load_knowledge_base(config: Config, only: Iterable[str] | None = None, schemas: Schemas | None = None) -> Loaded:
    """yaml + schema + reference: the model of everything valid, and what is not."""
    with _gc_paused():
        return _load_knowledge_base(config, only, schemas)


def _load_knowledge_base(config: Config, only: Iterable[str] | None, schemas: Schemas | None) -> Loaded:
    msg: Messages = config.messages
    scanned = layout.scan(config.root, config.projects_dir, msg, frozenset(only) if only is not None else None)
    reader = _Reader(config, schemas or Schemas())
    departments = reader.departments(scanned.departments_file)
    projects: list[Project] = []
    broken: list[BrokenProject] = []
    for folder in scanned.projects:
        built = reader.project(folder)
        if isinstance(built, BrokenProject):
            broken.append(built)
        else:
            projects.append(built)
    kb = KnowledgeBase(tuple(projects), departments, tuple(broken))
    findings = [*scanned.findings, *reader.findings, *references.check(kb, msg)]
    return Loaded(kb, tuple(findings))


def configured(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """Validation findings with the severity configured for their rule (dropped when off)."""
    result = []
    for finding in findings:
        severity = config.rules[finding.rule].severity if finding.rule in VALIDATION_RULES else finding.severity
        if severity is not None:
            result.append(finding if severity is finding.severity else replace(finding, severity=severity))
    return result


def validate(config: Config, only: Iterable[str] | None = None) -> tuple[KnowledgeBase, list[Finding]]:
    loaded = load_knowledge_base(config, only)
    return loaded.kb, sort_findings(configured(loaded.findings, config))


def check(config: Config, today: dt.date, only: Iterable[str] | None = None, calendar: WorkCalendar | None = None,
          history: History | None = None) -> Checked:
    """Everything CI reports: validation plus every enabled rule, for ``today``. The plan's git
    history (for ``repeated-slip``) is read from ``config.root`` unless given or that rule is off."""
    with _gc_paused():  # the findings live as long as the model
        loaded = load_knowledge_base(config, only)
        calendar = calendar or WorkCalendar(config.holidays, config.workdays)
        if history is None and config.rules["repeated-slip"].severity is not None:
            history = read_history(config.root, config.projects_dir, config.timezone)
        rule_findings = run_rules(loaded.kb, today=today, calendar=calendar, settings=config.rules, msg=config.messages,
                                  history=history)
        findings = sort_findings([*configured(loaded.findings, config), *rule_findings])
    return Checked(loaded.kb, tuple(findings), today)
