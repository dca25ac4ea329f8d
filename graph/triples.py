"""Turn one report's `Extraction` into RDF quads (pyoxigraph terms, for speed).

The shape is documented in docs/design.md. Two graphs receive them:
- the report's own named graph (its IRI): the report, the bureau's links, one node per sentence
  that says something and one per mention or key figure pointing into that sentence;
- the shared entities graph: what each entity is (types, labels, scheme, places). A description
  is a fact about the entity, not about the report, so it is stored once however many reports
  name the entity; queries then read each label once instead of once per report.

Every node IRI is derived from stable inputs (report name, entity keys, offsets), so the same
report always yields the same quads. Sentence and mention nodes are named by their character
range in the report text with an RFC 5147 fragment (`<report>#char=120,124`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, SDO, SKOS, XSD

from legalkg.graph.iris import entity_iri, node_iri, report_iri
from legalkg.ingest.model import Entity, Extraction, Figure, Mention
from legalkg.ingest.places import divisions, lineage
from legalkg.ingest.rules_zh import REGULATION_LEVELS
from legalkg.ontology.namespace import ELI, ENTITY_GRAPH, LKG, OA, SDMX_ATTRIBUTE, SDMX_MEASURE


def _n(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


ENTITIES = _n(ENTITY_GRAPH)
A = _n(RDF.type)
INT = _n(XSD.integer)
BOOL = _n(XSD.boolean)
DECIMAL = _n(XSD.decimal)
CLASS_OF = {
    "bureau": (_n(LKG.Bureau), _n(ORG.Organization)),
    "partner": (_n(LKG.Agency), _n(ORG.Organization)),
    "regulation": (_n(LKG.Regulation), _n(ELI.LegalResource)),
    "mechanism": (_n(LKG.Mechanism), _n(SKOS.Concept)),
}
LINK_OF = {"regulation": _n(LKG.cites), "mechanism": _n(LKG.implements), "partner": _n(LKG.worksWith)}
STATUS = {"done": _n(LKG.done), "planned": _n(LKG.planned)}
PREF, ALT = _n(SKOS.prefLabel), _n(SKOS.altLabel)
TRUE, FALSE = ox.Literal("true", datatype=BOOL), ox.Literal("false", datatype=BOOL)
# predicates and classes used per mention, made once (building terms is most of the cost here)
EVIDENCE, SENTENCE = _n(LKG.Evidence), _n(LKG.Sentence)
ABOUT, IN_SENTENCE = _n(LKG.about), _n(LKG.inSentence)
MENTION_START, MENTION_END = _n(LKG.mentionStart), _n(LKG.mentionEnd)
EXACT, START, END = _n(OA.exact), _n(OA.start), _n(OA.end)
PART_OF, STATUS_OF = _n(DCTERMS.isPartOf), _n(LKG.status)
IN_SCHEME, MECHANISMS, CURATED, BROADER = _n(SKOS.inScheme), _n(LKG.MechanismScheme), _n(LKG.curated), _n(SKOS.broader)
ID_LOCAL, TYPE_DOCUMENT = _n(ELI.id_local), _n(ELI.type_document)


def extractor_version() -> str:
    """Recorded on each report so that a new extractor re-ingests unchanged files."""
    try:
        return f"legalkg {version('legalkg')}"
    except PackageNotFoundError:
        return "legalkg (source)"


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=INT)


def _lang(text: str, language: str) -> ox.Literal:
    return ox.Literal(text, language=language) if language else ox.Literal(text)


REGULATION_LEVEL = {key: _n(LKG[re.sub(r"-(\w)", lambda m: m.group(1).upper(), key)])
                    for key in REGULATION_LEVELS}
DIVISION_LEVEL = {"province": _n(LKG.provinceLevel), "city": _n(LKG.prefectureLevel),
                  "county": _n(LKG.countyLevel)}


def span_iri(report: ox.NamedNode, start: int, end: int) -> ox.NamedNode:
    """The node for characters start:end of a report's text (RFC 5147 fragment)."""
    return ox.NamedNode(f"{report.value}#char={start},{end}")


def division_triples(code: str) -> Iterator[ox.Triple]:
    """A division and every division above it: type, name, GB/T 2260 code, level, parent."""
    division = divisions().get(code)
    if division is None:
        return
    chain = lineage(division)
    for node_div, parent in zip(chain, [*chain[1:], None]):
        node = _n(entity_iri("division", node_div.code))
        yield ox.Triple(node, A, _n(LKG.AdministrativeDivision))
        yield ox.Triple(node, A, _n(SDO.AdministrativeArea))
        yield ox.Triple(node, PREF, ox.Literal(node_div.name, language="zh"))
        yield ox.Triple(node, _n(SKOS.notation), ox.Literal(node_div.code))
        yield ox.Triple(node, _n(LKG.divisionLevel), DIVISION_LEVEL[node_div.level])
        if parent is not None:
            yield ox.Triple(node, _n(SDO.containedInPlace), _n(entity_iri("division", parent.code)))


def entity_triples(entity: Entity, language: str) -> Iterator[ox.Triple]:
    """Type, labels, identifiers and scheme links of one entity."""
    node = _n(entity_iri(entity.kind, entity.key))
    for cls in CLASS_OF[entity.kind]:
        yield ox.Triple(node, A, cls)
    labels = dict(entity.labels)
    labels.setdefault(language, entity.label)
    for lang, label in sorted(labels.items()):
        yield ox.Triple(node, PREF, _lang(label, lang))
    preferred = set(labels.values())
    for alias in sorted(set(entity.aliases) - preferred):
        yield ox.Triple(node, ALT, _lang(alias, language))
    if entity.kind == "mechanism":
        yield ox.Triple(node, IN_SCHEME, MECHANISMS)
        yield ox.Triple(node, CURATED, TRUE if entity.curated else FALSE)
        for key in entity.broader:
            yield ox.Triple(node, BROADER, _n(entity_iri("mechanism", key)))
    for identifier in entity.identifiers:
        yield ox.Triple(node, ID_LOCAL, ox.Literal(identifier))
    if entity.level in REGULATION_LEVEL:
        yield ox.Triple(node, TYPE_DOCUMENT, REGULATION_LEVEL[entity.level])


class _Sentences:
    """The sentence nodes of one report, each made once however many mentions it holds."""

    def __init__(self, report: ox.NamedNode, text: str) -> None:
        self.report, self.text = report, text
        self.nodes: dict[tuple[int, int], ox.NamedNode] = {}
        self.triples: list[ox.Triple] = []

    def node(self, found: Mention | Figure) -> ox.NamedNode:
        """The node of the sentence around `found`; its status is that of the first thing found
        in it (a plan section holds whole sentences)."""
        span = (found.sentence_start, found.sentence_end)
        node = self.nodes.get(span)
        if node is None:
            node = self.nodes[span] = span_iri(self.report, *span)
            self.triples += (
                ox.Triple(node, A, SENTENCE),
                ox.Triple(node, PART_OF, self.report),
                ox.Triple(node, EXACT, ox.Literal(self.text[span[0]:span[1]])),
                ox.Triple(node, START, _int(span[0])),
                ox.Triple(node, END, _int(span[1])),
                ox.Triple(node, STATUS_OF, STATUS[found.status]),
            )
        return node


def evidence_triples(report: ox.NamedNode, target: ox.NamedNode, mention: Mention, sentences: _Sentences) -> Iterator[ox.Triple]:
    """One mention: what it names, the sentence it is in, and where it is."""
    node = span_iri(report, mention.start, mention.end)
    yield ox.Triple(node, A, EVIDENCE)
    yield ox.Triple(node, ABOUT, target)
    yield ox.Triple(node, IN_SENTENCE, sentences.node(mention))
    yield ox.Triple(node, MENTION_START, _int(mention.start))
    yield ox.Triple(node, MENTION_END, _int(mention.end))


def figure_triples(
    report: ox.NamedNode, bureau: ox.NamedNode | None, year: int | None, figure: Figure, sentences: _Sentences,
) -> Iterator[ox.Triple]:
    """One key figure as an RDF Data Cube observation (indicator, bureau, year; value, unit) with
    the sentence it comes from."""
    node = _n(node_iri(report.value, "figure", figure.indicator, figure.start, figure.end))
    value = f"{figure.value:.6f}".rstrip("0").rstrip(".")
    yield from (
        ox.Triple(node, A, _n(QB.Observation)),
        ox.Triple(node, A, _n(LKG.KeyFigure)),
        ox.Triple(node, _n(QB.dataSet), _n(LKG.KeyFigures)),
        ox.Triple(node, _n(LKG.indicator), _n(entity_iri("indicator", figure.indicator))),
        ox.Triple(node, _n(SDMX_MEASURE.obsValue), ox.Literal(value, datatype=DECIMAL)),
        ox.Triple(node, _n(SDMX_ATTRIBUTE.unitMeasure), _n(entity_iri("unit", figure.unit))),
        ox.Triple(node, IN_SENTENCE, sentences.node(figure)),
        ox.Triple(node, MENTION_START, _int(figure.start)),
        ox.Triple(node, MENTION_END, _int(figure.end)),
    )
    if bureau is not None:
        yield ox.Triple(node, _n(LKG.refBureau), bureau)
    if year is not None:
        yield ox.Triple(node, _n(LKG.year), _int(year))


def report_metadata(extraction: Extraction) -> list[ox.Triple]:
    """The report itself: file, digest, extractor, language, format, title, year, bureau."""
    doc = extraction.document
    report = _n(report_iri(doc.name))
    triples = [
        ox.Triple(report, A, _n(LKG.Report)),
        ox.Triple(report, A, _n(PROV.Entity)),
        ox.Triple(report, _n(LKG.sourceFile), ox.Literal(doc.name)),
        ox.Triple(report, _n(LKG.sha256), ox.Literal(doc.sha256)),
        ox.Triple(report, _n(LKG.extractor), ox.Literal(extractor_version())),
        ox.Triple(report, _n(DCTERMS.language), ox.Literal(extraction.language)),
        ox.Triple(report, _n(DCTERMS["format"]), ox.Literal(doc.media_type)),
    ]
    if extraction.title:
        triples.append(ox.Triple(report, _n(DCTERMS.title), ox.Literal(extraction.title)))
    if extraction.year is not None:
        triples.append(ox.Triple(report, _n(LKG.year), _int(extraction.year)))
    if extraction.bureau is not None:
        triples.append(ox.Triple(report, _n(LKG.issuedBy), _n(entity_iri("bureau", extraction.bureau.key))))
    return triples



def report_triples(extraction: Extraction) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(the report graph's triples, the entity descriptions), each without duplicates, in a
    stable order."""
    doc = extraction.document
    report = _n(report_iri(doc.name))
    own = report_metadata(extraction)
    described: list[ox.Triple] = []
    bureau = None
    if extraction.bureau is not None:
        bureau = _n(entity_iri("bureau", extraction.bureau.key))
        described += entity_triples(extraction.bureau, extraction.language)
        if extraction.place and extraction.place in divisions():
            described.append(ox.Triple(bureau, _n(SDO.areaServed), _n(entity_iri("division", extraction.place))))
            described += division_triples(extraction.place)
    sentences = _Sentences(report, doc.text)
    for entity in extraction.entities():
        target = _n(entity_iri(entity.kind, entity.key))
        described += entity_triples(entity, extraction.language)
        if bureau is not None:
            own.append(ox.Triple(bureau, LINK_OF[entity.kind], target))
        for mention in entity.mentions:
            own += evidence_triples(report, target, mention, sentences)
    for figure in extraction.figures:
        own += figure_triples(report, bureau, extraction.year, figure, sentences)
    own += sentences.triples
    return list(dict.fromkeys(own)), list(dict.fromkeys(described))


def report_quads(extraction: Extraction) -> list[ox.Quad]:
    """The report graph's quads followed by the entity descriptions' quads."""
    graph = _n(report_iri(extraction.document.name))
    own, described = report_triples(extraction)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in own] + [
        ox.Quad(t.subject, t.predicate, t.object, ENTITIES) for t in described]


def report_nquads(extraction: Extraction) -> str:
    """The report's quads as N-Quads text (what workers send back to the writer)."""
    return ox.serialize(report_quads(extraction), format=ox.RdfFormat.N_QUADS).decode("utf-8")
