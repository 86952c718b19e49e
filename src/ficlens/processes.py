"""What every pool of worker processes shares: workers end when the process that made them does.

A parent stopped with `kill -9` cannot shut its pool down, and its workers,
each holding spaCy (hundreds of MB), would otherwise live on, finishing work
nobody will collect.
"""

from __future__ import annotations

import os
import threading
import time

WATCH_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Make this worker process exit as soon as `parent` (a pid) is gone; a pool's initializer."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)  # nothing to clean up that the parent would still read

    threading.Thread(target=watch, name="ficlens-parent-watch", daemon=True).start()
