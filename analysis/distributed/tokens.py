"""The tokens layer of a Dask corpus: one ``Tokens`` object per partition, and how to use it.

Every ``*_dask`` analysis maps a function over the partitions' ``Tokens``
(``_gather``) and combines the small results on the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import Delayed, delayed

from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.validation import check_kinds


def _check_frame(ddf: object, what: str) -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(
            f"{what} need a Dask corpus (read_folder_dask, read_corpus_dask or "
            f"dd.from_pandas) or tokens_dask(...), not {type(ddf).__name__}; for a pandas "
            "corpus call the pandas function (without _dask)"
        )
    missing = {"doc_id", "text"} - set(ddf.columns)
    if missing:
        raise CorpusError(
            f"a Dask corpus needs the columns doc_id and text; missing {sorted(missing)}"
        )


def _part_tokens(part: pd.DataFrame, kinds):
    """The tokens layer of one partition (``None`` for an empty one); not cached."""
    from analysis.tokens import tokens

    if part.empty:
        return None
    # Dask hands text as Arrow strings: Python strings once here, not on every pass over them
    part = part.reset_index(drop=True).assign(text=lambda p: p["text"].astype(object))
    return tokens(part, kinds=kinds, cache=False)


@dataclass(frozen=True, eq=False)
class DaskTokens:
    """The tokens layer of a Dask corpus: one ``Tokens`` object per partition.

    Every ``*_dask`` analysis accepts it in place of the Dask corpus, so after
    ``persist()`` each partition is tokenized once for the whole pipeline.
    """

    parts: tuple[Delayed, ...]
    kinds: tuple[str, ...] | None
    columns: tuple[str, ...]

    def __repr__(self) -> str:
        return f"DaskTokens(partitions={len(self.parts)}, kinds={self.kinds})"

    def persist(self) -> DaskTokens:
        """Build every partition's layer now and keep it (in the workers' memory)."""
        return replace(self, parts=tuple(dask.persist(*self.parts)))


def tokens_dask(ddf: dd.DataFrame, *, kinds: Sequence[str] | None = BODY) -> DaskTokens:
    """The tokens layer of every partition (lazy; ``.persist()`` builds and keeps it)."""
    _check_frame(ddf, "tokens_dask")
    wanted = check_kinds(kinds)
    parts = tuple(delayed(_part_tokens)(p, wanted) for p in ddf.to_delayed())
    return DaskTokens(parts=parts, kinds=wanted, columns=tuple(ddf.columns))


def _token_parts(data: object, kinds: Sequence[str] | None, caller: str) -> DaskTokens:
    if isinstance(data, DaskTokens):
        wanted = check_kinds(kinds)
        if data.kinds is not None and (wanted is None or not set(wanted) <= set(data.kinds)):
            raise ValueError(
                f"{caller}(kinds={kinds!r}) asks for paragraphs the DaskTokens do not hold "
                f"(they hold {list(data.kinds)}); build them with tokens_dask(ddf, kinds=None)"
            )
        return data
    _check_frame(data, caller)
    return tokens_dask(data, kinds=kinds)  # type: ignore[arg-type]


def _gather(func, toks: DaskTokens, *args) -> list:
    """``func(tokens_of_partition, *args)`` on every partition; the non-empty results."""
    results = dask.compute(*(delayed(func)(p, *args) for p in toks.parts))
    results = [r for r in results if r is not None]
    if not results:
        raise CorpusError("the corpus has no documents")
    return results


def _sum_by_term(terms: list[np.ndarray], *counts: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Terms (sorted) and each count summed over partitions, term by term (int64)."""
    vocab, inverse = np.unique(np.concatenate(terms).astype(object), return_inverse=True)
    summed = []
    for parts in counts:
        out = np.zeros(len(vocab), dtype=np.int64)
        np.add.at(out, inverse, np.concatenate(parts).astype(np.int64))
        summed.append(out)
    return vocab, *summed
