"""Specification of the sort keys that let named queries sort by IRIs cheaply (`queries.sortkey`)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.store import Store
from legalkg.queries.catalog import catalog, get_query
from legalkg.queries.runner import run_query
from legalkg.queries.sortkey import ID, iri_key, key_names, order

IRIS = [
    ID + "bureau/hangzhou", ID + "bureau/hangzhou-hrss", ID + "bureau/hangzhou-hrss-" + "x" * 90, ID + "bureau/a",
    ID + "mechanism/" + "y" * 14, ID + "mechanism/" + "y" * 15, ID + "mechanism/" + "y" * 16,
    ID, ID[:-1], "https://w3id.org/legalkg/ontology#Bureau", "https://example.org/x", "urn:x:1",
    "http://a.example/" + "z" * 120, "https://w3id.org/legalkg/id0", "https://w3id.org/legalkg/ie",
]


def _sorted(store: Store, condition: str) -> list[str]:
    values = " ".join(f"<{iri}>" for iri in IRIS)
    rows = store.query(f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }}\n{iri_key('x')} }} ORDER BY {condition}")
    return [row["x"].value for row in rows]


def test_iri_key_orders_iris_as_their_text_minted_here_or_not() -> None:
    store = Store()
    assert _sorted(store, order("x")) == sorted(IRIS) == _sorted(store, "?x")
    assert _sorted(store, order("x", descending=True)) == sorted(IRIS, reverse=True)


def test_iri_key_pieces_are_short_enough_to_be_inline_strings() -> None:
    store = Store()
    rows = store.query(f"SELECT * WHERE {{ VALUES ?x {{ <{ID}mechanism/{'q' * 60}> }}\n{iri_key('x')} }}")
    row = next(iter(rows))
    assert all(len(row[name[1:]].value.encode()) <= 15 for name in key_names("x")[1:])


@pytest.mark.parametrize("name", ["bureau-mechanisms", "bureau-partners", "bureau-regulations", "planned-vs-done", "key-figures"])
def test_named_queries_spell_the_key_as_the_module_writes_it(name: str) -> None:
    text = catalog()[name].text
    assert iri_key("bureau", indent="            ") in text and order("bureau") in text


def test_bureau_mechanisms_rows_are_in_iri_order_then_most_reports_first(mini_store: Store) -> None:
    rows = run_query(get_query("bureau-mechanisms").text, store=mini_store, bindings={"lang": ox.Literal("zh")}).rows
    keys = [(r["bureau"], -r["reports"], r["mechanism"]) for r in rows]
    assert len(rows) > 2 and keys == sorted(keys)


def test_planned_vs_done_rows_are_in_iri_and_year_order(mini_store: Store) -> None:
    rows = run_query(get_query("planned-vs-done").text, store=mini_store, bindings={"lang": ox.Literal("zh")}).rows
    keys = [(r["bureau"], r["year"], -r["planned"], r["mechanism"]) for r in rows]
    assert len(rows) > 2 and keys == sorted(keys)


def test_plan_follow_up_counts_a_next_year_report_that_does_not_name_the_mechanism() -> None:
    lkg, idb = "https://w3id.org/legalkg/ontology#", ID
    store = Store()
    store.ox.load(f"""
        <{idb}report/a-2019> <{lkg}issuedBy> <{idb}bureau/b> <{idb}report/a-2019> .
        <{idb}report/a-2019> <{lkg}year> "2019"^^<http://www.w3.org/2001/XMLSchema#integer> <{idb}report/a-2019> .
        <{idb}bureau/b> <{lkg}implements> <{idb}mechanism/m> <{idb}report/a-2019> .
        <{idb}bureau/b> <{lkg}onlyPlans> <{idb}mechanism/m> <{idb}report/a-2019> .
        <{idb}report/a-2020> <{lkg}issuedBy> <{idb}bureau/b> <{idb}report/a-2020> .
        <{idb}report/a-2020> <{lkg}year> "2020"^^<http://www.w3.org/2001/XMLSchema#integer> <{idb}report/a-2020> .
        <{idb}bureau/b> <{lkg}implements> <{idb}mechanism/n> <{idb}report/a-2020> .
    """.encode(), format=ox.RdfFormat.N_QUADS)
    (row,) = run_query(get_query("plan-follow-up").text, store=store).rows
    assert (row["mechanism"], row["planYear"], row["nextYearReports"], row["doneReports"]) == (
        f"{idb}mechanism/m", 2019, 1, 0)
