"""Fixtures for the authoring commands: ``collabkb`` run in-process, and an empty knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from authoring_kit import Run
from click.testing import CliRunner, Result

from collabkb.cli import main


@pytest.fixture
def run() -> Run:
    """``run("new", "q1", str(root))`` → click's Result (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def empty_kb(tmp_path: Path) -> Callable[[str], Path]:
    """A knowledge base with a config and an empty projects/ folder, in the given language."""

    def make(language: str = "zh") -> Path:
        root = tmp_path / "kb"
        (root / "projects").mkdir(parents=True)
        (root / "mkdocs.yml").write_text(f"site_name: t\nplugins:\n  - collabkb:\n      language: {language}\n", "utf-8")
        return root

    return make
