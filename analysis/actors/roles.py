"""Role phrases (*the Turkish president*, *Kremlin chief*): which person each one names.

A role phrase becomes a mention of one person, decided in this order:

1. Apposition: right before a person's name (*Russian President Vladimir Putin*,
   *former U.S. President George W. Bush*) the phrase is a title of that person, and
   right after one (*Putin, the Russian president*) when that person holds the role at
   some time listed; the title joins the name's mention. A title right before a
   capitalised word that no dictionary entry matches (*President Jimmy Carter* without
   Carter in the dictionary) names that unlisted person: unresolved. Roles with
   ``apposition: false`` (a surname shared by several people) are never titles, but a
   capitalised word after them makes them part of another name (*Kim Hak-song*).
2. A phrase after *former*, *ex-*, *then-*, *late*, *future*, *incoming*, *as (the)*,
   *was (the)* (*she backed it as secretary of state*), *deputy*, *assistant*, *acting*,
   an ordinal (*45th*, *first*) or an indefinite article (*a*, *an*, *another*, *any*,
   *every*) names no current holder: unresolved unless rule 1 applied. So does a title
   right after a capitalised word (*Britain's Defence Secretary*, *Obama's national
   security adviser*, *Deputy Secretary of State*) or followed by *of* and a name (*the
   supreme leader of the Muslim Brotherhood*): another state's or body's office.
3. With a document date, the holder on that date (``from``/``to`` both inclusive); if
   several hold it that day, the one among them named elsewhere in the document.
4. Without a date: the only holder listed, else the one holder named elsewhere in the
   document.

Anything else stays unresolved; ``role_report`` lists every role phrase with its
candidates and the rule that decided (or failed to decide) it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.actors.dictionary import DEFAULT, ActorDictionary, _sort_key, load_dictionary
from analysis.actors.scan import scan
from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_corpus, check_kinds

Dictionary = str | Path | ActorDictionary | Sequence[str | Path]
ROLE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "paragraph_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "role",
    "date",
    "candidates",
    "actor",
    "resolution",
)
_GAP_AFTER_RE = re.compile(
    r"(?:[\s,]|(?:General of the Army|Army General|Colonel-General|Lieutenant-General"
    r"|Major-General|General|Admiral|Marshal|Colonel|Gen|Col|Mr|Mrs|Ms|Dr)\.?)*"
)
_GAP_BEFORE_RE = re.compile(r"\s*,\s*(?:(?:the|a|an)\s+)?")
# words that make a role phrase name a past, future or any holder, never the current one
_NOT_CURRENT_RE = re.compile(
    r"(?:\b(?:former|ex|then|late|future|incoming|would-be|previous|past|next|a|an|another|"
    r"any|every|each|no|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"deputy|assistant|associate|acting|(?:as|was|were)(?:\s+the)?)"
    r"|\b\d+(?:st|nd|rd|th))[\s-]*$",
    re.IGNORECASE,
)
# "the supreme leader of the Muslim Brotherhood": the office of another body
_OF_NAME_RE = re.compile(r"[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?[A-Z]")
# a capitalised word right before the phrase ("Britain's Defence Secretary", "Obama's
# national security adviser", "Deputy Secretary of State"): another office or another state's
_NAME_BEFORE_RE = re.compile(r"(?<![\w.'’-])([A-Z][\w.'’-]*)[^\S\n]+$")
_ARTICLES = frozenset({"The", "A", "An"})
_NAME_AFTER_RE = re.compile(r"[^\S\n]+(?:[A-Z][a-z]*\.\s+)*([A-Z][\w'’.-]*)")
_CALENDAR = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December""".split()
)


def tokens_or_none(data: pd.DataFrame | Tokens, kinds: Sequence[str] | None) -> Tokens | None:
    """``as_tokens(data, kinds=kinds)``; ``None`` for a corpus frame without rows.

    An empty selection of a corpus (``corpus[corpus.doc_id == "x"]``) gives empty
    tables rather than an error, as filtering a corpus to nothing is no mistake.
    """
    if isinstance(data, pd.DataFrame) and data.empty and {"doc_id", "text"} <= set(data.columns):
        check_kinds(kinds)
        return None
    if isinstance(data, pd.DataFrame):
        check_corpus(data)
    return as_tokens(data, kinds=kinds)


def document_dates(corpus: pd.DataFrame, date_column: str | None) -> pd.Series:
    """The date of every document (corpus row); NaT without a date column."""
    if date_column is None or date_column not in corpus.columns:
        if date_column not in (None, "date"):
            raise CorpusError(f"no date column {date_column!r}; columns are {list(corpus.columns)}")
        return pd.Series(pd.NaT, index=range(len(corpus)), dtype="datetime64[ns]")
    dates = pd.to_datetime(corpus[date_column], errors="coerce", format="mixed")
    return pd.Series(dates.to_numpy(), index=range(len(corpus)))


def _unlisted_name_after(text: str, end: int, next_start: int) -> bool:
    """Whether a capitalised word that starts no dictionary match follows ``end``
    (white space and abbreviated ranks between): the title of someone not listed."""
    m = _NAME_AFTER_RE.match(text, end)
    if m is None or m.group(1) in _CALENDAR:
        return False
    return m.start(1) != next_start


def _qualified(text: str, start: int) -> bool:
    """Whether a capitalised word (not an article) stands right before ``start``."""
    m = _NAME_BEFORE_RE.search(text, max(0, start - 40), start)
    return m is not None and m.group(1) not in _ARTICLES


def _neighbours(raw: dict[str, np.ndarray], roles: np.ndarray, persons: np.ndarray):
    """For each role row: the person name starting next after it and the one ending
    last before it in the same paragraph (rows of ``raw``, -1 if none)."""
    if not len(persons):
        none = np.full(len(roles), -1, dtype=np.int64)
        return none, none.copy()
    span = int(raw["end"].max()) + 2
    group = raw["doc_pos"] * (int(raw["paragraph_id"].max()) + 1) + raw["paragraph_id"]
    p_group, r_group = group[persons], group[roles]
    p_start = p_group * span + raw["start"][persons]
    nxt = np.searchsorted(p_start, r_group * span + raw["end"][roles])
    nxt = np.minimum(nxt, len(persons) - 1)
    after = (p_start[nxt] >= r_group * span + raw["end"][roles]) & (p_group[nxt] == r_group)
    p_end = p_group * span + raw["end"][persons]
    prv = np.searchsorted(p_end, r_group * span + raw["start"][roles], side="right") - 1
    before = (prv >= 0) & (p_group[np.maximum(prv, 0)] == r_group)
    return (
        np.where(after, persons[nxt], -1),
        np.where(before, persons[np.maximum(prv, 0)], -1),
    )


def resolve_roles(
    raw: dict[str, np.ndarray],
    corpus: pd.DataFrame,
    dictionary: ActorDictionary,
    dates: pd.Series,
) -> dict[str, np.ndarray]:
    """How each role match of ``raw`` resolves.

    Returns ``row`` (its row in ``raw``), role, date, candidates, actor (None when
    unresolved), resolution (see ``role_report``) and partner (the row of the name in
    apposition, or -1), one item per role match.
    """
    kind = raw["kind"]
    roles = np.flatnonzero(kind == "role")
    if not len(roles):
        empty = np.zeros(0, dtype=object)
        return {"row": roles, "partner": roles, "date": np.zeros(0, "datetime64[ns]")} | {
            c: empty for c in ("role", "candidates", "actor", "resolution")
        }
    codes, targets = pd.factorize(raw["target"])
    types = dictionary._types
    is_person = np.array([types.get(t) == "person" for t in targets], dtype=bool)
    # person names, in document / paragraph / offset order (the order of raw)
    persons = np.flatnonzero((kind == "name") & is_person[codes])
    after, before = _neighbours(raw, roles, persons)
    anything, _ = _neighbours(raw, roles, np.flatnonzero(kind != "role"))
    start, end, target = raw["start"], raw["end"], raw["target"]
    named = set(zip(raw["doc_pos"][persons].tolist(), target[persons].tolist(), strict=True))
    holders = dict(zip(dictionary.roles["role"], dictionary.roles["holders"], strict=True))
    titles = dict(zip(dictionary.roles["role"], dictionary.roles["apposition"], strict=True))
    texts = corpus["text"].tolist()
    stamps = [pd.Timestamp(x) if not pd.isna(x) else pd.NaT for x in dates.to_numpy()]

    @functools.cache
    def candidates_of(role: str) -> list[str]:
        return sorted({h[0] for h in holders[role]}, key=_sort_key)

    @functools.cache
    def holders_on(role: str, date: pd.Timestamp) -> list[str]:
        return sorted(
            {
                a
                for a, first, last in holders[role]
                if (pd.isna(first) or first <= date) and (pd.isna(last) or date <= last)
            },
            key=_sort_key,
        )

    out: dict[str, list] = {c: [] for c in ("role", "date", "candidates", "actor", "resolution")}
    partners = []
    rows = zip(
        roles.tolist(),
        raw["doc_pos"][roles].tolist(),
        after.tolist(),
        before.tolist(),
        anything.tolist(),
        strict=True,
    )
    for row, doc, nxt, prv, follower in rows:
        text = texts[doc]
        date = stamps[doc]
        distinct = candidates_of(target[row])
        title = titles[target[row]]
        r_start, r_end = int(start[row]), int(end[row])
        actor, how, partner = None, "", -1
        if title and nxt >= 0 and _GAP_AFTER_RE.fullmatch(text, r_end, int(start[nxt])):
            actor, how, partner = target[nxt], "apposition", nxt
        elif (
            title
            and prv >= 0
            and target[prv] in distinct
            and _GAP_BEFORE_RE.fullmatch(text, int(end[prv]), r_start)
        ):
            actor, how, partner = target[prv], "apposition", prv
        elif _unlisted_name_after(text, r_end, int(start[follower]) if follower >= 0 else -1):
            # a title of someone not listed, or a surname of another person (Kim Hak-song)
            how = "unresolved: title of a name not in the dictionary"
        elif _NOT_CURRENT_RE.search(text, max(0, r_start - 20), r_start):
            how = "unresolved: not the current holder (former, future, deputy, indefinite)"
        elif title and (_qualified(text, r_start) or _OF_NAME_RE.match(text, r_end)):
            how = "unresolved: qualified by another name"
        elif pd.notna(date):
            valid = holders_on(target[row], date)
            hits = [a for a in valid if (doc, a) in named]
            if len(valid) == 1:
                actor, how = valid[0], "holder on date"
            elif not valid:
                how = "unresolved: no holder on date"
            elif len(hits) == 1:
                actor, how = hits[0], "holder on date, named in document"
            else:
                how = "unresolved: several holders on date"
        else:
            hits = [a for a in distinct if (doc, a) in named]
            if len(distinct) == 1:
                actor, how = distinct[0], "only holder"
            elif len(hits) == 1:
                actor, how = hits[0], "no date, named in document"
            else:
                how = "unresolved: no date, several holders"
        for column, value in zip(
            ("role", "date", "candidates", "actor", "resolution"),
            (target[row], date, "; ".join(distinct), actor, how),
            strict=True,
        ):
            out[column].append(value)
        partners.append(partner)
    result = {c: np.array(v, dtype=object) for c, v in out.items()}
    result["date"] = pd.to_datetime(pd.Series(out["date"], dtype=object)).to_numpy()
    return result | {"row": roles, "partner": np.array(partners, dtype=np.int64)}


def _str_column(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values`` as a "str" array, converting each distinct value once."""
    codes, uniques = pd.factorize(values)
    return pd.array(np.asarray(uniques, dtype=object), dtype="str").take(codes)


def located(
    raw: dict[str, np.ndarray], rows: np.ndarray, corpus: pd.DataFrame, extra: dict[str, object]
) -> pd.DataFrame:
    """Location columns of ``raw[rows]`` (doc_id ... surface) + ``extra``, sorted by
    doc_id, then start (``rows`` are in document, then offset order)."""
    doc_pos = raw["doc_pos"][rows]
    doc_ids = corpus["doc_id"].astype("str").array
    out = pd.DataFrame(
        {
            "doc_id": doc_ids.take(doc_pos),
            "paragraph_id": raw["paragraph_id"][rows],
            "sentence_id": raw["sentence_id"][rows],
            "start": raw["start"][rows],
            "end": raw["end"][rows],
            "surface": pd.array(raw["surface"][rows], dtype="str"),
        }
        | extra
    )
    if not pd.Index(doc_ids).is_monotonic_increasing:
        rank = np.empty(len(doc_ids), dtype=np.int64)
        rank[np.argsort(np.asarray(doc_ids, dtype=object), kind="stable")] = np.arange(len(rank))
        out = out.take(np.lexsort((out["start"].to_numpy(), rank[doc_pos])))
        out = out.reset_index(drop=True)
    return out.astype({c: "int64" for c in ("paragraph_id", "sentence_id", "start", "end")})


def prepare(
    toks: Tokens, dictionary: Dictionary, demonyms: bool, date_column: str | None
) -> tuple[ActorDictionary, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The dictionary, the raw matches of ``toks`` and its resolved role phrases."""
    d = load_dictionary(dictionary)
    dates = document_dates(toks.corpus, date_column)
    raw = scan(toks, d, references=demonyms)
    return d, raw, resolve_roles(raw, toks.corpus, d, dates)


def role_report(
    data: pd.DataFrame | Tokens,
    *,
    dictionary: Dictionary = DEFAULT,
    kinds: Sequence[str] | None = BODY,
    demonyms: bool = False,
    date_column: str | None = "date",
) -> pd.DataFrame:
    """Every role phrase found and how it was resolved (parameters as ``find_mentions``).

    Returns
    -------
    DataFrame
        doc_id, paragraph_id, sentence_id, start, end, surface, role, date (NaT when the
        document has none), candidates (every holder listed, ``"; "``-joined), actor
        (None when unresolved) and resolution: ``apposition`` (a title of the adjacent
        name, not counted again), ``holder on date``, ``holder on date, named in
        document``, ``only holder``, ``no date, named in document``, or ``unresolved: ...``
        with the reason (``title of a name not in the dictionary``, ``not the current
        holder (...)``, ``qualified by another name``, ``no holder on date``, ...). Sorted
        by doc_id and start.
    """
    toks = tokens_or_none(data, kinds)
    if toks is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ROLE_COLUMNS})
    _, raw, roles = prepare(toks, dictionary, demonyms, date_column)
    extra = {
        "role": _str_column(roles["role"]),
        "date": roles["date"],
        "candidates": _str_column(roles["candidates"]),
        "actor": roles["actor"],
        "resolution": _str_column(roles["resolution"]),
    }
    return located(raw, roles["row"], toks.corpus, extra)
