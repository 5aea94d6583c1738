"""``collabkb import FILE.xlsx --project SLUG``: real workbooks in, a valid tasks.yaml out (or nothing)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner, Result
from excel_kit import DATE_CN, TODAY, excel_style, new_sheet, snapshot

from collabkb.cli import main

MakeKb = Callable[..., Path]
TASKS = "projects/demo/tasks.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def imported(root: Path) -> list[dict]:
    return yaml.safe_load((root / TASKS).read_text("utf-8"))["tasks"]


@pytest.fixture
def kb(make_kb: MakeKb) -> Path:
    """The shared one-project knowledge base (team: 市场部 王芳/李娜, 研发部 张伟) without tasks.yaml."""
    return make_kb({TASKS: None}, language="zh")


def plain_workbook(path: Path) -> Path:
    """What a coordinator types into Excel: a title row, the header in row 2, a department merged
    down two rows, a blank row, real dates and a serial number, progress written three ways."""
    book, sheet = new_sheet("任务表")
    sheet.append(["Q3 渠道拓展 任务分配与进度表"])
    sheet.merge_cells("A1:J1")
    sheet.append(["序号", "任务/子任务", "主责部门", "责任人", "开始日", "截止日（YYYY-MM-DD）", "状态", "进度", "交付物", "备注"])
    sheet.append([1, "渠道调研", "市场部", "李娜", dt.date(2026, 9, 1), 46275, "已完成", "100%", "调研报告", "首周"])
    sheet.append([2, "渠道方案", None, "王芳", dt.datetime(2026, 9, 10), dt.date(2026, 9, 30), "进行中", 0.6, None, None])
    sheet.merge_cells("C3:C4")
    sheet.append([None] * 10)
    sheet.append([3, "系统对接", "研发部", "张伟", "2026/10/8", "2026年10月30日", "未开始", 0, None, None])
    sheet.append([None, "  数据看板  ", "研发部", "张伟", "2026-10-01", "2026-11-15", "in progress", "45", None, None])
    sheet["A3"].value, sheet["G3"].value = 1, "已完成"
    book.save(path)
    return path


def test_a_plain_workbook_becomes_a_tasks_file_that_validates(kb: Path, tmp_path: Path) -> None:
    source = plain_workbook(tmp_path / "plan.xlsx")
    result = run("import", str(source), "--project", "demo", str(kb), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "projects/demo/tasks.yaml" in result.stdout
    tasks = imported(kb)
    assert [t["id"] for t in tasks] == ["T1", "T2", "T3", "T4"]  # the blank row skipped; a missing id gets the next free one
    first, second, third, fourth = tasks
    assert first == {"id": "T1", "title": "渠道调研", "department": "市场部", "owner": "李娜", "deliverable": "调研报告",
                     "start": dt.date(2026, 9, 1), "due": dt.date(2026, 9, 10), "status": "done", "progress": 100}
    assert second["department"] == "市场部"  # merged down from the row above
    assert (second["start"], second["progress"], second["status"]) == (dt.date(2026, 9, 10), 60, "in_progress")
    assert (third["start"], third["due"], third["progress"]) == (dt.date(2026, 10, 8), dt.date(2026, 10, 30), 0)
    assert (fourth["title"], fourth["status"], fourth["progress"]) == ("数据看板", "in_progress", 45)
    assert "备注" in result.stderr  # a column it did not use is named
    text = (kb / TASKS).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/tasks.schema.json\n")
    validate = run("validate", str(kb))
    assert validate.exit_code == 0, validate.output


def test_the_command_runs_as_a_module(kb: Path, tmp_path: Path) -> None:
    source = plain_workbook(tmp_path / "plan.xlsx")
    done = subprocess.run([sys.executable, "-m", "collabkb", "import", str(source), "--project", "demo", str(kb),
                           "--today", TODAY], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(imported(kb)) == 4


def test_dry_run_prints_the_yaml_and_its_findings_and_writes_nothing(kb: Path, tmp_path: Path) -> None:
    source = plain_workbook(tmp_path / "plan.xlsx")
    before = snapshot(kb)
    result = run("import", str(source), "--project", "demo", "--dry-run", str(kb), "--today", "2026-10-20")
    assert result.exit_code == 0, result.output
    assert snapshot(kb) == before
    assert yaml.safe_load(result.stdout)["tasks"][1]["title"] == "渠道方案"
    # the findings the file would have on that day: T2 (due 09-30, 60 %) is overdue
    assert "projects/demo/tasks.yaml:" in result.stderr and "[overdue]" in result.stderr and "T2" in result.stderr


def test_an_existing_tasks_file_is_never_overwritten(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb(language="zh")
    before = snapshot(root)
    result = run("import", str(plain_workbook(tmp_path / "plan.xlsx")), "--project", "demo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "tasks.yaml" in result.stderr and "不会覆盖" in result.stderr
    assert snapshot(root) == before


def test_a_project_that_does_not_exist_is_a_usage_error(kb: Path, tmp_path: Path) -> None:
    result = run("import", str(plain_workbook(tmp_path / "plan.xlsx")), "--project", "nope", str(kb), "--today", TODAY)
    assert result.exit_code == 2
    assert "collabkb new nope" in result.stderr
    assert not (kb / "projects/nope").exists()


def test_every_unusable_cell_is_named_by_sheet_and_a1_address_and_nothing_is_written(kb: Path, tmp_path: Path) -> None:
    book, sheet = new_sheet("计划")
    sheet.append(["任务", "主责部门", "责任人", "开始日", "截止日", "状态", "进度", "里程碑"])
    sheet.append(["好的一行", "市场部", "李娜", "2026-09-01", "2026-09-20", "进行中", "50%", "否"])
    sheet.append(["坏日期", "市场部", "李娜", "下周一", "2026-09-20", "进行中", "50%", "否"])
    sheet.append(["坏状态与进度", "市场部", "李娜", "2026-09-01", "2026-09-20", "搞定了", "150%", "也许"])
    sheet.append(["没有截止日", "市场部", "李娜", "2026-09-01", None, None, None, None])
    sheet.append(["公式", "市场部", "李娜", "2026-09-01", "=D2+30", None, None, None])
    book.save(tmp_path / "bad.xlsx")
    before = snapshot(kb)
    result = run("import", str(tmp_path / "bad.xlsx"), "--project", "demo", str(kb), "--today", TODAY)
    assert result.exit_code == 1
    assert snapshot(kb) == before
    lines = [line for line in result.stderr.splitlines() if "[import]" in line]
    where = [line.split(": error")[0].rsplit(":", 1)[1] for line in lines]
    assert where == ["计划!D3", "计划!F4", "计划!G4", "计划!H4", "计划!E5", "计划!E6"]
    assert "下周一" in lines[0] and "搞定了" in lines[1] and "150%" in lines[2] and "也许" in lines[3]
    assert "=D2+30" in lines[5]  # a formula openpyxl wrote has no saved result: named, not guessed
    assert "未写入" in result.stderr


def test_english_headers_and_a_named_sheet(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb({TASKS: None}, language="en")
    book, first = new_sheet("Notes")
    first.append(["nothing here"])
    sheet = book.create_sheet("Plan")
    sheet.append(["ID", "Task", "Department", "Owner", "Start Date", "Due Date", "Status", "% Complete", "Milestone",
                  "Depends on", "Acceptance criteria"])
    sheet.append(["A-1", "Kick-off", "市场部", "王芳", dt.date(2026, 9, 1), dt.date(2026, 9, 2), "Done", 1.0, "yes", None,
                  "Minutes\nsent"])
    sheet.append(["A-2", "Build", "研发部", "张伟", dt.date(2026, 9, 3), dt.date(2026, 9, 30), "Not started", None, "no",
                  "A-1", None])
    sheet["H2"].number_format = "0%"
    book.save(tmp_path / "plan.xlsx")
    missing = run("import", str(tmp_path / "plan.xlsx"), "--project", "demo", "--sheet", "Plan 2", str(root))
    assert missing.exit_code == 2 and "Notes、Plan" in missing.stderr
    result = run("import", str(tmp_path / "plan.xlsx"), "--project", "demo", "--sheet", "Plan", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    kickoff, build = imported(root)
    assert kickoff["progress"] == 100 and kickoff["milestone"] is True and kickoff["acceptance"] == "Minutes\nsent"
    assert build["depends_on"] == ["A-1"] and build["milestone"] is False and build["status"] == "not_started"


def wps_workbook(path: Path) -> Path:
    """Saved the way WPS/Excel save it: a two-row header whose group cells are merged across
    and whose single cells are merged down, a section row, dates as serial numbers (with a
    Chinese date format, and one in General format), shared strings, a formula with its
    saved result and a department merged down."""
    book, sheet = new_sheet("Sheet1")
    sheet["A1"] = "2026 年 Q3 渠道拓展 · 任务分配与进度表"
    sheet.merge_cells("A1:J1")
    for cell, text in {"A2": "序号", "B2": "任务信息", "E2": "时间安排", "G2": "执行情况", "J2": "交付标准",
                       "B3": "任务/子任务", "C3": "主责部门", "D3": "责任人", "E3": "开始日", "F3": "截止日",
                       "G3": "状态", "H3": "进度", "I3": "交付物"}.items():
        sheet[cell] = text
    for merged in ("A2:A3", "B2:D2", "E2:F2", "G2:I2", "J2:J3"):
        sheet.merge_cells(merged)
    sheet["A4"] = "一、策划阶段"
    sheet.merge_cells("A4:J4")
    sheet.append([1, "渠道画像", "市场部", "李娜", 46266, 46280, "已完成", 1, "画像报告", "覆盖 3 个省"])
    sheet.append([2, "招商政策", None, "王芳", 46273, 46295, "进行中", "=0.5+0.1", "政策文件", None])
    sheet.merge_cells("C5:C6")
    sheet["A7"] = "二、执行阶段"
    sheet.merge_cells("A7:J7")
    sheet.append([3, "系统对接", "研发部", "张伟", 46296, 46326, "未开始", 0, None, None])
    for row in (5, 6):
        for column in "EF":
            sheet[f"{column}{row}"].number_format = DATE_CN
    sheet["H5"].number_format = sheet["H6"].number_format = "0%"
    book.save(path)
    excel_style(path, cached={"H6": "0.6"})
    return path


def test_a_workbook_saved_by_wps_or_excel(kb: Path, tmp_path: Path) -> None:
    source = wps_workbook(tmp_path / "wps.xlsx")
    with zipfile.ZipFile(source) as archive:  # the file really has the shape WPS/Excel write
        assert "xl/sharedStrings.xml" in archive.namelist()
        assert b"inlineStr" not in archive.read("xl/worksheets/sheet1.xml")
    result = run("import", str(source), "--project", "demo", str(kb), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "3" in result.stderr.splitlines()[0]  # the header found in row 3
    one, two, three = imported(kb)
    assert (one["phase"], two["phase"], three["phase"]) == ("策划阶段", "策划阶段", "执行阶段")
    assert (one["start"], one["due"]) == (dt.date(2026, 9, 1), dt.date(2026, 9, 15))
    assert two["department"] == "市场部" and two["progress"] == 60  # merged down; the formula's saved result
    assert (three["start"], three["due"]) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))  # General-format serials
    assert one["acceptance"] == "覆盖 3 个省" and one["progress"] == 100
    assert run("validate", str(kb)).exit_code == 0


def test_a_dry_run_over_an_existing_file_says_a_real_run_would_not_write(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb(language="zh")
    result = run("import", str(plain_workbook(tmp_path / "plan.xlsx")), "--project", "demo", "--dry-run", str(root),
                 "--today", TODAY)
    assert result.exit_code == 1
    assert "不会覆盖" in result.stderr and "实际导入时不会写入" in result.stderr
    assert yaml.safe_load(result.stdout)["tasks"][0]["title"] == "渠道调研"


def test_a_project_folder_linked_out_of_the_knowledge_base_is_not_written_through(make_kb: MakeKb,
                                                                                   tmp_path: Path) -> None:
    root = make_kb({TASKS: None}, language="zh")
    elsewhere = tmp_path / "elsewhere"
    (root / "projects/demo").rename(elsewhere)
    (root / "projects/demo").symlink_to(elsewhere, target_is_directory=True)
    result = run("import", str(plain_workbook(tmp_path / "plan.xlsx")), "--project", "demo", str(root), "--today", TODAY)
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert not (elsewhere / "tasks.yaml").exists()
