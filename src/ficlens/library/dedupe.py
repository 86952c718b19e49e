"""Near-duplicates (reposts, cross-posts, lightly edited copies) by MinHash of word shingles.

Each work keeps a MinHash signature of its word 5-shingles. On import the new
work is looked up in a MinHashLSH index built from the stored signatures; the
candidates whose estimated Jaccard similarity reaches `THRESHOLD` are reported
and recorded in the `duplicates` table.
"""

from __future__ import annotations

import re
import sqlite3

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.7
_SEED = 1
SCHEME = "affine32"  # datasketch 2 permutation scheme; stored signatures are uint32
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """The MinHash of the text's lower-cased word 5-shingles."""
    words = _WORD.findall(text.casefold())
    shingles = {" ".join(words[i : i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles))
    return minhash


def to_blob(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u4").tobytes()


def from_blob(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=SCHEME,
                   hashvalues=np.frombuffer(blob, dtype="<u4").astype(np.uint32))


class Index:
    """A MinHashLSH over the signatures stored in the library, kept in step with it."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[int, MinHash] = {}

    def sync(self, db: sqlite3.Connection, leave_out: int | None = None) -> None:
        """Make the index hold exactly the signatures stored in the library (other processes add works too)."""
        stored = {i for (i,) in db.execute("SELECT id FROM works WHERE minhash IS NOT NULL AND id IS NOT ?",
                                           (leave_out,))}
        for work_id in set(self.signatures) - stored:
            self.lsh.remove(work_id)
            del self.signatures[work_id]
        missing = sorted(stored - set(self.signatures))
        for at in range(0, len(missing), 500):
            part = missing[at : at + 500]
            rows = db.execute(f"SELECT id, minhash FROM works WHERE id IN ({', '.join('?' * len(part))})", part)
            for work_id, blob in rows:
                self.add(work_id, from_blob(blob))

    def add(self, work_id: int, minhash: MinHash) -> None:
        if work_id in self.signatures:
            self.lsh.remove(work_id)
        self.lsh.insert(work_id, minhash)
        self.signatures[work_id] = minhash

    def near(self, minhash: MinHash) -> list[tuple[int, float]]:
        """Stored works whose estimated Jaccard similarity with `minhash` is at least THRESHOLD, closest first."""
        found = []
        for work_id in self.lsh.query(minhash):
            similarity = minhash.jaccard(self.signatures[work_id])
            if similarity >= THRESHOLD:
                found.append((work_id, round(float(similarity), 4)))
        return sorted(found, key=lambda x: -x[1])
