"""The search on the tokens layer, for keys written in ASCII (the usual case).

A key is a sequence of words, so a match lies inside a run of consecutive tokens of
one paragraph that each hold a key word, and starts at a token holding a key's first
word. Which vocabulary terms hold such words is looked up once per vocabulary; only
those runs, from their first key-opening token on (about a tenth of the corpus),
are written out as search text and go through the automaton:

* each token as its normalised term (the term is the written form in lower case);
  tokens whose term differs from their written form (possessives, dotted acronyms,
  ``US``, forms outside ASCII) are read from the text;
* the gaps between tokens as spaces (between two tokens there is no letter or digit:
  every one belongs to a token), a character of context on each side of a run (a
  space, or ``?`` when a token touches it) and a line break after it.

Search offsets map back to document offsets through the tokens' offsets. The result
equals a search of the whole paragraphs (``analysis.actors.scan``), which the tests
check on the development corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

import ahocorasick
import numpy as np
import pandas as pd

from analysis.actors.automaton import (
    ASCII_BYTES,
    SEARCH_TABLE,
    _Matcher,
    check_variants,
    leftmost_longest,
    matches,
    ragged,
)
from analysis.progress import progress
from analysis.tokenize import fold_accents

if TYPE_CHECKING:
    from analysis.tokens import Tokens

CHUNK_TOKENS: int = 4_000_000  # tokens searched at once
BREAK = 10  # a line break: outside the kept text; no key holds one
JOINED = 63  # "?": a character that joins a word but is part of no key


@dataclass(frozen=True)
class _Terms:
    """What the search needs of each vocabulary term."""

    plain_length: np.ndarray  # characters of a term in ASCII; -1 for other terms (int32)
    chars: np.ndarray  # the normalised terms, one after another (uint8)
    offset: np.ndarray  # where each term starts in ``chars``
    holds_word: np.ndarray  # bool: one of its words is a key word
    opens_key: np.ndarray  # bool: one of its words begins a key
    whole_key: np.ndarray  # bool: the term alone is a key


def ascii_search(text: str) -> np.ndarray:
    """``text`` as search bytes: accents and case folded, a space for every character
    that is not a letter or digit, ``?`` for one that stays outside ASCII."""
    if text.isascii():
        return ASCII_BYTES[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = np.empty(len(codes), dtype=np.uint8)
    low = codes < 128
    out[low] = ASCII_BYTES[codes[low]]
    high, inverse = np.unique(codes[~low], return_inverse=True)
    mapped = [SEARCH_TABLE[ord(fold_accents(chr(c)))] for c in high.tolist()]
    out[~low] = np.array([c if c < 128 else JOINED for c in mapped], dtype=np.uint8)[inverse]
    return out


def _word_automaton(matcher: _Matcher) -> ahocorasick.Automaton:
    """Every key word between spaces; the value says whether it opens a key."""
    hit = matcher.cache.get("words")
    if hit is None:
        hit = ahocorasick.Automaton()
        for word in sorted(matcher.words):
            hit.add_word(f" {word} ", word in matcher.first_words)
        hit.make_automaton()
        matcher.cache["words"] = hit
    return hit


def _word_flags(chars: np.ndarray, length: np.ndarray, matcher: _Matcher):
    """For texts laid end to end in ``chars``: whether each holds a key word, and
    whether one of its words opens a key (one pass of an automaton of the words)."""
    spaced = np.full(len(chars) + len(length) + 1, 32, dtype=np.uint8)
    begin = np.cumsum(length + 1) - length  # each text after a space
    which, rank = ragged(length)
    spaced[begin[which] + rank] = chars
    found = matches(_word_automaton(matcher), spaced.tobytes().decode("latin-1"))
    text = np.searchsorted(begin, found[:, 0], side="right") - 1
    holds = np.zeros(len(length), dtype=bool)
    holds[text] = True
    opens = np.zeros(len(length), dtype=bool)
    opens[text[found[:, 1] == 1]] = True
    return holds, opens


def _terms(matcher: _Matcher, vocab: np.ndarray) -> _Terms:
    """Per vocabulary term (cached for the last vocabulary seen by ``matcher``)."""
    hit = matcher.cache.get("terms")
    if hit is not None and hit[0] is vocab:
        return hit[1]
    terms = vocab.tolist()
    length = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    offset = np.cumsum(length) - length
    joined = "".join(terms)
    chars = ascii_search(joined)  # one character for one: the terms keep their offsets
    ascii_ = np.ones(len(terms), dtype=bool)
    if not joined.isascii():
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ascii_[np.searchsorted(offset, np.flatnonzero(codes >= 128), side="right") - 1] = False
    holds, opens = _word_flags(chars, length, matcher)
    text = chars.tobytes().decode("latin-1")
    ends = (offset + length).tolist()
    # a term of several words (pro-russian, isis-k) may hold a key inside: searched
    whole = np.array(
        [
            bool(o) and (" " in (w := text[a:b].strip()) or matcher.automaton.exists(f" {w} "))
            for o, a, b in zip(opens.tolist(), offset.tolist(), ends, strict=True)
        ],
        dtype=bool,
    )
    plain_length = np.where(ascii_, length, -1).astype(np.int32)
    info = _Terms(plain_length, chars, offset, holds, opens, whole)
    matcher.cache["terms"] = (vocab, info)
    return info


def _chars_at(texts: list[str], doc: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Code points of ``texts[doc][offset]`` (offsets clipped to the text), read a
    document at a time."""
    if not len(doc):
        return np.zeros(0, dtype=np.uint32)
    bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True])
    size = np.array([len(texts[d]) for d in doc[bounds[:-1]].tolist()], dtype=np.int64)
    top = np.repeat(np.maximum(size - 1, 0), np.diff(bounds))
    offset = np.minimum(offset, top).tolist()
    pieces = []
    for d, a, b in zip(
        doc[bounds[:-1]].tolist(), bounds[:-1].tolist(), bounds[1:].tolist(), strict=True
    ):
        got = itemgetter(*offset[a:b])(texts[d])
        pieces.append(got if b - a == 1 else "".join(got))
    joined = "".join(pieces)
    return np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _sentence_of(toks: _Span, token: np.ndarray) -> np.ndarray:
    """Row in ``toks.sentences`` of each token index in ``token``."""
    return np.searchsorted(toks.sentence_ptr, token, side="right") - 1


def _odd_tokens(matcher: _Matcher, toks: _Span, info: _Terms, texts: list[str]):
    """Tokens whose term is not their written form in lower case: their indices,
    whether each holds a key word and opens a key, where each starts in the returned
    characters, and those characters (the written forms, normalised)."""
    ids = toks.ids
    plain = (toks.end - toks.start) == info.plain_length[ids]
    odd = np.flatnonzero(~plain)
    doc = toks.sentences["doc"].to_numpy(np.int64)[_sentence_of(toks, odd)]
    start = toks.start[odd].astype(np.int64)
    end = toks.end[odd].astype(np.int64)
    spans = zip(doc.tolist(), start.tolist(), end.tolist(), strict=True)
    chars = ascii_search("".join([texts[d][s:e] for d, s, e in spans]))
    holds, opens = _word_flags(chars, end - start, matcher)
    return odd, holds, opens, np.cumsum(end - start) - (end - start), chars


def _runs(matcher: _Matcher, toks: _Span, info: _Terms, texts: list[str]):
    """The tokens searched: from each token that opens a key, the following tokens of
    its paragraph that hold key words, as far as a key can reach (``max_words`` words);
    overlapping stretches merged into runs.

    Tokens that touch a neighbour (a number followed by digits, ``3rd2``: one word
    over two tokens) count as holding and opening, whatever their terms.

    Returns the token indices, the run of each, and where each token's normalised
    characters are in the returned character buffer.
    """
    ids = toks.ids
    n = len(ids)
    odd, odd_holds, odd_opens, odd_begin, odd_chars = _odd_tokens(matcher, toks, info, texts)
    touching = np.flatnonzero(toks.start[1:] == toks.end[:-1])  # token i touches i + 1
    glued = np.zeros(n + 1, dtype=bool)  # glued[i]: token i touches token i - 1
    glued[touching + 1] = True
    opens = info.opens_key[ids]
    opens[odd] = odd_opens
    opens[touching] = True
    opens[touching + 1] = True
    opener = np.flatnonzero(opens)
    holds = info.holds_word[ids]
    holds[odd] = odd_holds
    holds[touching] = True
    holds[touching + 1] = True

    sents = toks.sentences
    s_doc = sents["doc"].to_numpy(np.int64)
    s_par = sents["paragraph_id"].to_numpy(np.int64)
    new_par = np.r_[True, (s_doc[1:] != s_doc[:-1]) | (s_par[1:] != s_par[:-1])]
    par_start = np.ones(n + 1, dtype=bool)  # the end of the tokens closes every run
    par_start[:n] = False
    par_start[toks.sentence_ptr[:-1][new_par]] = True
    # reach: the last token a key opened at each opener can cover
    reach = opener.copy()
    words = np.zeros(len(opener), dtype=np.int64)
    going = np.arange(len(opener))
    while len(going):
        nxt = reach[going] + 1
        more = words[going] + ~glued[nxt]
        ok = ~par_start[nxt] & (more < matcher.max_words)
        ok[ok] = holds[nxt[ok]]
        going = going[ok]
        reach[going] = nxt[ok]
        words[going] = more[ok]
    # overlapping stretches form one run
    furthest = np.maximum.accumulate(reach) if len(reach) else reach
    new_run = np.r_[True, opener[1:] > furthest[:-1]]
    first = opener[new_run]
    last = np.maximum.reduceat(reach, np.flatnonzero(new_run)) if len(reach) else reach
    # a run of one token can only hold a one-word key: "the" or "president" alone, the
    # most frequent openers, are not searched (tokens read from the text, or touching a
    # neighbour, always are)
    alone = info.whole_key[ids]
    alone[odd] = True
    alone[touching] = True
    alone[touching + 1] = True
    wanted = (last > first) | alone[first]
    first, last = first[wanted], last[wanted]
    which, rank = ragged(last - first + 1)
    tok = first[which] + rank
    at = np.minimum(np.searchsorted(odd, tok), max(len(odd) - 1, 0))
    hit = (odd[at] == tok) if len(odd) else np.zeros(len(tok), dtype=bool)
    source = info.offset[ids[tok]]
    source[hit] = len(info.chars) + odd_begin[at[hit]]
    return tok, which, source, np.concatenate([info.chars, odd_chars])


@dataclass(frozen=True)
class _Span:
    """Whole documents of a Tokens object: its arrays for a range of sentences."""

    vocab: np.ndarray
    ids: np.ndarray
    start: np.ndarray
    end: np.ndarray
    sentences: pd.DataFrame
    sentence_ptr: np.ndarray


def _spans(toks: Tokens) -> list[tuple[int, _Span]]:
    """``toks`` cut at document starts into spans of about ``CHUNK_TOKENS`` tokens, each
    with the row of its first sentence."""
    ptr = toks.sentence_ptr
    doc = toks.sentences["doc"].to_numpy()
    if not len(doc):
        return []
    first = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    at = np.searchsorted(ptr[first], np.arange(CHUNK_TOKENS, max(ptr[-1], 1), CHUNK_TOKENS))
    edges = [0, *sorted(set(first[np.minimum(at, len(first) - 1)].tolist()) - {0}), len(doc)]
    out = []
    for s0, s1 in zip(edges[:-1], edges[1:], strict=True):
        t0, t1 = ptr[s0], ptr[s1]
        span = _Span(
            toks.vocab,
            toks.ids[t0:t1],
            toks.start[t0:t1],
            toks.end[t0:t1],
            toks.sentences.iloc[s0:s1].reset_index(drop=True),
            ptr[s0 : s1 + 1] - t0,
        )
        out.append((s0, span))
    return out


def scan_tokens(matcher: _Matcher, toks: Tokens) -> dict[str, np.ndarray]:
    """Matches found in the runs of tokens that can hold one (see the module docstring),
    a span of whole documents (``CHUNK_TOKENS`` tokens) at a time.

    Returns doc_pos, sentence (row in ``toks.sentences``), start, end (document
    offsets) and entry of each match kept, in text order.
    """
    texts = toks.corpus["text"].tolist()
    info = _terms(matcher, toks.vocab)
    parts = []
    spans = _spans(toks)
    for first, span in progress(spans, total=len(spans), desc="find_mentions", unit="span"):
        found = _scan_span(matcher, span, info, texts)
        found["sentence"] = found["sentence"] + first
        parts.append(found)
    names = ("doc_pos", "sentence", "start", "end", "entry")
    if not parts:
        return {c: np.zeros(0, dtype=np.int64) for c in names}
    return {c: np.concatenate([p[c] for p in parts]).astype(np.int64) for c in names}


def _scan_span(matcher: _Matcher, toks: _Span, info: _Terms, texts: list[str]):
    """``scan_tokens`` on one span."""
    tok, run, source, chars = _runs(matcher, toks, info, texts)
    empty = np.zeros(0, dtype=np.int64)
    if not len(tok):
        return dict.fromkeys(("doc_pos", "sentence", "start", "end", "entry"), empty)
    s_doc = toks.sentences["doc"].to_numpy(np.int64)
    first = np.r_[True, run[1:] != run[:-1]]
    last = np.r_[run[1:] != run[:-1], True]
    k_start = toks.start[tok].astype(np.int64)
    k_end = toks.end[tok].astype(np.int64)
    k_sent = _sentence_of(toks, tok)
    k_doc = s_doc[k_sent]
    width = k_end - k_start
    gap = np.full(len(tok), 2, dtype=np.int64)  # after a run: context, line break
    gap[~last] = k_start[1:][~last[:-1]] - k_end[:-1][~last[:-1]]
    lead = first.astype(np.int64)  # before a run: context
    block = lead + width + gap
    dest = np.cumsum(block) - block + lead
    out = np.full(int(block.sum()), 32, dtype=np.uint8)
    # each token's characters: out[dest + r] = chars[source + r] for r < width
    step = np.arange(int(width.sum()), dtype=np.int64) - np.repeat(np.cumsum(width) - width, width)
    out[np.repeat(dest, width) + step] = chars[np.repeat(source, width) + step]
    n = len(toks.ids)
    prev = np.maximum(tok[first] - 1, 0)
    glued = (tok[first] > 0) & (s_doc[_sentence_of(toks, prev)] == k_doc[first])
    glued &= toks.end[prev] == k_start[first]
    out[dest[first][glued] - 1] = JOINED
    nxt = np.minimum(tok[last] + 1, n - 1)
    glued = (tok[last] + 1 < n) & (s_doc[_sentence_of(toks, nxt)] == k_doc[last])
    glued &= toks.start[nxt] == k_end[last]
    after = dest[last] + width[last]
    out[after[glued]] = JOINED
    out[after + 1] = BREAK

    def place(pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = np.searchsorted(dest, pos, side="right") - 1
        return k, k_start[k] + pos - dest[k]

    found = matches(matcher.automaton, out.tobytes().decode("latin-1"))
    end, eid = found[:, 0], found[:, 1]
    start = end - matcher.key_lengths[eid] + 2

    def codes_at(match: np.ndarray, offset: np.ndarray) -> np.ndarray:
        k, at = place(start[match] + offset)
        return _chars_at(texts, k_doc[k], at)

    ok = check_variants(matcher, start, eid, codes_at)
    start, end, eid = start[ok], end[ok], eid[ok]
    kept = leftmost_longest(start, end)
    start, end, eid = start[kept], end[kept], eid[kept]
    k, m_start = place(start)
    _, m_last = place(end - 1)
    return {
        "doc_pos": k_doc[k],
        "sentence": k_sent[k],
        "start": m_start,
        "end": m_last + 1,
        "entry": eid,
    }
