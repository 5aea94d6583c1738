"""The people part of the wiki: who owns what across projects, and calendars to subscribe to.

- ``/people/``: every person of every team with department(s), workload and
  overdue/lagging counts, then the workload per department;
- ``/people/<slug>/``: what one person owns or coordinates, overdue first;
- ``/calendar/<slug>.ics`` and ``/calendar/department/<dept>.ics``: due dates and
  milestones of open tasks plus risk-response, rectification and retro-action
  deadlines, written by ``export.calendar_ics`` like ``/calendar.ics``.

People, slugs and workload come from the portfolio (``collabkb.portfolio.people``);
task rows, links and badges from the build's ``Renderer``, so a task looks the same
here as on its project page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from ..check.findings import Finding
from ..i18n import Messages
from ..portfolio.people import UPCOMING_DAYS, Item, Person, Workload
from ..report import export
from .page_cache import Context, PageCache
from .renderer import Renderer
from .urls import Where

PEOPLE_INDEX = "people/index.md"
_KIND_EVENT = {"response": "people.ics.response", "rectification": "people.ics.rectification",
               "action": "people.ics.action", "risk": "people.ics.response"}


def person_uri(slug: str) -> str:
    return f"people/{slug}.md"


def person_calendar(slug: str) -> str:
    return f"calendar/{slug}.ics"


def department_calendar(slug: str) -> str:
    return f"calendar/department/{slug}.ics"


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What ``/people/`` shows of one person (its ``projects`` are the slugs: it shows their number)."""

    name: str
    slug: str
    departments: tuple[str, ...]
    projects: tuple[str, ...]
    workload: Workload


@dataclass(frozen=True)
class PeopleSite:
    static: dict[str, bytes]
    nav_title: str
    nav_uri: str


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


def _calendar(task_events: list[export.CalendarEvent], items: Iterable[Item], name: str, builder: Renderer) -> bytes:
    unique = {e.uid: e for e in [*task_events, *_deadline_events(items, builder.msg)]}
    events = sorted(unique.values(), key=lambda e: (e.day, e.uid))
    return export.calendar_ics(events, name, builder.today, builder.ics_events)


def _where(person: Person) -> Where:
    """Where the person's name was first written: a team entry, else as a coordinator."""
    for project in person.projects:
        for entry in project.team:
            if person.name == entry.contact:
                return Where(entry.source.file, entry.source.at("contact"), project.slug)
            if person.name in entry.members:
                return Where(entry.source.file, entry.source.at("members", entry.members.index(person.name)), project.slug)
    project = person.projects[0]
    return Where(project.source.file, project.source.at("coordinator"), project.slug)


def build(builder: Renderer, cache: PageCache | None = None, context: Callable[[], Context] | None = None) -> PeopleSite:
    """Render the people pages through ``builder`` and return the calendars and the nav entry.
    ``cache``/``context`` (``mkdocs serve``): a person's page and calendar are reused while every
    project they appear in, own something in or have a document in is unchanged (``page_cache``)."""
    portfolio = builder.portfolio
    # configured slugs were checked when the config was read; a clash with a site page gets a suffix
    everyone = tuple(replace(p, slug=builder.urls.claim("people", p.slug, p.name, _where(p))) for p in portfolio.people)
    builder.person_pages.update({p.name: person_uri(p.slug) for p in everyone})
    overloaded_by = {f.item: f for f in portfolio.checked.findings if f.rule == "overloaded"}
    static: dict[str, bytes] = {}

    for person in everyone:
        if cache is None or context is None:
            static[person_calendar(person.slug)] = _person(builder, person, overloaded_by.get(person.name))
            continue
        owner = ("person", person.name)
        documents = builder.documents.of_person(person.name)
        key = context().person(person.name, person.slug,
                               [*person.projects, *person.coordinates, *(i.project for i in person.items),
                                *(p for p, _ in documents)], overloaded_by.get(person.name))
        kept = cache.get(owner, key)
        if kept is not None and kept[1] is not None:
            builder.pages.extend(kept[0])
            static[person_calendar(person.slug)] = kept[1]
            continue
        start = len(builder.pages)
        calendar = static[person_calendar(person.slug)] = _person(builder, person, overloaded_by.get(person.name))
        cache.put(owner, key, builder.pages[start:], calendar)
    return _rest(builder, everyone, overloaded_by, static, cache, context)


def _person(builder: Renderer, person: Person, overloaded: Finding | None) -> bytes:
    """Render one person's page through ``builder``; return their calendar."""
    msg, kb = builder.msg, builder.kb
    items = {kind: [i for i in person.items if i.kind == kind]
             for kind in ("task", "risk", "response", "rectification", "action")}
    rows = [builder.row(i.project, i.subject) for i in items["task"]]
    builder.render("person.md", person_uri(person.slug), person.name,
                   meta={"title": person.name, "hide": ["navigation", "toc"]}, person=person, rows=rows,
                   risks=items["risk"] + items["response"], rectifications=items["rectification"],
                   actions=items["action"], overloaded=overloaded,
                   documents=builder.documents.of_person(person.name),
                   calendar=person_calendar(person.slug), days=UPCOMING_DAYS)
    return _calendar(
        # only the person's projects are scanned: people × all tasks would not scale
        export.events_for(kb, msg, projects=[p.slug for p in person.projects], person=person.name), person.items,
        msg("people.ics.person_name", name=person.name), builder)


def _rest(builder: Renderer, everyone: tuple[Person, ...], overloaded_by: dict[str | None, Finding],
          static: dict[str, bytes], cache: PageCache | None = None, context: Callable[[], Context] | None = None
          ) -> PeopleSite:
    """Department calendars (from the kept serialised events) and the people index (kept while
    what it shows of each person is the same) read every person."""
    msg, kb, portfolio = builder.msg, builder.kb, builder.portfolio
    departments = portfolio.department_workload
    deadlines: dict[str, list[Item]] = defaultdict(list)  # a department's: those its people own
    for person in everyone:
        for item in person.items:
            if item.kind in _KIND_EVENT:
                deadlines[item.project.department_of(person.name) or ""].append(item)
    dept_rows = []
    by_department = export.events_by_department(kb, msg, cache.task_events if cache is not None else None)
    for name, info in builder.departments.items():  # every department page links its calendar
        static[department_calendar(info.slug)] = _calendar(
            by_department.get(name, []), deadlines[name],
            msg("people.ics.department_name", name=name), builder)
        dept_rows.append((info, departments.get(name, Workload()), department_calendar(info.slug)))

    overloaded = set(overloaded_by)
    # The index is given only these values (not the people with their tasks), so what it shows
    # is exactly its cache key: a template that read more would fail, not go stale.
    rows = tuple(IndexRow(p.name, p.slug, p.departments, tuple(x.slug for x in p.projects), p.workload) for p in everyone)
    key = None
    if cache is not None and context is not None:
        key = context().values("people_index", (rows, sorted(overloaded, key=str), dept_rows, portfolio.heatmap,
                                                UPCOMING_DAYS))
        kept = cache.get(("people", PEOPLE_INDEX), key)
        if kept is not None:
            builder.pages.extend(kept[0])
            return PeopleSite(static, msg("people.nav"), PEOPLE_INDEX)
    start = len(builder.pages)
    builder.render("people_index.md", PEOPLE_INDEX, msg("people.nav"), everyone=rows, heat=portfolio.heatmap,
                   overloaded=overloaded, departments=dept_rows,
                   person_uri=person_uri, person_calendar=person_calendar, days=UPCOMING_DAYS)
    if cache is not None and key is not None:
        cache.put(("people", PEOPLE_INDEX), key, builder.pages[start:])
    return PeopleSite(static, msg("people.nav"), PEOPLE_INDEX)
