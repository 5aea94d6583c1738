"""Rendered task rows of the pages that list tasks across projects, kept per project between the
rebuilds of ``mkdocs serve``.

Why: after one saved ``tasks.yaml`` the pages that read every project (the overdue and upcoming
views, the dashboard's week, the department pages, the people on the project) had to be
rendered again whole, because the edited project is among the projects they read: at 300
projects the department pages alone rendered some 15,000 task rows a rebuild to change one
(``docs/performance.md``). The page is still rendered every time (its list, order and counts
are read from this build's model), but each row it shows is taken from the previous build
when nothing the row is made from changed.

What a row is made from, and how each part is compared:

* the **project, by identity**, with ``Context.project_inputs`` as text: the load cache hands
  back the same ``Project`` object only while the bytes of every file of the project are
  unchanged, and the inputs carry its findings with their facts (the row's badges), its plan
  history and drift. A project read again, or with other findings, loses all its rows;
* the **shared context** (configuration, today, URL options, edit links, every department's
  and person's address): ``PageCache.use_shared`` drops every row when it differs;
* per row, as a value: the page's own address (links are relative to it), the task id, the
  table's columns, and the row's lag level, critical flag and slack (from the project's
  schedule and today: both already covered, kept in the key so that a row can never be reused
  with other values than the ones it shows).

Without a cache (``mkdocs build``, the CLI) every row is rendered, by the same macro.
``tests/site/test_serve_cache.py`` checks, edit after edit, that a build with the cache equals
one from scratch, and that a key missing a part is caught.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from markupsafe import Markup

from ..check.model import Project

RowKey = tuple[Any, ...]


class Fragments:
    """Rendered rows by project (``slug``): the project object, its inputs, its rows by key."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Project, str, dict[RowKey, Markup]]] = {}
        self._checked: dict[str, dict[RowKey, Markup]] = {}  # this build: projects already compared
        self.rendered = 0  # rows rendered and reused by this build (tests and the profile read them)
        self.reused = 0

    def begin(self) -> None:
        self._checked = {}
        self.rendered = self.reused = 0

    def clear(self) -> None:
        """The shared context changed: no row can be used again."""
        self._kept.clear()
        self._checked = {}

    def of(self, project: Project, inputs: Callable[[Project], str]) -> dict[RowKey, Markup]:
        """The rows kept for ``project``: emptied unless it is the same object with the same inputs."""
        rows = self._checked.get(project.slug)
        if rows is not None:
            return rows
        text = inputs(project)
        entry = self._kept.get(project.slug)
        if entry is None or entry[0] is not project or entry[1] != text:
            entry = self._kept[project.slug] = (project, text, {})
        self._checked[project.slug] = entry[2]
        return entry[2]

    def end(self) -> None:
        """Forget the projects this build did not ask about (deleted, or listed nowhere now)."""
        for slug in [s for s in self._kept if s not in self._checked]:
            del self._kept[slug]

    def join(self, rows: Iterable[Any], render: Callable[[Any], Markup], key: Callable[[Any], RowKey],
             kept: Callable[[Any], dict[RowKey, Markup]]) -> Markup:
        """The rows one after the other, each taken from its project's kept rows (``kept``) by
        ``key`` when there, else rendered and kept."""
        out = []
        for row in rows:
            store = kept(row)
            k = key(row)
            html = store.get(k)
            if html is None:
                html = store[k] = Markup(render(row))
                self.rendered += 1
            else:
                self.reused += 1
            out.append(html)
        return Markup("").join(out)


class PageRows:
    """The row helpers one page's templates call (``task_rows``, ``attention_rows``): with
    ``fragments`` (serve), rows are taken from their project's kept rows; without, rendered."""

    def __init__(self, src_uri: str, fragments: Fragments | None, inputs: Callable[[Project], str]) -> None:
        self.src_uri = src_uri  # links are relative to the page: part of every key
        self.fragments = fragments
        self.inputs = inputs

    def tasks(self, rows: Iterable[Any], show_project: bool, show_department: bool, macro: Any) -> Markup:
        """A task table's rows (``_macros.html``: ``task_table`` calls ``task_row`` for each). A
        project's own tables (no project column) are not kept by row: its pages are kept whole."""
        def render(row: Any) -> Markup:
            return Markup(macro(row, show_project, show_department))

        fragments = self.fragments
        if fragments is None or not show_project:
            return Markup("").join(render(row) for row in rows)
        return fragments.join(
            rows, render,
            lambda r: (self.src_uri, r.task.id, show_project, show_department, r.lag_level, r.critical, r.slack),
            lambda r: fragments.of(r.project, self.inputs))

    def attention(self, items: Iterable[Any], macro: Any) -> Markup:
        """Attention rows (the dashboard's ``attention_row``, the weekly report's
        ``weekly_attention_row``: a Jinja macro, named in the key), each followed by a line break.
        The key is every value of the item the row shows; its project by identity."""
        def render(item: Any) -> Markup:
            return Markup(macro(item)) + "\n"

        fragments = self.fragments
        if fragments is None:
            return Markup("").join(render(item) for item in items)
        return fragments.join(
            items, render,
            lambda a: (self.src_uri, macro.name, a.rank, a.kind, a.severity, a.item, a.page, a.owner,
                       a.department, a.day, a.critical, a.anchor, a.messages),
            lambda a: fragments.of(a.project, self.inputs))

    def portfolio(self, summaries: Iterable[Any], macro: Any) -> Markup:
        """The portfolio table's project rows (``_macros.html``: ``portfolio_row``). A row shows
        its ``ProjectView``, which ``Portfolio.build`` itself reuses only for the same project
        object with the same findings (and facts), today, language and work calendar: the
        project's kept rows and the shared context cover exactly that, so the key is the page."""
        def render(summary: Any) -> Markup:
            return Markup(macro(summary))

        fragments = self.fragments
        if fragments is None:
            return Markup("").join(render(s) for s in summaries)
        return fragments.join(summaries, render, lambda s: (self.src_uri, "portfolio"),
                              lambda s: fragments.of(s.project, self.inputs))

    def supported(self, pairs: Iterable[tuple[Any, Any]], macro: Any) -> Markup:
        """A department page's supported tasks (``department.md``: ``supported_row``): a task row
        and one of its collaborators, whose department and support text are in the key."""
        def render(pair: tuple[Any, Any]) -> Markup:
            return Markup(macro(*pair))

        fragments = self.fragments
        if fragments is None:
            return Markup("").join(render(pair) for pair in pairs)
        return fragments.join(
            pairs, render,
            lambda p: (self.src_uri, "supported", p[0].task.id, p[0].lag_level, p[0].critical, p[0].slack,
                       p[1].department, p[1].support),
            lambda p: fragments.of(p[0].project, self.inputs))
