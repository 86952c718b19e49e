"""The web app under load: 50 concurrent clients on loopback doing mixed searches and page loads.

Starts `ficlens serve` on a free loopback port in a subprocess (so the clients and
the server do not share one interpreter), then runs, for --seconds each:

1. baseline: the same clients fetching /healthz and /static/web.css, what the
   server costs with no library work at all;
2. mixed: library searches (text, facets, word ranges, paging), work pages,
   their reports, character pages, the dashboard and the JSON search API.

Prints p50/p95 latency and requests/s of both, the ratio mixed/baseline, and
whether p95 of the mixed load is under the target (200 ms). Without --library
it builds a small library in a temporary folder: the two seeds analysed and
stored, then --copies renamed copies of them (same text, new titles) so that
searches and facets have more than two works to go through.

    .venv/bin/python bench/web_load.py
    .venv/bin/python bench/web_load.py --library demo-library/library.db --clients 50 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TARGET_P95_MS = 200.0
WORDS = ["Draco", "rain", "letter", "Potter", "bar", "war", "owl", "heart", "Candy", "\"my name\"", "Pari*", "tea"]


def build_library(folder: Path, copies: int) -> Path:
    """The seeds, analysed once, plus `copies` renamed copies of their analyses."""
    from ficlens.library import Library
    from ficlens.library.importer import prepare

    path = folder / "library.db"
    with Library(path) as library:
        report = library.add([SEEDS], jobs=1)
        if report.failures:
            sys.exit(f"cannot build the bench library: {report.failures}")
        originals = [library.work(o.work_id) for o in report.outcomes]
        prepared = [prepare(r.analysis, r.text, r.source_path) for r in originals]
        for i in range(copies):
            base = prepared[i % len(prepared)]
            data = copy.deepcopy(base.data)
            data["work"]["title"] = f"Copy {i + 1}: {base.data['work'].get('title') or 'Untitled'}"
            data["work"]["authors"] = [f"bench_author_{i % 7}"]
            data["source"]["sha256"] = f"bench-{i}-{data['source'].get('sha256')}"
            library.add_analysis(data, base.text, f"{base.path}#copy{i + 1}",
                                 prepared=type(base)(data, base.text, f"{base.path}#copy{i + 1}", base.minhash,
                                                     base.work_vector, base.scene_vectors))
        print(f"bench library: {library.count()} works in {path}")
    return path


def mixed_urls(library_path: Path) -> list[str]:
    """The pages a reader would load, drawn from what the library holds."""
    from ficlens.library import Library

    with Library(library_path) as library:
        everything = library.search(per_page=100)
        board = library.dashboard()
    ids = [h.work_id for h in everything.hits]
    facets = [(name, value) for name, values in everything.facets.items() for value, _ in values[:3]]
    characters = [name for name, _, _ in board.top_characters[:6]]
    urls = ["/", "/dashboard", "/?page=2&per_page=5", "/?min_words=5000", "/?max_words=6000&pov=first"]
    urls += ["/?" + urlencode({"q": w}) for w in WORDS]
    urls += ["/api/search?" + urlencode({"q": w}) for w in WORDS[:4]]
    urls += ["/?" + urlencode({name: value}) for name, value in facets]
    urls += ["/dashboard?" + urlencode({name: value}) for name, value in facets[:4]]
    urls += ["/?" + urlencode({"q": random.choice(WORDS), name: value}) for name, value in facets[:6]]
    urls += [f"/works/{i}" for i in ids[:10]] + [f"/works/{i}/report" for i in ids[:6]]
    urls += [f"/characters/{quote(c, safe='')}" for c in characters]
    return urls


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(library_path: Path, port: int, log: Path) -> subprocess.Popen:
    """`ficlens serve` as a user runs it (access log included, written to `log`)."""
    command = [sys.executable, "-m", "ficlens", "serve", "--library", str(library_path), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
        if server.poll() is not None:
            sys.exit(f"the server did not start: {log.read_text(errors='replace')}")
    server.kill()
    sys.exit("the server did not answer within 60 s")


async def load(base: str, urls: list[str], clients: int, seconds: float) -> tuple[list[float], int, float]:
    """`clients` clients each fetching random `urls` one after another for `seconds`:
    latencies (ms), errors, wall time."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop = time.perf_counter() + seconds

        async def one_client(seed: int) -> None:
            nonlocal errors
            pick = random.Random(seed)
            while time.perf_counter() < stop:
                url = pick.choice(urls)
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(1000 * (time.perf_counter() - started))

        started = time.perf_counter()
        await asyncio.gather(*(one_client(i) for i in range(clients)))
        return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(label: str, latencies: list[float], errors: int, wall: float) -> tuple[float, float, float]:
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    rate = len(latencies) / wall
    print(f"{label:9s} {len(latencies):6d} requests  {rate:7.1f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
          f"  errors {errors}")
    return p50, p95, rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, help="a library to serve (default: build one from the seeds)")
    parser.add_argument("--copies", type=int, default=48, help="renamed seed copies in a built library")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ficlens-web-bench-") as folder:
        library_path = args.library or build_library(Path(folder), args.copies)
        urls = mixed_urls(library_path)
        port = free_port()
        server = start_server(library_path, port, Path(folder) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(load(base, urls, 5, 2.0))  # warm up: model caches, report renders, connections
            print(f"{args.clients} clients on {base}, {args.seconds:.0f} s per phase, {len(urls)} distinct mixed URLs")
            baseline = report("baseline", *asyncio.run(load(base, ["/healthz", "/static/web.css"], args.clients,
                                                               args.seconds)))
            mixed = report("mixed", *asyncio.run(load(base, urls, args.clients, args.seconds)))
        finally:
            server.terminate()
            server.wait(10)
    print(f"mixed/baseline: p50 x{mixed[0] / baseline[0]:.1f}, p95 x{mixed[1] / baseline[1]:.1f}, "
          f"throughput x{mixed[2] / baseline[2]:.2f}")
    verdict = "meets" if mixed[1] < TARGET_P95_MS else "MISSES"
    print(f"p95 {mixed[1]:.0f} ms {verdict} the target of {TARGET_P95_MS:.0f} ms")
    sys.exit(0 if mixed[1] < TARGET_P95_MS else 1)


if __name__ == "__main__":
    main()
