"""Baseline vs current due dates: first planned, a baseline tag, a date, a bad baseline."""

from __future__ import annotations

import shutil
from pathlib import Path

from collabkb.check import pipeline
from collabkb.check.calendar import WorkCalendar
from collabkb.check.config import load_config
from collabkb.portfolio.drift import FIRST_PLANNED, compute
from collabkb.git.history import read_history

from gitkit import MKDOCS_YML, PlanRepo, task, tasks_yaml

TASKS = "projects/demo/tasks.yaml"


def _plan(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-06"), task("T2", "2026-11-30"))})
    repo.git("tag", "baseline/demo")
    repo.commit("T1 slips a week", "2026-10-15", {TASKS: tasks_yaml(task("T1", "2026-11-13"), task("T2", "2026-11-30"))})
    repo.commit("T2 earlier, T3 added", "2026-10-22", {TASKS: tasks_yaml(task("T1", "2026-11-13"), task("T2", "2026-11-27"), task("T3", "2026-12-04"))})
    repo.commit("T1 slips again", "2026-11-02", {TASKS: tasks_yaml(task("T1", "2026-11-20"), task("T2", "2026-11-27"), task("T3", "2026-12-04"))})


def _drift(root: Path):
    config = load_config(root)
    kb = pipeline.load_knowledge_base(config).kb
    history = read_history(root, config.projects_dir, config.timezone)
    return compute(kb, history, WorkCalendar(config.holidays, config.workdays), config.baseline, config.baselines)


def test_tag_baseline_per_project(repo: PlanRepo) -> None:
    _plan(repo)
    (project,) = _drift(repo.root).projects
    assert project.baseline == "baseline/demo"
    assert [(t.task, str(t.baseline), str(t.current), t.days, t.working) for t in project.tasks] == [
        ("T1", "2026-11-06", "2026-11-20", 14, 10), ("T2", "2026-11-30", "2026-11-27", -3, -1)]  # T3 is new since
    assert project.total_days == 11 and project.slipped == 1 and project.end_days == 0


def test_date_baseline_is_the_plan_as_it_stood_that_day(repo: PlanRepo) -> None:
    repo.write("mkdocs.yml", MKDOCS_YML.format(extra="      baseline: 2026-10-20\n"))
    _plan(repo)
    repo.git("tag", "-d", "baseline/demo")
    drift = _drift(repo.root)
    (project,) = drift.projects
    assert project.baseline == "2026-10-20"
    assert [(t.task, t.days) for t in project.tasks] == [("T1", 7), ("T2", -3)]


def test_without_baseline_each_task_drifts_from_its_first_due(repo: PlanRepo) -> None:
    _plan(repo)
    repo.git("tag", "-d", "baseline/demo")
    drift = _drift(repo.root)
    (project,) = drift.projects
    assert project.baseline == FIRST_PLANNED
    assert [(t.task, t.days, len(t.history)) for t in project.tasks] == [("T1", 14, 3), ("T2", -3, 2), ("T3", 0, 1)]
    assert [t.task for t in drift.ranked_tasks()] == ["T1"]
    assert drift.task("demo", "T1").history[-1].commit.subject == "T1 slips again"


def test_per_project_config_wins_and_a_bad_baseline_is_a_notice(repo: PlanRepo) -> None:
    repo.write("mkdocs.yml", MKDOCS_YML.format(extra="      baseline:\n        default: v9\n        projects: {demo: no-such-tag}\n"))
    _plan(repo)
    drift = _drift(repo.root)
    assert drift.notices == (("drift.notice.bad_baseline", {"baseline": "no-such-tag"}),)
    assert drift.projects[0].baseline == FIRST_PLANNED  # falls back, never fails


def test_no_history_gives_one_notice_and_no_drift(repo: PlanRepo) -> None:
    _plan(repo)
    shutil.rmtree(repo.root / ".git")
    drift = _drift(repo.root)
    assert drift.projects == () and drift.notices == (("drift.notice.no_repo", {}),)
