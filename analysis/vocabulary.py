"""Vocabulary of a corpus: frequencies, keyness, collocations, Zipf's law.

Every count comes from sparse matrices built from the suite tokenizer
(``analysis.tokenize.tokenize``) applied sentence by sentence: a corpus is
encoded once as a flat array of integer token ids plus sentence lengths, so no
table ever has one row per token and no unit x vocabulary matrix is densified.
N-grams and collocation windows never span two sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.errors import CorpusError
from analysis.keyness import KEYNESS_COLUMNS, ZERO_CELL, compare_counts  # noqa: F401
from analysis.segment import BODY
from analysis.tokenize import STOP_WORDS, tokenize
from analysis.units import sentences

# --- encoding: the corpus as token ids --------------------------------------------------------

FREQUENCY_COLUMNS: tuple[str, ...] = ("term", "count", "rel_freq", "doc_freq")
COLLOCATION_MEASURES: tuple[str, ...] = ("pmi", "llr", "t")
MISSING_GROUP = "(missing)"
ENGLISH_REFERENCE_SIZE: int = 1_000_000_000
_MAX_TABLE_CELLS = 20_000_000
_NLTK_SMALL = 1e-20  # nltk.metrics.association._SMALL, kept so scores match NLTK exactly


@dataclass(frozen=True)
class EncodedCorpus:
    """A corpus's kept sentences as token ids (no per-token table).

    Attributes
    ----------
    vocab : ndarray of str
        Term of each id.
    ids : ndarray of int32
        Token ids of every sentence, concatenated in corpus then sentence order.
    sentence_lengths : ndarray of int64
        Tokens per sentence (sums to ``len(ids)``).
    sentence_docs : ndarray of int64
        Row position in the corpus of each sentence's document.
    n_docs : int
        Rows of the corpus.
    """

    vocab: np.ndarray
    ids: np.ndarray
    sentence_lengths: np.ndarray
    sentence_docs: np.ndarray
    n_docs: int

    @property
    def token_docs(self) -> np.ndarray:
        """Corpus row of every token."""
        return np.repeat(self.sentence_docs, self.sentence_lengths)

    @property
    def token_sentences(self) -> np.ndarray:
        """Sentence index of every token."""
        return np.repeat(np.arange(len(self.sentence_lengths)), self.sentence_lengths)

    def doc_lengths(self) -> np.ndarray:
        """Tokens per document (corpus row)."""
        return np.bincount(
            self.sentence_docs, weights=self.sentence_lengths, minlength=self.n_docs
        ).astype("int64")

    def without(self, drop: np.ndarray) -> EncodedCorpus:
        """The same corpus without the tokens whose id is flagged in ``drop`` (per vocab id)."""
        keep = ~drop[self.ids]
        lengths = np.bincount(
            self.token_sentences[keep], minlength=len(self.sentence_lengths)
        ).astype("int64")
        return EncodedCorpus(self.vocab, self.ids[keep], lengths, self.sentence_docs, self.n_docs)

    def doc_term_matrix(self) -> sp.csr_matrix:
        """Documents x vocabulary counts (CSR, int32 counts).

        Tokens are stored document after document, so the token array is
        already the CSR ``indices`` of the matrix; ``sum_duplicates`` turns
        repeated ids into counts without a per-token row array.
        """
        indptr = np.concatenate([[0], np.cumsum(self.doc_lengths())])
        ones = np.ones(len(self.ids), dtype="int32")
        matrix = sp.csr_matrix(
            (ones, self.ids, indptr), shape=(self.n_docs, len(self.vocab)), copy=False
        )
        matrix.sum_duplicates()
        return matrix


def check_corpus(corpus: pd.DataFrame) -> None:
    """Raise a clear error unless ``corpus`` is a non-empty frame with unique doc_ids and text."""
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError("corpus must be a DataFrame from load_corpus")
    missing = {"doc_id", "text"} - set(corpus.columns)
    if missing:
        raise CorpusError(
            "expected a corpus from load_corpus (columns doc_id and text); "
            f"missing {sorted(missing)}"
        )
    if corpus.empty:
        raise CorpusError("the corpus has no documents")
    dup = corpus["doc_id"][corpus["doc_id"].duplicated()]
    if len(dup):
        raise CorpusError(f"doc_id values are not unique: {sorted(map(str, set(dup)))[:10]}")


def encode(
    corpus: pd.DataFrame,
    *,
    kinds: Sequence[str] | None = BODY,
    keep_numbers: bool = True,
    fold: bool = False,
    chunk_size: int = 500,
) -> EncodedCorpus:
    """Tokenize the kept sentences of ``corpus`` into integer ids.

    Stop words are kept here (drop them with ``EncodedCorpus.without``), so the
    size of a corpus always counts every token. Ids follow first appearance, so
    the encoding is deterministic. Documents are split into sentences
    ``chunk_size`` at a time, so only one chunk's sentence texts are in memory.
    """
    check_corpus(corpus)
    vocab: dict[str, int] = {}
    chunks, lengths, docs = [], [], []
    for first in range(0, len(corpus), chunk_size):
        sents = sentences(corpus.iloc[first : first + chunk_size], kinds=kinds)
        docs.append(pd.Index(corpus["doc_id"]).get_indexer(sents["doc_id"]))
        chunk_lengths = np.zeros(len(sents), dtype="int64")
        for i, text in enumerate(sents["text"]):
            toks = tokenize(text, keep_numbers=keep_numbers, fold=fold)
            chunk_lengths[i] = len(toks)
            # setdefault's default is evaluated before insertion: a new term gets the next id
            chunks.append(
                np.fromiter((vocab.setdefault(t, len(vocab)) for t in toks), "int32", len(toks))
            )
        lengths.append(chunk_lengths)
    ids = np.concatenate(chunks) if chunks else np.zeros(0, dtype="int32")
    return EncodedCorpus(
        np.array(list(vocab), dtype=object),
        ids,
        np.concatenate(lengths),
        np.concatenate(docs).astype("int64"),
        len(corpus),
    )


def stop_word_mask(vocab: np.ndarray) -> np.ndarray:
    """True for the terms of ``vocab`` that are in ``analysis.tokenize.STOP_WORDS``."""
    return pd.Series(vocab, dtype=object).isin(STOP_WORDS).to_numpy()


def _ngrams(enc: EncodedCorpus, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """N-grams inside sentences: (labels, gram id of each occurrence, doc of each occurrence)."""
    sent = enc.token_sentences
    starts = np.arange(max(len(enc.ids) - n + 1, 0))
    valid = sent[starts] == sent[starts + n - 1]
    starts = starts[valid]
    grams = np.stack([enc.ids[starts + k] for k in range(n)], axis=1)
    unique, inverse = np.unique(grams, axis=0, return_inverse=True)
    labels = pd.Series(enc.vocab[unique[:, 0]], dtype=object)
    for k in range(1, n):
        labels = labels + " " + pd.Series(enc.vocab[unique[:, k]], dtype=object)
    return labels.to_numpy(dtype=object), inverse.ravel(), enc.token_docs[starts]


def _count_matrix(
    corpus: pd.DataFrame,
    *,
    kinds: Sequence[str] | None,
    drop_stopwords: bool,
    ngram: int = 1,
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Documents x terms counts, the terms, and every document's token count (stop words in)."""
    if not isinstance(ngram, (int, np.integer)) or ngram < 1:
        raise ValueError(f"ngram must be a positive integer, not {ngram!r}")
    enc = encode(corpus, kinds=kinds)
    sizes = enc.doc_lengths()
    if drop_stopwords:
        enc = enc.without(stop_word_mask(enc.vocab))
    if ngram == 1:
        matrix = enc.doc_term_matrix()
        used = np.asarray(matrix.sum(axis=0)).ravel() > 0  # stop words left the vocab unused
        return matrix[:, used].tocsr(), enc.vocab[used], sizes
    labels, gram_ids, docs = _ngrams(enc, ngram)
    ones = np.ones(len(gram_ids), dtype="int64")
    matrix = sp.csr_matrix((ones, (docs, gram_ids)), shape=(enc.n_docs, len(labels)))
    return matrix, labels, sizes


def group_labels(corpus: pd.DataFrame, by: str) -> tuple[pd.Series, list[str]]:
    """The ``by`` group of every document, as text, and the groups in order.

    Labels are ``str(value)``, ``"(missing)"`` when missing or blank; groups are ordered by
    their values (numbers and dates in their natural order), missing last.
    ``by="year"`` or ``"month"`` falls back to the ``date`` column when the
    corpus has no column of that name.
    """
    if not isinstance(by, str):
        raise TypeError(f"by must name one corpus column, not {by!r}")
    if by in corpus.columns:
        values = corpus[by]
    elif by in ("year", "month") and "date" in corpus.columns:
        date = pd.to_datetime(corpus["date"], errors="coerce")
        values = date.dt.year.astype("Int64") if by == "year" else date.dt.to_period("M")
    else:
        raise CorpusError(f"by={by!r}: no such corpus column; columns are {list(corpus.columns)}")
    present = (values.notna() & (values.astype(str).str.strip() != "")).to_numpy()
    labels = pd.Series(MISSING_GROUP, index=corpus.index, dtype=object)
    labels[present] = [str(v) for v in values[present]]
    firsts = pd.DataFrame({"label": labels[present], "value": values[present]})
    firsts = firsts.drop_duplicates("label")
    try:
        order = list(firsts.sort_values("value", kind="stable")["label"])
    except TypeError:  # values of mixed types: order by their text
        order = sorted(firsts["label"])
    if not present.all():
        order.append(MISSING_GROUP)
    return labels, order


# --- frequencies -------------------------------------------------------------------------------


def term_frequencies(
    corpus: pd.DataFrame,
    *,
    by: str | None = None,
    drop_stopwords: bool = True,
    ngram: int = 1,
    min_count: int = 1,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """How often every term occurs, overall and per group of documents.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    by : str, optional
        A corpus column (``doc_id``, ``outlet``, ``year``...): adds one count
        column per value, named by the value (``"(missing)"`` for documents
        without one), in the order of the values. ``year``/``month`` are taken
        from ``date`` when the corpus has no such column.
    drop_stopwords : bool, default True
        Drop ``analysis.tokenize.STOP_WORDS`` before counting (and before
        n-grams are formed, as scikit-learn does).
    ngram : int, default 1
        Count n-grams of this length instead of single words; n-grams never
        span two sentences. A term is the tokens joined by one space.
    min_count : int, default 1
        Keep terms occurring at least this often in the corpus.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.

    Returns
    -------
    DataFrame
        ``term, count, rel_freq, doc_freq`` and the group columns. ``rel_freq``
        is ``10,000 * count / N`` where ``N`` is the number of tokens in the
        counted text, stop words included, so rates do not depend on
        ``drop_stopwords``; ``doc_freq`` is the number of documents containing
        the term. Sorted by count descending, then term.
    """
    matrix, terms, sizes = _count_matrix(
        corpus, kinds=kinds, drop_stopwords=drop_stopwords, ngram=ngram
    )
    counts = np.asarray(matrix.sum(axis=0)).ravel()
    keep = counts >= min_count
    matrix, terms, counts = matrix[:, keep], terms[keep], counts[keep]
    total = sizes.sum()
    out = pd.DataFrame(
        {
            "term": pd.array(terms.astype(str), dtype="str"),
            "count": counts.astype("int64"),
            "rel_freq": counts * 10_000 / total if total else np.zeros(len(counts)),
            "doc_freq": np.diff((matrix > 0).tocsc().indptr).astype("int64"),
        }
    )
    if by is not None:
        labels, order = group_labels(corpus, by)
        clash = sorted(set(order) & set(FREQUENCY_COLUMNS))
        if clash:
            raise CorpusError(f"by={by!r}: group values {clash} clash with the table's columns")
        if len(order) * len(terms) > _MAX_TABLE_CELLS:
            raise ValueError(
                f"by={by!r} gives {len(order)} groups x {len(terms)} terms, too large a table; "
                "group more coarsely or raise min_count"
            )
        codes = pd.Categorical(labels, categories=order).codes
        indicator = sp.csr_matrix(
            (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(order), len(codes))
        )
        grouped = (indicator @ matrix).T.toarray().astype("int64")  # terms x groups, kept terms
        out = pd.concat([out, pd.DataFrame(grouped, columns=order)], axis=1)
    return out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)


def zipf_fit(frequencies: pd.DataFrame) -> dict[str, float]:
    """Least-squares line through log10(rank) vs log10(count).

    Ranks are ordinal (1, 2, 3... in the table's order: count descending, ties
    by term), every term is used, and the fit is ordinary least squares of
    ``log10(count) = intercept + slope * log10(rank)`` (``numpy.polyfit``).
    Zipf's law predicts a slope near -1.

    Returns
    -------
    dict
        ``slope``, ``intercept``, ``r_squared``, ``n_terms``.
    """
    counts = np.sort(frequencies["count"].to_numpy(dtype="float64"))[::-1]
    counts = counts[counts > 0]
    if len(counts) < 2:
        raise ValueError("a Zipf fit needs at least two terms with a count")
    x = np.log10(np.arange(1, len(counts) + 1))
    y = np.log10(counts)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (intercept + slope * x)
    total = ((y - y.mean()) ** 2).sum()
    r_squared = 1 - (residual**2).sum() / total if total else float("nan")
    return {
        "slope": float(slope),
        "intercept": float(intercept),
        "r_squared": float(r_squared),
        "n_terms": float(len(counts)),
    }


# --- keyness -----------------------------------------------------------------------------------


def select_documents(corpus: pd.DataFrame, target: object) -> np.ndarray:
    """Boolean mask over the corpus rows from a doc_id, a list of doc_ids or a boolean mask."""
    check_corpus(corpus)
    if isinstance(target, pd.Series) and pd.api.types.is_bool_dtype(target.dtype):
        if not target.index.equals(corpus.index):
            raise ValueError("a boolean target Series must have the corpus's index")
        mask = target.to_numpy(dtype=bool)
    elif isinstance(target, np.ndarray) and target.dtype == bool:
        if len(target) != len(corpus):
            raise ValueError(
                f"a boolean target has {len(target)} values; the corpus has {len(corpus)} rows"
            )
        mask = target
    else:
        wanted = [target] if isinstance(target, str) else list(target)
        if not wanted:
            raise ValueError("target selects no document (empty list)")
        if all(isinstance(w, (bool, np.bool_)) for w in wanted):
            return select_documents(corpus, np.asarray(wanted, dtype=bool))
        known = set(corpus["doc_id"])
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise CorpusError(
                f"unknown doc_id {unknown[:10]}; the corpus has {len(known)} documents, "
                f"e.g. {sorted(map(str, known))[:5]}"
            )
        mask = corpus["doc_id"].isin(wanted).to_numpy()
    if not mask.any():
        raise ValueError("target selects no document")
    return mask


def _english_counts(terms: np.ndarray) -> np.ndarray:
    """Counts of ``terms`` in an assumed English corpus of ENGLISH_REFERENCE_SIZE tokens."""
    import wordfreq  # imported here: loading its word list takes a moment

    freq = pd.Series(wordfreq.get_frequency_dict("en", wordlist="best"))
    # wordfreq spells U.S. without its final dot
    lookup = pd.Series(terms, dtype=object).replace({"u.s.": "u.s"})
    values = lookup.map(freq)
    missing = values.isna()
    if missing.any():
        values[missing] = [wordfreq.word_frequency(t, "en") for t in lookup[missing]]
    return np.round(values.to_numpy(dtype="float64") * ENGLISH_REFERENCE_SIZE)


def keyness(
    corpus: pd.DataFrame,
    target: object,
    *,
    reference: str = "rest",
    measure: str = "g2",
    drop_stopwords: bool = True,
    min_count: int = 2,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Words that set the ``target`` documents apart from a reference.

    Counts come from the documents x terms matrix; the statistics are those of
    ``compare_counts``: for a term with ``a`` occurrences in the target (``C1``
    tokens) and ``b`` in the reference (``C2`` tokens), ``g2`` is the signed
    four-cell log-likelihood ``2 * sum(O ln(O / E))`` over
    ``[[a, b], [C1 - a, C2 - b]]`` (natural log; an empty cell contributes 0;
    positive = relatively more frequent in the target), ``log_ratio`` is
    ``log2((a / C1) / (b / C2))`` with a zero count replaced by 0.5, and
    ``p_value`` the chi-square (1 df) tail of ``|g2|``. ``C1`` and ``C2``
    count every token, stop words included.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    target : str, list of str or boolean mask
        The documents studied: a doc_id, a list of doc_ids, or a boolean
        array/Series over the corpus rows.
    reference : {"rest", "english"}, default "rest"
        ``"rest"``: the other documents of the corpus (every term of either side
        is scored). ``"english"``: general English from the ``wordfreq``
        package (offline): a term's reference count is its wordfreq frequency
        times an assumed corpus of ``ENGLISH_REFERENCE_SIZE`` = 10^9 tokens,
        rounded. Terms missing from wordfreq's list (hyphenated compounds,
        numbers...) get wordfreq's own estimate (``word_frequency``, which
        splits them into its tokens); a term it does not know at all counts 0.
        ``u.s.`` is looked up as ``u.s``. Only terms occurring in the target
        are scored.
    measure : {"g2", "log_ratio"}, default "g2"
        The column the table is sorted by (descending, then term).
    drop_stopwords : bool, default True
        Leave stop words out of the table (they still count in ``C1``/``C2``).
    min_count : int, default 2
        Keep terms with ``a + b >= min_count`` (for ``"english"``: ``a >= min_count``).
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.

    Returns
    -------
    DataFrame
        term, target_count, reference_count, g2, log_ratio, p_value.
    """
    if measure not in ("g2", "log_ratio"):
        raise ValueError(f"measure must be 'g2' or 'log_ratio', not {measure!r}")
    if reference not in ("rest", "english"):
        raise ValueError(f"reference must be 'rest' or 'english', not {reference!r}")
    mask = select_documents(corpus, target)
    if reference == "rest" and mask.all():
        raise ValueError("target selects every document: reference='rest' is empty")
    matrix, terms, sizes = _count_matrix(corpus, kinds=kinds, drop_stopwords=drop_stopwords)
    target_counts = np.asarray(matrix[mask].sum(axis=0)).ravel()
    c1 = sizes[mask].sum()
    if c1 == 0:
        raise ValueError("the target documents have no tokens in the selected paragraph kinds")
    if reference == "rest":
        ref_counts = np.asarray(matrix[~mask].sum(axis=0)).ravel()
        c2 = sizes[~mask].sum()
        if c2 == 0:
            raise ValueError("the reference documents have no tokens in the selected kinds")
    else:
        present = target_counts >= min_count
        terms, target_counts = terms[present], target_counts[present]
        ref_counts = _english_counts(terms)
        c2 = ENGLISH_REFERENCE_SIZE
    index = pd.Index(terms.astype(str), dtype="str")
    table = compare_counts(
        pd.Series(target_counts, index=index),
        pd.Series(ref_counts, index=index),
        min_count=min_count,
        target_size=c1,
        reference_size=c2,
    )
    if measure == "log_ratio":
        table = table.sort_values(["log_ratio", "term"], ascending=[False, True], ignore_index=True)
    return table


def key_terms(
    corpus: pd.DataFrame,
    *,
    by: str = "doc_id",
    top_n: int = 10,
    measure: str = "g2",
    drop_stopwords: bool = True,
    min_count: int = 2,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """The ``top_n`` most over-used terms of every group against all other documents.

    Each group (a value of the ``by`` column, see ``group_labels``) is the
    target of ``keyness(..., reference="rest")``; statistics, zero handling
    and sizes are those of ``keyness``. Only terms with a positive ``g2`` are
    listed. A group without tokens gets no row.

    Returns
    -------
    DataFrame
        ``by``, rank (1 = most key), term, target_count, reference_count, g2,
        log_ratio, p_value; groups in group order, then rank.
    """
    if measure not in ("g2", "log_ratio"):
        raise ValueError(f"measure must be 'g2' or 'log_ratio', not {measure!r}")
    labels, order = group_labels(corpus, by)
    if len(order) < 2:
        raise ValueError(f"by={by!r} has {len(order)} group; keyness needs at least two")
    matrix, terms, sizes = _count_matrix(corpus, kinds=kinds, drop_stopwords=drop_stopwords)
    index = pd.Index(terms.astype(str), dtype="str")
    parts = []
    for group in order:
        mask = (labels == group).to_numpy()
        c1, c2 = sizes[mask].sum(), sizes[~mask].sum()
        if c1 == 0 or c2 == 0:
            continue
        table = compare_counts(
            pd.Series(np.asarray(matrix[mask].sum(axis=0)).ravel(), index=index),
            pd.Series(np.asarray(matrix[~mask].sum(axis=0)).ravel(), index=index),
            min_count=min_count,
            target_size=c1,
            reference_size=c2,
        )
        table = table[table["g2"] > 0].sort_values(
            [measure, "term"], ascending=[False, True], ignore_index=True
        )
        table = table.head(top_n)
        table.insert(0, "rank", np.arange(1, len(table) + 1))
        table.insert(0, by, group)
        parts.append(table)
    columns = [by, "rank", *KEYNESS_COLUMNS]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return out.astype({by: "str"})


# --- collocations ------------------------------------------------------------------------------


def collocations(
    corpus: pd.DataFrame,
    *,
    window: int = 2,
    min_count: int = 2,
    drop_stopwords: bool = False,
    measures: Sequence[str] = COLLOCATION_MEASURES,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Word pairs that occur near each other more often than chance.

    Counting follows ``nltk.collocations.BigramCollocationFinder.from_words(
    tokens, window_size=window)`` applied to each sentence separately and
    summed: every token counts once as a word (``n_ix``, ``n_xi``; ``N`` is the
    number of tokens), and ``(w1, w2)`` counts once for every ``w2`` within the
    ``window - 1`` tokens after a ``w1`` of the same sentence. Scores use NLTK's
    ``BigramAssocMeasures`` on ``n_ii = count / (window - 1)`` (Church and
    Hanks' scaling, as NLTK does):

    * ``pmi`` -- ``log2(n_ii * N / (n_ix * n_xi))``;
    * ``llr`` -- NLTK's ``likelihood_ratio``: ``2 * sum(O * ln(O / (E + 1e-20) + 1e-20))``
      over the four cells ``n_ii, n_oi, n_io, n_oo`` with ``E`` from the
      margins (natural log, unsigned; an empty cell contributes 0);
    * ``t`` -- ``(n_ii - n_ix * n_xi / N) / sqrt(n_ii + 1e-20)``.

    Parameters
    ----------
    window : int, default 2
        Window size in tokens, counting ``w1`` (2 = adjacent pairs).
    min_count : int, default 2
        Keep pairs with ``count >= min_count`` (NLTK's ``apply_freq_filter``).
    drop_stopwords : bool, default False
        Remove stop words from the token stream first (pairs then form across
        the removed words, still inside the sentence).
    measures : sequence of {"pmi", "llr", "t"}
        Score columns, in this order; the table is sorted by the first
        (descending), then w1, w2.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted.

    Returns
    -------
    DataFrame
        w1, w2, count (raw pair count in windows) and one column per measure.
        Where NLTK would fail on the log of a negative cell (possible only when
        one word fills most of the corpus), ``llr`` is NaN.
    """
    if not isinstance(window, (int, np.integer)) or window < 2:
        raise ValueError(f"window must be an integer >= 2, not {window!r}")
    measures = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in measures if m not in COLLOCATION_MEASURES]
    if unknown or not measures:
        raise ValueError(f"unknown measures {unknown}; choose from {list(COLLOCATION_MEASURES)}")
    enc = encode(corpus, kinds=kinds)
    if drop_stopwords:
        enc = enc.without(stop_word_mask(enc.vocab))
    n_vocab, n_tokens = len(enc.vocab), len(enc.ids)
    word_counts = np.bincount(enc.ids, minlength=n_vocab).astype("float64")
    sent = enc.token_sentences
    pairs = sp.csr_matrix((n_vocab, n_vocab), dtype="int64")
    for k in range(1, window):
        first = np.arange(max(n_tokens - k, 0))
        first = first[sent[first] == sent[first + k]]
        ones = np.ones(len(first), dtype="int64")
        pairs = pairs + sp.csr_matrix(
            (ones, (enc.ids[first], enc.ids[first + k])), shape=(n_vocab, n_vocab)
        )
    pairs = pairs.tocoo()
    keep = pairs.data >= min_count
    w1, w2, count = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    n_ii = count / (window - 1)
    n_ix, n_xi, n = word_counts[w1], word_counts[w2], float(n_tokens)
    out = pd.DataFrame(
        {
            "w1": pd.array(enc.vocab[w1].astype(str), dtype="str"),
            "w2": pd.array(enc.vocab[w2].astype(str), dtype="str"),
            "count": count.astype("int64"),
        }
    )
    for m in measures:
        if m == "pmi":
            out["pmi"] = np.log2(n_ii * n) - np.log2(n_ix * n_xi)
        elif m == "t":
            out["t"] = (n_ii - n_ix * n_xi / n) / np.sqrt(n_ii + _NLTK_SMALL)
        else:
            out["llr"] = _nltk_llr(n_ii, n_ix, n_xi, n)
    return out.sort_values(
        [measures[0], "w1", "w2"], ascending=[False, True, True], ignore_index=True
    )


def _nltk_llr(n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, n: float) -> np.ndarray:
    """NLTK's BigramAssocMeasures.likelihood_ratio, vectorised."""
    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    n_oo = n - n_ii - n_oi - n_io
    cells = (n_ii, n_oi, n_io, n_oo)
    # NLTK's expected value of cell i: (cell i + cell i^1) * (cell i + cell i^2) / N
    expected = (
        (n_ii + n_oi) * (n_ii + n_io) / n,
        (n_oi + n_ii) * (n_oi + n_oo) / n,
        (n_io + n_oo) * (n_io + n_ii) / n,
        (n_oo + n_io) * (n_oo + n_oi) / n,
    )
    total = np.zeros(len(n_ii))
    with np.errstate(invalid="ignore", divide="ignore"):
        for obs, exp in zip(cells, expected, strict=True):
            term = obs * np.log(obs / (exp + _NLTK_SMALL) + _NLTK_SMALL)
            total += np.where(obs == 0, 0.0, term)
    return 2 * total
