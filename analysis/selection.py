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


def resolve_doc_id(corpus: pd.DataFrame, value: object, *, name: str = "doc_id") -> str:
    """The doc_id a notebook parameter names, or a clear error.

    ``value`` is a doc_id, or a unique prefix of one followed by ``_`` (``"003"`` for
    ``"003_013e30cfbeefef5c"``). An int is accepted because papermill's ``-p`` reads
    ``001`` as the number 1: it matches the doc_ids whose leading digits equal it.
    Never falls back silently: no match or several matches raise ``CorpusError``
    naming the parameter (``name``) and some doc_ids.
    """
    ids = corpus["doc_id"].astype(str)
    if isinstance(value, bool) or not isinstance(value, str | int | np.integer):
        raise TypeError(f"{name}={value!r}: give a doc_id (str)")
    if isinstance(value, str) and value in set(ids):
        return value
    if isinstance(value, str):
        matches = ids[ids.str.startswith(value + "_")]
    else:
        lead = ids.str.extract(r"^(\d+)", expand=False)
        matches = ids[lead.notna() & (pd.to_numeric(lead, errors="coerce") == int(value))]
    if len(matches) == 1:
        return str(matches.iloc[0])
    if len(matches) > 1:
        raise CorpusError(
            f"{name}={value!r} matches {len(matches)} documents, e.g. "
            f"{sorted(matches)[:5]}; give the whole doc_id"
        )
    raise CorpusError(
        f"{name}={value!r} is not a doc_id of this corpus ({len(ids)} documents, e.g. "
        f"{sorted(ids)[:5]})"
    )
