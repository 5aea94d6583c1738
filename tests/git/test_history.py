"""History read from a real repository: due-date changes, progress over time, notices."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from collabkb.git.history import read_history

from gitkit import PlanRepo, task, tasks_yaml

TASKS = "projects/demo/tasks.yaml"


def _slipping(repo: PlanRepo) -> None:
    repo.commit("plan the launch", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-10-30", progress=0), task("T2", "2026-11-30", progress=0))})
    repo.commit("T1 needs vendor quotes", "2026-10-20", {TASKS: tasks_yaml(task("T1", "2026-11-06", progress=40), task("T2", "2026-11-30", progress=0))})
    repo.commit("unrelated: mkdocs title", "2026-10-21", {"mkdocs.yml": "site_name: other\nplugins:\n  - collabkb:\n      language: en\n"})
    repo.commit("T1 back one day", "2026-10-28", {TASKS: tasks_yaml(task("T1", "2026-11-05", progress=60), task("T2", "2026-11-30", progress=10))})
    repo.commit("T1 vendor late again", "2026-11-03", {TASKS: tasks_yaml(task("T1", "2026-11-13", progress=70), task("T2", "2026-11-30", progress=30))})


def test_due_history_lists_every_change_with_its_commit(repo: PlanRepo) -> None:
    _slipping(repo)
    history = read_history(repo.root)
    assert history.available and history.notice is None
    changes = history.due_changes[("demo", "T1")]
    assert [(c.commit.date, c.old, c.new, c.commit.subject) for c in changes] == [
        (dt.date(2026, 10, 1), None, dt.date(2026, 10, 30), "plan the launch"),
        (dt.date(2026, 10, 20), dt.date(2026, 10, 30), dt.date(2026, 11, 6), "T1 needs vendor quotes"),
        (dt.date(2026, 10, 28), dt.date(2026, 11, 6), dt.date(2026, 11, 5), "T1 back one day"),
        (dt.date(2026, 11, 3), dt.date(2026, 11, 5), dt.date(2026, 11, 13), "T1 vendor late again"),
    ]
    assert [c.days for c in changes] == [0, 7, -1, 8]
    assert [c.commit.subject for c in history.slips("demo", "T1")] == ["T1 needs vendor quotes", "T1 vendor late again"]
    assert len(history.due_changes[("demo", "T2")]) == 1  # created, never moved
    # the mkdocs.yml commit touches no plan file: not part of the plan history
    assert [c.subject for c in history.commits] == ["plan the launch", "T1 needs vendor quotes", "T1 back one day", "T1 vendor late again"]


def test_progress_over_time_is_the_mean_of_task_progress(repo: PlanRepo) -> None:
    _slipping(repo)
    points = read_history(repo.root).progress["demo"]
    assert [(p.commit.date, p.progress) for p in points] == [
        (dt.date(2026, 10, 1), 0), (dt.date(2026, 10, 20), 20), (dt.date(2026, 10, 28), 35), (dt.date(2026, 11, 3), 50),
    ]


def test_committer_date_is_read_in_the_configured_time_zone(repo: PlanRepo) -> None:
    repo.write(TASKS, tasks_yaml(task("T1", "2026-10-30")))
    repo.git("add", "-A")
    stamp = "2026-10-01T23:30:00+00:00"  # already 10-02 in Shanghai
    subprocess.run(["git", "commit", "-q", "-m", "late"], cwd=repo.root, check=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    assert read_history(repo.root, timezone="Asia/Shanghai").commits[0].date == dt.date(2026, 10, 2)
    assert read_history(repo.root, timezone="UTC").commits[0].date == dt.date(2026, 10, 1)


def test_merged_pull_request_counts_once_on_the_first_parent_line(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-10-30"))})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("wip 1", "2026-10-02", {TASKS: tasks_yaml(task("T1", "2026-11-02"))})
    repo.commit("wip 2", "2026-10-03", {TASKS: tasks_yaml(task("T1", "2026-11-04"))})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7: re-plan T1", date="2026-10-04")
    changes = read_history(repo.root).due_changes[("demo", "T1")]
    assert [(c.commit.subject, c.old, c.new) for c in changes] == [
        ("plan", None, dt.date(2026, 10, 30)), ("Merge pull request #7: re-plan T1", dt.date(2026, 10, 30), dt.date(2026, 11, 4))]


def test_an_unreadable_old_version_is_skipped_not_fatal(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-10-30"))})
    repo.commit("broken yaml", "2026-10-02", {TASKS: "tasks: [\n"})
    repo.commit("fixed", "2026-10-03", {TASKS: tasks_yaml(task("T1", "2026-11-06"))})
    changes = read_history(repo.root).due_changes[("demo", "T1")]
    # the broken version held no task; the fixed one re-creates T1 with its new date
    assert [(c.old, c.new) for c in changes] == [(None, dt.date(2026, 10, 30)), (None, dt.date(2026, 11, 6))]


def test_no_repository_is_a_notice(tmp_path: Path) -> None:
    (tmp_path / "projects").mkdir()
    history = read_history(tmp_path)
    assert not history.available and history.notice == "drift.notice.no_repo"
    assert history.due_changes == {} and history.commits == ()


def test_shallow_clone_is_a_notice(repo: PlanRepo, tmp_path: Path) -> None:
    _slipping(repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    history = read_history(clone)
    assert history.notice == "drift.notice.shallow" and history.due_changes == {}


def test_repository_without_plan_commits_is_a_notice(repo: PlanRepo) -> None:
    assert read_history(repo.root).notice == "drift.notice.no_commits"  # nothing committed yet
    repo.git("add", "mkdocs.yml")
    repo.git("commit", "-q", "-m", "config only", date="2026-10-01")
    assert read_history(repo.root).notice == "drift.notice.no_commits"


def test_history_is_cached_by_commit_id(repo: PlanRepo) -> None:
    _slipping(repo)
    first = read_history(repo.root)
    assert read_history(repo.root) is first
    repo.commit("T2 slips", "2026-11-04", {TASKS: tasks_yaml(task("T1", "2026-11-13", progress=70), task("T2", "2026-12-04", progress=30))})
    second = read_history(repo.root)
    assert second is not first and len(second.due_changes[("demo", "T2")]) == 2
