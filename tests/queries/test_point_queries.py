"""Specification of the point queries' own parameters and shapes: mechanism-bureaus' minReports
and the evidence query's windowed sentence rule."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.evidence import MENTIONS_QUERY, locate_all
from legalkg.graph.iris import entity_iri
from legalkg.graph.store import Store
from legalkg.queries.catalog import get_query
from legalkg.queries.params import XSD_INTEGER, bind_params
from legalkg.queries.runner import run_query
from legalkg.queries.sentence import WINDOW, sentence

THREE = ox.NamedNode(str(entity_iri("mechanism", "three-systems")))


def _bureaus(store: Store, **extra: ox.Literal):  # noqa: ANN202
    return run_query(get_query("mechanism-bureaus").text, store=store,
                     bindings={"mechanism": THREE, "lang": ox.Literal("zh"), **extra}).rows


@pytest.mark.parametrize("least", [1, 2, 3])
def test_mechanism_bureaus_min_reports_keeps_exactly_the_rows_with_that_many_reports(
        mini_store: Store, least: int) -> None:
    every = _bureaus(mini_store)
    kept = _bureaus(mini_store, minReports=ox.Literal(str(least), datatype=XSD_INTEGER))
    assert kept == [row for row in every if row["reports"] >= least]
    assert 0 < len(_bureaus(mini_store, minReports=ox.Literal("2", datatype=XSD_INTEGER))) < len(every)


def test_mechanism_bureaus_rows_come_most_reports_first_with_their_years(mini_store: Store) -> None:
    rows = _bureaus(mini_store)
    assert [r["reports"] for r in rows] == sorted((r["reports"] for r in rows), reverse=True)
    assert all(r["firstYear"] <= r["lastYear"] for r in rows) and all(r["bureauLabel"] for r in rows)


def test_min_reports_is_an_optional_integer_parameter(mini_store: Store) -> None:
    query = get_query("mechanism-bureaus")
    param = query.param("minReports")
    assert param is not None and param.kind == "int" and param.optional
    bound = bind_params(query, {"mechanism": "三项制度", "minReports": "2"}, store=mini_store)
    assert bound["minReports"] == ox.Literal("2", datatype=XSD_INTEGER)


@pytest.mark.parametrize("window", [3, 40, WINDOW])
def test_the_windowed_sentence_rule_gives_what_python_gives_whatever_the_window(
        built_store: Store, window: int) -> None:
    text = get_query("evidence").text.replace(sentence(window=WINDOW), sentence(window=window))
    assert sentence(window=window) in text
    links = built_store.query("""PREFIX lkg: <https://w3id.org/legalkg/ontology#>
        SELECT DISTINCT ?bureau ?target WHERE { ?report lkg:issuedBy ?bureau .
          GRAPH ?report { VALUES ?p { lkg:implements lkg:cites lkg:worksWith } ?bureau ?p ?target } }""")
    mentions = built_store.query(MENTIONS_QUERY)
    expected = locate_all(built_store, ((r["report"].value, r["node"].value) for r in mentions))
    checked = 0
    for link in links:
        bindings = {"bureau": link["bureau"], "target": link["target"]}
        for row in run_query(text, store=built_store, bindings=bindings):
            at = expected[row["evidence"]]
            words = at.sentence[at.start - at.sentence_start:at.end - at.sentence_start]
            got = (row["sentenceStart"], row["sentenceEnd"], row["sentence"], row["surfaceForm"])
            assert got == (at.sentence_start, at.sentence_end, at.sentence, words)
            checked += 1
    assert checked > 300
    assert any(at.sentence_end - at.sentence_start > 20 for at in expected.values())  # window 3 falls back


def test_sentence_without_a_window_is_the_whole_text_rule() -> None:
    assert "?piece" not in sentence() and "SUBSTR(?text, 1, ?start - ?blockStart) AS ?before" in sentence()
    assert "?piece" in sentence(window=WINDOW) and f"?at > {WINDOW}" in sentence(window=WINDOW)
