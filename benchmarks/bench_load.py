"""Load + sentence-split time on 10,000 generated articles, beside plain file reading.

Run: ``.venv/bin/python benchmarks/bench_load.py [n_docs]``. Reports the median of 3
runs of each step and its ratio to reading the same files with ``Path.read_text``.
The segmentation cache is cleared before every run, so each run does the full work.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from pathlib import Path

from _common import median_time, peak_memory_mb, synthetic_corpus, write_corpus, write_results

from analysis.corpus import load_corpus
from analysis.segment import clear_segment_cache
from analysis.units import sentences


def main(n_docs: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus", synthetic_corpus(n_docs, seed=0))
        files = sorted(folder.glob("*.txt"))
        size_mb = sum(p.stat().st_size for p in files) / 2**20

        def plain_read():
            return [p.read_text(encoding="utf-8") for p in files]

        def load():
            clear_segment_cache()
            return load_corpus(folder)

        def load_and_split():
            clear_segment_cache()
            return sentences(load_corpus(folder))

        base = median_time(plain_read)
        t_load = median_time(load)
        t_both = median_time(load_and_split)
        corpus = load()
        n_sent = len(sentences(corpus))
        mem = peak_memory_mb(load_and_split)

    lines = [
        "# Benchmark: load_corpus + sentences",
        "",
        f"{n_docs:,} generated articles, {size_mb:.1f} MiB, {n_sent:,} body sentences; "
        f"Python {platform.python_version()}, median of 3 runs, cache cleared before each; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| step | median s | ratio to plain reading | docs/s |",
        "|---|---:|---:|---:|",
        f"| plain `Path.read_text` (baseline) | {base:.2f} | 1.0 | {n_docs / base:,.0f} |",
        f"| `load_corpus` (decode, clean, segment, count) | {t_load:.2f} | {t_load / base:.1f} "
        f"| {n_docs / t_load:,.0f} |",
        f"| `load_corpus` + `sentences` | {t_both:.2f} | {t_both / base:.1f} "
        f"| {n_docs / t_both:,.0f} |",
        "",
        f"Peak traced memory of load + sentences: {mem:,.0f} MiB "
        f"({mem / size_mb:.1f} x the text size).",
    ]
    write_results("load", lines)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
