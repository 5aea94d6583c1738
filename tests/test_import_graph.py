"""The package layout is a pipeline: every module imports, and collabkb.* imports have no cycle.

Edges are read from each module's source, imports inside functions and under
``if TYPE_CHECKING:`` included: a type-only import still ties two modules together
(the issue's ``pages`` ↔ ``people_pages`` cycle was one). Importing ``a.b.c`` runs
``a/b/__init__.py`` first, so an import also depends on the packages above its
target, except the importer's own packages (a package's ``__init__`` listing its
modules is not a cycle).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import collabkb

PACKAGE = Path(collabkb.__file__).parent


def _modules() -> dict[str, Path]:
    found = {"collabkb": PACKAGE / "__init__.py"}
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="collabkb."):
        if info.name == "collabkb.__main__":  # runs the CLI when imported: read, not imported
            found[info.name] = PACKAGE / "__main__.py"
            continue
        module = importlib.import_module(info.name)  # every module imports on its own
        assert module.__file__ is not None
        found[info.name] = Path(module.__file__)
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text("utf-8")))
    own = {name.rsplit(".", i)[0] for i in range(name.count(".") + 1)}
    edges = set()
    for target in targets:
        if not target.startswith("collabkb"):
            continue
        parts = target.split(".")
        for i in range(2, len(parts) + 1):  # the target and the packages above it (not collabkb itself)
            step = ".".join(parts[:i])
            if step in modules and step not in own:
                edges.add(step)
    return edges


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := walk(start)):
            return found
    return None


def test_the_import_graph_of_collabkb_is_acyclic() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert sum(len(edges) for edges in graph.values()) > 100  # the graph was read, not empty
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_a_cycle_would_be_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_reporters_import_neither_the_loader_nor_git() -> None:
    modules = _modules()
    for name in ("collabkb.report.text", "collabkb.report.json_report", "collabkb.report.github",
                 "collabkb.report.gitlab", "collabkb.report.markdown", "collabkb.report.export"):
        edges = _imports(name, modules[name], modules)
        assert not {e for e in edges if e in ("collabkb.check.load", "collabkb.check.pipeline")
                    or e.startswith("collabkb.git")}, name
