"""Regulation levels in the graph: each regulation's eli:type_document, counted by a named query."""
from __future__ import annotations

import pyoxigraph as ox

from legalkg.graph.iris import entity_iri
from legalkg.graph.store import Store
from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query


def test_regulations_by_level_counts_each_level_of_the_samples(built_store: Store) -> None:
    rows = run_query(get_query("regulations-by-level").text, store=built_store, bindings={"lang": ox.Literal("en")})
    counts = {r["levelLabel"]: r["regulations"] for r in rows}
    assert counts["national law"] >= 5 and counts["State Council regulation"] >= 2
    assert counts["provincial document"] >= 2 and counts["municipal document"] >= 5
    assert counts["ministry rule or document"] >= 1 and counts["Constitution"] == 1


def test_regulations_by_level_binds_one_bureau(built_store: Store) -> None:
    bureau = ox.NamedNode(str(entity_iri("bureau", "jinyun-hrss")))
    rows = run_query(get_query("regulations-by-level").text, store=built_store,
                     bindings={"bureau": bureau, "lang": ox.Literal("zh")})
    assert {r["bureaus"] for r in rows} == {1}
    assert "县级文件" in {r["levelLabel"] for r in rows}
