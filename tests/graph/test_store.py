"""Specification of the embedded store: atomic graph replacement, locking, union queries."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.store import COMPACTION_NICE, JOURNAL_NAME, Store, open_store, write_text_atomic
from legalkg.ingest.errors import StoreError

G = ox.NamedNode("https://example.org/g")
S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")


def _triple(value: str) -> ox.Triple:
    return ox.Triple(S, P, ox.Literal(value))


def _values(store: Store) -> set[str]:
    return {row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")}


def test_replace_graph_swaps_the_whole_graph(store: Store) -> None:
    store.replace_graph(G, [_triple("old"), _triple("older")])
    store.replace_graph(G, [_triple("new")])
    assert _values(store) == {"new"}


def test_replace_graph_leaves_other_graphs_alone(store: Store) -> None:
    other = ox.NamedNode("https://example.org/other")
    store.replace_graph(other, [_triple("kept")])
    store.replace_graph(G, [_triple("new")])
    assert _values(store) == {"kept", "new"}


def test_a_failed_write_leaves_the_previous_graph(store: Store) -> None:
    store.replace_graph(G, [_triple("old")])
    with pytest.raises(StoreError):
        store.write_report(G, f'<https://example.org/s> <https://example.org/p> "unterminated <{G.value}> .')
    assert _values(store) == {"old"}


def test_query_binds_parameters_as_terms(store: Store) -> None:
    store.replace_graph(G, [_triple("a"), _triple('"} ; DROP ALL ; #')])
    rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o }", {"o": ox.Literal('"} ; DROP ALL ; #')}))
    assert [r["o"].value for r in rows] == ['"} ; DROP ALL ; #']
    assert _values(store) == {"a", '"} ; DROP ALL ; #'}


def test_data_survives_close_and_reopen(store_path: Path) -> None:
    with open_store(store_path) as st:
        st.replace_graph(G, [_triple("persisted")])
    with open_store(store_path, read_only=True) as st:
        assert _values(st) == {"persisted"}


def test_second_writer_is_refused_with_a_clear_message(store: Store, store_path: Path) -> None:
    with pytest.raises(StoreError, match="in use by legalkg process"):
        Store(store_path)


def test_writer_in_another_process_is_refused(store: Store, store_path: Path) -> None:
    code = f"from legalkg.graph.store import Store; Store({str(store_path)!r})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "in use by legalkg process" in proc.stderr


def test_read_only_open_of_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "nothing", read_only=True)


def test_rdflib_sees_the_same_data(store: Store) -> None:
    store.replace_graph(G, [_triple("via rdflib")])
    rows = list(store.rdflib_dataset().query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert [str(r[0]) for r in rows] == ["via rdflib"]


def test_a_bulk_batch_cut_by_a_crash_is_dropped_when_the_store_is_next_opened(tmp_path: Path) -> None:
    whole, cut = ox.NamedNode("https://example.org/whole"), ox.NamedNode("https://example.org/cut")
    with open_store(tmp_path / "s") as store:
        store.add_graphs([whole], f'<https://example.org/s> <https://example.org/p> "kept" <{whole.value}> .\n')
        # what a kill -9 inside the next batch leaves: its journal and part of its quads
        (tmp_path / "s" / JOURNAL_NAME).write_text(json.dumps([cut.value]), encoding="utf-8")
        store.ox.add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("half"), cut))
    with open_store(tmp_path / "s", read_only=True) as store:
        assert {g.value for g in store.named_graphs()} == {whole.value}
    assert not (tmp_path / "s" / JOURNAL_NAME).exists()


def test_write_text_atomic_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old and longer than the new text", encoding="utf-8")
    write_text_atomic(path, "新的")
    assert path.read_bytes() == "新的".encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("sync", [False, True])
def test_write_text_atomic_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path, sync: bool) -> None:
    """A text that cannot be encoded fails the write: the old content stays whole (an in-place
    write would already have truncated it) and no temporary file is left in the folder."""
    path = tmp_path / "journal"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "x" * 100_000 + "\ud800", sync=sync)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["journal"]


def test_write_text_atomic_leaves_a_reader_of_the_old_file_its_old_content(tmp_path: Path) -> None:
    """The new text arrives under the name by a rename: a reader that opened the old file
    reads the old text to the end, never a mix."""
    path = tmp_path / "out.txt"
    path.write_text("old text", encoding="utf-8")
    with open(path, encoding="utf-8") as reader:
        write_text_atomic(path, "new text, longer", sync=True)
        assert reader.read() == "old text"
    assert path.read_text(encoding="utf-8") == "new text, longer"


def test_write_text_atomic_keeps_no_other_name_for_the_old_file(tmp_path: Path) -> None:
    """A hard link to the old file keeps the old text: the name now points at a new file."""
    path, link = tmp_path / "out.txt", tmp_path / "link.txt"
    path.write_text("old", encoding="utf-8")
    link.hardlink_to(path)
    write_text_atomic(path, "new")
    assert (path.read_text(encoding="utf-8"), link.read_text(encoding="utf-8")) == ("new", "old")


@pytest.mark.parametrize(("kwargs", "synced"), [({}, 0), ({"sync": False}, 0), ({"sync": True}, 1)])
def test_write_text_atomic_syncs_to_disk_only_when_asked(tmp_path: Path, monkeypatch, kwargs: dict, synced: int) -> None:
    """The journal asks for fsync (it must be on disk before the load); extract --out-dir does not."""
    import os

    calls: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    write_text_atomic(tmp_path / "out.txt", "text", **kwargs)
    assert len(calls) == synced


def test_write_text_atomic_takes_sync_by_keyword_only(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_text_atomic(tmp_path / "out.txt", "text", True)  # type: ignore[misc]


def _compaction_priorities() -> list[int]:
    """The CPU priority (nice value) of each RocksDB compaction thread of this process."""
    priorities = []
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as comm:
            if comm.read().strip() == "rocksdb:low":
                priorities.append(os.getpriority(os.PRIO_PROCESS, int(tid)))
    return priorities


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="thread priorities are read from Linux's /proc")
def test_compaction_runs_at_the_lowest_cpu_priority_while_deferred_and_at_its_own_after(store: Store) -> None:
    before = _compaction_priorities()
    assert before  # RocksDB started its compaction threads when the store opened
    with store.compaction_deferred():
        assert _compaction_priorities() == [COMPACTION_NICE] * len(before)
        store.add_graphs([G], f'<https://example.org/s> <https://example.org/p> "v" <{G.value}> .\n')
    if os.geteuid() == 0 or resource.getrlimit(resource.RLIMIT_NICE)[0] >= 20 - min(before):
        assert _compaction_priorities() == before  # restored where the system allows raising it again
    assert _values(store) == {"v"}
