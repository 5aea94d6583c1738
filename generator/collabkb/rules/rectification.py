"""rectification (not written yet)."""
from ..findings import Severity
ID = "rectification"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
