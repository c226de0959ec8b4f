"""The text behind a co-occurrence count: every unit where both actors are named."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from analysis.network.cooccurrence import UNIT_KEYS, check_mentions
from analysis.tokens import Tokens, as_tokens

EVIDENCE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "paragraph_id",
    "sentence_id",
    "start",
    "end",
    "surfaces_a",
    "surfaces_b",
    "text",
    "marked",
)


def check_actor(mentions: pd.DataFrame, actor: str) -> None:
    """``actor`` has a mention in ``mentions`` (else an error suggesting close names)."""
    known = set(mentions["actor"])
    if actor not in known:
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


def _sentence_spans(toks: Tokens, keys: pd.DataFrame) -> pd.DataFrame:
    """doc_id, paragraph_id, sentence_id, start, end of the sentences ``keys`` names."""
    sents = toks.sentences
    table = pd.DataFrame(
        {
            "doc_id": toks.doc_ids[sents["doc"].to_numpy()],
            "paragraph_id": sents["paragraph_id"].to_numpy(np.int64),
            "sentence_id": sents["sentence_id"].to_numpy(np.int64),
            "start": sents["start"].to_numpy(np.int64),
            "end": sents["end"].to_numpy(np.int64),
        }
    )
    wanted = keys[["doc_id", "sentence_id"]].drop_duplicates()
    found = table.merge(wanted.astype({"doc_id": object}), on=["doc_id", "sentence_id"])
    if len(found) < len(wanted):
        raise ValueError(
            "mentions in sentences the tokens do not hold: pass the corpus, or tokens with "
            "the kinds the mentions were found in"
        )
    return found


def evidence(
    mentions: pd.DataFrame,
    data: pd.DataFrame | Tokens,
    actor_a: str,
    actor_b: str,
    *,
    unit: str = "sentence",
) -> pd.DataFrame:
    """Every unit where both actors are mentioned: the text behind a co-occurrence count.

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions`` on ``data``.
    data : DataFrame or Tokens
        The corpus the mentions come from, or its tokens layer (holding the
        paragraph kinds the mentions were found in).
    actor_a, actor_b : str
        Canonical actor names.
    unit : {"sentence", "paragraph", "document"}, default "sentence"

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
    check_mentions(mentions, unit, more=("sentence_id", "start", "end", "surface"))
    for name in (actor_a, actor_b):
        check_actor(mentions, name)
    keys = UNIT_KEYS[unit]
    pair = mentions[mentions["actor"].isin([actor_a, actor_b])]
    n_actors = pair.groupby(keys)["actor"].nunique()
    both_units = n_actors[n_actors == 2].index.to_frame(index=False)
    if both_units.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in EVIDENCE_COLUMNS})
    hits = pair.merge(both_units, on=keys)
    # sentence and paragraph ids are positional whatever the kinds kept
    toks = data if isinstance(data, Tokens) else as_tokens(data, kinds=None)
    named = _sentence_spans(toks, hits)
    if unit == "sentence":
        spans = named
    elif unit == "paragraph":
        # the paragraph: from its first kept sentence to its last
        first = named.sort_values(["doc_id", "start"]).groupby(keys, as_index=False).first()
        sents = toks.sentences
        docs = np.isin(toks.doc_ids, named["doc_id"].unique())[sents["doc"].to_numpy()]
        pars = pd.DataFrame(
            {
                "doc_id": toks.doc_ids[sents["doc"].to_numpy()[docs]],
                "paragraph_id": sents["paragraph_id"].to_numpy(np.int64)[docs],
                "p_start": sents["start"].to_numpy(np.int64)[docs],
                "p_end": sents["end"].to_numpy(np.int64)[docs],
            }
        )
        pars = pars.groupby(keys, as_index=False).agg(
            p_start=("p_start", "min"), p_end=("p_end", "max")
        )
        spans = first.merge(pars, on=keys)
        spans = spans.assign(start=spans["p_start"], end=spans["p_end"])
    else:
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
    texts = dict(zip(toks.doc_ids, toks.corpus["text"], strict=True))
    spans = spans.sort_values(["doc_id", "start"], kind="stable", ignore_index=True)
    spans["_row"] = np.arange(len(spans))
    # every mention of the pair inside each unit, in mention order: one merge on the unit's
    # keys (a per-unit pandas filter cost 4 ms a unit, minutes for a frequent pair)
    marks = hits[["doc_id", *keys[1:], "actor", "surface", "start", "end"]].rename(
        columns={"start": "m_start", "end": "m_end"}
    )
    inside = marks.merge(spans[[*keys, "start", "end", "_row"]], on=keys)
    inside = inside[(inside["m_start"] >= inside["start"]) & (inside["m_end"] <= inside["end"])]
    inside = inside.sort_values("_row", kind="stable")

    def joined(actor: str) -> pd.Series:
        own = inside[inside["actor"] == actor]
        return own.groupby("_row")["surface"].agg("; ".join).reindex(spans["_row"], fill_value="")

    rows = inside["_row"].to_numpy()
    cuts = np.searchsorted(rows, np.arange(len(spans) + 1))
    m_start, m_end = inside["m_start"].tolist(), inside["m_end"].tolist()
    text, marked = [], []
    for i, (doc_id, start, end) in enumerate(
        zip(spans["doc_id"].tolist(), spans["start"].tolist(), spans["end"].tolist(), strict=True)
    ):
        unit_text = texts[doc_id][start:end]
        text.append(unit_text)
        lo, hi = cuts[i], cuts[i + 1]
        marked.append(_mark(unit_text, start, list(zip(m_start[lo:hi], m_end[lo:hi], strict=True))))
    out = pd.DataFrame(
        {
            "doc_id": spans["doc_id"].to_numpy(),
            "paragraph_id": spans["paragraph_id"].astype("int64").to_numpy(),
            "sentence_id": spans["sentence_id"].astype("int64").to_numpy(),
            "start": spans["start"].astype("int64").to_numpy(),
            "end": spans["end"].astype("int64").to_numpy(),
            "surfaces_a": joined(actor_a).to_numpy(),
            "surfaces_b": joined(actor_b).to_numpy(),
            "text": text,
            "marked": marked,
        }
    )
    return out[list(EVIDENCE_COLUMNS)]
