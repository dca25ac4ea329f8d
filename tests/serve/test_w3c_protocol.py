"""The W3C SPARQL 1.1 Protocol test manifest, run as data against `legalkg serve --writable` and,
beside it, against the Oxigraph server (tests/data/w3c/README.md says how the data is stood in)."""
from __future__ import annotations

import http.client
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection

MANIFEST = Path(__file__).resolve().parents[1] / "data" / "w3c" / "protocol-manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
STAND_IN = "DROP ALL ; INSERT DATA { " + " ".join(
    f"GRAPH <{DATA.format(n)}> {{ <{DATA.format(n)}> a <http://xmlns.com/foaf/0.1/Document> }}" for n in (1, 2, 3)
) + " }"
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml", "text/html"},
}


@dataclass
class Step:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[str]
    format: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        kinds = " ".join(v for k, v in self.headers if k.lower() == "content-type")
        return "sparql-update" in kinds or "update=" in self.path or (self.body or b"").startswith(b"update=")


@dataclass
class ProtocolTest:
    name: str
    steps: list[Step] = field(default_factory=list)


def _manifest() -> list[ProtocolTest]:
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(MF.entries, None))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry).rsplit("#", 1)[1])
        action = graph.value(entry, MF.action)
        for request in Collection(graph, graph.value(action, HT.requests)):
            headers = []
            if (header_list := graph.value(request, HT.headers)) is not None:
                headers = [(str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
                           for h in Collection(graph, header_list)]
            body = None
            if (content := graph.value(request, HT.body)) is not None:
                encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(content, CNT.chars)).encode(encoding)
            response = graph.value(request, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            test.steps.append(Step(
                str(graph.value(request, HT.methodName)), str(graph.value(request, HT.absolutePath)), headers, body,
                {str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)},
                str(f) if (f := graph.value(response, MF.expectedFormat)) is not None else None,
                None if boolean is None else boolean.toPython(),
            ))
        tests.append(test)
    return tests


TESTS = _manifest()


def _send(base: str, path: str, step: Step, extra: dict[str, str]) -> tuple[int, str, bytes]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(step.method, path)
        for name, value in [*step.headers, *extra.items()]:
            connection.putheader(name, value)
        if step.body is not None or step.method in ("POST", "PUT"):
            connection.putheader("Content-Length", str(len(step.body or b"")))
        connection.endheaders(step.body)
        answer = connection.getresponse()
        return answer.status, (answer.getheader("Content-Type") or "").split(";")[0].strip(), answer.read()
    finally:
        connection.close()


def _boolean(media: str, body: bytes) -> bool | None:
    if media == "application/sparql-results+json":
        return json.loads(body).get("boolean")
    if media == "application/sparql-results+xml":
        found = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        return None if found is None else found.text == "true"
    return None


def run_test(test: ProtocolTest, base: str, paths: dict[str, str], extra: dict[str, str]) -> str | None:
    """None when the test passes, else what went wrong (status, media type or answer)."""
    _send(base, paths["update"], Step("POST", "", [("Content-Type", "application/sparql-update")],
                                      STAND_IN.encode(), set(), None, None), extra)
    for step in test.steps:
        path = re.sub(r"^/sparql/", paths["update" if step.is_update else "query"], step.path)
        status, media, body = _send(base, path, step, extra)
        if f"{status // 100}xx" not in step.statuses:
            return f"{step.method} {step.path[:60]}: status {status}, expected {sorted(step.statuses)}: {body[:200]!r}"
        if step.format and media not in FORMATS[step.format]:
            return f"{step.method} {step.path[:60]}: media type {media!r} for {step.format}"
        if step.boolean is not None and _boolean(media, body) is not step.boolean:
            return f"{step.method} {step.path[:60]}: answer {body[:200]!r}, expected {step.boolean}"
    return None


def test_the_manifest_has_the_34_protocol_tests():
    assert len(TESTS) == 34 and len({t.name for t in TESTS}) == 34
    assert all(step.statuses for test in TESTS for step in test.steps)


@pytest.fixture(scope="module")
def legalkg_writable(mini_store_path, tmp_path_factory, serve_config, serve_running, token):  # noqa: ANN001, ANN201
    import shutil

    store = tmp_path_factory.mktemp("w3c") / "store"
    shutil.copytree(mini_store_path, store, ignore=shutil.ignore_patterns("legalkg.lock"))
    with serve_running(serve_config(store, writable=True, token=token)) as server:
        yield server.origin


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol_test_passes_on_legalkg(test: ProtocolTest, legalkg_writable: str, token: str):
    paths = {"query": "/sparql", "update": "/sparql"}
    assert run_test(test, legalkg_writable, paths, {"Authorization": f"Bearer {token}"}) is None


@pytest.mark.server
def test_legalkg_passes_every_w3c_protocol_test_the_oxigraph_server_passes(
    start_oxigraph, legalkg_writable: str, token: str,
) -> None:
    """Both servers on the same stand-in data; the tally goes to test-artifacts/w3c-protocol.json."""
    with start_oxigraph() as oxigraph:
        oxigraph_failed = {t.name: why for t in TESTS
                           if (why := run_test(t, oxigraph, {"query": "/query", "update": "/update"}, {}))}
    legalkg_failed = {t.name: why for t in TESTS if (why := run_test(
        t, legalkg_writable, {"query": "/sparql", "update": "/sparql"}, {"Authorization": f"Bearer {token}"}))}
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "w3c-protocol.json").write_text(json.dumps({
        "tests": len(TESTS),
        "legalkg": {"passed": len(TESTS) - len(legalkg_failed), "failed": legalkg_failed},
        "oxigraph": {"passed": len(TESTS) - len(oxigraph_failed), "failed": oxigraph_failed},
    }, indent=2), encoding="utf-8")
    assert set(legalkg_failed) <= set(oxigraph_failed) and not legalkg_failed
