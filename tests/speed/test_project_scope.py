"""``--project SLUG`` reads only what it needs: that project's files and the department list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config


def test_only_the_selected_projects_files_are_read(generate: ModuleType, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = generate.generate(tmp_path / "kb", projects=5, tasks=4)
    read: list[str] = []
    real = pipeline.load_file

    def recording(tree: object, path: str, *args: object, **kwargs: object) -> object:
        read.append(path)
        return real(tree, path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load_file", recording)
    config = load_config(root)
    slug = sorted(p.name for p in (root / "projects").iterdir() if p.is_dir())[2]
    checked = pipeline.check(config, dt.date(2026, 11, 18), only=frozenset({slug}))

    assert [p.slug for p in checked.kb.projects] == [slug]
    assert set(read) == {"projects/_departments.yaml"} | {
        f"projects/{slug}/{p.name}" for p in (root / "projects" / slug).iterdir()}
    assert all(f.project in (slug, None) for f in checked.findings)
