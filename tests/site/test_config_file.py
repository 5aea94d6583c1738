"""``mkdocs build -f site-en.yml`` reads that file's ``collabkb`` block (before: always mkdocs.yml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from site_build import SITE_MKDOCS_YML, TODAY


def test_the_plugin_reads_the_config_file_mkdocs_was_given(make_kb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML}, language="zh")
    (root / "docs").mkdir()
    (root / "site-en.yml").write_text(SITE_MKDOCS_YML.replace("language: zh", "language: en"), "utf-8")
    env = {**os.environ, "COLLABKB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "site-en.yml"), "-d", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, check=False, timeout=300, cwd=root)
    assert run.returncode == 0, run.stderr
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "Needs attention" in home and "需要关注" not in home


def test_cli_commands_read_the_file_given_with_f(make_kb) -> None:
    """``collabkb check -f site-en.yml``: that file's block (language, rules), as the plugin does; with ``-f``
    and no ROOT the knowledge base is the folder of that file."""
    from click.testing import CliRunner

    from collabkb.cli import main

    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML}, language="zh")
    (root / "site-en.yml").write_text(SITE_MKDOCS_YML.replace("language: zh", "language: en"), "utf-8")
    runner = CliRunner()
    default = runner.invoke(main, ["check", str(root), "--today", TODAY])
    given = runner.invoke(main, ["check", "-f", str(root / "site-en.yml"), "--today", TODAY])
    assert default.output.split("\n")[-2].startswith("1 个项目")
    assert given.output.split("\n")[-2].startswith("1 project, "), given.output
    missing = runner.invoke(main, ["check", "-f", str(root / "nope.yml"), "--today", TODAY])
    assert missing.exit_code == 2 and "nope.yml" in missing.output and "Traceback" not in missing.output


def test_render_follows_inherit_as_mkdocs_does(make_kb, tmp_path: Path) -> None:
    """The rendered mkdocs.yml is the given file with the one it INHERITs merged in (mappings key by key),
    so a builder reading OUT gets the inherited theme, and no INHERIT path that would not resolve there."""
    import yaml
    from click.testing import CliRunner

    from collabkb.cli import main

    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML}, language="en")
    base = yaml.safe_load(SITE_MKDOCS_YML)
    (root / "base.yml").write_text(yaml.safe_dump({"site_name": "Base", "theme": base["theme"],
                                                   "extra": {"from_base": 1, "kept": "base"}}), "utf-8")
    child = {k: v for k, v in base.items() if k not in ("theme", "site_name")}
    child.update({"INHERIT": "base.yml", "extra": {"kept": "child"}})
    (root / "site.yml").write_text(yaml.safe_dump(child, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(out), "-f", str(root / "site.yml"), "--today", TODAY])
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8").split("\n", 1)[1])
    assert "INHERIT" not in written and written["site_name"] == "Base"
    assert written["theme"] == base["theme"] and written["extra"] == {"from_base": 1, "kept": "child"}
