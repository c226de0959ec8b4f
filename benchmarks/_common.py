"""Shared pieces of the benchmarks: a synthetic news corpus and a timer.

Benchmarks run on demand (``make bench`` or ``python benchmarks/bench_X.py``),
never in the test suite. Each reports the median of several runs and a ratio
against a baseline measured in the same run, so numbers from a busy or a
quiet machine stay comparable.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

RESULTS_DIR = Path(__file__).resolve().parent / "results"

ACTOR_NAMES = (
    "Vladimir Putin", "Putin", "Donald Trump", "Trump", "Recep Tayyip Erdoğan", "Erdogan",
    "Bashar al-Assad", "Assad", "Sergei Shoigu", "Shoigu", "Mike Pompeo", "the Kremlin",
    "Russia", "Syria", "Turkey", "the United States", "Iran", "the UN", "NATO", "Damascus",
    "Ankara", "Moscow", "Washington", "the PKK", "Hezbollah",
)  # fmt: skip
_WORDS = (
    "government forces talks refugees return ceasefire offensive minister president "
    "agreement summit military security region province city border troops airstrikes "
    "rebels humanitarian aid crisis diplomacy cooperation sanctions negotiations report "
    "statement conflict war peace operation defence officials week country people state "
    "support plan meeting process control territory attack campaign terrorism coalition "
    "economy energy oil gas pipeline election parliament court law police protest media"
).split()


def synthetic_corpus(n_docs: int, *, seed: int = 0, actors: bool = True) -> list[str]:
    """``n_docs`` news-like articles (~4 kB each): a headline, paragraphs, sentences.

    Word frequencies follow a Zipf-like law over a fixed vocabulary plus
    numbered rare words, and actor names are sprinkled in when ``actors``.
    """
    rng = np.random.default_rng(seed)
    vocab = np.array(_WORDS + [f"term{i}" for i in range(20_000)])
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.07
    weights /= weights.sum()
    names = np.array(ACTOR_NAMES)
    docs = []
    for _ in range(n_docs):
        words = rng.choice(vocab, size=650, p=weights)
        cuts = np.cumsum(rng.integers(12, 28, size=40))
        sentences = [" ".join(s) for s in np.split(words, cuts[cuts < len(words)]) if len(s)]
        if actors:
            picks = rng.choice(names, size=len(sentences))
            sentences = [
                f"{a} said {s}" if i % 2 == 0 else s
                for i, (a, s) in enumerate(zip(picks, sentences, strict=True))
            ]
        sentences = [s[0].upper() + s[1:] + "." for s in sentences]
        paras = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        headline = " ".join(rng.choice(vocab[:60], size=8)).capitalize()
        docs.append(headline + "\n\n" + "\n\n".join(paras) + "\n")
    return docs


def write_corpus(folder: Path, docs: list[str]) -> Path:
    """Write ``docs`` as ``00000.txt``... into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(len(docs)))
    for i, text in enumerate(docs):
        (folder / f"{i:0{width}d}.txt").write_text(text, encoding="utf-8")
    return folder


def median_time(func: Callable[[], object], *, repeats: int = 3) -> float:
    """Median wall time in seconds of ``repeats`` calls of ``func``."""
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_memory_mb(func: Callable[[], object]) -> float:
    """Peak memory (MiB) allocated by Python and NumPy during one call (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def write_results(name: str, lines: list[str]) -> Path:
    """Print ``lines`` and save them to ``benchmarks/results/NAME.md``."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.md"
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    print(text)
    return path
