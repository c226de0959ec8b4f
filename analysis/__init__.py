"""Text-as-data helpers for news coverage: the corpus as pandas DataFrames.

quanteda's layering: corpus (``load_corpus``) -> tokens (``tokens``) ->
document-term matrix (``dfm``) -> statistics (the analysis modules). The main
entry points are re-exported here; modules hold the rest.
"""

from analysis.cache import clear_cache, set_cache_dir
from analysis.corpus import load_corpus, load_report
from analysis.dfm import DocumentTermMatrix, dfm
from analysis.errors import CorpusError, CorpusWarning
from analysis.groups import resolve_by
from analysis.language import LanguageWarning, detect_languages
from analysis.paths import FIGURES_DIR, ROOT, SEEDS_DIR
from analysis.segment import BODY, KINDS
from analysis.tokenize import STOP_WORDS, fold_accents, tokenize
from analysis.tokens import Tokens, tokens
from analysis.units import paragraphs, sentences, units

__all__ = [
    "BODY",
    "FIGURES_DIR",
    "KINDS",
    "ROOT",
    "SEEDS_DIR",
    "STOP_WORDS",
    "CorpusError",
    "CorpusWarning",
    "DocumentTermMatrix",
    "LanguageWarning",
    "Tokens",
    "clear_cache",
    "detect_languages",
    "dfm",
    "fold_accents",
    "load_corpus",
    "load_report",
    "paragraphs",
    "resolve_by",
    "sentences",
    "set_cache_dir",
    "tokenize",
    "tokens",
    "units",
]
