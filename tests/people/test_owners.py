"""The owner is read once, in the model: ``Task.owners`` is what every consumer counts.

``owner: 张伟、李娜`` fires ``multiple-owners`` *and* counts toward both people's
workload, calendars and the ``overloaded`` rule (before, it counted for neither).
"""

from __future__ import annotations

import datetime as dt

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio import people
from collabkb.report import export

TODAY = dt.date(2026, 11, 18)
TASKS = """\
tasks:
  - {id: T1, title: 共同任务, owner: 张伟、李娜, start: 2026-11-01, due: 2026-12-20, status: in_progress,
     progress: 40, updates: [{date: 2026-11-17, progress: 40}]}
  - {id: T2, title: 张伟的任务, owner: 张伟, start: 2026-11-01, due: 2026-12-20, status: in_progress,
     progress: 40, updates: [{date: 2026-11-17, progress: 40}]}
  - {id: T3, title: 李娜的任务, owner: [李娜, TBD], start: 2026-11-01, due: 2026-12-20, status: in_progress,
     progress: 40, updates: [{date: 2026-11-17, progress: 40}]}
  - {id: T4, title: 没人, owner: 待定, start: 2026-11-01, due: 2026-12-20}
"""
CONFIG = "plugins:\n  - collabkb:\n      language: en\n      rules:\n        overloaded: {max_in_progress: 1}\n"


def _checked(make_kb):
    config = load_config(make_kb({"mkdocs.yml": CONFIG, "projects/demo/tasks.yaml": TASKS}))
    return config, pipeline.check(config, TODAY)


def test_the_model_reads_the_people_an_owner_names(make_kb) -> None:
    tasks = _checked(make_kb)[1].kb.project_by_slug["demo"].task_by_id
    assert tasks["T1"].owners == ("张伟", "李娜") and tasks["T1"].owner_text == "张伟、李娜"
    assert tasks["T3"].owners == ("李娜",)  # the placeholder in the list names nobody
    assert tasks["T4"].owners == () and tasks["T4"].owner_text == "待定"


def test_each_named_owner_counts_for_workload_calendar_and_overloaded(make_kb) -> None:
    config, checked = _checked(make_kb)
    by_rule = {(f.rule, f.item) for f in checked.findings}
    assert ("multiple-owners", "T1") in by_rule and ("ownerless", "T4") in by_rule
    # 张伟 (T1, T2) and 李娜 (T1, T3) each have two tasks in progress, over the limit of 1.
    assert {item for rule, item in by_rule if rule == "overloaded"} == {"张伟", "李娜"}
    everyone = {p.name: p for p in people.people(checked.kb, TODAY, checked.findings)}
    assert everyone["张伟"].workload.in_progress == 2 and everyone["李娜"].workload.in_progress == 2
    assert {i.id for i in everyone["张伟"].items if i.kind == "task"} == {"T1", "T2"}
    for name, own in (("张伟", "T2"), ("李娜", "T3")):
        uids = {e.uid for e in export.events_for(checked.kb, config.messages, person=name)}
        assert uids == {"task-T1-demo@collabkb", f"task-{own}-demo@collabkb"}

