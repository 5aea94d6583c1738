"""Legal-looking data that used to crash: dates anywhere in 0001–9999 and in any order,
names with line breaks, very long department names.

- the fast validator and the explaining one agree on every document (a document the
  fast one passes reaches the rules; one it rejects must be explained, or nothing
  would say why its data is missing);
- a date outside 1970–2200 is a ``schema`` finding at its key, so no page or calendar
  ever computes a day past year 9999; check, the ICS export and the site build run on
  whatever is left, whatever order start and due are in;
- a name that becomes a path is one bounded segment (``portfolio.segments``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.validate import DATE_YEARS, SCHEMA_KINDS, Schemas
from collabkb.portfolio.critical_path import analyse
from collabkb.check.calendar import WorkCalendar
from collabkb.portfolio.segments import MAX_SEGMENT_BYTES, segment
from collabkb.report import export
from collabkb.site.pages import build_site
from collabkb.portfolio.view import Portfolio

from .test_properties import NoAliasDumper, kind_strategy

SCHEMAS = Schemas()
TODAY = dt.date(2026, 11, 18)
ANY_DATE = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
DATE_TEXT = st.one_of(ANY_DATE, st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"), st.sampled_from(["0000-01-01", "2026-2-3"]))
TEXT = st.one_of(st.sampled_from(["王芳", "市场部", "T1", "a@b", "a@b.c", "not an email", "x y"]),
                 st.text(alphabet=st.characters(codec="utf-8"), max_size=12))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SCHEMA_KINDS).flatmap(lambda kind: st.tuples(
    st.just(kind), kind_strategy(kind, dates=DATE_TEXT, texts=TEXT))))
def test_the_two_validators_agree_on_every_document(case: tuple[str, Any]) -> None:
    kind, document = case
    validator = SCHEMAS[kind]
    fast = validator._fast.is_valid(document)
    explained = list(validator._explaining.iter_errors(document))
    assert fast == (not explained), (fast, [e.message for e in explained])


def dated_project(project_due: str, spans: list[tuple[str, str]]) -> dict[str, bytes]:
    tasks = [{"id": f"T{i}", "title": "任务", "department": "市场部", "owner": "李娜", "start": start, "due": due,
              "status": "in_progress", "progress": 10, "milestone": i == 0, **({"depends_on": [f"T{i - 1}"]} if i else {})}
             for i, (start, due) in enumerate(spans)]
    return {"projects/demo/project.yaml": lambda text: text.replace("due: 2026-12-31", f"due: {project_due}"),
            "projects/demo/tasks.yaml": yaml.dump({"tasks": tasks}, Dumper=NoAliasDumper, allow_unicode=True).encode()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ANY_DATE, st.lists(st.tuples(ANY_DATE, ANY_DATE), min_size=1, max_size=3))
def test_dates_anywhere_in_any_order_never_crash_check_export_or_site(make_kb: Any, project_due: str,
                                                                      spans: list[tuple[str, str]]) -> None:
    root = make_kb(dated_project(project_due, spans))
    config = load_config(root)
    checked = pipeline.check(config, TODAY)

    written = [project_due, *(d for span in spans for d in span)]
    outside = [d for d in written if not DATE_YEARS[0] <= int(d[:4]) <= DATE_YEARS[1]]
    years = [f for f in checked.findings if f.rule == "schema" and "is outside the years 1970 to 2200" in f.message]
    assert len(years) == len(outside)
    assert all(f.line > 1 for f in years)  # at the date's key, never the top of the file
    for project in checked.kb.projects:
        analyse(project, WorkCalendar())
    export.calendar_ics(export.events_for(checked.kb, config.messages), "x", checked.today)
    export.projects_json(Portfolio.build(checked, config.messages, config))
    build_site(checked, config)


def test_due_before_every_start_builds_with_a_consistency_finding(make_kb: Any) -> None:
    """The critical path used to look up a day before its axis began (a KeyError in the build)."""
    root = make_kb(dated_project("2026-12-31", [("2027-03-01", "2026-09-30"), ("2027-04-01", "2027-04-02")]))
    config = load_config(root)
    checked = pipeline.check(config, TODAY)
    assert any(f.rule == "consistency" and f.item == "T0" for f in checked.findings)
    schedule = analyse(checked.kb.projects[0], WorkCalendar())
    assert set(schedule.slack) == {"T0", "T1"}
    build_site(checked, config)


@pytest.mark.parametrize("name", ["王\n芳", "王芳\r", "王\u2028芳", "王\x1b[2K芳", "王\x85芳"])
def test_a_name_with_a_line_break_or_control_character_is_a_schema_finding(make_kb: Any, name: str) -> None:
    root = make_kb({"projects/demo/project.yaml": lambda text: text.replace("contact: 张伟", f"contact: {json.dumps(name)}")})
    checked = pipeline.check(load_config(root), TODAY)
    (finding,) = [f for f in checked.findings if f.rule == "schema"]
    assert (finding.file, finding.line, finding.column) == ("projects/demo/project.yaml", 18, 5)
    assert "a name must be one line of text" in finding.message and "U+" in finding.message


def test_a_hundred_character_department_builds_with_bounded_file_names(make_kb: Any) -> None:
    long = "市场部" * 34
    root = make_kb({"projects/demo/project.yaml": lambda text: text.replace("市场部", long),
                    "projects/demo/tasks.yaml": lambda text: text.replace("市场部", long)})
    config = load_config(root)
    checked = pipeline.check(config, TODAY)
    assert not [f for f in checked.findings if f.rule in ("yaml", "schema", "reference")]
    site = build_site(checked, config)
    names = [*site.static, *(page.src_uri for page in site.pages)]
    assert any(long[:10] in name for name in names)
    assert all(len(part.encode()) <= MAX_SEGMENT_BYTES + len(".ics") for name in names for part in name.split("/"))


@given(st.text(max_size=300), st.text(max_size=300))
def test_a_segment_is_one_bounded_path_part_and_long_names_stay_apart(first: str, second: str) -> None:
    for name in (first, second):
        part = segment(name, "x")
        assert part and len(part.encode("utf-8")) <= MAX_SEGMENT_BYTES
        assert "/" not in part and "\\" not in part and part not in (".", "..") and part.isprintable()
    long_a, long_b = "部" * 60 + first, "部" * 60 + second
    if long_a != long_b:
        assert segment(long_a, "x") != segment(long_b, "x")


def test_today_outside_the_years_is_a_usage_error(make_kb: Any) -> None:
    from click.testing import CliRunner

    from collabkb.cli import main

    result = CliRunner().invoke(main, ["check", str(make_kb()), "--today", "9999-12-31"])
    assert result.exit_code == 2 and "outside the years 1970 to 2200" in result.output
