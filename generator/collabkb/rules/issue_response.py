"""issue-response (not written yet)."""
from ..findings import Severity
ID = "issue-response"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(kb, ctx):
    return iter(())
