"""Planning on the site, built in memory from the example's replayed history: the drift view,
due-date history, progress over time, critical path in the table and the Gantt, shaded
non-working days, slack in projects.json, and the one notice without history."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.site.pages import JSON_URI, Site, build_site

from example_history import build

SLUG = "q4-smartwatch-launch"
TODAY = dt.date(2026, 11, 18)


def _site(root: Path) -> Site:
    config = load_config(root)
    return build_site(pipeline.check(config, TODAY), config)


def _page(site: Site, src_uri: str) -> str:
    return next(p.markdown for p in site.pages if p.src_uri == src_uri)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example-site") / "kb"
    build(root)
    return root


@pytest.fixture(scope="module")
def site(example: Path) -> Site:
    return _site(example)


def test_drift_view_ranks_the_tasks_that_slipped_most(site: Site) -> None:
    page = _page(site, "views/drift.md")
    rows = re.findall(r'#task-(T\d+)">T\d+</a> [^<]*</td>\n<td class="ckb-date">([\d-]+)</td>\n'
                      r'<td class="ckb-date">([\d-]+)</td>\n<td class="ckb-num ckb-num--warn">([^<]+)</td>', page)
    assert rows[:2] == [("T7", "2026-11-11", "2026-11-25", "+14 天（+10 个工作日）"),
                        ("T8", "2026-11-06", "2026-11-13", "+7 天（+5 个工作日）")]
    assert "<code>baseline/q4-smartwatch-launch</code>" in page
    assert ["views/drift.md" in str(entry) for entry in site.nav].count(True) == 1


def test_task_details_show_due_history_slack_and_drift(site: Site) -> None:
    page = _page(site, f"projects/{SLUG}/tasks.md")
    t7 = page[page.index('id="task-T7"'):page.index('id="task-T8"')]
    history = re.findall(r'<tr><td class="ckb-date">([\d-]+)</td><td class="ckb-date">([^<]+)</td>'
                         r'<td class="ckb-num">([^<]+)</td><td><code>[0-9a-f]{7,}</code></td></tr>', t7)
    assert history == [
        ("2026-10-12", "2026-11-11", "初次计划"),
        ("2026-10-26", "2026-11-11 → 2026-11-18", "+7 天"),
        ("2026-11-10", "2026-11-18 → 2026-11-20", "+2 天"),
        ("2026-11-16", "2026-11-20 → 2026-11-25", "+5 天"),
    ]
    assert "T7 主视觉返工" not in t7, "a commit message is not shown as the reason for a new date"
    assert "<dt>总浮动时间</dt><dd>3 个工作日</dd>" in t7


def test_progress_over_time_is_an_inline_svg_with_one_dot_per_change(site: Site) -> None:
    page = _page(site, f"projects/{SLUG}/tasks.md")
    svg = page[page.index('<svg class="ckb-progress"'):page.index("</svg>", page.index('<svg class="ckb-progress"'))]
    assert svg.count("<circle") == 5 and "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_critical_tasks_are_marked_in_the_table_and_the_gantt(site: Site, example: Path) -> None:
    page = _page(site, f"projects/{SLUG}/tasks.md")
    gantt_critical = re.findall(r'ckb-gantt__task--critical" data-task="(T\d+)"', page)
    document = json.loads(site.static[JSON_URI])
    project = next(p for p in document["projects"] if p["slug"] == SLUG)
    assert gantt_critical == project["critical_path"] and gantt_critical
    least = min(project["slack"][t] for t in gantt_critical)
    assert all(project["slack"][t] == least for t in gantt_critical)
    assert page.count('class="ckb-badge ckb-badge--critical"') >= len(gantt_critical)


def test_gantt_shades_weekends_and_holidays_not_make_up_days(site: Site) -> None:
    page = _page(site, f"projects/{SLUG}/tasks.md")
    widths = [float(w) for w in re.findall(r'<rect class="ckb-gantt__off" x="[\d.]+" y="0" width="([\d.]+)"', page)]
    day = min(widths)
    # The chart covers 2026-09-01 … 12-31. Counted by hand from the 2026 schedule: Sat 09-19 alone
    # (Sun 09-20 is a make-up workday), Mid-Autumn 09-25…27, National Day 10-01…07, Sun 10-11 alone
    # (Sat 10-10 is a make-up workday), then plain weekends; 38 non-working days in all.
    runs = [round(w / day) for w in widths]
    assert runs == [2, 2, 1, 3, 7, 1, *[2] * 11]


def test_critical_task_behind_schedule_heads_the_attention_list(site: Site) -> None:
    page = _page(site, "index.md")
    table = page[page.index('ckb-attention" data-ckb-filter>'):]
    rows = re.findall(r'ckb-badge--(?:error|warning)">[^<]*</span></td>\n<td[^>]*>([^<]*)</td>\n<td[^>]*><a href="[^"]*">([^<]*)</a></td>\n'
                      r'<td[^>]*><a href="[^"]*">([^<]*)</a></td>\n(?:<td[^>]*>.*</td>\n){2}<td[^>]*>(.*)</td>', table)
    kinds = [kind for kind, *_ in rows]
    late_critical = [(kind, name, item) for kind, name, item, text in rows if "在关键路径上" in text]
    # Overdue first (critical or not), then critical tasks behind schedule, then the rest.
    assert late_critical and all(kind in ("逾期", "关键任务落后") for kind, _, _ in late_critical)
    assert kinds == sorted(kinds, key=lambda k: (k != "逾期", k != "关键任务落后"))
    paths = {p["name"]: p["critical_path"] for p in json.loads(site.static[JSON_URI])["projects"]}
    assert all(item in paths[name] for _, name, item in late_critical)


def test_without_history_one_notice_and_the_rest_still_builds(example: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(example, plain, ignore=shutil.ignore_patterns(".git"))
    site = _site(plain)
    page = _page(site, "views/drift.md")
    assert page.count("admonition info ckb-notice") == 1 and "不是 git 仓库" in page
    assert "ckb-due-history" not in _page(site, f"projects/{SLUG}/tasks.md")
    assert json.loads(site.static[JSON_URI])["projects"][0]["critical_path"] is not None
