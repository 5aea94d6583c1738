"""Output files: every file the CLI writes goes through ``write_output`` or ``append_output``.

``write_output(path, data, protected=…, force=…)`` (``export -o``):

* a special file — a FIFO, a device such as ``/dev/null``, a socket — is written as a
  stream, never replaced by a regular file; ``/dev/stdout``, ``/dev/stderr`` and
  ``/dev/fd/N`` write to that descriptor, wherever it points;
* a file of the knowledge base (``protected``: ``mkdocs.yml``, anything under
  ``projects/``, ``schemas/``, ``docs/``) is refused unless ``force``;
* anything else is replaced atomically: a temporary file beside it, then one rename,
  so a reader never sees half a file. A symbolic link is followed and judged by what
  it points to (a link to ``mkdocs.yml`` is ``mkdocs.yml``); the link stays a link.

``append_output(path, text)`` (``$GITHUB_STEP_SUMMARY``) appends, and refuses a folder.

Every problem is an ``OutputError`` naming the path and what to do, never a traceback.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .i18n import Messages

# Paths that name an open descriptor of this process, not a file to replace.
_DESCRIPTOR = re.compile(r"^/(?:dev/(?:fd/(?P<fd>\d+)|(?P<std>stdout|stderr))|proc/self/fd/(?P<pfd>\d+))$")
_STANDARD = {"stdout": 1, "stderr": 2}


class OutputError(Exception):
    """A file that must not or cannot be written; ``text(msg)`` says which and why."""

    def __init__(self, message_key: str, **values: object) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.values = values

    def text(self, msg: Messages) -> str:
        return msg(self.message_key, **self.values)


def knowledge_base_paths(root: Path, projects_dir: str) -> tuple[Path, ...]:
    """What ``write_output`` must not replace without ``force``: the config and the data, schemas and docs."""
    return (root / "mkdocs.yml", root / projects_dir, root / "schemas", root / "docs")


def _inside(path: Path, protected: Iterable[Path]) -> Path | None:
    for guarded in protected:
        real = Path(os.path.realpath(guarded))
        if path == real or real in path.parents:
            return guarded
    return None


def _descriptor(path: Path) -> int | None:
    match = _DESCRIPTOR.match(os.path.normpath(os.path.abspath(path)))
    if match is None:
        return None
    return _STANDARD[match["std"]] if match["std"] else int(match["fd"] or match["pfd"])


def _stream(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_output(path: Path, data: bytes, *, protected: Iterable[Path] = (), force: bool = False) -> None:
    """Write ``data`` to ``path`` as the module docstring says; ``OutputError`` when it may or can not."""
    shown = str(path)
    try:
        fd = _descriptor(path)
        if fd is not None:
            _stream(fd, data)
            return
        target = Path(os.path.realpath(path))
        try:
            mode: int | None = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError("output.folder", path=shown)
        if mode is not None and not stat.S_ISREG(mode):  # FIFO, device, socket: a stream
            stream = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
            try:
                _stream(stream, data)
            finally:
                os.close(stream)
            return
        guarded = _inside(target, protected)
        if guarded is not None and not force:
            raise OutputError("output.knowledge_base", path=shown, guarded=guarded.name)
        if not target.parent.is_dir():
            raise OutputError("output.no_folder", path=shown, folder=str(path.parent))
        _replace(target, data)
    except OSError as error:
        raise OutputError("output.cannot_write", path=shown, reason=error.strerror or str(error)) from None


def _replace(path: Path, data: bytes) -> None:
    """A temporary file beside ``path``, then one rename over it."""
    with staged(path, data) as temporary:
        os.replace(temporary, path)


@contextmanager
def staged(path: Path, data: bytes) -> Iterator[str]:
    """``data`` in a temporary file beside ``path``, with the mode a new file gets; for the caller
    to rename or link into place (all of it or nothing). Removed afterwards if still there."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~umask())  # mkstemp makes it private; the file is not
        yield temporary
    finally:
        Path(temporary).unlink(missing_ok=True)


def umask() -> int:
    """The process's file-creation mask (read without changing it for good)."""
    current = os.umask(0)
    os.umask(current)
    return current


def append_output(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` (created when missing); ``OutputError`` for a folder or a write that fails."""
    if path.is_dir():
        raise OutputError("output.folder", path=str(path))
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise OutputError("output.cannot_write", path=str(path), reason=error.strerror or str(error)) from None
