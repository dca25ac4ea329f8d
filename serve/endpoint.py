"""The SPARQL side of `legalkg serve`: run one protocol operation in the worker pool and say
what came of it as an HTTP status.

Every query and update is checked against the limits before the engine sees it (size, nesting),
refused when it reaches the network (SERVICE, LOAD) unless `--allow-service`, and run by a
worker process (`queries.pool`) under the time, row and memory limits; a crash or overrun costs
the worker, never the server. Queries see the union of the report graphs unless the request names
a dataset; relative IRIs resolve against the endpoint's own IRI (the Protocol's base IRI).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from legalkg.ingest.errors import LegalKGError, QueryError, StoreError
from legalkg.queries.limits import QueryLimitError, check_text
from legalkg.queries.pool import QueryCancelled, WorkerCrashed, WorkerPool
from legalkg.serve.errors import HttpError
from legalkg.serve.negotiate import GRAPH_TYPES, RESULT_TYPES, negotiate, query_form
from legalkg.serve.protocol import Operation
from legalkg.serve.updates import apply_using

Cancelled = Callable[[], bool]
WRITE_JOBS = frozenset({"update", "put_graph", "delete_graph"})


@dataclass(frozen=True, slots=True)
class Answer:
    status: HTTPStatus
    media_type: str
    body: bytes


def http_error(exc: LegalKGError) -> HttpError:
    """The HTTP status a library error stands for (the message is kept as the reason)."""
    from legalkg.queries.worker import QueryFailed, QuerySyntaxError

    if isinstance(exc, QueryCancelled):
        status = HTTPStatus.REQUEST_TIMEOUT
    elif isinstance(exc, QueryLimitError):
        status = HTTPStatus.SERVICE_UNAVAILABLE if "stopped" in str(exc) or "busy" in str(exc) \
            else HTTPStatus.BAD_REQUEST
    elif isinstance(exc, (WorkerCrashed, StoreError)):
        status = HTTPStatus.INTERNAL_SERVER_ERROR
    elif isinstance(exc, QueryFailed):
        status = HTTPStatus.BAD_REQUEST
    elif isinstance(exc, (QuerySyntaxError, QueryError)):
        status = HTTPStatus.NOT_FOUND if str(exc).startswith("unknown query") else HTTPStatus.BAD_REQUEST
    else:
        status = HTTPStatus.INTERNAL_SERVER_ERROR
    return HttpError(status, str(exc))


class Endpoint:
    """Answers protocol operations over the store behind `pool`."""

    def __init__(self, pool: WorkerPool, *, base_iri: str, writable: bool = False,
                 allow_service: bool = False) -> None:
        self.pool = pool
        self.base_iri = base_iri
        self.writable = writable
        self.allow_service = allow_service
        self.generation = 0  # bumped by every write attempt, so caches of what the store holds can tell

    def _check(self, text: str) -> None:
        from legalkg.queries.sparqltext import uses_network

        try:
            check_text(text, self.pool.limits)
        except QueryLimitError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        keyword = uses_network(text)
        if keyword and not self.allow_service:
            raise HttpError(HTTPStatus.FORBIDDEN, f"{keyword} reaches the network and is off on this endpoint "
                                                  "(start it with --allow-service)")

    def run(self, job: str, cancelled: Cancelled | None, **kwargs: object) -> object:
        """Run a worker job (`queries.worker.JOBS`); library errors become HTTP errors."""
        try:
            return self.pool.run(job, cancelled=cancelled, **kwargs)
        except LegalKGError as exc:
            raise http_error(exc) from None
        finally:
            if job in WRITE_JOBS:
                self.generation += 1

    def query(self, op: Operation, accept: str, cancelled: Cancelled | None = None) -> Answer:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query and serialize its answer as negotiated."""
        if not op.text.strip():
            raise HttpError(HTTPStatus.BAD_REQUEST, "the query is empty")
        self._check(op.text)
        form = query_form(op.text)
        media = negotiate(form, accept, op.formats)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body = self.run(
            "serialize", cancelled, text=op.text, max_rows=self.pool.limits.max_rows, base_iri=self.base_iri,
            results_format=RESULT_TYPES.get(media, "json"), graph_format=GRAPH_TYPES[media] if graph else "turtle",
            union=True, default_graphs=op.default_graphs or None, named_graphs=op.named_graphs or None,
        )
        assert isinstance(body, bytes)
        return Answer(HTTPStatus.OK, media, body)

    def update(self, op: Operation, cancelled: Cancelled | None = None) -> Answer:
        """Run an update (all of it or nothing); 204 when done."""
        if not self.writable:
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with --writable to update)")
        self._check(op.text)
        text = apply_using(op.text, op.default_graphs, op.named_graphs)
        self.run("update", cancelled, text=text, base_iri=self.base_iri)
        return Answer(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def named(self, name: str, params: dict[str, str], accept: str, formats: list[str],
              cancelled: Cancelled | None = None) -> Answer:
        """Run the named query `name` with `params` bound as RDF terms (labels looked up)."""
        lang = params.pop("lang", None)
        try:
            found = self.run("named_text", cancelled, name=name, params=params, lang=lang)
        except HttpError as error:  # the message speaks CLI (--param x=...); here x is a URL parameter
            raise HttpError(error.status, str(error).replace("--param ", "parameter ")) from None
        assert isinstance(found, tuple)
        return self.query(Operation("query", found[1], formats=formats), accept, cancelled)


def catalogue() -> list[dict[str, object]]:
    """The named queries as the query page and /queries.json show them."""
    from legalkg.queries.catalog import catalog

    return [
        {"name": q.name, "title": q.title, "purpose": q.purpose, "text": q.text, "lang": q.lang,
         "params": [{"name": p.name, "kind": p.kind, "optional": p.optional, "meaning": p.meaning} for p in q.params]}
        for q in catalog().values() if not q.internal
    ]
