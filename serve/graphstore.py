"""The SPARQL 1.1 Graph Store HTTP Protocol at /store: `?graph=IRI` or `?default` names a graph;
GET and HEAD read it, and with --writable (token, same-site) PUT replaces it, POST adds to it and
DELETE drops it, each in one transaction in the worker that owns the store."""
from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urljoin

import pyoxigraph as ox

from legalkg.serve.app import Request
from legalkg.serve.endpoint import Answer
from legalkg.serve.errors import HttpError
from legalkg.serve.negotiate import GRAPH_TYPES, by_accept
from legalkg.serve.protocol import parse_pairs

UPLOAD_FACTOR = 64  # an upload may be this many times the query size limit (64 MB by default)


def _graph(request: Request) -> str | None:
    """The graph IRI the request names (relative IRIs resolve against /store), None for ?default."""
    pairs = parse_pairs(request.query, "URL")
    graphs = [v for k, v in pairs if k == "graph"]
    default = any(k == "default" for k, _ in pairs)
    if len(graphs) + default != 1:
        raise HttpError(HTTPStatus.BAD_REQUEST, "name one graph: ?graph=IRI or ?default")
    if default:
        return None
    iri = urljoin(request.server.origin + "/store", graphs[0])
    try:
        return ox.NamedNode(iri).value
    except ValueError:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the graph is not an IRI: {graphs[0]!r}") from None


def _body_format(request: Request) -> str:
    media, *params = (p.strip().lower() for p in request.header("Content-Type").split(";"))
    charset = next((p.split("=", 1)[1].strip('"') for p in params if p.startswith("charset=")), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the body must be UTF-8, not {charset}")
    if media not in GRAPH_TYPES:
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        f"send RDF as one of {', '.join(list(GRAPH_TYPES)[:5])}, not {media or 'no Content-Type'}")
    return GRAPH_TYPES[media]


def graph_store(request: Request) -> Answer:
    endpoint = request.server.endpoint
    graph = _graph(request)
    if request.method in ("GET", "HEAD"):
        media = by_accept(request.header("Accept"), GRAPH_TYPES)
        if media is None:
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"a graph is offered as {', '.join(list(GRAPH_TYPES)[:5])}")
        body = endpoint.run("graph_triples", request.cancelled, graph=graph, graph_format=GRAPH_TYPES[media],
                            max_rows=endpoint.pool.limits.max_rows)
        if body is None:
            raise HttpError(HTTPStatus.NOT_FOUND, f"no graph {graph}")
        assert isinstance(body, bytes)
        return Answer(HTTPStatus.OK, media, body)
    if not endpoint.writable:
        raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with --writable to change graphs)")
    request.check_write()
    if request.method == "DELETE":
        if not endpoint.run("delete_graph", request.cancelled, graph=graph):
            raise HttpError(HTTPStatus.NOT_FOUND, f"no graph {graph}")
        return Answer(HTTPStatus.NO_CONTENT, "text/plain", b"")
    fmt = _body_format(request)
    data = request.body(endpoint.pool.limits.max_query_kb * 1024 * UPLOAD_FACTOR)
    created = endpoint.run("put_graph", request.cancelled, graph=graph, data=data, graph_format=fmt,
                           replace=request.method == "PUT")
    return Answer(HTTPStatus.CREATED if created else HTTPStatus.NO_CONTENT, "text/plain", b"")
