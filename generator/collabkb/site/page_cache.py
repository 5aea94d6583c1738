"""What ``mkdocs serve`` keeps between two site builds: each project's rendered pages and each
person's page and calendar, keyed by exactly what they are made from.

Why: rendering every project's six pages and every person's page again after one saved
``tasks.yaml`` was most of a serve rebuild at 300 projects (``docs/performance.md``). The
pages that read across projects (dashboard, views, departments, the people index, the
calendars of departments and of the whole knowledge base, the JSON export, the search
entries, the nav) are rendered every time: keying them whole would mean keying on nearly
everything. Their rows, though, are kept per project (``fragments.py``, ``PageCache.fragments``).

A key has two parts, both compared exactly:

* **projects, by identity**: the ``Project`` objects the page was made from. The check's
  load cache (``check/load_cache.py``) hands back the *same* object only while the bytes of
  every file of the project are unchanged; a project read again is a new object, so its
  pages (and the pages of everyone working on it) are rendered again. Identity is used
  rather than ``==`` on purpose: ``progress: 60.0`` and ``progress: 60`` are equal models
  but different pages;
* **text**: ``repr`` of everything else the page reads, which is not part of the project's
  files: the project's findings with their facts (cross-project rules such as ``overloaded``
  change them without touching the project), the names that had to take another address,
  its plan history (last commits, due-date changes, progress points, drift);
* the build's **shared context** (``Context.shared``): the configuration, today, the URL
  options, edit links, the departments' and people's addresses (every page may link to
  them). It is compared once per build (``PageCache.use_shared``): when it differs, every
  kept page is dropped.

Anything not listed cannot be read by these pages (see ``Context`` and ``project_inputs``);
``tests/site/test_serve_cache.py`` checks, edit after edit, that a build with the cache
equals a build from scratch. The cache lives on the plugin instance, is passed explicitly to
``build_site`` and is ``None`` for ``mkdocs build`` and the CLI.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import Any, Iterable

import jinja2

from ..check.findings import Finding
from ..check.model import Project
from ..portfolio.view import ProjectView
from ..report.export import CalendarEvent, TaskEvents
from .fragments import Fragments
from .renderer import GeneratedPage, Renderer
from .search_entries import SearchEntry


@dataclass(frozen=True)
class Key:
    """Projects compared by identity, their inputs and the rest as text (see the module). The
    build's shared context is not in a key: ``PageCache.use_shared`` drops every page when it changes."""

    projects: tuple[Project, ...]
    inputs: tuple[str, ...]  # ``Context.project_inputs`` of each project, in the same order
    text: str

    def matches(self, other: Key) -> bool:
        return (len(self.projects) == len(other.projects)
                and all(a is b for a, b in zip(self.projects, other.projects))
                and self.inputs == other.inputs and self.text == other.text)


@dataclass
class CacheStats:
    """What the last build rendered and reused (tests and the profile read it)."""

    rendered: int = 0
    reused: int = 0


class CarriedEvents(dict[CalendarEvent, bytes]):
    """``export.calendar_ics``'s per-build memo of serialised events, seeded lazily from the
    previous build's (same ``today``: the DTSTAMP): an event is a value (text and dates,
    compared exactly), so equal events serialise to equal bytes. Only the events this build
    uses are kept for the next one."""

    def __init__(self, previous: dict[CalendarEvent, bytes]) -> None:
        super().__init__()
        self.previous = previous

    def __contains__(self, event: object) -> bool:
        if dict.__contains__(self, event):
            return True
        if event in self.previous:
            assert isinstance(event, CalendarEvent)
            self[event] = self.previous[event]
            return True
        return False


@dataclass
class PageCache:
    """Rendered pages (and a person's calendar) by owner: ``("project", slug)``, ``("person", name)``,
    ``("department", name)``; plus the template environment per language (its compiled templates:
    about a second a build) and the serialised calendar events."""

    entries: dict[tuple[str, str], tuple[Key, tuple[GeneratedPage, ...], bytes | None]] = field(default_factory=dict)
    stats: CacheStats = field(default_factory=CacheStats)
    _seen: set[tuple[str, str]] = field(default_factory=set)
    _environments: dict[str, jinja2.Environment] = field(default_factory=dict)
    search: dict[str, tuple[Any, tuple[SearchEntry, ...]]] = field(default_factory=dict)  # search_entries.build
    views: dict[str, tuple[Project, str, ProjectView]] = field(default_factory=dict)  # Portfolio.build
    fragments: Fragments = field(default_factory=Fragments)  # task rows of cross-project pages (fragments.py)
    task_events: TaskEvents = field(default_factory=TaskEvents)  # this build's, carried from the last (export.py)
    _events: CarriedEvents | None = None
    _events_day: dt.date | None = None

    _shared: str | None = None

    def begin(self) -> None:
        self.stats = CacheStats()
        self._seen = set()
        self.fragments.begin()
        self.task_events = self.task_events.carry()

    def use_shared(self, shared: str) -> None:
        """This build's shared context (``Context.shared``): when it differs from the previous
        build's, no kept page can be used (every page may read it)."""
        if shared != self._shared:
            self.entries.clear()
            self.fragments.clear()
            self._shared = shared

    def environment(self, language: str, made: jinja2.Environment) -> jinja2.Environment:
        """The first environment made for ``language`` (``render.environment`` depends on nothing
        else: ``Messages`` is made from the language alone; templates come from the package and
        Jinja reloads one whose file changed)."""
        return self._environments.setdefault(language, made)

    def events(self, today: dt.date) -> CarriedEvents:
        """This build's memo of serialised calendar events (see ``CarriedEvents``)."""
        previous = self._events if self._events is not None and self._events_day == today else {}
        self._events = CarriedEvents(dict(previous))
        self._events_day = today
        return self._events

    def get(self, owner: tuple[str, str], key: Key) -> tuple[tuple[GeneratedPage, ...], bytes | None] | None:
        self._seen.add(owner)
        entry = self.entries.get(owner)
        if entry is not None and entry[0].matches(key):
            self.stats.reused += 1
            return entry[1], entry[2]
        self.stats.rendered += 1
        return None

    def put(self, owner: tuple[str, str], key: Key, pages: Iterable[GeneratedPage], extra: bytes | None = None) -> None:
        self.entries[owner] = (key, tuple(pages), extra)

    def end(self) -> None:
        """Forget owners this build did not ask about (a deleted project or a person who left):
        their objects would otherwise be kept alive for nothing."""
        for owner in [o for o in self.entries if o not in self._seen]:
            del self.entries[owner]
        self.fragments.end()


def _findings_text(findings: Iterable[Finding]) -> list[Any]:
    return [(f, dict(f.facts)) for f in findings]  # ``facts`` is left out of a finding's repr


class Context:
    """The keys of one build: its shared context once, each project's inputs once."""

    def __init__(self, builder: Renderer, status_uris: dict[str, str]) -> None:
        # a weak reference: the builder keeps its Context, and a cycle would keep the whole
        # build (pages, calendars, indexes) alive until a full collection (serve_gc.py)
        self.builder = weakref.proxy(builder)
        self.shared = repr((
            builder.config, builder.today, builder.use_directory_urls, builder.own_search, builder.edit_links,
            [(name, info) for name, info in builder.departments.items()],
            sorted(builder.person_pages.items()), status_uris, builder.urls.findings(builder.msg),
        ))  # the work calendar is made from the configuration (holidays, workdays)
        self._inputs: dict[str, str] = {}

    def project_inputs(self, project: Project) -> str:
        """Everything a project's pages read that is not in its files (see the module)."""
        slug = project.slug
        text = self._inputs.get(slug)
        if text is None:
            builder = self.builder
            history = builder.portfolio.checked.history
            planned: Any = None
            if history is not None:
                planned = (history.notice, history.touched.get(slug), history.progress.get(slug),
                           [history.due_changes.get((slug, t.id)) for t in project.tasks])
            text = self._inputs[slug] = repr((
                slug, _findings_text(builder.by_project.get(slug, ())), builder.validation(slug),
                planned, builder.portfolio.project_drift(slug), builder.portfolio.drift.notices))
        return text

    def project(self, project: Project) -> Key:
        return Key((project,), (self.project_inputs(project),), "project")

    def person(self, name: str, slug: str, projects: Iterable[Project], extra: Any) -> Key:
        """A person's page and calendar: every project they appear in, own something in or
        have a document in, plus ``extra`` (their overloaded finding)."""
        return self.across("person", projects, (name, slug, extra))

    def values(self, kind: str, values: Any) -> Key:
        """A page made from ``values`` alone (they are exactly what its template reads), plus the
        shared context: e.g. the people index reads each person's name, address, departments,
        counts, not their tasks."""
        return Key((), (), repr((kind, values)))

    def across(self, kind: str, projects: Iterable[Project], extra: Any) -> Key:
        """A page made from several projects (a person's, a department's): those projects by
        identity with their inputs, plus ``extra`` (what else the page shows)."""
        involved = sorted({p.slug: p for p in projects}.values(), key=lambda p: p.slug)
        return Key(tuple(involved), tuple(self.project_inputs(p) for p in involved), repr((kind, extra)))
