"""The ``.gitlab-ci.yml`` that ``collabkb init --ci gitlab`` writes: valid for GitLab, and its scripts run here.

GitLab itself cannot run in a test; what can be checked without it is checked:
the file is validated against GitLab's own CI JSON schema (GitLab's
``app/assets/javascripts/editor/schema/ci.json``, MIT licence, as the ``check-jsonschema``
package ships it in ``builtin_schemas/vendor/gitlab-ci.json`` with ``licenses/LICENSE.gitlab``),
and every job's ``before_script`` + ``script`` runs with bash the way a GitLab runner's
shell does (one session, ``errexit``), with the test venv's ``bin`` first on ``PATH``,
GitLab's predefined variables set by hand, and a fake notes API on 127.0.0.1 for the
merge-request note.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from fake_gitlab import serve

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEMPLATE = ROOT / "generator" / "collabkb" / "scaffold" / "repo" / "gitlab" / "gitlab-ci.yml"
TODAY = "2026-11-18"
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab_schema() -> dict[str, Any]:
    check_jsonschema = pytest.importorskip("check_jsonschema", reason="the test extra installs check-jsonschema")
    vendor = Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor"
    assert (vendor / "licenses" / "LICENSE.gitlab").is_file()  # GitLab's MIT licence travels with the schema
    return json.loads((vendor / "gitlab-ci.json").read_text("utf-8"))


def schema_errors(config: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(gitlab_schema())
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(config)]


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text("utf-8"))


def init(tmp_path: Path, *args: str) -> Path:
    root = tmp_path / "kb"
    run = subprocess.run([sys.executable, "-m", "collabkb", "init", str(root), "--today", TODAY, *args],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return root


# ---- GitLab's schema ------------------------------------------------------------------------

def test_gitlab_ci_is_valid_for_gitlab(tmp_path: Path) -> None:
    root = init(tmp_path, "--ci", "gitlab")
    assert (root / ".gitlab-ci.yml").read_text("utf-8") == TEMPLATE.read_text("utf-8")
    assert not (root / ".github").exists()
    assert schema_errors(load(root / ".gitlab-ci.yml")) == []


@pytest.mark.parametrize("breakage", ["report_typo", "bad_when", "key_typo"])
def test_the_schema_does_catch_mistakes(breakage: str) -> None:
    config = load(TEMPLATE)
    if breakage == "report_typo":
        config["check"]["artifacts"]["reports"]["codequalty"] = config["check"]["artifacts"]["reports"].pop("codequality")
    elif breakage == "bad_when":
        config["check"]["artifacts"]["when"] = "sometimes"
    else:
        config["pages"]["scirpt"] = config["pages"].pop("script")
    assert schema_errors(config)


# ---- shape ---------------------------------------------------------------------------------

def test_jobs_run_where_the_issue_asks() -> None:
    config = load(TEMPLATE)
    rules = {job: [rule["if"] for rule in config[job]["rules"]] for job in ("check", "plan-diff", "pages", "digest")}
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules["check"]
    assert any("$CI_DEFAULT_BRANCH" in rule for rule in rules["check"])
    assert rules["plan-diff"] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    assert config["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert config["check"]["artifacts"]["when"] == "always"  # the report matters most when the check fails
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert "--site-dir public" in " ".join(config["pages"]["script"])
    assert rules["digest"] == ['$CI_PIPELINE_SOURCE == "schedule" && $COLLABKB_SCHEDULE == "digest"']
    assert config["plan-diff"]["variables"]["GIT_DEPTH"] == "0" and config["pages"]["variables"]["GIT_DEPTH"] == "0"


# ---- running the scripts ---------------------------------------------------------------------

def job_script(config: dict[str, Any], job: str) -> str:
    """What the runner's shell runs for ``job``: before_script then script, one session; but the
    install line (the suite runs in the installed package)."""
    lines = [*config.get("default", {}).get("before_script", []), *config[job]["script"]]
    return "\n".join(line for line in lines if "pip install" not in line)


def run_job(job: str, workdir: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    config = load(TEMPLATE)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITLAB_", "COLLABKB_"))}
    # After `pip install` on a runner, collabkb and mkdocs are on PATH: here they sit beside this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for scope in (config.get("variables", {}), config[job].get("variables", {})):
        env.update({key: str(value).replace("$CI_PROJECT_DIR", str(workdir)) for key, value in scope.items()})
    env.update(COLLABKB_TODAY=TODAY, CI_PROJECT_DIR=str(workdir), **variables)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", job_script(config, job)],
                          cwd=workdir, env=env, capture_output=True, text=True, check=False, timeout=300)


def code_quality(path: Path) -> list[dict[str, Any]]:
    report = json.loads(path.read_text("utf-8"))
    assert isinstance(report, list)
    for issue in report:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in SEVERITIES and re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["location"]["lines"]["begin"] >= 1 and not issue["location"]["path"].startswith("/")
    assert len({issue["fingerprint"] for issue in report}) == len(report)
    return report


def test_check_job_fails_on_errors_and_writes_the_code_quality_report(example: Path) -> None:
    result = run_job("check", example)
    assert result.returncode == 1, result.stderr  # the demo keeps ownerless and unknown-owner tasks
    report = code_quality(example / "gl-code-quality-report.json")
    ownerless = [issue for issue in report if issue["check_name"] == "ownerless"]
    assert ownerless and all(issue["severity"] == "critical" for issue in ownerless)
    assert {issue["severity"] for issue in report} == {"critical", "minor"}
    assert "ownerless" in result.stdout  # the job log lists every finding


def test_check_job_passes_on_a_fresh_repository(tmp_path: Path) -> None:
    root = init(tmp_path, "--ci", "gitlab")
    result = run_job("check", root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert code_quality(root / "gl-code-quality-report.json") == []


def test_pages_job_builds_public(tmp_path: Path) -> None:
    root = init(tmp_path, "--ci", "gitlab")
    result = run_job("pages", root)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "public" / "index.html").is_file() and (root / "public" / "calendar.ics").is_file()


def test_digest_job_writes_the_digest_and_sends_nothing_without_webhooks(example: Path) -> None:
    result = run_job("digest", example)
    assert result.returncode == 0, result.stderr
    digest = (example / "digest.md").read_text("utf-8")
    assert digest.strip() and digest.strip() in result.stdout
    assert "nothing to send" in result.stdout


def test_plan_diff_job_posts_one_note_then_edits_it(moved: tuple[Path, str]) -> None:
    root, base = moved
    with serve(notes=[{"id": 7, "body": "LGTM", "system": False},
                      {"id": 8, "body": "<!-- collabkb-diff --> mentioned in a system note", "system": True}]) as gitlab:
        variables = dict(CI_API_V4_URL=gitlab.api, CI_PROJECT_ID="42", CI_MERGE_REQUEST_IID="5",
                         CI_MERGE_REQUEST_DIFF_BASE_SHA=base, COLLABKB_GITLAB_TOKEN=gitlab.token)
        first = run_job("plan-diff", root, **variables)
        assert first.returncode == 0, first.stderr
        assert [(m, p) for m, p, _ in gitlab.requests] == [
            ("GET", "/api/v4/projects/42/merge_requests/5/notes"), ("POST", "/api/v4/projects/42/merge_requests/5/notes")]
        body = gitlab.notes[-1]["body"]
        assert body.startswith("<!-- collabkb-diff -->") and "2026-11-13" in body and "2026-11-27" in body
        assert body.strip() in first.stdout  # the job log shows it too

        gitlab.requests.clear()
        second = run_job("plan-diff", root, **variables)
        assert second.returncode == 0, second.stderr
        note_id = gitlab.notes[-1]["id"]
        assert [(m, p) for m, p, _ in gitlab.requests] == [
            ("GET", "/api/v4/projects/42/merge_requests/5/notes"),
            ("PUT", f"/api/v4/projects/42/merge_requests/5/notes/{note_id}")]
        assert len(gitlab.notes) == 3 and f"note {note_id} updated" in second.stderr


def test_plan_diff_job_without_the_token_says_so_and_succeeds(moved: tuple[Path, str]) -> None:
    root, base = moved
    result = run_job("plan-diff", root, CI_API_V4_URL="http://127.0.0.1:9/api/v4", CI_PROJECT_ID="42",
                     CI_MERGE_REQUEST_IID="5", CI_MERGE_REQUEST_DIFF_BASE_SHA=base)
    assert result.returncode == 0, result.stderr
    assert "COLLABKB_GITLAB_TOKEN is not set" in result.stderr
    assert result.stdout.startswith("<!-- collabkb-diff -->")


def test_plan_diff_job_fails_clearly_on_a_wrong_token(moved: tuple[Path, str]) -> None:
    root, base = moved
    with serve() as gitlab:
        result = run_job("plan-diff", root, CI_API_V4_URL=gitlab.api, CI_PROJECT_ID="42", CI_MERGE_REQUEST_IID="5",
                         CI_MERGE_REQUEST_DIFF_BASE_SHA=base, COLLABKB_GITLAB_TOKEN="glpat-wrong")
    assert result.returncode == 2
    assert "401" in result.stderr and "api scope" in result.stderr and "glpat-wrong" not in result.stderr
    assert "Traceback" not in result.stderr
