"""Output that must not explode: a 200 KB tasks file of interlocking dependency cycles.

Every knot of cycles is reported once (however many cycles interlock in it), at most
``max_per_file`` findings of a rule in a file are listed with one "and N more" after
them, and the work grows linearly with the file: measured by counting the function
calls of the reference check at two sizes, not by a clock.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Callable

import yaml
from click.testing import CliRunner

from collabkb.check import pipeline, references
from collabkb.check.config import load_config
from collabkb.cli import main
from collabkb.site.pages import build_site

TODAY = dt.date(2026, 11, 18)


def tasks_file(count: int, depends: Callable[[int], list[int]]) -> bytes:
    tasks = [{"id": f"T{i}", "title": f"任务 {i}", "department": "市场部", "owner": "李娜", "start": "2026-12-01",
              "due": "2026-12-01", "status": "not_started", "depends_on": [f"T{j}" for j in depends(i)]}
             for i in range(count)]
    return yaml.safe_dump({"tasks": tasks}, allow_unicode=True, sort_keys=False).encode()


def one_knot(count: int) -> bytes:
    """Every task depends on three others further round the ring: one knot, countless cycles."""
    return tasks_file(count, lambda i: [(i + 1) % count, (i + 7) % count, (i + 31) % count])


def triangles(count: int) -> bytes:
    """``count`` separate three-task cycles."""
    return tasks_file(3 * count, lambda i: [i - i % 3 + (i + 1) % 3])


def check_json(root: Path) -> tuple[bytes, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", "--today", TODAY.isoformat()])
    assert result.exit_code == 1, result.output
    return result.stdout_bytes, json.loads(result.stdout)


def test_a_200_kb_knot_of_cycles_is_one_finding_and_the_site_stays_small(make_kb: Any) -> None:
    content = one_knot(1200)
    assert len(content) >= 200_000
    root = make_kb({"projects/demo/tasks.yaml": content})

    output, report = check_json(root)
    (cycle,) = [f for f in report["findings"] if f["rule"] == "reference"]
    assert "tying 1200 tasks together" in cycle["message"] and cycle["item"] == "T0"
    assert cycle["message"].startswith("dependency cycle T0 → ")
    assert len(output) < 40_000  # the rest: one lagging/overdue finding per task, capped

    config = load_config(root)
    site = build_site(pipeline.check(config, TODAY), config)
    assert sum(len(page.markdown) for page in site.pages) < 30 * len(content)


def test_findings_per_rule_and_file_are_capped_with_an_exact_count(make_kb: Any) -> None:
    root = make_kb({"projects/demo/tasks.yaml": triangles(400),
                    "mkdocs.yml": "site_name: t\nplugins:\n  - collabkb:\n      language: en\n      rules:\n"
                                  "        reference: {max_per_file: 20}\n"})
    output, report = check_json(root)
    cycles = [f for f in report["findings"] if f["rule"] == "reference"]
    assert len(cycles) == 21
    more = [f for f in cycles if f["message"].startswith("and ")]
    assert [f["message"].split(" (")[0] for f in more] == ["and 380 more reference findings in this file, not listed"]
    assert more[0]["severity"] == "error" and more[0]["line"] > 1
    assert report["summary"]["errors"] == 400  # the total counts every finding, listed or not


def test_no_limit_when_max_per_file_is_zero(make_kb: Any) -> None:
    root = make_kb({"projects/demo/tasks.yaml": triangles(60),
                    "mkdocs.yml": "site_name: t\nplugins:\n  - collabkb:\n      rules:\n        reference: {max_per_file: 0}\n"})
    _, report = check_json(root)
    assert sum(f["rule"] == "reference" for f in report["findings"]) == report["summary"]["errors"] == 60


def calls_to_check_references(content: bytes, make_kb: Any) -> int:
    kb = pipeline.load_knowledge_base(load_config(make_kb({"projects/demo/tasks.yaml": content}))).kb
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        findings = list(references.check(kb, load_config(make_kb()).messages))
    finally:
        sys.setprofile(None)
    assert findings
    return count


def test_the_reference_check_is_linear_in_the_file(make_kb: Any) -> None:
    small, large = calls_to_check_references(one_knot(600), make_kb), calls_to_check_references(one_knot(1200), make_kb)
    assert large < 2.2 * small, (small, large)
