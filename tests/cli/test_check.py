"""``collabkb check``: exit codes 0/1/2, --strict, --project, COLLABKB_TODAY, the time-zone rule."""

from __future__ import annotations

import datetime as dt
import json
import types
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import collabkb.check.calendar
from collabkb.cli import main

PROJECT = """\
name: {name}
status: active
initiator: {{department: 市场部, person: 王芳}}
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
goal: {{statement: 测试}}
team:
  - {{department: 市场部, role: lead, contact: 王芳, members: [李娜]}}
"""
UPDATED = "updates: [{date: 2026-11-17}]"
CLEAN = f"tasks:\n  - {{id: T1, title: 海报, owner: 李娜, start: 2026-11-01, due: 2026-11-30, status: in_progress, progress: 60, {UPDATED}}}\n"
LATE = f"tasks:\n  - {{id: T1, title: 海报, owner: 李娜, start: 2026-11-01, due: 2026-11-17, status: in_progress, progress: 95, {UPDATED}}}\n"
OWNERLESS = f"tasks:\n  - {{id: T1, title: 海报, owner: TBD, start: 2026-11-01, due: 2026-11-30, status: in_progress, progress: 60, {UPDATED}}}\n"


def make_kb(root: Path, projects: dict[str, str], plugin: str = "") -> Path:
    (root / "mkdocs.yml").write_text(f"site_name: t\nplugins:\n  - collabkb:\n      language: en\n{plugin}", "utf-8")
    for slug, tasks in projects.items():
        folder = root / "projects" / slug
        folder.mkdir(parents=True)
        (folder / "project.yaml").write_text(PROJECT.format(name=slug), "utf-8")
        (folder / "tasks.yaml").write_text(tasks, "utf-8")
    return root


def check(root: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    base: dict[str, str | None] = {"COLLABKB_TODAY": None, "GITHUB_STEP_SUMMARY": None}
    return CliRunner().invoke(main, ["check", str(root), *args], env={**base, **(env or {})})


def rules(result: Result) -> list[tuple[str, str | None, str]]:
    return [(f["rule"], f["project"], f["item"]) for f in json.loads(result.stdout)["findings"]]


def test_clean_exits_0(tmp_path: Path) -> None:
    result = check(make_kb(tmp_path, {"a": CLEAN}), "--today", "2026-11-18")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 project, 1 task: 0 errors, 0 warnings (today 2026-11-18)\n"


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    root = make_kb(tmp_path, {"a": LATE})
    result = check(root, "--today", "2026-11-18")
    assert result.exit_code == 0
    assert result.stdout.startswith("projects/a/tasks.yaml:2:55: warning [overdue] task T1 \"海报\" was due 2026-11-17")
    assert check(root, "--today", "2026-11-18", "--strict").exit_code == 1


def test_errors_exit_1(tmp_path: Path) -> None:
    result = check(make_kb(tmp_path, {"a": OWNERLESS}), "--today", "2026-11-18", "--format", "json")
    assert result.exit_code == 1
    assert rules(result) == [("ownerless", "a", "T1")]


def test_project_option_limits_the_check(tmp_path: Path) -> None:
    root = make_kb(tmp_path, {"a": OWNERLESS, "b": LATE})
    only_b = check(root, "--today", "2026-11-18", "--format", "json", "--project", "b")
    assert only_b.exit_code == 0 and rules(only_b) == [("overdue", "b", "T1")]
    assert json.loads(only_b.stdout)["summary"]["projects"] == 1
    both = check(root, "--today", "2026-11-18", "--format", "json", "--project", "a", "--project", "b")
    assert both.exit_code == 1 and rules(both) == [("ownerless", "a", "T1"), ("overdue", "b", "T1")]


def test_unknown_project_exits_2_with_a_suggestion(tmp_path: Path) -> None:
    result = check(make_kb(tmp_path, {"alpha": CLEAN}), "--today", "2026-11-18", "--project", "alpah")
    assert result.exit_code == 2
    assert "--project alpah: no such project in projects/; did you mean 'alpha'?" in result.stderr


def test_today_from_the_environment(tmp_path: Path) -> None:
    root = make_kb(tmp_path, {"a": LATE})
    on_time = check(root, "--format", "json", env={"COLLABKB_TODAY": "2026-11-17"})
    assert json.loads(on_time.stdout)["today"] == "2026-11-17" and rules(on_time) == []
    late = check(root, "--format", "json", env={"COLLABKB_TODAY": "2026-11-18"})
    assert rules(late) == [("overdue", "a", "T1")]
    # --today wins over the environment.
    assert json.loads(check(root, "--format", "json", "--today", "2026-11-01",
                            env={"COLLABKB_TODAY": "2026-11-18"}).stdout)["today"] == "2026-11-01"


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--today", "2026-02-30"], {}, "--today: '2026-02-30' is not a date; write YYYY-MM-DD"),
    (["--today", "next week"], {}, "--today: 'next week' is not a date"),
    ([], {"COLLABKB_TODAY": "18.11.2026"}, "COLLABKB_TODAY: '18.11.2026' is not a date"),
])
def test_bad_today_exits_2_in_one_line(tmp_path: Path, args: list[str], env: dict[str, str], message: str) -> None:
    result = check(make_kb(tmp_path, {"a": CLEAN}), *args, env=env)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_configuration_problems_exit_2(tmp_path: Path) -> None:
    root = make_kb(tmp_path, {"a": CLEAN}, plugin="      rules:\n        overdew: warning\n")
    result = check(root, "--today", "2026-11-18")
    assert result.exit_code == 2 and "overdew" in result.stderr and "overdue" in result.stderr
    assert check(tmp_path / "nowhere", "--today", "2026-11-18").exit_code == 2


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    assert check(make_kb(tmp_path, {"a": CLEAN}), "--format", "xml").exit_code == 2


class _LateEvening(dt.datetime):
    """23:30 UTC on 2026-11-17: already 07:30 on the 18th in Shanghai."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        return dt.datetime(2026, 11, 17, 23, 30, tzinfo=dt.timezone.utc).astimezone(tz)


@pytest.mark.parametrize(("timezone", "today"), [(None, "2026-11-18"), ("UTC", "2026-11-17")])
def test_today_is_the_date_in_the_configured_time_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       timezone: str | None, today: str) -> None:
    clock = types.SimpleNamespace(**{name: getattr(dt, name) for name in ("date", "timedelta", "timezone")},
                                  datetime=_LateEvening)
    monkeypatch.setattr(collabkb.check.calendar, "dt", clock)  # only the calendar module's clock
    plugin = f"      timezone: {timezone}\n" if timezone else ""
    result = check(make_kb(tmp_path, {"a": LATE}, plugin=plugin), "--format", "json")
    assert json.loads(result.stdout)["today"] == today
    assert rules(result) == ([("overdue", "a", "T1")] if today == "2026-11-18" else [])
