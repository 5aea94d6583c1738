"""retro-missing (not written yet)."""
from ..findings import Severity
ID = "retro-missing"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
