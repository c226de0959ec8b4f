"""The null model: is a pair together more often than the actors' frequencies explain?

Null hypothesis: within each document, which unit an actor falls in is random. Each
permutation shuffles the actor labels of the incidence entries (unit, actor) among the
units of the same document, keeping how many actors every unit holds and how many
units every actor appears in per document; labels that land twice in one unit count
once.

Computation, all permutations of a batch at once (``_Layout``): a document's labels are
shuffled by sorting random keys that carry them (documents of the same size form
one array, sorted along its last axis); only the labels that land in units holding two
or more entries matter, so the pairs are counted on those, from the fixed list of entry
pairs inside such units (a label repeated in a unit counts once), with one
``bincount`` per batch. The counts equal those of the sparse product ``X.T @ X`` of
each shuffled incidence matrix (a test checks it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.network.cooccurrence import check_mentions, incidence, pair_counts
from analysis.progress import progress
from analysis.validation import check_bool, check_int

NULL_COLUMNS: tuple[str, ...] = ("actor_a", "actor_b", "count", "expected", "ratio", "p_value")
BATCH_ENTRIES: int = 4_000_000  # shuffled labels held at once (8 bytes each)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="str" if c.startswith("actor") else "float64") for c in NULL_COLUMNS}
    ).astype({"count": "int64"})


def _entry_pairs(unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (s, t), s < t, of entries in the same unit (entries sorted by unit)."""
    first, second = [], []
    for d in range(1, len(unit)):
        same = np.flatnonzero(unit[d:] == unit[:-d])
        if not len(same):
            break
        first.append(same)
        second.append(same + d)
    if not first:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(first), np.concatenate(second)


class _PairSlots:
    """Position of the pair (a, b), either order, among the observed pairs; ``len(i)``
    for a pair not observed (``a == b`` included): a table while it is small, a
    sorted search beyond."""

    def __init__(self, i: np.ndarray, j: np.ndarray, width: int) -> None:
        self.size, self.width = len(i), width
        code = i.astype(np.int64) * width + j
        if width * width <= 1 << 24:
            self.table = np.full(width * width, len(i), dtype=np.int32)
            self.table[code] = np.arange(len(i))
            self.table[j.astype(np.int64) * width + i] = np.arange(len(i))
        else:
            self.table = None
            self.order = np.argsort(code)
            self.sorted = code[self.order]

    def of(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if self.table is not None:
            code = a.astype(np.int32)
            code *= self.width
            code += b
            return self.table[code]
        code = np.minimum(a, b).astype(np.int64) * self.width + np.maximum(a, b)
        if not self.size:
            return np.zeros(code.shape, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.sorted, code), self.size - 1)
        return np.where((self.sorted[at] == code) & (a != b), self.order[at], self.size)


class _Layout:
    """How the entries are shuffled and which pairs are counted.

    Documents with an entry in a unit of two or more entries are shuffled, grouped by
    their number of entries. For a batch of permutations, one buffer of random keys
    holds every group as a (permutations x documents x entries) block; each key
    carries its entry's label in its low bits, so sorting a block along its last axis
    shuffles the labels of every document of every permutation at once. The counted
    pairs are the pairs of entries inside units of two or more entries (``first``,
    ``second``: their places in a block), pairs in units of three or more last,
    ordered by their second entry (to find labels repeated in a unit).
    """

    def __init__(self, entry_unit: np.ndarray, entry_doc: np.ndarray, labels: np.ndarray):
        per_unit = np.bincount(entry_unit)[entry_unit]
        wanted = np.flatnonzero(per_unit >= 2)
        size = np.bincount(entry_doc)
        start = np.cumsum(size) - size
        used = np.bincount(entry_doc[wanted], minlength=len(size)) > 0
        self.bits = max(int(labels.max(initial=0)).bit_length(), 1)
        self.groups: list[tuple[np.ndarray, int]] = []  # labels (documents x entries), offset
        group_offset = np.zeros(len(labels), dtype=np.int64)
        group_size = np.zeros(len(labels), dtype=np.int64)
        place = np.zeros(len(labels), dtype=np.int64)
        shuffled = []  # the entries shuffled, in the order of a permutation's keys
        offset = 0
        for s in np.unique(size[used]).tolist():
            docs = np.flatnonzero(used & (size == s))
            where = (start[docs][:, None] + np.arange(s)).ravel()
            group_offset[where], group_size[where] = offset, len(where)
            place[where] = np.arange(len(where))
            self.groups.append((labels[where].astype(np.uint64).reshape(len(docs), s), offset))
            shuffled.append(where)
            offset += len(where)
        self.entries = offset
        self.shuffled = np.concatenate(shuffled) if shuffled else np.zeros(0, dtype=np.int64)
        first, second = _entry_pairs(entry_unit[wanted])
        first, second = wanted[first], wanted[second]
        triple = per_unit[first] >= 3
        # pairs in the order of their keys (reads that go forward through memory)
        position = group_offset + place
        order = np.r_[
            np.flatnonzero(~triple)[np.argsort(position[first[~triple]], kind="stable")],
            np.flatnonzero(triple)[np.argsort(position[second[triple]], kind="stable")],
        ]
        first, second = first[order], second[order]
        self.n_pairs = len(first)
        self.n_double = int((~triple).sum())
        self._where = [(group_offset[e], group_size[e], place[e]) for e in (first, second)]
        self._index: dict[object, object] = {}  # arrays that depend on the batch size
        t_second = second[self.n_double :]
        self.target_start = np.flatnonzero(np.r_[True, t_second[1:] != t_second[:-1]])
        targets = t_second[self.target_start] if len(t_second) else t_second
        self.n_targets = len(targets)
        target_of = np.full(len(labels), len(targets), dtype=np.int64)
        target_of[targets] = np.arange(len(targets))
        self.t_first = target_of[first[self.n_double :]]
        self.t_second = target_of[t_second]

    def draw(self, rng: np.random.Generator, batch: int) -> np.ndarray:
        """The labels of ``batch`` permutations, shuffled inside each document's block.

        Keys are 32-bit (random bits above the label's) while labels leave 20 bits or
        more to chance; a document whose random bits tie is shuffled again with 64-bit
        keys, so every order stays equally likely (a tie would order by label).
        """
        size = batch * self.entries
        wide = self.bits > 12
        if wide:
            keys = rng.bit_generator.random_raw(size)
        else:
            keys = rng.bit_generator.random_raw((size + 1) // 2).view(np.uint32)[:size]
        low = keys.dtype.type((1 << self.bits) - 1)
        keys &= ~low
        for block, offset in self.groups:
            view = keys[batch * offset : batch * (offset + block.size)]
            view = view.reshape(batch, *block.shape)
            view |= block.astype(keys.dtype)
            view.sort(axis=-1)
        if not wide:
            tied = np.flatnonzero(((keys[1:] ^ keys[:-1]) <= low) & self._inside(batch))
            for at in np.unique(self._row_of(tied, batch), axis=0).tolist():
                self._redraw(rng, keys, batch, *at)
        keys &= low
        return keys.astype(np.min_scalar_type(int(low)))

    def _inside(self, batch: int) -> np.ndarray:
        """For every key but the last: whether the next key is in the same document."""
        if ("inside", batch) not in self._index:
            inside = np.ones(max(batch * self.entries - 1, 0), dtype=bool)
            for block, offset in self.groups:
                ends = batch * offset + np.arange(1, batch * block.shape[0] + 1) * block.shape[1]
                inside[ends[ends <= len(inside)] - 1] = False
            self._index[("inside", batch)] = inside
        return self._index[("inside", batch)]

    def _row_of(self, at: np.ndarray, batch: int) -> np.ndarray:
        """(group, permutation, document) of each key position ``at``."""
        starts = np.array([batch * offset for _, offset in self.groups], dtype=np.int64)
        group = np.searchsorted(starts, at, side="right") - 1
        width = np.array([block.shape[1] for block, _ in self.groups], dtype=np.int64)[group]
        count = np.array([block.shape[0] for block, _ in self.groups], dtype=np.int64)[group]
        row = (at - starts[group]) // width
        return np.column_stack([group, row // count, row % count]).reshape(-1, 3)

    def _redraw(self, rng, keys: np.ndarray, batch: int, group: int, perm: int, doc: int):
        """Shuffle one document of one permutation again, with 64-bit keys."""
        block, offset = self.groups[group]
        low = np.uint64((1 << self.bits) - 1)
        again = rng.bit_generator.random_raw(block.shape[1])
        again &= ~low
        again |= block[doc]
        again.sort()
        first = batch * offset + (perm * block.shape[0] + doc) * block.shape[1]
        keys[first : first + block.shape[1]] = again & low

    def _places(self, batch: int) -> tuple[np.ndarray, np.ndarray]:
        """Where each counted pair's two entries are in the labels of ``batch`` permutations."""
        if batch not in self._index:
            step = np.arange(batch, dtype=np.int64)[:, None]
            self._index[batch] = tuple(
                batch * offset + step * size + place for offset, size, place in self._where
            )
        return self._index[batch]

    def pairs(self, labels: np.ndarray, batch: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The labels of every counted pair, and which pairs of units with three or more
        entries do not count because one of their labels was met before in the unit (a
        label repeated in a unit counts once; pairs of one label with itself are left
        to the caller)."""
        at_a, at_b = self._places(batch)
        a, b = labels[at_a], labels[at_b]
        repeated = np.zeros((batch, self.n_targets + 1), dtype=bool)
        if self.n_targets:
            tail = slice(self.n_double, None)
            same = a[:, tail] == b[:, tail]
            repeated[:, :-1] = np.logical_or.reduceat(same, self.target_start, axis=1)
        return a, b, repeated[:, self.t_first] | repeated[:, self.t_second]


def null_model(
    mentions: pd.DataFrame,
    *,
    unit: str = "sentence",
    n: int = 1000,
    random_state: int = 0,
    all_pairs: bool = False,
) -> pd.DataFrame:
    """Is each pair together more often than the actors' frequencies explain?

    Null hypothesis: within each document, which unit an actor falls in is random (see
    the module docstring for the shuffle).

    Parameters
    ----------
    mentions : DataFrame
        From ``find_mentions``.
    unit : {"sentence", "paragraph"}, default "sentence"
        Shuffling within a document is meaningless for ``"document"``.
    n : int, default 1000
        Number of permutations.
    random_state : int, default 0
        Seed of ``numpy.random.default_rng``: the same seed gives the same table.
    all_pairs : bool, default False
        Also list the pairs the text never puts together but the shuffles do (count 0,
        expected > 0, p_value 1): the pairs kept apart, which a plot of observed pairs
        only would hide.

    Returns
    -------
    DataFrame
        actor_a, actor_b, count (observed), expected (mean count over permutations),
        ratio (count / expected), p_value ``(1 + #(permuted count >= count)) / (1 + n)``,
        one row per observed pair (and per pair only the shuffles create, with
        ``all_pairs``); sorted by p_value, then count descending, then names.
    """
    check_mentions(mentions, unit)
    if unit == "document":
        raise ValueError(
            "null_model shuffles actors across the units of each document; use "
            "unit='sentence' or 'paragraph'"
        )
    n = check_int("n", n, low=1)
    random_state = check_int("random_state", random_state, low=0)
    all_pairs = check_bool("all_pairs", all_pairs)
    x, units, actors = incidence(mentions, unit=unit)
    if x.shape[1] < 2:
        return _empty()
    i, j, observed, _ = pair_counts(x)
    width = x.shape[1]
    coo = x.tocoo()
    order = np.argsort(coo.row, kind="stable")
    entry_unit = coo.row[order]
    entry_doc = pd.factorize(units["doc_id"], sort=True)[0][entry_unit]  # non-decreasing
    layout = _Layout(entry_unit, entry_doc, coo.col[order])
    pairs = _PairSlots(i, j, width)
    rng = np.random.default_rng(random_state)
    batch_size = max(1, min(n, BATCH_ENTRIES // max(layout.entries, layout.n_pairs, 1)))
    total = np.zeros(len(i), dtype=np.float64)
    at_least = np.zeros(len(i), dtype=np.int64)
    everything: list[sp.coo_matrix] = []
    batches = [min(batch_size, n - b) for b in range(0, n, batch_size)]
    for batch in progress(batches, total=len(batches), desc="null_model", unit="batch"):
        a, b, twice = layout.pairs(layout.draw(rng, batch), batch)
        slot = pairs.of(a, b)  # a label with itself is no observed pair
        slot[:, layout.n_double :][twice] = pairs.size
        slot += np.arange(batch, dtype=slot.dtype)[:, None] * (len(i) + 1)
        counts = np.bincount(slot.ravel(), minlength=batch * (len(i) + 1))
        counts = counts.reshape(batch, len(i) + 1)[:, : len(i)]
        total += counts.sum(axis=0)
        at_least += (counts >= observed).sum(axis=0)
        if all_pairs:
            valid = a != b
            valid[:, layout.n_double :] &= ~twice
            low, high = np.minimum(a, b)[valid], np.maximum(a, b)[valid]
            code = low.astype(np.int64) * width + high.astype(np.int64)
            met, times = np.unique(code, return_counts=True)
            everything.append(sp.coo_matrix((times, (met // width, met % width)), (width,) * 2))
    expected = total / n
    if all_pairs:
        extra = sum(everything, sp.coo_matrix((width, width), dtype=np.int64)).tocoo()
        new = ~np.isin(extra.row * width + extra.col, i * width + j)
        if new.any():
            i = np.concatenate([i, extra.row[new]])
            j = np.concatenate([j, extra.col[new]])
            observed = np.concatenate([observed, np.zeros(new.sum(), dtype=observed.dtype)])
            expected = np.concatenate([expected, extra.data[new] / n])
            at_least = np.concatenate([at_least, np.full(new.sum(), n)])
    names = actors.to_numpy()
    out = pd.DataFrame(
        {
            "actor_a": pd.array(names[i], dtype="str"),
            "actor_b": pd.array(names[j], dtype="str"),
            "count": observed.astype(np.int64),
            "expected": expected,
            "ratio": observed / np.where(expected > 0, expected, np.nan),
            "p_value": (1 + at_least) / (1 + n),
        }
    )
    return out.sort_values(
        ["p_value", "count", "actor_a", "actor_b"],
        ascending=[True, False, True, True],
        ignore_index=True,
    )
