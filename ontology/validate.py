"""Check a store against the SHACL shapes with pySHACL.

Two modes, same result shape as `pyshacl.validate` (conforms, report graph, report text):
- union (default): the union of all graphs is copied into one in-memory rdflib graph and
  validated at once. Catches cross-report problems (two reports giving an entity different
  Chinese prefLabels) and is quick for the sample corpus, but holds the whole graph in memory.
- per graph (`per_graph=True`): each report graph is validated together with the vocabulary
  graph (class hierarchy, mechanism scheme) and the descriptions of the entities it names (from
  the entities graph), one at a time, so memory stays bounded on big stores.
"""
from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

from legalkg.graph.store import Store
from legalkg.ontology.namespace import ENTITY_GRAPH, VOCAB_GRAPH


def shapes_graph() -> Graph:
    """The packaged SHACL shapes."""
    return Graph().parse(data=files("legalkg.ontology").joinpath("shapes.ttl").read_bytes(), format="turtle")


def ontology_graph() -> Graph:
    """The packaged OWL ontology and mechanism scheme."""
    return Graph().parse(data=files("legalkg.ontology").joinpath("legalkg.ttl").read_bytes(), format="turtle")


def _to_rdflib(triples: Iterable[ox.Triple], into: Graph | None = None) -> Graph:
    """Copy Oxigraph triples into an rdflib graph through N-Triples (fast, exact escaping)."""
    graph = into if into is not None else Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if data:
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def _graph_triples(store: Store, graph: ox.NamedNode) -> Iterable[ox.Triple]:
    return (quad.triple for quad in store.ox.quads_for_pattern(None, None, None, graph))


def _descriptions(store: Store, triples: list[ox.Triple], entities: ox.NamedNode) -> list[ox.Triple]:
    """What the entities graph says about the IRIs `triples` name (and the places above them)."""
    todo = [t.object for t in triples if isinstance(t.object, ox.NamedNode)]
    seen: set[ox.NamedNode] = set()
    found: list[ox.Triple] = []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.ox.quads_for_pattern(node, None, None, entities):
            found.append(quad.triple)
            if isinstance(quad.object, ox.NamedNode):
                todo.append(quad.object)
    return found


def validate_graph(data: Graph, shapes: Graph | None = None) -> tuple[bool, Graph, str]:
    """pySHACL on one rdflib graph, without inference (the data already carries its types)."""
    from pyshacl import validate

    conforms, report, text = validate(
        data, shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none", abort_on_first=False, allow_warnings=True, advanced=True,
    )
    return bool(conforms), report, str(text)


def validate_store(store: Store, *, per_graph: bool = False) -> tuple[bool, Graph, str]:
    """Validate `store` against the shapes; see the module docstring for the two modes. The
    evidence the lean store implies is validated in the Web Annotation form exports spell out
    (`graph.evidence.expanded_quads`)."""
    from legalkg.graph.evidence import expanded_quads

    shapes = shapes_graph()
    spelt_out: dict[object, list[ox.Triple]] = {}
    for quad in expanded_quads(store):
        spelt_out.setdefault(quad.graph_name, []).append(quad.triple)
    if not per_graph:
        union = store.ox.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        data = _to_rdflib(union)
        for triples in spelt_out.values():
            _to_rdflib(triples, into=data)
        return validate_graph(_with_ontology(data), shapes)
    vocabulary = _with_ontology(_to_rdflib(_graph_triples(store, ox.NamedNode(str(VOCAB_GRAPH)))))
    conforms, merged, texts = True, Graph(), []
    entities = ox.NamedNode(str(ENTITY_GRAPH))
    for graph in store.named_graphs():
        if graph.value in (str(VOCAB_GRAPH), str(ENTITY_GRAPH)):
            continue
        data = Graph()
        data += vocabulary
        own = list(_graph_triples(store, graph))
        _to_rdflib([*own, *spelt_out.get(graph, ())], into=data)
        _to_rdflib(_descriptions(store, own, entities), into=data)
        ok, report, text = validate_graph(data, shapes)
        if not ok:
            conforms = False
            merged += report
            texts.append(f"graph <{graph.value}>:\n{text}")
    ok, report, text = validate_graph(vocabulary, shapes)
    if not ok:
        conforms = False
        merged += report
        texts.append(f"graph <{VOCAB_GRAPH}>:\n{text}")
    if conforms:
        merged = _conforming_report()
        texts = ["Validation Report\nConforms: True\n"]
    return conforms, merged, "\n".join(texts)


def _with_ontology(data: Graph) -> Graph:
    """Add the packaged ontology so subclass targets work even on a store built without it."""
    data += ontology_graph()
    return data


def _conforming_report() -> Graph:
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(True)))
    return report
