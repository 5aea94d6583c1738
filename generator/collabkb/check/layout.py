"""Layout: which files make up the knowledge base, and what is wrong with its folders.

Scans ``projects/`` of a ``Tree`` (the disk, or one git revision) once: slug-pattern
folder names, a ``project.yaml`` in every project, only known file names. The tree
says what each name is; anything but a regular file or a folder is named in a
finding and never opened: a symbolic link leaving the knowledge base, one pointing
to nothing or in a loop, a FIFO, socket or device, a name that is not UTF-8. A
project's documents folder is listed by ``check.documents.scan`` under the same rules. Names
starting with a dot (``.git``, ``.DS_Store``, editor swap files) are ignored.
Produces ``reference`` findings at line 1, column 1 of the folder or file concerned.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .documents import DOCUMENTS_DIR, DocumentFile, scan as scan_documents
from .findings import Finding, Severity
from ..i18n import Messages
from .tree import Kind, Tree, refusal
from .validate import DEPARTMENTS_FILE, FILE_KINDS

RULE = "reference"
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True, slots=True)
class ProjectFolder:
    slug: str
    files: tuple[tuple[str, str], ...]  # (file name, path relative to the root)
    documents: tuple[DocumentFile, ...] = ()  # Markdown under docs/ (see check.documents)
    attachments: tuple[DocumentFile, ...] = ()  # images and PDFs under docs/


@dataclass(frozen=True, slots=True)
class Layout:
    projects: tuple[ProjectFolder, ...]
    departments_file: str | None  # its path relative to the root
    findings: tuple[Finding, ...]


def scan(tree: Tree, projects_dir: str, msg: Messages, only: frozenset[str] | None = None,
         documents_dir: str = DOCUMENTS_DIR) -> Layout:
    findings: list[Finding] = []

    def problem(rel: str, message_key: str, project: str | None = None, **values: object) -> None:
        findings.append(Finding(rel, 1, RULE, 1, Severity.ERROR, project, None, msg(message_key, **values)))

    base = tree.kind(projects_dir)
    if base is Kind.OUTSIDE:
        problem(projects_dir, "ref.symlink_outside", name=projects_dir)
        return Layout((), None, tuple(findings))
    if base is not Kind.DIR:
        problem(projects_dir, "ref.no_projects_dir", dir=projects_dir)
        return Layout((), None, tuple(findings))

    departments: str | None = None
    projects: list[ProjectFolder] = []
    allowed = list(FILE_KINDS)
    for entry in tree.entries(projects_dir):
        name = entry.name
        if name.startswith("."):
            continue
        refused = refusal(entry)
        if refused:
            problem(entry.rel, refused, name=name)
            continue
        if entry.kind is Kind.FILE:
            if name == DEPARTMENTS_FILE:
                departments = entry.rel
            else:
                problem(entry.rel, "ref.stray_file", name=name, dir=projects_dir, departments=DEPARTMENTS_FILE)
            continue
        if only is not None and name not in only:
            continue
        if not SLUG_PATTERN.match(name):
            problem(entry.rel, "ref.bad_slug", name=name, pattern=SLUG_PATTERN.pattern)
            continue
        files: list[tuple[str, str]] = []
        documents: list[DocumentFile] = []
        attachments: list[DocumentFile] = []
        for child in tree.entries(entry.rel):
            if child.name.startswith("."):
                continue
            refused = refusal(child)
            if refused:
                problem(child.rel, refused, name=child.name, project=name)
            elif child.name in FILE_KINDS and child.kind is Kind.FILE:
                files.append((child.name, child.rel))
            elif child.name in FILE_KINDS:  # a folder under a known name: never opened
                problem(child.rel, "ref.not_a_file", name=child.name, project=name)
            elif child.name == documents_dir and child.kind is Kind.DIR:
                documents, attachments, found = scan_documents(tree, child.rel, name, msg)
                findings.extend(found)
            else:
                close = difflib.get_close_matches(child.name, allowed, n=1, cutoff=0.6)
                hint = msg("schema.did_you_mean", value=close[0]) if close else msg(
                    "ref.allowed_files", names=", ".join(allowed), docs=documents_dir)
                problem(child.rel, "ref.unknown_file", name=child.name, hint=hint, project=name)
        if not any(file_name == "project.yaml" for file_name, _ in files):
            problem(entry.rel, "ref.no_project_yaml", name=name, project=name)
            continue
        files.sort(key=lambda f: allowed.index(f[0]))
        projects.append(ProjectFolder(name, tuple(files), tuple(documents), tuple(attachments)))
    return Layout(tuple(projects), departments, tuple(findings))
