"""The pipeline on a Dask DataFrame partitioned by files: corpora larger than one process.

A Dask corpus has the columns of a ``load_corpus`` frame that the analyses read
(``doc_id``, ``text``, metadata), one partition per file or group of files.
Tokens depend only on each document's own text, so every partition builds its
own tokens layer (``analysis.tokens.tokens``); the analyses then count per
partition and combine the counts by term, which gives exactly the pandas
results (the tests compare them): ``term_frequencies_dask`` sums the tables of
``term_frequencies``, ``keyness_dask`` sums target and reference counts before
``compare_counts``, ``tfidf_dask`` sums document frequencies before the idf and
the norm, ``mentions_dask`` concatenates ``find_mentions`` and
``cooccurrence_dask`` runs ``cooccurrence`` on the gathered mentions. Results
come back as the pandas functions' (DataFrames, a ``TfidfResult``).

Schedulers: whatever Dask uses by default. Without a client that is the local
thread pool; a ``distributed.Client`` becomes the default once created::

    from dask.distributed import Client, LocalCluster
    from analysis.distributed import read_folder_dask, term_frequencies_dask, tokens_dask

    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))  # this machine
    # client = Client("tcp://10.0.0.5:8786")  # or a running scheduler (`dask scheduler`)
    ddf = read_folder_dask("articles/", metadata="metadata.csv", files_per_partition=1000)
    toks = tokens_dask(ddf).persist()  # each partition tokenized once, kept on the workers
    freq = term_frequencies_dask(toks, by="outlet")
    client.close()

Workers started apart from the client (``dask worker tcp://...``) must be able
to import ``analysis`` (start them in the project folder or install it), and
must see the files at the same paths.
"""

from analysis.distributed.actors import cooccurrence_dask, mentions_dask
from analysis.distributed.frequencies import keyness_dask, term_frequencies_dask
from analysis.distributed.readers import (
    paragraphs_dask,
    read_corpus_dask,
    read_folder_dask,
    sentences_dask,
)
from analysis.distributed.tfidf import tfidf_dask
from analysis.distributed.tokens import DaskTokens, tokens_dask

__all__ = [
    "DaskTokens",
    "cooccurrence_dask",
    "keyness_dask",
    "mentions_dask",
    "paragraphs_dask",
    "read_corpus_dask",
    "read_folder_dask",
    "sentences_dask",
    "term_frequencies_dask",
    "tfidf_dask",
    "tokens_dask",
]
