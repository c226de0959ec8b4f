"""The document-term matrix: units x terms counts from the tokens layer, with document variables.

``dfm(tokens)`` counts terms per document (or paragraph, or sentence) in one
sparse matrix built from the token ids, never from text; ``group(by)`` sums
rows into groups of documents (quanteda's ``dfm_group``) with ``by`` resolved
by ``analysis.groups.resolve_by``. ``sizes`` keeps every unit's token count
*before* terms were dropped, so statistics that need a corpus size (keyness)
count stop words too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.groups import Groups, resolve_by
from analysis.tokens import Tokens
from analysis.validation import check_int, check_option, check_unit


@dataclass(frozen=True, eq=False)
class DocumentTermMatrix:
    """Counts of terms per unit.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Units x terms, int64 counts.
    terms : ndarray of str
        The term of each column (sorted as Python strings).
    units : DataFrame
        One row per matrix row. Documents: ``doc_id``; paragraphs and
        sentences: their keys, ``kind``, ``start``, ``end``; groups: the group
        column and ``n_docs``.
    docvars : DataFrame
        The corpus's document variables (every column but ``text``).
    doc : ndarray of int64
        Corpus row of each unit (``-1`` for groups).
    sizes : ndarray of int64
        Tokens of each unit before any term was dropped (stop words included).
    unit : str
        ``document``, ``paragraph``, ``sentence`` or ``group``.
    """

    matrix: sp.csr_matrix
    terms: np.ndarray
    units: pd.DataFrame
    docvars: pd.DataFrame
    doc: np.ndarray
    sizes: np.ndarray
    unit: str

    def __repr__(self) -> str:
        n, v = self.matrix.shape
        return (
            f"DocumentTermMatrix(unit={self.unit!r}, units={n:,}, terms={v:,}, "
            f"nnz={self.matrix.nnz:,})"
        )

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def term_counts(self) -> np.ndarray:
        """Total count of every term (int64)."""
        return np.asarray(self.matrix.sum(axis=0)).ravel().astype(np.int64)

    def doc_freq(self) -> np.ndarray:
        """Number of units containing every term (int64)."""
        return np.bincount(self.matrix.indices, minlength=self.matrix.shape[1]).astype(np.int64)

    def compact(self) -> DocumentTermMatrix:
        """Without the terms no unit contains."""
        used = self.doc_freq() > 0
        if used.all():
            return self
        return replace(self, matrix=self.matrix[:, used].tocsr(), terms=self.terms[used])

    def groups(self, by: object) -> Groups:
        """The groups of the units' documents for ``by`` (see ``analysis.groups``)."""
        if self.unit == "group":
            raise ValueError("this matrix is already grouped; group the ungrouped matrix")
        groups = resolve_by(self.docvars, by)
        if self.unit == "document":
            return groups
        return Groups(name=groups.name, labels=groups.labels[self.doc], order=groups.order)

    def group(self, by: object) -> DocumentTermMatrix:
        """Rows summed by group: one row per group of ``by``, in group order.

        ``units`` then has the group column (named as ``Groups.name``) and
        ``n_docs``, the documents in each group.
        """
        groups = self.groups(by)
        codes = groups.codes
        n_groups = len(groups.order)
        indicator = sp.csr_matrix(
            (np.ones(len(codes), dtype=np.int64), (codes, np.arange(len(codes)))),
            shape=(n_groups, len(codes)),
        )
        doc_groups = resolve_by(self.docvars, by).codes
        table = pd.DataFrame(
            {
                groups.name: pd.array(groups.order, dtype="str"),
                "n_docs": np.bincount(doc_groups, minlength=n_groups).astype(np.int64),
            }
        )
        return DocumentTermMatrix(
            matrix=(indicator @ self.matrix).tocsr(),
            terms=self.terms,
            units=table,
            docvars=self.docvars,
            doc=np.full(n_groups, -1, dtype=np.int64),
            sizes=np.bincount(codes, weights=self.sizes, minlength=n_groups).astype(np.int64),
            unit="group",
        )

    def rows(self, mask: np.ndarray) -> DocumentTermMatrix:
        """The units flagged in ``mask``."""
        mask = np.asarray(mask, dtype=bool)
        return replace(
            self,
            matrix=self.matrix[mask],
            units=self.units[mask].reset_index(drop=True),
            doc=self.doc[mask],
            sizes=self.sizes[mask],
        )


def _ngram_columns(
    ids: np.ndarray, span: np.ndarray, vocab: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """N-grams of ``n`` consecutive tokens inside one span (sentence or unit).

    Returns the labels (words joined by a space, in id-tuple order), the
    label index of every occurrence, and the token index where it starts.
    """
    starts = np.arange(max(len(ids) - n + 1, 0))
    starts = starts[span[starts] == span[starts + n - 1]]
    width = max(len(vocab), 1)
    if width**n < 2**62:
        # one int64 key per n-gram (ids in base len(vocab)): a 1-D unique is far faster than
        # np.unique(axis=0), and key order is id-tuple order
        key = np.zeros(len(starts), dtype=np.int64)
        for k in range(n):
            key = key * width + ids[starts + k].astype(np.int64)
        keys, inverse = np.unique(key, return_inverse=True)
        unique = np.empty((len(keys), n), dtype=np.int64)
        for k in range(n - 1, -1, -1):
            unique[:, k] = keys % width
            keys = keys // width
    else:
        grams = np.stack([ids[starts + k] for k in range(n)], axis=1)
        unique, inverse = np.unique(grams, axis=0, return_inverse=True)
    labels = pd.Series(vocab[unique[:, 0]], dtype=object)
    for k in range(1, n):
        labels = labels + " " + pd.Series(vocab[unique[:, k]], dtype=object)
    return labels.to_numpy(dtype=object), inverse.ravel(), starts


def _count_unigrams(ids: np.ndarray, ptr: np.ndarray, n_terms: int) -> sp.csr_matrix:
    """Units x terms counts from token ids stored unit after unit (``ptr`` = unit starts).

    Tokens are counted a block of units at a time (about ``2**22`` tokens), so
    no array of every token is ever copied: a block's ids are the CSR indices
    of its rows, ``sum_duplicates`` turns repeats into counts, and the blocks'
    (much shorter) arrays are joined at the end.
    """
    n_units = len(ptr) - 1
    data, indices, nnz = [], [], np.zeros(n_units, dtype=np.int64)
    step = 1 << 22
    row = 0
    while row < n_units:
        end_row = int(np.searchsorted(ptr, ptr[row] + step, side="right")) - 1
        end_row = min(max(end_row, row + 1), n_units)
        lo, hi = ptr[row], ptr[end_row]
        block = sp.csr_matrix(
            (np.ones(hi - lo, dtype=np.int64), np.array(ids[lo:hi]), ptr[row : end_row + 1] - lo),
            shape=(end_row - row, n_terms),
        )
        block.sum_duplicates()
        data.append(block.data)
        indices.append(block.indices.astype(np.int32, copy=False))
        nnz[row:end_row] = np.diff(block.indptr)
        row = end_row
    indptr = np.concatenate([[0], np.cumsum(nnz)])
    return sp.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0, np.int64),
            np.concatenate(indices) if indices else np.zeros(0, np.int32),
            indptr,
        ),
        shape=(n_units, n_terms),
    )


def dfm(
    tokens: Tokens,
    unit: str = "document",
    *,
    drop_stopwords: bool = False,
    keep_numbers: bool = True,
    fold: bool = False,
    ngram: int | Sequence[int] = 1,
    within: str = "sentence",
) -> DocumentTermMatrix:
    """Count terms per unit.

    Parameters
    ----------
    tokens : Tokens
        From ``analysis.tokens.tokens``.
    unit : {"document", "paragraph", "sentence"}, default "document"
        What a row is. Every document has a row, even one without tokens;
        paragraphs and sentences have a row when kept.
    drop_stopwords, keep_numbers, fold : bool, default False, True, False
        ``Tokens.prepare`` options (the tokenizer's), applied before counting;
        ``sizes`` counts the tokens before them.
    ngram : int or (min_n, max_n), default 1
        Word n-grams of the prepared tokens, words joined by a space; a range
        gives every length in it, columns sorted as strings.
    within : {"sentence", "unit"}, default "sentence"
        The span an n-gram may not cross: a sentence, or the whole unit (as a
        scikit-learn analyzer fed the unit's text does).
    """
    if not isinstance(tokens, Tokens):
        kind = type(tokens).__name__
        raise TypeError(f"dfm needs a Tokens object from tokens(corpus), not {kind}")
    check_unit(unit)
    check_option("within", within, ("sentence", "unit"))
    if isinstance(ngram, Sequence):
        lo, hi = (check_int("ngram", g, low=1) for g in ngram)
        if lo > hi:
            raise ValueError(f"ngram range must satisfy min_n <= max_n, got {tuple(ngram)}")
    else:
        lo = hi = check_int("ngram", ngram, low=1)
    table = tokens.unit_table(unit)
    n_units = len(table)
    sizes = table["n_tokens"].to_numpy(np.int64)
    prepared = tokens.prepare(drop_stopwords=drop_stopwords, keep_numbers=keep_numbers, fold=fold)
    matrices, labels = [], []
    for n in range(lo, hi + 1):
        if n == 1:
            matrices.append(
                _count_unigrams(prepared.ids, prepared.unit_ptr(unit), len(prepared.vocab))
            )
            labels.append(prepared.vocab)
            continue
        codes = prepared.unit_codes(unit)[1]
        span = prepared.token_sentences if within == "sentence" else codes
        terms, cols, first = _ngram_columns(prepared.ids, span, prepared.vocab, n)
        m = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.int64), (codes[first], cols)),
            shape=(n_units, len(terms)),
        )
        m.sum_duplicates()
        matrices.append(m)
        labels.append(terms)
    matrix = matrices[0] if len(matrices) == 1 else sp.hstack(matrices, format="csr")
    terms = np.concatenate(labels) if len(labels) > 1 else labels[0]
    # one n: id-tuple order is already the labels' order (the vocabulary is sorted and a
    # space sorts before every token character), so only mixed lengths are re-sorted
    if hi > lo:
        order = np.argsort(terms.astype(str), kind="stable")
        matrix, terms = matrix[:, order].tocsr(), terms[order]
    matrix = matrix.tocsr()
    matrix.sort_indices()
    return DocumentTermMatrix(
        matrix=matrix if matrix.dtype == np.int64 else matrix.astype(np.int64),
        terms=np.asarray(terms, dtype=object),
        units=table.drop(columns="_doc"),
        docvars=tokens.docvars,
        doc=table["_doc"].to_numpy(np.int64),
        sizes=sizes,
        unit=unit,
    )
