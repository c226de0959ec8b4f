"""Co-occurrence counts and association measures, from a binary incidence matrix.

Everything starts from a binary unit x actor incidence matrix ``X`` (scipy.sparse),
``X[u, a] = 1`` when actor ``a`` is mentioned at least once in unit ``u``. ``X.T @ X``
gives every pair's co-occurrence count at once (its diagonal: the units mentioning
each actor); no Python loop runs over pairs. A unit is a sentence, a paragraph or a
document (``unit=``), or, with ``window=k``, a pair of mentions at most ``k`` tokens
apart in one sentence (``analysis.network.windows``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.stats import power_divergence

from analysis.tokens import Tokens
from analysis.validation import check_int, check_option, check_unit

UNITS: tuple[str, ...] = ("sentence", "paragraph", "document")
EDGE_COLUMNS: tuple[str, ...] = (
    "actor_a",
    "actor_b",
    "count",
    "count_a",
    "count_b",
    "n_units",
    "pmi",
    "npmi",
    "jaccard",
    "g2",
)
UNIT_KEYS: dict[str, list[str]] = {
    "sentence": ["doc_id", "sentence_id"],
    "paragraph": ["doc_id", "paragraph_id"],
    "document": ["doc_id"],
}
_MATRIX_FILL = {"count": (0.0, None), "jaccard": (0.0, 1.0), "npmi": (-1.0, 1.0)}


def check_mentions(mentions: pd.DataFrame, unit: str, *, more: Sequence[str] = ()) -> None:
    """``unit`` is a unit name and ``mentions`` has what it needs (else a clear error)."""
    check_unit(unit)
    if not isinstance(mentions, pd.DataFrame):
        raise TypeError(
            f"mentions must be the DataFrame returned by find_mentions, not {type(mentions)}"
        )
    needed = ["actor", *UNIT_KEYS[unit], *more]
    missing = [c for c in needed if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")


def check_edges(edges: pd.DataFrame) -> None:
    missing = [c for c in EDGE_COLUMNS if c not in getattr(edges, "columns", [])]
    if missing:
        raise ValueError(f"edges lack columns {missing}; pass the output of cooccurrence")


def incidence(
    mentions: pd.DataFrame, *, unit: str = "sentence"
) -> tuple[sp.csr_matrix, pd.DataFrame, pd.Index]:
    """Binary unit x actor matrix of the units that mention at least one actor.

    Returns
    -------
    X : csr_matrix of int64, shape (n_units, n_actors)
        ``X[u, a] = 1`` when actor ``a`` is mentioned in unit ``u`` (repeats count once).
    units : DataFrame
        The unit keys of each row (``doc_id`` and ``sentence_id``/``paragraph_id``),
        sorted.
    actors : Index
        Actor names of the columns, sorted (so column ``i < j`` means name ``a < b``).
    """
    check_mentions(mentions, unit)
    keys = UNIT_KEYS[unit]
    unit_codes = mentions.groupby(keys, sort=True).ngroup().to_numpy()
    units = mentions[keys].drop_duplicates().sort_values(keys, ignore_index=True)
    actor_codes, actors = pd.factorize(mentions["actor"], sort=True)
    x = sp.csr_matrix(
        (np.ones(len(mentions), dtype=np.int64), (unit_codes, actor_codes)),
        shape=(len(units), len(actors)),
    )
    x.sum_duplicates()
    x.data[:] = 1
    return x, units, pd.Index(actors, name="actor")


def pair_counts(x: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Upper-triangle pairs (i < j) with a positive count, their counts, and the diagonal."""
    product = (x.T @ x).tocoo()
    upper = product.row < product.col
    return product.row[upper], product.col[upper], product.data[upper], x.sum(axis=0).A1


def _measures(
    both: np.ndarray, ca: np.ndarray, cb: np.ndarray, n: np.ndarray | float
) -> dict[str, np.ndarray]:
    """pmi, npmi, jaccard and signed g2 of pairs seen together ``both`` times in ``n`` units."""
    count = both.astype(np.float64)
    n = np.broadcast_to(np.asarray(n, dtype=np.float64), count.shape)
    pmi = np.log2(count * n / (ca * cb))
    denominator = -np.log2(count / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(denominator > 0, pmi / denominator, 1.0)
    jaccard = count / (ca + cb - count)
    observed = np.vstack([count, ca - count, cb - count, n - ca - cb + count])
    expected = np.vstack([ca * cb, ca * (n - cb), (n - ca) * cb, (n - ca) * (n - cb)]) / n
    g2 = np.zeros(len(count))
    # an actor in every unit leaves an empty margin: no association can be measured
    ok = (ca < n) & (cb < n)
    if ok.any():
        g2[ok] = power_divergence(
            observed[:, ok], expected[:, ok], lambda_="log-likelihood", axis=0
        ).statistic
    g2 = np.where(count < expected[0], -g2, g2)
    return {"pmi": pmi, "npmi": npmi, "jaccard": jaccard, "g2": g2}


def _edge_frame(
    names: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    both: np.ndarray,
    ca: np.ndarray,
    cb: np.ndarray,
    n: np.ndarray,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_a": pd.array(names[i], dtype="str"),
            "actor_b": pd.array(names[j], dtype="str"),
            "count": both.astype(np.int64),
            "count_a": ca.astype(np.int64),
            "count_b": cb.astype(np.int64),
            "n_units": n.astype(np.int64),
            **_measures(both, ca.astype(np.float64), cb.astype(np.float64), n),
        }
    )


def edge_table(x: sp.csr_matrix, actors: pd.Index, n_units: int) -> pd.DataFrame:
    """The edge table of incidence matrix ``x`` (see ``cooccurrence`` for the measures)."""
    i, j, both, diag = pair_counts(x)
    n = np.full(len(both), n_units, dtype=np.int64)
    out = _edge_frame(actors.to_numpy(), i, j, both, diag[i], diag[j], n)
    return out.sort_values(
        ["count", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True
    )


def _grouped_edge_table(mentions: pd.DataFrame, unit: str, by: str) -> pd.DataFrame:
    """``cooccurrence(mentions, unit=unit)`` within each group of ``by``, in one product.

    The incidence matrix gets one block of actor columns per group (column
    ``group * n_actors + actor``), so ``Y.T @ Y`` is block-diagonal: block ``g`` is
    group ``g``'s co-occurrence counts. A unit is a unit key within one value of
    ``by``; rows whose ``by`` is missing are left out, as ``groupby`` does.
    """
    mentions = mentions[mentions[by].notna()]
    columns = [by, *EDGE_COLUMNS]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    keys = UNIT_KEYS[unit]
    group_codes, groups = pd.factorize(mentions[by], sort=True)
    unit_codes = mentions.groupby([by, *keys], sort=True).ngroup().to_numpy()
    actor_codes, actors = pd.factorize(mentions["actor"], sort=True)
    n_actors, n_groups = len(actors), len(groups)
    unit_group = np.zeros(int(unit_codes.max()) + 1, dtype=np.int64)
    unit_group[unit_codes] = group_codes
    y = sp.csr_matrix(
        (
            np.ones(len(mentions), dtype=np.int64),
            (unit_codes, group_codes.astype(np.int64) * n_actors + actor_codes),
        ),
        shape=(len(unit_group), n_groups * n_actors),
    )
    y.sum_duplicates()
    y.data[:] = 1
    product = (y.T @ y).tocoo()
    upper = product.row < product.col
    rows, cols, both = product.row[upper], product.col[upper], product.data[upper]
    diag = np.asarray(y.sum(axis=0)).ravel()
    group = rows // n_actors
    n = np.bincount(unit_group, minlength=n_groups)[group]
    out = _edge_frame(
        np.asarray(actors), rows % n_actors, cols % n_actors, both, diag[rows], diag[cols], n
    )
    out.insert(0, by, np.asarray(groups)[group])
    out["_group"] = group
    out = out.sort_values(
        ["_group", "count", "actor_a", "actor_b"],
        ascending=[True, False, True, True],
        ignore_index=True,
    )
    return out[columns]


def cooccurrence(
    mentions: pd.DataFrame,
    *,
    unit: str = "sentence",
    window: int | None = None,
    tokens: Tokens | pd.DataFrame | None = None,
    n_units: int | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Pairs of actors mentioned in the same unit, or near each other, with association.

    For a pair (a, b) let ``n11`` = units mentioning both (``count``), ``n1.``/``n.1`` =
    units mentioning a / b (``count_a``, ``count_b``) and ``N`` = ``n_units``:

    * ``pmi = log2(n11 N / (n1. n.1))`` (base 2; 0 = as often as chance, 1 = twice).
    * ``npmi = pmi / -log2(n11 / N)``, in (-1, 1]; 1 when the pair is in every unit.
    * ``jaccard = n11 / (n1. + n.1 - n11)``.
    * ``g2``: log-likelihood ratio of the 2 x 2 table ``[[n11, n1. - n11], [n.1 - n11,
      N - n1. - n.1 + n11]]`` against independence, ``2 sum O ln(O / E)`` (natural log,
      empty cells add 0; ``scipy.stats.power_divergence``), signed: negative when the
      pair meets less often than expected (``n11 < n1. n.1 / N``); 0 when an actor is in
      every unit.

    With ``window=k`` (quanteda's ``fcm(window=k)``) the units are pairs of mentions:
    two mentions of different actors in one sentence whose token positions are at most
    ``k`` apart make one unit, so ``count`` is the number of such pairs of mention
    occurrences for (a, b), ``count_a`` the number of pairs involving a, and ``N`` the
    number of all such pairs (every measure above keeps its formula and stays a 2 x 2
    table of pairs). A mention's position is its first token's index in its sentence,
    among the tokens of ``tokens`` (pass ``tokens(corpus).prepare(drop_stopwords=True)``
    to count distances without stop words).

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions`` (filter rows first to leave actors out, e.g. places).
    unit : {"sentence", "paragraph", "document"}, default "sentence"
        The text span in which two actors count as co-occurring (ignored with
        ``window``).
    window : int, optional
        Count pairs of mentions at most ``window`` tokens apart inside a sentence.
    tokens : Tokens or DataFrame, optional
        With ``window``: the tokens (or corpus) the mentions were found in.
    n_units : int, optional
        ``N``. By default the number of units mentioning at least one actor, so the
        measures are conditional on a unit naming an actor. Pass the number of units of
        the corpus (e.g. ``len(sentences(corpus))``) to count units without actors too.
        Not with ``window``.
    by : str, optional
        A column of ``mentions`` (e.g. ``doc_id``, or an outlet merged in): one table per
        group, with the group as the first column; ``N`` is then counted per group.

    Returns
    -------
    DataFrame
        actor_a, actor_b (``actor_a < actor_b``), count, count_a, count_b, n_units, pmi,
        npmi, jaccard, g2: one row per pair with ``count >= 1``, sorted by count
        descending, then actor_a and actor_b.
    """
    check_mentions(mentions, unit)
    if window is not None:
        window = check_int("window", window, low=1)
        if n_units is not None:
            raise ValueError("n_units is the number of units; with window it is the pairs found")
        if tokens is None:
            raise ValueError(
                "window counts token distances: pass tokens= (the Tokens object or corpus "
                "the mentions were found in)"
            )
    if by is not None:
        if by not in mentions.columns:
            raise ValueError(f"no column {by!r} in mentions; columns are {list(mentions.columns)}")
        if n_units is not None:
            raise ValueError("n_units counts one table's units; it cannot be combined with by")
        if window is None:
            check_mentions(mentions, unit)
            return _grouped_edge_table(mentions, unit, by)
        parts = [
            cooccurrence(group, unit=unit, window=window, tokens=tokens).assign(**{by: key})
            for key, group in mentions.groupby(by, sort=True)
        ]
        columns = [by, *EDGE_COLUMNS]
        if not parts:
            return pd.DataFrame(columns=columns)
        return pd.concat(parts, ignore_index=True)[columns]
    if window is not None:
        from analysis.network.windows import window_incidence

        x, actors = window_incidence(mentions, tokens, window)
        return edge_table(x, actors, x.shape[0])
    x, _, actors = incidence(mentions, unit=unit)
    if n_units is None:
        n_units = x.shape[0]
    elif n_units < x.shape[0]:
        raise ValueError(
            f"n_units={n_units} is smaller than the {x.shape[0]} units that mention an actor"
        )
    return edge_table(x, actors, int(n_units))


def unit_comparison(mentions: pd.DataFrame) -> pd.DataFrame:
    """Co-occurrence counts of every pair at the three units side by side.

    Returns actor_a, actor_b, sentence, paragraph, document (counts; 0 = never in the
    same unit of that size), sorted by sentence, paragraph, document counts descending,
    then names.
    """
    tables = [
        cooccurrence(mentions, unit=u)[["actor_a", "actor_b", "count"]].rename(columns={"count": u})
        for u in UNITS
    ]
    out = tables[2]
    for t in tables[:2]:
        out = out.merge(t, on=["actor_a", "actor_b"], how="left")
    out = out[["actor_a", "actor_b", *UNITS]].fillna(0).astype({u: "int64" for u in UNITS})
    return out.sort_values(
        [*UNITS, "actor_a", "actor_b"],
        ascending=[False, False, False, True, True],
        ignore_index=True,
    )


def cooccurrence_matrix(
    edges: pd.DataFrame, *, value: str = "count", actors: Sequence[str] | None = None
) -> pd.DataFrame:
    """The edge table as a symmetric actor x actor matrix (for heatmaps).

    Pairs that never co-occur get 0 for ``count`` and ``jaccard``, -1 for ``npmi`` (its
    limit) and NaN for ``pmi`` and ``g2``. The diagonal holds the units mentioning the
    actor for ``count``, 1 for ``jaccard`` and ``npmi``, NaN otherwise. Rows and columns
    follow ``actors`` (default: every actor in ``edges``, sorted).
    """
    check_edges(edges)
    check_option("value", value, EDGE_COLUMNS[2:])
    names = (
        sorted(set(edges["actor_a"]) | set(edges["actor_b"])) if actors is None else list(actors)
    )
    off, diag = _MATRIX_FILL.get(value, (np.nan, None))
    both = pd.concat(
        [
            edges[["actor_a", "actor_b", value]],
            edges[["actor_b", "actor_a", value]].set_axis(["actor_a", "actor_b", value], axis=1),
        ]
    )
    matrix = both.pivot(index="actor_a", columns="actor_b", values=value)
    values = matrix.reindex(index=names, columns=names).to_numpy(dtype=np.float64, copy=True)
    values[np.isnan(values)] = off
    if value == "count":
        sizes = pd.concat(
            [
                edges.set_index("actor_a")["count_a"],
                edges.set_index("actor_b")["count_b"],
            ]
        )
        sizes = sizes[~sizes.index.duplicated()].reindex(names).fillna(0)
        np.fill_diagonal(values, sizes.to_numpy(dtype=np.float64))
    else:
        np.fill_diagonal(values, np.nan if diag is None else diag)
    index = pd.Index(names, name="actor")
    return pd.DataFrame(values, index=index, columns=index.rename(value))


def cluster_order(matrix: pd.DataFrame) -> list[str]:
    """Actors ordered by hierarchical clustering of their rows (for heatmaps).

    Average linkage on Euclidean distances between rows of ``log1p(matrix)`` (NaN read
    as 0), leaves in optimal order (``scipy.cluster.hierarchy``); deterministic.
    """
    labels = list(matrix.index)
    if len(labels) < 3:
        return labels
    values = np.log1p(np.clip(np.nan_to_num(matrix.to_numpy(dtype=np.float64)), 0, None))
    tree = linkage(values, method="average", metric="euclidean", optimal_ordering=True)
    return [labels[i] for i in leaves_list(tree)]
