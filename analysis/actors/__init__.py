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
* One Aho-Corasick automaton holds every alias, reference and role phrase; the
  paragraphs the tokens layer keeps are searched once, whatever the size of the
  dictionary, and no document is segmented again (every function accepts a corpus or
  ``tokens(corpus)``).
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

Modules
-------
``dictionary`` (reading and validating files), ``scan`` (the automaton and the search),
``roles`` (role phrases, ``role_report``), ``matching`` (``find_mentions``), ``coverage``
(``actor_summary``, ``mentions_by_document``, ``unmatched_names``).
"""

from analysis.actors.coverage import (
    CALENDAR_WORDS,
    COMMON_WORD_ZIPF,
    TITLE_WORDS,
    UNMATCHED_COLUMNS,
    actor_summary,
    mentions_by_document,
    unmatched_names,
)
from analysis.actors.dictionary import (
    ACTOR_TYPES,
    DEFAULT,
    DEFAULT_DICTIONARY,
    ActorDictionary,
    load_dictionary,
)
from analysis.actors.matching import MENTION_COLUMNS, find_mentions
from analysis.actors.roles import ROLE_COLUMNS, role_report

__all__ = [
    "ACTOR_TYPES",
    "CALENDAR_WORDS",
    "COMMON_WORD_ZIPF",
    "DEFAULT",
    "DEFAULT_DICTIONARY",
    "MENTION_COLUMNS",
    "ROLE_COLUMNS",
    "TITLE_WORDS",
    "UNMATCHED_COLUMNS",
    "ActorDictionary",
    "actor_summary",
    "find_mentions",
    "load_dictionary",
    "mentions_by_document",
    "role_report",
    "unmatched_names",
]
