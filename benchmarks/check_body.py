"""Check on the development corpus: page furniture stays out of `body`.

Run: ``.venv/bin/python benchmarks/check_body.py`` (needs ../shared/corpora/allsides_world).

1. Precision and recall of ``body`` on the 300 hand-labelled paragraphs
   (tests/data/paragraphs_labelled.csv), segmented in the full corpus (repeated lines found
   over all 2,942 articles, not only the stored ones).
2. The top 50 keyness terms of bias=left against bias=right, and of right against left:
   none may be a word of page furniture (captions, video lists, newsletter and copyright
   lines), which is what the furniture rules were built against.
3. Counts of paragraph kinds and of marker strings left in body paragraphs.
Exits non-zero when a target is missed.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from analysis import load_corpus, tokens
from analysis.keyness import keyness
from analysis.paths import ROOT
from analysis.units import paragraphs

CORPUS = ROOT.parent / "shared" / "corpora" / "allsides_world"
FURNITURE_WORDS = frozenset(
    """photos photo caption hide replay watched watch videos video newsletter newsletters
    sign signing inbox subscribe copyright llc reprint permission rights reserved
    advertisement privacy policy slideshow images getty afp click app""".split()
)
MARKERS = ("Hide Caption", "JUST WATCHED", "Replay More Videos", "Choose your country",
           "Click here for reprint", "Manage Newsletters")  # fmt: skip


def main() -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} not found: check skipped")
        return 0
    start = time.perf_counter()
    corpus = load_corpus(CORPUS / "articles", metadata=CORPUS / "metadata.csv")
    print(f"loaded {len(corpus)} documents in {time.perf_counter() - start:.1f} s")
    pars = paragraphs(corpus)
    print(pars["kind"].value_counts().to_string())
    failures = []

    labels = pd.read_csv(ROOT / "tests" / "data" / "paragraphs_labelled.csv")
    got = labels.merge(pars[["doc_id", "paragraph_id", "kind", "text"]],
                       on=["doc_id", "paragraph_id"], suffixes=("", "_now"))  # fmt: skip
    assert (got["text"] == got["text_now"]).all(), "labelled paragraphs moved"
    predicted, truth = got["kind"].eq("body"), got["label"].eq("body")
    hits = int((predicted & truth).sum())
    precision, recall = hits / int(predicted.sum()), hits / int(truth.sum())
    print(f"body on {len(got)} hand-labelled paragraphs: precision {precision:.3f}, "
          f"recall {recall:.3f}")  # fmt: skip
    if precision < 0.97 or recall < 0.95:
        failures.append("precision/recall of body below 0.97/0.95")

    body = pars[pars["kind"] == "body"]
    for marker in MARKERS:
        n = int(body["text"].str.contains(marker, regex=False).sum())
        print(f"body paragraphs containing {marker!r}: {n}")
        if n:
            failures.append(f"{marker!r} left in body")

    toks = tokens(corpus)
    for side, other in (("left", "right"), ("right", "left")):
        mask = corpus["bias"].eq(side).to_numpy()
        keep = corpus["bias"].isin([side, other]).to_numpy()
        sub = toks.select(docs=keep)
        table = keyness(sub, mask[keep])
        top = table[table["g2"] > 0].head(50)["term"].tolist()
        print(f"top 50 keyness terms, {side} vs {other}: {', '.join(top)}")
        bad = sorted(set(top) & FURNITURE_WORDS)
        if bad:
            failures.append(f"furniture words among the top 50 of {side}: {bad}")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
