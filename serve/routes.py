"""The routes of `legalkg serve`: a table of (path, methods, handler). Add a page by adding a row.

    /               the query page (named queries ready to run)
    /queries.json   the named queries
    /queries/NAME   a named query, parameters from the query string (?bureau=...&lang=en)
    /sparql, /query the SPARQL 1.1 Protocol endpoint: queries, and updates when --writable;
                    a bare GET answers with the Service Description
    /update         the update endpoint (POST only)
    /store          the Graph Store Protocol (?graph=IRI or ?default): GET, HEAD; with
                    --writable also PUT, POST, DELETE
    /id/KIND/SLUG   an entity of the data (its IRI's path): HTML page or Turtle, JSON-LD,
                    N-Triples by Accept, or by a .html/.ttl/.jsonld/.nt suffix
    /.well-known/void  the VoID/DCAT dataset description (Turtle or JSON-LD by Accept)
    /yasgui         the YASGUI query editor (bundled, offline), named queries as tabs
    /explore        the network explorer (overview first); it fetches
                    /explore/overview.json?lang=zh and /explore/expand.json?group=ID or ?node=IRI
"""
from __future__ import annotations

import json
from functools import lru_cache
from http import HTTPStatus
from weakref import WeakKeyDictionary

from legalkg.serve.app import Request, Route
from legalkg.serve.endpoint import Answer, catalogue
from legalkg.serve.errors import HttpError
from legalkg.serve.explorer import expand_json, explore_page, overview_json
from legalkg.serve.graphstore import graph_store
from legalkg.serve.protocol import FORM, UPDATE_TYPE, Operation, parse_pairs, read_operation


@lru_cache(maxsize=2)
def _page(writable: bool) -> bytes:
    from legalkg.serve.querypage import render_query_page

    return render_query_page(catalogue(), writable=writable).encode("utf-8")


def query_page(request: Request) -> Answer:
    """The query page (rendered once per mode)."""
    return Answer(HTTPStatus.OK, "text/html", _page(request.server.endpoint.writable))


def queries_json(request: Request) -> Answer:
    """The named queries with their parameters, for the page and for scripts."""
    return Answer(HTTPStatus.OK, "application/json", json.dumps(catalogue(), ensure_ascii=False).encode("utf-8"))


def named_query(request: Request) -> Answer:
    """/queries/NAME?param=value: a named query with its parameters bound as RDF terms."""
    pairs = parse_pairs(request.query, "URL")
    params = {k: v for k, v in pairs if k != "format"}
    formats = [v for k, v in pairs if k == "format"]
    name = request.path.removeprefix("/queries/")
    return request.server.endpoint.named(name, params, request.header("Accept"), formats, request.cancelled)


def _operation(request: Request) -> Operation | None:
    body = request.body() if request.method == "POST" else b""
    return read_operation(request.method, request.query, request.header("Content-Type"), body)


def _run(request: Request, op: Operation) -> Answer:
    endpoint = request.server.endpoint
    if op.kind == "update":
        if endpoint.writable:
            request.check_write()
        return endpoint.update(op, request.cancelled)
    return endpoint.query(op, request.header("Accept"), request.cancelled)


def sparql(request: Request) -> Answer:
    """The Protocol endpoint: one query or update, or the Service Description on a bare GET."""
    op = _operation(request)
    if op is None:
        from legalkg.serve.description import describe

        endpoint = request.server.endpoint
        media, body = describe(endpoint.base_iri, request.header("Accept"), writable=endpoint.writable,
                               allow_service=endpoint.allow_service)
        return Answer(HTTPStatus.OK, media, body)
    return _run(request, op)


def update(request: Request) -> Answer:
    """The update endpoint: POSTed updates only."""
    media = request.header("Content-Type").split(";")[0].strip().lower()
    if media not in (FORM, UPDATE_TYPE):
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        f"/update takes {UPDATE_TYPE} or {FORM}, not {media or 'no Content-Type'}")
    op = _operation(request)
    if op is None or op.kind != "update":
        raise HttpError(HTTPStatus.BAD_REQUEST, "/update runs updates; send queries to /sparql")
    return _run(request, op)


def entity(request: Request) -> Answer:
    """/id/KIND/SLUG: an entity's page or description, as negotiated (`serve.linkeddata`)."""
    from legalkg.serve.linkeddata import Resolver

    resolver = Resolver(request.server.endpoint, request.server.config.base)
    return resolver.answer(request.path, request.header("Accept"), request.cancelled)


_descriptions: WeakKeyDictionary[object, object] = WeakKeyDictionary()


def dataset_void(request: Request) -> Answer:
    """/.well-known/void: the dataset description with this server's SPARQL endpoint."""
    from legalkg.serve.linkeddata import Resolver
    from legalkg.serve.wellknown import DatasetDescription

    server = request.server
    description = _descriptions.get(server)
    if not isinstance(description, DatasetDescription):
        sparql_url = server.own_origin(request.header("Host")) + "/sparql"
        description = _descriptions[server] = DatasetDescription(
            server.endpoint, Resolver(server.endpoint, server.config.base), sparql_url)
    return description.answer(request.header("Accept"), request.cancelled)


def yasgui_page(request: Request) -> Answer:
    """/yasgui: the YASGUI query editor with the named queries as tabs."""
    from legalkg.serve.yasguipage import render_yasgui_page

    return Answer(HTTPStatus.OK, "text/html", render_yasgui_page().encode("utf-8"))


def yasgui_file(request: Request) -> Answer:
    """/yasgui/NAME: the YASGUI bundle, its style sheet and the page's script (nothing else)."""
    from legalkg.serve.yasguipage import FILES, asset_bytes

    name = request.path.removeprefix("/yasgui/")
    if name not in FILES:
        raise HttpError(HTTPStatus.NOT_FOUND, f"nothing at {request.path}")
    return Answer(HTTPStatus.OK, FILES[name], asset_bytes(name))


ROUTES: list[Route] = [
    Route("/", ("GET", "HEAD"), query_page),
    Route("/index.html", ("GET", "HEAD"), query_page),
    Route("/queries.json", ("GET", "HEAD"), queries_json),
    Route("/queries/", ("GET", "HEAD"), named_query, prefix=True),
    Route("/sparql", ("GET", "HEAD", "POST"), sparql),
    Route("/query", ("GET", "HEAD", "POST"), sparql),
    Route("/update", ("POST",), update),
    Route("/store", ("GET", "HEAD", "PUT", "POST", "DELETE"), graph_store),
    # linked data: resolvable entity IRIs and the dataset description
    Route("/id/", ("GET", "HEAD"), entity, prefix=True),
    Route("/.well-known/void", ("GET", "HEAD"), dataset_void),
    Route("/yasgui", ("GET", "HEAD"), yasgui_page),
    Route("/yasgui/", ("GET", "HEAD"), yasgui_file, prefix=True),
    # the served explorer (serve/explorer.py)
    Route("/explore", ("GET", "HEAD"), explore_page),
    Route("/explore/overview.json", ("GET", "HEAD"), overview_json),
    Route("/explore/expand.json", ("GET", "HEAD"), expand_json),
]
