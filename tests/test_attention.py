"""What needs attention: one item per thing, every rule finding in exactly one, ranked, with owner and department."""

from __future__ import annotations

import datetime as dt

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.view import Portfolio
from collabkb.rules import VALIDATION_RULES

TODAY = dt.date(2026, 11, 18)
TASKS = """\
tasks:
  - {id: T1, title: 逾期且未更新, department: 研发部, owner: 张伟, start: 2026-10-01, due: 2026-11-10,
     status: in_progress, progress: 50, updates: [{date: 2026-10-20}]}
  - {id: T2, title: 滞后, department: 市场部, owner: 李娜, start: 2026-11-01, due: 2026-11-30,
     status: in_progress, progress: 5, updates: [{date: 2026-11-17}]}
  - {id: T3, title: 无人负责, department: 市场部, owner: 待定, start: 2026-11-20, due: 2026-12-20}
"""
RISKS = """\
risks:
  - {id: R1, title: 未应对, level: high, status: open, raised: 2026-11-02, owner: 张伟, tasks: [T2]}
  - {id: R2, title: 已有应对, level: high, status: mitigating, raised: 2026-11-02, owner: 王芳,
     response: {created: 2026-11-03, measures: [加人], owner: 李娜, due: 2026-11-30}}
"""


def _portfolio(make_kb, project_status: str = "active") -> Portfolio:
    project = None if project_status == "active" else (lambda text: text.replace("status: active", f"status: {project_status}"))
    files = {"projects/demo/tasks.yaml": TASKS, "projects/demo/risks.yaml": RISKS}
    if project is not None:
        files["projects/demo/project.yaml"] = project
    config = load_config(make_kb(files, language="zh"))
    return Portfolio.build(pipeline.check(config, TODAY), config.messages, config)


def test_one_item_per_thing_ranked_with_owner_and_department(make_kb) -> None:
    portfolio = _portfolio(make_kb)
    items = [(a.kind, a.item, a.owner, a.department) for a in portfolio.attention]
    assert items == [
        ("overdue", "T1", "张伟", "研发部"),  # overdue and stale: one item, ranked by its most pressing finding
        ("high-risk", "R1", "张伟", "市场部"),  # no response: the department of its first task
        ("lagging", "T2", "李娜", "市场部"),
        ("ownerless", "T3", "待定", "市场部"),
        ("high-risk", "R2", "李娜", "市场部"),  # answered: among the rest; the response owner and their team
    ]
    assert portfolio.attention[0].rules == {"overdue", "stale"}
    assert portfolio.attention[-1].findings == () and "R2" in portfolio.attention[-1].messages[0]


def test_every_rule_finding_is_in_exactly_one_item(make_kb) -> None:
    portfolio = _portfolio(make_kb)
    listed = [f for a in portfolio.attention for f in a.findings]
    expected = [f for f in portfolio.checked.findings if f.rule not in VALIDATION_RULES]
    assert sorted(listed, key=repr) == sorted(expected, key=repr) and len(listed) == 5


def test_a_closed_project_lists_no_high_risk_as_such(make_kb) -> None:
    kinds = {a.item: a.kind for a in _portfolio(make_kb, "cancelled").attention}
    assert "R2" not in kinds and kinds.get("R1") == "risk-response"
