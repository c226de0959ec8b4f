"""Scale check: ``make report`` on a real-size corpus, with invariants on what it wrote.

Run: ``.venv/bin/python benchmarks/check_report.py [--out DIR] [--by COLUMN]``.

The corpus is the development corpus ``../shared/corpora/allsides_world`` (2,942
articles, 114 outlets, leaning and dates) when it exists, else a generated corpus of
2,000 articles with a metadata CSV (12 outlets, three leanings, dates 2015-2020). The
check runs ``make report`` exactly as a user would, then asserts:

1. every notebook of ``notebooks/`` was executed into OUT, with its HTML copy, and no
   cell holds an error;
2. every figure the notebooks save (``save_figure(fig, "NAME", ...)``) exists in
   OUT/figures as SVG and PNG, none is written to the repository's ``figures/``, and
   no PNG is larger than ``MAX_PIXELS`` on a side (figures must not grow with the
   corpus);
3. no seed commentary is shown: every ``seed_commentary(...)`` cell has no output and no
   output mentions a seed document id;
4. counts add up: the documents, tokens and paragraphs that notebook 00 reports equal
   those of the corpus loaded here, the per-group table sums to the corpus, and the
   mentions notebook 03 reports equal ``find_mentions`` on the same tokens;
5. notebook 04 runs again, with papermill, on two comparisons (``COMPARISONS``: left
   against right, and two outlets), writes its figures, and states the sizes of both
   sides, the number of key terms and of actor pairs that differ as computed here
   independently (masks from the metadata column, ``compare_groups``, ``edge_keyness``).

Timings per notebook are printed (and, with ``--record``, written to
benchmarks/results/report.md). Exits non-zero when an invariant fails.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR, ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import synthetic_corpus, write_corpus

DEV = ROOT.parent / "shared" / "corpora" / "allsides_world"
MAX_PIXELS = 4000
SEED_IDS = re.compile(r"\b00[0-4]_[0-9a-f]{16}\b")
SAVED = re.compile(r"save_figure\(\s*fig,\s*\"([A-Za-z0-9_.-]+)\"")


def generated_corpus(folder: Path, n_docs: int = 2000) -> tuple[Path, Path]:
    """A generated folder of ``n_docs`` articles and its metadata CSV (outlet, bias, date)."""
    articles = folder / "articles"
    if not (articles.exists() and len(list(articles.glob("*.txt"))) == n_docs):
        write_corpus(articles, synthetic_corpus(n_docs, seed=0))
    rng = np.random.default_rng(0)
    files = sorted(p.name for p in articles.glob("*.txt"))
    outlets = [f"Outlet {chr(65 + i)}" for i in range(12)]
    outlet = rng.choice(outlets, size=len(files), p=np.arange(12, 0, -1) / 78)
    bias = {o: ("left", "center", "right")[i % 3] for i, o in enumerate(outlets)}
    days = rng.integers(0, 6 * 365, size=len(files))
    meta = pd.DataFrame(
        {
            "file": files,
            "outlet": outlet,
            "bias": [bias[o] for o in outlet],
            "date": (pd.Timestamp("2015-01-01") + pd.to_timedelta(days, unit="D")).strftime(
                "%Y-%m-%d"
            ),
        }
    )
    metadata = folder / "metadata.csv"
    meta.to_csv(metadata, index=False)
    return articles, metadata


def _outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        for key in ("text/markdown", "text/plain"):
            if key in data:
                parts.append("".join(data[key]))
                break
        if "text" in out:
            parts.append("".join(out["text"]))
    return "\n".join(parts)


def check(out: Path, corpus_dir: Path, metadata: Path, by: str | None) -> list[str]:
    """The invariants above; returns the failures (empty when all hold)."""
    from analysis import load_corpus, tokens
    from analysis.actors import find_mentions
    from analysis.groups import choose_by
    from analysis.overview import group_summary

    failures: list[str] = []
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    corpus = load_corpus(corpus_dir, metadata=metadata)
    toks = tokens(corpus, kinds=["body"])
    by = choose_by(corpus, by)
    for source in notebooks:
        executed = out / source.name
        if not executed.is_file() or not executed.with_suffix(".html").is_file():
            failures.append(f"{source.name}: not executed into {out} (or no HTML copy)")
            continue
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        for i, cell in enumerate(code):
            text = "".join(cell["source"])
            shown = _outputs(cell)
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                failures.append(f"{source.name} code cell {i}: error output")
            if text.startswith("seed_commentary(") and cell.get("outputs"):
                failures.append(f"{source.name} code cell {i}: seed commentary shown")
            if SEED_IDS.search(shown):
                failures.append(f"{source.name} code cell {i}: output names a seed document")
            for name in SAVED.findall(text):
                for fmt in ("svg", "png"):
                    path = out / "figures" / f"{name}.{fmt}"
                    if not path.is_file():
                        failures.append(f"{source.name}: figure {path.name} not written")
                png = out / "figures" / f"{name}.png"
                if png.is_file():
                    with Image.open(png) as image:
                        if max(image.size) > MAX_PIXELS:
                            failures.append(f"{png.name}: {image.size} px, over {MAX_PIXELS}")
        joined = "\n".join(_outputs(c) for c in code)
        if source.name.startswith("00"):
            expected = (
                f"{len(corpus)} documents, {corpus['n_tokens'].sum():,} tokens, "
                f"{corpus['n_sentences'].sum():,} sentences"
            )
            if expected not in joined:
                failures.append(f"00: does not report {expected!r}")
            paragraphs = f"Of {corpus['n_paragraphs'].sum():,} paragraphs"
            if paragraphs not in joined:
                failures.append(f"00: does not report {paragraphs!r}")
        if source.name.startswith("03"):
            mentions = find_mentions(toks)
            expected = f"{len(mentions)} mentions of {mentions['actor'].nunique()} actors"
            if expected not in joined:
                failures.append(f"03: does not report {expected!r}")
    if by != "doc_id":
        table = group_summary(toks, by)
        if int(table["documents"].sum()) != len(corpus):
            failures.append("group_summary: documents do not add up to the corpus")
        if int(table["tokens"].sum()) != int(corpus["n_tokens"].sum()):
            failures.append("group_summary: tokens do not add up to the corpus")
    written_here = [p for p in FIGURES_DIR.glob("*") if p.stat().st_mtime > START]
    if written_here:
        failures.append(f"the repository's figures/ was written: {[p.name for p in written_here]}")
    return failures


START = time.time()
COMPARE = NOTEBOOKS_DIR / "04_compare_groups.ipynb"
# (by, target, reference): on the development corpus, and on the generated one
COMPARISONS = {
    True: [("bias", "left", "right"), ("outlet", "CNN (Web News)", "Fox Online News")],
    False: [("bias", "left", "right"), ("outlet", "Outlet A", "Outlet B")],
}


def check_comparisons(
    out: Path, corpus_dir: Path, metadata: Path, dev: bool
) -> tuple[list[str], list[tuple[str, float]]]:
    """Invariant 5: notebook 04 on each of ``COMPARISONS[dev]``; (failures, timings)."""
    from analysis import load_corpus, tokens
    from analysis.actors import find_mentions
    from analysis.compare import compare_groups, edge_keyness
    from analysis.narrative import number, plural
    from analysis.notebook_report import run_report

    corpus = load_corpus(corpus_dir, metadata=metadata)
    toks = tokens(corpus, kinds=["body"])
    mentions = find_mentions(toks)
    lengths = toks.doc_lengths()
    from concurrent.futures import ThreadPoolExecutor

    def execute(comparison: tuple[str, str, str]) -> float:
        by, target, reference = comparison
        start = time.perf_counter()
        params = {"by": by, "target": target, "reference": reference}
        run_report(corpus_dir, out / f"compare_{by}", metadata=metadata, notebooks=[COMPARE],
                   parameters=params, html=False)  # fmt: skip
        return time.perf_counter() - start

    with ThreadPoolExecutor(max_workers=2) as pool:  # two kernels, the machine's two cores
        seconds = list(pool.map(execute, COMPARISONS[dev]))
    failures, timings = [], []
    for (by, target, reference), took in zip(COMPARISONS[dev], seconds, strict=True):
        label = f"04 {target} vs {reference}"
        folder = out / f"compare_{by}"
        timings.append((label, took))
        cells = json.loads((folder / COMPARE.name).read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        if any(o.get("output_type") == "error" for c in code for o in c.get("outputs", [])):
            failures.append(f"{label}: error output")
        joined = "\n".join(_outputs(c) for c in code)
        for name in SAVED.findall("\n".join("".join(c["source"]) for c in code)):
            if not (folder / "figures" / f"{name}.png").is_file():
                failures.append(f"{label}: figure {name}.png not written")
        values = corpus[by].astype(str).to_numpy()
        for side, name in (("target", target), ("reference", reference)):
            mask = values == name
            stated = (
                f"*{name}* ({plural(int(mask.sum()), 'document')}, "
                f"{number(int(lengths[mask].sum()))} tokens"
            )
            if stated not in joined:
                failures.append(f"{label}: does not state the {side} as {stated!r}")
        keyness = compare_groups(toks, by, target, reference)
        found = keyness[(keyness["q_value"] < 0.05) & (keyness["g2"] > 0)]
        if len(found) and f"*{target}* over-uses {plural(len(found), 'term')}" not in joined:
            failures.append(f"{label}: does not report {len(found)} key terms of {target}")
        edges = edge_keyness(mentions, toks, by, target, reference)
        differ = int((edges["q_value"] < 0.05).sum())
        if edges.empty:
            expected = "No actor pair shares a sentence on either side."
        elif differ:
            expected = (
                f"Of {plural(len(edges), 'actor pair')} sharing a sentence, {number(differ)} differ"
            )
        else:
            expected = f"{plural(len(edges), 'actor pair')} share a sentence on one side or both"
        if expected not in joined:
            failures.append(f"{label}: does not report {expected!r}")
    return failures, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="report folder (default: a temporary folder)")
    parser.add_argument("--by", help="grouping passed to every notebook (default: their rule)")
    parser.add_argument("--record", action="store_true", help="write benchmarks/results/report.md")
    parser.add_argument(
        "--jobs", type=int, default=2, help="notebooks run at once (1 for per-notebook timings)"
    )
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="report_"))
    if DEV.is_dir():
        corpus_dir, metadata, label = DEV / "articles", DEV / "metadata.csv", "allsides_world"
    else:
        corpus_dir, metadata = generated_corpus(Path(tempfile.gettempdir()) / "report_2k")
        label = "generated 2,000 articles"
        print(f"{DEV} not found: checking on a generated corpus of 2,000 articles")
    command = [
        "make", "--no-print-directory", "report",
        f"CORPUS={corpus_dir}", f"METADATA={metadata}", f"OUT={out}", f"JOBS={args.jobs}",
    ]  # fmt: skip
    if args.by:
        command.append(f"BY={args.by}")
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    sys.stdout.write(run.stdout)
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-5000:])
        print(f"make report failed on {label} (exit {run.returncode})", file=sys.stderr)
        return 1
    timings = re.findall(r"^(\d\d_\w+)\.ipynb: ([\d.]+) s", run.stdout, flags=re.MULTILINE)
    failures = check(out, corpus_dir, metadata, args.by)
    more, compared = check_comparisons(out, corpus_dir, metadata, DEV.is_dir())
    failures += more
    print(f"make report on {label}: {seconds:.0f} s in all")
    for name, secs in timings:
        print(f"  {name}: {float(secs):.1f} s")
    for name, secs in compared:
        print(f"  {name} (papermill, one more run): {secs:.1f} s")
    if args.record:
        lines = [
            f"# make report on {label}",
            "",
            f"Wall time per notebook (papermill, this machine: 2 cores, {args.jobs} at once), "
            "tokens layer cached:",
            "",
            "| notebook | seconds |",
            "|---|---|",
            *[f"| {name} | {float(secs):.1f} |" for name, secs in timings],
            f"| all, with HTML export | {seconds:.0f} |",
            "",
            "Notebook 04 run again with papermill on two comparisons (no HTML):",
            "",
            "| comparison | seconds |",
            "|---|---|",
            *[f"| {name.removeprefix('04 ')} | {secs:.1f} |" for name, secs in compared],
            "",
        ]
        (ROOT / "benchmarks" / "results" / "report.md").write_text("\n".join(lines))
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print("all invariants hold" if not failures else f"{len(failures)} invariants fail")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
