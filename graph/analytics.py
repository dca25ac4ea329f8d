"""Network analytics over the store with networkx: which mechanisms and agencies are central,
which bureaus look alike (Jaccard on the mechanisms they implement), which bureaus form
communities, and how each mechanism spread year by year.

Why networkx on rows read by SPARQL: the graph a researcher means here (bureaus linked to what
they implement, cite and work with) is small next to the RDF (no evidence, no labels), so it is
read once into plain sets and every measure is a few lines of well-known library code.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from legalkg.graph.store import Store

TABLES = ("centrality", "similarity", "communities", "adoption")
EXACT_BETWEENNESS_NODES = 3000  # above this, betweenness is estimated from a fixed sample
SEED = 7
_PREFIXES = """PREFIX lkg: <https://w3id.org/legalkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# Links repeat once per report graph in the union default graph: every query reads one DISTINCT
# pattern and joins happen in Python.
LINKS = _PREFIXES + """SELECT DISTINCT ?b ?p ?o ?kind WHERE {
  VALUES (?p ?kind) { (lkg:implements "mechanism") (lkg:cites "regulation") (lkg:worksWith "agency") }
  ?b ?p ?o .
}"""
BUREAUS = _PREFIXES + "SELECT DISTINCT ?b WHERE { ?b a lkg:Bureau }"
LABELS = _PREFIXES + "SELECT DISTINCT ?n ?label WHERE { ?n skos:prefLabel ?label }"
ADOPTIONS = _PREFIXES + """SELECT DISTINCT ?m ?b ?year WHERE {
  ?report lkg:issuedBy ?b ; lkg:year ?year .
  GRAPH ?report { ?b lkg:implements ?m FILTER NOT EXISTS { ?b lkg:onlyPlans ?m } }  # stated as done
}"""
Row = dict[str, Any]


@dataclass(slots=True)
class Analytics:
    """The four tables of `legalkg analyze`, each a list of flat rows (CSV/JSON ready)."""

    centrality: list[Row] = field(default_factory=list)
    similarity: list[Row] = field(default_factory=list)
    communities: list[Row] = field(default_factory=list)
    adoption: list[Row] = field(default_factory=list)

    def table(self, name: str) -> list[Row]:
        return getattr(self, name)

    def to_json(self, tables: tuple[str, ...] = TABLES) -> str:
        return json.dumps({name: self.table(name) for name in tables}, ensure_ascii=False, indent=1)

    def to_csv(self, name: str) -> str:
        rows = self.table(name)
        sink = io.StringIO()
        writer = csv.DictWriter(sink, fieldnames=list(rows[0]) if rows else ["none"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return sink.getvalue()

    def community_of(self) -> dict[str, int]:
        return {row["bureau"]: row["community"] for row in self.communities}

    def score_of(self, measure: str) -> dict[str, float]:
        return {row["iri"]: row[measure] for row in self.centrality}


def _labels(store: Store, lang: str) -> dict[str, str]:
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(LABELS):
        found[row["n"].value].setdefault(row["label"].language or "", row["label"].value)
    return {n: by_lang.get(lang) or next(iter(sorted(by_lang.items())))[1] for n, by_lang in found.items()}


def _label(labels: dict[str, str], iri: str) -> str:
    return labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _eigenvector(graph: Any) -> dict[str, float]:
    """Eigenvector centrality (networkx's pure-Python power iteration, no SciPy); zero for
    nodes without links and for a graph where the iteration does not converge."""
    import networkx as nx

    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    try:
        return nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        return dict.fromkeys(graph, 0.0)


def centrality(links: list[tuple[str, str, str]], bureaus: set[str], labels: dict[str, str]) -> list[Row]:
    """Degree (number of links), degree centrality, betweenness and eigenvector centrality of every
    mechanism, regulation and agency, and of the bureaus, in the undirected bureau-entity graph."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(bureaus, kind="bureau")
    for bureau, entity, kind in links:
        graph.add_node(entity, kind=kind)
        graph.add_edge(bureau, entity)
    if graph.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else dict.fromkeys(graph, 0.0)
    sample = None if graph.number_of_nodes() <= EXACT_BETWEENNESS_NODES else 500
    between = nx.betweenness_centrality(graph, k=sample, seed=SEED)
    rank = _eigenvector(graph)
    rows = [
        {"iri": n, "kind": graph.nodes[n]["kind"], "label": _label(labels, n), "degree": graph.degree(n),
         "degree_centrality": round(degree[n], 6), "betweenness": round(between[n], 6),
         "eigenvector": round(rank[n], 6)}
        for n in graph
    ]
    rows.sort(key=lambda r: (-r["eigenvector"], -r["degree"], r["kind"], r["iri"]))
    return rows


def similarity(mechanisms: dict[str, set[str]], labels: dict[str, str]) -> list[Row]:
    """Every pair of bureaus sharing at least one mechanism, with the count and Jaccard index."""
    sharing: dict[str, set[str]] = defaultdict(set)
    for bureau, mechs in mechanisms.items():
        for mech in mechs:
            sharing[mech].add(bureau)
    pairs = {pair for group in sharing.values() for pair in combinations(sorted(group), 2)}
    rows = [
        {"bureau_a": a, "label_a": _label(labels, a), "bureau_b": b, "label_b": _label(labels, b),
         "shared": len(mechanisms[a] & mechanisms[b]), "jaccard": round(jaccard(mechanisms[a], mechanisms[b]), 6)}
        for a, b in pairs
    ]
    rows.sort(key=lambda r: (-r["jaccard"], -r["shared"], r["bureau_a"], r["bureau_b"]))
    return rows


def communities(bureaus: set[str], pairs: list[Row], labels: dict[str, str]) -> list[Row]:
    """Louvain communities of bureaus, linked by their Jaccard similarity (fixed seed, so the
    same graph gives the same communities); numbered from 0 by size, largest first."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(bureaus)
    graph.add_weighted_edges_from((r["bureau_a"], r["bureau_b"], r["jaccard"]) for r in pairs)
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if graph else []
    ordered = sorted((sorted(group) for group in found), key=lambda g: (-len(g), g[0]))
    return [
        {"bureau": b, "label": _label(labels, b), "community": number, "size": len(group)}
        for number, group in enumerate(ordered) for b in group
    ]


def adoption(rows: list[tuple[str, str, int]], labels: dict[str, str]) -> list[Row]:
    """Per mechanism and year: bureaus whose report of that year states it as done, how many of
    them do so for the first time, and the running total of adopting bureaus."""
    by_year: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for mech, bureau, year in rows:
        by_year[mech][year].add(bureau)
    table = []
    for mech in sorted(by_year):
        seen: set[str] = set()
        for year in sorted(by_year[mech]):
            bureaus = by_year[mech][year]
            new = bureaus - seen
            seen |= bureaus
            table.append({"mechanism": mech, "label": _label(labels, mech), "year": year,
                          "bureaus": len(bureaus), "new_bureaus": len(new), "cumulative": len(seen)})
    return table


def analyze(store: Store, lang: str = "zh") -> Analytics:
    """All four tables for the graph in `store`, labels in `lang` where there is one."""
    labels = _labels(store, lang)
    bureaus = {row["b"].value for row in store.query(BUREAUS)}
    links = [(row["b"].value, row["o"].value, row["kind"].value) for row in store.query(LINKS)
             if row["b"].value in bureaus]
    mechanisms: dict[str, set[str]] = defaultdict(set)
    for bureau, entity, kind in links:
        if kind == "mechanism":
            mechanisms[bureau].add(entity)
    pairs = similarity(mechanisms, labels)
    adoptions = []
    for row in store.query(ADOPTIONS):
        try:
            adoptions.append((row["m"].value, row["b"].value, int(row["year"].value)))
        except ValueError:
            continue
    return Analytics(
        centrality=centrality(links, bureaus, labels), similarity=pairs,
        communities=communities(bureaus, pairs, labels), adoption=adoption(adoptions, labels),
    )
