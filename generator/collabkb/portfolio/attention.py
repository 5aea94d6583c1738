"""What needs attention: the one definition the dashboard, the weekly report and the digest read.

The findings of the rules (``yaml``/``schema``/``reference`` findings are the
validation box's, not this list's) are grouped by the thing they are about — a
task, a risk, an issue, a person — so each thing is one item however many rules
fired on it, and every finding is in exactly one item. Open high risks of the
register are items too, with or without a finding.

Ranked, most pressing first:

1. ``overdue`` — the item has an ``overdue`` finding (critical or not);
2. ``critical`` — a lagging task on the project's critical path: the project's due date moves;
3. ``high-risk`` unanswered — an open high risk with a ``risk-response`` finding (the high
   risks of a done or cancelled project are not listed as such: the project is over);
4. ``lagging`` — any other lagging task;
5. the rest — errors before warnings, then by ``REST_ORDER`` (ownerless, multiple-owners…);
   an open high risk that has its response plan is listed here.

Within a rank: the earliest date first (due date, date raised), then project and id.
Each item says who owns it and which department: a task's owner and department; a
risk's response owner (else its owner) and the department of its first linked task
(else its owner's team department); a person's team department; an action item of a
project document its owner and the owner's department; for a whole-project finding the
coordinator and the initiating department.

Data hygiene — an item whose every finding is about how its owner is written
(``HYGIENE_RULES``: a placeholder or no owner, several owners, an owner no team lists) —
is for the editors of the YAML, not for the readers deciding what to do this week: the
dashboard shows those items in their own collapsed block (``Attention.hygiene``).
Each item names the anchor its page gives it (``task-T3``, ``risk-R1``…) when there is one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from ..check.findings import Finding, Severity
from ..check.model import Project, Risk
from ..i18n import Messages

RANKS = ("overdue", "critical", "high-risk", "lagging", "other")
REST_ORDER = ("ownerless", "multiple-owners", "unknown-owner", "issue-response", "overloaded", "stale", "schedule",
              "rectification", "action-overdue", "minutes-action-overdue", "resource-conflict", "consistency",
              "retro-missing", "repeated-slip", "high-risk")
HYGIENE_RULES = frozenset({"ownerless", "multiple-owners", "unknown-owner"})
_ANCHORED = frozenset({"task", "risk", "issue", "resource", "deliverable", "action"})  # page rows with id="<kind>-<id>"
_PAGES = {"tasks.yaml": "tasks", "risks.yaml": "risks", "coordination.yaml": "coordination",
          "acceptance.yaml": "acceptance", "retro.yaml": "retro"}


@dataclass(frozen=True, slots=True)
class Attention:
    """One thing that needs attention, with every finding about it."""

    rank: int  # index into RANKS
    kind: str  # overdue | critical | high-risk | lagging | the rule id of its most pressing finding
    severity: Severity  # the worst of its findings (warning for a high risk without one)
    project: Project
    item: str | None  # the task, risk, issue… id, or the person (overloaded)
    page: str  # the project page that shows it: index | tasks | risks | coordination | acceptance | retro,
    # or a document's ``url_path`` (``docs/2026-09-01-协调会``) for a finding in a project document
    owner: str | None
    department: str | None
    day: dt.date | None  # the date that makes it pressing: due, raised
    findings: tuple[Finding, ...]
    note: str | None = None  # what an item without a finding is (an open high risk)
    critical: bool = False  # a task on the project's critical path (its note says so when it is late)
    anchor: str | None = None  # the element id of the item on its page (task-T3, risk-R1…), if it has one

    @property
    def messages(self) -> tuple[str, ...]:
        return ((self.note,) if self.note else ()) + tuple(f.message for f in self.findings)

    @property
    def rules(self) -> frozenset[str]:
        return frozenset(f.rule for f in self.findings)

    @property
    def hygiene(self) -> bool:
        """Only about how the owner is written (``HYGIENE_RULES``): for the YAML's editors."""
        return bool(self.findings) and self.rules <= HYGIENE_RULES


def risk_department(project: Project, risk: Risk) -> str | None:
    """The department of the risk's first linked task, else its (response) owner's team department."""
    for task_id in risk.tasks:
        task = project.task_by_id.get(task_id)
        if task is not None and task.department:
            return task.department
    return project.department_of(_risk_owner(risk))


def _risk_owner(risk: Risk) -> str | None:
    return risk.response.owner if risk.response and risk.response.owner else risk.owner


def _subject(project: Project, file: str, item: str | None, line: int) -> tuple[str, Any]:
    """(kind, object) a finding in ``file`` about ``item`` (at ``line``) is about."""
    name = file.rsplit("/", 1)[-1]
    document = next((d for d in project.documents if d.file == file), None)
    if document is not None:  # a project document: the action item on the finding's line, else the document
        action = next((a for a in document.actions if a.source.mark[0] == line), None)
        return ("document-action", (document, action)) if action is not None else ("document", document)
    if item is not None:
        lists: dict[str, Iterable[Any]] = {
            "tasks.yaml": project.tasks, "risks.yaml": project.risks,
            "coordination.yaml": (*project.issues, *project.resources), "acceptance.yaml": project.acceptance,
            "retro.yaml": project.retro.actions if project.retro else (),
        }
        found = next((x for x in lists.get(name, ()) if x.id == item), None)
        if found is not None:
            return type(found).__name__.lower(), found
        if item in project.people:
            return "person", item
    return "project", project


def _who(project: Project, kind: str, subject: Any) -> tuple[str | None, str | None, dt.date | None]:
    """(owner, department, day) of what an item is about."""
    if kind == "task":
        return subject.owner_text or None, subject.department, subject.due
    if kind == "risk":
        return _risk_owner(subject), risk_department(project, subject), subject.raised
    if kind == "issue":
        return None, subject.departments[0] if subject.departments else None, subject.raised
    if kind == "resource":
        return subject.approver, subject.department, subject.period_start
    if kind == "deliverable":
        rect = subject.rectification
        task = project.task_by_id.get(subject.task or "")
        owner = rect.owner if rect else task.owner_text if task else None
        return owner or None, task.department if task else None, rect.due if rect else subject.reviewed
    if kind == "action":
        return subject.owner, project.department_of(subject.owner), subject.due
    if kind == "person":
        return subject, project.department_of(subject), None
    if kind == "document-action":
        action = subject[1]
        return action.owner, project.department_of(action.owner), action.due
    if kind == "document":
        return None, None, subject.date
    return project.coordinator, project.initiator_department, project.due


def _closed(project: Project) -> bool:
    return project.status in ("done", "cancelled")


def _rest_order(rule: str) -> int:
    return REST_ORDER.index(rule) if rule in REST_ORDER else len(REST_ORDER)


def project_attention(project: Project, findings: Iterable[Finding], critical: frozenset[str],
                      msg: Messages) -> list[Attention]:
    """The attention items of one project, unranked; ``findings`` are its rule findings,
    ``critical`` the ids of the tasks on its critical path."""
    groups: dict[tuple[Any, ...], list[Finding]] = {}
    for f in findings:
        key = (f.file, f.item) if f.item is not None else (f.file, f.line, f.rule)
        groups.setdefault(key, []).append(f)
    items = []
    seen_risks = set()
    for (file, *_), group in groups.items():
        kind, subject = _subject(project, file, group[0].item, group[0].line)
        if kind == "risk":
            seen_risks.add(subject.id)
        items.append(_item(project, kind, subject, file, tuple(group), critical, msg))
    for risk in project.risks:  # open high risks without any finding are items too (of a running project)
        if risk.is_open_high and risk.id not in seen_risks and not _closed(project):
            items.append(_item(project, "risk", risk, project.file("risks.yaml"), (), critical, msg))
    return items


def _item(project: Project, kind: str, subject: Any, file: str, group: tuple[Finding, ...], critical: frozenset[str],
          msg: Messages) -> Attention:
    rules = {f.rule for f in group}
    on_path = kind == "task" and subject.id in critical
    high_risk = kind == "risk" and subject.is_open_high and not _closed(project)
    if "overdue" in rules:
        rank, label = 0, "overdue"
    elif "lagging" in rules and on_path:
        rank, label = 1, "critical"
    elif high_risk and "risk-response" in rules:
        rank, label = 2, "high-risk"
    elif "lagging" in rules:
        rank, label = 3, "lagging"
    else:
        worst = min(group, key=lambda f: (f.severity is not Severity.ERROR, _rest_order(f.rule)), default=None)
        rank, label = 4, "high-risk" if high_risk or worst is None else worst.rule
    severity = Severity.ERROR if any(f.severity is Severity.ERROR for f in group) else Severity.WARNING
    owner, department, day = _who(project, kind, subject)
    note = None
    if high_risk and not group:
        note = msg("site.attention.high_risk", risk=subject.id, title=subject.title)
    elif on_path and rules & {"overdue", "lagging"}:  # late on the critical path: the project's due date moves
        note = msg("cpm.attention", task=subject.id, title=subject.title, due=project.due)
    if kind in ("document", "document-action"):  # shown by the document's own page
        document = subject[0] if kind == "document-action" else subject
        item = subject[1].text if kind == "document-action" else document.title
        anchor = f"action-{document.actions.index(subject[1]) + 1}" if kind == "document-action" else None
        return Attention(rank, label, severity, project, item, document.url_path, owner, department, day, group, note,
                         anchor=anchor)
    item = subject if kind == "person" else getattr(subject, "id", None) if kind != "project" else None
    page = "index" if kind in ("person", "project") else _PAGES.get(file.rsplit("/", 1)[-1], "index")
    anchor = f"{kind}-{item}" if kind in _ANCHORED and item else None
    return Attention(rank, label, severity, project, item, page, owner, department, day, group, note, on_path, anchor)


def rank(items: Iterable[Attention]) -> list[Attention]:
    """Most pressing first (see the module's documentation)."""
    return sorted(items, key=lambda a: (a.rank, a.severity is not Severity.ERROR, _rest_order(a.kind),
                                        a.day or dt.date.max, a.project.slug, a.item or ""))

