"""Check the tokens layer against the tokenizer on a real corpus (CI's scale check).

For every sentence of every paragraph kind, the layer's tokens must equal
``analysis.tokenize.tokenize`` applied to the sentence's text, and every
token's offsets must point at text that tokenizes to that token. Exits 1 and
names the first differing document otherwise.

Run: ``.venv/bin/python benchmarks/check_tokens_layer.py [FOLDER [METADATA]]``
(default: ``../shared/corpora/allsides_world``).
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

from analysis import load_corpus, set_cache_dir, tokens
from analysis.tokenize import tokenize
from analysis.units import sentences

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides_world"


def main(folder: Path, metadata: Path | None) -> int:
    warnings.simplefilter("ignore")
    set_cache_dir(False)
    t0 = time.perf_counter()
    corpus = load_corpus(folder, metadata=metadata)
    toks = tokens(corpus, kinds=None)
    built = time.perf_counter() - t0
    sents = sentences(toks, kinds=None)
    ptr = toks.sentence_ptr
    words = toks.vocab[toks.ids]
    texts = corpus["text"].tolist()
    for row, text in enumerate(sents["text"]):
        want = tokenize(text)
        got = list(words[ptr[row] : ptr[row + 1]])
        if got != want:
            doc = sents["doc_id"].iloc[row]
            print(f"{doc}: sentence {row} differs\n  layer:     {got}\n  tokenizer: {want}")
            return 1
    docs = toks.token_docs
    for i in range(0, toks.n_tokens, max(1, toks.n_tokens // 200_000)):
        span = texts[docs[i]][toks.start[i] : toks.end[i]]
        if tokenize(span) != [words[i]]:
            print(f"token {i} of {toks.doc_ids[docs[i]]}: offsets give {span!r}, not {words[i]!r}")
            return 1
    print(
        f"tokens layer equals the tokenizer: {len(corpus):,} documents, {len(sents):,} sentences, "
        f"{toks.n_tokens:,} tokens (load + layer {built:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    folder = args[0] if args else DEFAULT / "articles"
    metadata = args[1] if len(args) > 1 else (DEFAULT / "metadata.csv" if not args else None)
    sys.exit(main(folder, metadata))
