"""``collabkb export --format xlsx -o FILE``: one workbook, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result
from excel_kit import snapshot

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.cli import main
from collabkb.i18n import Messages
from collabkb.check.calendar import parse_date
from collabkb.portfolio.view import Portfolio

EXAMPLE = Path(__file__).resolve().parents[2]
TODAY = "2026-11-18"
MakeKb = Callable[..., Path]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("export") / "portfolio.xlsx"
    result = run("export", str(EXAMPLE), "--format", "xlsx", "-o", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def test_sheets_have_chinese_titles_a_frozen_header_and_filters(example_book: openpyxl.Workbook) -> None:
    assert example_book.sheetnames == ["任务", "风险", "逾期", "近期到期", "按部门"]
    for sheet in example_book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    assert [c.value for c in example_book["任务"][1]][:10] == ["项目", "项目名称", "编号", "任务", "阶段", "主责部门",
                                                              "责任人", "开始日", "截止日", "状态"]


def test_every_task_is_a_row_with_real_dates_and_percentages(example_book: openpyxl.Workbook) -> None:
    config = load_config(EXAMPLE)
    checked = pipeline.check(config, parse_date(TODAY))
    sheet = example_book["任务"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == checked.kb.task_count
    by_key = {(r[0].value, r[2].value): r for r in rows}
    for project in checked.kb.projects:
        for task in project.tasks:
            row = by_key[(project.slug, task.id)]
            assert row[8].value == dt.datetime.combine(task.due, dt.time()) and row[8].is_date
            assert row[8].number_format == "yyyy-mm-dd"
            assert row[10].value == pytest.approx(task.progress / 100) and row[10].number_format == "0%"
    overdue = {(f.project, f.item) for f in checked.findings if f.rule == "overdue"}
    flagged = {(r[0].value, r[2].value) for r in rows if r[13].value and "逾期" in r[13].value}
    assert flagged == overdue
    late = {(r[0].value, r[1].value): r[6].value for r in example_book["逾期"].iter_rows(min_row=2)}
    assert set(late) == overdue
    for (slug, task_id), days in late.items():
        assert days == (parse_date(TODAY) - checked.kb.project_by_slug[slug].task_by_id[task_id].due).days > 0


def test_risks_and_departments(example_book: openpyxl.Workbook) -> None:
    checked = pipeline.check(load_config(EXAMPLE), parse_date(TODAY))
    assert example_book["风险"].max_row - 1 == sum(len(p.risks) for p in checked.kb.projects)
    departments = {r[0].value: r for r in example_book["按部门"].iter_rows(min_row=2)}
    open_tasks = sum(r[2].value for r in departments.values())
    assert open_tasks == sum(not t.is_closed and t.department is not None for p in checked.kb.projects for t in p.tasks)
    # the same counts the site's department pages show: the portfolio's workload, not a second definition
    workload = Portfolio.build(checked, Messages("zh")).department_workload
    assert {name: tuple(c.value for c in row[2:6]) for name, row in departments.items()} == \
        {name: (w.open, w.overdue, w.lagging, w.due_soon) for name, w in workload.items()}


def test_english_titles_on_an_english_site_and_text_that_looks_like_a_formula_stays_text(make_kb: MakeKb,
                                                                                          tmp_path: Path) -> None:
    root = make_kb({"projects/demo/tasks.yaml": lambda base: base.replace(
        "title: 方案", "title: '=HYPERLINK(\"http://evil.example\",\"click\")'")}, language="en")
    out = tmp_path / "out.xlsx"
    result = run("export", str(root), "--format", "xlsx", "-o", str(out), "--today", "2026-10-10")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Tasks", "Risks", "Overdue", "Upcoming", "Departments"]
    assert book["Tasks"]["D2"].value == '=HYPERLINK("http://evil.example","click")'
    assert book["Tasks"]["D2"].data_type == "s"
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula anywhere


def test_xlsx_needs_an_output_file_and_writes_nothing_else(make_kb: MakeKb) -> None:
    root = make_kb(language="en")
    before = snapshot(root)
    result = run("export", str(root), "--format", "xlsx", "--today", "2026-10-10")
    assert result.exit_code == 2 and "-o" in result.stderr and result.stdout == ""
    assert snapshot(root) == before


def test_a_round_trip_through_excel_keeps_the_plan(make_kb: MakeKb, tmp_path: Path) -> None:
    """The exported task sheet imports back into a project as the same tasks."""
    root = make_kb(language="zh")
    out = tmp_path / "out.xlsx"
    assert run("export", str(root), "--format", "xlsx", "-o", str(out), "--today", "2026-10-10").exit_code == 0
    original = (root / "projects/demo/tasks.yaml").read_text("utf-8")
    (root / "projects/demo/tasks.yaml").unlink()
    result = run("import", str(out), "--project", "demo", str(root), "--today", "2026-10-10")
    assert result.exit_code == 0, result.output
    back = yaml.safe_load((root / "projects/demo/tasks.yaml").read_text("utf-8"))["tasks"]
    before = yaml.safe_load(original)["tasks"]
    keys = ("id", "title", "department", "owner", "start", "due", "status", "progress", "completed")
    assert [{k: t.get(k) for k in keys} for t in back] == [{k: t.get(k) for k in keys} for t in before]
