"""Language detection while loading: its time on allsides_world and on 50,000 generated articles.

Times ``analysis.language.detect_languages`` on the texts (model loaded
beforehand, its load timed apart), compares it with ``py3langid.classify``
called text by text on allsides_world, and loads the 50k corpus once with a
fresh tokens cache (so the layer is built, as on a first load) to give the
share of detection in the load: ``load / (load - detection)`` is the slow-down
detection brings.

Run: ``.venv/bin/python benchmarks/bench_language.py [--sizes 50000]``.
Results: ``benchmarks/results/language.md``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path

from _common import write_results
from bench_pipeline import corpus_folder

ALLSIDES = Path("/work/shared/corpora/allsides_world")


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000])
    args = parser.parse_args()

    from analysis.cache import set_cache_dir
    from analysis.corpus import load_corpus
    from analysis.language import MAX_CHARS, _get_model, detect_languages

    lines = [
        "# Benchmark: language detection while loading",
        "",
        f"`detect_languages` (py3langid's model, automaton walked for all texts at once in "
        f"NumPy) on the first {MAX_CHARS:,} characters of each text; 1 process, "
        f"{os.cpu_count()} cores on the machine.",
        "",
    ]
    t0 = time.perf_counter()
    _get_model()
    model_load = time.perf_counter() - t0
    lines.append(f"Model load (once per process): {model_load:.2f} s")
    lines.append("")
    lines.append("| corpus | documents | detection s | ms / document | languages |")
    lines.append("|---|---:|---:|---:|---|")
    rows = []
    if ALLSIDES.is_dir():
        texts = _texts(ALLSIDES / "articles")
        t0 = time.perf_counter()
        found = detect_languages(texts)
        elapsed = time.perf_counter() - t0
        rows.append(("allsides_world", len(texts), elapsed, found))
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        t0 = time.perf_counter()
        reference = [identifier.classify(t[:MAX_CHARS])[0] for t in texts]
        loop = time.perf_counter() - t0
        same = sum(a == b for a, b in zip(reference, found, strict=True))
    loads = []
    for n in args.sizes:
        folder = corpus_folder(n)
        texts = _texts(folder)
        t0 = time.perf_counter()
        found = detect_languages(texts)
        detect = time.perf_counter() - t0
        rows.append((f"generated {n // 1000}k", len(texts), detect, found))
        del texts
        with tempfile.TemporaryDirectory() as cache:
            set_cache_dir(Path(cache))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t0 = time.perf_counter()
                corpus = load_corpus(folder)
                load = time.perf_counter() - t0
            set_cache_dir(None)
        loads.append((n, load, detect, len(corpus)))
        del corpus
    for name, n, elapsed, found in rows:
        counts = found.value_counts().head(5)
        listed = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        lines.append(f"| {name} | {n:,} | {elapsed:.2f} | {1000 * elapsed / n:.3f} | {listed} |")
    if ALLSIDES.is_dir():
        lines += [
            "",
            f"py3langid's own `classify`, text by text, on allsides_world: {loop:.2f} s "
            f"({same:,} of {len(reference):,} labels equal to `detect_languages`).",
        ]
    for n, load, detect, docs in loads:
        lines += [
            "",
            f"Load of the {n // 1000}k corpus ({docs:,} documents, fresh tokens cache): "
            f"{load:.1f} s, of which detection about {detect:.1f} s (model already loaded): "
            f"{load / (load - detect):.3f}x the load without it; with the model's load, as in "
            f"a new session, {(load + model_load) / (load - detect):.3f}x.",
        ]
    write_results("language", lines)


if __name__ == "__main__":
    main()
