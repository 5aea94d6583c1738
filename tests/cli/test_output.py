"""What the CLI writes, and where: ``export -o`` through the one output helper, and a
standard output or job summary that cannot be written.

- a FIFO, a device node and ``/dev/stdout`` are written as streams, never replaced;
- a file of the knowledge base (mkdocs.yml, projects/, schemas/, docs/), directly or
  through a symbolic link, is refused unless ``--force``;
- a symbolic link to an ordinary file stays a link, its target gets the bytes;
- a closed pipe, a full disk, no stdout at all, a folder as ``GITHUB_STEP_SUMMARY``:
  one line on stderr, no traceback.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collabkb.output import OutputError, knowledge_base_paths, write_output

TODAY = "2026-10-10"


def collabkb(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run([sys.executable, "-m", "collabkb", *args], capture_output=kwargs.pop("capture", True),
                          check=False, env={**os.environ, "COLLABKB_TODAY": TODAY}, **kwargs)  # type: ignore[call-overload]
    assert b"Traceback" not in (done.stderr or b""), done.stderr.decode()
    return done


@pytest.fixture
def kb(make_kb) -> Path:  # type: ignore[no-untyped-def]
    root: Path = make_kb()
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# hi\n", "utf-8")
    return root


def exported(root: Path) -> bytes:
    return collabkb("export", str(root), "--format", "json").stdout


def test_a_fifo_is_written_to_not_replaced(kb: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = collabkb("export", str(kb), "--format", "json", "-o", str(fifo), timeout=60)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received == [exported(kb)]


def test_a_device_node_is_written_to_not_replaced(kb: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("creating a device node needs root")
    done = collabkb("export", str(kb), "--format", "ics", "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_dev_stdout_is_the_stream_it_names(kb: Path) -> None:
    done = collabkb("export", str(kb), "--format", "json", "-o", "/dev/stdout")
    assert done.returncode == 0
    assert done.stdout == exported(kb)


@pytest.mark.parametrize("target", ["mkdocs.yml", "projects/demo/tasks.yaml", "projects/new.json", "schemas/x.json",
                                    "docs/index.md", "link-to-config"])
def test_a_knowledge_base_file_is_refused_without_force(kb: Path, target: str) -> None:
    (kb / "link-to-config").symlink_to("mkdocs.yml")
    (kb / "schemas").mkdir()
    path = kb / target
    before = path.read_bytes() if path.exists() else None
    expected = exported(kb)

    refused = collabkb("export", str(kb), "--format", "json", "-o", str(path))
    assert refused.returncode == 2
    assert "is part of the knowledge base" in refused.stderr.decode() and "--force" in refused.stderr.decode()
    assert (path.read_bytes() if path.exists() else None) == before

    forced = collabkb("export", str(kb), "--format", "json", "-o", str(path), "--force")
    assert forced.returncode == 0, forced.stderr
    assert path.read_bytes() == expected


def test_a_link_to_an_ordinary_file_stays_a_link(kb: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", "utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    done = collabkb("export", str(kb), "--format", "json", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and real.read_bytes() == exported(kb)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".json")) == ["latest.json", "real.json"]


def test_a_folder_is_a_one_line_usage_error(kb: Path, tmp_path: Path) -> None:
    done = collabkb("export", str(kb), "--format", "json", "-o", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.decode().strip() == f"collabkb: {tmp_path} is a folder: name a file to write"


NAMES = st.text(alphabet="abc-_.任务", min_size=1, max_size=8).filter(lambda n: n not in (".", ".."))


@given(st.sampled_from(["", "mkdocs.yml", "projects", "schemas", "docs", "site", "out"]), st.lists(NAMES, max_size=3))
def test_refused_exactly_inside_the_knowledge_base(tmp_path_factory: pytest.TempPathFactory, top: str,
                                                   names: list[str]) -> None:
    root = tmp_path_factory.mktemp("kb")
    parts = [p for p in (top, *names) if p]
    if not parts or (top == "mkdocs.yml" and names):
        return  # the root itself, or a path below a file: not a file anyone could name
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    protected = knowledge_base_paths(root, "projects")
    guarded = top in ("mkdocs.yml", "projects", "schemas", "docs")
    try:
        write_output(path, b"x", protected=protected)
    except OutputError as error:
        assert guarded and error.message_key == "output.knowledge_base"
        assert not path.exists()
    else:
        assert not guarded and path.read_bytes() == b"x"


def test_a_closed_pipe_is_one_line_not_a_traceback(kb: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = collabkb("check", str(kb), stdout=write_end, capture=False, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert done.returncode == 2
    assert done.stderr.decode() == "collabkb: cannot write to standard output: Broken pipe\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", [["check"], ["export", "--format", "json"], ["check", "--format", "json"]])
def test_a_full_disk_is_one_line_not_a_traceback(kb: Path, command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = collabkb(command[0], str(kb), *command[1:], stdout=full, capture=False, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.decode() == "collabkb: cannot write to standard output: No space left on device\n"


def test_no_stdout_at_all_is_one_line(kb: Path) -> None:
    """Started with standard output closed (``collabkb check >&-``): Python has no sys.stdout."""
    done = subprocess.run([sys.executable, "-m", "collabkb", "check", str(kb)], stderr=subprocess.PIPE, check=False,
                          env={**os.environ, "COLLABKB_TODAY": TODAY}, preexec_fn=lambda: os.close(1))
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr, done.stderr.decode()
    assert done.returncode == 2


def test_a_folder_as_the_job_summary_is_said_and_the_annotations_still_count(kb: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "collabkb", "check", str(kb), "--format", "github"], capture_output=True,
                          check=False, env={**os.environ, "COLLABKB_TODAY": TODAY, "GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0  # the knowledge base has no error; the summary's problem is said, not failed on
    assert done.stderr.decode() == (f"collabkb: the job summary was not written ({tmp_path} is a folder: name a file "
                                    "to write); the findings above are complete\n")
    assert done.stdout.decode().endswith("(today 2026-10-10)\n")
