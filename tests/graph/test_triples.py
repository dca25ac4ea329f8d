"""Specification of the RDF produced for one report: the lean quads the store keeps, and the
full Web Annotation form they imply (`graph.evidence.expanded_quads`, what exports carry)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.evidence import expanded_quads
from legalkg.graph.iris import entity_iri, report_iri
from legalkg.graph.store import Store
from legalkg.graph.triples import ENTITIES, report_nquads, report_quads
from legalkg.ingest.model import Document, Entity, Extraction, Mention
from legalkg.ontology.namespace import ENTITY_GRAPH, LKG, OA

TEXT = "我局认真落实行政执法三项制度。2021年将推进法律顾问制度。"


def _extraction(bureau: bool = True, label: str = "行政执法三项制度") -> Extraction:
    doc = Document(name="demo-2020-zh.txt", text=TEXT, sha256="00ff")
    done = Mention("mechanism", "三项制度", 10, 14, 0, 15, "done")
    planned = Mention("mechanism", "法律顾问制度", 23, 29, 15, 30, "planned")
    return Extraction(
        document=doc,
        language="zh",
        year=2020,
        bureau=Entity("bureau", "demo-hrss", "示范市人力资源和社会保障局") if bureau else None,
        mechanisms=[
            Entity("mechanism", "three-systems", label, {"en": "three systems"}, ["三项制度"], [done], True),
            Entity("mechanism", "legal-adviser-system", "法律顾问制度", mentions=[planned]),
        ],
        plans=[(15, 30)],
    )


def _lean(extraction: Extraction) -> Store:
    store = Store()
    store.ox.extend(report_quads(extraction))
    return store


def _graph(extraction: Extraction) -> ox.Store:
    """The expanded form, in one graph."""
    lean = _lean(extraction)
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in report_quads(extraction))
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in expanded_quads(lean))
    return store


def test_the_store_keeps_the_text_once_and_one_quad_per_mention() -> None:
    quads = [q for q in report_quads(_extraction()) if q.graph_name != ENTITIES]
    report = str(report_iri("demo-2020-zh.txt"))
    texts = [q for q in quads if q.predicate.value == str(LKG.text)]
    assert [(t.subject.value, t.object.value) for t in texts] == [(f"{report}#char=0,{len(TEXT)}", TEXT)]
    mentions = [q for q in quads if q.subject.value.startswith(report + "#char=") and q.subject.value.endswith(("14", "29"))]
    assert [(q.subject.value, q.predicate.value) for q in mentions] == [
        (f"{report}#char=10,14", str(LKG.about)), (f"{report}#char=23,29", str(LKG.about))]
    assert not any(q.predicate.value in (str(LKG.inSentence), str(OA.exact)) for q in quads)


def test_a_mechanism_named_only_in_the_plans_gets_an_only_plans_link_and_one_named_in_both_a_plans_link() -> None:
    extraction = _extraction()
    extraction.mechanisms[0].mentions.append(Mention("mechanism", "三项制度", 25, 29, 15, 30, "planned"))
    g = _graph(extraction)
    bureau, three, adviser = (str(entity_iri(*k)) for k in (("bureau", "demo-hrss"), ("mechanism", "three-systems"),
                                                          ("mechanism", "legal-adviser-system")))
    assert _objects(g, bureau, str(LKG.plans)) == {three}
    assert _objects(g, bureau, str(LKG.onlyPlans)) == {adviser}
    assert _objects(g, bureau, str(LKG.implements)) == {three, adviser}


def test_plan_sections_are_stored_as_named_ranges() -> None:
    g = _graph(_extraction())
    plans = {q.subject.value for q in g.quads_for_pattern(None, None, ox.NamedNode(str(LKG.PlanSection)))}
    assert plans == {f"{report_iri('demo-2020-zh.txt')}#char=15,30"}


def _objects(store: ox.Store, s: str, p: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)}


def test_report_quads_are_deterministic() -> None:
    assert report_nquads(_extraction()) == report_nquads(_extraction())


def test_entity_descriptions_go_to_the_shared_entities_graph_and_the_rest_to_the_report_graph() -> None:
    quads = report_quads(_extraction())
    report = ox.NamedNode(str(report_iri("demo-2020-zh.txt")))
    assert {q.graph_name for q in quads} == {report, ENTITIES} and ENTITIES.value == str(ENTITY_GRAPH)
    described = {q.subject.value for q in quads if q.graph_name == ENTITIES}
    assert described == {str(entity_iri("bureau", "demo-hrss")), str(entity_iri("mechanism", "three-systems")),
                         str(entity_iri("mechanism", "legal-adviser-system"))}
    assert not any(q.predicate.value.endswith("prefLabel") for q in quads if q.graph_name == report)


def test_a_sentence_is_stored_once_however_many_mentions_it_holds() -> None:
    extraction = _extraction()
    again = Mention("mechanism", "三项制度", 10, 14, 0, 15, "done")
    extraction.mechanisms[1].mentions.append(Mention("mechanism", "执法", 6, 8, 0, 15, "done"))
    extraction.mechanisms[0].mentions.append(again)
    g = _graph(extraction)
    sentences = {q.subject.value for q in g.quads_for_pattern(None, ox.NamedNode(str(OA.exact)), None)}
    assert sentences == {f"{report_iri('demo-2020-zh.txt')}#char=0,15", f"{report_iri('demo-2020-zh.txt')}#char=15,30"}


def test_report_is_issued_by_its_bureau_for_its_year() -> None:
    g = _graph(_extraction())
    report = str(report_iri("demo-2020-zh.txt"))
    assert _objects(g, report, str(LKG.issuedBy)) == {str(entity_iri("bureau", "demo-hrss"))}
    assert _objects(g, report, str(LKG.year)) == {"2020"}


def test_bureau_implements_each_mechanism() -> None:
    g = _graph(_extraction())
    assert _objects(g, str(entity_iri("bureau", "demo-hrss")), str(LKG.implements)) == {
        str(entity_iri("mechanism", "three-systems")),
        str(entity_iri("mechanism", "legal-adviser-system")),
    }


def test_entity_has_one_preferred_label_per_language_and_aliases() -> None:
    g = _graph(_extraction())
    mech = ox.NamedNode(str(entity_iri("mechanism", "three-systems")))
    pref = [q.object for q in g.quads_for_pattern(mech, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None)]
    assert sorted((lit.language, lit.value) for lit in pref) == [("en", "three systems"), ("zh", "行政执法三项制度")]
    assert _objects(g, mech.value, "http://www.w3.org/2004/02/skos/core#altLabel") == {"三项制度"}


@pytest.mark.parametrize(("surface", "status"), [("三项制度", "done"), ("法律顾问制度", "planned")])
def test_every_mention_keeps_its_target_sentence_offsets_and_status(surface: str, status: str) -> None:
    rows = list(_graph(_extraction()).query(
        """SELECT ?ev ?target ?sentence ?ms ?me ?start ?end ?status ?report WHERE {
             ?ev a lkg:Evidence ; lkg:about ?target ; lkg:inSentence ?s ; lkg:mentionStart ?ms ; lkg:mentionEnd ?me .
             ?s a lkg:Sentence ; oa:exact ?sentence ; oa:start ?start ; oa:end ?end ; lkg:status ?status ;
                dcterms:isPartOf ?report }""",
        prefixes={"lkg": str(LKG), "oa": str(OA), "dcterms": "http://purl.org/dc/terms/"},
    ))
    rows = [r for r in rows if TEXT[int(r["ms"].value):int(r["me"].value)] == surface]
    assert len(rows) == 1
    row = rows[0]
    assert TEXT[int(row["start"].value):int(row["end"].value)] == row["sentence"].value
    assert row["status"].value.endswith(status)
    assert row["report"].value == str(report_iri("demo-2020-zh.txt"))
    assert row["ev"].value == f"{report_iri('demo-2020-zh.txt')}#char={row['ms'].value},{row['me'].value}"


def test_report_without_bureau_keeps_evidence_but_no_link() -> None:
    g = _graph(_extraction(bureau=False))
    report = str(report_iri("demo-2020-zh.txt"))
    assert _objects(g, report, str(LKG.issuedBy)) == set()
    assert not list(g.quads_for_pattern(None, ox.NamedNode(str(LKG.implements)), None))
    assert len(list(g.quads_for_pattern(None, ox.NamedNode(str(LKG.about)), None))) == 2
    assert len(list(g.quads_for_pattern(None, ox.NamedNode(str(LKG.inSentence)), None))) == 2


@pytest.mark.parametrize("hostile", ['"> } } ; DROP ALL ; #', "<script>alert(1)</script>", "line\nbreak\\", "\u0000\u202e"])
def test_document_text_is_escaped_by_the_serializer(hostile: str) -> None:
    parsed = list(ox.parse(report_nquads(_extraction(label=hostile)).encode(), format=ox.RdfFormat.N_QUADS))
    assert any(t.object.value == hostile for t in parsed if isinstance(t.object, ox.Literal))


FIGURE_TEXT = "全年办理行政复议案件15件。败诉率为2.5%。"


def _figures_extraction(bureau: bool = True) -> Extraction:
    from legalkg.ingest.model import Figure

    doc = Document(name="demo-2020-zh.txt", text=FIGURE_TEXT, sha256="00ff")
    return Extraction(
        document=doc, language="zh", year=2020,
        bureau=Entity("bureau", "demo-hrss", "示范市人力资源和社会保障局") if bureau else None,
        figures=[Figure("reconsideration-received", 15, "case", 4, 13, 0, 14),
                 Figure("litigation-loss-rate", 2.5, "percent", 14, 22, 14, 23)],
    )


def test_a_key_figure_is_a_data_cube_observation_with_its_evidence() -> None:
    store = _graph(_figures_extraction())
    rows = list(store.query(
        """PREFIX lkg: <https://w3id.org/legalkg/ontology#>
        PREFIX qb: <http://purl.org/linked-data/cube#>
        PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
        PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?indicator ?value ?unit ?bureau ?year ?report ?start ?end ?sentence WHERE {
          ?f a qb:Observation, lkg:KeyFigure ; qb:dataSet lkg:KeyFigures ; lkg:indicator ?indicator ;
             sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit ; lkg:refBureau ?bureau ;
             lkg:year ?year ; lkg:mentionStart ?start ; lkg:mentionEnd ?end ; lkg:inSentence ?s .
          ?s oa:exact ?sentence ; dcterms:isPartOf ?report }"""))
    assert {(r["indicator"].value.rsplit("/", 1)[1], r["value"].value, r["value"].datatype.value.rsplit("#", 1)[1],
             r["unit"].value.rsplit("/", 1)[1], FIGURE_TEXT[int(r["start"].value):int(r["end"].value)])
            for r in rows} == {
        ("reconsideration-received", "15", "decimal", "case", "行政复议案件15件"),
        ("litigation-loss-rate", "2.5", "decimal", "percent", "败诉率为2.5%"),
    }
    assert {r["bureau"].value for r in rows} == {str(entity_iri("bureau", "demo-hrss"))}
    assert {r["report"].value for r in rows} == {str(report_iri("demo-2020-zh.txt"))}
    assert {r["sentence"].value for r in rows} == {"全年办理行政复议案件15件。", "败诉率为2.5%。"}


def test_a_key_figure_of_a_report_without_bureau_has_no_bureau_dimension() -> None:
    store = _graph(_figures_extraction(bureau=False))
    refs = list(store.quads_for_pattern(None, ox.NamedNode(str(LKG.refBureau)), None))
    figures = list(store.quads_for_pattern(None, None, ox.NamedNode(str(LKG.KeyFigure))))
    assert refs == [] and len(figures) == 2
