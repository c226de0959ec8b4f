"""Long tables of a corpus's units: paragraphs, sentences, and the texts analyses count.

Every row carries ``start``/``end``, character offsets into its document's
``text``, so a count can always be traced back to the words it came from.
Identifiers are positional and do not depend on the ``kinds`` filter:
``paragraph_id`` and ``sentence_id`` number all paragraphs and sentences of a
document from 0, whatever is kept. The spans come from the tokens layer
(``analysis.tokens``), so a corpus is segmented once per session, not once
per call.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_unit

SPAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "paragraph": ("doc_id", "paragraph_id", "kind", "start", "end", "text"),
    "sentence": ("doc_id", "paragraph_id", "sentence_id", "kind", "start", "end", "text"),
}


def _span_table(data: pd.DataFrame | Tokens, unit: str, kinds: Sequence[str] | None):
    toks = as_tokens(data, kinds=kinds)
    table = toks.unit_table(unit)
    table["text"] = pd.array(toks.unit_texts(unit, table), dtype="str")
    return table[list(SPAN_COLUMNS[unit])]


def paragraphs(
    corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per paragraph: doc_id, paragraph_id, kind, start, end, text.

    Parameters
    ----------
    corpus : DataFrame or Tokens
        From ``load_corpus`` (or its tokens layer).
    kinds : sequence of str, optional
        Keep only these kinds (see ``analysis.segment.KINDS``); all by default,
        so the table shows what was classified as what.
    """
    return _span_table(corpus, "paragraph", kinds)


def sentences(corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] | None = BODY) -> pd.DataFrame:
    """One row per sentence: doc_id, paragraph_id, sentence_id, kind, start, end, text.

    Parameters
    ----------
    corpus : DataFrame or Tokens
        From ``load_corpus`` (or its tokens layer).
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds whose sentences are kept; ``None`` keeps all.
    """
    return _span_table(corpus, "sentence", kinds)


def units(
    corpus: pd.DataFrame | Tokens, unit: str = "document", *, kinds: Sequence[str] | None = BODY
) -> pd.DataFrame:
    """The texts an analysis counts, at one level: document, paragraph or sentence.

    For ``unit="document"`` the kept paragraphs of each document are joined
    with a blank line (columns doc_id, text); documents with no kept paragraph
    get an empty text, so every document keeps its row. For paragraphs and
    sentences see ``paragraphs`` and ``sentences``.
    """
    check_unit(unit)
    if unit != "document":
        return _span_table(corpus, unit, kinds)
    toks = as_tokens(corpus, kinds=kinds)
    return pd.DataFrame(
        {
            "doc_id": pd.array(toks.doc_ids, dtype="str"),
            "text": pd.array(toks.unit_texts("document"), dtype="str"),
        }
    )
