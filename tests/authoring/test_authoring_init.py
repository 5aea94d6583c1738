"""``collabkb init``: a whole knowledge-base repository that validates, checks green and builds, never overwriting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from authoring_kit import TODAY, Run, findings

from collabkb import scaffold

EXPECTED = sorted([
    ".gitignore", "README.md", "requirements.txt", "mkdocs.yml", "docs/guide.md",
    ".github/workflows/check.yml", ".github/workflows/publish.yml", ".github/workflows/digest.yml",
    *(f"schemas/{kind}.schema.json" for kind in ("project", "tasks", "risks", "coordination", "acceptance", "retro", "departments",
                                                      "document")),
    *(f"projects/sample-project/{name}" for name in ("project.yaml", "tasks.yaml", "risks.yaml", "coordination.yaml", "acceptance.yaml")),
])


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def snapshot(root: Path) -> dict[str, bytes]:
    return {path: (root / path).read_bytes() for path in tree(root)}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_init_writes_a_repository_that_validates_and_checks_green(run: Run, tmp_path: Path, language: str) -> None:
    root = tmp_path / "kb"
    result = run("init", str(root), "--lang", language, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert tree(root) == EXPECTED
    assert findings(run, "validate", root) == []
    assert findings(run, "check", root) == []  # the sample's tasks have owners: CI starts green
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    block = next(p["collabkb"] for p in config["plugins"] if isinstance(p, dict) and "collabkb" in p)
    assert block["language"] == language and config["theme"]["font"] is False


def test_schemas_are_the_packages_and_every_schema_line_resolves(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    run("init", str(root), "--today", TODAY)
    repo_schemas = Path(__file__).resolve().parents[2] / "schemas"
    for schema in (root / "schemas").iterdir():
        assert schema.read_bytes() == (repo_schemas / schema.name).read_bytes()
    for file in (root / "projects/sample-project").iterdir():
        first = file.read_text("utf-8").splitlines()[0]
        relative = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
        assert (file.parent / relative).resolve() == (root / "schemas" / f"{file.stem}.schema.json").resolve()


def test_site_builds_strictly(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    run("init", str(root), "--today", TODAY)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True,
                           check=False, env={**os.environ, "COLLABKB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    assert "示例项目" in (root / "site/index.html").read_text("utf-8")
    assert (root / "site/projects/sample-project/index.html").is_file()
    assert (root / "site/guide/index.html").is_file()


def test_requirements_pin_the_running_version(run: Run, tmp_path: Path) -> None:
    run("init", str(tmp_path / "kb"), "--today", TODAY)
    lines = [l for l in (tmp_path / "kb/requirements.txt").read_text("utf-8").splitlines() if l and not l.startswith("#")]
    assert lines == [f"collabkb=={metadata.version('collabkb')}"]  # exactly the release that made it


def test_existing_folder_with_other_files_is_fine(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / ".git").mkdir(parents=True)
    (root / "LICENSE").write_text("MIT\n", "utf-8")
    assert run("init", str(root), "--today", TODAY).exit_code == 0
    assert (root / "LICENSE").read_text("utf-8") == "MIT\n"
    assert set(tree(root)) == {*EXPECTED, "LICENSE"}


def test_never_overwrites_and_names_every_conflict(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "README.md").write_text("ours\n", "utf-8")
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/check.yml").write_text("ours\n", "utf-8")
    before = snapshot(root)
    result = run("init", str(root))
    assert result.exit_code == 1
    assert "README.md" in result.stderr and ".github/workflows/check.yml" in result.stderr
    assert snapshot(root) == before  # nothing written at all
    assert not (root / "mkdocs.yml").exists()


def test_second_init_changes_nothing(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    run("init", str(root), "--today", TODAY)
    before = snapshot(root)
    assert run("init", str(root)).exit_code == 1
    assert snapshot(root) == before


def test_failure_half_way_removes_what_it_wrote(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "LICENSE").write_text("MIT\n", "utf-8")
    real = scaffold.write_new_file
    calls = []

    def failing(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 6:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(scaffold, "write_new_file", failing)
    result = run("init", str(root))
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert tree(root) == ["LICENSE"] and sorted(p.name for p in root.iterdir()) == ["LICENSE"]


def test_a_file_in_the_way_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "kb"
    target.write_text("a file\n", "utf-8")
    assert run("init", str(target)).exit_code == 2


@pytest.mark.parametrize("language, title", [("zh", "进度风险预警清单"), ("en", "Risk warning list")])
def test_digest_issue_title_follows_the_language(run: Run, tmp_path: Path, language: str, title: str) -> None:
    root = tmp_path / "kb"
    run("init", str(root), "--lang", language)
    digest = yaml.safe_load((root / ".github/workflows/digest.yml").read_text("utf-8"))
    assert digest["env"]["DIGEST_TITLE"] == title


def test_every_template_is_package_data() -> None:
    """A non-editable install carries only what [tool.setuptools.package-data] lists."""
    import tomllib

    repo = Path(__file__).resolve().parents[2]
    package = repo / "generator" / "collabkb"
    patterns = tomllib.loads((repo / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["collabkb"]
    shipped = {path for pattern in patterns for path in package.glob(pattern) if path.is_file()}
    templates = {path for path in (package / "scaffold").rglob("*") if path.is_file() and path.suffix != ".py"
                 and "__pycache__" not in path.parts}
    assert templates and templates <= shipped, sorted(str(p.relative_to(package)) for p in templates - shipped)


@pytest.mark.parametrize("linked", ["docs", ".github", "projects/sample-project"])
def test_a_folder_linking_out_of_the_new_repository_is_refused(run: Run, tmp_path: Path, linked: str) -> None:
    """``init`` never overwrites, and never writes through a symbolic link either: nothing lands outside DIR."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    directory = tmp_path / "kb"
    (directory / linked).parent.mkdir(parents=True, exist_ok=True)
    (directory / linked).symlink_to(outside, target_is_directory=True)
    result = run("init", str(directory), "--lang", "en", "--today", "2026-11-18")
    assert result.exit_code == 2
    assert linked in result.stderr and "leads outside the new repository" in result.stderr
    assert list(outside.iterdir()) == []
    assert sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")) == sorted(
        {linked, *(linked.split("/")[:1])})
