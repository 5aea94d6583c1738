"""``pipeline.check`` keeps the cyclic garbage collector off the model it builds, and leaves it as it found it."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from types import ModuleType
from typing import Any

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.model import Task

TODAY = dt.date(2026, 11, 18)


def test_the_model_is_never_scanned_by_a_young_collection(generate: ModuleType, tmp_path: Path) -> None:
    config = load_config(generate.generate(tmp_path / "kb", projects=6, tasks=20))
    collections: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(record)
    try:
        checked = pipeline.check(config, TODAY)
    finally:
        gc.callbacks.remove(record)
    assert gc.isenabled()
    assert checked.findings and sum(len(p.tasks) for p in checked.kb.projects) == 120
    assert collections == []  # loading, rules and sorting made tens of thousands of objects: no collection ran
    # They went to the oldest generation unscanned, so the next young collections do not walk them …
    young = {id(o) for o in gc.get_objects(generation=0) + gc.get_objects(generation=1)}
    assert not any(id(task) in young for project in checked.kb.projects for task in project.tasks)
    assert gc.get_count()[0] < gc.get_threshold()[0]
    assert gc.get_freeze_count() == 0  # … and they were not frozen for good: a full collection still sees them
    assert any(isinstance(o, Task) for o in gc.get_objects(generation=2))


def test_a_collector_switched_off_by_the_caller_stays_off(generate: ModuleType, tmp_path: Path) -> None:
    config = load_config(generate.generate(tmp_path / "kb", projects=2, tasks=5))
    gc.disable()
    try:
        pipeline.check(config, TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()
