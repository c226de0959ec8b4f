"""``find_mentions``: every mention of a dictionary actor, with its offsets (the evidence)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.actors.dictionary import DEFAULT
from analysis.actors.roles import Dictionary, _str_column, located, prepare, tokens_or_none
from analysis.segment import BODY
from analysis.tokens import Tokens

MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "paragraph_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "actor",
    "actor_type",
    "via",
)


def find_mentions(
    data: pd.DataFrame | Tokens,
    *,
    dictionary: Dictionary = DEFAULT,
    kinds: Sequence[str] | None = BODY,
    demonyms: bool = False,
    date_column: str | None = "date",
) -> pd.DataFrame:
    """Every mention of a dictionary actor, with its offsets (the evidence).

    Parameters
    ----------
    data : DataFrame or Tokens
        A corpus from ``load_corpus`` (any frame with ``doc_id`` and ``text``), or its
        tokens layer (``tokens(corpus)``): the paragraphs searched are those the layer
        keeps, so no document is segmented again.
    dictionary : path, list of paths or ActorDictionary, default ``DEFAULT``
        The bundled ``analysis/data/actors.yaml`` unless given.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds searched; ``None`` searches every paragraph the data holds (a
        Tokens object is narrowed to ``kinds``, so pass ``tokens(corpus, kinds=None)``
        to search every kind).
    demonyms : bool, default False
        Also count references (demonyms, capitals, metonyms) as mentions of their state.
    date_column : str or None, default ``"date"``
        Column of document dates used to resolve role phrases. Without it (or with NaT),
        role phrases resolve as ``analysis.actors.roles`` explains. ``None`` ignores dates.

    Returns
    -------
    DataFrame
        doc_id, paragraph_id, sentence_id, start, end, surface, actor, actor_type, via;
        one row per mention, sorted by doc_id and start. ``text[start:end] == surface``
        in the document's text; ``paragraph_id``/``sentence_id`` are those of
        ``analysis.units``. ``via`` is ``name``, ``reference`` or ``role``. Unresolved
        role phrases and titles in apposition to a name are left out (see
        ``role_report``).
    """
    toks = tokens_or_none(data, kinds)
    if toks is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in MENTION_COLUMNS})
    d, raw, roles = prepare(toks, dictionary, demonyms, date_column)
    start, end, surface = raw["start"].copy(), raw["end"].copy(), raw["surface"].copy()
    # a title in apposition becomes part of the name's mention: one reference, one span
    title = roles["resolution"] == "apposition"
    if title.any():
        partner, row = roles["partner"][title], roles["row"][title]
        start[partner] = np.minimum(raw["start"][partner], raw["start"][row])
        end[partner] = np.maximum(raw["end"][partner], raw["end"][row])
        texts = toks.corpus["text"].tolist()
        for i in np.unique(partner).tolist():
            surface[i] = texts[raw["doc_pos"][i]][start[i] : end[i]]
    actor = raw["target"].copy()
    keep = (raw["kind"] == "name") | (raw["kind"] == "reference")
    counted = ~title & np.array([a is not None for a in roles["actor"]], dtype=bool)
    actor[roles["row"][counted]] = roles["actor"][counted]
    keep[roles["row"][counted]] = True
    rows = np.flatnonzero(keep)
    types = d._types
    codes, names = pd.factorize(actor[rows])
    kinds = np.array([types[a] for a in names], dtype=object)
    return located(
        raw | {"start": start, "end": end, "surface": surface},
        rows,
        toks.corpus,
        {
            "actor": _str_column(actor[rows]),
            "actor_type": _str_column(kinds[codes]),
            "via": _str_column(raw["kind"][rows]),
        },
    )
