"""The web app under load: 50 concurrent clients on loopback doing mixed searches and page loads.

Starts `ficlens serve` on a free loopback port in a subprocess, then drives it
with closed-loop clients (each sends its next request when the last is answered)
for --seconds a phase:

1. baseline: /healthz and /static/web.css, what the server costs with no library
   work at all;
2. mixed: a reader's pages drawn at random from a fixed list: library searches
   (text, facets, word ranges, paging), work pages, their reports, character
   pages, the dashboard and the JSON search API. A page asked for again while the
   library is unchanged comes from the server's page cache;
3. misses: searches no one asked before (text, a facet, and a word range of their
   own, a new URL every request), so neither the page cache nor the library's
   kept answers (whole searches) can help: what an unseen search costs under the
   same load. Its query words come from a short list, so what the server keeps of
   those words for the library version (postings, snippets) does help, as it
   would a reader narrowing or paging a search;
4. fresh (--fresh-seconds, 3 s): searches each for a word no other search asks,
   from the works' own text: what a search costs when nothing about its words is
   known (a library has only so many words, hence the short phase).

Each phase prints requests/s, p50/p95/p99 latency, errors and the share of
answers that came from the page cache (the server's `x-ficlens-cache` header);
then the ratios to the baseline and whether p95 of the mixed load is under the
target (200 ms). The load generator is wrk (C; Debian's `wrk`) when it is on the
PATH, else httpx's asyncio client in this process, which takes a good share of
the CPU itself (the first line of figures says which ran). Without --library it
builds a small library in a temporary folder: the two seeds analysed and stored,
then --copies renamed copies of them.

    .venv/bin/python bench/web_load.py
    .venv/bin/python bench/web_load.py --library demo-library/library.db --clients 50 --seconds 20 --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


def miss_urls(library_path: Path, count: int, seed: int = 11) -> list[str]:
    """`count` different searches, none of them in mixed_urls: a text query (or none), a facet value (or none)
    and a word range whose lower end is the URL's own, so every one is worked out afresh by the server."""
    from ficlens.library import Library

    with Library(library_path) as library:
        facets = library.search(per_page=1).facets
    pairs = [(name, value) for name, values in facets.items() for value, _ in values[:4]]
    pick = random.Random(seed)
    urls = []
    seen: set[tuple] = set()
    while len(urls) < count:
        word = pick.choice(["", *MISS_WORDS])
        facet = pick.choice([None, *pairs])
        low = pick.randrange(0, 6000)
        if (word, facet, low) in seen:
            continue
        seen.add((word, facet, low))
        params = ([("q", word)] if word else []) + ([facet] if facet else []) + [("min_words", str(low))]
        urls.append("/?" + urlencode(params))
    return urls


def fresh_urls(library_path: Path, count: int, seed: int = 13) -> list[str]:
    """Up to `count` searches each for a word no other search asks for (no earlier phase, no other URL of
    this one; one word per stem, so none shares its postings with another), drawn from the works' own text,
    with a facet value or none and a word range like `miss_urls`: what a search costs when nothing about
    its words is known yet (the server reads their postings from FTS5 and makes every snippet)."""
    import sqlite3

    from ficlens.library import Library
    from ficlens.library.search import query_parts, tokenize

    with Library(library_path) as library:
        facets = library.search(per_page=1).facets
    pairs = [(name, value) for name, values in facets.items() for value, _ in values[:4]]
    pick = random.Random(seed)
    db = sqlite3.connect(f"file:{library_path}?mode=ro", uri=True, isolation_level=None)
    try:
        taken = {tokenize(db, words)[0] for query in MISS_WORDS for words, _ in query_parts(query)
                 if len(tokenize(db, words)) == 1}
        # enough passages for a few thousand words: two server processes answer ~600 such searches a second
        texts = [t for t, in db.execute("SELECT c0 FROM passages_fts_content ORDER BY random() LIMIT 12000")]
        words = sorted({w.lower() for text in texts for w in re.findall(r"[^\W\d_]{4,}", text or "")})
        pick.shuffle(words)
        urls = []
        for word in words:
            stems = tokenize(db, word)
            if len(stems) != 1 or stems[0] in taken:
                continue
            taken.add(stems[0])
            facet = pick.choice([None, *pairs])
            params = [("q", word)] + ([facet] if facet else []) + [("min_words", str(pick.randrange(0, 6000)))]
            urls.append("/?" + urlencode(params))
            if len(urls) >= count:
                break
    finally:
        db.close()
    return urls


MISS_WORDS = [*WORDS, "kiss", "glass", "window", "night", "smile", "coffee", "London", "silence", "drink*", "\"the rain\""]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(library_path: Path, port: int, log: Path, workers: int) -> subprocess.Popen:
    """`ficlens serve` as a user runs it (access log included, written to `log`)."""
    command = [sys.executable, "-m", "ficlens", "serve", "--library", str(library_path), "--port", str(port),
               "--workers", str(workers)]
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


def warm_up(base: str, urls: list[str], workers: int) -> None:
    """Every mixed URL asked for until one answer of it came from the page cache, on a new connection
    each time so that every worker process sees it (a few rounds at most): the mixed phase then measures
    a library being browsed, not its first visits (the misses phase measures those)."""
    waiting = list(urls)
    for _ in range(4 * workers + 2):
        kept = []
        for url in waiting:
            with httpx.Client(base_url=base, timeout=120) as client:
                if client.get(url).headers.get("x-ficlens-cache") != "hit":
                    kept.append(url)
        waiting = kept
        if not waiting:
            return


@dataclass
class Phase:
    """One phase's figures (latencies in ms)."""

    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    errors: int
    hits: int
    misses: int
    note: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def hit_share(self) -> float | None:
        answered = self.hits + self.misses
        return self.hits / answered if answered else None


class Wrk:
    """wrk (C, one event loop a thread) with bench/web_load.lua: the generator to trust on a small machine."""

    name = "wrk"

    def __init__(self, base: str, clients: int, folder: Path) -> None:
        self.base, self.clients, self.folder = base, clients, folder
        self.threads = min(2, clients)

    def run(self, urls: list[str], seconds: float, once: bool = False) -> Phase:
        listing = self.folder / f"urls-{len(urls)}-{once}.txt"
        listing.write_text("\n".join(urls) + "\n", "utf-8")
        command = ["wrk", f"-t{self.threads}", f"-c{self.clients}", f"-d{seconds:.0f}s", "--timeout", "60s",
                   "--latency", "-s", str(Path(__file__).with_name("web_load.lua")), self.base, "--",
                   str(listing), "once" if once else "random", str(self.threads)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        line = next((l for l in out.splitlines() if l.startswith("WEBLOAD ")), None)
        if line is None:
            sys.exit(f"wrk printed no figures:\n{out}")
        f = dict(part.split("=") for part in line.split()[1:])
        note = " (URL list exhausted: some were asked twice)" if f["wrapped"] != "0" else ""
        return Phase(int(f["requests"]), float(f["seconds"]), float(f["p50"]), float(f["p95"]), float(f["p99"]),
                     int(f["errors"]), int(f["hits"]), int(f["misses"]), note)


class Httpx:
    """httpx's asyncio client in this interpreter: the fallback when wrk is not installed (it takes a good
    share of the CPU the server would have)."""

    name = "httpx (Python asyncio, in this process)"

    def __init__(self, base: str, clients: int, folder: Path) -> None:
        self.base, self.clients = base, clients

    def run(self, urls: list[str], seconds: float, once: bool = False) -> Phase:
        # An event loop in a thread of its own: callable where a loop already runs (Playwright's, in the tests).
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, self._load(urls, seconds, once)).result()

    async def _load(self, urls: list[str], seconds: float, once: bool) -> Phase:
        latencies: list[float] = []
        counts = {"errors": 0, "hit": 0, "miss": 0}
        queue = iter(urls)
        limits = httpx.Limits(max_connections=self.clients, max_keepalive_connections=self.clients)
        async with httpx.AsyncClient(base_url=self.base, limits=limits, timeout=60) as client:
            stop = time.perf_counter() + seconds

            async def one_client(seed: int) -> None:
                pick = random.Random(seed)
                while time.perf_counter() < stop:
                    url = next(queue, None) if once else pick.choice(urls)
                    if url is None:
                        return
                    started = time.perf_counter()
                    try:
                        response = await client.get(url)
                        await response.aread()
                        counts["errors"] += response.status_code != 200
                        kept = response.headers.get("x-ficlens-cache")
                        if kept in ("hit", "miss"):
                            counts[kept] += 1
                    except httpx.HTTPError:
                        counts["errors"] += 1
                    latencies.append(1000 * (time.perf_counter() - started))

            started = time.perf_counter()
            await asyncio.gather(*(one_client(i) for i in range(self.clients)))
            wall = time.perf_counter() - started
        note = " (URL list exhausted)" if once and next(queue, None) is None else ""
        return Phase(len(latencies), wall, percentile(latencies, 50), percentile(latencies, 95),
                     percentile(latencies, 99), counts["errors"], counts["hit"], counts["miss"], note)


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(label: str, phase: Phase) -> Phase:
    share = "n/a" if phase.hit_share is None else f"{100 * phase.hit_share:.1f}%"
    print(f"{label:9s} {phase.requests:7d} requests {phase.rate:8.1f} req/s  p50 {phase.p50:7.1f} ms"
          f"  p95 {phase.p95:7.1f} ms  p99 {phase.p99:7.1f} ms  errors {phase.errors}"
          f"  page-cache hits {share}{phase.note}")
    return phase


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, help="a library to serve (default: build one from the seeds)")
    parser.add_argument("--copies", type=int, default=48, help="renamed seed copies in a built library")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase")
    parser.add_argument("--workers", type=int, default=None,
                        help="server processes (`ficlens serve --workers`; default: what serve runs, one per core)")
    parser.add_argument("--fresh-seconds", type=float, default=3.0,
                        help="length of the fresh phase (0: none); short, since a library has only so many words")
    parser.add_argument("--generator", choices=["auto", "wrk", "httpx"], default="auto",
                        help="the load generator (auto: wrk when installed)")
    args = parser.parse_args()
    if args.workers is None:
        from ficlens.web.app import default_workers

        args.workers = default_workers()
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and shutil.which("wrk"))
    if use_wrk and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    with tempfile.TemporaryDirectory(prefix="ficlens-web-bench-") as folder:
        library_path = args.library or build_library(Path(folder), args.copies)
        urls = mixed_urls(library_path)
        asked = set(urls)
        unseen = [u for u in miss_urls(library_path, 40_000) if u not in asked]
        novel = fresh_urls(library_path, 20_000) if args.fresh_seconds > 0 else []
        port = free_port()
        server = start_server(library_path, port, Path(folder) / "server.log", args.workers)
        base = f"http://127.0.0.1:{port}"
        generator = (Wrk if use_wrk else Httpx)(base, args.clients, Path(folder))
        try:
            warm_up(base, urls, args.workers)
            generator.run(urls, 3.0)
            why = "" if use_wrk or args.generator == "httpx" else " (wrk not found)"
            print(f"load generator: {generator.name}{why}; server: ficlens serve --workers {args.workers}; "
                  f"{args.clients} clients on {base}, {args.seconds:.0f} s per phase; load average before: "
                  f"{load_average()}")
            print(f"mixed: {len(urls)} distinct URLs at random; misses: a URL never asked before every request")
            baseline = report("baseline", generator.run(["/healthz", "/static/web.css"], args.seconds))
            mixed = report("mixed", generator.run(urls, args.seconds))
            misses = report("misses", generator.run(unseen, args.seconds, once=True))
            fresh = report("fresh", generator.run(novel, args.fresh_seconds, once=True)) if novel else None
        finally:
            server.terminate()
            server.wait(10)
    print(f"load average after: {load_average()}")
    for label, phase in (("mixed", mixed), ("misses", misses)):
        print(f"{label}/baseline: p50 x{phase.p50 / baseline.p50:.1f}, p95 x{phase.p95 / baseline.p95:.1f}, "
              f"throughput x{phase.rate / baseline.rate:.2f}")
    if fresh is not None:
        print(f"fresh: {fresh.requests} searches for words never asked before ({len(novel)} such words found)")
    verdict = "meets" if mixed.p95 < TARGET_P95_MS else "MISSES"
    print(f"mixed p95 {mixed.p95:.0f} ms {verdict} the target of {TARGET_P95_MS:.0f} ms "
          f"({100 * (mixed.hit_share or 0):.0f}% of its pages from the page cache); "
          f"unseen searches p95 {misses.p95:.0f} ms ({'under' if misses.p95 < TARGET_P95_MS else 'over'} it)")
    sys.exit(0 if mixed.p95 < TARGET_P95_MS and not mixed.errors else 1)


if __name__ == "__main__":
    main()
