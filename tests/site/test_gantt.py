"""The Gantt chart's geometry on the example knowledge base (2026-11-18): labels wrapped, never cut;
width by the project's span; rows that hold their bars; arrows that end at bar edges; overdue tails."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.site import gantt
from collabkb.portfolio.view import Portfolio
from site_build import ROOT

TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def checked() -> pipeline.Checked:
    return pipeline.check(load_config(ROOT), TODAY)


@pytest.fixture(scope="module")
def charts(checked: pipeline.Checked) -> dict[str, gantt.Gantt]:
    """Each example project's chart, built as the tasks page builds it."""
    config = load_config(ROOT)
    portfolio = Portfolio.build(checked, config.messages, config)
    made = {}
    for project in checked.kb.projects:
        overdue = [f.item or "" for f in checked.findings if f.rule == "overdue" and f.project == project.slug]
        chart = gantt.build(project, TODAY, overdue, portfolio.by_slug[project.slug].schedule.critical,
                            checked.calendar)
        assert chart is not None
        made[project.slug] = chart
    return made


@pytest.mark.parametrize("text", ["T3 市场调研与竞品分析", "T12 3 城上市发布会（北京 / 上海 / 深圳）",
                                  "T4 Prepare the channel partner training materials for the launch",
                                  "Supercalifragilisticexpialidociousandlonger", "T1"])
def test_a_label_is_wrapped_to_the_column_and_loses_nothing(text: str) -> None:
    lines = gantt.wrap(text)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(gantt.text_width(line) <= gantt.LABEL_TEXT for line in lines)
    if gantt.text_width(text) > gantt.LABEL_TEXT:
        assert len(lines) > 1


def test_a_latin_word_is_not_split_when_it_fits_on_a_line() -> None:
    lines = gantt.wrap("T4 Prepare the channel partner training materials")
    assert all(word in {w for line in lines for w in line.split()} for word in ("Prepare", "channel", "partner", "training"))


def test_rows_are_as_tall_as_their_labels_and_hold_their_bars(charts: dict[str, gantt.Gantt]) -> None:
    for chart in charts.values():
        top = 0.0
        for bar in chart.bars:
            assert bar.top == top and bar.height >= len(bar.lines) * gantt.LINE
            assert top <= bar.y and bar.y + gantt.BAR_HEIGHT <= top + bar.height
            top += bar.height
        assert chart.height >= top


def test_the_chart_is_as_wide_as_the_project_is_long(charts: dict[str, gantt.Gantt]) -> None:
    for chart in charts.values():
        assert chart.width >= gantt.MIN_CHART
        for bar in chart.bars:  # every day is at least MIN_DAY wide: short tasks stay visible
            assert bar.width >= gantt.MIN_DAY - 1e-9
    widths = sorted(chart.width for chart in charts.values())
    assert widths[-1] > widths[0], "a longer project gets a wider chart, not narrower days"


def test_week_ticks_are_a_week_apart_and_months_are_labelled(charts: dict[str, gantt.Gantt]) -> None:
    for chart in charts.values():
        gaps = {round(b.x - a.x, 6) for a, b in zip(chart.weeks, chart.weeks[1:])}
        assert len(gaps) == 1 and gaps.pop() >= 7 * gantt.MIN_DAY - 1e-9
        assert any(t.label for t in chart.weeks) and all(re.fullmatch(r"\d{1,2}/\d{1,2}|", t.label) for t in chart.weeks)
        assert chart.months and re.fullmatch(r"\d{4}-\d\d", chart.months[0].label)


def test_arrows_end_exactly_at_the_left_edge_of_the_dependent_bar(checked: pipeline.Checked,
                                                                   charts: dict[str, gantt.Gantt]) -> None:
    for project in checked.kb.projects:
        chart = charts[project.slug]
        by_id = {bar.task: bar for bar in chart.bars}
        edges = [(by_id[d], by_id[t.id]) for t in project.tasks for d in t.depends_on if d in by_id and d != t.id]
        assert len(edges) == len(chart.arrows)
        for (source, target), arrow in zip(edges, chart.arrows):
            numbers = re.findall(r"[MHV](-?[\d.]+)(?:,(-?[\d.]+))?", arrow.path)
            start_x, start_y = float(numbers[0][0]), float(numbers[0][1])
            assert (start_x, start_y) == (pytest.approx(source.end, abs=0.05), pytest.approx(source.mid, abs=0.05))
            assert arrow.path.rsplit(" ", 2)[-1] == f"H{target.x:.1f}"  # the last piece runs into the bar's edge
            assert arrow.path.rsplit(" ", 2)[-2] == f"V{target.mid:.1f}"  # at the bar's middle
            last_run = float(arrow.path.rsplit(" ", 3)[-3][1:])
            assert target.x - last_run >= gantt.STUB - 0.05, "room for the whole arrowhead outside the bar"
            assert arrow.critical == (source.critical and target.critical)


def test_an_overdue_bar_has_a_hatched_tail_up_to_today(charts: dict[str, gantt.Gantt]) -> None:
    chart = charts["q4-smartwatch-launch"]
    late = [bar for bar in chart.bars if bar.state == "overdue"]
    assert [bar.task for bar in late] == ["T8"]
    assert chart.today_x is not None
    assert late[0].x + late[0].width + late[0].late == pytest.approx(chart.today_x)
    assert late[0].mark == "!" and all(b.late == 0 for b in chart.bars if b.state != "overdue")
    assert {b.mark for b in chart.bars if b.state == "done"} == {"✓"}


def test_no_month_label_sits_under_the_today_label(charts: dict[str, gantt.Gantt]) -> None:
    for chart in charts.values():
        if chart.today_x is None:
            continue
        left = chart.today_x - gantt.TODAY_LABEL if chart.today_label_flipped else chart.today_x
        assert all(not t.label for t in chart.months if left - 40 < t.x < left + gantt.TODAY_LABEL)
        assert any(t.label for t in chart.months)
