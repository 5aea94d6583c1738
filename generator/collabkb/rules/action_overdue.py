"""action-overdue (not written yet)."""
from ..findings import Severity
ID = "action-overdue"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
