"""The benchmark's knowledge bases: deterministic, schema-valid, and giving every rule work."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from collabkb.cli import main

TODAY = "2026-11-18"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_and_projects_independent_of_count(generate: ModuleType, tmp_path: Path) -> None:
    a = _files(generate.generate(tmp_path / "a", projects=4, tasks=6, seed=3))
    b = _files(generate.generate(tmp_path / "b", projects=4, tasks=6, seed=3))
    assert a == b
    c = _files(generate.generate(tmp_path / "c", projects=2, tasks=6, seed=3))
    # A project's files depend on its index only, so smaller sizes are prefixes of larger ones.
    assert {k: v for k, v in a.items() if k in c} == c
    other = _files(generate.generate(tmp_path / "d", projects=4, tasks=6, seed=4))
    assert other != a


def test_generated_kb_validates_and_every_rule_fires(generate: ModuleType, tmp_path: Path) -> None:
    root = generate.generate(tmp_path / "kb", projects=45, tasks=12, seed=7)
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", str(root), "--format", "json", "--today", TODAY])
    assert validated.exit_code == 0, validated.output
    report = json.loads(validated.output)
    assert report["findings"] == []
    assert report["summary"]["projects"] == 45 and report["summary"]["tasks"] == 45 * 12

    checked = runner.invoke(main, ["check", str(root), "--format", "json", "--today", TODAY])
    rules = {f["rule"] for f in json.loads(checked.output)["findings"]}
    wanted = {"overdue", "lagging", "stale", "ownerless", "multiple-owners", "unknown-owner", "risk-response",
              "issue-response", "rectification", "action-overdue", "resource-conflict"}
    assert wanted <= rules, wanted - rules
    assert not rules & {"yaml", "schema", "reference"}


def test_heavy_kb_validates_and_gives_half_the_tasks_a_finding(generate: ModuleType, tmp_path: Path) -> None:
    heavy = generate.generate(tmp_path / "heavy", projects=8, tasks=20, seed=7, heavy=True)
    assert _files(heavy) == _files(generate.generate(tmp_path / "again", projects=8, tasks=20, seed=7, heavy=True))
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", str(heavy), "--format", "json", "--today", TODAY])
    assert validated.exit_code == 0 and json.loads(validated.output)["findings"] == [], validated.output
    findings = json.loads(runner.invoke(main, ["check", str(heavy), "--format", "json", "--today", TODAY]).output)["findings"]
    tasks_with_findings = {(f["project"], f["item"]) for f in findings if f["file"].endswith("/tasks.yaml")}
    assert len(tasks_with_findings) >= 0.45 * 8 * 20
    assert len(findings) >= 0.8 * 8 * 20
    light = generate.generate(tmp_path / "light", projects=8, tasks=20, seed=7)
    light_findings = json.loads(runner.invoke(main, ["check", str(light), "--format", "json", "--today", TODAY]).output)["findings"]
    assert len(findings) > 2 * len(light_findings)
