"""How actors are framed: the words of the sentences that mention them, and their names.

Keyness compares word counts in the sentences mentioning an actor with all other
sentences (``analysis.keyness.compare_counts``: signed G2, Log Ratio, p-value), so
*terrorist*, *legitimate* or *aggression* surface when they go with one actor more than
with the rest of the coverage. Counts come from the tokens layer: a sentence x term
matrix (``analysis.dfm``) summed per side and group; only the target sentences are
tokenized again when the actor's own names are blanked out.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import chi2_contingency, false_discovery_control

from analysis.groups import resolve_by
from analysis.keyness import KEYNESS_COLUMNS, compare_counts, two_by_two
from analysis.segment import BODY
from analysis.tokenize import TOKEN_RE, tokenize
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_bool, check_int

_POSSESSIVE_RE = re.compile(r"['’ʼ][sS]?(?![\w])")


def _check_actor(mentions: pd.DataFrame, actor: str) -> pd.DataFrame:
    missing = [c for c in ("doc_id", "sentence_id", "start", "end", "actor") if c not in mentions]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")
    own = mentions[mentions["actor"] == actor]
    if own.empty:
        close = difflib.get_close_matches(actor, sorted(set(mentions["actor"])), n=3)
        hint = f"; did you mean {close}?" if close else ""
        raise ValueError(f"actor {actor!r} has no mention in this table{hint}")
    return own


def _sentence_rows(toks: Tokens, mentions: pd.DataFrame) -> np.ndarray:
    """Row in ``toks.sentences`` of each mention (-1 when the tokens do not hold it)."""
    sents = toks.sentences
    doc = pd.Index(toks.doc_ids).get_indexer(mentions["doc_id"].to_numpy(dtype=object))
    span = int(max(sents["sentence_id"].max(), mentions["sentence_id"].max())) + 1
    key = sents["doc"].to_numpy(np.int64) * span + sents["sentence_id"].to_numpy(np.int64)
    wanted = doc.astype(np.int64) * span + mentions["sentence_id"].to_numpy(np.int64)
    row = np.minimum(np.searchsorted(key, wanted), max(len(key) - 1, 0))
    return np.where((doc >= 0) & (key[row] == wanted), row, -1)


def _masked_counts(
    toks: Tokens,
    rows: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    mentions: pd.DataFrame,
    mention_rows: np.ndarray,
    terms: np.ndarray,
    drop_stopwords: bool,
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Term counts and token counts per group of the sentences ``rows`` (of groups
    ``group``) with the characters of ``mentions`` blanked, over ``terms`` plus the terms
    only the blanked texts have (returned).

    The texts of a group are tokenized together, a line break between sentences (no
    token crosses one), and each distinct written form is normalised once
    (``analysis.tokenize.tokenize`` of the form alone gives its term, or nothing when it
    is filtered out).
    """
    sents = toks.sentences
    texts = toks.corpus["text"].tolist()
    place = {r: i for i, r in enumerate(rows.tolist())}
    s_doc = sents["doc"].to_numpy()[rows]
    s_start = sents["start"].to_numpy(np.int64)[rows]
    s_end = sents["end"].to_numpy(np.int64)[rows]
    masked = [texts[d][s:e] for d, s, e in zip(s_doc, s_start, s_end, strict=True)]
    spans = zip(
        mention_rows.tolist(), mentions["start"].tolist(), mentions["end"].tolist(), strict=True
    )
    for row, s, e in spans:
        i = place[row]
        offset = int(s_start[i])
        t = masked[i]
        # the possessive goes with the name (Assad's -> nothing, not a stray "s")
        m = _POSSESSIVE_RE.match(t, e - offset)
        cut = m.end() if m else e - offset
        masked[i] = t[: s - offset] + " " * (cut - s + offset) + t[cut:]
    term_of: dict[str, str | None] = {}
    per_group: list[Counter] = []
    sizes = np.zeros(n_groups, dtype=np.int64)
    for g in range(n_groups):
        joined = "\n".join(masked[i] for i in np.flatnonzero(group == g).tolist())
        forms = Counter(TOKEN_RE.findall(joined.replace("\u2019", "'").replace("\u02bc", "'")))
        counted: Counter = Counter()
        for form, n in forms.items():
            if form not in term_of:
                found = tokenize(form, drop_stopwords=drop_stopwords, keep_numbers=False)
                term_of[form] = found[0] if found else None
            if term_of[form] is not None:
                counted[term_of[form]] += n
        per_group.append(counted)
        sizes[g] = sum(forms.values())
    column = {t: i for i, t in enumerate(terms.tolist())}
    extra = sorted({t for c in per_group for t in c} - column.keys())
    column |= {t: len(terms) + i for i, t in enumerate(extra)}
    indptr = np.cumsum([0, *map(len, per_group)])
    indices = np.array([column[t] for c in per_group for t in c], dtype=np.int64)
    data = np.array([n for c in per_group for n in c.values()], dtype=np.int64)
    out = sp.csr_matrix((data, indices, indptr), shape=(n_groups, len(column)))
    return out, sizes, np.array(extra, dtype=object)


def actor_context(
    mentions: pd.DataFrame,
    data: pd.DataFrame | Tokens,
    actor: str,
    *,
    by: str | list[str] | pd.Series | None = None,
    kinds: Sequence[str] | None = BODY,
    min_count: int = 1,
    drop_stopwords: bool = True,
    mask_mentions: bool = True,
) -> pd.DataFrame:
    """Words that characterise the sentences mentioning ``actor`` (keyness).

    Target: the sentences (of ``kinds``) with at least one mention of ``actor``.
    Reference: every other sentence (of the same group with ``by``). Words are the
    tokens of ``analysis.tokenize`` without numbers (and without stop words by
    default); the sizes of both sides count every token, so dropping stop words does not
    change the proportions. With ``mask_mentions`` the words naming the actor itself
    (*Putin*, *the Turkish president*, *Syrian regime*) are not counted, so the list
    shows its company rather than its names (see ``naming`` for those).

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions`` on ``data``.
    data : DataFrame or Tokens
        The corpus (from ``load_corpus``) or its tokens layer.
    actor : str
        Canonical actor name.
    by : str, list of str or Series, optional
        Document groups (``analysis.groups.resolve_by``: a corpus column such as
        ``outlet``, ``year``...): keyness within each group, target and reference both
        drawn from that group. Groups where the actor is not mentioned are skipped.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds whose sentences are compared (as used for ``find_mentions``).
    min_count : int, default 1
        Keep words with target + reference count >= ``min_count``.
    drop_stopwords : bool, default True
        Leave out ``analysis.tokenize.STOP_WORDS``.
    mask_mentions : bool, default True
        Do not count the characters of the actor's own mentions.

    Returns
    -------
    DataFrame
        (the group column first when ``by`` is given), term, target_count,
        reference_count, g2, log_ratio, p_value: the columns of ``compare_counts``,
        sorted by g2 descending then term (within each group, groups in their order).
    """
    own = _check_actor(mentions, actor)
    min_count = check_int("min_count", min_count, low=1)
    drop_stopwords = check_bool("drop_stopwords", drop_stopwords)
    mask_mentions = check_bool("mask_mentions", mask_mentions)
    toks = as_tokens(data, kinds=kinds)
    groups = resolve_by(toks.corpus, by) if by is not None else None
    rows = _sentence_rows(toks, own)
    own, rows = own[rows >= 0], rows[rows >= 0]
    if not len(rows):
        raise ValueError(
            f"no sentence of kinds {kinds} mentions {actor!r}; use the kinds of find_mentions"
        )
    table = toks.dfm("sentence", drop_stopwords=drop_stopwords, keep_numbers=False)
    counts, terms, sizes = table.matrix, table.terms, table.sizes
    target = np.zeros(len(sizes), dtype=bool)
    target[rows] = True
    target_rows = np.flatnonzero(target)
    sent_doc = toks.sentences["doc"].to_numpy()
    group = groups.codes[sent_doc] if groups is not None else np.zeros(len(sizes), np.int64)
    n_groups = len(groups.order) if groups is not None else 1
    ref_rows = np.flatnonzero(~target)

    def by_group(matrix: sp.csr_matrix, which: np.ndarray) -> sp.csr_matrix:
        ones = np.ones(len(which), dtype=np.int64)
        member = sp.csr_matrix(
            (ones, (group[which], np.arange(len(which)))), (n_groups, len(which))
        )
        return (member @ matrix).tocsr()

    if mask_mentions:
        t_sum, t_size, extra = _masked_counts(
            toks, target_rows, group[target_rows], n_groups, own, rows, terms, drop_stopwords
        )
        terms = np.concatenate([terms, extra])
        r_sum = by_group(counts[ref_rows], ref_rows)
        r_sum = sp.csr_matrix((r_sum.data, r_sum.indices, r_sum.indptr), (n_groups, len(terms)))
    else:
        t_sum = by_group(counts[target_rows], target_rows)
        t_size = np.bincount(group[target_rows], weights=sizes[target_rows], minlength=n_groups)
        r_sum = by_group(counts[ref_rows], ref_rows)
    r_size = np.bincount(group[ref_rows], weights=sizes[ref_rows], minlength=n_groups)
    t_has = np.bincount(group[target_rows], minlength=n_groups) > 0
    r_has = np.bincount(group[ref_rows], minlength=n_groups) > 0
    parts = []
    for g in range(n_groups):
        if not (t_has[g] and r_has[g]):
            continue
        t_row, r_row = t_sum[g].toarray().ravel(), r_sum[g].toarray().ravel()
        used = (t_row + r_row) > 0
        result = compare_counts(
            pd.Series(t_row[used], index=terms[used]),
            pd.Series(r_row[used], index=terms[used]),
            min_count=min_count,
            target_size=float(t_size[g]),
            reference_size=float(r_size[g]),
        )
        parts.append(result if groups is None else result.assign(**{groups.name: groups.order[g]}))
    if not parts:
        raise ValueError(f"{actor!r}: no group has sentences both with and without the actor")
    out = pd.concat(parts, ignore_index=True)
    return out if groups is None else out[[groups.name, *KEYNESS_COLUMNS]]


def naming(mentions: pd.DataFrame, *, actors: Sequence[str] | None = None) -> pd.DataFrame:
    """How each actor is named: actor, surface, via, count, share (of the actor's mentions).

    Surfaces are compared as written (``Assad`` and ``Al-Assad`` stay apart). Sorted by
    actor, then count descending, then surface.
    """
    missing = [c for c in ("actor", "surface", "via") if c not in mentions]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")
    chosen = mentions if actors is None else mentions[mentions["actor"].isin(list(actors))]
    out = chosen.groupby(["actor", "surface", "via"]).size().reset_index(name="count")
    out["share"] = out["count"] / out.groupby("actor")["count"].transform("sum")
    out = out.astype({"count": "int64"})
    return out.sort_values(
        ["actor", "count", "surface"], ascending=[True, False, True], ignore_index=True
    )


def framing_by_group(
    mentions: pd.DataFrame,
    data: pd.DataFrame | Tokens,
    actor: str,
    by: object,
    *,
    min_count: int = 2,
    drop_stopwords: bool = True,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """How each group describes one actor, against the other groups describing the same actor.

    For group ``g`` the target is the sentences of ``g`` that name ``actor`` and the
    reference the sentences of every other group that name it, the words naming the
    actor blanked as in ``actor_context``: the table shows how the groups differ in
    describing the same actor, not how the actor's sentences differ from all text.
    Sizes are the tokens of those sentences (stop words included). Statistics are
    those of ``compare_counts``; ``q_value`` is Benjamini-Hochberg within each group.

    Returns
    -------
    DataFrame
        the group (named after ``by``), term, target_count, reference_count, g2,
        log_ratio, p_value, q_value; groups in group order (those with sentences
        naming the actor while another group has some too), then g2 descending, term.
    """
    own = _check_actor(mentions, actor)
    min_count = check_int("min_count", min_count, low=1)
    drop_stopwords = check_bool("drop_stopwords", drop_stopwords)
    toks = as_tokens(data, kinds=kinds)
    groups = resolve_by(toks.corpus, by)
    rows = _sentence_rows(toks, own)
    own, rows = own[rows >= 0], rows[rows >= 0]
    if not len(rows):
        raise ValueError(
            f"no sentence of kinds {kinds} mentions {actor!r}; use the kinds of find_mentions"
        )
    terms = toks.dfm("sentence", drop_stopwords=drop_stopwords, keep_numbers=False).terms
    target_rows = np.unique(rows)
    group = groups.codes[toks.sentences["doc"].to_numpy()]
    n_groups = len(groups.order)
    t_sum, t_size, extra = _masked_counts(
        toks, target_rows, group[target_rows], n_groups, own, rows, terms, drop_stopwords
    )
    terms = np.concatenate([terms, extra])
    total = np.asarray(t_sum.sum(axis=0)).ravel()
    total_size = float(t_size.sum())
    parts = []
    for g in range(n_groups):
        size = float(t_size[g])
        if size <= 0 or total_size - size <= 0:
            continue
        a = t_sum[g].toarray().ravel()
        b = total - a
        used = (a + b) > 0
        table = two_by_two(
            terms[used], a[used], b[used], size, total_size - size, min_count=min_count
        )
        table["q_value"] = (
            false_discovery_control(table["p_value"].to_numpy()) if len(table) else []
        )
        parts.append(table.assign(**{groups.name: groups.order[g]}))
    if not parts:
        raise ValueError(f"{actor!r} is named in one group only: nothing to compare")
    out = pd.concat(parts, ignore_index=True)[[groups.name, *KEYNESS_COLUMNS, "q_value"]]
    out.attrs["actor"] = actor
    return out


def naming_by_group(
    mentions: pd.DataFrame, by: pd.Series | str, *, actors: Sequence[str] | None = None
) -> pd.DataFrame:
    """How each group names each actor, with a test of whether the groups differ.

    ``by`` is a column of ``mentions`` or a Series giving each document's group
    (indexed by doc_id, e.g. ``analysis.groups.group_of(corpus, "outlet")``).
    For each actor, the surfaces x groups table of counts is tested for
    homogeneity with the G-test (``scipy.stats.chi2_contingency`` with
    ``lambda_="log-likelihood"``, no continuity correction): ``g2``, ``dof`` and
    ``p_value`` are the actor's (repeated on its rows; NaN when the actor has one
    surface or appears in one group).

    Returns
    -------
    DataFrame
        actor, group, surface, count, share (of the actor's mentions in that
        group), g2, dof, p_value; sorted by actor, group, count descending, surface.
    """
    missing = [c for c in ("doc_id", "actor", "surface") if c not in mentions]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")
    if isinstance(by, str):
        if by not in mentions.columns:
            raise ValueError(f"by={by!r} is not a column of mentions; pass group_of(corpus, by)")
        group = mentions[by].astype(str)
    else:
        group = by.reindex(mentions["doc_id"]).astype(str)
        if group.isna().any() or (group == "nan").any():
            raise ValueError("by does not give a group for every document of the mentions")
        group = pd.Series(group.to_numpy(), index=mentions.index)
    chosen = mentions.assign(group=group.to_numpy())
    if actors is not None:
        chosen = chosen[chosen["actor"].isin(list(actors))]
    out = chosen.groupby(["actor", "group", "surface"]).size().reset_index(name="count")
    out["share"] = out["count"] / out.groupby(["actor", "group"])["count"].transform("sum")
    tests = []
    for actor, rows in out.groupby("actor", sort=True):
        table = rows.pivot_table(index="surface", columns="group", values="count", fill_value=0)
        if min(table.shape) < 2:
            tests.append((actor, np.nan, np.nan, np.nan))
            continue
        g2, p, dof, _ = chi2_contingency(
            table.to_numpy(), correction=False, lambda_="log-likelihood"
        )
        tests.append((actor, float(g2), float(dof), float(p)))
    test = pd.DataFrame(tests, columns=["actor", "g2", "dof", "p_value"])
    out = out.merge(test, on="actor", how="left").astype({"count": "int64"})
    return out.sort_values(
        ["actor", "group", "count", "surface"],
        ascending=[True, True, False, True],
        ignore_index=True,
    )
