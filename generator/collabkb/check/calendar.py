"""Today and working days.

``today`` is ``--today``, else ``COLLABKB_TODAY``, else the date in the
configured time zone (a CI runner in UTC at 23:30 is already tomorrow in
Shanghai). Working days skip weekends and China's public holidays and count its
make-up workdays (调休), from the maintained ``holidays`` package; the
``holidays``/``workdays`` lists in ``mkdocs.yml`` override it.

``holidays`` knows China's public holidays by rule for any year, but the
official 调休 schedule only for years already published (through 2026 in
holidays 0.109); a year without them is marked provisional: weekends and rule-based
holidays only, until the package (or the config) says more.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from .validate import DATE_YEARS

TODAY_ENV = "COLLABKB_TODAY"
DEFAULT_TIMEZONE = "Asia/Shanghai"  # SPEC §4: what "today" is without a configured time zone


class BadDate(ValueError):
    pass


def parse_date(text: str) -> dt.date:
    """A date for the command line, in the years the schemas accept (``DATE_YEARS``)."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"'{text}' is not a date; write YYYY-MM-DD, e.g. 2026-09-30") from None
    first, last = DATE_YEARS
    if not first <= day.year <= last:
        raise BadDate(f"'{text}' is outside the years {first} to {last}")
    return day


def resolve_today(option: str | None, timezone: str, now: dt.datetime | None = None) -> dt.date:
    """``--today``, else ``$COLLABKB_TODAY``, else the current date in ``timezone``."""
    if option:
        return parse_date(option)
    env = os.environ.get(TODAY_ENV)
    if env:
        try:
            return parse_date(env)
        except BadDate as error:
            raise BadDate(f"{TODAY_ENV}: {error}") from None
    moment = now or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(ZoneInfo(timezone)).date()


@lru_cache(maxsize=None)
def _china(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """China's official holidays and make-up workdays of one year (immutable, so cached)."""
    calendar = holidays_lib.China(years=year)
    workdays = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return frozenset(d for d in calendar if d.year == year), workdays


class WorkCalendar:
    """Working-day arithmetic with per-year prefix sums: any span counts in O(1)."""

    def __init__(self, holidays: frozenset[dt.date] = frozenset(), workdays: frozenset[dt.date] = frozenset(),
                 official: bool = True) -> None:
        self.holidays = holidays
        self.workdays = workdays
        self.official = official
        self._prefix: dict[int, list[int]] = {}

    def is_provisional(self, year: int) -> bool:
        """True for a year whose official 调休 schedule the package does not have yet.

        Every year since 2001 has had make-up workdays, so an empty list means
        "not published" (read from the data, not from the clock)."""
        return self.official and not _china(year)[1]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if self.official:
            off, extra = _china(day.year)
            if day in extra:
                return True
            if day in off:
                return False
        return day.weekday() < 5

    def _counts(self, year: int) -> list[int]:
        """``counts[i]`` = working days from Jan 1 up to and including day ``i`` (0-based)."""
        counts = self._prefix.get(year)
        if counts is None:
            counts, total, day = [], 0, dt.date(year, 1, 1)
            while day.year == year:
                total += self.is_working_day(day)
                counts.append(total)
                day += dt.timedelta(days=1)
            self._prefix[year] = counts
        return counts

    def _through(self, day: dt.date) -> int:
        """Working days from 2000-01-01 through ``day`` (a fixed origin makes spans subtract)."""
        total = sum(self._counts(y)[-1] for y in range(2000, day.year)) if day.year > 2000 else 0
        return total + self._counts(day.year)[day.timetuple().tm_yday - 1]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        if start.year == end.year:
            counts = self._counts(start.year)
            return counts[end.timetuple().tm_yday - 1] - counts[start.timetuple().tm_yday - 1]
        return self._through(end) - self._through(start)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``days`` ≥ 0)."""
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            days -= self.is_working_day(day)
        return day
