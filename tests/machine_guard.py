"""Tests run what the test environment installed, never what happens to be on the machine's ``PATH``.

On a fresh machine the only ``collabkb``, ``mkdocs`` and ``python3`` with CollabKB's
dependencies are the ones beside the interpreter running the tests (``.venv/bin``).
``TEST_BIN`` is that folder; ``with_test_bin_first`` gives a child process the ``PATH`` a
CI runner has after its install step; ``refuse_machine_tools`` (installed for the whole
session by ``conftest.py``) fails any test that starts one of these tools from elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping

TEST_BIN = Path(sys.executable).parent
# Tools that exist only once the project is installed, or whose machine copy lacks its dependencies.
TOOLS = ("collabkb", "mkdocs", "python3", "python", "pip", "pip3")
_WORD = re.compile(r"(?<![\w./-])(" + "|".join(TOOLS) + r")(?![\w.-])")
_SHELLS = {"bash", "sh", "dash"}


def with_test_bin_first(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with the test environment's ``bin/`` first on ``PATH``, as after ``pip install`` on a runner."""
    return {**env, "PATH": os.pathsep.join((str(TEST_BIN), env.get("PATH", "")))}


def machine_tool(args: Any, env: Mapping[str, str] | None) -> str | None:
    """The first tool ``args`` would start from outside the test environment, if any."""
    argv = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
    if not argv:
        return None
    program = os.fsdecode(argv[0])
    if program in TOOLS:
        return program  # a bare name: whatever the machine's PATH holds
    if Path(program).name in _SHELLS:
        path = (env if env is not None else os.environ).get("PATH", "")
        script = " ".join(os.fsdecode(a) for a in argv[1:] if isinstance(a, (str, bytes)))
        for tool in dict.fromkeys(_WORD.findall(script)):
            found = shutil.which(tool, path=path)
            if found is not None and Path(found).parent != TEST_BIN:
                return f"{tool} (found at {found})"
    return None


class GuardedPopen(subprocess.Popen):  # type: ignore[type-arg]
    """``subprocess.Popen`` that refuses to start a machine tool (see the module's docstring)."""

    def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
        tool = machine_tool(args, kwargs.get("env"))
        if tool is not None:
            raise AssertionError(
                f"a test started {tool} from the machine's PATH; use [sys.executable, '-m', ...] "
                f"or put {TEST_BIN} first on PATH (machine_guard.with_test_bin_first)")
        super().__init__(args, *rest, **kwargs)
