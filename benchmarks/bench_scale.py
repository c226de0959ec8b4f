"""Memory at 200,000 articles, and what it says about 1,000,000 (the plan for 24 GiB).

Three measurements, each in a fresh process (peak = ``ru_maxrss``):

1. ``build``: ``load_corpus`` on a folder of N generated articles, which builds
   the tokens layer and writes it to a disk cache;
2. ``reopen``: the same corpus loaded again in a new session: the layer comes
   from the disk cache, memory-mapped (``np.load(mmap_mode="r")``), not built;
3. ``dfm``: in that session, the document-term matrix of the body tokens.

The layer costs ``bytes_per_token`` (int32 id, start and end: 12 bytes) plus a
sentence table; the corpus frame holds the texts. Both grow linearly with the
number of tokens, so the measured per-token and per-document costs give the
1M-article projection written to ``benchmarks/results/scale.md``.

Run: ``.venv/bin/python benchmarks/bench_scale.py [n_docs]`` (default 200,000).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from _common import write_results
from bench_pipeline import corpus_folder


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(step: str, folder: Path, cache: Path) -> dict[str, float]:
    warnings.simplefilter("ignore")
    from analysis import load_corpus, set_cache_dir, tokens
    from analysis.dfm import dfm

    set_cache_dir(cache)
    t0 = time.perf_counter()
    corpus = load_corpus(folder)
    out: dict[str, float] = {"load_s": time.perf_counter() - t0}
    if step == "dfm":
        t0 = time.perf_counter()
        matrix = dfm(tokens(corpus))
        out["dfm_s"] = time.perf_counter() - t0
        out["nnz"] = float(matrix.matrix.nnz)
    toks = tokens(corpus, kinds=None)
    out.update(
        peak_mb=_peak_mb(),
        n_tokens=float(toks.n_tokens),
        n_sentences=float(len(toks.sentences)),
        text_mb=float(sum(len(t) for t in corpus["text"].tolist())) / 2**20,
    )
    return out


def run(step: str, folder: Path, cache: Path) -> dict[str, float]:
    res = subprocess.run(
        [sys.executable, __file__, "--worker", step, str(folder), str(cache)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(n_docs: int) -> None:
    folder = corpus_folder(n_docs)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        build = run("build", folder, cache)
        disk_mb = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20
        reopen = run("reopen", folder, cache)
        counts = run("dfm", folder, cache)
    n_tok = build["n_tokens"]
    per_token = disk_mb * 2**20 / n_tok
    scale = 1_000_000 / n_docs
    load = os.getloadavg()
    lines = [
        f"# Scale: {n_docs:,} generated articles, and the 1M projection",
        "",
        f"{n_docs:,} articles, {build['text_mb']:,.0f} MiB of text, {n_tok:,.0f} tokens, "
        f"{build['n_sentences']:,.0f} sentences. Load average {load[0]:.1f} at the end.",
        "",
        "| step | seconds | peak MiB |",
        "|---|---:|---:|",
        f"| load + build the layer (written to disk) | {build['load_s']:.1f} | "
        f"{build['peak_mb']:,.0f} |",
        f"| load again, layer memory-mapped from disk | {reopen['load_s']:.1f} | "
        f"{reopen['peak_mb']:,.0f} |",
        f"| ... then the document-term matrix (nnz {counts['nnz']:,.0f}) | "
        f"{counts['dfm_s']:.1f} | {counts['peak_mb']:,.0f} |",
        "",
        f"The layer on disk: {disk_mb:,.0f} MiB, {per_token:.1f} bytes per token.",
        "",
        "## Projection to 1,000,000 articles (linear in tokens and documents)",
        "",
        "| part | at 1M |",
        "|---|---:|",
        f"| tokens layer on disk (memory-mapped, pages evictable) | "
        f"{disk_mb * scale / 1024:,.1f} GiB |",
        f"| peak of a fresh build in one process | {build['peak_mb'] * scale / 1024:,.1f} GiB |",
        f"| peak of a session reopening the cached layer + dfm | "
        f"{counts['peak_mb'] * scale / 1024:,.1f} GiB |",
        "",
    ]
    write_results("scale", lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
