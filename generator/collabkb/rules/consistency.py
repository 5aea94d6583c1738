"""consistency (not written yet)."""
from ..findings import Severity
ID = "consistency"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
