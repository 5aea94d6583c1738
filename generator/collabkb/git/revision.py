"""One git revision as a ``Tree``: the knowledge base as it was at a commit, read as blobs.

Nothing is written to disk: one ``git ls-tree`` lists every path, and file contents
come from ``git cat-file --batch`` (all YAML files of the listing in one call, on the
first read). Paths stay bytes until decoded with ``surrogateescape``, so a name that
is not UTF-8 — even in an old or deleted version — is shown escaped, never a crash.

Symbolic links are resolved on the listing, as the file system would resolve them in
a checkout: a link is followed only while it stays inside the knowledge base
(``OUTSIDE`` otherwise, and its target is never looked at), one to nothing is
``DANGLING``, and a chain longer than ``MAX_LINKS`` is a ``LOOP``. A tree crafted with
``..`` as a name or with a folder and a link of the same name is just names here:
a ``..`` entry starts with a dot (layout ignores it) and nothing is ever joined onto
a real folder.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from ..check.tree import Entry, Kind, TooLarge, shown_name
from .history import Repo

MAX_LINKS = 40  # as Linux's own limit on symbolic links followed in one lookup
_LINK_MODE = b"120000"
_SUBMODULE_MODE = b"160000"


class _Stop(Exception):
    """Resolution ended somewhere that is not a path of the tree."""

    def __init__(self, kind: Kind) -> None:
        super().__init__(kind.value)
        self.kind = kind


class GitTree:
    """The knowledge base at ``commit`` of ``repo`` (paths relative to the knowledge-base root)."""

    def __init__(self, repo: Repo, commit: str) -> None:
        self.repo = repo
        prefix = repo.prefix.encode("utf-8", "surrogateescape")
        out = repo.git("ls-tree", "-r", "-l", "-z", "--full-tree", commit, *(["--", repo.prefix] if repo.prefix else []))
        self._files: dict[str, tuple[str, int]] = {}  # path → (blob id, size)
        self._links: dict[str, str] = {}  # path → blob id of the link's target text
        self._other: set[str] = set()  # submodules: neither file nor folder
        self._children: dict[str, set[str]] = defaultdict(set)
        for record in out.split(b"\0"):
            if not record or b"\t" not in record:
                continue
            meta, raw_path = record.split(b"\t", 1)
            if not raw_path.startswith(prefix):
                continue
            mode, _, sha, size = meta.split()
            path = raw_path[len(prefix):].decode("utf-8", "surrogateescape")
            if mode == _LINK_MODE:
                self._links[path] = sha.decode()
            elif mode == _SUBMODULE_MODE:
                self._other.add(path)
            else:
                self._files[path] = (sha.decode(), int(size) if size.isdigit() else 0)
            parts = path.split("/")
            for depth in range(len(parts)):
                self._children["/".join(parts[:depth])].add(parts[depth])
        targets = repo.blobs(set(self._links.values()))
        self._targets = {sha: text.decode("utf-8", "surrogateescape") for sha, text in targets.items()}
        self._contents: dict[str, bytes] = {}
        self._fetched: set[tuple[str, str]] = set()  # (top folder, suffix) whose blobs are in _contents

    def _resolve(self, rel: str, hops: int = 0) -> str:
        """``rel`` with every symbolic link on the way followed; ``_Stop`` when it cannot be."""
        current = ""
        for part in rel.split("/") if rel else ():
            candidate = f"{current}/{part}" if current else part
            sha = self._links.get(candidate)
            if sha is None:
                current = candidate
                continue
            if hops >= MAX_LINKS:
                raise _Stop(Kind.LOOP)
            target = self._targets.get(sha, "")
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(candidate), target))
            if not target or target.startswith("/") or joined == ".." or joined.startswith("../"):
                raise _Stop(Kind.OUTSIDE)
            current = "" if joined == "." else self._resolve(joined, hops + 1)
        return current

    def kind(self, rel: str) -> Kind | None:
        try:
            path = self._resolve(rel)
        except _Stop as stop:
            return stop.kind
        if path in self._files:
            return Kind.FILE
        if path == "" or path in self._children:
            return Kind.DIR
        if path in self._other:
            return Kind.SPECIAL
        return Kind.DANGLING if rel in self._links or self._via_link(rel) else None

    def _via_link(self, rel: str) -> bool:
        parts = rel.split("/")
        return any("/".join(parts[:depth]) in self._links for depth in range(1, len(parts)))

    def entries(self, rel: str) -> list[Entry]:
        if self.kind(rel) is not Kind.DIR:
            return []
        result = []
        for name in sorted(self._children.get(self._resolve(rel), ())):
            shown, readable = shown_name(name)
            child = f"{rel}/{name}" if rel else name
            result.append(Entry(shown, f"{rel}/{shown}" if rel else shown, self.kind(child) or Kind.DANGLING, readable))
        return result

    def read(self, rel: str, max_size: int) -> bytes:
        if self.kind(rel) is not Kind.FILE:
            raise OSError(f"'{rel}' is not a regular file in this revision")
        path = self._resolve(rel)
        sha, size = self._files[path]
        if size > max_size:
            raise TooLarge(size)
        # Every file of this kind in the same top folder (projects/: YAML, documents), in one git call.
        top, suffix = path.split("/", 1)[0] + "/", posixpath.splitext(path)[1].lower()
        if (top, suffix) not in self._fetched:
            self._fetched.add((top, suffix))
            self._contents.update(self.repo.blobs(blob for other, (blob, length) in self._files.items()
                                                  if length <= max_size and other.startswith(top)
                                                  and other.lower().endswith(suffix)))
        content = self._contents.get(sha)
        if content is None:
            content = self.repo.blobs([sha]).get(sha, b"")
        return content
