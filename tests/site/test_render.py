"""``collabkb render OUT``: the wiki as files that a builder without the plugin publishes.

The example is rendered and built with a real ``zensical build`` (the package from the test
extras; it ignores third-party plugins, so nothing of ours runs inside it) and, for a small
knowledge base, with a plain ``mkdocs build`` of the rendered tree (the plugin removed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner, Result
from site_build import ROOT, TODAY

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.cli import main
from collabkb.check.calendar import parse_date
from collabkb.site.pages import CSS_URI, ICS_URI, JSON_URI, build_site

MakeKb = Callable[..., Path]


def render(*args: str) -> Result:
    return CliRunner().invoke(main, ["render", *args, "--today", TODAY], catch_exceptions=False)


def build(command: list[str], config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("COLLABKB_TODAY", None)
    return subprocess.run([sys.executable, "-m", *command, "-f", str(config)], capture_output=True, text=True,
                          env=env, cwd=config.parent, timeout=600, check=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def page_url(src_uri: str) -> str:
    stem = src_uri.removesuffix(".md")
    return f"{stem[:-5]}index.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("render") / "wiki"
    result = render(str(out), str(ROOT))
    assert result.exit_code == 0, result.output
    assert "docs/" not in result.stderr  # no hand-written page of the example shares a generated page's URL
    return out, build(["zensical", "build"], out / "mkdocs.yml")


def test_zensical_publishes_every_generated_page(zensical_site: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, built = zensical_site
    assert built.returncode == 0, built.stdout + built.stderr
    config = load_config(ROOT)
    site = build_site(pipeline.check(config, parse_date(TODAY)), config)
    html = out / "site"
    missing = [p.src_uri for p in site.pages if not (html / page_url(p.src_uri)).is_file()]
    assert missing == []
    for uri in (ICS_URI, JSON_URI, CSS_URI):  # static files byte for byte as the plugin makes them
        expected = site.static[uri]
        assert (html / uri).read_bytes() == (expected if isinstance(expected, bytes) else expected.encode("utf-8"))
    tasks = (html / "projects/q4-smartwatch-launch/tasks/index.html").read_text("utf-8")
    assert "<svg" in tasks and CSS_URI in tasks and "T13" in tasks  # the Gantt chart and the stylesheet
    assert 'href="../../../guide/"' in tasks  # the hand-written guide is in the nav (its tab)


def test_the_rendered_config_is_the_knowledge_bases_without_the_plugin(
        zensical_site: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = zensical_site
    rendered = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    original = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert rendered["docs_dir"] == "docs" and rendered["plugins"] == [{"search": {"lang": "zh"}}]
    assert rendered["theme"] == original["theme"] and rendered["markdown_extensions"] == original["markdown_extensions"]
    assert rendered["extra_css"] == [CSS_URI]
    assert rendered["nav"][0] == {"总览": "index.md"} and {"使用指南": rendered["nav"][1]["使用指南"]} == rendered["nav"][1]


def test_a_hand_written_page_at_a_generated_url_is_named_and_left_out(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb({"docs/people.md": "# Our people guide\n"})  # /people/ is the generated people overview
    out = tmp_path / "rendered"
    result = render(str(out), str(root))
    assert result.exit_code == 0, result.output
    assert "docs/people.md" in result.stderr
    assert not (out / "docs/people.md").exists() and (out / "docs/people/index.md").is_file()


def test_mkdocs_builds_the_rendered_tree_without_the_plugin(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": "site_name: t\nsite_url: !ENV [SITE_URL, 'https://wiki.example.com/']\ntheme:\n"
                                  "  name: material\n  font: false\nplugins:\n  - search\n  - collabkb:\n"
                                  "      language: en\n",
                    "docs/guide.md": "# Guide\n\nHand-written.\n", "docs/index.md": "Welcome, team.\n"})
    out = tmp_path / "rendered"
    result = render(str(out), str(root))
    assert result.exit_code == 0, result.output
    text = (out / "mkdocs.yml").read_text("utf-8")
    assert "!ENV" in text and "- collabkb" not in text  # tags pass through; the plugin is gone
    built = build(["mkdocs", "build", "--strict"], out / "mkdocs.yml")
    assert built.returncode == 0, built.stderr
    home = (out / "site/index.html").read_text("utf-8")
    assert "Welcome, team." in home and "demo" in home  # the hand-written home is the dashboard's introduction
    assert (out / "site/guide/index.html").is_file() and (out / "site/projects/demo/tasks/index.html").is_file()


def test_a_non_empty_folder_is_refused_unless_forced(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb()
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", "utf-8")
    refused = render(str(out), str(root))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert snapshot(out) == {"keep.txt": b"mine"}
    forced = render(str(out), str(root), "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "keep.txt").read_text("utf-8") == "mine" and (out / "docs/projects/demo/tasks.md").is_file()


@pytest.mark.parametrize("where", [".", "docs", "projects/demo", ".."])
def test_the_knowledge_base_itself_is_never_the_output(where: str, make_kb: MakeKb) -> None:
    root = make_kb({"docs/guide.md": "# Guide\n"})
    before = snapshot(root.parent)
    result = render(str(root / where), str(root), "--force")
    assert result.exit_code == 2 and "../wiki-rendered" in result.stderr
    assert snapshot(root.parent) == before


def test_a_symlink_inside_the_output_is_never_followed(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb()
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "docs").symlink_to(outside, target_is_directory=True)
    result = render(str(out), str(root), "--force")
    assert result.exit_code == 2 and "symlink" in result.stderr
    assert list(outside.iterdir()) == []
