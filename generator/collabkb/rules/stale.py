"""stale (not written yet)."""
from ..findings import Severity
ID = "stale"
SEVERITY = Severity.WARNING
OPTIONS: dict = {"days": 3}


def check(kb, ctx):
    return iter(())
