"""Trees: where the knowledge base's files are read from, behind one small interface.

``DiskTree`` is the working tree; ``git.revision.GitTree`` is one commit read from
git's object store. Layout and the loader only ask a tree what a path is and for a
file's bytes, so nothing is ever written to read an old revision, and the rules
about what may be read live here once:

* a symbolic link is followed only while it stays inside the knowledge base
  (``OUTSIDE``: its target is never read; ``outside_root`` is the one test, shared
  with ``collabkb new``);
* only regular files are read: a FIFO, socket or device is ``SPECIAL``, a link to
  nothing ``DANGLING``, a link that never ends ``LOOP``;
* a file name that is not UTF-8 is shown with its bytes escaped (``\\xff``) and
  never read; ``Entry.readable`` says so.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol


class Kind(Enum):
    FILE = "file"
    DIR = "dir"
    OUTSIDE = "outside"  # a symbolic link leaving the knowledge base
    DANGLING = "dangling"  # a symbolic link to nothing
    LOOP = "loop"  # a symbolic link that never resolves
    SPECIAL = "special"  # a FIFO, socket or device node


class TooLarge(OSError):
    """A file over the size limit: refused before it is read."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "file too large")
        self.size = size


@dataclass(frozen=True, slots=True)
class Entry:
    """One name in a folder: ``rel`` is its path from the root (POSIX), as shown to users."""

    name: str
    rel: str
    kind: Kind
    readable: bool = True  # False: the name is not UTF-8 (``name`` shows its bytes escaped)


class Tree(Protocol):
    def kind(self, rel: str) -> Kind | None:
        """What ``rel`` is (symbolic links resolved), ``None`` when nothing is there."""

    def entries(self, rel: str) -> list[Entry]:
        """The names in folder ``rel``, sorted; ``[]`` when it is not a folder."""

    def read(self, rel: str, max_size: int) -> bytes:
        """The bytes of regular file ``rel``; ``TooLarge`` or another ``OSError`` otherwise."""


# What a name that is neither a regular file nor a folder gets said about it (a message key).
_NOT_READ = {Kind.OUTSIDE: "ref.symlink_outside", Kind.DANGLING: "ref.dangling", Kind.LOOP: "ref.loop",
             Kind.SPECIAL: "ref.special"}


def refusal(entry: Entry) -> str | None:
    """The message key for a name that must not be opened, if it is one (layout and documents)."""
    if not entry.readable:
        return "ref.bad_name"
    return _NOT_READ.get(entry.kind)


def shown_name(name: str) -> tuple[str, bool]:
    """A file name as text users can read, and whether it was valid UTF-8 (bytes undecodable
    from the file system arrive as surrogates; they are shown as ``\\xNN``)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace"), False
    return name, True


def outside_root(path: Path, root: Path) -> bool:
    """Whether ``path`` resolves (symbolic links followed, nothing read) outside ``root``."""
    return _outside(path, Path(os.path.realpath(root)))


def _outside(path: Path, root_real: Path) -> bool:
    target = Path(os.path.realpath(path))
    return target != root_real and root_real not in target.parents


class DiskTree:
    """The knowledge base as it is on disk at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root_real = Path(os.path.realpath(root))

    def kind(self, rel: str) -> Kind | None:
        path = self.root / rel
        if rel and _outside(path.parent, self._root_real):  # a folder on the way links out
            return Kind.OUTSIDE if os.path.lexists(path) else None
        return self._kind(path)

    def _kind(self, path: Path) -> Kind | None:
        """What ``path`` is, its folder being known to lie inside the root."""
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            if _outside(path, self._root_real):
                return Kind.OUTSIDE
            try:
                mode = os.stat(path).st_mode
            except OSError as error:
                return Kind.LOOP if error.errno == errno.ELOOP else Kind.DANGLING
        return Kind.FILE if stat.S_ISREG(mode) else Kind.DIR if stat.S_ISDIR(mode) else Kind.SPECIAL

    def entries(self, rel: str) -> list[Entry]:
        if self.kind(rel) is not Kind.DIR:
            return []
        folder = self.root / rel
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return []
        result = []
        for name in names:
            shown, readable = shown_name(name)
            kind = self._kind(folder / name) or Kind.DANGLING  # removed while we looked
            result.append(Entry(shown, f"{rel}/{shown}" if rel else shown, kind, readable))
        return result

    def read(self, rel: str, max_size: int) -> bytes:
        if self.kind(rel) is not Kind.FILE:
            raise OSError(errno.EINVAL, "not a regular file inside the knowledge base")
        # Non-blocking, and checked again on the open file: a FIFO swapped in meanwhile
        # is refused, not waited on.
        fd = os.open(self.root / rel, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            if info.st_size > max_size:
                raise TooLarge(info.st_size)
            content = handle.read(max_size + 1)
        if len(content) > max_size:  # grew while we read
            raise TooLarge(len(content))
        return content
