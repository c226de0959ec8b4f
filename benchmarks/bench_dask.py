"""Benchmark: the whole pipeline on Dask (a LocalCluster of 2 workers) against one process.

Run on demand: ``.venv/bin/python benchmarks/bench_dask.py [N_DOCS] [--repeats 3]``
(default 10,000 articles). Writes ``benchmarks/results/dask.md``.

The corpus: ``synthetic_corpus(N_DOCS)`` written as one file per article (reused
from ``$BENCH_DATA`` or the temp folder when already there). Both paths start
from the folder and do the same work:

* pandas (one process): ``load_corpus`` (reads the files and builds the tokens
  layer), then ``term_frequencies``, ``keyness`` (even-numbered articles
  against the rest), ``tfidf``, ``find_mentions`` and ``cooccurrence`` on it;
* Dask: ``read_folder_dask`` (1,000 files per partition), ``tokens_dask(...)
  .persist()`` (each partition read and tokenized once, on the workers), then
  the ``*_dask`` functions on those tokens, on ``LocalCluster(n_workers=2,
  threads_per_worker=1)`` (worker processes; the cluster's start-up is timed
  apart).

The disk cache of the tokens layer is off and the memory cache cleared before
every pandas run, so each run tokenizes. Every result of the two paths is
asserted equal (tf-idf weights to 1e-12). Reported: the median of ``--repeats``
runs of each path, their ratio, the peak memory of one run (tracemalloc in the
client process; for Dask also the workers' peak resident memory) and the load
average of the machine (2 cores shared with other jobs) before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from _common import median_time, peak_memory_mb, write_results
from bench_pipeline import corpus_folder

FILES_PER_PARTITION = 1000


def _is_target(doc_ids: pd.Series) -> pd.Series:
    """Keyness target: the even-numbered articles."""
    return doc_ids.astype(str).str[-1].isin(list("02468"))


def pandas_pipeline(folder: Path) -> dict[str, object]:
    from analysis import load_corpus, tokens
    from analysis.actors import find_mentions
    from analysis.frequencies import term_frequencies
    from analysis.keyness import keyness
    from analysis.network import cooccurrence
    from analysis.tfidf import tfidf

    toks = tokens(load_corpus(folder))
    mentions = find_mentions(toks)
    return {
        "term_frequencies": term_frequencies(toks),
        "keyness": keyness(toks, _is_target(toks.corpus["doc_id"]).to_numpy()),
        "tfidf": tfidf(toks),
        "mentions": mentions,
        "cooccurrence": cooccurrence(mentions),
    }


def dask_pipeline(folder: Path) -> dict[str, object]:
    from analysis.distributed import (
        cooccurrence_dask,
        keyness_dask,
        mentions_dask,
        read_folder_dask,
        term_frequencies_dask,
        tfidf_dask,
        tokens_dask,
    )

    ddf = read_folder_dask(folder, files_per_partition=FILES_PER_PARTITION)
    ddf = ddf.assign(target=ddf["doc_id"].map_partitions(_is_target, meta=("target", bool)))
    toks = tokens_dask(ddf).persist()
    mentions = mentions_dask(toks)
    return {
        "term_frequencies": term_frequencies_dask(toks),
        "keyness": keyness_dask(toks, "target"),
        "tfidf": tfidf_dask(toks),
        "mentions": mentions,
        "cooccurrence": cooccurrence_dask(mentions),
    }


def assert_equal(got: dict[str, object], want: dict[str, object]) -> None:
    for name, table in want.items():
        if name == "tfidf":
            a, b = got[name], table
            pd.testing.assert_frame_equal(a.units, b.units)
            assert a.vocabulary.tolist() == b.vocabulary.tolist()
            np.testing.assert_array_equal(a.idf, b.idf)
            assert ((a.matrix != 0) != (b.matrix != 0)).nnz == 0
            assert abs(a.matrix - b.matrix).max() < 1e-12
        else:
            pd.testing.assert_frame_equal(got[name], table)


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n_docs: int, repeats: int) -> None:
    warnings.simplefilter("ignore")
    from distributed import Client, LocalCluster

    from analysis import set_cache_dir
    from analysis.layer import clear_memory_cache

    set_cache_dir(False)  # time the work, not the disk cache
    load_before = os.getloadavg()
    folder = corpus_folder(n_docs)
    size_mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 2**20
    out: dict[str, dict[str, object]] = {}

    def run_pandas() -> None:
        clear_memory_cache()
        out["pandas"] = pandas_pipeline(folder)

    t_pandas = median_time(run_pandas, repeats=repeats)
    mem_pandas = peak_memory_mb(run_pandas)

    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    t_start = time.perf_counter() - t0
    try:

        def run_dask() -> None:
            out["dask"] = dask_pipeline(folder)

        t_dask = median_time(run_dask, repeats=repeats)
        mem_client = peak_memory_mb(run_dask)
        worker_peaks = client.run(_worker_peak_mb)
    finally:
        client.close()
        cluster.close()
    assert_equal(out["dask"], out["pandas"])
    load_after = os.getloadavg()

    sizes = {k: len(v.units) if k == "tfidf" else len(v) for k, v in out["pandas"].items()}
    lines = [
        "# Benchmark: the pipeline on Dask (LocalCluster, 2 workers) vs one process",
        "",
        f"{n_docs:,} generated articles ({size_mb:.0f} MiB of text, one file each); "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Pipeline: read the "
        "files + tokens + term_frequencies + keyness + tfidf + find_mentions + cooccurrence "
        "(defaults). Results asserted equal (tf-idf weights to 1e-12). "
        f"Median of {repeats} runs each.",
        "",
        "| path | median s | peak MiB |",
        "|---|---:|---:|",
        f"| pandas, one process | {t_pandas:.2f} | {mem_pandas:,.0f} (tracemalloc) |",
        f"| Dask, LocalCluster(n_workers=2, threads_per_worker=1), "
        f"{FILES_PER_PARTITION:,} files per partition | {t_dask:.2f} | client "
        f"{mem_client:,.0f} (tracemalloc); workers "
        + " + ".join(f"{v:,.0f}" for v in worker_peaks.values())
        + " (peak RSS) |",
        "",
        f"Ratio pandas / Dask: **{t_pandas / t_dask:.2f}x**. Cluster start-up (not in the "
        f"medians): {t_start:.1f} s.",
        "",
        "Result sizes: " + ", ".join(f"{k} {v:,} rows" for k, v in sizes.items()) + ".",
        "",
        "Load average (1 / 5 / 15 min): before "
        + " / ".join(f"{x:.1f}" for x in load_before)
        + ", after "
        + " / ".join(f"{x:.1f}" for x in load_after)
        + ".",
    ]
    write_results("dask", lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_docs", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sys.exit(main(args.n_docs, args.repeats))
