"""Generated pages skip Markdown (``site/fast_html.py``): the HTML is the one full Python-Markdown makes.

For every generated page of the example knowledge base and of a hostile one (names with
``*``, ``_``, backticks, ``<``, ``&``, ``#``, Chinese; free text with Markdown, tabs, carriage
returns and fences), the fast path (MkDocs converts the headings and placeholders, the blocks
are put back) gives exactly the HTML that ``markdown.Markdown`` with the site's
``markdown_extensions`` gives for the whole page, and the anchors MkDocs collects from raw
HTML. The real ``mkdocs build`` and browser tests run the plugin with the fast path too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.structure.pages import _HTMLHandler
from mkdocs.utils import meta
from site_build import ROOT, TODAY

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.calendar import parse_date
from collabkb.site import fast_html
from collabkb.site.pages import build_site

# Pages that hold real Markdown and so keep the full path: the field and rule references
# (docs_gen writes Markdown tables and lists) and a dashboard with a hand-written introduction.
MARKDOWN_PAGES = {"reference/fields.md", "reference/rules.md"}

HOSTILE_NAMES = {  # example text → hostile text, in every YAML file and document of the copy
    "市场部": "市场*部_`码`<&#",
    "研发部": "研发_部_ &amp; <b>",
    "王芳": "王*芳*",
    "张伟": "张`伟`",
    "陈静": "陈#静",
    "市场调研与竞品分析": "市场调研 **与** `竞品` <分析> & # 1",
    "上市整体方案": "上市_整体_方案\\*",
}
HOSTILE_PROJECT = """\
name: "Q4 *智能*手表 _上市_ `代号` <X> & #1"
status: active
initiator: {department: "市场*部_`码`<&#", person: "王*芳*"}
coordinator: "王*芳*"
start: 2026-09-01
due: 2026-12-31
goal:
  statement: "**粗体** 目标\\n\\n```\\nfenced\\n```\\n\\n\\t制表符\\r\\n回车 <script>alert(1)</script>"
team:
  - {department: "市场*部_`码`<&#", role: lead, contact: "王*芳*", members: ["李娜"]}
  - {department: "# 井号部", role: support, contact: "张`伟`"}
"""
HOSTILE_TASKS = """\
tasks:
  - id: T1
    title: "# 不是标题 *星* _下划线_ `反引号` <i>斜</i> &amp;"
    department: "# 井号部"
    owner: "张`伟`"
    start: 2026-10-01
    due: 2026-11-10
    status: in_progress
    progress: 30
    updates:
      - date: 2026-11-01
        progress: 30
        note: "第一行\\n\\n## 二级\\n\\n    缩进代码\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n~~~\\n波浪线\\n~~~"
  - id: T2
    title: "CKBHTML0 占位符一样的标题"
    department: "市场*部_`码`<&#"
    owner: "王*芳*"
    start: 2026-10-01
    due: 2026-12-10
    status: not_started
    progress: 0
    depends_on: [T1]
"""
HOSTILE_DOCUMENT = """\
---
title: "纪要 *一* `二` <三> & #四"
date: 2026-11-09
type: minutes
attendees: ["王*芳*", "张`伟`"]
tasks: [T1]
---

# 纪要 *一* `二` <三> & #四

## 讨论 {#custom-id}

- **要点**：<b>原样</b> & 符号\t制表符
- 链接 [外部](https://example.com/ "a>b") 与 [本项目](../tasks.yaml)

```python
print("<div>")
```

<details><summary>原始 HTML</summary>不渲染</details>

## 待办事项

- [ ] 王*芳* 2026-11-20 跟进
"""


def _converter(mkdocs_yml: Path) -> tuple[list, dict]:
    config = load_mkdocs_config(str(mkdocs_yml))
    return config["markdown_extensions"], config["mdx_configs"] or {}


def _pages(root: Path, intro: str | None) -> list:
    config = load_config(root)
    return list(build_site(pipeline.check(config, parse_date(TODAY)), config, intro=intro, own_search=True).pages)


def _compare(root: Path, intro: str | None) -> tuple[set[str], int]:
    """Every page through both paths; returns the pages that kept the full path and the number of pages."""
    extensions, configs = _converter(root / "mkdocs.yml")
    splitter = fast_html.Splitter(extensions, configs)
    assert splitter.usable
    full_path: set[str] = set()
    pages = _pages(root, intro)
    for page in pages:
        body, _ = meta.get_data(page.markdown)
        full = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
        split = splitter.split(body)
        if split is None:
            full_path.add(page.src_uri)
            continue
        short = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(split.markdown)
        assert fast_html.restore(short, split) == full, page.src_uri
        handler = _HTMLHandler()  # what MkDocs collects from raw HTML for anchor validation
        handler.feed("\n".join(block for block in split.blocks))
        handler.close()
        assert split.anchors == handler.present_anchor_ids, page.src_uri
    return full_path, len(pages)


def test_every_page_of_the_example_is_the_html_full_markdown_makes() -> None:
    intro = (ROOT / "docs" / "index.md").read_text("utf-8")  # as the plugin hands it over
    full_path, count = _compare(ROOT, intro)
    assert count > 100
    assert full_path == MARKDOWN_PAGES | {"index.md"}  # the dashboard holds the hand-written introduction


def test_the_dashboard_without_an_introduction_takes_the_fast_path() -> None:
    full_path, _ = _compare(ROOT, None)
    assert full_path == MARKDOWN_PAGES


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-fast")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", "utf-8")
    shutil.copytree(ROOT / "projects", root / "projects")
    for path in (root / "projects").rglob("*"):
        if path.suffix in (".yaml", ".md"):
            text = path.read_text("utf-8")
            for plain, hostile in HOSTILE_NAMES.items():
                text = text.replace(plain, hostile.replace('"', '\\"'))
            path.write_text(text, "utf-8")
    evil = root / "projects" / "evil"
    (evil / "docs").mkdir(parents=True)
    (evil / "project.yaml").write_text(HOSTILE_PROJECT, "utf-8")
    (evil / "tasks.yaml").write_text(HOSTILE_TASKS, "utf-8")
    (evil / "docs" / "2026-11-09-纪要.md").write_text(HOSTILE_DOCUMENT, "utf-8")
    return root


def test_every_page_of_a_hostile_knowledge_base_is_the_html_full_markdown_makes(hostile_root: Path) -> None:
    pages = {p.src_uri: p.markdown for p in _pages(hostile_root, None)}
    assert "projects/evil/tasks.md" in pages and any(uri.startswith("projects/evil/docs/") for uri in pages)
    assert "市场*部_`码`&lt;&amp;#" in pages["views/weekly.md"]  # the names reached headings
    full_path, count = _compare(hostile_root, None)
    assert count > 100
    # A line that could open a fence keeps the full path (fenced_code would read it even inside HTML).
    assert full_path - MARKDOWN_PAGES <= {"projects/evil/index.md", "projects/evil/tasks.md"}
    assert len(full_path - MARKDOWN_PAGES) <= 2


def test_a_site_whose_extensions_read_raw_html_keeps_the_full_path() -> None:
    assert not fast_html.Splitter(["md_in_html"], {}).usable
    assert fast_html.Splitter(["toc", "tables", "fenced_code", "admonition", "attr_list"], {}).usable


@pytest.mark.parametrize("body", [
    "plain paragraph\n",
    "<div>\nopen block never closed\n",
    "<span>inline first</span>\n",
    "<div>x</div> trailing text\n",
    "<!-- a comment -->\n",
    "<div><script>x</script></div>\n",
    "    <div>indented</div>\n",
    "<hr>\n",
    "## Heading\n\n- a list\n",
    "<div>\n```\nfence\n```\n</div>\n",
    "## CKBHTML0 (a heading that reads like a placeholder)\n",
])
def test_what_the_splitter_does_not_recognise_keeps_the_full_path(body: str) -> None:
    assert fast_html.Splitter(["toc"], {}).split(body) is None


@pytest.mark.parametrize("body", [
    "<div>a</div>\n\n## H *b*\n\n<p>c</p>\n",
    "<div>a</div>\n<p>b</p>\n## H\n<table><tr><td>x<br>y</td></tr></table>",
    "<details>\n<summary>s</summary>\n\n<div>inner\n\n\nblank lines</div>\n</details>\n\n# T\n",
    "<div title=\"a>b\" id=\"x&amp;y\"><a name=\"n\">l</a><img src=\"i\"/></div>  \n\n<p>a\ttab</p>\n",
    "<p>CKBHTML1</p>\n\n### CKBHTM L\n",
    "<div>\r\nCR\rLF\x02\x03</div>\n",
])
def test_small_pages_equal_full_markdown(body: str) -> None:
    extensions: list = ["toc", "tables", "fenced_code", "attr_list"]
    configs = {"toc": {"permalink": True}}
    splitter = fast_html.Splitter(extensions, configs)
    split = splitter.split(body)
    full = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
    if split is None:
        pytest.fail(f"not split: {body!r}")
    short = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(split.markdown)
    assert fast_html.restore(short, split) == full


def test_a_placeholder_an_extension_rewrote_is_noticed() -> None:
    split = fast_html.Splitter(["toc"], {}).split("<div>a</div>\n\n<div>b</div>\n")
    assert split is not None and len(split.blocks) == 2
    assert fast_html.restore("<p>CKBHTML0</p>\n<p class=\"x\">CKBHTML1</p>", split) is None
    assert fast_html.restore("<p>CKBHTML0</p>\n<p>CKBHTML1</p>", split) == "<div>a</div>\n\n<div>b</div>"  # the first is followed by a blank line
