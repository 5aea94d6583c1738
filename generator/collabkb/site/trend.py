"""The dashboard's portfolio trend as an inline SVG drawn at build time (``templates/trend.svg``):
overall progress as a line (left scale, percent), overdue tasks as bars (right scale, count),
one column per week of ``Portfolio.trend``. This module only places what the portfolio derived."""

from __future__ import annotations

from dataclasses import dataclass

from ..portfolio.trend import TrendPoint

WIDTH, HEIGHT = 640, 170
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 36, 12, 26


@dataclass(frozen=True, slots=True)
class TrendColumn:
    x: float  # centre of the week's column
    label: str  # MM-DD
    bar_y: float
    bar_height: float
    progress_y: float | None
    progress: int | None
    overdue: int


@dataclass(frozen=True, slots=True)
class TrendChart:
    width: int
    height: int
    bar_width: float
    grid: tuple[float, float]  # x where the plot area starts and ends (the scales' labels sit outside)
    columns: tuple[TrendColumn, ...]
    line: str  # SVG path data of the progress line ("" with fewer than two values)
    percent_ticks: tuple[tuple[float, str], ...]  # y, label (left)
    count_ticks: tuple[tuple[float, str], ...]  # y, label (right)


def trend_chart(points: tuple[TrendPoint, ...]) -> TrendChart | None:
    """``None`` for fewer than two weeks: one week is no trend."""
    if len(points) < 2:
        return None
    inner_w, inner_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = inner_w / len(points)
    bottom = _TOP + inner_h
    top_count = max(max(p.overdue for p in points), 1)
    columns = []
    for i, p in enumerate(points):
        bar = p.overdue * inner_h / top_count
        progress_y = bottom - p.progress * inner_h / 100 if p.progress is not None else None
        columns.append(TrendColumn(_LEFT + step * (i + 0.5), p.day.strftime("%m-%d"), bottom - bar, bar,
                                   progress_y, p.progress, p.overdue))
    line = " ".join(f"{'M' if not k else 'L'}{c.x:.1f},{c.progress_y:.1f}"
                    for k, c in enumerate(c for c in columns if c.progress_y is not None))
    percent = tuple((bottom - v * inner_h / 100, f"{v}%") for v in (0, 50, 100))
    counts = tuple((bottom - v * inner_h / top_count, str(v)) for v in sorted({0, top_count}))
    return TrendChart(WIDTH, HEIGHT, min(step * 0.5, 28), (_LEFT, WIDTH - _RIGHT), tuple(columns), line if line.count("L") else "",
                      percent, counts)
