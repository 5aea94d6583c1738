"""One site build makes one work calendar, reads the git history once and computes each
project's critical path once (before: three calendars, two history reads, two paths)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.git import history
from collabkb.check import calendar
from collabkb.portfolio import critical_path, view
from collabkb.site import pages
from collabkb.site.pages import build_site

from site_build import ROOT, TODAY


def test_one_calendar_one_history_read_one_critical_path_per_project(monkeypatch: pytest.MonkeyPatch) -> None:
    made: Counter[str] = Counter()

    def counted(name: str, real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            made[name] += 1
            return real(*args, **kwargs)
        return wrapper

    read = counted("history", history.read_history)  # wherever a stage would read it
    monkeypatch.setattr(pipeline, "read_history", read)
    monkeypatch.setattr(pages, "read_history", read)
    monkeypatch.setattr(view, "analyse", counted("critical path", critical_path.analyse))
    real_init = calendar.WorkCalendar.__init__
    monkeypatch.setattr(calendar.WorkCalendar, "__init__", counted("calendar", real_init))
    config = load_config(ROOT)
    checked = pipeline.check(config, dt.date.fromisoformat(TODAY), with_history=True)  # as the plugin does
    build_site(checked, config)
    assert made == {"calendar": 1, "history": 1, "critical path": len(checked.kb.projects)}
