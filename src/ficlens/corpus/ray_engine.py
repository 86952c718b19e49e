"""The Ray engine: Ray Data reads the works, a pool of actors analyses them, each batch is committed to OUTPUT.

Each actor builds one `Analyzer` (spaCy and every model load once per actor)
and writes its batches' Parquet files itself: a batch commit (store.py) is
what makes a run resumable, and it needs the batch's tables written together.
What flows back to the driver is one small summary row per batch.
"""

from __future__ import annotations

import os
from typing import Any

import pyarrow as pa

from ..errors import InputError
from .inputs import Inputs, json_row
from .run import Options, RunSummary
from .work import Analyzer


class RayAnalyzer:
    """The callable class `map_batches` runs: one per actor."""

    def __init__(self, options: Options, lines: bool = False) -> None:
        self.analyzer = Analyzer(options.output, options.columns, options.done, options.timeout, options.max_bytes,
                                 options.keep_json, options.keep_text)
        self.lines = lines  # rows are JSON Lines lines, read as text, to be parsed here

    def __call__(self, batch: pa.Table) -> dict[str, list[Any]]:
        rows = batch.to_pylist()
        if self.lines:  # a line that is no JSON object becomes an errors row, not the end of the run
            rows = [json_row(row["text"], f"{row['path']}: a line") for row in rows if row["text"].strip()]
        summary = self.analyzer(rows)
        return {key: [value] for key, value in summary.items()}


def start_ray(workers: int | None, address: str | None) -> bool:
    """Join the cluster at `address`, or start Ray on this machine only; True when this call started it.

    No dashboard and no usage statistics: nothing listens or calls out beyond the local node.
    """
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    if ray.is_initialized():
        return False
    if address:
        _check_reachable(address)
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise InputError(address, f"cannot join the Ray cluster ({' '.join(str(error).split())[:200]})") from None
    else:
        ray.init(address="local", num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                 log_to_driver=False)
    return True


def _check_reachable(address: str) -> None:
    """Refuse at once an address nothing answers at (Ray itself retries for minutes)."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a form Ray resolves itself
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as error:
        raise InputError(address, f"no Ray cluster answers there ({error.strerror or error})") from None


def run_ray(inputs: Inputs, options: Options, *, workers: int | None = None, address: str | None = None,
            batch_size: int = 16, progress: bool = True) -> RunSummary:
    """Run every batch on a pool of Ray actors: `workers` of them, or one per CPU Ray offers."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray
    import ray.data

    started = start_ray(workers, address)
    try:
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = progress
        if inputs.kind == "files":
            rows = inputs.file_rows()
            dataset = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows) // batch_size, 10_000)))
        # The reads ask for no CPU: the actors hold one each, and on a machine with as many CPUs as
        # actors a read that waited for a CPU would wait forever.
        elif inputs.kind == "parquet":
            dataset = ray.data.read_parquet([str(p) for p in inputs.paths], num_cpus=0)
        else:
            # as text, parsed by the actors: Ray's JSON reader would end the run at a line that is no object
            dataset = ray.data.read_text([str(p) for p in inputs.paths], include_paths=True, num_cpus=0)
        results = dataset.map_batches(
            RayAnalyzer, fn_constructor_kwargs={"options": options, "lines": inputs.kind == "json"},
            batch_size=batch_size, batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=size), num_cpus=1,
        )
        summary = RunSummary()
        for row in results.iter_rows():
            summary.add(row)
        return summary
    finally:
        if started:
            ray.shutdown()
