"""``collabkb render OUT``: the wiki as plain files, for a builder that reads ``mkdocs.yml`` but
cannot run this plugin (Zensical ignores third-party plugins silently; FACTS.md).

``OUT`` gets ``mkdocs.yml`` and ``docs/``. ``docs/`` holds the hand-written pages of the
knowledge base (its ``docs_dir``), then every generated page (Markdown exactly as the plugin
hands it to MkDocs: the same ``build_site``) and static file (stylesheet, calendars, JSON); as in
the plugin, a hand-written page wins over a generated one of the same path, and a hand-written
``index.md`` becomes the dashboard's introduction. ``mkdocs.yml`` is the knowledge base's own (the file given with ``-f``, files it ``INHERIT``s merged in),
rewritten at the YAML node level (so tags such as ``!ENV`` or ``!!python/name:`` pass through
untouched, comments are lost): ``docs_dir: docs``, the ``collabkb`` plugin removed, the
stylesheet and script added to ``extra_css`` / ``extra_javascript`` and ``nav`` set to the nav the plugin would build.

Nothing is written outside ``OUT``: it may not be the knowledge base's root, hold it, or lie in
its docs or projects folder; a symlink anywhere under ``OUT`` on the way to a file is refused,
never followed; a non-empty ``OUT`` is refused unless ``force`` (files are then replaced in
place, others left as they are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..check import pipeline, publication
from ..forge.edit_links import EditLinks
from ..check.config import CONFIG_FILE, PLUGIN_NAME, Config, merged_document
from ..i18n import Messages
from .nav import combined_nav
from .pages import CSS_URI, JS_URI, build_site
from .render import page_url

DOCS = "docs"
_STR = "tag:yaml.org,2002:str"


class RenderError(Exception):
    """``OUT`` cannot be used (exit 2); the text is translated."""


@dataclass(frozen=True)
class Rendered:
    pages: int
    static: int
    handwritten: int
    shadowed: tuple[str, ...]  # hand-written pages left out: a generated page has their URL


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_out(out: Path, config: Config, docs: Path, force: bool) -> None:
    """Refuse an ``OUT`` that would write into the knowledge base itself (``docs``: its docs folder), or
    that is not empty."""
    msg = config.messages
    target, base = out.resolve(), config.root.resolve()
    docs_dir = docs.resolve()
    if _is_within(base, target) or _is_within(target, docs_dir) or _is_within(target, config.projects_path.resolve()):
        raise RenderError(msg("render.inside_kb", out=str(out)))
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise RenderError(msg("render.not_a_folder", out=str(out)))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise RenderError(msg("render.not_empty", out=str(out)))


def _docs_dir(document: MappingNode) -> str:
    node = _value(document, "docs_dir")
    return node.value if isinstance(node, ScalarNode) and node.value else "docs"


def _text(mapping: MappingNode, key: str) -> str | None:
    """A plain setting as written (``repo_url``, ``edit_uri``); without MkDocs' defaults, so ``edit_uri`` must be set."""
    node = _value(mapping, key)
    return node.value if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value else None


def _value(mapping: MappingNode, key: str) -> Node | None:
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)


def _set(mapping: MappingNode, key: str, value: Node) -> None:
    for index, (k, _) in enumerate(mapping.value):
        if isinstance(k, ScalarNode) and k.value == key:
            mapping.value[index] = (k, value)
            return
    mapping.value.append((ScalarNode(_STR, key), value))


def _node(value: Any) -> Node:
    """A node for plain data (the nav, a list of paths)."""
    return yaml.representer.SafeRepresenter().represent_data(value)


def mkdocs_yml(document: MappingNode, nav: list[Any]) -> str:
    """The knowledge base's ``mkdocs.yml`` (its composed ``document``, changed in place) for the
    rendered tree (see the module docstring)."""
    _set(document, "docs_dir", ScalarNode(_STR, DOCS))
    plugins = _value(document, "plugins")
    if isinstance(plugins, SequenceNode):
        plugins.value = [p for p in plugins.value if not _names_plugin(p)]
    elif isinstance(plugins, MappingNode):
        plugins.value = [(k, v) for k, v in plugins.value if not (isinstance(k, ScalarNode) and k.value == PLUGIN_NAME)]
    for key, uri in (("extra_css", CSS_URI), ("extra_javascript", JS_URI)):  # what the plugin adds itself
        listed = _value(document, key)
        if isinstance(listed, SequenceNode):
            if not any(isinstance(n, ScalarNode) and n.value == uri for n in listed.value):
                listed.value.append(ScalarNode(_STR, uri))
        else:
            _set(document, key, _node([uri]))
    _set(document, "nav", _node(nav))
    head = f"# {CONFIG_FILE} for the tree written by collabkb render: build it with any MkDocs-compatible builder.\n"
    return head + yaml.serialize(document, Dumper=yaml.SafeDumper, allow_unicode=True, width=120)


def _names_plugin(entry: Node) -> bool:
    if isinstance(entry, ScalarNode):
        return entry.value == PLUGIN_NAME
    return isinstance(entry, MappingNode) and any(isinstance(k, ScalarNode) and k.value == PLUGIN_NAME for k, _ in entry.value)


def _handwritten(docs: Path, root: Path) -> dict[str, Path]:
    """The docs folder's files (relative path → file), hidden ones and symlinks leaving the
    knowledge base left out."""
    found: dict[str, Path] = {}
    if not docs.is_dir():
        return found
    base = root.resolve()
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.is_symlink() and not _is_within(path.resolve(), base):
            continue
        found[rel.as_posix()] = path
    return found


def _is_page(rel: str) -> bool:
    return rel.endswith((".md", ".markdown"))


def _url(src_uri: str, use_directory_urls: bool) -> str:
    """The page's URL as MkDocs makes it (``render.page_url``; ``.markdown`` is a Markdown page too)."""
    return page_url(src_uri.removesuffix(".markdown") + ".md" if src_uri.endswith(".markdown") else src_uri,
                    use_directory_urls)


def _without(nav: Any, dropped: set[str]) -> Any:
    """The nav with every entry pointing to a ``dropped`` page removed."""
    if isinstance(nav, list):
        kept = [_without(item, dropped) for item in nav if not (isinstance(item, str) and item in dropped)]
        return [item for item in kept if item != {}]
    if isinstance(nav, dict):
        return {k: _without(v, dropped) for k, v in nav.items() if not (isinstance(v, str) and v in dropped)}
    return nav


def _write(out: Path, rel: str, data: bytes, msg: Messages) -> None:
    """Write ``out/rel``, refusing any symlink on the way (so nothing lands outside ``out``)."""
    target = out / rel
    for folder in [*reversed(target.relative_to(out).parents)][1:]:
        step = out / folder
        if step.is_symlink():
            raise RenderError(msg("render.symlink", path=str(step)))
        step.mkdir(exist_ok=True)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise RenderError(msg("render.symlink", path=str(target)))
    target.write_bytes(data)


def render(config: Config, today: dt.date, out: Path, force: bool = False) -> Rendered:
    """Write the rendered tree into ``out``, after refusing an ``OUT`` that is not fit (``_check_out``:
    before anything is checked or written; ``force``: a non-empty ``OUT`` is written into)."""
    root, msg = config.root, config.messages
    document = merged_document(config)  # INHERIT followed, as MkDocs does
    docs = config.config_file.parent / _docs_dir(document)
    _check_out(out, config, docs, force)
    checked = pipeline.check(config, today)
    handwritten = _handwritten(docs, root)
    home = handwritten.pop("index.md", None)
    intro = home.read_text("utf-8") if home is not None else None
    directory_urls = _value(document, "use_directory_urls")
    use_directory_urls = not (isinstance(directory_urls, ScalarNode) and directory_urls.value.lower() in ("false", "no", "off"))
    shown = publication.for_site(checked, config.site)  # exactly what the plugin publishes (docs/security.md)
    site = build_site(shown, config, use_directory_urls=use_directory_urls, intro=intro,
                      edit_links=EditLinks.from_config(_text(document, "repo_url"), _text(document, "edit_uri"),
                                                       _docs_dir(document)),
                      hand_written=[rel for rel in handwritten if _is_page(rel)])
    # A hand-written page and a generated one with the same URL (docs/people.md and the generated
    # people/index.md): a MkDocs build with the plugin writes the generated one last, so it is the
    # one published; a builder that refuses two owners of one URL (Zensical) gets only that one.
    generated = {p.src_uri for p in site.pages}
    generated_urls = {_url(uri, use_directory_urls) for uri in generated}
    shadowed = sorted(rel for rel in handwritten if _is_page(rel) and rel not in generated
                      and _url(rel, use_directory_urls) in generated_urls)
    for rel in shadowed:
        del handwritten[rel]
    nav_node = _value(document, "nav")
    user_nav = _without(yaml.safe_load(yaml.serialize(nav_node)), set(shadowed)) if nav_node is not None else None
    page_paths = [rel for rel in handwritten if _is_page(rel)]
    nav = combined_nav(user_nav, site, page_paths, msg("site.nav.docs"))
    config_text = mkdocs_yml(document, nav)  # everything is made before the first file is written
    pages = [p for p in site.pages if p.src_uri not in handwritten]
    out.mkdir(parents=True, exist_ok=True)
    if out.is_symlink():
        raise RenderError(msg("render.symlink", path=str(out)))
    for rel, path in handwritten.items():
        _write(out, f"{DOCS}/{rel}", path.read_bytes(), msg)
    for page in pages:
        _write(out, f"{DOCS}/{page.src_uri}", page.markdown.encode("utf-8"), msg)
    for src_uri, content in site.static.items():
        _write(out, f"{DOCS}/{src_uri}", content if isinstance(content, bytes) else content.encode("utf-8"), msg)
    _write(out, CONFIG_FILE, config_text.encode("utf-8"), msg)
    return Rendered(len(pages), len(site.static), len(handwritten), tuple(shadowed))


__all__ = ["render", "RenderError", "Rendered", "mkdocs_yml"]
