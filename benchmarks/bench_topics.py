"""Benchmark: document-level TF-IDF and a k=20 NMF on generated articles.

Run: ``.venv/bin/python benchmarks/bench_topics.py [--sizes 10000 50000]``.

For each size, ``tfidf(corpus, unit="document", kinds=None)`` is timed against
the plain scikit-learn call on the same texts (``TfidfVectorizer`` with its own
regex tokenizer and English stop list), and its peak memory measured
with tracemalloc. NMF (``nmf_topics``, k=20) runs on the resulting sparse
matrix; generated text has no topic structure, so the solver would not reach
its tolerance: iterations are capped at ``--nmf-iter`` (scikit-learn's default,
200) and the time per iteration is reported. At the smallest size the NMF is
also timed against a direct ``sklearn.decomposition.NMF`` call.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

import pandas as pd
from _common import median_time, peak_memory_mb, synthetic_corpus, write_results
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.tfidf import tfidf
from analysis.topics import nmf_topics

K = 20
NOTES = [
    "",
    "Notes",
    "",
    "- `kinds=None` counts the whole text, so the timing is tokenising + vectorising only; the"
    " default `kinds=('body',)` adds the paragraph segmentation of `analysis.segment`, which"
    " this benchmark does not measure.",
    "- The tokenizer is the suite's Python `tokenize` (acronyms, possessives, `u.s.`), hence the"
    " ratio against scikit-learn's single regex.",
    "- The NMF ratio at the smallest size comes from single runs of the same scikit-learn solver"
    " on a shared machine; read it as ~1 (nmf_topics adds only table building).",
    "- Nothing densifies a units x vocabulary matrix: W is units x k and H is k x vocabulary.",
]


def corpus_frame(n_docs: int) -> pd.DataFrame:
    docs = synthetic_corpus(n_docs, seed=0)
    width = len(str(n_docs))
    return pd.DataFrame({"doc_id": [f"{i:0{width}d}" for i in range(n_docs)], "text": docs})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--nmf-iter", type=int, default=200)
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)  # the cap is intended, see above
    sizes = sorted(args.sizes)
    lines = [
        "# Benchmark: TF-IDF and NMF topics (`analysis.tfidf`, `analysis.topics`)",
        "",
        f"Generated articles (`synthetic_corpus`, ~4 kB each); Python {platform.python_version()}"
        ", 2 shared CPU cores. Times are medians of the repeats shown; memory is the tracemalloc"
        " peak of one extra call. `ratio` = our time / the baseline's time in the same run.",
        "",
        "TF-IDF: `tfidf(corpus, unit='document', kinds=None)` (whole text; stop words dropped) vs"
        " `TfidfVectorizer(stop_words='english')`, scikit-learn's own regex tokenizer and"
        " stop list, on the same texts.",
        "",
        "| docs | repeats | tfidf s | sklearn s | ratio | tfidf peak MiB | units x terms | nonzeros"
        " | density |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    nmf_lines = [
        "",
        f"NMF: `nmf_topics(result, k={K}, max_iter={args.nmf_iter})` on that matrix (coordinate"
        " descent, init nndsvda). Generated text has no topic structure, so the solver runs to"
        " the iteration cap. The peak-memory call uses `max_iter=10`: the solver allocates the"
        " same arrays every iteration.",
        "",
        "| docs | iterations | converged | nmf s | s / iteration | sklearn NMF s | ratio"
        " | nmf peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n_docs in sizes:
        t0 = time.perf_counter()
        corpus = corpus_frame(n_docs)
        print(f"{n_docs} docs generated in {time.perf_counter() - t0:.0f} s", flush=True)
        repeats = 3 if n_docs <= 10_000 else 1
        result = tfidf(corpus, kinds=None)
        ours = median_time(lambda c=corpus: tfidf(c, kinds=None), repeats=repeats)
        base = median_time(
            lambda c=corpus: TfidfVectorizer(stop_words="english").fit_transform(c["text"]),
            repeats=repeats,
        )
        memory = peak_memory_mb(lambda c=corpus: tfidf(c, kinds=None))
        n, v = result.matrix.shape
        lines.append(
            f"| {n_docs:,} | {repeats} | {ours:.1f} | {base:.1f} | {ours / base:.2f} | "
            f"{memory:,.0f} | {n:,} x {v:,} | {result.matrix.nnz:,} | "
            f"{result.matrix.nnz / (n * v):.4f} |"
        )
        print(lines[-1], flush=True)

        t0 = time.perf_counter()
        topics = nmf_topics(result, K, max_iter=args.nmf_iter)
        nmf_time = time.perf_counter() - t0
        n_iter = topics.params["n_iter"]
        if n_docs == sizes[0]:
            sk = median_time(
                lambda m=result.matrix: NMF(
                    n_components=K, init="nndsvda", random_state=0, max_iter=args.nmf_iter
                ).fit_transform(m),
                repeats=1,
            )
            sk_cells = f"{sk:.1f} | {nmf_time / sk:.2f}"
        else:
            sk_cells = "- | -"
        nmf_memory = peak_memory_mb(lambda r=result: nmf_topics(r, K, max_iter=10))
        nmf_lines.append(
            f"| {n_docs:,} | {n_iter} | {topics.params['converged']} | {nmf_time:.1f} | "
            f"{nmf_time / n_iter:.3f} | {sk_cells} | {nmf_memory:,.0f} |"
        )
        print(nmf_lines[-1], flush=True)
        del corpus, result, topics
    write_results("topics", lines + nmf_lines + NOTES)


if __name__ == "__main__":
    main()
