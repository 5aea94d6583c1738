"""Excel in and out (openpyxl): a task sheet → ``tasks.yaml`` (``collabkb import``) and the
portfolio as one workbook (``collabkb export --format xlsx``).

``workbook`` opens a file someone sent, refusing what is not a readable ``.xlsx`` with one
clear sentence; ``task_sheet`` finds the header row and turns rows into tasks, every cell it
cannot use a ``CellProblem``; ``tasks_yaml`` writes the YAML text and previews the findings it
would have; ``export`` writes the workbook.
"""
