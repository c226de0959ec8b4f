"""Choosing documents: a doc_id, a list of doc_ids, or a boolean mask over the rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import CorpusError


def select_documents(corpus: pd.DataFrame, target: object) -> np.ndarray:
    """Boolean mask over the corpus rows from a doc_id, a list of doc_ids or a boolean mask.

    Raises
    ------
    CorpusError
        A doc_id that is not in the corpus (the message shows some that are).
    ValueError
        A mask of the wrong length or index, or a selection of no document.
    """
    if isinstance(target, pd.Series) and pd.api.types.is_bool_dtype(target.dtype):
        if not target.index.equals(corpus.index):
            if len(target) != len(corpus):
                raise ValueError(
                    f"a boolean target has {len(target)} values; the corpus has {len(corpus)} rows"
                )
            raise ValueError("a boolean target Series must have the corpus's index")
        mask = target.to_numpy(dtype=bool)
    elif isinstance(target, np.ndarray) and target.dtype == bool:
        if len(target) != len(corpus):
            raise ValueError(
                f"a boolean target has {len(target)} values; the corpus has {len(corpus)} rows"
            )
        mask = target
    else:
        wanted = [target] if isinstance(target, str) else list(target)  # type: ignore[call-overload]
        if not wanted:
            raise ValueError("target selects no document (empty list)")
        if all(isinstance(w, bool | np.bool_) for w in wanted):
            return select_documents(corpus, np.asarray(wanted, dtype=bool))
        known = set(corpus["doc_id"])
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise CorpusError(
                f"unknown doc_id {unknown[:10]}; the corpus has {len(known)} documents, "
                f"e.g. {sorted(map(str, known))[:5]}"
            )
        mask = corpus["doc_id"].isin(wanted).to_numpy()
    if not mask.any():
        raise ValueError("target selects no document")
    return mask
