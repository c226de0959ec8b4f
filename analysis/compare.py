"""Compare two groups of documents: which words, and which actor pairs, one group favours.

Groups come from ``by`` (``analysis.groups.resolve_by``: ``outlet``, ``bias``,
``year`` from ``date``...). ``target`` is one group (or several, joined); the
``reference`` is every other document (``"rest"``) or named groups. Both
functions use the same 2 x 2 statistic as ``analysis.keyness.compare_counts``:
for a count ``a`` out of ``C1`` in the target and ``b`` out of ``C2`` in the
reference, signed G2 (natural log), Hardie's Log Ratio (log2, a zero count read
as 0.5) and the chi-square p-value with one degree of freedom; ``q_value`` is
the Benjamini-Hochberg adjustment over every row of the table.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

from analysis.dfm import dfm
from analysis.errors import CorpusWarning
from analysis.groups import resolve_by
from analysis.keyness import two_by_two
from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int, check_option

COUNTS: tuple[str, ...] = ("tokens", "documents")
UNEQUAL_RATIO: float = 10.0  # a group this many times larger than the other is warned about
EDGE_KEYNESS_COLUMNS: tuple[str, ...] = (
    "actor_a",
    "actor_b",
    "target_count",
    "reference_count",
    "target_units",
    "reference_units",
    "g2",
    "log_ratio",
    "p_value",
    "q_value",
)


class GroupSizeWarning(CorpusWarning):
    """The two groups compared differ in size by more than ``UNEQUAL_RATIO`` times."""


def _values(values: object) -> list[str]:
    return [str(values)] if isinstance(values, str | int | np.integer) else [str(v) for v in values]


def group_masks(
    corpus: pd.DataFrame, by: object, target: object, reference: object = "rest"
) -> tuple[np.ndarray, np.ndarray, str, str]:
    """Boolean masks over the corpus rows of the target and reference groups, and their names.

    ``target`` is a group of ``by`` or a list of groups; ``reference`` is ``"rest"``
    (every document outside the target) or a group or list of groups. Unknown
    groups and overlapping sides raise ``ValueError`` naming the groups of ``by``.
    """
    groups = resolve_by(corpus, by)
    labels = np.asarray(groups.labels, dtype=object).astype(str)

    def mask(values: object, side: str) -> np.ndarray:
        wanted = _values(values)
        unknown = [v for v in wanted if v not in groups.order]
        if unknown or not wanted:
            raise ValueError(
                f"{side}={values!r}: not a group of by={groups.name!r}; groups are "
                f"{groups.order[:20]}"
            )
        return np.isin(labels, wanted)

    target_mask = mask(target, "target")
    if isinstance(reference, str) and reference == "rest":
        reference_mask, reference_name = ~target_mask, "rest"
    else:
        reference_mask = mask(reference, "reference")
        reference_name = " + ".join(_values(reference))
        if (target_mask & reference_mask).any():
            raise ValueError("target and reference share groups; name different groups")
    if not reference_mask.any():
        raise ValueError(f"the reference holds no document (target {target!r} is every group)")
    return target_mask, reference_mask, " + ".join(_values(target)), reference_name


def comparison_groups(
    corpus: pd.DataFrame | Tokens,
    by: object,
    target: object,
    reference: object = "rest",
    *,
    n: int = 8,
) -> list[str]:
    """The groups a figure of one comparison shows: its own groups first, then the largest.

    The target's groups, then the reference's when it names groups (not
    ``"rest"``), then the other groups of ``by`` with the most documents
    (``largest_groups``), ``n`` in all, or more when the two sides alone name more.
    """
    frame = corpus.corpus if isinstance(corpus, Tokens) else corpus
    group_masks(frame, by, target, reference)  # unknown groups fail here, naming the groups
    named = _values(target)
    if not (isinstance(reference, str) and reference == "rest"):
        named += _values(reference)
    groups = resolve_by(frame, by)
    sizes = pd.Series(groups.labels).astype(str).value_counts()
    position = {g: i for i, g in enumerate(groups.order)}
    others = sorted(
        (g for g in groups.order if g not in set(named)),
        key=lambda g: (-int(sizes.get(g, 0)), position[g]),
    )
    return named + others[: max(0, n - len(named))]


def side_labels(
    corpus: pd.DataFrame | Tokens, by: object, target: object, reference: object = "rest"
) -> pd.Series:
    """Every document's side: the target's name, the reference's name, or missing.

    Indexed by doc_id in corpus order and named ``"side"``, so it can be passed as
    ``by``/``group`` anywhere (``over_time(group=...)``, ``naming_by_group(by=...)``);
    documents in neither side (a named reference leaves the other groups out) are
    missing, i.e. the ``"(missing)"`` group.
    """
    frame = corpus.corpus if isinstance(corpus, Tokens) else corpus
    target_mask, reference_mask, target_name, reference_name = group_masks(
        frame, by, target, reference
    )
    labels = np.where(target_mask, target_name, np.where(reference_mask, reference_name, None))
    return pd.Series(
        labels,
        index=pd.Index(frame["doc_id"].astype(str), name="doc_id"),
        name="side",
        dtype=object,
    )


def side_summary(
    corpus: pd.DataFrame | Tokens,
    by: object,
    target: object,
    reference: object = "rest",
    *,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """The two sides of a comparison: what each holds and how large it is.

    Returns
    -------
    DataFrame
        side ("target", "reference"), name, groups (how many groups of ``by``),
        documents, tokens (of the analysed paragraphs, stop words included: the
        sizes of ``compare_groups(counts="tokens")``), sentences (the unit sizes
        of ``edge_keyness(unit="sentence")``).
    """
    toks = as_tokens(corpus, kinds=kinds)
    target_mask, reference_mask, target_name, reference_name = group_masks(
        toks.corpus, by, target, reference
    )
    labels = np.asarray(resolve_by(toks.corpus, by).labels, dtype=object).astype(str)
    lengths = toks.doc_lengths()
    per_doc = np.bincount(toks.sentences["doc"].to_numpy(), minlength=len(toks.corpus))
    rows = []
    for side, name, mask in (
        ("target", target_name, target_mask),
        ("reference", reference_name, reference_mask),
    ):
        rows.append(
            {
                "side": side,
                "name": name,
                "groups": len(set(labels[mask])),
                "documents": int(mask.sum()),
                "tokens": int(lengths[mask].sum()),
                "sentences": int(per_doc[mask].sum()),
            }
        )
    return pd.DataFrame(rows)


def _warn_unequal(size_a: float, size_b: float, what: str, names: tuple[str, str]) -> None:
    small, large = sorted((size_a, size_b))
    if small > 0 and large / small > UNEQUAL_RATIO:
        warnings.warn(
            f"{names[0]} and {names[1]} differ {large / small:.0f}-fold in {what} "
            f"({size_a:,.0f} vs {size_b:,.0f}): the larger side dominates the reference rates; "
            "compare with counts='documents' or choose groups of similar size",
            GroupSizeWarning,
            stacklevel=3,
        )


def _with_q(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table["q_value"] = false_discovery_control(table["p_value"].to_numpy()) if len(table) else []
    return table


def compare_groups(
    corpus: pd.DataFrame | Tokens,
    by: object,
    target: object,
    reference: object = "rest",
    *,
    counts: str = "tokens",
    min_count: int = 2,
    drop_stopwords: bool = True,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Keyness of one group of documents against another group or the rest.

    Parameters
    ----------
    corpus : DataFrame or Tokens
        The corpus (its document variables hold ``by``) or its tokens layer.
    by : str, list of str or Series
        The grouping (``analysis.groups.resolve_by``).
    target : str or list of str
        The group(s) of ``by`` under study.
    reference : "rest", str or list of str, default "rest"
        Every other document, or the named group(s).
    counts : {"tokens", "documents"}, default "tokens"
        ``"tokens"``: occurrences out of the tokens of each side (stop words
        included in the sizes). ``"documents"``: documents using the term out of
        the documents of each side, so one prolific outlet or one long article
        counts once per document and cannot drive a group's result.
    min_count : int, default 2
        Keep terms with ``target_count + reference_count >= min_count``.

    Returns
    -------
    DataFrame
        term, target_count, reference_count, g2, log_ratio, p_value, q_value;
        sorted by g2 descending, then term. ``attrs``: target, reference,
        counts, target_size, reference_size, min_count. A ``GroupSizeWarning`` is raised
        when the sides differ more than ten-fold in size.
    """
    check_option("counts", counts, COUNTS)
    check_int("min_count", min_count, low=1)
    toks = as_tokens(corpus, kinds=kinds)
    target_mask, reference_mask, target_name, reference_name = group_masks(
        toks.corpus, by, target, reference
    )
    matrix = dfm(toks, drop_stopwords=drop_stopwords).compact()
    rows = matrix.matrix.tocsr()
    if counts == "documents":
        rows = rows.copy()
        rows.data[:] = 1
        sizes = np.ones(rows.shape[0])
    else:
        sizes = matrix.sizes.astype("float64")
    terms = pd.Index(matrix.terms.astype(str))
    a = np.asarray(rows[target_mask].sum(axis=0)).ravel()
    b = np.asarray(rows[reference_mask].sum(axis=0)).ravel()
    c1, c2 = float(sizes[target_mask].sum()), float(sizes[reference_mask].sum())
    _warn_unequal(c1, c2, counts, (target_name, reference_name))
    table = _with_q(two_by_two(terms, a, b, c1, c2, min_count=min_count))
    table.attrs.update(
        target=target_name,
        reference=reference_name,
        counts=counts,
        target_size=c1,
        reference_size=c2,
        min_count=min_count,
    )
    return table


def edge_keyness(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame | Tokens,
    by: object,
    target: object,
    reference: object = "rest",
    *,
    unit: str = "sentence",
    min_count: int = 1,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """For every actor pair: how much more often the target group puts the two together.

    ``target_count`` and ``reference_count`` are the units (sentences, paragraphs
    or documents) naming both actors in each side's documents;
    ``target_units`` and ``reference_units`` are all the units of each side
    (every unit of the analysed paragraphs, from the tokens layer, so a group
    that writes more sentences does not look more connected). The 2 x 2 table of
    a pair is ``[[a, b], [C1 - a, C2 - b]]``: signed G2, Log Ratio, p and the
    Benjamini-Hochberg ``q_value`` over the pairs listed. The evidence of either
    side is ``analysis.network.evidence`` on the mentions of that side's
    documents (``edge_evidence``).

    Parameters
    ----------
    mentions : DataFrame
        ``find_mentions`` output on ``corpus``.
    corpus : DataFrame or Tokens
        The corpus (or tokens layer) the mentions come from; holds ``by``.
    unit : {"sentence", "paragraph", "document"}, default "sentence"
    min_count : int, default 1
        Keep pairs with ``target_count + reference_count >= min_count``.
    kinds : sequence of str or None, default ``("body",)``
        The paragraph kinds whose units are counted when ``corpus`` is a
        DataFrame (those the mentions were searched in).

    Returns
    -------
    DataFrame
        actor_a, actor_b, target_count, reference_count, target_units,
        reference_units, g2, log_ratio, p_value, q_value; sorted by g2
        descending, then names.
    """
    from analysis.network.cooccurrence import check_mentions, incidence, pair_counts

    check_mentions(mentions, unit)
    check_int("min_count", min_count, low=1)
    toks = as_tokens(corpus, kinds=kinds)
    target_mask, reference_mask, target_name, reference_name = group_masks(
        toks.corpus, by, target, reference
    )
    doc_ids = toks.corpus["doc_id"].astype(str).to_numpy()
    side = pd.Series(
        np.where(target_mask, "target", np.where(reference_mask, "reference", "")), index=doc_ids
    )
    units = toks.unit_table(unit)
    unit_side = side.loc[units["doc_id"].astype(str)].to_numpy()
    c1, c2 = float((unit_side == "target").sum()), float((unit_side == "reference").sum())
    _warn_unequal(c1, c2, f"{unit}s", (target_name, reference_name))
    where = side.reindex(mentions["doc_id"].astype(str)).fillna("").to_numpy()
    pairs = {}
    for name in ("target", "reference"):
        part = mentions[where == name]
        if part.empty:
            pairs[name] = pd.Series(dtype="int64")
            continue
        x, _, actors = incidence(part, unit=unit)
        i, j, both, _ = pair_counts(x)
        names = actors.to_numpy()
        pairs[name] = pd.Series(
            both.astype("int64"), index=pd.MultiIndex.from_arrays([names[i], names[j]])
        )
    index = pairs["target"].index.union(pairs["reference"].index)
    if len(index) == 0:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in EDGE_KEYNESS_COLUMNS})
    a = pairs["target"].reindex(index, fill_value=0)
    b = pairs["reference"].reindex(index, fill_value=0)
    labels = [f"{x}\x00{y}" for x, y in index]
    table = two_by_two(labels, a.to_numpy(), b.to_numpy(), c1, c2, min_count=min_count)
    names = table["term"].str.split("\x00", n=1, expand=True)
    table = table.drop(columns="term")
    table.insert(0, "actor_b", names[1].astype("str"))
    table.insert(0, "actor_a", names[0].astype("str"))
    table.insert(4, "target_units", int(c1))
    table.insert(5, "reference_units", int(c2))
    table = _with_q(table)
    table = table.sort_values(
        ["g2", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True
    )
    table.attrs.update(target=target_name, reference=reference_name, unit=unit)
    return table[list(EDGE_KEYNESS_COLUMNS)]


def leading_terms(table: pd.DataFrame, *, n: int = 2, alpha: float = 0.05) -> list[str]:
    """The ``n`` terms each side over-uses most (``compare_groups`` output): target's first.

    Per side, the largest ``|g2|`` among terms with ``q_value < alpha`` favouring it,
    or among all terms favouring it when none passes (ties by term).
    """
    picked: list[str] = []
    for sign in (1, -1):
        mine = table[table["g2"] * sign > 0]
        passed = mine[mine["q_value"] < alpha]
        rows = passed if len(passed) else mine
        rows = rows.assign(_size=rows["g2"].abs()).sort_values(
            ["_size", "term"], ascending=[False, True]
        )
        picked += [str(t) for t in rows["term"].head(n) if str(t) not in picked]
    return picked


def strongest_pair(edges: pd.DataFrame, *, alpha: float = 0.05) -> pd.Series | None:
    """The row of ``edge_keyness`` to read first, or None when no pair shares a unit.

    The largest ``|g2|`` among the pairs with ``q_value < alpha``, else among all
    pairs (ties by actor names).
    """
    if edges.empty:
        return None
    ranked = edges.assign(_passes=edges["q_value"] < alpha, _size=edges["g2"].abs())
    ranked = ranked.sort_values(
        ["_passes", "_size", "actor_a", "actor_b"], ascending=[False, False, True, True]
    )
    return ranked.drop(columns=["_passes", "_size"]).iloc[0]


def shared_actor(
    mentions: pd.DataFrame, side: pd.Series, *, types: Sequence[str] = ("person",)
) -> str | None:
    """The actor named most often among those named on both sides of a comparison.

    ``side`` is ``side_labels(...)`` (doc_id -> side name, missing outside both
    sides). Actors of ``types`` are preferred; any type when none of them is named
    on both sides; None when no actor is. Ties by name.
    """
    where = side.reindex(mentions["doc_id"].astype(str)).to_numpy()
    named = mentions.assign(_side=where).dropna(subset=["_side"])
    if named.empty:
        return None
    per = named.groupby("actor").agg(
        sides=("_side", "nunique"), mentions=("_side", "size"), kind=("actor_type", "first")
    )
    both = per[per["sides"] == 2].reset_index()
    if both.empty:
        return None
    preferred = both[both["kind"].isin(list(types))]
    pool = preferred if len(preferred) else both
    return str(pool.sort_values(["mentions", "actor"], ascending=[False, True]).iloc[0]["actor"])


def edge_evidence(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame | Tokens,
    by: object,
    target: object,
    actor_a: str,
    actor_b: str,
    *,
    reference: object = "rest",
    unit: str = "sentence",
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """The units behind one row of ``edge_keyness``: ``evidence`` on each side, with ``side``."""
    from analysis.network.evidence import evidence

    toks = as_tokens(corpus, kinds=kinds)
    target_mask, reference_mask, _, _ = group_masks(toks.corpus, by, target, reference)
    doc_ids = toks.corpus["doc_id"].astype(str).to_numpy()
    parts = []
    for name, mask in (("target", target_mask), ("reference", reference_mask)):
        own = mentions[mentions["doc_id"].astype(str).isin(doc_ids[mask])]
        if set(own["actor"]) >= {actor_a, actor_b}:
            parts.append(evidence(own, toks, actor_a, actor_b, unit=unit).assign(side=name))
    if not parts:
        return pd.DataFrame(columns=["side"])
    return pd.concat(parts, ignore_index=True)


def group_similarity(
    corpus: pd.DataFrame | Tokens,
    by: object,
    *,
    kinds: Sequence[str] | None = BODY,
    min_df: int = 1,
    drop_stopwords: bool = True,
) -> pd.DataFrame:
    """Which groups talk alike: the cosine of the groups' TF-IDF profiles.

    Document TF-IDF (``analysis.tfidf.tfidf``, unit "document"); each group's
    profile is the mean of its documents' l2-normalised rows, so every article
    counts once whatever its length; the table is ``similarity(docs, by=by)``
    (square, in group order). ``analysis.similarity.cluster_tree`` and
    ``analysis.plots.topics.plot_similarity(order="cluster")`` draw it as a
    clustered heatmap.
    """
    from analysis.similarity import similarity
    from analysis.tfidf import tfidf

    toks = as_tokens(corpus, kinds=kinds)
    docs = tfidf(toks, unit="document", min_df=min_df, drop_stopwords=drop_stopwords)
    return similarity(docs, by=by, data=toks)
