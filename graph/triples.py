"""Turn one report's `Extraction` into RDF quads (pyoxigraph terms, for speed).

The shape is documented in docs/design.md. Two graphs receive them:
- the report's own named graph (its IRI): the report, its text (once), its plan sections, the
  bureau's links (one per report, entity and status: what queries that rank read), and one
  quad per mention (`<report#char=s,e> lkg:about <entity>`) and three per key figure;
- the shared entities graph: what each entity is (types, labels, scheme, places). A description
  is a fact about the entity, not about the report, so it is stored once however many reports
  name the entity; queries then read each label once instead of once per report.

Every node IRI is derived from stable inputs (report name, entity keys, offsets), so the same
report always yields the same quads. Mention, figure, text and plan nodes are named by their
character range in the report text with an RFC 5147 fragment (`<report>#char=120,124`).

Why so lean (about 12 quads per KB of Chinese text, from 59): the sentence of each mention, its
offsets and status are re-derived from the stored text when read (`ingest.sentences`), and
the export writes them out in full as Web Annotation (`graph.evidence`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, ORG, RDF, SDO, SKOS, XSD

from legalkg.graph.iris import entity_iri, report_iri
from legalkg.ingest.model import Entity, Extraction, Figure, Mention
from legalkg.ingest.places import divisions, lineage
from legalkg.ingest.rules_zh import REGULATION_LEVELS
from legalkg.ontology.namespace import ELI, ENTITY_GRAPH, LKG, SDMX_ATTRIBUTE, SDMX_MEASURE


Term = ox.NamedNode | ox.Literal
# (subject, predicate, object): plain tuples, as building pyoxigraph Triple objects cost more
# than everything else here (measured); `report_quads` makes Quads for callers who want them.
Triple = tuple[ox.NamedNode, ox.NamedNode, Term]


def term(iri: object) -> ox.NamedNode:
    """The pyoxigraph node of an IRI (an rdflib namespace term or a string)."""
    return ox.NamedNode(str(iri))


ENTITIES = term(ENTITY_GRAPH)
A = term(RDF.type)
INT = term(XSD.integer)
BOOL = term(XSD.boolean)
DECIMAL = term(XSD.decimal)
CLASS_OF = {
    "bureau": (term(LKG.Bureau), term(ORG.Organization)),
    "partner": (term(LKG.Agency), term(ORG.Organization)),
    "regulation": (term(LKG.Regulation), term(ELI.LegalResource)),
    "mechanism": (term(LKG.Mechanism), term(SKOS.Concept)),
}
LINK_OF = {"regulation": term(LKG.cites), "mechanism": term(LKG.implements), "partner": term(LKG.worksWith)}
ROLE_LINK = {"leads": term(LKG.ledBy), "supervises": term(LKG.supervisedBy), "cooperates": term(LKG.cooperatesWith),
             "issues": term(LKG.appliesDocumentsOf)}
_DEPARTMENT_KIND, _ADMIN_LEVEL = term(LKG.departmentKind), term(LKG.administrativeLevel)
_SUB_ORGANIZATION_OF = term(ORG.subOrganizationOf)
PREF, ALT = term(SKOS.prefLabel), term(SKOS.altLabel)
TRUE, FALSE = ox.Literal("true", datatype=BOOL), ox.Literal("false", datatype=BOOL)
# terms used per mention or report, made once (building terms and rdflib's namespace lookups
# were most of the cost here)
ABOUT = term(LKG.about)
PLANS, ONLY_PLANS = term(LKG.plans), term(LKG.onlyPlans)
_TEXT, _PLAN_SECTION = term(LKG.text), term(LKG.PlanSection)
IN_SCHEME, MECHANISMS, CURATED, BROADER = term(SKOS.inScheme), term(LKG.MechanismScheme), term(LKG.curated), term(SKOS.broader)
ID_LOCAL, TYPE_DOCUMENT = term(ELI.id_local), term(ELI.type_document)
_ADMINISTRATIVE_DIVISION = term(LKG.AdministrativeDivision)
_COUNTY_LEVEL = term(LKG.countyLevel)
_DCTERMS_FORMAT = term(DCTERMS["format"])
_DCTERMS_LANGUAGE = term(DCTERMS.language)
_DCTERMS_TITLE = term(DCTERMS.title)
_DIVISION_LEVEL = term(LKG.divisionLevel)
_EXTRACTOR = term(LKG.extractor)
_INDICATOR = term(LKG.indicator)
_ISSUED_BY = term(LKG.issuedBy)
_PREFECTURE_LEVEL = term(LKG.prefectureLevel)
_PROVINCE_LEVEL = term(LKG.provinceLevel)
_REPORT = term(LKG.Report)
_SDMX_ATTRIBUTE_UNIT_MEASURE = term(SDMX_ATTRIBUTE.unitMeasure)
_SDMX_MEASURE_OBS_VALUE = term(SDMX_MEASURE.obsValue)
_SDO_ADMINISTRATIVE_AREA = term(SDO.AdministrativeArea)
_SDO_AREA_SERVED = term(SDO.areaServed)
_SDO_CONTAINED_IN_PLACE = term(SDO.containedInPlace)
_SHA256 = term(LKG.sha256)
_SKOS_NOTATION = term(SKOS.notation)
_SOURCE_FILE = term(LKG.sourceFile)
_YEAR = term(LKG.year)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Recorded on each report so that a new extractor re-ingests unchanged files."""
    try:
        return f"legalkg {version('legalkg')}"
    except PackageNotFoundError:
        return "legalkg (source)"


@lru_cache(maxsize=1 << 16)
def integer(value: int) -> ox.Literal:
    """An xsd:integer literal (cached: offsets and years repeat)."""
    return ox.Literal(str(value), datatype=INT)


def _lang(text: str, language: str) -> ox.Literal:
    return ox.Literal(text, language=language) if language else ox.Literal(text)


REGULATION_LEVEL = {key: term(LKG[re.sub(r"-(\w)", lambda m: m.group(1).upper(), key)])
                    for key in REGULATION_LEVELS}
DIVISION_LEVEL = {"province": _PROVINCE_LEVEL, "city": _PREFECTURE_LEVEL,
                  "county": _COUNTY_LEVEL}


def span_iri(report: ox.NamedNode, start: int, end: int) -> ox.NamedNode:
    """The node for characters start:end of a report's text (RFC 5147 fragment)."""
    return ox.NamedNode(f"{report.value}#char={start},{end}")


def division_triples(code: str) -> Iterator[Triple]:
    """A division and every division above it: type, name, GB/T 2260 code, level, parent."""
    division = divisions().get(code)
    if division is None:
        return
    chain = lineage(division)
    for node_div, parent in zip(chain, [*chain[1:], None]):
        node = term(entity_iri("division", node_div.code))
        yield (node, A, _ADMINISTRATIVE_DIVISION)
        yield (node, A, _SDO_ADMINISTRATIVE_AREA)
        yield (node, PREF, ox.Literal(node_div.name, language="zh"))
        yield (node, _SKOS_NOTATION, ox.Literal(node_div.code))
        yield (node, _DIVISION_LEVEL, DIVISION_LEVEL[node_div.level])
        if parent is not None:
            yield (node, _SDO_CONTAINED_IN_PLACE, term(entity_iri("division", parent.code)))


def entity_triples(entity: Entity, language: str) -> Iterator[Triple]:
    """Type, labels, identifiers and scheme links of one entity."""
    node = term(entity_iri(entity.kind, entity.key))
    for cls in CLASS_OF[entity.kind]:
        yield (node, A, cls)
    labels = dict(entity.labels)
    labels.setdefault(language, entity.label)
    for lang, label in sorted(labels.items()):
        yield (node, PREF, _lang(label, lang))
    preferred = set(labels.values())
    for alias in sorted(set(entity.aliases) - preferred):
        yield (node, ALT, _lang(alias, language))
    if entity.kind == "mechanism":
        yield (node, IN_SCHEME, MECHANISMS)
        yield (node, CURATED, TRUE if entity.curated else FALSE)
        for key in entity.broader:
            yield (node, BROADER, term(entity_iri("mechanism", key)))
    for identifier in entity.identifiers:
        yield (node, ID_LOCAL, ox.Literal(identifier))
    if entity.level in REGULATION_LEVEL:
        yield (node, TYPE_DOCUMENT, REGULATION_LEVEL[entity.level])
    if entity.department:
        yield (node, _DEPARTMENT_KIND, term(entity_iri("department", entity.department)))
    if entity.admin_level:
        yield (node, _ADMIN_LEVEL, term(entity_iri("level", entity.admin_level)))


def evidence_triples(report: ox.NamedNode, target: ox.NamedNode, mention: Mention) -> Iterator[Triple]:
    """One mention: the node named by its characters in the report says what it names. Its
    sentence and status are re-derived from the report's text and plan sections when read
    (`ingest.sentences`, `graph.evidence`)."""
    yield (span_iri(report, mention.start, mention.end), ABOUT, target)


def figure_triples(report: ox.NamedNode, figure: Figure) -> Iterator[Triple]:
    """One key figure: indicator, value and unit on the node named by its characters. Its bureau
    and year are the report's; the export adds the RDF Data Cube terms (`graph.evidence`)."""
    node = span_iri(report, figure.start, figure.end)
    value = f"{figure.value:.6f}".rstrip("0").rstrip(".")
    yield (node, _INDICATOR, term(entity_iri("indicator", figure.indicator)))
    yield (node, _SDMX_MEASURE_OBS_VALUE, ox.Literal(value, datatype=DECIMAL))
    yield (node, _SDMX_ATTRIBUTE_UNIT_MEASURE, term(entity_iri("unit", figure.unit)))


def text_triples(report: ox.NamedNode, extraction: Extraction, offset: int = 0) -> Iterator[Triple]:
    """The report's text, once (the part of it this extraction covers, for a long report read
    in parts), and its plan sections: what evidence is re-derived from."""
    text = extraction.document.text
    start, end = extraction.span or (offset, offset + len(text))
    yield (span_iri(report, start, end), _TEXT, ox.Literal(text[start - offset:end - offset]))
    for first, last in extraction.plans:
        yield (span_iri(report, first, last), A, _PLAN_SECTION)


def mechanism_status_links(bureau: ox.NamedNode, target: ox.NamedNode, entity: Entity) -> Iterator[Triple]:
    """The link's status, for ranking queries that would otherwise read every mention: nothing
    when the report names the mechanism as done only, lkg:plans when it also names it among its
    plans, lkg:onlyPlans when only there."""
    statuses = {m.status for m in entity.mentions}
    if "planned" in statuses:
        yield (bureau, PLANS if "done" in statuses else ONLY_PLANS, target)


def government_key(body_key: str, department: str | None) -> str | None:
    """The key of the people's government a placed department belongs to (hangzhou-hrss ->
    hangzhou-government); None for governments themselves, national and unplaced bodies."""
    if not department or department == "government" or not body_key.endswith("-" + department):
        return None
    place = body_key[: -len(department) - 1]
    return None if place in ("china",) or place.startswith("unplaced-") else f"{place}-government"


def report_metadata(extraction: Extraction) -> list[Triple]:
    """The report itself: file, digest, extractor, language, format, title, year, bureau."""
    doc = extraction.document
    report = term(report_iri(doc.name, doc.keep_extension))
    triples = [
        (report, A, _REPORT),
        (report, _SOURCE_FILE, ox.Literal(doc.name)),
        (report, _SHA256, ox.Literal(doc.sha256)),
        (report, _EXTRACTOR, ox.Literal(extractor_version())),
        (report, _DCTERMS_LANGUAGE, ox.Literal(extraction.language)),
        (report, _DCTERMS_FORMAT, ox.Literal(doc.media_type)),
    ]
    if extraction.title:
        triples.append((report, _DCTERMS_TITLE, ox.Literal(extraction.title)))
    if extraction.year is not None:
        triples.append((report, _YEAR, integer(extraction.year)))
    if extraction.bureau is not None:
        triples.append((report, _ISSUED_BY, term(entity_iri("bureau", extraction.bureau.key))))
    return triples



def report_triples(extraction: Extraction, offset: int = 0) -> tuple[list[Triple], list[Triple]]:
    """(the report graph's triples, the entity descriptions), each without duplicates, in a
    stable order. `offset`: where the document's text starts in the report's (a part of a long
    report, `ingest.parts`; the extraction's offsets are the whole report's)."""
    doc = extraction.document
    report = term(report_iri(doc.name, doc.keep_extension))
    own = report_metadata(extraction)
    described: list[Triple] = []
    bureau = None
    if extraction.bureau is not None:
        bureau = term(entity_iri("bureau", extraction.bureau.key))
        described += entity_triples(extraction.bureau, extraction.language)
        if extraction.place and extraction.place in divisions():
            described.append((bureau, _SDO_AREA_SERVED, term(entity_iri("division", extraction.place))))
            described += division_triples(extraction.place)
        above = government_key(extraction.bureau.key, extraction.bureau.department)
        if above is not None:  # a department of a place belongs to that place's people's government
            described.append((bureau, _SUB_ORGANIZATION_OF, term(entity_iri("bureau", above))))
    own += text_triples(report, extraction, offset)
    for entity in extraction.entities():
        target = term(entity_iri(entity.kind, entity.key))
        described += entity_triples(entity, extraction.language)
        if bureau is not None:
            own.append((bureau, LINK_OF[entity.kind], target))
            if entity.role in ROLE_LINK:
                own.append((bureau, ROLE_LINK[entity.role], target))
            if entity.kind == "mechanism":
                own += mechanism_status_links(bureau, target, entity)
        for mention in entity.mentions:
            own += evidence_triples(report, target, mention)
    for figure in extraction.figures:
        own += figure_triples(report, figure)
    return list(dict.fromkeys(own)), list(dict.fromkeys(described))


def report_quads(extraction: Extraction) -> list[ox.Quad]:
    """The report graph's quads followed by the entity descriptions' quads."""
    graph = term(report_iri(extraction.document.name, extraction.document.keep_extension))
    own, described = report_triples(extraction)
    return [ox.Quad(s, p, o, graph) for s, p, o in own] + [ox.Quad(s, p, o, ENTITIES) for s, p, o in described]


def report_nquad_lines(extraction: Extraction, offset: int = 0) -> tuple[str, list[str]]:
    """(the report graph as N-Quads text, the entity descriptions as N-Quads lines): what workers
    send back to the writer, which skips description lines it has already written. Each term is
    written in pyoxigraph's own N-Triples form (`str`), so literals are escaped by Oxigraph."""
    graph = f" {term(report_iri(extraction.document.name, extraction.document.keep_extension))} .\n"
    entities = f" {ENTITIES} .\n"
    own, described = report_triples(extraction, offset)
    return "".join([f"{s} {p} {o}{graph}" for s, p, o in own]), [f"{s} {p} {o}{entities}" for s, p, o in described]


def report_nquads(extraction: Extraction) -> str:
    """All the report's quads as N-Quads text."""
    own, described = report_nquad_lines(extraction)
    return own + "".join(described)
