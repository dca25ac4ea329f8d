"""/.well-known/void: the VoID and DCAT description of the served data (`graph.void`), with this
server's SPARQL endpoint, in Turtle or JSON-LD (or N-Triples) as the Accept header asks.

The statistics are read by a worker from the store; a read-only server computes them once, a
writable one on every request (an update may have changed them). With `--base`, the data's IRIs
are given as published, like the entity pages.
"""
from __future__ import annotations

import threading
from http import HTTPStatus

import pyoxigraph as ox

from legalkg.queries.worker import GRAPH_FORMATS
from legalkg.serve.endpoint import Answer, Cancelled, Endpoint
from legalkg.serve.errors import HttpError
from legalkg.graph.void import DATASET
from legalkg.serve.linkeddata import SERVED_PREFIXES, Resolver, in_order
from legalkg.serve.negotiate import by_accept

VOID_TYPES = {"text/turtle": "turtle", "application/ld+json": "jsonld", "application/n-triples": "ntriples",
              "application/json": "jsonld", "text/plain": "ntriples", "application/x-turtle": "turtle"}
_PREFIXES = {**SERVED_PREFIXES, "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
             "spdx": "http://spdx.org/rdf/terms#", "sd": "http://www.w3.org/ns/sparql-service-description#"}
URI_SPACE = "http://rdfs.org/ns/void#uriSpace"


class DatasetDescription:
    """The description behind /.well-known/void for one server (cached when read-only)."""

    def __init__(self, endpoint: Endpoint, resolver: Resolver, sparql_url: str) -> None:
        self.endpoint, self.resolver, self.sparql_url = endpoint, resolver, sparql_url
        self._cached: list[ox.Triple] | None = None
        self._lock = threading.Lock()

    def triples(self, cancelled: Cancelled | None = None) -> list[ox.Triple]:
        with self._lock:
            if self._cached is not None:
                return self._cached
        body = self.endpoint.run("void", cancelled, endpoint=self.sparql_url)
        triples = in_order([ox.Triple(*(self._published(t) for t in (q.subject, q.predicate, q.object)))
                            for q in ox.parse(body, format=ox.RdfFormat.TURTLE)], self.resolver.public(str(DATASET)))
        if not self.endpoint.writable:
            with self._lock:
                self._cached = triples
        return triples

    def _published(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.NamedNode):
            return ox.NamedNode(self.resolver.public(term.value))
        if isinstance(term, ox.Literal) and term.datatype.value.endswith("#string"):
            published = self.resolver.public(term.value)  # void:uriSpace
            return ox.Literal(published) if published != term.value else term
        return term

    def answer(self, accept: str, cancelled: Cancelled | None = None) -> Answer:
        media = by_accept(accept, VOID_TYPES)
        if media is None:
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                            f"cannot answer /.well-known/void as {accept}; try text/turtle or application/ld+json")
        fmt = GRAPH_FORMATS[VOID_TYPES[media]]
        prefixes = _PREFIXES if fmt == ox.RdfFormat.TURTLE else None
        return Answer(HTTPStatus.OK, media, ox.serialize(self.triples(cancelled), format=fmt, prefixes=prefixes) or b"")
