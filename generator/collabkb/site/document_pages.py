"""Project documents in the wiki: the "文档与纪要" tab, one page per document, its attachments.

- ``/projects/<slug>/docs/``: the project's documents, newest first, with type,
  attendees, linked items and open action items;
- ``/projects/<slug>/<url_path>/`` (``docs/2026-09-01-协调会/``): one document,
  its front matter as facts, its action items, then its text (``document_render``);
- attachments (images, PDFs under ``docs/``) are published at their own path.

``DocumentIndex`` answers the other pages' questions: the documents related to a
task, risk, issue or deliverable (listed in the front matter, or named by an
issue's ``decision.minutes``), a person's and a department's documents, and the
lessons of summary reports.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Mapping
from urllib.parse import quote

from ..check.document_refs import minutes_path
from ..check.document_text import is_external, link_target
from ..check.documents import IMAGE_SUFFIXES, Document
from ..check.findings import Finding
from ..check.model import KnowledgeBase, Project
from .document_render import DocumentText, Resolver
from .render import relative_url

if TYPE_CHECKING:  # the builder lives in pages.py, which imports this module
    from .pages import _Builder

DOCS_TAB = "docs"  # projects/<slug>/docs.md, the tab listing a project's documents
# A link to a project file in a document opens that file's page.
_FILE_PAGES = {"project.yaml": "index", "tasks.yaml": "tasks", "risks.yaml": "risks", "coordination.yaml": "coordination",
               "acceptance.yaml": "acceptance", "retro.yaml": "retro"}
_KINDS = ("tasks", "risks", "issues", "deliverables")


def document_uri(slug: str, document: Document) -> str:
    return f"projects/{slug}/{document.url_path}.md"


def attachment_uri(slug: str, path: str) -> str:
    return f"projects/{slug}/{path}"


@dataclass(frozen=True, slots=True)
class DocumentLesson:
    """One lesson of a summary report's lessons section, filed under the report's tags."""

    text: str
    tags: tuple[str, ...]
    document: Document


class DocumentIndex:
    """Which documents each item, person and department has (built once per site)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._related: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
        self._decisions: dict[tuple[str, str], list[str]] = defaultdict(list)  # (slug, document path) → issue ids
        self._people: dict[str, list[tuple[Project, Document]]] = defaultdict(list)
        self._departments: dict[str, list[tuple[Project, Document]]] = defaultdict(list)
        for project in kb.projects:
            by_path = {d.path: d for d in project.documents}
            for document in project.documents:
                for kind in _KINDS:
                    for item in getattr(document, kind):
                        self._related[(project.slug, kind, item)].append(document)
                names = dict.fromkeys([*document.attendees, *(a.owner for a in document.actions)])
                departments = dict.fromkeys([*(e.department for e in project.team for name in names if name in e.people),
                                             *(name for name in names if name in project.departments)])
                for name in names:
                    self._people[name].append((project, document))
                for department in departments:  # its people attended or own an action, or it owns one itself
                    self._departments[department].append((project, document))
            for issue in project.issues:
                named = by_path.get(minutes_path(issue.decision.minutes if issue.decision else None) or "")
                if named is not None:  # the issue links it as its minutes; the document lists the issue
                    self._decisions[(project.slug, named.path)].append(issue.id)

    def related(self, slug: str, kind: str, item: str) -> list[Document]:
        """Documents about task/risk/issue/deliverable ``item`` (``kind`` as in the front matter: "tasks"…)."""
        return self._related.get((slug, kind, item), [])

    def decisions(self, slug: str, document: Document) -> list[str]:
        """The ids of the issues whose ``decision.minutes`` names this document."""
        return self._decisions.get((slug, document.path), [])

    def minutes(self, project: Project, minutes: str | None) -> Document | None:
        """The document a ``decision.minutes`` names, if it names one that exists."""
        path = minutes_path(minutes)
        return next((d for d in project.documents if d.path == path), None) if path else None

    def of_person(self, name: str) -> list[tuple[Project, Document]]:
        return self._people.get(name, [])

    def of_department(self, name: str) -> list[tuple[Project, Document]]:
        return self._departments.get(name, [])

    def lessons(self) -> Iterator[tuple[Project, DocumentLesson]]:
        for project in self.kb.projects:
            for document in project.documents:
                for text in document.lessons:
                    yield project, DocumentLesson(text, document.tags, document)


def _resolver(project: Project, document: Document, src_uri: str, use_directory_urls: bool) -> Resolver:
    pages = {d.path: document_uri(project.slug, d) for d in project.documents}
    pages.update({name: f"projects/{project.slug}/{page}.md" for name, page in _FILE_PAGES.items() if name in project.files})
    attachments = frozenset(project.attachments)

    def resolve(url: str, image: bool) -> str | None:
        if is_external(url) or not url or url.startswith("#"):
            return None if image else url  # a link's scheme is nh3's to judge; an image never loads from elsewhere
        target = link_target(document.path, url)
        anchor = f"#{target.fragment}" if target.fragment else ""
        if target.path is None:
            return None
        if target.path in attachments and (not image or posixpath.splitext(target.path)[1].lower() in IMAGE_SUFFIXES):
            return quote(relative_url(src_uri, attachment_uri(project.slug, target.path), use_directory_urls))
        if target.path in pages and not image:
            return relative_url(src_uri, pages[target.path], use_directory_urls) + anchor
        return None

    return resolve


def build(builder: _Builder) -> dict[str, bytes]:
    """Render the documents tab and every document page into ``builder``; return the attachments."""
    renderer = DocumentText()
    static: dict[str, bytes] = {}
    for project in builder.kb.projects:
        common = dict(project=project, summary=builder.summaries[project.slug], h=builder.health[project.slug],
                      current=DOCS_TAB)
        open_actions = {d.path: [a for a in d.actions if not a.done] for d in project.documents}
        builder.render("documents.md", f"projects/{project.slug}/{DOCS_TAB}.md", builder.msg(f"site.tab.{DOCS_TAB}"),
                       open_actions=open_actions, validation=_validation(builder, project, None), **common)
        for document in project.documents:
            src_uri = document_uri(project.slug, document)
            body = renderer.document(_without_title(document), _resolver(project, document, src_uri,
                                                                           builder.use_directory_urls))
            builder.render("document.md", src_uri, document.title, document=document, body=body,
                           decisions=builder.documents.decisions(project.slug, document),
                           validation=_validation(builder, project, document.file),
                           person_page=builder.person_pages.get,
                           overdue={(f.line, f.column) for f in builder.by_project.get(project.slug, ())
                                    if f.rule == "minutes-action-overdue" and f.file == document.file},
                           **common)
        folder = builder.config.projects_path / project.slug
        for path in project.attachments:
            try:
                static[attachment_uri(project.slug, path)] = (folder / path).read_bytes()
            except OSError:
                continue  # vanished since the scan: its links show as plain text next build
    return static


def _validation(builder: _Builder, project: Project, file: str | None) -> list[Finding]:
    """The validation findings about one document (``file``), or about all of a project's documents."""
    prefix = f"{builder.config.projects_dir}/{project.slug}/{builder.config.documents_dir}/"
    return [f for f in builder.validation(project.slug) if (f.file == file if file else f.file.startswith(prefix))]


def _without_title(document: Document) -> str:
    """The body without a first ``# heading`` equal to the title (the page shows the title already)."""
    lines = document.body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].strip().lstrip("#").strip() == document.title and lines[first].startswith("# "):
        del lines[first]
    return "\n".join(lines)


def related_links(index: DocumentIndex) -> Mapping[str, object]:
    """What the task, risk, coordination and acceptance templates need to show related documents."""
    return {"related_documents": index.related, "minutes_document": index.minutes, "document_uri": document_uri}
