"""The search entries of the generated pages, written from the model instead of re-read from HTML.

Material's ``search`` plugin parses every page's HTML and runs jieba over all of it;
on a generated site that was a third of the build, and it indexed table cells and
badges as text. The generated pages carry ``search: {exclude: true}`` in their front
matter (Material's documented switch, ``Renderer.render``), and this module makes their
entries instead, in Material's index format (``{location, title, text}``):

- one per project, task, risk, coordination issue, resource request, deliverable, retro
  lesson, project document, person and department, titled so that results can be told apart
  ("Q3 新品上市推广 · T3 完成产品培训材料") and located at the item's anchor
  (``projects/q3/tasks/#task-T3``);
- one per other excluded page (views, tabs), with its title only: a page is still
  found by its name, and Material shows the entries at a page's anchors under it.

The entries are made from the same filtered model the pages show
(``check.publication.for_site``): no contact detail is ever read here, and a
confidential project is not in the model unless the build includes it. Titles and
texts are HTML-escaped (Material's results print them as HTML). ``segmented`` splits
Chinese with jieba exactly as Material does (U+200B around and between words) when
jieba is installed, and the plugin appends the entries to the index Material wrote
(``plugin.CollabKBPlugin.on_post_build``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from backrefs import bre

from ..check.model import Project
from .document_index import document_uri
from .render import page_url
from .renderer import Renderer, project_uri

SEPARATOR = " · "
_HAN = bre.compile(r"\p{script: Han}+", bre.UNICODE)  # Chinese as Material finds it (its search plugin)
# Markdown marks that would show as such in a result: links keep their text; emphasis, code marks,
# heading and quote marks at a line's start go (``_`` stays: it is part of names such as ``daily_update``)
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*`]+|^[ \t]*(?:#+|>+)[ \t]*", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One result of the site search: where it leads, its title and its text (plain, HTML-escaped)."""

    location: str  # relative to the site root, as Material writes it: "projects/q3/tasks/#task-T3"
    title: str
    text: str


def plain(*parts: str | None) -> str:
    """Free text as search text: Markdown marks dropped, HTML escaped, parts joined by spaces."""
    return html.escape(" ".join(_MARKUP.sub(r"\1", p).strip() for p in parts if p and p.strip()), quote=False)


class _Entries:
    def __init__(self, builder: Renderer) -> None:
        self.builder = builder
        self.msg = builder.msg

    def at(self, src_uri: str, anchor: str = "") -> str:
        return page_url(src_uri, self.builder.use_directory_urls) + (f"#{anchor}" if anchor else "")

    def entry(self, src_uri: str, anchor: str, title: Iterable[str | None], *text: str | None) -> SearchEntry:
        return SearchEntry(self.at(src_uri, anchor), SEPARATOR.join(plain(t) for t in title if t), plain(*text))

    def enum(self, value: str | None) -> str | None:
        return self.msg(f"enum.{value}") if value and self.msg.has(f"enum.{value}") else value

    def project(self, p: Project) -> Iterator[SearchEntry]:
        people = sorted({name for entry in p.team for name in entry.people})
        yield self.entry(project_uri(p.slug), "", [p.name], p.summary, p.goal, p.background, self.enum(p.status),
                         p.coordinator, " ".join(p.departments), " ".join(people), " ".join(p.tags),
                         " ".join(e.responsibilities or "" for e in p.team))
        tasks = project_uri(p.slug, "tasks")
        for t in p.tasks:
            latest = max(t.updates, key=lambda u: u.date, default=None)  # the note the progress table shows
            yield self.entry(tasks, f"task-{t.id}", [p.name, f"{t.id} {t.title}"], " ".join(t.owners), t.department,
                             t.phase, self.enum(t.status), t.deliverable, t.acceptance,
                             " ".join(c.support for c in t.collaborators), latest.note if latest else None)
        risks = project_uri(p.slug, "risks")
        for r in p.risks:
            response = r.response
            yield self.entry(risks, f"risk-{r.id}", [p.name, f"{r.id} {r.title}"], self.enum(r.level), r.owner,
                             r.impact, self.enum(r.status), *(response.measures if response else ()))
        coordination = project_uri(p.slug, "coordination")
        for i in p.issues:
            yield self.entry(coordination, f"issue-{i.id}", [p.name, f"{i.id} {i.title}"], " ".join(i.departments),
                             i.dispute, i.proposal, self.enum(i.status), i.decision.summary if i.decision else None)
        for res in p.resources:
            yield self.entry(coordination, f"resource-{res.id}", [p.name, f"{res.id} {res.item}"], res.department,
                             self.enum(res.type), res.purpose, self.enum(res.status), res.approver)
        acceptance = project_uri(p.slug, "acceptance")
        for d in p.acceptance:
            yield self.entry(acceptance, f"deliverable-{d.id}", [p.name, f"{d.id} {d.name}"], d.self_check,
                             " ".join(d.reviewers), self.enum(d.result),
                             *(d.rectification.actions if d.rectification else ()))
        if p.retro is not None:
            retro = project_uri(p.slug, "retro")
            yield self.entry(retro, "", [p.name, self.msg("site.tab.retro")], p.retro.summary, *p.retro.went_well,
                             *p.retro.to_improve)
            for number, lesson in enumerate(p.retro.lessons, 1):
                yield self.entry(retro, f"lesson-{number}", [p.name, lesson.text], self.msg("site.retro.lessons"),
                                 " ".join(lesson.tags))
        for document in p.documents:
            yield self.entry(document_uri(p.slug, document), "", [p.name, document.title], " ".join(document.tags),
                             document.body)

    def people(self) -> Iterator[SearchEntry]:
        pages = self.builder.person_pages
        for person in self.builder.portfolio.people:
            if person.name in pages:
                yield self.entry(pages[person.name], "", [person.name], " ".join(person.departments),
                                 " ".join(p.name for p in person.projects))

    def departments(self) -> Iterator[SearchEntry]:
        for info in self.builder.departments.values():
            yield self.entry(f"views/departments/{info.slug}.md", "", [info.name], info.head, info.description)


def build(builder: Renderer, kept: dict[str, tuple[Any, tuple[SearchEntry, ...]]] | None = None
          ) -> tuple[SearchEntry, ...]:
    """The entries of every page ``builder`` rendered with ``search: {exclude: true}``.
    ``kept`` (``mkdocs serve``, ``page_cache.PageCache.search``): a project's entries by slug, with
    what they were made from; they read the project alone, the language and the URL style."""
    made = _Entries(builder)
    entries: list[SearchEntry] = []
    for project in builder.kb.projects:
        if kept is None:
            entries.extend(made.project(project))
            continue
        made_from = (project, builder.msg.language, builder.use_directory_urls)
        before = kept.get(project.slug)
        if before is None or not _same(before[0], made_from):
            before = kept[project.slug] = (made_from, tuple(made.project(project)))
        entries.extend(before[1])
    if kept is not None:
        for gone in kept.keys() - {p.slug for p in builder.kb.projects}:
            del kept[gone]
    entries.extend(made.people())
    entries.extend(made.departments())
    having = {e.location for e in entries}
    entries.extend(made.entry(page.src_uri, "", [page.full_title or page.title]) for page in builder.pages
                   if not page.material_search and made.at(page.src_uri) not in having)
    # Material's results group a page's sections (``page/#anchor``) under the page's own entry,
    # which must come first: without it the group has no title and leads nowhere
    return tuple(sorted(entries, key=lambda e: "#" in e.location))


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """The same project object (see ``page_cache``: identity, not equality), language and URL style."""
    return a[0] is b[0] and a[1:] == b[1:]


def segmented(entries: Iterable[SearchEntry], cut: Callable[[str], Iterable[str]] | None,
              done: dict[str, str] | None = None, before: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The entries as Material's index holds them: Han runs split by ``cut`` (``jieba.cut``) with
    U+200B between and around the words, as Material's ``_segment_chinese``; unsplit without ``cut``.
    ``done`` receives each run's words (one build's texts repeat: each run is cut once); ``before``
    is the previous build's (``mkdocs serve``: the same run is cut the same way by the same jieba)."""
    if cut is None:
        return [{"location": e.location, "title": e.title, "text": e.text} for e in entries]
    done = {} if done is None else done
    before = before or {}

    def words(match: re.Match[str]) -> str:
        run = match.group(0)
        if run not in done:
            known = before.get(run)
            done[run] = known if known is not None else "\u200b" + "\u200b".join(cut(run)) + "\u200b"
        return done[run]

    def segment(text: str) -> str:
        return _HAN.sub(words, text).strip("\u200b")

    return [{"location": e.location, "title": segment(e.title), "text": segment(e.text)} for e in entries]

