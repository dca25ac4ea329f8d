"""`--param` strings become RDF terms; labels resolve to one IRI or a clear error."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.iris import entity_iri
from legalkg.graph.store import Store
from legalkg.ingest.errors import QueryError
from legalkg.queries.catalog import get_query
from legalkg.queries.params import ParamError, bind_params, resolve_label


def test_bind_params_iri_label_and_lang(mini_store: Store) -> None:
    bindings = bind_params(get_query("mechanism-bureaus"), {"mechanism": "三项制度"}, lang="en", store=mini_store)
    assert bindings == {"mechanism": ox.NamedNode(str(entity_iri("mechanism", "three-systems"))), "lang": ox.Literal("en")}


def test_bind_params_english_label_resolves_to_the_same_iri(mini_store: Store) -> None:
    bindings = bind_params(
        get_query("bureau-mechanisms"), {"bureau": "Hangzhou Municipal Bureau of Human Resources and Social Security"},
        store=mini_store,
    )
    assert bindings["bureau"] == ox.NamedNode(str(entity_iri("bureau", "hangzhou")))


def test_bind_params_int_is_an_xsd_integer(mini_store: Store) -> None:
    bindings = bind_params(get_query("reports"), {"year": "2020"}, store=mini_store)
    assert bindings["year"] == ox.Literal("2020", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    with pytest.raises(QueryError, match="integer"):
        bind_params(get_query("reports"), {"year": "twenty"}, store=mini_store)


def test_bind_params_missing_parameter_says_what_is_needed(mini_store: Store) -> None:
    with pytest.raises(QueryError, match=r"needs --param bureau=<iri> --param target=<iri>"):
        bind_params(get_query("evidence"), {}, store=mini_store)


def test_bind_params_unknown_parameter_lists_the_known_ones(mini_store: Store) -> None:
    with pytest.raises(QueryError, match=r"no parameter 'x' \(parameters: mechanism, minReports\)"):
        bind_params(get_query("mechanism-bureaus"), {"x": "1", "mechanism": "三项制度"}, store=mini_store)


def test_bind_params_unknown_label_lists_the_candidates(mini_store: Store) -> None:
    with pytest.raises(ParamError, match="no mechanism is named '不存在的制度'; the ones there are:") as caught:
        bind_params(get_query("mechanism-bureaus"), {"mechanism": "不存在的制度"}, lang="zh", store=mini_store)
    assert caught.value.exit_code == 2
    assert dict(caught.value.candidates)[str(entity_iri("mechanism", "three-systems"))] == "行政执法“三项制度”"
    assert "行政执法“三项制度”  <https://w3id.org/legalkg/id/mechanism/three-systems>" in str(caught.value)


@pytest.mark.parametrize("name", ["杭州", "杭州市人社局", "Hangzhou", "hangzhou municipal", "杭州市人力资源和社会保障局",
                                  "杭州市人力社保局", "ＨＡＮＧＺＨＯＵ"])
def test_bind_params_a_prefix_short_or_english_form_names_the_bureau(mini_store: Store, name: str) -> None:
    bindings = bind_params(get_query("bureau-mechanisms"), {"bureau": name}, store=mini_store)
    assert bindings["bureau"] == ox.NamedNode(str(entity_iri("bureau", "hangzhou")))


def test_bind_params_a_prefix_of_several_lists_them_all(mini_store: Store) -> None:
    with pytest.raises(ParamError, match=r"'行政执法' matches \d mechanisms; give a longer name or one IRI") as caught:
        bind_params(get_query("mechanism-bureaus"), {"mechanism": "行政执法"}, lang="zh", store=mini_store)
    assert caught.value.exit_code == 2
    assert {str(entity_iri("mechanism", key)) for key in ("three-systems", "law-enforcement-publicity")} <= {
        iri for iri, _ in caught.value.candidates}
    assert "行政执法公示制度  <https://w3id.org/legalkg/id/mechanism/law-enforcement-publicity>" in str(caught.value)


def test_resolve_label_respects_the_class(mini_store: Store) -> None:
    bureau = str(entity_iri("bureau", "hangzhou"))
    assert [iri for iri, _ in resolve_label("杭州市人力资源和社会保障局", store=mini_store)] == [bureau]
    assert resolve_label("杭州市人力资源和社会保障局", cls="https://w3id.org/legalkg/ontology#Mechanism",
                         store=mini_store) == []


def test_param_error_lists_candidates_with_control_characters_escaped() -> None:
    error = ParamError("--param bureau: 'x' matches 12 bureaus:", [(f"https://e.org/{i}", f"b\x1b[2J{i}") for i in range(12)])
    lines = str(error).splitlines()
    assert lines[1] == "  b\\x1b[2J0  <https://e.org/0>" and "\x1b" not in str(error)
    assert lines[-1] == "  ... and 2 more" and len(lines) == 12 and error.exit_code == 2


def test_bind_params_literal_is_a_plain_string_literal(mini_store: Store) -> None:
    raw = {"label": '<x> "y"', "labelZh": "三项制度", "labelEn": "three systems"}
    bindings = bind_params(get_query("resolve-label"), raw, store=mini_store)
    assert bindings == {name: ox.Literal(value) for name, value in raw.items()}


def test_bind_params_absolute_iri_is_taken_as_it_is_without_lookup(mini_store: Store) -> None:
    bindings = bind_params(get_query("mechanism-bureaus"), {"mechanism": "urn:x:not-in-the-store"}, store=mini_store)
    assert bindings == {"mechanism": ox.NamedNode("urn:x:not-in-the-store")}


def test_bind_params_invalid_iri_is_a_clear_error(mini_store: Store) -> None:
    with pytest.raises(QueryError, match=r"--param mechanism: not a valid IRI: 'urn:<x>'"):
        bind_params(get_query("mechanism-bureaus"), {"mechanism": "urn:<x>"}, store=mini_store)


def test_bind_params_int_keeps_its_sign_and_drops_padding(mini_store: Store) -> None:
    assert bind_params(get_query("reports"), {"year": " 02020"}, store=mini_store)["year"] == ox.Literal(
        "2020", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def test_bind_params_label_of_many_entities_lists_ten_and_asks_for_one_iri(store: Store) -> None:
    mechanism = ox.NamedNode("https://w3id.org/legalkg/ontology#Mechanism")
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    iris = [ox.NamedNode(f"https://w3id.org/legalkg/id/mechanism/twin-{i:02d}") for i in range(11)]
    store.replace_graph(ox.NamedNode("urn:x:g"), [t for iri in iris for t in (
        ox.Triple(iri, a, mechanism), ox.Triple(iri, pref, ox.Literal("同名制度", language="zh")))])
    with pytest.raises(QueryError, match="is the label of 11 entities; give one IRI") as error:
        bind_params(get_query("mechanism-bureaus"), {"mechanism": "同名制度"}, store=store)
    assert str(error.value).count("同名制度  <https://w3id.org/legalkg/id/mechanism/twin-") == 10
    assert str(error.value).endswith("... and 1 more") and error.value.exit_code == 2
