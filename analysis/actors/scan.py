"""The search: every dictionary key found in the kept paragraphs of a tokens layer.

No document is segmented again: paragraphs and sentences come from the tokens
layer (``Tokens.sentences``). With keys in ASCII (the usual case), the tokens do
more: a match is a sequence of the keys' words, so it lies inside a run of tokens
that each hold a key word (looked up once per vocabulary term) and starts at one
that holds a key's first word. Only those runs are written out as search text,
from the normalised vocabulary terms (tokens whose written form differs from their
term, possessives and dotted acronyms, are read from the text), separated by line
breaks: about a tenth of the corpus goes through the automaton. Offsets in the
search text map back to document offsets through the tokens' offsets.

The matches are then checked against their keys' written variants on the original
text (``check_variants``), and overlaps resolved: the leftmost match wins, then the
longest. With keys outside ASCII (or ``search="text"``), the kept paragraphs
themselves are searched, joined a chunk of documents at a time; both searches give
the same matches. The rules are explained in ``analysis.actors``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.actors.automaton import (
    ASCII_BYTES,
    SEARCH_TABLE,
    _Matcher,
    check_variants,
    leftmost_longest,
    matches,
)
from analysis.actors.tokensearch import BREAK, scan_tokens
from analysis.progress import progress
from analysis.tokenize import STOP_WORDS, fold_accents
from analysis.validation import check_option

if TYPE_CHECKING:
    from analysis.actors.dictionary import ActorDictionary
    from analysis.tokens import Tokens

RAW_COLUMNS: tuple[str, ...] = (
    "doc_pos",
    "paragraph_id",
    "sentence_id",
    "start",
    "end",
    "entry",
    "kind",
    "target",
    "surface",
)
CHUNK_CHARS: int = 4_000_000  # characters searched at once by the text search
# the neighbouring word in the same sentence: no line break or sentence punctuation between
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)[^\w\n.?!;:]{0,3}$")
_WORD_AFTER_RE = re.compile(r"[^\w\n.?!;:]{0,3}([^\W\d_]+)")


# words that end the name of an institution: a state or place inside such a name is part of
# the institution's name (University of Texas, China Institute of International Studies)
ORG_HEADS: tuple[str, ...] = (
    "Academy", "Airlines", "Airways", "Association", "Center", "Centre", "Chamber", "College",
    "Corporation", "Daily", "Foundation", "Herald", "Institute", "Institution", "Museum",
    "School", "Society", "Studies", "University",
)  # fmt: skip
_HEAD_RE = re.compile(r"\b(?:" + "|".join(ORG_HEADS) + r")\b")
_CAP = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w&'’]*)"  # U.S. keeps its dots; China. ends a run
_RUN_RE = re.compile(rf"{_CAP}(?:(?:[^\S\n]+(?:of|for|on|and|the|de|&)[^\S\n]+|[^\S\n]+|-){_CAP})*")
_REACH = 60  # characters between a match and a head word worth a look


def _head_keys(toks: Tokens, texts: list[str]) -> np.ndarray:
    """``doc << 32 | offset`` of every capitalised head word (``ORG_HEADS``), sorted,
    found through the vocabulary rather than by searching the texts."""
    heads = np.flatnonzero(np.isin(toks.vocab, [h.lower() for h in ORG_HEADS]))
    tok = np.flatnonzero(np.isin(toks.ids, heads))
    row = np.searchsorted(toks.sentence_ptr, tok, side="right") - 1
    doc = toks.sentences["doc"].to_numpy(np.int64)[row]
    at = toks.start[tok].astype(np.int64)
    upper = np.array(
        [texts[d][a].isupper() for d, a in zip(doc.tolist(), at.tolist(), strict=True)],
        dtype=bool,
    )
    return np.sort((doc[upper] << 32) | at[upper])


def inside_institutions(
    texts: list[str],
    doc_pos: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    heads: np.ndarray,
) -> np.ndarray:
    """Which matches lie inside the name of an institution (``ORG_HEADS``): a run of
    capitalised words, joined by *of*, *for*, *and*... or hyphens, holding a head word
    (*Center for U.S.-Japan Studies*, *China Institute of International Studies*).

    ``heads`` (``doc << 32 | offset`` of the capitalised head words, sorted) picks the
    few matches with a head word nearby; only those are read again.
    """
    inside = np.zeros(len(start), dtype=bool)
    base = doc_pos.astype(np.int64) << 32
    near = np.searchsorted(heads, base | np.maximum(start - _REACH, 0)) < np.searchsorted(
        heads, base | (end + _REACH)
    )
    rows = np.flatnonzero(near)
    spans = zip(doc_pos[rows].tolist(), start[rows].tolist(), end[rows].tolist(), strict=True)
    for r, (d, ms, me) in zip(rows.tolist(), spans, strict=True):
        text = texts[d]
        for run in _RUN_RE.finditer(text, max(0, ms - _REACH), min(len(text), me + _REACH)):
            if run.start() <= ms and me <= run.end() and _HEAD_RE.search(run.group()):
                inside[r] = True
                break
    return inside


def _shouted(word: str | None) -> bool:
    return word is not None and len(word) >= 2 and word.isupper() and word.lower() in STOP_WORDS


def caps_guard(texts: list[str], doc_pos: np.ndarray, start: np.ndarray, end: np.ndarray):
    """Which of these matches of one-word keys in capitals (``US``, ``IS``) to keep.

    In text written in capitals only (*WHAT IS NEXT*, *TELL US*) the pronoun and the
    verb look like the acronyms. A match is dropped when the word right before or after
    it (at most three non-word characters away, no sentence punctuation between) is also in
    capitals and an English function word; *US-UK talks* or *IS fighters* keep theirs.
    """
    keep = np.ones(len(start), dtype=bool)
    rows = zip(doc_pos.tolist(), start.tolist(), end.tolist(), strict=True)
    for i, (d, s, e) in enumerate(rows):
        text = texts[d]
        before = _WORD_BEFORE_RE.search(text, max(0, s - 40), s)
        after = _WORD_AFTER_RE.match(text, e, e + 40)
        if _shouted(before and before.group(1)) or _shouted(after and after.group(1)):
            keep[i] = False
    return keep


def kept_paragraphs(toks: Tokens) -> pd.DataFrame:
    """Paragraphs of the kept sentences: doc (corpus row), paragraph_id, start, end.

    A paragraph spans from its first sentence's start to its last sentence's end
    (sentences never cross a paragraph, and a paragraph is stripped like them).
    """
    sents = toks.sentences
    doc = sents["doc"].to_numpy(np.int64)
    par = sents["paragraph_id"].to_numpy(np.int64)
    new = np.ones(len(sents), dtype=bool)
    new[1:] = (doc[1:] != doc[:-1]) | (par[1:] != par[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(sents)) - 1
    return pd.DataFrame(
        {
            "doc": doc[first],
            "paragraph_id": par[first],
            "start": sents["start"].to_numpy(np.int64)[first],
            "end": sents["end"].to_numpy(np.int64)[last],
        }
    )


# --- the text search (keys outside ASCII) --------------------------------------------------------


def _search_codes(codes: np.ndarray) -> np.ndarray:
    """The search text's code of every character: folded, lower case, non-word -> space."""
    high = np.unique(codes[codes >= 128])
    table = np.zeros(int(high[-1]) + 1 if len(high) else 128, dtype=np.uint32)
    table[:128] = ASCII_BYTES[:128]
    table[high] = [SEARCH_TABLE[ord(fold_accents(chr(c)))] for c in high.tolist()]
    return table[codes]


def _chunks(sizes: np.ndarray) -> list[tuple[int, int]]:
    """Ranges of documents of about ``CHUNK_CHARS`` characters each."""
    total = np.cumsum(sizes)
    edges = np.searchsorted(total, np.arange(CHUNK_CHARS, total[-1], CHUNK_CHARS)) + 1
    edges = [0, *sorted(set(edges.tolist()) - {0, len(sizes)}), len(sizes)]
    return list(zip(edges[:-1], edges[1:], strict=True))


def _scan_text_chunk(
    matcher: _Matcher, texts: list[str], docs: np.ndarray, pars: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Matches in the kept paragraphs ``pars`` of the documents ``docs``."""
    # the documents one after another, each after a line break; everything outside a
    # kept paragraph reads as a line break, which no key holds, so no match crosses
    # from one paragraph into another or starts outside the kept ones
    joined = "\n" + "\n".join(texts[d] for d in docs.tolist()) + "\n"
    lengths = np.array([len(texts[d]) for d in docs.tolist()], dtype=np.int64)
    origin = np.cumsum(np.r_[1, lengths + 1])[:-1]
    par_doc = np.searchsorted(docs, pars["doc"].to_numpy())
    p_start = origin[par_doc] + pars["start"].to_numpy()
    p_end = origin[par_doc] + pars["end"].to_numpy()
    runs = np.empty(2 * len(p_start) + 1, dtype=np.int64)
    runs[1::2] = p_end - p_start
    runs[0::2] = np.r_[p_start, len(joined)] - np.r_[0, p_end]
    inside = np.repeat(np.arange(len(runs)) % 2 == 1, runs)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    search = _search_codes(codes)
    search[~inside] = BREAK
    text = search.tobytes().decode("utf-32-le", "surrogatepass")
    found = matches(matcher.automaton, text)
    end, eid = found[:, 0], found[:, 1]
    start = end - matcher.key_lengths[eid] + 2
    top = len(codes) - 1
    ok = check_variants(matcher, start, eid, lambda m, off: codes[np.minimum(start[m] + off, top)])
    start, end, eid = start[ok], end[ok], eid[ok]
    kept = leftmost_longest(start, end)
    start, end, eid = start[kept], end[kept], eid[kept]
    par = np.searchsorted(p_start, start, side="right") - 1
    shift = origin[par_doc[par]]
    return {"doc_pos": docs[par_doc[par]], "start": start - shift, "end": end - shift, "entry": eid}


def _scan_text(matcher: _Matcher, toks: Tokens) -> list[dict[str, np.ndarray]]:
    pars = kept_paragraphs(toks)
    texts = toks.corpus["text"].tolist()
    docs, first = np.unique(pars["doc"].to_numpy(), return_index=True)
    parts = []
    if len(docs):
        chunks = _chunks(np.array([len(texts[d]) + 1 for d in docs.tolist()], dtype=np.int64))
        bounds = np.r_[first, len(pars)]
        for lo, hi in progress(chunks, total=len(chunks), desc="find_mentions", unit="chunk"):
            rows = pars.iloc[bounds[lo] : bounds[hi]]
            parts.append(_scan_text_chunk(matcher, texts, docs[lo:hi], rows))
    return parts


def scan(
    toks: Tokens, dictionary: ActorDictionary, *, references: bool, search: str = "tokens"
) -> pd.DataFrame:
    """Non-overlapping dictionary matches in the paragraphs ``toks`` keeps.

    ``search="text"`` searches the paragraphs' text even when the tokens could be used
    (the tests compare both).

    Returns
    -------
    dict of arrays
        doc_pos (corpus row), paragraph_id, sentence_id, start, end (offsets in the
        document's text), entry (key number), kind (name, reference, role), target
        (actor or role label) and surface (the text matched), one item per match; in
        document, then offset order. One-word keys in capitals found in text written in
        capitals are left out (``caps_guard``), and so are states and places named inside
        an institution's name (``inside_institutions``).
    """
    check_option("search", search, ("tokens", "text"))
    matcher = dictionary._matcher(references)
    sents = toks.sentences
    names = ("doc_pos", "start", "end", "entry")
    if matcher.ascii_keys and search == "tokens":
        cols = scan_tokens(matcher, toks)
        sentence = cols.pop("sentence")
    else:
        parts = _scan_text(matcher, toks)
        cols = {
            c: np.concatenate([p[c] for p in parts]) if parts else np.zeros(0, np.int64)
            for c in names
        }
        # the sentence of each match: the last kept sentence of its document before it
        key = (sents["doc"].to_numpy(np.int64) << 32) | sents["start"].to_numpy(np.int64)
        sentence = np.searchsorted(key, (cols["doc_pos"] << 32) | cols["start"], "right") - 1
    texts = toks.corpus["text"].tolist()
    cols["entry"] = cols["entry"].astype(np.int64)
    flagged = np.flatnonzero(matcher.guarded[cols["entry"]]) if len(matcher.entries) else []
    if len(flagged):
        keep = np.ones(len(cols["entry"]), dtype=bool)
        keep[flagged] = caps_guard(
            texts, cols["doc_pos"][flagged], cols["start"][flagged], cols["end"][flagged]
        )
        cols = {c: v[keep] for c, v in cols.items()}
        sentence = sentence[keep]
    # a state or place named inside an institution's name is not a mention of it
    placed = matcher.cache.get("placed")
    if placed is None:
        types = dictionary._types
        placed = np.array(
            [
                e.kind in ("name", "reference") and types.get(e.target) in ("state", "place")
                for e in matcher.entries
            ]
            or [False],
            dtype=bool,
        )
        matcher.cache["placed"] = placed
    flagged = np.flatnonzero(placed[cols["entry"]])
    if len(flagged):
        keep = np.ones(len(cols["entry"]), dtype=bool)
        keep[flagged] = ~inside_institutions(
            texts,
            cols["doc_pos"][flagged],
            cols["start"][flagged],
            cols["end"][flagged],
            _head_keys(toks, texts),
        )
        cols = {c: v[keep] for c, v in cols.items()}
        sentence = sentence[keep]
    cols["paragraph_id"] = sents["paragraph_id"].to_numpy(np.int64)[sentence]
    cols["sentence_id"] = sents["sentence_id"].to_numpy(np.int64)[sentence]
    cols["surface"] = np.array(
        [
            texts[d][s:e]
            for d, s, e in zip(
                cols["doc_pos"].tolist(), cols["start"].tolist(), cols["end"].tolist(), strict=True
            )
        ],
        dtype=object,
    )
    kind_of = np.array([e.kind for e in matcher.entries] or [""], dtype=object)
    target_of = np.array([e.target for e in matcher.entries] or [""], dtype=object)
    cols["kind"] = kind_of[cols["entry"]]
    cols["target"] = target_of[cols["entry"]]
    return {c: cols[c] for c in RAW_COLUMNS}
