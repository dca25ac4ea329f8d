"""Specification of the build's store writer: it writes in input order from a thread of its own,
takes more work while a batch loads, holds the caller back only when QUEUE_BYTES wait, hands
back what it stored for progress, drops what is queued on close, and reports its errors as one
StoreError on the caller's thread."""
from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph import writer as writer_module
from legalkg.graph.build import FileResult
from legalkg.graph.iris import report_iri
from legalkg.graph.store import JOURNAL_NAME, Store, open_store
from legalkg.graph.writer import StoreWriter
from legalkg.ingest.errors import StoreError
from legalkg.ontology.namespace import ENTITY_GRAPH

ENTITY_LINE = f'<https://example.org/entity> <https://example.org/label> "entity" <{ENTITY_GRAPH}> .\n'


def _result(i: int, *, size: int = 0) -> FileResult:
    """A report r<i>.txt whose graph holds one quad (padded to about `size` bytes) and which
    describes the one shared entity."""
    graph = report_iri(f"r{i}.txt")
    padding = "x" * size
    return FileResult(path=f"/docs/r{i}.txt", name=f"r{i}.txt", size=10,
                      nquads=f'<https://example.org/s{i}> <https://example.org/p> "v{i}{padding}" <{graph}> .\n'.encode(),
                      described=[ENTITY_LINE.encode()])


def _graphs(store: Store) -> set[str]:
    return {g.value for g in store.named_graphs()}


class _GatedStore(Store):
    """A real on-disk store whose bulk loads wait until `gate` is set (to hold the writer in
    the middle of a load)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.gate = threading.Event()
        self.loading = threading.Event()
        self.loads: list[int] = []

    def add_graphs(self, graphs: list[ox.NamedNode], nquads: str | bytes) -> None:
        self.loading.set()
        self.gate.wait()
        self.loads.append(len(graphs))
        super().add_graphs(graphs, nquads)


@pytest.fixture
def one_report_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "BATCH_REPORTS", 1)


def test_writer_stores_every_result_and_hands_them_back_in_input_order(store: Store) -> None:
    writer = StoreWriter(store)
    stored = []
    for i in range(200):
        writer.add(_result(i), replace=False)
        stored += writer.stored()
    stored += list(writer.finish())
    writer.close()
    assert [r.name for r in stored] == [f"r{i}.txt" for i in range(200)]
    assert {str(report_iri(f"r{i}.txt")) for i in range(200)} <= _graphs(store)


def test_writer_sends_an_entity_description_once_per_run(store_path: Path) -> None:
    sent: list[bytes] = []

    class Recording(Store):
        def add_graphs(self, graphs: list[ox.NamedNode], nquads: str | bytes) -> None:
            sent.append(bytes(nquads))
            super().add_graphs(graphs, nquads)

    with Recording(store_path) as store:
        for run in range(2):
            writer = StoreWriter(store)
            for i in range(3):
                writer.add(_result(i + 3 * run), replace=False)
            assert len(list(writer.finish())) == 3
            writer.close()
    assert [load.count(ENTITY_LINE.encode()) for load in sent] == [1, 1]  # once in each run


def test_writer_takes_more_results_while_a_batch_loads(store_path: Path, one_report_batches: None) -> None:
    store = _GatedStore(store_path)
    try:
        writer = StoreWriter(store)
        writer.add(_result(0), replace=False)
        assert store.loading.wait(30)  # the first batch is in the bulk loader, held there
        for i in range(1, 6):
            writer.add(_result(i), replace=False)  # returns at once: the caller is never held by a load
        assert writer.stored() == [] and store.loads == []
        store.gate.set()
        assert [r.name for r in writer.finish()] == [f"r{i}.txt" for i in range(6)]
    finally:
        store.gate.set()
        store.close()


def test_writer_holds_the_caller_back_while_queue_bytes_wait(store_path: Path, one_report_batches: None,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "QUEUE_BYTES", 1000)
    store = _GatedStore(store_path)
    try:
        writer = StoreWriter(store)
        writer.add(_result(0, size=600), replace=False)
        assert store.loading.wait(30)
        writer.add(_result(1, size=600), replace=False)  # 1,200 bytes are now waiting or loading
        third = threading.Thread(target=writer.add, args=(_result(2),), kwargs={"replace": False})
        third.start()
        third.join(0.5)
        assert third.is_alive()  # held until the writer has stored enough
        store.gate.set()
        third.join(30)
        assert not third.is_alive()
        assert [r.name for r in writer.finish()] == ["r0.txt", "r1.txt", "r2.txt"]
    finally:
        store.gate.set()
        store.close()


def test_close_drops_the_queued_results_and_leaves_whole_reports(store_path: Path, one_report_batches: None,
                                                                 tmp_path: Path) -> None:
    store = _GatedStore(store_path)
    spool = tmp_path / "spool.nq"
    spool.write_bytes(_result(9).nquads)
    try:
        writer = StoreWriter(store)
        writer.add(_result(0), replace=False)
        assert store.loading.wait(30)
        writer.add(_result(1), replace=False)
        writer.add(FileResult(path="/docs/r9.txt", name="r9.txt", spool=str(spool)), replace=False)
        closing = threading.Thread(target=writer.close)
        closing.start()
        store.gate.set()  # the load in progress finishes; nothing queued after it starts
        closing.join(30)
        assert not closing.is_alive()
        assert [r.name for r in writer.stored()] == ["r0.txt"]
        assert str(report_iri("r0.txt")) in _graphs(store)
        assert str(report_iri("r1.txt")) not in _graphs(store)
        assert not spool.exists()  # a dropped long report's spool file is removed
        assert not (store_path / JOURNAL_NAME).exists()
    finally:
        store.gate.set()
        store.close()


def test_a_load_the_store_rejects_surfaces_as_one_store_error_on_the_callers_thread(store: Store) -> None:
    writer = StoreWriter(store)
    broken = _result(0)
    broken.nquads = b"<https://example.org/s> <https://example.org/p> \"unterminated .\n"
    writer.add(broken, replace=False)
    with pytest.raises(StoreError, match=r"write of 1 reports failed"):
        list(writer.finish())
    writer.close()
    assert str(report_iri("r0.txt")) not in _graphs(store)


def test_an_unexpected_failure_in_the_writer_thread_becomes_a_store_error(store_path: Path) -> None:
    class Failing(Store):
        def add_graphs(self, graphs: list[ox.NamedNode], nquads: str | bytes) -> None:
            raise RuntimeError("disk on fire")

    with Failing(store_path) as store:
        writer = StoreWriter(store)
        writer.add(_result(0), replace=False)
        with pytest.raises(StoreError) as raised:
            list(writer.finish())
        with pytest.raises(StoreError):  # and again on any later call, never silently
            writer.add(_result(1), replace=False)
        writer.close()
    assert str(raised.value) == f"{store_path}: writing the store failed: RuntimeError: disk on fire"


def test_a_changed_report_is_replaced_after_the_new_ones_before_it(store: Store) -> None:
    writer = StoreWriter(store)
    writer.add(_result(0), replace=False)
    list(writer.finish())
    writer.close()
    again = StoreWriter(store)
    changed = _result(0)
    changed.nquads = changed.nquads.replace(b'"v0"', b'"changed"')
    again.add(_result(1), replace=False)
    again.add(changed, replace=True)
    assert [r.name for r in again.finish()] == ["r1.txt", "r0.txt"]
    graph = ox.NamedNode(str(report_iri("r0.txt")))
    assert [q.object.value for q in store.ox.quads_for_pattern(None, None, None, graph)] == ["changed"]
    assert len(list(store.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(ENTITY_GRAPH))))) == 1
