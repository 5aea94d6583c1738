"""Project documents in the wiki: the documents tab, document pages, links both ways, sanitising."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from site_build import SITE_MKDOCS_YML, mkdocs_build
from site_html import main_content, page, parse, text

Q3 = "projects/q3-channel-expansion"
NINGBO = f"{Q3}/docs/2026-09-18-宁波区域授权协调会/"
STANDUP = "projects/q4-smartwatch-launch/docs/周会/2026-11-09-周例会/"


def _links(markup: str) -> dict[str, str]:
    """Link text → href of every link in ``markup``."""
    return {text(m.group(2)): m.group(1) for m in re.finditer(r'<a href="([^"]*)"[^>]*>(.*?)</a>', markup, re.S)}


def test_documents_tab_lists_the_projects_documents_newest_first(example_site: Path) -> None:
    markup = main_content(page(example_site, f"{Q3}/docs/"))
    table = markup.split('class="ckb-table ckb-documents"', 1)[1]
    titles = [t for t in _links(table) if "纪要" in t or "报告" in t]
    assert titles == ["Q3 华东 / 华南渠道拓展总结报告", "宁波区域代理商授权协调会纪要", "招商会预算审批协调会纪要",
                      "Q3 渠道拓展需求评审纪要"]
    assert "文档与纪要" in text(markup)


def test_a_document_page_shows_its_front_matter_actions_and_text(example_site: Path) -> None:
    markup = main_content(page(example_site, NINGBO))
    shown = text(markup)
    assert "<h1>宁波区域代理商授权协调会纪要</h1>" in markup and markup.count("<h1") == 1  # the text's own # heading is dropped
    for fact in ("2026-09-18", "会议纪要", "杜鹏", "T6", "I1", "（本文为其会议纪要）"):
        assert fact in shown
    assert "<table" in markup and "加权得分" in shown  # Markdown tables render
    assert "☑" in shown and "- [x]" not in shown  # task-list boxes read as boxes


def test_links_go_both_ways_between_documents_and_items(example_site: Path) -> None:
    tasks = main_content(page(example_site, f"{Q3}/tasks/"))
    t6 = tasks.split('id="task-T6"', 1)[1].split("</details>", 1)[0]
    assert "相关文档" in text(t6)
    target = _links(t6)["宁波区域代理商授权协调会纪要"]
    assert (example_site / Q3 / "tasks" / unquote(target) / "index.html").resolve() == (example_site / NINGBO / "index.html").resolve()
    coordination = main_content(page(example_site, f"{Q3}/coordination/"))
    i1 = coordination.split('id="issue-I1"', 1)[1].split('id="issue-I2"', 1)[0]
    assert "会议纪要：" in text(i1) and "宁波区域代理商授权协调会纪要" in _links(i1)
    assert "docs/2026-09-18" not in text(i1), "the path is shown as the document's title, not as text"
    report = main_content(page(example_site, f"{Q3}/docs/2026-10-29-渠道拓展总结报告/"))
    assert _links(report)["复盘总结"] == "../../retro/"  # ../retro.yaml → the retro tab
    assert unquote(_links(report)["需求评审纪要"]) == "../2026-07-10-需求评审纪要/"


def test_a_file_name_with_spaces_and_chinese_has_a_readable_url(example_site: Path) -> None:
    markup = main_content(page(example_site, STANDUP))
    assert "第 7 周上市周例会记录" in text(markup)
    overdue = [row for row in re.findall(r"<tr class=\"ckb-row[^\"]*\"[^>]*>(.*?)</tr>", markup, re.S) if "纪要待办逾期" in row]
    assert [text(row).split()[3] for row in overdue] == ["2026-11-13", "2026-11-16"]


def test_people_departments_and_lessons_include_documents(example_site: Path) -> None:
    person = main_content(page(example_site, "people/liu-kai/"))
    assert "第 7 周上市周例会记录" in text(person) and "宁波区域代理商授权协调会纪要" in text(person)
    department = main_content(page(example_site, "views/departments/销售部/"))
    assert "宁波区域代理商授权协调会纪要" in text(department)
    lessons = main_content(page(example_site, "views/lessons/"))
    assert "售后网点比代理商早两周就位" in text(lessons)
    assert "Q3 华东 / 华南渠道拓展 · Q3 华东 / 华南渠道拓展总结报告" in text(lessons)


def test_documents_are_in_the_api_and_in_chinese_search(example_site: Path) -> None:
    api = json.loads((example_site / "api" / "projects.json").read_text("utf-8"))
    q3 = next(p for p in api["projects"] if p["slug"] == "q3-channel-expansion")
    ningbo = next(d for d in q3["documents"] if d["path"] == "docs/2026-09-18-宁波区域授权协调会.md")
    assert (ningbo["date"], ningbo["type"], ningbo["issues"], ningbo["tasks"]) == ("2026-09-18", "minutes", ["I1"], ["T6"])
    index = json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith(f"{Q3}/docs/2026-09-18")]
    words = {w for d in entries for w in re.split(index["config"]["separator"], d["text"])}
    assert {"宁波", "代理商", "授权"} <= words


HOSTILE_DOC = """\
---
title: 协调会 <script>alert("title")</script>
tasks: [T1]
attendees: [王芳]
---
# 正文

<script>alert("body")</script>
<iframe src="https://evil.example/"></iframe>

[跳转](javascript:alert(1)) [数据](data:text/html;base64,PHNjcmlwdD4=) [官网](https://example.com/)
![外图](https://cdn.example.com/x.png) ![越界](../../../../etc/passwd.png) ![数据图](data:image/png;base64,AAAA)
![方案](img/plan.png) [附件](img/plan.png) [任务](../tasks.yaml#T1) [另一篇](2026-09-02%20复盘.md)
[越界链接](../../other/project.yaml)

- [ ] 李娜 2026-09-05 补充渠道清单
"""


def test_document_text_is_sanitised_and_links_stay_inside(make_kb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML, "docs/index.md": "# 首页\n",
                    "projects/demo/docs/2026-09-01-协调会.md": HOSTILE_DOC,
                    "projects/demo/docs/2026-09-02 复盘.md": "# 复盘\n",
                    "projects/demo/docs/img/plan.png": b"\x89PNG\r\n\x1a\n"})
    out = tmp_path / "site"
    run = mkdocs_build(root, out)
    assert run.returncode == 0, run.stderr
    markup = main_content(page(out, "projects/demo/docs/2026-09-01-协调会/"))
    elements = parse(markup).elements
    assert not [a for t, a in elements if t in ("script", "iframe")]
    assert '<script>alert("body")</script>' in text(markup) and 'alert("title")' in text(markup)
    hrefs = [a.get("href", "") for t, a in elements if t == "a"]
    srcs = [a.get("src", "") for t, a in elements if t == "img"]
    assert not [h for h in hrefs if h.startswith(("javascript:", "data:"))]
    assert srcs == ["../img/plan.png"] and (out / "projects/demo/docs/img/plan.png").read_bytes().startswith(b"\x89PNG")
    assert "https://example.com/" in hrefs and "../img/plan.png" in hrefs
    assert "../../tasks/#T1" in hrefs and "../2026-09-02-复盘/" in [unquote(h) for h in hrefs]
    assert (out / "projects/demo/docs/2026-09-02-复盘/index.html").is_file()
    assert not [h for h in hrefs if "other" in h or "passwd" in h]
    assert "越界链接" in text(markup) and "[外图]" in text(markup), "dropped links and images leave their text"
    tasks = main_content(page(out, "projects/demo/tasks/"))
    assert "相关文档" in text(tasks.split('id="task-T1"', 1)[1].split("</details>", 1)[0])
