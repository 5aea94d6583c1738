"""Total slack in working days and the critical path, on hand-checked small plans."""

from __future__ import annotations

import datetime as dt

from collabkb.check import pipeline
from collabkb.check.calendar import WorkCalendar
from collabkb.check.config import load_config
from collabkb.portfolio.critical_path import analyse

from gitkit import PROJECT_YAML, PlanRepo, task, tasks_yaml

TASKS = "projects/demo/tasks.yaml"


def _project(repo: PlanRepo, tasks: str, due: str = "2026-12-31"):
    repo.write("projects/demo/project.yaml", PROJECT_YAML.format(due=due))
    repo.write(TASKS, tasks)
    return pipeline.load_knowledge_base(load_config(repo.root)).kb.projects[0]


def test_chain_and_side_task(repo: PlanRepo) -> None:
    # Project due Fri 2026-12-18. A (Mon 11-30 → Fri 12-04) → B (Mon 12-07 → Fri 12-11): B ends a
    # week before the due date, so the chain has 5 working days of slack; C (→ 12-16) has 2.
    project = _project(repo, tasks_yaml(
        task("A", "2026-12-04", start="2026-11-30"), task("B", "2026-12-11", start="2026-12-07", depends_on="A"),
        task("C", "2026-12-16", start="2026-12-01")), due="2026-12-18")
    schedule = analyse(project, WorkCalendar())
    assert dict(schedule.slack) == {"A": 5, "B": 5, "C": 2}
    assert schedule.critical == ("C",)


def test_dependants_limit_their_predecessors(repo: PlanRepo) -> None:
    # B needs 5 working days and must end by the due date (12-18): it must start by 12-14, so A
    # (due 12-04) may slip to 12-11: 5 working days. B itself: 5. The gap between A and B is slack.
    project = _project(repo, tasks_yaml(
        task("A", "2026-12-04", start="2026-11-30"), task("B", "2026-12-11", start="2026-12-07", depends_on="A")),
        due="2026-12-18")
    assert dict(analyse(project, WorkCalendar()).slack) == {"A": 5, "B": 5}
    project = _project(repo, tasks_yaml(
        task("A", "2026-12-04", start="2026-11-30"), task("B", "2026-12-18", start="2026-12-14", depends_on="A")),
        due="2026-12-18")
    schedule = analyse(project, WorkCalendar())
    assert dict(schedule.slack) == {"A": 5, "B": 0} and schedule.critical == ("B",)


def test_holidays_and_make_up_days_count(repo: PlanRepo) -> None:
    # National Day 2026: 10-01…10-07 off, Sat 10-10 a make-up workday. A ends 09-30, the project is
    # due Sat 10-10: the working days after A are 10-08, 10-09 and 10-10.
    project = _project(repo, tasks_yaml(task("A", "2026-09-30", start="2026-09-28")), due="2026-10-10")
    assert dict(analyse(project, WorkCalendar()).slack) == {"A": 3}
    # a configured holiday removes one of them
    assert dict(analyse(project, WorkCalendar(holidays=frozenset({dt.date(2026, 10, 9)}))).slack) == {"A": 2}


def test_late_task_has_negative_slack(repo: PlanRepo) -> None:
    project = _project(repo, tasks_yaml(task("A", "2026-12-22", start="2026-12-14")), due="2026-12-18")
    schedule = analyse(project, WorkCalendar())
    assert dict(schedule.slack) == {"A": -2} and schedule.critical == ("A",)


def test_cycles_and_cancelled_tasks_are_left_out(repo: PlanRepo) -> None:
    project = _project(repo, tasks_yaml(
        task("A", "2026-12-04", start="2026-11-30", depends_on="B"), task("B", "2026-12-11", start="2026-12-07", depends_on="A"),
        task("C", "2026-12-16", start="2026-12-01"), task("D", "2026-12-31", start="2026-12-01", status="cancelled")),
        due="2026-12-18")
    schedule = analyse(project, WorkCalendar())
    assert dict(schedule.slack) == {"C": 2} and schedule.critical == ("C",)
    assert schedule.as_json() == {"critical_path": ["C"], "slack": {"C": 2}}


def test_finished_tasks_keep_their_slack_but_leave_the_path(repo: PlanRepo) -> None:
    # B (12-14 → 12-18) ends on the project due: slack 0, so A had to end by Fri 12-11; A was
    # planned to end Wed 12-16 (slack −3) and is done. The path is the remaining work: B.
    project = _project(repo, tasks_yaml(
        task("A", "2026-12-16", start="2026-11-30", status="done"),
        task("B", "2026-12-18", start="2026-12-14", depends_on="A"), task("C", "2026-12-16", start="2026-12-01")),
        due="2026-12-18")
    schedule = analyse(project, WorkCalendar())
    assert dict(schedule.slack) == {"A": -3, "B": 0, "C": 2} and schedule.critical == ("B",)
    all_done = _project(repo, tasks_yaml(task("A", "2026-12-09", start="2026-11-30", status="done")), due="2026-12-18")
    assert analyse(all_done, WorkCalendar()).critical == ()
