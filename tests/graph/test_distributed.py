"""Extraction on a real local Dask cluster (two worker processes) gives what local extraction
gives, in input order; an unreachable scheduler is one clear error."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask.distributed as distributed  # a declared test dependency: missing is an error, not a skip
import pytest

from legalkg.graph.build import process_file
from legalkg.graph.distributed import dask_results
from legalkg.ingest.errors import ClusterError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_cluster_extraction_equals_local_extraction_in_input_order(scheduler: str, sample_corpus: Path) -> None:
    paths = sorted(str(p) for p in sample_corpus.glob("*.txt"))
    remote = list(dask_results(scheduler, window=2)(paths))
    local = [process_file(p) for p in paths]
    assert [r.path for r in remote] == paths
    assert [r.nquads for r in remote] == [r.nquads for r in local]


def test_a_bad_report_on_the_cluster_is_a_skipped_result_not_a_crash(scheduler: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    [result] = dask_results(scheduler)([str(empty)])
    assert result.error and not result.nquads


def test_an_unreachable_scheduler_is_a_cluster_error() -> None:
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        list(dask_results("tcp://127.0.0.1:1", timeout=2)(["x.txt"]))


def test_build_through_the_cluster_gives_the_same_store_as_a_local_build(
    scheduler: str, sample_corpus: Path, tmp_path: Path,
) -> None:
    from legalkg.graph.build import build
    from legalkg.graph.store import open_store

    quads = {}
    for name, results in (("local", None), ("dask", dask_results(scheduler))):
        with open_store(tmp_path / name) as store:
            report = build([sample_corpus], store, results=results)
            assert len(report.ingested) == 5
            quads[name] = {str(q) for q in store.ox.quads_for_pattern(None, None, None, None)
                           if "/report/" in q.graph_name.value}
    assert quads["dask"] == quads["local"] and quads["local"]


def test_build_command_with_the_dask_executor(scheduler: str, sample_corpus: Path, tmp_path: Path, capsys) -> None:
    from legalkg.graph.cli import main

    args = ["build", str(sample_corpus), "--store", str(tmp_path / "kg"), "--executor", "dask"]
    assert main([*args, "--scheduler", scheduler]) == 0
    assert "5 ingested" in capsys.readouterr().err
    assert main(args) == 2 and "--scheduler" in capsys.readouterr().err
