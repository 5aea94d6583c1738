"""The portfolio: every figure a reader sees, derived once from a ``Checked`` result.

``Portfolio.build(checked, msg, config)`` makes one immutable ``ProjectView`` per project —
health and its reasons, progress, counts, the next milestone, lag per task, the critical
path and slack, drift, attention items (late milestones and resource conflicts among
them) — and the cross-project views: the ranked attention list, people and their
workload, department workload and what is due soon. No MkDocs, no click, no I/O: the site, the digest,
``notify``, ``export`` and the plan diff only format what is here.

The work calendar and git history are the ones of the ``Checked`` result, so one
site build makes one calendar, reads history once and computes each critical path once.
Views that cost more than a check needs (people: pinyin slugs; drift: git blobs) are
computed the first time they are asked for, then kept with the portfolio.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Mapping

from ..check.config import Config
from ..check.findings import Finding
from ..check.model import Project, Risk, Task
from ..check.result import Checked
from ..i18n import Messages
from ..rules import VALIDATION_RULES
from . import attention
from .attention import Attention
from .critical_path import Schedule, analyse
from .drift import Drift, ProjectDrift, compute
from .health import LEVELS as HEALTH_LEVELS
from .health import Health, project_health
from .heatmap import Heatmap, heatmap
from .people import (UPCOMING_DAYS, Item, Person, Workload, configured_slugs, department_workload, people,
                     project_items)
from .trend import TrendPoint, weekly_trend
from .weekly import DepartmentWeek, by_department, open_high_risks, week_milestones


WEEK_DAYS = 7  # the dashboard's "due or milestone in the next 7 days"


@dataclass(frozen=True, slots=True)
class Milestone:
    project: str
    task: str
    title: str
    due: dt.date
    late: bool = False  # past its due date and not done


@dataclass(frozen=True, slots=True)
class Lag:
    """How far behind a lagging task is, as the ``lagging`` rule measured it."""

    level: str  # low | medium | high
    gap: Fraction  # points behind
    expected: Fraction  # expected progress today, percent


@dataclass(frozen=True)
class ProjectView:
    """Everything derived about one project."""

    project: Project
    health: Health
    findings: tuple[Finding, ...]  # the project's, sorted as ``check`` prints them
    schedule: Schedule
    attention: tuple[Attention, ...]  # ranked
    today: dt.date

    @property
    def progress(self) -> int:
        return self.project.progress

    @property
    def tasks(self) -> int:
        return len(self.project.tasks)

    @property
    def done(self) -> int:
        return sum(t.status == "done" for t in self.project.tasks)

    @property
    def overdue(self) -> int:
        return self.health.counts.get("overdue", 0)

    @property
    def lagging(self) -> int:
        return self.health.counts.get("lagging", 0)

    @cached_property
    def next_milestone(self) -> Milestone | None:
        """The earliest milestone task still open (it may already be late)."""
        open_ones = sorted((t for t in self.project.tasks if t.milestone and not t.is_closed), key=lambda t: (t.due, t.id))
        return _milestone(self.project, open_ones[0], self.today) if open_ones else None

    @cached_property
    def owned_items(self) -> tuple[tuple[str, Item], ...]:
        """(owner, item) for everything in the project that names an owner (``people.project_items``):
        made from the project and today, both part of this view; kept with it under ``mkdocs serve``
        (``Portfolio.build``'s ``kept``), so ``/people/`` does not build 17,000 items again a rebuild."""
        return tuple(project_items(self.project, self.today))

    @cached_property
    def lag(self) -> Mapping[str, Lag]:
        """Lag per lagging task, read from the ``lagging`` findings' facts."""
        return {f.item: Lag(f.facts["level"], f.facts["gap"], f.facts["expected"])
                for f in self.findings if f.rule == "lagging" and f.item is not None}


def _milestone(project: Project, task: Task, today: dt.date) -> Milestone:
    return Milestone(project.slug, task.id, task.title, task.due, task.due < today and not task.is_closed)


@dataclass(frozen=True)
class Portfolio:
    """The derived views of one checked knowledge base."""

    checked: Checked
    msg: Messages
    config: Config | None  # people slugs and drift baselines; None: the defaults (the digest needs neither)
    projects: tuple[ProjectView, ...]  # the knowledge base's order

    @classmethod
    def build(cls, checked: Checked, msg: Messages, config: Config | None = None,
              kept: dict[str, tuple[Project, str, ProjectView]] | None = None) -> Portfolio:
        """``kept`` (``mkdocs serve``): each project's view by slug with what it was made from; reused
        for the same ``Project`` object (its files unchanged, ``check/load_cache.py``) when its
        findings (with their facts), today, the language and the work calendar are the same:
        a view reads nothing else."""
        by_project: dict[str | None, list[Finding]] = {}
        for finding in checked.findings:
            by_project.setdefault(finding.project, []).append(finding)
        calendar = checked.calendar
        shared = repr((checked.today, msg.language, sorted(calendar.holidays), sorted(calendar.workdays),
                       calendar.official))
        views = []
        for project in checked.kb.projects:
            mine = tuple(by_project.get(project.slug, ()))
            made_from = shared + repr([(f, dict(f.facts)) for f in mine]) if kept is not None else ""
            before = kept.get(project.slug) if kept is not None else None
            if before is not None and before[0] is project and before[1] == made_from:
                views.append(before[2])
                continue
            schedule = analyse(project, calendar)
            rule_findings = [f for f in mine if f.rule not in VALIDATION_RULES]
            items = attention.rank(attention.project_attention(project, rule_findings, frozenset(schedule.critical), msg))
            view = ProjectView(project, project_health(project, mine, msg), mine, schedule, tuple(items), checked.today)
            if kept is not None:
                kept[project.slug] = (project, made_from, view)
            views.append(view)
        if kept is not None:
            for gone in kept.keys() - {p.slug for p in checked.kb.projects}:
                del kept[gone]
        return cls(checked, msg, config, tuple(views))

    @property
    def today(self) -> dt.date:
        return self.checked.today

    @cached_property
    def by_slug(self) -> Mapping[str, ProjectView]:
        return {v.project.slug: v for v in self.projects}

    @cached_property
    def attention(self) -> tuple[Attention, ...]:
        """Every project's attention items, ranked across the portfolio."""
        return tuple(attention.rank(a for v in self.projects for a in v.attention))

    @cached_property
    def pressing(self) -> tuple[Attention, ...]:
        """The ranked attention list without data hygiene: what the readers decide on this week."""
        return tuple(a for a in self.attention if not a.hygiene)

    @cached_property
    def hygiene(self) -> tuple[Attention, ...]:
        """Attention items only about how owners are written (``Attention.hygiene``), ranked."""
        return tuple(a for a in self.attention if a.hygiene)

    @cached_property
    def by_health(self) -> tuple[ProjectView, ...]:
        """Red, amber, green, done, cancelled; the earliest due date first within a level."""
        return tuple(sorted(self.projects, key=lambda v: (HEALTH_LEVELS.index(v.health.level), v.project.due,
                                                          v.project.slug)))

    @cached_property
    def week_ahead(self) -> tuple[tuple[Project, Task], ...]:
        """Open tasks and milestones due today … today + ``WEEK_DAYS``, soonest first."""
        horizon = self.today + dt.timedelta(days=WEEK_DAYS)
        return tuple((p, t) for p, t in self.upcoming if t.due <= horizon)

    @cached_property
    def week_milestones(self) -> tuple[tuple[Project, Task], ...]:
        """Open milestones due in the next ``WEEK_DAYS`` days or already late, soonest first."""
        return week_milestones(self.checked.kb.projects, self.today, WEEK_DAYS)

    @cached_property
    def high_risks(self) -> tuple[tuple[Project, Risk], ...]:
        return open_high_risks(self.checked.kb.projects)

    @cached_property
    def weekly(self) -> tuple[DepartmentWeek, ...]:
        """The weekly report's sections: pressing items, milestones and high risks per department."""
        return by_department(self.pressing, self.week_milestones, self.high_risks)

    @cached_property
    def trend(self) -> tuple[TrendPoint, ...]:
        """Overall progress and overdue tasks week by week, from the history ``check`` read."""
        return weekly_trend(self.checked.history, (p.slug for p in self.checked.kb.projects), self.today)

    @cached_property
    def people(self) -> tuple[Person, ...]:
        """Every person of every team, with what they own and their workload (the configured
        slugs were checked when the config was read)."""
        slugs = configured_slugs(self.config.people if self.config else {})
        return people(self.checked.kb, self.today, self.checked.findings, slugs,
                      items_of=lambda project: self.by_slug[project.slug].owned_items)

    @cached_property
    def heatmap(self) -> Heatmap:
        """In-progress tasks per person per week, grouped by department (``/people/``)."""
        return heatmap(self.people, self.today)

    @cached_property
    def department_workload(self) -> Mapping[str, Workload]:
        return department_workload(self.checked.kb, self.today, self.checked.findings)

    @cached_property
    def drift(self) -> Drift:
        """Due dates against each project's baseline (needs the history ``check`` read)."""
        history = self.checked.history
        if history is None:
            return Drift((), (("drift.notice.no_commits", {}),))
        config = self.config
        return compute(self.checked.kb, history, self.checked.calendar, config.baseline if config else None,
                       config.baselines if config else None)

    def project_drift(self, slug: str) -> ProjectDrift | None:
        return self._drift_by_slug.get(slug)

    @cached_property
    def _drift_by_slug(self) -> Mapping[str, ProjectDrift]:
        return {p.slug: p for p in self.drift.projects}

    @cached_property
    def upcoming(self) -> tuple[tuple[Project, Task], ...]:
        """Open tasks due today … today + ``UPCOMING_DAYS``, soonest first."""
        horizon = self.today + dt.timedelta(days=UPCOMING_DAYS)
        return tuple(sorted(((p, t) for p in self.checked.kb.projects for t in p.tasks
                             if not t.is_closed and self.today <= t.due <= horizon),
                            key=lambda pt: (pt[1].due, pt[0].slug, pt[1].id)))
