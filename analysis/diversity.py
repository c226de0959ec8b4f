"""Lexical diversity per document or group: TTR, MATTR, MTLD, HD-D.

The measures follow the ``lexicalrichness`` package (``LexicalRichness`` with
its word list set to our tokens) and give the same numbers; they are computed
here with NumPy on integer token ids.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import hypergeom

from analysis.groups import resolve_by
from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens

DIVERSITY_MEASURES: tuple[str, ...] = ("ttr", "mattr", "mtld", "hdd")


def _previous_occurrence(ids: np.ndarray) -> np.ndarray:
    """For each position, the last earlier position holding the same id (-1 if none)."""
    order = np.argsort(ids, kind="stable")
    prev = np.full(len(ids), -1, dtype="int64")
    same = ids[order[1:]] == ids[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    return prev


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
    prev = _previous_occurrence(ids)
    i = np.arange(n)
    lo = np.maximum.reduce([np.zeros(n, dtype="int64"), i - window + 1, prev + 1])
    hi = np.minimum(i, n - window)
    types_in_windows = np.clip(hi - lo + 1, 0, None).sum()
    return float(types_in_windows / ((n - window + 1) * window))


def _mtld_pass(ids: np.ndarray, threshold: float) -> float:
    """One direction of MTLD, exactly as lexicalrichness computes it."""
    n = len(ids)
    prev = _previous_occurrence(ids)
    factors, start, last_ttr = 0.0, 0, None
    while start < n:
        block = 128
        while True:  # look ahead in growing blocks for the point where TTR falls
            stop = min(n, start + block)
            types = np.cumsum(prev[start:stop] < start)
            ttr = types / np.arange(1, stop - start + 1)
            hit = np.flatnonzero(ttr <= threshold)
            if hit.size or stop == n:
                break
            block *= 2
        if hit.size:
            factors += 1
            start += int(hit[0]) + 1
        else:
            last_ttr = float(ttr[-1])
            start = n
    if last_ttr is not None:  # partial factor of the unfinished last segment
        factors += (1 - last_ttr) / (1 - threshold)
    if factors == 0:  # TTR never fell (all tokens distinct)
        overall = len(np.unique(ids)) / n
        factors += 1 if overall == 1 else (1 - overall) / (1 - threshold)
    return n / factors


def mtld(ids: np.ndarray, threshold: float = 0.72) -> float:
    """MTLD (McCarthy and Jarvis 2010): mean length of segments keeping TTR above ``threshold``.

    A segment ends at the first token where its TTR is ``<= threshold``; the
    unfinished last segment counts as ``(1 - TTR) / (1 - threshold)`` of a
    factor; the score is ``n / factors``, averaged over the forward and the
    reversed text.
    """
    if len(ids) == 0:
        raise ValueError("MTLD needs at least one token")
    return float(np.mean([_mtld_pass(ids, threshold), _mtld_pass(ids[::-1], threshold)]))


def hdd(ids: np.ndarray, draws: int = 42) -> float:
    """HD-D (McCarthy and Jarvis 2007): expected TTR of a random sample of ``draws`` tokens.

    ``sum over types of (1 - P(type absent from the sample)) / draws``, with
    the hypergeometric probability of drawing none of its ``f`` occurrences
    among ``n`` tokens. Requires ``len(ids) >= draws``.
    """
    n = len(ids)
    if draws < 1 or n < draws:
        raise ValueError(f"HD-D needs at least draws={draws} tokens, got {n}")
    freqs = np.unique(ids, return_counts=True)[1]
    return float(((1 - hypergeom.pmf(0, n, freqs, draws)) / draws).sum())


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
        From ``load_corpus``, or its tokens layer.
    by : str, list of str or Series, default "doc_id"
        Groups of documents (``analysis.groups.resolve_by``); the tokens of a
        group's documents are joined in corpus order.
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
    toks = as_tokens(corpus, kinds=kinds).prepare(
        drop_stopwords=drop_stopwords, keep_numbers=keep_numbers
    )
    groups = resolve_by(toks.corpus.reset_index(drop=True), by)
    order = groups.order
    token_group = groups.codes[toks.token_docs]
    ids_by_group = np.split(
        toks.ids[np.argsort(token_group, kind="stable")],
        np.cumsum(np.bincount(token_group, minlength=len(order)))[:-1],
    )
    rows = []
    for label, ids in zip(order, ids_by_group, strict=True):
        n = len(ids)
        counts = np.unique(ids, return_counts=True)[1]
        notes = []
        if n == 0:
            notes.append("no tokens")
        elif n < mattr_window:
            notes.append(f"mattr needs >= {mattr_window} tokens")
        if 0 < n < hdd_draws:
            notes.append(f"hdd needs >= {hdd_draws} tokens")
        rows.append(
            {
                groups.name: label,
                "tokens": n,
                "types": len(counts),
                "hapax": int((counts == 1).sum()),
                "ttr": len(counts) / n if n else np.nan,
                "mattr": mattr(ids, mattr_window) if n >= mattr_window and n else np.nan,
                "mtld": mtld(ids, mtld_threshold) if n else np.nan,
                "hdd": hdd(ids, hdd_draws) if n >= hdd_draws and n else np.nan,
                "note": "; ".join(notes),
            }
        )
    out = pd.DataFrame(rows)
    return out.astype({groups.name: "str", "tokens": "int64", "types": "int64", "hapax": "int64"})
