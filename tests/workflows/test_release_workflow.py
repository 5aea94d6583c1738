"""release.yml: publishes on a version tag with trusted publishing; linted; its version check runs here.

Publishing itself needs the package index and GitHub's OIDC token, so it is not run:
actionlint checks the workflow, the shape test checks trusted publishing (``id-token:
write`` on the publish job only, no token or password anywhere), and the step that
compares the tag with ``collabkb.__version__`` runs as a runner would run it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import collabkb
from machine_guard import with_test_bin_first
from test_workflows import actionlint, load, steps

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def test_actionlint_finds_no_problem() -> None:
    assert actionlint([RELEASE]) == []


def test_publishes_on_version_tags_with_trusted_publishing() -> None:
    workflow = load(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in publish["steps"][-1]  # no password: the index trusts the workflow's OIDC token
    text = RELEASE.read_text("utf-8")
    assert "secrets." not in text and "password" not in text
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "python -m build" in runs and "python -m twine check --strict dist/*" in runs


def _version_step(tag: str) -> subprocess.CompletedProcess[str]:
    """Only the version step: building and checking the distributions is tests/test_package.py's job."""
    (step,) = [step for step in steps(load(RELEASE), "build") if step.get("name") == "The tag names the package's version"]
    env = with_test_bin_first({**os.environ, "TAG": tag})  # setup-python puts its python first
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=60)


def test_the_tag_must_name_the_version() -> None:
    right = _version_step(f"v{collabkb.__version__}")
    assert right.returncode == 0 and f"releasing {collabkb.__version__}" in right.stdout
    wrong = _version_step("v99.0.0")
    assert wrong.returncode == 1 and wrong.stdout.startswith("::error title=release::tag v99.0.0 does not match")
