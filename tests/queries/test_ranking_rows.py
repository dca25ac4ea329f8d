"""Specification of what the bureau x entity queries put in a row, in both their forms (the one
for the whole store and the one for a bound bureau), on small stores written here."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.store import Store
from legalkg.ontology.namespace import ENTITY_GRAPH
from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query
from legalkg.queries.sortkey import ID

LKG = "https://w3id.org/legalkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ELI = "http://data.europa.eu/eli/ontology#"
BUREAU = f"{ID}bureau/b"


def _store(lines: str) -> Store:
    """A store with one report of bureau b (2020) whose graph holds `lines` (N-Triples, in it)."""
    report = f"{ID}report/b-2020"
    quads = [f"<{report}> <{LKG}issuedBy> <{BUREAU}> <{report}> .",
             f'<{report}> <{LKG}year> "2020"^^<http://www.w3.org/2001/XMLSchema#integer> <{report}> .',
             f"<{BUREAU}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{LKG}Bureau> <{ENTITY_GRAPH}> .",
             f'<{BUREAU}> <{SKOS}prefLabel> "乙局"@zh <{ENTITY_GRAPH}> .']
    quads += [line.rstrip(" .") + f" <{report}> ." for line in lines.strip().splitlines()]
    store = Store()
    store.ox.load("\n".join(quads).encode(), format=ox.RdfFormat.N_QUADS)
    return store


def _both_forms(store: Store, name: str) -> list[list[dict]]:
    query = get_query(name)
    every = run_query(query.text, store=store, bindings={"lang": ox.Literal("zh")}).rows
    one = run_query(query.text_for({"bureau"}), store=store,
                    bindings={"lang": ox.Literal("zh"), "bureau": ox.NamedNode(BUREAU)}).rows
    return [every, one]


@pytest.mark.parametrize("form", [0, 1])
def test_bureau_regulations_gives_the_document_number_of_a_cited_regulation(form: int) -> None:
    store = _store(f"""
        <{BUREAU}> <{LKG}cites> <{ID}regulation/r> .
        <{ID}regulation/r> <{ELI}id_local> "人社部发〔2019〕1号" .
        <{ID}regulation/r> <{SKOS}prefLabel> "某规定"@zh .""")
    (row,) = _both_forms(store, "bureau-regulations")[form]
    assert (row["regulation"], row["regulationLabel"], row["identifier"], row["reports"]) == (
        f"{ID}regulation/r", "某规定", "人社部发〔2019〕1号", 1)


@pytest.mark.parametrize("form", [0, 1])
def test_bureau_partners_lists_the_roles_in_a_fixed_order_and_none_as_empty(form: int) -> None:
    store = _store(f"""
        <{BUREAU}> <{LKG}worksWith> <{ID}partner/p> .
        <{BUREAU}> <{LKG}appliesDocumentsOf> <{ID}partner/p> .
        <{BUREAU}> <{LKG}supervisedBy> <{ID}partner/p> .
        <{BUREAU}> <{LKG}ledBy> <{ID}partner/p> .
        <{BUREAU}> <{LKG}worksWith> <{ID}partner/q> .""")
    rows = _both_forms(store, "bureau-partners")[form]
    assert {row["partner"]: row["role"] for row in rows} == {
        f"{ID}partner/p": "leads, supervises, issues", f"{ID}partner/q": ""}
