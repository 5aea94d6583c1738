"""The Gitea / Forgejo Actions workflows ``collabkb init --ci gitea`` writes: linted, adapted, and run here.

Gitea runs GitHub-style workflows but shows no annotations and no job summary, and has
neither Pages nor the ``gh`` CLI: these workflows put the findings, the plan diff and the
digest in the job log, keep the site and the digest as run artifacts, and use nothing
GitHub-only. actionlint checks them as it checks the GitHub ones; their ``run:`` steps
run with bash as on a runner (``test_workflows.run_steps``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_workflows import TODAY, actionlint, load, run_steps, steps

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GITEA = ROOT / "generator" / "collabkb" / "scaffold" / "repo" / "gitea"
NAMES = ("check.yml", "publish.yml", "digest.yml")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gitea") / "kb"
    subprocess.run([sys.executable, "-m", "collabkb", "init", str(root), "--ci", "gitea", "--today", TODAY],
                   check=True, capture_output=True)
    return root


def test_init_writes_the_gitea_workflows_only(fresh: Path) -> None:
    assert sorted(p.name for p in (fresh / ".gitea" / "workflows").iterdir()) == sorted(NAMES)
    assert not (fresh / ".github").exists() and not (fresh / ".gitlab-ci.yml").exists()
    for name in NAMES:
        assert (fresh / ".gitea" / "workflows" / name).read_text("utf-8") == (GITEA / name).read_text("utf-8")


def test_actionlint_finds_no_problem() -> None:
    assert actionlint([GITEA / name for name in NAMES]) == []


@pytest.mark.parametrize("name", NAMES)
def test_nothing_gitea_cannot_do(name: str) -> None:
    text = (GITEA / name).read_text("utf-8")
    for github_only in ("--format github", "GITHUB_STEP_SUMMARY", "gh ", "deploy-pages", "upload-pages-artifact",
                        "pages: write", "id-token"):
        assert github_only not in text, github_only
    used = {step["uses"].split("@")[0] for step in steps(load(GITEA / name)) if "uses" in step}
    assert used <= {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/cache/restore",
                    "actions/cache/save"}


def test_check_step_fails_on_errors_with_the_findings_in_the_log(example: Path) -> None:
    (result,) = run_steps(GITEA / "check.yml", example, "check").values()
    assert result.returncode == 1, result.stderr
    assert "ownerless" in result.stdout and "projects/" in result.stdout and "::" not in result.stdout


def test_check_step_passes_on_a_fresh_repository(fresh: Path) -> None:
    (result,) = run_steps(fresh / ".gitea" / "workflows" / "check.yml", fresh, "check").values()
    assert result.returncode == 0, result.stdout + result.stderr


def test_publish_builds_the_site(fresh: Path) -> None:
    (result,) = run_steps(fresh / ".gitea" / "workflows" / "publish.yml", fresh).values()
    assert result.returncode == 0, result.stderr[-2000:]
    assert (fresh / "site" / "index.html").is_file()


def test_digest_goes_to_the_log_and_sends_nothing_without_secrets(example: Path) -> None:
    results = run_steps(GITEA / "digest.yml", example)
    assert [r.returncode for r in results.values()] == [0, 0], [r.stderr for r in results.values()]
    written, pushed = results.values()
    digest = (example / "digest.md").read_text("utf-8")
    assert digest.strip() and digest.strip() in written.stdout
    assert "nothing to send" in pushed.stdout


def test_plan_diff_goes_to_the_log(moved: tuple[Path, str]) -> None:
    root, base = moved
    (result,) = run_steps(GITEA / "check.yml", root, "plan-diff", BASE=base).values()
    assert result.returncode == 0, result.stderr
    assert "T8" in result.stdout and "2026-11-13" in result.stdout and "2026-11-27" in result.stdout
