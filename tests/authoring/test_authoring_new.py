"""``collabkb new``: a scaffold that validates at once, never overwrites, and says what goes where."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from collabkb.site import docs_gen
from collabkb import scaffold
from collabkb.check.layout import SLUG_PATTERN

from authoring_kit import TODAY, Run, findings

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
FILES = ["project.yaml", "tasks.yaml", "risks.yaml", "coordination.yaml", "acceptance.yaml"]


def with_schemas(root: Path) -> Path:
    shutil.copytree(SCHEMAS, root / "schemas")
    return root


@pytest.mark.parametrize("language", ["zh", "en"])
def test_new_project_validates_at_once(run: Run, empty_kb, language: str) -> None:
    root = empty_kb(language)
    result = run("new", "q1-launch", "--name", "Q1 新品上市", "--today", TODAY, str(root))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "projects" / "q1-launch").iterdir()) == sorted([*FILES, "docs"])
    for name in FILES:
        assert f"projects/q1-launch/{name}" in result.stdout
    kickoff = "项目启动会纪要" if language == "zh" else "Kickoff-minutes"
    assert [p.name for p in (root / "projects/q1-launch/docs").iterdir()] == [f"{TODAY}-{kickoff}.md"]
    assert findings(run, "validate", root) == []


@pytest.mark.parametrize("language, placeholder", [("zh", "待定"), ("en", "TBD")])
def test_check_flags_only_the_owners_a_person_must_fill_in(run: Run, empty_kb, language: str, placeholder: str) -> None:
    root = empty_kb(language)
    run("new", "q1-launch", "--today", TODAY, str(root))
    tasks = yaml.safe_load((root / "projects/q1-launch/tasks.yaml").read_text("utf-8"))["tasks"]
    assert [t["owner"] for t in tasks] == [placeholder, placeholder]
    found = findings(run, "check", root)
    assert sorted((f["rule"], f["item"]) for f in found) == [("ownerless", "T1"), ("ownerless", "T2")]
    assert all(f["file"] == "projects/q1-launch/tasks.yaml" for f in found)


def test_templates_follow_the_chosen_language(run: Run, empty_kb) -> None:
    root = empty_kb("zh")
    run("new", "english", "--lang", "en", "--today", TODAY, str(root))
    run("new", "chinese", "--today", TODAY, str(root))
    english = (root / "projects/english/project.yaml").read_text("utf-8")
    chinese = (root / "projects/chinese/project.yaml").read_text("utf-8")
    assert "the project's name" in english and "项目名称" not in english
    assert "项目名称" in chinese and "the project's name" not in chinese


def _keys_written(text: str) -> set[str]:
    """Every key in a template, active or commented out (``# key:`` counts)."""
    keys = set()
    for line in text.splitlines():
        match = re.match(r"^\s*(?:#\s*)?(?:-\s+)?([a-z_]+):(?:\s|$)", line)
        if match:
            keys.add(match.group(1))
        keys.update(re.findall(r"[{,]\s*([a-z_]+):", line))  # flow mappings: {start: …, end: …}
    return keys


def _schema_keys(schema: dict) -> set[str]:
    """The key names of every field the schema defines, at any depth ($refs resolved)."""
    return {field.path.rsplit(".", 1)[-1] for field in docs_gen.fields_of(schema)}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("name", [*FILES, "retro.yaml"])
def test_every_schema_field_is_in_the_template(language: str, name: str) -> None:
    kind = name.removesuffix(".yaml")
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
    template = (Path(scaffold.__file__).parent / "project" / language / name).read_text("utf-8")
    missing = _schema_keys(schema) - _keys_written(template)
    assert not missing, f"{language}/{name} lacks {sorted(missing)}"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("name", [*FILES, "retro.yaml"])
def test_every_field_has_a_comment_saying_what_goes_there(language: str, name: str) -> None:
    template = (Path(scaffold.__file__).parent / "project" / language / name).read_text("utf-8")
    explained = set()
    for line in template.splitlines():
        code, _, comment = line.rpartition("  # ")
        if comment.strip():
            explained |= _keys_written(code)
    assert _keys_written(template) - explained == set()


def test_schema_line_resolves_from_each_file(run: Run, empty_kb) -> None:
    root = with_schemas(empty_kb("zh"))
    run("new", "q1-launch", "--today", TODAY, str(root))
    run("new", "q1-launch", "--retro", "--today", TODAY, str(root))
    folder = root / "projects/q1-launch"
    for file in sorted(folder.rglob("*.*")):
        lines = file.read_text("utf-8").splitlines()
        first = lines[1] if file.suffix == ".md" else lines[0]  # a document's schema line is in its front matter
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{file.name}: {first}"
        target = (file.parent / match.group(1)).resolve()
        kind = "document" if file.suffix == ".md" else file.stem
        assert target == (root / "schemas" / f"{kind}.schema.json").resolve()
        assert target.is_file()


def test_schema_line_follows_a_configured_projects_dir(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "data" / "projects").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - collabkb:\n      projects_dir: data/projects\n", "utf-8")
    with_schemas(root)
    assert run("new", "demo", "--today", TODAY, str(root)).exit_code == 0
    first = (root / "data/projects/demo/tasks.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/tasks.schema.json"
    assert findings(run, "validate", root) == []


def test_missing_schemas_folder_is_pointed_out(run: Run, empty_kb) -> None:
    result = run("new", "q1-launch", "--lang", "en", "--today", TODAY, str(empty_kb("en")))
    assert result.exit_code == 0
    assert "no schemas/ folder" in result.stderr


def test_existing_folder_is_never_overwritten(run: Run, empty_kb) -> None:
    root = empty_kb("en")
    folder = root / "projects/q1-launch"
    folder.mkdir()
    (folder / "project.yaml").write_text("name: mine\n", "utf-8")
    result = run("new", "q1-launch", str(root))
    assert result.exit_code == 1
    assert "projects/q1-launch" in result.stderr and "not overwritten" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["project.yaml"]
    assert (folder / "project.yaml").read_text("utf-8") == "name: mine\n"


@pytest.mark.parametrize("slug", ["Q1-Launch", "-q1", "q1_launch", "q1 launch", "项目", "a" * 64, "../escape"])
def test_bad_slug_is_a_usage_error_naming_the_pattern(run: Run, empty_kb, slug: str) -> None:
    root = empty_kb("en")
    result = run("new", "--", slug, str(root))  # "--": a slug may start with "-"
    assert result.exit_code == 2
    assert SLUG_PATTERN.pattern in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list((root / "projects").iterdir()) == []


@pytest.mark.parametrize("linked", ["projects", "projects/q1-launch"])
def test_a_link_leaving_the_knowledge_base_is_refused_as_check_refuses_it(run: Run, empty_kb, tmp_path: Path,
                                                                          linked: str) -> None:
    """Neither the projects folder nor the project folder may lead outside: nothing is read
    (the department list there) or written, exactly as ``check`` refuses to read it."""
    root = empty_kb("en")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "_departments.yaml").write_text("departments:\n  - name: 外部门\n", "utf-8")
    if linked == "projects":
        (root / "projects").rmdir()
    (root / linked).symlink_to(outside, target_is_directory=True)

    result = run("new", "q1-launch", "--today", TODAY, str(root))

    assert result.exit_code == 2
    assert "projects/q1-launch leads outside the knowledge base" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["_departments.yaml"]
    check = findings(run, "validate", root)
    assert any(f["file"] == linked and "outside the knowledge base" in f["message"] for f in check)


def test_failure_half_way_leaves_nothing(run: Run, empty_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    root = empty_kb("zh")
    real = scaffold.render_project_file

    def failing(file_name: str, *args: object, **kwargs: object) -> str:
        if file_name == "risks.yaml":
            raise OSError(28, "No space left on device")
        return real(file_name, *args, **kwargs)

    monkeypatch.setattr(scaffold, "render_project_file", failing)
    result = run("new", "q1-launch", str(root))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert list((root / "projects").iterdir()) == []  # no project, no hidden staging folder


def test_name_with_yaml_syntax_stays_one_string(run: Run, empty_kb) -> None:
    root = empty_kb("zh")
    name = "Q3: launch #2 — 'yes'"
    assert run("new", "q3", "--name", name, "--today", TODAY, str(root)).exit_code == 0
    data = yaml.safe_load((root / "projects/q3/project.yaml").read_text("utf-8"))
    assert data["name"] == name
    assert findings(run, "validate", root) == []


def test_department_comes_from_the_organisation_list(run: Run, empty_kb) -> None:
    root = empty_kb("zh")
    (root / "projects/_departments.yaml").write_text("departments:\n  - name: 市场部\n  - name: 研发部\n", "utf-8")
    run("new", "q1-launch", "--today", TODAY, str(root))
    data = yaml.safe_load((root / "projects/q1-launch/project.yaml").read_text("utf-8"))
    assert data["team"][0]["department"] == data["initiator"]["department"] == "市场部"
    assert findings(run, "validate", root) == []


def test_dates_plan_forward_from_today(run: Run, empty_kb) -> None:
    root = empty_kb("en")
    run("new", "q1", "--today", TODAY, str(root))
    project = yaml.safe_load((root / "projects/q1/project.yaml").read_text("utf-8"))
    tasks = yaml.safe_load((root / "projects/q1/tasks.yaml").read_text("utf-8"))["tasks"]
    assert str(project["start"]) == TODAY
    assert project["start"] <= tasks[0]["start"] < tasks[0]["due"] < tasks[1]["start"] < tasks[1]["due"] <= project["due"]


def test_retro_is_added_to_an_existing_project_only(run: Run, empty_kb) -> None:
    root = empty_kb("zh")
    assert run("new", "q1", "--retro", str(root)).exit_code == 2  # no such project yet
    run("new", "q1", "--today", TODAY, str(root))
    result = run("new", "q1", "--retro", "--today", "2027-01-20", str(root))
    assert result.exit_code == 0, result.output
    retro = yaml.safe_load((root / "projects/q1/retro.yaml").read_text("utf-8"))["retro"]
    assert str(retro["date"]) == "2027-01-20"
    assert retro["facilitator"] == "张三"  # the project's coordinator
    assert findings(run, "validate", root) == []
    again = run("new", "q1", "--retro", str(root))
    assert again.exit_code == 1 and "projects/q1/retro.yaml" in again.stderr


def test_bad_today_and_missing_config_are_one_line_usage_errors(run: Run, empty_kb, tmp_path: Path) -> None:
    bad_day = run("new", "q1", "--today", "2026-13-01", str(empty_kb("en")))
    assert bad_day.exit_code == 2 and "--today" in bad_day.stderr
    no_config = run("new", "q1", str(tmp_path / "nowhere"))
    assert no_config.exit_code == 2 and "mkdocs.yml" in no_config.stderr
    assert len(no_config.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["two\nlines", "tab\there", "  spaced  ", "'quoted' \"both\"", "null", "2026-11-18", "- dash", "{a: 1}"])
def test_any_name_is_written_as_that_exact_string(run: Run, empty_kb, name: str) -> None:
    root = empty_kb("en")
    # YAML's own syntax in a department name (a name is one line: a line break is a schema finding)
    (root / "projects/_departments.yaml").write_text('departments:\n  - name: "Ops: #1 \'team\'"\n', "utf-8")
    assert run("new", "odd", "--name", name, "--today", TODAY, str(root)).exit_code == 0
    project = yaml.safe_load((root / "projects/odd/project.yaml").read_text("utf-8"))
    assert project["name"] == name
    assert project["team"][0]["department"] == "Ops: #1 'team'"
    assert [f["rule"] for f in findings(run, "validate", root)] == []


@settings(derandomize=True, max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_yaml_scalar_keeps_any_text_exact_on_one_line(text: str) -> None:
    written = scaffold.yaml_scalar(text)
    assert not any(ch in written for ch in "\n\r\x85\u2028\u2029")
    assert yaml.load(f"name: {written}   # a comment\n", Loader=yaml.CSafeLoader)["name"] == text
