"""The once-a-day record: where it lives, what it holds, a damaged file, the lock."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time

import pytest

from collabkb.notify.state import LockTimeout, Unwritable, locked, mark, record_for, state_path

DAY = dt.date(2026, 11, 18)
AT = dt.datetime(2026, 11, 18, 1, 0, tzinfo=dt.timezone.utc)


def test_default_configured_and_environment_paths(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("COLLABKB_NOTIFY_STATE", raising=False)
    assert state_path(tmp_path, {}) == tmp_path / ".collabkb" / "notify-state.json"
    assert state_path(tmp_path, {"state_file": "cache/n.json"}) == tmp_path / "cache" / "n.json"
    monkeypatch.setenv("COLLABKB_NOTIFY_STATE", str(tmp_path / "elsewhere.json"))
    assert state_path(tmp_path, {"state_file": "cache/n.json"}) == tmp_path / "elsewhere.json"


def test_a_record_is_per_channel_and_day_and_replaced_whole(tmp_path) -> None:
    path = tmp_path / "s" / "state.json"
    assert record_for(path, "a", DAY) is None  # no file yet
    mark(path, "a", DAY, "sending", "digest", AT)
    mark(path, "a", DAY, "sent", "digest", AT)
    assert record_for(path, "a", DAY) == {"date": "2026-11-18", "status": "sent", "at": "2026-11-18T01:00:00+00:00",
                                          "sha256": record_for(path, "a", DAY)["sha256"]}
    assert record_for(path, "b", DAY) is None and record_for(path, "a", DAY + dt.timedelta(days=1)) is None
    mark(path, "b", DAY, "uncertain", "digest", AT, "no complete answer within 15 s")
    data = json.loads(path.read_text("utf-8"))
    assert set(data["channels"]) == {"a", "b"} and len(data["channels"]["a"]["sha256"]) == 64
    assert data["channels"]["b"]["detail"] == "no complete answer within 15 s"
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.json"]  # no temporary file left


def test_a_damaged_file_counts_as_empty_and_is_replaced(tmp_path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", "utf-8")
    assert record_for(path, "a", DAY) is None
    mark(path, "a", DAY, "sent", "digest", AT)
    assert record_for(path, "a", DAY)["status"] == "sent"


def test_a_record_that_cannot_be_written_raises_and_leaves_no_temporary_file(tmp_path) -> None:
    path = tmp_path / "state.json"
    (path / "in-the-way").mkdir(parents=True)  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        mark(path, "a", DAY, "sending", "digest", AT)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_the_lock_makes_a_second_holder_wait_then_time_out(tmp_path) -> None:
    path = tmp_path / "state.json"
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with locked(path):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(5)
    started = time.monotonic()
    with pytest.raises(LockTimeout):
        with locked(path, wait=0.3, poll=0.05):
            pass
    assert 0.25 <= time.monotonic() - started < 3
    release.set()
    thread.join(5)
    with locked(path, wait=1):  # free again
        pass


def test_a_lock_that_cannot_be_made_is_unwritable(tmp_path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(Unwritable):
        with locked(tmp_path / "file" / "state.json"):
            pass
