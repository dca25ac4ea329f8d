"""Specification of the worker's jobs (`queries.worker`): SELECT answers written by the engine,
with the row limit still exact."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from legalkg.graph.store import Store
from legalkg.queries.limits import QueryLimitError
from legalkg.queries.runner import run_query
from legalkg.queries.worker import serialize

ALL = "SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY ?s"


@pytest.fixture
def tricky() -> Store:
    """30 solutions, half of whose literals hold the text that separates two JSON solutions."""
    store = Store()
    store.ox.extend([ox.Quad(ox.NamedNode(f"http://e/{i:02d}"), ox.NamedNode("http://e/p"),
                             ox.Literal('a"},{"b' if i % 2 else "plain", language="zh" if i % 3 else None))
                     for i in range(30)])
    return store


def _json(store: Store, max_rows: int, text: str = ALL) -> dict:
    return json.loads(serialize(store, text, results_format="json", graph_format="turtle", max_rows=max_rows))


def test_serialize_json_holds_every_solution_as_the_runner_reads_it(tricky: Store) -> None:
    answer = _json(tricky, 1000)
    assert answer["head"]["vars"] == ["s", "o"]
    got = [(row["s"]["value"], row["o"]["value"], row["o"].get("xml:lang")) for row in answer["results"]["bindings"]]
    rows = run_query(ALL, store=tricky).rows
    assert [(s, o) for s, o, _ in got] == [(row["s"], row["o"]) for row in rows]
    assert {lang for *_, lang in got} == {None, "zh"}


def test_serialize_json_row_limit_is_exact_when_literals_look_like_separators(tricky: Store) -> None:
    assert len(_json(tricky, 30)["results"]["bindings"]) == 30
    with pytest.raises(QueryLimitError, match="more than 29 rows"):
        _json(tricky, 29)


def test_serialize_json_of_no_solution_and_of_ask(tricky: Store) -> None:
    assert _json(tricky, 5, ALL + " LIMIT 0")["results"]["bindings"] == []
    assert _json(tricky, 5, "ASK { ?s ?p ?o }") == {"head": {}, "boolean": True}
