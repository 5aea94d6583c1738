"""The offline promise, enforced: the wiki loads nothing from another host (SPEC §6).

Material loads Google Fonts unless ``theme.font: false``, and ``extra_css`` /
``extra_javascript`` may name a CDN. ``enforce`` takes these out of the MkDocs
configuration before any page is rendered, so every build works on an intranet
and tells no other host who reads the wiki:

- ``theme.font`` not written in mkdocs.yml (Material's default, Roboto): set to
  ``false`` silently, there was no choice to overrule;
- a font or an external stylesheet/script written in mkdocs.yml: turned off too, and
  reported at its line and column, so ``mkdocs build --strict`` fails and says where.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..i18n import Messages

_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //host


def is_external(url: str) -> bool:
    """A URL that another host serves (``//cdn…`` counts: the browser picks the scheme)."""
    return bool(_EXTERNAL.match(url))


def _document(config_file: str | None) -> Node | None:
    if not config_file:
        return None
    try:
        return yaml.compose(Path(config_file).read_bytes(), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError):  # MkDocs read it a moment ago; the position is only a courtesy
        return None


def _node_at(node: Node | None, path: tuple[str | int, ...]) -> Node | None:
    """The node at ``path`` (mapping keys, sequence indices); for a key, its key node."""
    found = None
    for step in path:
        if isinstance(node, MappingNode) and isinstance(step, str):
            pair = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None)
            if pair is None:
                return None
            found, node = pair
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node = node.value[step]
        else:
            return None
    return found


def enforce(config: MkDocsConfig, msg: Messages) -> list[str]:
    """Switch off what would load from another host; the located messages for what mkdocs.yml asked for."""
    document = _document(config.config_file_path)
    file = Path(config.config_file_path).name if config.config_file_path else "mkdocs.yml"

    def located(path: tuple[str | int, ...], message_key: str, **values: Any) -> str:
        node = _node_at(document, path)
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        return f"{file}:{line}:{column}: {msg(message_key, **values)}"

    problems = []
    theme = config.theme
    if "font" in theme and theme["font"] is not False:
        written = _node_at(document, ("theme", "font"))
        if written is not None:
            problems.append(located(("theme", "font"), "offline.font"))
        theme["font"] = False
    for key in ("extra_css", "extra_javascript"):
        kept = []
        for index, entry in enumerate(config[key]):
            if is_external(str(entry)):
                problems.append(located((key, index), "offline.external", key=key, url=str(entry)))
            else:
                kept.append(entry)
        config[key] = kept
    return problems
