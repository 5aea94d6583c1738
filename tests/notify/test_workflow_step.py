"""The digest workflow's optional notify step, run here against the fake robot."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from machine_guard import with_test_bin_first

ROOT = Path(__file__).resolve().parents[2]
STEP = "Push the digest to chat groups (channels whose secrets are set)"


def _step(workflow: Path) -> dict:
    steps = yaml.safe_load(workflow.read_text("utf-8"))["jobs"]["digest"]["steps"]
    (step,) = [s for s in steps if s.get("name") == STEP]
    return step


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "projects", tmp_path / "projects")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _run(step: dict, cwd: Path, secrets: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "COLLABKB_NOTIFY"))}
    env.update({key: "" for key in step["env"]})  # unset secrets are empty strings on GitHub
    env.update(secrets, COLLABKB_TODAY="2026-11-18")
    # The workflow's install step puts collabkb's interpreter first on PATH; so does this.
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env=with_test_bin_first(env),
                          capture_output=True, text=True, check=False, timeout=120)


def test_the_step_maps_every_variable_the_example_config_names() -> None:
    channels = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["plugins"][1]["collabkb"]["notify"]["channels"]
    named = {c[key] for c in channels.values() for key in ("webhook_env", "secret_env") if key in c}
    for workflow in (ROOT / ".github/workflows/digest.yml", ROOT / "generator/collabkb/scaffold/repo/workflows/digest.yml"):
        step = _step(workflow)
        assert named <= set(step["env"])
        assert all(value == f"${{{{ secrets.{key} }}}}" for key, value in step["env"].items())


def test_sends_to_channels_whose_secret_is_set_once_a_day(robot, example: Path) -> None:
    step = _step(ROOT / ".github/workflows/digest.yml")
    first = _run(step, example, {"WECOM_WEBHOOK": robot.webhook("wecom")})
    assert first.returncode == 0, first.stderr
    assert [r.path for r in robot.received] == ["/cgi-bin/webhook/send"]  # only launch-war-room (wecom)
    assert (example / ".collabkb" / "notify-state.json").is_file()  # what the cache step saves
    again = _run(step, example, {"WECOM_WEBHOOK": robot.webhook("wecom")})
    assert again.returncode == 0 and len(robot.received) == 1


def test_without_secrets_it_sends_nothing(robot, example: Path) -> None:
    run = _run(_step(ROOT / ".github/workflows/digest.yml"), example, {})
    assert run.returncode == 0 and "nothing to send" in run.stdout and robot.received == []
