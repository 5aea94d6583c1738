"""The weekly report (本周周报, /views/weekly/): every pressing item of the dashboard once, under
its department; the milestones due within 7 days or late; the open high risks."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.view import Portfolio
from collabkb.site.pages import build_site

from site_build import ROOT, TODAY


@pytest.fixture(scope="module")
def built() -> tuple[Portfolio, str]:
    config = load_config(ROOT)
    checked = pipeline.check(config, dt.date.fromisoformat(TODAY))
    site = build_site(checked, config)
    return Portfolio.build(checked, config.messages, config), next(p.markdown for p in site.pages
                                                                   if p.src_uri == "views/weekly.md")


def _sections(markup: str) -> dict[str, str]:
    parts = re.split(r"^## (.*)$", markup, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_every_pressing_item_once_under_its_department(built) -> None:
    portfolio, markup = built
    sections = _sections(html.unescape(markup))
    assert [d.department for d in portfolio.weekly] == list(sections)[1:]  # after the projects table
    for item in portfolio.pressing:
        for message in item.messages:
            assert sum(message in body for body in sections.values()) == 1, message
            assert message in sections[item.department or "未指定部门"]
    assert not any(a.hygiene for d in portfolio.weekly for a in d.attention), "data upkeep is not for the report"


def test_milestones_of_the_week_and_late_ones_in_red(built) -> None:
    portfolio, markup = built
    today = dt.date.fromisoformat(TODAY)
    expected = {(p.slug, t.id) for p in portfolio.checked.kb.projects for t in p.tasks
                if t.milestone and not t.is_closed and t.due <= today + dt.timedelta(days=7)}
    assert {(p.slug, t.id) for p, t in portfolio.week_milestones} == expected and expected
    late = re.findall(r'<li class="ckb-late">◆ <a href="[^"]*#task-(T\d+)"', markup)
    assert sorted(late) == sorted(t.id for _, t in portfolio.week_milestones if t.due < today)


def test_open_high_risks_of_running_projects(built) -> None:
    portfolio, markup = built
    risks = {(p.slug, r.id) for p in portfolio.checked.kb.projects if p.status not in ("done", "cancelled")
             for r in p.risks if r.level == "high" and r.is_open}
    listed = portfolio.high_risks
    assert {(p.slug, r.id) for p, r in listed} == risks and risks
    assert [r.raised for _, r in listed] == sorted(r.raised for _, r in listed)
    for slug, risk in risks:
        assert f'{slug}/risks/#risk-{risk}">' in markup
