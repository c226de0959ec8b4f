"""Actors in news text: a hand-edited dictionary, mentions with evidence, coverage.

The dictionary
--------------
``analysis/data/actors.yaml`` (``DEFAULT_DICTIONARY``) lists each actor's canonical
name, type (``ACTOR_TYPES``), affiliation, aliases, optional ``exact_case`` aliases and
optional ``references`` (demonyms, capitals, metonyms), plus ``roles``: phrases that
name the holder of an office, with dated holders. Its header explains every field.
A CSV dictionary (columns ``name, type, affiliation, aliases`` and optionally
``exact_case, references``; list items separated by ``|``) works too but has no roles.
Several files can be combined: ``dictionary=[DEFAULT_DICTIONARY, "mine.yaml"]`` adds the
actors of ``mine.yaml`` and replaces the same-named ones.

Matching
--------
* One Aho-Corasick automaton holds every alias, reference and role phrase; each
  document is searched once, whatever the size of the dictionary.
* Text and aliases are compared after folding accents (``analysis.tokenize.fold_accents``)
  and case, with every character that is not a letter or digit read as a word break. So
  ``Erdoğan = Erdogan = ERDOGAN``, ``al-Assad = Al Assad``, and ``Putin's``/``Putin’s`` are
  ``Putin`` followed by a possessive. Each character maps to one character, so offsets
  are valid in the original text. Inside a name, the text may put white space, a hyphen or
  an apostrophe where the alias has other punctuation, but not a comma or a full stop
  (``U.S, forces`` is not ``U.S. forces``).
* Matches stop at word boundaries (``Iran`` is not found in ``Iranian``).
* A word written in capitals only in an alias (``US``, ``UN``, ``IS``, ``PKK``) must be in
  capitals in the text: the pronoun *us* and the verb *is* are never actors. ``exact_case``
  aliases must match letter for letter (``West`` but not *west*).
* Overlaps: the leftmost match wins, then the longest, so ``Russian Aerospace Forces`` is one
  armed group, ``U.N. Security Council`` one organisation, ``Russia Today`` a medium. One
  span names one actor: *Syria's president* is a mention of the president, not of Syria.
* Only the paragraphs of ``kinds`` are searched (body text by default): related-article
  links, captions and bios never create mentions.

References (``demonyms=True``)
------------------------------
Demonyms, capitals and metonyms (*Russian*, *Moscow*, *the Kremlin*, *Washington*,
*American*, *Turkish*) count as mentions of their state only when asked. They are off by
default because they also mark origin (*Russian refugees*) and place (*talks in Moscow*).

Role phrases
------------
A role phrase (*the Turkish president*, *Syria's president*, *Kremlin chief*, *the Russian
minister*) becomes a mention of one person, decided in this order:

1. Apposition: right before or after a person's name (*Russian President Vladimir Putin*,
   *Putin, the Russian president*), the phrase is a title of that person. It joins the
   name's mention, which then spans both (``surface`` = ``Russian President Vladimir
   Putin``): one reference, one mention.
2. With a document date (a ``date`` column, as ``load_corpus`` parses from metadata), the
   holder on that date (``from``/``to`` both inclusive). If several hold it that day (the
   generic *Russian minister*), the one among them named elsewhere in the document.
3. Without a date: the only holder listed, else the one holder named elsewhere in the
   document.

Anything else stays unresolved and is left out of the mentions; ``role_report`` lists every
role phrase with its candidates and the rule that decided (or failed to decide) it.
"""

from __future__ import annotations

import csv
import functools
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import yaml
from wordfreq import zipf_frequency

from analysis.errors import CorpusError
from analysis.paths import DATA_DIR
from analysis.segment import BODY, KINDS, segment_text
from analysis.tokenize import STOP_WORDS, fold_accents

DEFAULT_DICTIONARY: Path = DATA_DIR / "actors.yaml"
DEFAULT: Path = DEFAULT_DICTIONARY
ACTOR_TYPES: tuple[str, ...] = ("person", "state", "organisation", "armed group", "media", "place")
MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "paragraph_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "actor",
    "actor_type",
    "via",
)
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
UNMATCHED_COLUMNS: tuple[str, ...] = ("name", "count", "documents", "example_doc_id", "example")

# Words that make a capitalised phrase look like a name without being an actor.
TITLE_WORDS: frozenset[str] = frozenset(
    """president presidents prime minister ministers secretary general generals colonel
    colonel-general lieutenant lieutenant-general major major-general admiral marshal commander
    chief staff deputy chairman spokesman spokeswoman spokesperson ambassador envoy senator
    governor king queen prince sheikh emir mr mrs ms dr prof gen col lt sgt sir""".split()
)
CALENDAR_WORDS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
COMMON_WORD_ZIPF: float = 4.0

_FIELDS = {"name", "type", "affiliation", "aliases", "exact_case", "references"}
_ROLE_FIELDS = {"role", "phrases", "holders"}
_HOLDER_FIELDS = {"actor", "from", "to"}
_JOINERS = frozenset("-'‐‑‒–—’ʼ`´")
_CAPS_TOKEN_RE = re.compile(r"[^\s-]+")
_GAP_AFTER_RE = re.compile(
    r"(?:[\s,]|(?:General of the Army|Army General|Colonel-General|Lieutenant-General"
    r"|Major-General|General|Admiral|Marshal|Colonel|Gen|Col|Mr|Mrs|Ms|Dr)\.?)*"
)
_GAP_BEFORE_RE = re.compile(r"\s*,\s*(?:(?:the|a|an)\s+)?")
_CONNECTORS = frozenset({"of", "the", "for", "de", "du", "la", "von", "van", "der", "al", "el"})
_CAPWORD = (
    r"(?:[A-Z]\.){2,}"
    r"|(?:(?:al|el|as|ad|ash|at|abu|bin|ibn)-)?[A-Z]\w*(?:['’-]\w+)*"
)
_NAME_RE = re.compile(
    rf"(?<![\w'’.-])(?:{_CAPWORD})"
    rf"(?:(?:\s+(?:of|the|for|de|du|la|von|van|der|al|el|bin|ibn))*\s+(?:{_CAPWORD}))*"
)
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_INITIAL_AFTER_RE = re.compile(r"(?:^|[:;–—])[\s\"'“‘«(\[-]*$")


# --------------------------------------------------------------------------- dictionary


@dataclass(frozen=True)
class _Variant:
    alias: str  # accent-folded, as written
    case: tuple[tuple[int, bool], ...]  # (offset, must be upper case) for fixed letters
    inner: tuple[int, ...]  # offsets of non-word characters between words of the alias


@dataclass(frozen=True)
class _Entry:
    kind: str  # "name", "reference" or "role"
    target: str  # actor name, or role label
    variants: tuple[_Variant, ...]


@dataclass(frozen=True)
class _Matcher:
    automaton: ahocorasick.Automaton
    entries: tuple[_Entry, ...]
    key_lengths: np.ndarray


@dataclass(frozen=True, eq=False)
class ActorDictionary:
    """A loaded actor dictionary (see ``load_dictionary``).

    ``actors``: name, type, affiliation, aliases, exact_case, references (tuples of
    str), sorted by name. ``roles``: role, phrases, holders (tuples of
    ``(actor, from, to)`` with ``pandas.Timestamp`` dates, ``NaT`` = open).
    """

    actors: pd.DataFrame
    roles: pd.DataFrame
    sources: tuple[str, ...]

    def table(self) -> pd.DataFrame:
        """One row per actor, lists joined with ``"; "``, for display."""
        out = self.actors.copy()
        for col in ("aliases", "references"):
            out[col] = out[col].map("; ".join)
        out.insert(3, "n_aliases", self.actors["aliases"].map(len).astype("int64"))
        return out.drop(columns="exact_case")

    def role_table(self) -> pd.DataFrame:
        """One row per role holder: role, actor, from, to, phrases (joined)."""
        rows = [
            {
                "role": r.role,
                "actor": actor,
                "from": start,
                "to": end,
                "phrases": "; ".join(r.phrases),
            }
            for r in self.roles.itertuples()
            for actor, start, end in r.holders
        ]
        return pd.DataFrame(rows, columns=["role", "actor", "from", "to", "phrases"])

    @functools.cached_property
    def _types(self) -> dict[str, str]:
        return dict(zip(self.actors["name"], self.actors["type"], strict=True))

    @functools.cached_property
    def _names_matcher(self) -> _Matcher:
        return _build_matcher(self, references=False)

    @functools.cached_property
    def _all_matcher(self) -> _Matcher:
        return _build_matcher(self, references=True)

    def _matcher(self, references: bool) -> _Matcher:
        return self._all_matcher if references else self._names_matcher


def _sort_key(name: str) -> str:
    return fold_accents(name).casefold()


class _SearchTable(dict):
    """``str.translate`` table: lower case, and a space for every non-word character.

    One character in, one out (a letter whose lower case has two characters stays as
    it is), so offsets in the searched text are offsets in the document.
    """

    def __missing__(self, code: int) -> int:
        char = chr(code)
        if not char.isalnum():
            value = 32
        else:
            low = char.lower()
            value = ord(low) if len(low) == 1 else code
        self[code] = value
        return value


_SEARCH_TABLE = _SearchTable()
_ASCII_TABLE = bytes(_SEARCH_TABLE[c] for c in range(128)) + bytes(range(128, 256))


def _fold(text: str) -> str:
    # ASCII has no accents: skip the per-character table, the common case in English news
    return text if text.isascii() else fold_accents(text)


def _normalise(text: str, *, folded: bool = False) -> str:
    """Fold accents (unless ``folded``) and case; non-word characters become spaces."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    return (text if folded else fold_accents(text)).translate(_SEARCH_TABLE)


def _case_constraint(alias: str, exact: bool) -> tuple[tuple[int, bool], ...]:
    if exact:
        return tuple((i, c.isupper()) for i, c in enumerate(alias) if c.isalpha())
    fixed = []
    for m in _CAPS_TOKEN_RE.finditer(alias):
        letters = [c for c in m.group() if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            fixed.extend((m.start() + i, True) for i, c in enumerate(m.group()) if c.isalpha())
    return tuple(fixed)


def _as_list(value: object, where: str, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise CorpusError(f"{where}: '{field}' must be a list of strings")
    items = [str(v).strip() for v in value]
    if any(not v for v in items):
        raise CorpusError(f"{where}: '{field}' has an empty item")
    return items


def _parse_date(value: object, where: str) -> pd.Timestamp:
    if value is None or value == "":
        return pd.NaT
    stamp = pd.to_datetime(str(value), errors="coerce")
    if pd.isna(stamp):
        raise CorpusError(f"{where}: {value!r} is not a date (use YYYY-MM-DD)")
    return stamp


def _read_actor(item: object, where: str) -> dict:
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: each actor must be a mapping with name, type, aliases")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise CorpusError(f"{where}: unknown fields {unknown}; known fields are {sorted(_FIELDS)}")
    name = str(item.get("name") or "").strip()
    if not name:
        raise CorpusError(f"{where}: an actor has no name")
    where = f"{where}: actor {name!r}"
    kind = str(item.get("type") or "").strip()
    if kind not in ACTOR_TYPES:
        raise CorpusError(f"{where}: type {kind!r} is not one of {list(ACTOR_TYPES)}")
    aliases = _as_list(item.get("aliases"), where, "aliases")
    if not aliases:
        raise CorpusError(f"{where}: no aliases; list at least one name to match")
    exact = _as_list(item.get("exact_case"), where, "exact_case")
    stray = sorted(set(exact) - set(aliases))
    if stray:
        raise CorpusError(f"{where}: exact_case {stray} are not among its aliases")
    return {
        "name": name,
        "type": kind,
        "affiliation": str(item.get("affiliation") or "").strip(),
        "aliases": tuple(aliases),
        "exact_case": tuple(exact),
        "references": tuple(_as_list(item.get("references"), where, "references")),
    }


def _read_role(item: object, where: str) -> dict:
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: each role must be a mapping with role, phrases, holders")
    unknown = sorted(set(item) - _ROLE_FIELDS)
    if unknown:
        raise CorpusError(
            f"{where}: unknown fields {unknown}; known fields are {sorted(_ROLE_FIELDS)}"
        )
    label = str(item.get("role") or "").strip()
    if not label:
        raise CorpusError(f"{where}: a role has no 'role' label")
    where = f"{where}: role {label!r}"
    phrases = _as_list(item.get("phrases"), where, "phrases")
    if not phrases:
        raise CorpusError(f"{where}: no phrases")
    holders = item.get("holders") or []
    if not isinstance(holders, list) or not holders:
        raise CorpusError(f"{where}: 'holders' must be a non-empty list of {{actor, from, to}}")
    parsed = []
    for h in holders:
        if not isinstance(h, dict) or not h.get("actor") or set(h) - _HOLDER_FIELDS:
            raise CorpusError(f"{where}: each holder needs 'actor' and optional 'from', 'to'")
        start = _parse_date(h.get("from"), where)
        end = _parse_date(h.get("to"), where)
        if pd.notna(start) and pd.notna(end) and end < start:
            raise CorpusError(f"{where}: holder {h['actor']!r} leaves office before taking it")
        parsed.append((str(h["actor"]).strip(), start, end))
    return {"role": label, "phrases": tuple(phrases), "holders": tuple(parsed)}


@functools.lru_cache(maxsize=32)
def _read_file(path: str, mtime_ns: int) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """Parse one dictionary file (cached while the file is unchanged)."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"name", "type", "aliases"} - set(reader.fieldnames or [])
            if missing:
                raise CorpusError(
                    f"{p.name}: missing columns {sorted(missing)}; expected name, type, "
                    "affiliation, aliases (and optionally exact_case, references)"
                )
            rows = []
            for line, row in enumerate(reader, start=2):
                item = {
                    k: [v.strip() for v in (row[k] or "").split("|") if v.strip()]
                    if k in {"aliases", "exact_case", "references"}
                    else (row[k] or "")
                    for k in row
                    if k is not None
                }
                rows.append(_read_actor(item, f"{p.name} line {line}"))
        return tuple(rows), ()
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CorpusError(f"{p.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise CorpusError(f"{p.name}: expected a mapping with an 'actors' list (and 'roles')")
    unknown = sorted(set(data) - {"actors", "roles"})
    if unknown:
        raise CorpusError(f"{p.name}: unknown top-level keys {unknown}; expected actors, roles")
    actors = tuple(_read_actor(a, p.name) for a in data["actors"])
    roles = tuple(_read_role(r, p.name) for r in data.get("roles") or [])
    for label, items in (
        ("actor", [a["name"] for a in actors]),
        ("role", [r["role"] for r in roles]),
    ):
        seen = pd.Series(items)
        dup = sorted(set(seen[seen.duplicated()]))
        if dup:
            raise CorpusError(f"{p.name}: {label}s listed twice: {dup}")
    return actors, roles


def load_dictionary(
    source: str | Path | ActorDictionary | Sequence[str | Path] = DEFAULT_DICTIONARY,
) -> ActorDictionary:
    """Read an actor dictionary (YAML or CSV), or several merged in order.

    Parameters
    ----------
    source : path, ActorDictionary, or sequence of paths, default ``DEFAULT_DICTIONARY``
        With several files, actors and roles of later files are added, and replace
        earlier entries with the same name (or role label).

    Returns
    -------
    ActorDictionary
        Validated: known types, every role holder is a listed actor, and no alias,
        reference or role phrase names two different actors.

    Raises
    ------
    FileNotFoundError, CorpusError
        Missing file; malformed entry (the message names file, entry and problem).
    """
    if isinstance(source, ActorDictionary):
        return source
    paths = [source] if isinstance(source, str | Path) else list(source)
    if not paths:
        raise ValueError("no dictionary given: pass a path or a list of paths")
    actors: dict[str, dict] = {}
    roles: dict[str, dict] = {}
    sources = []
    for raw in paths:
        p = Path(raw).expanduser().resolve()
        if not p.is_file():
            raise FileNotFoundError(f"{p}: actor dictionary not found")
        file_actors, file_roles = _read_file(str(p), p.stat().st_mtime_ns)
        actors |= {a["name"]: a for a in file_actors}
        roles |= {r["role"]: r for r in file_roles}
        sources.append(p.name)
    for r in roles.values():
        unknown = sorted({h[0] for h in r["holders"]} - set(actors))
        if unknown:
            raise CorpusError(f"role {r['role']!r}: holders {unknown} are not listed as actors")
    actor_table = pd.DataFrame(
        sorted(actors.values(), key=lambda a: _sort_key(a["name"])),
        columns=["name", "type", "affiliation", "aliases", "exact_case", "references"],
    )
    role_table = pd.DataFrame(
        sorted(roles.values(), key=lambda r: _sort_key(r["role"])),
        columns=["role", "phrases", "holders"],
    )
    dictionary = ActorDictionary(actor_table, role_table, tuple(sources))
    dictionary._matcher(True)  # validates that no key names two targets
    return dictionary


def _build_matcher(dictionary: ActorDictionary, *, references: bool) -> _Matcher:
    keys: dict[str, tuple[str, str, list[_Variant]]] = {}

    def add(text: str, kind: str, target: str, exact: bool) -> None:
        key = _normalise(text).strip()
        if not key:
            raise CorpusError(f"{kind} {text!r} of {target!r} has no letters or digits")
        folded = fold_accents(text)
        last = max(i for i, c in enumerate(folded) if c.isalnum())
        inner = tuple(i for i, c in enumerate(folded[:last]) if not c.isalnum())
        variant = _Variant(folded, _case_constraint(folded, exact), inner)
        if key in keys:
            old_kind, old_target, variants = keys[key]
            if old_target != target:
                raise CorpusError(
                    f"{text!r} is listed for both {old_target!r} ({old_kind}) and "
                    f"{target!r} ({kind}); an alias must name one actor"
                )
            if old_kind == "name" and kind == "reference":
                return
            if variant not in variants:
                variants.append(variant)
            keys[key] = (
                min(old_kind, kind, key=("name", "role", "reference").index),
                target,
                variants,
            )
            return
        keys[key] = (kind, target, [variant])

    for a in dictionary.actors.itertuples():
        exact = set(a.exact_case)
        for alias in a.aliases:
            add(alias, "name", a.name, alias in exact)
    for r in dictionary.roles.itertuples():
        for phrase in r.phrases:
            add(phrase, "role", r.role, False)
    if references:
        for a in dictionary.actors.itertuples():
            for ref in a.references:
                add(ref, "reference", a.name, False)
    automaton = ahocorasick.Automaton()
    entries = []
    lengths = []
    for i, key in enumerate(sorted(keys)):
        kind, target, variants = keys[key]
        entries.append(_Entry(kind, target, tuple(variants)))
        lengths.append(len(key) + 2)
        automaton.add_word(f" {key} ", i)
    automaton.make_automaton()
    return _Matcher(automaton, tuple(entries), np.array(lengths, dtype=np.int64))


# --------------------------------------------------------------------------- scanning


def _check_input(corpus: pd.DataFrame, kinds: Iterable[str] | None) -> frozenset[str] | None:
    if not isinstance(corpus, pd.DataFrame) or not {"doc_id", "text"} <= set(corpus.columns):
        raise CorpusError("expected a corpus from load_corpus (a DataFrame with doc_id and text)")
    if kinds is None:
        return None
    wanted = frozenset([kinds] if isinstance(kinds, str) else kinds)
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise ValueError(f"unknown paragraph kinds {unknown}; known kinds are {list(KINDS)}")
    return wanted


def _variant_ok(v: _Variant, folded: str, start: int) -> bool:
    if not all(folded[start + off].isupper() == upper for off, upper in v.case):
        return False
    # inside a name, white space, hyphens and apostrophes may differ; a comma may not
    for off in v.inner:
        c = folded[start + off]
        if not (c == v.alias[off] or c.isspace() or c in _JOINERS):
            return False
    return True


def _entry_ok(entry: _Entry, folded: str, start: int) -> bool:
    return any(_variant_ok(v, folded, start) for v in entry.variants)


def _scan(
    corpus: pd.DataFrame,
    dictionary: ActorDictionary,
    kinds: frozenset[str] | None,
    *,
    references: bool,
) -> pd.DataFrame:
    """Non-overlapping dictionary matches: doc_pos, paragraph_id, sentence_id, start, end, entry."""
    matcher = dictionary._matcher(references)
    automaton, entries, key_len = matcher.automaton, matcher.entries, matcher.key_lengths
    # typed arrays: millions of mentions without one Python int object per number
    names = ("doc_pos", "paragraph_id", "sentence_id", "start", "end", "entry")
    cols: dict[str, array] = {k: array("q") for k in names}
    surfaces: list[str] = []  # cut here, where the text is at hand (no copy of the corpus)
    for pos, text in enumerate(corpus["text"]):
        if not isinstance(text, str) or not text:
            continue
        seg = segment_text(text)
        folded = _fold(text)
        padded = f" {_normalise(folded, folded=True)} "
        for p, (ps, pe, kind) in enumerate(
            zip(seg.par_start.tolist(), seg.par_end.tolist(), seg.par_kind, strict=True)
        ):
            if kinds is not None and kind not in kinds:
                continue
            found = []
            for end_idx, eid in automaton.iter(padded, ps, pe + 2):
                start = end_idx - int(key_len[eid]) + 1
                entry = entries[eid]
                if not _entry_ok(entry, folded, start):
                    continue
                end = end_idx - 1
                alias = entry.variants[0].alias
                # "U.S." matched on "U.S," keeps only the letters that are really there
                while (
                    end > start
                    and not folded[end - 1].isalnum()
                    and folded[end - 1] != alias[end - 1 - start]
                ):
                    end -= 1
                found.append((start, -(end - start), end, eid))
            last_end = -1
            for start, _, end, eid in sorted(found):
                if start >= last_end:
                    cols["doc_pos"].append(pos)
                    cols["paragraph_id"].append(p)
                    cols["start"].append(start)
                    cols["end"].append(end)
                    cols["entry"].append(eid)
                    surfaces.append(text[start:end])
                    last_end = end
        n_new = len(cols["start"]) - len(cols["sentence_id"])
        if n_new:
            starts = np.array(cols["start"][-n_new:], dtype=np.int64)
            cols["sentence_id"].extend(
                (np.searchsorted(seg.sent_start, starts, side="right") - 1).tolist()
            )
    out = pd.DataFrame({k: np.frombuffer(v, dtype=np.int64).copy() for k, v in cols.items()})
    kind_of = np.array([e.kind for e in entries] or [""], dtype=object)
    target_of = np.array([e.target for e in entries] or [""], dtype=object)
    out["kind"] = kind_of[out["entry"].to_numpy()] if len(out) else []
    out["target"] = target_of[out["entry"].to_numpy()] if len(out) else []
    out["surface"] = np.array(surfaces, dtype=object) if surfaces else []
    return out


def _document_dates(corpus: pd.DataFrame, date_column: str | None) -> pd.Series:
    if date_column is None or date_column not in corpus.columns:
        if date_column not in (None, "date"):
            raise CorpusError(f"no date column {date_column!r}; columns are {list(corpus.columns)}")
        return pd.Series(pd.NaT, index=range(len(corpus)), dtype="datetime64[ns]")
    dates = pd.to_datetime(corpus[date_column], errors="coerce", format="mixed")
    return pd.Series(dates.to_numpy(), index=range(len(corpus)))


def _resolve_roles(
    raw: pd.DataFrame,
    corpus: pd.DataFrame,
    dictionary: ActorDictionary,
    dates: pd.Series,
) -> pd.DataFrame:
    """One row per role match (index = its row in ``raw``): role, date, candidates, actor,
    resolution (see ``role_report``)."""
    types = dictionary._types
    holders = dict(zip(dictionary.roles["role"], dictionary.roles["holders"], strict=True))
    role_rows = raw[raw["kind"] == "role"]
    columns = ["role", "date", "candidates", "actor", "resolution", "partner"]
    if role_rows.empty:
        return pd.DataFrame(columns=columns)
    # person names, in document / paragraph / offset order (the order of raw)
    persons = raw[(raw["kind"] == "name") & (raw["target"].map(types) == "person")]
    p_doc = persons["doc_pos"].to_numpy()
    p_par = persons["paragraph_id"].to_numpy()
    p_start = persons["start"].to_numpy()
    p_end = persons["end"].to_numpy()
    p_target = persons["target"].to_numpy()
    p_index = persons.index.to_numpy()
    texts = corpus["text"]
    rows = {}
    for r in role_rows.itertuples():
        text = texts.iloc[r.doc_pos]
        date = dates.iloc[r.doc_pos]
        listed = holders[r.target]
        distinct = sorted({h[0] for h in listed}, key=_sort_key)
        d_lo, d_hi = np.searchsorted(p_doc, [r.doc_pos, r.doc_pos + 1])
        in_doc = set(p_target[d_lo:d_hi])
        same = np.flatnonzero(p_par[d_lo:d_hi] == r.paragraph_id) + d_lo
        starts, ends = p_start[same], p_end[same]
        nxt = int(np.searchsorted(starts, r.end, side="left"))
        prv = int(np.searchsorted(ends, r.start, side="right")) - 1
        actor, how, partner = None, "", -1
        if nxt < len(same) and _GAP_AFTER_RE.fullmatch(text, r.end, int(starts[nxt])):
            actor, how, partner = p_target[same[nxt]], "apposition", p_index[same[nxt]]
        elif prv >= 0 and _GAP_BEFORE_RE.fullmatch(text, int(ends[prv]), r.start):
            actor, how, partner = p_target[same[prv]], "apposition", p_index[same[prv]]
        elif pd.notna(date):
            valid = sorted(
                {
                    a
                    for a, start, end in listed
                    if (pd.isna(start) or start <= date) and (pd.isna(end) or date <= end)
                },
                key=_sort_key,
            )
            hits = [a for a in valid if a in in_doc]
            if len(valid) == 1:
                actor, how = valid[0], "holder on date"
            elif not valid:
                how = "unresolved: no holder on date"
            elif len(hits) == 1:
                actor, how = hits[0], "holder on date, named in document"
            else:
                how = "unresolved: several holders on date"
        else:
            hits = [a for a in distinct if a in in_doc]
            if len(distinct) == 1:
                actor, how = distinct[0], "only holder"
            elif len(hits) == 1:
                actor, how = hits[0], "no date, named in document"
            else:
                how = "unresolved: no date, several holders"
        rows[r.Index] = {
            "role": r.target,
            "date": date,
            "candidates": "; ".join(distinct),
            "actor": actor,
            "resolution": how,
            "partner": partner,
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _frame(raw: pd.DataFrame, corpus: pd.DataFrame, extra: dict[str, object]) -> pd.DataFrame:
    """Location columns of ``raw`` rows (doc_id ... surface) + ``extra``, sorted."""
    doc_pos = raw["doc_pos"].to_numpy()
    out = pd.DataFrame(
        {
            "doc_id": pd.array(corpus["doc_id"].to_numpy()[doc_pos].astype(str), dtype="str"),
            "paragraph_id": raw["paragraph_id"].to_numpy(),
            "sentence_id": raw["sentence_id"].to_numpy(),
            "start": raw["start"].to_numpy(),
            "end": raw["end"].to_numpy(),
            "surface": pd.array(raw["surface"].to_numpy(), dtype="str"),
        }
        | extra
    )
    return out.sort_values(["doc_id", "start"], kind="stable", ignore_index=True)


def _prepare(corpus, dictionary, kinds, demonyms, date_column):
    wanted = _check_input(corpus, kinds)
    d = load_dictionary(dictionary)
    dates = _document_dates(corpus, date_column)
    raw = _scan(corpus, d, wanted, references=demonyms)
    return d, raw, _resolve_roles(raw, corpus, d, dates)


def find_mentions(
    corpus: pd.DataFrame,
    *,
    dictionary: str | Path | ActorDictionary | Sequence[str | Path] = DEFAULT,
    kinds: Sequence[str] | None = BODY,
    demonyms: bool = False,
    date_column: str | None = "date",
) -> pd.DataFrame:
    """Every mention of a dictionary actor, with its offsets (the evidence).

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus`` (any frame with ``doc_id`` and ``text``).
    dictionary : path, list of paths or ActorDictionary, default ``DEFAULT``
        The bundled ``analysis/data/actors.yaml`` unless given.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds searched; ``None`` searches every paragraph.
    demonyms : bool, default False
        Also count references (demonyms, capitals, metonyms) as mentions of their state.
    date_column : str or None, default ``"date"``
        Column of document dates used to resolve role phrases. Without it (or with NaT),
        role phrases resolve as the module docstring explains. ``None`` ignores dates.

    Returns
    -------
    DataFrame
        doc_id, paragraph_id, sentence_id, start, end, surface, actor, actor_type, via;
        one row per mention, sorted by doc_id and start. ``text[start:end] == surface``
        in the document's text; ``paragraph_id``/``sentence_id`` are those of
        ``analysis.units``. ``via`` is ``name``, ``reference`` or ``role``. Unresolved
        role phrases and titles in apposition to a name are left out (see
        ``role_report``).
    """
    d, raw, roles = _prepare(corpus, dictionary, kinds, demonyms, date_column)
    # a title in apposition becomes part of the name's mention: one reference, one span
    titles = roles[roles["resolution"] == "apposition"]
    if len(titles):
        raw = raw.copy()
        partner = titles["partner"].to_numpy()
        raw.loc[partner, "start"] = np.minimum(
            raw.loc[partner, "start"], raw.loc[titles.index, "start"].to_numpy()
        )
        raw.loc[partner, "end"] = np.maximum(
            raw.loc[partner, "end"], raw.loc[titles.index, "end"].to_numpy()
        )
        texts = corpus["text"]
        raw.loc[partner, "surface"] = [
            texts.iloc[d][s:e]
            for d, s, e in raw.loc[partner, ["doc_pos", "start", "end"]].to_numpy()
        ]
    counted = roles[roles["actor"].notna() & (roles["resolution"] != "apposition")]
    actor = raw["target"].copy()
    keep = raw["kind"].isin(["name", "reference"])
    if len(counted):
        actor.loc[counted.index] = counted["actor"]
        keep.loc[counted.index] = True
    rows = raw[keep]
    out = _frame(
        rows,
        corpus,
        {
            "actor": pd.array(actor[keep].to_numpy(), dtype="str"),
            "actor_type": pd.array(actor[keep].map(d._types).to_numpy(), dtype="str"),
            "via": pd.array(rows["kind"].to_numpy(), dtype="str"),
        },
    )
    return out.astype({c: "int64" for c in ("paragraph_id", "sentence_id", "start", "end")})


def role_report(
    corpus: pd.DataFrame,
    *,
    dictionary: str | Path | ActorDictionary | Sequence[str | Path] = DEFAULT,
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
    _, raw, roles = _prepare(corpus, dictionary, kinds, demonyms, date_column)
    rows = raw.loc[roles.index]
    extra = {
        "role": pd.array(roles["role"].to_numpy(), dtype="str"),
        "date": pd.to_datetime(roles["date"]).to_numpy(),
        "candidates": pd.array(roles["candidates"].to_numpy(), dtype="str"),
        "actor": roles["actor"].to_numpy(dtype=object),
        "resolution": pd.array(roles["resolution"].to_numpy(), dtype="str"),
    }
    out = _frame(rows, corpus, extra)
    return out.astype({c: "int64" for c in ("paragraph_id", "sentence_id", "start", "end")})


# --------------------------------------------------------------------------- summaries


def _check_mentions(mentions: pd.DataFrame) -> None:
    missing = [c for c in MENTION_COLUMNS[:8] if c not in getattr(mentions, "columns", [])]
    if missing:
        raise ValueError(f"expected a mentions table from find_mentions; missing {missing}")


def actor_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per actor: actor, actor_type, mentions, documents, sentences (with a mention).

    Sorted by mentions descending, then actor.
    """
    _check_mentions(mentions)
    sent_key = mentions["doc_id"].astype(str) + "\x1f" + mentions["sentence_id"].astype(str)
    out = (
        mentions.assign(_sent=sent_key)
        .groupby(["actor", "actor_type"])
        .agg(
            mentions=("start", "size"),
            documents=("doc_id", "nunique"),
            sentences=("_sent", "nunique"),
        )
        .reset_index()
    )
    out = out.astype({"mentions": "int64", "documents": "int64", "sentences": "int64"})
    return out.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def mentions_by_document(
    mentions: pd.DataFrame, *, doc_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Mentions per actor (rows) and document (columns), zeros filled.

    Rows are sorted by total mentions descending, then name; columns follow ``doc_ids``
    (default: the documents with a mention, sorted), so documents without any mention can
    be shown as empty columns.
    """
    _check_mentions(mentions)
    table = pd.crosstab(mentions["actor"], mentions["doc_id"])
    columns = sorted(table.columns) if doc_ids is None else list(doc_ids)
    table = table.reindex(columns=columns, fill_value=0).astype("int64")
    order = sorted(table.index, key=lambda a: (-int(table.loc[a].sum()), a))
    table = table.loc[order]
    table.index.name = "actor"
    table.columns.name = "doc_id"
    return table


# --------------------------------------------------------------------------- coverage


def _is_common(word: str, corpus_words: set[str]) -> bool:
    low = word.lower()
    return low in corpus_words or zipf_frequency(low, "en") >= COMMON_WORD_ZIPF


def unmatched_names(
    corpus: pd.DataFrame,
    dictionary: str | Path | ActorDictionary | Sequence[str | Path] = DEFAULT,
    *,
    kinds: Sequence[str] | None = BODY,
    min_count: int = 1,
) -> pd.DataFrame:
    """Capitalised names that look like actors but match nothing in the dictionary.

    The coverage report: what to add to the dictionary. A candidate is a run of
    capitalised words, possibly joined by *of*, *the*, *for*, *al*... (``Ministry of
    Defense``, ``Main Intelligence Directorate``), with a possessive ``'s`` removed. Parts
    matched by any alias, reference or role phrase count as covered (references too,
    whatever ``demonyms`` is used later). Dropped: leading stop words (*The*), phrases made
    only of titles, ranks, weekdays and months (``TITLE_WORDS``, ``CALENDAR_WORDS``: *Chief
    of Staff*, *Colonel-General*, *July*), and single words that only ever open a sentence
    and are common English (in the corpus in lower case, or ``wordfreq`` Zipf frequency >=
    ``COMMON_WORD_ZIPF``: *Shortly*, *Nevertheless*). Capitals are detected after folding
    accents, so names in Latin script are found.

    Returns
    -------
    DataFrame
        name, count, documents, example_doc_id, example (the first sentence using it);
        sorted by count descending, then name.
    """
    wanted = _check_input(corpus, kinds)
    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, not {min_count}")
    d = load_dictionary(dictionary)
    raw = _scan(corpus, d, wanted, references=True)
    spans = raw.groupby("doc_pos")[["start", "end"]].agg(list).to_dict("index")
    noise = STOP_WORDS | TITLE_WORDS | CALENDAR_WORDS | _CONNECTORS
    found = []
    corpus_words: set[str] = set()
    for pos, (doc_id, text) in enumerate(zip(corpus["doc_id"], corpus["text"], strict=True)):
        if not isinstance(text, str) or not text:
            continue
        seg = segment_text(text)
        folded = fold_accents(text)
        covered = np.zeros(len(text) + 1, dtype=bool)
        for s, e in zip(*spans.get(pos, {"start": [], "end": []}).values(), strict=True):
            covered[s:e] = True
        for ps, pe, kind in zip(
            seg.par_start.tolist(), seg.par_end.tolist(), seg.par_kind, strict=True
        ):
            if wanted is not None and kind not in wanted:
                continue
            corpus_words.update(re.findall(r"\b[a-z]+\b", folded[ps:pe]))
            for m in _NAME_RE.finditer(folded, ps, pe):
                # split the candidate around dictionary matches, then look again in each gap
                free = ~covered[m.start() : m.end()]
                edges = np.flatnonzero(np.diff(np.r_[False, free, False].astype(np.int8)))
                for a, b in zip(edges[::2] + m.start(), edges[1::2] + m.start(), strict=True):
                    for sub in _NAME_RE.finditer(folded, int(a), int(b)):
                        words = sub.group().split()
                        lead = 0
                        while lead < len(words) and words[lead].lower() in STOP_WORDS:
                            lead += 1
                        words = words[lead:]
                        if not words or all(
                            _POSSESSIVE_RE.sub("", w).lower() in noise or len(w) == 1 for w in words
                        ):
                            continue
                        start = sub.start() + sub.group().find(words[0])
                        name = text[start : sub.end()]
                        name = _POSSESSIVE_RE.sub("", name)
                        sid = int(np.searchsorted(seg.sent_start, start, side="right") - 1)
                        s0, s1 = int(seg.sent_start[sid]), int(seg.sent_end[sid])
                        found.append(
                            {
                                "name": name,
                                "doc_id": doc_id,
                                "initial": bool(_INITIAL_AFTER_RE.search(folded[s0:start])),
                                "example": text[s0:s1],
                            }
                        )
    if not found:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in UNMATCHED_COLUMNS}).astype(
            {"count": "int64", "documents": "int64"}
        )
    table = pd.DataFrame(found)
    grouped = table.groupby("name", sort=True).agg(
        count=("doc_id", "size"),
        documents=("doc_id", "nunique"),
        example_doc_id=("doc_id", "first"),
        example=("example", "first"),
        initial=("initial", "all"),
    )
    single = ~grouped.index.str.contains(r"\s", regex=True)
    common = np.array([_is_common(n, corpus_words) for n in grouped.index], dtype=bool)
    grouped = grouped[~(grouped["initial"] & single & common) & (grouped["count"] >= min_count)]
    out = grouped.drop(columns="initial").reset_index()
    out = out.astype({"name": "str", "count": "int64", "documents": "int64"})
    return out.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)
