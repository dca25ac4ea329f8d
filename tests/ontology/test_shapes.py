"""SHACL shapes, one case per test, on inline Turtle (pySHACL's own testing style)."""
from __future__ import annotations

import pytest
from rdflib import Graph

from legalkg.ontology.validate import ontology_graph, validate_graph

PREFIXES = """
@prefix lkg: <https://w3id.org/legalkg/ontology#> .
@prefix id: <https://w3id.org/legalkg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""
SHA = "a" * 64
REPORT = f"""
id:report\\/r a lkg:Report, prov:Entity ; lkg:sourceFile "r.txt" ; lkg:sha256 "{SHA}" ;
    dcterms:language "zh" ; lkg:year 2019 ; lkg:issuedBy id:bureau\\/b .
id:bureau\\/b a lkg:Bureau ; skos:prefLabel "杭州市人力资源和社会保障局"@zh .
"""
EVIDENCE = """
id:mechanism\\/m a lkg:Mechanism, skos:Concept ; skos:inScheme lkg:MechanismScheme ; skos:prefLabel "三项制度"@zh .
id:report\\/r\\#char\\=4\\,8 a lkg:Evidence ; lkg:about id:mechanism\\/m ; lkg:inSentence id:report\\/r\\#char\\=0\\,8 ;
    lkg:mentionStart 4 ; lkg:mentionEnd 8 .
id:report\\/r\\#char\\=0\\,8 a lkg:Sentence ; dcterms:isPartOf id:report\\/r ; lkg:status lkg:done ;
    oa:exact "全面落实三项制度" ; oa:start 0 ; oa:end 8 .
"""


def check(turtle: str) -> tuple[bool, str]:
    data = Graph().parse(data=PREFIXES + turtle, format="turtle")
    data += ontology_graph()
    conforms, _, text = validate_graph(data)
    return conforms, text


def test_shapes_valid_report_conforms() -> None:
    conforms, text = check(REPORT)
    assert conforms, text


def test_shapes_valid_evidence_conforms() -> None:
    conforms, text = check(REPORT + EVIDENCE)
    assert conforms, text


def test_shapes_report_without_source_file_fails() -> None:
    conforms, text = check(REPORT.replace('lkg:sourceFile "r.txt" ;', ""))
    assert not conforms and "sourceFile" in text


def test_shapes_report_with_two_digests_fails() -> None:
    conforms, text = check(REPORT.replace(f'lkg:sha256 "{SHA}"', f'lkg:sha256 "{SHA}", "{"b" * 64}"'))
    assert not conforms and "sha256" in text


def test_shapes_report_with_malformed_digest_fails() -> None:
    assert not check(REPORT.replace(SHA, "not-a-digest"))[0]


def test_shapes_report_year_as_string_fails() -> None:
    assert not check(REPORT.replace("lkg:year 2019", 'lkg:year "2019"'))[0]


@pytest.mark.parametrize("year", [1800, 2500])
def test_shapes_report_year_out_of_range_fails(year: int) -> None:
    assert not check(REPORT.replace("lkg:year 2019", f"lkg:year {year}"))[0]


def test_shapes_report_without_year_or_bureau_conforms() -> None:
    assert check(REPORT.replace("lkg:year 2019 ;", "").replace("; lkg:issuedBy id:bureau\\/b", ""))[0]


def test_shapes_report_issued_by_a_non_bureau_fails() -> None:
    conforms, text = check(REPORT.replace("id:bureau\\/b a lkg:Bureau", "id:bureau\\/b a lkg:Agency"))
    assert not conforms and "issuedBy" in text


def test_shapes_report_issued_by_two_bureaus_fails() -> None:
    extra = 'id:bureau\\/c a lkg:Bureau ; skos:prefLabel "绍兴市人社局"@zh . id:report\\/r lkg:issuedBy id:bureau\\/c .'
    assert not check(REPORT + extra)[0]


def test_shapes_two_zh_preflabels_fail() -> None:
    conforms, text = check(REPORT + 'id:bureau\\/b skos:prefLabel "杭州市人社局"@zh .')
    assert not conforms and "prefLabel" in text


def test_shapes_one_zh_and_one_en_preflabel_conform() -> None:
    assert check(REPORT + 'id:bureau\\/b skos:prefLabel "Hangzhou Bureau"@en .')[0]


def test_shapes_entity_without_preflabel_fails() -> None:
    assert not check(REPORT + 'id:partner\\/p a lkg:Agency ; skos:altLabel "法院"@zh .')[0]


def test_shapes_mechanism_outside_the_scheme_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace("skos:inScheme lkg:MechanismScheme ;", ""))[0]


def test_shapes_evidence_with_unknown_status_fails() -> None:
    conforms, text = check(REPORT + EVIDENCE.replace("lkg:status lkg:done", "lkg:status lkg:maybe"))
    assert not conforms and "status" in text


def test_shapes_evidence_not_derived_from_a_report_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace("dcterms:isPartOf id:report\\/r", "dcterms:isPartOf id:x"))[0]


def test_shapes_evidence_without_sentence_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace('oa:exact "全面落实三项制度" ;', ""))[0]


def test_shapes_evidence_naming_nothing_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace("lkg:about id:mechanism\\/m ;", ""))[0]


def test_shapes_evidence_without_its_sentence_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace("lkg:inSentence id:report\\/r\\#char\\=0\\,8 ;", ""))[0]


def test_shapes_mention_start_after_end_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace("lkg:mentionStart 4", "lkg:mentionStart 9"))[0]


def test_shapes_selector_start_after_end_fails() -> None:
    assert not check(REPORT + EVIDENCE.replace("oa:start 0 ; oa:end 8", "oa:start 9 ; oa:end 8"))[0]


def test_shapes_selector_offsets_as_strings_fail() -> None:
    assert not check(REPORT + EVIDENCE.replace("oa:start 0", 'oa:start "0"'))[0]


def test_shapes_body_with_an_unknown_level_does_not_conform() -> None:
    data = Graph().parse(data="""
        @prefix lkg: <https://w3id.org/legalkg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/legalkg/id/bureau/b> a lkg:Bureau ; skos:prefLabel "某局"@zh ;
            lkg:departmentKind <https://w3id.org/legalkg/id/department/justice> ;
            lkg:administrativeLevel <https://w3id.org/legalkg/id/level/galactic> .
    """, format="turtle")
    conforms, _, text = validate_graph(data)
    assert not conforms and "administrativeLevel" in text


def test_shapes_role_link_to_a_non_agency_does_not_conform() -> None:
    data = Graph().parse(data="""
        @prefix lkg: <https://w3id.org/legalkg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/legalkg/id/bureau/b> a lkg:Bureau ; skos:prefLabel "某局"@zh ;
            lkg:ledBy <https://w3id.org/legalkg/id/mechanism/m> .
        <https://w3id.org/legalkg/id/mechanism/m> a lkg:Mechanism ; skos:prefLabel "某制度"@zh .
    """, format="turtle")
    conforms, _, text = validate_graph(data)
    assert not conforms and "partner role" in text
