"""The once-a-day record: where it lives, what it holds, and a damaged file."""

from __future__ import annotations

import datetime as dt
import json

from collabkb.notify.state import record, sent_on, state_path

DAY = dt.date(2026, 11, 18)
AT = dt.datetime(2026, 11, 18, 1, 0, tzinfo=dt.timezone.utc)


def test_default_configured_and_environment_paths(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("COLLABKB_NOTIFY_STATE", raising=False)
    assert state_path(tmp_path, {}) == tmp_path / ".collabkb" / "notify-state.json"
    assert state_path(tmp_path, {"state_file": "cache/n.json"}) == tmp_path / "cache" / "n.json"
    monkeypatch.setenv("COLLABKB_NOTIFY_STATE", str(tmp_path / "elsewhere.json"))
    assert state_path(tmp_path, {"state_file": "cache/n.json"}) == tmp_path / "elsewhere.json"


def test_a_record_is_per_channel_and_day(tmp_path) -> None:
    path = tmp_path / "s" / "state.json"
    assert sent_on(path, "a", DAY) is None  # no file yet
    record(path, "a", DAY, "digest", AT)
    assert sent_on(path, "a", DAY)["sent_at"] == "2026-11-18T01:00:00+00:00"
    assert sent_on(path, "b", DAY) is None and sent_on(path, "a", DAY + dt.timedelta(days=1)) is None
    record(path, "b", DAY, "digest", AT)
    data = json.loads(path.read_text("utf-8"))
    assert set(data["channels"]) == {"a", "b"} and len(data["channels"]["a"]["sha256"]) == 64
    assert not path.with_name("state.json.tmp").exists()


def test_a_damaged_file_counts_as_empty_and_is_replaced(tmp_path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", "utf-8")
    assert sent_on(path, "a", DAY) is None
    record(path, "a", DAY, "digest", AT)
    assert sent_on(path, "a", DAY) is not None
