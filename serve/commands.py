"""CLI command of the serve package: `legalkg serve`."""
from __future__ import annotations

import re
import signal
import sys
from typing import Annotated, Optional

import typer

from legalkg.graph.cli import DEFAULT_STORE, StoreOpt, app
from legalkg.queries.commands import (
    _DEFAULT, MaxRowsOpt, MemoryOpt, NestingOpt, QueryKbOpt, TimeoutOpt, limits_from,
)


def _stop(signum: int, frame: object) -> None:
    """SIGTERM ends `serve` like Ctrl-C: the workers are stopped on the way out."""
    raise KeyboardInterrupt


@app.command()
def serve(
    store: StoreOpt = DEFAULT_STORE,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (keep 127.0.0.1 unless you mean it).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on, 0 to 65535 (0 picks a free one).")] = 7878,
    writable: Annotated[bool, typer.Option(
        "--writable", help="Accept SPARQL updates from clients that send the token (locks out builds).")] = False,
    token: Annotated[Optional[str], typer.Option(
        "--token", envvar="LEGALKG_TOKEN",
        help="Secret that updates must send as 'Authorization: Bearer TOKEN' (env LEGALKG_TOKEN); "
             "needed with --writable.")] = None,
    cors_origin: Annotated[Optional[list[str]], typer.Option(
        "--cors-origin",
        help="An origin whose pages may query this server (repeatable; '*' for any, read-only only).")] = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let queries use SERVICE / LOAD (reaches the network).")] = False,
    workers: Annotated[int, typer.Option("--workers", help="Query worker processes (1 when --writable).")] = 2,
    query_timeout: TimeoutOpt = _DEFAULT.timeout_s,
    max_rows: MaxRowsOpt = _DEFAULT.max_rows,
    query_memory: MemoryOpt = _DEFAULT.memory_mb,
    max_nesting: NestingOpt = _DEFAULT.max_nesting,
    max_query_kb: QueryKbOpt = _DEFAULT.max_query_kb,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log each request.")] = False,
    base: Annotated[Optional[str], typer.Option(
        "--base", help="Publish the entity IRIs under this URL instead of https://w3id.org/legalkg/ "
                       "(a deployment without the w3id redirect); /id/... paths resolve either way.")] = None,
) -> int:
    """Serve the store as a SPARQL 1.1 endpoint (read-only by default) with an offline query page.

    Endpoint: http://HOST:PORT/sparql (queries by GET or POST; updates by POST with --writable;
    a bare GET describes the service); /update for updates only; named queries at
    /queries/NAME?param=value; the query page at /; every entity IRI at /id/KIND/SLUG (page
    or RDF by Accept); the dataset description at /.well-known/void; YASGUI at /yasgui. Queries see the union of every report graph
    and run in worker processes under the limits. Stop with Ctrl-C.
    """
    from pathlib import Path

    from legalkg.ingest.errors import LegalKGError
    from legalkg.ontology.namespace import BASE
    from legalkg.serve.app import ServeConfig, make_server

    if workers < 1 or workers > 64:
        raise LegalKGError(f"--workers takes 1 to 64, not {workers}")
    if base is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`#?]+", base):
        raise LegalKGError(f"--base takes an http(s) URL without spaces, query or fragment, not {base!r}")
    config = ServeConfig(
        store=Path(store), host=host, port=port, writable=writable, allow_service=allow_service,
        token=token or None, cors_origins=tuple(cors_origin or ()), workers=workers, quiet=quiet,
        base=(base if base.endswith("/") else base + "/") if base else BASE,
        limits=limits_from(query_timeout, max_rows, query_memory, max_nesting, max_query_kb),
    )
    server = make_server(config)
    signal.signal(signal.SIGTERM, _stop)
    mode = "read-write" if writable else "read-only"
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"legalkg: warning: listening on {host}, reachable from other machines", file=sys.stderr)
    print(f"legalkg: serving {store} {mode} at {server.origin}/ (SPARQL endpoint /sparql, query editor /yasgui, network explorer /explore, entity pages /id/...); Ctrl-C to stop",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
