"""Project documents in the wiki: the "文档与纪要" tab, one page per document, its attachments.

- ``/projects/<slug>/docs/``: the project's documents, newest first, with type,
  attendees, linked items and open action items;
- ``/projects/<slug>/<url_path>/`` (``docs/2026-09-01-协调会/``): one document,
  its front matter as facts, its action items, then its text (``document_render``);
- attachments (images, PDFs under ``docs/``) are published at their own path.

``document_index.DocumentIndex`` answers the other pages' questions (the documents
related to an item, a person's, a department's, the lessons of summary reports).
"""

from __future__ import annotations

import posixpath
from typing import Any, Callable
from urllib.parse import quote

from ..check.document_text import is_external, link_target
from ..check.documents import DOCS_TAB, IMAGE_SUFFIXES, Document
from ..check.findings import Finding
from ..check.model import Project
from .document_index import attachment_uri, document_uri
from .document_render import DocumentText, Resolver
from .page_cache import Context, PageCache
from .render import relative_url
from .renderer import Renderer, project_uri

# A link to a project file in a document opens that file's page.
_FILE_PAGES = {"project.yaml": "index", "tasks.yaml": "tasks", "risks.yaml": "risks", "coordination.yaml": "coordination",
               "acceptance.yaml": "acceptance", "retro.yaml": "retro"}


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


def build(builder: Renderer, cache: PageCache | None = None, context: Callable[[], Context] | None = None
          ) -> dict[str, bytes]:
    """Render the documents tab and every document page into ``builder``; return the attachments.
    ``cache``/``context`` (``mkdocs serve``): a project's document pages are reused under the same
    key as its other pages (``page_cache.Context.project``: they read the same inputs). Attachments
    are read from disk every build."""
    renderer = DocumentText()
    static: dict[str, bytes] = {}
    for project in builder.kb.projects:
        owner = ("documents", project.slug)
        key = context().project(project) if cache is not None and context is not None else None
        kept = cache.get(owner, key) if cache is not None and key is not None else None
        if kept is not None:
            builder.pages.extend(kept[0])
        else:
            start = len(builder.pages)
            _project_documents(builder, renderer, project)
            if cache is not None and key is not None:
                cache.put(owner, key, builder.pages[start:])
        folder = builder.config.projects_path / project.slug
        for path in project.attachments:
            try:
                static[attachment_uri(project.slug, path)] = (folder / path).read_bytes()
            except OSError:
                continue  # vanished since the scan: its links show as plain text next build
    return static


def _project_documents(builder: Renderer, renderer: DocumentText, project: Project) -> None:
    """One project's documents tab and document pages, rendered into ``builder``."""
    common: dict[str, Any] = dict(project=project, summary=builder.summaries[project.slug], h=builder.health[project.slug],
                  current=DOCS_TAB)
    open_actions = {d.path: [a for a in d.actions if not a.done] for d in project.documents}
    builder.render("documents.md", project_uri(project.slug, DOCS_TAB), builder.msg(f"site.tab.{DOCS_TAB}"),
                   meta=builder.project_meta(project, DOCS_TAB), open_actions=open_actions,
                   validation=_validation(builder, project, None), **common)
    for document in project.documents:
        src_uri = document_uri(project.slug, document)
        body = renderer.document(_without_title(document), _resolver(project, document, src_uri,
                                                                       builder.use_directory_urls))
        builder.render("document.md", src_uri, document.title, meta={"title": f"{project.name} · {document.title}"},
                       document=document, body=body,
                       decisions=builder.documents.decisions(project.slug, document),
                       validation=_validation(builder, project, document.file),
                       overdue={(f.line, f.column) for f in builder.by_project.get(project.slug, ())
                                if f.rule == "minutes-action-overdue" and f.file == document.file},
                       **common)


def _validation(builder: Renderer, project: Project, file: str | None) -> list[Finding]:
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
