"""`legalkg serve`: a SPARQL 1.1 Protocol endpoint over the embedded store, on 127.0.0.1 by
default, read-only unless asked, with an offline query page that has the named queries ready.

Why our own small server (stdlib `http.server` over pyoxigraph) rather than `oxigraph
serve-read-only` on the same folder: the RocksDB format is the same, but the Oxigraph server's
query page loads YASGUI from a CDN (not offline), it knows nothing of the named queries, and it
would not take the store's reader lock, so a `legalkg build` could write underneath it. Here the
store is opened through `open_store` (shared lock), queries run on the union of the report graphs
like everywhere else in legalkg, and SERVICE/LOAD are refused unless `--allow-service`.

Routes: `/` query page; `/sparql` (alias `/query`) GET ?query= or POST (form or
application/sparql-query); `/update` POST when `--writable`; `/queries.json` the catalogue;
`/queries/NAME?param=value` runs a named query with its parameters bound as RDF terms.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from legalkg.graph.store import Store
from legalkg.ingest.errors import LegalKGError, QueryError

MAX_BODY = 1 << 20  # 1 MiB of query or update text
RESULT_TYPES = {  # media type: results format, first is the default
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
}
GRAPH_TYPES = {  # media type: RDF format for CONSTRUCT / DESCRIBE, first is the default
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
SHORT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


class HttpError(Exception):
    """An answer other than 200, with a plain-text reason."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Answer:
    status: HTTPStatus
    media_type: str
    body: bytes


def _accepted(accept: str) -> list[str]:
    """Media types from an Accept header, best first (q values honoured, order kept on ties)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str, offered: dict[str, object], fmt: str | None = None) -> str:
    """The media type to answer with: `format=` first, then the Accept header, else the default."""
    if fmt:
        media = SHORT_NAMES.get(fmt.lower(), fmt.lower())
        if media in offered:
            return media
        raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"format {fmt!r} is not offered here; try {', '.join(offered)}")
    default = next(iter(offered))
    for media in _accepted(accept or "*/*"):
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*") and (match := next((m for m in offered if m.startswith(media[:-1])), None)):
            return match
    raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer as {accept}; try {', '.join(offered)}")


class Endpoint:
    """Answers SPARQL protocol requests over one open store (thread-safe: pyoxigraph is)."""

    def __init__(self, store: Store, *, writable: bool = False, allow_service: bool = False) -> None:
        self.store = store
        self.writable = writable and not store.read_only
        self.allow_service = allow_service

    def _check_network(self, text: str) -> None:
        from legalkg.queries.sparqltext import uses_network

        keyword = uses_network(text)
        if keyword and not self.allow_service:
            raise HttpError(HTTPStatus.FORBIDDEN,
                            f"{keyword} reaches the network and is off on this endpoint (start it with --allow-service)")

    def query(self, text: str, accept: str = "", *, fmt: str | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> Answer:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query; the default graph is the union of all
        graphs unless `default_graphs` (default-graph-uri) names some."""
        if not text.strip():
            raise HttpError(HTTPStatus.BAD_REQUEST, "no query: pass query= (GET or form POST) or a sparql-query body")
        self._check_network(text)
        options: dict[str, object] = {"use_default_graph_as_union": not default_graphs}
        try:
            if default_graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            if named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            result = self.store.ox.query(text, **options)
            if isinstance(result, ox.QueryTriples):
                media = negotiate(accept, GRAPH_TYPES, fmt)
                return Answer(HTTPStatus.OK, media, result.serialize(format=GRAPH_TYPES[media]))
            media = negotiate(accept, RESULT_TYPES, fmt)
            return Answer(HTTPStatus.OK, media, result.serialize(format=RESULT_TYPES[media]))
        except SyntaxError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"the query does not parse: {exc}") from None
        except ValueError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"bad request: {exc}") from None
        except OSError as exc:
            raise HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {exc}") from None

    def update(self, text: str) -> Answer:
        if not self.writable:
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with --writable to update)")
        self._check_network(text)
        try:
            self.store.ox.update(text)
        except SyntaxError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"the update does not parse: {exc}") from None
        except OSError as exc:
            raise HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, f"the update failed: {exc}") from None
        return Answer(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def named(self, name: str, params: dict[str, str], accept: str = "", fmt: str | None = None) -> Answer:
        """Run the named query `name` with `params` bound as RDF terms (labels resolved)."""
        from legalkg.queries.catalog import get_query
        from legalkg.queries.params import bind_params
        from legalkg.queries.runner import bind

        lang = params.pop("lang", None)
        try:
            stored = get_query(name)
            text = bind(stored.text, bind_params(stored, params, lang=lang, store=self.store))
        except QueryError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST if "unknown query" not in str(exc) else HTTPStatus.NOT_FOUND,
                            str(exc)) from None
        return self.query(text, accept, fmt=fmt)


def catalogue() -> list[dict[str, object]]:
    """The named queries as the query page and /queries.json show them."""
    from legalkg.queries.catalog import catalog

    return [
        {"name": q.name, "title": q.title, "purpose": q.purpose, "text": q.text, "lang": q.lang,
         "params": [{"name": p.name, "kind": p.kind, "optional": p.optional, "meaning": p.meaning} for p in q.params]}
        for q in catalog().values() if not q.internal
    ]


def _first(values: dict[str, list[str]], key: str) -> str | None:
    found = values.get(key)
    return found[0] if found else None


def make_handler(endpoint: Endpoint, page: bytes, log: Callable[[str], None]) -> type[BaseHTTPRequestHandler]:
    """The request handler class bound to `endpoint` and the query page's HTML."""
    queries_json = json.dumps(catalogue(), ensure_ascii=False).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        server_version = "legalkg"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log(f"{self.address_string()} {format % args}")

        def _send(self, answer: Answer) -> None:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.media_type + (
                "; charset=utf-8" if answer.media_type.startswith("text/") else ""))
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        def _fail(self, error: HttpError) -> None:
            self._send(Answer(error.status, "text/plain", (str(error) + "\n").encode("utf-8")))

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
            return self.rfile.read(length) if length else b""

        def _route(self, post: bool) -> Answer:
            # http.server decodes the request line as Latin-1; raw UTF-8 (curl sends it) is restored.
            url = urlsplit(self.path.encode("latin-1", errors="replace").decode("utf-8", errors="replace"))
            args = parse_qs(url.query, keep_blank_values=True)
            accept = self.headers.get("Accept", "")
            text: str | None = _first(args, "query")
            update: str | None = _first(args, "update") if post else None
            if post:
                kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                body = self._body().decode("utf-8", errors="replace")
                if kind == "application/sparql-query":
                    text = body
                elif kind == "application/sparql-update":
                    update = body
                elif kind == "application/x-www-form-urlencoded":
                    form = parse_qs(body, keep_blank_values=True)
                    args.update(form)
                    text, update = _first(form, "query"), _first(form, "update")
                else:
                    raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                    "POST takes application/sparql-query, application/sparql-update or a form")
            fmt = _first(args, "format")
            if url.path in ("/", "/index.html") and not post:
                return Answer(HTTPStatus.OK, "text/html", page)
            if url.path == "/queries.json" and not post:
                return Answer(HTTPStatus.OK, "application/json", queries_json)
            if url.path.startswith("/queries/") and not post:
                params = {k: v[0] for k, v in args.items() if k != "format"}
                return endpoint.named(url.path.removeprefix("/queries/"), params, accept, fmt)
            if url.path in ("/sparql", "/query"):
                if update is not None and text is None:
                    return endpoint.update(update)
                return endpoint.query(text or "", accept, fmt=fmt, default_graphs=args.get("default-graph-uri"),
                                      named_graphs=args.get("named-graph-uri"))
            if url.path == "/update" and post:
                return endpoint.update(update or "")
            raise HttpError(HTTPStatus.NOT_FOUND, f"nothing at {url.path}; the SPARQL endpoint is /sparql")

        def _handle(self, post: bool) -> None:
            try:
                self._send(self._route(post))
            except HttpError as error:
                self._fail(error)

        def do_GET(self) -> None:  # noqa: N802
            self._handle(post=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._handle(post=False)

        def do_POST(self) -> None:  # noqa: N802
            self._handle(post=True)

    return Handler


class ServeError(LegalKGError):
    """The server cannot start (port taken, address not available)."""


def make_server(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, *,
                quiet: bool = False) -> ThreadingHTTPServer:
    """A threaded HTTP server for `endpoint`, bound but not yet serving (port 0 picks a free one)."""
    from legalkg.viz.querypage import render_query_page

    page = render_query_page(catalogue(), writable=endpoint.writable).encode("utf-8")

    def log(line: str) -> None:
        if not quiet:
            print(f"legalkg serve: {time.strftime('%H:%M:%S')} {line}", file=sys.stderr)

    try:
        server = ThreadingHTTPServer((host, port), make_handler(endpoint, page, log))
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    return server
