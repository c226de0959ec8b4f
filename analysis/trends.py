"""Frequencies over time, with a confidence band from a bootstrap over documents.

``over_time`` counts terms (from the tokens layer) or actors (from ``find_mentions``)
per period of ``by`` (``"month"`` or ``"year"`` from ``date``, or any grouping), per
group of ``group`` when asked. The rate of an item in a period is
``10,000 * sum of its counts / sum of tokens`` over the period's documents (stop words
included in the tokens, as ``term_frequencies``'s ``rel_freq``). The band resamples the
period's documents with replacement ``n_boot`` times (``numpy.random.default_rng
(random_state)``, one draw per period and group, in their order) and takes the
percentile interval of the resampled rates, so one long or prolific article widens the
band instead of moving the line unnoticed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.dfm import dfm
from analysis.groups import MISSING_GROUP, resolve_by
from analysis.segment import BODY
from analysis.tokenize import tokenize
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int

TREND_COLUMNS: tuple[str, ...] = (
    "period",
    "item",
    "kind",
    "documents",
    "count",
    "tokens",
    "rate",
    "low",
    "high",
)


def _term_counts(toks: Tokens, terms: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Documents x terms counts of single-word ``terms`` (normalised as the tokenizer does)."""
    matrix = dfm(toks, drop_stopwords=False)
    position = {t: i for i, t in enumerate(matrix.terms.astype(str))}
    columns, names = [], []
    for term in terms:
        names.append(term)
        if str(term) in position:  # a term as the tables write it ("u.s."), used as is
            columns.append(position[str(term)])
            continue
        forms = tokenize(term)
        if len(forms) != 1:
            raise ValueError(f"term {term!r} is not one word; over_time counts single terms")
        columns.append(position.get(forms[0], -1))
    counts = np.zeros((toks.n_docs, len(terms)), dtype=np.int64)
    found = [i for i, c in enumerate(columns) if c >= 0]
    if found:
        picked = matrix.matrix.tocsc()[:, [columns[i] for i in found]].toarray()
        counts[:, found] = picked
    return counts, names


def _actor_counts(toks: Tokens, mentions: pd.DataFrame, actors: Sequence[str]) -> np.ndarray:
    """Documents x actors counts of mentions."""
    missing = [c for c in ("doc_id", "actor") if c not in mentions]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")
    row = pd.Index(toks.doc_ids.astype(str)).get_indexer(mentions["doc_id"].astype(str))
    column = pd.Index(list(actors)).get_indexer(mentions["actor"])
    keep = (row >= 0) & (column >= 0)
    counts = np.zeros((toks.n_docs, len(actors)), dtype=np.int64)
    np.add.at(counts, (row[keep], column[keep]), 1)
    return counts


def over_time(
    corpus: pd.DataFrame | Tokens,
    *,
    terms: Sequence[str] | None = None,
    mentions: pd.DataFrame | None = None,
    actors: Sequence[str] | None = None,
    by: object = "month",
    group: object = None,
    n_boot: int = 200,
    confidence: float = 0.95,
    random_state: int = 0,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Rate of terms and actors per period, with a bootstrap band over documents.

    Parameters
    ----------
    corpus : DataFrame or Tokens
        The corpus (with ``date`` for ``by="month"``/``"year"``) or its tokens layer.
    terms : sequence of str, optional
        Single words, matched as the tokenizer writes them (lower case).
    mentions, actors : optional
        ``find_mentions`` output and the canonical actor names to follow.
    by : grouping, default "month"
        The periods (``analysis.groups.resolve_by``); documents without a date form
        ``"(missing)"`` and are left out of the table.
    group : grouping, optional
        One series per group (e.g. ``"bias"``): a ``group`` column is added.
    n_boot : int, default 200
        Bootstrap resamples per period (and group).
    confidence : float, default 0.95
        Width of the percentile interval ``low``-``high``.

    Returns
    -------
    DataFrame
        period, [group], item, kind ("term" or "actor"), documents, count, tokens,
        rate (per 10,000 tokens), low, high; sorted by period order, group order,
        then the order of ``terms`` and ``actors``.
    """
    check_int("n_boot", n_boot, low=1)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    if not terms and not actors:
        raise ValueError("name terms=, or actors= with mentions=, to follow over time")
    if actors and mentions is None:
        raise ValueError("actors= needs mentions= (the output of find_mentions)")
    toks = as_tokens(corpus, kinds=kinds)
    blocks, items, kind = [], [], []
    if terms:
        counts, names = _term_counts(toks, list(terms))
        blocks.append(counts)
        items += names
        kind += ["term"] * len(names)
    if actors:
        blocks.append(_actor_counts(toks, mentions, list(actors)))
        items += list(actors)
        kind += ["actor"] * len(actors)
    counts = np.hstack(blocks).astype("float64")
    sizes = toks.doc_lengths().astype("float64")
    periods = resolve_by(toks.corpus, by)
    groups = resolve_by(toks.corpus, group) if group is not None else None
    rng = np.random.default_rng(random_state)
    tail = (1 - confidence) / 2
    rows = []
    for p, period in enumerate(periods.order):
        if period == MISSING_GROUP:
            continue
        in_period = periods.codes == p
        for g, name in enumerate(groups.order if groups is not None else [None]):
            in_group = groups.codes == g if groups is not None else True
            members = np.flatnonzero(in_period & in_group)
            if not len(members):
                continue
            c, s = counts[members], sizes[members]
            draw = rng.integers(0, len(members), size=(n_boot, len(members)))
            boot_tokens = s[draw].sum(axis=1)
            boot = np.einsum("bdi->bi", c[draw]) * 10_000 / np.maximum(boot_tokens, 1)[:, None]
            low, high = np.quantile(boot, [tail, 1 - tail], axis=0)
            total = float(s.sum())
            for i, item in enumerate(items):
                row = {
                    "period": period,
                    "item": item,
                    "kind": kind[i],
                    "documents": len(members),
                    "count": int(c[:, i].sum()),
                    "tokens": int(total),
                    "rate": c[:, i].sum() * 10_000 / total if total else 0.0,
                    "low": low[i],
                    "high": high[i],
                }
                if groups is not None:
                    row["group"] = name
                rows.append(row)
    columns = list(TREND_COLUMNS)
    if groups is not None:
        columns.insert(1, "group")
    out = pd.DataFrame(rows, columns=columns)
    out.attrs.update(confidence=confidence, n_boot=n_boot, by=periods.name)
    return out
