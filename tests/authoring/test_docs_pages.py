"""The hand-written docs: every page is reachable from the nav, and the guides match the commands."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _nav_paths(node: object) -> set[str]:
    if isinstance(node, str):
        return {node}
    if isinstance(node, dict):
        return set().union(*map(_nav_paths, node.values()))
    if isinstance(node, list):
        return set().union(*map(_nav_paths, node))
    return set()


def _mkdocs() -> dict:
    # mkdocs.yml may carry tags such as !ENV; the nav has none, so unknown tags read as plain values.
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda load, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=loader)


def test_every_hand_written_page_is_in_the_nav() -> None:
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")} - {"index.md"}  # index: the dashboard's intro
    assert pages - _nav_paths(_mkdocs().get("nav", [])) == set()


def test_guides_link_to_pages_that_exist() -> None:
    generated = {"reference/fields.md", "reference/rules.md"}
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            resolved = (page.parent / target).resolve().relative_to(DOCS.resolve()).as_posix()
            assert resolved in generated or (DOCS / resolved).is_file(), f"{page.name}: {target}"


def test_guides_show_the_commands_as_the_cli_spells_them() -> None:
    from click.testing import CliRunner

    from collabkb.cli import main

    text = "\n".join(p.read_text("utf-8") for p in DOCS.rglob("*.md"))
    for command, option in (("new", "--retro"), ("new", "--lang"), ("new", "--name"), ("init", "--lang"), ("export", "-o")):
        assert f"collabkb {command}" in text
        assert option in CliRunner().invoke(main, [command, "--help"]).output


def test_the_task_owners_example_edit_is_valid() -> None:
    """The YAML a task owner is shown in docs/guide/task-owner.md passes the tasks schema as written."""
    import textwrap

    from collabkb.i18n import Messages
    from collabkb.check.load import parse
    from collabkb.check.validate import Schemas

    guide = (DOCS / "guide" / "task-owner.md").read_text("utf-8")
    snippet = textwrap.dedent(re.search(r"```yaml\n(.*?)```", guide, flags=re.DOTALL).group(1))
    loaded = parse(("tasks:\n" + textwrap.indent(snippet, "  ")).encode("utf-8"), "tasks.yaml", Messages("zh"))
    assert not loaded.findings
    assert Schemas()["tasks"].errors(loaded.data, "tasks.yaml", Messages("zh")) == []
    task = loaded.data["tasks"][0]
    assert task["progress"] == task["updates"][-1]["progress"]  # the guide says: the same number in both places
