"""Which media type to answer with: the Accept header, or `format=` as the alias real clients send.

SPARQLWrapper adds `format=`, `output=` and `results=` to every query (`xml`, `json`, `n3`,
`turtle`, `rdf+xml`, `json-ld`, `csv`, `tsv`, and for some of them the media type as a second
value); YASGUI and the query page send `format=csv|json|tsv`. The same word means different
things by query form (`xml` is SPARQL results XML for SELECT and ASK, RDF/XML for CONSTRUCT
and DESCRIBE), so aliases are looked up per form. Nothing else is read from `format=`.
"""
from __future__ import annotations

import re
from http import HTTPStatus

from legalkg.queries.sparqltext import code_only
from legalkg.serve.errors import HttpError

# media type -> results format name (queries.worker.RESULTS_FORMATS); first is the default
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "application/json": "json",
    "application/xml": "xml", "text/xml": "xml",
}
# media type -> graph format name (queries.worker.GRAPH_FORMATS); first is the default
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "ntriples", "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld", "text/n3": "n3", "application/turtle": "turtle",
    "application/x-turtle": "turtle", "text/plain": "ntriples", "application/xml": "rdfxml",
    "text/xml": "rdfxml", "application/json": "jsonld", "application/x-json+ld": "jsonld",
    "text/rdf+n3": "n3", "application/n3": "n3",
}
RESULT_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_ALIASES = {
    "xml": "application/rdf+xml", "rdf+xml": "application/rdf+xml", "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml", "json": "application/ld+json", "json-ld": "application/ld+json",
    "jsonld": "application/ld+json", "n3": "text/n3", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "n-triples": "application/n-triples",
}
_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.IGNORECASE)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword of the query's code (SELECT if
    none, and the engine will say what is wrong)."""
    match = _FORM.search(code_only(text))
    return match.group(1).upper() if match else "SELECT"


def _accepted(accept: str) -> list[str]:
    """Media types from an Accept header, best first (q values honoured, order kept on ties)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.replace(" ", "").startswith("q="):
                try:
                    quality = float(param.split("=", 1)[1])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def offered(form: str) -> dict[str, str]:
    """The media types a query of `form` can be answered in (default first)."""
    return GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES


def by_accept(accept: str, types: dict[str, str]) -> str | None:
    """The best of `types` for an Accept header, None when it accepts none of them."""
    default = next(iter(types))
    for media in _accepted(accept or "*/*"):
        if media in types:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*") and (match := next((m for m in types if m.startswith(media[:-1])), None)):
            return match
    return None


def negotiate(form: str, accept: str, formats: list[str]) -> str:
    """The media type for a query of `form`: the first known `format=` value, else Accept."""
    types = offered(form)
    if formats:
        aliases = GRAPH_ALIASES if types is GRAPH_TYPES else RESULT_ALIASES
        for value in formats:
            media = aliases.get(value.strip().lower(), value.strip().lower())
            if media in types:
                return media
        raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                        f"format {formats[0]!r} is not offered for {form}; try {', '.join(_short(types))}")
    media = by_accept(accept, types)
    if media is None:
        raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                        f"cannot answer {form} as {accept}; try {', '.join(_short(types))}")
    return media


def _short(types: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(types))[:4]
