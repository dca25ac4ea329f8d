"""Turn one report's `Extraction` into RDF triples (pyoxigraph terms, for speed).

The shape is documented in docs/design.md. Every node IRI is derived from stable inputs
(report name, entity keys, offsets), so the same report always yields the same triples.
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
from legalkg.ontology.namespace import ELI, LKG, OA, SDMX_ATTRIBUTE, SDMX_MEASURE


def _n(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


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
        yield ox.Triple(node, _n(SKOS.inScheme), _n(LKG.MechanismScheme))
        yield ox.Triple(node, _n(LKG.curated), ox.Literal("true" if entity.curated else "false", datatype=BOOL))
        for key in entity.broader:
            yield ox.Triple(node, _n(SKOS.broader), _n(entity_iri("mechanism", key)))
    for identifier in entity.identifiers:
        yield ox.Triple(node, _n(ELI.id_local), ox.Literal(identifier))
    if entity.level in REGULATION_LEVEL:
        yield ox.Triple(node, _n(ELI.type_document), REGULATION_LEVEL[entity.level])


def evidence_triples(
    report: ox.NamedNode, subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode,
    mention: Mention, text: str,
) -> Iterator[ox.Triple]:
    """One evidence node: the reified link, its sentence and Web Annotation selectors."""
    ev = _n(node_iri(report.value, predicate.value, obj.value, mention.start, mention.end))
    yield from (
        ox.Triple(ev, A, _n(LKG.Evidence)),
        ox.Triple(ev, A, _n(RDF.Statement)),
        ox.Triple(ev, _n(RDF.subject), subject),
        ox.Triple(ev, _n(RDF.predicate), predicate),
        ox.Triple(ev, _n(RDF.object), obj),
    )
    yield from provenance_triples(ev, report, mention, text)


def provenance_triples(node: ox.NamedNode, report: ox.NamedNode, found: Mention | Figure, text: str) -> Iterator[ox.Triple]:
    """Where `node` (an evidence node or a key figure) comes from: the report, the status, the
    sentence and the offsets, as plain properties and as Web Annotation selectors."""
    target, quote, position = (ox.NamedNode(f"{node.value}#{part}") for part in ("target", "quote", "position"))
    sentence = text[found.sentence_start : found.sentence_end]
    yield from (
        ox.Triple(node, _n(PROV.wasDerivedFrom), report),
        ox.Triple(node, _n(LKG.status), STATUS[found.status]),
        ox.Triple(node, _n(LKG.sentence), ox.Literal(sentence)),
        ox.Triple(node, _n(LKG.surfaceForm), ox.Literal(text[found.start : found.end])),
        ox.Triple(node, _n(LKG.mentionStart), _int(found.start)),
        ox.Triple(node, _n(LKG.mentionEnd), _int(found.end)),
        ox.Triple(node, _n(OA.hasTarget), target),
        ox.Triple(target, A, _n(OA.SpecificResource)),
        ox.Triple(target, _n(OA.hasSource), report),
        ox.Triple(target, _n(OA.hasSelector), quote),
        ox.Triple(target, _n(OA.hasSelector), position),
        ox.Triple(quote, A, _n(OA.TextQuoteSelector)),
        ox.Triple(quote, _n(OA.exact), ox.Literal(sentence)),
        ox.Triple(position, A, _n(OA.TextPositionSelector)),
        ox.Triple(position, _n(OA.start), _int(found.sentence_start)),
        ox.Triple(position, _n(OA.end), _int(found.sentence_end)),
    )


def figure_triples(
    report: ox.NamedNode, bureau: ox.NamedNode | None, year: int | None, figure: Figure, text: str,
) -> Iterator[ox.Triple]:
    """One key figure as an RDF Data Cube observation (indicator, bureau, year; value, unit) with
    its provenance."""
    node = _n(node_iri(report.value, "figure", figure.indicator, figure.start, figure.end))
    value = f"{figure.value:.6f}".rstrip("0").rstrip(".")
    yield from (
        ox.Triple(node, A, _n(QB.Observation)),
        ox.Triple(node, A, _n(LKG.KeyFigure)),
        ox.Triple(node, _n(QB.dataSet), _n(LKG.KeyFigures)),
        ox.Triple(node, _n(LKG.indicator), _n(entity_iri("indicator", figure.indicator))),
        ox.Triple(node, _n(SDMX_MEASURE.obsValue), ox.Literal(value, datatype=DECIMAL)),
        ox.Triple(node, _n(SDMX_ATTRIBUTE.unitMeasure), _n(entity_iri("unit", figure.unit))),
    )
    if bureau is not None:
        yield ox.Triple(node, _n(LKG.refBureau), bureau)
    if year is not None:
        yield ox.Triple(node, _n(LKG.year), _int(year))
    yield from provenance_triples(node, report, figure, text)


def report_triples(extraction: Extraction) -> list[ox.Triple]:
    """All triples of one report, without duplicates, in a stable order."""
    doc = extraction.document
    report = _n(report_iri(doc.name))
    triples: list[ox.Triple] = [
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
    subject = report
    if extraction.bureau is not None:
        subject = _n(entity_iri("bureau", extraction.bureau.key))
        triples.append(ox.Triple(report, _n(LKG.issuedBy), subject))
        triples.extend(entity_triples(extraction.bureau, extraction.language))
        if extraction.place and extraction.place in divisions():
            triples.append(ox.Triple(subject, _n(SDO.areaServed), _n(entity_iri("division", extraction.place))))
            triples.extend(division_triples(extraction.place))
    for entity in extraction.entities():
        obj = _n(entity_iri(entity.kind, entity.key))
        predicate = LINK_OF[entity.kind]
        triples.extend(entity_triples(entity, extraction.language))
        if extraction.bureau is not None:
            triples.append(ox.Triple(subject, predicate, obj))
        for mention in entity.mentions:
            triples.extend(evidence_triples(report, subject, predicate, obj, mention, doc.text))
    bureau = subject if extraction.bureau is not None else None
    for figure in extraction.figures:
        triples.extend(figure_triples(report, bureau, extraction.year, figure, doc.text))
    return list(dict.fromkeys(triples))


def report_ntriples(extraction: Extraction) -> str:
    """The report's triples as N-Triples text (what workers send back to the writer)."""
    return ox.serialize(report_triples(extraction), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
