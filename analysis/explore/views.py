"""What the interactive explorers show, computed without widgets (so it is tested headless).

Every function takes the tokens layer (``analysis.tokens.tokens``) and returns a
DataFrame or an HTML string; ``analysis.explore.widgets`` only wires them to
controls. Searches reuse the layer's cached search copies (``analysis.kwic``), so
a query on the 2,942-article development corpus answers in about a tenth of a
second.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from analysis.groups import resolve_by
from analysis.kwic import kwic
from analysis.tokens import Tokens

CONCORDANCE_LIMIT = 500  # rows built per query; the total is always stated
_BRACKETED = re.compile(r"\[([^\[\]]+)\]")


def concordance_rows(
    toks: Tokens,
    query: str,
    *,
    window: int = 8,
    regex: bool = False,
    by: object = None,
    groups: list[str] | None = None,
    limit: int = CONCORDANCE_LIMIT,
) -> pd.DataFrame:
    """KWIC rows for an explorer: ``kwic`` plus each row's group, optionally filtered.

    ``by`` names the grouping shown in a column (``resolve_by``); ``groups`` keeps
    only documents of those groups. At most ``limit`` rows are built;
    ``attrs["total"]`` is the number of matches in the documents kept.
    """
    docs = None
    if groups:
        labels = pd.Series(resolve_by(toks.corpus, by).labels).astype(str)
        docs = labels.isin([str(g) for g in groups]).to_numpy()
    table = kwic(toks, query, window=window, regex=regex, docs=docs, limit=limit)
    if by is not None and str(by) != "doc_id":
        of = pd.Series(resolve_by(toks.corpus, by).labels, index=toks.doc_ids).astype(str)
        table.insert(1, str(by), of.loc[table["doc_id"]].to_numpy())
    return table


def paragraph_html(toks: Tokens, doc_id: str, start: int, end: int) -> str:
    """The paragraph holding the match ``start:end`` of ``doc_id``, match in ``<mark>``.

    The paragraph is the span of the layer's sentences that share the match's
    ``paragraph_id`` (the kinds the layer keeps), cut from the document's text.
    """
    row = int(np.flatnonzero(toks.doc_ids == str(doc_id))[0])
    sents = toks.sentences
    own = sents[sents["doc"].to_numpy() == row]
    inside = own[(own["start"] <= start) & (own["end"] >= end)]
    if inside.empty:
        raise ValueError(f"{doc_id}: no kept sentence holds {start}:{end}")
    para = own[own["paragraph_id"] == inside["paragraph_id"].iloc[0]]
    text = toks.corpus["text"].iloc[row]
    lo, hi = int(para["start"].min()), int(para["end"].max())
    return (
        f"<p><b>{html.escape(str(doc_id))}</b>, paragraph {int(para['paragraph_id'].iloc[0])}"
        f"</p><p>{html.escape(text[lo:start])}<mark>{html.escape(text[start:end])}</mark>"
        f"{html.escape(text[end:hi])}</p>"
    )


def marked_html(marked: str) -> str:
    """``evidence``'s ``marked`` text as HTML: the bracketed actor names in ``<mark>``."""
    return _BRACKETED.sub(r"<mark>\1</mark>", html.escape(marked))


def pair_summary(edges: pd.DataFrame, actor_a: str, actor_b: str) -> pd.Series | None:
    """The ``cooccurrence`` row of a pair, in either order; None when they never meet."""
    a, b = sorted((actor_a, actor_b))
    row = edges[(edges["actor_a"] == a) & (edges["actor_b"] == b)]
    if row.empty:
        row = edges[(edges["actor_a"] == b) & (edges["actor_b"] == a)]
    return None if row.empty else row.iloc[0]


def group_columns(corpus: pd.DataFrame, *, max_groups: int = 200) -> list[str]:
    """Metadata columns that group documents: 2 to ``max_groups`` values, some shared.

    A text column whose every value is its own (a URL, a note per document) is
    not a grouping and is left out; ``year`` is added when ``date`` spans two years.
    """
    from analysis.readers import BASE_COLUMNS

    out = []
    for column in [c for c in corpus.columns if c not in BASE_COLUMNS and c != "date"]:
        values = corpus[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            present = values.replace("", np.nan).dropna()
            n = present.nunique()
            if 2 <= n <= max_groups and n < len(present):
                out.append(column)
    if "date" in corpus.columns and corpus["date"].dt.year.nunique() >= 2:
        out.append("year")
    return out
