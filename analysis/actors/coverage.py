"""Summaries of mentions, and the coverage report: capitalised names no actor matches."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

import numpy as np
import pandas as pd
from wordfreq import zipf_frequency

from analysis.actors.dictionary import DEFAULT, load_dictionary
from analysis.actors.matching import MENTION_COLUMNS
from analysis.actors.roles import Dictionary, tokens_or_none
from analysis.actors.scan import kept_paragraphs, scan
from analysis.segment import BODY
from analysis.tokenize import STOP_WORDS, fold_accents
from analysis.tokens import Tokens
from analysis.validation import check_int

UNMATCHED_COLUMNS: tuple[str, ...] = ("name", "count", "documents", "example_doc_id", "example")

# Words that make a capitalised phrase look like a name without being an actor.
TITLE_WORDS: frozenset[str] = frozenset(
    """president presidents prime minister ministers secretary general generals colonel
    colonel-general lieutenant lieutenant-general major major-general admiral marshal commander
    chief staff deputy chairman spokesman spokeswoman spokesperson ambassador envoy senator
    governor king queen prince sheikh emir mr mrs ms dr prof gen col lt sgt sir vice sen sens
    rep reps gov leader minority majority director foreign""".split()
)
CALENDAR_WORDS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
COMMON_WORD_ZIPF: float = 4.0

_CONNECTORS = frozenset({"of", "the", "for", "de", "du", "la", "von", "van", "der", "al", "el"})
_CAPWORD = (
    r"(?:[A-Z]\.){2,}"
    r"|(?:(?:al|el|as|ad|ash|at|abu|bin|ibn)-)?[A-Z]\w*(?:['’-]\w+)*"
)
_NAME_RE = re.compile(
    rf"(?<![\w'’.-])(?:{_CAPWORD})"
    rf"(?:(?:\s+(?:of|the|for|de|du|la|von|van|der|al|el|bin|ibn))*\s+(?:{_CAPWORD}))*"
)
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_PARTY_TAG_RE = re.compile(r"[DRI]-[A-Z][\w.]*")  # "(D-Calif.)": a party and a state, no name
_LOWER_WORD_RE = re.compile(r"\b[a-z]+\b")
_INITIAL_AFTER_RE = re.compile(r"(?:^|[:;–—])[\s\"'“‘«(\[-]*$")


# --- summaries -----------------------------------------------------------------------------------


def _check_mentions(mentions: pd.DataFrame) -> None:
    missing = [c for c in MENTION_COLUMNS[:8] if c not in getattr(mentions, "columns", [])]
    if missing:
        raise ValueError(f"expected a mentions table from find_mentions; missing {missing}")


def actor_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per actor: actor, actor_type, mentions, documents, sentences (with a mention).

    Sorted by mentions descending, then actor.
    """
    _check_mentions(mentions)
    sent_key = mentions["doc_id"].astype(str) + "\x1f" + mentions["sentence_id"].astype(str)
    out = (
        mentions.assign(_sent=sent_key)
        .groupby(["actor", "actor_type"])
        .agg(
            mentions=("start", "size"),
            documents=("doc_id", "nunique"),
            sentences=("_sent", "nunique"),
        )
        .reset_index()
    )
    out = out.astype({"mentions": "int64", "documents": "int64", "sentences": "int64"})
    return out.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def mentions_by_document(
    mentions: pd.DataFrame, *, doc_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Mentions per actor (rows) and document (columns), zeros filled.

    Rows are sorted by total mentions descending, then name; columns follow ``doc_ids``
    (default: the documents with a mention, sorted), so documents without any mention can
    be shown as empty columns.
    """
    _check_mentions(mentions)
    table = pd.crosstab(mentions["actor"], mentions["doc_id"])
    columns = sorted(table.columns) if doc_ids is None else list(doc_ids)
    table = table.reindex(columns=columns, fill_value=0).astype("int64")
    totals = table.sum(axis=1).to_numpy()
    order = sorted(range(len(table)), key=lambda i: (-int(totals[i]), table.index[i]))
    table = table.iloc[order]
    table.index.name = "actor"
    table.columns.name = "doc_id"
    return table


# --- coverage ------------------------------------------------------------------------------------


def _is_common(word: str, corpus_words: set[str]) -> bool:
    low = word.lower()
    return low in corpus_words or zipf_frequency(low, "en") >= COMMON_WORD_ZIPF


_NOISE = STOP_WORDS | TITLE_WORDS | CALENDAR_WORDS | _CONNECTORS
_FREE_RE = re.compile(rb"\x00+")


def _pieces(folded: str, m: re.Match, covered: bytes):
    """``m`` split around dictionary matches (``covered``), each gap searched again."""
    if covered.find(b"\x01", m.start(), m.end()) == -1:
        yield m  # nothing covered: the gap is the match itself
        return
    # byte regex on the coverage mask: a per-match NumPy array cost more than the search
    for gap in _FREE_RE.finditer(covered, m.start(), m.end()):
        yield from _NAME_RE.finditer(folded, gap.start(), gap.end())


def _candidates(text: str, folded: str, start: int, end: int, covered: bytes):
    """Name-like runs of capitalised words in ``text[start:end]`` outside ``covered``."""
    for m in _NAME_RE.finditer(folded, start, end):
        for sub in _pieces(folded, m, covered):
            words = sub.group().split()
            lead = 0
            while lead < len(words) and words[lead].lower() in STOP_WORDS:
                lead += 1
            words = words[lead:]
            if not words or all(
                _POSSESSIVE_RE.sub("", w).lower() in _NOISE
                or len(w) == 1
                or _PARTY_TAG_RE.fullmatch(w)
                for w in words
            ):
                continue
            first = sub.start() + sub.group().find(words[0])
            yield first, _POSSESSIVE_RE.sub("", text[first : sub.end()])


def unmatched_names(
    data: pd.DataFrame | Tokens,
    dictionary: Dictionary = DEFAULT,
    *,
    kinds: Sequence[str] | None = BODY,
    min_count: int = 1,
) -> pd.DataFrame:
    """Capitalised names that look like actors but match nothing in the dictionary.

    The coverage report: what to add to the dictionary. A candidate is a run of
    capitalised words, possibly joined by *of*, *the*, *for*, *al*... (``Ministry of
    Defense``, ``Main Intelligence Directorate``), with a possessive ``'s`` removed. Parts
    matched by any alias, reference or role phrase count as covered (references too,
    whatever ``demonyms`` is used later). Dropped: leading stop words (*The*), phrases made
    only of titles, ranks, weekdays and months (``TITLE_WORDS``, ``CALENDAR_WORDS``: *Chief
    of Staff*, *Colonel-General*, *July*) or party-state tags (*D-Calif.*), and single
    words that only ever open a sentence
    and are common English (in the corpus in lower case, or ``wordfreq`` Zipf frequency >=
    ``COMMON_WORD_ZIPF``: *Shortly*, *Nevertheless*). Capitals are detected after folding
    accents, so names in Latin script are found.

    Parameters
    ----------
    data : DataFrame or Tokens
        A corpus or its tokens layer (the paragraphs searched are those it keeps).
    dictionary : path, list of paths or ActorDictionary, default ``DEFAULT``
    kinds : sequence of str or None, default ``("body",)``
    min_count : int, default 1
        Keep names seen at least this often.

    Returns
    -------
    DataFrame
        name, count, documents, example_doc_id, example (the first sentence using it);
        sorted by count descending, then name.
    """
    check_int("min_count", min_count, low=1)
    toks = tokens_or_none(data, kinds)
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in UNMATCHED_COLUMNS}).astype(
        {"count": "int64", "documents": "int64"}
    )
    if toks is None:
        return empty
    raw = scan(toks, load_dictionary(dictionary), references=True)
    by_doc = np.searchsorted(raw["doc_pos"], np.arange(toks.n_docs + 1))
    pars = kept_paragraphs(toks)
    sents = toks.sentences
    sent_doc = sents["doc"].to_numpy(np.int64)
    sent_start = sents["start"].to_numpy(np.int64)
    sent_end = sents["end"].to_numpy(np.int64)
    texts = toks.corpus["text"].tolist()
    doc_ids = toks.doc_ids
    par_doc = pars["doc"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, par_doc[1:] != par_doc[:-1], True])
    found = []
    corpus_words: set[str] = set()
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        pos = int(par_doc[lo])
        text = texts[pos]
        folded = fold_accents(text)
        covered = bytearray(len(text) + 1)
        a, b = by_doc[pos], by_doc[pos + 1]
        for s, e in zip(raw["start"][a:b].tolist(), raw["end"][a:b].tolist(), strict=True):
            covered[s:e] = b"\x01" * (e - s)
        covered = bytes(covered)
        s_lo, s_hi = np.searchsorted(sent_doc, [pos, pos + 1])
        starts = sent_start[s_lo:s_hi].tolist()
        spans = list(
            zip(pars["start"].iloc[lo:hi].tolist(), pars["end"].iloc[lo:hi].tolist(), strict=True)
        )
        corpus_words.update(_LOWER_WORD_RE.findall("\n".join(folded[ps:pe] for ps, pe in spans)))
        for ps, pe in spans:
            for start, name in _candidates(text, folded, ps, pe, covered):
                sid = s_lo + bisect_right(starts, start) - 1
                s0, s1 = int(sent_start[sid]), int(sent_end[sid])
                found.append(
                    {
                        "name": name,
                        "doc_id": doc_ids[pos],
                        "initial": bool(_INITIAL_AFTER_RE.search(folded[s0:start])),
                        "example": text[s0:s1],
                    }
                )
    if not found:
        return empty
    table = pd.DataFrame(found)
    grouped = table.groupby("name", sort=True).agg(
        count=("doc_id", "size"),
        documents=("doc_id", "nunique"),
        example_doc_id=("doc_id", "first"),
        example=("example", "first"),
        initial=("initial", "all"),
    )
    single = ~grouped.index.str.contains(r"\s", regex=True)
    common = np.array([_is_common(n, corpus_words) for n in grouped.index], dtype=bool)
    grouped = grouped[~(grouped["initial"] & single & common) & (grouped["count"] >= min_count)]
    out = grouped.drop(columns="initial").reset_index()
    out = out.astype({"name": "str", "count": "int64", "documents": "int64"})
    return out.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)
