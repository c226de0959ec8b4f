"""How fast the explorers of ``notebooks/explore.ipynb`` answer one interaction.

Run: ``.venv/bin/python benchmarks/bench_explore.py``. The corpus is the development
corpus ``../shared/corpora/allsides_world`` when it exists, else a generated corpus
of 3,000 articles. Every interaction is timed as the median of 5 runs, after the
explorer was built once (as in the notebook). The baseline, measured in the same
run, is the concordance scan the fast path replaces: the case-insensitive regex
with a look-behind, run document by document (``kwic``'s path for regex
patterns). Results: ``benchmarks/results/explore.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time, synthetic_corpus, write_corpus, write_results

from analysis import load_corpus, tokens
from analysis.actors import find_mentions
from analysis.kwic import compile_pattern, searchable

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides_world"
QUERIES = ("Putin", "sanctions", "North Korea")


def main() -> int:
    from analysis.explore.widgets import (
        ComparisonPicker,
        ConcordanceExplorer,
        EvidenceBrowser,
        NetworkExplorer,
    )

    if DEV.is_dir():
        corpus = load_corpus(DEV / "articles", metadata=DEV / "metadata.csv")
        label, column, groups, pair = "allsides_world", "bias", ("left", "right"), None
    else:
        folder = write_corpus(Path("/tmp/bench_explore"), synthetic_corpus(3000, seed=1))
        corpus = load_corpus(folder)
        label, column, groups, pair = "generated 3,000 articles", None, None, None
    toks = tokens(corpus, kinds=["body"])
    mentions = find_mentions(toks)
    where = searchable(toks)
    rows = []

    def slow(query: str) -> None:
        where.matches(compile_pattern(query))  # regex path, document by document

    concordance = ConcordanceExplorer(toks, query=QUERIES[0])
    for query in QUERIES:
        base = median_time(lambda q=query: slow(q), repeats=5)

        def typed(q: str = query) -> None:
            concordance.query.value = ""
            concordance.query.value = q

        took = median_time(typed, repeats=5)  # the empty query returns at once
        rows.append((f"concordance: type {query!r}", took, base))
    ranked = mentions["actor"].value_counts()
    a, b, c = (pair or ranked.index[:3].tolist())[:3]
    browser = EvidenceBrowser(mentions, toks, actor_a=a, actor_b=b)

    def pick() -> None:
        browser.actor_b.value = c if browser.actor_b.value == b else b

    rows.append((f"evidence: switch pair ({a} with {b} / {c})", median_time(pick, repeats=5), None))
    if column:
        picker = ComparisonPicker(toks, mentions, column=column)
        picker.a.value, picker.b.value = groups
        for index, name in enumerate(picker.TABS):
            picker.tabs.selected_index = index

            def recompute() -> None:
                picker.update()

            rows.append((f"comparison: {name} ({groups[0]} vs {groups[1]})",
                         median_time(recompute, repeats=5), None))  # fmt: skip
    network = NetworkExplorer(mentions)

    def slide() -> None:
        network.min_count.value = 20 if network.min_count.value != 20 else 10

    rows.append(("network: move the min-ties slider", median_time(slide, repeats=5), None))
    lines = [
        f"# Explorer interactions on {label}",
        "",
        "Median of 5 runs per interaction (seconds), the explorer built once beforehand; "
        "ratio = regex baseline (the scan only) / the whole interaction (scan, context, "
        "table), same run.",
        "",
        "| interaction | seconds | baseline (regex scan) | ratio |",
        "|---|---|---|---|",
    ]
    for name, took, base in rows:
        ratio = f"{base / took:.1f}x" if base else ""
        lines.append(f"| {name} | {took:.3f} | {'' if base is None else f'{base:.3f}'} | {ratio} |")
    path = write_results("explore", lines)
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
