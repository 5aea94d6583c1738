"""Editor support, checked with the real YAML language server (yaml-language-server from npm, run by node).

A scaffolded file names its schema on its first line; an editor using the YAML
language server must then complete field names and enum values, show the
bilingual descriptions on hover, and mark a bad value, with nothing configured.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from authoring_kit import TODAY, Run
from lsp_client import LanguageServer

SERVER = Path(__file__).resolve().parents[1] / "workflows" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LanguageServer]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (scripts/setup.sh installs nodejs and yaml-language-server)")
    if not SERVER.is_file():
        pytest.fail("yaml-language-server is not installed: run scripts/setup.sh (or: npm ci --prefix tests/workflows)")
    language_server = LanguageServer(["node", str(SERVER), "--stdio"], tmp_path)
    yield language_server
    language_server.close()


@pytest.fixture
def tasks_file(run: Run, tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    assert run("init", str(root), "--today", TODAY).exit_code == 0
    assert run("new", "q1-launch", "--today", TODAY, str(root)).exit_code == 0
    return root / "projects/q1-launch/tasks.yaml"


def _open(server: LanguageServer, file: Path, text: str) -> str:
    uri = file.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    return uri


def _labels(result: object) -> list[str]:
    items = result["items"] if isinstance(result, dict) else result or []
    return [item["label"] for item in items]


def test_scaffold_is_clean_and_enum_values_complete(server: LanguageServer, tasks_file: Path) -> None:
    text = tasks_file.read_text("utf-8")
    uri = _open(server, tasks_file, text)
    assert server.wait_for_diagnostics(uri) == []  # the schema was found and the scaffold satisfies it
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines) if l.strip().startswith("status:"))
    column = lines[line].index("status:") + len("status: ")
    result = server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}})
    assert set(_labels(result)) >= {"not_started", "in_progress", "blocked", "done", "cancelled"}


def test_missing_field_names_complete(server: LanguageServer, tasks_file: Path) -> None:
    lines = tasks_file.read_text("utf-8").splitlines()
    after = next(i for i, l in enumerate(lines) if l.strip().startswith("- id: T1"))
    lines.insert(after + 1, "    ")  # a new line inside task T1, where a key goes
    uri = _open(server, tasks_file, "\n".join(lines) + "\n")
    result = server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": after + 1, "character": 4}})
    labels = _labels(result)
    assert {"completed", "collaborators"} <= set(labels)  # the optional keys the scaffold left commented out


def test_hover_shows_the_bilingual_description(server: LanguageServer, tasks_file: Path) -> None:
    text = tasks_file.read_text("utf-8")
    uri = _open(server, tasks_file, text)
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines) if l.strip().startswith("owner:"))
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": lines[line].index("owner") + 1}})
    shown = hover["contents"]["value"] if isinstance(hover["contents"], dict) else str(hover["contents"])
    assert "唯一主责人" in shown and "Owner" in shown


def test_a_bad_value_is_marked_on_its_line(server: LanguageServer, tasks_file: Path) -> None:
    lines = tasks_file.read_text("utf-8").splitlines()
    line = next(i for i, l in enumerate(lines) if l.strip().startswith("progress:"))
    lines[line] = lines[line].replace("progress: 0", "progress: 150")
    uri = _open(server, tasks_file, "\n".join(lines) + "\n")
    diagnostics = server.wait_for_diagnostics(uri)
    assert [d["range"]["start"]["line"] for d in diagnostics] == [line]
