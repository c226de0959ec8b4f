"""Parameter checks in one place, with one error policy.

Policy (as scikit-learn's ``_parameter_constraints``): a parameter of the wrong
*type* raises ``TypeError``; a value of the right type outside what is allowed
raises ``ValueError``; a corpus that is not what the suite expects raises
``CorpusError``. Every message names the parameter, what is allowed and what
was given, so a notebook user can fix the call without reading the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd

from analysis.errors import CorpusError

UNITS: tuple[str, ...] = ("document", "paragraph", "sentence")


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]`` (bounds inclusive, ``None`` = open)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, not {value!r}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_interval(low, high)}, not {value}")
    return value


def check_real(
    name: str, value: object, *, low: float | None = None, high: float | None = None
) -> float:
    """``value`` as a float in ``[low, high]`` (bounds inclusive, ``None`` = open)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {value!r}")
    value = float(value)
    if np.isnan(value) or (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_interval(low, high)}, not {value}")
    return value


def check_option(name: str, value: object, options: Iterable[object]) -> object:
    """``value`` if it is one of ``options``."""
    options = tuple(options)
    if value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, not {value!r}")
    return value


def check_bool(name: str, value: object) -> bool:
    """``value`` if it is a bool (NumPy's included)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return bool(value)


def check_unit(unit: object) -> str:
    """One of ``UNITS``: the text span an analysis counts in."""
    return check_option("unit", unit, UNITS)  # type: ignore[return-value]


def check_kinds(kinds: object) -> tuple[str, ...] | None:
    """Paragraph kinds as a sorted tuple (``None`` = every kind)."""
    from analysis.segment import KINDS

    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Iterable):
        raise TypeError(f"kinds must be a sequence of paragraph kinds or None, not {kinds!r}")
    kinds = tuple(kinds)
    unknown = sorted(set(map(str, kinds)) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown paragraph kinds {unknown}; known kinds are {list(KINDS)}")
    if not kinds:
        raise ValueError("kinds is empty: name at least one paragraph kind, or None for all")
    return tuple(sorted(set(kinds), key=KINDS.index))


def check_corpus(corpus: object) -> pd.DataFrame:
    """A non-empty corpus frame with unique string ``doc_id`` and ``text`` columns."""
    if type(corpus).__module__.startswith("dask"):
        raise TypeError(
            f"corpus is a Dask {type(corpus).__name__}: use the *_dask function of "
            "analysis.distributed (term_frequencies_dask, keyness_dask, tfidf_dask, "
            "mentions_dask, cooccurrence_dask), or .compute() a corpus that fits in memory"
        )
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(
            f"corpus must be a DataFrame from load_corpus (or a Tokens object where an "
            f"analysis accepts one), not {type(corpus).__name__}"
        )
    missing = {"doc_id", "text"} - set(corpus.columns)
    if missing:
        raise CorpusError(
            "expected a corpus from load_corpus (columns doc_id and text); "
            f"missing {sorted(missing)}"
        )
    if corpus.empty:
        raise CorpusError("the corpus has no documents")
    ids = corpus["doc_id"]
    if not (pd.api.types.is_string_dtype(ids) and ids.map(type).eq(str).all()):
        bad = [v for v in ids if not isinstance(v, str)][:5]
        raise CorpusError(
            f"doc_id values must be strings; found {bad}. Convert them first: "
            "corpus['doc_id'] = corpus['doc_id'].astype(str)"
        )
    dup = ids[ids.duplicated()]
    if len(dup):
        raise CorpusError(f"doc_id values are not unique: {sorted(set(dup))[:10]}")
    texts = corpus["text"]
    if texts.isna().any():
        rows = list(ids[texts.isna()])[:10]
        raise CorpusError(f"documents without text (missing value): {rows}")
    return corpus


def check_ngram_range(ngram_range: Sequence[int]) -> tuple[int, int]:
    """A pair ``(min_n, max_n)`` with ``1 <= min_n <= max_n``."""
    try:
        lo, hi = (int(x) for x in ngram_range)
    except (TypeError, ValueError):
        raise ValueError(
            f"ngram_range must be a pair of integers (min_n, max_n), not {ngram_range!r}"
        ) from None
    if not 1 <= lo <= hi:
        raise ValueError(f"ngram_range must satisfy 1 <= min_n <= max_n, got {ngram_range!r}")
    return lo, hi


def _interval(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f">= {low}"
    if high is not None:
        return f"<= {high}"
    return "a number"
