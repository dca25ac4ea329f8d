"""`legalkg serve`: a SPARQL 1.1 protocol endpoint over the store, queried over real HTTP."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from legalkg.graph.serve import Endpoint, make_server
from legalkg.graph.store import open_store
from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query

LKG = "https://w3id.org/legalkg/ontology#"
HANGZHOU = "https://w3id.org/legalkg/id/bureau/hangzhou"
BUREAUS = f"SELECT DISTINCT ?b WHERE {{ ?b a <{LKG}Bureau> }} ORDER BY ?b"


@pytest.fixture(scope="module")
def endpoint(mini_store_path: Path):  # noqa: ANN201
    """The mini store served on a free 127.0.0.1 port in a background thread; yields the base URL."""
    with open_store(mini_store_path, read_only=True) as store:
        server = make_server(Endpoint(store), "127.0.0.1", 0, quiet=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


def _get(url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None):  # noqa: ANN202
    request = urllib.request.Request(url, data=data)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode("utf-8")


def _bindings(body: str, var: str) -> list[str]:
    return [row[var]["value"] for row in json.loads(body)["results"]["bindings"]]


def test_select_over_get_answers_sparql_json_on_the_union_of_report_graphs(endpoint):
    status, kind, body = _get(f"{endpoint}/sparql?query=" + urllib.parse.quote(BUREAUS))
    assert (status, kind) == (200, "application/sparql-results+json")
    assert _bindings(body, "b") == [HANGZHOU, "https://w3id.org/legalkg/id/bureau/shaoxing"]


@pytest.mark.parametrize(("accept", "kind", "first_line"), [
    ("text/csv", "text/csv", "b"), ("text/tab-separated-values", "text/tab-separated-values", "?b"),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
])
def test_results_format_follows_the_accept_header(endpoint, accept, kind, first_line):
    status, got, body = _get(f"{endpoint}/sparql?query=" + urllib.parse.quote(BUREAUS), accept)
    assert (status, got) == (200, kind)
    assert body.splitlines()[0].startswith(first_line)


def test_post_form_and_post_query_body_both_work(endpoint):
    form = urllib.parse.urlencode({"query": BUREAUS}).encode()
    assert _get(f"{endpoint}/sparql", data=form, content_type="application/x-www-form-urlencoded")[0] == 200
    status, kind, body = _get(f"{endpoint}/query", "text/turtle", BUREAUS.replace(
        "SELECT DISTINCT ?b", "CONSTRUCT { ?b a <urn:x> }").replace("ORDER BY ?b", "").encode(),
        "application/sparql-query")
    assert (status, kind) == (200, "text/turtle") and f"<{HANGZHOU}> a <urn:x>" in body


def test_ask_and_default_graph_uri(endpoint):
    ask = urllib.parse.quote(f"ASK {{ <{HANGZHOU}> a <{LKG}Bureau> }}")
    assert json.loads(_get(f"{endpoint}/sparql?query={ask}")[2]) == {"head": {}, "boolean": True}
    vocab = urllib.parse.quote("https://w3id.org/legalkg/graph/vocabulary")
    assert json.loads(_get(f"{endpoint}/sparql?query={ask}&default-graph-uri={vocab}")[2])["boolean"] is False


@pytest.mark.parametrize(("path", "data", "status", "message"), [
    ("/sparql?query=SELEC", None, 400, "does not parse"),
    ("/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"),
     None, 403, "SERVICE reaches the network"),
    ("/update", b"update=CLEAR+ALL", 403, "read-only"),
    ("/sparql?query=" + urllib.parse.quote(BUREAUS) + "&format=pdf", None, 406, "not offered"),
    ("/nowhere", None, 404, "/sparql"),
])
def test_bad_requests_get_a_status_and_a_one_line_reason(endpoint, path, data, status, message):
    got, kind, body = _get(endpoint + path, data=data,
                           content_type="application/x-www-form-urlencoded" if data else None)
    assert (got, kind) == (status, "text/plain")
    assert message in body and body.count("\n") == 1


def test_named_query_binds_a_label_parameter(endpoint):
    label = urllib.parse.quote("杭州市人力资源和社会保障局")
    status, _, body = _get(f"{endpoint}/queries/bureau-mechanisms?bureau={label}&lang=en")
    assert status == 200
    assert set(_bindings(body, "bureau")) == {HANGZHOU}
    assert _get(f"{endpoint}/queries/evidence")[0] == 400
    assert _get(f"{endpoint}/queries/nope")[0] == 404


def test_the_project_runner_gets_the_same_rows_from_the_endpoint_as_from_the_store(endpoint, mini_store):
    text = get_query("mechanisms-by-adoption").text
    remote = run_query(text, endpoint=f"{endpoint}/sparql")
    local = run_query(text, store=mini_store)
    assert remote.vars == local.vars and remote.rows == local.rows and len(local) > 0


def test_query_page_lists_the_named_queries_and_loads_nothing_from_elsewhere(endpoint):
    status, kind, page = _get(endpoint + "/", "text/html")
    html = unescape(page)
    assert (status, kind) == (200, "text/html")
    assert "connect-src 'self'" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    names = [q["name"] for q in json.loads(_get(endpoint + "/queries.json")[2])]
    assert "bureau-mechanisms" in names and "resolve-label" not in names


def test_serve_command_answers_over_http_and_stops_cleanly(mini_store_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from legalkg.graph.cli import main; sys.exit(main())",
         "serve", "--store", str(mini_store_path), "--port", "0", "--quiet"],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stderr.readline()
        match = re.search(r"read-only at (http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        status, _, body = _get(match.group(1) + "/sparql?query=" + urllib.parse.quote(BUREAUS))
        assert status == 200 and HANGZHOU in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode in (0, -15)


def test_serve_refuses_a_missing_store(tmp_path, capsys):
    from legalkg.graph.cli import main

    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 4
    assert "no store here" in capsys.readouterr().err
