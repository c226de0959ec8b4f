"""Actor co-occurrence: who is named together, how often, where, and beyond chance.

Everything starts from a binary unit x actor incidence matrix ``X`` (scipy.sparse),
``X[u, a] = 1`` when actor ``a`` is mentioned at least once in unit ``u`` (a sentence,
paragraph or document: ``unit=``). ``X.T @ X`` gives every pair's co-occurrence count at
once (its diagonal: the units mentioning each actor); no Python loop runs over pairs.
``window=k`` counts instead the pairs of mentions at most ``k`` tokens apart inside a
sentence (quanteda's ``fcm(window=k)``).

Modules: ``cooccurrence`` (incidence, edge table, matrix, clustering order),
``windows`` (token windows), ``nullmodel`` (within-document shuffles), ``evidence``
(the sentences behind a count), ``graph`` (network, centrality, GraphML and Gephi
export).
"""

from analysis.network.backbone import BACKBONE_COLUMN, disparity_filter
from analysis.network.cooccurrence import (
    EDGE_COLUMNS,
    UNITS,
    cluster_order,
    cooccurrence,
    cooccurrence_matrix,
    incidence,
    unit_comparison,
)
from analysis.network.evidence import EVIDENCE_COLUMNS, evidence
from analysis.network.graph import CENTRALITY_COLUMNS, actor_network, centrality, export_network
from analysis.network.nullmodel import NULL_COLUMNS, null_model

__all__ = [
    "BACKBONE_COLUMN",
    "CENTRALITY_COLUMNS",
    "EDGE_COLUMNS",
    "EVIDENCE_COLUMNS",
    "NULL_COLUMNS",
    "UNITS",
    "actor_network",
    "centrality",
    "cluster_order",
    "cooccurrence",
    "cooccurrence_matrix",
    "disparity_filter",
    "evidence",
    "export_network",
    "incidence",
    "null_model",
    "unit_comparison",
]
