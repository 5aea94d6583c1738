"""``collabkb export --format xlsx``: the portfolio as one workbook for people who live in Excel.

Sheets: every task across projects (status, progress and the rules that flag it), the risk
register, overdue tasks (days late), tasks due in the next ``portfolio.people.UPCOMING_DAYS`` days, and one row
per department. Each sheet has a frozen header row and an auto-filter; dates are real dates
(``yyyy-mm-dd``), progress a real percentage; titles and enumerations are in the site's
language (``messages/*.yaml``). The flags are read from the same findings ``collabkb check``
prints, so the workbook and CI never disagree.

User text is always written as text: a title starting with ``=`` stays a string (Excel would
otherwise run it as a formula when the file is opened), and control characters that XML
cannot hold are dropped. Contact details are never exported.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..check.result import Checked
from ..portfolio.view import Portfolio
from ..i18n import Messages

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"
_WIDEST = 60


@dataclass(frozen=True, slots=True)
class _Column:
    title_key: str  # xlsx.col.<key>
    kind: str = "text"  # text | date | percent | number


def _flags(checked: Checked, msg: Messages) -> dict[tuple[str | None, str | None], str]:
    """(project, item) → the translated names of the rules that flag it, in rule order."""
    rules: dict[tuple[str | None, str | None], list[str]] = defaultdict(list)
    for finding in checked.findings:
        if finding.item is not None and finding.rule not in rules[(finding.project, finding.item)]:
            rules[(finding.project, finding.item)].append(finding.rule)
    return {key: "、".join(_rule_label(rule, msg) for rule in names) for key, names in rules.items()}


def _rule_label(rule: str, msg: Messages) -> str:
    key = f"site.rule.{rule}"
    return msg(key) if msg.has(key) else rule


def _enum(value: str | None, msg: Messages) -> str | None:
    if value is None:
        return None
    key = f"enum.{value}"
    return msg(key) if msg.has(key) else value


def _sheet(book: Workbook, title: str, columns: Sequence[_Column], rows: Iterable[Sequence[Any]], msg: Messages) -> None:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append([msg(f"xlsx.col.{c.title_key}") for c in columns])
    widths = [_width(msg(f"xlsx.col.{c.title_key}")) for c in columns]
    last_row = 1
    for last_row, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values), start=1):
            cell = sheet.cell(last_row, index)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell.value = value
            if column.kind == "date" and value is not None:
                cell.number_format = DATE_FORMAT
            elif column.kind == "percent" and value is not None:
                cell.number_format = PERCENT_FORMAT
            widths[index - 1] = max(widths[index - 1], 11 if column.kind == "date" else _width(value))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{last_row}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _WIDEST)


def _width(value: Any) -> int:
    """Columns on screen: CJK characters take two."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


_TASKS = (_Column("project"), _Column("project_name"), _Column("id"), _Column("title"), _Column("phase"),
          _Column("department"), _Column("owner"), _Column("start", "date"), _Column("due", "date"),
          _Column("status"), _Column("progress", "percent"), _Column("milestone"), _Column("completed", "date"),
          _Column("flags"))
_RISKS = (_Column("project"), _Column("id"), _Column("risk"), _Column("level"), _Column("cause"), _Column("owner"),
          _Column("status"), _Column("raised", "date"), _Column("response_due", "date"), _Column("tasks"),
          _Column("flags"))
_OVERDUE = (_Column("project"), _Column("id"), _Column("title"), _Column("department"), _Column("owner"),
            _Column("due", "date"), _Column("days_late", "number"), _Column("progress", "percent"))
_UPCOMING = (_Column("project"), _Column("id"), _Column("title"), _Column("department"), _Column("owner"),
             _Column("due", "date"), _Column("days_left", "number"), _Column("status"), _Column("progress", "percent"))
_DEPARTMENTS = (_Column("department"), _Column("projects", "number"), _Column("open_tasks", "number"),
                _Column("overdue", "number"), _Column("lagging", "number"), _Column("due_soon", "number"))


def workbook_bytes(portfolio: Portfolio, msg: Messages) -> bytes:
    """The whole workbook as ``.xlsx`` bytes: only what ``portfolio`` holds, formatted (days late as the
    ``overdue`` rule measured them, the site's upcoming list and department workload)."""
    checked = portfolio.checked
    today = checked.today
    flags = _flags(checked, msg)
    days_late = {(f.project, f.item): f.facts.get("days") for f in checked.findings if f.rule == "overdue"}
    tasks = [(p, t) for p in checked.kb.projects for t in p.tasks]
    book = Workbook()
    for blank in book.worksheets:  # a new workbook starts with one empty sheet
        book.remove(blank)
    _sheet(book, msg("xlsx.sheet.tasks"), _TASKS, (
        (p.slug, p.name, t.id, t.title, t.phase, t.department, t.owner_text or None, t.start, t.due, _enum(t.status, msg),
         t.progress / 100, msg("xlsx.yes") if t.milestone else None, t.completed, flags.get((p.slug, t.id)))
        for p, t in tasks), msg)
    _sheet(book, msg("xlsx.sheet.risks"), _RISKS, (
        (p.slug, r.id, r.title, _enum(r.level, msg), _enum(r.cause, msg), r.owner, _enum(r.status, msg), r.raised,
         r.response.due if r.response else None, "、".join(r.tasks) or None, flags.get((p.slug, r.id)))
        for p in checked.kb.projects for r in p.risks), msg)
    overdue = sorted(((p, t) for p, t in tasks if (p.slug, t.id) in days_late), key=lambda pt: (pt[1].due, pt[0].slug))
    _sheet(book, msg("xlsx.sheet.overdue"), _OVERDUE, (
        (p.slug, t.id, t.title, t.department, t.owner_text or None, t.due, days_late[(p.slug, t.id)], t.progress / 100)
        for p, t in overdue), msg)
    _sheet(book, msg("xlsx.sheet.upcoming"), _UPCOMING, (
        (p.slug, t.id, t.title, t.department, t.owner_text or None, t.due, (t.due - today).days, _enum(t.status, msg),
         t.progress / 100) for p, t in portfolio.upcoming), msg)
    _sheet(book, msg("xlsx.sheet.departments"), _DEPARTMENTS, _department_rows(portfolio), msg)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _department_rows(portfolio: Portfolio) -> list[tuple[Any, ...]]:
    """The portfolio's department workload (as the site's department pages count it), with the
    number of projects each department is on the team of or owns tasks in."""
    projects: dict[str, set[str]] = defaultdict(set)
    for project in portfolio.checked.kb.projects:
        for name in (*project.departments, *(t.department for t in project.tasks if t.department)):
            projects[name].add(project.slug)
    rows = []
    for name, load in portfolio.department_workload.items():
        rows.append((name, len(projects.get(name, ())), load.open, load.overdue, load.lagging, load.due_soon))
    return rows
