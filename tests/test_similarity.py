"""Similarity of groups of documents (centroid cosine), central units, the map by group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import CorpusError
from analysis.similarity import (
    central_units,
    cluster_tree,
    most_similar_pairs,
    similarity,
    unit_groups,
    unit_map,
)
from analysis.tfidf import tfidf
from analysis.tokens import tokens

DOCS = {
    "a.txt": "Apple banana apple.\n",
    "b.txt": "Banana cherry.\n",
    "c.txt": "Cherry date date.\n",
    "d.txt": "Apple date.\n\nCherry cherry apple.\n",
}
META = "file,outlet,bias\na.txt,X,left\nb.txt,X,right\nc.txt,Y,left\nd.txt,Y,\n"


@pytest.fixture
def grouped(write_files, tmp_path):
    from analysis.corpus import load_corpus

    meta = tmp_path / "meta.csv"
    meta.write_text(META)
    return load_corpus(write_files(DOCS), metadata=meta)


def unit_rows(result) -> np.ndarray:
    x = result.matrix.toarray()
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def test_group_similarity_is_the_cosine_of_centroids_by_hand(grouped):
    result = tfidf(grouped)
    assert result.units["doc_id"].tolist() == ["a", "b", "c", "d"]
    rows = unit_rows(result)
    x_centroid = (rows[0] + rows[1]) / 2  # outlet X: a, b
    y_centroid = (rows[2] + rows[3]) / 2  # outlet Y: c, d
    sim = similarity(result, by="outlet", data=grouped)
    assert sim.index.tolist() == ["X", "Y"] and sim.columns.tolist() == ["X", "Y"]
    assert sim.index.name == "outlet"
    expected = cosine(x_centroid, y_centroid)
    assert sim.loc["X", "Y"] == pytest.approx(expected, abs=1e-12)
    assert sim.loc["Y", "X"] == pytest.approx(expected, abs=1e-12)
    np.testing.assert_allclose(np.diag(sim.to_numpy()), [1.0, 1.0])
    assert 0.0 < expected < 1.0
    assert sim.attrs["n_documents"] == {"X": 2, "Y": 2}
    assert sim.attrs["n_units"] == {"X": 2, "Y": 2}
    # the same from the tokens layer
    pd.testing.assert_frame_equal(sim, similarity(result, by="outlet", data=tokens(grouped)))


def test_group_similarity_missing_values_and_paragraph_units(grouped):
    parts = tfidf(grouped, unit="paragraph")
    assert parts.units["doc_id"].tolist() == ["a", "b", "c", "d", "d"]
    rows = unit_rows(parts)
    # bias: a and c are left, b right, d missing (both of its paragraphs)
    sim = similarity(parts, by="bias", data=grouped)
    assert sim.index.tolist() == ["left", "right", "(missing)"]
    left = (rows[0] + rows[2]) / 2
    missing = (rows[3] + rows[4]) / 2  # each paragraph counts once
    assert sim.loc["left", "(missing)"] == pytest.approx(cosine(left, missing), abs=1e-12)
    assert sim.loc["right", "(missing)"] == pytest.approx(cosine(rows[1], missing), abs=1e-12)
    assert sim.attrs["n_units"] == {"left": 2, "right": 1, "(missing)": 2}
    assert sim.attrs["n_documents"] == {"left": 2, "right": 1, "(missing)": 1}


def test_group_similarity_by_doc_id_equals_unit_similarity(grouped):
    result = tfidf(grouped)
    plain = similarity(result)
    by_doc = similarity(result, by="doc_id")  # needs no corpus
    np.testing.assert_allclose(by_doc.to_numpy(), plain.to_numpy(), atol=1e-12)
    assert by_doc.index.tolist() == plain.index.tolist() == ["a", "b", "c", "d"]
    assert plain.attrs["n_terms"] == {"a": 2, "b": 2, "c": 2, "d": 3}  # d: apple, cherry, date


def test_group_similarity_clusters_and_pairs(grouped):
    sim = similarity(tfidf(grouped), by=["outlet", "bias"], data=grouped)
    assert sim.index.tolist() == ["X / left", "X / right", "Y / left", "(missing)"]
    tree = cluster_tree(sim)
    assert len(tree) == 3 and tree["size"].iloc[-1] == 4
    assert tree.attrs["n_documents"] == sim.attrs["n_documents"]
    pairs = most_similar_pairs(sim, n=1)
    best = sim.to_numpy()[np.triu_indices(4, k=1)].max()
    assert pairs["similarity"].item() == pytest.approx(best)


def test_group_similarity_errors(grouped):
    result = tfidf(grouped)
    with pytest.raises(ValueError, match="by='outlet' needs data="):
        similarity(result, by="outlet")
    with pytest.raises(CorpusError, match="no such corpus column"):
        similarity(result, by="region", data=grouped)
    with pytest.raises(ValueError, match="dense 2 x 2 table"):
        similarity(result, by="outlet", data=grouped, max_units=1)
    with pytest.raises(ValueError, match="lacks documents"):
        unit_groups(result, "outlet", grouped[grouped["doc_id"] != "a"].reset_index(drop=True))


def test_central_units_by_hand(grouped):
    result = tfidf(grouped)
    rows = unit_rows(result)
    centroid = rows.mean(axis=0)
    expected = [cosine(r, centroid) for r in rows]
    table = central_units(result, n=2)
    assert list(table.columns) == ["doc_id", "label", "similarity", "rank"]
    order = np.argsort(-np.asarray(expected), kind="stable")[:2]
    assert table["doc_id"].tolist() == [["a", "b", "c", "d"][i] for i in order]
    np.testing.assert_allclose(table["similarity"], np.asarray(expected)[order], atol=1e-12)
    assert table["rank"].tolist() == [1, 2]
    assert table.attrs["rule"] == "the 2 of 4 documents nearest the corpus centroid"
    assert central_units(result, n=None).attrs["rule"] == "all 4 documents"


def test_unit_map_carries_the_group_column(grouped):
    parts = tfidf(grouped, unit="paragraph")
    coords = unit_map(parts, by="outlet", data=grouped)
    assert list(coords.columns) == ["doc_id", "paragraph_id", "outlet", "label", "x", "y"]
    assert coords["outlet"].tolist() == ["X", "X", "Y", "Y", "Y"]
    plain = unit_map(parts)
    np.testing.assert_allclose(coords[["x", "y"]], plain[["x", "y"]])
