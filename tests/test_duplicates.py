"""Near-duplicates: MinHash estimates against the exact Jaccard of shingle sets, groups,
and the loader's report and ``drop_duplicates``."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import load_corpus, load_report
from analysis.duplicates import DUPLICATE_COLUMNS, near_duplicates

VOCAB = [f"w{i}" for i in range(2000)]


def _article(rng: np.random.Generator, n: int = 400) -> list[str]:
    return list(rng.choice(VOCAB, n))


def _edit(words: list[str], share: float, rng: np.random.Generator) -> list[str]:
    out = list(words)
    for i in rng.choice(len(out), int(share * len(out)), replace=False):
        out[i] = "changed"
    return out


def _jaccard(a: str, b: str, k: int = 5) -> float:
    """Exact Jaccard of the two texts' k-word shingle sets (independent of the module)."""

    def grams(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


@pytest.fixture
def made() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    base, other = _article(rng), _article(rng)
    texts = {
        "a_original": base,
        "b_copy": list(base),  # a syndicated copy
        "c_light_edit": _edit(base, 0.01, rng),  # 1% of the words changed
        "d_rewrite": _edit(base, 0.3, rng),
        "e_other": other,
        "f_other_edit": _edit(other, 0.01, rng),
    }
    return pd.DataFrame(
        {"doc_id": list(texts), "text": [" ".join(words) + "." for words in texts.values()]}
    )


def test_near_duplicates_point_to_the_first_of_their_group(made):
    found = near_duplicates(made)
    assert tuple(found.columns) == DUPLICATE_COLUMNS
    assert found[["doc_id", "duplicate_of"]].values.tolist() == [
        ["b_copy", "a_original"],
        ["c_light_edit", "a_original"],
        ["f_other_edit", "e_other"],
    ]
    text = made.set_index("doc_id")["text"]
    assert found["similarity"].iloc[0] == 1.0
    for row in found.itertuples():
        exact = _jaccard(text[row.doc_id], text[row.duplicate_of])
        assert abs(row.similarity - exact) < 0.1  # MinHash standard error ~0.03 here
    # a 30% rewrite shares few 5-word shingles (exact Jaccard well under the threshold)
    assert _jaccard(text["d_rewrite"], text["a_original"]) < 0.3


def test_threshold_and_checks(made):
    assert near_duplicates(made, threshold=1.0)["doc_id"].tolist() == ["b_copy"]
    with pytest.raises(ValueError, match="threshold must be between 0.0 and 1.0, not 1.5"):
        near_duplicates(made, threshold=1.5)
    with pytest.raises(ValueError, match="lacks the column 'text'"):
        near_duplicates(made.drop(columns="text"))
    empty = near_duplicates(made.iloc[:0])
    assert empty.empty and tuple(empty.columns) == DUPLICATE_COLUMNS


def test_the_loader_reports_and_drops_near_duplicates(write_files, tmp_path, made):
    texts = dict(zip(made["doc_id"] + ".txt", made["text"], strict=True))
    texts["b_copy.txt"] = "Advertisement\n" + texts["b_copy.txt"]  # same story, other page
    folder = write_files(texts)
    with pytest.warns(UserWarning, match="duplicate documents"):
        corpus = load_corpus(folder)
    flagged = corpus.set_index("doc_id")["duplicate_of"].dropna().to_dict()
    assert flagged == {
        "b_copy": "a_original",
        "c_light_edit": "a_original",
        "f_other_edit": "e_other",
    }
    assert corpus["duplicate_similarity"].notna().sum() == 3
    report = load_report(corpus)
    near = report[report["action"] == "duplicate"]
    assert near["problem"].str.startswith("near-duplicate of a_original").sum() == 2
    kept = load_corpus(folder, drop_duplicates=True)
    assert kept["doc_id"].tolist() == ["a_original", "d_rewrite", "e_other"]
    exact_only = load_corpus(folder, near_duplicates=None)
    assert exact_only["duplicate_of"].isna().all()
