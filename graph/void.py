"""A description of the dataset in VoID and DCAT: what a linked-data publisher puts beside a
dump (and a server at /.well-known/void) so that people and crawlers know what the data is
before downloading it.

`dataset_description` reads the statistics from the store itself: triples per named graph
(one per report), the distinct triples of their union (what a Turtle or N-Triples dump holds),
the classes with their entity counts, the properties with their triple counts, and a few
example resources; it adds the title, licence, creation date, the SPARQL endpoint when there is
one, and for each dump file its download IRI, media type, size and SHA-256 checksum (SPDX terms,
as DCAT 3 recommends). `write_description` writes it as Turtle beside a dump, with the download
IRIs relative to the description, so the pair can be moved and published together.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from legalkg.graph.store import Store
from legalkg.ontology.namespace import BASE, LKG

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef(BASE + "dataset")
TITLE = "legalkg: rule-of-law government reports as a knowledge graph"
DESCRIPTION = (
    "Bureaus, the mechanisms they implement, the regulations they cite and the agencies they work "
    "with, extracted from annual rule-of-law government construction reports (法治政府建设年度报告), "
    "with the evidence sentence of every link; one named graph per report."
)
LICENCE = "http://spdx.org/licenses/Apache-2.0"  # the project's licence; publishers set their data's own
MEDIA_TYPES = {
    ".ttl": "text/turtle", ".nt": "application/n-triples", ".nq": "application/n-quads",
    ".trig": "application/trig", ".jsonld": "application/ld+json",
}
VOCABULARIES = (
    str(LKG._NS), "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/org#",
    "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/oa#",
)
EXAMPLE_CLASSES = ("Bureau", "Mechanism", "Regulation", "Agency", "Report")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Dump:
    """A dump file and the IRI it is downloaded from."""

    path: Path
    url: str


def sha256(path: Path) -> str:
    """The SHA-256 of a file, hex, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def description_path(dump: Path) -> Path:
    """Where the description of `dump` goes: `out.ttl` -> `out.void.ttl`."""
    return dump.with_suffix(".void.ttl")


def _rows(store: Store, sparql: str, *, union: bool = True) -> list[tuple[object, ...]]:
    result = store.ox.query(sparql, use_default_graph_as_union=union)
    names = [v for v in result.variables]
    return [tuple(solution[v] for v in names) for solution in result]


def _count(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def statistics(store: Store) -> dict[str, object]:
    """The numbers the description states, read from the store: `graphs` {graph IRI: triples},
    `default` (triples in the default graph), `triples` (distinct triples of the union), `classes`
    {class: entities}, `properties` {property: distinct triples}, `examples` [IRIs]."""
    graphs = {str(g.value): _count(n) for g, n in _rows(
        store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)}
    default = _count(_rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False)[0][0])
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    triples = _count(_rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {distinct}")[0][0])
    classes = {str(c.value): _count(n) for c, n in _rows(
        store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c") if isinstance(c, ox.NamedNode)}
    properties = {str(p.value): _count(n) for p, n in _rows(
        store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {distinct} GROUP BY ?p")}
    wanted = " ".join(f"<{LKG._NS}{name}>" for name in EXAMPLE_CLASSES)
    examples = sorted(str(e.value) for (e,) in _rows(
        store, f"SELECT (MIN(?s) AS ?e) WHERE {{ VALUES ?c {{ {wanted} }} ?s a ?c FILTER(isIRI(?s)) }} GROUP BY ?c"
    ) if isinstance(e, ox.NamedNode))
    return {"graphs": graphs, "default": default, "triples": triples, "classes": classes,
            "properties": properties, "examples": examples}


def dataset_description(
    store: Store,
    *,
    dumps: Sequence[Dump] = (),
    endpoint: str | None = None,
    title: str = TITLE,
    licence: str = LICENCE,
    created: date | None = None,
    dataset: str = str(DATASET),
) -> Graph:
    """The VoID + DCAT description of the store's data as an rdflib Graph (serve it, or write it
    with `write_description`). `dumps` must exist: their sizes and checksums are read."""
    stats = statistics(store)
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("spdx", SPDX), ("sd", SD),
                       ("lkg", LKG._NS)):
        g.bind(prefix, ns)
    ds = URIRef(dataset)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(title, lang="en")))
    g.add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds, DCTERMS.license, URIRef(licence)))
    day = created or datetime.now(timezone.utc).date()
    g.add((ds, DCTERMS.created, Literal(day.isoformat(), datatype=XSD.date)))
    g.add((ds, VOID.uriSpace, Literal(BASE + "id/")))
    for vocabulary in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    g.add((ds, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(stats["classes"]), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(stats["properties"]), datatype=XSD.integer)))
    for example in stats["examples"]:
        g.add((ds, VOID.exampleResource, URIRef(example)))
    for cls, entities in sorted(stats["classes"].items()):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(entities, datatype=XSD.integer)))
    for prop, count in sorted(stats["properties"].items()):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    for name, count in sorted(stats["graphs"].items()):
        _add_graph(g, ds, URIRef(name), count)
    if endpoint:
        _add_endpoint(g, ds, URIRef(endpoint))
    for dump in dumps:
        _add_dump(g, ds, dump)
    return g


def _add_graph(g: Graph, ds: URIRef, name: URIRef, triples: int) -> None:
    """A named graph as a subset: a VoID dataset of its own, named as in SPARQL service descriptions."""
    subset = BNode()
    g.add((ds, VOID.subset, subset))
    g.add((subset, RDF.type, VOID.Dataset))
    g.add((subset, SD.name, name))
    g.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))


def _add_endpoint(g: Graph, ds: URIRef, endpoint: URIRef) -> None:
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    service, distribution = BNode(), BNode()
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((ds, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCAT.accessURL, endpoint))
    g.add((distribution, DCAT.accessService, service))


def _add_dump(g: Graph, ds: URIRef, dump: Dump) -> None:
    url = URIRef(dump.url)
    g.add((ds, VOID.dataDump, url))
    distribution, checksum = BNode(), BNode()
    g.add((ds, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCAT.downloadURL, url))
    g.add((distribution, DCAT.accessURL, url))
    media = MEDIA_TYPES.get(dump.path.suffix)
    if media:
        g.add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
    g.add((distribution, DCAT.byteSize, Literal(dump.path.stat().st_size, datatype=XSD.nonNegativeInteger)))
    g.add((distribution, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(sha256(dump.path), datatype=XSD.hexBinary)))


def write_description(
    store: Store, dumps: Sequence[Path], out: Path | None = None, *, download_base: str | None = None,
    endpoint: str | None = None, licence: str = LICENCE, created: date | None = None,
) -> Path:
    """Write the description of `dumps` as Turtle to `out` (default: beside the first dump,
    `<name>.void.ttl`), atomically. Download IRIs are `download_base` + file name, or, without
    it, relative to the description (the dumps sit beside it)."""
    from legalkg.graph.export import atomic_write

    out = out or description_path(dumps[0])
    folder = out.resolve().parent.as_uri() + "/"
    base = download_base or folder
    described = [Dump(path, base + quote(path.name)) for path in dumps]
    graph = dataset_description(store, dumps=described, endpoint=endpoint, licence=licence, created=created)
    text = graph.serialize(format="turtle", base=None if download_base else folder)
    if not download_base:  # relative IRIs resolve against wherever the description is published
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("@base "))
    atomic_write(out, lambda handle: handle.write(text.encode("utf-8")))
    return out
