"""The ontology file: parses, matches the LKG namespace both ways, labels every term in zh and en,
and its curated mechanism concepts are the extractor's (same IRIs and preferred labels)."""
from __future__ import annotations

import csv
from importlib.resources import files

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from legalkg.graph.iris import entity_iri
from legalkg.ontology.namespace import LKG
from legalkg.ontology.validate import ontology_graph

NS = str(LKG._NS)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _declared(onto: Graph) -> set[str]:
    return {str(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_ontology_declares_every_lkg_namespace_term(onto: Graph) -> None:
    names = {n for n in LKG.__annotations__}
    assert {NS + n for n in names} <= _declared(onto)


def test_lkg_namespace_defines_every_term_the_ontology_declares(onto: Graph) -> None:
    names = {n for n in LKG.__annotations__}
    assert {iri.removeprefix(NS) for iri in _declared(onto)} <= names


@pytest.mark.parametrize("name", sorted(LKG.__annotations__))
def test_ontology_term_has_bilingual_labels_and_comment(onto: Graph, name: str) -> None:
    term = LKG[name]
    for prop in (RDFS.label, SKOS.prefLabel, RDFS.comment):
        languages = {o.language for o in onto.objects(term, prop)}
        assert {"zh", "en"} <= languages, (name, prop)


def test_ontology_reuses_standard_vocabularies(onto: Graph) -> None:
    org = "http://www.w3.org/ns/org#"
    assert (LKG.Bureau, RDFS.subClassOf, URIRef(org + "Organization")) in onto
    assert (LKG.Agency, RDFS.subClassOf, URIRef(org + "Organization")) in onto
    assert (LKG.worksWith, RDFS.subPropertyOf, URIRef(org + "linkedTo")) in onto
    assert (LKG.Regulation, RDFS.subClassOf, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in onto
    assert (LKG.Report, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    assert (LKG.issuedBy, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/publisher")) in onto
    assert (LKG.MechanismScheme, RDF.type, SKOS.ConceptScheme) in onto
    assert set(onto.objects(LKG.LinkStatus, OWL.oneOf)) and (LKG.planned, RDF.type, LKG.LinkStatus) in onto


def test_three_systems_has_three_narrower_mechanisms(onto: Graph) -> None:
    top = entity_iri("mechanism", "three-systems")
    narrower = set(onto.objects(top, SKOS.narrower))
    assert len(narrower) == 3
    assert all((n, SKOS.broader, top) in onto for n in narrower)
    zh = {str(o) for n in narrower for o in onto.objects(n, SKOS.prefLabel) if o.language == "zh"}
    assert zh == {"行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度"}


def _gazetteer() -> dict[str, dict[str, str]]:
    resource = files("legalkg.ingest").joinpath("gazetteers/mechanisms.tsv")
    rows = csv.reader((line for line in resource.read_text("utf-8").splitlines() if line and not line.startswith("#")),
                      delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row[0]: {"zh": row[1], "en": row[2], "broader": row[5] if len(row) > 5 else ""} for row in rows}


def test_curated_concepts_have_the_gazetteer_iris_and_preferred_labels(onto: Graph) -> None:
    """The vocabulary graph and the report graphs must agree, or a concept gets two zh prefLabels."""
    gazetteer = _gazetteer()
    concepts = set(onto.subjects(SKOS.inScheme, LKG.MechanismScheme))
    assert concepts
    by_iri = {str(entity_iri("mechanism", key)): entry for key, entry in gazetteer.items()}
    for concept in concepts:
        assert str(concept) in by_iri, concept
        labels = {o.language: str(o) for o in onto.objects(concept, SKOS.prefLabel)}
        assert labels == {"zh": by_iri[str(concept)]["zh"], "en": by_iri[str(concept)]["en"]}
        broader = {str(o) for o in onto.objects(concept, SKOS.broader)}
        expected = {str(entity_iri("mechanism", k)) for k in by_iri[str(concept)]["broader"].split("|") if k}
        assert broader == expected


def test_department_kinds_in_the_ontology_are_the_gazetteer_kinds(onto: Graph) -> None:
    from rdflib import Namespace

    from legalkg.ingest.departments import kinds

    scheme = URIRef("https://w3id.org/legalkg/ontology#DepartmentKindScheme")
    dept = Namespace("https://w3id.org/legalkg/id/department/")
    in_scheme = set(onto.subjects(SKOS.inScheme, scheme))
    assert in_scheme == {dept[key] for key in kinds()}
    for key, kind in kinds().items():
        labels = {(str(o), o.language) for o in onto.objects(dept[key], SKOS.prefLabel)}
        assert labels == {(kind.zh, "zh"), (kind.en, "en")}


def test_partner_role_properties_refine_works_with(onto: Graph) -> None:
    roles = {LKG.ledBy, LKG.supervisedBy, LKG.cooperatesWith, LKG.appliesDocumentsOf}
    assert set(onto.subjects(RDFS.subPropertyOf, LKG.worksWith)) == roles
