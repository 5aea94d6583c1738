"""The cyclic garbage collector during ``mkdocs serve``: the heap of the first build is frozen.

Why: after the first build the process holds millions of long-lived container objects (the
models of every project, MkDocs' files and pages, the page cache, jieba's tables). A rebuild
allocates enough to trigger one or two full collections, and each one scanned all of them:
0.26–0.57 s of a 2.2 s rebuild at 300 projects (measured with ``gc.callbacks``), more than
any page. So, under ``serve`` only:

* after the first build, what is alive is collected once and moved to the permanent
  generation (``gc.freeze()``): later collections do not scan it. Reference counting still
  frees what is not in a cycle (a replaced project model, a replaced page). A rebuild's own
  cyclic garbage (Jinja's macro contexts, MkDocs' file ↔ page links) is young: the usual
  collections find it, and they are cheap now, since they scan only what was made since;
* ``check/pipeline`` ends its own pause with ``gc.unfreeze()``, which would undo this: the
  plugin turns the collector off around the check (the pipeline then leaves it alone) and on
  again after it;
* what was frozen and later becomes cyclic garbage (the first build's MkDocs pages and nav)
  is released by a full collection every ``REBASE_EVERY`` rebuilds, which also freezes the
  state of that moment as the new base. That rebuild pays about a second.

``mkdocs build`` never calls these: its collector is untouched.
"""

from __future__ import annotations

import gc

REBASE_EVERY = 10  # rebuilds between two full collections (and new frozen bases)


class ServeCollector:
    def __init__(self) -> None:
        self.builds = 0
        self.paused = False

    def check_starts(self) -> None:
        """Before ``pipeline.check`` of a rebuild: the collector off, so the check's pause keeps the base frozen."""
        if self.builds and gc.isenabled():
            gc.disable()
            self.paused = True

    def check_done(self) -> None:
        if self.paused:
            gc.enable()
            self.paused = False

    def build_done(self) -> None:
        """After a build (successful or not): the first one, and every ``REBASE_EVERY``-th, collect
        everything and freeze what is left as the base."""
        self.check_done()
        self.builds += 1
        if self.builds == 1 or self.builds % REBASE_EVERY == 0:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def stop(self) -> None:
        """Back to the usual collector (a ``build`` in the same process after a ``serve``: tests)."""
        self.check_done()
        gc.unfreeze()
