"""The compiled dictionary: one Aho-Corasick automaton and what each key requires.

Keys are aliases, role phrases and references after ``normalise`` (accents and case
folded, every character that is not a letter or digit a space), so a key is a
sequence of words. The automaton holds each key between two word breaks (a space,
or a line break that marks a paragraph's edge). What the written alias requires
beyond the normalised key (capitals that must stay capitals, which punctuation may
stand between the words of a name) is kept as flat arrays, checked for all matches
at once by ``check_variants``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

import ahocorasick
import numpy as np

from analysis.errors import CorpusError
from analysis.tokenize import STOP_WORDS, fold_accents

if TYPE_CHECKING:
    from analysis.actors.dictionary import ActorDictionary

_JOINERS = frozenset("-'‐‑‒–—’ʼ`´")
_JOINER_CODES = np.array(sorted(map(ord, _JOINERS)), dtype=np.uint32)
_CAPS_TOKEN_RE = re.compile(r"[^\s-]+")
_UPPER, _LOWER, _INNER = 0, 1, 2  # constraint kinds: must be upper, must not be, separator
BLOCK = "(block)"  # the target of a block: a phrase that is never a mention


class _SearchTable(dict):
    """``str.translate`` table: lower case, and a space for every non-word character.

    One character in, one out (a letter whose lower case has two characters stays as
    it is), so offsets in the searched text are offsets in the document.
    """

    def __missing__(self, code: int) -> int:
        char = chr(code)
        if not char.isalnum():
            value = 32
        else:
            low = char.lower()
            value = ord(low) if len(low) == 1 else code
        self[code] = value
        return value


SEARCH_TABLE = _SearchTable()
_ASCII_TABLE = bytes(SEARCH_TABLE[c] for c in range(128)) + bytes(range(128, 256))
ASCII_BYTES = np.frombuffer(_ASCII_TABLE, dtype=np.uint8)


def normalise(text: str) -> str:
    """Fold accents and case; every character that is not a letter or digit becomes a space."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    return fold_accents(text).translate(SEARCH_TABLE)


@dataclass(frozen=True)
class _Variant:
    alias: str  # accent-folded, as written
    case: tuple[tuple[int, bool], ...]  # (offset, must be upper case) for fixed letters
    inner: tuple[int, ...]  # offsets of non-word characters between words of the alias


@dataclass(frozen=True)
class _Entry:
    kind: str  # "name", "reference", "role" or "block"
    target: str  # actor name, or role label
    variants: tuple[_Variant, ...]


@dataclass(frozen=True)
class _Matcher:
    """The automaton and, as flat arrays, what each key's variants require of the text.

    Entry ``e`` has variants ``variant_ptr[e]:variant_ptr[e + 1]``; variant ``v`` has
    constraints ``constraint_ptr[v]:constraint_ptr[v + 1]``, each an offset from the
    match start, a kind (upper / not upper / separator) and, for separators, the
    alias's own character there. ``words`` are the words of every key,
    ``first_words`` those that begin one, ``max_words`` the most words in a key;
    ``cache`` keeps what ``analysis.actors.tokensearch`` derives from a vocabulary.
    """

    automaton: ahocorasick.Automaton
    ascii_keys: bool
    words: frozenset[str]
    first_words: frozenset[str]
    max_words: int
    entries: tuple[_Entry, ...]
    key_lengths: np.ndarray
    variant_ptr: np.ndarray
    constraint_ptr: np.ndarray
    offsets: np.ndarray
    kinds: np.ndarray
    chars: np.ndarray
    guarded: np.ndarray
    cache: dict = field(default_factory=dict, compare=False)


def _case_constraint(alias: str, exact: bool, initials: bool) -> tuple[tuple[int, bool], ...]:
    """(offset, must be upper) of the letters whose case is fixed.

    ``exact``: every letter. Otherwise the letters of words written in capitals only
    (``US``), and with ``initials`` the first letter of the alias's first capitalised
    word: a name keeps that capital in text (*Turkey*, *TURKEY*, not the bird *turkey*;
    *the Times*, not *the times*), while later words of a name may be written in lower
    case (*Russian ministry of defence*).
    """
    if exact:
        return tuple((i, c.isupper()) for i, c in enumerate(alias) if c.isalpha())
    fixed = []
    for m in _CAPS_TOKEN_RE.finditer(alias):
        letters = [(i, c) for i, c in enumerate(m.group()) if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for _, c in letters):
            fixed.extend((m.start() + i, True) for i, _ in letters)
        elif initials and letters and letters[0][1].isupper():
            fixed.append((m.start() + letters[0][0], True))
            initials = False  # only the first capitalised word
    return tuple(fixed)


def _is_guarded(variants: list[_Variant]) -> bool:
    """Every variant is one word in capitals only that is also an English function word."""
    return all(
        v.alias.isalpha() and v.alias.isupper() and v.alias.lower() in STOP_WORDS for v in variants
    )


def build_matcher(dictionary: ActorDictionary, *, references: bool) -> _Matcher:
    """Compile the keys of ``dictionary`` (names, role phrases, blocks, and references if
    asked; otherwise they are blocks). Names and references keep their first capital;
    role phrases and blocks only their words in capitals (*the Russian president*,
    *president of Russia*)."""
    keys: dict[str, tuple[str, str, list[_Variant]]] = {}

    def add(
        text: str, kind: str, target: str, exact: bool, initials: bool = True, quiet: bool = False
    ) -> None:
        key = normalise(text).strip()
        if not key:
            raise CorpusError(f"{kind} {text!r} of {target!r} has no letters or digits")
        folded = fold_accents(text)
        last = max(i for i, c in enumerate(folded) if c.isalnum())
        inner = tuple(i for i, c in enumerate(folded[:last]) if not c.isalnum())
        initials = initials and kind in ("name", "reference", "role")
        variant = _Variant(folded, _case_constraint(folded, exact, initials), inner)
        if key in keys:
            old_kind, old_target, variants = keys[key]
            if quiet:
                return  # a reference kept as a block yields to any other key
            if old_target != target:
                raise CorpusError(
                    f"{text!r} is listed for both {old_target!r} ({old_kind}) and "
                    f"{target!r} ({kind}); an alias must name one actor"
                )
            if old_kind == "name" and kind == "reference":
                return
            if variant not in variants:
                variants.append(variant)
            keys[key] = (
                min(old_kind, kind, key=("name", "role", "reference", "block").index),
                target,
                variants,
            )
            return
        keys[key] = (kind, target, [variant])

    for a in dictionary.actors.itertuples():
        exact = set(a.exact_case)
        for alias in a.aliases:
            add(alias, "name", a.name, alias in exact)
    for r in dictionary.roles.itertuples():
        for phrase in r.phrases:
            # a title may be written in lower case (*president of Russia*); a shared
            # surname (apposition: false) is a name and keeps its capital
            add(phrase, "role", r.role, False, initials=not r.apposition)
    for phrase in dictionary.blocks:
        add(phrase, "block", BLOCK, False)
    # without references a demonym or metonym of several words still covers its words,
    # as a block: "White House" is never the House of Representatives, "Mexico City" not
    # Mexico (a one-word reference hides no key: a key starting at its word is as long or
    # longer, and wins)
    for a in dictionary.actors.itertuples():
        for ref in a.references:
            if references:
                add(ref, "reference", a.name, False)
            elif len(normalise(ref).split()) > 1:
                add(ref, "block", BLOCK, False, quiet=True)
    automaton = ahocorasick.Automaton()
    entries, lengths = [], []
    variant_ptr, constraint_ptr = [0], [0]
    offsets: list[int] = []
    kinds: list[int] = []
    chars: list[int] = []
    for i, key in enumerate(sorted(keys)):
        kind, target, variants = keys[key]
        entries.append(_Entry(kind, target, tuple(variants)))
        lengths.append(len(key) + 2)
        # a key is a whole word sequence: a space or a paragraph break on either side
        for before in " \n":
            for after in " \n":
                automaton.add_word(f"{before}{key}{after}", i)
        for v in variants:
            for off, upper in v.case:
                offsets.append(off)
                kinds.append(_UPPER if upper else _LOWER)
                chars.append(0)
            for off in v.inner:
                offsets.append(off)
                kinds.append(_INNER)
                chars.append(ord(v.alias[off]))
            constraint_ptr.append(len(offsets))
        variant_ptr.append(len(constraint_ptr) - 1)
    automaton.make_automaton()
    return _Matcher(
        automaton,
        all(key.isascii() for key in keys),
        frozenset(w for key in keys for w in key.split()),
        frozenset(key.split()[0] for key in keys),
        max((len(key.split()) for key in keys), default=0),
        tuple(entries),
        np.array(lengths, dtype=np.int64),
        np.array(variant_ptr, dtype=np.int64),
        np.array(constraint_ptr, dtype=np.int64),
        np.array(offsets, dtype=np.int64),
        np.array(kinds, dtype=np.int8),
        np.array(chars, dtype=np.uint32),
        np.array([_is_guarded(list(e.variants)) for e in entries], dtype=bool),
    )


def matches(automaton: ahocorasick.Automaton, text: str) -> np.ndarray:
    """Every match of ``automaton`` in ``text``: rows of (end offset, value)."""
    flat = np.fromiter(chain.from_iterable(automaton.iter(text)), dtype=np.int64)
    return flat.reshape(-1, 2)


def ragged(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of ``counts`` items: the group of every item and its rank inside it."""
    group = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    return group, np.arange(len(group), dtype=np.int64) - first[group]


def _char_tests(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Accent-folded code points, and whether each is upper case, and may join a name."""
    distinct, inverse = np.unique(codes, return_inverse=True)
    chars = [fold_accents(chr(c)) for c in distinct.tolist()]
    folded = np.array([ord(c) for c in chars], dtype=np.uint32)
    upper = np.array([c.isupper() for c in chars], dtype=bool)
    joiner = np.array([c.isspace() for c in chars], dtype=bool) | np.isin(folded, _JOINER_CODES)
    return folded[inverse], upper[inverse], joiner[inverse]


def check_variants(
    matcher: _Matcher,
    start: np.ndarray,
    eid: np.ndarray,
    codes_at: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """Which matches satisfy at least one written variant of their key.

    ``start`` is where each match begins; ``codes_at(match, offset)`` returns the code
    points of the text at ``offset`` characters from the start of match ``match``.
    Each variant's constraints (letters that must be capitals, or must not be, and
    what may stand between the words of a name) are checked on the accent-folded
    text, all matches and variants at once.
    """
    n_variants = matcher.variant_ptr[eid + 1] - matcher.variant_ptr[eid]
    mv_match, rank = ragged(n_variants)
    mv_variant = matcher.variant_ptr[eid][mv_match] + rank
    n_constraints = matcher.constraint_ptr[mv_variant + 1] - matcher.constraint_ptr[mv_variant]
    c_mv, c_rank = ragged(n_constraints)
    c_index = matcher.constraint_ptr[mv_variant][c_mv] + c_rank
    code, upper, joiner = _char_tests(codes_at(mv_match[c_mv], matcher.offsets[c_index]))
    kind = matcher.kinds[c_index]
    ok = np.where(
        kind == _UPPER,
        upper,
        np.where(kind == _LOWER, ~upper, joiner | (code == matcher.chars[c_index])),
    )
    failed = np.bincount(c_mv[~ok], minlength=len(mv_match))
    return np.bincount(mv_match[failed == 0], minlength=len(eid)) > 0


def leftmost_longest(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of the matches kept, in text order: leftmost first, then longest; no overlap.

    A match that overlaps no other is kept without a look; the others are walked in
    order, each kept when it starts after the last one kept ends.
    """
    order = np.lexsort((start - end, start))
    s, e = start[order], end[order]
    reach = np.maximum.accumulate(e) if len(e) else e
    alone = np.ones(len(order), dtype=bool)
    alone[1:] = s[1:] >= reach[:-1]
    alone[:-1] &= e[:-1] <= s[1:]
    keep = alone.copy()
    last = -1
    for i in np.flatnonzero(~alone).tolist():
        if s[i] >= last:
            keep[i] = True
            last = e[i]
    return order[keep]
