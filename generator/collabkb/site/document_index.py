"""Which documents each task, risk, issue, deliverable, person and department has, and
their addresses: built once per site (``site/renderer.py``), read by every page that
lists related documents; the document pages themselves are ``document_pages``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator, Mapping

from ..check.document_refs import minutes_path
from ..check.documents import Document
from ..check.model import KnowledgeBase, Project

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


def related_links(index: DocumentIndex) -> Mapping[str, object]:
    """What the task, risk, coordination and acceptance templates need to show related documents."""
    return {"related_documents": index.related, "minutes_document": index.minutes, "document_uri": document_uri}
