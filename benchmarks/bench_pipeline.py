"""The whole pipeline against the floor F, on generated corpora of 10,000 and 50,000 articles.

F (the floor) = read every file + one compiled ``\\b\\w\\w+\\b`` findall over the
lower-cased text: what any tool must at least do. Every step is reported as a
median of ``--repeats`` runs and as a ratio to F measured in the same run
(F is timed before and after the steps, and its median is used), so numbers
from a busy and a quiet machine stay comparable.

Each step runs in a fresh worker process, so its peak resident memory
(``ru_maxrss``) is its own: for the analyses on a built layer the table shows
the peak of the whole process and the part above the built layer.

Run: ``.venv/bin/python benchmarks/bench_pipeline.py [--sizes 10000 50000] [--repeats 3]``.
Results: ``benchmarks/results/pipeline.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from _common import synthetic_corpus, write_corpus, write_results

HERE = Path(__file__).resolve().parent
WORD_RE = re.compile(r"\b\w\w+\b")


def corpus_folder(n_docs: int) -> Path:
    """A generated corpus of ``n_docs`` articles, written once and reused."""
    root = Path(os.environ.get("BENCH_DATA", Path(tempfile.gettempdir()) / "bench"))
    folder = root / f"c{n_docs // 1000}k"
    if not (folder.exists() and len(list(folder.glob("*.txt"))) == n_docs):
        write_corpus(folder, synthetic_corpus(n_docs, seed=0))
    return folder


def floor(folder: Path) -> int:
    """F: read every file and find its words in the lower-cased text."""
    n = 0
    for path in sorted(folder.glob("*.txt")):
        n += len(WORD_RE.findall(path.read_text(encoding="utf-8").lower()))
    return n


# --- the steps ----------------------------------------------------------------------------------


def _analyses() -> dict[str, Callable]:
    """Analyses timed on a built tokens layer: name -> function of (tokens, state).

    Each imports its module when called, so a step needs only its own module.
    """
    import numpy as np

    def half(toks):
        return np.arange(toks.n_docs) % 2 == 0

    def term_frequencies(toks, state):
        from analysis.frequencies import term_frequencies

        return term_frequencies(toks)

    def keyness(toks, state):
        from analysis.keyness import keyness

        return keyness(toks, half(toks))

    def tfidf(toks, state):
        from analysis.tfidf import tfidf

        return tfidf(toks)

    def collocations(toks, state):
        from analysis.collocations import collocations

        return collocations(toks, window=2)

    def find_mentions(toks, state):
        from analysis.actors import find_mentions

        state["mentions"] = find_mentions(toks)
        return state["mentions"]

    def null_model(toks, state):
        from analysis.network import null_model

        if "mentions" not in state:
            find_mentions(toks, state)
        return null_model(state["mentions"], n=1000, random_state=0)

    return {
        "term_frequencies": term_frequencies,
        "keyness": keyness,
        "tfidf": tfidf,
        "collocations (window 2)": collocations,
        "find_mentions": find_mentions,
        "null_model (n=1000)": null_model,
    }


def _notebook_sequence(folder: Path) -> None:
    """Build the layer, then every analysis notebooks 01-03 call (NMF aside), in order."""
    from analysis import load_corpus, tokens

    toks = tokens(load_corpus(folder))
    state: dict[str, object] = {}
    for func in _analyses().values():
        func(toks, state)


def worker(step: str, folder: Path, repeats: int) -> dict[str, float]:
    """Run one step ``repeats`` times in this process; median seconds and peak RSS."""
    warnings.simplefilter("ignore")
    from analysis import load_corpus, set_cache_dir, tokens
    from analysis.layer import clear_memory_cache

    set_cache_dir(False)  # time the work, not the disk cache
    times = []
    if step == "floor":
        for _ in range(repeats):
            t0 = time.perf_counter()
            floor(folder)
            times.append(time.perf_counter() - t0)
        return {"seconds": statistics.median(times), "peak_mb": _peak_mb(), "base_mb": 0.0}
    if step in ("build", "sequence"):
        for _ in range(repeats):
            clear_memory_cache()
            t0 = time.perf_counter()
            if step == "build":
                tokens(load_corpus(folder))
            else:
                _notebook_sequence(folder)
            times.append(time.perf_counter() - t0)
        return {"seconds": statistics.median(times), "peak_mb": _peak_mb(), "base_mb": 0.0}
    toks = tokens(load_corpus(folder))
    base = _current_mb()
    func = _analyses()[step]
    state: dict[str, object] = {}
    func(toks, state)  # warm: imports, lazy properties of the layer
    for _ in range(repeats):
        t0 = time.perf_counter()
        func(toks, state)
        times.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(times), "peak_mb": _peak_mb(), "base_mb": base}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_step(step: str, folder: Path, repeats: int) -> dict[str, float]:
    """``worker`` in a fresh process (own peak memory)."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            step,
            "--folder",
            str(folder),
            "--repeats",
            str(repeats),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(sizes: list[int], repeats: int, steps: list[str] | None, name: str) -> None:
    names = steps or ["build", *_analyses(), "sequence"]
    lines = [
        "# Benchmark: the pipeline against the floor F",
        "",
        "F = read every file + one `\\b\\w\\w+\\b` findall over the lower-cased text. "
        f"Medians of {repeats} runs; each step in a fresh process (peak = its ru_maxrss; "
        "'above layer' = peak minus the memory held once the layer is built). "
        f"{os.cpu_count()} cores.",
        "",
    ]
    for n_docs in sizes:
        folder = corpus_folder(n_docs)
        size_mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 2**20
        f_before = run_step("floor", folder, repeats)["seconds"]
        results = {name: run_step(name, folder, repeats) for name in names}
        f_after = run_step("floor", folder, repeats)["seconds"]
        f = statistics.median([f_before, f_after])
        load = os.getloadavg()
        lines += [
            f"## {n_docs:,} generated articles ({size_mb:.0f} MiB)",
            "",
            f"F = {f:.2f} s (before the steps {f_before:.2f} s, after {f_after:.2f} s); "
            f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end.",
            "",
            "| step | median s | x F | peak MiB | above layer MiB |",
            "|---|---:|---:|---:|---:|",
        ]
        for step, r in results.items():
            above = f"{r['peak_mb'] - r['base_mb']:,.0f}" if r["base_mb"] else ""
            lines.append(
                f"| {step} | {r['seconds']:.2f} | {r['seconds'] / f:.2f} | "
                f"{r['peak_mb']:,.0f} | {above} |"
            )
        lines.append("")
    write_results(name, lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", nargs="+")
    parser.add_argument(
        "--name", default="pipeline", help="results file name (benchmarks/results/NAME.md)"
    )
    parser.add_argument("--worker")
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.folder, args.repeats)))
    else:
        main(args.sizes, args.repeats, args.steps, args.name)
