"""schedule (not written yet)."""
from ..findings import Severity
ID = "schedule"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
