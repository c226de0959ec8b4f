"""Each document's language, and a warning when an English-only analysis gets others.

The detector is ``py3langid`` (the maintained fork of Lui and Baldwin's
langid.py): a naive Bayes model over byte n-grams that ships inside the
package (4.6 MB wheel, 97 languages, NumPy only), works offline and is
deterministic, unlike ``langdetect`` (random sampling, seed-dependent, pure
Python). ``lingua-language-detector`` is more accurate on one-line texts but
its wheel is 96 MB and it was 3x slower on the development corpus; pycld2's
bindings are barely maintained. News articles are long enough that
langid's accuracy is not the limit: on the 2,942 English articles of the
development corpus it reads every one as English from its first 1,000
characters.

Speed: langid walks a finite automaton over the bytes in a Python loop
(about 1 ms per 1,000 characters). ``detect_languages`` walks the same
automaton for thousands of documents at once in NumPy, one byte position at a
time, and scores them with one sparse product, which gives the labels of
``py3langid.classify`` (a test compares them) at a small fraction of the cost.

Conventions: codes are ISO 639-1 (``en``, ``ru``, ``ar``); the model's
regional varieties map to their macrolanguage (``arz``/``ary`` -> ``ar``,
``yue``/``wuu`` -> ``zh``, ``uzs`` -> ``uz``, ``gug`` -> ``gn``); languages
without a two-letter code keep their ISO 639-3 code. ``und`` (undetermined)
marks texts with fewer than ``MIN_LETTERS`` letters, texts without
linguistic content and texts whose best label has a probability below
``MIN_CONFIDENCE``.
"""

from __future__ import annotations

import threading
import unicodedata
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.errors import CorpusWarning

__all__ = [
    "MAX_CHARS",
    "MIN_CONFIDENCE",
    "MIN_LETTERS",
    "UNDETERMINED",
    "LanguageWarning",
    "check_language",
    "detect_languages",
]

MAX_CHARS = 1000
"""Characters read from the start of each text (title and lead of a news article)."""
MIN_LETTERS = 40
"""Texts with fewer letters than this get ``und``: too short to tell."""
MIN_CONFIDENCE = 0.5
"""Texts whose best label has a lower probability get ``und``.

English news reads above 0.98 from its first 1,000 characters (allsides_world);
strings of made-up words ("w12 w3 w45") read at about 0.06."""
UNDETERMINED = "und"
_MACRO = {
    **{"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn"},
    "zxx": "und",  # no linguistic content
}
_CHUNK_DOCS = 2048
# MIN_LETTERS letters, with anything between them (the classes are disjoint: no backtracking)
_ENOUGH_LETTERS = rf"(?:[^\W\d_][\W\d_]*){{{MIN_LETTERS}}}"


class LanguageWarning(CorpusWarning):
    """Documents are in languages an analysis does not support (English-only rules)."""


class _Model:
    """py3langid's automaton and naive Bayes tables as NumPy arrays."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE)
        self.nextmove = np.frombuffer(ident.tk_nextmove, dtype=np.uint32).astype(np.int64)
        self.rowbase = np.asarray(ident._rowbase, dtype=np.int64)
        self.output = np.asarray(ident.tk_output, dtype=np.int32)
        # float32 as langid computes (its float16 table is promoted by the product)
        self.ptc = np.asarray(ident.nb_ptc, dtype=np.float32)
        self.pc = np.asarray(ident.nb_pc, dtype=np.float32)
        self.labels = np.array([_MACRO.get(c, c) for c in ident.nb_classes], dtype=object)
        # column -> label matrix, to add up the probabilities of columns sharing a label
        _, codes = np.unique(self.labels.astype(str), return_inverse=True)
        self.codes = codes
        self.merge = sparse.csr_matrix(
            (np.ones(len(codes)), (np.arange(len(codes)), codes)),
            shape=(len(codes), int(codes.max()) + 1),
        )


_model: _Model | None = None
_model_lock = threading.Lock()
_checked: set[tuple[str, tuple[str, ...], str]] = set()
_detected: dict[str, pd.Series] = {}


def _get_model() -> _Model:
    global _model
    with _model_lock:
        if _model is None:
            _model = _Model()
        return _model


def _encode(text: str) -> bytes:
    """The bytes langid reads: lower case if all upper case, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.encode("utf-8", "surrogatepass")


def _classify_chunk(model: _Model, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Labels of ``texts`` and their probabilities: the automaton walked for every text at once.

    The probability is langid's ``norm_probs``: a softmax of the scores
    divided by the square root of the text's bytes, summed over the model's
    columns that share the label.
    """
    data = [_encode(t) for t in texts]
    lengths = np.fromiter(map(len, data), dtype=np.int64, count=len(data))
    order = np.argsort(-lengths, kind="stable")  # longest first: active texts are a prefix
    sorted_len = lengths[order]
    width = int(sorted_len[0]) if len(data) else 0
    flat = np.frombuffer(b"".join(data[i] for i in order), dtype=np.uint8)
    grid = np.zeros((len(data), width), dtype=np.uint8)
    grid[np.arange(width) < sorted_len[:, None]] = flat
    features = np.full((len(data), width), -1, dtype=np.int32)
    state = np.zeros(len(data), dtype=np.int64)
    # number of texts still longer than position i, for every i
    active = np.searchsorted(-sorted_len, -np.arange(width), side="left")
    for i in range(width):
        k = int(active[i])
        state[:k] = model.nextmove[model.rowbase[state[:k]] + grid[:k, i]]
        features[:k, i] = model.output[state[:k]]
    rows, cols = np.nonzero(features >= 0)
    counts = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, features[rows, cols])),
        shape=(len(data), model.ptc.shape[0]),
    )
    counts.sum_duplicates()
    counts.data = np.log1p(counts.data)
    scores = np.asarray(counts @ model.ptc) + model.pc
    best = scores.argmax(axis=1)
    scaled = scores.astype(np.float64) / np.sqrt(np.maximum(sorted_len, 1))[:, None]
    probs = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    by_label = np.asarray((sparse.csr_matrix(probs) @ model.merge).todense())
    labels = np.empty(len(data), dtype=object)
    confidence = np.empty(len(data), dtype=np.float64)
    labels[order] = model.labels[best]
    confidence[order] = by_label[np.arange(len(data)), model.codes[best]]
    labels[order[sorted_len == 0]] = UNDETERMINED
    return labels, confidence


def detect_languages(
    texts: Iterable[str],
    *,
    max_chars: int = MAX_CHARS,
    min_confidence: float = MIN_CONFIDENCE,
) -> pd.Series:
    """The language of each text, from its first ``max_chars`` characters.

    Parameters
    ----------
    texts : iterable of str
    max_chars : int, default ``MAX_CHARS``
        Characters read from the start of each text.
    min_confidence : float, default ``MIN_CONFIDENCE``
        Below this probability (langid's ``norm_probs``) the text gets ``und``.

    Returns
    -------
    Series of str
        ISO 639-1 codes (see the module docstring), ``und`` for texts with
        fewer than ``MIN_LETTERS`` letters or no confident label. The labels
        are those of ``py3langid.classify(text[:max_chars])``.
    """
    from analysis.validation import check_int, check_real

    check_int("max_chars", max_chars, low=1)
    check_real("min_confidence", min_confidence, low=0.0, high=1.0)
    heads = pd.Series([t[:max_chars] for t in texts], dtype=object)
    out = np.full(len(heads), UNDETERMINED, dtype=object)
    enough = heads.str.contains(_ENOUGH_LETTERS, regex=True).to_numpy(dtype=bool)
    where = np.flatnonzero(enough)
    if len(where):
        model = _get_model()
        values = heads.to_numpy()
        for lo in range(0, len(where), _CHUNK_DOCS):
            part = where[lo : lo + _CHUNK_DOCS]
            labels, confidence = _classify_chunk(model, list(values[part]))
            out[part] = np.where(confidence >= min_confidence, labels, UNDETERMINED)
    return pd.Series(pd.array(out, dtype="str"), index=range(len(heads)))


def language_counts(languages: pd.Series) -> str:
    """``ru 3, ar 1``: languages by count (descending, then code)."""
    counts = languages.value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    return ", ".join(f"{code} {n}" for code, n in counts.items())


def check_language(
    corpus: pd.DataFrame,
    analysis: str,
    supported: Sequence[str] = ("en",),
    *,
    digest: str | None = None,
) -> pd.Series:
    """Warn (``LanguageWarning``) when ``corpus`` holds documents ``analysis`` does not support.

    Uses the corpus's ``language`` column (from ``load_corpus``), or detects
    the languages when the frame has none (kept by ``digest``, a digest of
    the texts such as the tokens layer's key, when given). The warning names
    the analysis, how many documents and which languages; it is given once
    per corpus (same ``digest``, else same doc_ids and languages) and
    analysis, not on every call. Documents marked ``und`` (too short to
    tell) are not counted.

    Returns
    -------
    Series of bool
        Per corpus row, whether the document's language is unsupported.
    """
    if isinstance(supported, str):
        supported = (supported,)
    supported = tuple(supported)
    if "language" in corpus.columns:
        languages = corpus["language"].astype(object).where(corpus["language"].notna(), "und")
    elif digest is not None and digest in _detected:
        languages = _detected[digest]
    else:
        languages = detect_languages(corpus["text"].tolist())
        if digest is not None:
            if len(_detected) >= 8:  # a few corpora, as the layer's memory cache
                _detected.pop(next(iter(_detected)))
            _detected[digest] = languages
    languages = pd.Series(languages.to_numpy(dtype=object), index=corpus.index, dtype=object)
    other = ~languages.isin(supported + (UNDETERMINED,))
    if other.any():
        if digest is None:
            hashed = pd.util.hash_pandas_object(
                pd.DataFrame({"d": corpus["doc_id"].astype(str), "l": languages}), index=False
            )
            digest = f"{len(corpus)}:{int(hashed.sum()) & (2**64 - 1):x}"
        key = (digest, supported, analysis)
        if key not in _checked:
            _checked.add(key)
            n = int(other.sum())
            warnings.warn(
                f"{analysis} supports only {', '.join(supported)}, but {n} of {len(corpus)} "
                f"documents are in other languages ({language_counts(languages[other])}); "
                "their results are unreliable. Select the supported documents with "
                "corpus[corpus['language'].isin(...)] to leave them out",
                LanguageWarning,
                stacklevel=3,
            )
    return other
