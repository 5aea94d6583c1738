"""The pipeline in one place: layout → load → validate → model → references → rules.

``load_knowledge_base`` is what ``collabkb validate`` runs; ``check`` adds the
rules. The CLI and the MkDocs plugin both call these, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Iterator

from . import documents, layout, references
from .calendar import WorkCalendar
from .config import Config
from .findings import Finding, Severity, sort_findings
from ..git.added import FirstCommitDates, head_state
from ..git.history import History, read_history
from ..i18n import Messages
from .load import YamlMap, load_file
from .load_cache import LoadCache
from .result import Checked, Loaded
from .tree import DiskTree, Tree
from .publication import may_be_confidential
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

    def __init__(self, config: Config, schemas: Schemas, tree: Tree) -> None:
        self.config = config
        self.tree = tree
        self.schemas = schemas
        self.msg = config.messages
        self.findings: list[Finding] = []
        self.first_commit = FirstCommitDates(config.root, config.projects_dir, config.timezone)

    def read(self, rel: str, kind: str, project: str | None) -> _Read:
        loaded = load_file(self.tree, rel, self.msg, self.config.max_file_size)
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

    def departments(self, found: str | None) -> tuple[Department, ...] | None:
        if found is None:
            return None
        read = self.read(found, "departments", None)
        if read.data is None:
            return None  # unusable: its findings say why; not every department "unknown" as well
        return tuple(
            Department(d["name"], d.get("head"), d.get("description"), tuple(d.get("aliases") or ()), Source.of(found, d))
            for d in read.data["departments"]
        )

    def project(self, folder: layout.ProjectFolder) -> Project | BrokenProject:
        read = {name: self.read(rel, FILE_KINDS[name], folder.slug) for name, rel in folder.files}
        rel_of = dict(folder.files)
        charter = read["project.yaml"].data
        if charter is None:
            return BrokenProject(folder.slug, rel_of["project.yaml"],
                                 may_be_confidential(self.tree, rel_of["project.yaml"], self.config.max_file_size))
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
        paths = frozenset(read) | {path for path, _ in folder.documents}
        docs, found, unreadable = documents.read_documents(
            self.tree, folder.documents, folder.slug, self.msg, self.config.max_file_size, self.schemas["document"],
            paths | {path for path, _ in folder.attachments}, self.first_commit)
        self.findings.extend(found)
        return Project.build(folder.slug, rel_of["project.yaml"], charter, files=paths, unusable_files=unusable | unreadable,
                             set_aside_tasks=set_aside_tasks, set_aside_team=set_aside_team, documents=docs,
                             attachments=tuple(path for path, _ in folder.attachments), **parts)


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


def load_knowledge_base(config: Config, only: Iterable[str] | None = None, schemas: Schemas | None = None,
                        tree: Tree | None = None, cache: LoadCache | None = None) -> Loaded:
    """yaml + schema + reference: the model of everything valid, and what is not. Files are read
    from ``tree`` (default: the disk at ``config.root``; ``collabkb diff`` gives a git revision).
    ``cache`` (``mkdocs serve`` only, disk only): projects whose files' bytes are unchanged since
    the previous check are reused with their findings (``check/load_cache.py``)."""
    with _gc_paused():
        if cache is not None and tree is None:
            cache.begin((repr(config), head_state(config.root)))
        else:
            cache = None
        return _load_knowledge_base(config, only, schemas, tree or DiskTree(config.root), cache)


def _load_knowledge_base(config: Config, only: Iterable[str] | None, schemas: Schemas | None, tree: Tree,
                         cache: LoadCache | None = None) -> Loaded:
    msg: Messages = config.messages
    scanned = layout.scan(tree, config.projects_dir, msg, frozenset(only) if only is not None else None,
                          config.documents_dir)
    reader = _Reader(config, schemas or Schemas(), tree)
    departments = reader.departments(scanned.departments_file)
    projects: list[Project] = []
    broken: list[BrokenProject] = []
    if cache is not None:
        cache.keep_only({folder.slug for folder in scanned.projects})
    for folder in scanned.projects:
        if cache is not None:
            built = cache.project(folder, tree, config.max_file_size, reader.findings, reader.project)
        else:
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
          history: History | None = None, tree: Tree | None = None, *, with_history: bool = False,
          cache: LoadCache | None = None) -> Checked:
    """Everything CI reports: validation plus every enabled rule, for ``today``. Files are read
    from ``tree`` (default: the disk). The plan's git history is read from ``config.root``
    unless given, when ``repeated-slip`` is on or ``with_history`` asks for it (the site's
    drift views), and kept in the result. ``cache``: see ``load_knowledge_base`` (the rules
    and references always run on the whole model: they are cross-project)."""
    with _gc_paused():  # the findings live as long as the model
        loaded = load_knowledge_base(config, only, tree=tree, cache=cache)
        calendar = calendar or WorkCalendar(config.holidays, config.workdays)
        if history is None and (with_history or config.rules["repeated-slip"].severity is not None):
            history = read_history(config.root, config.projects_dir, config.timezone)
        rule_findings = run_rules(loaded.kb, today=today, calendar=calendar, settings=config.rules,
                                  msg=config.messages, history=history)
        findings = sort_findings([*configured(loaded.findings, config), *rule_findings])
    return Checked(loaded.kb, tuple(findings), today, calendar, history)


def _limit(config: Config, rule: str) -> int | None:
    """The rule's ``max_per_file`` (a whole number 0–10,000, checked when the config was read);
    ``None``, no limit, for 0 or a rule without settings."""
    setting = config.rules.get(rule)
    return (setting.options.get("max_per_file") or None) if setting else None


def capped(result: Checked, config: Config) -> Checked:
    """For output: at most ``max_per_file`` findings of one rule in one file (the first, in
    order); the rest become one "and N more" finding at the first one left out, as severe
    as the worst of them. One pass, so a file of thousands of findings costs no more."""
    kept: list[Finding] = []
    left_out: dict[tuple[str, str], list[Finding]] = {}
    shown: dict[tuple[str, str], int] = {}
    limits = {rule: _limit(config, rule) for rule in {f.rule for f in result.findings}}
    for finding in result.findings:
        key = (finding.file, finding.rule)
        limit = limits[finding.rule]
        if limit is None or shown.get(key, 0) < limit:
            shown[key] = shown.get(key, 0) + 1
            kept.append(finding)
        else:
            left_out.setdefault(key, []).append(finding)
    if not left_out:
        return result
    omitted = {severity: result.omitted.get(severity, 0) for severity in Severity}
    for (file, rule), findings in left_out.items():
        first = findings[0]
        severity = Severity.ERROR if any(f.severity is Severity.ERROR for f in findings) else Severity.WARNING
        message = config.messages("report.more", count=len(findings), rule=rule, limit=limits[rule])
        kept.append(Finding(file, first.line, rule, first.column, severity, first.project, None, message))
        for f in findings:
            omitted[f.severity] += 1
        omitted[severity] -= 1  # the summary finding itself is counted
    return replace(result, findings=tuple(sort_findings(kept)), omitted=omitted)
