"""References to and from documents, checked with every other reference (``references.py``).

From a document's front matter: ``tasks``, ``risks``, ``issues`` and
``deliverables`` must be ids of this project, ``attendees`` people of its team;
an action item's owner must be a person (or a department) of the team. To a
document: ``coordination.yaml``'s ``decision.minutes`` may name a document path
(``docs/2026-09-01-协调会.md``), which must exist in the project.

As in ``references.py``, no cascades: an id in a file that could not be read, a
task set aside for a schema error, a document that exists but could not be read
is not "unknown".
"""

from __future__ import annotations

import difflib
import posixpath
from typing import Iterable, Iterator

from ..i18n import Messages
from .findings import Finding, Severity
from .model import Project, Source

RULE = "reference"
# (front-matter key, the file holding those ids, the kind named in messages).
_ID_LISTS = (("tasks", "tasks.yaml", "task"), ("risks", "risks.yaml", "risk"), ("issues", "coordination.yaml", "issue"),
             ("deliverables", "acceptance.yaml", "deliverable"))


def minutes_path(minutes: str | None) -> str | None:
    """The document path a ``decision.minutes`` names (relative to the project folder), or ``None``
    when it is the minutes' text: a path is one line ending in ``.md``."""
    if not minutes:
        return None
    value = minutes.strip()
    if "\n" in value or not value.lower().endswith(".md"):
        return None
    return posixpath.normpath(value)


def _ids(project: Project, kind: str) -> set[str]:
    if kind == "tasks":
        return set(project.task_by_id)
    if kind == "risks":
        return {risk.id for risk in project.risks}
    if kind == "issues":
        return {issue.id for issue in project.issues}
    return {deliverable.id for deliverable in project.acceptance}


def close_hint(msg: Messages, value: str, known: Iterable[str]) -> str:
    """"did you mean …" for a name or id that is not known, when a known one is close."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
    return msg("ref.hint_close", value=close[0]) if close else ""


def check(project: Project, msg: Messages) -> Iterator[Finding]:
    def finding(source: Source, key: str, index: int | None, message_key: str, item: str | None = None,
                **values: object) -> Finding:
        line, column = source.at(key, index)
        return Finding(source.file, line, RULE, column, Severity.ERROR, project.slug, item, msg(message_key, **values))

    people = project.people | project.set_aside_team
    owners = people | frozenset(project.departments)  # an action may be a department's, as in a retro
    ids = {key: _ids(project, key) for key, _, _ in _ID_LISTS}
    for document in project.documents:
        for key, file_name, kind in _ID_LISTS:
            if file_name in project.unusable_files:
                continue  # the file's own findings say why its ids cannot be known
            known = ids[key]
            for index, value in enumerate(getattr(document, key)):
                if value not in known and not (key == "tasks" and value in project.set_aside_tasks):
                    yield finding(document.source, key, index, "ref.doc_unknown_id", kind=msg(f"ref.kind.{kind}"),
                                  id=value, file=file_name, hint=close_hint(msg, value, known))
        for index, name in enumerate(document.attendees):
            if name not in people:
                yield finding(document.source, "attendees", index, "ref.unknown_person", person=name,
                              hint=close_hint(msg, name, project.people))
        for action in document.actions:
            if action.owner not in owners:
                yield finding(action.source, "owner", None, "ref.unknown_person", person=action.owner,
                              hint=close_hint(msg, action.owner, project.people))
    documents = [d.path for d in project.documents]
    for issue in project.issues:
        path = minutes_path(issue.decision.minutes if issue.decision else None)
        if path is None or issue.decision is None or issue.decision.source is None:
            continue
        if path == ".." or path.startswith(("../", "/")):
            yield finding(issue.decision.source, "minutes", None, "ref.minutes_outside", issue.id, path=path)
        elif path not in project.files:
            yield finding(issue.decision.source, "minutes", None, "ref.minutes_missing", issue.id, path=path,
                          hint=close_hint(msg, path, documents))
