"""The HTTP layer of `legalkg serve`: one threaded server, a request object, and the checks every
request passes before its route (methods, Host, CORS, token, logs).

Why the standard library's server rather than a framework: the Protocol's strict parts (several
`query=` values, the text in URL and body, bytes that are not UTF-8) need the raw query string
and body anyway, the SPARQL work happens in worker processes (`queries.pool`), and a
thread per request lets a route notice that its client has gone and cancel the query. Routes are
a small table (`serve.routes.ROUTES`), so pages can be added without touching this module.
"""
from __future__ import annotations

import hmac
import ipaddress
import select
import socket
import sys
import time
from base64 import b64decode
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote_to_bytes

from legalkg.ingest.errors import LegalKGError
from legalkg.ontology.namespace import BASE
from legalkg.queries.limits import Limits
from legalkg.serve.endpoint import Answer, Endpoint
from legalkg.serve.errors import HttpError

PREFLIGHT_HEADERS = "Accept, Content-Type, Authorization"


class ServeError(LegalKGError):
    """The server cannot start (bad port, port taken, address not available, no token)."""


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """Everything `legalkg serve` is told on its command line."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    allow_service: bool = False
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    workers: int = 2
    quiet: bool = False
    base: str = BASE  # where the data's entity IRIs are published (--base)


def escape_controls(text: str) -> str:
    """`text` with control characters as \\xNN, so a request line cannot drive the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 256
                   else f"\\u{ord(ch):04x}" for ch in text)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Request:
    """What a route sees of one request: method, decoded path, raw query string, headers, body."""

    def __init__(self, handler: BaseHTTPRequestHandler, server: LegalKGServer) -> None:
        self._handler = handler
        self.server = server
        self.method = handler.command
        raw_path, _, self.query = handler.path.encode("latin-1").partition(b"?")
        try:
            self.path = unquote_to_bytes(raw_path).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(HTTPStatus.BAD_REQUEST, "the URL path is not valid UTF-8") from None
        self.headers = handler.headers
        self._body: bytes | None = None

    def header(self, name: str) -> str:
        return self.headers.get(name, "") or ""

    def body(self, limit: int | None = None) -> bytes:
        """The request body (once), refused over `limit` bytes (default: what the query size
        limit implies for a form)."""
        if self._body is None:
            limit = limit or self.server.max_body
            if self.header("Transfer-Encoding"):
                raise HttpError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
            try:
                length = int(self.header("Content-Length") or 0)
            except ValueError:
                raise HttpError(HTTPStatus.BAD_REQUEST, "Content-Length is not a number") from None
            if length > limit:
                raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"the request body is over {limit // 1024} KB; raise --max-query-kb")
            self._body = self._handler.rfile.read(length) if length > 0 else b""
        return self._body

    def cancelled(self) -> bool:
        """True once the client has closed its connection (its query is then stopped)."""
        sock = self._handler.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def authorized(self) -> bool:
        """True when the request carries the server's token (Bearer, or Basic with it as password)."""
        token = self.server.config.token
        if not token:
            return False
        scheme, _, value = self.header("Authorization").partition(" ")
        if scheme.lower() == "basic":
            try:
                value = b64decode(value, validate=True).decode("utf-8").partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        elif scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8"))

    def check_write(self) -> None:
        """Refuse a writing request without the token or from another site's page."""
        origin = self.header("Origin")
        own = self.server.own_origin(self.header("Host"))
        if origin and origin != own and origin not in self.server.config.cors_origins:
            raise HttpError(HTTPStatus.FORBIDDEN, f"a write from the page of another site ({origin}) is refused")
        if not self.authorized():
            raise HttpError(HTTPStatus.UNAUTHORIZED, "writing needs the server's token (Authorization: Bearer TOKEN)",
                            {"WWW-Authenticate": 'Bearer realm="legalkg", Basic realm="legalkg"'})


@dataclass(frozen=True, slots=True)
class Route:
    """`path` (or, with `prefix`, every path under it) answered by `handle` for `methods`."""

    path: str
    methods: tuple[str, ...]
    handle: Callable[[Request], Answer]
    prefix: bool = False

    def matches(self, path: str) -> bool:
        return path == self.path or (self.prefix and path.startswith(self.path) and len(path) > len(self.path))


class LegalKGServer(ThreadingHTTPServer):
    """The threaded HTTP server, holding the endpoint, routes and worker pool of one `serve`."""

    daemon_threads = True

    def __init__(self, config: ServeConfig, endpoint_factory: Callable[[LegalKGServer], Endpoint],
                 routes: list[Route]) -> None:
        self.config = config
        self.routes = routes
        self.max_body = 3 * config.limits.max_query_kb * 1024 + 65536  # percent-encoding triples a form
        super().__init__((config.host, config.port), Handler)
        try:
            self.endpoint = endpoint_factory(self)
        except BaseException:
            super().server_close()
            raise

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        if host in ("0.0.0.0", "::"):
            host = "localhost"
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def own_origin(self, host_header: str) -> str:
        return f"http://{host_header}" if host_header else self.origin

    def host_allowed(self, host_header: str) -> bool:
        """On a loopback address only loopback names may be used (no DNS rebinding)."""
        if not _loopback(self.config.host) or not host_header:
            return True  # a client without Host (HTTP/1.0) is no browser being rebound
        if host_header.startswith("["):
            name = host_header[1:].partition("]")[0]
        else:
            name = host_header.partition(":")[0]
        return _loopback(name)

    def log(self, line: str) -> None:
        if not self.config.quiet:
            print(f"legalkg serve: {time.strftime('%H:%M:%S')} {escape_controls(line)}", file=sys.stderr, flush=True)

    def server_close(self) -> None:
        super().server_close()
        endpoint = getattr(self, "endpoint", None)
        if endpoint is not None:
            endpoint.pool.close()


class Handler(BaseHTTPRequestHandler):
    server: LegalKGServer
    server_version = "legalkg"
    protocol_version = "HTTP/1.1"
    error_content_type = "text/plain; charset=utf-8"  # malformed requests: one plain line, no HTML
    error_message_format = "%(code)d %(message)s\n"
    # Headers and body leave in one write (the reply is buffered until `_send` flushes it), with
    # Nagle off. Unbuffered, the body went as a second small segment that waited for the ACK of
    # the headers, which the client delays: +40 ms on every answer of a kept-alive connection
    # (`legalkg bench`, point queries over HTTP: 48 ms, against 7 ms on new connections).
    wbufsize = -1
    disable_nagle_algorithm = True

    def handle_expect_100(self) -> bool:
        """Send "100 Continue" now, not with the answer: the client waits for it before its body."""
        going_on = super().handle_expect_100()
        self.wfile.flush()
        return going_on

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        self.server.log(f"{self.address_string()} {format % args}")

    def _cors(self) -> dict[str, str]:
        origin = self.headers.get("Origin")
        allowed = self.server.config.cors_origins
        if not origin or not allowed:
            return {}
        if "*" in allowed:
            return {"Access-Control-Allow-Origin": "*"}
        if origin in allowed:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {}

    def _send(self, answer: Answer, headers: dict[str, str] | None = None) -> None:
        self.send_response(answer.status)
        if answer.status != HTTPStatus.NO_CONTENT or answer.body:
            self.send_header("Content-Type", answer.media_type + (
                "; charset=utf-8" if answer.media_type.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in {**self._cors(), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)
        self.wfile.flush()

    def _route(self, request: Request) -> tuple[Answer, dict[str, str]]:
        if not self.server.host_allowed(request.header("Host")):
            raise HttpError(HTTPStatus.MISDIRECTED_REQUEST,
                            f"this server answers to its loopback address, not to Host {request.header('Host')!r}")
        route = next((r for r in self.server.routes if r.matches(request.path)), None)
        if route is None:
            raise HttpError(HTTPStatus.NOT_FOUND, f"nothing at {request.path}; the SPARQL endpoint is /sparql")
        allow = ", ".join([*route.methods, "OPTIONS"])
        if request.method == "OPTIONS":
            headers = {"Allow": allow}
            if self._cors() and request.header("Access-Control-Request-Method"):
                headers |= {"Access-Control-Allow-Methods": allow, "Access-Control-Allow-Headers": PREFLIGHT_HEADERS,
                            "Access-Control-Max-Age": "600"}
            return Answer(HTTPStatus.NO_CONTENT, "text/plain", b""), headers
        if request.method not in route.methods:
            raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED,
                            f"{request.method} is not allowed on {route.path}; use {allow}", {"Allow": allow})
        return route.handle(request), {}

    def _handle(self) -> None:
        try:
            request = Request(self, self.server)
            answer, headers = self._route(request)
            if request.method in ("POST", "PUT"):
                request.body()  # a route that did not read the body must still consume it
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the connection unanswered
            error = exc if isinstance(exc, HttpError) else HttpError(
                HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}: {exc}")
            if not isinstance(exc, HttpError):
                self.server.log(f"{self.requestline}: {error}")
            answer, headers = Answer(error.status, "text/plain", (str(error) + "\n").encode("utf-8")), error.headers
            if error.status >= 400 and self.command in ("POST", "PUT"):
                self.close_connection = True  # the body may be unread
        try:
            self._send(answer, headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def __getattr__(self, name: str) -> object:
        """Every method (do_GET, do_PATCH, do_FOO...) goes through the routes: 405 with Allow, not 501."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


def make_server(config: ServeConfig) -> LegalKGServer:
    """The server for `config`, bound and with its workers started, not yet serving."""
    from legalkg.queries.limits import check_limits
    from legalkg.queries.pool import WorkerPool
    from legalkg.serve.routes import ROUTES

    if not 0 <= config.port <= 65535:
        raise ServeError(f"--port takes 0 to 65535, not {config.port}")
    if config.writable and not config.token:
        raise ServeError("--writable needs a token that clients send to update: --token or LEGALKG_TOKEN")
    if config.writable and "*" in config.cors_origins:
        raise ServeError("--cors-origin '*' is for read-only servers; name the origins that may update")
    check_limits(config.limits)

    def endpoint(server: LegalKGServer) -> Endpoint:
        pool = WorkerPool(config.store, read_only=not config.writable, size=config.workers, limits=config.limits)
        return Endpoint(pool, base_iri=server.origin + "/sparql", writable=config.writable,
                        allow_service=config.allow_service)

    try:
        return LegalKGServer(config, endpoint, ROUTES)
    except OverflowError:
        raise ServeError(f"--port takes 0 to 65535, not {config.port}") from None
    except OSError as exc:
        raise ServeError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from None
