from gitkit import isolated_git, repo  # noqa: F401  (pytest finds the fixtures here)
