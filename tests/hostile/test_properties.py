"""Properties of the loader and the pipeline, for inputs nobody would think to write.

- any bytes and any YAML-ish text: ``load.parse`` returns, never raises, and every
  finding has a 1-based position;
- a round trip: for nested data dumped by ``yaml.safe_dump``, ``parse`` gives what
  ``yaml.safe_load`` gives (dates as ISO text), and every key's mark is where the
  key is written;
- whole knowledge bases with tasks assembled from valid and invalid values:
  validation and every rule run without raising.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.i18n import Messages
from collabkb.check.load import YamlMap, YamlSeq, _may_anchor, parse

MSG = Messages("en")
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_positions(loaded: Any) -> None:
    for finding in loaded.findings:
        assert finding.line >= 1 and finding.column >= 1, finding
        assert finding.rule == "yaml" and finding.message


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_never_raise(content: bytes) -> None:
    assert_positions(parse(content, "x.yaml", MSG))


# Text made of what YAML cares about, plus CJK, tabs, BOMs and odd line breaks.
YAMLISH = st.text(alphabet=list("abcT1 :-?[]{},&*!|>'\"#%@`\t\n\r\\.0任务进\ufeff\u2028\x85\x00\x07"), max_size=300)


@FUZZ
@given(YAMLISH)
def test_yamlish_text_never_raises(text: str) -> None:
    assert_positions(parse(text.encode("utf-8"), "x.yaml", MSG))


LINES = ["tasks:", "  - id: T1", "    title: x", "  - ", "    - ", "      a: [", "]", "&a", "*a", "\t", "{", "}", "'", "17:00", "no", "2026-02-30",
         "!!bool", "!!int", "!!float", "!!timestamp", "!!null", "!!str", "!foo", "x", "1e3", ".inf", "0x1F"]


@FUZZ
@given(st.lists(st.sampled_from(LINES), max_size=30), st.sampled_from(["\n", " "]))
def test_yaml_line_soup_never_raises(lines: list[str], joint: str) -> None:
    assert_positions(parse(joint.join(lines).encode("utf-8"), "x.yaml", MSG))


# ---- round trip -----------------------------------------------------------------------------

KEYS = st.text(alphabet=st.sampled_from(list("abcdefxyz_") + ["任", "务", "期"]), min_size=1, max_size=8)
# Printable text without the characters YAML itself treats as line breaks (\x85, \u2028, \u2029),
# so "the line of a key" means the same to libyaml and to str.split("\n").
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85\ufeff"), max_size=20)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, width=64), TEXT,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
DATA = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)), max_leaves=25)


class NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # equal objects must be written out, not aliased
        return True


def iso_dates(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso_dates(v) for v in value]
    return value


def marks_point_at_keys(node: Any, lines: list[str]) -> None:
    if isinstance(node, YamlMap):
        for key, value in node.items():
            line, column = node.key_marks[key]
            written = lines[line - 1][column - 1:]
            assert written.startswith((key, f"'{key}", f'"{key}')), (key, line, column, lines[line - 1])
            marks_point_at_keys(value, lines)
    elif isinstance(node, YamlSeq):
        assert len(node.item_marks) == len(node)
        for value in node:
            marks_point_at_keys(value, lines)


@FUZZ
@given(st.dictionaries(KEYS, DATA, max_size=6), st.sampled_from([None, False, True]))
def test_round_trip_matches_safe_load(data: dict[str, Any], flow: bool | None) -> None:
    text = yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    loaded = parse(text.encode("utf-8"), "x.yaml", MSG)
    assert loaded.findings == (), (text, loaded.findings)
    assert loaded.data == iso_dates(yaml.safe_load(text))
    marks_point_at_keys(loaded.data, text.split("\n"))


# ---- whole knowledge bases --------------------------------------------------------------------

ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 150), st.floats(allow_nan=False), st.just("20%"),
    st.sampled_from(["T1", "T2", "T9", "2026-09-01", "2026-02-30", "done", "in_progress", "Done", "进行中",
                     "市场部", "研发布", "李娜", "TBD", "李娜、张伟", "", "17:00"]),
    st.lists(st.sampled_from(["T1", "T2", "李娜", "张伟"]), max_size=3),
    st.dictionaries(st.sampled_from(["date", "progress", "note", "x"]), st.sampled_from(["2026-10-01", 50, "x"]), max_size=3),
)
TASK_FIELDS = ["id", "title", "department", "owner", "start", "due", "status", "progress", "completed",
               "depends_on", "milestone", "updates", "collaborators", "phase", "ownr"]
TASK = st.dictionaries(st.sampled_from(TASK_FIELDS), ANY_VALUE, max_size=len(TASK_FIELDS))
VALID_TASK = st.fixed_dictionaries(
    {"id": st.sampled_from(["T1", "T2", "T3"]), "title": st.just("任务"),
     "start": st.sampled_from(["2026-09-01", "2026-10-01"]), "due": st.sampled_from(["2026-09-30", "2026-12-15"])},
    optional={"status": st.sampled_from(["not_started", "in_progress", "blocked", "done", "cancelled"]),
              "progress": st.integers(0, 100), "owner": st.sampled_from(["李娜", "张伟", "TBD", "王芳、李娜"]),
              "department": st.sampled_from(["市场部", "研发部"]),
              "depends_on": st.lists(st.sampled_from(["T1", "T2", "T3", "T9"]), max_size=2, unique=True),
              "completed": st.sampled_from(["2026-09-29", "2027-01-01"])},
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(TASK, VALID_TASK), max_size=6))
def test_any_tasks_never_raise(make_kb: Any, tasks: list[dict[str, Any]]) -> None:
    text = yaml.dump({"tasks": tasks}, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False)
    root: Path = make_kb({"projects/demo/tasks.yaml": text.encode("utf-8")})
    config = load_config(root)
    checked = pipeline.check(config, dt.date(2026, 11, 18))
    for finding in checked.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.file.startswith("projects/")
    assert checked.kb.task_count <= len(tasks)


@FUZZ
@given(st.text(alphabet=list("ab1-_ :&*[]{},\n\t!?'\"#") + ["\u4efb"], max_size=80))
def test_the_cheap_anchor_gate_never_misses_an_anchor(text: str) -> None:
    """Files the gate lets through skip the exact event scan, so it must see every anchor."""
    content = text.encode("utf-8")
    try:
        anchored = any(getattr(event, "anchor", None) is not None or isinstance(event, yaml.AliasEvent)
                       for event in yaml.parse(content, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return  # unparseable: compose fails too, and that is a syntax finding
    if anchored:
        assert _may_anchor(content), text


# ---- every file kind, from its own schema: mostly-valid shapes with junk mixed in ----------------

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-2, 200), st.sampled_from(["", "x", "T1", "2026-02-30", "研发部", "王芳"]))


PLAN_DATES = st.sampled_from(["2026-09-01", "2026-10-15", "2026-11-30", "2027-01-10"])
NAMES = st.sampled_from(["T1", "T2", "R1", "市场部", "研发部", "王芳", "李娜", "张伟", "x"])


def from_schema(node: dict[str, Any], defs: dict[str, Any], depth: int = 0, *,
                dates: st.SearchStrategy[Any] = PLAN_DATES, texts: st.SearchStrategy[Any] = NAMES) -> st.SearchStrategy[Any]:
    """Values shaped like ``node`` most of the time, anything else sometimes; dates and other
    text drawn from ``dates`` and ``texts``."""
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    kinds = node.get("type", "string")
    kind = kinds[0] if isinstance(kinds, list) else kinds
    if kind == "object" and depth < 4:
        props = node.get("properties", {})
        required = {k: from_schema(props[k], defs, depth + 1, dates=dates, texts=texts) for k in node.get("required", ())}
        optional = {k: from_schema(v, defs, depth + 1, dates=dates, texts=texts) for k, v in props.items() if k not in required}
        shaped: st.SearchStrategy[Any] = st.fixed_dictionaries(required, optional=optional)
    elif kind == "array" and depth < 4:
        shaped = st.lists(from_schema(node.get("items", {}), defs, depth + 1, dates=dates, texts=texts), max_size=3)
    elif "enum" in node:
        shaped = st.sampled_from(node["enum"])
    elif node.get("format") == "date":
        shaped = dates
    elif kind in ("integer", "number"):
        shaped = st.integers(0, 100)
    elif kind == "boolean":
        shaped = st.booleans()
    else:
        shaped = texts
    return st.one_of(shaped, shaped, shaped, JUNK) if depth else shaped


def kind_strategy(kind: str, **leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    return from_schema(schema, schema.get("$defs", {}), **leaves)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional={kind: kind_strategy(kind) for kind in ("project", "tasks", "risks", "coordination", "acceptance", "retro")}))
def test_any_project_files_never_raise(make_kb: Any, files: dict[str, Any]) -> None:
    dumped = {f"projects/demo/{kind}.yaml": yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True).encode("utf-8")
              for kind, data in files.items()}
    checked = pipeline.check(load_config(make_kb(dumped)), dt.date(2026, 11, 18))
    assert all(f.line >= 1 and f.column >= 1 and f.message for f in checked.findings)
