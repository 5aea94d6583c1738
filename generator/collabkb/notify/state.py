"""At most once per channel and day: a lock and a small JSON record written before sending.

``collabkb notify`` holds ``locked(path)`` (an exclusive ``flock`` on ``PATH.lock``)
from the look-up to the last write, so two runs at the same moment post once: the
second waits, then finds the first one's record. Inside the lock it

1. looks up the channel's record for the day (``record_for``): ``sent``, or
   ``sending`` / ``uncertain`` (a run posted and does not know whether it arrived)
   stop it; ``failed`` (certainly not delivered) does not;
2. writes ``sending`` (``mark``) *before* posting — when that write fails nothing is
   posted, so a broken state file can never cause a post on every run;
3. writes ``sent``, ``failed`` or ``uncertain`` after.

Each write goes to a temporary file in the same folder, is flushed to disk and
renamed over the record, so a crash leaves the old record or the new one. The file
is ``.collabkb/notify-state.json`` under the knowledge-base root unless
``$COLLABKB_NOTIFY_STATE`` or ``notify.state_file`` names another path; CI keeps it
between runs with a cache (docs/notify.md). A corrupt file reads as empty.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

ENV_VARIABLE = "COLLABKB_NOTIFY_STATE"
DEFAULT_PATH = Path(".collabkb") / "notify-state.json"
LOCK_WAIT_SECONDS = 900.0  # longer than one run's worst case: 11 attempts × 15 s + 10 pauses × 60 s
BLOCKING = frozenset({"sent", "sending", "uncertain"})  # a record that stops another post that day


class LockTimeout(Exception):
    """Another run held the lock for longer than the wait."""


class Unwritable(Exception):
    """The lock file cannot be made (a read-only folder, a file where the folder should be…)."""


def state_path(root: Path, notify: Mapping[str, Any]) -> Path:
    configured = os.environ.get(ENV_VARIABLE) or notify.get("state_file")
    path = Path(configured) if configured else DEFAULT_PATH
    return path if path.is_absolute() else root / path


@contextmanager
def locked(path: Path, wait: float = LOCK_WAIT_SECONDS, poll: float = 0.1) -> Iterator[None]:
    """Hold the exclusive lock of the state file ``path``; ``Unwritable`` when it cannot be made,
    ``LockTimeout`` when another holder keeps it longer than ``wait`` seconds."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "a+b")
    except OSError as error:
        raise Unwritable(error.strerror or str(error)) from None
    with lock as handle:
        give_up = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise LockTimeout(str(path)) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("channels"), dict) else {}


def record_for(path: Path, channel: str, day: dt.date) -> Mapping[str, Any] | None:
    """The channel's record for ``day`` (any status), if any."""
    record = _read(path).get("channels", {}).get(channel)
    return record if isinstance(record, dict) and record.get("date") == day.isoformat() else None


def mark(path: Path, channel: str, day: dt.date, status: str, text: str, at: dt.datetime,
         detail: str | None = None) -> None:
    """Write the channel's record atomically; ``OSError`` when it cannot be written."""
    data = _read(path) or {"version": 2, "channels": {}}
    data["channels"][channel] = {
        "date": day.isoformat(),
        "status": status,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "at": at.isoformat(timespec="seconds"),
        **({"detail": detail} if detail else {}),
    }
    content = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
