"""The actor dictionary: reading, validating and merging YAML or CSV files.

``analysis/data/actors.yaml`` (``DEFAULT_DICTIONARY``) lists each actor's canonical
name, type (``ACTOR_TYPES``), affiliation, aliases, optional ``exact_case`` aliases and
optional ``references`` (demonyms, capitals, metonyms), plus ``roles``: phrases that
name the holder of an office, with dated holders. Its header explains every field.
A CSV dictionary (columns ``name, type, affiliation, aliases`` and optionally
``exact_case, references``; list items separated by ``|``) works too but has no roles.
Several files can be combined: ``dictionary=[DEFAULT_DICTIONARY, "mine.yaml"]`` adds the
actors of ``mine.yaml`` and replaces the same-named ones. A YAML file may ``include``
other files (paths relative to it), read before its own entries, and list ``blocks``:
phrases that contain an actor's name without naming the actor (*Trump Tower* aside,
which is a place of its own: *Make America Great Again*); a block is matched like an
alias, wins over shorter overlapping keys, and is never a mention.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import yaml

from analysis.errors import CorpusError
from analysis.paths import DATA_DIR
from analysis.tokenize import fold_accents

if TYPE_CHECKING:
    from analysis.actors.automaton import _Matcher

DEFAULT_DICTIONARY: Path = DATA_DIR / "actors.yaml"
DEFAULT: Path = DEFAULT_DICTIONARY
ACTOR_TYPES: tuple[str, ...] = ("person", "state", "organisation", "armed group", "media", "place")

_FIELDS = {"name", "type", "affiliation", "aliases", "exact_case", "references"}
_ROLE_FIELDS = {"role", "phrases", "holders", "apposition"}
_TOP_KEYS = {"actors", "roles", "blocks", "include"}
_HOLDER_FIELDS = {"actor", "from", "to"}


@dataclass(frozen=True, eq=False)
class ActorDictionary:
    """A loaded actor dictionary (see ``load_dictionary``).

    ``actors``: name, type, affiliation, aliases, exact_case, references (tuples of
    str), sorted by name. ``roles``: role, phrases, holders (tuples of
    ``(actor, from, to)`` with ``pandas.Timestamp`` dates, ``NaT`` = open), apposition
    (bool: whether the phrase is a title of a person named next to it). ``blocks``:
    phrases that are never mentions (sorted).
    """

    actors: pd.DataFrame
    roles: pd.DataFrame
    sources: tuple[str, ...]
    blocks: tuple[str, ...] = ()

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
        from analysis.actors.automaton import build_matcher

        return build_matcher(self, references=False)

    @functools.cached_property
    def _all_matcher(self) -> _Matcher:
        from analysis.actors.automaton import build_matcher

        return build_matcher(self, references=True)

    def _matcher(self, references: bool) -> _Matcher:
        """The compiled automaton of names and role phrases (and references), built once."""
        return self._all_matcher if references else self._names_matcher


def _sort_key(name: str) -> str:
    return fold_accents(name).casefold()


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
    apposition = item.get("apposition", True)
    if not isinstance(apposition, bool):
        raise CorpusError(f"{where}: 'apposition' must be true or false, not {apposition!r}")
    return {
        "role": label,
        "phrases": tuple(phrases),
        "holders": tuple(parsed),
        "apposition": apposition,
    }


_Parsed = tuple[tuple[dict, ...], tuple[dict, ...], tuple[str, ...], tuple[str, ...]]


@functools.lru_cache(maxsize=32)
def _read_file(path: str, mtime_ns: int) -> _Parsed:
    """Parse one dictionary file: actors, roles, blocks and included paths (cached while
    the file is unchanged)."""
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
        return tuple(rows), (), (), ()
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CorpusError(f"{p.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise CorpusError(f"{p.name}: expected a mapping with an 'actors' list (and 'roles')")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise CorpusError(
            f"{p.name}: unknown top-level keys {unknown}; expected {sorted(_TOP_KEYS)}"
        )
    actors = tuple(_read_actor(a, p.name) for a in data["actors"])
    roles = tuple(_read_role(r, p.name) for r in data.get("roles") or [])
    blocks = tuple(_as_list(data.get("blocks"), p.name, "blocks"))
    names = _as_list(data.get("include"), p.name, "include")
    includes = tuple(str((p.parent / name).resolve()) for name in names)
    for label, items in (
        ("actor", [a["name"] for a in actors]),
        ("role", [r["role"] for r in roles]),
    ):
        seen = pd.Series(items)
        dup = sorted(set(seen[seen.duplicated()]))
        if dup:
            raise CorpusError(f"{p.name}: {label}s listed twice: {dup}")
    return actors, roles, blocks, includes


def _expand(path: Path, seen: tuple[str, ...] = ()) -> list[tuple[Path, _Parsed]]:
    """``path`` after the files it includes (recursively), each parsed."""
    if not path.is_file():
        where = f" (included by {Path(seen[-1]).name})" if seen else ""
        raise FileNotFoundError(f"{path}: actor dictionary not found{where}")
    if str(path) in seen:
        raise CorpusError(f"{path.name}: includes itself (through {[Path(s).name for s in seen]})")
    parsed = _read_file(str(path), path.stat().st_mtime_ns)
    out = []
    for inc in parsed[3]:
        out.extend(_expand(Path(inc), (*seen, str(path))))
    return [*out, (path, parsed)]


def load_dictionary(
    source: str | Path | ActorDictionary | Sequence[str | Path] = DEFAULT_DICTIONARY,
) -> ActorDictionary:
    """Read an actor dictionary (YAML or CSV), or several merged in order.

    Parameters
    ----------
    source : path, ActorDictionary, or sequence of paths, default ``DEFAULT_DICTIONARY``
        With several files, actors and roles of later files are added, and replace
        earlier entries with the same name (or role label). A file's ``include`` list
        is read before the file itself; ``blocks`` of every file are kept.

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
    blocks: set[str] = set()
    sources = []
    for raw in paths:
        for p, (file_actors, file_roles, file_blocks, _) in _expand(
            Path(raw).expanduser().resolve()
        ):
            actors |= {a["name"]: a for a in file_actors}
            roles |= {r["role"]: r for r in file_roles}
            blocks.update(file_blocks)
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
        columns=["role", "phrases", "holders", "apposition"],
    )
    dictionary = ActorDictionary(
        actor_table, role_table, tuple(sources), tuple(sorted(blocks, key=_sort_key))
    )
    dictionary._matcher(True)  # validates that no key names two targets
    return dictionary
