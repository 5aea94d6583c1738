"""Gantt chart geometry for one project: rows, bars, milestones, dependency arrows, today line.

Pure arithmetic on the model; ``templates/gantt.svg`` draws a ``Gantt`` at build time
as a label column (HTML, wrapped here into lines, every label a link to the task's
details) beside two inline SVGs: a date header (months and Monday ticks) and the bars.
Nothing needs a script; ``assets/collabkb.js`` only scrolls a wide chart to today.

- The chart is as wide as the project is long: at least ``MIN_DAY`` pixels a day and
  at least ``MIN_CHART`` pixels, so short tasks of a long project stay visible and the
  chart scrolls sideways inside its box instead of shrinking.
- A row is as tall as its wrapped label (``wrap``): nothing is cut, nothing is in a tooltip.
- A bar covers its task from the start day to the end of the due day; the progress fill
  covers ``progress`` percent of it; an overdue task also gets a hatched tail up to today.
- A dependency arrow leaves the end of the predecessor (the tip of its diamond for a
  milestone) and ends, arrowhead included, exactly at the left edge of the dependent bar;
  when the dependent starts before the predecessor ends, the line goes round through the
  gap between the rows instead of crossing either bar.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from ..check.model import Project
from ..check.calendar import WorkCalendar
from .planning import nonworking_spans

LABEL_WIDTH = 140  # px of the label column (fixed on the left while the chart scrolls)
LABEL_TEXT = 128  # px of it that text may use (the rest is padding)
FONT = 12.0  # px of the label text (text_width budgets each character against it)
MIN_DAY = 6.0  # px per day at least: a week is 42 px, room for a "11/16" tick label
MIN_CHART = 860  # px of the date area at least: a short project fills a desktop page
HEADER = 40  # px: month row, then the Monday row
LINE = 15  # px per label line
ROW_MIN = 28  # px: the smallest row (one label line)
BAR_HEIGHT = 14
RIGHT_PAD = 28  # px after the last day: room for a milestone diamond and a state mark
TODAY_LABEL = 110  # px the "today 2026-11-18" label takes in the header
STUB = 10  # px of the last horizontal piece of an arrow: the arrowhead's length
PRINT_WIDTH = 600  # px of an A4 portrait page inside Material's 25 mm print margins (160 mm)

MARKS = {"done": "✓", "overdue": "!", "blocked": "‖", "cancelled": "×"}  # shape as well as colour


@dataclass(frozen=True, slots=True)
class Bar:
    task: str
    lines: tuple[str, ...]  # the label "T3 title", wrapped to the label column
    label: str  # the label on one line (for screen readers)
    top: float  # of the row
    height: float  # of the row
    x: float
    width: float
    fill: float  # width of the progress fill
    state: str  # done | overdue | blocked | cancelled | open
    milestone: bool
    critical: bool = False  # on the project's critical path (critical_path.py)
    late: float = 0.0  # width of the hatched tail of an overdue bar, from its due day to today

    @property
    def y(self) -> float:
        return self.top + (self.height - BAR_HEIGHT) / 2

    @property
    def mid(self) -> float:
        return self.top + self.height / 2

    @property
    def end(self) -> float:
        """Where the bar's drawing ends on the right: the tip of the milestone diamond, or the bar's end."""
        return self.x + self.width + (BAR_HEIGHT / 2 + 3 if self.milestone else 0)

    @property
    def mark(self) -> str:
        return MARKS.get(self.state, "")

    @property
    def mark_x(self) -> float:
        return max(self.end, self.x + self.width + self.late) + 4

    @property
    def diamond(self) -> str:
        """Points of the milestone diamond, centred on the end of the bar (the due day)."""
        cx, cy, r = self.x + self.width, self.mid, BAR_HEIGHT / 2 + 3
        return f"{cx:.1f},{cy - r:.1f} {cx + r:.1f},{cy:.1f} {cx:.1f},{cy + r:.1f} {cx - r:.1f},{cy:.1f}"


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str  # "" for a tick line without a label (weeks too close together to label each)


@dataclass(frozen=True, slots=True)
class Arrow:
    path: str  # SVG path data, predecessor end → dependent's left edge
    critical: bool  # both ends on the critical path


@dataclass(frozen=True, slots=True)
class Gantt:
    width: int  # of the date area (the bars' SVG and the header's)
    height: int  # of the bars' SVG
    label_width: int
    header: int
    bars: tuple[Bar, ...]
    months: tuple[Tick, ...]
    weeks: tuple[Tick, ...]
    arrows: tuple[Arrow, ...]
    today_x: float | None
    today: dt.date
    shade: tuple[tuple[float, float], ...] = ()  # (x, width) of each run of non-working days
    today_label_flipped: bool = False  # near the right end the today label runs leftwards from the line

    @property
    def full_width(self) -> int:
        return self.label_width + self.width

    @property
    def print_zoom(self) -> float:
        """The scale that fits the whole chart across a printed page (1 when it fits already)."""
        return round(min(1.0, PRINT_WIDTH / self.full_width), 3)


def text_width(text: str, font: float = FONT) -> float:
    """A generous estimate of ``text``'s width in px: wide (CJK) characters are one em,
    capitals and wide Latin letters 0.72 em, anything else 0.6 em. Generous, so a line
    the estimate lets through fits in the browser too."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            total += font
        elif char.isupper() or char in "mwMW@%":
            total += font * 0.72
        else:
            total += font * 0.6
    return total


def _in_word(before: str, after: str) -> bool:
    """Whether a break between these two characters would split a Latin word or number."""
    return all(c.isascii() and c.isalnum() for c in (before, after))


def wrap(text: str, width: float = LABEL_TEXT) -> tuple[str, ...]:
    """``text`` in lines no wider than ``width`` px: a Latin word moves whole to the next
    line; Chinese breaks between any two characters. Only spaces at a break are dropped."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and text_width(line + char) > width:
            cut = line.rfind(" ")
            if _in_word(line[-1], char) and cut > 0:  # carry the unfinished Latin word to the next line
                lines.append(line[:cut])
                line = line[cut + 1:]
            else:
                lines.append(line.rstrip())
                line = ""
            if char == " " and not line:
                continue
        line += char
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return tuple(lines)


def _ticks(first: dt.date, last: dt.date, scale: float, x_of: Callable[[dt.date], float]) -> tuple[tuple[Tick, ...], tuple[Tick, ...]]:
    """Month starts (the first with its year, and every January) and every Monday; when
    a week is narrower than a label, every other Monday keeps its label."""
    months: list[Tick] = []
    day = dt.date(first.year, first.month, 1)
    while day < last:
        label = f"{day.year}-{day.month:02d}" if day.month == 1 or not months else f"{day.month:02d}"
        months.append(Tick(x_of(max(day, first)), label))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = 1 if 7 * scale >= 36 else 2
    weeks: list[Tick] = []
    day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    index = 0
    while day < last:
        weeks.append(Tick(x_of(day), f"{day.month}/{day.day}" if index % step == 0 else ""))
        day += dt.timedelta(days=7)
        index += 1
    return tuple(months), tuple(weeks)


def _arrow(source: Bar, target: Bar) -> str:
    """From the end of ``source`` to the left edge of ``target``, right angles only."""
    x1, y1, x2, y2 = source.end, source.mid, target.x, target.mid
    if x2 - x1 >= STUB + 6:  # room between them: along, down at the target, and in
        bend = x2 - STUB
        return f"M{x1:.1f},{y1:.1f} H{bend:.1f} V{y2:.1f} H{x2:.1f}"
    # The dependent starts before the predecessor ends: out to the right, through the gap
    # between the rows next to the dependent, back left of it, and in.
    gap = target.top if target.top > source.top else target.top + target.height
    out, back = x1 + 6, x2 - STUB
    return f"M{x1:.1f},{y1:.1f} H{out:.1f} V{gap:.1f} H{back:.1f} V{y2:.1f} H{x2:.1f}"


def build(project: Project, today: dt.date, overdue: Iterable[str], critical: Iterable[str] = (),
          calendar: WorkCalendar | None = None) -> Gantt | None:
    """The chart of ``project``'s tasks in file order; ``overdue`` are the task ids the
    ``overdue`` rule reported (so the chart agrees with the check), ``critical`` those on the
    critical path; with a ``calendar``, weekends and holidays are shaded (make-up workdays
    are not). ``None`` without tasks."""
    tasks = project.tasks
    if not tasks:
        return None
    late, on_path = frozenset(overdue), frozenset(critical)
    first = min(min(min(t.start, t.due) for t in tasks), project.start)
    last = max(max(max(t.start, t.due) for t in tasks), project.due) + dt.timedelta(days=1)
    if any(t.id in late for t in tasks):
        last = max(last, today + dt.timedelta(days=1))  # the overdue tails reach today
    span = max((last - first).days, 1)
    scale = max(MIN_DAY, MIN_CHART / span)
    width = int(span * scale + RIGHT_PAD)

    def x_of(day: dt.date) -> float:
        return (day - first).days * scale

    bars = []
    top = 0.0
    for task in tasks:
        label = f"{task.id} {task.title}"
        lines = wrap(label)
        height = max(ROW_MIN, len(lines) * LINE + 10)
        start, end = min(task.start, task.due), max(task.start, task.due) + dt.timedelta(days=1)
        bar_width = max((end - start).days * scale, 2.0)
        if task.status in ("done", "cancelled", "blocked"):
            state = task.status
        else:
            state = "overdue" if task.id in late else "open"
        tail = max(x_of(today) - x_of(end), 0.0) if state == "overdue" else 0.0
        bars.append(Bar(task.id, lines, label, top, height, x_of(start), bar_width,
                        bar_width * max(0, min(task.progress, 100)) / 100, state, task.milestone,
                        task.id in on_path, tail))
        top += height
    by_id = {bar.task: bar for bar in bars}
    arrows = []
    for task in tasks:
        target = by_id[task.id]
        for dep in task.depends_on:
            source = by_id.get(dep)
            if source is None or source is target:
                continue
            arrows.append(Arrow(_arrow(source, target), source.critical and target.critical))
    today_x = x_of(today) if first <= today <= last else None
    shade = tuple((x_of(a), (b - a).days * scale + scale)
                  for a, b in nonworking_spans(first, last - dt.timedelta(days=1), calendar)) if calendar else ()
    months, weeks = _ticks(first, last, scale, x_of)
    flipped = today_x is not None and today_x > width - TODAY_LABEL
    if today_x is not None:  # the today label takes the month row there: a month label under it would collide
        left = today_x - TODAY_LABEL if flipped else today_x
        months = tuple(Tick(t.x, "") if left - 40 < t.x < left + TODAY_LABEL else t for t in months)
    return Gantt(width, int(top) + 4, LABEL_WIDTH, HEADER, tuple(bars), months, weeks, tuple(arrows), today_x, today,
                 shade, flipped)
