"""The tokens layer's arrays: built once per corpus, kept in memory and on disk.

``corpus_layer(corpus)`` returns the segmentation and tokenization of every
document (all paragraph kinds) as flat arrays: from the in-memory cache of
the last ``MEMORY_ENTRIES`` corpora, from the disk cache (``analysis.cache``),
or built by ``build_layer``. Entries are keyed by ``corpus_digest``, a BLAKE2
digest of ``LAYER_VERSION`` and the doc_ids and texts, so changing a text or
the rules gives a new key and never a stale layer.

``build_layer`` runs one regular expression over a chunk of documents in C
(``re.split`` with a capturing group alternates gap, token, gap...; offsets are
cumulative lengths) and normalises each distinct written form once
(``pd.factorize``), not each token. A token belongs to the sentence whose
span holds it: sentence boundaries lie in white space, which no token holds.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.boilerplate import GROUP_COLUMN, repeated_lines
from analysis.cache import cache_dir
from analysis.progress import progress
from analysis.segment import KINDS, segment_text
from analysis.tokenize import TOKEN_PATTERN, _normalise_token

LAYER_VERSION = 4  # bump when the segmenter's or tokenizer's rules change: old caches go stale
MEMORY_ENTRIES = 3
CHUNK_DOCS = 1000
PARALLEL_FROM = 5000  # documents from which the layer is built in several processes
SENTENCE_COLUMNS: tuple[str, ...] = (
    "doc",
    "paragraph_id",
    "sentence_id",
    "kind",
    "start",
    "end",
    "n_tokens",
)
_SPLIT_RE = re.compile(f"({TOKEN_PATTERN})")


# --- building -------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Layer:
    """Everything the tokenizer and segmenter produce for a corpus, all kinds."""

    vocab: np.ndarray
    ids: np.ndarray
    start: np.ndarray
    end: np.ndarray
    sentences: dict[str, np.ndarray]  # SENTENCE_COLUMNS, kind as int8 codes into KINDS

    @property
    def nbytes(self) -> int:
        arrays = [self.ids, self.start, self.end, *self.sentences.values()]
        return int(sum(a.nbytes for a in arrays))


def corpus_digest(corpus: pd.DataFrame) -> str:
    """BLAKE2 digest of a corpus's doc_ids and texts, in row order (hex, 32 characters),
    and of its ``outlet`` column when it has one (repeated lines are found per outlet)."""
    h = hashlib.blake2b(f"layer-v{LAYER_VERSION}".encode(), digest_size=16)
    if GROUP_COLUMN in corpus.columns:
        h.update(pd.util.hash_pandas_object(corpus[GROUP_COLUMN], index=False).to_numpy())
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist(), strict=True):
        h.update(doc_id.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x01")
    return h.hexdigest()


class _Encoder:
    """Term ids for written forms; each distinct form is normalised once."""

    def __init__(self) -> None:
        self.form_ids: dict[str, int] = {}
        self.term_ids: dict[str, int] = {}

    def lookup(self, forms: list[str]) -> np.ndarray:
        """Term id of each distinct written form (in the order given)."""
        out = np.empty(len(forms), dtype=np.int32)
        form_ids, term_ids = self.form_ids, self.term_ids
        for i, form in enumerate(forms):
            tid = form_ids.get(form)
            if tid is None:
                tid = term_ids.setdefault(_normalise_token(form), len(term_ids))
                form_ids[form] = tid
            out[i] = tid
        return out


def _segment_chunk(
    texts: list[str], first_doc: int, repeated: frozenset[int]
) -> dict[str, np.ndarray]:
    cols: dict[str, list[np.ndarray]] = {c: [] for c in SENTENCE_COLUMNS if c != "n_tokens"}
    for d, text in enumerate(texts):
        seg = segment_text(text, repeated=repeated)
        n = len(seg.sent_start)
        cols["doc"].append(np.full(n, first_doc + d, dtype=np.int32))
        cols["paragraph_id"].append(seg.sent_paragraph.astype(np.int32))
        cols["sentence_id"].append(np.arange(n, dtype=np.int32))
        codes = np.array([KINDS.index(k) for k in seg.par_kind], dtype=np.int8)
        cols["kind"].append(codes[seg.sent_paragraph] if n else np.zeros(0, np.int8))
        cols["start"].append(seg.sent_start)
        cols["end"].append(seg.sent_end)
    return {c: np.concatenate(v) for c, v in cols.items()}


def _process_chunk(
    texts: list[str], first_doc: int, offset_dtype: type, repeated: frozenset[int]
) -> tuple:
    """Segment and tokenize one chunk of documents (runs in a worker process when parallel).

    Returns the chunk's sentence columns, its distinct written forms (in order
    of appearance), each token's index into them, and token offsets into its
    document.
    """
    sents = _segment_chunk(texts, first_doc, repeated)
    # One regex pass over the chunk: re.split with a capturing group alternates
    # gap, token, gap, token, ..., so offsets are cumulative lengths (C-level len).
    joined = "\n".join(texts).replace("\u2019", "'").replace("\u02bc", "'")
    parts = _SPLIT_RE.split(joined)
    del joined
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends_all = np.cumsum(lengths)
    tok_end = ends_all[1::2]
    tok_start = tok_end - lengths[1::2]
    codes, forms = pd.factorize(np.asarray(parts[1::2], dtype=object))
    del parts
    bases = np.concatenate([[0], np.cumsum([len(t) + 1 for t in texts])[:-1]]).astype(np.int64)
    sent_doc = sents["doc"] - first_doc
    sent_gstart = bases[sent_doc] + sents["start"]
    sent_gend = bases[sent_doc] + sents["end"]
    which = np.searchsorted(sent_gstart, tok_start, side="right") - 1
    if len(which) and (which.min() < 0 or np.any(tok_end > sent_gend[which])):
        bad = int(np.flatnonzero((which < 0) | (tok_end > sent_gend[np.maximum(which, 0)]))[0])
        raise RuntimeError(f"internal: token at {tok_start[bad]} lies outside every sentence")
    sents["n_tokens"] = np.bincount(which, minlength=len(sent_gstart)).astype(np.int32)
    base = bases[sent_doc[which]]
    return (
        sents,
        list(forms),
        codes.astype(np.int32),
        (tok_start - base).astype(offset_dtype),
        (tok_end - base).astype(offset_dtype),
    )


def _chunk_results(texts_of, n_chunks: int, offset_dtype: type, n_jobs: int, repeated):
    """``_process_chunk`` of every chunk, in order: here, or in ``n_jobs`` joblib processes.

    joblib's loky workers are reused from call to call and need no
    ``if __name__ == "__main__"`` guard in a user's script; at most two chunks
    per worker are dispatched ahead, so the texts are not all copied at once.
    """
    if n_jobs <= 1:
        for c in range(n_chunks):
            yield _process_chunk(texts_of(c), c * CHUNK_DOCS, offset_dtype, repeated)
        return
    from joblib import Parallel, delayed  # imported on use: starting workers is the slow part

    parallel = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
    yield from parallel(
        delayed(_process_chunk)(texts_of(c), c * CHUNK_DOCS, offset_dtype, repeated)
        for c in range(n_chunks)
    )


def default_jobs(n_docs: int) -> int:
    """Processes used to build a layer of ``n_docs`` documents when ``n_jobs`` is None.

    One below ``PARALLEL_FROM`` documents (starting processes costs more than
    it saves), else the machine's cores, at most 8. ``ANALYSIS_N_JOBS`` in the
    environment overrides.
    """
    env = os.environ.get("ANALYSIS_N_JOBS", "").strip()
    if env:
        return max(1, int(env))
    if n_docs < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, Windows, musl): nothing to tune
        return None


def release_heap(*, first: bool) -> None:
    """Keep glibc from holding freed chunk buffers (measured: +110 MiB RSS at 10k articles).

    The chunk arrays are a few MiB each; glibc's adaptive mmap threshold moves
    such sizes onto the heap, where freed ones fragment and are never returned
    to the system. A fixed 64 KiB threshold keeps them in their own mappings
    (``mallopt(M_MMAP_THRESHOLD)``, as ``MALLOC_MMAP_THRESHOLD_`` would), and
    ``malloc_trim`` returns what is free at the end.
    """
    libc = _glibc()
    if libc is None:
        return
    if first:
        libc.mallopt(-3, 64 * 1024)  # M_MMAP_THRESHOLD
    else:
        libc.malloc_trim(0)


def build_layer(corpus: pd.DataFrame, *, n_jobs: int | None = None) -> _Layer:
    """Segment and tokenize every document (all paragraph kinds); no cache.

    Chunks of ``CHUNK_DOCS`` documents are processed in ``n_jobs`` processes
    (``default_jobs`` when None); the result does not depend on ``n_jobs``.
    """
    release_heap(first=True)
    enc = _Encoder()
    ids, starts, ends, sent_parts = [], [], [], []
    n = len(corpus)
    text_col = corpus["text"]
    longest = max(map(len, text_col.tolist()), default=0)
    offset_dtype = np.int32 if longest < 2**31 - 1 else np.int64
    n_chunks = -(-n // CHUNK_DOCS)
    jobs = default_jobs(n) if n_jobs is None else max(1, int(n_jobs))

    def texts_of(c: int) -> list[str]:
        return text_col.iloc[c * CHUNK_DOCS : (c + 1) * CHUNK_DOCS].tolist()

    groups = corpus[GROUP_COLUMN].tolist() if GROUP_COLUMN in corpus.columns else None
    repeated = repeated_lines(text_col.tolist(), groups)
    results = _chunk_results(
        texts_of, n_chunks, offset_dtype, min(jobs, max(n_chunks, 1)), repeated
    )
    for sents, forms, codes, s, e in progress(results, total=n_chunks, desc="tokens", unit="chunk"):
        ids.append(enc.lookup(forms)[codes])
        starts.append(s)
        ends.append(e)
        sent_parts.append(sents)
        del forms, codes, s, e
    terms = np.array(list(enc.term_ids), dtype=object)
    order = np.argsort(terms, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    sentences = {c: np.concatenate([p[c] for p in sent_parts]) for c in SENTENCE_COLUMNS}
    del sent_parts
    sentences["start"] = sentences["start"].astype(offset_dtype)
    sentences["end"] = sentences["end"].astype(offset_dtype)
    layer = _Layer(
        vocab=terms[order],
        ids=_remap(_concatenate(ids, np.int32), rank),
        start=_concatenate(starts, offset_dtype),
        end=_concatenate(ends, offset_dtype),
        sentences=sentences,
    )
    release_heap(first=False)
    return layer


def _concatenate(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    """Concatenate and empty ``parts``, so at most one extra chunk is held (not 2x the data)."""
    out = np.empty(sum(len(p) for p in parts), dtype=dtype)
    pos = 0
    while parts:
        part = parts.pop(0)
        out[pos : pos + len(part)] = part
        pos += len(part)
    return out


def _remap(ids: np.ndarray, rank: np.ndarray, step: int = 1 << 22) -> np.ndarray:
    """``rank[ids]`` in place, a slice at a time (no second array of every token)."""
    for first in range(0, len(ids), step):
        ids[first : first + step] = rank[ids[first : first + step]]
    return ids


# --- caches ------------------------------------------------------------------------------------

_memory: OrderedDict[str, _Layer] = OrderedDict()
_memory_lock = threading.Lock()
_ARRAYS = ("ids", "start", "end")


def clear_memory_cache() -> None:
    """Forget the layers kept in memory (the disk cache stays)."""
    with _memory_lock:
        _memory.clear()


def _remember(key: str, layer: _Layer) -> None:
    with _memory_lock:
        _memory[key] = layer
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_ENTRIES:
            _memory.popitem(last=False)


def _disk_path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / "tokens" / key


def _save(path: Path, layer: _Layer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=".tmp-"))
    try:
        for name in _ARRAYS:
            np.save(tmp / f"{name}.npy", getattr(layer, name))
        for name, arr in layer.sentences.items():
            np.save(tmp / f"sentences.{name}.npy", arr)
        (tmp / "vocab.txt").write_text("\n".join(layer.vocab), encoding="utf-8")
        (tmp / "meta.json").write_text(json.dumps({"version": LAYER_VERSION}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process won the race, or no room
        if not path.exists():
            raise


def _load(path: Path) -> _Layer | None:
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != LAYER_VERSION:
            return None
        text = (path / "vocab.txt").read_text(encoding="utf-8")
        vocab = np.array(text.split("\n") if text else [], dtype=object)
        arrays = {n: np.load(path / f"{n}.npy", mmap_mode="r") for n in _ARRAYS}
        sents = {c: np.load(path / f"sentences.{c}.npy") for c in SENTENCE_COLUMNS}
    except (OSError, ValueError):
        return None  # missing or damaged entry: rebuild
    return _Layer(vocab=vocab, sentences=sents, **arrays)


def corpus_layer(
    corpus: pd.DataFrame, *, cache: bool = True, n_jobs: int | None = None
) -> tuple[str, _Layer]:
    """The digest and the all-kinds layer of ``corpus``: from memory, disk, or built."""
    key = corpus_digest(corpus)
    if cache:
        with _memory_lock:
            hit = _memory.get(key)
        if hit is not None:
            return key, hit
        path = _disk_path(key)
        if path is not None and path.is_dir():
            layer = _load(path)
            if layer is not None:
                _remember(key, layer)
                return key, layer
    layer = build_layer(corpus, n_jobs=n_jobs)
    if cache:
        path = _disk_path(key)
        if path is not None:
            _save(path, layer)
            # keep the memory-mapped copy: file pages the system can drop, not a second heap
            layer = _load(path) or layer
        _remember(key, layer)
    return key, layer
