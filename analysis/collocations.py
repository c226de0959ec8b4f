"""Collocations: word pairs that occur near each other more often than chance.

Pairs are counted from the token ids of the tokens layer, inside sentences;
scores equal NLTK's ``BigramAssocMeasures`` on the same tokens (tests).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int

COLLOCATION_MEASURES: tuple[str, ...] = ("pmi", "llr", "t")
_NLTK_SMALL = 1e-20  # nltk.metrics.association._SMALL, kept so scores match NLTK exactly


def collocations(
    corpus: pd.DataFrame | Tokens,
    *,
    window: int = 2,
    min_count: int = 2,
    drop_stopwords: bool = False,
    measures: Sequence[str] = COLLOCATION_MEASURES,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Word pairs that occur near each other more often than chance.

    Counting follows ``nltk.collocations.BigramCollocationFinder.from_words(
    tokens, window_size=window)`` applied to each sentence separately and
    summed: every token counts once as a word (``n_ix``, ``n_xi``; ``N`` is the
    number of tokens), and ``(w1, w2)`` counts once for every ``w2`` within the
    ``window - 1`` tokens after a ``w1`` of the same sentence. Scores use NLTK's
    ``BigramAssocMeasures`` on ``n_ii = count / (window - 1)`` (Church and
    Hanks' scaling, as NLTK does):

    * ``pmi`` -- ``log2(n_ii * N / (n_ix * n_xi))``;
    * ``llr`` -- NLTK's ``likelihood_ratio``: ``2 * sum(O * ln(O / (E + 1e-20) + 1e-20))``
      over the four cells ``n_ii, n_oi, n_io, n_oo`` with ``E`` from the
      margins (natural log, unsigned; an empty cell contributes 0);
    * ``t`` -- ``(n_ii - n_ix * n_xi / N) / sqrt(n_ii + 1e-20)``.

    Parameters
    ----------
    window : int, default 2
        Window size in tokens, counting ``w1`` (2 = adjacent pairs).
    min_count : int, default 2
        Keep pairs with ``count >= min_count`` (NLTK's ``apply_freq_filter``).
    drop_stopwords : bool, default False
        Remove stop words from the token stream first (pairs then form across
        the removed words, still inside the sentence).
    measures : sequence of {"pmi", "llr", "t"}
        Score columns, in this order; the table is sorted by the first
        (descending), then w1, w2.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.

    Returns
    -------
    DataFrame
        w1, w2, count (raw pair count in windows) and one column per measure.
        Where NLTK would fail on the log of a negative cell (possible only when
        one word fills most of the corpus), ``llr`` is NaN.
    """
    check_int("window", window, low=2)
    check_int("min_count", min_count, low=1)
    measures = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in measures if m not in COLLOCATION_MEASURES]
    if unknown or not measures:
        raise ValueError(f"unknown measures {unknown}; choose from {list(COLLOCATION_MEASURES)}")
    toks = as_tokens(corpus, kinds=kinds).prepare(drop_stopwords=drop_stopwords)
    vocab, ids = toks.vocab, toks.ids
    n_vocab, n_tokens = len(vocab), len(ids)
    word_counts = np.bincount(ids, minlength=n_vocab).astype("float64")
    sent = toks.token_sentences  # int32
    pairs = sp.csr_matrix((n_vocab, n_vocab), dtype="int64")
    for k in range(1, window):
        # pairs k tokens apart inside one sentence: a bool mask and two int32 id arrays
        same = sent[:-k] == sent[k:] if n_tokens > k else np.zeros(0, dtype=bool)
        ones = np.ones(int(same.sum()), dtype=np.int32)
        step = sp.coo_matrix(
            (ones, (ids[:-k][same], ids[k:][same])), shape=(n_vocab, n_vocab)
        ).tocsr()
        del same, ones
        pairs = pairs + step
    pairs = pairs.tocoo()
    keep = pairs.data >= min_count
    w1, w2, count = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    n_ii = count / (window - 1)
    n_ix, n_xi, n = word_counts[w1], word_counts[w2], float(n_tokens)
    out = pd.DataFrame(
        {
            "w1": pd.array(vocab[w1].astype(str), dtype="str"),
            "w2": pd.array(vocab[w2].astype(str), dtype="str"),
            "count": count.astype("int64"),
        }
    )
    for m in measures:
        if m == "pmi":
            out["pmi"] = np.log2(n_ii * n) - np.log2(n_ix * n_xi)
        elif m == "t":
            out["t"] = (n_ii - n_ix * n_xi / n) / np.sqrt(n_ii + _NLTK_SMALL)
        else:
            out["llr"] = _nltk_llr(n_ii, n_ix, n_xi, n)
    return out.sort_values(
        [measures[0], "w1", "w2"], ascending=[False, True, True], ignore_index=True
    )


def _nltk_llr(n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, n: float) -> np.ndarray:
    """NLTK's BigramAssocMeasures.likelihood_ratio, vectorised."""
    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    n_oo = n - n_ii - n_oi - n_io
    cells = (n_ii, n_oi, n_io, n_oo)
    # NLTK's expected value of cell i: (cell i + cell i^1) * (cell i + cell i^2) / N
    expected = (
        (n_ii + n_oi) * (n_ii + n_io) / n,
        (n_oi + n_ii) * (n_oi + n_oo) / n,
        (n_io + n_oo) * (n_io + n_ii) / n,
        (n_oo + n_io) * (n_oo + n_oi) / n,
    )
    total = np.zeros(len(n_ii))
    with np.errstate(invalid="ignore", divide="ignore"):
        for obs, exp in zip(cells, expected, strict=True):
            term = obs * np.log(obs / (exp + _NLTK_SMALL) + _NLTK_SMALL)
            total += np.where(obs == 0, 0.0, term)
    return 2 * total
