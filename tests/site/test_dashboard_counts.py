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


def _attention_rows(markup: str) -> list[str]:
    table = markup[markup.index('class="ckb-table ckb-attention"'):markup.index("</table>", markup.index("ckb-attention"))]
    return [html.unescape(row) for row in re.findall(r'<tr class="ckb-row">(.*?)</tr>', table, flags=re.S)]


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
    invalid = html.unescape(markup.split('class="ckb-table ckb-attention"')[0])  # the validation box comes first
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
    items = [re.findall(r"<td><a href=[^>]*>([^<]*)</a></td>", row) for row in rows]  # [project, item]
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
