"""lagging — an in-progress task is behind its linear schedule.

Why: the seeds' Wednesday risk list (进度风险预警清单) names lagging tasks "进度
偏差 > 10%" with a level 高/中/低, so the coordinator can act before the due
date slips. Expected progress grows linearly over calendar days from ``start``
(0 %) to ``due`` (100 %)::

    expected = (today - start) / (due - start) × 100

(100 when ``start`` equals ``due``). The task fires when expected minus
``progress`` is more than ``threshold`` points (default 10; exactly 10 does not
fire). Level: low > 10, medium > 20, high > 30 points. Only ``status:
in_progress`` tasks are measured (SPEC §4); a task past its due date is
``overdue`` instead, never both.

Fires::

    - id: T6
      start: 2026-11-01
      due: 2026-11-30        # today 2026-11-18: 17 of 29 days, expected 58.6 %
      status: in_progress
      progress: 30           # 28.6 points behind → medium

Fix: update ``progress`` if it is stale; otherwise raise it in the weekly
meeting, add resources or agree a new ``due``.

Configure: ``rules: {lagging: {severity: warning, threshold: 10}}``; the level
bands stay at 10/20/30 points, so a threshold of 25 reports medium and high only.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase, Task
from .context import RuleContext

ID = "lagging"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"threshold": 10}

LEVELS = ((30, "high"), (20, "medium"), (10, "low"))  # more than N points behind → level


def expected_progress(task: Task, today: dt.date) -> Fraction:
    """Linear expected progress in percent (exact), clamped to 0..100."""
    if today <= task.start:
        return Fraction(0)
    if today >= task.due:
        return Fraction(100)
    return Fraction((today - task.start).days * 100, (task.due - task.start).days)


def level_of(gap: Fraction) -> str:
    return next((name for limit, name in LEVELS if gap > limit), "low")


def lag(task: Task, today: dt.date) -> Fraction:
    """Points behind schedule (negative when ahead)."""
    return expected_progress(task, today) - task.progress


def points(value: Fraction) -> str:
    """Whole points when exact, else one decimal: 10.4 must not print as a firing "10"."""
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.1f}"


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    threshold = ctx.options["threshold"]
    for project in kb.projects:
        for task in project.tasks:
            if task.status != "in_progress" or task.due < ctx.today:  # past due: overdue's finding
                continue
            gap = lag(task, ctx.today)
            if gap <= threshold:
                continue
            level = level_of(gap)
            expected = expected_progress(task, ctx.today)
            yield ctx.finding(project, task.source, "progress", task.id, "rule.lagging",
                              facts={"level": level, "gap": gap, "expected": expected},
                              task=task.id, title=task.title, progress=task.progress,
                              expected=points(expected), gap=points(gap), level=ctx.msg(f"enum.{level}"),
                              start=task.start, due=task.due)
