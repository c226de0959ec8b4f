"""Paragraphs, their kinds, and sentences, as character spans of a document.

Every span is ``(start, end)`` into the document's clean ``text``, so any count
made later can point back to its evidence with ``text[start:end]``.

Paragraphs
----------
A paragraph is a line, or a block between blank lines when the text is hard
wrapped (``paragraph_mode="auto"`` decides per document: blocks whose inner
lines are mostly 100 characters or shorter are read as wrapped prose).

Kinds
-----
Boilerplate is classified, never deleted. Rules, first match wins:

``title``
    The first paragraph when it looks like a headline: one line, at most 200
    characters and 25 words, not ending in ``. , ; :``.
``caption``
    Photo credits: starts with ``©``, ``Photo:``, ``Image:``, ``Credit:``...
``tags``
    ``Tags:``, ``Keywords:``, ``Topics:``, ``Filed under:``.
``source_note``
    ``Original news``, ``Source:``, ``Originally published``...
``related_link``
    ``Read more``/``Read also``/``Related``/``See also`` lines; bullet lines
    (``•``, ``▪``, ``►``) that read as headlines; an indented paragraph right
    after a related link (its teaser); a headline-like line that repeats a
    bulleted link or introduces a bullet list.
``byline``
    ``By Jane Doe`` (and co-authors), short.
``author_bio``
    In the last two paragraphs: ``Name Surname is a/an/the ...`` naming a
    role (fellow, journalist, editor, analyst...).
``furniture``
    Page furniture left by scrapers: video widgets (``JUST WATCHED``), photo
    galleries (``Hide Caption``), copyright and reprint notices, newsletter and
    app prompts, advertising slots, country pickers (``is_furniture``); and any
    title, heading or body line that the corpus repeats across articles of one
    outlet (``analysis.boilerplate``, which also says why jusText and
    trafilatura are not used).
``heading``
    Any later short line (at most 15 words) that does not end like a sentence;
    a line ending in ``?`` or ``!`` is a heading only in Title Case, otherwise
    it is body (questions and exclamations are mostly article text).
``dateline``
    ``MOSCOW:`` / ``WASHINGTON (Reuters) -`` at the start of the first body
    paragraph, split off as its own span.
``body``
    Everything else.

Sentences
---------
Sentences never cross a paragraph. A boundary is ``.``, ``!``, ``?`` or an
ellipsis, with any closing quotes or brackets, followed by white space and a
word that does not start in lower case. A single ``.`` is no boundary after a
known abbreviation (``Mr.``, ``Gen.``, ``Col.``, ``Jan.``...), nor after a
dotted acronym (``U.S.``, ``U.N.``) or an initial (``Sergei K.``) unless the
next word is a common sentence opener (``The``, ``He``, ``But``...).
Decimals (``2.5``) contain no boundary because no space follows the point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from analysis.boilerplate import line_key

KINDS: tuple[str, ...] = (
    "title",
    "heading",
    "dateline",
    "byline",
    "body",
    "caption",
    "related_link",
    "source_note",
    "tags",
    "author_bio",
    "furniture",
)
BODY: tuple[str, ...] = ("body",)
_REPEATABLE = frozenset({"title", "heading", "body"})

ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr prof gen col lt maj capt cmdr adm brig sgt cpl pvt gov sen rep
    rev hon amb pres supt insp st mt ft jr sr messrs mme mlle gov dept est govt approx
    jan feb mar apr jun jul aug sep sept oct nov dec cf vs""".split()
)
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "art", "vol", "p", "pp", "fig"})
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """a an the he she it they we i you his her its their our this that these those
    but and so yet however meanwhile in on at after before when while if as there
    then now also what why how who where""".split()
)

_LONGEST_WORD = 64  # an abbreviation or acronym is never longer
_OPENERS = "\"'“‘«([{-–—"
_CLOSERS = "\"'”’»)]}"
_ACRONYM_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

_CAPTION_RE = re.compile(
    r"^(?:©|\(c\)\s|photo(?:graph)?\s*(?:by\b|:|credit)|image\s*(?::|credit)|picture\s*:"
    r"|credit\s*:|illustration\s*:|file photo\b)",
    re.IGNORECASE,
)
_TAGS_RE = re.compile(r"^(?:tags|tagged(?: with)?|keywords|topics|filed under)\s*:", re.I)
_SOURCE_RE = re.compile(
    r"^(?:original news|original article|source\s*:|originally published"
    r"|this (?:article|story) (?:was )?(?:first |originally )?(?:appeared|published))",
    re.IGNORECASE,
)
_RELATED_RE = re.compile(
    r"^(?:read more|read also|also read|related(?: articles?| stories| news)?\s*:|see also"
    r"|more on this|recommended\s*:)",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^[•▪►◦‣·]\s*")
# Page furniture that scrapers leave inside the text: video and photo widgets, newsletter and
# app prompts, advertising slots, copyright and reprint notices, country pickers. Markers that
# no article sentence contains are searched anywhere in the paragraph; the others must open it.
_FURNITURE_ANYWHERE_RE = re.compile(
    r"JUST WATCHED|MUST WATCH|Replay More Videos|Hide Caption|click here for reprint permission"
    r"|continue reading the main story|manage newsletters|verify you(?:'|’)?re not a robot"
    r"|choose your country|all rights reserved|you agree to (?:our|the) privacy policy"
    r"|delivered to your inbox|(?:^|\s)(?:Photos|Videos):\s+Photos:"
    r"|media playback is unsupported on your device",
    re.IGNORECASE,
)
_FURNITURE_START_RE = re.compile(
    r"^(?:advertisement\b|story continued below|copyright\b|©|\(c\)\s*\d{4}"
    r"|sign up (?:for|to)\b|subscribe (?:to|for|now)\b|click here to\b|image copyright\b"
    r"|(?:image|media) caption\b"
    r"|slideshow\b|pullquote\b|analysis/opinion\b|get the .{1,40} app\b"
    r"|(?:the )?associated press contributed\b|contributing:\s|(?:more )?videos?\s*:"
    r"|facebook twitter pinterest\b)",
    re.IGNORECASE,
)
# ...and markers that end it: a photo credit closing a caption, a contribution note
_FURNITURE_END_RE = re.compile(
    r"(?:\b(?:photograph|photographer|photo|image)\s*:\s*[^.:]{2,80}/[^.:]{2,60}"
    r"|\bcontributed to this (?:report|story|article))\.?\s*$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?:[Bb]y|BY)\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}(?:\s*(?:,|and|&|\|).*)?$"
)
_BIO_RE = re.compile(
    r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+(?:is|was|has been)\s+(?:a|an|the)\b"
)
_ROLE_RE = re.compile(
    r"\b(?:fellow|journalist|correspondent|editor|writer|reporter|analyst|researcher|author"
    r"|contributor|columnist|commentator|professor|lecturer|scholar|expert|blogger)\b",
    re.IGNORECASE,
)
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:, ?[A-Z][\w.'’ -]{1,30}?)?"
    r"(?: ?\([A-Z][\w&.' ]{1,20}\))? ?(?::|—|–|--?) +(?=\S)"
)
_NON_WORD_RE = re.compile(r"[^\w\s]")
_LINE_BREAK_RE = re.compile(r"\n")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


@dataclass(frozen=True)
class DocumentSegments:
    """Spans of one document: paragraphs (with kinds) and sentences.

    ``sent_paragraph`` holds, for each sentence, the index of its paragraph.
    """

    par_start: np.ndarray
    par_end: np.ndarray
    par_kind: tuple[str, ...]
    sent_start: np.ndarray
    sent_end: np.ndarray
    sent_paragraph: np.ndarray
    paragraph_mode: str


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _indent(text: str, line_start: int, start: int) -> int:
    """Leading white space of the line where a paragraph starts."""
    return start - max(text.rfind("\n", line_start, start) + 1, line_start)


def _is_hard_wrapped(text: str, *, sample: int = 5000) -> bool:
    """True when inner lines of multi-line blocks are mostly short (wrapped prose).

    Looks at the first ``sample`` lines: enough to tell, and linear in time.
    """
    lines = text.split("\n", sample)[:sample]
    inner = [
        len(line)
        for line, nxt in zip(lines, lines[1:], strict=False)
        if line.strip() and nxt.strip()
    ]
    if len(inner) < 3:
        return False
    return sum(n <= 100 for n in inner) >= 0.8 * len(inner)


def _raw_paragraphs(text: str, mode: str) -> tuple[list[tuple[int, int, int]], str]:
    """Return ``[(start, end, indent)]`` for non-blank paragraphs, and the mode used."""
    if mode == "auto":
        mode = "block" if _is_hard_wrapped(text) else "line"
    if mode == "line":
        separator = _LINE_BREAK_RE
    elif mode == "block":
        separator = _BLANK_LINE_RE
    else:
        raise ValueError(f"paragraph_mode must be 'auto', 'line' or 'block', not {mode!r}")
    spans = []
    pos = 0
    # Spans between separators; no backtracking pattern, so linear in the text length.
    for m in [*separator.finditer(text), None]:
        stop = len(text) if m is None else m.start()
        start, end = _strip_span(text, pos, stop)
        if start < end:
            spans.append((start, end, _indent(text, pos, start)))
        pos = len(text) if m is None else m.end()
    return spans, mode


def _ends_like_sentence(t: str) -> bool:
    return t.rstrip(_CLOSERS + " ")[-1:] in {".", ",", ";", ":"}


def _is_headline(t: str, *, max_words: int) -> bool:
    if "\n" in t or len(t) > 200 or _BULLET_RE.match(t) or t[0] in "-–—":
        return False
    return len(t.split()) <= max_words and not _ends_like_sentence(t)


def _asks_or_exclaims(t: str) -> bool:
    """A question or exclamation is article text unless written in Title Case."""
    return t.rstrip(_CLOSERS + " ")[-1:] in {"?", "!"} and not _is_title_case(t)


def _is_title_case(t: str) -> bool:
    """Every word of four letters or more capitalised (and at least two such words)."""
    long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", t) if len(w) >= 4]
    return len(long) >= 2 and all(w[0].isupper() for w in long)


def is_furniture(t: str) -> bool:
    """Whether a paragraph is page furniture (``_FURNITURE_*`` markers)."""
    if _FURNITURE_START_RE.match(t) or _FURNITURE_ANYWHERE_RE.search(t):
        return True
    return len(t) <= 400 and bool(_FURNITURE_END_RE.search(t))


def _norm_for_match(t: str) -> str:
    return " ".join(_NON_WORD_RE.sub("", _BULLET_RE.sub("", t).lower()).split())


def classify_paragraphs(texts: list[str], indents: list[int]) -> list[str]:
    """Return one kind per paragraph (see the module docstring for the rules)."""
    n = len(texts)
    kinds: list[str] = []
    for i, (t, indent) in enumerate(zip(texts, indents, strict=True)):
        prev = kinds[-1] if kinds else None
        if i == 0 and _is_headline(t, max_words=25):
            kind = "title"
        elif _CAPTION_RE.match(t):
            kind = "caption"
        elif _TAGS_RE.match(t):
            kind = "tags"
        elif _SOURCE_RE.match(t):
            kind = "source_note"
        elif _RELATED_RE.match(t):
            kind = "related_link"
        elif _BULLET_RE.match(t) and _is_headline(_BULLET_RE.sub("", t, count=1), max_words=25):
            kind = "related_link"
        elif indent >= 2 and prev == "related_link":
            kind = "related_link"
        elif len(t) <= 120 and _BYLINE_RE.match(t):
            kind = "byline"
        elif i >= n - 2 and _BIO_RE.match(t) and _ROLE_RE.search(t[:200]):
            kind = "author_bio"
        elif is_furniture(t):
            kind = "furniture"
        elif i > 0 and _is_headline(t, max_words=15) and not _asks_or_exclaims(t):
            kind = "heading"
        else:
            kind = "body"
        kinds.append(kind)
    bullets = {_norm_for_match(t) for t, k in zip(texts, kinds, strict=True) if _BULLET_RE.match(t)}
    for i, kind in enumerate(kinds):
        if kind != "heading":
            continue
        next_is_bullet = i + 1 < n and bool(_BULLET_RE.match(texts[i + 1]))
        if next_is_bullet or _norm_for_match(texts[i]) in bullets:
            kinds[i] = "related_link"
    return kinds


# A boundary candidate: end punctuation and closers, then white space (captured, with the
# next word, inside the lookahead: nothing after the closers is consumed).
_CANDIDATE_RE = re.compile(r"[.!?…]+(?P<close>[\"'”’»)\]}]*)(?=(?P<ws>\s+)(?P<next>\S*))")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """Whether the candidate ``m`` (punctuation, closers, then white space) ends a sentence."""
    next_word = m.group("next").lstrip(_OPENERS)
    first = next_word[:1]
    if first.islower():
        return False
    punct_start = m.start()
    if m.group("close") or m.end() - punct_start != 1 or text[punct_start] != ".":
        return True  # ! ? ellipsis, or a period inside closing quotes
    # the word before the period, looked for in a bounded window: an unbounded search back
    # to the last line break made a long paragraph without one quadratic
    lo = max(0, punct_start - _LONGEST_WORD)
    ws = max(text.rfind(" ", lo, punct_start), text.rfind("\n", lo, punct_start), lo - 1)
    prev = text[ws + 1 : punct_start].lstrip(_OPENERS)
    if not prev:
        return True
    low = prev.lower()
    if low in ABBREVIATIONS:
        return False
    if low in _NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if _ACRONYM_RE.fullmatch(prev) or (len(prev) == 1 and prev.isupper()):
        return next_word.rstrip(",;:").lower() in SENTENCE_STARTERS
    return True


def _split_spans(text: str, spans: list[tuple[int, int]]) -> tuple[list[int], list[int], list[int]]:
    """Sentences of every paragraph span: starts, ends and paragraph index.

    One regex pass over the whole text finds every candidate with its next
    word; candidates are then walked together with the (sorted, disjoint)
    spans. A candidate at a span's end needs no decision: the sentence ends
    there either way.
    """
    starts: list[int] = []
    ends: list[int] = []
    pars: list[int] = []
    if not spans:
        return starts, ends, pars
    p, n_spans = 0, len(spans)
    cur, e = spans[0]
    for m in _CANDIDATE_RE.finditer(text, spans[0][0], spans[-1][1] + 1):
        cut = m.end()
        while cut > e:
            if cur < e:
                starts.append(cur)
                ends.append(e)
                pars.append(p)
            p += 1
            if p == n_spans:
                return starts, ends, pars
            cur, e = spans[p]
        if cut == e:
            continue
        if _is_boundary(text, m):
            starts.append(cur)
            ends.append(cut)
            pars.append(p)
            cur = cut + len(m.group("ws"))
    while True:
        if cur < e:
            starts.append(cur)
            ends.append(e)
            pars.append(p)
        p += 1
        if p == n_spans:
            return starts, ends, pars
        cur, e = spans[p]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``[(start, end)]`` of ``text[start:end]`` (one paragraph)."""
    end = len(text) if end is None else end
    a, b = _strip_span(text, start, end)
    if a >= b:
        return []
    starts, ends, _ = _split_spans(text[:b], [(a, b)])
    return list(zip(starts, ends, strict=True))


def segment_text(
    text: str, paragraph_mode: str = "auto", *, repeated: frozenset[int] = frozenset()
) -> DocumentSegments:
    """Segment one document into classified paragraphs and sentences.

    ``repeated`` holds the keys of lines the corpus repeats across documents
    (``analysis.boilerplate.repeated_lines``): a title, heading or body
    paragraph with such a key is ``furniture``. Not cached: the tokens layer
    (``analysis.tokens``) keeps every document's spans, so a corpus is
    segmented once when it is loaded.
    """
    return _segment(text, paragraph_mode, repeated)


def _segment(text: str, paragraph_mode: str, repeated: frozenset[int]) -> DocumentSegments:
    raw, mode = _raw_paragraphs(text, paragraph_mode)
    kinds = classify_paragraphs([text[s:e] for s, e, _ in raw], [ind for _, _, ind in raw])
    if repeated:
        for i, (s, e, _) in enumerate(raw):
            if kinds[i] in _REPEATABLE and line_key(text[s:e])[0] in repeated:
                kinds[i] = "furniture"
    spans = [(s, e) for s, e, _ in raw]
    first_body = next((i for i, kind in enumerate(kinds) if kind == "body"), None)
    if first_body is not None:
        s, e = spans[first_body]
        m = _DATELINE_RE.match(text, s, e)
        if m:
            spans[first_body : first_body + 1] = [_strip_span(text, s, m.end()), (m.end(), e)]
            kinds[first_body : first_body + 1] = ["dateline", "body"]
    sent_start, sent_end, sent_par = _split_spans(text, spans)
    return DocumentSegments(
        par_start=np.array([s for s, _ in spans], dtype=np.int64),
        par_end=np.array([e for _, e in spans], dtype=np.int64),
        par_kind=tuple(kinds),
        sent_start=np.array(sent_start, dtype=np.int64),
        sent_end=np.array(sent_end, dtype=np.int64),
        sent_paragraph=np.array(sent_par, dtype=np.int64),
        paragraph_mode=mode,
    )
