"""Push the store's named graphs to a SPARQL 1.1 server with the Graph Store Protocol.

Each graph is sent with HTTP PUT (replace) to `<gsp>?graph=<iri>` as N-Triples; a graph larger
than `batch_size` triples is streamed as one PUT followed by POSTs (append) so memory stays
bounded. The graph's own `lkg:sha256`/`lkg:extractor` triples go in the last request, so a graph
cut off half-way never looks complete: a re-run skips exactly the graphs whose digest on the
server matches the local one (resumable). Transient failures are retried with backoff.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from legalkg.graph.store import Store
from legalkg.ingest.errors import EndpointError
from legalkg.ontology.namespace import LKG

NTRIPLES = "application/n-triples"
_MARKERS = (ox.NamedNode(str(LKG.sha256)), ox.NamedNode(str(LKG.extractor)))
_RETRY_STATUS = {408, 429, 500, 502, 503, 504}


@dataclass(slots=True)
class PushReport:
    """What a push did: graphs sent, graphs already current on the server, triples sent."""

    pushed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples: int = 0
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0


def gsp_url(endpoint: str) -> str:
    """The Graph Store Protocol URL next to a query endpoint.

    Oxigraph `/query` -> `/store`; Fuseki `/DS/query` or `/DS/sparql` -> `/DS/data`; GraphDB
    `/repositories/R` -> `/repositories/R/rdf-graphs/service`. Others: pass `gsp=` explicitly.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path in ("/query", "/sparql", ""):
        new = "/store"
    elif path.endswith(("/query", "/sparql")):
        new = path.rsplit("/", 1)[0] + "/data"
    elif "/repositories/" in path:
        new = path + "/rdf-graphs/service"
    else:
        raise EndpointError(f"{endpoint}: cannot guess the Graph Store Protocol URL; pass it with --gsp")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def _request(
    method: str, url: str, body: bytes | None, headers: dict[str, str], *, retries: int, report: PushReport,
    sleep: Callable[[float], None] = time.sleep, timeout: float = 120,
) -> bytes:
    delay = 0.5
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        report.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip()
            if exc.code not in _RETRY_STATUS or attempt == retries:
                raise EndpointError(f"{method} {url}: HTTP {exc.code} {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            if attempt == retries:
                reason = getattr(exc, "reason", exc)
                raise EndpointError(f"{method} {url}: cannot reach the server ({reason})") from None
        report.retries += 1
        sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def server_digests(endpoint: str, *, retries: int = 3) -> dict[str, tuple[str, str]]:
    """graph IRI -> (sha256, extractor) as the server has them (the graph describing itself)."""
    import json

    query = (
        "SELECT ?g ?sha ?ex WHERE { GRAPH ?g { ?g <%s> ?sha OPTIONAL { ?g <%s> ?ex } } }"
        % (LKG.sha256, LKG.extractor)
    )
    body = urllib.parse.urlencode({"query": query}).encode()
    data = _request(
        "POST", endpoint, body,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        retries=retries, report=PushReport(),
    )
    rows = json.loads(data)["results"]["bindings"]
    return {r["g"]["value"]: (r["sha"]["value"], r.get("ex", {}).get("value", "")) for r in rows}


def _local_digest(store: Store, graph: ox.NamedNode) -> tuple[str, str, bool]:
    """(sha256, extractor, stated): the graph's own markers, or its content digest (stated False:
    the shared entities graph grows with every build and states none)."""
    sha = store.graph_value(graph, graph, _MARKERS[0])
    if sha:
        return sha, store.graph_value(graph, graph, _MARKERS[1]) or "", True
    return store.graph_digest(graph), "", False


def _batches(store: Store, graph: ox.NamedNode, batch_size: int, digest: str | None = None) -> Iterator[list[ox.Triple]]:
    """The graph's triples in batches, its self-description (digest, extractor) last; `digest`
    is added as that description for a graph that has none."""
    batch: list[ox.Triple] = []
    markers: list[ox.Triple] = [] if digest is None else [ox.Triple(graph, _MARKERS[0], ox.Literal(digest))]
    for quad in store.ox.quads_for_pattern(None, None, None, graph):
        triple = quad.triple
        if triple.subject == graph and triple.predicate in _MARKERS:
            markers.append(triple)
            continue
        batch.append(triple)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    batch.extend(markers)
    yield batch


def push(
    store: Store,
    endpoint: str,
    *,
    gsp: str | None = None,
    batch_size: int = 50_000,
    retries: int = 3,
    force: bool = False,
    on_graph: Callable[[str, str], None] | None = None,
    token: str | None = None,
) -> PushReport:
    """Upload every named graph of `store` to the server behind `endpoint` (see module doc).

    `on_graph(iri, outcome)` is called per graph with "pushed" or "unchanged"; `force` re-sends
    graphs the server already has; `token` is sent as a Bearer token with every write (what
    `legalkg serve --writable` asks for).
    """
    started = time.monotonic()
    report = PushReport()
    target = gsp or gsp_url(endpoint)
    remote = {} if force else server_digests(endpoint, retries=retries)
    notify = on_graph or (lambda iri, outcome: None)
    for graph in store.named_graphs():
        sha, extractor, stated = _local_digest(store, graph)
        local = (sha, extractor)
        if remote.get(graph.value) == local:
            report.unchanged.append(graph.value)
            notify(graph.value, "unchanged")
            continue
        url = f"{target}?{urllib.parse.urlencode({'graph': graph.value})}"
        for index, batch in enumerate(_batches(store, graph, max(1, batch_size), None if stated else sha)):
            body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
            headers = {"Content-Type": NTRIPLES, **({"Authorization": f"Bearer {token}"} if token else {})}
            _request("PUT" if index == 0 else "POST", url, body, headers, retries=retries, report=report)
            report.triples += len(batch)
        report.pushed.append(graph.value)
        notify(graph.value, "pushed")
    report.seconds = time.monotonic() - started
    return report
