"""``python -m collabkb`` runs the command line."""

from .cli import main

main()
