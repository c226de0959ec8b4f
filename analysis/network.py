"""Actor co-occurrence: who is named together, how often, where, and beyond chance.

Everything starts from a binary unit x actor incidence matrix ``X`` (scipy.sparse),
``X[u, a] = 1`` when actor ``a`` is mentioned at least once in unit ``u`` (a sentence,
paragraph or document). ``X.T @ X`` gives every pair's co-occurrence count at once (its
diagonal: the units mentioning each actor); no Python loop runs over pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.stats import power_divergence

from analysis.paths import FIGURES_DIR
from analysis.units import paragraphs, sentences

WINDOWS: tuple[str, ...] = ("sentence", "paragraph", "document")
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
NULL_COLUMNS: tuple[str, ...] = ("actor_a", "actor_b", "count", "expected", "ratio", "p_value")
CENTRALITY_COLUMNS: tuple[str, ...] = (
    "actor",
    "type",
    "mentions",
    "degree",
    "weighted_degree",
    "betweenness",
)
_UNIT_KEYS = {
    "sentence": ["doc_id", "sentence_id"],
    "paragraph": ["doc_id", "paragraph_id"],
    "document": ["doc_id"],
}
_MATRIX_FILL = {"count": (0.0, None), "jaccard": (0.0, 1.0), "npmi": (-1.0, 1.0)}


def _check_mentions(mentions: pd.DataFrame, window: str) -> None:
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {list(WINDOWS)}, not {window!r}")
    if not isinstance(mentions, pd.DataFrame):
        raise TypeError("mentions must be the DataFrame returned by find_mentions")
    needed = ["actor", *_UNIT_KEYS[window]]
    missing = [c for c in needed if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")


def _check_edges(edges: pd.DataFrame) -> None:
    missing = [c for c in EDGE_COLUMNS if c not in getattr(edges, "columns", [])]
    if missing:
        raise ValueError(f"edges lack columns {missing}; pass the output of cooccurrence")


def incidence(
    mentions: pd.DataFrame, *, window: str = "sentence"
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
    _check_mentions(mentions, window)
    keys = _UNIT_KEYS[window]
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


def _pair_counts(x: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Upper-triangle pairs (i < j) with a positive count, their counts, and the diagonal."""
    product = (x.T @ x).tocoo()
    upper = product.row < product.col
    return product.row[upper], product.col[upper], product.data[upper], x.sum(axis=0).A1


def _edge_table(x: sp.csr_matrix, actors: pd.Index, n_units: int) -> pd.DataFrame:
    i, j, both, diag = _pair_counts(x)
    n = float(n_units)
    count = both.astype(np.float64)
    ca = diag[i].astype(np.float64)
    cb = diag[j].astype(np.float64)
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
    names = actors.to_numpy()
    out = pd.DataFrame(
        {
            "actor_a": pd.array(names[i], dtype="str"),
            "actor_b": pd.array(names[j], dtype="str"),
            "count": both.astype(np.int64),
            "count_a": diag[i].astype(np.int64),
            "count_b": diag[j].astype(np.int64),
            "n_units": np.full(len(count), n_units, dtype=np.int64),
            "pmi": pmi,
            "npmi": npmi,
            "jaccard": jaccard,
            "g2": g2,
        }
    )
    return out.sort_values(
        ["count", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True
    )


def cooccurrence(
    mentions: pd.DataFrame,
    *,
    window: str = "sentence",
    n_units: int | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Pairs of actors mentioned in the same unit, with association measures.

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

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions`` (filter rows first to leave actors out, e.g. places).
    window : {"sentence", "paragraph", "document"}, default "sentence"
        The unit in which two actors count as co-occurring.
    n_units : int, optional
        ``N``. By default the number of units mentioning at least one actor, so the
        measures are conditional on a unit naming an actor. Pass the number of units of
        the corpus (e.g. ``len(sentences(corpus))``) to count units without actors too.
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
    _check_mentions(mentions, window)
    if by is not None:
        if by not in mentions.columns:
            raise ValueError(f"no column {by!r} in mentions; columns are {list(mentions.columns)}")
        if n_units is not None:
            raise ValueError("n_units counts one table's units; it cannot be combined with by")
        parts = [
            cooccurrence(group, window=window).assign(**{by: key})
            for key, group in mentions.groupby(by, sort=True)
        ]
        columns = [by, *EDGE_COLUMNS]
        if not parts:
            return pd.DataFrame(columns=columns)
        return pd.concat(parts, ignore_index=True)[columns]
    x, _, actors = incidence(mentions, window=window)
    if n_units is None:
        n_units = x.shape[0]
    elif n_units < x.shape[0]:
        raise ValueError(
            f"n_units={n_units} is smaller than the {x.shape[0]} units that mention an actor"
        )
    return _edge_table(x, actors, int(n_units))


def window_comparison(mentions: pd.DataFrame) -> pd.DataFrame:
    """Co-occurrence counts of every pair at the three windows side by side.

    Returns actor_a, actor_b, sentence, paragraph, document (counts; 0 = never in the
    same unit of that size), sorted by sentence, paragraph, document counts descending,
    then names.
    """
    tables = [
        cooccurrence(mentions, window=w)[["actor_a", "actor_b", "count"]].rename(
            columns={"count": w}
        )
        for w in WINDOWS
    ]
    out = tables[2]
    for t in tables[:2]:
        out = out.merge(t, on=["actor_a", "actor_b"], how="left")
    out = out[["actor_a", "actor_b", *WINDOWS]].fillna(0).astype({w: "int64" for w in WINDOWS})
    return out.sort_values(
        [*WINDOWS, "actor_a", "actor_b"],
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
    _check_edges(edges)
    if value not in EDGE_COLUMNS[2:]:
        raise ValueError(f"value must be one of {list(EDGE_COLUMNS[2:])}, not {value!r}")
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


def null_model(
    mentions: pd.DataFrame,
    *,
    window: str = "sentence",
    n: int = 1000,
    random_state: int = 0,
    all_pairs: bool = False,
) -> pd.DataFrame:
    """Is each pair together more often than the actors' frequencies explain?

    Null hypothesis: within each document, which unit an actor falls in is random. Each
    permutation shuffles the actor labels of the incidence entries (unit, actor) among
    the units of the same document, keeping how many actors every unit holds and how many
    units every actor appears in per document; labels that land twice in one unit count
    once. Each permutation is one sparse product ``X.T @ X``.

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions``.
    window : {"sentence", "paragraph"}, default "sentence"
        Shuffling within a document is meaningless for ``"document"``.
    n : int, default 1000
        Number of permutations.
    random_state : int, default 0
        Seed of ``numpy.random.default_rng``.
    all_pairs : bool, default False
        Also list the pairs the text never puts together but the shuffles do (count 0,
        expected > 0, p_value 1): the pairs kept apart, which a plot of observed pairs
        only would hide.

    Returns
    -------
    DataFrame
        actor_a, actor_b, count (observed), expected (mean count over permutations),
        ratio (count / expected), p_value ``(1 + #(permuted count >= count)) / (1 + n)``,
        one row per observed pair (and per pair only the shuffles create, with
        ``all_pairs``); sorted by p_value, then count descending, then names.
    """
    _check_mentions(mentions, window)
    if window == "document":
        raise ValueError(
            "null_model shuffles actors across the units of each document; use "
            "window='sentence' or 'paragraph'"
        )
    if n < 1:
        raise ValueError(f"n must be a positive number of permutations, not {n}")
    x, units, actors = incidence(mentions, window=window)
    if x.shape[1] < 2:
        return pd.DataFrame({c: pd.Series(dtype="str" if c.startswith("actor") else "float64")
                             for c in NULL_COLUMNS}).astype({"count": "int64"})  # fmt: skip
    i, j, observed, _ = _pair_counts(x)
    coo = x.tocoo()
    order = np.argsort(coo.row, kind="stable")
    slot_unit = coo.row[order]
    labels = coo.col[order]
    unit_doc = pd.factorize(units["doc_id"], sort=True)[0]
    slot_doc = unit_doc[slot_unit]  # units are sorted by doc_id, so slots are too
    rng = np.random.default_rng(random_state)
    total = np.zeros(len(observed), dtype=np.float64)
    at_least = np.zeros(len(observed), dtype=np.int64)
    ones = np.ones(len(labels), dtype=np.int64)
    everything = sp.csr_matrix(x.shape[1:] * 2, dtype=np.int64)
    for _ in range(n):
        shuffled = labels[np.lexsort((rng.random(len(labels)), slot_doc))]
        xp = sp.csr_matrix((ones, (slot_unit, shuffled)), shape=x.shape)
        xp.sum_duplicates()
        xp.data[:] = 1
        product = (xp.T @ xp).tocsr()
        counts = np.asarray(product[i, j], dtype=np.int64).ravel() if len(i) else observed
        total += counts
        at_least += counts >= observed
        if all_pairs:
            everything = everything + sp.triu(product, k=1, format="csr")
    expected = total / n
    if all_pairs:
        extra = everything.tocoo()
        width = x.shape[1]
        new = ~np.isin(extra.row * width + extra.col, i * width + j)
        if new.any():
            i = np.concatenate([i, extra.row[new]])
            j = np.concatenate([j, extra.col[new]])
            observed = np.concatenate([observed, np.zeros(new.sum(), dtype=observed.dtype)])
            expected = np.concatenate([expected, extra.data[new] / n])
            at_least = np.concatenate([at_least, np.full(new.sum(), n)])
    names = actors.to_numpy()
    out = pd.DataFrame(
        {
            "actor_a": pd.array(names[i], dtype="str"),
            "actor_b": pd.array(names[j], dtype="str"),
            "count": observed.astype(np.int64),
            "expected": expected,
            "ratio": observed / np.where(expected > 0, expected, np.nan),
            "p_value": (1 + at_least) / (1 + n),
        }
    )
    return out.sort_values(
        ["p_value", "count", "actor_a", "actor_b"],
        ascending=[True, False, True, True],
        ignore_index=True,
    )


def _check_actor(mentions: pd.DataFrame, actor: str) -> None:
    known = set(mentions["actor"])
    if actor not in known:
        import difflib

        close = difflib.get_close_matches(actor, sorted(known), n=3)
        hint = f"; did you mean {close}?" if close else ""
        raise ValueError(f"actor {actor!r} has no mention in this table{hint}")


def _mark(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in sorted(spans):
        s, e = s - offset, e - offset
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    return "".join([*out, text[pos:]])


def evidence(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    actor_a: str,
    actor_b: str,
    *,
    window: str = "sentence",
) -> pd.DataFrame:
    """Every unit where both actors are mentioned: the text behind a co-occurrence count.

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions`` on ``corpus``.
    corpus : DataFrame
        The corpus the mentions come from.
    actor_a, actor_b : str
        Canonical actor names.
    window : {"sentence", "paragraph", "document"}, default "sentence"

    Returns
    -------
    DataFrame
        doc_id, paragraph_id, sentence_id, start, end, surfaces_a, surfaces_b, text,
        marked; one row per unit, sorted by doc_id and start. ``text`` is
        ``corpus.text[start:end]``: the sentence, the paragraph, or for ``"document"``
        the span from the first to the last sentence naming either actor.
        ``paragraph_id``/``sentence_id`` locate the unit (for paragraphs and documents,
        its first sentence naming either actor). ``surfaces_*`` list how each actor is
        named there; ``marked`` is ``text`` with those mentions in brackets.
    """
    _check_mentions(mentions, window)
    for name in (actor_a, actor_b):
        _check_actor(mentions, name)
    keys = _UNIT_KEYS[window]
    pair = mentions[mentions["actor"].isin([actor_a, actor_b])]
    n_actors = pair.groupby(keys)["actor"].nunique()
    both_units = n_actors[n_actors == 2].index.to_frame(index=False)
    columns = [
        "doc_id", "paragraph_id", "sentence_id", "start", "end",
        "surfaces_a", "surfaces_b", "text", "marked",
    ]  # fmt: skip
    if both_units.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    hits = pair.merge(both_units, on=keys)
    docs = corpus[corpus["doc_id"].isin(set(both_units["doc_id"]))]
    # unit ids are positional whatever the kinds, so every paragraph kind can be looked up
    if window == "sentence":
        spans = sentences(docs, kinds=None).merge(both_units, on=keys)
    elif window == "paragraph":
        first = hits.groupby(keys, as_index=False)["sentence_id"].min()
        spans = paragraphs(docs, kinds=None).merge(first, on=keys)
    else:
        named = sentences(docs, kinds=None).merge(
            hits[["doc_id", "sentence_id"]].drop_duplicates(), on=["doc_id", "sentence_id"]
        )
        spans = (
            named.sort_values(["doc_id", "start"])
            .groupby("doc_id", as_index=False)
            .agg(
                paragraph_id=("paragraph_id", "first"),
                sentence_id=("sentence_id", "first"),
                start=("start", "min"),
                end=("end", "max"),
            )
        )
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    by_doc = dict(list(hits.groupby("doc_id")))
    rows = []
    for unit in spans.sort_values(["doc_id", "start"]).itertuples(index=False):
        doc_hits = by_doc[unit.doc_id]
        inside = doc_hits[(doc_hits["start"] >= unit.start) & (doc_hits["end"] <= unit.end)]
        text = texts[unit.doc_id][unit.start : unit.end]
        rows.append(
            {
                "doc_id": unit.doc_id,
                "paragraph_id": int(unit.paragraph_id),
                "sentence_id": int(unit.sentence_id),
                "start": int(unit.start),
                "end": int(unit.end),
                "surfaces_a": "; ".join(inside.loc[inside["actor"] == actor_a, "surface"]),
                "surfaces_b": "; ".join(inside.loc[inside["actor"] == actor_b, "surface"]),
                "text": text,
                "marked": _mark(
                    text, unit.start, list(zip(inside["start"], inside["end"], strict=True))
                ),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _python(value: object) -> object:
    """NumPy scalars as Python ones (GraphML and JSON writers need them)."""
    return value.item() if isinstance(value, np.generic) else value


def actor_network(
    edges: pd.DataFrame,
    *,
    weight: str = "count",
    min_count: int = 1,
    mentions: pd.DataFrame | None = None,
) -> nx.Graph:
    """An undirected, weighted actor network for analysis and Gephi.

    Parameters
    ----------
    edges : DataFrame
        From ``cooccurrence``.
    weight : str, default "count"
        Edge column copied to the ``weight`` attribute (used by plots, weighted degree
        and Gephi). Edges whose weight is not positive are left out: a negative
        association (``npmi``, ``g2`` below 0) is not a tie.
    min_count : int, default 1
        Keep pairs with ``count >= min_count``.
    mentions : DataFrame, optional
        From ``find_mentions``: every actor in it becomes a node (isolates included) with
        ``type`` (actor_type) and ``mentions`` (number of mentions). Without it, nodes
        are the actors of the kept edges, with ``type`` ``""`` and ``mentions`` = units
        naming the actor (``count_a``).

    Returns
    -------
    networkx.Graph
        Nodes sorted by name; edge attributes: every column of ``edges``, ``weight``, and
        ``distance = 1 / weight`` (strong ties are short paths, for betweenness).
    """
    _check_edges(edges)
    if weight not in EDGE_COLUMNS[2:]:
        raise ValueError(f"weight must be one of {list(EDGE_COLUMNS[2:])}, not {weight!r}")
    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, not {min_count}")
    kept = edges[(edges["count"] >= min_count) & (edges[weight] > 0)]
    kept = kept.sort_values(["actor_a", "actor_b"], ignore_index=True)
    graph = nx.Graph(weight=weight, min_count=int(min_count))
    if mentions is not None:
        counts = mentions.groupby(["actor", "actor_type"]).size().reset_index(name="n")
        for row in counts.sort_values("actor").itertuples(index=False):
            graph.add_node(row.actor, type=row.actor_type, mentions=int(row.n))
    else:
        sizes = pd.concat(
            [kept.set_index("actor_a")["count_a"], kept.set_index("actor_b")["count_b"]]
        )
        sizes = sizes[~sizes.index.duplicated()].sort_index()
        for name, size in sizes.items():
            graph.add_node(name, type="", mentions=int(size))
    missing = sorted((set(kept["actor_a"]) | set(kept["actor_b"])) - set(graph.nodes))
    if missing:
        raise ValueError(f"edges name actors absent from mentions: {missing[:10]}")
    measures = [c for c in kept.columns if c not in ("actor_a", "actor_b")]
    for row in kept.itertuples(index=False):
        attrs = {c: _python(getattr(row, c)) for c in measures}
        w = float(getattr(row, weight))
        graph.add_edge(row.actor_a, row.actor_b, **attrs, weight=w, distance=1.0 / w)
    return graph


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """Per actor: degree, weighted degree and betweenness in ``graph``.

    ``degree`` = number of partners, ``weighted_degree`` = sum of the ``weight`` of its
    edges, ``betweenness`` = share of shortest paths between other actors that pass
    through it (normalised, ``networkx.betweenness_centrality`` with ``distance = 1 /
    weight``). Columns: actor, type, mentions, degree, weighted_degree, betweenness;
    sorted by weighted_degree descending, then actor.
    """
    if graph.number_of_nodes() == 0:
        raise ValueError("the network has no nodes")
    between = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    rows = [
        {
            "actor": node,
            "type": data.get("type", ""),
            "mentions": int(data.get("mentions", 0)),
            "degree": int(graph.degree(node)),
            "weighted_degree": float(graph.degree(node, weight="weight")),
            "betweenness": float(between[node]),
        }
        for node, data in graph.nodes(data=True)
    ]
    out = pd.DataFrame(rows, columns=list(CENTRALITY_COLUMNS))
    out = out.astype({"actor": "str", "type": "str"})
    return out.sort_values(["weighted_degree", "actor"], ascending=[False, True], ignore_index=True)


def export_network(
    graph: nx.Graph, directory: str | Path | None = None, *, name: str = "actor_network"
) -> list[Path]:
    """Write ``NAME.graphml`` and Gephi's CSV pair ``NAME_nodes.csv``/``NAME_edges.csv``.

    Nodes CSV: Id, Label, type, mentions. Edges CSV: Source, Target, Type
    (``Undirected``), Weight, then every other edge attribute. ``directory`` defaults to
    ``FIGURES_DIR``. Returns the paths written.
    """
    out_dir = FIGURES_DIR if directory is None else Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    graphml = out_dir / f"{name}.graphml"
    nx.write_graphml(graph, graphml)
    nodes = pd.DataFrame(
        [
            {"Id": n, "Label": n, "type": d.get("type", ""), "mentions": d.get("mentions", 0)}
            for n, d in graph.nodes(data=True)
        ],
        columns=["Id", "Label", "type", "mentions"],
    )
    edge_rows = []
    for a, b, d in graph.edges(data=True):
        extra = {k: v for k, v in d.items() if k != "weight"}
        edge_rows.append(
            {"Source": a, "Target": b, "Type": "Undirected", "Weight": d["weight"]} | extra
        )
    edge_table = pd.DataFrame(edge_rows)
    if edge_table.empty:
        edge_table = pd.DataFrame(columns=["Source", "Target", "Type", "Weight"])
    node_path = out_dir / f"{name}_nodes.csv"
    edge_path = out_dir / f"{name}_edges.csv"
    nodes.to_csv(node_path, index=False, lineterminator="\n")
    edge_table.to_csv(edge_path, index=False, lineterminator="\n")
    return [graphml, node_path, edge_path]
