"""Reduced views of the network: a neighbourhood, some entity types, one year, the bureau x
mechanism bipartite graph, and an aggregated view for graphs too big to draw node by node.

Each takes a `NetworkData` and returns a new one (nodes keep their whole-graph degree, so sizes
stay comparable between views) with `note` saying what is shown.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from legalkg.ingest.errors import QueryError
from legalkg.viz.network import Evidence, NetworkData, NetworkEdge, NetworkNode

KINDS = ("bureau", "mechanism", "regulation", "agency")
DEFAULT_LIMIT = 1500
EVIDENCE_KEEP = 5  # per merged link in the aggregated view, as many as the page shows


# The banner of a reduced view, in the page's language.
NOTES = {
    "zh": {"focus": "{label} 及其 {depth} 步以内的关联", "kinds": "类型：{kinds}", "year": "{year} 年",
           "bipartite": "部门 × 制度机制", "sep": "；",
           "aggregate": "聚合视图：{nodes} 个节点超过上限 {limit}，只显示 {shown} 个（关联最多的 {others} 个机制、法规和单位{grouped}）；"
                        "用 --focus、--type 或 --year 查看其余部分", "grouped": "，部门按地区分为 {groups} 组"},
    "en": {"focus": "{label} and its links up to {depth} step{s}", "kinds": "types: {kinds}", "year": "year {year}",
           "bipartite": "bureaus × mechanisms", "sep": "; ",
           "aggregate": "aggregated view: {nodes} nodes is above the limit of {limit}; showing {shown} (the {others} "
                        "best-linked mechanisms, regulations and agencies{grouped}); use --focus, --type or --year to see the rest",
           "grouped": ", bureaus grouped by place ({groups} groups)"},
}


def _say(data: NetworkData, key: str, **values: object) -> str:
    return NOTES["zh" if data.lang == "zh" else "en"][key].format(**values)


def _note(data: NetworkData, text: str) -> str:
    return f"{data.note}{_say(data, 'sep')}{text}" if data.note else text


def subgraph(
    data: NetworkData, keep: Iterable[str], note: str, edge_ok: Callable[[NetworkEdge], bool] = lambda e: True,
) -> NetworkData:
    """The nodes in `keep` and the links among them that pass `edge_ok`."""
    wanted = set(keep)
    nodes = [node for node in data.nodes if node.id in wanted]
    edges = [e for e in data.edges if e.source in wanted and e.target in wanted and edge_ok(e)]
    return NetworkData(nodes, edges, data.lang, _note(data, note))


def find_node(data: NetworkData, ref: str) -> NetworkNode:
    """The node whose IRI is `ref`, else whose label, other-language label or alias is `ref`
    (case-insensitive), else the one node whose names contain it."""
    wanted = ref.strip().casefold()
    if not wanted:
        raise QueryError("--focus needs an IRI or a label")
    exact, partial = [], []
    for node in data.nodes:
        if node.id == ref.strip():
            return node
        names = [node.label, *node.labels.values(), *node.aliases]
        if any(name.casefold() == wanted for name in names):
            exact.append(node)
        elif any(wanted in name.casefold() for name in names):
            partial.append(node)
    found = exact or partial
    if len(found) == 1:
        return found[0]
    if not found:
        raise QueryError(f"no node is called {ref!r} (give an IRI, a label or an alias)")
    names = "; ".join(sorted(node.label for node in found)[:8])
    raise QueryError(f"{ref!r} names {len(found)} nodes ({names}); give an IRI or a longer label")


def focus(data: NetworkData, ref: str, depth: int = 1) -> NetworkData:
    """The node named by `ref` and everything within `depth` links of it (either direction)."""
    if depth < 0:
        raise QueryError("--depth takes 0 or more")
    start = find_node(data, ref)
    around: dict[str, set[str]] = defaultdict(set)
    for edge in data.edges:
        around[edge.source].add(edge.target)
        around[edge.target].add(edge.source)
    seen, frontier = {start.id}, {start.id}
    for _ in range(depth):
        frontier = {n for f in frontier for n in around[f]} - seen
        seen |= frontier
    return subgraph(data, seen, _say(data, "focus", label=start.label, depth=depth, s="s" * (depth != 1)))


def only_kinds(data: NetworkData, kinds: Iterable[str]) -> NetworkData:
    """The nodes of the given types (bureau, mechanism, regulation, agency)."""
    chosen = [k.strip() for k in kinds if k.strip()]
    unknown = sorted(set(chosen) - set(KINDS))
    if unknown or not chosen:
        raise QueryError(f"--type takes a comma list of {', '.join(KINDS)}, not {','.join(unknown) or 'nothing'}")
    return subgraph(data, (n.id for n in data.nodes if n.kind in chosen), _say(data, "kinds", kinds=", ".join(chosen)))


def in_year(data: NetworkData, year: int) -> NetworkData:
    """Links with evidence from reports of `year`, the bureaus that reported that year, and the
    broader mechanisms of what remains; each link keeps only that year's evidence."""
    edges = []
    for edge in data.edges:
        evidence = [ev for ev in edge.evidence if ev.year == year]
        if evidence:
            edges.append(NetworkEdge(edge.source, edge.target, edge.relation, evidence))
    keep = {n.id for n in data.nodes if n.kind == "bureau" and year in n.years}
    keep.update(end for edge in edges for end in (edge.source, edge.target))
    broader = [e for e in data.edges if e.relation == "broader"]
    grown = True
    while grown:
        before = len(keep)
        keep.update(e.target for e in broader if e.source in keep)
        grown = len(keep) > before
    edges += [e for e in broader if e.source in keep]
    nodes = [node for node in data.nodes if node.id in keep]
    return NetworkData(nodes, edges, data.lang, _note(data, _say(data, "year", year=year)))


def bipartite(data: NetworkData) -> NetworkData:
    """Bureaus and the mechanisms they implement, nothing else."""
    keep = (n.id for n in data.nodes if n.kind in ("bureau", "mechanism"))
    return subgraph(data, keep, _say(data, "bipartite"), lambda e: e.relation == "implements")


def _merge_evidence(groups: Iterable[list[Evidence]]) -> list[Evidence]:
    merged = sorted({ev for group in groups for ev in group}, key=lambda ev: (ev.year or 9999, ev.report))
    return merged[:EVIDENCE_KEEP]


def _group_bureaus(data: NetworkData) -> tuple[list[NetworkNode], dict[str, str]]:
    """One node per place for the bureaus (bureaus without a known place stay as they are)."""
    members: dict[str, list[NetworkNode]] = defaultdict(list)
    for node in data.nodes:
        if node.kind == "bureau":
            members[node.place or node.id].append(node)
    nodes, group_of = [], {}
    for place, group in sorted(members.items()):
        if len(group) == 1:
            nodes.append(group[0])
            group_of[group[0].id] = group[0].id
            continue
        group_id = "place:" + place
        names = [node.label for node in group]
        nodes.append(NetworkNode(
            id=group_id, kind="bureau", label=f"{place} ({len(group)})", labels={data.lang: place},
            aliases=names, degree=sum(n.degree for n in group),
            years=sorted({y for n in group for y in n.years}), place=place,
        ))
        group_of.update((node.id, group_id) for node in group)
    return nodes, group_of


def aggregate(data: NetworkData, limit: int = DEFAULT_LIMIT) -> NetworkData:
    """`data` itself when it has at most `limit` nodes; otherwise bureaus grouped by place
    (when there are more than a third of `limit` of them) and only the best-linked mechanisms,
    regulations and agencies, with a note that says so."""
    if len(data.nodes) <= limit:
        return data
    bureaus = [n for n in data.nodes if n.kind == "bureau"]
    if len(bureaus) > limit // 3:
        bureaus, group_of = _group_bureaus(data)
    else:
        group_of = {n.id: n.id for n in bureaus}
    others = sorted((n for n in data.nodes if n.kind != "bureau"), key=lambda n: (-n.degree, n.id))
    kept_others = others[: max(limit - len(bureaus), 0)]
    keep = {n.id: n.id for n in kept_others} | group_of
    merged: dict[tuple[str, str, str], list[list[Evidence]]] = defaultdict(list)
    for edge in data.edges:
        source, target = keep.get(edge.source), keep.get(edge.target)
        if source and target and source != target:
            merged[(source, edge.relation, target)].append(edge.evidence)
    edges = [NetworkEdge(s, o, rel, _merge_evidence(groups)) for (s, rel, o), groups in sorted(merged.items())]
    shown = len(bureaus) + len(kept_others)
    grouped = _say(data, "grouped", groups=len(bureaus)) if len(group_of) > len(bureaus) else ""
    note = _say(data, "aggregate", nodes=f"{len(data.nodes):,}", limit=f"{limit:,}", shown=f"{shown:,}",
                others=f"{len(kept_others):,}", grouped=grouped)
    return NetworkData([*bureaus, *kept_others], edges, data.lang, _note(data, note))
