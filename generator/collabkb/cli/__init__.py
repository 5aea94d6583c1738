"""The ``collabkb`` command line: click commands only; each command module stays thin.

Standard output that cannot be written — a pipe closed early (``collabkb check | head -1``),
a full disk (``> /dev/full``), no stdout at all (``>&-``) — ends any command with one line
on stderr and exit 2, never a traceback: the failing write (or the final flush) is caught
here, once for every command.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any, NoReturn

import click

from ..i18n import DEFAULT_LANGUAGE, Messages

_STREAM_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EBADF})
LANGUAGE_KEY = "collabkb.language"  # ctx.meta: the configured language, once a command has read it


class _Closed(io.RawIOBase):
    """Standard output when the process was started without one (``>&-``): the first write
    fails (and is reported like any failing stdout), later ones, at exit, go nowhere."""

    failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if not self.failed:
            self.failed = True
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return len(data)


class _Main(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        if sys.stdout is None:
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
        try:
            result = super().invoke(ctx)
        except SystemExit:
            _flush_stdout(ctx)
            raise
        except OSError as error:
            # Every file a command writes handles its own errors (``output.OutputError``): what
            # escapes with no file name and a stream's errno is a write to stdout.
            if error.filename is None and error.errno in _STREAM_ERRORS:
                _stdout_failed(ctx, error)
            raise
        _flush_stdout(ctx)
        return result


def _flush_stdout(ctx: click.Context) -> None:
    try:
        sys.stdout.flush()
    except OSError as error:
        _stdout_failed(ctx, error)


def _stdout_failed(ctx: click.Context, error: OSError) -> NoReturn:
    try:  # nothing more may reach the broken stream, not even at interpreter exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real descriptor (tests capture stdout)
        pass
    msg = Messages(ctx.meta.get(LANGUAGE_KEY, DEFAULT_LANGUAGE))
    click.echo(f"collabkb: {msg('output.stdout', reason=error.strerror or error)}", err=True)
    sys.exit(2)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="collabkb")
def main() -> None:
    """CollabKB: cross-department collaboration projects as YAML in git."""


# Each module adds its commands to ``main``.
from . import check  # noqa: E402,F401
from . import authoring  # noqa: E402,F401
from . import diff  # noqa: E402,F401
from . import documents  # noqa: E402,F401
from . import notify  # noqa: E402,F401
from . import excel  # noqa: E402,F401
from . import render  # noqa: E402,F401

__all__ = ["main"]
