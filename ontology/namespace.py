"""Vocabulary namespaces as rdflib `DefinedNamespace`s: a misspelt term raises at import.

`LKG` must define exactly the terms declared in `legalkg.ttl` (a test checks both ways).
rdflib already ships ORG, PROV, DCTERMS, SKOS, QB and SH; W3C Web Annotation (OA), ELI and the
SDMX measure/attribute properties are declared here with the terms legalkg uses.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/legalkg/"
ID = Namespace(BASE + "id/")
VOCAB_GRAPH = URIRef(BASE + "graph/vocabulary")
ENTITY_GRAPH = URIRef(BASE + "graph/entities")


class LKG(DefinedNamespace):
    """The legalkg ontology: https://w3id.org/legalkg/ontology#"""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Report: URIRef
    Bureau: URIRef
    Regulation: URIRef
    Mechanism: URIRef
    Agency: URIRef
    Evidence: URIRef
    Sentence: URIRef
    PlanSection: URIRef
    LinkStatus: URIRef
    # individuals
    MechanismScheme: URIRef
    done: URIRef
    planned: URIRef
    # report properties
    issuedBy: URIRef
    year: URIRef
    sha256: URIRef
    sourceFile: URIRef
    extractor: URIRef
    # links between a bureau and what it names
    implements: URIRef
    plans: URIRef
    onlyPlans: URIRef
    cites: URIRef
    worksWith: URIRef
    # partner roles (sub-properties of worksWith)
    ledBy: URIRef
    supervisedBy: URIRef
    cooperatesWith: URIRef
    appliesDocumentsOf: URIRef
    # what a reporting body is
    DepartmentKind: URIRef
    DepartmentKindScheme: URIRef
    AdministrativeLevel: URIRef
    AdministrativeLevelScheme: URIRef
    departmentKind: URIRef
    administrativeLevel: URIRef
    # evidence properties
    about: URIRef
    inSentence: URIRef
    mentionStart: URIRef
    mentionEnd: URIRef
    status: URIRef
    text: URIRef
    # entity properties
    curated: URIRef
    # key figures (RDF Data Cube observations)
    KeyFigure: URIRef
    KeyFigures: URIRef
    KeyFiguresStructure: URIRef
    Indicator: URIRef
    IndicatorScheme: URIRef
    indicator: URIRef
    refBureau: URIRef

    # places (administrative divisions, GB/T 2260 codes)
    AdministrativeDivision: URIRef
    DivisionLevel: URIRef
    divisionLevel: URIRef
    provinceLevel: URIRef
    prefectureLevel: URIRef
    countyLevel: URIRef
    # regulation levels (eli:type_document values)
    RegulationLevel: URIRef
    RegulationLevelScheme: URIRef
    constitution: URIRef
    nationalLaw: URIRef
    partyRegulation: URIRef
    centralDocument: URIRef
    stateCouncilRegulation: URIRef
    ministryDocument: URIRef
    provincialDocument: URIRef
    municipalDocument: URIRef
    countyDocument: URIRef

class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary (the terms legalkg uses)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


class SDMX_MEASURE(DefinedNamespace):
    """SDMX measure properties used with the RDF Data Cube."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")

    obsValue: URIRef


class SDMX_ATTRIBUTE(DefinedNamespace):
    """SDMX attribute properties used with the RDF Data Cube."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

    unitMeasure: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology (the terms legalkg uses)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    ResourceType: URIRef
    title: URIRef
    id_local: URIRef
    type_document: URIRef
    cites: URIRef
