"""Reading one cell of a task sheet: text, id, date, progress, status, yes/no, lists.

Each reader takes the cell's value (what Excel saved) and its number format and returns the
value for ``tasks.yaml``, or raises ``Unusable`` with the message key and values that say why,
so the caller can name the sheet, row and column. Nothing is guessed beyond what is written
here (and in docs/excel.md): a date is a real Excel date, a serial number, or text in one of
``DATE_FORMATS``; progress is ``60%``, ``0.6`` (a fraction under 1, or any number formatted as
a percentage) or ``60``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from openpyxl.utils.datetime import from_excel

from ..check import validate

ID_PATTERN = re.compile(validate.ID_PATTERN)  # schemas: $defs/id
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)  # a plan date outside these is a typo
STATUS_WORDS: dict[str, str] = {
    **{w: "not_started" for w in ("未开始", "待开始", "未启动", "待启动", "not_started", "notstarted", "todo", "to_do")},
    **{w: "in_progress" for w in ("进行中", "执行中", "处理中", "跟进中", "in_progress", "inprogress", "doing", "ongoing")},
    **{w: "blocked" for w in ("阻塞", "受阻", "卡住", "暂停", "blocked", "on_hold", "onhold")},
    **{w: "done" for w in ("已完成", "完成", "已结束", "结束", "done", "completed", "complete", "finished")},
    **{w: "cancelled" for w in ("已取消", "取消", "cancelled", "canceled")},
}
_YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "★", "◆", "x"})
_NO = frozenset({"否", "n", "no", "false", "0", "×", "✗", "-"})
_LIST_SEPARATORS = re.compile(r"[,，、;；/\s]+")
_DEPARTMENT_SEPARATORS = re.compile(r"[,，、;；/\n]+")
_SUPPORT_SEPARATOR = re.compile(r"[:：]")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


class Unusable(ValueError):
    """The cell holds something this column cannot take; ``key`` and ``values`` make the message."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def normal(text: str) -> str:
    """Full-width characters folded (``６０％`` → ``60%``), outer spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def text(value: Any, *, one_line: bool = True) -> str | None:
    """Any value as text; numbers without a spurious ``.0``; ``None`` when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()[:10]
    result = str(value).strip()
    if one_line:
        result = " ".join(result.split())
    return result or None


def task_id(value: Any) -> str:
    """An id as written (``T1``); a bare number (a 序号 column) becomes ``T<number>``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return f"T{int(value)}"
    written = normal(text(value) or "")
    if written.isdigit():
        return f"T{int(written)}"
    if not ID_PATTERN.match(written):
        raise Unusable("import.bad_id", value=written)
    return written


def date(value: Any, epoch: dt.datetime) -> dt.date:
    """A real date, an Excel serial number (the workbook's 1900 or 1904 system) or date text."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            day = from_excel(value, epoch).date()
        except (ValueError, OverflowError, TypeError, AttributeError):
            raise Unusable("import.bad_date", value=value) from None
    else:
        written = normal(str(value)).split(" ")[0]
        for pattern in DATE_FORMATS:
            try:
                day = dt.datetime.strptime(written, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise Unusable("import.bad_date", value=str(value).strip())
    if not EARLIEST <= day <= LATEST:
        raise Unusable("import.date_range", value=day.isoformat(), earliest=EARLIEST.year, latest=LATEST.year)
    return day


def progress(value: Any, number_format: str) -> int:
    """0..100 from ``60%`` (text), ``0.6`` (a fraction, or any number shown as a percentage) or ``60``."""
    if isinstance(value, bool):
        raise Unusable("import.bad_progress", value=value)
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in number_format or (0 < number < 1):
            number *= 100
    else:
        written = normal(str(value))
        match = _PERCENT.match(written)
        if match:
            number = float(match[1])
        elif _NUMBER.match(written):
            number = float(written)
            number = number * 100 if 0 < number < 1 else number
        else:
            raise Unusable("import.bad_progress", value=str(value).strip())
    if not 0 <= number <= 100:
        raise Unusable("import.bad_progress", value=value)
    return int(round(number))


def status(value: Any) -> str:
    written = normal(str(value)).lower().replace(" ", "_").replace("-", "_")
    if written in STATUS_WORDS:
        return STATUS_WORDS[written]
    raise Unusable("import.bad_status", value=str(value).strip())


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    written = normal(str(text(value) or "")).lower()
    if written in _YES:
        return True
    if written in _NO:
        return False
    raise Unusable("import.bad_yes_no", value=str(value).strip())


def id_list(value: Any) -> list[str]:
    """``T1、T2`` or ``1,2`` (numbers as in the id column) → ``["T1", "T2"]``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [task_id(value)]
    return [task_id(part) for part in _LIST_SEPARATORS.split(normal(str(value))) if part]


def collaborators(value: Any) -> list[dict[str, str]]:
    """``销售部：提供渠道数据；财务部`` → ``[{department: 销售部, support: 提供渠道数据}, {department: 财务部}]``."""
    result = []
    for part in _DEPARTMENT_SEPARATORS.split(str(value)):
        department, *support = _SUPPORT_SEPARATOR.split(part.strip(), maxsplit=1)
        if not department.strip():
            continue
        entry = {"department": department.strip()}
        if support and support[0].strip():
            entry["support"] = support[0].strip()
        result.append(entry)
    return result
