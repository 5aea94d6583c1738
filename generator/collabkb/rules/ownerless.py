"""ownerless (not written yet)."""
from ..findings import Severity
ID = "ownerless"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
