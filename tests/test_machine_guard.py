"""The guard that keeps the suite from depending on what is installed on the machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from machine_guard import TEST_BIN, machine_tool, with_test_bin_first


@pytest.mark.parametrize("argv", [["collabkb", "check"], ["python3", "-c", "pass"], ["mkdocs", "build"], "collabkb"])
def test_a_bare_tool_name_is_refused(argv: list[str] | str) -> None:
    with pytest.raises(AssertionError, match="machine's PATH"):
        subprocess.run(argv, check=False)


def test_a_shell_script_finding_the_tool_elsewhere_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "bin"
    elsewhere.mkdir()
    fake = elsewhere / "collabkb"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    env = {"PATH": f"{elsewhere}{os.pathsep}{TEST_BIN}"}
    assert machine_tool(["bash", "-c", "collabkb check"], env) == f"collabkb (found at {fake})"
    with pytest.raises(AssertionError, match="machine's PATH"):
        subprocess.run(["bash", "-c", "collabkb check"], env=env, check=False)


def test_the_test_environment_is_allowed(tmp_path: Path) -> None:
    assert machine_tool([sys.executable, "-m", "collabkb"], None) is None
    env = with_test_bin_first({"PATH": "/usr/bin"})
    assert machine_tool(["bash", "-c", "python3 -m collabkb --help && collabkb --help"], env) is None
    done = subprocess.run(["bash", "-c", "python3 -c 'import collabkb' && collabkb --help"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # words that merely contain a tool's name are not tools
    assert machine_tool(["bash", "-c", "echo collabkb.yml python3.11-venv"], {"PATH": "/usr/bin"}) is None
