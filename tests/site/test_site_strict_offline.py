"""``mkdocs build --strict`` fails on validation errors whatever the log level, and the
wiki loads nothing from another host even when mkdocs.yml forgets ``theme.font: false``.

Real ``mkdocs build`` subprocesses; the output is read file by file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_build import mkdocs_build
from test_site_browser import CHROMIUM, Watched, browser  # noqa: F401 (browser is a fixture)

# No ``font:`` line: Material's default would load Roboto from Google Fonts.
MKDOCS_YML = """\
site_name: offline
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
  - collabkb:
      language: zh
"""

# A font and a CDN stylesheet and script written on purpose.
MKDOCS_YML_ONLINE = """\
site_name: offline
theme:
  name: material
  font:
    text: Noto Sans SC
extra_css:
  - https://cdn.example.com/theme.css
extra_javascript:
  - //cdn.example.com/app.js
plugins:
  - search
  - collabkb
"""


def _kb(make_kb, mkdocs_yml: str = MKDOCS_YML, reference_error: bool = False) -> Path:
    """The base knowledge base of ``make_kb`` (valid); with ``reference_error`` T2 depends on a task that does not exist."""
    files: dict = {"mkdocs.yml": mkdocs_yml, "docs/index.md": "# 首页\n"}
    if reference_error:
        files["projects/demo/tasks.yaml"] = lambda base: base.replace("depends_on: [T1]", "depends_on: [T9]")
    return make_kb(files)


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _css_urls(css: str) -> list[str]:
    return [url for pair in _CSS_URL.findall(css) for url in pair if url]


class _Loads(HTMLParser):
    """Every URL a page makes the browser fetch by itself (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and values.get("rel") not in ("canonical", "alternate"):
            self.urls.append(values.get("href", ""))
        if tag != "a":
            self.urls.extend(values[a] for a in ("src", "srcset", "poster", "data") if a in values)
        self.urls.extend(_css_urls(values.get("style", "")))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(_css_urls(data))


def external_loads(site: Path) -> dict[str, list[str]]:
    """Per output file, the URLs of other hosts it loads (HTML elements, CSS ``url()``/``@import``)."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(path.read_text("utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = _css_urls(path.read_text("utf-8"))
        else:
            continue
        external = [u for u in urls if re.match(r"^\s*([a-z][a-z0-9+.-]*:)?//", u, re.I)]
        if external:
            found[path.relative_to(site).as_posix()] = external
    return found


def test_a_quiet_strict_build_with_a_reference_error_fails(make_kb, tmp_path: Path) -> None:
    root = _kb(make_kb, reference_error=True)
    quiet = mkdocs_build(root, tmp_path / "site-quiet", "-q", "--strict")
    assert quiet.returncode == 1
    assert "projects/demo/tasks.yaml:19:" in quiet.stderr and "[reference]" in quiet.stderr
    assert "Traceback" not in quiet.stderr
    loud = mkdocs_build(root, tmp_path / "site-loud", "--strict")
    assert loud.returncode == 1 and "[reference]" in loud.stderr
    relaxed = mkdocs_build(root, tmp_path / "site", "-q")  # not strict: the wiki still publishes
    assert relaxed.returncode == 0, relaxed.stderr
    assert (tmp_path / "site" / "projects" / "demo" / "tasks" / "index.html").is_file()


def test_a_quiet_strict_build_of_a_valid_knowledge_base_passes(make_kb, tmp_path: Path) -> None:
    root = _kb(make_kb)
    run = mkdocs_build(root, tmp_path / "site", "-q", "--strict")
    assert run.returncode == 0, run.stderr


def test_a_forgotten_font_line_loads_nothing_from_other_hosts(make_kb, tmp_path: Path) -> None:
    root = _kb(make_kb)
    run = mkdocs_build(root, tmp_path / "site", "--strict")  # turned off silently: nothing was written to overrule
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    assert len(list(site.rglob("*.html"))) > 10
    assert external_loads(site) == {}
    assert not any("fonts.g" in p.read_text("utf-8") for p in site.rglob("*.html"))


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_in_a_browser_a_forgotten_font_line_requests_nothing_from_other_hosts(browser, make_kb, tmp_path: Path,  # noqa: F811
                                                                               serve) -> None:
    root = _kb(make_kb)
    assert mkdocs_build(root, tmp_path / "site").returncode == 0
    url = serve(tmp_path / "site")
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    for path in ("", "projects/demo/", "projects/demo/tasks/", "people/"):
        view.open(url + path)
    view.assert_clean()  # every request stayed on 127.0.0.1


def test_the_example_site_loads_nothing_from_other_hosts(example_site: Path) -> None:
    assert external_loads(example_site) == {}


def test_fonts_and_cdn_files_written_in_mkdocs_yml_are_left_out_and_fail_a_strict_build(make_kb, tmp_path: Path) -> None:
    root = _kb(make_kb, MKDOCS_YML_ONLINE)
    strict = mkdocs_build(root, tmp_path / "strict", "-q", "--strict")
    assert strict.returncode == 1
    for where in ("mkdocs.yml:4:3:", "mkdocs.yml:7:5:", "mkdocs.yml:9:5:"):  # font, the stylesheet, the script
        assert where in strict.stderr
    run = mkdocs_build(root, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert "mkdocs.yml:4:3:" in run.stderr  # a warning says what was overruled
    assert external_loads(tmp_path / "site") == {}


@pytest.mark.parametrize("url, external", [
    ("https://cdn.example.com/a.css", True), ("//cdn.example.com/a.js", True), ("HTTP://x/y", True),
    ("assets/collabkb.css", False), ("/assets/a.css", False), ("../a.css", False),
])
def test_what_counts_as_another_host(url: str, external: bool) -> None:
    from collabkb.site.offline import is_external

    assert is_external(url) is external
