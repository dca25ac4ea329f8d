"""Starting positions for big network pages, so the browser only polishes the layout.

Why: vis-network's force layout costs about 0.15 s per iteration at 5,000 nodes, and from random
positions it needs a hundred or more. The graph is a few hubs (bureaus) with many leaves, so a
layout in linear time is already close: bureaus on a sunflower spiral that gives each cluster room by
its size, each node that one bureau links to on a small spiral around it, and nodes shared
by several bureaus at the mean of their positions.
"""
from __future__ import annotations

import math
import zlib
from collections import defaultdict

from legalkg.viz.network import NetworkData

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
STEP = 14.0  # distance unit between leaves, in vis-network canvas units


def _spiral(k: int, step: float) -> tuple[float, float]:
    radius = step * math.sqrt(k + 0.5)
    return radius * math.cos(k * GOLDEN_ANGLE), radius * math.sin(k * GOLDEN_ANGLE)


def _jitter(node_id: str, size: float) -> tuple[float, float]:
    seed = zlib.crc32(node_id.encode("utf-8"))
    angle = (seed % 3600) / 3600 * 2 * math.pi
    radius = size * ((seed >> 12) % 1000) / 1000
    return radius * math.cos(angle), radius * math.sin(angle)


def seed_positions(data: NetworkData) -> dict[str, tuple[float, float]]:
    """{node id: (x, y)} for every node of `data` (deterministic)."""
    kinds = {node.id: node.kind for node in data.nodes}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in data.edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    hubs = sorted((n for n in data.nodes if n.kind == "bureau"), key=lambda n: (-n.degree, n.id))
    leaves: dict[str, list[str]] = defaultdict(list)
    shared, loose = [], []
    for node in data.nodes:
        if node.kind == "bureau":
            continue
        owners = sorted(b for b in neighbours[node.id] if kinds.get(b) == "bureau")
        if len(owners) == 1:
            leaves[owners[0]].append(node.id)
        elif owners:
            shared.append((node.id, owners))
        else:
            loose.append(node.id)

    positions: dict[str, tuple[float, float]] = {}
    area = 0.0  # hubs on a sunflower spiral by area: each cluster gets room for its leaves
    for number, hub in enumerate(hubs):
        room = len(leaves[hub.id]) + 8
        radius = STEP * 1.6 * math.sqrt(area + room / 2)
        area += room
        cx, cy = radius * math.cos(number * GOLDEN_ANGLE), radius * math.sin(number * GOLDEN_ANGLE)
        positions[hub.id] = (cx, cy)
        for k, leaf in enumerate(sorted(leaves[hub.id]), start=4):
            dx, dy = _spiral(k, STEP)
            positions[leaf] = (cx + dx, cy + dy)
    for node_id, owners in shared:
        xs, ys = zip(*(positions[o] for o in owners))
        dx, dy = _jitter(node_id, STEP * 3)
        positions[node_id] = (sum(xs) / len(xs) + dx, sum(ys) / len(ys) + dy)
    pending = list(loose)
    for _ in range(3):  # broader mechanisms sit near a placed neighbour
        waiting = []
        for node_id in pending:
            placed = [positions[n] for n in neighbours[node_id] if n in positions]
            if placed:
                dx, dy = _jitter(node_id, STEP * 2)
                positions[node_id] = (placed[0][0] + dx, placed[0][1] + dy)
            else:
                waiting.append(node_id)
        pending = waiting
    outer = STEP * 1.6 * math.sqrt(area + 1)
    for k, node_id in enumerate(pending):
        angle = k * GOLDEN_ANGLE
        positions[node_id] = (outer * 1.2 * math.cos(angle), outer * 1.2 * math.sin(angle))
    return positions
