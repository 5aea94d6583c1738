"""Documents: the Markdown files in a project's ``docs/`` folder (minutes, reviews, reports).

``scan`` lists a project's documents (``*.md`` at any depth) and attachments
(images and PDFs they may show or link); ``read_documents`` reads them into
``Document`` values with their findings:

- ``yaml``: unreadable, too large (``max_file_size``, as for YAML), not UTF-8,
  front matter that never closes, is not YAML or not a mapping;
- ``schema``: front matter breaking ``schemas/document.schema.json`` (the key is
  set aside, the document still published), a bad action-item date, a document
  with no text;
- ``reference``: a link or image pointing out of the project folder or at no file,
  an image from another host, two documents whose URLs would collide.

A document without front matter is published with the title of its first
heading and the date it was first committed to git (``git.added.FirstCommitDates``).
Ids, attendees and action owners are checked against the project in
``document_refs``, with every other reference.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import replace
from typing import Callable, Iterable

from ..i18n import Messages
from . import document_text as text
from .findings import Finding, Severity
from .load import YamlMap, encoding_problem, parse, read_bytes
from .model import ActionItem, Document, Source
from .tree import Entry, Kind, Tree, refusal
from .validate import SchemaValidator

DOCUMENTS_DIR = "docs"
DOCUMENT_SUFFIX = ".md"
ATTACHMENT_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
TYPES = ("minutes", "review", "report", "decision", "note")  # as in document.schema.json; templates for each
DOCS_TAB = "docs"  # projects/<slug>/docs.md, the tab listing a project's documents
# The project's own pages, in tab order (the site's tabs and nav); a document must not take one of
# their URLs (docs/index.md would be /docs/).
PROJECT_PAGES = ("index", "tasks", "risks", "coordination", "acceptance", "retro", DOCS_TAB)
_LINK_SCHEMES = ("http:", "https:", "mailto:", "//")  # what the site keeps (``render._URL_SCHEMES``)
_LIST_KEYS = ("attendees", "tasks", "risks", "issues", "deliverables", "tags")

DocumentFile = tuple[str, str]  # (path in the project folder, path relative to the root)




# ---- the files -------------------------------------------------------------------------

MAX_FOLDER_DEPTH = 8  # folders inside a documents folder; deeper is refused (a link back up would never end)


def scan(tree: Tree, folder: str, project: str, msg: Messages
         ) -> tuple[list[DocumentFile], list[DocumentFile], list[Finding]]:
    """Documents, attachments and the findings about anything else under ``folder`` (recursively).

    The tree's rules apply (check/tree.py): a link out of the knowledge base, to nothing
    or in a loop, a FIFO or device, a name that is not UTF-8 is named and never opened;
    names starting with a dot are ignored."""
    documents: list[DocumentFile] = []
    attachments: list[DocumentFile] = []
    findings: list[Finding] = []
    project_folder = posixpath.dirname(folder)

    def problem(entry: Entry, key: str, **values: object) -> None:
        findings.append(Finding(entry.rel, 1, "reference", 1, Severity.ERROR, project, None,
                                msg(key, name=entry.name, project=project, **values)))

    def walk(directory: str, depth: int) -> None:
        for entry in tree.entries(directory):
            if entry.name.startswith("."):
                continue
            described = (posixpath.relpath(entry.rel, project_folder), entry.rel)
            suffix = posixpath.splitext(entry.name)[1].lower()
            refused = refusal(entry)
            if refused:
                problem(entry, refused)
            elif entry.kind is Kind.DIR:
                if depth < MAX_FOLDER_DEPTH:
                    walk(entry.rel, depth + 1)
                else:
                    problem(entry, "ref.doc_too_deep", limit=MAX_FOLDER_DEPTH)
            elif suffix == DOCUMENT_SUFFIX:
                documents.append(described)
            elif suffix in ATTACHMENT_SUFFIXES:
                attachments.append(described)
            else:
                problem(entry, "ref.doc_unknown_file", kinds=", ".join((DOCUMENT_SUFFIX, *ATTACHMENT_SUFFIXES)))

    walk(folder, 1)
    return documents, attachments, findings


# ---- reading one document --------------------------------------------------------------

class _Reader:
    def __init__(self, path: str, rel: str, project: str, msg: Messages) -> None:
        self.path = path
        self.rel = rel
        self.project = project
        self.msg = msg
        self.findings: list[Finding] = []

    def problem(self, rule: str, mark: tuple[int, int], key: str, **values: object) -> None:
        self.findings.append(Finding(self.rel, mark[0], rule, mark[1], Severity.ERROR, self.project, None,
                                     self.msg(key, **values)))

    def front_matter(self, front: str, validator: SchemaValidator) -> YamlMap:
        """The usable part of the front matter: empty when it cannot be read, invalid keys set aside."""
        empty = YamlMap((1, 1))
        if all(not line.strip() or line.lstrip().startswith("#") for line in front.split("\n")[1:]):
            return empty
        loaded = parse(front.encode("utf-8"), self.rel, self.msg)
        self.findings.extend(replace(f, project=self.project) for f in loaded.findings)
        if loaded.data is None:
            return empty
        for error in validator.errors(loaded.data, self.rel, self.msg):
            self.findings.append(replace(error.finding, project=self.project))
            if error.path and error.path[0] in loaded.data:
                loaded.data.remove(error.path[0])  # set aside: the rest of the front matter still counts
        return loaded.data

    def actions(self, body: str, first_line: int) -> tuple[ActionItem, ...]:
        items = []
        for line in text.action_lines(body, first_line):
            try:
                due = dt.date.fromisoformat(line.date)
            except ValueError:
                self.problem("schema", (line.line, line.date_column), "document.action_date", value=line.date)
                continue
            marks = {"owner": (line.line, line.owner_column), "due": (line.line, line.date_column)}
            items.append(ActionItem(line.done, line.owner, due, line.text,
                                    Source(self.rel, (line.line, line.owner_column), marks)))
        return tuple(items)

    def links(self, body: str, first_line: int, known: frozenset[str]) -> None:
        for link in text.links(body, first_line):
            where = (link.line, link.column)
            if link.image and text.is_external(link.url):
                self.problem("reference", where, "ref.doc_image_external", url=link.url[:80])
                continue
            if text.is_external(link.url) and not link.url.lower().startswith(_LINK_SCHEMES):
                self.problem("reference", where, "ref.doc_link_scheme", url=link.url[:80])
                continue
            target = text.link_target(self.path, link.url)
            if target.outside:
                self.problem("reference", where, "ref.doc_image_outside" if link.image else "ref.doc_link_outside",
                             url=link.url[:80])
            elif target.path is not None and target.path not in known:
                self.problem("reference", where, "ref.doc_link_missing", url=link.url[:80], path=target.path)


def _title(path: str, data: YamlMap, body: str) -> str:
    title = data.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    return text.first_heading(body) or path.rsplit("/", 1)[-1].removesuffix(DOCUMENT_SUFFIX).removesuffix(".MD")


def read_document(tree: Tree, file: DocumentFile, project: str, msg: Messages, max_size: int,
                  validator: SchemaValidator, known: frozenset[str], first_commit: Callable[[str], dt.date | None]
                  ) -> tuple[Document | None, list[Finding]]:
    """One document and its findings; ``None`` when it cannot be read at all (too large, not UTF-8)."""
    path, rel = file
    reader = _Reader(path, rel, project, msg)
    content = read_bytes(tree, rel, msg, max_size)
    if isinstance(content, Finding):
        return None, [replace(content, project=project)]
    content = content.removeprefix(b"\xef\xbb\xbf")
    wrong = encoding_problem(content)
    if wrong is not None:
        reader.problem("yaml", wrong[0], "yaml.encoding", byte=wrong[1], guess=wrong[2])
        return None, reader.findings
    decoded = content.decode("utf-8")
    try:
        split = text.split_front_matter(decoded)
    except text.Unclosed:  # published as it is: the whole file is its text
        reader.problem("yaml", (1, 1), "document.unclosed")
        split = text.Split(None, decoded, 1, None)
    data = reader.front_matter(split.front, validator) if split.front is not None else YamlMap((1, 1))
    if not split.body.strip():
        reader.problem("schema", (split.closing_line or 1, 1), "document.empty")
    reader.links(split.body, split.body_line, known)
    date = data.get("date")
    lists = {key: tuple(str(v) for v in data.get(key) or ()) for key in _LIST_KEYS}
    document = Document(
        path=path, file=rel, url_path="",  # set by ``with_urls``, which sees every document
        title=_title(path, data, split.body), date=dt.date.fromisoformat(date) if date else first_commit(rel),
        type=data.get("type"), body=split.body, body_line=split.body_line,
        actions=reader.actions(split.body, split.body_line),
        lessons=text.lessons(split.body) if data.get("type") == "report" else (),
        source=Source.of(rel, data), **lists)
    return document, reader.findings


# ---- URLs --------------------------------------------------------------------------------

def _segment(name: str) -> str:
    """A readable URL segment: lower case, anything but letters, digits and hyphens → a hyphen."""
    return re.sub(r"[^\w-]+", "-", name.strip().lower(), flags=re.UNICODE).strip("-_") or "document"


def _page(url_path: str) -> str:
    """The page a URL path ends up as: ``x/index`` and ``x`` are both ``/x/``."""
    return url_path.removesuffix("/index")


def with_urls(documents: Iterable[Document], msg: Messages) -> tuple[list[Document], list[Finding]]:
    """Each document with its URL path (the file path, each segment made readable); when two
    would share a page (or one would take a tab's page), the later by path gets a numbered
    suffix and a ``reference`` finding."""
    taken: dict[str, str] = {}
    result: list[Document] = []
    findings: list[Finding] = []
    for document in sorted(documents, key=lambda d: d.path):
        *folders, name = document.path.split("/")
        base = "/".join([*(_segment(f) for f in folders), _segment(name.rsplit(".", 1)[0])])
        url, n = base, 2
        while _page(url) in taken or _page(url) in PROJECT_PAGES:
            url, n = f"{base}-{n}", n + 1
        if url != base:
            first = taken.get(_page(base))
            key = "ref.doc_slug_collision" if first else "ref.doc_slug_reserved"
            findings.append(Finding(document.file, 1, "reference", 1, Severity.ERROR, None, None,
                                    msg(key, path=document.path, other=first or "", url=base, used=url)))
        taken[_page(url)] = document.path
        result.append(replace(document, url_path=url))
    return result, findings


def read_documents(tree: Tree, files: Iterable[DocumentFile], project: str, msg: Messages, max_size: int,
                   validator: SchemaValidator, known: frozenset[str], first_commit: Callable[[str], dt.date | None]
                   ) -> tuple[tuple[Document, ...], list[Finding], frozenset[str]]:
    """Every readable document of a project (newest first), the findings, and the paths that could not be read."""
    documents: list[Document] = []
    findings: list[Finding] = []
    unreadable: set[str] = set()
    for file in files:
        document, problems = read_document(tree, file, project, msg, max_size, validator, known, first_commit)
        findings.extend(problems)
        if document is None:
            unreadable.add(file[0])
        else:
            documents.append(document)
    named, collisions = with_urls(documents, msg)
    findings.extend(replace(f, project=project) for f in collisions)
    named.sort(key=lambda d: (d.date is None, -(d.date.toordinal() if d.date else 0), d.path))
    return tuple(named), findings, frozenset(unreadable)
