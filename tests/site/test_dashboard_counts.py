"""The dashboard's header, its health reasons, its attention list and ``collabkb check`` agree.

Before the portfolio layer the example dashboard said "16 个警告" but listed 10 of them,
showed Huaxin T5 and R1 twice, and made the OKR project amber for "1 个其他问题" that
appeared nowhere on the page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.attention import HYGIENE_RULES
from collabkb.portfolio.view import Portfolio
from collabkb.rules import VALIDATION_RULES
from collabkb.site.pages import Site, build_site

from site_build import ROOT, TODAY


@pytest.fixture(scope="module")
def built() -> tuple[pipeline.Checked, Site]:
    config = load_config(ROOT)
    checked = pipeline.check(config, dt.date.fromisoformat(TODAY))
    return checked, build_site(checked, config)


def _dashboard(site: Site) -> str:
    return next(p.markdown for p in site.pages if p.src_uri == "index.md")


def _attention_rows(markup: str, table: str = "") -> list[str]:
    """The rows of the attention tables whose class list ends with ``table`` ("": the pressing list and
    the data-upkeep block; ``ckb-attention--hygiene``: the block alone)."""
    rows = []
    for classes, body in re.findall(r'<table class="ckb-table ckb-cards (ckb-attention[^"]*)"[^>]*>(.*?)</table>', markup, flags=re.S):
        if classes.endswith(table):
            rows += [html.unescape(r) for r in re.findall(r'<tr class="ckb-row[^"]*"[^>]*>(.*?)</tr>', body, flags=re.S)]
    return rows


def _hygiene_block(markup: str) -> str:
    start = markup.index('<details class="ckb-hygiene">')
    return markup[start:markup.index("</details>", start)]


def test_header_counts_are_what_collabkb_check_counts() -> None:
    out = subprocess.run([sys.executable, "-m", "collabkb", "check", str(ROOT), "--today", TODAY, "--format", "json"],
                         capture_output=True, text=True, check=False)
    summary = json.loads(out.stdout)["summary"]
    config = load_config(ROOT)
    checked = pipeline.check(config, dt.date.fromisoformat(TODAY))
    header = re.search(r'<div class="ckb-summary">\s*<span>(.*?)</span>', _dashboard(build_site(checked, config))).group(1)
    assert header == config.messages("site.dashboard.counts", projects=summary["projects"], tasks=summary["tasks"],
                                     errors=summary["errors"], warnings=summary["warnings"], today=TODAY)
    assert (summary["errors"], summary["warnings"]) == (3, 18)


def test_every_counted_finding_is_reachable_from_the_dashboard_exactly_once(built) -> None:
    checked, site = built
    markup = _dashboard(site)
    rows = _attention_rows(markup)
    invalid = html.unescape(_hygiene_block(markup).split("<table")[0])  # the validation box opens the upkeep block
    assert checked.findings, "the example has findings to count"
    for finding in checked.findings:
        if finding.rule in VALIDATION_RULES:
            assert invalid.count(finding.message) == 1, finding
        else:
            assert sum(row.count(finding.message) for row in rows) == 1, finding
    assert len(checked.findings) == checked.errors + checked.warnings  # the header counts these, nothing else


def test_one_row_per_thing_huaxin_t5_and_r1_once(built) -> None:
    _, site = built
    rows = _attention_rows(_dashboard(site))
    items = [re.findall(r"<td[^>]*><a href=[^>]*>([^<]*)</a></td>", row) for row in rows]  # [project, item]
    keys = [tuple(cells[:2]) for cells in items]
    assert len(keys) == len(set(keys)), "every thing is listed once"
    huaxin = [item for project, item in keys if project.startswith("华信")]
    assert huaxin.count("T5") == 1 and huaxin.count("R1") == 1


def test_a_project_amber_for_another_problem_shows_that_problem(built) -> None:
    checked, site = built
    okr = checked.kb.project_by_slug["okr-2026-h2"]
    findings = [f for f in checked.findings if f.project == okr.slug]
    assert [f.rule for f in findings] == ["stale"]  # the "1 个其他问题" of its amber health
    rows = _attention_rows(_dashboard(site))
    assert sum(findings[0].message in row and okr.name in row for row in rows) == 1


def _pressing_rows(markup: str) -> list[str]:
    return _attention_rows(markup[:markup.index('<details class="ckb-hygiene">')])


def test_data_upkeep_is_a_collapsed_block_below_the_pressing_list(built) -> None:
    checked, site = built
    markup = _dashboard(site)
    block = _hygiene_block(markup)
    assert markup.index("ckb-attention") < markup.index('<details class="ckb-hygiene">'), "the pressing list comes first"
    assert "<details" in block and " open" not in block.split(">")[0], "collapsed"
    hygiene = [f for f in checked.findings if f.rule in HYGIENE_RULES]
    assert {f.rule for f in hygiene} == HYGIENE_RULES, "the example has each kind of upkeep finding"
    rows = _attention_rows(markup, "ckb-attention--hygiene")
    for finding in hygiene:
        assert sum(finding.message in row for row in rows) == 1, finding
    assert not any(f.message in row for f in hygiene for row in _pressing_rows(markup))
    assert all(f.message in html.unescape(block) for f in checked.findings if f.rule in VALIDATION_RULES)


def test_every_item_names_owner_and_department_and_links_to_its_anchor(built) -> None:
    checked, site = built
    markup = _dashboard(site)
    pages = {p.src_uri: p.markdown for p in site.pages}
    portfolio = Portfolio.build(checked, load_config(ROOT).messages, load_config(ROOT))
    rows = _pressing_rows(markup)
    assert len(rows) == len(portfolio.pressing) > 10
    anchored = 0
    for item, row in zip(portfolio.pressing, rows):
        owner_cell, department_cell = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)[4:6]
        assert (item.owner or "—") in owner_cell and (item.department or "—") in department_cell, row
        if item.anchor:
            anchored += 1
            assert f'#{item.anchor}"' in row, row
            assert f'id="{item.anchor}"' in pages[f"projects/{item.project.slug}/{item.page}.md"], item.anchor
    assert anchored >= 12, "tasks, risks, issues, resources and deliverables land at their row"
    actions = [a for a in portfolio.pressing if {f.rule for f in a.findings} & {"action-overdue", "minutes-action-overdue"}]
    assert len(actions) >= 2 and all(a.anchor and a.anchor.startswith("action-") for a in actions), \
        "a late retro action and a late minutes action item land at their row too"


def test_the_pressing_list_is_ranked_overdue_first(built) -> None:
    checked, site = built
    portfolio = Portfolio.build(checked, load_config(ROOT).messages, load_config(ROOT))
    ranks = [a.rank for a in portfolio.pressing]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert [a.kind for a in portfolio.pressing[:5]] == ["overdue"] * 4 + ["high-risk"]


def test_projects_sorted_by_health_then_due_and_late_milestones_red(built) -> None:
    checked, site = built
    markup = _dashboard(site)
    table = markup[markup.index("ckb-portfolio"):markup.index("</table>", markup.index("ckb-portfolio"))]
    levels = re.findall(r'<tr class="ckb-row ckb-row--(\w+)">', table)
    assert levels == ["red", "red", "red", "amber", "done", "done"]
    names = re.findall(r'<tr class="ckb-row[^>]*>\s*<td><a href="[^"]*">([^<]*)</a>', table)
    by_name = {p.name: p for p in checked.kb.projects}
    assert [by_name[n].due for n in names[:3]] == sorted(by_name[n].due for n in names[:3])  # red: 12-18, 12-31, 01-22
    assert by_name[names[0]].slug == "key-account-huaxin" and by_name[names[3]].slug == "okr-2026-h2"
    late = re.findall(r'<a href="[^"]*#task-(T\d+)" class="ckb-late">', table)
    assert late == ["T5", "T3"]  # Huaxin's and the annual meeting's milestones were due 2026-11-13
    assert "ckb-date ckb-late\">2026-11-13 · 已逾期 5 天" in table


def test_the_next_seven_days_list_tasks_and_milestones_due(built) -> None:
    checked, site = built
    markup = _dashboard(site)
    section = markup[markup.index("7 天内到期的任务与里程碑"):markup.index('<details class="ckb-hygiene">')]
    due = re.findall(r"#task-(T\d+)\">", section)
    expected = [t.id for p in checked.kb.projects for t in p.tasks
                if not t.is_closed and dt.date(2026, 11, 18) <= t.due <= dt.date(2026, 11, 25)]
    assert sorted(due) == sorted(expected) and due
