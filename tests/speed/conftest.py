"""Fixtures for the speed area: the benchmark's generator, importable from tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


@pytest.fixture(scope="session")
def generate() -> ModuleType:
    """``benchmarks/generate.py`` as a module (the benchmarks folder is not a package)."""
    spec = importlib.util.spec_from_file_location("collabkb_bench_generate", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
