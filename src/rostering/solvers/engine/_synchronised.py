"""Synchronised visits: the two copies of a double-up and the two visits of a dependency.

A link says when one node starts relative to another; linked nodes need different carers, and the
connected components of the links are the groups that are placed, or dropped, together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ...domain import Problem, Visit


@dataclass(frozen=True)
class SyncLink:
    """second starts min_gap..max_gap after first, by a different carer (gap 0/0: a double-up)."""

    first: int
    second: int
    min_gap: int
    max_gap: int


def sync_links(
    problem: Problem, visits: tuple[Visit, ...], node_visit: list[int], node_copy: list[int]
) -> tuple[list[SyncLink], list[tuple[int, int]]]:
    """Synchronisation links and different-carer pairs: double-up copies and visit dependencies."""
    first_node: dict[str, int] = {}
    copies: dict[str, list[int]] = defaultdict(list)
    for j, i in enumerate(node_visit):
        vid = visits[i].visit_id
        copies[vid].append(j)
        if node_copy[j] == 0:
            first_node[vid] = j
    links: list[SyncLink] = []
    apart: list[tuple[int, int]] = []
    for nodes in copies.values():
        if len(nodes) == 2:
            links.append(SyncLink(nodes[0], nodes[1], 0, 0))
            apart.append((nodes[0], nodes[1]))
    for d in problem.dependencies:
        if d.first_visit_id in first_node and d.second_visit_id in first_node:
            links.append(
                SyncLink(
                    first_node[d.first_visit_id], first_node[d.second_visit_id], d.min_gap_min, d.max_gap_min
                )
            )
            for a in copies[d.first_visit_id]:
                for b in copies[d.second_visit_id]:
                    apart.append((a, b))
    return links, apart


def sync_groups(n_vis: int, links: list[SyncLink]) -> tuple[list[list[int]], list[int]]:
    """Connected components of the links: nodes that are placed, or dropped, together."""
    parent = list(range(n_vis))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        a, b = find(link.first), find(link.second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for j in range(n_vis):
        members[find(j)].append(j)
    groups = [members[r] for r in sorted(members)]
    group_of = [0] * n_vis
    for g, nodes in enumerate(groups):
        for j in nodes:
            group_of[j] = g
    return groups, group_of
