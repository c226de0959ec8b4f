"""Benchmark: term_frequencies, keyness and collocations on 1k and 10k synthetic articles.

Run on demand: ``python benchmarks/bench_vocabulary.py``. Reports the median
wall time of several runs and the peak Python/NumPy memory (tracemalloc) of
one run, against a baseline measured in the same run: scikit-learn's
``CountVectorizer`` with the suite tokenizer on the same texts (document
counts only, no sentence segmentation).

Every timed run starts with an empty ``segment_text`` cache, so the times
include paragraph and sentence segmentation, as a first call on a new corpus
does.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median_time, peak_memory_mb, synthetic_corpus, write_results

import analysis.segment as segment
from analysis.tokenize import tokenize
from analysis.vocabulary import collocations, keyness, term_frequencies

SIZES = (1_000, 10_000)
REPEATS = {1_000: 3, 10_000: 3}


def _cold(func, *args, **kwargs):
    """``func(*args, **kwargs)`` after emptying the segmentation cache."""
    segment.clear_segment_cache()
    return func(*args, **kwargs)


def _collect(func, into: list) -> None:
    into.append(func())


def main() -> None:
    lines = [
        "# Vocabulary benchmark",
        "",
        "Synthetic news-like articles (`benchmarks/_common.synthetic_corpus`, ~4 kB, ~650 words "
        "each) in a DataFrame (doc_id, text), body paragraphs. Times are medians of several runs "
        "in seconds, each starting with an empty segmentation cache; memory is the tracemalloc "
        "peak (MiB) of one run. Baseline: `CountVectorizer(analyzer=tokenize)` on the same texts.",
        "",
        "| articles | function | median s | x baseline | peak MiB | result rows |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n in SIZES:
        docs = synthetic_corpus(n, seed=0)
        corpus = pd.DataFrame({"doc_id": [f"{i:05d}" for i in range(n)], "text": docs})
        target = corpus["doc_id"].iloc[: n // 10].tolist()
        vectorizer = CountVectorizer(analyzer=functools.partial(tokenize, drop_stopwords=True))
        cold = functools.partial
        runs = {
            "baseline CountVectorizer": cold(vectorizer.fit_transform, corpus["text"]),
            "term_frequencies": cold(_cold, term_frequencies, corpus),
            "keyness (10% vs rest)": cold(_cold, keyness, corpus, target),
            "collocations (window 2)": cold(_cold, collocations, corpus),
            "collocations (window 5)": cold(_cold, collocations, corpus, window=5),
        }
        base = None
        for name, func in runs.items():
            seconds = median_time(func, repeats=REPEATS[n])
            result = []
            peak = peak_memory_mb(functools.partial(_collect, func, result))
            rows = result[0].shape[0]
            base = seconds if base is None else base
            lines.append(
                f"| {n:,} | {name} | {seconds:.2f} | {seconds / base:.2f} | {peak:.0f} | {rows:,} |"
            )
            print(lines[-1], flush=True)
    lines += [
        "",
        "No step builds a per-token DataFrame: tokens are encoded as one int32 array with "
        "sentence lengths; counts are scipy.sparse matrices (documents x terms, terms x terms).",
        "",
        "Times come from a 2-core machine shared with other jobs, so single numbers are noisy; "
        "compare the ratio to the baseline of the same run.",
    ]
    write_results("vocabulary", lines)


if __name__ == "__main__":
    main()
