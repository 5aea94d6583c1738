"""multiple-owners (not written yet)."""
from ..findings import Severity
ID = "multiple-owners"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
