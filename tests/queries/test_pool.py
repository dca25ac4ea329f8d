"""The worker pool: a query that crashes the engine, overruns its time or memory, or whose client
has gone costs one worker, which is replaced; the pool keeps answering."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from legalkg.ingest.errors import StoreError
from legalkg.queries.limits import Limits, QueryLimitError
from legalkg.queries.pool import QueryCancelled, WorkerCrashed, WorkerPool
from legalkg.queries.worker import QuerySyntaxError

ASK = "ASK { ?s ?p ?o }"
DEEP = "SELECT * WHERE " + "{" * 6000 + "}" * 6000  # past the parser's stack: SIGSEGV in the engine
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BIG_SORT = ("SELECT ?a ?b WHERE { VALUES ?a {" + " ".join(map(str, range(3000))) + "} VALUES ?b {"
            + " ".join(map(str, range(3000))) + "} } ORDER BY DESC(?a) ?b")


@pytest.fixture(scope="module")
def pool(mini_store_path: Path) -> Iterator[WorkerPool]:
    with WorkerPool(mini_store_path, size=1, limits=Limits(timeout_s=3, memory_mb=500)) as opened:
        yield opened


def _ask(pool: WorkerPool) -> bytes:
    return pool.run("serialize", text=ASK, results_format="json", graph_format="turtle", max_rows=10)


def test_pool_answers_a_query(pool):
    assert _ask(pool) == b'{"head":{},"boolean":true}'


def test_pool_replaces_a_worker_the_engine_crashed(pool):
    before = pool.restarts
    with pytest.raises(WorkerCrashed, match="SIGSEGV"):
        pool.run("serialize", text=DEEP, results_format="json", graph_format="turtle", max_rows=10)
    assert pool.restarts == before + 1 and _ask(pool)


def test_pool_stops_a_query_past_its_time(pool):
    started = time.monotonic()
    with pytest.raises(QueryLimitError, match=r"query stopped after 3 s; raise --query-timeout"):
        pool.run("serialize", text=CROSS, results_format="json", graph_format="turtle", max_rows=10)
    assert time.monotonic() - started < 6 and _ask(pool)


def test_pool_stops_a_query_over_its_memory(mini_store_path):
    with WorkerPool(mini_store_path, size=1, limits=Limits(timeout_s=60, memory_mb=400)) as roomy:
        with pytest.raises(QueryLimitError, match=r"over 400 MB; raise --query-memory"):
            roomy.run("serialize", text=BIG_SORT, results_format="json", graph_format="turtle", max_rows=10)
        assert _ask(roomy)


def test_pool_stops_a_query_whose_client_went_away(pool):
    started = time.monotonic()
    with pytest.raises(QueryCancelled):
        pool.run("serialize", cancelled=lambda: time.monotonic() - started > 0.3, text=CROSS,
                 results_format="json", graph_format="turtle", max_rows=10)
    assert time.monotonic() - started < 2 and _ask(pool)


def test_pool_gives_back_the_workers_errors_as_their_classes(pool):
    before = pool.restarts
    with pytest.raises(QuerySyntaxError, match="does not parse"):
        pool.run("serialize", text="SELEC", results_format="json", graph_format="turtle", max_rows=10)
    with pytest.raises(QueryLimitError, match="more than 2 rows"):
        pool.run("rows", text="SELECT * WHERE { ?s ?p ?o }", max_rows=2)
    assert pool.restarts == before and _ask(pool)  # an error is an answer: the worker stays


def test_pool_on_a_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        WorkerPool(tmp_path / "none", size=1)
