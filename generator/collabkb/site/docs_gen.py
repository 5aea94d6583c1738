"""The field and rule references, generated so they never drift from the code.

``field_reference(language)`` walks ``schemas/*.schema.json`` (the single source
of truth for fields) and ``rule_reference(language)`` reads the rule registry
(each rule module's ID, default severity, options and docstring). Both return
Markdown; the site publishes them at ``/reference/fields/`` and ``/reference/rules/``.

Schema titles are bilingual (``项目名称 / Name``) and descriptions hold the
Chinese text first, then the English: the page shows the reader's language and
keeps the other title beside it, so a field can be found by either name.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Iterator

from ..i18n import Messages
from ..rules import RULE_DEFAULTS, RULE_MODULES, VALIDATION_RULES
from ..check.validate import DEPARTMENTS_FILE, FILE_KINDS, schema_text

_FILES: tuple[tuple[str, str], ...] = (*((name, kind) for name, kind in FILE_KINDS.items()),
                                        (f"projects/{DEPARTMENTS_FILE}", "departments"),
                                        ("docs/**/*.md", "document"))  # a document's front matter
# Where the Chinese half of a description ends and the English half begins.
_LANGUAGE_BREAK = re.compile(r"(?<=[。！？）」』】])\s+(?=[A-Za-z`\"'(])")


# ---- text helpers ------------------------------------------------------------------------

def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no raw HTML, no column breaks, one line."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")


def _code(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{text}`"


def split_title(title: str, language: str) -> tuple[str, str]:
    """``项目名称 / Name`` → (the reader's language, the other); one-language titles twice."""
    parts = [p.strip() for p in title.split(" / ", 1)]
    if len(parts) < 2:
        return title, ""
    zh, en = parts
    return (zh, en) if language == "zh" else (en, zh)


def split_description(text: str, language: str) -> str:
    """The reader's half of a bilingual description (the whole text when it has one language)."""
    parts = _LANGUAGE_BREAK.split(text, maxsplit=1)
    if len(parts) < 2:
        return text
    return parts[0] if language == "zh" else parts[1]


# ---- fields ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Field:
    path: str  # goal.key_results[].metric
    schema: dict[str, Any]  # with any $ref resolved (the field's own title/description win)
    required: bool


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return node
    target = _resolve(defs[ref.removeprefix("#/$defs/")], defs)
    merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    merged["$def"] = ref.removeprefix("#/$defs/")
    return merged


def fields_of(schema: dict[str, Any]) -> Iterator[Field]:
    """Every field of a schema, depth first in the schema's order."""
    defs = schema.get("$defs", {})

    def walk(node: dict[str, Any], prefix: str) -> Iterator[Field]:
        required = set(node.get("required", ()))
        for key, child in node.get("properties", {}).items():
            resolved = _resolve(child, defs)
            path = f"{prefix}{key}"
            yield Field(path, resolved, key in required)
            yield from walk(resolved, f"{path}.")
            items = resolved.get("items")
            if isinstance(items, dict):
                item = _resolve(items, defs)
                if "properties" in item:
                    yield from walk(item, f"{path}[].")

    yield from walk(schema, "")


def _type_words(node: dict[str, Any], msg: Messages) -> str:
    definition = node.get("$def")
    if definition == "date" or node.get("format") == "date":
        return msg("docs.type.date")
    if definition in ("person", "department", "id", "task_ref"):
        return msg(f"docs.type.{definition}")
    types = node.get("type", [])
    names = types if isinstance(types, list) else [types]
    words = []
    for name in names:
        if name == "array" and isinstance(node.get("items"), dict):
            items = node["items"]
            inner = msg("docs.type.mapping") if "properties" in items or items.get("type") == "object" else _type_words(
                {**items, "$def": (items.get("$ref") or "").removeprefix("#/$defs/") or None}, msg)
            words.append(msg("docs.type.list_of", item=inner))
        else:
            words.append(msg(f"docs.type.{name}"))
    return msg("docs.or").join(words) if words else msg("docs.type.any")


def _allowed(node: dict[str, Any], msg: Messages) -> str:
    if "enum" in node:
        return ", ".join(_code(v) for v in node["enum"])
    parts = []
    if "minimum" in node and "maximum" in node:
        parts.append(f"{node['minimum']}–{node['maximum']}")
    if node.get("$def") in ("id", "task_ref") and "pattern" in node:
        parts.append(msg("docs.pattern.id"))  # the rule in words: a reader of the wiki is not a regex parser
    if node.get("minItems"):
        parts.append(msg("docs.min_items", count=node["minItems"]))
    return "; ".join(parts)


def _example(node: dict[str, Any]) -> str:
    examples = node.get("examples")
    if not examples or isinstance(examples[0], (dict, list)) and len(json.dumps(examples[0], ensure_ascii=False)) > 60:
        return ""
    return _code(examples[0])


def field_reference(language: str) -> str:
    """Markdown: every field of every file kind, with type, required, allowed values, meaning."""
    msg = Messages(language)
    out = [f"# {msg('docs.fields.title')}", "", msg("docs.fields.intro"), ""]
    for file_name, kind in _FILES:
        schema = json.loads(schema_text(kind))
        title, other = split_title(schema.get("title", kind), language)
        out += [f"## `{file_name}` — {_cell(title)}", ""]
        if other:
            out += [f"*{_cell(other)}*", ""]
        out += [_cell(split_description(schema.get("description", ""), language)), ""]
        out += [msg("docs.fields.schema_file", path=f"schemas/{kind}.schema.json"), ""]
        header = [msg(f"docs.col.{c}") for c in ("field", "type", "required", "values", "meaning", "example")]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for field in fields_of(schema):
            node = field.schema
            name, other_name = split_title(node.get("title", ""), language)
            meaning = f"**{_cell(name)}**" + (f" ({_cell(other_name)})" if other_name else "")
            description = split_description(node.get("description", ""), language)
            if description:
                meaning += f"<br>{_cell(description)}"
            out.append("| " + " | ".join((
                f"`{field.path}`",
                _cell(_type_words(node, msg)),
                msg("docs.required") if field.required else "",
                _cell(_allowed(node, msg)),
                meaning,
                _cell(_example(node)),
            )) + " |")
        out.append("")
    return "\n".join(out)


# ---- rules -------------------------------------------------------------------------------

def docstring_markdown(doc: str) -> str:
    """A rule docstring (reST-flavoured) as Markdown: ``x`` → `x`; ``::`` ends the sentence
    before an indented example, which Markdown already shows as a code block."""
    text = re.sub(r"``(.+?)``", r"`\1`", doc.strip(), flags=re.DOTALL)
    text = re.sub(r"[ \t]*::[ \t]*$", ":", text, flags=re.MULTILINE)
    return text.replace("<", "&lt;")


def _rule_summary(rule_id: str, msg: Messages, fallback: str) -> str:
    key = f"docs.rule.{rule_id}"
    return msg(key) if msg.has(key) else fallback


def _rule_section(rule_id: str, module: ModuleType | None, msg: Messages) -> list[str]:
    severity, options = RULE_DEFAULTS[rule_id]
    doc = (module.__doc__ or "") if module else VALIDATION_RULES[rule_id]
    first, _, rest = doc.strip().partition("\n")
    out = [f"## `{rule_id}`", "", _cell(_rule_summary(rule_id, msg, first)), ""]
    word = msg(f"docs.severity.{severity.value}")
    shown = f"`{severity.value}`" if word == severity.value else f"**{word}** (`{severity.value}`)"
    out.append(f"- {msg('docs.rules.default')}{shown}")
    if options:
        listed = ", ".join(f"`{name}` = `{value}`" for name, value in options.items())
        out.append(f"- {msg('docs.rules.options')}{listed}")
    config = {"severity": severity.value, **options} if options else severity.value
    out.append(f"- {msg('docs.rules.configure')}`rules: {{{rule_id}: {_flow(config)}}}`"
               + (f" {msg('docs.rules.cannot_off')}" if rule_id == "yaml" else ""))
    out.append("")
    if module is not None and msg.has(f"docs.rule_why.{rule_id}"):
        out += _translated_doc(rule_id, rest, msg)
    elif module is not None and rest.strip():
        out += [docstring_markdown(rest), ""]
    return out


# The firing example of a rule docstring: the indented block after "Fires…::".
_EXAMPLE = re.compile(r"^Fires[^\n]*::\n\n((?:(?:    .*)?\n)+)", re.MULTILINE)
# A comment with English prose in it: two words in a row ("# due before start"); a file name,
# keys or a YAML snippet in a comment ("# project.yaml: team: [...]") are not prose.
_PROSE_COMMENT = re.compile(r"\s*#(?=.*[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}).*$")


def _without_prose_comments(example: str) -> str:
    lines = []
    for line in example.splitlines():
        kept = _PROSE_COMMENT.sub("", line)
        if kept.strip() or not line.strip():  # a line that was only such a comment goes
            lines.append(kept)
    return "\n".join(lines)


def _translated_doc(rule_id: str, doc: str, msg: Messages) -> list[str]:
    """A rule's documentation from the catalogue (why, how to fix), with the docstring's firing
    example; comments written in English prose are left out of the example."""
    out = [f"**{msg('docs.rules.why')}**：{_cell(msg(f'docs.rule_why.{rule_id}'))}", ""]
    match = _EXAMPLE.search(doc.strip() + "\n")
    if match:
        example = _without_prose_comments(match.group(1)).rstrip()
        out += [f"**{msg('docs.rules.example')}**：", "", "```yaml", textwrap.dedent(example), "```", ""]
    out += [f"**{msg('docs.rules.fix')}**：{_cell(msg(f'docs.rule_fix.{rule_id}'))}", ""]
    return out


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def rule_reference(language: str) -> str:
    """Markdown: every rule with its default severity, options, how to configure it, and its documentation."""
    msg = Messages(language)
    out = [f"# {msg('docs.rules.title')}", "", msg("docs.rules.intro"), ""]
    for rule_id in VALIDATION_RULES:
        out += _rule_section(rule_id, None, msg)
    for module in RULE_MODULES:
        out += _rule_section(module.ID, module, msg)
    return "\n".join(out)
