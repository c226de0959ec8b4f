"""The default dictionary for world news 2000-2025: traps, case rules, role rules, files.

Every expected pair is read off the hand-written sentence it tests.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
import yaml

from analysis.actors import (
    DEFAULT_DICTIONARY,
    find_mentions,
    load_dictionary,
    role_report,
    unmatched_names,
)
from analysis.errors import CorpusError
from analysis.framing import actor_context
from analysis.paths import DATA_DIR

INCLUDED = ["states.yaml", "people.yaml", "bodies.yaml", "media.yaml"]


def _key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _pairs(mentions: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(mentions["surface"], mentions["actor"], strict=True))


def _dated(make_corpus, tmp_path, texts: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """A corpus of ``{name: (date, text)}``."""
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,date\n" + "".join(f"{n}.txt,{d}\n" for n, (d, _) in texts.items()), encoding="utf-8"
    )
    return make_corpus({f"{n}.txt": t + "\n" for n, (_, t) in texts.items()}, metadata=meta)


# --------------------------------------------------------------------------- the files


def test_included_files_are_sorted_and_typed():
    raw = yaml.safe_load(DEFAULT_DICTIONARY.read_text(encoding="utf-8"))
    assert raw["include"] == INCLUDED
    assert raw["blocks"] == sorted(raw["blocks"], key=_key)
    for name in INCLUDED:
        data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
        names = [a["name"] for a in data["actors"]]
        assert names == sorted(names, key=_key), name
        for a in data["actors"]:
            assert a["aliases"] == sorted(a["aliases"], key=_key), a["name"]
            assert a.get("references", []) == sorted(a.get("references", []), key=_key)


def test_every_un_member_and_g20_leader_is_listed():
    d = load_dictionary()
    kinds = dict(zip(d.actors["name"], d.actors["type"], strict=True))
    states = [n for n, t in kinds.items() if t == "state"]
    # 193 UN members, 2 observers, Kosovo and Taiwan, the Soviet Union, West Germany, the West
    assert len(states) == 197 + 3
    for state in ("France", "China", "North Korea", "Saudi Arabia", "Holy See", "Palestine"):
        assert kinds[state] == "state"
    refs = dict(zip(d.actors["name"], d.actors["references"], strict=True))
    assert {"French", "Paris"} <= set(refs["France"])
    assert {"Saudi", "Riyadh"} <= set(refs["Saudi Arabia"])
    holders = d.role_table()
    on = holders[holders["role"] == "US secretary of state"]
    kerry = on[on["actor"] == "John Kerry"].iloc[0]
    assert kerry["from"] == pd.Timestamp("2013-02-01")


def test_include_and_blocks(tmp_path, make_corpus):
    (tmp_path / "base.yaml").write_text(
        "actors:\n  - {name: Acme, type: organisation, aliases: [Acme]}\n", encoding="utf-8"
    )
    top = tmp_path / "top.yaml"
    top.write_text(
        "include: [base.yaml]\nblocks: [Acme Tower]\n"
        "actors:\n  - {name: Zed, type: person, aliases: [Zed]}\n",
        encoding="utf-8",
    )
    d = load_dictionary(top)
    assert d.actors["name"].tolist() == ["Acme", "Zed"]
    assert d.blocks == ("Acme Tower",)
    assert d.sources == ("base.yaml", "top.yaml")
    corpus = make_corpus({"a.txt": "Zed left Acme Tower for Acme.\n"})
    assert _pairs(find_mentions(corpus, dictionary=d)) == [("Zed", "Zed"), ("Acme", "Acme")]
    loop = tmp_path / "loop.yaml"
    loop.write_text("include: [loop.yaml]\nactors: []\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="loop.yaml: includes itself"):
        load_dictionary(loop)
    missing = tmp_path / "missing.yaml"
    missing.write_text("include: [nothere.yaml]\nactors: []\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"nothere.yaml.*included by missing.yaml"):
        load_dictionary(missing)
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "blocks: [Acme]\nactors:\n  - {name: Acme, type: organisation, aliases: [Acme]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="'Acme' is listed for both"):
        load_dictionary(clash)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "actors:\n  - {name: A, type: person, aliases: [A]}\n"
        "roles:\n  - {role: r, phrases: [the boss], apposition: maybe, holders: [{actor: A}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="role 'r': 'apposition' must be true or false"):
        load_dictionary(bad)


# --------------------------------------------------------------------------- the traps


def test_longer_names_win_over_the_names_inside_them(make_corpus):
    text = (
        "The New York Times and the New York Post reported from New York. "
        "West Virginia and West Point cadets met in the West Wing, not in the West. "
        "The National Security Council met before the UN Security Council. "
        "Donald Trump Jr., Ivanka, Melania Trump and Eric Trump were at Trump Tower with Trump."
    )
    pairs = _pairs(find_mentions(make_corpus({"a.txt": text + "\n"})))
    assert pairs == [
        ("New York Times", "New York Times"),
        ("New York Post", "New York Post"),
        ("New York", "New York"),
        ("West Virginia", "West Virginia"),
        ("West Point", "West Point"),
        ("West Wing", "West Wing"),
        ("West", "the West"),
        ("National Security Council", "National Security Council"),
        ("UN Security Council", "UN Security Council"),
        ("Donald Trump Jr", "Donald Trump Jr."),
        ("Ivanka", "Ivanka Trump"),
        ("Melania Trump", "Melania Trump"),
        ("Eric Trump", "Eric Trump"),
        ("Trump Tower", "Trump Tower"),
        ("Trump", "Donald Trump"),
    ]


def test_case_rules_for_turkey_and_is(make_corpus):
    text = (
        "We ate turkey while Turkey and TURKEY talked. "
        "WHAT IS NEXT FOR US? IS fighters attacked, and the US answered; tell us."
    )
    pairs = _pairs(find_mentions(make_corpus({"a.txt": text + "\n"})))
    assert pairs == [
        ("Turkey", "Turkey"),
        ("TURKEY", "Turkey"),
        ("IS", "Islamic State"),
        ("US", "United States"),
    ]


def test_white_house_is_no_house_without_references(make_corpus):
    corpus = make_corpus({"a.txt": "The White House and the House disagreed with America.\n"})
    assert _pairs(find_mentions(corpus)) == [
        ("House", "United States House of Representatives"),
        ("America", "United States"),
    ]
    assert _pairs(find_mentions(corpus, demonyms=True))[0] == ("White House", "United States")


def test_parties_institutions_and_media(make_corpus):
    text = (
        "Republicans and Democrats in Congress and the Senate blamed the GOP. "
        "The State Department, the Pentagon and the FBI told CNN and Fox News."
    )
    actors = find_mentions(make_corpus({"a.txt": text + "\n"}))
    assert actors[["surface", "actor", "actor_type"]].values.tolist() == [
        ["Republicans", "Republican Party", "organisation"],
        ["Democrats", "Democratic Party", "organisation"],
        ["Congress", "United States Congress", "organisation"],
        ["Senate", "United States Senate", "organisation"],
        ["GOP", "Republican Party", "organisation"],
        ["State Department", "State Department", "organisation"],
        ["Pentagon", "Pentagon", "organisation"],
        ["FBI", "FBI", "organisation"],
        ["CNN", "CNN", "media"],
        ["Fox News", "Fox News", "media"],
    ]


# --------------------------------------------------------------------------- role phrases


def test_a_title_next_to_a_name_names_that_person(make_corpus, tmp_path):
    corpus = _dated(
        make_corpus,
        tmp_path,
        {
            "a": ("2015-06-01", "Former U.S. President George W. Bush spoke."),
            "b": (
                "2015-06-01",
                "U.S. President Jimmy Carter spoke; so did U.S. President Bill Rich.",
            ),
            "c": (
                "2016-11-09",
                "Voters made Donald Trump the 45th president of the United States.",
            ),
            "d": ("2015-06-01", "An American president would never say that."),
            "e": ("2015-06-01", "The former U.S. president spoke; the U.S. president listened."),
            "f": ("2013-05-01", "The Secretary of State flew to Cairo."),
            "g": (
                "2013-05-01",
                "Britain's Defense Secretary and the Deputy Secretary of State met.",
            ),
            "h": ("2016-12-02", "Officers may not serve as the Secretary of Defense for years."),
            "i": ("2013-08-20", "Police held the supreme leader of the Muslim Brotherhood."),
            "j": ("2018-05-08", "He was a deputy assistant attorney general under Clinton."),
        },
    )
    report = role_report(corpus)
    actor = [a if isinstance(a, str) else None for a in report["actor"]]
    past = "unresolved: not the current holder (former, future, deputy, indefinite)"
    got = list(zip(report["doc_id"], report["surface"], actor, report["resolution"], strict=True))
    assert got == [
        ("a", "U.S. President", "George W. Bush", "apposition"),
        ("b", "U.S. President", "Jimmy Carter", "apposition"),
        ("b", "U.S. President", None, "unresolved: title of a name not in the dictionary"),
        ("c", "president of the United States", None, past),
        ("d", "American president", None, past),
        ("e", "U.S. president", None, past),
        ("e", "U.S. president", "Barack Obama", "holder on date"),
        ("f", "Secretary of State", "John Kerry", "holder on date"),
        ("g", "Defense Secretary", None, "unresolved: qualified by another name"),
        ("g", "Secretary of State", None, past),
        ("h", "Secretary of Defense", None, past),
        ("i", "supreme leader", None, "unresolved: qualified by another name"),
        ("j", "attorney general", None, past),
        ("j", "Clinton", None, "unresolved: several holders on date"),
    ]  # fmt: skip
    mentions = find_mentions(corpus)
    assert mentions.loc[mentions["doc_id"] == "a", "surface"].tolist() == [
        "U.S. President George W. Bush"
    ]
    assert "Barack Obama" not in set(mentions.loc[mentions["doc_id"] != "e", "actor"])


def test_a_shared_surname_is_the_one_named_in_full(make_corpus, tmp_path):
    corpus = _dated(
        make_corpus,
        tmp_path,
        {
            "a": ("2016-10-01", "Hillary Clinton spoke. Later Clinton, Trump and Sanders left."),
            "b": ("2016-10-01", "Bill Clinton and Hillary Clinton arrived. Clinton spoke."),
            "c": ("2019-02-27", "Kim Jong Un met Trump. Kim smiled. So did Kim Hak-song."),
        },
    )
    pairs = [(d, s, a) for d, s, a in find_mentions(corpus)[["doc_id", "surface", "actor"]].values]
    assert pairs == [
        ("a", "Hillary Clinton", "Hillary Clinton"),
        ("a", "Clinton", "Hillary Clinton"),
        ("a", "Trump", "Donald Trump"),
        ("a", "Sanders", "Bernie Sanders"),
        ("b", "Bill Clinton", "Bill Clinton"),
        ("b", "Hillary Clinton", "Hillary Clinton"),
        ("c", "Kim Jong Un", "Kim Jong Un"),
        ("c", "Trump", "Donald Trump"),
        ("c", "Kim", "Kim Jong Un"),
    ]
    report = role_report(corpus)
    assert report.loc[report["doc_id"] == "b", "resolution"].tolist() == [
        "unresolved: several holders on date"
    ]
    assert report.loc[report["doc_id"] == "c", "resolution"].tolist() == [
        "holder on date, named in document",
        "unresolved: title of a name not in the dictionary",  # Kim Hak-song is someone else
    ]


# --------------------------------------------------------------------------- framing


def test_actor_context_masks_the_possessive(make_corpus):
    corpus = make_corpus(
        {"a.txt": "Assad's army shelled towns. Assad’s allies cheered. Rebels fled the war.\n"}
    )
    mentions = find_mentions(corpus)
    table = actor_context(mentions, corpus, "Bashar al-Assad").set_index("term")
    assert "s" not in table.index
    assert table.loc["army", "target_count"] == 1
    assert table.loc["allies", "target_count"] == 1
    unmasked = actor_context(mentions, corpus, "Bashar al-Assad", mask_mentions=False)
    assert "assad" in set(unmasked["term"])


# --------------------------------------------------------------------------- coverage


def test_unmatched_names_skips_party_state_tags_and_titles(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": "Sen. Olga Vetrova (D-Calif.) and Vice President Vetrova met "
            "the Minority Leader."
        }
    )
    # "Sen." and "D-Calif." are dropped, "Minority Leader" is titles only
    assert unmatched_names(corpus)["name"].tolist() == ["Olga Vetrova", "Vice President Vetrova"]
