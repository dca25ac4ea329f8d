"""Resolvable IRIs: `legalkg serve` answers every entity IRI of the graph at its path, the way a
Pubby-style linked-data frontend does.

https://w3id.org/legalkg/id/<kind>/<slug> is served at /id/<kind>/<slug> (with `--base URL`, the
IRIs under URL + "id/" instead, for a deployment without the w3id redirect). One address, two
audiences: a browser (Accept: text/html) gets a page, a client asking for RDF gets the entity's
description as Turtle, JSON-LD or N-Triples; a suffix (.html, .ttl, .jsonld, .nt) picks one
without an Accept header. The description is what the store says about the entity: its triples
in the entities graph, its links in the report graphs (a bureau's lkg:implements, lkg:cites,
lkg:worksWith and their role sub-properties), a report's metadata, and the links that point at
it. Every read runs in the server's worker pool with the entity bound as a VALUES term; the IRI
is only built from a path whose kind and slug are slug characters (anything else is a 404).
"""
from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any

import pyoxigraph as ox

from legalkg.graph.export import PREFIXES
from legalkg.queries.sentence import sentence, span
from legalkg.ontology.namespace import BASE, ENTITY_GRAPH
from legalkg.queries.runner import bind
from legalkg.queries.worker import GRAPH_FORMATS
from legalkg.serve.endpoint import Answer, Cancelled, Endpoint
from legalkg.serve.errors import HttpError
from legalkg.serve.negotiate import by_accept

ID_PATH = re.compile(r"/id/(?P<kind>[a-z][a-z0-9-]{0,31})/(?P<slug>[a-z0-9][a-z0-9-]{0,127})"
                     r"(?:\.(?P<suffix>html|ttl|jsonld|nt))?")
SUFFIX_TYPES = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
                "nt": "application/n-triples"}
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
              "application/ld+json": "jsonld", "application/n-triples": "ntriples",
              "application/x-turtle": "turtle", "application/json": "jsonld", "text/plain": "ntriples"}
ANSWER_TYPES = {"application/xhtml+xml": "text/html", "application/x-turtle": "text/turtle",
                "application/json": "application/ld+json", "text/plain": "application/n-triples"}
KINDS = ("bureau", "partner", "mechanism", "regulation", "report", "division", "department", "level",
         "indicator", "unit", "evidence")
SERVED_PREFIXES = {**{k: v for k, v in PREFIXES.items() if k != "id"}, "schema": "https://schema.org/",
                   "qb": "http://purl.org/linked-data/cube#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
MAX_EVIDENCE = 3  # sentences shown per link and report on the page

_PROLOGUE = f"""PREFIX lkg: <{BASE}ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""
# the description: what the entity says (any graph) and the links that name it, not the
# mention and sentence nodes that point at it (those are reached from the page's evidence)
DESCRIBE = _PROLOGUE + """CONSTRUCT { ?e ?p ?o . ?n ?q ?e } WHERE {
  { ?e ?p ?o }
  UNION
  { ?n ?q ?e FILTER(isIRI(?n) && ?q NOT IN (lkg:about, lkg:inSentence, lkg:refBureau, qb:dataSet, dcterms:isPartOf)) }
}"""
# the same, per graph, for the page: direction, property, neighbour, graph
STATEMENTS = _PROLOGUE + """SELECT DISTINCT ?dir ?p ?n ?g WHERE {
  { GRAPH ?g { ?e ?p ?n } BIND("out" AS ?dir) }
  UNION
  { GRAPH ?g { ?n ?p ?e } FILTER(isIRI(?n) && ?p NOT IN (lkg:about, lkg:inSentence, lkg:refBureau, qb:dataSet, dcterms:isPartOf))
    BIND("in" AS ?dir) }
}"""
# the sentences that are the evidence of a link in a report graph: a link from the entity is
# evidenced by the mentions of its target there, a link to it by the mentions of the entity.
# The first EVIDENCE_MENTIONS mentions only (unordered, so the store stops reading there): each
# sentence is re-derived from its report's text, and an entity named in every report would
# otherwise make its page read the whole corpus.
EVIDENCE_MENTIONS = 600
EVIDENCE = _PROLOGUE + """PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?g ?n ?sentence WHERE {
  { GRAPH ?g { ?e ?p ?n . ?evidence lkg:about ?n } }
  UNION
  { GRAPH ?g { ?n ?p ?e . ?evidence lkg:about ?e } FILTER(isIRI(?n) && ?p NOT IN (lkg:about, lkg:inSentence)) }
  FILTER(?g != ?entities)
  BIND(?g AS ?report)
""" + span("evidence", "start", "end") + "\n" + sentence() + """
} LIMIT """ + str(EVIDENCE_MENTIONS)
# labels of the neighbours and of the reports the statements come from (the entity's own are
# among its statements)
LABELS = _PROLOGUE + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?x ?kind ?label WHERE {
  { GRAPH ?g { ?e ?p ?x } } UNION { GRAPH ?g { ?x ?p ?e } }
  UNION { GRAPH ?x { ?e ?p ?any } } UNION { GRAPH ?x { ?any ?p ?e } }
  VALUES (?kind ?labelled) { ("pref" skos:prefLabel) ("alt" skos:altLabel) ("label" rdfs:label)
                             ("title" dcterms:title) ("file" lkg:sourceFile) }
  ?x ?labelled ?label
  FILTER(isIRI(?x))
}"""


def in_order(triples: list[ox.Triple], first: str) -> list[ox.Triple]:
    """`triples` with the subject `first` (then other IRIs, then blank nodes) together, so that
    Turtle groups each subject's statements."""
    return sorted(triples, key=lambda t: (t.subject.value != first, isinstance(t.subject, ox.BlankNode),
                                          str(t.subject), str(t.predicate), str(t.object)))


class Resolver:
    """Answers /id/... paths from the store behind `endpoint`'s pool, IRIs under `base`."""

    def __init__(self, endpoint: Endpoint, base: str = BASE) -> None:
        self.endpoint = endpoint
        self.base = base if base.endswith("/") else base + "/"

    # -- IRIs --
    def iri(self, path: str) -> tuple[str, str | None]:
        """(the data's IRI, the suffix) for an /id/ path; 404 for a path that cannot name one."""
        match = ID_PATH.fullmatch(path)
        if match is None:
            raise HttpError(HTTPStatus.NOT_FOUND, f"nothing at {path}: an entity path is /id/<kind>/<slug>")
        return f"{BASE}id/{match['kind']}/{match['slug']}", match["suffix"]

    def public(self, iri: str) -> str:
        """`iri` as this deployment publishes it: an entity IRI (under the data's id/) with its
        base replaced by --base; the vocabulary and graph names are not served here and stay."""
        return self.base + iri[len(BASE):] if iri.startswith(BASE + "id/") and self.base != BASE else iri

    @staticmethod
    def local(iri: str) -> str | None:
        """The server path of an entity IRI of the data (None for other IRIs and fragments)."""
        if not iri.startswith(BASE + "id/") or "#" in iri:
            return None
        path = "/" + iri[len(BASE):]
        return path if ID_PATH.fullmatch(path) else None

    # -- reads --
    def _select(self, text: str, iri: str, cancelled: Cancelled | None) -> list[dict[str, Any]]:
        query = bind(text, {"e": ox.NamedNode(iri), "entities": ox.NamedNode(str(ENTITY_GRAPH))})
        body = self.endpoint.run("serialize", cancelled, text=query, max_rows=self.endpoint.pool.limits.max_rows,
                                 results_format="json", graph_format="turtle", union=True)
        return json.loads(body)["results"]["bindings"]

    def triples(self, iri: str, cancelled: Cancelled | None = None) -> list[ox.Triple]:
        """The entity's description (empty when the store does not know it), IRIs as published."""
        body = self.endpoint.run("serialize", cancelled, text=bind(DESCRIBE, {"e": ox.NamedNode(iri)}),
                                 max_rows=self.endpoint.pool.limits.max_rows, results_format="json",
                                 graph_format="ntriples", union=True)
        return in_order([ox.Triple(*(self._published(t) for t in (q.subject, q.predicate, q.object)))
                         for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)], self.public(iri))

    def _published(self, term: Any) -> Any:
        if isinstance(term, ox.NamedNode) and self.base != BASE:
            return ox.NamedNode(self.public(term.value))
        return term

    # -- answers --
    def answer(self, path: str, accept: str, cancelled: Cancelled | None = None) -> Answer:
        """The entity at `path` in the negotiated form; 404 when the store does not know it."""
        iri, suffix = self.iri(path)
        media = SUFFIX_TYPES[suffix] if suffix else by_accept(accept, PAGE_TYPES)
        if media is None:
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                            f"cannot answer {path} as {accept}; try text/html, text/turtle, application/ld+json")
        media = ANSWER_TYPES.get(media, media)
        if media == "text/html":
            from legalkg.serve.entitypage import render_entity_page

            page = self.page(iri, cancelled)
            return Answer(HTTPStatus.OK, media, render_entity_page(page, self).encode("utf-8"))
        triples = self.triples(iri, cancelled)
        if not triples:
            raise self.unknown(iri)
        fmt = GRAPH_FORMATS[PAGE_TYPES[media]]
        prefixes = self.prefixes() if fmt == ox.RdfFormat.TURTLE else None
        return Answer(HTTPStatus.OK, media, ox.serialize(triples, format=fmt, prefixes=prefixes) or b"")

    def prefixes(self) -> dict[str, str]:
        """Turtle prefixes: the vocabularies, and one per entity kind (bureau:hangzhou-hrss)."""
        return {**SERVED_PREFIXES, **{kind: f"{self.base}id/{kind}/" for kind in KINDS}}

    def unknown(self, iri: str) -> HttpError:
        return HttpError(HTTPStatus.NOT_FOUND, f"the store knows nothing about {self.public(iri)}")

    def page(self, iri: str, cancelled: Cancelled | None = None) -> dict[str, Any]:
        """What the HTML page shows: labels, statements grouped by property and neighbour, the
        reports they come from and their evidence sentences."""
        statements = self._select(STATEMENTS, iri, cancelled)
        if not statements:
            raise self.unknown(iri)
        labels: dict[str, list[tuple[str, str, str]]] = {}
        for row in self._select(LABELS, iri, cancelled):
            labels.setdefault(row["x"]["value"], []).append(
                (row["kind"]["value"], row["label"]["value"], row["label"].get("xml:lang", "")))
        evidence: dict[tuple[str, str], list[str]] = {}
        rows = self._select(EVIDENCE, iri, cancelled)
        rows.sort(key=lambda r: (r["g"]["value"], r["n"]["value"], r["sentence"]["value"]))
        for row in rows:
            found = evidence.setdefault((row["g"]["value"], row["n"]["value"]), [])
            if len(found) < MAX_EVIDENCE and row["sentence"]["value"] not in found:
                found.append(row["sentence"]["value"])
        return {"iri": iri, "labels": labels, "statements": statements, "evidence": evidence}
