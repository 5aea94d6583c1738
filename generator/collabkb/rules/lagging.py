"""lagging (not written yet)."""
from ..findings import Severity
ID = "lagging"
SEVERITY = Severity.WARNING
OPTIONS: dict = {"threshold": 10}


def check(kb, ctx):
    return iter(())
