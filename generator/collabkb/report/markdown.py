"""``--format markdown``: the weekly digest, the seeds' Wednesday 进度风险预警清单.

``digest(portfolio)`` returns the Markdown text; ``write`` prints it, and the
chat-group notifier sends the same text. It lists, per project and then per
department, the overdue tasks (with days late), the lagging ones (with level
and points behind), the ownerless ones and the open high risks, each with its
owner and due date; a headline with the counts and every project's health
(``health.py``) comes first.

What appears is the digest's part of the portfolio's attention items
(``portfolio/attention.py``, the dashboard's list): the ``overdue``, ``lagging``
and ``ownerless`` findings, so the digest obeys the rule configuration (a rule
turned off lists nothing), with the figures the rules measured (days late, level:
the findings' facts); and the open high risks of the register. An item is filed
under the department the attention item names (a risk: its first linked task's,
else its owner's). Only lists and bold are used, so the text reads the same in a
GitHub issue and in DingTalk / WeCom / Feishu robot messages (which lack tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from ..check.findings import Finding
from ..check.model import LEVELS
from ..check.result import Checked
from ..i18n import Messages
from ..portfolio.attention import Attention
from ..portfolio.view import Portfolio
from ..rules.lagging import points
from .text import markdown_text as _text

_ICONS = {"red": "🔴", "amber": "🟠", "green": "🟢", "done": "✅", "cancelled": "⚪"}
_KINDS = ("overdue", "lagging", "ownerless", "risk")  # the order items are listed in


@dataclass(frozen=True)
class _Item:
    kind: str  # one of _KINDS
    department: str | None
    sort_key: tuple[object, ...]
    line: str


def _owner(owner: str | None, msg: Messages) -> str:
    return _text(owner) if owner else msg("digest.nobody")


def _task_line(item: Attention, finding: Finding, msg: Messages) -> _Item:
    task = item.project.task_by_id[item.item or ""]
    values = {"task": task.id, "title": _text(task.title), "owner": _owner(task.owner_text, msg), "due": task.due}
    if finding.rule == "overdue":
        days = finding.facts["days"]
        return _Item("overdue", item.department, (-days, task.id), msg("digest.item.overdue", days=days, **values))
    if finding.rule == "lagging":
        level, gap = finding.facts["level"], finding.facts["gap"]
        return _Item("lagging", item.department, (LEVELS.index(level), -gap, task.id), msg(
            "digest.item.lagging", level=msg(f"enum.{level}"), gap=points(gap), progress=task.progress,
            expected=points(finding.facts["expected"]), **values))
    return _Item("ownerless", item.department, (task.due, task.id),
                 msg("digest.item.ownerless", written=_text(task.owner_text or "—"), **values))


def _risk_line(item: Attention, msg: Messages) -> _Item:
    risk = next(r for r in item.project.risks if r.id == item.item)
    if risk.response is None:
        plan = msg("digest.risk.no_response")
    else:
        plan = msg("digest.risk.response", owner=_owner(risk.response.owner, msg), due=risk.response.due or "—")
    return _Item("risk", item.department, (risk.raised, risk.id), msg(
        "digest.item.risk", risk=risk.id, title=_text(risk.title), owner=_owner(risk.owner, msg),
        raised=risk.raised, status=msg(f"enum.{risk.status}"), plan=plan))


def _lines(items: tuple[Attention, ...], msg: Messages) -> list[_Item]:
    """The digest's part of a project's attention items: its overdue, lagging and ownerless
    tasks (a line per finding) and its open high risks."""
    lines = []
    for item in items:
        if item.kind == "high-risk":
            lines.append(_risk_line(item, msg))
            continue
        lines += [_task_line(item, f, msg) for f in item.findings if f.rule in ("overdue", "lagging", "ownerless")]
    return lines


def digest(portfolio: Portfolio) -> str:
    """The weekly risk list as Markdown, ready for a chat group or a GitHub issue."""
    result, msg = portfolio.checked, portfolio.msg
    items_by_project = {v.project.slug: found for v in portfolio.projects if (found := _lines(v.attention, msg))}
    counts = {k: sum(1 for items in items_by_project.values() for i in items if i.kind == k) for k in _KINDS}
    weekday = msg(f"digest.weekday.{result.today.weekday()}")
    lines = [f"## {msg('digest.title', today=result.today, weekday=weekday)}", "",
             msg("digest.headline", **counts), ""]
    lines += [f"### {msg('digest.health')}", ""]
    for view in portfolio.projects:
        project, h = view.project, view.health
        values = {"icon": _ICONS[h.level], "name": _text(project.name), "level": msg(f"digest.level.{h.level}")}
        if h.level in ("done", "cancelled"):  # its reason would only repeat the status
            lines.append(msg("digest.health_line_closed", **values))
        else:
            lines.append(msg("digest.health_line", reasons=msg("rule.list_sep").join(r.text for r in h.reasons),
                             **values))
    if not items_by_project:
        lines += ["", msg("digest.nothing")]
    for view in portfolio.projects:
        project, h = view.project, view.health
        project_items = items_by_project.get(project.slug)
        if not project_items:
            continue
        lines += ["", f"### {_ICONS[h.level]} {_text(project.name)}", "",
                  msg("digest.project_line", coordinator=_text(project.coordinator), due=project.due)]
        departments = list(dict.fromkeys([*project.departments, *(i.department for i in project_items)]))
        for department in departments:
            mine = [i for i in project_items if i.department == department]
            if not mine:
                continue
            lines += ["", f"**{_text(department) if department else msg('digest.no_department')}**", ""]
            mine.sort(key=lambda i: (_KINDS.index(i.kind), i.sort_key))
            lines += [f"- {i.line}" for i in mine]
    lines += ["", msg("digest.footer", errors=result.errors, warnings=result.warnings)]
    return "\n".join(lines) + "\n"


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    out.write(digest(Portfolio.build(result, msg)))
