"""Machine-readable exports shared by the site and the CLI: ``/api/projects.json`` and iCalendar feeds.

``projects_json`` formats the portfolio's project views (health, progress, counts,
next milestone, critical path: ``portfolio/view.py``), the same numbers the
dashboard and the digest show. Calendars are built in two
steps so that per-person and per-department feeds reuse the same writer:
``events_for(kb, msg, department=…, person=…)`` picks the events and
``calendar_ics(events, name, stamp)`` writes RFC 5545 bytes (all-day
``VALUE=DATE`` events, stable UIDs, a fixed DTSTAMP so a rebuild on the same
data is byte-identical).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Iterable

import icalendar

from ..check.model import KnowledgeBase, Project, Task
from ..i18n import Messages
from ..portfolio.view import Portfolio

PRODID = "-//CollabKB//collabkb//EN"


# ---- /api/projects.json ---------------------------------------------------------------

def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def projects_json(portfolio: Portfolio) -> str:
    """``/api/projects.json``: every project with health and counts (sorted keys, stable output)."""
    checked = portfolio.checked
    projects = []
    for view in portfolio.projects:
        p = view.project
        projects.append({
            "slug": p.slug, "name": p.name, "status": p.status, "coordinator": p.coordinator,
            "initiator": {"department": p.initiator_department, "person": p.initiator_person},
            "start": _iso(p.start), "due": _iso(p.due), "completed": _iso(p.completed),
            "departments": list(p.departments), "tags": list(p.tags),
            "health": {"level": view.health.level, "reasons": [r.text for r in view.health.reasons]},
            "progress": view.progress,
            "counts": {"tasks": view.tasks, "done": view.done, "overdue": view.overdue, "lagging": view.lagging,
                       "risks_open": sum(r.is_open for r in p.risks),
                       "findings": dict(sorted(view.health.counts.items()))},
            "next_milestone": None if view.next_milestone is None else {
                "task": view.next_milestone.task, "title": view.next_milestone.title,
                "due": _iso(view.next_milestone.due)},
            **view.schedule.as_json(),  # slack in working days and the critical path (critical_path.py)
            "documents": [document.as_json() for document in p.documents],
        })
    document = {
        "today": checked.today.isoformat(),
        "summary": {"projects": len(checked.kb.projects), "tasks": checked.kb.task_count,
                    "errors": checked.errors, "warnings": checked.warnings},
        "broken": [{"slug": b.slug, "file": b.file} for b in checked.kb.broken],
        "projects": projects,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ---- iCalendar ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event; ``uid`` must stay the same for the same thing across builds."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""
    categories: tuple[str, ...] = ()


def _task_event(project: Project, task: Task, msg: Messages) -> CalendarEvent:
    key = "site.ics.milestone" if task.milestone else "site.ics.due"
    description = msg("site.ics.task_description", project=project.name, department=task.department or "-",
                      owner=task.owner_text or "-", status=msg(f"enum.{task.status}"), progress=task.progress)
    return CalendarEvent(
        uid=f"task-{task.id}-{project.slug}@collabkb", day=task.due,
        summary=msg(key, task=task.id, title=task.title, project=project.name),
        description=description,
        categories=tuple(c for c in (task.department, task.phase) if c),
    )


class TaskEvents:
    """Each open task's ``CalendarEvent`` from the previous build, for ``mkdocs serve``: a
    rebuild made all 14,000 again at 300 projects, twice (the site's calendar, the department
    calendars). An event is made from its task, its project (name, slug) and the language's
    messages: it is reused only for the very same ``Task`` and ``Project`` objects (the load
    cache hands back the same objects only while the project's files are unchanged) and the
    same language. Only what this build used is carried to the next (``carry``), so replaced
    tasks are let go."""

    def __init__(self, previous: dict[int, tuple[Task, Project, str, CalendarEvent]] | None = None) -> None:
        self.previous = previous or {}
        self.used: dict[int, tuple[Task, Project, str, CalendarEvent]] = {}

    def event(self, project: Project, task: Task, msg: Messages) -> CalendarEvent:
        key = id(task)  # the entry holds the task, so the id cannot be reused while it is kept
        hit = self.used.get(key) or self.previous.get(key)
        if hit is not None and hit[0] is task and hit[1] is project and hit[2] == msg.language:
            self.used[key] = hit
            return hit[3]
        made = _task_event(project, task, msg)
        self.used[key] = (task, project, msg.language, made)
        return made

    def carry(self) -> TaskEvents:
        return TaskEvents(self.used)


def _event(project: Project, task: Task, msg: Messages, memo: TaskEvents | None) -> CalendarEvent:
    return memo.event(project, task, msg) if memo is not None else _task_event(project, task, msg)


def events_by_department(kb: KnowledgeBase, msg: Messages, memo: TaskEvents | None = None
                         ) -> dict[str, list[CalendarEvent]]:
    """``events_for(kb, msg, department=d)`` for every department ``d`` a task names, in one pass
    over the tasks (the site writes one calendar per department: one pass each cost
    departments × tasks)."""
    events: dict[str, list[CalendarEvent]] = {}
    for project in kb.projects:
        for task in project.tasks:
            if not task.is_closed and task.department is not None:
                events.setdefault(task.department, []).append(_event(project, task, msg, memo))
    return {name: sorted(found, key=lambda e: (e.day, e.uid)) for name, found in events.items()}


def events_for(kb: KnowledgeBase, msg: Messages, *, projects: Iterable[str] | None = None,
               department: str | None = None, person: str | None = None,
               memo: TaskEvents | None = None) -> list[CalendarEvent]:
    """Due dates and milestones of open tasks plus each active project's due date.

    ``department`` keeps tasks that department owns; ``person`` keeps tasks that
    person owns (project due dates are kept only without either filter).
    """
    wanted = frozenset(projects) if projects is not None else None
    events: list[CalendarEvent] = []
    for project in kb.projects:
        if wanted is not None and project.slug not in wanted:
            continue
        if department is None and person is None and project.status not in ("done", "cancelled"):
            events.append(CalendarEvent(
                uid=f"project-{project.slug}@collabkb", day=project.due,
                summary=msg("site.ics.project_due", project=project.name),
                description=project.summary or "", categories=tuple(project.tags)))
        for task in project.tasks:
            if task.is_closed:
                continue
            if department is not None and task.department != department:
                continue
            if person is not None and person not in task.owners:
                continue
            events.append(_event(project, task, msg, memo))
    return sorted(events, key=lambda e: (e.day, e.uid))


def calendar_ics(events: Iterable[CalendarEvent], name: str, stamp: dt.date,
                 serialised: dict[CalendarEvent, bytes] | None = None) -> bytes:
    """An RFC 5545 calendar; ``stamp`` (e.g. the build's today) becomes every DTSTAMP.

    ``serialised`` (one dict per build, with one ``stamp``) keeps each event's bytes: the
    site writes the same task into ``/calendar.ics``, its owner's and its department's
    calendars, and serialises it once. The bytes are those icalendar writes for the
    whole calendar at once.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    memo = serialised if serialised is not None else {}
    parts = []
    for item in events:
        if item not in memo:
            memo[item] = _event_ical(item, stamp)
        parts.append(memo[item])
    return b"".join([head[: -len(end)], *parts, end])


def _event_ical(item: CalendarEvent, stamp: dt.date) -> bytes:
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.timezone.utc))
    event.add("dtstart", item.day)
    event.add("dtend", item.day + dt.timedelta(days=1))
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    if item.categories:
        event.add("categories", list(item.categories))
    event.add("transp", "TRANSPARENT")  # a deadline does not block the day
    return event.to_ical()
