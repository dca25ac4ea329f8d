"""Ingest measures: extraction alone and `build` over the same files, and the same-graph check."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.bench.corpus import write_corpus
from legalkg.bench.ingest import build_job, can_keep_to_one_cpu, extract_job, same_quads, workers_job
from legalkg.bench.measure import in_child
from legalkg.graph.store import Store, open_store


def test_same_quads_tells_stores_apart() -> None:
    a, b = Store(), Store()
    quad = ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), ox.NamedNode("http://e/g"))
    a.ox.add(quad)
    assert not same_quads(a, b)
    b.ox.add(quad)
    assert same_quads(a, b)
    b.ox.add(ox.Quad(quad.subject, quad.predicate, ox.Literal("other"), quad.graph_name))
    assert not same_quads(a, b)


def test_extraction_alone_and_build_measure_the_same_text_of_the_same_files(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 3).files
    alone, warm_up = extract_job(files)
    built = build_job(files, str(tmp_path / "store"), 1)
    assert alone.text_bytes == built.text_bytes == sum(len(Path(f).read_text(encoding="utf-8").encode()) for f in files)
    assert 0 < warm_up < alone.seconds and built.seconds > 0 and alone.mb_per_s > 0 and built.mb_per_s > 0
    assert 50 < built.rss_mb < 4000
    with open_store(tmp_path / "store", read_only=True) as store:
        assert len(list(store.named_graphs())) > 3  # a graph per report, the vocabulary and entities


@pytest.mark.skipif(not can_keep_to_one_cpu(), reason="needs sched_setaffinity and two CPUs or more")
def test_a_build_kept_on_one_cpu_keeps_at_most_one_core_busy(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 20).files
    # in a child process: the affinity is the process's and would stay with the test run
    pinned = in_child(build_job, files, str(tmp_path / "store"), 1, True)
    assert pinned.text_bytes > 0 and pinned.cpu_seconds > 0
    assert pinned.cores <= 1.02  # CPU seconds per second on one CPU (rounding and clock tick aside)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert len(list(store.named_graphs())) == 20 + 2


def test_the_workers_alone_read_the_text_build_reads_in_one_process_or_several(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 6).files
    built = build_job(files, str(tmp_path / "store"), 1)
    # in a child process: the pool of two forks it, and the models loaded stay the child's
    alone = [in_child(workers_job, files, n) for n in (1, 2)]
    assert alone[0].text_bytes == alone[1].text_bytes == built.text_bytes
    assert all(t.seconds > 0 and t.cpu_seconds > 0 for t in alone)
