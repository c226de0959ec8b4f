"""Narrative that stays true on any corpus (see ``analysis.narrative.core``)."""

from analysis.narrative.core import (
    Narrative,
    is_seed_corpus,
    join,
    number,
    plural,
    quoted,
    seed_commentary,
)

__all__ = [
    "Narrative",
    "is_seed_corpus",
    "join",
    "number",
    "plural",
    "quoted",
    "seed_commentary",
]
