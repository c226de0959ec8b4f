"""How actors are framed: the words of the sentences that mention them, and their names.

Keyness compares word counts in the sentences mentioning an actor with all other
sentences (``analysis.vocabulary.compare_counts``: signed G2, Log Ratio, p-value), so
*terrorist*, *legitimate* or *aggression* surface when they go with one actor more than
with the rest of the coverage.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from analysis.keyness import KEYNESS_COLUMNS, compare_counts
from analysis.segment import BODY
from analysis.tokenize import count_tokens, tokenize
from analysis.units import sentences


def _masked(texts: pd.Series, starts: pd.Series, spans: pd.DataFrame) -> list[str]:
    """Blank out the characters of ``spans`` (doc offsets) in each sentence text."""
    out = texts.tolist()
    for pos, s, e in spans[["pos", "start", "end"]].itertuples(index=False):
        t, offset = out[pos], int(starts.iloc[pos])
        out[pos] = t[: s - offset] + " " * (e - s) + t[e - offset :]
    return out


def actor_context(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    actor: str,
    *,
    by: str | None = None,
    kinds: Sequence[str] | None = BODY,
    min_count: int = 1,
    drop_stopwords: bool = True,
    mask_mentions: bool = True,
) -> pd.DataFrame:
    """Words that characterise the sentences mentioning ``actor`` (keyness).

    Target: the sentences (of ``kinds``) with at least one mention of ``actor``.
    Reference: every other sentence (of the same group with ``by``). Words are
    ``analysis.tokenize.tokenize`` tokens without numbers (and without stop words by
    default); the sizes of both sides count every token, so dropping stop words does not
    change the proportions. With ``mask_mentions`` the words naming the actor itself
    (*Putin*, *the Turkish president*, *Syrian regime*) are not counted, so the list
    shows its company rather than its names (see ``naming`` for those).

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions`` on ``corpus``.
    corpus : DataFrame
        From ``load_corpus``.
    actor : str
        Canonical actor name.
    by : str, optional
        A corpus column (e.g. ``outlet``): keyness within each group, target and
        reference both drawn from that group. Groups where the actor is not mentioned
        are skipped.
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
        (``by`` column first when given), term, target_count, reference_count, g2,
        log_ratio, p_value: the columns of ``compare_counts``, sorted by g2 descending
        then term (within each group, groups sorted).
    """
    missing = [c for c in ("doc_id", "sentence_id", "start", "end", "actor") if c not in mentions]
    if missing:
        raise ValueError(f"mentions lack columns {missing}; pass the output of find_mentions")
    own = mentions[mentions["actor"] == actor]
    if own.empty:
        import difflib

        close = difflib.get_close_matches(actor, sorted(set(mentions["actor"])), n=3)
        hint = f"; did you mean {close}?" if close else ""
        raise ValueError(f"actor {actor!r} has no mention in this table{hint}")
    if by is not None and by not in corpus.columns:
        raise ValueError(f"no column {by!r} in the corpus; columns are {list(corpus.columns)}")
    sents = sentences(corpus, kinds=kinds).reset_index(drop=True)
    sents["pos"] = np.arange(len(sents))
    located = own.merge(sents[["doc_id", "sentence_id", "pos"]], on=["doc_id", "sentence_id"])
    if located.empty:
        raise ValueError(
            f"no sentence of kinds {kinds} mentions {actor!r}; use the kinds of find_mentions"
        )
    target = np.zeros(len(sents), dtype=bool)
    target[located["pos"].to_numpy()] = True
    texts = _masked(sents["text"], sents["start"], located) if mask_mentions else sents["text"]
    analyzer = functools.partial(tokenize, drop_stopwords=drop_stopwords, keep_numbers=False)
    vectorizer = CountVectorizer(analyzer=analyzer, lowercase=False)
    counts = vectorizer.fit_transform(texts).tocsr()
    terms = vectorizer.get_feature_names_out()
    sizes = np.array([count_tokens(t) for t in texts], dtype=np.int64)
    groups = (
        pd.Series("", index=sents.index)
        if by is None
        else sents["doc_id"].map(dict(zip(corpus["doc_id"], corpus[by].astype(str), strict=True)))
    )
    parts = []
    for key in sorted(groups.unique()):
        in_group = (groups == key).to_numpy()
        t_rows, r_rows = in_group & target, in_group & ~target
        if not t_rows.any() or not r_rows.any():
            continue
        t_counts = np.asarray(counts[t_rows].sum(axis=0)).ravel()
        r_counts = np.asarray(counts[r_rows].sum(axis=0)).ravel()
        used = (t_counts + r_counts) > 0
        table = compare_counts(
            pd.Series(t_counts[used], index=terms[used]),
            pd.Series(r_counts[used], index=terms[used]),
            min_count=min_count,
            target_size=float(sizes[t_rows].sum()),
            reference_size=float(sizes[r_rows].sum()),
        )
        parts.append(table if by is None else table.assign(**{by: key}))
    if not parts:
        raise ValueError(f"{actor!r}: no group has sentences both with and without the actor")
    out = pd.concat(parts, ignore_index=True)
    return out if by is None else out[[by, *KEYNESS_COLUMNS]]


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
