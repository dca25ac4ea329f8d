"""Turn one report's `Extraction` into RDF: N-Quads text, ready for Oxigraph's bulk loader.

The shape is documented in docs/design.md. Two graphs receive the quads:
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

Why text rather than pyoxigraph terms: making a term object and printing it cost more than
extraction's own rules (measured), so lines are written term by term. IRIs are the constants
below or minted by `graph.iris` (slugs of [a-z0-9-], RFC 5147 fragments: nothing to escape);
every literal that holds words is printed by Oxigraph (`str(ox.Literal)`), so the document's
text is escaped by the serializer, never by hand. An entity's description is built once per
process and reused (`entity_lines`): most reports describe entities other reports described.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, ORG, RDF, SDO, SKOS, XSD

from legalkg.graph.iris import entity_iri, report_iri
from legalkg.ingest.model import Entity, Extraction
from legalkg.ingest.places import divisions, lineage
from legalkg.ingest.rules_zh import REGULATION_LEVELS
from legalkg.ontology.namespace import ELI, ENTITY_GRAPH, LKG, SDMX_ATTRIBUTE, SDMX_MEASURE

Block = tuple[str, ...]  # the N-Quads lines of one entity's description


def term(iri: object) -> ox.NamedNode:
    """The pyoxigraph node of an IRI (an rdflib namespace term or a string)."""
    return ox.NamedNode(str(iri))


def _nt(iri: object) -> str:
    """The N-Triples form of an IRI of the vocabularies (nothing to escape)."""
    return f"<{iri}>"


ENTITIES = term(ENTITY_GRAPH)
A = term(RDF.type)
INT = term(XSD.integer)


@lru_cache(maxsize=1 << 16)
def integer(value: int) -> ox.Literal:
    """An xsd:integer literal (cached: offsets and years repeat)."""
    return ox.Literal(str(value), datatype=INT)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Recorded on each report so that a new extractor re-ingests unchanged files."""
    try:
        return f"legalkg {version('legalkg')}"
    except PackageNotFoundError:
        return "legalkg (source)"


_IN_ENTITIES = f" {_nt(ENTITY_GRAPH)} .\n"
_A, _INT, _DECIMAL = _nt(RDF.type), _nt(XSD.integer), _nt(XSD.decimal)
_TRUE, _FALSE = (str(ox.Literal(value, datatype=term(XSD.boolean))) for value in ("true", "false"))
_CLASSES_OF = {
    "bureau": (_nt(LKG.Bureau), _nt(ORG.Organization)),
    "partner": (_nt(LKG.Agency), _nt(ORG.Organization)),
    "regulation": (_nt(LKG.Regulation), _nt(ELI.LegalResource)),
    "mechanism": (_nt(LKG.Mechanism), _nt(SKOS.Concept)),
}
_LINK_OF = {"regulation": _nt(LKG.cites), "mechanism": _nt(LKG.implements), "partner": _nt(LKG.worksWith)}
_ROLE_LINK = {"leads": _nt(LKG.ledBy), "supervises": _nt(LKG.supervisedBy), "cooperates": _nt(LKG.cooperatesWith),
              "issues": _nt(LKG.appliesDocumentsOf)}
_REGULATION_LEVEL = {key: _nt(LKG[re.sub(r"-(\w)", lambda m: m.group(1).upper(), key)]) for key in REGULATION_LEVELS}
_DIVISION_LEVEL = {"province": _nt(LKG.provinceLevel), "city": _nt(LKG.prefectureLevel), "county": _nt(LKG.countyLevel)}
_PREF, _ALT, _NOTATION, _IN_SCHEME, _BROADER = (_nt(SKOS.prefLabel), _nt(SKOS.altLabel), _nt(SKOS.notation),
                                                _nt(SKOS.inScheme), _nt(SKOS.broader))
_MECHANISMS, _CURATED = _nt(LKG.MechanismScheme), _nt(LKG.curated)
_ID_LOCAL, _TYPE_DOCUMENT = _nt(ELI.id_local), _nt(ELI.type_document)
_DEPARTMENT_KIND, _ADMIN_LEVEL = _nt(LKG.departmentKind), _nt(LKG.administrativeLevel)
_DIVISION, _AREA, _DIVISION_LEVEL_OF = _nt(LKG.AdministrativeDivision), _nt(SDO.AdministrativeArea), _nt(LKG.divisionLevel)
_AREA_SERVED, _CONTAINED_IN, _SUB_ORGANIZATION_OF = (_nt(SDO.areaServed), _nt(SDO.containedInPlace),
                                                     _nt(ORG.subOrganizationOf))
_REPORT, _SOURCE_FILE, _SHA256, _EXTRACTOR = _nt(LKG.Report), _nt(LKG.sourceFile), _nt(LKG.sha256), _nt(LKG.extractor)
_LANGUAGE, _FORMAT, _TITLE = _nt(DCTERMS.language), _nt(DCTERMS["format"]), _nt(DCTERMS.title)
_YEAR, _ISSUED_BY = _nt(LKG.year), _nt(LKG.issuedBy)
_TEXT, _PLAN_SECTION, _ABOUT, _PLANS, _ONLY_PLANS = (_nt(LKG.text), _nt(LKG.PlanSection), _nt(LKG.about),
                                                     _nt(LKG.plans), _nt(LKG.onlyPlans))
_INDICATOR, _OBS_VALUE, _UNIT_MEASURE = _nt(LKG.indicator), _nt(SDMX_MEASURE.obsValue), _nt(SDMX_ATTRIBUTE.unitMeasure)


def _literal(text: str, language: str = "") -> str:
    """A literal printed by Oxigraph (its escaping), with a language tag when one is given."""
    return str(ox.Literal(text, language=language) if language else ox.Literal(text))


def _typed(lexical: str, datatype: str) -> str:
    """A literal whose lexical form is digits, a sign and a point (nothing to escape)."""
    return f'"{lexical}"^^{datatype}'


@lru_cache(maxsize=1 << 16)
def entity_nt(kind: str, key: str) -> str:
    """The N-Triples form of an entity's IRI."""
    return f"<{entity_iri(kind, key)}>"


def _described(node: str, pairs: list[tuple[str, str]]) -> Block:
    return tuple(f"{node} {p} {o}{_IN_ENTITIES}" for p, o in pairs)


@lru_cache(maxsize=1 << 12)
def division_lines(code: str) -> Block:
    """A division and every division above it: type, name, GB/T 2260 code, level, parent."""
    division = divisions().get(code)
    if division is None:
        return ()
    chain = lineage(division)
    lines: list[str] = []
    for node_div, parent in zip(chain, [*chain[1:], None]):
        pairs = [(_A, _DIVISION), (_A, _AREA), (_PREF, _literal(node_div.name, "zh")),
                 (_NOTATION, _literal(node_div.code)), (_DIVISION_LEVEL_OF, _DIVISION_LEVEL[node_div.level])]
        if parent is not None:
            pairs.append((_CONTAINED_IN, entity_nt("division", parent.code)))
        lines += _described(entity_nt("division", node_div.code), pairs)
    return tuple(lines)


def entity_lines(entity: Entity, language: str) -> Block:
    """Type, labels, identifiers and scheme links of one entity (the same block object for the
    same description: most reports describe entities other reports described already)."""
    return _entity_lines(entity.kind, entity.key, entity.label, tuple(sorted(entity.labels.items())),
                         tuple(entity.aliases), entity.curated, tuple(entity.broader), tuple(entity.identifiers),
                         entity.level, entity.department, entity.admin_level, language)


@lru_cache(maxsize=1 << 14)
def _entity_lines(kind: str, key: str, label: str, labels: tuple[tuple[str, str], ...], aliases: tuple[str, ...],
                  curated: bool, broader: tuple[str, ...], identifiers: tuple[str, ...], level: str | None,
                  department: str | None, admin_level: str | None, language: str) -> Block:
    pairs = [(_A, cls) for cls in _CLASSES_OF[kind]]
    preferred = dict(labels)
    preferred.setdefault(language, label)
    pairs += [(_PREF, _literal(text, lang)) for lang, text in sorted(preferred.items())]
    pairs += [(_ALT, _literal(alias, language)) for alias in sorted(set(aliases) - set(preferred.values()))]
    if kind == "mechanism":
        pairs += [(_IN_SCHEME, _MECHANISMS), (_CURATED, _TRUE if curated else _FALSE)]
        pairs += [(_BROADER, entity_nt("mechanism", other)) for other in broader]
    pairs += [(_ID_LOCAL, _literal(identifier)) for identifier in identifiers]
    if level in _REGULATION_LEVEL:
        pairs.append((_TYPE_DOCUMENT, _REGULATION_LEVEL[level]))
    if department:
        pairs.append((_DEPARTMENT_KIND, entity_nt("department", department)))
    if admin_level:
        pairs.append((_ADMIN_LEVEL, entity_nt("level", admin_level)))
    return _described(entity_nt(kind, key), pairs)


def government_key(body_key: str, department: str | None) -> str | None:
    """The key of the people's government a placed department belongs to (hangzhou-hrss ->
    hangzhou-government); None for governments themselves, national and unplaced bodies."""
    if not department or department == "government" or not body_key.endswith("-" + department):
        return None
    place = body_key[: -len(department) - 1]
    return None if place in ("china",) or place.startswith("unplaced-") else f"{place}-government"


@lru_cache(maxsize=1 << 12)
def _bureau_lines(bureau: str, place: str | None, above: str | None) -> Block:
    """What the reporting body's report adds to its description: the division it serves (and
    the divisions above), the government it belongs to."""
    lines: list[str] = []
    if place and place in divisions():
        lines += _described(bureau, [(_AREA_SERVED, entity_nt("division", place))])
        lines += division_lines(place)
    if above is not None:  # a department of a place belongs to that place's people's government
        lines += _described(bureau, [(_SUB_ORGANIZATION_OF, entity_nt("bureau", above))])
    return tuple(lines)


def _metadata(extraction: Extraction) -> list[tuple[str, str]]:
    """The report itself: file, digest, extractor, language, format, title, year, bureau."""
    doc = extraction.document
    pairs = [(_A, _REPORT), (_SOURCE_FILE, _literal(doc.name)), (_SHA256, _literal(doc.sha256)),
             (_EXTRACTOR, _literal(extractor_version())), (_LANGUAGE, _literal(extraction.language)),
             (_FORMAT, _literal(doc.media_type))]
    if extraction.title:
        pairs.append((_TITLE, _literal(extraction.title)))
    if extraction.year is not None:
        pairs.append((_YEAR, _typed(str(extraction.year), _INT)))
    if extraction.bureau is not None:
        pairs.append((_ISSUED_BY, entity_nt("bureau", extraction.bureau.key)))
    return pairs


def _status_link(entity: Entity) -> str | None:
    """The link's status, for ranking queries that would otherwise read every mention: none
    when the report names the mechanism as done only, lkg:plans when it also names it among its
    plans, lkg:onlyPlans when only there."""
    statuses = {m.status for m in entity.mentions}
    if "planned" not in statuses:
        return None
    return _PLANS if "done" in statuses else _ONLY_PLANS


def report_lines(extraction: Extraction, offset: int = 0) -> tuple[str, list[Block]]:
    """(the report graph as N-Quads text, the entity descriptions as one block of N-Quads lines
    per entity), each line once, in a stable order. `offset`: where the document's text starts
    in the report's (a part of a long report, `ingest.parts`; the extraction's offsets are the
    whole report's)."""
    doc = extraction.document
    report_iri_text = str(report_iri(doc.name, doc.keep_extension))
    report = f"<{report_iri_text}>"
    graph = f" {report} .\n"
    own = [f"{report} {p} {o}{graph}" for p, o in _metadata(extraction)]
    blocks: list[Block] = []
    bureau = None
    if extraction.bureau is not None:
        bureau = entity_nt("bureau", extraction.bureau.key)
        blocks.append(entity_lines(extraction.bureau, extraction.language))
        blocks.append(_bureau_lines(bureau, extraction.place,
                                    government_key(extraction.bureau.key, extraction.bureau.department)))
    span = f"<{report_iri_text}#char="
    text = doc.text
    start, end = extraction.span or (offset, offset + len(text))
    own.append(f"{span}{start},{end}> {_TEXT} {_literal(text[start - offset:end - offset])}{graph}")
    own += [f"{span}{first},{last}> {_A} {_PLAN_SECTION}{graph}" for first, last in extraction.plans]
    for entity in extraction.entities():
        target = entity_nt(entity.kind, entity.key)
        blocks.append(entity_lines(entity, extraction.language))
        if bureau is not None:
            own.append(f"{bureau} {_LINK_OF[entity.kind]} {target}{graph}")
            if entity.role in _ROLE_LINK:
                own.append(f"{bureau} {_ROLE_LINK[entity.role]} {target}{graph}")
            if entity.kind == "mechanism" and (status := _status_link(entity)):
                own.append(f"{bureau} {status} {target}{graph}")
        own += [f"{span}{m.start},{m.end}> {_ABOUT} {target}{graph}" for m in entity.mentions]
    for figure in extraction.figures:
        node = f"{span}{figure.start},{figure.end}>"
        value = f"{figure.value:.6f}".rstrip("0").rstrip(".")
        own.append(f"{node} {_INDICATOR} {entity_nt('indicator', figure.indicator)}{graph}")
        own.append(f"{node} {_OBS_VALUE} {_typed(value, _DECIMAL)}{graph}")
        own.append(f"{node} {_UNIT_MEASURE} {entity_nt('unit', figure.unit)}{graph}")
    return "".join(dict.fromkeys(own)), list(dict.fromkeys(blocks))


def report_nquads(extraction: Extraction, offset: int = 0) -> str:
    """All the report's quads as N-Quads text: its graph, then the entity descriptions."""
    own, blocks = report_lines(extraction, offset)
    return own + "".join(dict.fromkeys(line for block in blocks for line in block))


def report_quads(extraction: Extraction) -> list[ox.Quad]:
    """The report graph's quads followed by the entity descriptions' quads."""
    return list(ox.parse(report_nquads(extraction).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
