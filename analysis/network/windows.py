"""Token windows: pairs of mentions at most ``k`` tokens apart inside one sentence.

quanteda's ``fcm(tokens, context="window", window=k)`` counts two features as
co-occurring when at most ``k`` tokens separate them. Here the features are actor
mentions: each mention gets the position of its first token in the tokens layer, and
two mentions of different actors in the same sentence with positions at most ``k``
apart make one co-occurring pair. Pairs are found with one vectorised comparison per
offset between mentions of a sentence (the i-th and the (i + d)-th), never a loop
over pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.tokens import Tokens, as_tokens


def mention_positions(mentions: pd.DataFrame, data: Tokens | pd.DataFrame) -> np.ndarray:
    """Index in ``data``'s tokens of each mention's first token.

    The token holding the mention's first character; when that token was dropped
    (``Tokens.prepare``), the next token kept in the sentence (a mention with no token
    left after it gets the sentence's end).

    Raises
    ------
    ValueError
        A mention lies in a sentence the tokens do not hold (found with other ``kinds``).
    """
    toks = data if isinstance(data, Tokens) else as_tokens(data, kinds=None)
    sents = toks.sentences
    doc_row = pd.Index(toks.doc_ids).get_indexer(mentions["doc_id"].to_numpy(dtype=object))
    sid = mentions["sentence_id"].to_numpy(np.int64)
    span = int(sents["sentence_id"].max()) + 1 if len(sents) else 1
    s_key = sents["doc"].to_numpy(np.int64) * span + sents["sentence_id"].to_numpy(np.int64)
    m_key = doc_row.astype(np.int64) * span + sid
    row = np.minimum(np.searchsorted(s_key, m_key), max(len(s_key) - 1, 0))
    held = (doc_row >= 0) & (len(s_key) > 0) & (s_key[row] == m_key)
    if not held.all():
        bad = mentions.loc[~held, ["doc_id", "sentence_id"]].head(3).to_dict("records")
        raise ValueError(
            f"mentions in sentences the tokens do not hold, e.g. {bad}: pass the tokens "
            "(or corpus) the mentions were found in, with the same kinds"
        )
    ptr = toks.sentence_ptr
    lo = ptr[row]
    # tokens are stored sentence after sentence, in text order inside each sentence
    width = int(toks.end.max()) + 1 if toks.n_tokens else 1
    counts = np.diff(ptr)
    t_key = np.repeat(np.arange(len(counts), dtype=np.int64), counts) * width + toks.start
    start = mentions["start"].to_numpy(np.int64)
    holder = np.searchsorted(t_key, row * width + start, side="right") - 1
    inside = (holder >= lo) & (toks.end[np.maximum(holder, 0)] > start)
    return np.where(inside, holder, np.searchsorted(t_key, row * width + start, side="left"))


def window_pairs(
    sentence: np.ndarray, position: np.ndarray, actor: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) of mentions, i before j, in one sentence, at most ``window`` tokens
    apart, of different actors. Inputs in sentence, then position order."""
    first, second = [], []
    d = 1
    while d < len(position):
        same = sentence[d:] == sentence[:-d]
        near = same & (position[d:] - position[:-d] <= window)
        if not near.any():
            # positions only grow inside a sentence: a larger offset is further apart
            break
        i = np.flatnonzero(near & (actor[d:] != actor[:-d]))
        first.append(i)
        second.append(i + d)
        d += 1
    if not first:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(first), np.concatenate(second)


def window_incidence(
    mentions: pd.DataFrame, data: Tokens | pd.DataFrame, window: int
) -> tuple[sp.csr_matrix, pd.Index]:
    """Pair x actor incidence: one row per pair of mentions at most ``window`` tokens
    apart in a sentence, with a 1 for each of its two actors."""
    position = mention_positions(mentions, data)
    actor_codes, actors = pd.factorize(mentions["actor"], sort=True)
    sentence_key = pd.factorize(
        pd.MultiIndex.from_arrays([mentions["doc_id"], mentions["sentence_id"]])
    )[0]
    order = np.lexsort((position, sentence_key))
    i, j = window_pairs(sentence_key[order], position[order], actor_codes[order], window)
    a, b = actor_codes[order][i], actor_codes[order][j]
    rows = np.repeat(np.arange(len(i)), 2)
    cols = np.column_stack([a, b]).ravel()
    x = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.int64), (rows, cols)), shape=(len(i), len(actors))
    )
    return x, pd.Index(actors, name="actor")
