"""``collabkb new-doc SLUG --type …``: a dated document from a template, valid at once, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from collabkb import scaffold

from authoring_kit import TODAY, Run, findings

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def project(run: Run, empty_kb, language: str = "zh") -> Path:
    root = empty_kb(language)
    shutil.copytree(SCHEMAS, root / "schemas")
    assert run("new", "q1-launch", "--today", TODAY, str(root)).exit_code == 0
    return root


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("\n---\n", 1)[0])


@pytest.mark.parametrize("doc_type", scaffold.DOCUMENT_TYPES)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_type_makes_a_valid_dated_document(run: Run, empty_kb, doc_type: str, language: str) -> None:
    root = project(run, empty_kb, language)
    result = run("new-doc", "q1-launch", "--type", doc_type, "--today", "2026-11-20", str(root))
    assert result.exit_code == 0, result.output
    (path,) = [p for p in (root / "projects/q1-launch/docs").iterdir() if p.name.startswith("2026-11-20")]
    assert front_matter(path)["type"] == doc_type and str(front_matter(path)["date"]) == "2026-11-20"
    assert path.read_text("utf-8").splitlines()[1] == "# yaml-language-server: $schema=../../../schemas/document.schema.json"
    assert [f for f in findings(run, "validate", root)
            if f["rule"] != "ownerless" and f["file"].startswith("projects/q1-launch/docs/")] == []


def test_title_names_the_file_and_nothing_is_overwritten(run: Run, empty_kb) -> None:
    root = project(run, empty_kb)
    args = ("new-doc", "q1-launch", "--title", "渠道 协调会: 第 1 次", "--today", TODAY, str(root))
    assert run(*args).exit_code == 0
    path = root / f"projects/q1-launch/docs/{TODAY}-渠道-协调会-第-1-次.md"
    assert front_matter(path)["title"] == "渠道 协调会: 第 1 次"
    path.write_text("# 已经写好的纪要\n", "utf-8")
    again = run(*args)
    assert again.exit_code == 1 and "不会覆盖" in again.stderr
    assert path.read_text("utf-8") == "# 已经写好的纪要\n"


def test_the_report_template_feeds_the_lessons_view(run: Run, empty_kb) -> None:
    from collabkb.check import pipeline
    from collabkb.check.config import load_config

    root = project(run, empty_kb)
    run("new-doc", "q1-launch", "--type", "report", "--today", TODAY, str(root))
    (report,) = [d for d in pipeline.load_knowledge_base(load_config(root)).kb.projects[0].documents if d.type == "report"]
    assert report.lessons == ("经验一（每一条会出现在网站的“经验教训”视图中）",)


def test_an_unknown_project_is_a_usage_error(run: Run, empty_kb) -> None:
    root = empty_kb("en")
    result = run("new-doc", "nope", "--today", TODAY, str(root))
    assert result.exit_code == 2 and "has no project.yaml" in result.stderr
    assert run("new-doc", "Bad_Slug", str(root)).exit_code == 2
