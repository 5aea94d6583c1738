"""A 任务分配与进度表 (task sheet) → task mappings for ``tasks.yaml``, and every cell it could not use.

The header row is the row among the first ``HEADER_SEARCH_ROWS`` whose cells name the most known
columns (``HEADERS``: Chinese and English, compared after folding width, case, spaces and a
bracketed note such as ``截止日（YYYY-MM-DD）``); a title row above it is skipped. Merged cells
read as the value of their top-left cell everywhere they cover, so a department merged down
several rows belongs to each of them. Blank rows are skipped; a row whose cells are one merged
range across the table (``一、策划阶段``) is a section: its text becomes the ``phase`` of the
rows below it (numbering such as ``一、`` left out) when the sheet has no phase column.

A cell that cannot be used is a ``CellProblem`` at its A1 address; a row without a usable
title, start or due date is left out (with the problem that says why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import Messages
from . import cells
from .workbook import OpenedSheet, WorkbookError

HEADER_SEARCH_ROWS = 20
MAX_COLUMNS = 200
REQUIRED = ("title", "start", "due")
# tasks.yaml key → header texts (compared after ``header_key``); the order is the YAML's key order.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "任务编号", "序号", "id", "taskid", "no", "no."),
    "title": ("任务", "子任务", "任务/子任务", "任务名称", "子任务名称", "任务内容", "工作内容", "task", "title",
              "subtask", "sub-task", "taskname"),
    "phase": ("阶段", "所属阶段", "phase", "stage"),
    "department": ("主责部门", "负责部门", "责任部门", "部门", "department", "dept", "leaddepartment"),
    "owner": ("责任人", "负责人", "主责人", "唯一主责人", "owner", "assignee", "responsible"),
    "deliverable": ("交付物", "交付成果", "deliverable", "deliverables"),
    "acceptance": ("交付标准", "验收标准", "acceptance", "acceptancecriteria", "definitionofdone"),
    "collaborators": ("协作部门", "配合部门", "支持部门", "collaborators", "supportingdepartments"),
    "depends_on": ("依赖", "前置任务", "依赖任务", "dependson", "dependencies", "predecessors"),
    "start": ("开始日", "开始日期", "开始时间", "计划开始", "计划开始日期", "start", "startdate"),
    "due": ("截止日", "截止日期", "截止时间", "完成时限", "计划完成", "计划完成日期", "due", "duedate", "deadline",
            "enddate", "finish"),
    "milestone": ("里程碑", "关键里程碑", "是否里程碑", "milestone"),
    "status": ("状态", "任务状态", "status"),
    "progress": ("进度", "完成进度", "完成率", "进度%", "progress", "%complete", "percentcomplete"),
    "completed": ("完成日", "实际完成", "实际完成日", "实际完成日期", "完成日期", "completed", "actualfinish"),
}
_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")
_NOISE = re.compile(r"[\s*:：]+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)\s*[、.．)）]\s*")  # 一、策划 / 2. 执行


def header_key(text: str) -> str:
    return _NOISE.sub("", _BRACKETED.sub("", cells.normal(text))).lower()


_FIELD_OF: dict[str, str] = {header_key(h): name for name, headers in HEADERS.items() for h in headers}


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell that could not be used: ``Sheet1!E7`` and why (translated)."""

    sheet: str
    cell: str
    row: int
    column: int
    message: str

    def where(self, file: str) -> str:
        return f"{file}:{self.sheet}!{self.cell}"


@dataclass(frozen=True)
class TaskSheet:
    sheet: str
    header_row: int
    columns: Mapping[str, str]  # tasks.yaml key → column letter
    ignored: tuple[str, ...]  # header texts no column was recognised for
    tasks: tuple[dict[str, Any], ...]
    problems: tuple[CellProblem, ...]


class _Grid:
    """Cell values with merged ranges resolved to their top-left cell; formula cells flagged."""

    def __init__(self, sheet: OpenedSheet) -> None:
        self.values: Worksheet = sheet.values
        self.formulas: Worksheet = sheet.formulas
        self.rows = self.values.max_row  # at most MAX_ROWS: open_sheet refuses longer sheets
        self.columns = min(self.values.max_column, MAX_COLUMNS)
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        self.span: dict[tuple[int, int], int] = {}  # top-left cell → columns covered
        for merged in self.values.merged_cells.ranges:
            top, left = merged.min_row, merged.min_col
            self.span[(top, left)] = merged.max_col - merged.min_col + 1
            for row in range(top, min(merged.max_row, self.rows) + 1):
                for column in range(left, min(merged.max_col, self.columns) + 1):
                    self.origin[(row, column)] = (top, left)

    def source(self, row: int, column: int) -> tuple[int, int]:
        return self.origin.get((row, column), (row, column))

    def value(self, row: int, column: int) -> Any:
        r, c = self.source(row, column)
        return self.values.cell(r, c).value

    def number_format(self, row: int, column: int) -> str:
        r, c = self.source(row, column)
        return str(self.values.cell(r, c).number_format or "")

    def blank(self, row: int, columns: Iterable[int]) -> bool:
        """Nothing written in the row itself (a cell merged down from a row above does not count)."""
        return all(self.source(row, c)[0] != row or (self.value(row, c) is None and self.unsaved_formula(row, c) is None)
                   for c in columns)

    def unsaved_formula(self, row: int, column: int) -> str | None:
        """The formula of a cell whose value Excel never saved (``None`` otherwise)."""
        r, c = self.source(row, column)
        if self.values.cell(r, c).value is not None:
            return None
        written = self.formulas.cell(r, c).value
        if isinstance(written, str) and written.startswith("="):
            return written
        text = getattr(written, "text", None)  # an array formula
        return text if isinstance(text, str) else None


def _header_columns(grid: _Grid, row: int) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored: list[str] = []
    for column in range(1, grid.columns + 1):
        written = cells.text(grid.value(row, column))
        if written is None:
            continue
        name = _FIELD_OF.get(header_key(written))
        if name is None or name in found:
            if written not in ignored:
                ignored.append(written)
            continue
        found[name] = column
    return found, ignored


def find_header(grid: _Grid, sheet: str, file: str, msg: Messages) -> tuple[int, dict[str, int], list[str]]:
    """The header row (1-based), its recognised columns and the header texts it ignores."""
    best: tuple[int, dict[str, int], list[str]] | None = None
    for row in range(1, min(grid.rows, HEADER_SEARCH_ROWS) + 1):
        found, ignored = _header_columns(grid, row)
        if best is None or len(found) > len(best[1]):
            best = (row, found, ignored)
    if best is None or not all(name in best[1] for name in REQUIRED):
        known = best[1] if best else {}
        missing = [HEADERS[name][0] for name in REQUIRED if name not in known]
        raise WorkbookError(msg("import.no_header", path=file, sheet=sheet, rows=HEADER_SEARCH_ROWS,
                                missing="、".join(missing)))
    return best


def _section_title(grid: _Grid, row: int, columns: Mapping[str, int]) -> str | None:
    """The text of a row that is one merged range across two or more of the table's columns."""
    sources = {grid.source(row, c) for c in columns.values() if grid.value(row, c) is not None}
    if len(sources) != 1:
        return None
    (top, left), = sources
    if grid.span.get((top, left), 1) < 2 or top != row:
        return None
    covered = sum(grid.source(row, c) == (top, left) for c in columns.values())
    if covered < 2:
        return None
    return _NUMBERING.sub("", cells.text(grid.value(row, columns["title"])) or "") or None


def read_task_sheet(sheet: OpenedSheet, file: str, msg: Messages) -> TaskSheet:
    """Every task row of ``sheet`` as a ``tasks.yaml`` mapping, and the problems met."""
    grid = _Grid(sheet)
    header, columns, ignored = find_header(grid, sheet.name, file, msg)
    reader = _RowReader(grid, sheet, columns, msg)
    tasks: list[dict[str, Any]] = []
    section: str | None = None
    for row in range(header + 1, grid.rows + 1):
        if grid.blank(row, columns.values()):
            continue
        title = _section_title(grid, row, columns)
        if title is not None:
            section = title
            continue
        task = reader.row(row, section if "phase" not in columns else None)
        if task is not None:
            tasks.append(task)
    tasks = _with_ids(tasks, reader)
    letters = {name: get_column_letter(column) for name, column in columns.items()}
    problems = sorted(reader.problems, key=lambda p: (p.row, p.column))
    return TaskSheet(sheet.name, header, letters, tuple(ignored), tuple(tasks), tuple(problems))


class _RowReader:
    def __init__(self, grid: _Grid, sheet: OpenedSheet, columns: Mapping[str, int], msg: Messages) -> None:
        self.grid = grid
        self.sheet = sheet
        self.columns = columns
        self.msg = msg
        self.problems: list[CellProblem] = []
        epoch = sheet.epoch
        self.readers: dict[str, Callable[[Any, str], Any]] = {
            "id": lambda v, f: cells.task_id(v),
            "title": lambda v, f: cells.text(v),
            "phase": lambda v, f: cells.text(v),
            "department": lambda v, f: cells.text(v),
            "owner": lambda v, f: cells.text(v),
            "deliverable": lambda v, f: cells.text(v, one_line=False),
            "acceptance": lambda v, f: cells.text(v, one_line=False),
            "collaborators": lambda v, f: cells.collaborators(v) or None,
            "depends_on": lambda v, f: cells.id_list(v) or None,
            "start": lambda v, f: cells.date(v, epoch),
            "due": lambda v, f: cells.date(v, epoch),
            "milestone": lambda v, f: cells.yes_no(v),
            "status": lambda v, f: cells.status(v),
            "progress": lambda v, f: cells.progress(v, f),
            "completed": lambda v, f: cells.date(v, epoch),
        }

    def problem(self, row: int, column: int, key: str, **values: Any) -> None:
        r, c = self.grid.source(row, column)
        self.problems.append(CellProblem(self.sheet.name, f"{get_column_letter(c)}{r}", r, c, self.msg(key, **values)))

    def _read(self, row: int, column: int, name: str) -> Any:
        """The value of the cell for the key ``name`` (``None`` when empty); ``Unusable`` when it
        cannot be used, which includes a formula whose result was never saved."""
        formula = self.grid.unsaved_formula(row, column)
        if formula is not None:
            raise cells.Unusable("import.formula", formula=formula[:80])
        value = self.grid.value(row, column)
        return None if value is None else self.readers[name](value, self.grid.number_format(row, column))

    def row(self, row: int, section: str | None) -> dict[str, Any] | None:
        """The task in ``row`` (with its row number under ``_row``), or ``None`` when a required
        cell is empty or unusable."""
        task: dict[str, Any] = {"_row": row}
        unusable: set[str] = set()
        for name, column in self.columns.items():
            try:
                read = self._read(row, column, name)
            except cells.Unusable as error:
                self.problem(row, column, error.key, header=HEADERS[name][0], **error.values)
                unusable.add(name)
                continue
            if read is not None:
                task[name] = read
        if section and "phase" not in task:
            task["phase"] = section
        missing = [name for name in REQUIRED if name not in task]
        for name in missing:
            if name not in unusable:
                self.problem(row, self.columns[name], "import.missing", header=HEADERS[name][0])
        return None if missing else task


def _with_ids(tasks: list[dict[str, Any]], reader: _RowReader) -> list[dict[str, Any]]:
    """Ids as written, each once; a row without one gets the next free ``T<n>``. Keys in the
    order of ``HEADERS`` (the schema's order), the row numbers dropped."""
    first: dict[str, int] = {}
    for task in tasks:
        if "id" in task:
            if task["id"] in first:
                reader.problem(task["_row"], reader.columns["id"], "import.duplicate_id", value=task["id"],
                               first=first[task["id"]])
            first.setdefault(task["id"], task["_row"])
    number = 0
    for task in tasks:
        if "id" not in task:
            number += 1
            while f"T{number}" in first:
                number += 1
            first[f"T{number}"] = task["_row"]
            task["id"] = f"T{number}"
    return [{name: task[name] for name in HEADERS if name in task} for task in tasks]


__all__ = ["CellProblem", "TaskSheet", "read_task_sheet", "header_key", "HEADERS"]
