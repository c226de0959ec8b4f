"""Page furniture: marker rules, lines repeated across an outlet's articles, questions that
stay article text, and precision/recall of ``body`` on 300 hand-labelled paragraphs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.boilerplate import line_key, repeated_lines
from analysis.paths import ROOT
from analysis.segment import classify_paragraphs, is_furniture, segment_text
from analysis.units import paragraphs

DATA = ROOT / "tests" / "data"


@pytest.mark.parametrize(
    "text",
    [
        "JUST WATCHED Egypt's churches looted Replay More Videos ... MUST WATCH Egypt 01:59",
        "Photos: Photos: Taliban attack Pakistani school Hide Caption 1 of 12",
        "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.",
        "Get the Monitor Stories you care about delivered to your inbox.",
        "Advertisement",
        "Story Continued Below",
        "Sign up for Daily Newsletters Manage Newsletters",
        "Choose your country: Finland Iran Iraq Israel",
        "Facebook Twitter Pinterest Robert Mugabe in 2017. Photograph: Jekesai Njikizana/AFP",
        "Donald Trump shakes hands with Liu He. Photographer: Andrew Harrer/Bloomberg",
        "Fox News' Jennifer Griffin and The Associated Press contributed to this report.",
        "Media playback is unsupported on your device Media caption Trump: 'Rocket Man'",
        "Image caption The talks were held in Singapore",
    ],
)
def test_markers_are_furniture(text):
    assert is_furniture(text)


@pytest.mark.parametrize(
    "text",
    [
        "The advertisement ran in three newspapers, the campaign said.",
        "Facebook changed its privacy policy after the hearing.",
        "He signed up for the army in 2003.",
        "Photographs showed him lying on the street covered in blood.",
        "Reporters contributed to this report's findings, she said, and many more to others.",
    ],
)
def test_article_sentences_are_not_furniture(text):
    assert not is_furniture(text)


def test_questions_and_exclamations_stay_body_unless_title_case():
    texts = ["Title of the story", "Why does this matter?", "Enough is enough!",
             "What Happens Next?", "Background", "The talks ended."]  # fmt: skip
    assert classify_paragraphs(texts, [0] * 6) == [
        "title", "body", "body", "heading", "heading", "body",
    ]  # fmt: skip


def test_line_key_ignores_case_punctuation_and_numbers():
    a = line_key("Copyright © 2019 The Washington Times, LLC.")
    assert a == line_key("COPYRIGHT 2020 the Washington Times LLC")
    assert a[1] == 6  # copyright 0 the washington times llc
    assert line_key(" --- ") == (0, 0)


def test_repeated_lines_by_hand():
    shared = "Copyright 2019 Foo Media LLC"
    long = " ".join(["word"] * 13) + "."
    texts = [
        f"A story.\n{shared}\n{long}",  # outlet a
        f"B story.\n{shared.replace('2019', '2020')}\n{long}",
        f"C story.\n{shared}\n{long}",
        f"C story.\n{shared}\n{long}",  # an exact copy of the one before: no evidence
        f"D story.\n{shared}",  # outlet b
        f"E story.\n{shared}",
    ]
    groups = ["a", "a", "a", "a", "b", "b"]
    keys = repeated_lines(texts, groups)
    # 3 distinct documents of a share the short line; the 13-word line needs 5
    assert keys == frozenset({line_key(shared)[0]})
    assert repeated_lines(texts[4:], groups[4:]) == frozenset()
    # without groups the whole corpus is one group and the numbers double (6 and 10):
    # 5 distinct documents are not enough
    assert repeated_lines(texts) == frozenset()
    more = [f"Story {i}.\n{shared}\n{long}" for i in range(10)]
    # "Story 0." ... "Story 9." are one line once numbers are folded
    assert repeated_lines(more) == {line_key(x)[0] for x in (shared, long, "Story 7")}
    assert repeated_lines(more[:9]) == {line_key(x)[0] for x in (shared, "Story 7")}


def test_repeated_lines_become_furniture_when_loading(make_corpus, tmp_path):
    names = ["Putin", "Trump", "Assad", "Erdogan"]
    docs = {f"d{i}.txt": f"{name} visits Paris\n\nStory continues here.\n\nFoo Daily Digest {i}\n"
            for i, name in enumerate(names)}  # fmt: skip
    docs["e.txt"] = "Other title\n\nFoo Daily Digest 9\n\nMore text here.\n"
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\nd0,x\nd1,x\nd2,x\nd3,y\ne,y\n", encoding="utf-8")
    corpus = make_corpus(docs, metadata=meta)
    pars = paragraphs(corpus)
    digest = pars[pars["text"].str.startswith("Foo Daily Digest")]
    # 3 documents of outlet x repeat it (digits ignored); outlet y has it twice
    assert digest.set_index("doc_id")["kind"].to_dict() == {
        "d0": "furniture", "d1": "furniture", "d2": "furniture",
        "d3": "furniture", "e": "furniture",
    }  # fmt: skip
    # the same key counts wherever it appears once one outlet repeats it
    body = pars[pars["text"] == "Story continues here."]
    assert set(body["kind"]) == {"furniture"}
    assert set(pars.loc[pars["text"] == "More text here.", "kind"]) == {"body"}


def test_a_long_paragraph_without_line_breaks_splits_like_short_ones():
    unit = "Mr. Putin met the U.S. envoy in Moscow. Talks ended! Then what? "
    text = unit * 130_000  # 8.3 MB, one paragraph
    seg = segment_text(text)
    assert len(seg.par_start) == 1
    assert len(seg.sent_start) == 3 * 130_000
    step = len(unit)
    assert seg.sent_start[-3:].tolist() == [step * 129_999, step * 129_999 + 40,
                                            step * 129_999 + 53]  # fmt: skip
    assert text[seg.sent_start[1] : seg.sent_end[1]] == "Talks ended!"


def _labelled():
    labels = pd.read_csv(DATA / "paragraphs_labelled.csv")
    with open(DATA / "paragraph_documents.jsonl", encoding="utf-8") as f:
        docs = {d["doc_id"]: d["text"] for d in map(json.loads, f)}
    lines = (DATA / "repeated_lines.txt").read_text(encoding="utf-8").splitlines()
    repeated = frozenset(line_key(x)[0] for x in lines if x and not x.startswith("#"))
    return labels, docs, repeated


def test_body_precision_and_recall_on_hand_labelled_paragraphs():
    labels, docs, repeated = _labelled()
    assert len(labels) == 300 and labels["outlet"].nunique() >= 60
    predicted = []
    for row in labels.itertuples():
        seg = segment_text(docs[row.doc_id], repeated=repeated)
        text = docs[row.doc_id]
        at = row.paragraph_id
        assert text[seg.par_start[at] : seg.par_end[at]] == row.text
        predicted.append(seg.par_kind[at] == "body")
    predicted = pd.Series(predicted)
    truth = labels["label"].eq("body")
    hits = int((predicted & truth).sum())
    precision, recall = hits / int(predicted.sum()), hits / int(truth.sum())
    assert (hits, int(predicted.sum()), int(truth.sum())) == (166, 170, 168)
    assert precision >= 0.97 and recall >= 0.95
