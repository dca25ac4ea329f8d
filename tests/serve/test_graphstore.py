"""The Graph Store Protocol at /store: read a graph on any server; replace, add to and drop one on
a --writable server, with the token and from the same site only."""
from __future__ import annotations

import json
import urllib.parse

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

NOTES = "https://example.org/graph/notes"
TURTLE = '<https://example.org/n/1> <https://example.org/says> "第一, <one> & \\"1\\"" .\n'
MORE = "<https://example.org/n/2> <https://example.org/says> 2 .\n"


def _store_url(base: str, graph: str | None) -> str:
    return f"{base}/store?" + ("default" if graph is None else "graph=" + urllib.parse.quote(graph, safe=""))


def _a_report_graph(base: str, http) -> str:  # noqa: ANN001
    query = urllib.parse.quote("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 1")
    return json.loads(http(f"{base}/sparql?query={query}").text)["results"]["bindings"][0]["g"]["value"]


def test_graphstore_reads_a_report_graph_in_the_negotiated_syntax(endpoint, http):
    graph = _a_report_graph(endpoint, http)
    turtle = http(_store_url(endpoint, graph))
    assert (turtle.status, turtle.media_type) == (200, "text/turtle")
    triples = http(_store_url(endpoint, graph), headers={"Accept": "application/n-triples"})
    assert isomorphic(Graph().parse(data=turtle.text, format="turtle"), Graph().parse(data=triples.text, format="nt"))
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 10
    assert http(_store_url(endpoint, graph), method="HEAD").body == b""


def test_graphstore_says_what_is_wrong(endpoint, http):
    assert http(_store_url(endpoint, "https://example.org/none")).status == 404
    assert http(f"{endpoint}/store").status == 400
    assert http(f"{endpoint}/store?default&graph=urn%3Ax").status == 400
    put = http(_store_url(endpoint, NOTES), method="PUT", data=TURTLE.encode(), headers={"Content-Type": "text/turtle"})
    assert put.status == 403 and "read-only" in put.text


def test_graphstore_put_post_get_delete_on_a_writable_server(writable, http, token):
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "text/turtle"}
    url = _store_url(writable, NOTES)
    assert http(url, method="PUT", data=TURTLE.encode(), headers=auth).status == 201
    assert http(url, method="POST", data=MORE.encode(), headers=auth).status == 204
    got = Graph().parse(data=http(url).text, format="turtle")
    assert (URIRef("https://example.org/n/1"), URIRef("https://example.org/says"), Literal('第一, <one> & "1"')) in got
    assert len(got) == 2
    assert http(url, method="PUT", data=MORE.encode(), headers=auth).status == 204
    assert len(Graph().parse(data=http(url).text, format="turtle")) == 1
    assert http(url, method="DELETE", headers=auth).status == 204
    assert http(url).status == 404
    assert http(url, method="DELETE", headers=auth).status == 404


def test_graphstore_writes_need_the_token_the_site_and_a_good_body(writable, http, token):
    url = _store_url(writable, NOTES)
    body = TURTLE.encode()
    assert http(url, method="PUT", data=body, headers={"Content-Type": "text/turtle"}).status == 401
    evil = {"Authorization": f"Bearer {token}", "Content-Type": "text/turtle", "Origin": "http://evil.example"}
    assert http(url, method="PUT", data=body, headers=evil).status == 403
    auth = {"Authorization": f"Bearer {token}"}
    assert http(url, method="PUT", data=b"<a> <b> .", headers={**auth, "Content-Type": "text/turtle"}).status == 400
    assert http(url, method="PUT", data=body, headers={**auth, "Content-Type": "text/html"}).status == 415
    assert http(url).status == 404


def test_push_fills_an_empty_writable_legalkg_server_and_resumes(mini_store_path, tmp_path, serve_config,
                                                                 serve_running, token, mini_store):
    from legalkg.graph.remote import push
    from legalkg.graph.store import open_store
    from legalkg.queries.catalog import get_query
    from legalkg.queries.runner import run_query

    empty = tmp_path / "empty"
    with open_store(empty):
        pass
    with serve_running(serve_config(empty, writable=True, token=token)) as server:
        endpoint = f"{server.origin}/sparql"
        first = push(mini_store, endpoint, token=token, batch_size=50)
        assert first.pushed and not first.unchanged
        again = push(mini_store, endpoint, token=token)
        assert not again.pushed and sorted(again.unchanged) == sorted(first.pushed)
        text = get_query("mechanisms-by-adoption").text
        remote, local = run_query(text, endpoint=endpoint), run_query(text, store=mini_store)
        assert remote.vars == local.vars and remote.rows == local.rows and len(local) > 0
