"""unknown-owner (not written yet)."""
from ..findings import Severity
ID = "unknown-owner"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
