"""Lines a site repeats across its articles: page furniture found by repetition.

The best boilerplate tools (jusText's and trafilatura's site templates, the Web-page
cleaners of large corpora) rely on one observation: article text is written once,
furniture is printed on every page of a site. A line (a paragraph of one line) that
recurs in several documents of one outlet ("Copyright 2019 The Washington Times, LLC.
Click here for reprint permission.", "Story continued below", a newsletter box) is
furniture, whatever its words.

jusText classifies paragraphs by length, link density and stop-word density; on plain
text there are no links, and its stop-word rule keeps any long English paragraph,
newsletter boxes included. trafilatura works on HTML, which a scraped .txt corpus no
longer has. So the suite uses the repetition rule here plus the marker rules of
``analysis.segment`` (video widgets, photo galleries, copyright, sign-up prompts).

Rule (``repeated_lines``): a line's key is its text lower-cased, digits set to 0
(years and counters change), punctuation dropped and white space folded. A key is
repeated when its line appears in at least ``MIN_DOCS`` documents of one group
(``outlet`` when the corpus has that column), or ``MIN_DOCS_LONG`` documents when the
line is longer than ``SHORT_WORDS`` words (a syndicated paragraph shared by a few
updates of one story is article text). Without an outlet column the whole corpus is one
group and both numbers double (``UNGROUPED_FACTOR``): different sites share sentences
(wire copy, quotes) more often than one site repeats its own. Documents with the same
text count once. Lines longer than ``MAX_CHARS`` characters are never keys.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

MIN_DOCS: int = 3
MIN_DOCS_LONG: int = 5
SHORT_WORDS: int = 12
UNGROUPED_FACTOR: int = 2
MAX_CHARS: int = 1200
GROUP_COLUMN: str = "outlet"

_NON_WORD_RE = re.compile(r"[^\w\s]")
_DIGITS_RE = re.compile(r"\d+")


def line_key(line: str) -> tuple[int, int]:
    """A line's key (a 63-bit BLAKE2 integer) and its number of words; (0, 0) when empty."""
    norm = " ".join(_DIGITS_RE.sub("0", _NON_WORD_RE.sub(" ", line.lower())).split())
    if not norm:
        return 0, 0
    digest = hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1 or 1, norm.count(" ") + 1


def repeated_lines(texts: Sequence[str], groups: Sequence[object] | None = None) -> frozenset[int]:
    """Keys of the lines repeated across documents (module docstring), as a frozenset.

    ``groups`` gives each document's group (e.g. its outlet; missing values form one
    group); None puts every document in one group.
    """
    doc_keys: list[np.ndarray] = []
    doc_words: list[np.ndarray] = []
    seen_texts: set[bytes] = set()
    for text in texts:
        fingerprint = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
        if fingerprint.digest() in seen_texts:  # an exact copy adds no evidence
            doc_keys.append(np.zeros(0, dtype=np.int64))
            doc_words.append(np.zeros(0, dtype=np.int64))
            continue
        seen_texts.add(fingerprint.digest())
        keys = {line_key(line) for line in text.split("\n") if 0 < len(line) <= MAX_CHARS}
        keys.discard((0, 0))
        pairs = np.array(sorted(keys), dtype=np.int64).reshape(-1, 2)
        doc_keys.append(pairs[:, 0])
        doc_words.append(pairs[:, 1])
    if not doc_keys:
        return frozenset()
    sizes = np.fromiter(map(len, doc_keys), dtype=np.int64, count=len(doc_keys))
    group = (
        np.zeros(len(doc_keys), dtype=np.int64)
        if groups is None
        else pd.factorize(pd.Series(list(groups), dtype=object).fillna("(missing)"))[0]
    )
    lines = pd.DataFrame(
        {
            "group": np.repeat(group, sizes),
            "key": np.concatenate(doc_keys),
            "words": np.concatenate(doc_words),
        }
    )
    docs = lines.groupby(["group", "key"], sort=False).agg(
        docs=("words", "size"), words=("words", "first")
    )
    needed = np.where(docs["words"] > SHORT_WORDS, MIN_DOCS_LONG, MIN_DOCS)
    if groups is None:
        needed = needed * UNGROUPED_FACTOR
    return frozenset(docs.index.get_level_values("key")[docs["docs"] >= needed].tolist())
