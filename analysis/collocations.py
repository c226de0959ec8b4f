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
_BLOCK = 1 << 20  # token positions counted at a time
_SCORE_BLOCK = 1 << 16  # pairs scored at a time (the LLR needs a dozen temporary arrays)


def collocations(
    corpus: pd.DataFrame | Tokens,
    *,
    window: int = 2,
    min_count: int = 2,
    drop_stopwords: bool = False,
    measures: Sequence[str] = COLLOCATION_MEASURES,
    kinds: Sequence[str] | None = BODY,
    associated_only: bool = True,
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
    associated_only : bool, default True
        Keep only pairs seen more often than their words' frequencies predict
        (``n_ii > n_ix * n_xi / N``, i.e. PMI > 0). ``llr`` is unsigned, so without
        this filter a frequent pair seen far *less* often than chance ("the the",
        a scraping slip, against the expected thousands) ranks high. ``False``
        keeps every pair, as NLTK's finder does.

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
    vocab, n = toks.vocab, float(toks.n_tokens)
    pairs = _pair_counts(toks.ids, toks.token_sentences, len(vocab), window)
    keep = pairs.data >= min_count
    w1 = np.repeat(np.arange(pairs.shape[0], dtype=np.int32), np.diff(pairs.indptr))[keep]
    w2, count = pairs.indices[keep], pairs.data[keep].astype(np.int64)
    del pairs, keep
    word_counts = np.bincount(toks.ids, minlength=len(vocab)).astype("float64")
    if associated_only:
        above = count / (window - 1) * n > word_counts[w1] * word_counts[w2]
        w1, w2, count = w1[above], w2[above], count[above]
    scores = {m: np.empty(len(count)) for m in measures}
    for lo in range(0, len(count), _SCORE_BLOCK):  # a block of pairs at a time
        rows = slice(lo, lo + _SCORE_BLOCK)
        n_ii = count[rows] / (window - 1)
        n_ix, n_xi = word_counts[w1[rows]], word_counts[w2[rows]]
        for m in measures:
            if m == "pmi":
                scores[m][rows] = np.log2(n_ii * n) - np.log2(n_ix * n_xi)
            elif m == "t":
                scores[m][rows] = (n_ii - n_ix * n_xi / n) / np.sqrt(n_ii + _NLTK_SMALL)
            else:
                scores[m][rows] = _nltk_llr(n_ii, n_ix, n_xi, n)
    # sorted here, on ids: the vocabulary is sorted, so id order is term order
    order = np.lexsort((w2, w1, -scores[measures[0]]))  # NaN scores last
    return pd.DataFrame(
        {
            # from the object vocabulary straight to strings (a NumPy "<U" copy is
            # as wide as the longest term for every row)
            "w1": pd.array(vocab[w1[order]], dtype="str"),
            "w2": pd.array(vocab[w2[order]], dtype="str"),
            "count": count[order],
            **{m: values[order] for m, values in scores.items()},
        }
    )


def _pair_counts(ids: np.ndarray, sentence: np.ndarray, n_vocab: int, window: int) -> sp.csr_matrix:
    """Counts of (w1, w2) with w2 within ``window - 1`` tokens after w1 in the same sentence.

    CSR (w1 x w2, int32 counts). Positions are taken a block at a time for
    each offset ``k``: a bool mask of same-sentence pairs and two int32 id
    arrays of at most ``_BLOCK`` entries, summed into the matrix (no array of
    every position for every ``k``).
    """
    pairs = sp.csr_matrix((n_vocab, n_vocab), dtype=np.int32)
    n_tokens = len(ids)
    for k in range(1, window):
        for lo in range(0, max(n_tokens - k, 0), _BLOCK):
            hi = min(lo + _BLOCK, n_tokens - k)
            same = sentence[lo:hi] == sentence[lo + k : hi + k]
            step = sp.csr_matrix(
                (
                    np.ones(int(same.sum()), dtype=np.int32),
                    (ids[lo:hi][same], ids[lo + k : hi + k][same]),
                ),
                shape=(n_vocab, n_vocab),
            )
            pairs = pairs + step
    pairs.sum_duplicates()
    return pairs


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
