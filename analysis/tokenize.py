"""The one tokenizer every analysis in the suite uses.

Rules (in order)
----------------
1. Curly apostrophes are read as straight ones (``Putin’s`` = ``Putin's``).
2. A token is a dotted acronym (``U.N.``), a word (letters, then letters or
   digits, with inner hyphens and apostrophes: ``al-Assad``, ``SU-35S``,
   ``don't``) or a number (``2,000``, ``2.5``, ``1990s``). Unicode letters
   count as letters, so ``Erdoğan`` stays ``erdoğan``.
3. ``US``, ``U.S`` and ``U.S.`` become ``u.s.``: lower-cased, ``US`` would
   collide with the pronoun *us*, a stop word. Other dotted acronyms lose
   their dots (``U.N.`` -> ``un``, ``U.K.`` -> ``uk``) to meet their undotted
   spelling.
4. Lower-case; a possessive ``'s`` is removed (``russia's`` -> ``russia``).
   Without part-of-speech tags a contraction such as *it's* loses its ``'s``
   too; both forms are stop words.
5. Optional: drop numbers (tokens that start with a digit), drop stop words,
   fold accents (``erdoğan`` -> ``erdogan``) for matching.

Stop words
----------
``STOP_WORDS`` is scikit-learn's English list, minus ``KEPT_CONTENT_WORDS``
(words that list drops but that carry meaning in news: *fire*, *system*,
*bill*, *interest*, *un* as in the UN, *serious*; see Nothman et al. 2018,
"Stop word lists in free open-source software packages"), plus
``NEWS_STOP_WORDS`` (reporting verbs and honorifics) and the contractions in
``CONTRACTIONS``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

KEPT_CONTENT_WORDS: frozenset[str] = frozenset(
    {"bill", "fire", "interest", "serious", "system", "un"}
)
NEWS_STOP_WORDS: frozenset[str] = frozenset(
    {
        "according",
        "dr",
        "including",
        "just",
        "mr",
        "mrs",
        "ms",
        "said",
        "say",
        "saying",
        "says",
        "told",
    }
)
CONTRACTIONS: frozenset[str] = frozenset(
    {
        "aren't", "can't", "couldn't", "didn't", "doesn't", "don't", "hadn't",
        "hasn't", "haven't", "he'd", "he'll", "i'd", "i'll", "i'm", "i've",
        "isn't", "it'll", "let", "she'd", "she'll", "shouldn't", "they'd",
        "they'll", "they're", "they've", "wasn't", "we'd", "we'll", "we're",
        "we've", "weren't", "won't", "wouldn't", "you'd", "you'll", "you're",
        "you've",
    }
)  # fmt: skip
STOP_WORDS: frozenset[str] = frozenset(
    (ENGLISH_STOP_WORDS - KEPT_CONTENT_WORDS) | NEWS_STOP_WORDS | CONTRACTIONS
)

_L = r"[^\W\d_]"  # a Unicode letter
# Alternatives share their first letter so the regex engine tests it once.
TOKEN_PATTERN = (
    rf"{_L}(?:"
    rf"\.(?:{_L}\.)+(?!\w)"  # dotted acronym with final dot: U.N.
    rf"|\.(?:{_L}\.)*{_L}(?![\w.])"  # dotted acronym without it: U.S
    r"|\w*(?:[-']\w+)*)"  # word, with inner hyphens/apostrophes
    r"|\d+(?:[.,]\d+)*[^\W\d_]*"  # number: 2,000  2.5  1990s
)
TOKEN_RE = re.compile(TOKEN_PATTERN)
_US_FORMS = frozenset({"US", "U.S", "U.S."})


def _straight_apostrophes(text: str) -> str:
    # str.replace runs in C; a translate table would look up every character in a dict.
    return text.replace("\u2019", "'").replace("\u02bc", "'")


class _FoldTable(dict):
    """``str.translate`` table that folds each character to one character.

    One character in, one out, so offsets computed on folded text are valid
    in the original text.
    """

    _EXTRA = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h"}

    def __missing__(self, code: int) -> int:
        char = chr(code)
        folded = self._EXTRA.get(char)
        if folded is None:
            base = unicodedata.normalize("NFD", char)[0]
            folded = base if base.isalpha() else char
        self[code] = ord(folded)
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold_accents(text: str) -> str:
    """Remove diacritics, keeping the length: ``"Erdoğan"`` -> ``"Erdogan"``.

    Each character maps to exactly one character (its base letter), so a
    character offset in the folded text points to the same place in ``text``.
    """
    if text.isascii():
        return text  # nothing to fold; skips a per-character table lookup
    return text.translate(_FOLD_TABLE)


def _normalise_token(raw: str) -> str:
    if raw in _US_FORMS:
        return "u.s."
    token = raw.lower()
    if "." in token and not token[0].isdigit():
        token = token.replace(".", "")
    if token.endswith("'s"):
        token = token[:-2]
    return token


def tokenize(
    text: str,
    *,
    drop_stopwords: bool = False,
    keep_numbers: bool = True,
    fold: bool = False,
    stop_words: Iterable[str] | None = None,
) -> list[str]:
    """Split ``text`` into lower-case tokens (see the module docstring for the rules).

    Parameters
    ----------
    text : str
        Any text: a sentence, a paragraph or a whole document.
    drop_stopwords : bool, default False
        Drop tokens in ``stop_words``.
    keep_numbers : bool, default True
        Keep tokens that start with a digit (``2016``, ``90``, ``1990s``).
    fold : bool, default False
        Fold accents (``erdoğan`` -> ``erdogan``) after lower-casing.
    stop_words : iterable of str, optional
        The stop-word list; ``STOP_WORDS`` by default.

    Returns
    -------
    list of str
    """
    tokens = [_normalise_token(t) for t in TOKEN_RE.findall(_straight_apostrophes(text))]
    if fold:
        tokens = [fold_accents(t) for t in tokens]
    if not keep_numbers:
        tokens = [t for t in tokens if not t[0].isdigit()]
    if drop_stopwords:
        stops = STOP_WORDS if stop_words is None else frozenset(stop_words)
        tokens = [t for t in tokens if t not in stops]
    return tokens


def count_tokens(text: str) -> int:
    """Number of tokens ``tokenize(text)`` returns, without building the list.

    ``re.subn`` counts matches in C, so a 100 MB text costs one pass and no
    per-token Python objects.
    """
    return TOKEN_RE.subn("", _straight_apostrophes(text))[1]
