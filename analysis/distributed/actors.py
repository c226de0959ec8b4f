"""Actor mentions of a Dask corpus, and their co-occurrence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dask.dataframe as dd
import pandas as pd

from analysis.distributed.tokens import DaskTokens, _gather, _token_parts
from analysis.segment import BODY


def _mentions_part(toks, kinds, options):
    from analysis.actors import find_mentions

    return None if toks is None else find_mentions(toks, kinds=kinds, **options)


def mentions_dask(
    data: dd.DataFrame | DaskTokens, *, kinds: Sequence[str] | None = BODY, **options: object
) -> pd.DataFrame:
    """``find_mentions`` on every partition, gathered: the same table, sorted by doc_id, start.

    ``options`` go to ``find_mentions`` (dictionary, demonyms, date_column...).
    """
    toks = _token_parts(data, kinds, "mentions_dask")
    tables = _gather(_mentions_part, toks, kinds, dict(options))
    out = pd.concat(tables, ignore_index=True)
    return out.sort_values(["doc_id", "start"], kind="stable", ignore_index=True)


def cooccurrence_dask(
    data: dd.DataFrame | DaskTokens | pd.DataFrame,
    *,
    mention_options: Mapping[str, object] | None = None,
    **options: object,
) -> pd.DataFrame:
    """``cooccurrence`` of the mentions of a Dask corpus (found by ``mentions_dask``).

    ``data`` is a Dask corpus or ``tokens_dask(...)`` (mentions are found
    with ``mention_options``), or mentions already gathered (a pandas or Dask
    DataFrame from ``mentions_dask``/``find_mentions``). ``options`` go to
    ``cooccurrence``; the mentions of one unit are in one partition, so the
    gathered table gives the pandas result.
    """
    from analysis.network import cooccurrence

    if isinstance(data, dd.DataFrame) and "actor" in data.columns:
        data = data.compute().reset_index(drop=True)
    if isinstance(data, pd.DataFrame):
        if mention_options:
            raise ValueError("mention_options apply to a corpus, not to mentions already found")
        mentions = data
    else:
        mentions = mentions_dask(data, **dict(mention_options or {}))
    return cooccurrence(mentions, **options)
