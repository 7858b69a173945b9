"""Shrink a road graph to its junctions and the nodes locations snapped to, keeping every shortest path.

An OSM way is a chain of many nodes; a shortest path can only turn at a junction. A node that is not a
snap target and touches at most two other nodes is therefore spliced out: its arcs a->v->b become one
arc a->b carrying the summed time and length (dead ends, touching one node, are dropped). Times and
lengths between the kept nodes are unchanged, and the all-pairs Dijkstra then runs on a graph several
times smaller. Chains are removed a random independent set at a time (no two neighbours in one round),
all in numpy, so a county shrinks in a few dozen vectorised rounds. The random priorities come from a
fixed seed, so the result is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Arcs:
    """Directed arcs with their travel time (s) and length (m); at most one arc per (src, dst)."""

    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    time_s: NDArray[np.float64]
    length_m: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.src)

    def take(self, mask_or_index: NDArray[np.bool_] | NDArray[np.int64]) -> Arcs:
        return Arcs(
            self.src[mask_or_index],
            self.dst[mask_or_index],
            self.time_s[mask_or_index],
            self.length_m[mask_or_index],
        )


def fastest_unique_arcs(arcs: Arcs) -> Arcs:
    """Drop self-loops and keep, for each (src, dst), the fastest arc (ties: the shorter)."""
    arcs = arcs.take(arcs.src != arcs.dst)
    order = np.lexsort((arcs.length_m, arcs.time_s, arcs.dst, arcs.src))
    s, d = arcs.src[order], arcs.dst[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (s[1:] != s[:-1]) | (d[1:] != d[:-1])
    return arcs.take(order[first])


def _neighbour_pairs(arcs: Arcs) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distinct undirected node pairs (a < b) joined by at least one arc."""
    lo = np.minimum(arcs.src, arcs.dst)
    hi = np.maximum(arcs.src, arcs.dst)
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _splice(arcs: Arcs, removed: NDArray[np.bool_]) -> Arcs:
    """Replace every a->v->b through a removed node v by a->b (a != b); drop arcs touching removed nodes."""
    into = arcs.take(removed[arcs.dst])
    out = arcs.take(removed[arcs.src])
    order = np.argsort(out.src, kind="stable")
    out = out.take(order)
    start = np.searchsorted(out.src, into.dst, side="left")
    stop = np.searchsorted(out.src, into.dst, side="right")
    parts = [arcs.take(~removed[arcs.src] & ~removed[arcs.dst])]
    # A spliced node touches at most two nodes, so it has at most two out-arcs.
    for k in range(2):
        j = start + k
        ok = j < stop
        j = np.where(ok, j, 0)
        if len(out) == 0:
            break
        ok &= into.src != out.dst[j]
        parts.append(
            Arcs(
                into.src[ok],
                out.dst[j[ok]],
                into.time_s[ok] + out.time_s[j[ok]],
                into.length_m[ok] + out.length_m[j[ok]],
            )
        )
    return fastest_unique_arcs(
        Arcs(
            np.concatenate([p.src for p in parts]),
            np.concatenate([p.dst for p in parts]),
            np.concatenate([p.time_s for p in parts]),
            np.concatenate([p.length_m for p in parts]),
        )
    )


def contract(
    n_nodes: int, arcs: Arcs, keep: NDArray[np.bool_], seed: int = 0
) -> tuple[Arcs, NDArray[np.int64]]:
    """Splice out every node not in `keep` that touches at most two nodes, until none is left.

    Returns the contracted arcs renumbered 0..n'-1 and `kept`, the original id of each new node
    (every `keep` node with an arc is among them, in increasing original id).
    """
    rng = np.random.default_rng(seed)
    arcs = fastest_unique_arcs(arcs)
    alive = np.zeros(n_nodes, dtype=bool)
    alive[arcs.src] = True
    alive[arcs.dst] = True
    while True:
        a, b = _neighbour_pairs(arcs)
        degree = np.bincount(a, minlength=n_nodes) + np.bincount(b, minlength=n_nodes)
        candidate = alive & ~keep & (degree <= 2)
        if not candidate.any():
            break
        # An independent set: a candidate goes this round when its priority beats every candidate neighbour.
        priority = rng.permutation(n_nodes)
        beaten_by = np.full(n_nodes, n_nodes, dtype=np.int64)
        both = candidate[a] & candidate[b]
        np.minimum.at(beaten_by, a[both], priority[b[both]])
        np.minimum.at(beaten_by, b[both], priority[a[both]])
        removed = candidate & (priority < beaten_by)
        arcs = _splice(arcs, removed)
        alive &= ~removed
    kept = np.flatnonzero(alive)
    new_id = np.full(n_nodes, -1, dtype=np.int64)
    new_id[kept] = np.arange(len(kept))
    return Arcs(new_id[arcs.src], new_id[arcs.dst], arcs.time_s, arcs.length_m), kept
