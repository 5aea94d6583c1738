"""Nothing private is published by default: every file of a real build is searched.

Contact details (phone, email, im) and confidential projects stay out of the pages,
the search index, the JSON API and the calendars unless ``site: {contacts: show,
confidential: include}`` asks for an internal build; ``check`` still checks them.
The same knowledge base built with that setting is the control: each secret is
found there, so its absence from the default build is not an accident of the search.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from site_build import ROOT, SITE_MKDOCS_YML, TODAY, mkdocs_build

PUBLIC_PROJECT = """\
name: Public launch 公开项目
status: active
initiator: {department: 市场部, person: 王芳}
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
goal: {statement: 公开目标}
team:
  - department: 市场部
    role: lead
    contact: 王芳
    members: [李娜]
    phone: "13511112222"
    email: wangfang-public@example.com
    im: dingtalk-wangfang-public
"""

SECRET_NAME = "Huaxin KA-Secret 华信大客户"
SECRET_PROJECT = f"""\
name: {SECRET_NAME}
status: active
confidential: true
initiator: {{department: KeyAccountDeptX, person: ZedSecretPerson}}
coordinator: ZedSecretPerson
start: 2026-09-01
due: 2026-12-31
goal: {{statement: HuaxinGoalSentence 续约}}
team:
  - department: KeyAccountDeptX
    role: lead
    contact: ZedSecretPerson
    phone: "13699998888"
    email: zed-secret@example.com
"""

SECRET_TASKS = """\
tasks:
  - id: T1
    title: HuaxinTaskTitle 报价
    department: KeyAccountDeptX
    owner: ZedSecretPerson
    start: 2026-10-01
    due: 2026-11-10
    status: in_progress
    progress: 10
"""


def _resources(project: str) -> str:
    """The same designer wanted by both projects in the same weeks: a ``resource-conflict``
    finding on the public project whose message names the confidential one."""
    return textwrap.dedent(f"""\
        resources:
          - id: R1
            department: {'KeyAccountDeptX' if project == 'secret' else '市场部'}
            type: people
            item: 设计师小周
            purpose: 物料
            status: approved
            period: {{start: 2026-11-01, end: 2026-11-30}}
        """)


SECRETS = ("13699998888", "zed-secret@example.com", SECRET_NAME, "ZedSecretPerson", "KeyAccountDeptX",
           "HuaxinGoalSentence", "HuaxinTaskTitle", "huaxin-ka")
CONTACTS = ("13511112222", "wangfang-public@example.com", "dingtalk-wangfang-public")


def _write_kb(root: Path, site: str = "") -> Path:
    mkdocs_yml = SITE_MKDOCS_YML + (f"      site: {site}\n" if site else "")
    files = {
        "mkdocs.yml": mkdocs_yml,
        "docs/index.md": "# 首页\n",
        "projects/launch/project.yaml": PUBLIC_PROJECT,
        "projects/launch/coordination.yaml": _resources("public"),
        "projects/huaxin-ka/project.yaml": SECRET_PROJECT,
        "projects/huaxin-ka/tasks.yaml": SECRET_TASKS,
        "projects/huaxin-ka/coordination.yaml": _resources("secret"),
    }
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, "utf-8")
    return root


def _found(site: Path, needle: str) -> list[str]:
    """Every output file holding ``needle`` as written, JSON-escaped (the search index
    escapes non-ASCII and breaks Chinese words with U+200B) or percent-encoded (URLs)."""
    forms = {needle.encode(), json.dumps(needle)[1:-1].encode(), needle.encode().hex("%").upper().encode()}
    hits = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes().replace(b"\\u200b", b"").replace("\u200b".encode(), b"")  # jieba's word breaks
        if any(form and form in data for form in forms) or (needle.isascii() and needle.lower().encode() in data.lower()):
            hits.append(path.relative_to(site).as_posix())
    return hits


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same knowledge base built by default and as an internal build."""
    out = {}
    for kind, site in (("default", ""), ("internal", "{contacts: show, confidential: include}")):
        root = _write_kb(tmp_path_factory.mktemp(f"kb-{kind}"), site)
        target = tmp_path_factory.mktemp(f"site-{kind}")
        run = mkdocs_build(root, target)
        assert run.returncode == 0, run.stderr
        out[kind] = target
        out[f"{kind}-root"] = root
    return out


def test_the_internal_build_publishes_what_the_default_leaves_out(builds: dict[str, Path]) -> None:
    internal = builds["internal"]
    for needle in (*SECRETS, *CONTACTS):
        assert _found(internal, needle), f"control: {needle!r} should be in the internal build"
    assert any(f.endswith(".ics") for f in _found(internal, "HuaxinTaskTitle"))
    assert "search/search_index.json" in _found(internal, SECRET_NAME)
    assert "api/projects.json" in _found(internal, SECRET_NAME)


@pytest.mark.parametrize("needle", SECRETS + CONTACTS)
def test_no_output_file_of_the_default_build_holds_a_secret(builds: dict[str, Path], needle: str) -> None:
    assert _found(builds["default"], needle) == []


def test_the_public_project_is_still_published_with_its_people(builds: dict[str, Path]) -> None:
    site = builds["default"]
    assert "api/projects.json" in _found(site, "Public launch")
    assert (site / "projects" / "launch" / "index.html").is_file()
    assert not (site / "projects" / "huaxin-ka").exists()
    assert (site / "people" / "wang-fang" / "index.html").is_file() and (site / "calendar" / "wang-fang.ics").is_file()
    api = json.loads((site / "api" / "projects.json").read_text("utf-8"))
    assert [p["slug"] for p in api["projects"]] == ["launch"]


def test_contacts_of_the_example_are_not_published(example_site: Path) -> None:
    """Every phone number, e-mail address and IM handle written in the example's YAML, searched in every output file."""
    contacts = set()
    for path in (ROOT / "projects").glob("*/project.yaml"):
        for entry in yaml.safe_load(path.read_text("utf-8")).get("team") or ():
            contacts.update(str(entry[key]) for key in ("phone", "email", "im") if entry.get(key))
    assert len(contacts) >= 10  # the example does write contacts: the search is not vacuous
    leaked = {c: hits for c in sorted(contacts) if (hits := _found(example_site, c))}
    assert leaked == {}


def test_check_still_checks_the_confidential_project(builds: dict[str, Path]) -> None:
    run = subprocess.run([sys.executable, "-m", "collabkb", "check", str(builds["default-root"]), "--today", TODAY,
                          "--format", "json"], capture_output=True, text=True, check=False, timeout=120)
    report = json.loads(run.stdout)
    assert {f["project"] for f in report["findings"]} >= {"huaxin-ka"}
    assert report["summary"]["projects"] == 2


@pytest.mark.parametrize("fmt", ["json", "ics"])
def test_export_publishes_what_the_site_does(builds: dict[str, Path], fmt: str) -> None:
    root = builds["default-root"]
    run = subprocess.run([sys.executable, "-m", "collabkb", "export", str(root), "--format", fmt, "--today", TODAY],
                         capture_output=True, check=False, timeout=120)
    assert run.returncode == 0, run.stderr
    output = run.stdout.replace(b"\r\n ", b"")  # iCalendar folds long lines
    for needle in (*SECRETS, *CONTACTS):
        assert needle.encode() not in output
    if fmt == "json":
        assert [p["slug"] for p in json.loads(output)["projects"]] == ["launch"]
    else:
        assert b"UID:project-launch@collabkb" in output
