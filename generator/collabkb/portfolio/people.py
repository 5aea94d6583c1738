"""People: every person of every team, their URL slug, what they own and their workload.

A person is a name written as a team ``contact`` or ``members`` entry (or as a
project ``coordinator``); the same name in two projects is the same person.
Slugs are what the site's ``/people/<slug>/`` and ``/calendar/<slug>.ics``
use: pinyin joined by hyphens (``张伟`` → ``zhang-wei``). Two different names with
the same pinyin (``刘洋``/``柳杨``) get a suffix in code-point order of the names
(``liu-yang``, ``liu-yang-2``); a slug configured under ``people.slugs`` in the
``collabkb`` block pins a URL whatever else changes.

Workload counts open tasks (not done/cancelled) by owner: due within the next
``window`` days, in progress, overdue, and lagging (from the ``lagging`` rule's
findings, so the page agrees with ``collabkb check``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping


from ..check.findings import Finding
from ..check.layout import SLUG_PATTERN
from ..i18n import Messages, brief
from .segments import bound
from ..check.model import KnowledgeBase, Project, Source, Task

UPCOMING_DAYS = 14  # SPEC §6: /views/upcoming/ is the next 14 days; workload uses the same window
_FALLBACK_SLUG = "person"  # a name with nothing to transliterate (only symbols)


class SlugError(ValueError):
    """A configured slug that breaks the pattern or is used twice; ``text(msg)`` says which,
    ``where`` the key path under ``people`` (``("slugs", "张伟")``)."""

    def __init__(self, message_key: str, where: tuple[str, ...] = (), **values: Any) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.where = where
        self.values = values

    def text(self, msg: Messages) -> str:
        return msg(self.message_key, **self.values)


@functools.lru_cache(maxsize=1 << 16)
def base_slug(name: str) -> str:
    """``张伟`` → ``zhang-wei``; Latin letters and digits kept, everything else a separator.
    Remembered by name (a pure function of it; nothing in CollabKB loads pypinyin phrase
    dictionaries): ``mkdocs serve`` asked pypinyin again for all 1,600 people every rebuild
    (≈ 0.07 s at 300 projects). Bounded, so a long serve cannot grow it without limit."""
    # Imported here: pypinyin's tables take ~0.4 s to import, which every ``collabkb check``
    # paid through the rules registry although only pages and calendars need slugs.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, v_to_u=False)
    words = (re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") for s in syllables)
    slug = bound("-".join(w for w in words if w), name)
    return slug or _FALLBACK_SLUG


def configured_slugs(block: Mapping[str, Any]) -> dict[str, str]:
    """``people: {slugs: {张伟: zhang-wei-rd}}`` from the ``collabkb`` block, checked."""
    slugs = block.get("slugs") if isinstance(block, Mapping) else None
    # people.feishu (ids for @-mentions) is read by notify/mentions.py
    unknown = sorted(set(block) - {"slugs", "feishu"}) if isinstance(block, Mapping) else ["people"]
    if unknown or not isinstance(slugs or {}, Mapping):
        key = unknown[0] if unknown else "slugs"
        raise SlugError("people.bad_block", (key,), key=key)
    for name, slug in (slugs or {}).items():
        if not isinstance(slug, (str, int)) or isinstance(slug, bool):  # a list or mapping is no slug
            raise SlugError("people.bad_slug", ("slugs", str(name)), slug=brief(slug), name=name,
                            pattern=SLUG_PATTERN.pattern)
    return {str(name): str(slug) for name, slug in (slugs or {}).items()}


def make_slugs(names: Iterable[str], configured: Mapping[str, str] | None = None) -> dict[str, str]:
    """A unique slug per name: the configured one, else pinyin, with ``-2``, ``-3``…
    for names sharing a pinyin (in code-point order, so the result depends only on
    the set of names)."""
    configured = dict(configured or {})
    for name, slug in configured.items():
        if not SLUG_PATTERN.match(slug):
            raise SlugError("people.bad_slug", ("slugs", name), slug=slug, name=name, pattern=SLUG_PATTERN.pattern)
    taken: dict[str, str] = {}
    for name, slug in configured.items():
        if slug in taken:
            raise SlugError("people.duplicate_slug", ("slugs", name), slug=slug, first=taken[slug], second=name)
        taken[slug] = name
    result = {name: slug for name, slug in configured.items()}
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names) - set(configured)):
        groups[base_slug(name)].append(name)
    for base in sorted(groups):
        counter = 1
        for name in groups[base]:
            slug = base if counter == 1 else f"{base}-{counter}"
            while slug in taken:  # a configured slug (or a suffix) already holds it
                counter += 1
                slug = f"{base}-{counter}"
            taken[slug] = name
            result[name] = slug
            counter += 1
    return result


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a person owns: a task, a risk, a risk response, a rectification or a retro action."""

    kind: str  # task | risk | response | rectification | action
    project: Project
    id: str
    title: str
    due: dt.date | None
    status: str  # the item's own enum token (task status, risk status, deliverable result, action status)
    open: bool
    overdue: bool
    milestone: bool
    source: Source
    subject: Any = field(default=None, compare=False, repr=False)  # the Task, Risk, Deliverable or Action


@dataclass(frozen=True, slots=True)
class Workload:
    open: int = 0
    due_soon: int = 0  # open tasks due today … today + window
    in_progress: int = 0
    overdue: int = 0
    lagging: int = 0


@dataclass(frozen=True)
class Person:
    name: str
    slug: str
    departments: tuple[str, ...]
    projects: tuple[Project, ...]  # where the person is on the team or coordinates
    coordinates: tuple[Project, ...]
    items: tuple[Item, ...]  # overdue first, then by due date
    workload: Workload


def _order(item: Item) -> tuple[Any, ...]:
    return (not item.overdue, not item.open, item.due or dt.date.max, item.project.slug, item.kind, item.id)


def _items(kb: KnowledgeBase, today: dt.date) -> Iterator[tuple[str, Item]]:
    """(owner name, item) for everything in the knowledge base that names an owner."""
    for project in kb.projects:
        yield from project_items(project, today)


def project_items(project: Project, today: dt.date) -> Iterator[tuple[str, Item]]:
    """(owner name, item) for everything in one project that names an owner: made from the
    project and today alone, so ``ProjectView.owned_items`` keeps them with the view."""
    def item(kind: str, project: Project, id_: str, title: str, due: dt.date | None, status: str,
             is_open: bool, source: Source, subject: Any, milestone: bool = False) -> Item:
        return Item(kind, project, id_, title, due, status, is_open,
                    is_open and due is not None and due < today, milestone, source, subject)

    for task in project.tasks:
        for owner in task.owners:
            yield owner, item("task", project, task.id, task.title, task.due, task.status,
                              not task.is_closed, task.source, task, task.milestone)
    for risk in project.risks:
        response = risk.response
        if risk.owner:
            yield risk.owner, item("risk", project, risk.id, risk.title, response.due if response else None,
                                   risk.status, risk.is_open, risk.source, risk)
        if response is not None and response.owner:
            yield response.owner, item("response", project, risk.id, risk.title, response.due,
                                       risk.status, risk.is_open, response.source, risk)
    for deliverable in project.acceptance:
        rect = deliverable.rectification
        if rect is not None and rect.owner:
            yield rect.owner, item("rectification", project, deliverable.id, deliverable.name, rect.due,
                                   deliverable.result, deliverable.result == "fail", rect.source, deliverable)
    if project.retro is not None:
        for action in project.retro.actions:
            yield action.owner, item("action", project, action.id, action.action, action.due,
                                     action.status, action.status == "open", action.source, action)


def _workload(items: Iterable[Item], today: dt.date, lagging: frozenset[tuple[str, str]], window: int) -> Workload:
    tasks = [i for i in items if i.kind == "task" and i.open]
    horizon = today + dt.timedelta(days=window)
    return Workload(
        open=len(tasks),
        due_soon=sum(1 for t in tasks if t.due is not None and today <= t.due <= horizon),
        in_progress=sum(1 for t in tasks if t.status == "in_progress"),
        overdue=sum(1 for t in tasks if t.overdue),
        lagging=sum(1 for t in tasks if (t.project.slug, t.id) in lagging),
    )


def _lagging(findings: Iterable[Finding]) -> frozenset[tuple[str, str]]:
    return frozenset((f.project, f.item) for f in findings if f.rule == "lagging" and f.project and f.item)


def people(kb: KnowledgeBase, today: dt.date, findings: Iterable[Finding] = (),
           slugs: Mapping[str, str] | None = None, window: int = UPCOMING_DAYS,
           items_of: Callable[[Project], Iterable[tuple[str, Item]]] | None = None) -> tuple[Person, ...]:
    """Every person of every team (and every coordinator), sorted by slug. ``items_of``: each
    project's ``project_items`` for ``today``, when the caller keeps them (``Portfolio.people``)."""
    departments: dict[str, dict[str, None]] = defaultdict(dict)
    projects: dict[str, dict[str, Project]] = defaultdict(dict)
    coordinates: dict[str, list[Project]] = defaultdict(list)
    for project in kb.projects:
        for entry in project.team:
            for name in entry.people:
                departments[name][entry.department] = None
                projects[name][project.slug] = project
        projects[project.coordinator][project.slug] = project
        coordinates[project.coordinator].append(project)
    owned: dict[str, list[Item]] = defaultdict(list)
    owned_items = (pair for p in kb.projects for pair in items_of(p)) if items_of is not None else _items(kb, today)
    for owner, item in owned_items:
        if owner in projects:  # an owner outside every team is a finding (unknown-owner), not a person
            owned[owner].append(item)
    slug_of = make_slugs(projects, {n: s for n, s in (slugs or {}).items() if n in projects})
    lagging = _lagging(findings)
    result = []
    for name, slug in slug_of.items():
        items = tuple(sorted(owned[name], key=_order))
        result.append(Person(name, slug, tuple(departments[name]), tuple(projects[name].values()),
                             tuple(coordinates[name]), items, _workload(items, today, lagging, window)))
    return tuple(sorted(result, key=lambda p: p.slug))


def department_workload(kb: KnowledgeBase, today: dt.date, findings: Iterable[Finding] = (),
                        window: int = UPCOMING_DAYS) -> dict[str, Workload]:
    """Open tasks per responsible department (the task's ``department``, else its owner's
    team department in that project), every team department listed."""
    lagging = _lagging(findings)
    per: dict[str, list[Item]] = {d: [] for p in kb.projects for d in p.departments}
    for project in kb.projects:
        team_department = {name: e.department for e in project.team for name in e.people}
        for task in project.tasks:
            owners = task.owners
            department = task.department or next((team_department[o] for o in owners if o in team_department), None)
            if department is None:
                continue
            is_open = not task.is_closed
            per.setdefault(department, []).append(
                Item("task", project, task.id, task.title, task.due, task.status, is_open,
                     is_open and task.due < today, task.milestone, task.source, task))
    return {d: _workload(items, today, lagging, window) for d, items in sorted(per.items())}


def in_progress_by_owner(kb: KnowledgeBase) -> dict[str, list[tuple[Project, Task]]]:
    """Every in-progress task under each owner name, in project and file order."""
    result: dict[str, list[tuple[Project, Task]]] = defaultdict(list)
    for project in kb.projects:
        for task in project.tasks:
            if task.status == "in_progress":
                for owner in task.owners:
                    result[owner].append((project, task))
    return dict(result)
