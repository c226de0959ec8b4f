"""Sentences that stay true: Markdown written from result tables, and seed-only commentary.

A notebook's interpretation either depends on the corpus, and is then written at
run time from the numbers (the ``describe_*`` functions of this package), or it
is commentary on the five bundled seed articles, shown only when the corpus is
the seeds (``seed_commentary``). Run on another corpus, no cell states a fact
about the seeds as if it were about that corpus.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.paths import SEEDS_DIR


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Narrative(str):
    """Markdown text that Jupyter renders as Markdown and prints as itself.

    The plain-text form (what nbval compares) is the text, not an object address.
    """

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


@functools.lru_cache(maxsize=1)
def _seed_fingerprint() -> tuple[tuple[str, str], ...]:
    from analysis.corpus import load_corpus

    seeds = load_corpus(SEEDS_DIR, near_duplicates=None)
    return tuple(sorted(zip(seeds["doc_id"], seeds["text"].map(_digest), strict=True)))


def is_seed_corpus(corpus: pd.DataFrame) -> bool:
    """True when ``corpus`` holds exactly the bundled seed articles (same ids, same texts)."""
    if len(corpus) != len(_seed_fingerprint()) or "text" not in corpus.columns:
        return False
    mine = tuple(sorted(zip(corpus["doc_id"], corpus["text"].map(_digest), strict=True)))
    return mine == _seed_fingerprint()


def seed_commentary(corpus: pd.DataFrame, text: str) -> Narrative | None:
    """``text`` as Markdown when ``corpus`` is the seeds, else nothing.

    For hand-written readings of the seed results, which would be false on
    another corpus.
    """
    return Narrative(text.strip()) if is_seed_corpus(corpus) else None


def join(items: Iterable[object], *, last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def number(value: float, digits: int = 3) -> str:
    """An integer with thousands separators, or a float with ``digits`` significant digits."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.{digits}g}" if abs(value) >= 1 else f"{value:.{digits}g}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 document``, ``2 documents`` (``words`` for irregular plurals)."""
    return f"{number(n)} {word if n == 1 else (words or word + 's')}"


def quoted(terms: Sequence[object]) -> list[str]:
    """Terms in quotation marks, for running text."""
    return [f"“{t}”" for t in terms]


def key_term_list(rows: pd.DataFrame, *, mark: str = "“{}”") -> str:
    """Terms of a keyness table in running text, the first with its counts and G2.

    ``rows`` has ``term, target_count, reference_count, g2``; ``mark`` wraps each
    term (quotation marks for words, ``"*{}*"`` for italics).
    """
    out = []
    for i, r in enumerate(rows.itertuples()):
        term = mark.format(r.term)
        if i == 0:
            term += f" ({number(r.target_count)} vs {number(r.reference_count)}, G2 {r.g2:.1f})"
        out.append(term)
    return join(out)
