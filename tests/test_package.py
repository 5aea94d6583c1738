"""The release: a wheel and an sdist that ``twine check`` passes, carrying every data file, and working on their own.

The build runs without network (``python -m build --no-isolation`` with the test venv's
setuptools) on a copy of the sources. The wheel is then installed with ``--no-deps`` into
a new, empty venv whose dependencies come from this test venv's site-packages through a
``.pth`` file: the wheel's own files, entry points and data are what runs, while the
dependencies are the tested set, so the test is deterministic and needs no package index.
(``.pth`` files of a directory added that way are not processed, so the editable install
of the sources in the test venv stays invisible: the test checks it imports the wheel.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import collabkb

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator" / "collabkb"
TODAY = "2026-11-18"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(ROOT / "generator", source / "generator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                         capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "deprecated" not in run.stdout + run.stderr
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def test_both_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert [f.name for f in files] == [f"collabkb-{collabkb.__version__}-py3-none-any.whl",
                                       f"collabkb-{collabkb.__version__}.tar.gz"]
    run = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
                         capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("PASSED") == 2


def _data_files() -> set[str]:
    """Every file of the package that is not Python source: templates, schemas, messages, scaffold, assets."""
    found = set()
    for folder, dirs, files in os.walk(PACKAGE, followlinks=True):  # schemas/ is a link to the repository's schemas/
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found |= {(Path(folder) / name).relative_to(PACKAGE.parent).as_posix() for name in files if not name.endswith(".py")}
    return found


def test_wheel_and_sdist_carry_every_data_file(dist: Path) -> None:
    wanted = _data_files()
    assert {"collabkb/messages/zh.yaml", "collabkb/site/templates/_macros.html", "collabkb/schemas/tasks.schema.json",
            "collabkb/scaffold/repo/gitlab/gitlab-ci.yml", "collabkb/site/overrides/partials/source.html"} <= wanted
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        assert wanted <= set(wheel.namelist())
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {f"generator/{name}" for name in wanted} <= names


def test_the_version_comes_from_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert metadata.version("collabkb") == collabkb.__version__


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with nothing but the wheel (dependencies: the test venv's, through a .pth file)."""
    home = tmp_path_factory.mktemp("venv") / "venv"
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                          "--no-index", "--disable-pip-version-check", "-q", str(_wheel(dist))],
                         capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "collabkb-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    return home


def _run(home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PATH=f"{home / 'bin'}{os.pathsep}/usr/bin:/bin", COLLABKB_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


def test_the_wheel_alone_inits_checks_and_builds_a_site(installed: Path, tmp_path: Path) -> None:
    python = str(installed / "bin" / "python")
    where = _run(installed, python, "-c", "import collabkb; print(collabkb.__file__)", cwd=tmp_path)
    assert where.stdout.strip().startswith(str(installed)), where.stdout + where.stderr  # the wheel, not the sources

    init = _run(installed, str(installed / "bin" / "collabkb"), "init", "kb", "--today", TODAY, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    pinned = [line for line in (tmp_path / "kb" / "requirements.txt").read_text("utf-8").splitlines()
              if line and not line.startswith("#")]
    assert pinned == [f"collabkb=={collabkb.__version__}"]

    check = _run(installed, str(installed / "bin" / "collabkb"), "check", cwd=tmp_path / "kb")
    assert check.returncode == 0, check.stdout + check.stderr

    build = _run(installed, python, "-m", "mkdocs", "build", "--strict", "-d", "site", cwd=tmp_path / "kb")
    assert build.returncode == 0, build.stderr[-3000:]
    home = (tmp_path / "kb" / "site" / "index.html").read_text("utf-8")
    assert "ckb-portfolio" in home  # the plugin ran: the generated dashboard
    assert (tmp_path / "kb" / "site" / "assets" / "collabkb.css").is_file()
