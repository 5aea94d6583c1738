"""Idempotency: the day each channel last received a digest, in a small JSON file.

``collabkb notify`` posts at most once per channel and day: before sending it
looks up the channel here, after a successful post it records the day. The file
is ``.collabkb/notify-state.json`` under the knowledge-base root unless
``$COLLABKB_NOTIFY_STATE`` or ``notify.state_file`` in the ``collabkb`` block names
another path; CI keeps it between runs with a cache (see docs/notify.md).
A corrupt file is treated as empty: sending once more beats never sending again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Mapping

ENV_VARIABLE = "COLLABKB_NOTIFY_STATE"
DEFAULT_PATH = Path(".collabkb") / "notify-state.json"


def state_path(root: Path, notify: Mapping[str, Any]) -> Path:
    configured = os.environ.get(ENV_VARIABLE) or notify.get("state_file")
    path = Path(configured) if configured else DEFAULT_PATH
    return path if path.is_absolute() else root / path


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("channels"), dict) else {}


def sent_on(path: Path, channel: str, day: dt.date) -> Mapping[str, Any] | None:
    """The record of the digest already sent to ``channel`` for ``day``, if any."""
    record = _read(path).get("channels", {}).get(channel)
    return record if isinstance(record, dict) and record.get("date") == day.isoformat() else None


def record(path: Path, channel: str, day: dt.date, text: str, sent_at: dt.datetime) -> None:
    """Remember the send; written to a temporary file and renamed, so a crash leaves the old file."""
    data = _read(path) or {"version": 1, "channels": {}}
    data["channels"][channel] = {
        "date": day.isoformat(),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "sent_at": sent_at.isoformat(timespec="seconds"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    temporary.replace(path)
