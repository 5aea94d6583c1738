"""Rule-test fixtures; ``rulekit`` holds them and the YAML helpers the tests import."""

from rulekit import check_rule  # noqa: F401  (pytest finds the fixture here)
