"""`legalkg serve`: a SPARQL 1.1 protocol endpoint over the store, queried over real HTTP."""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.parse
from html import unescape
from pathlib import Path

import pytest

from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query

LKG = "https://w3id.org/legalkg/ontology#"
HANGZHOU = "https://w3id.org/legalkg/id/bureau/hangzhou"
BUREAUS = f"SELECT DISTINCT ?b WHERE {{ ?b a <{LKG}Bureau> }} ORDER BY ?b"


def _get(http, url: str, accept: str | None = None, data: bytes | None = None,  # noqa: ANN001, ANN202
         content_type: str | None = None):
    """(status, media type, text) of one request made with the `http` fixture."""
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v}
    reply = http(url, data=data, headers=headers)
    return reply.status, reply.media_type, reply.text


def _bindings(body: str, var: str) -> list[str]:
    return [row[var]["value"] for row in json.loads(body)["results"]["bindings"]]


def test_select_over_get_answers_sparql_json_on_the_union_of_report_graphs(endpoint, http):
    status, kind, body = _get(http, f"{endpoint}/sparql?query=" + urllib.parse.quote(BUREAUS))
    assert (status, kind) == (200, "application/sparql-results+json")
    assert _bindings(body, "b") == [HANGZHOU, "https://w3id.org/legalkg/id/bureau/shaoxing"]


@pytest.mark.parametrize(("accept", "kind", "first_line"), [
    ("text/csv", "text/csv", "b"), ("text/tab-separated-values", "text/tab-separated-values", "?b"),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
])
def test_results_format_follows_the_accept_header(endpoint, accept, kind, first_line, http):
    status, got, body = _get(http, f"{endpoint}/sparql?query=" + urllib.parse.quote(BUREAUS), accept)
    assert (status, got) == (200, kind)
    assert body.splitlines()[0].startswith(first_line)


def test_post_form_and_post_query_body_both_work(endpoint, http):
    form = urllib.parse.urlencode({"query": BUREAUS}).encode()
    assert _get(http, f"{endpoint}/sparql", data=form, content_type="application/x-www-form-urlencoded")[0] == 200
    status, kind, body = _get(http, f"{endpoint}/query", "text/turtle", BUREAUS.replace(
        "SELECT DISTINCT ?b", "CONSTRUCT { ?b a <urn:x> }").replace("ORDER BY ?b", "").encode(),
        "application/sparql-query")
    assert (status, kind) == (200, "text/turtle") and f"<{HANGZHOU}> a <urn:x>" in body


def test_ask_and_default_graph_uri(endpoint, http):
    ask = urllib.parse.quote(f"ASK {{ <{HANGZHOU}> a <{LKG}Bureau> }}")
    assert json.loads(_get(http, f"{endpoint}/sparql?query={ask}")[2]) == {"head": {}, "boolean": True}
    vocab = urllib.parse.quote("https://w3id.org/legalkg/graph/vocabulary")
    assert json.loads(_get(http, f"{endpoint}/sparql?query={ask}&default-graph-uri={vocab}")[2])["boolean"] is False


@pytest.mark.parametrize(("path", "data", "status", "message"), [
    ("/sparql?query=SELEC", None, 400, "does not parse"),
    ("/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"),
     None, 403, "SERVICE reaches the network"),
    ("/update", b"update=CLEAR+ALL", 403, "read-only"),
    ("/sparql?query=" + urllib.parse.quote(BUREAUS) + "&format=pdf", None, 406, "not offered"),
    ("/nowhere", None, 404, "/sparql"),
])
def test_bad_requests_get_a_status_and_a_one_line_reason(endpoint, path, data, status, message, http):
    got, kind, body = _get(http, endpoint + path, data=data,
                           content_type="application/x-www-form-urlencoded" if data else None)
    assert (got, kind) == (status, "text/plain")
    assert message in body and body.count("\n") == 1


def test_named_query_binds_a_label_parameter(endpoint, http):
    label = urllib.parse.quote("杭州市人力资源和社会保障局")
    status, _, body = _get(http, f"{endpoint}/queries/bureau-mechanisms?bureau={label}&lang=en")
    assert status == 200
    assert set(_bindings(body, "bureau")) == {HANGZHOU}
    missing = _get(http, f"{endpoint}/queries/evidence")
    assert missing[0] == 400 and "needs parameter" in missing[2] and "--param" not in missing[2]
    assert _get(http, f"{endpoint}/queries/nope")[0] == 404


def test_the_project_runner_gets_the_same_rows_from_the_endpoint_as_from_the_store(endpoint, mini_store):
    text = get_query("mechanisms-by-adoption").text
    remote = run_query(text, endpoint=f"{endpoint}/sparql")
    local = run_query(text, store=mini_store)
    assert remote.vars == local.vars and remote.rows == local.rows and len(local) > 0


def test_query_page_lists_the_named_queries_and_loads_nothing_from_elsewhere(endpoint, http):
    status, kind, page = _get(http, endpoint + "/", "text/html")
    html = unescape(page)
    assert (status, kind) == (200, "text/html")
    assert "connect-src 'self'" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    names = [q["name"] for q in json.loads(_get(http, endpoint + "/queries.json")[2])]
    assert "bureau-mechanisms" in names and "resolve-label" not in names


def test_serve_command_answers_over_http_and_stops_cleanly(mini_store_path, http):
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from legalkg.graph.cli import main; sys.exit(main())",
         "serve", "--store", str(mini_store_path), "--port", "0", "--quiet"],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stderr.readline()
        match = re.search(r"read-only at (http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        status, _, body = _get(http, match.group(1) + "/sparql?query=" + urllib.parse.quote(BUREAUS))
        assert status == 200 and HANGZHOU in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode in (0, -15)


def test_serve_refuses_a_missing_store(tmp_path, capsys):
    from legalkg.graph.cli import main

    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 4
    assert "no store here" in capsys.readouterr().err


def test_a_bare_get_describes_the_service(endpoint, http):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    reply = http(f"{endpoint}/sparql", headers={"Accept": "application/ld+json"})
    assert (reply.status, reply.media_type) == (200, "application/ld+json")
    graph = Graph().parse(data=reply.text, format="json-ld")
    service = graph.value(None, RDF.type, sd.Service)
    assert graph.value(service, sd.endpoint) == URIRef(f"{endpoint}/sparql")
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in set(graph.objects(service, sd.resultFormat))
    assert sd.UnionDefaultGraph in set(graph.objects(service, sd.feature))
    assert graph.value(graph.value(service, sd.defaultDataset), sd.defaultGraph) is not None


def test_other_methods_get_405_with_allow_and_options_answers(endpoint, http):
    for method, path, allow in (("PUT", "/sparql", "GET, HEAD, POST, OPTIONS"), ("DELETE", "/", "GET, HEAD, OPTIONS"),
                                ("GET", "/update", "POST, OPTIONS"), ("PATCH", "/sparql", "GET, HEAD, POST, OPTIONS"),
                                ("BREW", "/sparql", "GET, HEAD, POST, OPTIONS")):
        reply = http(endpoint + path, method=method)
        assert (reply.status, reply.headers["Allow"]) == (405, allow)
    options = http(f"{endpoint}/sparql", method="OPTIONS")
    assert options.status == 204 and "Access-Control-Allow-Origin" not in options.headers


def test_relative_iris_resolve_against_the_endpoint(endpoint, http):
    reply = http(f"{endpoint}/sparql?query=" + urllib.parse.quote("CONSTRUCT { <s> <p> 1 } WHERE {}"),
                 headers={"Accept": "application/n-triples"})
    assert reply.status == 200 and reply.text.startswith(f"<{endpoint}/s> <{endpoint}/p> ")


def test_the_update_endpoint_runs_updates_with_the_token_and_nothing_else(writable, http, token):
    auth = {"Authorization": f"Bearer {token}"}
    insert = b"INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <rel> } }"
    assert http(f"{writable}/update", data=insert, headers={**auth, "Content-Type": "application/sparql-update"}).status == 204
    query = http(f"{writable}/update", data=b"ASK {}", headers={**auth, "Content-Type": "application/sparql-query"})
    assert query.status == 415
    ask = http(f"{writable}/sparql?query=" + urllib.parse.quote(f"ASK {{ GRAPH <urn:g> {{ <urn:s> <urn:p> <{writable}/rel> }} }}"))
    assert json.loads(ask.text)["boolean"] is True


def test_a_friendly_origin_may_update_with_the_token_but_not_without(writable, http, token):
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://friend.example"}
    assert http(f"{writable}/update", data=b"update=CLEAR+ALL", headers=form).status == 401
    done = http(f"{writable}/update", data=b"update=CLEAR+ALL", headers={**form, "Authorization": f"Bearer {token}"})
    assert done.status == 204 and done.headers["Access-Control-Allow-Origin"] == "http://friend.example"


def _raw_request(sock, request: bytes) -> bytes:  # noqa: ANN001
    """Send `request` and read one answer with a single recv (what a segment carried)."""
    sock.sendall(request)
    return sock.recv(1 << 16)


def test_an_answer_on_a_kept_alive_connection_comes_in_one_piece(endpoint):  # noqa: ANN001
    # a body sent apart from its headers waits for the client's delayed ACK (+40 ms per answer)
    address = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.urlencode({"query": BUREAUS})
    request = (f"GET /sparql?{query} HTTP/1.1\r\nHost: {address.netloc}\r\n"
               "Accept: application/sparql-results+json\r\n\r\n").encode("ascii")
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        for _ in range(3):
            answer = _raw_request(sock, request)
            head, _, body = answer.partition(b"\r\n\r\n")
            length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
            assert head.startswith(b"HTTP/1.1 200") and len(body) == length > 0
            assert _bindings(body.decode("utf-8"), "b") == [HANGZHOU, HANGZHOU.replace("hangzhou", "shaoxing")]


def test_a_client_expecting_100_continue_gets_it_before_it_sends_the_query(endpoint):  # noqa: ANN001
    address = urllib.parse.urlsplit(endpoint)
    body = BUREAUS.encode("utf-8")
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        interim = _raw_request(sock, (
            f"POST /sparql HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/sparql-query\r\n"
            f"Expect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n").encode("ascii"))
        assert interim.startswith(b"HTTP/1.1 100 Continue")
        assert _raw_request(sock, body).startswith(b"HTTP/1.1 200")


def test_named_query_takes_min_reports_as_a_url_parameter(endpoint, http):
    mechanism = urllib.parse.quote("三项制度")
    every = _get(http, f"{endpoint}/queries/mechanism-bureaus?mechanism={mechanism}")[2]
    status, _, kept = _get(http, f"{endpoint}/queries/mechanism-bureaus?mechanism={mechanism}&minReports=2")
    reports = [int(row["reports"]["value"]) for row in json.loads(every)["results"]["bindings"]]
    assert status == 200 and len(_bindings(kept, "bureau")) == sum(n >= 2 for n in reports) < len(reports)
    bad = _get(http, f"{endpoint}/queries/mechanism-bureaus?mechanism={mechanism}&minReports=many")
    assert bad[0] == 400 and "minReports takes an integer" in bad[2]
