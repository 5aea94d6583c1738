"""``mkdocs serve`` keeps the theme's compiled templates (``site/theme_bytecode.py``): a template
is compiled once across environments, an edited template is compiled again (never served stale),
and an environment with other compiler options gets its own cache. ``mkdocs build`` sets none."""

from __future__ import annotations

from pathlib import Path

import jinja2

from collabkb.site.plugin import CollabKBPlugin
from collabkb.site.theme_bytecode import ThemeBytecode


def _env(folder: Path, **options: object) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **options)  # type: ignore[arg-type]


def test_compiled_once_and_again_when_edited(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "main.html").write_text("<p>{{ x }}</p>", "utf-8")
    kept = ThemeBytecode()
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    for _ in range(3):  # three builds, a new environment each (as MkDocs makes them)
        env = _env(tmp_path)
        kept.use(env)
        assert env.get_template("main.html").render(x=1) == "<p>1</p>"
    assert compiled == ["main.html"]

    (tmp_path / "main.html").write_text("<div>{{ x }}</div>", "utf-8")  # an override saved during serve
    env = _env(tmp_path)
    kept.use(env)
    assert env.get_template("main.html").render(x=2) == "<div>2</div>"
    assert compiled == ["main.html", "main.html"]

    other = _env(tmp_path, trim_blocks=True)  # other compiler options: another cache
    kept.use(other)
    assert other.bytecode_cache is not env.bytecode_cache


def test_only_under_serve(tmp_path: Path) -> None:
    plugin = CollabKBPlugin()
    plugin.on_startup(command="build", dirty=False)
    env = _env(tmp_path)
    plugin.on_env(env, config=None, files=None)  # type: ignore[arg-type]
    assert env.bytecode_cache is None
    plugin.on_startup(command="serve", dirty=True)
    plugin.on_env(env, config=None, files=None)  # type: ignore[arg-type]
    assert env.bytecode_cache is not None
