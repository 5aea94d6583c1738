"""The portfolio trend: weekly overall progress and overdue tasks from the example's replayed
history (tests/git/example_history.py), drawn on the dashboard as an inline SVG."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.git.history import History
from collabkb.portfolio.trend import weekly_trend
from collabkb.portfolio.view import Portfolio
from collabkb.site.pages import build_site

from example_history import STEPS
from test_site_planning import example  # noqa: F401 (the example with its replayed history, a fixture)

TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def checked(example: Path) -> pipeline.Checked:
    return pipeline.check(load_config(example), TODAY, with_history=True)


def test_one_point_a_week_back_from_today_none_before_the_first_commit(example: Path, checked) -> None:
    trend = Portfolio.build(checked, load_config(example).messages).trend
    first = dt.date.fromisoformat(STEPS[0][0])
    assert [p.day for p in trend] == [TODAY - dt.timedelta(weeks=k) for k in range(len(trend) - 1, -1, -1)]
    assert trend[0].day - dt.timedelta(weeks=1) < first <= trend[0].day


def test_today_counts_the_overdue_tasks_check_reports_and_the_portfolios_mean_progress(checked) -> None:
    trend = weekly_trend(checked.history, (p.slug for p in checked.kb.projects), TODAY)
    overdue_findings = sum(f.rule == "overdue" for f in checked.findings)
    assert trend[-1].overdue == overdue_findings > 0  # the last commit is the example as it is
    progress = [p.progress for p in checked.kb.projects]
    assert trend[-1].progress == round(sum(progress) / len(progress))
    assert trend[0].overdue == 0 and trend[0].progress is not None and trend[0].progress < trend[-1].progress


def test_a_task_counts_as_overdue_only_from_its_due_date_as_committed_then(checked) -> None:
    # T8 was due 2026-11-06 until the 11-05 commit moved it to 11-13: a week before today it was not overdue yet
    week_before = weekly_trend(checked.history, ["q4-smartwatch-launch"], TODAY - dt.timedelta(weeks=1), weeks=1)
    assert [p.overdue for p in week_before] == [0]
    assert weekly_trend(checked.history, ["q4-smartwatch-launch"], TODAY, weeks=1)[0].overdue == 1  # T8


def test_no_history_no_trend() -> None:
    assert weekly_trend(None, ["x"], TODAY) == ()
    assert weekly_trend(History(notice="drift.notice.no_repo"), ["x"], TODAY) == ()


def test_the_dashboard_draws_the_trend_as_inline_svg(example: Path, checked) -> None:
    config = load_config(example)
    site = build_site(checked, config)
    markup = next(p.markdown for p in site.pages if p.src_uri == "index.md")
    svg = markup[markup.index('<svg class="ckb-trend"'):markup.index("</svg>", markup.index('<svg class="ckb-trend"'))]
    trend = Portfolio.build(checked, config.messages).trend
    assert len(re.findall(r'<g class="ckb-trend__week">', svg)) == len(trend)
    assert len(re.findall(r'<circle class="ckb-trend__dot"', svg)) == len(trend)
    bars = re.findall(r'<rect class="ckb-trend__bar"', svg)
    assert len(bars) == sum(p.overdue > 0 for p in trend)
    assert f"逾期 {trend[-1].overdue} 个任务" in markup and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
