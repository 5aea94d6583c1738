"""Working days (China's holidays and 调休 from the ``holidays`` package, config overrides) and today."""

from __future__ import annotations

import datetime as dt

import pytest

from collabkb.check.calendar import BadDate, WorkCalendar, resolve_today

D = dt.date.fromisoformat
MAKE_UP_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


@pytest.mark.parametrize("day", MAKE_UP_2026)
def test_2026_make_up_workdays_are_working_days(day: str) -> None:
    assert D(day).weekday() >= 5 and WorkCalendar().is_working_day(D(day))


@pytest.mark.parametrize("day", [f"2026-10-0{d}" for d in range(1, 8)])
def test_national_day_week_is_off(day: str) -> None:
    assert not WorkCalendar().is_working_day(D(day))


def test_2026_has_248_working_days() -> None:
    assert WorkCalendar().working_days_between(D("2025-12-31"), D("2026-12-31")) == 248


def test_plain_weeks() -> None:
    calendar = WorkCalendar()
    assert calendar.working_days_between(D("2026-11-13"), D("2026-11-18")) == 3  # Fri → Wed
    assert calendar.working_days_between(D("2026-11-18"), D("2026-11-13")) == -3
    assert calendar.working_days_between(D("2026-11-18"), D("2026-11-18")) == 0


def test_span_across_years() -> None:
    # 2026-12-31 (Thu) → 2027-01-04 (Mon): New Year's Day 01-01 is off, so only Monday counts.
    assert WorkCalendar().working_days_between(D("2026-12-31"), D("2027-01-04")) == 1


def test_add_working_days_skips_the_holiday() -> None:
    assert WorkCalendar().add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    assert WorkCalendar().add_working_days(D("2026-10-09"), 1) == D("2026-10-10")  # the make-up Saturday


def test_config_lists_override_the_package() -> None:
    calendar = WorkCalendar(holidays=frozenset({D("2026-11-17"), D("2026-10-10")}),
                            workdays=frozenset({D("2026-11-21"), D("2026-10-03")}))
    assert not calendar.is_working_day(D("2026-11-17"))  # a Tuesday declared off
    assert not calendar.is_working_day(D("2026-10-10"))  # the official make-up day, cancelled locally
    assert calendar.is_working_day(D("2026-11-21"))      # a Saturday declared a workday
    assert calendar.is_working_day(D("2026-10-03"))      # a holiday worked anyway


def test_without_the_official_calendar_only_weekends_count() -> None:
    calendar = WorkCalendar(official=False)
    assert calendar.is_working_day(D("2026-10-01"))
    assert not calendar.is_working_day(D("2026-10-10"))


def test_years_without_a_published_schedule_are_provisional() -> None:
    assert WorkCalendar().is_provisional(2100)
    assert not WorkCalendar(official=False).is_provisional(2100)  # nothing official to wait for


def test_today_in_shanghai_is_already_tomorrow_at_2330_utc() -> None:
    now = dt.datetime(2026, 11, 17, 23, 30, tzinfo=dt.timezone.utc)
    assert resolve_today(None, "Asia/Shanghai", now=now) == D("2026-11-18")
    assert resolve_today(None, "UTC", now=now) == D("2026-11-17")


def test_option_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLABKB_TODAY", "2026-01-02")
    now = dt.datetime(2026, 11, 17, 23, 30, tzinfo=dt.timezone.utc)
    assert resolve_today("2026-11-18", "Asia/Shanghai", now=now) == D("2026-11-18")
    assert resolve_today(None, "Asia/Shanghai", now=now) == D("2026-01-02")


@pytest.mark.parametrize("text", ["2026-13-01", "18/11/2026", "tomorrow"])
def test_bad_dates_say_how_to_write_one(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLLABKB_TODAY", raising=False)
    with pytest.raises(BadDate, match="write YYYY-MM-DD"):
        resolve_today(text, "Asia/Shanghai")
    monkeypatch.setenv("COLLABKB_TODAY", text)
    with pytest.raises(BadDate, match="COLLABKB_TODAY"):
        resolve_today(None, "Asia/Shanghai")
