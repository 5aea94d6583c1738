"""The people part of the wiki: who owns what across projects, and calendars to subscribe to.

- ``/people/``: every person of every team with department(s), workload and
  overdue/lagging counts, then the workload per department;
- ``/people/<slug>/``: what one person owns or coordinates, overdue first;
- ``/calendar/<slug>.ics`` and ``/calendar/department/<dept>.ics``: due dates and
  milestones of open tasks plus risk-response, rectification and retro-action
  deadlines, written by ``export.calendar_ics`` like ``/calendar.ics``.

Slugs and workload come from ``collabkb.portfolio.people``; task rows, links and badges
from the site builder, so a task looks the same here as on its project page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from mkdocs.exceptions import PluginError

from ..report import export
from ..check.findings import Finding
from ..i18n import Messages
from ..check.model import Project
from ..portfolio.people import (UPCOMING_DAYS, Item, Person, SlugError, Workload, configured_slugs, department_workload,
                      people)

if TYPE_CHECKING:  # the builder lives in pages.py, which imports this module
    from .pages import _Builder

PEOPLE_INDEX = "people/index.md"
_KIND_EVENT = {"response": "people.ics.response", "rectification": "people.ics.rectification",
               "action": "people.ics.action", "risk": "people.ics.response"}


def person_uri(slug: str) -> str:
    return f"people/{slug}.md"


def person_calendar(slug: str) -> str:
    return f"calendar/{slug}.ics"


def department_calendar(slug: str) -> str:
    return f"calendar/department/{slug}.ics"


@dataclass(frozen=True)
class PeopleSite:
    static: dict[str, bytes]
    nav_title: str
    nav_uri: str
    overloaded: tuple[tuple[Person, Finding], ...]  # for the dashboard


def _deadline_events(items: Iterable[Item], msg: Messages) -> list[export.CalendarEvent]:
    """Risk-response, rectification and retro-action deadlines (tasks come from ``export.events_for``)."""
    events = []
    for item in items:
        if item.kind == "risk" and item.subject.response is not None and item.subject.response.owner:
            continue  # the response has its own owner, whose calendar holds its deadline
        if item.kind in _KIND_EVENT and item.open and item.due is not None:
            events.append(export.CalendarEvent(
                uid=f"{'response' if item.kind == 'risk' else item.kind}-{item.id}-{item.project.slug}@collabkb",
                day=item.due,
                summary=msg(_KIND_EVENT[item.kind], id=item.id, title=item.title, project=item.project.name),
                description=msg("people.ics.description", project=item.project.name, status=msg(f"enum.{item.status}")),
            ))
    return events


def _calendar(task_events: list[export.CalendarEvent], items: Iterable[Item], name: str, builder: _Builder) -> bytes:
    unique = {e.uid: e for e in [*task_events, *_deadline_events(items, builder.msg)]}
    return export.calendar_ics(sorted(unique.values(), key=lambda e: (e.day, e.uid)), name, builder.today)


def _owner_department(project: Project, name: str) -> str | None:
    return next((e.department for e in project.team if name in e.people), None)


def build(builder: _Builder) -> PeopleSite:
    """Render the people pages into ``builder`` and return the calendars and the nav entry."""
    msg, kb, checked = builder.msg, builder.kb, builder.checked
    try:
        slugs = configured_slugs(builder.config.people)
        everyone = people(kb, builder.today, checked.findings, slugs)
    except SlugError as error:
        raise PluginError(f"collabkb: {error.text(msg)}") from None
    builder.person_pages.update({p.name: person_uri(p.slug) for p in everyone})
    overloaded_by = {f.item: f for f in checked.findings if f.rule == "overloaded"}
    overloaded = tuple((p, overloaded_by[p.name]) for p in everyone if p.name in overloaded_by)
    departments = department_workload(kb, builder.today, checked.findings)
    static: dict[str, bytes] = {}

    for person in everyone:
        items = {kind: [i for i in person.items if i.kind == kind]
                 for kind in ("task", "risk", "response", "rectification", "action")}
        rows = [builder.row(i.project, i.subject) for i in items["task"]]
        builder.render("person.md", person_uri(person.slug), person.name,
                       meta={"title": person.name, "hide": ["navigation", "toc"]}, person=person, rows=rows,
                       risks=items["risk"] + items["response"], rectifications=items["rectification"],
                       actions=items["action"], overloaded=overloaded_by.get(person.name),
                       calendar=person_calendar(person.slug), days=UPCOMING_DAYS)
        static[person_calendar(person.slug)] = _calendar(
            # only the person's projects are scanned: people × all tasks would not scale
            export.events_for(kb, msg, projects=[p.slug for p in person.projects], person=person.name), person.items,
            msg("people.ics.person_name", name=person.name), builder)

    deadlines: dict[str, list[Item]] = defaultdict(list)  # a department's: those its people own
    for person in everyone:
        for item in person.items:
            if item.kind in _KIND_EVENT:
                deadlines[_owner_department(item.project, person.name) or ""].append(item)
    dept_rows = []
    for name, info in builder.departments.items():  # every department page links its calendar
        static[department_calendar(info.slug)] = _calendar(
            export.events_for(kb, msg, department=name), deadlines[name],
            msg("people.ics.department_name", name=name), builder)
        dept_rows.append((info, departments.get(name, Workload()), department_calendar(info.slug)))

    builder.render("people_index.md", PEOPLE_INDEX, msg("people.nav"), everyone=everyone,
                   overloaded={p.name for p, _ in overloaded}, departments=dept_rows,
                   person_uri=person_uri, person_calendar=person_calendar, days=UPCOMING_DAYS)
    return PeopleSite(static, msg("people.nav"), PEOPLE_INDEX, overloaded)
