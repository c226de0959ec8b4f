"""One resolver for ``by``: which group every document belongs to.

Every analysis that groups documents (``term_frequencies(by=...)``,
``key_terms``, ``lexical_diversity``, ``class_tfidf``, ``DocumentTermMatrix.group``
...) resolves ``by`` here, so the same argument means the same groups
everywhere:

* a column name of the corpus (``"outlet"``, ``"bias"``, ``"doc_id"``);
* ``"year"`` or ``"month"``: taken from ``date`` when the corpus has no column
  of that name (years as ``2019``, months as ``2019-03``);
* a list of column names: one group per combination, labelled
  ``"value1 / value2"``;
* a pandas Series: aligned on the corpus index when it shares it, else taken
  in corpus row order (it must then have one value per document).

Missing values, one policy everywhere: a document whose value is missing or
blank belongs to the group ``"(missing)"``, listed last, and is never dropped
silently. Groups are ordered by their values (numbers and dates in their
natural order), ``"(missing)"`` last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import CorpusError

MISSING_GROUP = "(missing)"
DERIVED_FROM_DATE: tuple[str, ...] = ("year", "month")


@dataclass(frozen=True)
class Groups:
    """The group of every document.

    Attributes
    ----------
    name : str
        The column name results use for the group (``by`` itself, the names
        joined by ``/`` for a list, a Series's name or ``"group"``).
    labels : ndarray of str
        The group label of every document, in corpus row order.
    order : list of str
        The groups, in their order (``"(missing)"`` last when present).
    """

    name: str
    labels: np.ndarray
    order: list[str]

    @property
    def codes(self) -> np.ndarray:
        """Position in ``order`` of every document's group (int64)."""
        return pd.Categorical(self.labels, categories=self.order).codes.astype("int64")

    def mask(self, group: str) -> np.ndarray:
        """True for the documents of ``group``."""
        if group not in self.order:
            raise ValueError(
                f"{self.name}={group!r} is not a group; groups are {_short(self.order)}"
            )
        return self.labels == group


def _values(frame: pd.DataFrame, by: str) -> pd.Series:
    if by in frame.columns:
        return frame[by]
    if by in DERIVED_FROM_DATE and "date" in frame.columns:
        date = pd.to_datetime(frame["date"], errors="coerce")
        return date.dt.year.astype("Int64") if by == "year" else date.dt.to_period("M")
    derived = " ('year' and 'month' come from a 'date' column)" if by in DERIVED_FROM_DATE else ""
    raise CorpusError(
        f"by={by!r}: no such corpus column{derived}; columns are {list(frame.columns)}"
    )


def _label(values: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Text labels, a presence mask, and the present labels in value order."""
    present = (values.notna() & (values.astype(str).str.strip() != "")).to_numpy()
    labels = np.full(len(values), MISSING_GROUP, dtype=object)
    labels[present] = [str(v) for v in values[present]]
    firsts = pd.DataFrame({"label": labels[present], "value": values[present].to_numpy()})
    firsts = firsts.drop_duplicates("label")
    try:
        order = list(firsts.sort_values("value", kind="stable")["label"])
    except TypeError:  # values of mixed types: order by their text
        order = sorted(firsts["label"])
    return labels, present, order


def resolve_by(frame: pd.DataFrame, by: object) -> Groups:
    """The groups of ``frame``'s rows (documents) for ``by`` (see the module docstring).

    Raises
    ------
    CorpusError
        ``by`` names no column (the message lists the columns).
    TypeError, ValueError
        ``by`` is of another type, or a Series of the wrong length.
    """
    if isinstance(by, pd.Series):
        if by.index.equals(frame.index):
            values = by
        elif len(by) == len(frame):
            values = pd.Series(by.to_numpy(), index=frame.index)
        else:
            raise ValueError(
                f"by is a Series of {len(by)} values; the corpus has {len(frame)} documents"
            )
        name = str(by.name) if by.name is not None else "group"
        labels, present, order = _label(values)
    elif isinstance(by, str):
        name = by
        labels, present, order = _label(_values(frame, by))
    elif isinstance(by, list | tuple) and by and all(isinstance(b, str) for b in by):
        parts = [_label(_values(frame, b)) for b in by]
        name = "/".join(by)
        present = np.logical_and.reduce([p for _, p, _ in parts])
        joined = pd.Series(parts[0][0]).astype(str)
        for lab, _, _ in parts[1:]:
            joined = joined + " / " + pd.Series(lab).astype(str)
        labels = np.where(present, joined.to_numpy(dtype=object), MISSING_GROUP).astype(object)
        # order combinations by each part's own order
        ranks = [
            pd.Categorical(lab, categories=[*order, MISSING_GROUP]).codes for lab, _, order in parts
        ]
        keys = pd.DataFrame({f"k{i}": r for i, r in enumerate(ranks)})
        keys["label"] = labels
        keys = keys[present].drop_duplicates("label")
        order = list(keys.sort_values([f"k{i}" for i in range(len(ranks))])["label"])
    else:
        raise TypeError(f"by must be a column name, a list of column names or a Series, not {by!r}")
    if not present.all():
        order.append(MISSING_GROUP)
    return Groups(name=name, labels=np.asarray(labels, dtype=object), order=order)


def _short(items: list[str], n: int = 10) -> str:
    more = len(items) - n
    return str(items[:n]) + (f" ... and {more} more" if more > 0 else "")


GROUPING_COLUMNS: tuple[str, ...] = ("outlet", "bias", "year")


def choose_by(frame: pd.DataFrame, by: object = None, *, max_documents: int = 30) -> object:
    """The grouping the notebooks share: ``by`` itself when given, else a stated default.

    With ``by=None``: ``"doc_id"`` when the corpus has at most ``max_documents``
    documents (each document is its own group); otherwise the first of
    ``GROUPING_COLUMNS`` (``outlet``, ``bias``, ``year`` from ``date``) that gives at
    least two groups; ``"doc_id"`` when none does. A given ``by`` is checked here
    (``resolve_by``), so a misspelt column fails in the first cell with the list of
    columns, not deep inside an analysis.
    """
    if by is not None:
        resolve_by(frame, by)
        return by
    if len(frame) <= max_documents:
        return "doc_id"
    for column in GROUPING_COLUMNS:
        try:
            groups = resolve_by(frame, column)
        except CorpusError:
            continue
        if len([g for g in groups.order if g != MISSING_GROUP]) >= 2:
            return column
    return "doc_id"


def largest_groups(frame: pd.DataFrame, by: object, n: int | None = None) -> list[str]:
    """The ``n`` groups with the most documents (ties by group order), largest first.

    For ``by="doc_id"`` (every group one document) the longest documents
    (``n_tokens``), when the corpus has that column. When every group fits
    (``n=None`` or ``n`` at least the number of groups) they come in group order.
    Figures and tables that cannot show every group show these and say so
    (``group_rule``).
    """
    groups = resolve_by(frame, by)
    if n is None or n >= len(groups.order):
        return list(groups.order)
    if isinstance(by, str) and by == "doc_id" and "n_tokens" in frame.columns:
        sizes = pd.Series(frame["n_tokens"].to_numpy(), index=groups.labels)
    else:
        sizes = pd.Series(groups.labels).value_counts()
    position = {g: i for i, g in enumerate(groups.order)}
    ranked = sorted(groups.order, key=lambda g: (-int(sizes.get(g, 0)), position[g]))
    return ranked if n is None else ranked[:n]


def group_rule(frame: pd.DataFrame, by: object, shown: list[str]) -> str | None:
    """How ``largest_groups`` chose ``shown``, for a title; None when every group is shown."""
    total = len(resolve_by(frame, by).order)
    if len(shown) >= total:
        return None
    if isinstance(by, str) and by == "doc_id":
        return f"the {len(shown)} longest of {total:,} documents"
    name = by if isinstance(by, str) else "group"
    return f"the {len(shown)} of {total:,} {name} groups with the most documents"


def group_of(frame: pd.DataFrame, by: object) -> pd.Series:
    """Every document's group label, indexed by doc_id (named like the groups)."""
    groups = resolve_by(frame, by)
    return pd.Series(
        groups.labels, index=pd.Index(frame["doc_id"], name="doc_id"), name=groups.name
    )
