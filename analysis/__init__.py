"""Text-as-data helpers for news coverage: the corpus as pandas DataFrames.

The main entry points are re-exported here; modules hold the rest:
``corpus`` (loading), ``units`` (paragraphs, sentences, tokens), ``tokenize``,
``segment`` (paragraph kinds, sentence splitting), ``overview``, ``plotting``.
"""

from analysis.corpus import load_corpus, load_report
from analysis.errors import CorpusError, CorpusWarning
from analysis.paths import FIGURES_DIR, ROOT, SEEDS_DIR
from analysis.segment import BODY, KINDS
from analysis.tokenize import STOP_WORDS, fold_accents, tokenize
from analysis.units import paragraphs, sentences, tokens, units

__all__ = [
    "BODY",
    "FIGURES_DIR",
    "KINDS",
    "ROOT",
    "SEEDS_DIR",
    "STOP_WORDS",
    "CorpusError",
    "CorpusWarning",
    "fold_accents",
    "load_corpus",
    "load_report",
    "paragraphs",
    "sentences",
    "tokenize",
    "tokens",
    "units",
]
