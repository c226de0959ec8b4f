"""Keyness: which terms one set of texts uses more than another.

``compare_counts`` is the statistic on two count vectors (signed G2, Log
Ratio, p); ``keyness`` and ``key_terms`` apply it to documents of a corpus.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import xlogy
from scipy.stats import chi2

from analysis.dfm import dfm
from analysis.segment import BODY
from analysis.selection import select_documents
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int, check_option

ENGLISH_REFERENCE_SIZE: int = 1_000_000_000

KEYNESS_COLUMNS: tuple[str, ...] = (
    "term",
    "target_count",
    "reference_count",
    "g2",
    "log_ratio",
    "p_value",
)
ZERO_CELL: float = 0.5


def _check_counts(counts: pd.Series, name: str) -> pd.Series:
    if not isinstance(counts, pd.Series):
        raise TypeError(f"{name} must be a pandas Series mapping term -> count")
    if counts.index.has_duplicates:
        dup = sorted(map(str, counts.index[counts.index.duplicated()].unique()))[:10]
        raise ValueError(f"{name} has duplicate terms in its index: {dup}")
    values = pd.to_numeric(counts, errors="coerce")
    if values.isna().any() or (values < 0).any():
        bad = sorted(map(str, counts.index[values.isna() | (values < 0)]))[:10]
        raise ValueError(f"{name} must hold non-negative counts; bad terms: {bad}")
    return values.astype("float64")


def _statistics(
    a: np.ndarray, b: np.ndarray, c1: float | np.ndarray, c2: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Signed G2 and Log Ratio of counts ``a`` of ``c1`` against ``b`` of ``c2``.

    The formulas of ``compare_counts``; ``c1``/``c2`` may be arrays (one size
    per row). The p-value is ``chi2.sf(|g2|, 1)``, taken by the caller on the
    rows it keeps.
    """
    n = c1 + c2
    row = a + b
    observed = (a, b, c1 - a, c2 - b)
    expected = (row * c1 / n, row * c2 / n, (n - row) * c1 / n, (n - row) * c2 / n)
    # O * ln(O / E) with the ratio taken first: ln O - ln E would cancel badly for huge cells
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * sum(
            np.where(o > 0, xlogy(o, o / e), 0.0) for o, e in zip(observed, expected, strict=True)
        )
    g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-16 for a perfectly even term
    overused = a / c1 >= b / c2
    g2 = np.where(overused, g2, -g2)
    log_ratio = np.log2(
        (np.where(a == 0, ZERO_CELL, a) / c1) / (np.where(b == 0, ZERO_CELL, b) / c2)
    )
    return g2, log_ratio


def two_by_two(
    labels: Sequence[str], a: np.ndarray, b: np.ndarray, c1: float, c2: float, *, min_count: int = 1
) -> pd.DataFrame:
    """The keyness table of counts ``a`` out of ``c1`` against ``b`` out of ``c2``, row by row.

    The statistics of ``compare_counts`` without its check that sizes exceed the
    sums of the counts, for tables whose rows are not parts of one whole (document
    frequencies, co-occurring pairs). Each row's counts must not exceed its
    side's size. Columns: term, target_count, reference_count, g2, log_ratio,
    p_value; sorted by g2 descending, then term; rows with ``a + b < min_count``
    left out.
    """
    check_int("min_count", min_count, low=1)
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    if c1 <= 0 or c2 <= 0:
        side = "target" if c1 <= 0 else "reference"
        raise ValueError(f"the {side} is empty: keyness needs both sides")
    if (a > c1).any() or (b > c2).any():
        raise ValueError("a count exceeds its side's size")
    keep = (a + b) >= min_count
    labels = np.asarray(list(map(str, labels)), dtype=object)[keep]
    a, b = a[keep], b[keep]
    g2, log_ratio = _statistics(a, b, c1, c2)
    out = pd.DataFrame(
        {
            "term": pd.array(labels, dtype="str"),
            "target_count": a.astype("int64"),
            "reference_count": b.astype("int64"),
            "g2": g2,
            "log_ratio": log_ratio,
            "p_value": chi2.sf(np.abs(g2), 1),
        }
    )
    return out.sort_values(["g2", "term"], ascending=[False, True], ignore_index=True)


def compare_counts(
    target: pd.Series,
    reference: pd.Series,
    *,
    min_count: int = 1,
    target_size: float | None = None,
    reference_size: float | None = None,
) -> pd.DataFrame:
    """Keyness of every term in ``target`` counts against ``reference`` counts.

    For a term with count ``a`` in the target (size ``C1``) and ``b`` in the
    reference (size ``C2``), the 2 x 2 table is ``[[a, b], [C1 - a, C2 - b]]``
    with ``N = C1 + C2`` and expected values ``E = row total * column total / N``.

    * ``g2`` -- Dunning's log-likelihood over the four cells,
      ``G2 = 2 * sum(O * ln(O / E))`` (natural log; an empty cell contributes 0,
      the limit of ``O ln O``), signed: positive when the term is relatively more
      frequent in the target (``a / C1 > b / C2``), negative when less.
    * ``log_ratio`` -- Hardie's (2014) Log Ratio, ``log2((a / C1) / (b / C2))``.
      A zero count is replaced by 0.5 (``ZERO_CELL``) in this formula only, so a
      term absent from one side gets a finite, conservative value.
    * ``p_value`` -- upper tail of the chi-square distribution with 1 degree of
      freedom at ``|g2|``.

    Parameters
    ----------
    target, reference : Series
        Term -> count (index = term). Terms missing from one side count 0.
    min_count : int, default 1
        Keep terms with ``a + b >= min_count``.
    target_size, reference_size : float, optional
        ``C1`` and ``C2``: the number of tokens of each side. Default: the sum of
        the Series. Pass them when the Series hold only some terms (e.g. after
        stop words were dropped) but the sizes should count every token.

    Returns
    -------
    DataFrame
        term, target_count, reference_count, g2, log_ratio, p_value; sorted by
        g2 descending, then term ascending.
    """
    a_all = _check_counts(target, "target")
    b_all = _check_counts(reference, "reference")
    check_int("min_count", min_count, low=1)
    c1 = float(a_all.sum()) if target_size is None else float(target_size)
    c2 = float(b_all.sum()) if reference_size is None else float(reference_size)
    if c1 <= 0 or c2 <= 0:
        side = "target" if c1 <= 0 else "reference"
        raise ValueError(f"the {side} has no tokens: keyness needs counts on both sides")
    if c1 < a_all.sum() or c2 < b_all.sum():
        raise ValueError("target_size/reference_size smaller than the sum of their counts")
    terms = a_all.index.union(b_all.index)
    a = a_all.reindex(terms, fill_value=0.0).to_numpy()
    b = b_all.reindex(terms, fill_value=0.0).to_numpy()
    keep = (a + b) >= min_count
    terms, a, b = terms[keep], a[keep], b[keep]

    g2, log_ratio = _statistics(a, b, c1, c2)
    p_value = chi2.sf(np.abs(g2), 1)
    out = pd.DataFrame(
        {
            "term": pd.array(list(map(str, terms)), dtype="str"),
            "target_count": a.astype("int64") if np.all(a == np.round(a)) else a,
            "reference_count": b.astype("int64") if np.all(b == np.round(b)) else b,
            "g2": g2,
            "log_ratio": log_ratio,
            "p_value": p_value,
        }
    )
    return out.sort_values(["g2", "term"], ascending=[False, True], ignore_index=True)


def _english_counts(terms: np.ndarray) -> np.ndarray:
    """Counts of ``terms`` in an assumed English corpus of ENGLISH_REFERENCE_SIZE tokens."""
    import wordfreq  # imported here: loading its word list takes a moment

    freq = pd.Series(wordfreq.get_frequency_dict("en", wordlist="best"))
    # wordfreq spells U.S. without its final dot
    lookup = pd.Series(terms, dtype=object).replace({"u.s.": "u.s"})
    values = lookup.map(freq)
    missing = values.isna()
    if missing.any():
        values[missing] = [wordfreq.word_frequency(t, "en") for t in lookup[missing]]
    return np.round(values.to_numpy(dtype="float64") * ENGLISH_REFERENCE_SIZE)


def keyness(
    corpus: pd.DataFrame | Tokens,
    target: object,
    *,
    reference: str = "rest",
    measure: str = "g2",
    drop_stopwords: bool = True,
    min_count: int = 2,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Words that set the ``target`` documents apart from a reference.

    Counts come from the documents x terms matrix; the statistics are those of
    ``compare_counts``: for a term with ``a`` occurrences in the target (``C1``
    tokens) and ``b`` in the reference (``C2`` tokens), ``g2`` is the signed
    four-cell log-likelihood ``2 * sum(O ln(O / E))`` over
    ``[[a, b], [C1 - a, C2 - b]]`` (natural log; an empty cell contributes 0;
    positive = relatively more frequent in the target), ``log_ratio`` is
    ``log2((a / C1) / (b / C2))`` with a zero count replaced by 0.5, and
    ``p_value`` the chi-square (1 df) tail of ``|g2|``. ``C1`` and ``C2``
    count every token, stop words included.

    Parameters
    ----------
    corpus : DataFrame or Tokens
        From ``load_corpus``, or its tokens layer.
    target : str, list of str or boolean mask
        The documents studied: a doc_id, a list of doc_ids, or a boolean
        array/Series over the corpus rows.
    reference : {"rest", "english"}, default "rest"
        ``"rest"``: the other documents of the corpus (every term of either side
        is scored). ``"english"``: general English from the ``wordfreq``
        package (offline): a term's reference count is its wordfreq frequency
        times an assumed corpus of ``ENGLISH_REFERENCE_SIZE`` = 10^9 tokens,
        rounded. Terms missing from wordfreq's list (hyphenated compounds,
        numbers...) get wordfreq's own estimate (``word_frequency``, which
        splits them into its tokens); a term it does not know at all counts 0.
        ``u.s.`` is looked up as ``u.s``. Only terms occurring in the target
        are scored.
    measure : {"g2", "log_ratio"}, default "g2"
        The column the table is sorted by (descending, then term).
    drop_stopwords : bool, default True
        Leave stop words out of the table (they still count in ``C1``/``C2``).
    min_count : int, default 2
        Keep terms with ``a + b >= min_count`` (for ``"english"``: ``a >= min_count``).
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.

    Returns
    -------
    DataFrame
        term, target_count, reference_count, g2, log_ratio, p_value.
    """
    check_option("measure", measure, ("g2", "log_ratio"))
    check_option("reference", reference, ("rest", "english"))
    check_int("min_count", min_count, low=1)
    toks = as_tokens(corpus, kinds=kinds)
    mask = select_documents(toks.corpus.reset_index(drop=True), target)
    if reference == "rest" and mask.all():
        raise ValueError("target selects every document: reference='rest' is empty")
    counts = dfm(toks, drop_stopwords=drop_stopwords).compact()
    terms, sizes = counts.terms, counts.sizes
    target_counts = np.asarray(counts.matrix[mask].sum(axis=0)).ravel()
    c1 = sizes[mask].sum()
    if c1 == 0:
        raise ValueError("the target documents have no tokens in the selected paragraph kinds")
    if reference == "rest":
        # the rest is the total minus the target: no copy of the reference rows
        ref_counts = counts.term_counts() - target_counts
        c2 = sizes.sum() - c1
        if c2 == 0:
            raise ValueError("the reference documents have no tokens in the selected kinds")
    else:
        present = target_counts >= min_count
        terms, target_counts = terms[present], target_counts[present]
        ref_counts = _english_counts(terms)
        c2 = ENGLISH_REFERENCE_SIZE
    index = pd.Index(terms, dtype="str")
    table = compare_counts(
        pd.Series(target_counts, index=index),
        pd.Series(ref_counts, index=index),
        min_count=min_count,
        target_size=c1,
        reference_size=c2,
    )
    if measure == "log_ratio":
        table = table.sort_values(["log_ratio", "term"], ascending=[False, True], ignore_index=True)
    return table


def key_terms(
    corpus: pd.DataFrame | Tokens,
    *,
    by: object = "doc_id",
    n: int = 10,
    measure: str = "g2",
    drop_stopwords: bool = True,
    min_count: int = 2,
    kinds: Sequence[str] | None = BODY,
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ``n`` most over-used terms of every group against all other documents.

    Each group (of ``by``, resolved by ``analysis.groups.resolve_by``) is the
    target of ``keyness(..., reference="rest")``; statistics, zero handling
    and sizes are those of ``keyness``. Only terms with a positive ``g2`` are
    listed. A group without tokens gets no row. ``groups`` limits the targets
    to these groups (the reference is still every other document), which keeps
    the cost down when ``by`` has thousands of groups (``doc_id``).

    Returns
    -------
    DataFrame
        ``by``, rank (1 = most key), term, target_count, reference_count, g2,
        log_ratio, p_value; groups in group order, then rank.
    """
    check_option("measure", measure, ("g2", "log_ratio"))
    check_int("n", n, low=1)
    check_int("min_count", min_count, low=1)
    wanted = groups
    counts = dfm(as_tokens(corpus, kinds=kinds), drop_stopwords=drop_stopwords).compact()
    groups = counts.groups(by)
    if len(groups.order) < 2:
        raise ValueError(f"by={by!r} has {len(groups.order)} group; keyness needs at least two")
    keep_rows = None
    if wanted is not None:
        position = {str(g): i for i, g in enumerate(groups.order)}
        unknown = [g for g in wanted if str(g) not in position]
        if unknown:
            raise ValueError(f"groups {unknown[:5]} are not groups of by={by!r}")
        keep_rows = np.zeros(len(groups.order), dtype=bool)
        keep_rows[[position[str(g)] for g in wanted]] = True
    grouped = counts.group(by)
    # only terms a group uses can be over-used (a = 0 gives g2 <= 0): score every
    # non-zero (group, term) cell at once, against the total minus the group
    cells = grouped.matrix.tocoo()
    if keep_rows is not None:
        chosen = keep_rows[cells.row]
        cells = sp.coo_matrix(
            (cells.data[chosen], (cells.row[chosen], cells.col[chosen])), shape=cells.shape
        )
    group, term = cells.row.astype(np.int64), cells.col.astype(np.int64)
    a = cells.data.astype("float64")
    b = counts.term_counts()[term] - a
    c1 = grouped.sizes[group].astype("float64")
    c2 = counts.sizes.sum() - c1
    keep = (a > 0) & (a + b >= min_count) & (c2 > 0)
    group, term, a, b, c1, c2 = (x[keep] for x in (group, term, a, b, c1, c2))
    g2, log_ratio = _statistics(a, b, c1, c2)
    over = g2 > 0
    group, term, a, b = group[over], term[over], a[over], b[over]
    scores = {"g2": g2[over], "log_ratio": log_ratio[over]}
    # by group, then the measure descending, then term (ids follow the sorted terms)
    order = np.lexsort((term, -scores[measure], group))
    sorted_group = group[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_group, sorted_group)
    rows = order[rank < n]
    labels = np.asarray(groups.order, dtype=object)
    return pd.DataFrame(
        {
            groups.name: pd.array(labels[group[rows]], dtype="str"),
            "rank": (rank[rank < n] + 1).astype("int64"),
            "term": pd.array(counts.terms[term[rows]], dtype="str"),
            "target_count": a[rows].astype("int64"),
            "reference_count": b[rows].astype("int64"),
            "g2": scores["g2"][rows],
            "log_ratio": scores["log_ratio"][rows],
            "p_value": chi2.sf(scores["g2"][rows], 1),  # only for the rows listed
        },
        columns=[groups.name, "rank", *KEYNESS_COLUMNS],
    )
