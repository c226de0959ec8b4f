"""Topics as a non-negative factorisation (NMF) of a TF-IDF matrix, and tables read from it.

``nmf_topics`` factorises the units x terms TF-IDF matrix ``X ~ W H``
minimising the Frobenius norm ``||X - W H||`` (no regularisation) with
scikit-learn: ``NMF`` (coordinate descent ``"cd"`` or multiplicative updates
``"mu"``) or, for large matrices, ``MiniBatchNMF`` (multiplicative updates on
batches of rows). A row of ``H`` (k x terms) is a topic's term weights, a row
of ``W`` (units x k) a unit's topic weights. Topics are numbered from 1 in
order of their total weight in ``W`` (topic 1 carries the most).

The vocabulary is the TF-IDF matrix's: nothing is pruned here. To drop rare
terms pass ``min_df`` (or ``max_features``) to ``tfidf``; on the development
corpus (2,942 articles) ``min_df=2`` halves the vocabulary but does not make
NMF faster (it needed more iterations to converge).

Stability across restarts and the choice of k are in ``analysis.topic_stability``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.groups import resolve_by
from analysis.tfidf import TfidfResult, check_result, label_units, term_order, top_rows
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_corpus, check_int, check_option, check_real

TOPIC_TERM_COLUMNS: tuple[str, ...] = ("topic", "term", "weight", "rank")
METHODS: tuple[str, ...] = ("nmf", "minibatch")
SOLVERS: tuple[str, ...] = ("cd", "mu")
INITS: tuple[str, ...] = ("nndsvd", "nndsvda", "nndsvdar", "random")


@dataclass(frozen=True, eq=False)
class NmfTopics:
    """Result of ``nmf_topics``.

    Attributes
    ----------
    terms : DataFrame
        ``topic, term, weight, rank``: the top terms of each topic (rows of
        ``H``), sorted by topic, then weight descending, ties by term.
    weights : DataFrame
        Unit keys, ``topic`` and ``weight`` (``W``): one row per unit and topic,
        in matrix order, then topic.
    components : ndarray
        ``H``, k x terms (topic order as in ``terms``).
    units : DataFrame
        The unit table of the TF-IDF result (keys, and offsets below documents).
    params : dict
        Parameters of the fit and of the TF-IDF matrix; ``n_iter`` (passes over
        the matrix), ``converged`` (the tolerance was reached before
        ``max_iter``) and ``reconstruction_error`` (``||X - W H||_F``).
    """

    terms: pd.DataFrame
    weights: pd.DataFrame
    components: np.ndarray
    units: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def k(self) -> int:
        """Number of topics."""
        return int(self.components.shape[0])

    def __repr__(self) -> str:
        return (
            f"NmfTopics(k={self.k}, unit={self.params['unit']!r}, "
            f"units={len(self.units)}, terms={self.components.shape[1]})"
        )


def check_k(result: TfidfResult, k: object) -> int:
    """``k`` if it is a number of topics the matrix of ``result`` can hold."""
    if not isinstance(k, Integral) or isinstance(k, bool):
        raise TypeError(f"k must be a positive integer, not {k!r}")
    if k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    n, v = result.matrix.shape
    unit = result.params["unit"]
    if k > n:
        raise ValueError(f"k={k} is larger than the number of units ({n} {unit}s)")
    if k > v:
        raise ValueError(f"k={k} is larger than the vocabulary ({v} terms)")
    return int(k)


def fit_options(
    *,
    method: str = "nmf",
    solver: str | None = None,
    init: str = "nndsvda",
    max_iter: int = 200,
    tol: float = 1e-4,
    batch_size: int = 1024,
) -> dict[str, Any]:
    """The checked solver options of ``nmf_topics`` (``solver`` resolved)."""
    check_option("method", method, METHODS)
    if solver is None:
        solver = "cd" if method == "nmf" else "mu"
    check_option("solver", solver, SOLVERS)
    if method == "minibatch" and solver != "mu":
        raise ValueError("method='minibatch' uses multiplicative updates: solver must be 'mu'")
    check_option("init", init, INITS)
    return {
        "method": method,
        "solver": solver,
        "init": init,
        "max_iter": check_int("max_iter", max_iter, low=1),
        "tol": check_real("tol", tol, low=0.0),
        "batch_size": check_int("batch_size", batch_size, low=1),
    }


def _frobenius(x: sp.csr_matrix, w: np.ndarray, h: np.ndarray) -> float:
    """``||X - W H||_F`` without densifying X: ``|X|^2 - 2 <X, W H> + |W H|^2``."""
    cross = float(np.sum(np.asarray(x @ h.T) * w))
    sq = float(x.multiply(x).sum()) - 2.0 * cross + float(np.sum((w.T @ w) * (h @ h.T)))
    return float(np.sqrt(max(sq, 0.0)))


def fit_nmf(
    matrix: sp.csr_matrix, k: int, *, random_state: int, options: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """One NMF fit: ``W`` and ``H`` with topics ordered by total weight, and fit facts.

    ``converged`` is True when the solver stopped on its tolerance before
    ``max_iter`` passes (scikit-learn's own criterion; its ConvergenceWarning
    is silenced and reported here instead). With ``MiniBatchNMF``, ``W`` is
    re-solved against the final ``H`` (``transform``), so every unit's
    weights come from the same topics, and the error is computed for that W.

    BLAS runs on one thread during the fit (``threadpoolctl``): the solvers'
    work is the sparse product and scikit-learn's own single-threaded loops,
    and a second BLAS thread waiting on a busy core made a fit up to 50 times
    slower (65,727 paragraphs, k=20: 160 s instead of 26 s). The numbers are
    the same.
    """
    from sklearn.decomposition import NMF, MiniBatchNMF
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    common = {
        "n_components": k,
        "init": options["init"],
        "random_state": random_state,
        "max_iter": options["max_iter"],
        "tol": options["tol"],
    }
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        if options["method"] == "nmf":
            model = NMF(solver=options["solver"], **common)
            w = model.fit_transform(matrix)
            error = float(model.reconstruction_err_)
            converged = int(model.n_iter_) < options["max_iter"]
        else:
            model = MiniBatchNMF(batch_size=options["batch_size"], **common)
            model.fit(matrix)
            w = model.transform(matrix)
            error = _frobenius(matrix, w, model.components_)
            steps_per_pass = -(-matrix.shape[0] // options["batch_size"])
            converged = int(model.n_steps_) < options["max_iter"] * steps_per_pass
    h = model.components_
    order = np.lexsort((np.arange(k), -w.sum(axis=0)))
    info = {
        "n_iter": int(model.n_iter_),
        "converged": bool(converged),
        "reconstruction_error": error,
    }
    return w[:, order], h[order], info


def terms_table(h: np.ndarray, vocabulary: np.ndarray, n: int | None) -> pd.DataFrame:
    """``topic, term, weight, rank``: the ``n`` top terms of every row of ``H``."""
    row, col, val, rank = top_rows(sp.csr_matrix(h), n, term_order(vocabulary))
    return pd.DataFrame(
        {
            "topic": (row + 1).astype(np.int64),
            "term": pd.array(vocabulary[col], dtype="str"),
            "weight": val,
            "rank": rank.astype(np.int64),
        },
        columns=list(TOPIC_TERM_COLUMNS),
    )


def nmf_topics(
    result: TfidfResult,
    k: int,
    *,
    n: int = 10,
    method: str = "nmf",
    solver: str | None = None,
    init: str = "nndsvda",
    max_iter: int = 200,
    tol: float = 1e-4,
    batch_size: int = 1024,
    random_state: int = 0,
) -> NmfTopics:
    """NMF topics of a TF-IDF matrix: topic terms and unit-topic weights.

    Fits ``X ~ W H`` minimising the Frobenius norm ``||X - W H||`` (no
    regularisation) on the sparse matrix (never densified).

    Parameters
    ----------
    result : TfidfResult
        From ``tfidf``.
    k : int
        Number of topics, at most the number of units and of terms.
    n : int, default 10
        Top terms listed per topic in ``terms``.
    method : {"nmf", "minibatch"}, default "nmf"
        scikit-learn's ``NMF`` (every pass uses all units), or ``MiniBatchNMF``
        (passes in batches of ``batch_size`` units; for tens of thousands of
        units, e.g. paragraphs of a large corpus; no faster on a few thousand
        documents).
    solver : {"cd", "mu"}, optional
        ``NMF``'s solver: coordinate descent (default for ``"nmf"``) or
        multiplicative updates (the only one of ``"minibatch"``).
    init : {"nndsvda", "nndsvd", "nndsvdar", "random"}, default "nndsvda"
        Initialisation: ``nndsvda`` fills the zeros of the SVD start with the
        mean of X (better for sparse matrices); ``random`` is a random
        non-negative start drawn from ``random_state``.
    max_iter : int, default 200
        Passes over the matrix at most (scikit-learn's default). The fit stops
        earlier when the tolerance is reached; ``params["converged"]`` says
        whether it was. On the development corpus (2,942 documents,
        ``min_df=2``, k=20) 200 coordinate-descent passes take ~15 s and stop
        short of ``tol=1e-4`` (about 340 are needed); the topics' top terms
        are then settled, the weights still moving slightly.
    tol : float, default 1e-4
        Tolerance (scikit-learn's criteria): ``cd`` stops when the projected
        gradient's size (sum of absolute values) falls below ``tol`` times its
        value after the first pass; ``mu`` when the error's decrease over the
        last 10 passes, divided by the initial error, is below ``tol``;
        ``minibatch`` when ``H`` changes by less than ``tol`` (relative
        Frobenius norm) in one step, or when the smoothed batch error has not
        improved for 10 steps.
    batch_size : int, default 1024
        Units per batch of ``"minibatch"``.
    random_state : int, default 0
        Seed of the initialisation (the randomized SVD behind ``nndsvda``, or
        the random start).

    Returns
    -------
    NmfTopics
    """
    check_result(result)
    k = check_k(result, k)
    check_int("n", n, low=1)
    options = fit_options(
        method=method, solver=solver, init=init, max_iter=max_iter, tol=tol, batch_size=batch_size
    )
    w, h, info = fit_nmf(result.matrix, k, random_state=random_state, options=options)
    keys = result.keys
    base = result.units[keys]
    weights = base.loc[base.index.repeat(k)].reset_index(drop=True)
    weights["topic"] = np.tile(np.arange(1, k + 1, dtype=np.int64), len(base))
    weights["weight"] = w.ravel()
    params = dict(result.params) | {"k": k, "n": n, "random_state": random_state}
    params |= options | info
    return NmfTopics(
        terms=terms_table(h, result.vocabulary, n),
        weights=weights,
        components=h,
        units=result.units,
        params=params,
    )


def topic_labels(topics: NmfTopics, n: int = 3) -> pd.Series:
    """A short name per topic: ``"1: syria, russian, forces"`` (its ``n`` top terms)."""
    check_int("n", n, low=1)
    top = topics.terms[topics.terms["rank"] <= n]
    joined = top.groupby("topic", sort=True)["term"].agg(", ".join)
    ids = pd.RangeIndex(1, topics.k + 1, name="topic")
    text = joined.reindex(ids, fill_value="")
    return pd.Series(ids.astype(str) + ": " + text.to_numpy(), index=ids, name="label")


def document_topics(topics: NmfTopics) -> pd.DataFrame:
    """Topic shares per document: doc_id, topic, weight.

    The unit weights ``W`` of a document's units are summed per topic and
    divided by the document's total, so each document's shares add up to 1
    (a document whose units have no topic weight gets 0 everywhere). Sorted by
    doc_id (first-seen order of the matrix), then topic.
    """
    w = topics.weights
    summed = w.groupby(["doc_id", "topic"], sort=False)["weight"].sum().reset_index()
    total = summed.groupby("doc_id", sort=False)["weight"].transform("sum")
    summed["weight"] = np.where(total > 0, summed["weight"] / total.where(total > 0, 1.0), 0.0)
    return summed[["doc_id", "topic", "weight"]]


def _corpus_of(data: pd.DataFrame | Tokens) -> pd.DataFrame:
    return data.corpus if isinstance(data, Tokens) else check_corpus(data)


def _check_known(doc_ids: pd.Series, corpus: pd.DataFrame) -> None:
    unknown = pd.Index(doc_ids.unique()).difference(pd.Index(corpus["doc_id"]))
    if len(unknown):
        raise ValueError(
            f"the corpus lacks documents of the topic model: {sorted(map(str, unknown))[:10]}"
        )


def class_topics(topics: NmfTopics, data: pd.DataFrame | Tokens, by: object) -> pd.DataFrame:
    """Mean topic shares per class of documents: ``<by>, topic, weight, n_documents``.

    Each document's shares come from ``document_topics`` (they sum to 1); a
    class's weight for a topic is the unweighted mean over its documents, so
    long and short articles count alike. ``data`` is the corpus (or its tokens
    layer) the model was built from; ``by`` is resolved by
    ``analysis.groups.resolve_by`` (a column, a list of columns,
    ``"year"``/``"month"``, or an aligned Series; documents without a value
    form the class ``"(missing)"``). Sorted by class order, then topic.
    """
    corpus = _corpus_of(data)
    groups = resolve_by(corpus, by)
    shares = document_topics(topics)
    _check_known(shares["doc_id"], corpus)
    row = pd.Index(corpus["doc_id"]).get_indexer(shares["doc_id"])
    name = groups.name
    shares[name] = pd.Categorical(groups.labels[row], categories=groups.order)
    out = (
        shares.groupby([name, "topic"], sort=True, observed=True)
        .agg(weight=("weight", "mean"), n_documents=("doc_id", "nunique"))
        .reset_index()
    )
    out[name] = pd.array(out[name].astype(str), dtype="str")
    return out.astype({"n_documents": "int64"})


def topic_examples(topics: NmfTopics, data: pd.DataFrame | Tokens, *, n: int = 1) -> pd.DataFrame:
    """The ``n`` units that weigh most on each topic, with their text.

    Columns: topic, rank, unit keys, ``label``, weight, text. Sorted by topic,
    then weight descending, ties by matrix order. ``text`` is the unit as the
    TF-IDF matrix saw it (a document's kept paragraphs joined by a blank line;
    a paragraph or sentence sliced from its document by its offsets), so it
    can be quoted as evidence. Units with zero weight are never examples.
    ``data`` is the corpus (or its tokens layer) the model was built from.
    """
    check_int("n", n, low=1)
    keys = [c for c in ("doc_id", "paragraph_id", "sentence_id") if c in topics.weights.columns]
    w = topics.weights.copy()
    w["_row"] = np.repeat(np.arange(len(topics.units)), topics.k)
    w = w[w["weight"] > 0].sort_values(
        ["topic", "weight", "_row"], ascending=[True, False, True], kind="stable"
    )
    w["rank"] = w.groupby("topic").cumcount().astype(np.int64) + 1
    w = w[w["rank"] <= n].reset_index(drop=True)
    corpus = _corpus_of(data)
    _check_known(w["doc_id"], corpus)
    if topics.params["unit"] == "document":
        wanted = pd.Index(w["doc_id"].unique())
        toks = as_tokens(data, kinds=topics.params["kinds"])
        part = toks.select(docs=corpus["doc_id"].isin(wanted).to_numpy())
        texts = pd.Series(part.unit_texts("document"), index=part.doc_ids)
        text = texts.reindex(w["doc_id"]).to_numpy()
    else:
        spans = topics.units.iloc[w["_row"].to_numpy()]
        docs = pd.Index(corpus["doc_id"]).get_indexer(spans["doc_id"])
        full = corpus["text"].to_numpy()[docs]
        text = [t[s:e] for t, s, e in zip(full, spans["start"], spans["end"], strict=True)]
    w["text"] = pd.array(text, dtype="str")
    w["label"] = label_units(w, keys)
    return w[["topic", "rank", *keys, "label", "weight", "text"]]
