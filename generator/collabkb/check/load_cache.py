"""What ``mkdocs serve`` keeps between two checks of the same knowledge base: each project's
model and the findings reading it produced, keyed by the exact bytes of its files.

Why: at 300 projects, reading, validating and modelling every file again after one saved
``tasks.yaml`` cost about a second of each serve rebuild, for 299 projects whose files did
not change. Why it is never stale:

* a project is reused only when the bytes of **every** file the reader would open for it (its
  YAML files and its documents) have the same digest (BLAKE2b, 16 bytes) as when it was read,
  and its folder lists the same files, documents and attachments (``ProjectFolder`` compared
  whole); size and mtime are not trusted: two saves within one mtime tick that keep the size
  (the benchmark's edits do) would look unchanged;
* everything else the reader uses is fixed for the whole cache (``generation``): the
  configuration (``repr`` of ``Config``: language, size limit, documents folder…) and the
  repository's ``HEAD`` (documents without a date are dated by their first commit). When
  either differs, everything is dropped;
* a file that cannot be read (too large, gone, not a regular file) makes its project
  uncacheable: it is read the ordinary way and says why;
* what is cross-project (departments, references between projects, the rules) is not
  cached here: ``pipeline`` computes it from the models every time.

A reused ``Project`` is the same object as before, so the site (``site/page_cache.py``)
can tell by identity that a project's data did not change. The cache lives on the MkDocs
plugin instance and is passed explicitly; the CLI never passes one, so its path is
unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable

from .findings import Finding
from .layout import ProjectFolder
from .model import BrokenProject, Project
from .tree import Tree


@dataclass(frozen=True)
class _Entry:
    key: tuple[Any, ...]
    built: Project | BrokenProject
    findings: tuple[Finding, ...]


@dataclass
class LoadStats:
    """How the last check went (for tests and the profile): projects reused and read."""

    reused: int = 0
    read: int = 0


@dataclass
class LoadCache:
    """Per-project models kept across the checks of one ``mkdocs serve`` (see the module)."""

    generation: tuple[Any, ...] | None = None
    entries: dict[str, _Entry] = field(default_factory=dict)
    stats: LoadStats = field(default_factory=LoadStats)

    def begin(self, generation: tuple[Any, ...]) -> None:
        """Start one check: drop everything when what every project depends on changed."""
        if generation != self.generation:
            self.entries.clear()
            self.generation = generation
        self.stats = LoadStats()

    def project(self, folder: ProjectFolder, tree: Tree, max_size: int, findings: list[Finding],
                read: Callable[[ProjectFolder], Project | BrokenProject]) -> Project | BrokenProject:
        """The model of ``folder``: the kept one when its files' bytes are unchanged, else
        ``read(folder)``; the findings reading produced (now or then) are appended to ``findings``."""
        key = _key(folder, tree, max_size)
        entry = self.entries.get(folder.slug)
        if key is not None and entry is not None and entry.key == key:
            findings.extend(entry.findings)
            self.stats.reused += 1
            return entry.built
        start = len(findings)
        built = read(folder)
        self.stats.read += 1
        if key is None:
            self.entries.pop(folder.slug, None)
        else:
            self.entries[folder.slug] = _Entry(key, built, tuple(findings[start:]))
        return built

    def keep_only(self, slugs: set[str]) -> None:
        """Forget projects whose folder is gone (a deleted project must not come back)."""
        for slug in [s for s in self.entries if s not in slugs]:
            del self.entries[slug]


def _key(folder: ProjectFolder, tree: Tree, max_size: int) -> tuple[Any, ...] | None:
    """The folder as listed plus a digest of every file the reader opens; ``None``: uncacheable."""
    digests = []
    for rel in [rel for _, rel in folder.files] + [rel for _, rel in folder.documents]:
        try:
            content = tree.read(rel, max_size)
        except OSError:  # too large, gone, special: the ordinary path reports it
            return None
        digests.append((rel, hashlib.blake2b(content, digest_size=16).digest()))
    return (folder, tuple(digests))
