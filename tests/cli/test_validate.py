"""``collabkb validate``: yaml + schema + reference only, text and JSON output, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from collabkb.cli import main

ROOT = Path(__file__).resolve().parents[2]
MakeKb = Callable[..., Path]
TASKS = "projects/demo/tasks.yaml"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, ["validate", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_the_example_is_clean() -> None:
    result = run(str(ROOT), "--today", "2026-11-18")
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1  # only the summary line


def test_the_json_shape_of_spec_5(make_kb: MakeKb) -> None:
    root = make_kb({TASKS: lambda base: base.replace("progress: 60", "progress: 60%")})
    result = run(str(root), "--format", "json", "--today", "2026-09-01")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert list(report) == ["today", "summary", "findings"]
    assert report["today"] == "2026-09-01"
    assert report["summary"] == {"projects": 1, "tasks": 1, "errors": 1, "warnings": 0}
    (finding,) = report["findings"]
    assert list(finding) == ["rule", "severity", "project", "file", "line", "column", "item", "message"]
    assert (finding["rule"], finding["severity"], finding["project"], finding["file"], finding["line"], finding["column"]) \
        == ("schema", "error", "demo", TASKS, 18, 5)
    assert finding["item"] == "T2"  # the id of the task the error sits in


def test_text_lines_link_in_editors_and_are_sorted(make_kb: MakeKb) -> None:
    root = make_kb({
        TASKS: lambda base: base.replace("progress: 60", "progress: 60%").replace("owner: 李娜", "ownr: 李娜"),
        "projects/demo/notes.txt": "x",
        "projects/Bad_Name/project.yaml": "name: x\n",
    })
    lines = run(str(root)).output.splitlines()
    assert lines[:-1] == [
        "projects/Bad_Name:1:1: error [reference] folder name 'Bad_Name' is not a valid project slug: "
        "use lowercase letters, digits and hyphens (^[a-z0-9][a-z0-9-]{0,62}$)",
        "projects/demo/notes.txt:1:1: error [reference] unknown file 'notes.txt' in a project folder: "
        "allowed files are project.yaml, tasks.yaml, risks.yaml, coordination.yaml, acceptance.yaml, retro.yaml; "
        "Markdown documents (minutes, reviews, reports) go in the docs/ folder",
        "projects/demo/tasks.yaml:5:5: error [schema] unknown key 'ownr' in tasks[0]: did you mean 'owner'?",
        "projects/demo/tasks.yaml:18:5: error [schema] tasks[1].progress must be a whole number, not text; "
        "write the number without %: 60",
    ]
    assert lines[-1].startswith("1 project, 0 tasks: 4 errors, 0 warnings")


def test_validate_runs_no_rules(make_kb: MakeKb) -> None:
    # T2 is overdue on 2026-12-20 and its owner is not checked here: those are `check`'s.
    root = make_kb({TASKS: lambda base: base.replace("owner: 张伟", "owner: 待定")})
    result = run(str(root), "--format", "json", "--today", "2026-12-20")
    assert result.exit_code == 0 and json.loads(result.output)["findings"] == []


def test_configured_severities_apply(make_kb: MakeKb) -> None:
    root = make_kb({TASKS: lambda base: base.replace("owner: 李娜", "ownr: 李娜"),
                    "mkdocs.yml": "plugins:\n  - collabkb:\n      language: en\n      rules:\n        schema: warning\n"})
    result = run(str(root), "--format", "json")
    assert result.exit_code == 0
    assert [f["severity"] for f in json.loads(result.output)["findings"]] == ["warning"]
    off = make_kb({TASKS: lambda base: base.replace("depends_on: [T1]", "depends_on: [T9]"),
                   "mkdocs.yml": "plugins:\n  - collabkb:\n      language: en\n      rules:\n        reference: off\n"})
    assert run(str(off)).exit_code == 0


def test_messages_follow_the_configured_language(make_kb: MakeKb) -> None:
    root = make_kb({TASKS: lambda base: base.replace("status: in_progress", "status: 进行中")}, language="zh")
    result = run(str(root))
    assert "可选值为 not_started, in_progress, blocked, done, cancelled；是否想写 'in_progress'？" in result.output
    assert "1 个项目" in result.output


@pytest.mark.parametrize(("mkdocs", "says"), [
    (None, "mkdocs.yml"),
    ("plugins: [\n", "mkdocs.yml:2:1: YAML 语法错误"),
    ("plugins:\n  - collabkb:\n      language: en\n      colour: red\n", "mkdocs.yml:4:7: unknown collabkb option 'colour'"),
    ("plugins:\n  - collabkb:\n      language: en\n      rules: {overdue: warn}\n",
     "mkdocs.yml:4:24: rules.overdue: 'warn' is not one of error, warning, off; did you mean 'warning'?"),
])
def test_a_missing_or_broken_config_exits_2_with_one_line(make_kb: MakeKb, mkdocs: str | None, says: str) -> None:
    root = make_kb({"mkdocs.yml": mkdocs})
    result = run(str(root))
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("collabkb: ") and says in line, line


def test_a_bad_today_exits_2(make_kb: MakeKb) -> None:
    result = run(str(make_kb()), "--today", "2026-02-30")
    assert result.exit_code == 2 and "--today" in result.stderr
    result = run(str(make_kb()), env={"COLLABKB_TODAY": "明天"})
    assert result.exit_code == 2 and "COLLABKB_TODAY: '明天' is not a date" in result.stderr


def test_a_missing_projects_folder_is_a_finding(make_kb: MakeKb) -> None:
    root = make_kb({"mkdocs.yml": "plugins:\n  - collabkb:\n      language: en\n      projects_dir: plans\n"})
    result = run(str(root), "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["findings"]
    assert finding["file"] == "plans" and "no 'plans' folder" in finding["message"]


def test_a_real_process_never_prints_a_traceback(make_kb: MakeKb) -> None:
    """Through the console entry point, with every kind of bad file at once."""
    root = make_kb({
        TASKS: b"tasks:\n  - id: T1\n\ttitle: x\n",
        "projects/demo/risks.yaml": "a: &a [1]\nb: *a\n".encode(),
        "projects/demo/retro.yaml": "retro: {date: 2026-02-30, outcome: Done}\n".encode("utf-16"),
        "projects/demo/acceptance.yaml": b"\x00\x01\x02",
        "projects/demo/coordination.yaml": b"[" * 50_000,
    })
    done = subprocess.run([sys.executable, "-m", "collabkb", "validate", str(root)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert done.stdout.count("error [yaml]") == 5


@pytest.mark.parametrize(("nesting", "column"), [
    # 100,000 flow levels: libyaml refuses first from PyYAML 6.0.4 on (at about level 1,000), our scan before it.
    ("tasks: " + "[" * 100_000 + "]" * 100_000, 71),
    # 1,100 flow levels: below the C stack's danger, above libyaml's own limit.
    ("tasks: " + "[" * 1_100 + "]" * 1_100, 71),
    # 70 block levels: libyaml accepts these; only our limit stops them.
    ("tasks:\n" + "- " * 70 + "x", 127),
])
def test_too_deep_nesting_is_one_finding_where_level_65_opens_whichever_layer_refuses(
        make_kb: MakeKb, nesting: str, column: int) -> None:
    root = make_kb({TASKS: nesting.encode() + b"\n"})
    result = run(str(root), "--format", "json", "--today", "2026-09-01")
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["findings"]
    line = 1 if nesting.startswith("tasks: ") else 2
    assert (finding["rule"], finding["file"], finding["line"], finding["column"]) == ("yaml", TASKS, line, column)
    assert finding["message"] == "nested more than 64 levels deep"
