"""Query latency: realistic bindings for every named query, point vs ranking, and the child
processes that stop a query over its limit (the embedded store and the rdflib baseline)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from legalkg.bench.queries import TYPICAL_SHARE, QueryProcess, bench_cases, query_kind, typical_link
from legalkg.graph.store import Store, open_store
from legalkg.ontology.namespace import LKG
from legalkg.queries.catalog import catalog
from legalkg.queries.runner import run_query


def test_bench_cases_bind_every_required_parameter_from_the_data(built_store: Store) -> None:
    cases = bench_cases(built_store)
    for name, (_, bindings) in cases.items():
        query = catalog()[name.split("[")[0]]
        assert {p.name for p in query.params if not p.optional} <= set(bindings), name


def test_the_typical_link_is_a_mechanism_one_in_ten_is_named_more_than_and_its_busiest_bureau(built_store: Store) -> None:
    bureau, mechanism = typical_link(built_store)
    implements = ox.NamedNode(str(LKG.implements))
    links = Counter(q.object for q in built_store.ox.quads_for_pattern(None, implements, None, None))
    by_bureau = Counter(q.subject for q in built_store.ox.quads_for_pattern(None, implements, mechanism, None))
    assert sum(n > links[mechanism] for n in links.values()) <= len(links) // TYPICAL_SHARE
    assert sum(n >= links[mechanism] for n in links.values()) > len(links) // TYPICAL_SHARE
    assert by_bureau[bureau] == max(by_bureau.values())
    cases = bench_cases(built_store)
    assert cases["mechanism-bureaus[typical]"][1]["mechanism"] == mechanism
    text, bindings = cases["evidence[typical]"]
    assert run_query(text, store=built_store, bindings=bindings).rows  # its sentences


def test_query_kind_is_point_when_a_parameter_other_than_lang_is_bound() -> None:
    bureau = ox.NamedNode("http://e/bureau")
    assert query_kind({"bureau": bureau, "lang": ox.Literal("zh")}) == "point"
    assert query_kind({"lang": ox.Literal("zh")}) == query_kind({}) == "ranking"


_QUADS = "".join(f"<http://e/s{i}> <http://e/p> <http://e/o{i % 7}> <http://e/g> .\n" for i in range(300))


_ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"  # 300**5 rows


def test_the_rdflib_baseline_stops_a_query_over_the_limit_and_keeps_answering(tmp_path: Path) -> None:
    data = tmp_path / "data.nq"
    data.write_text(_QUADS, encoding="utf-8")
    with QueryProcess("rdflib", data, limit=1.0) as baseline:
        assert baseline.run(_ENDLESS) is None
        assert baseline.run("SELECT ?s WHERE { ?s ?p <http://e/o3> }") > 0
        assert baseline.times("SELECT ?s WHERE { ?s ?p <http://e/o3> }", repeat=3, budget=60) is not None


def test_a_query_the_engine_raises_on_is_recorded_as_failed_and_the_next_one_answered(tmp_path: Path) -> None:
    data = tmp_path / "data.nq"
    data.write_text(_QUADS, encoding="utf-8")
    broken = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY (?o < 3)"  # rdflib 7 raises TypeError sorting this
    with QueryProcess("rdflib", data, limit=5.0) as baseline:
        assert baseline.times(broken, repeat=2, budget=60) is None
        assert broken in baseline.failures and baseline.failures[broken]
        assert baseline.times("SELECT ?s WHERE { ?s ?p <http://e/o3> }", repeat=2, budget=60) is not None


def test_an_embedded_store_query_over_the_limit_is_stopped_and_the_next_one_answered(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        store.ox.load(_QUADS.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    with QueryProcess("oxigraph", tmp_path / "store", limit=1.0) as process:
        assert process.run(_ENDLESS) is None  # native code: the process is killed, then restarted
        assert process.run("SELECT ?s WHERE { ?s ?p <http://e/o3> }") > 0
