"""Actor dictionary, mentions, role phrases, coverage report and framing (hand-counted)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis.actors import (
    ACTOR_TYPES,
    DEFAULT_DICTIONARY,
    MENTION_COLUMNS,
    ROLE_COLUMNS,
    actor_summary,
    find_mentions,
    load_dictionary,
    mentions_by_document,
    role_report,
    unmatched_names,
)
from analysis.errors import CorpusError
from analysis.framing import actor_context, naming
from analysis.keyness import compare_counts
from analysis.tokenize import fold_accents
from analysis.units import sentences

SEED_ACTORS = [
    # people
    "Vladimir Putin", "Donald Trump", "Recep Tayyip Erdoğan", "Bashar al-Assad",
    "Sergei Shoigu", "Mike Pompeo", "Sergei Rudskoi", "Mikhail Mizintsev", "Yury Shvytkin",
    "Sergei Kisel", "Ilya Petrenko",
    # states
    "Russia", "Syria", "United States", "Turkey", "Iran", "Israel", "Lebanon", "Jordan",
    "Ukraine", "Iraq", "Libya", "Finland", "the West",
    # international organisations and other bodies
    "United Nations", "UN Security Council", "European Union",
    "Commonwealth of Independent States", "BRICS", "Astana format",
    "Global Coalition against Daesh", "State Duma Defence Committee",
    "Federal Assembly of Russia", "Russian Ministry of Defence",
    "Main Intelligence Directorate of Ukraine", "Syrian Constitutional Committee",
    # armed groups
    "Kurdistan Workers' Party", "Islamic State", "Syrian Arab Army", "Russian Aerospace Forces",
    "Russian Armed Forces", "Russian Military Police", "US Armed Forces", "Syrian opposition",
    "Kurdish armed groups", "Syrian Border Guard Service",
    # media
    "Russia Today", "Federal News Agency", "National News Service", "Facebook",
    # places
    "Helsinki", "Aleppo", "Idlib", "Golan Heights", "Daraa",
    "Quneitra", "As-Suwayda", "Khmeimim Air Base", "Euphrates", "Al-Tanf", "Geneva",
    "Middle East", "New York",
]  # fmt: skip


def _key(name: str) -> str:
    return fold_accents(name).casefold()


def _pairs(mentions: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(mentions["surface"], mentions["actor"], strict=True))


# --------------------------------------------------------------------------- dictionary


def test_dictionary_file_is_sorted_typed_and_explained():
    raw = DEFAULT_DICTIONARY.read_text(encoding="utf-8")
    header = [line for line in raw.splitlines() if line.startswith("#")]
    for field in ("name", "type", "affiliation", "aliases", "exact_case", "references"):
        assert any(f"#   {field}" in line for line in header), field
    assert any("place" in line and "state" in line for line in header)
    data = yaml.safe_load(raw)
    names = [a["name"] for a in data["actors"]]
    assert names == sorted(names, key=_key)
    assert [r["role"] for r in data["roles"]] == sorted(
        (r["role"] for r in data["roles"]), key=_key
    )
    for a in data["actors"]:
        assert a["type"] in ACTOR_TYPES, a["name"]
        assert a["aliases"] == sorted(a["aliases"], key=_key), a["name"]
        assert a.get("references", []) == sorted(a.get("references", []), key=_key), a["name"]
    for r in data["roles"]:
        assert r["phrases"] == sorted(r["phrases"], key=_key), r["role"]


def test_dictionary_lists_every_seed_actor_and_they_are_found(seeds):
    d = load_dictionary()
    assert set(SEED_ACTORS) <= set(d.actors["name"])
    found = set(find_mentions(seeds, kinds=None, demonyms=True)["actor"])
    assert set(SEED_ACTORS) - found == set()


def test_dictionary_errors_name_the_problem(tmp_path):
    bad_type = tmp_path / "bad_type.yaml"
    bad_type.write_text("actors:\n  - {name: X, type: country, aliases: [X]}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad_type.yaml: actor 'X': type 'country'"):
        load_dictionary(bad_type)
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "actors:\n"
        "  - {name: A, type: person, aliases: [Smith]}\n"
        "  - {name: B, type: person, aliases: [SMITH]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"listed for both 'A' \(name\) and 'B'"):
        load_dictionary(clash)
    holder = tmp_path / "holder.yaml"
    holder.write_text(
        "actors:\n  - {name: A, type: person, aliases: [A]}\n"
        "roles:\n  - {role: boss, phrases: [the boss], holders: [{actor: Nobody}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"role 'boss': holders \['Nobody'\]"):
        load_dictionary(holder)
    typo = tmp_path / "typo.yaml"
    typo.write_text("actors:\n  - {name: A, type: person, alias: [A]}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"unknown fields \['alias'\]"):
        load_dictionary(typo)
    with pytest.raises(FileNotFoundError, match="actor dictionary not found"):
        load_dictionary(tmp_path / "missing.yaml")


def test_csv_dictionary_extends_and_yaml_replaces(make_corpus, tmp_path):
    corpus = make_corpus({"a.txt": "Olga Vetrova met Putin. Vova smiled.\n"})
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "name,type,affiliation,aliases\nOlga Vetrova,person,Germany,Olga Vetrova|Vetrova\n",
        encoding="utf-8",
    )
    both = find_mentions(corpus, dictionary=[DEFAULT_DICTIONARY, extra])
    assert _pairs(both) == [("Olga Vetrova", "Olga Vetrova"), ("Putin", "Vladimir Putin")]
    assert both["actor_type"].tolist() == ["person", "person"]
    replace = tmp_path / "replace.yaml"
    replace.write_text(
        "actors:\n  - {name: Vladimir Putin, type: person, aliases: [Vova]}\n", encoding="utf-8"
    )
    replaced = find_mentions(corpus, dictionary=[DEFAULT_DICTIONARY, replace])
    assert _pairs(replaced) == [("Vova", "Vladimir Putin")]


# --------------------------------------------------------------------------- matching


def test_mentions_columns_and_offsets_on_seeds(seeds):
    mentions = find_mentions(seeds)
    assert tuple(mentions.columns) == MENTION_COLUMNS
    texts = dict(zip(seeds["doc_id"], seeds["text"], strict=True))
    assert all(
        texts[d][s:e] == surface
        for d, s, e, surface in mentions[["doc_id", "start", "end", "surface"]].itertuples(
            index=False
        )
    )
    sents = sentences(seeds, kinds=None).set_index(["doc_id", "sentence_id"])
    spans = sents.loc[list(zip(mentions["doc_id"], mentions["sentence_id"], strict=True))]
    assert (mentions["start"].to_numpy() >= spans["start"].to_numpy()).all()
    assert (mentions["end"].to_numpy() <= spans["end"].to_numpy()).all()
    assert (mentions["paragraph_id"].to_numpy() == spans["paragraph_id"].to_numpy()).all()
    assert (spans["kind"] == "body").all()


def test_hand_counted_seed_mentions(seeds):
    mentions = find_mentions(seeds)
    per_doc = mentions.groupby(["doc_id", "actor"]).size()
    # 000: "between Trump and Vladimir Putin", "between Trump and Putin", "After, Putin
    # announced", "According to Putin" (the caption "Presidents Putin and Trump" is not body)
    assert per_doc[("000_f93db06ede101b32", "Vladimir Putin")] == 4
    # 001: Turkish President Recep Tayyip Erdoğan, Erdoğan told, The Turkish president,
    # said Erdoğan, Putin and Erdoğan
    assert per_doc[("001_98d74736c421111c", "Recep Tayyip Erdoğan")] == 5
    # 002: Erdogan is named only in related-article links
    assert ("002_786a6af64ff516a4", "Recep Tayyip Erdoğan") not in per_doc.index
    all_kinds = find_mentions(seeds, kinds=None)
    in_002 = all_kinds[all_kinds["doc_id"] == "002_786a6af64ff516a4"]
    assert (in_002["actor"] == "Recep Tayyip Erdoğan").sum() == 2
    assert "BRICS" in set(all_kinds["actor"]) and "BRICS" not in set(mentions["actor"])


def test_diacritics_and_case_are_ignored(make_corpus):
    # accents and capitals are free, but a name keeps its first capital: "erdogan" is no name
    corpus = make_corpus({"a.txt": "Erdoğan met ERDOGAN, and erdogan met Recep Tayyip Erdogan.\n"})
    mentions = find_mentions(corpus)
    assert _pairs(mentions) == [
        ("Erdoğan", "Recep Tayyip Erdoğan"),
        ("ERDOGAN", "Recep Tayyip Erdoğan"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ]
    assert mentions["start"].tolist() == [0, 12, 37]


def test_possessives_with_straight_and_curly_apostrophes(make_corpus):
    text = "Putin's plan met Putin’s aides and the Kurdistan Workers’ Party (PKK).\n"
    corpus = make_corpus({"a.txt": text})
    mentions = find_mentions(corpus)
    assert _pairs(mentions) == [
        ("Putin", "Vladimir Putin"),
        ("Putin", "Vladimir Putin"),
        ("Kurdistan Workers’ Party", "Kurdistan Workers' Party"),
        ("PKK", "Kurdistan Workers' Party"),
    ]
    assert mentions["end"].tolist()[:2] == [5, 22]


def test_longest_alias_wins(make_corpus):
    text = (
        "The Russian Aerospace Forces struck. The U.N. Security Council met. "
        "Bashar al-Assad spoke to Russia Today. Aerospace Forces of the Russian Federation flew.\n"
    )
    mentions = find_mentions(make_corpus({"a.txt": text}))
    assert _pairs(mentions) == [
        ("Russian Aerospace Forces", "Russian Aerospace Forces"),
        ("U.N. Security Council", "UN Security Council"),
        ("Bashar al-Assad", "Bashar al-Assad"),
        ("Russia Today", "Russia Today"),
        ("Aerospace Forces of the Russian Federation", "Russian Aerospace Forces"),
    ]


def test_word_boundaries_and_acronyms_in_capitals(make_corpus):
    text = (
        "Let us see: this is a crisis in the Iranian and Russian press, a putinist view. "
        "The US and IS fought; U.S, officials left.\n"
    )
    mentions = find_mentions(make_corpus({"a.txt": text}))
    assert _pairs(mentions) == [
        ("US", "United States"),
        ("IS", "Islamic State"),
        ("U.S", "United States"),
    ]


def test_transliteration_variants(make_corpus):
    text = "Shoygu met Asad. Al-Assad thanked Shoigu, and al Assad left.\n"
    mentions = find_mentions(make_corpus({"a.txt": text}))
    assert mentions["actor"].tolist() == [
        "Sergei Shoigu", "Bashar al-Assad", "Bashar al-Assad", "Sergei Shoigu", "Bashar al-Assad",
    ]  # fmt: skip
    assert mentions["surface"].tolist()[-1] == "al Assad"


def test_demonyms_and_capitals_are_a_switch(make_corpus):
    text = (
        "Moscow and the Kremlin praised Russian diplomats. "
        "Washington and American officials disagreed.\n"
    )
    corpus = make_corpus({"a.txt": text})
    assert find_mentions(corpus).empty
    on = find_mentions(corpus, demonyms=True)
    assert _pairs(on) == [
        ("Moscow", "Russia"),
        ("Kremlin", "Russia"),
        ("Russian", "Russia"),
        ("Washington", "United States"),
        ("American", "United States"),
    ]
    assert set(on["via"]) == {"reference"} and set(on["actor_type"]) == {"state"}


def test_boilerplate_paragraphs_create_no_mentions(make_corpus):
    text = (
        "Putin met Trump in Helsinki.\n\n"
        "Read more: Erdogan praises Putin\n\n"
        "© Photo: Assad in Damascus\n"
    )
    corpus = make_corpus({"a.txt": text})
    assert set(find_mentions(corpus)["actor"]) == {"Vladimir Putin", "Donald Trump", "Helsinki"}
    everything = find_mentions(corpus, kinds=None)
    assert {"Recep Tayyip Erdoğan", "Bashar al-Assad"} <= set(everything["actor"])
    assert len(find_mentions(corpus, kinds=["body", "related_link"])) == 5


# --------------------------------------------------------------------------- role phrases


def test_role_phrases_without_dates(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": "Erdoğan phoned the Russian president. The Turkish president said "
            "Syria's president must talk. Russia's foreign minister agreed.\n",
            "b.txt": "Putin spoke. Later the Russian president left.\n",
        }
    )
    mentions = find_mentions(corpus)
    # Russia's foreign minister has had two holders since 2000 (Ivanov, Lavrov), neither
    # named in the document: without a date it stays unresolved
    assert _pairs(mentions) == [
        ("Erdoğan", "Recep Tayyip Erdoğan"),
        ("Turkish president", "Recep Tayyip Erdoğan"),
        ("Putin", "Vladimir Putin"),
        ("Russian president", "Vladimir Putin"),
    ]
    assert mentions["via"].tolist() == ["name", "role", "name", "role"]
    report = role_report(corpus)
    assert tuple(report.columns) == ROLE_COLUMNS
    assert report["resolution"].tolist() == [
        "unresolved: no date, several holders",
        "no date, named in document",
        "unresolved: no date, several holders",
        "unresolved: no date, several holders",
        "no date, named in document",
    ]
    assert report["candidates"].tolist()[0] == "Dmitry Medvedev; Vladimir Putin"
    assert report["candidates"].tolist()[3] == "Igor Ivanov; Sergei Lavrov"
    assert report["date"].isna().all()


def test_russian_foreign_minister_phrase_stays_one_mention(make_corpus):
    # "Russia's foreign minister" is a role phrase: longest match, not Russia + noise
    corpus = make_corpus({"a.txt": "Russia's foreign minister agreed.\n"})
    report = role_report(corpus)
    assert report[["surface", "role"]].values.tolist() == [
        ["Russia's foreign minister", "Russian foreign minister"]
    ]
    assert find_mentions(corpus).empty  # Ivanov or Lavrov: no date to tell them apart


def test_role_phrases_use_the_document_date(make_corpus, tmp_path):
    text = "The Russian president met Syria's president.\n"
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,date\na.txt,2010-06-01\nb.txt,2025-06-01\nc.txt,2024-12-20\n", encoding="utf-8"
    )
    # a trailing sentence keeps the three texts distinct (no duplicate warning)
    files = {f"{d}.txt": f"{text.strip()} Day {i}.\n" for i, d in enumerate("abc")}
    corpus = make_corpus(files, metadata=meta)
    mentions = find_mentions(corpus)
    assert list(zip(mentions["doc_id"], mentions["actor"], strict=True)) == [
        ("a", "Dmitry Medvedev"),
        ("a", "Bashar al-Assad"),
        ("b", "Vladimir Putin"),
        ("b", "Ahmed al-Sharaa"),
        ("c", "Vladimir Putin"),
    ]
    report = role_report(corpus)
    assert report["resolution"].tolist()[-1] == "unresolved: no holder on date"
    assert report["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2010-06-01", "2010-06-01"]
    undated = find_mentions(corpus, date_column=None)
    assert undated.empty


def test_title_in_apposition_joins_the_name(make_corpus):
    text = (
        "Russian President Vladimir Putin met Sergei Shoigu, the Russian defence minister, "
        "and Secretary of State Mike Pompeo.\n"
    )
    mentions = find_mentions(make_corpus({"a.txt": text}))
    assert _pairs(mentions) == [
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("Sergei Shoigu, the Russian defence minister", "Sergei Shoigu"),
        ("Secretary of State Mike Pompeo", "Mike Pompeo"),
    ]
    assert mentions["start"].tolist() == [0, 37, 86]


# --------------------------------------------------------------------------- summaries


def test_actor_summary_and_mentions_by_document(make_corpus):
    corpus = make_corpus(
        {"a.txt": "Putin met Trump. Putin left.\n", "b.txt": "Trump and Putin and Trump.\n"}
    )
    mentions = find_mentions(corpus)
    summary = actor_summary(mentions)
    assert summary.to_dict("list") == {
        "actor": ["Donald Trump", "Vladimir Putin"],
        "actor_type": ["person", "person"],
        "mentions": [3, 3],
        "documents": [2, 2],
        "sentences": [2, 3],
    }
    table = mentions_by_document(mentions, doc_ids=["a", "b", "c"])
    assert table.loc["Vladimir Putin"].tolist() == [2, 1, 0]
    assert table.loc["Donald Trump"].tolist() == [1, 2, 0]
    with pytest.raises(ValueError, match="missing"):
        actor_summary(pd.DataFrame({"actor": ["x"]}))


# --------------------------------------------------------------------------- coverage


def test_unmatched_names_on_a_tiny_corpus(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": "Olga Vetrova met Putin in Vilnoburg on Monday. Shortly afterwards, "
            "Vetrova left. The Chief of Staff agreed with Colonel-General Sergei Rudskoi.\n",
            "b.txt": "Vilnoburg's mayor spoke (D-Calif.).\n",
        }
    )
    report = unmatched_names(corpus)
    assert report[["name", "count", "documents", "example_doc_id"]].to_dict("list") == {
        "name": ["Vilnoburg", "Olga Vetrova", "Vetrova"],
        "count": [2, 1, 1],
        "documents": [2, 1, 1],
        "example_doc_id": ["a", "a", "a"],
    }
    assert report["example"].tolist()[2] == "Shortly afterwards, Vetrova left."
    assert len(unmatched_names(corpus, min_count=2)) == 1


def test_unmatched_names_on_the_seeds(seeds):
    report = unmatched_names(seeds)
    assert sorted(report["name"]) == sorted(
        [
            "A-10", "Arab Republic", "Constitution", "Defense Minister", "Defense Ministry",
            "English", "Islamic", "Minister of Defense",
            "Ministry of Defense", "SU-35S",
        ]
    )  # fmt: skip
    # "European" is a reference of the European Union; references count as covered
    assert "European" not in set(report["name"])


# --------------------------------------------------------------------------- framing


def test_actor_context_counts_by_hand(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": "Putin praised the terrorist fight. Trump praised peace. "
            "Putin condemned aggression.\n"
        }
    )
    mentions = find_mentions(corpus)
    table = actor_context(mentions, corpus, "Vladimir Putin")
    counts = table.set_index("term")[["target_count", "reference_count"]]
    assert counts.loc["praised"].tolist() == [1, 1]
    assert counts.loc["aggression"].tolist() == [1, 0]
    assert counts.loc["peace"].tolist() == [0, 1]
    assert "putin" not in counts.index and "the" not in counts.index
    # sizes count every token of the masked sentences: 4 + 2 target, 3 reference
    target = pd.Series({"praised": 1, "terrorist": 1, "fight": 1, "condemned": 1, "aggression": 1})
    reference = pd.Series({"trump": 1, "praised": 1, "peace": 1})
    expected = compare_counts(target, reference, target_size=6, reference_size=3)
    pd.testing.assert_frame_equal(table, expected)
    unmasked = actor_context(mentions, corpus, "Vladimir Putin", mask_mentions=False)
    assert unmasked.set_index("term").loc["putin", "target_count"] == 2
    with pytest.raises(ValueError, match=r"'Vladimir Putn' has no mention.*'Vladimir Putin'"):
        actor_context(mentions, corpus, "Vladimir Putn")


def test_actor_context_by_outlet(make_corpus, tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\na.txt,RT\nb.txt,AA\n", encoding="utf-8")
    corpus = make_corpus(
        {
            "a.txt": "Assad fights terrorists. Rain fell.\n",
            "b.txt": "Assad regime bombs civilians. Trade grew. The Assad regime lies.\n",
        },
        metadata=meta,
    )
    mentions = find_mentions(corpus)
    table = actor_context(mentions, corpus, "Bashar al-Assad", by="outlet")
    assert table.columns[0] == "outlet"
    rt = table[table["outlet"] == "RT"].set_index("term")
    assert rt.loc["terrorists", "target_count"] == 1 and rt.loc["rain", "reference_count"] == 1
    # in b, "Assad regime" names Syria, so no sentence of AA mentions Bashar al-Assad
    assert set(table["outlet"]) == {"RT"}


def test_naming_counts_surfaces(make_corpus):
    corpus = make_corpus({"a.txt": "Assad spoke. Assad left. Bashar al-Assad returned.\n"})
    table = naming(find_mentions(corpus))
    assert table[["surface", "count"]].to_dict("list") == {
        "surface": ["Assad", "Bashar al-Assad"],
        "count": [2, 1],
    }
    assert table["share"].round(3).tolist() == [0.667, 0.333]


def test_bad_input_gets_a_clear_error(make_corpus):
    corpus = make_corpus({"a.txt": "Putin spoke.\n"})
    with pytest.raises(CorpusError, match="doc_id and text"):
        find_mentions(pd.DataFrame({"body": ["Putin"]}))
    with pytest.raises(ValueError, match=r"unknown paragraph kinds \['bodyy'\]"):
        find_mentions(corpus, kinds=["bodyy"])
    with pytest.raises(CorpusError, match="no date column 'published'"):
        find_mentions(corpus, date_column="published")
    with pytest.raises(ValueError, match="min_count must be >= 1"):
        unmatched_names(corpus, min_count=0)
    empty = find_mentions(corpus[corpus["doc_id"] == "missing"])
    assert empty.empty and tuple(empty.columns) == MENTION_COLUMNS


# --------------------------------------------------------------------------- tokens layer


TRICKY = {
    "a.txt": "Putin’s aides and Erdoğan's envoy met U.N. and US officials; the U.S.-led "
    "coalition, al-Assad and Al Assad. The 3rd2 Putin¹ report. Russia's foreign minister "
    "spoke, and Russian President Vladimir Putin answered.\n",
    # hard-wrapped: a name runs over a line break inside a paragraph
    "b.txt": "Talks with Vladimir\nPutin and the U.S.\nforces in Syria went on.\n\n"
    "A second block\nwith Erdogan in it.\n",
    "c.txt": "Kremlin chief Putin met the West in Moscow and Washington.\n",
}


@pytest.mark.parametrize("demonyms", [False, True])
def test_the_token_search_finds_what_the_text_search_finds(make_corpus, seeds, demonyms):
    from analysis.actors.scan import scan
    from analysis.tokens import tokens

    d = load_dictionary()
    for corpus in (make_corpus(TRICKY), seeds):
        for kinds in (("body",), None):
            toks = tokens(corpus, kinds=kinds)
            fast = scan(toks, d, references=demonyms)
            slow = scan(toks, d, references=demonyms, search="text")
            assert len(fast["start"]) > 0
            for column, values in fast.items():
                assert values.tolist() == slow[column].tolist(), column


def test_corpus_and_tokens_give_the_same_tables(seeds):
    from analysis.tokens import tokens

    toks, everything = tokens(seeds), tokens(seeds, kinds=None)
    pd.testing.assert_frame_equal(find_mentions(toks), find_mentions(seeds))
    pd.testing.assert_frame_equal(
        find_mentions(everything, kinds=None), find_mentions(seeds, kinds=None)
    )
    pd.testing.assert_frame_equal(
        find_mentions(toks, demonyms=True), find_mentions(seeds, demonyms=True)
    )
    pd.testing.assert_frame_equal(role_report(toks), role_report(seeds))
    pd.testing.assert_frame_equal(unmatched_names(toks), unmatched_names(seeds))
    mentions = find_mentions(seeds)
    for actor in ("Vladimir Putin", "Syria"):
        pd.testing.assert_frame_equal(
            actor_context(mentions, toks, actor), actor_context(mentions, seeds, actor)
        )


def test_tricky_spellings_are_found(make_corpus):
    mentions = find_mentions(make_corpus(TRICKY))
    a = mentions[mentions["doc_id"] == "a"]
    # "Putin¹" is one word (a superscript is a digit), so it names no one
    assert a["surface"].tolist() == [
        "Putin", "Erdoğan", "U.N", "US", "U.S.-led coalition", "al-Assad", "Al Assad",
        "Russian President Vladimir Putin",
    ]  # fmt: skip
    assert a["actor"].tolist()[4] == "Global Coalition against Daesh"
    b = mentions[mentions["doc_id"] == "b"]
    assert b["surface"].tolist() == ["Vladimir\nPutin", "U.S.\nforces", "Syria", "Erdogan"]


def test_the_token_search_by_spans_of_documents(seeds, monkeypatch):
    import analysis.actors.tokensearch as search
    from analysis.actors.scan import scan
    from analysis.tokens import tokens

    toks = tokens(seeds, kinds=None)
    whole = scan(toks, load_dictionary(), references=True)
    monkeypatch.setattr(search, "CHUNK_TOKENS", 300)
    assert len(search._spans(toks)) > 3
    cut = scan(toks, load_dictionary(), references=True)
    for column, values in whole.items():
        assert values.tolist() == cut[column].tolist(), column
