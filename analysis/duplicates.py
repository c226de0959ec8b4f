"""Near-duplicate documents: syndicated copies and updates of one story, by MinHash LSH.

Two documents are near-duplicates when the Jaccard similarity of their sets of
``shingle``-word shingles (lower-cased word runs ``\\w+``) is at least ``threshold``.
The sets are compared through MinHash signatures of ``num_perm`` permutations
(datasketch's ``MinHash``; the estimate's standard error is about
``sqrt(J (1 - J) / num_perm)``, 0.03 at J = 0.8 and 128 permutations), and candidate
pairs come from datasketch's ``MinHashLSH`` banding, so no pair of documents is
compared unless its signatures agree on a whole band; each candidate pair is then kept
when its estimated Jaccard is at least ``threshold``.

Documents joined by kept pairs form a group (connected components); every member but
the first (in ``doc_id`` order) is a duplicate of that first one. Shingles are hashed
with pandas' ``hash_array`` (SipHash, fixed key), so results are the same in every
process and under any ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from analysis.progress import progress
from analysis.validation import check_int, check_real

DUPLICATE_COLUMNS: tuple[str, ...] = ("doc_id", "duplicate_of", "similarity")
_WORD_RE = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio: spreads the rolling hash
_CHUNK = 500


def _shingles(h: np.ndarray, shingle: int) -> np.ndarray:
    """32-bit hashes of the distinct ``shingle``-word windows of one document's word hashes."""
    if not len(h):
        return np.zeros(0, dtype=np.uint64)
    width = min(shingle, len(h))  # a text shorter than a shingle is one shingle
    # polynomial hash of each window, all windows at once (uint64 arithmetic wraps)
    windows = h[: len(h) - width + 1].copy()
    for k in range(1, width):
        windows = windows * _MIX + h[k : len(h) - width + 1 + k]
    return np.unique((windows >> np.uint64(32)) ^ (windows & _MASK32))


def _signatures(texts: list[str], shingle: int, num_perm: int, seed: int) -> list:
    """LeanMinHash of each text's shingles (None for a text without words).

    Words are hashed by pandas' ``hash_array`` for ``_CHUNK`` documents at a time (one
    call per chunk, not per document); the permutations are drawn once.
    """
    from datasketch import LeanMinHash, MinHash

    template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    out: list = []
    starts = range(0, len(texts), _CHUNK)
    for first in progress(starts, total=len(starts), desc="near_duplicates", unit="chunk"):
        words = [_WORD_RE.findall(t.lower()) for t in texts[first : first + _CHUNK]]
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        flat = np.fromiter((w for ws in words for w in ws), dtype=object, count=int(sizes.sum()))
        hashed = np.split(pd.util.hash_array(flat), np.cumsum(sizes)[:-1])
        for h in hashed:
            values = _shingles(h, shingle)
            if not len(values):
                out.append(None)
                continue
            m = MinHash(
                num_perm=num_perm,
                seed=seed,
                hashfunc=int,
                permutations=template.permutations,
                scheme=template.scheme,
            )
            m.update_batch(values.tolist())
            out.append(LeanMinHash(m))
    return out


def near_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.8,
    shingle: int = 5,
    num_perm: int = 128,
    random_state: int = 1,
) -> pd.DataFrame:
    """Documents that repeat an earlier one almost word for word (module docstring).

    Parameters
    ----------
    corpus : DataFrame
        With ``doc_id`` and ``text`` (``load_corpus`` output).
    threshold : float, default 0.8
        Least estimated Jaccard similarity of the documents' shingle sets.
    shingle : int, default 5
        Words per shingle.
    num_perm : int, default 128
        MinHash permutations (more: a finer estimate, slower).
    random_state : int, default 1
        Seed of the MinHash permutations.

    Returns
    -------
    DataFrame
        ``doc_id, duplicate_of, similarity``: one row per duplicate document, with the
        first document of its group (``doc_id`` order) and the estimated Jaccard
        similarity of the two; sorted by ``duplicate_of``, then ``doc_id``.
    """
    from datasketch import MinHashLSH

    threshold = check_real("threshold", threshold, low=0.0, high=1.0)
    shingle = check_int("shingle", shingle, low=1)
    num_perm = check_int("num_perm", num_perm, low=16)
    random_state = check_int("random_state", random_state, low=0)
    for column in ("doc_id", "text"):
        if column not in corpus.columns:
            raise ValueError(f"corpus lacks the column {column!r}; pass load_corpus output")
    order = np.argsort(corpus["doc_id"].astype(str).to_numpy(), kind="stable")
    doc_ids = corpus["doc_id"].astype(str).to_numpy()[order]
    texts = corpus["text"].to_numpy()[order].tolist()
    signatures = _signatures(texts, shingle, num_perm, random_state)
    # candidates are checked by their estimated Jaccard, so bands are tuned to miss few pairs
    # (their threshold kept inside (0, 1), where datasketch can choose bands)
    banding = min(max(threshold, 0.05), 0.95)
    lsh = MinHashLSH(threshold=banding, num_perm=num_perm, weights=(0.05, 0.95))
    for i, m in enumerate(signatures):
        if m is not None:
            lsh.insert(i, m, check_duplication=False)
    first, second, similarity = [], [], []
    for i, m in enumerate(signatures):
        if m is None:
            continue
        for j in lsh.query(m):
            if j > i:
                sim = m.jaccard(signatures[j])
                if sim >= threshold:
                    first.append(i)
                    second.append(j)
                    similarity.append(sim)
    n = len(doc_ids)
    graph = sp.coo_matrix((np.ones(len(first)), (first, second)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    # the first member of each group in doc_id order (rows are in doc_id order already)
    root = pd.Series(np.arange(n)).groupby(label).transform("min").to_numpy()
    dup = np.flatnonzero(root != np.arange(n))
    sims = [signatures[d].jaccard(signatures[r]) for d, r in zip(dup, root[dup], strict=True)]
    out = pd.DataFrame(
        {
            "doc_id": pd.array(doc_ids[dup], dtype="str"),
            "duplicate_of": pd.array(doc_ids[root[dup]], dtype="str"),
            "similarity": np.asarray(sims, dtype=np.float64),
        }
    )
    return out.sort_values(["duplicate_of", "doc_id"], ignore_index=True)
