"""The generated references: every schema field and every rule, in both languages, as valid Markdown."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import markdown
import pytest

from collabkb.site import docs_gen
from collabkb.i18n import Messages
from collabkb.rules import RULE_DEFAULTS, RULE_MODULES, VALIDATION_RULES

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
LANGUAGES = ("zh", "en")


def _rows(page: str) -> dict[str, list[str]]:
    """Field path → its table cells (path, type, required, values, meaning, example)."""
    rows = {}
    for line in page.splitlines():
        match = re.match(r"^\| `([^`]+)` \|(.*)\|$", line)
        if match:
            rows.setdefault(match.group(1), []).append([c.strip() for c in re.split(r"(?<!\\)\|", match.group(2))])
    return {path: cells[0] for path, cells in rows.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_schema_field_is_listed(language: str) -> None:
    page = docs_gen.field_reference(language)
    listed = set(_rows(page))
    for schema_file in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(schema_file.read_text("utf-8"))
        paths = {field.path for field in docs_gen.fields_of(schema)}
        assert paths, schema_file.name
        assert paths <= listed, f"{schema_file.name}: {sorted(paths - listed)}"
    for path in ("name", "team[].role", "goal.key_results[].metric", "tasks[].updates[].note",
                 "deliverables[].rectification.due", "retro.lessons[].tags", "departments[].aliases"):
        assert path in listed


@pytest.mark.parametrize("language, required_word", [("zh", "必填"), ("en", "required")])
def test_required_enum_and_bilingual_titles(language: str, required_word: str) -> None:
    rows = _rows(docs_gen.field_reference(language))
    status_type, status_required, status_values, status_meaning, _ = rows["status"]
    assert status_required == required_word
    assert all(f"`{v}`" in status_values for v in ("proposed", "active", "on_hold", "done", "cancelled"))
    assert "项目状态" in status_meaning and "Status" in status_meaning  # both names, the reader's first
    first, second = ("项目状态", "Status") if language == "zh" else ("Status", "项目状态")
    assert status_meaning.index(first) < status_meaning.index(second)
    assert rows["summary"][1] == ""  # optional
    assert "0–100" in rows["tasks[].progress"][2]
    assert "`high`" in rows["risks[].level"][2]  # enum reached through $ref


def test_description_shows_the_readers_language() -> None:
    zh = _rows(docs_gen.field_reference("zh"))["communication.daily_update"][3]
    en = _rows(docs_gen.field_reference("en"))["communication.daily_update"][3]
    assert "必须加引号" in zh and "quote it" not in zh
    assert "quote it" in en and "必须加引号" not in en


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_is_documented(language: str) -> None:
    page = docs_gen.rule_reference(language)
    headings = re.findall(r"^## `([a-z-]+)`$", page, flags=re.MULTILINE)
    assert headings == [*VALIDATION_RULES, *(m.ID for m in RULE_MODULES)]
    assert set(headings) == set(RULE_DEFAULTS)
    for module in RULE_MODULES:
        section = page.split(f"## `{module.ID}`", 1)[1].split("\n## ", 1)[0]
        assert f"`{module.SEVERITY.value}`" in section
        for option, default in module.OPTIONS.items():
            assert f"`{option}` = `{default}`" in section
        assert f"rules: {{{module.ID}: " in section
        if language == "en":  # the module's docstring
            first_doc_paragraph = (module.__doc__ or "").strip().split("\n", 1)[1].strip().split("\n")[0]
            assert docs_gen.docstring_markdown(first_doc_paragraph) in section
        else:  # the catalogue's translation of it
            msg = Messages(language)
            shown = html.unescape(section)
            assert msg(f"docs.rule_why.{module.ID}") in shown and msg(f"docs.rule_fix.{module.ID}") in shown


def test_every_rule_has_a_summary_in_both_catalogues() -> None:
    for language in LANGUAGES:
        msg = Messages(language)
        missing = [rule for rule in RULE_DEFAULTS if not msg.has(f"docs.rule.{rule}")]
        assert not missing, f"{language}: {missing}"


def test_docstring_examples_become_code_blocks() -> None:
    html = markdown.markdown(docs_gen.rule_reference("en"), extensions=["tables"])
    overdue = html.split("<h2><code>overdue</code></h2>", 1)[1].split("<h2>", 1)[0]
    assert "<pre><code>- id: T3" in overdue
    assert "::" not in overdue


@pytest.mark.parametrize("make", [docs_gen.field_reference, docs_gen.rule_reference])
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_are_well_formed_markdown(make, language: str) -> None:
    page = make(language)
    html = markdown.markdown(page, extensions=["tables"])
    assert html.startswith("<h1>")
    assert "<script" not in html
    for line in page.splitlines():
        if line.startswith("| `"):
            assert len(re.split(r"(?<!\\)\|", line)) == 8, line  # six cells: no stray column breaks


def test_title_and_description_split() -> None:
    assert docs_gen.split_title("项目名称 / Name", "zh") == ("项目名称", "Name")
    assert docs_gen.split_title("项目名称 / Name", "en") == ("Name", "项目名称")
    text = "项目的名称，例如 Q3 智能手表新品上市。 The project's name, e.g. Q3 launch."
    assert docs_gen.split_description(text, "zh") == "项目的名称，例如 Q3 智能手表新品上市。"
    assert docs_gen.split_description(text, "en") == "The project's name, e.g. Q3 launch."
    assert docs_gen.split_description("Only one language.", "zh") == "Only one language."


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda m: m.ID)
def test_each_rule_section_says_why_shows_a_firing_example_the_fix_and_the_configuration(module) -> None:
    section = docs_gen.rule_reference("en").split(f"## `{module.ID}`", 1)[1].split("\n## ", 1)[0]
    for part in ("Why:", "Fires", "Fix:", "Configure:"):
        assert part in section, f"{module.ID}: its docstring lacks '{part}'"
    html = markdown.markdown(section)
    assert "<pre><code>" in html  # the firing example is a code block


def test_the_chinese_rule_reference_has_no_english_prose() -> None:
    """Outside code (keys, values, commands, the firing examples), no two English words in a row."""
    page = docs_gen.rule_reference("zh")
    prose = re.sub(r"```.*?```", "", page, flags=re.DOTALL)
    prose = re.sub(r"`[^`]*`", "", prose).replace("JSON Schema", "")  # a name, not prose
    assert re.findall(r"[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}", prose) == []
    for module in RULE_MODULES:  # every rule still shows when it fires
        section = page.split(f"## `{module.ID}`", 1)[1].split("\n## ", 1)[0]
        assert "```yaml" in section and "触发示例" in section and "如何修改" in section, module.ID


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_field_reference_describes_ids_in_words_not_regexes(language: str) -> None:
    page = docs_gen.field_reference(language)
    assert "^[" not in page and "{0,39}" not in page
    assert Messages(language)("docs.pattern.id") in _rows(page)["tasks[].id"][2]
