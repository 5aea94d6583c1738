"""Reading single cells: the ways people write progress, dates, status and yes/no in a sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from collabkb.excel import cells

EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


@pytest.mark.parametrize(("value", "number_format", "expected"), [
    ("60%", "General", 60), ("６０％", "General", 60), ("60 %", "General", 60), (0.6, "General", 60),
    (0.6, "0%", 60), (1, "0%", 100), (60, "General", 60), ("60", "General", 60), ("0.25", "General", 25),
    (0, "General", 0), (100, "General", 100), (1, "General", 1), (33.4, "General", 33),
])
def test_progress(value: object, number_format: str, expected: int) -> None:
    assert cells.progress(value, number_format) == expected


@pytest.mark.parametrize("value", ["abc", "150%", -5, 101, True])
def test_progress_that_cannot_be_used(value: object) -> None:
    with pytest.raises(cells.Unusable):
        cells.progress(value, "General")


@pytest.mark.parametrize(("value", "epoch", "expected"), [
    (46266, EPOCH_1900, dt.date(2026, 9, 1)), (44804, EPOCH_1904, dt.date(2026, 9, 1)),
    (dt.datetime(2026, 9, 1, 8, 30), EPOCH_1900, dt.date(2026, 9, 1)), ("2026-09-01", EPOCH_1900, dt.date(2026, 9, 1)),
    ("2026/9/1", EPOCH_1900, dt.date(2026, 9, 1)), ("2026年9月1日", EPOCH_1900, dt.date(2026, 9, 1)),
    ("2026.09.01", EPOCH_1900, dt.date(2026, 9, 1)), ("2026-09-01 00:00:00", EPOCH_1900, dt.date(2026, 9, 1)),
])
def test_dates(value: object, epoch: dt.datetime, expected: dt.date) -> None:
    assert cells.date(value, epoch) == expected


@pytest.mark.parametrize("value", ["下周", "9/1", 3, "2026-02-30", "1899-01-01"])
def test_dates_that_cannot_be_used(value: object) -> None:
    with pytest.raises(cells.Unusable):
        cells.date(value, EPOCH_1900)


@pytest.mark.parametrize(("value", "expected"), [
    ("已完成", "done"), ("进行中", "in_progress"), ("In Progress", "in_progress"), ("受阻", "blocked"),
    ("未开始", "not_started"), ("cancelled", "cancelled"), ("Not started", "not_started"),
])
def test_status(value: str, expected: str) -> None:
    assert cells.status(value) == expected


def test_ids_lists_and_collaborators() -> None:
    assert cells.task_id(3) == "T3" and cells.task_id("3.0".split(".")[0]) == "T3" and cells.task_id("R-03") == "R-03"
    assert cells.id_list("T1、T2, 3") == ["T1", "T2", "T3"]
    assert cells.collaborators("销售部：提供渠道数据；财务部") == [
        {"department": "销售部", "support": "提供渠道数据"}, {"department": "财务部"}]
    with pytest.raises(cells.Unusable):
        cells.task_id("任务一")
