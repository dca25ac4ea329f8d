"""Resolvable IRIs: `legalkg serve` answers every entity IRI path of the sample store, a page for
browsers and Turtle, JSON-LD or N-Triples for machines, fetched with a plain HTTP client and rdflib."""
from __future__ import annotations

import re
from html import unescape

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from legalkg.graph.store import open_store
from legalkg.ontology.namespace import ENTITY_GRAPH

LKG = Namespace("https://w3id.org/legalkg/ontology#")
ID = "https://w3id.org/legalkg/id/"
BUREAU = URIRef(ID + "bureau/hangzhou-hrss")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _graph(body: bytes, fmt: str) -> Graph:
    return Graph().parse(data=body, format=fmt)


def test_linkeddata_bureau_iri_as_turtle_holds_its_links(sample_server, http):
    reply = http(sample_server + "/id/bureau/hangzhou-hrss", headers={"Accept": "text/turtle"})
    assert (reply.status, reply.media_type) == (200, "text/turtle")
    graph = _graph(reply.body, "turtle")
    mechanisms = set(graph.objects(BUREAU, LKG.implements))
    assert mechanisms and all(str(m).startswith(ID + "mechanism/") for m in mechanisms)
    assert all((m, RDF.type, LKG.Mechanism) not in graph for m in mechanisms)  # links, not neighbours' descriptions
    assert set(graph.objects(BUREAU, LKG.cites)) and set(graph.objects(BUREAU, LKG.worksWith))
    assert set(graph.objects(BUREAU, LKG.ledBy)) <= set(graph.objects(BUREAU, LKG.worksWith))
    assert (BUREAU, RDF.type, LKG.Bureau) in graph
    assert Literal("杭州市人力资源和社会保障局", lang="zh") in set(graph.objects(BUREAU, SKOS.prefLabel))
    assert {lit.language for lit in graph.objects(BUREAU, SKOS.prefLabel)} == {"zh", "en"}
    assert set(graph.subjects(LKG.issuedBy, BUREAU)) == {URIRef(ID + "report/hangzhou-2019-zh"),
                                                         URIRef(ID + "report/hangzhou-2020-en")}


def test_linkeddata_bureau_iri_as_jsonld_and_ntriples_is_the_same_description(sample_server, http):
    turtle = _graph(http(sample_server + "/id/bureau/hangzhou-hrss.ttl").body, "turtle")
    reply = http(sample_server + "/id/bureau/hangzhou-hrss", headers={"Accept": "application/ld+json"})
    assert (reply.status, reply.media_type) == (200, "application/ld+json")
    assert set(_graph(reply.body, "json-ld")) == set(turtle)
    for path, accept in (("/id/bureau/hangzhou-hrss.nt", "*/*"), ("/id/bureau/hangzhou-hrss", "application/n-triples")):
        reply = http(sample_server + path, headers={"Accept": accept})
        assert reply.media_type == "application/n-triples"
        assert set(_graph(reply.body, "nt")) == set(turtle)
    assert len(turtle) > 100


def test_linkeddata_bureau_iri_as_html_shows_labels_links_evidence_and_local_neighbours(sample_server, http):
    reply = http(sample_server + "/id/bureau/hangzhou-hrss", headers={"Accept": "text/html,application/xhtml+xml"})
    assert (reply.status, reply.media_type) == (200, "text/html")
    page = reply.text
    assert "杭州市人力资源和社会保障局" in page and "Hangzhou Municipal Bureau of Human Resources and Social Security" in page
    assert "lkg:implements" in page and "lkg:cites" in page and "lkg:ledBy" in page
    assert 'href="/id/report/hangzhou-2019-zh"' in page and 'href="/id/division/330100"' in page  # place
    neighbours = set(re.findall(r'href="(/id/mechanism/[a-z0-9-]+)"', page))
    assert len(neighbours) > 10 and not re.search(r'href="https://w3id\.org/legalkg/id/', page)
    assert re.search(r"<blockquote>[^<]*行政执法[^<]*</blockquote>", page)  # an evidence sentence
    assert "default-src 'none'" in unescape(page) and "<script" not in page
    mechanism = http(sample_server + sorted(neighbours)[0], headers={"Accept": "text/html"})
    assert mechanism.status == 200 and 'href="/id/bureau/hangzhou-hrss"' in mechanism.text  # linked from


@pytest.mark.parametrize("path", ["/id/report/hangzhou-2019-zh", "/id/division/330100", "/id/level/municipal",
                                  "/id/department/hrss", "/id/regulation/civil-code"])
def test_linkeddata_every_kind_of_entity_resolves(sample_server, http, path):
    page = http(sample_server + path, headers={"Accept": "text/html"})
    turtle = http(sample_server + path, headers={"Accept": "text/turtle"})
    assert (page.status, turtle.status) == (200, 200), (page.text, turtle.text)
    assert (URIRef(ID + path.removeprefix("/id/")), None, None) in _graph(turtle.body, "turtle")


def test_linkeddata_report_description_is_its_metadata_not_its_sentences(sample_server, http):
    graph = _graph(http(sample_server + "/id/report/hangzhou-2019-zh.ttl").body, "turtle")
    report = URIRef(ID + "report/hangzhou-2019-zh")
    assert (report, LKG.issuedBy, BUREAU) in graph and (report, LKG.year, None) in graph
    assert {s for s in graph.subjects() if s != report} == set()


@pytest.mark.parametrize(("path", "status"), [
    ("/id/bureau/no-such-bureau", 404), ("/id/bureau/Hangzhou-HRSS", 404), ("/id/bureau/a%20b", 404),
    ("/id/bureau/x%3E%20%7D%20.", 404), ("/id/bureau/hangzhou-hrss/more", 404), ("/id/bureau", 404),
    ("/id/bureau/hangzhou-hrss.exe", 404),
])
def test_linkeddata_unknown_or_malformed_paths_are_404(sample_server, http, path, status):
    reply = http(sample_server + path, headers={"Accept": "text/turtle"})
    assert reply.status == status and reply.media_type == "text/plain"


def test_linkeddata_unacceptable_type_is_406(sample_server, http):
    reply = http(sample_server + "/id/bureau/hangzhou-hrss", headers={"Accept": "image/png"})
    assert reply.status == 406 and "text/turtle" in reply.text


def test_linkeddata_base_publishes_entity_iris_under_a_deployment(built_store_path, serve_command, http):
    proc, origin = serve_command(built_store_path, "--base", "https://kg.example.org/legalkg")
    try:
        graph = _graph(http(origin + "/id/bureau/hangzhou-hrss.ttl").body, "turtle")
        page = http(origin + "/id/bureau/hangzhou-hrss", headers={"Accept": "text/html"}).text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    bureau = URIRef("https://kg.example.org/legalkg/id/bureau/hangzhou-hrss")
    assert set(graph.objects(bureau, LKG.implements)) and (bureau, RDF.type, LKG.Bureau) in graph
    assert not any(str(term).startswith(ID) for triple in graph for term in triple)
    assert "https://kg.example.org/legalkg/id/bureau/hangzhou-hrss" in page


def test_linkeddata_base_must_be_an_http_url(built_store_path, capsys):
    from legalkg.graph.cli import main

    assert main(["serve", "--store", str(built_store_path), "--port", "0", "--base", "javascript:alert(1)"]) == 2
    assert "--base takes an http(s) URL" in capsys.readouterr().err


def test_linkeddata_hostile_label_renders_inert(writable_store, serve_config, serve_running, http):
    bureau = ox.NamedNode(ID + "bureau/hangzhou")
    with open_store(writable_store) as store:
        store.ox.add(ox.Quad(bureau, ox.NamedNode(str(SKOS.altLabel)), ox.Literal(HOSTILE, language="zh"),
                             ox.NamedNode(str(ENTITY_GRAPH))))
        store.ox.add(ox.Quad(ox.NamedNode(ID + "mechanism/three-systems"), ox.NamedNode(str(SKOS.prefLabel)),
                             ox.Literal(HOSTILE + "&amp;", language="zh"), ox.NamedNode(str(ENTITY_GRAPH))))
    with serve_running(serve_config(writable_store, workers=1)) as server:
        page = http(server.origin + "/id/bureau/hangzhou", headers={"Accept": "text/html"})
    assert page.status == 200
    assert "<script" not in page.text and "<img" not in page.text and "onerror=alert(1)>" not in page.text
    assert page.text.count("&lt;script&gt;") >= 2 and "&amp;amp;" in page.text
    assert HOSTILE in unescape(page.text)
    assert "default-src 'none'" in unescape(page.text)  # and no script may run at all
