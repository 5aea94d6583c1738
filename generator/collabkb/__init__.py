"""CollabKB: cross-department collaboration projects as YAML in git, checked and published."""

__version__ = "0.1.0"
