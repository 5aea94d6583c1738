"""Schema validation: every keyword the schemas use is explained at the offending key;
the fast and the explaining validators agree; the catalogue has every message."""

from __future__ import annotations

import json
import re
import string
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from collabkb.i18n import Messages
from collabkb.check.load import parse
from collabkb.check.validate import SCHEMA_KINDS, Schemas

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = Schemas()
EN, ZH = Messages("en"), Messages("zh")

# Keywords that only shape or describe a schema: they never fail on their own.
NOT_ASSERTIONS = {"$schema", "$id", "$ref", "$defs", "title", "description", "examples", "default", "properties", "items"}

TASK = "tasks:\n  - id: T1\n    title: 方案\n    start: 2026-09-01\n    due: 2026-09-30\n"


def explain(kind: str, text: str, msg: Messages = EN) -> list[tuple[tuple[Any, ...], int, int, str]]:
    loaded = parse(text.encode("utf-8"), f"{kind}.yaml", msg)
    assert loaded.data is not None, loaded.findings
    return [(e.path, e.finding.line, e.finding.column, e.finding.message) for e in SCHEMAS[kind].errors(loaded.data, f"{kind}.yaml", msg)]


# keyword → (kind, text, path, line, column, a key part of the message)
EXPLAINED: dict[str, tuple[str, str, tuple[Any, ...], int, int, str]] = {
    "additionalProperties": ("tasks", TASK + "    ownr: 李娜\n", ("tasks", 0, "ownr"), 6, 5, "did you mean 'owner'?"),
    "required": ("tasks", "tasks:\n  - id: T1\n    start: 2026-09-01\n    due: 2026-09-30\n",
                 ("tasks", 0, "title"), 2, 5, "missing required key 'title' in tasks[0]"),
    "type": ("tasks", TASK + "    progress: 20%\n", ("tasks", 0, "progress"), 6, 5, "without %: 20"),
    "enum": ("tasks", TASK + "    status: Done\n", ("tasks", 0, "status"), 6, 5, "did you mean 'done'?"),
    "format": ("tasks", TASK.replace("2026-09-30", "2026-02-30"), ("tasks", 0, "due"), 5, 5, "is not a valid date"),
    "pattern": ("tasks", TASK.replace("id: T1", "id: T#1"), ("tasks", 0, "id"), 2, 5, "'T#1' is not a valid id"),
    "minimum": ("tasks", TASK + "    progress: -5\n", ("tasks", 0, "progress"), 6, 5, "must be at least 0, not -5"),
    "maximum": ("tasks", TASK + "    progress: 150\n", ("tasks", 0, "progress"), 6, 5, "must be at most 100, not 150"),
    "minLength": ("tasks", TASK.replace("title: 方案", "title: ''"), ("tasks", 0, "title"), 3, 5, "tasks[0].title must not be empty"),
    "minItems": ("project", "name: x\nstatus: active\ninitiator: {department: a, person: b}\ncoordinator: b\n"
                            "start: 2026-09-01\ndue: 2026-09-30\ngoal: {statement: x}\nteam: []\n",
                 ("team",), 8, 1, "team needs at least 1 item"),
    "uniqueItems": ("tasks", TASK + "    depends_on: [T0, T0]\n", ("tasks", 0, "depends_on", 1), 6, 22, "'T0' is listed twice"),
    "minProperties": ("risks", "risks:\n  - id: R1\n    title: x\n    level: high\n    status: open\n"
                               "    raised: 2026-09-01\n    response: {}\n",
                      ("risks", 0, "response"), 7, 5, "risks[0].response is empty: write at least one of created"),
}


@pytest.mark.parametrize("keyword", sorted(EXPLAINED))
def test_each_keyword_is_explained_at_the_key(keyword: str) -> None:
    kind, text, path, line, column, says = EXPLAINED[keyword]
    errors = explain(kind, text)
    assert [(p, ln, col) for p, ln, col, _ in errors] == [(path, line, column)], errors
    message = errors[0][3]
    assert says in message, message
    assert not message.startswith(EN("schema.other", where="", detail="")), message


def test_every_assertion_keyword_of_the_schemas_is_explained() -> None:
    used: set[str] = set()

    def walk(node: Any, in_properties: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties:
                    used.add(key)
                if in_properties or key not in ("examples", "default", "enum", "required"):  # values, not schemas
                    walk(value, in_properties=key in ("properties", "$defs") and not in_properties)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in SCHEMA_KINDS:
        walk(json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8")))
    assert used - NOT_ASSERTIONS <= set(EXPLAINED), used - NOT_ASSERTIONS - set(EXPLAINED)


@pytest.mark.parametrize(("key", "hint"), [
    ("截止日期", "keys are English: did you mean 'due' (截止日)?"),
    ("负责人", "did you mean 'owner' (唯一主责人)?"),
    ("部门", "did you mean 'department' (主责部门) or 'collaborators' (协作部门)?"),
    ("依赖关系", "allowed keys are acceptance, collaborators, completed"),
])
def test_a_chinese_key_is_matched_to_its_field_by_title(key: str, hint: str) -> None:
    ((_, _, _, message),) = explain("tasks", TASK + f"    {key}: x\n")
    assert hint in message, message


def test_a_missing_key_in_a_nested_mapping_points_at_that_mapping() -> None:
    text = "name: x\nstatus: active\ninitiator:\n  department: 市场部\ncoordinator: b\nstart: 2026-09-01\n" \
           "due: 2026-09-30\ngoal: {statement: x}\nteam: [{department: 市场部, role: lead}]\n"
    ((path, line, column, message),) = explain("project", text)
    assert path == ("initiator", "person") and (line, column) == (3, 1)
    assert "missing required key 'person' in initiator" in message


def test_a_missing_top_level_key_points_at_the_document() -> None:
    errors = explain("retro", "# 复盘\nretro:\n  date: 2026-09-01\n")
    assert [(p, ln, col) for p, ln, col, _ in errors] == [(("retro", "outcome"), 2, 1)]


def test_one_finding_per_place() -> None:
    # A bad date breaks both `format` and `pattern`: one finding, not two.
    assert len(explain("tasks", TASK.replace("2026-09-30", "30/09/2026"))) == 1


def test_explanations_in_chinese() -> None:
    ((_, _, _, message),) = explain("tasks", TASK + "    status: 进行中\n", ZH)
    assert "不允许 '进行中'" in message and "是否想写 'in_progress'" in message
    ((_, _, _, message),) = explain("tasks", TASK + "    phase: on\n", ZH)
    assert 'YAML 把 on 读成了 true' in message and '请加引号："on"' in message


@pytest.mark.parametrize(("path", "removable"), [
    (("team", 1, "phone"), ("team", 1, "phone")),        # an optional key: just it
    (("team", 1, "department"), ("team", 1)),             # a required key: its list item
    (("communication", "daily_update"), ("communication", "daily_update")),
    (("goal", "statement"), None),                        # required all the way up: the whole file
    (("status",), None),
    (("owner",), ("owner",)),                             # an unknown key is never required
])
def test_removable_is_the_innermost_optional_part(path: tuple[Any, ...], removable: tuple[Any, ...] | None) -> None:
    assert SCHEMAS["project"].removable(path) == removable


# ---- the fast validator (jsonschema-rs) and the explaining one (jsonschema) must agree --------

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 120), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "T1", "x y", "2026-09-30", "2026-02-30", "2026-9-1", "done", "Done", "a@b.c", "high"]),
    st.lists(st.sampled_from(["T1", "T1", "T2", ""]), max_size=3),
    st.dictionaries(st.sampled_from(["department", "support", "date", "progress", "x"]), st.sampled_from(["研发部", 5, "2026-09-01"]), max_size=2),
)
FIELDS = ["id", "title", "department", "owner", "start", "due", "status", "progress", "completed", "depends_on",
          "milestone", "updates", "collaborators", "phase", "typo"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8), max_size=3))
def test_fast_and_explaining_validators_agree(tasks: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump({"tasks": tasks}, allow_unicode=True)
    data = parse(text.encode("utf-8"), "tasks.yaml", EN).data
    validator = SCHEMAS["tasks"]
    assert validator._fast.is_valid(data) == (not list(validator._explaining.iter_errors(data)))


def test_the_example_knowledge_base_is_valid_for_both() -> None:
    for file in sorted((ROOT / "projects").rglob("*.yaml")):
        kind = "departments" if file.name == "_departments.yaml" else file.stem
        data = parse(file.read_bytes(), file.name, EN).data
        assert SCHEMAS[kind].errors(data, file.name, EN) == [], file


# ---- the catalogue -----------------------------------------------------------------------------

PREFIXES = ("yaml.", "schema.", "ref.", "config.")


def catalogue(language: str) -> dict[str, str]:
    return yaml.safe_load(resources.files("collabkb").joinpath("messages", f"{language}.yaml").read_text("utf-8"))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_have_the_same_foundation_keys_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    ours = {k for k in [*en, *zh] if k.startswith(PREFIXES)}
    for key in sorted(ours):
        assert key in en and key in zh, key
        assert placeholders(en[key]) == placeholders(zh[key]), key


def test_no_key_is_written_twice_in_a_catalogue() -> None:
    for language in ("en", "zh"):
        text = resources.files("collabkb").joinpath("messages", f"{language}.yaml").read_text("utf-8")
        keys = re.findall(r"^([\w.-]+):", text, re.MULTILINE)
        assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_every_message_key_the_foundation_uses_exists() -> None:
    source = "".join((ROOT / "generator" / "collabkb" / "check" / f"{m}.py").read_text("utf-8")
                     for m in ("load", "validate", "layout", "references", "config", "pipeline"))
    literal = set(re.findall(r"""["']((?:yaml|schema|ref|config)\.[a-z_.]+)["']""", source))
    composed = {f"schema.type.{t}" for t in ("text", "integer", "number", "boolean", "list", "mapping", "empty")} \
        | {f"yaml.kind.{k}" for k in ("list", "scalar")} | {"schema.format.email"} \
        | {f"ref.kind.{k}" for k in ("task", "risk", "issue", "resource", "deliverable", "action")} \
        | {f"schema.{k}" for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "minItems")}
    en, zh = catalogue("en"), catalogue("zh")
    for key in sorted(literal | composed):
        assert key in en and key in zh, key
