"""Term frequencies and keyness of a Dask corpus: per-partition counts summed term by term."""

from __future__ import annotations

from collections.abc import Sequence

import dask.dataframe as dd
import numpy as np
import pandas as pd

from analysis.distributed.tokens import DaskTokens, _gather, _sum_by_term, _token_parts
from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.validation import check_int, check_option


def _by_columns(by: object) -> list[str]:
    if isinstance(by, str):
        return [by, "date"]
    if isinstance(by, list | tuple) and by and all(isinstance(b, str) for b in by):
        return [*by, "date"]
    raise TypeError(
        f"by must be a column name or a list of column names for a Dask corpus, not {by!r} "
        "(a Series cannot follow the partitions: add it as a column)"
    )


def _frequency_part(toks, by, kinds, options):
    from analysis.groups import resolve_by
    from analysis.tokens import as_tokens

    if toks is None:
        return None
    toks = as_tokens(toks, kinds=kinds)
    from analysis.frequencies import term_frequencies

    table = term_frequencies(toks, by=by, min_count=1, kinds=kinds, **options)
    if by is None:
        return table, toks.n_tokens, None, []
    corpus = toks.corpus
    cols = [c for c in dict.fromkeys(_by_columns(by)) if c in corpus.columns]
    return table, toks.n_tokens, corpus[cols].reset_index(drop=True), resolve_by(corpus, by).order


def term_frequencies_dask(
    data: dd.DataFrame | DaskTokens,
    by: str | Sequence[str] | None = None,
    *,
    min_count: int = 1,
    kinds: Sequence[str] | None = BODY,
    **options: object,
) -> pd.DataFrame:
    """``analysis.frequencies.term_frequencies`` of a Dask corpus (the same table).

    Every partition's table (``min_count=1``) is summed term by term: counts,
    document frequencies and group columns add up over disjoint documents;
    ``rel_freq = 10,000 * count / N`` is recomputed with ``N`` the tokens of
    the whole corpus; ``min_count`` applies to the sums. ``by`` is a column
    name or a list of them (groups resolved by ``analysis.groups.resolve_by``
    on the gathered column values); ``options`` go to ``term_frequencies``.
    """
    check_int("min_count", min_count, low=1)
    if by is not None:
        _by_columns(by)
    toks = _token_parts(data, kinds, "term_frequencies_dask")
    tables, sizes, values, orders = zip(
        *_gather(_frequency_part, toks, by, kinds, dict(options)), strict=True
    )
    from analysis.groups import resolve_by

    groups = [] if by is None else resolve_by(pd.concat(values, ignore_index=True), by).order
    base = [c for c in tables[0].columns if c not in set(orders[0])]
    columns = [*base, *groups]
    frame = pd.concat([t.reindex(columns=columns, fill_value=0) for t in tables], ignore_index=True)
    out = frame.drop(columns="rel_freq").groupby("term", sort=False).sum().reset_index()
    out = out[out["count"] >= min_count]
    total = np.int64(sum(sizes))
    out["rel_freq"] = out["count"].to_numpy() * 10_000 / total if total else 0.0
    out = out[columns].astype(tables[0].dtypes[base].to_dict())
    return out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)


def _keyness_part(toks, column, ids, drop_stopwords, kinds):
    from analysis.tokens import as_tokens

    if toks is None:
        return None
    toks = as_tokens(toks, kinds=kinds)
    counts = toks.dfm("document", drop_stopwords=drop_stopwords)
    if column is None:
        mask = toks.corpus["doc_id"].isin(ids).to_numpy()
    elif pd.api.types.is_bool_dtype(toks.corpus[column].dtype):
        mask = toks.corpus[column].to_numpy(dtype=bool)
    else:
        raise TypeError(
            f"target column {column!r} must hold True/False, not {toks.corpus[column].dtype}"
        )
    x, sizes = counts.matrix, counts.sizes
    found = toks.corpus["doc_id"][mask].tolist() if column is None else []
    return (
        counts.terms,
        np.asarray(x[mask].sum(axis=0)).ravel(),
        np.asarray(x[~mask].sum(axis=0)).ravel(),
        (int(sizes[mask].sum()), int(sizes[~mask].sum()), int(mask.sum()), len(mask)),
        found,
    )


def keyness_dask(
    data: dd.DataFrame | DaskTokens,
    target: str | Sequence[str],
    *,
    measure: str = "g2",
    drop_stopwords: bool = True,
    min_count: int = 2,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """``analysis.keyness.keyness`` of a Dask corpus against the rest of the corpus.

    ``target`` names a boolean column of the corpus (True = target document)
    or gives doc_ids (one or a list). Per partition, the document x term counts
    (``dfm``) of the target and the other documents are summed; the sums and
    the token totals ``C1``/``C2`` (stop words included) go to
    ``analysis.keyness.compare_counts``, as in ``keyness``: columns term,
    target_count, reference_count, g2, log_ratio, p_value, sorted by
    ``measure`` descending, then term.
    """
    from analysis.keyness import compare_counts

    check_option("measure", measure, ("g2", "log_ratio"))
    check_int("min_count", min_count, low=1)
    toks = _token_parts(data, kinds, "keyness_dask")
    column, ids = (
        (target, None) if isinstance(target, str) and target in toks.columns else (None, None)
    )
    if column is None:
        ids = [target] if isinstance(target, str) else list(target)
        if not ids:
            raise ValueError("target selects no document (empty list)")
    parts = _gather(_keyness_part, toks, column, ids, drop_stopwords, kinds)
    terms, a_parts, b_parts, stats, found = zip(*parts, strict=True)
    c1, c2, n_target, n_docs = np.sum(stats, axis=0)
    if ids is not None:
        unknown = sorted(set(ids) - {d for f in found for d in f})
        if unknown:
            raise CorpusError(f"unknown doc_id {unknown[:10]}; the corpus has {n_docs} documents")
    if n_target == 0:
        raise ValueError("target selects no document")
    if n_target == n_docs:
        raise ValueError("target selects every document: reference='rest' is empty")
    if c1 == 0 or c2 == 0:
        side = "target" if c1 == 0 else "reference"
        raise ValueError(f"the {side} documents have no tokens in the selected paragraph kinds")
    vocab, a, b = _sum_by_term(list(terms), list(a_parts), list(b_parts))
    index = pd.Index(vocab.astype(str), dtype="str")
    table = compare_counts(
        pd.Series(a, index=index),
        pd.Series(b, index=index),
        min_count=min_count,
        target_size=c1,
        reference_size=c2,
    )
    if measure == "log_ratio":
        table = table.sort_values(["log_ratio", "term"], ascending=[False, True], ignore_index=True)
    return table
