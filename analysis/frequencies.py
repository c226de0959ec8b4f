"""How often terms occur: frequencies overall and per group, and Zipf's law.

Counts come from the document-term matrix of the tokens layer
(``analysis.dfm``), so nothing is tokenized again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.dfm import dfm
from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int

FREQUENCY_COLUMNS: tuple[str, ...] = ("term", "count", "rel_freq", "doc_freq")
_MAX_TABLE_CELLS = 20_000_000


def term_frequencies(
    corpus: pd.DataFrame | Tokens,
    *,
    by: object = None,
    drop_stopwords: bool = True,
    ngram: int = 1,
    min_count: int = 1,
    kinds: Sequence[str] | None = BODY,
    rates: bool = False,
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """How often every term occurs, overall and per group of documents.

    Parameters
    ----------
    corpus : DataFrame or Tokens
        From ``load_corpus``, or its tokens layer (``analysis.tokens.tokens``).
    by : str, list of str or Series, optional
        Groups of documents (``analysis.groups.resolve_by``: a column such as
        ``doc_id``, ``outlet`` or ``year``, several columns, or a Series): adds
        one count column per group, named by the group (``"(missing)"`` for
        documents without a value, last), in group order.
    drop_stopwords : bool, default True
        Drop ``analysis.tokenize.STOP_WORDS`` before counting (and before
        n-grams are formed, as scikit-learn does).
    ngram : int, default 1
        Count n-grams of this length instead of single words; n-grams never
        span two sentences. A term is the tokens joined by one space.
    min_count : int, default 1
        Keep terms occurring at least this often in the corpus.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.
    rates : bool, default False
        Group columns hold rates per 10,000 tokens of the group (stop words
        included, as ``rel_freq``) instead of counts, so that a group of 2
        articles and a group of 120 can be compared. A group without tokens
        gets 0.
    groups : sequence of str, optional
        Only these group columns, in this order (e.g. ``largest_groups(...)``):
        the counts and ``doc_freq`` still cover the whole corpus.

    Returns
    -------
    DataFrame
        ``term, count, rel_freq, doc_freq`` and the group columns. ``rel_freq``
        is ``10,000 * count / N`` where ``N`` is the number of tokens in the
        counted text, stop words included, so rates do not depend on
        ``drop_stopwords``; ``doc_freq`` is the number of documents containing
        the term. Sorted by count descending, then term.
    """
    check_int("ngram", ngram, low=1)
    check_int("min_count", min_count, low=1)
    counts = dfm(as_tokens(corpus, kinds=kinds), drop_stopwords=drop_stopwords, ngram=ngram)
    counts = counts.compact()
    matrix, terms, total = counts.matrix, counts.terms, int(counts.sizes.sum())
    totals = counts.term_counts()
    keep = totals >= min_count
    matrix, terms, totals = matrix[:, keep], terms[keep], totals[keep]
    out = pd.DataFrame(
        {
            "term": pd.array(terms, dtype="str"),
            "count": totals,
            "rel_freq": totals * 10_000 / total if total else np.zeros(len(totals)),
            "doc_freq": np.bincount(matrix.indices, minlength=matrix.shape[1]).astype("int64"),
        }
    )
    if by is not None:
        grouped = counts.group(by)
        order = [str(g) for g in grouped.units.iloc[:, 0]]
        columns = np.arange(len(order))
        if groups is not None:
            position = {g: i for i, g in enumerate(order)}
            unknown = [g for g in groups if str(g) not in position]
            if unknown:
                raise ValueError(f"groups {unknown[:5]} are not groups of by={by!r}")
            columns = np.array([position[str(g)] for g in groups], dtype=np.int64)
            order = [order[i] for i in columns]
        clash = sorted(set(order) & set(FREQUENCY_COLUMNS))
        if clash:
            raise CorpusError(f"by={by!r}: group values {clash} clash with the table's columns")
        if len(order) * len(terms) > _MAX_TABLE_CELLS:
            raise ValueError(
                f"by={by!r} gives {len(order)} groups x {len(terms)} terms, too large a table; "
                "group more coarsely or raise min_count"
            )
        table = grouped.matrix[columns][:, keep].T.toarray().astype("int64")  # terms x groups
        if rates:
            sizes = grouped.sizes[columns].astype("float64")
            table = np.divide(table * 10_000.0, sizes, out=np.zeros(table.shape), where=sizes > 0)
        out = pd.concat([out, pd.DataFrame(table, columns=order)], axis=1)
    return out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)


def zipf_fit(frequencies: pd.DataFrame) -> dict[str, float]:
    """Least-squares line through log10(rank) vs log10(count).

    Ranks are ordinal (1, 2, 3... in the table's order: count descending, ties
    by term), every term is used, and the fit is ordinary least squares of
    ``log10(count) = intercept + slope * log10(rank)`` (``numpy.polyfit``).
    Zipf's law predicts a slope near -1.

    Returns
    -------
    dict
        ``slope``, ``intercept``, ``r_squared``, ``n_terms``.
    """
    counts = np.sort(frequencies["count"].to_numpy(dtype="float64"))[::-1]
    counts = counts[counts > 0]
    if len(counts) < 2:
        raise ValueError("a Zipf fit needs at least two terms with a count")
    x = np.log10(np.arange(1, len(counts) + 1))
    y = np.log10(counts)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (intercept + slope * x)
    total = ((y - y.mean()) ** 2).sum()
    r_squared = 1 - (residual**2).sum() / total if total else float("nan")
    return {
        "slope": float(slope),
        "intercept": float(intercept),
        "r_squared": float(r_squared),
        "n_terms": float(len(counts)),
    }
