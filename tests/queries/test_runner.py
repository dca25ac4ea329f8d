"""The runner on the embedded store: row shape, bound parameters, label language, query forms."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.iris import entity_iri
from legalkg.graph.store import Store
from legalkg.ingest.errors import QueryError
from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query

HANGZHOU = str(entity_iri("bureau", "hangzhou"))
SHAOXING = str(entity_iri("bureau", "shaoxing"))
THREE = str(entity_iri("mechanism", "three-systems"))


def test_run_query_rows_have_vars_in_order_and_python_values(mini_store: Store) -> None:
    rows = run_query(get_query("bureau-mechanisms").text, store=mini_store, bindings={"lang": ox.Literal("zh")})
    assert rows.vars[:4] == ["bureau", "bureauLabel", "mechanism", "mechanismLabel"]
    pairs = {(r["bureau"], r["mechanism"]) for r in rows}
    assert (HANGZHOU, THREE) in pairs and (SHAOXING, THREE) in pairs
    row = next(r for r in rows if r["mechanism"] == str(entity_iri("mechanism", "law-enforcement-publicity")))
    assert row["reports"] == 2 and (row["firstYear"], row["lastYear"]) == (2019, 2020)
    assert row["bureauLabel"] == "杭州市人力资源和社会保障局"


def test_run_query_labels_follow_lang_and_fall_back_to_any(mini_store: Store) -> None:
    rows = run_query(get_query("bureau-mechanisms").text, store=mini_store, bindings={"lang": ox.Literal("en")})
    labels = {r["bureau"]: r["bureauLabel"] for r in rows}
    assert labels[HANGZHOU] == "Hangzhou Municipal Bureau of Human Resources and Social Security"
    assert labels[SHAOXING] == "绍兴市人力资源和社会保障局"  # no English label: falls back


def test_run_query_binds_an_iri_parameter(mini_store: Store) -> None:
    rows = run_query(get_query("bureau-mechanisms").text, store=mini_store, bindings={"bureau": ox.NamedNode(SHAOXING)})
    assert rows.column("bureau") == [SHAOXING, SHAOXING]


def test_run_query_injection_in_a_parameter_is_data(mini_store: Store) -> None:
    hostile = '" } } UNION { ?bureau ?p ?o } #'
    rows = run_query(get_query("resolve-label").text, store=mini_store, bindings={
        "label": ox.Literal(hostile), "labelZh": ox.Literal(hostile, language="zh"),
        "labelEn": ox.Literal(hostile, language="en"),
    })
    assert len(rows) == 0


def test_run_query_mechanism_bureaus_includes_narrower_mechanisms(mini_store: Store) -> None:
    rows = run_query(get_query("mechanism-bureaus").text, store=mini_store, bindings={"mechanism": ox.NamedNode(THREE)})
    via = {(r["bureau"], r["via"]) for r in rows}
    assert (HANGZHOU, str(entity_iri("mechanism", "law-enforcement-publicity"))) in via
    assert (SHAOXING, str(entity_iri("mechanism", "whole-process-recording"))) in via


def test_run_query_evidence_gives_sentence_offsets_and_status(mini_store: Store) -> None:
    rows = run_query(get_query("evidence").text, store=mini_store, bindings={
        "bureau": ox.NamedNode(HANGZHOU), "target": ox.NamedNode(str(entity_iri("mechanism", "law-enforcement-publicity"))),
    })
    assert [(r["year"], r["status"]) for r in rows] == [(2019, "planned"), (2020, "done")]
    first = rows.rows[0]
    assert first["surfaceForm"] == "行政执法公示制度" and first["surfaceForm"] in first["sentence"]
    assert first["end"] - first["start"] == len("行政执法公示制度")
    assert first["sentenceStart"] <= first["start"] <= first["end"] <= first["sentenceEnd"]


def test_run_query_plan_follow_up_matches_next_year(mini_store: Store) -> None:
    (row,) = run_query(get_query("plan-follow-up").text, store=mini_store).rows
    assert (row["planYear"], row["nextYearReports"], row["doneReports"]) == (2019, 1, 1)


def test_run_query_ask_and_construct(mini_store: Store) -> None:
    assert run_query("ASK { ?s a <https://w3id.org/legalkg/ontology#Report> }", store=mini_store).rows == [{"ask": True}]
    rows = run_query("CONSTRUCT { ?r a ?c } WHERE { ?r a ?c FILTER(?c = <https://w3id.org/legalkg/ontology#Report>) }",
                     store=mini_store)
    assert rows.vars == ["subject", "predicate", "object"] and len(rows) == 3


def test_run_query_syntax_error_is_a_query_error(mini_store: Store) -> None:
    with pytest.raises(QueryError, match="does not parse"):
        run_query("SELECT WHERE {", store=mini_store)


def test_run_query_needs_exactly_one_target(mini_store: Store) -> None:
    with pytest.raises(ValueError):
        run_query("ASK {}", store=mini_store, endpoint="http://127.0.0.1:1/query")
