"""What the bench scripts share: one core, and the memory a process really used."""

from __future__ import annotations

import os
from pathlib import Path


def pin_to_one_core() -> None:
    """Run this process on one core, so throughput is per core whatever the machine."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def rss_mb(field: str) -> float:
    """This process's resident set size ("VmRSS") or its peak ("VmHWM"), in MiB.

    /proc is read rather than ru_maxrss, which a child started by fork or vfork
    inherits from its parent (the parent holding the generated story).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> None:
    """Start VmHWM again from the current size (Linux 4.0+; elsewhere a no-op)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
