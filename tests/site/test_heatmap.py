"""The workload heat-map on /people/: per person and week (Monday to Sunday, from this week), the open
tasks whose start-to-due span overlaps the week; an overdue open task weighs on this week only."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.heatmap import heatmap
from collabkb.portfolio.view import Portfolio
from collabkb.site.pages import build_site

from site_build import ROOT, TODAY

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    config = load_config(ROOT)
    return Portfolio.build(pipeline.check(config, DAY), config.messages, config)


def _row(portfolio: Portfolio, name: str) -> tuple[int, ...]:
    return next(r.counts for g in portfolio.heatmap.groups for r in g.rows if r.name == name)


def test_weeks_start_on_the_monday_of_today(portfolio) -> None:
    weeks = portfolio.heatmap.weeks
    assert weeks[0].weekday() == 0 and weeks[0] <= DAY < weeks[0] + dt.timedelta(days=7)
    assert all(b - a == dt.timedelta(days=7) for a, b in zip(weeks, weeks[1:]))


def test_an_overdue_task_counts_this_week_only_a_later_one_in_its_weeks(portfolio) -> None:
    person = next(p for p in portfolio.people if any(i.kind == "task" and i.overdue for i in p.items))
    tasks = [i for i in person.items if i.kind == "task" and i.open]
    expected = [sum((i.overdue and k == 0) or (not i.overdue and i.subject.start <= week + dt.timedelta(days=6)
                                                and i.due >= week) for i in tasks)
                for k, week in enumerate(portfolio.heatmap.weeks)]
    assert list(_row(portfolio, person.name)) == expected
    assert expected[0] >= 1


def test_closed_tasks_never_count_and_people_without_work_are_left_out(portfolio) -> None:
    listed = {r.name for g in portfolio.heatmap.groups for r in g.rows}
    for person in portfolio.people:
        open_tasks = [i for i in person.items if i.kind == "task" and i.open]
        if not open_tasks:
            assert person.name not in listed
    ten_years_on = heatmap(portfolio.people, DAY + dt.timedelta(days=3650))  # every task is due by then
    late = {r.name: r.counts for g in ten_years_on.groups for r in g.rows}
    assert late == {p.name: (sum(i.kind == "task" and i.open for i in p.items),) + (0,) * 7 for p in portfolio.people
                    if any(i.kind == "task" and i.open for i in p.items)} != {}


def test_grouped_by_department_on_the_people_page(portfolio) -> None:
    config = load_config(ROOT)
    site = build_site(portfolio.checked, config)
    markup = html.unescape(next(p.markdown for p in site.pages if p.src_uri.startswith("people/index")))
    table = markup[markup.index('class="ckb-table ckb-heatmap"'):]
    departments = re.findall(r'<tr class="ckb-heatmap__department"><th colspan="9">(?:<a [^>]*>)?([^<]*)', table)
    assert departments == [g.department for g in portfolio.heatmap.groups]
    for group in portfolio.heatmap.groups:
        for row in group.rows:
            cells = re.search(rf'>{re.escape(row.name)}</a></td>(.*?)</tr>', table).group(1)
            assert re.findall(r'<td class="ckb-num ckb-heat ckb-heat--(\d)"[^>]*>(\d*)</td>', cells) == [
                (str(min(n, 4)), str(n) if n else "") for n in row.counts]
