"""The SPARQL 1.1 Service Description of the endpoint, answered on a bare GET of /sparql.

Built from what this server actually does (languages, result formats, features) so that a client
can discover it; the default dataset is described as the union of the report graphs.
"""
from __future__ import annotations

import pyoxigraph as ox

from legalkg.serve.negotiate import GRAPH_TYPES, by_accept
from legalkg.queries.worker import GRAPH_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
DATASET_NOTE = ("The default graph is the union of every graph of the store (one per report, plus the "
                "vocabulary); named graphs are the report graphs.")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N3")


def description_turtle(endpoint: str, *, writable: bool, allow_service: bool) -> str:
    """The description as Turtle (`endpoint` is the absolute IRI of /sparql)."""
    languages = ", ".join(["sd:SPARQL11Query", *(["sd:SPARQL11Update"] if writable else [])])
    features = ", ".join(["sd:UnionDefaultGraph", "sd:EmptyGraphs",
                          *(["sd:BasicFederatedQuery"] if allow_service else [])])
    formats = ", ".join(f"<{FORMATS}{name}>" for name in RESULT_FORMATS)
    service = ox.NamedNode(endpoint)
    return f"""@prefix sd: <{SD}> .
@prefix dcterms: <http://purl.org/dc/terms/> .

[] a sd:Service ;
    sd:endpoint {service} ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {formats} ;
    sd:feature {features} ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:defaultDataset [
        a sd:Dataset ;
        dcterms:description {ox.Literal(DATASET_NOTE, language="en")} ;
        sd:defaultGraph [ a sd:Graph ]
    ] .
"""


def describe(endpoint: str, accept: str, *, writable: bool, allow_service: bool) -> tuple[str, bytes]:
    """(media type, body) of the description in the best RDF syntax for `accept` (Turtle if none)."""
    text = description_turtle(endpoint, writable=writable, allow_service=allow_service)
    media = by_accept(accept, GRAPH_TYPES) or "text/turtle"
    if GRAPH_TYPES[media] == "turtle":
        return media, text.encode("utf-8")
    triples = ox.parse(text, format=ox.RdfFormat.TURTLE)
    return media, ox.serialize(triples, format=GRAPH_FORMATS[GRAPH_TYPES[media]]) or b""
