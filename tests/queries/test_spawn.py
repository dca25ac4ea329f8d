"""Starting a query worker ahead: the next pool takes it and tells it its store (whatever store
it guessed); one no pool takes is stopped."""
from __future__ import annotations

from legalkg.queries import spawn
from legalkg.queries.pool import WorkerPool
from legalkg.queries.spawn import discard_spare, prestart

ASK = "ASK { ?s ?p ?o }"


def test_a_prestarted_worker_is_the_pools_first_and_opens_the_store_it_is_told(mini_store_path):
    prestart()
    spare = spawn._spare
    with WorkerPool(mini_store_path, size=1) as taken:
        assert spawn._spare is None and taken._all == {spare}
        assert taken.run("rows", text=ASK, max_rows=1).rows == [{"ask": True}]


def test_a_prestarted_worker_no_pool_takes_is_stopped():
    prestart()
    spare = spawn._spare
    discard_spare()
    assert spare.process.returncode == 0 and spawn._spare is None


GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_a_prestarted_worker_that_guessed_another_store_opens_the_one_it_is_told(mini_store_path, built_store_path):
    with WorkerPool(mini_store_path, size=1) as plain:
        expected = plain.run("rows", text=GRAPHS, max_rows=1).rows
    prestart(str(built_store_path))
    with WorkerPool(mini_store_path, size=1) as told:
        assert told.run("rows", text=GRAPHS, max_rows=1).rows == expected
    prestart(str(mini_store_path.parent / "no-store-here"))
    with WorkerPool(mini_store_path, size=1) as told:
        assert told.run("rows", text=GRAPHS, max_rows=1).rows == expected
