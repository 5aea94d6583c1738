"""retro-missing — a finished project has no retrospective after 5 working days.

Why: the seeds ask the initiator to hold a 协作复盘会 within 5 working days of
the end of a project and write down what went well, what to improve, actions
and lessons. The project has ended when:

* ``status: done`` — it ended on ``completed`` (or ``due`` when ``completed`` is
  missing, which ``consistency`` reports); or
* it is past ``due`` and every task is closed (done or cancelled, at least one
  done) — it ended on the later of ``due`` and the last task's ``completed``.

It fires when that day is more than ``days`` working days (default 5) before
today and the folder has no retro.yaml. Cancelled projects are exempt. The
finding points at ``status`` (done) or ``due`` (past due) in project.yaml.

Fires::

    # project.yaml
    status: done
    completed: 2026-11-06    # today 2026-11-18: 8 working days, no retro.yaml

Fix: hold the retrospective and add retro.yaml (``collabkb new`` writes the
template), with ``date``, ``outcome``, ``went_well``, ``to_improve``,
``actions`` and ``lessons``.

Configure: ``rules: {retro-missing: {severity: warning, days: 5}}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase, Project
from .context import RuleContext

ID = "retro-missing"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"days": 5}


def ended(project: Project, today: dt.date) -> tuple[dt.date, str] | None:
    """The day the project ended and the project.yaml key that says so; None while it runs."""
    if project.status == "done":
        return project.completed or project.due, "status"
    if project.status == "cancelled" or project.due >= today or not project.tasks:
        return None
    if not all(t.is_closed for t in project.tasks) or not any(t.status == "done" for t in project.tasks):
        return None
    last = max((t.completed for t in project.tasks if t.completed), default=project.due)
    return max(project.due, last), "due"


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options["days"]
    for project in kb.projects:
        if project.retro is not None or "retro.yaml" in project.files:  # a broken retro.yaml has its own findings
            continue
        end = ended(project, ctx.today)
        if end is None:
            continue
        day, key = end
        working = ctx.calendar.working_days_between(day, ctx.today)
        if working > limit:
            yield ctx.finding(project, project.source, key, None, f"rule.retro_missing.{key}",
                              name=project.name, end=day, working=working, limit=limit)
