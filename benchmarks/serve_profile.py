"""Profile one ``mkdocs serve --dirty`` rebuild in-process (issue 14 item 3).

Builds a knowledge base once with one plugin instance (as ``mkdocs serve`` keeps it), edits one
task title in the middle project's ``tasks.yaml``, rebuilds ``--rebuilds`` times (a new title each
time) and reports each rebuild's wall and CPU time; with ``--profile OUT`` the last rebuild runs
under cProfile (stats written to OUT, the top printed). Timers only, no profiler, for the figures.

Usage::

    python benchmarks/serve_profile.py KB [--rebuilds 3] [--profile out.prof] [--top 40]

``KB``: a generated knowledge base (``benchmarks/generate.py KB --projects 300``); the edited
file is restored at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def _build(root: Path, site: Path) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kb", type=Path)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("COLLABKB_TODAY", "2026-11-18")
    root = args.kb.resolve()
    projects = sorted((root / "projects").glob("p*"))
    tasks = projects[len(projects) // 2] / "tasks.yaml"
    original = tasks.read_text("utf-8")
    with tempfile.TemporaryDirectory() as out:
        site = Path(out) / "site"
        try:
            start = time.perf_counter()
            _build(root, site)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"first build {time.perf_counter() - start:.2f} s, peak RSS {peak:.0f} MiB", flush=True)
            for n in range(1, args.rebuilds + 1):
                tasks.write_text(original.replace("  title: ", f"  title: 剖析编辑{n:03d}", 1), "utf-8")
                profiler = cProfile.Profile() if args.profile and n == args.rebuilds else None
                wall, cpu = time.perf_counter(), time.process_time()
                if profiler is not None:
                    profiler.enable()
                _build(root, site)
                if profiler is not None:
                    profiler.disable()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"rebuild {n}: wall {wall:.3f} s, CPU {cpu:.3f} s, peak RSS {peak:.0f} MiB"
                      f"{' (profiled)' if profiler else ''}", flush=True)
                if profiler is not None:
                    profiler.dump_stats(str(args.profile))
                    stats = pstats.Stats(profiler)
                    stats.sort_stats("cumulative").print_stats(args.top)
        finally:
            tasks.write_text(original, "utf-8")


if __name__ == "__main__":
    main()
