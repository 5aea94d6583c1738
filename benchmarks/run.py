"""The CollabKB benchmark: five figures, as ratios measured in one run.

    python benchmarks/run.py            # the full run (≈ 1 h on 2 idle cores)
    python benchmarks/run.py --quick    # small sizes, 1 run each: a smoke test (≈ 3 min)

1. ``collabkb check --format json`` vs the parse floor (a bare PyYAML ``CSafeLoader``
   load of the same files in one process) at 100 / 300 / 1,000 projects × 50 tasks, and
   on the findings-heavy knowledge base (``generate.py --heavy``) of the largest size;
2. ``collabkb check`` vs ``check-jsonschema`` on the same task files and schema;
3. ``mkdocs build`` of the knowledge base vs the theme's floor: a bare Material build of
   as many one-paragraph pages, in as many nav sections, with ``navigation.prune`` and
   ``search: lang: zh`` (100 projects);
4. ``mkdocs serve --dirty`` (``--serve-full``: without it): seconds from saving one tasks file
   to the rebuilt page (300 projects);
5. peak memory (``ru_maxrss`` of the child) of check and build.

Every command runs as a child process (interpreter start-up and imports included, as
a user sees them); the figure is the median of ``--runs`` runs, floor and tool
alternating so a busy machine slows both alike. Wall-clock and CPU seconds (user +
system of the child) are both printed: on a shared machine CPU time is the steadier.
check-jsonschema is a peer, not a dependency: it is installed into a private venv
under the work folder when it is not on PATH. Knowledge bases come from
``benchmarks/generate.py`` (seeded) and are reused between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (the sibling script)

TODAY = "2026-11-18"
ENV = {**os.environ, "COLLABKB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
BIN = Path(sys.executable).parent

# The floor: read and load every YAML file of the knowledge base, nothing else.
FLOOR = """\
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1], "projects").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Sample:
    """One child process: wall seconds, CPU seconds (user + sys), peak RSS in MiB."""

    wall: float
    cpu: float
    rss_mib: float


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)

    @property
    def peak_rss(self) -> float:
        return max(s.rss_mib for s in self.samples)


def run(cmd: list[str], *, cwd: Path | None = None, ok: tuple[int, ...] = (0, 1), out: Path | None = None) -> Sample:
    """Run ``cmd`` with stdout discarded (or written to ``out``); its wall time, CPU time and peak memory."""
    start = time.perf_counter()
    with out.open("wb") if out else open(os.devnull, "wb") as stdout:
        process = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=stdout, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd[:3])}… exited {process.returncode}: {stderr.decode(errors='replace')[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss is KiB on Linux


def tool(name: str) -> str:
    """An executable of this interpreter's environment (``collabkb``, ``mkdocs``)."""
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name) or name


def knowledge_base(work: Path, projects: int, tasks: int, heavy: bool = False) -> Path:
    """The generated knowledge base for this size (``heavy``: findings-heavy), reused when already there."""
    root = work / f"kb-{projects}x{tasks}{'-heavy' if heavy else ''}"
    stamp = root / ".generated"
    if not stamp.exists():
        print(f"  generating {projects} projects × {tasks} tasks{' (findings-heavy)' if heavy else ''} …", flush=True)
        generate.generate(root, projects, tasks, heavy=heavy)
        stamp.write_text("ok\n")
    return root


def yaml_stats(root: Path) -> tuple[int, float]:
    files = list((root / "projects").rglob("*.yaml"))
    return len(files), sum(f.stat().st_size for f in files) / 2**20


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


# ---- 1. check vs the parse floor -------------------------------------------------------

def check_vs_floor(work: Path, size: int, tasks: int, runs: int, heavy: bool = False) -> dict[str, Series]:
    """Floor and ``collabkb check --format json`` alternating on one knowledge base; prints one row."""
    root = knowledge_base(work, size, tasks, heavy)
    report = work / f"{root.name}.check.json"  # the last run's report, for its finding count
    floor, check = Series(), Series()
    for _ in range(runs):
        floor.samples.append(run([sys.executable, "-c", FLOOR, str(root)]))
        check.samples.append(run([tool("collabkb"), "check", str(root), "--format", "json", "--today", TODAY], out=report))
    findings = len(json.loads(report.read_text("utf-8"))["findings"])
    n_files, mib = yaml_stats(root)
    label = f"{size:5d} projects{' findings-heavy' if heavy else ''}"
    print(f"  {label} ({size * tasks} tasks, {n_files} files, {mib:.0f} MiB, {findings} findings): "
          f"floor {floor.median('wall'):.2f} s, check {check.median('wall'):.2f} s wall → {ratio(check.median('wall'), floor.median('wall'))}; "
          f"CPU {floor.median('cpu'):.2f} / {check.median('cpu'):.2f} s → {ratio(check.median('cpu'), floor.median('cpu'))}", flush=True)
    return {"floor": floor, "check": check}


def bench_check(work: Path, sizes: list[int], tasks: int, runs: int) -> dict[int, dict[str, Series]]:
    return {size: check_vs_floor(work, size, tasks, runs) for size in sizes}


# ---- 2. check vs check-jsonschema ------------------------------------------------------

def peer_executable(work: Path) -> str | None:
    found = shutil.which("check-jsonschema")
    if found:
        return found
    venv = work / "peer-venv"
    exe = venv / "bin" / "check-jsonschema"
    if not exe.exists():
        print("  installing check-jsonschema into a private venv (a peer, not a dependency) …", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                            "check-jsonschema"], check=True, capture_output=True)
        except subprocess.CalledProcessError as error:
            print(f"  could not install check-jsonschema: {error.stderr.decode(errors='replace')[-300:]}")
            return None
    return str(exe)


def bench_peer(work: Path, size: int, tasks: int, runs: int, check: Series) -> dict[str, object] | None:
    exe = peer_executable(work)
    if exe is None:
        return None
    root = knowledge_base(work, size, tasks)
    files = sorted(str(p) for p in (root / "projects").glob("*/tasks.yaml"))
    peer = Series()
    for _ in range(runs):
        peer.samples.append(run([exe, "--schemafile", str(REPO / "schemas" / "tasks.schema.json"), *files]))
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"  check-jsonschema ({version}) on {len(files)} task files: {peer.median('wall'):.2f} s wall, "
          f"{peer.median('cpu'):.2f} s CPU; collabkb check (all files, all rules): {check.median('wall'):.2f} s "
          f"→ collabkb is {ratio(peer.median('wall'), check.median('wall'))} as fast", flush=True)
    return {"series": peer, "files": len(files), "version": version}


# ---- 3 and 5. mkdocs build vs the theme's floor -----------------------------------------

THEME_FLOOR_MKDOCS = """\
site_name: theme floor
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.prune
plugins:
  - search:
      lang: zh
"""


def theme_floor_site(work: Path, pages: int, per_section: int) -> Path:
    """The theme's floor: a bare Material site of ``pages`` one-paragraph pages, ``per_section``
    to a nav section (as the knowledge base nests a project's pages), nav pruned, Chinese search."""
    root = work / f"theme-floor-{pages}x{per_section}"
    if (root / ".generated").exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(THEME_FLOOR_MKDOCS, "utf-8")
    (docs / "index.md").write_text("# 首页\n", "utf-8")
    for i in range(1, pages):
        section = docs / f"s{i // per_section:04d}"
        section.mkdir(exist_ok=True)
        (section / f"p{i:05d}.md").write_text(f"# 页面 {i}\n\n跨部门协作任务第 {i} 页：目标、分工与进度。\n", "utf-8")
    (root / ".generated").write_text("ok\n")
    return root


def bench_build(work: Path, size: int, tasks: int, runs: int, *, floor_too: bool = True) -> dict[str, object]:
    """Build the knowledge base (and, with ``floor_too``, the theme's floor of as many pages)."""
    root = knowledge_base(work, size, tasks)
    kb, floor = Series(), Series()
    site = work / f"site-kb-{size}"
    for _ in range(runs):
        kb.samples.append(run([tool("mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)], ok=(0,)))
    pages = sum(1 for _ in site.rglob("index.html")) + sum(1 for _ in site.glob("*.html") if _.name != "index.html")
    site_mib = sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 2**20
    index = site / "search" / "search_index.json"
    index_mib = index.stat().st_size / 2**20 if index.exists() else 0.0
    sample_page = next(iter(sorted((site / "projects").glob("*/tasks/index.html"))), None)
    page_kib = sample_page.stat().st_size / 1024 if sample_page else 0.0
    print(f"  mkdocs build, {size} projects: {pages} pages, site {site_mib:.0f} MiB (search index {index_mib:.1f} MiB, "
          f"one tasks page {page_kib:.0f} KiB): {kb.median('wall'):.1f} s wall / {kb.median('cpu'):.1f} s CPU, "
          f"peak memory {kb.peak_rss:.0f} MiB", flush=True)
    if floor_too:
        floor_root = theme_floor_site(work, pages, max(1, round(pages / max(size, 1))))
        floor_out = work / f"site-{floor_root.name}"
        for _ in range(runs):
            floor.samples.append(run([tool("mkdocs"), "build", "-q", "-f", str(floor_root / "mkdocs.yml"), "-d", str(floor_out)], ok=(0,)))
        print(f"  theme floor (bare Material, {pages} one-paragraph pages, pruned nav, zh search): "
              f"{floor.median('wall'):.1f} s wall / {floor.median('cpu'):.1f} s CPU, peak memory {floor.peak_rss:.0f} MiB "
              f"→ knowledge base / floor {ratio(kb.median('wall'), floor.median('wall'))} "
              f"(CPU {ratio(kb.median('cpu'), floor.median('cpu'))}; goal ≤ 2×)", flush=True)
    return {"kb": kb, "theme_floor": floor, "pages": pages, "site_mib": site_mib, "index_mib": index_mib, "page_kib": page_kib}


# ---- 4. mkdocs serve: save → rebuilt page -----------------------------------------------

def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def bench_serve(work: Path, size: int, tasks: int, edits: int, port: int = 8765, timeout: float = 600.0,
                dirty: bool = True) -> dict[str, object]:
    """Edit one task title in one tasks.yaml, poll its page until the new title shows.

    ``dirty``: ``mkdocs serve --dirty``, as ``scripts/serve.sh`` runs it; else a full rebuild per save."""
    root = knowledge_base(work, size, tasks)
    project = sorted((root / "projects").glob("p*"))[size // 2]
    tasks_file = project / "tasks.yaml"
    original = tasks_file.read_bytes()
    url = f"http://127.0.0.1:{port}/projects/{project.name}/tasks/"
    # --no-livereload would stop rebuilds; the default (livereload) is what users run.
    log = work / "serve.log"  # MkDocs' own account of each rebuild, for when a figure looks wrong
    server = subprocess.Popen([tool("mkdocs"), "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
                               *(["--dirty"] if dirty else [])],
                              env=ENV, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    times: list[float] = []
    try:
        start = time.perf_counter()
        while _get(url) is None:
            if server.poll() is not None or time.perf_counter() - start > timeout:
                raise RuntimeError(f"mkdocs serve did not come up within {timeout:.0f} s")
            time.sleep(0.5)
        first = time.perf_counter() - start
        print(f"  mkdocs serve{' --dirty' if dirty else ''}, {size} projects: first page served after {first:.1f} s", flush=True)
        text = original.decode("utf-8")
        for n in range(1, edits + 1):
            marker = f"基准编辑{n:03d}"
            time.sleep(1.0)  # let the watcher settle after the previous build
            tasks_file.write_text(text.replace("  title: ", f"  title: {marker}", 1), "utf-8")
            saved = time.perf_counter()
            while True:
                page = _get(url)
                if page is not None and marker in page:
                    times.append(time.perf_counter() - saved)
                    break
                if server.poll() is not None:
                    raise RuntimeError(f"mkdocs serve exited ({server.returncode}) after the edit; see {log}")
                if time.perf_counter() - saved > timeout:
                    raise RuntimeError(f"the edit did not reach {url} within {timeout:.0f} s; see {log}")
                time.sleep(0.05)
            print(f"    edit {n}: page updated after {times[-1]:.2f} s", flush=True)
    finally:
        tasks_file.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"first": first, "times": times, "median": statistics.median(times) if times else None, "dirty": dirty}


# ---- the report ------------------------------------------------------------------------

def versions() -> str:
    names = ["collabkb", "PyYAML", "jsonschema", "jsonschema-rs", "mkdocs", "mkdocs-material"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test, not the figures")
    parser.add_argument("--runs", type=int, help="runs per figure (median); default 3, --quick 1")
    parser.add_argument("--sizes", help="projects for figure 1, comma-separated; default 100,300,1000 (--quick 20,60)")
    parser.add_argument("--tasks", type=int, default=50, help="tasks per project (default 50)")
    parser.add_argument("--build-size", type=int, help="projects for build vs the theme's floor; default 100 (--quick 20): "
                        "the floor at as many pages as 1,000 projects make takes long")
    parser.add_argument("--memory-size", type=int, help="projects for the build's peak memory (no floor build); "
                        "default 1000 (--quick: skipped)")
    parser.add_argument("--serve-size", type=int, help="projects for the serve figure; default 300 (--quick 20)")
    parser.add_argument("--serve-full", action="store_true",
                        help="serve figure without --dirty (a full rebuild per save, as before scripts/serve.sh used --dirty)")
    parser.add_argument("--skip", default="", help="comma-separated figures to skip: check,peer,build,serve")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="where knowledge bases and sites go")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    runs = args.runs or (1 if args.quick else 3)
    sizes = [int(s) for s in (args.sizes or ("20,60" if args.quick else "100,300,1000")).split(",")]
    build_size = args.build_size or (20 if args.quick else 100)
    memory_size = args.memory_size or (None if args.quick else 1000)
    serve_size = args.serve_size or (20 if args.quick else 300)
    skip = set(filter(None, args.skip.split(",")))
    args.work.mkdir(parents=True, exist_ok=True)

    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    print(f"CollabKB benchmark — {platform.platform()}, Python {platform.python_version()}, "
          f"{cores} cores ({usable} usable), load average {os.getloadavg()[0]:.2f}")
    print(f"{versions()}; {runs} run(s) per figure, medians; today {TODAY}\n")
    report: dict[str, object] = {"cores": cores, "runs": runs, "versions": versions()}

    checks: dict[int, dict[str, Series]] = {}
    if "check" not in skip:
        print("1. collabkb check --format json vs the parse floor (CSafeLoader load of the same files, one process)")
        checks = bench_check(args.work, sizes, args.tasks, runs)
        largest = max(checks)
        per_task = {s: checks[s]["check"].median("cpu") / (s * args.tasks) * 1e6 for s in checks}
        print("  CPU per task: " + ", ".join(f"{s}: {v:.0f} µs" for s, v in per_task.items()) + " (flat = linear growth)")
        heavy = check_vs_floor(args.work, largest, args.tasks, runs, heavy=True)
        print("  goal: check ≤ 1.25× the floor at 1,000 projects, on both knowledge bases\n")
        report["check"] = {s: {k: v.__dict__ for k, v in d.items()} for s, d in checks.items()}
        report["check_heavy"] = {"projects": largest, **{k: v.__dict__ for k, v in heavy.items()}}
    if "peer" not in skip and checks:
        largest = max(checks)
        print(f"2. collabkb check vs check-jsonschema ({largest} projects)")
        peer = bench_peer(args.work, largest, args.tasks, runs, checks[largest]["check"])
        report["peer"] = peer and {**peer, "series": peer["series"].__dict__}
        print()
    if "build" not in skip:
        print(f"3. mkdocs build vs the theme's floor ({build_size} projects)")
        built = bench_build(args.work, build_size, args.tasks, runs)
        report["build"] = {k: (v.__dict__ if isinstance(v, Series) else v) for k, v in built.items()}
        print()
        if memory_size and memory_size != build_size:
            print(f"5. mkdocs build of {memory_size} projects (once; peak memory)")
            built = bench_build(args.work, memory_size, args.tasks, 1, floor_too=False)
            report["build_memory"] = {k: (v.__dict__ if isinstance(v, Series) else v) for k, v in built.items()}
            print()
    if "serve" not in skip:
        print(f"4. mkdocs serve: save one tasks.yaml → rebuilt page ({serve_size} projects)")
        try:
            served = bench_serve(args.work, serve_size, args.tasks, edits=max(3, runs), dirty=not args.serve_full)
            print(f"  median {served['median']:.2f} s (goal < 2 s)\n")
            report["serve"] = served
        except RuntimeError as error:
            print(f"  not measured: {error}\n")
            report["serve"] = {"error": str(error)}
    if checks:
        largest = max(checks)
        build_memory = report.get("build_memory") or report.get("build")
        print(f"5. peak memory at {largest} projects: check {checks[largest]['check'].peak_rss:.0f} MiB, "
              f"floor {checks[largest]['floor'].peak_rss:.0f} MiB" + (
                  f"; mkdocs build ({memory_size or build_size} projects) {build_memory['kb']['samples'][0].rss_mib:.0f} MiB"
                  if build_memory else ""))
    if args.json:
        args.json.write_text(json.dumps(report, default=lambda o: o.__dict__, indent=1), "utf-8")


if __name__ == "__main__":
    main()
