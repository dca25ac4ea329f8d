"""Query shapes that stay correct and linear when entity descriptions repeat in every report graph."""
from __future__ import annotations

import pyoxigraph as ox

from legalkg.graph.store import Store
from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query


def test_reports_with_a_bureau_lists_only_that_bureaus_reports(mini_store: Store) -> None:
    everything = run_query(get_query("reports").text, store=mini_store, bindings={"lang": ox.Literal("zh")})
    bureau = everything.rows[0]["bureau"]
    own = [r["report"] for r in everything if r["bureau"] == bureau]
    only = run_query(get_query("reports").text, store=mini_store,
                     bindings={"lang": ox.Literal("zh"), "bureau": ox.NamedNode(bureau)})
    assert sorted(only.column("report")) == sorted(own) and len(own) < len(everything)


def test_reports_of_a_report_without_bureau_is_one_row_without_a_label(mini_store: Store) -> None:
    store = Store()
    store.ox.load(mini_store.ox.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    report = ox.NamedNode("https://w3id.org/legalkg/id/report/no-bureau")
    store.replace_graph(report, [
        ox.Triple(report, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode("https://w3id.org/legalkg/ontology#Report")),
        ox.Triple(report, ox.NamedNode("https://w3id.org/legalkg/ontology#sourceFile"), ox.Literal("x.txt")),
    ])
    rows = [r for r in run_query(get_query("reports").text, store=store, bindings={"lang": ox.Literal("zh")})
            if r["report"] == report.value]
    assert len(rows) == 1 and rows[0]["bureau"] is None and rows[0]["bureauLabel"] is None
