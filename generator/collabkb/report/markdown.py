"""``--format markdown``: the weekly digest, the seeds' Wednesday 进度风险预警清单.

``digest(result, msg)`` returns the Markdown text; ``write`` prints it, and the
chat-group notifier sends the same text. It lists, per project and then per
department, the overdue tasks (with days late), the lagging ones (with level
and points behind), the ownerless ones and the open high risks, each with its
owner and due date; a headline with the counts and every project's health
(``health.py``) comes first.

Which tasks appear follows the findings, so the digest obeys the rule
configuration (a rule turned off lists nothing); the figures (days late, level)
are read from the model. Open high risks come from the risk register. A risk
is filed under the department of its first linked task, else its owner's
department. Only lists and bold are used, so the text reads the same in a
GitHub issue and in DingTalk / WeCom / Feishu robot messages (which lack tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TextIO

from ..portfolio.health import health_by_project
from ..i18n import Messages
from ..check.model import Project, Risk
from ..check.result import Checked
from ..rules.lagging import expected_progress, lag, level_of, points

_ICONS = {"red": "🔴", "amber": "🟠", "green": "🟢", "done": "✅", "cancelled": "⚪"}
_KINDS = ("overdue", "lagging", "ownerless", "risk")  # the order items are listed in
_LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _text(value: object) -> str:
    """User text on one line, Markdown characters escaped so a title cannot restyle the digest."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


@dataclass(frozen=True)
class _Item:
    kind: str  # one of _KINDS
    department: str | None
    sort_key: tuple[object, ...]
    line: str


def _owner(owner: str | None, msg: Messages) -> str:
    return _text(owner) if owner else msg("digest.nobody")


def _task_items(project: Project, ids: dict[str, set[str]], result: Checked, msg: Messages) -> list[_Item]:
    items = []
    for task in project.tasks:
        title, owner = _text(task.title), _owner(task.owner_text, msg)
        values = {"task": task.id, "title": title, "owner": owner, "due": task.due}
        if task.id in ids["overdue"]:
            days = (result.today - task.due).days
            items.append(_Item("overdue", task.department, (-days, task.id),
                               msg("digest.item.overdue", days=days, **values)))
        if task.id in ids["lagging"]:
            gap = lag(task, result.today)
            level = level_of(gap)
            items.append(_Item("lagging", task.department, (_LEVEL_ORDER[level], -gap, task.id), msg(
                "digest.item.lagging", level=msg(f"enum.{level}"), gap=points(gap), progress=task.progress,
                expected=points(expected_progress(task, result.today)), **values)))
        if task.id in ids["ownerless"]:
            items.append(_Item("ownerless", task.department, (task.due, task.id),
                               msg("digest.item.ownerless", written=_text(task.owner_text or "—"), **values)))
    return items


def _risk_department(project: Project, risk: Risk) -> str | None:
    for task_id in risk.tasks:
        task = project.task_by_id.get(task_id)
        if task is not None and task.department:
            return task.department
    owner = risk.response.owner if risk.response and risk.response.owner else risk.owner
    return next((entry.department for entry in project.team if owner and owner in entry.people), None)


def _risk_items(project: Project, msg: Messages) -> list[_Item]:
    items = []
    for risk in project.risks:
        if risk.level != "high" or not risk.is_open:
            continue
        if risk.response is None:
            plan = msg("digest.risk.no_response")
        else:
            plan = msg("digest.risk.response", owner=_owner(risk.response.owner, msg),
                       due=risk.response.due or "—")
        items.append(_Item("risk", _risk_department(project, risk), (risk.raised, risk.id), msg(
            "digest.item.risk", risk=risk.id, title=_text(risk.title), owner=_owner(risk.owner, msg),
            raised=risk.raised, status=msg(f"enum.{risk.status}"), plan=plan)))
    return items


def digest(result: Checked, msg: Messages) -> str:
    """The weekly risk list as Markdown, ready for a chat group or a GitHub issue."""
    flagged: dict[str, dict[str, set[str]]] = {}
    for f in result.findings:
        if f.rule in ("overdue", "lagging", "ownerless") and f.project and f.item:
            flagged.setdefault(f.project, {k: set() for k in _KINDS})[f.rule].add(f.item)
    health = health_by_project(result.kb, result.findings, msg)
    items_by_project: dict[str, list[_Item]] = {}
    for project in result.kb.projects:
        ids = flagged.get(project.slug, {k: set() for k in _KINDS})
        items = _task_items(project, ids, result, msg) + (_risk_items(project, msg) if project.status not in ("done", "cancelled") else [])
        if items:
            items_by_project[project.slug] = items
    counts = {k: sum(1 for items in items_by_project.values() for i in items if i.kind == k) for k in _KINDS}
    weekday = msg(f"digest.weekday.{result.today.weekday()}")
    lines = [f"## {msg('digest.title', today=result.today, weekday=weekday)}", "",
             msg("digest.headline", **counts), ""]
    lines += [f"### {msg('digest.health')}", ""]
    for project in result.kb.projects:
        h = health[project.slug]
        values = {"icon": _ICONS[h.level], "name": _text(project.name), "level": msg(f"digest.level.{h.level}")}
        if h.level in ("done", "cancelled"):  # its reason would only repeat the status
            lines.append(msg("digest.health_line_closed", **values))
        else:
            lines.append(msg("digest.health_line", reasons=msg("rule.list_sep").join(h.reasons), **values))
    if not items_by_project:
        lines += ["", msg("digest.nothing")]
    for project in result.kb.projects:
        items = items_by_project.get(project.slug)
        if not items:
            continue
        h = health[project.slug]
        lines += ["", f"### {_ICONS[h.level]} {_text(project.name)}", "",
                  msg("digest.project_line", coordinator=_text(project.coordinator), due=project.due)]
        departments = list(dict.fromkeys([*project.departments, *(i.department for i in items)]))
        for department in departments:
            mine = [i for i in items if i.department == department]
            if not mine:
                continue
            lines += ["", f"**{_text(department) if department else msg('digest.no_department')}**", ""]
            mine.sort(key=lambda i: (_KINDS.index(i.kind), i.sort_key))
            lines += [f"- {i.line}" for i in mine]
    lines += ["", msg("digest.footer", errors=result.errors, warnings=result.warnings)]
    return "\n".join(lines) + "\n"


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    out.write(digest(result, msg))
