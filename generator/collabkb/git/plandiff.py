"""Plan diff: what a change did to the plan, not to the text.

Both sides go through the same pipeline (load, validate, model, rules) with the same
configuration and the same ``today``: a git revision is read straight from the object
store as blobs (``revision.GitTree``: nothing is written to disk, so no crafted tree
entry can make it write anywhere) and checked like any knowledge base; the working
tree is checked where it is. The two models are then
compared per project, item by id, and the two finding lists tell which findings the
change introduces and which it resolves.

A finding is matched across sides by rule, project, file and item (plus its message
when it names no item): line numbers move with every edit, so they cannot identify it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..check import pipeline
from ..check.calendar import WorkCalendar
from ..check.config import Config
from ..check.findings import Finding
from .history import Repo, read_history
from .revision import GitTree
from ..check.model import Project

WORKTREE = "WORKTREE"  # the HEAD argument naming the working tree


@dataclass(frozen=True, slots=True)
class Change:
    """One semantic change: ``kind`` picks the message ``diff.change.<kind>``; ``values`` fill it."""

    kind: str
    item: str | None
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ProjectDiff:
    slug: str
    name: str
    changes: tuple[Change, ...]
    introduced: tuple[Finding, ...]
    resolved: tuple[Finding, ...]

    @property
    def empty(self) -> bool:
        return not (self.changes or self.introduced or self.resolved)


@dataclass(frozen=True)
class PlanDiff:
    base: str  # what the user named, and the commit id it resolved to
    base_commit: str | None
    head: str
    head_commit: str | None
    today: dt.date
    projects: tuple[ProjectDiff, ...]
    introduced: tuple[Finding, ...] = ()  # findings of no project (e.g. a stray file)
    resolved: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.introduced and not self.resolved and all(p.empty for p in self.projects)


# ---- loading a side ----------------------------------------------------------------------

def check_at(config: Config, today: dt.date, repo: Repo | None, commit: str | None) -> pipeline.Checked:
    """The checked knowledge base at ``commit`` (``None``: the working tree), with the plan
    history up to that commit, so history rules (``repeated-slip``) see each side's own past.
    A commit is read from git's object store as blobs (``GitTree``): nothing is written to disk."""
    history = read_history(config.root, config.projects_dir, config.timezone, rev=commit or "HEAD")
    if commit is None or repo is None:
        return pipeline.check(config, today, history=history)
    return pipeline.check(config, today, history=history, tree=GitTree(repo, commit))


# ---- comparing ---------------------------------------------------------------------------

def _moved(kind: str, item: str, title: str, old: dt.date, new: dt.date, calendar: WorkCalendar) -> Change:
    return Change(kind, item, {"task": item, "title": title, "old": old, "new": new, "days": (new - old).days,
                               "working": calendar.working_days_between(old, new)})


def _task_changes(old: Project, new: Project, calendar: WorkCalendar) -> Iterator[Change]:
    before = old.task_by_id
    for task in new.tasks:
        was = before.get(task.id)
        if was is None:
            yield Change("task_added", task.id, {"task": task.id, "title": task.title, "due": task.due,
                                                 "owner": task.owner_text})
            continue
        if was.due != task.due:
            yield _moved("due_moved", task.id, task.title, was.due, task.due, calendar)
        if was.start != task.start:
            yield _moved("start_moved", task.id, task.title, was.start, task.start, calendar)
        if was.owners != task.owners:  # the people named; "张伟" → "张伟 " or 待定 → TBD is no change
            yield Change("owner_changed", task.id, {"task": task.id, "title": task.title,
                                                    "old": was.owner_text, "new": task.owner_text})
        if was.status != task.status:
            yield Change("status_changed", task.id, {"task": task.id, "title": task.title, "old": was.status, "new": task.status})
        if was.progress != task.progress:
            yield Change("progress_changed", task.id, {"task": task.id, "title": task.title, "old": was.progress,
                                                       "new": task.progress, "delta": task.progress - was.progress})
    now = new.task_by_id
    for task in old.tasks:
        if task.id not in now:
            yield Change("task_removed", task.id, {"task": task.id, "title": task.title})


def _other_changes(old: Project, new: Project) -> Iterator[Change]:
    risks = {r.id: r for r in old.risks}
    for risk in new.risks:
        was = risks.get(risk.id)
        values = {"risk": risk.id, "title": risk.title, "level": risk.level, "status": risk.status}
        if was is None:
            yield Change("risk_added", risk.id, values)
            continue
        if was.level != risk.level:
            yield Change("risk_relevelled", risk.id, {**values, "old": was.level, "new": risk.level})
        if was.is_open and not risk.is_open:
            yield Change("risk_closed", risk.id, values)
        elif not was.is_open and risk.is_open:
            yield Change("risk_reopened", risk.id, values)
    issues = {i.id: i for i in old.issues}
    for issue in new.issues:
        was_issue = issues.get(issue.id)
        if issue.decision is not None and (was_issue is None or was_issue.decision != issue.decision):
            yield Change("decision_recorded", issue.id, {"issue": issue.id, "title": issue.title,
                                                         "summary": issue.decision.summary})
    deliverables = {d.id: d for d in old.acceptance}
    for deliverable in new.acceptance:
        before = deliverables.get(deliverable.id)
        old_result = before.result if before else "pending"
        if old_result != deliverable.result:
            yield Change("acceptance_result", deliverable.id, {"deliverable": deliverable.id, "name": deliverable.name,
                                                               "old": old_result, "new": deliverable.result})
    if old.retro is None and new.retro is not None:
        yield Change("retro_added", None, {"outcome": new.retro.outcome, "date": new.retro.date})


# The front-matter keys a document diff compares: only those written (a date from git is not a change).
_FRONT_MATTER = ("title", "date", "type", "attendees", "tasks", "risks", "issues", "deliverables", "tags")


def _document_changes(old: Project, new: Project) -> Iterator[Change]:
    """Documents added and removed, and the front-matter keys whose values changed."""
    before = {d.path: d for d in old.documents}
    for document in sorted(new.documents, key=lambda d: d.path):
        was = before.get(document.path)
        values = {"path": document.path, "title": document.title}
        if was is None:
            yield Change("document_added", None, values)
            continue
        written = [k for k in _FRONT_MATTER if k in document.source.key_marks or k in was.source.key_marks]
        changed = [k for k in written if getattr(was, k) != getattr(document, k)]
        if changed:
            yield Change("document_changed", None, {**values, "fields": ", ".join(changed)})
    now = {d.path for d in new.documents}
    for document in sorted(old.documents, key=lambda d: d.path):
        if document.path not in now:
            yield Change("document_removed", None, {"path": document.path, "title": document.title})


def _project_changes(old: Project | None, new: Project | None, calendar: WorkCalendar) -> list[Change]:
    if old is None and new is not None:
        return [Change("project_added", None, {"name": new.name, "status": new.status, "due": new.due,
                                               "tasks": len(new.tasks)})]
    if new is None and old is not None:
        return [Change("project_removed", None, {"name": old.name})]
    assert old is not None and new is not None
    changes = []
    if old.status != new.status:
        changes.append(Change("project_status", None, {"old": old.status, "new": new.status}))
    if old.due != new.due:
        changes.append(Change("project_due", None, {"old": old.due, "new": new.due, "days": (new.due - old.due).days,
                                                    "working": calendar.working_days_between(old.due, new.due)}))
    changes.extend(_task_changes(old, new, calendar))
    changes.extend(_other_changes(old, new))
    changes.extend(_document_changes(old, new))
    return changes


def _identity(finding: Finding) -> tuple[Any, ...]:
    return (finding.rule, finding.project, finding.file, finding.item, None if finding.item else finding.message)


def _finding_delta(old: tuple[Finding, ...], new: tuple[Finding, ...]) -> tuple[list[Finding], list[Finding]]:
    before, after = {_identity(f) for f in old}, {_identity(f) for f in new}
    return [f for f in new if _identity(f) not in before], [f for f in old if _identity(f) not in after]


def compare(old: pipeline.Checked, new: pipeline.Checked, calendar: WorkCalendar, *, base: str = "", head: str = "",
            base_commit: str | None = None, head_commit: str | None = None) -> PlanDiff:
    """The semantic difference between two checked knowledge bases."""
    introduced, resolved = _finding_delta(old.findings, new.findings)
    slugs = list(dict.fromkeys([*(p.slug for p in new.kb.projects), *(p.slug for p in old.kb.projects)]))
    old_by, new_by = old.kb.project_by_slug, new.kb.project_by_slug
    projects = []
    for slug in sorted(slugs):
        project = new_by.get(slug) or old_by[slug]
        projects.append(ProjectDiff(
            slug, project.name, tuple(_project_changes(old_by.get(slug), new_by.get(slug), calendar)),
            tuple(f for f in introduced if f.project == slug), tuple(f for f in resolved if f.project == slug)))
    return PlanDiff(base, base_commit, head, head_commit, new.today, tuple(p for p in projects if not p.empty),
                    tuple(f for f in introduced if f.project is None or f.project not in slugs),
                    tuple(f for f in resolved if f.project is None or f.project not in slugs))
