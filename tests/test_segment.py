"""Paragraph kinds and the sentence splitter, against hand-made expectations."""

from __future__ import annotations

import pytest

from analysis.segment import KINDS, segment_text, split_sentences
from analysis.units import paragraphs, sentences


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Erdoğan met Gen. Mizintsev and Col. Smith on Jan. 5 in Ankara. They talked.",
            ["Mr. Erdoğan met Gen. Mizintsev and Col. Smith on Jan. 5 in Ankara.", "They talked."],
        ),
        (
            "The U.N. Security Council met. The U.S. envoy spoke to the U.S. The vote failed.",
            [
                "The U.N. Security Council met.",
                "The U.S. envoy spoke to the U.S.",
                "The vote failed.",
            ],
        ),
        (
            "Sergei K. Shoigu arrived. Growth was 2.5 percent, or 1,200.50 dollars. Fine.",
            ["Sergei K. Shoigu arrived.", "Growth was 2.5 percent, or 1,200.50 dollars.", "Fine."],
        ),
        (
            "He sought a “Syrian solution.” The Turkish president agreed. “Why?” he asked.",
            ["He sought a “Syrian solution.”", "The Turkish president agreed.", "“Why?” he asked."],
        ),
        (
            'Why "seems"? It\'s simply evident! Is it... Yes (he said.) Done',
            ['Why "seems"?', "It's simply evident!", "Is it...", "Yes (he said.)", "Done"],
        ),
        (
            "See No. 5 on the list. He said no. Then he left, e.g. to Moscow.",
            ["See No. 5 on the list.", "He said no.", "Then he left, e.g. to Moscow."],
        ),
    ],
)
def test_sentence_splitter(text, expected):
    assert _sentences(text) == expected


def test_sentence_offsets_point_into_the_document(seeds):
    sents = sentences(seeds, kinds=None)
    texts = seeds.set_index("doc_id")["text"]
    for row in sents.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert len(sents) == seeds["n_sentences"].sum()


def test_sentence_counts_per_seed(seeds):
    # Counted by hand from the files (all paragraph kinds).
    assert seeds["n_sentences"].tolist() == [18, 27, 21, 57, 25]
    assert seeds["n_paragraphs"].tolist() == [9, 15, 14, 11, 13]


def test_seed_paragraph_kinds(seeds):
    paras = paragraphs(seeds)
    kinds = paras.groupby("doc_id")["kind"].apply(list).to_dict()
    assert kinds["000_f93db06ede101b32"] == ["title", "caption"] + ["body"] * 6 + ["author_bio"]
    # "What happened in Syria?" asks, in sentence case: article text, not a heading
    assert kinds["001_98d74736c421111c"] == ["body"] * 15
    assert kinds["002_786a6af64ff516a4"] == (
        ["title", "dateline", "body", "body", "body", "related_link", "body", "body"]
        + ["related_link"] * 5
        + ["source_note"]
    )
    assert kinds["003_013e30cfbeefef5c"] == ["title"] + ["body"] * 10
    assert kinds["004_4e8f0d5fdfeddf2d"] == ["body"] * 12 + ["tags"]
    dateline = paras[paras["kind"] == "dateline"].iloc[0]
    assert dateline["text"] == "MOSCOW:"


def test_erdogan_appears_in_002_only_outside_the_body(seeds):
    paras = paragraphs(seeds)
    doc = paras[paras["doc_id"] == "002_786a6af64ff516a4"]
    with_erdogan = doc[doc["text"].str.contains("Erdogan")]
    assert set(with_erdogan["kind"]) == {"related_link"}
    assert len(with_erdogan) == 2


def test_kinds_filter_keeps_ids_positional(seeds):
    body = paragraphs(seeds, kinds=["body"])
    assert set(body["kind"]) == {"body"}
    first = body[body["doc_id"] == "000_f93db06ede101b32"]["paragraph_id"].tolist()
    assert first == [2, 3, 4, 5, 6, 7]


def test_unknown_kind_is_an_error(seeds):
    with pytest.raises(ValueError, match=r"unknown paragraph kinds \['boddy'\]"):
        sentences(seeds, kinds=["boddy"])


def test_boilerplate_rules_on_a_made_up_article():
    text = (
        "Kremlin rejects the plan\n\n"
        "By Jane Doe and John Roe\n\n"
        "ANKARA, Turkey (Reuters) - Turkey said on Monday it would act.\n\n"
        "Photo: AFP / Pool\n\n"
        "Read more: Erdoğan meets Assad\n\n"
        "The talks ended without a deal.\n\n"
        "Keywords: Syria, Turkey\n\n"
        "Source: Anadolu Agency\n\n"
        "Jane Doe is a correspondent covering Turkey."
    )
    seg = segment_text(text)
    assert list(seg.par_kind) == [
        "title",
        "byline",
        "dateline",
        "body",
        "caption",
        "related_link",
        "body",
        "tags",
        "source_note",
        "author_bio",
    ]
    dateline = text[seg.par_start[2] : seg.par_end[2]]
    assert dateline == "ANKARA, Turkey (Reuters) -"
    assert set(seg.par_kind) <= set(KINDS)


def test_hard_wrapped_text_is_read_in_blocks():
    wrapped = (
        "Russian forces and Syrian troops advanced on the town\n"
        "on Sunday, the ministry said, after days of shelling\n"
        "that forced thousands to flee.\n\n"
        "Turkey called for restraint and asked for talks in\n"
        "Astana with Iran and Russia, officials said on Monday\n"
        "evening after the meeting.\n"
    )
    seg = segment_text(wrapped)
    assert seg.paragraph_mode == "block"
    assert len(seg.par_kind) == 2 and len(seg.sent_start) == 2
    one_per_line = "First paragraph is a full line.\nSecond paragraph is another line.\n"
    assert segment_text(one_per_line).paragraph_mode == "line"
    assert len(segment_text(one_per_line).par_kind) == 2
