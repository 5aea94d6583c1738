"""``--format json`` is encoded in C, yet byte for byte what ``json.dumps(..., indent=2)`` prints."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from collabkb.report.json_report import dumps

KEYS = ("rule", "severity", "project", "file", "line", "column", "item", "message")
HEAD = {"today": "2026-11-18", "summary": {"projects": 2, "tasks": 9, "errors": 1, "warnings": 3}}

# Text that looks like the structure the reflow relies on: quotes, separators, braces, line breaks.
TRICKY = st.sampled_from(['", "', '",\n"', "},\n{", "}, {", "\\", '\\"', "a, ", '"}', "\n", "\u2028", "\x00", "{", "[]", ""])
TEXT = st.text(max_size=20) | TRICKY | st.lists(TRICKY, min_size=2, max_size=4).map("".join)
FINDING = st.fixed_dictionaries({key: st.integers(0, 10**6) if key in ("line", "column") else st.none() | TEXT
                                 for key in KEYS})


def expected(findings: list[dict[str, object]]) -> str:
    return json.dumps({**HEAD, "findings": findings}, ensure_ascii=False, indent=2)


@settings(max_examples=400, deadline=None)
@given(st.lists(FINDING, max_size=5))
def test_same_bytes_as_the_indenting_encoder(findings: list[dict[str, object]]) -> None:
    assert dumps(HEAD, findings) == expected(findings)


def test_no_findings_and_one_finding() -> None:
    assert dumps(HEAD, []) == expected([])
    one = [dict(zip(KEYS, ("overdue", "warning", "p", "projects/p/tasks.yaml", 3, 5, "T1", '逾期 "3" 天,\n{}')))]
    assert dumps(HEAD, one) == expected(one)
    assert json.loads(dumps(HEAD, one))["findings"] == one
