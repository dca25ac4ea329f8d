"""Real SPARQL clients against `legalkg serve`: SPARQLWrapper in every return format of every
query form, and rdflib's SPARQLStore (read-only server) and SPARQLUpdateStore (--writable)."""
from __future__ import annotations

import warnings

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

LKG = "https://w3id.org/legalkg/ontology#"
HANGZHOU = "https://w3id.org/legalkg/id/bureau/hangzhou"
SELECT = f"SELECT ?b WHERE {{ ?b a <{LKG}Bureau> }} ORDER BY ?b"
ASK = f"ASK {{ <{HANGZHOU}> a <{LKG}Bureau> }}"
CONSTRUCT = f"CONSTRUCT {{ ?b a <{LKG}Bureau> }} WHERE {{ ?b a <{LKG}Bureau> }}"
DESCRIBE = f"DESCRIBE <{HANGZHOU}>"


def _wrapper(endpoint: str, query: str, fmt: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == "POST":
        client.setMethod(POST)
    return client


def _convert(client: SPARQLWrapper):  # noqa: ANN202
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # SPARQLWrapper warns when the media type does not match the format
        warnings.filterwarnings("ignore", message="Sending Accept header")  # its own note on RDF and JSON for graphs
        return client.queryAndConvert()


def _as_graph(data: object, fmt: str) -> Graph:
    if isinstance(data, Graph):
        return data
    assert isinstance(data, bytes), type(data)
    return Graph().parse(data=data.decode("utf-8"), format="turtle" if fmt in (TURTLE, N3) else fmt)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [XML, JSON, CSV, TSV])
def test_sparqlwrapper_select_in_every_results_format(endpoint, fmt, method):
    data = _convert(_wrapper(endpoint, SELECT, fmt, method))
    if fmt == JSON:
        assert data["results"]["bindings"][0]["b"]["value"] == HANGZHOU
    elif fmt == XML:
        assert data.getElementsByTagName("uri")[0].firstChild.data == HANGZHOU
    else:
        lines = data.decode("utf-8").splitlines()
        assert lines[0] == ("b" if fmt == CSV else "?b")
        assert lines[1] == (HANGZHOU if fmt == CSV else f"<{HANGZHOU}>")


@pytest.mark.parametrize("fmt", [XML, JSON, CSV, TSV])
def test_sparqlwrapper_ask_in_every_results_format(endpoint, fmt):
    data = _convert(_wrapper(endpoint, ASK, fmt, "GET"))
    if fmt == JSON:
        assert data["boolean"] is True
    elif fmt == XML:
        assert data.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert data.decode("utf-8").strip() == "true"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
@pytest.mark.parametrize("fmt", [XML, RDFXML, RDF, TURTLE, N3, JSONLD, JSON])
def test_sparqlwrapper_construct_and_describe_in_every_graph_format(endpoint, query, fmt, method):
    graph = _as_graph(_convert(_wrapper(endpoint, query, fmt, method)), fmt)  # JSON for a graph is JSON-LD
    assert (URIRef(HANGZHOU), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(f"{LKG}Bureau")) in graph


def test_rdflib_sparqlstore_reads_the_read_only_server(endpoint):
    graph = Graph(store=SPARQLStore(f"{endpoint}/sparql"))
    rows = list(graph.query(SELECT))
    assert [str(row.b) for row in rows][0] == HANGZHOU
    assert graph.query(ASK).askAnswer is True
    assert (URIRef(HANGZHOU), None, None) in graph


def test_rdflib_sparqlupdatestore_adds_and_removes_in_a_named_graph(writable, token):
    store = SPARQLUpdateStore(f"{writable}/sparql", f"{writable}/update", auth=("legalkg", token))
    graph = Graph(store=store, identifier=URIRef("https://example.org/graph/notes"))
    subject, predicate = URIRef("https://example.org/note/1"), URIRef("https://example.org/says")
    graph.add((subject, predicate, Literal("你好, <world> & \"friends\"")))
    assert list(graph.objects(subject, predicate)) == [Literal("你好, <world> & \"friends\"")]
    assert len(graph) == 1
    graph.update(f"INSERT {{ ?s <https://example.org/seen> true }} WHERE {{ ?s <{predicate}> ?o }}")
    assert (subject, URIRef("https://example.org/seen"), Literal(True)) in graph
    graph.remove((subject, None, None))
    assert len(graph) == 0


def test_rdflib_sparqlupdatestore_without_the_token_changes_nothing(writable):
    from urllib.error import HTTPError

    store = SPARQLUpdateStore(f"{writable}/sparql", f"{writable}/update")
    graph = Graph(store=store, identifier=URIRef("https://example.org/graph/notes"))
    with pytest.raises(HTTPError) as refused:
        graph.add((URIRef("https://example.org/x"), URIRef("https://example.org/p"), Literal(1)))
    assert refused.value.code == 401
    assert len(graph) == 0
