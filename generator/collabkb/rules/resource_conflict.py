"""resource-conflict (not written yet)."""
from ..findings import Severity
ID = "resource-conflict"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
