"""Layout: which files make up the knowledge base, and what is wrong with its folders.

Scans ``projects/`` once: slug-pattern folder names, a ``project.yaml`` in every
project, only known file names (and the documents folder, listed by
``check.documents.scan``), and no symlink that leaves the knowledge base
(refused before its target is ever read: only ``realpath`` is consulted, which
reads links, never files). Only regular files are read. Names starting with a
dot (``.git``, ``.DS_Store``, editor swap files) are ignored. Produces
``reference`` findings at line 1, column 1 of the folder or file concerned.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .documents import DOCUMENTS_DIR, DocumentFile, scan as scan_documents
from .findings import Finding, Severity
from ..i18n import Messages
from .validate import DEPARTMENTS_FILE, FILE_KINDS

RULE = "reference"
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True, slots=True)
class ProjectFolder:
    slug: str
    files: tuple[tuple[str, Path, str], ...]  # (file name, absolute path, path relative to root)
    documents: tuple[DocumentFile, ...] = ()  # Markdown under docs/ (see check.documents)
    attachments: tuple[DocumentFile, ...] = ()  # images and PDFs under docs/


@dataclass(frozen=True, slots=True)
class Layout:
    projects: tuple[ProjectFolder, ...]
    departments_file: tuple[Path, str] | None
    findings: tuple[Finding, ...]


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _escapes(path: Path, root_real: Path) -> bool:
    """A symlink whose target lies outside the knowledge base (resolved without reading it)."""
    if not path.is_symlink():
        return False
    target = Path(os.path.realpath(path))
    return target != root_real and root_real not in target.parents


def scan(root: Path, projects_dir: str, msg: Messages, only: frozenset[str] | None = None,
         documents_dir: str = DOCUMENTS_DIR) -> Layout:
    base = root / projects_dir
    root_real = Path(os.path.realpath(root))
    findings: list[Finding] = []

    def problem(path: Path, message_key: str, project: str | None = None, **values: object) -> None:
        findings.append(Finding(_rel(root, path), 1, RULE, 1, Severity.ERROR, project, None, msg(message_key, **values)))

    if _escapes(base, root_real):
        problem(base, "ref.symlink_outside", name=projects_dir)
        return Layout((), None, tuple(findings))
    if not base.is_dir():
        problem(base, "ref.no_projects_dir", dir=projects_dir)
        return Layout((), None, tuple(findings))

    departments: tuple[Path, str] | None = None
    projects: list[ProjectFolder] = []
    allowed = list(FILE_KINDS)
    for entry in sorted(base.iterdir()):
        name = entry.name
        if name.startswith("."):
            continue
        if _escapes(entry, root_real):
            problem(entry, "ref.symlink_outside", name=name)
            continue
        if entry.is_file():
            if name == DEPARTMENTS_FILE:
                departments = (entry, _rel(root, entry))
            else:
                problem(entry, "ref.stray_file", name=name, dir=projects_dir, departments=DEPARTMENTS_FILE)
            continue
        if not entry.is_dir():
            continue
        if only is not None and name not in only:
            continue
        if not SLUG_PATTERN.match(name):
            problem(entry, "ref.bad_slug", name=name, pattern=SLUG_PATTERN.pattern)
            continue
        files: list[tuple[str, Path, str]] = []
        documents: list[DocumentFile] = []
        attachments: list[DocumentFile] = []
        for child in sorted(entry.iterdir()):
            if child.name.startswith("."):
                continue
            if _escapes(child, root_real):
                problem(child, "ref.symlink_outside", name=child.name, project=name)
            elif child.name in FILE_KINDS and child.is_file():
                files.append((child.name, child, _rel(root, child)))
            elif child.name in FILE_KINDS:  # a folder or a FIFO under a known name: never opened
                problem(child, "ref.not_a_file", name=child.name, project=name)
            elif child.name == documents_dir and child.is_dir() and not child.is_symlink():
                documents, attachments, found = scan_documents(child, root, name, msg, lambda path: _escapes(path, root_real))
                findings.extend(found)
            else:
                close = difflib.get_close_matches(child.name, allowed, n=1, cutoff=0.6)
                hint = msg("schema.did_you_mean", value=close[0]) if close else msg(
                    "ref.allowed_files", names=", ".join(allowed), docs=documents_dir)
                problem(child, "ref.unknown_file", name=child.name, hint=hint, project=name)
        if not any(file_name == "project.yaml" for file_name, _, _ in files):
            problem(entry, "ref.no_project_yaml", name=name, project=name)
            continue
        files.sort(key=lambda f: allowed.index(f[0]))
        projects.append(ProjectFolder(name, tuple(files), tuple(documents), tuple(attachments)))
    return Layout(tuple(projects), departments, tuple(findings))
