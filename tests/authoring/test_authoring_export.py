"""``collabkb export``: byte for byte what the site publishes, to stdout or exactly the file named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from authoring_kit import TODAY, Run

from collabkb.check import pipeline
from collabkb.check.calendar import parse_date
from collabkb.check.config import load_config
from collabkb.site.pages import ICS_URI, JSON_URI, build_site

EXAMPLE = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site_static() -> dict[str, str | bytes]:
    config = load_config(EXAMPLE)
    return build_site(pipeline.check(config, parse_date(TODAY)), config).static


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def test_json_is_the_sites_api_document(run: Run, site_static: dict) -> None:
    result = run("export", str(EXAMPLE), "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.stderr  # ownerless or late work is content, not a failure
    assert result.stdout_bytes == _bytes(site_static[JSON_URI])
    document = json.loads(result.stdout)
    assert document["today"] == TODAY
    assert {p["slug"] for p in document["projects"]} >= {"q4-smartwatch-launch", "annual-meeting-2026"}


def test_ics_is_the_sites_calendar(run: Run, site_static: dict) -> None:
    result = run("export", str(EXAMPLE), "--format", "ics", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == _bytes(site_static[ICS_URI])
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")


def test_output_file_gets_exactly_the_bytes_and_replaces_what_was_there(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    target.write_text("old content", "utf-8")
    result = run("export", str(EXAMPLE), "--format", "ics", "--today", TODAY, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    expected = run("export", str(EXAMPLE), "--format", "ics", "--today", TODAY).stdout_bytes
    assert target.read_bytes() == expected  # CRLF kept, no newline translation
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calendar.ics"]  # no temporary file left


def test_output_into_a_missing_folder_is_a_one_line_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("export", str(EXAMPLE), "--format", "json", "--today", TODAY, "-o", str(tmp_path / "no" / "such.json"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "such.json" in result.stderr


def test_only_the_selected_projects(run: Run) -> None:
    result = run("export", str(EXAMPLE), "--format", "json", "--today", TODAY, "--project", "okr-2026-h2")
    assert [p["slug"] for p in json.loads(result.stdout)["projects"]] == ["okr-2026-h2"]


def test_unreadable_files_make_an_incomplete_export_exit_1(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(EXAMPLE / "projects", root / "projects")
    shutil.copy(EXAMPLE / "mkdocs.yml", root / "mkdocs.yml")
    (root / "projects/okr-2026-h2/tasks.yaml").write_text("tasks: [unclosed\n", "utf-8")
    result = run("export", str(root), "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    assert "collabkb validate" in result.stderr
    assert json.loads(result.stdout)["projects"]  # still written: what could be read


def test_format_is_required(run: Run) -> None:
    assert run("export", str(EXAMPLE)).exit_code == 2
