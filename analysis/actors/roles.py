"""Role phrases (*the Turkish president*, *Kremlin chief*): which person each one names.

A role phrase becomes a mention of one person, decided in this order:

1. Apposition: right before or after a person's name (*Russian President Vladimir Putin*,
   *Putin, the Russian president*), the phrase is a title of that person and joins the
   name's mention.
2. With a document date, the holder on that date (``from``/``to`` both inclusive); if
   several hold it that day, the one among them named elsewhere in the document.
3. Without a date: the only holder listed, else the one holder named elsewhere in the
   document.

Anything else stays unresolved; ``role_report`` lists every role phrase with its
candidates and the rule that decided (or failed to decide) it.
"""

from __future__ import annotations

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
    start, end, target = raw["start"], raw["end"], raw["target"]
    named = set(zip(raw["doc_pos"][persons].tolist(), target[persons].tolist(), strict=True))
    holders = dict(zip(dictionary.roles["role"], dictionary.roles["holders"], strict=True))
    texts = corpus["text"].tolist()
    day = dates.to_numpy()
    out: dict[str, list] = {c: [] for c in ("role", "date", "candidates", "actor", "resolution")}
    partners = []
    rows = zip(
        roles.tolist(), raw["doc_pos"][roles].tolist(), after.tolist(), before.tolist(), strict=True
    )
    for row, doc, nxt, prv in rows:
        text = texts[doc]
        date = pd.Timestamp(day[doc]) if not pd.isna(day[doc]) else pd.NaT
        listed = holders[target[row]]
        distinct = sorted({h[0] for h in listed}, key=_sort_key)
        actor, how, partner = None, "", -1
        if nxt >= 0 and _GAP_AFTER_RE.fullmatch(text, int(end[row]), int(start[nxt])):
            actor, how, partner = target[nxt], "apposition", nxt
        elif prv >= 0 and _GAP_BEFORE_RE.fullmatch(text, int(end[prv]), int(start[row])):
            actor, how, partner = target[prv], "apposition", prv
        elif pd.notna(date):
            valid = sorted(
                {
                    a
                    for a, first, last in listed
                    if (pd.isna(first) or first <= date) and (pd.isna(last) or date <= last)
                },
                key=_sort_key,
            )
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
        with the reason. Sorted by doc_id and start.
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
