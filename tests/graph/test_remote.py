"""Push to a real Oxigraph server (Graph Store Protocol) and query it: same rows as locally."""
from __future__ import annotations

import json
import re
from pathlib import Path


import pytest

from legalkg.graph.cli import main
from legalkg.graph.remote import gsp_url, push, server_digests
from legalkg.graph.store import Store, open_store
from legalkg.ingest.errors import EndpointError
from legalkg.queries.catalog import catalog
from legalkg.queries.params import bind_params
from legalkg.queries.runner import run_query

pytestmark = pytest.mark.server
PARAMS = {
    "mechanism-bureaus": {"mechanism": "三项制度"},
    "evidence": {"bureau": "杭州市人力资源和社会保障局", "target": "行政执法公示制度"},
    "shared-mechanisms": {"bureau": "杭州市人力资源和社会保障局", "other": "绍兴市人力资源和社会保障局"},
}


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, mini_store_path: Path) -> str:
    """The mini store pushed once; yields the query endpoint."""
    endpoint = f"{oxigraph_server}/query"
    with open_store(mini_store_path, read_only=True) as store:
        report = push(store, endpoint, batch_size=40)
    assert len(report.pushed) == 5 and not report.unchanged
    return endpoint


def test_gsp_url_from_known_servers() -> None:
    assert gsp_url("http://h:7878/query") == "http://h:7878/store"
    assert gsp_url("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert gsp_url("http://h:7200/repositories/kg") == "http://h:7200/repositories/kg/rdf-graphs/service"
    with pytest.raises(EndpointError, match="--gsp"):
        gsp_url("http://h/weird/endpoint")


def test_push_sends_every_graph_with_the_same_triples(pushed: str, mini_store: Store) -> None:
    for graph in mini_store.named_graphs():
        local = {str(q.triple) for q in mini_store.ox.quads_for_pattern(None, None, None, graph)}
        rows = run_query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}", endpoint=pushed)
        stated = any(q.subject == graph for q in mini_store.ox.quads_for_pattern(graph, None, None, graph))
        assert len(rows) == len(local) + (0 if stated else 1), graph.value  # a content digest is added


def test_push_again_skips_unchanged_graphs(pushed: str, mini_store: Store) -> None:
    report = push(mini_store, pushed)
    assert report.pushed == [] and len(report.unchanged) == 5 and report.triples == 0


def test_push_resumes_a_graph_cut_off_half_way(oxigraph_server: str, pushed: str, mini_store: Store) -> None:
    """A graph whose digest did not arrive is sent again; the others are skipped."""
    import urllib.request

    graph = next(g for g in mini_store.named_graphs() if "shaoxing" in g.value)
    update = f"DELETE WHERE {{ GRAPH <{graph.value}> {{ <{graph.value}> <https://w3id.org/legalkg/ontology#sha256> ?x }} }}"
    request = urllib.request.Request(f"{oxigraph_server}/update", data=update.encode(),
                                     headers={"Content-Type": "application/sparql-update"}, method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    assert graph.value not in server_digests(pushed)
    report = push(mini_store, pushed)
    assert report.pushed == [graph.value] and len(report.unchanged) == 4
    assert graph.value in server_digests(pushed)


@pytest.mark.parametrize("name", sorted(n for n, q in catalog().items() if not q.internal))
def test_named_query_gives_the_same_rows_remote_and_local(pushed: str, mini_store: Store, name: str) -> None:
    query = catalog()[name]
    local_bindings = bind_params(query, PARAMS.get(name, {}), lang="en", store=mini_store)
    remote_bindings = bind_params(query, PARAMS.get(name, {}), lang="en", endpoint=pushed)
    assert remote_bindings == local_bindings
    local = run_query(query.text, store=mini_store, bindings=local_bindings)
    remote = run_query(query.text, endpoint=pushed, bindings=remote_bindings)
    assert remote.vars == local.vars
    assert remote.rows == local.rows
    assert len(local) > 0


def test_query_command_with_endpoint_matches_store(pushed: str, mini_store_path: Path, capsys) -> None:
    args = ["query", "evidence", "--param", "bureau=杭州市人力资源和社会保障局", "--param", "target=行政执法公示制度",
            "--format", "json"]
    assert main([*args, "--store", str(mini_store_path)]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main([*args, "--endpoint", pushed]) == 0
    assert json.loads(capsys.readouterr().out) == local and len(local) == 2


def test_sparql_command_with_endpoint(pushed: str, capsys) -> None:
    assert main(["sparql", "ASK { ?s a <https://w3id.org/legalkg/ontology#Bureau> }", "--endpoint", pushed,
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"ask": True}]


def test_validate_command_with_endpoint(pushed: str, capsys) -> None:
    assert main(["validate", "--endpoint", pushed]) == 0
    assert "Conforms: True" in capsys.readouterr().out


def test_unreachable_endpoint_is_an_endpoint_error(mini_store: Store, capsys) -> None:
    code = main(["query", "bureau-mechanisms", "--endpoint", "http://127.0.0.1:1/query"])
    assert code == 6 and "cannot reach" in capsys.readouterr().err
    with pytest.raises(EndpointError):
        push(mini_store, "http://127.0.0.1:1/query", retries=0)


def test_push_retries_then_fails_with_backoff(mini_store: Store) -> None:
    from legalkg.graph import remote

    slept: list[float] = []
    with pytest.raises(EndpointError):
        remote._request("GET", "http://127.0.0.1:1/store", None, {}, retries=2, report=remote.PushReport(),
                        sleep=slept.append)
    assert slept == [0.5, 1.0]



def test_push_command_uploads_the_built_store_then_skips_it(
    oxigraph_server: str, built_store_path: Path, capsys
) -> None:
    endpoint = f"{oxigraph_server}/query"
    with open_store(built_store_path, read_only=True) as store:
        reports = sum(1 for g in store.named_graphs() if "/report/" in g.value)
    assert main(["push", "--endpoint", endpoint, "--store", str(built_store_path), "--batch-size", "500"]) == 0
    pushed, unchanged = map(int, re.search(r"(\d+) graphs pushed .*, (\d+) unchanged", capsys.readouterr().err).groups())
    assert pushed >= reports and pushed + unchanged == reports + 2  # the reports, the vocabulary and the entities
    assert main(["push", "--endpoint", endpoint, "--store", str(built_store_path)]) == 0
    assert f"0 graphs pushed (0 triples), {reports + 2} unchanged" in capsys.readouterr().err
    assert main(["query", "bureau-mechanisms", "--endpoint", endpoint, "--format", "json"]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert main(["query", "bureau-mechanisms", "--store", str(built_store_path), "--format", "json"]) == 0
    local = json.loads(capsys.readouterr().out)
    pairs = {(row["bureau"], row["mechanism"]) for row in remote}  # the server also holds other tests' graphs
    assert local and all((row["bureau"], row["mechanism"]) in pairs for row in local)
