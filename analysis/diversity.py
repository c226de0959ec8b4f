"""Lexical diversity per document or group: TTR, MATTR, MTLD, HD-D.

The measures follow the ``lexicalrichness`` package (``LexicalRichness`` with
its word list set to our tokens) and give the same numbers (HD-D beyond 10^5
tokens: see ``hdd``, ours is exact where scipy's is not). They are computed
for every group at once on integer token ids: the tokens of each group are
laid end to end, and each token knows the previous and next position of the
same term in its group, from one stable sort of ``group * V + id``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.groups import resolve_by
from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int, check_real

DIVERSITY_MEASURES: tuple[str, ...] = ("ttr", "mattr", "mtld", "hdd")
_BLOCK = 128  # first look-ahead of an MTLD factor, doubled when a factor is longer


class _Streams:
    """Groups of token ids laid end to end: ``ids[lo[g]:hi[g]]`` is group ``g``.

    ``prev``/``next``: the position of the previous/next occurrence of the same
    term in the same group (-1 if none). ``pair_group``/``pair_count``: one row
    per (group, term) present, with its count.
    """

    def __init__(self, ids: np.ndarray, sizes: np.ndarray, n_vocab: int) -> None:
        n = len(ids)
        self.sizes = np.asarray(sizes, dtype=np.int64)
        self.hi = np.cumsum(self.sizes)
        self.lo = self.hi - self.sizes
        self.group = np.repeat(np.arange(len(sizes), dtype=np.int64), self.sizes)
        keys = self.group * max(n_vocab, 1) + ids
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        same = keys[1:] == keys[:-1]
        del keys
        position = np.int32 if n < 2**31 - 1 else np.int64
        self.prev = np.full(n, -1, dtype=position)
        self.next = np.full(n, -1, dtype=position)
        self.prev[order[1:][same]] = order[:-1][same]
        self.next[order[:-1][same]] = order[1:][same]
        first = np.flatnonzero(np.concatenate([[True], ~same])) if n else np.zeros(0, np.int64)
        self.pair_count = np.diff(np.append(first, n))
        self.pair_group = self.group[order[first]] if n else np.zeros(0, np.int64)
        self.types = np.bincount(self.pair_group, minlength=len(sizes))

    def reversed_prev(self) -> np.ndarray:
        """``prev`` of the streams with every group read backwards."""
        position = np.arange(len(self.prev), dtype=np.int64)
        mirror = (self.lo + self.hi - 1)[self.group]  # position p of group g -> mirror - p
        out = np.full(len(self.prev), -1, dtype=self.prev.dtype)
        out[mirror - position] = np.where(self.next >= 0, mirror - self.next, -1)
        return out


def _mattr(streams: _Streams, window: int) -> np.ndarray:
    """MATTR of every group (NaN for groups shorter than ``window``)."""
    lo, hi, group = streams.lo[streams.group], streams.hi[streams.group], streams.group
    position = np.arange(len(group), dtype=np.int64)
    # token p is new in window s (start s, s <= p < s + window) when its previous
    # occurrence lies before s: it counts once for every s in [first, last]
    first = np.maximum.reduce([lo, position - window + 1, streams.prev + 1])
    last = np.minimum(position, hi - window)
    types_in_windows = np.bincount(
        group, weights=np.clip(last - first + 1, 0, None), minlength=len(streams.sizes)
    ).astype(np.int64)
    n = streams.sizes
    with np.errstate(invalid="ignore", divide="ignore"):
        out = types_in_windows / ((n - window + 1) * window)
    return np.where(n >= window, out, np.nan)


def _most_types(length: int, threshold: float) -> np.ndarray:
    """``t[L]``: the most types whose TTR ``t / L`` (float division) is ``<= threshold``.

    Entry 0 is unused. Comparing a count with ``t[L]`` is exactly comparing
    ``types / L`` with ``threshold``, as lexicalrichness does, without dividing.
    """
    size = np.arange(length + 1)
    most = np.floor(size * threshold).astype(np.int64)
    # correct the float product both ways so that most / size <= threshold < (most + 1) / size
    most[1:] -= most[1:] / size[1:] > threshold
    most[1:] += (most[1:] + 1) / size[1:] <= threshold
    return most


def _mtld_factors(
    prev: np.ndarray, lo: np.ndarray, hi: np.ndarray, types: np.ndarray, threshold: float
) -> np.ndarray:
    """Factors of one MTLD pass over every group, exactly as lexicalrichness counts them.

    A factor ends at the first token where the TTR of the current segment is
    ``<= threshold``; all groups advance one factor per step. The unfinished
    last segment adds ``(1 - TTR) / (1 - threshold)``; a group whose count
    stays 0 gets 1 (all tokens distinct) or the same partial on its overall TTR.
    """
    start = lo.copy()
    factors = np.zeros(len(lo))
    active = np.flatnonzero(hi > lo)
    all_offsets = np.arange(_BLOCK, dtype=np.int64)
    all_most = _most_types(_BLOCK, threshold)[1:]
    while active.size:
        pending, block = active, _BLOCK
        while pending.size:  # look ahead in growing blocks until each segment ends or the text does
            if len(all_offsets) < block:
                all_offsets = np.arange(block, dtype=np.int64)
                all_most = _most_types(block, threshold)[1:]
            offsets, most = all_offsets[:block], all_most[:block]
            s = start[pending]
            room = hi[pending] - s
            index = s[:, None] + offsets
            np.minimum(index, (hi[pending] - 1)[:, None], out=index)
            inside = offsets < room[:, None]
            seen = np.cumsum((prev[index] < s[:, None]) & inside, axis=1)
            hit = (seen <= most) & inside
            first = hit.argmax(axis=1)
            found = hit[np.arange(len(pending)), first]
            rows = pending[found]
            factors[rows] += 1
            start[rows] += first[found] + 1
            at_end = ~found & (room <= block)
            if at_end.any():  # the last segment: a partial factor on its TTR
                length = room[at_end]
                last_ttr = seen[at_end, length - 1] / length
                factors[pending[at_end]] += (1 - last_ttr) / (1 - threshold)
                start[pending[at_end]] = hi[pending[at_end]]
            pending = pending[~found & ~at_end]
            block *= 2
        active = active[start[active] < hi[active]]
    n = hi - lo
    none = (factors == 0) & (n > 0)
    overall = types[none] / n[none]
    factors[none] += np.where(overall == 1, 1.0, (1 - overall) / (1 - threshold))
    return factors


def _mtld(streams: _Streams, threshold: float) -> np.ndarray:
    """MTLD of every group: mean of the forward and backward ``n / factors`` (NaN if empty)."""
    lo, hi, n = streams.lo, streams.hi, streams.sizes
    forward = _mtld_factors(streams.prev, lo, hi, streams.types, threshold)
    backward = _mtld_factors(streams.reversed_prev(), lo, hi, streams.types, threshold)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (n / forward + n / backward) / 2
    return np.where(n > 0, out, np.nan)


def _seen(n: np.ndarray, freq: np.ndarray, draws: int) -> np.ndarray:
    """``1 - P(none of freq occurrences among draws tokens drawn from n)``, exact to rounding.

    ``P = C(n - f, d) / C(n, d) = prod_{i < d} (1 - f / (n - i))``, summed as
    logarithms (``log1p``) and taken back with ``expm1``, so ``1 - P`` keeps
    its precision when ``P`` is close to 1 (a rare word in a long text).
    """
    log_absent = np.zeros(len(freq))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(draws):
            log_absent += np.log1p(-freq / (n - i))
        out = -np.expm1(log_absent)
    return np.where(freq > n - draws, 1.0, out)  # too frequent to be missed


def _hdd(streams: _Streams, draws: int) -> np.ndarray:
    """HD-D of every group (NaN for groups with fewer than ``draws`` tokens)."""
    n = streams.sizes
    ok = n[streams.pair_group] >= draws
    group, count = streams.pair_group[ok], streams.pair_count[ok]
    # the probability depends on (n, f) only: once per distinct frequency of a group
    base = int(count.max(initial=0)) + 1
    key, n_types = np.unique(group * base + count, return_counts=True)
    group, freq = key // base, (key % base).astype(np.float64)
    share = n_types * _seen(n[group].astype(np.float64), freq, draws) / draws
    out = np.bincount(group, weights=share, minlength=len(n))
    return np.where(n >= draws, out, np.nan)


def _one(ids: np.ndarray) -> _Streams:
    ids = np.asarray(ids, dtype=np.int64)
    return _Streams(ids, np.array([len(ids)]), int(ids.max(initial=-1)) + 1)


def mattr(ids: np.ndarray, window: int = 100) -> float:
    """Moving-average TTR (Covington and McFall 2010): mean TTR of every window.

    Windows are the ``n - window + 1`` runs of ``window`` consecutive tokens.
    Token ``i`` is new in window ``s`` when its previous occurrence lies before
    ``s``, so the sum of types over all windows is counted without building
    them. Requires ``len(ids) >= window``.
    """
    n = len(ids)
    if window < 1 or n < window:
        raise ValueError(f"MATTR needs at least window={window} tokens, got {n}")
    return float(_mattr(_one(ids), window)[0])


def mtld(ids: np.ndarray, threshold: float = 0.72) -> float:
    """MTLD (McCarthy and Jarvis 2010): mean length of segments keeping TTR above ``threshold``.

    A segment ends at the first token where its TTR is ``<= threshold``; the
    unfinished last segment counts as ``(1 - TTR) / (1 - threshold)`` of a
    factor; the score is ``n / factors``, averaged over the forward and the
    reversed text.
    """
    if len(ids) == 0:
        raise ValueError("MTLD needs at least one token")
    return float(_mtld(_one(ids), threshold)[0])


def hdd(ids: np.ndarray, draws: int = 42) -> float:
    """HD-D (McCarthy and Jarvis 2007): expected TTR of a random sample of ``draws`` tokens.

    ``sum over types of (1 - P(type absent from the sample)) / draws``, with
    the hypergeometric probability of drawing none of its ``f`` occurrences
    among ``n`` tokens, ``P = prod_{i < draws} (1 - f / (n - i))``, computed
    exactly to rounding. lexicalrichness calls ``scipy.stats.hypergeom.pmf``,
    which agrees to about 1e-14 on texts of up to 10^4 tokens but loses up
    to 1e-6 (relative, on a rare word's share) beyond 10^5 tokens, so large
    groups may differ from it in the seventh digit. Requires
    ``len(ids) >= draws``.
    """
    n = len(ids)
    if draws < 1 or n < draws:
        raise ValueError(f"HD-D needs at least draws={draws} tokens, got {n}")
    return float(_hdd(_one(ids), draws)[0])


def lexical_diversity(
    corpus: pd.DataFrame | Tokens,
    *,
    by: object = "doc_id",
    drop_stopwords: bool = False,
    keep_numbers: bool = False,
    mattr_window: int = 100,
    mtld_threshold: float = 0.72,
    hdd_draws: int = 42,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Vocabulary richness of each document (or group of documents).

    Parameters
    ----------
    corpus : DataFrame or Tokens
        From ``load_corpus``, or its tokens layer (``analysis.tokens.tokens``).
    by : str, list of str or Series, default "doc_id"
        Groups of documents (``analysis.groups.resolve_by``: a column, several
        columns, or a Series; documents without a value form ``"(missing)"``);
        the tokens of a group's documents are joined in corpus order.
    drop_stopwords : bool, default False
        Drop stop words before measuring.
    keep_numbers : bool, default False
        Count numbers as words (``lexicalrichness`` strips digits by default).
    mattr_window, mtld_threshold, hdd_draws : default 100, 0.72, 42
        Parameters of MATTR, MTLD and HD-D.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.

    Returns
    -------
    DataFrame
        ``by``, tokens, types, hapax (types seen once), ttr (types / tokens),
        mattr, mtld, hdd, note; one row per group in group order. A measure
        whose minimum is not met (MATTR: ``mattr_window`` tokens, HD-D:
        ``hdd_draws`` tokens, every measure: one token) is NaN and ``note``
        says why; otherwise ``note`` is empty.
    """
    check_int("mattr_window", mattr_window, low=1)
    if check_real("mtld_threshold", mtld_threshold, low=0, high=1) == 1:
        raise ValueError("mtld_threshold must be in [0, 1), not 1.0")
    check_int("hdd_draws", hdd_draws, low=1)
    toks = as_tokens(corpus, kinds=kinds).prepare(
        drop_stopwords=drop_stopwords, keep_numbers=keep_numbers
    )
    groups = resolve_by(toks.corpus.reset_index(drop=True), by)
    token_group = groups.codes[toks.token_docs]
    sizes = np.bincount(token_group, minlength=len(groups.order))
    ids = toks.ids.astype(np.int64)
    if np.any(token_group[1:] < token_group[:-1]):  # groups not yet contiguous (doc_id: they are)
        ids = ids[np.argsort(token_group, kind="stable")]
    del token_group
    streams = _Streams(ids, sizes, len(toks.vocab))
    del ids
    n, types = streams.sizes, streams.types
    hapax = np.bincount(streams.pair_group[streams.pair_count == 1], minlength=len(n))
    notes = [
        "; ".join(
            (["no tokens"] if size == 0 else [])
            + ([f"mattr needs >= {mattr_window} tokens"] if 0 < size < mattr_window else [])
            + ([f"hdd needs >= {hdd_draws} tokens"] if 0 < size < hdd_draws else [])
        )
        for size in n
    ]
    with np.errstate(invalid="ignore", divide="ignore"):
        ttr = np.where(n > 0, types / np.maximum(n, 1), np.nan)
    out = pd.DataFrame(
        {
            groups.name: pd.array(list(groups.order), dtype="str"),
            "tokens": n.astype("int64"),
            "types": types.astype("int64"),
            "hapax": hapax.astype("int64"),
            "ttr": ttr,
            "mattr": _mattr(streams, mattr_window),
            "mtld": _mtld(streams, mtld_threshold),
            "hdd": _hdd(streams, hdd_draws),
            "note": pd.array(notes, dtype="str"),
        }
    )
    return out
