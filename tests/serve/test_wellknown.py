"""/.well-known/void: the dataset description served by `legalkg serve`, its numbers checked
against the store it serves."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from legalkg.graph.store import open_store

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/legalkg/dataset")


def _count(store: ox.Store, text: str, **options: object) -> int:
    return int(next(iter(store.query(text, **options)))[0].value)


@pytest.fixture(scope="module")
def store_counts(built_store_path) -> dict[str, object]:  # noqa: ANN001
    """Triples of the union and of each named graph, counted here with the engine directly."""
    with open_store(built_store_path, read_only=True) as store:
        union = _count(store.ox, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                       use_default_graph_as_union=True)
        graphs = {g.value: sum(1 for _ in store.ox.quads_for_pattern(None, None, None, g))
                  for g in store.ox.named_graphs()}
    return {"union": union, "graphs": graphs}


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_wellknown_void_counts_match_the_store(sample_server, http, store_counts, accept, fmt):
    reply = http(sample_server + "/.well-known/void", headers={"Accept": accept})
    assert (reply.status, reply.media_type) == (200, accept)
    graph = Graph().parse(data=reply.body, format=fmt)
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (DATASET, RDF.type, DCAT.Dataset) in graph
    assert graph.value(DATASET, VOID.triples).toPython() == store_counts["union"]
    subsets = {str(graph.value(s, SD.name)): graph.value(s, VOID.triples).toPython()
               for s in graph.objects(DATASET, VOID.subset)}
    assert subsets == store_counts["graphs"] and len(subsets) >= 6  # five reports, entities, vocabulary
    assert graph.value(DATASET, VOID.sparqlEndpoint) == URIRef(sample_server + "/sparql")
    assert str(graph.value(DATASET, VOID.uriSpace)) == "https://w3id.org/legalkg/id/"


def test_wellknown_void_example_resources_resolve(sample_server, http):
    graph = Graph().parse(data=http(sample_server + "/.well-known/void").body, format="turtle")
    examples = sorted(str(e) for e in graph.objects(DATASET, VOID.exampleResource))
    assert examples
    for example in examples:
        path = example.removeprefix("https://w3id.org/legalkg")
        assert http(sample_server + path, headers={"Accept": "text/turtle"}).status == 200, example


def test_wellknown_void_refuses_an_unoffered_type(sample_server, http):
    assert http(sample_server + "/.well-known/void", headers={"Accept": "text/html"}).status == 406
