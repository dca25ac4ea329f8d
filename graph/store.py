"""The embedded on-disk store: pyoxigraph (RocksDB) underneath, rdflib on top via oxrdflib.

Why a wrapper: a report's statements must be replaced in one transaction (so a crash leaves
either the old or the new report, never half of one), two writers must not share a store, and
queries must see the union of all report graphs.

New reports are written in batches with Oxigraph's bulk loader, which is about 2.5 times faster
than a transaction but not atomic. A journal makes it safe: the names of a batch's graphs are
written to `legalkg.journal` (fsync) before the load and removed after it, and whoever opens a
store that still has a journal first drops those graphs, so a killed build leaves whole reports
only and the next build writes the rest.
"""
from __future__ import annotations

import fcntl
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from legalkg.ingest.errors import StoreError

LOCK_NAME = "legalkg.lock"
JOURNAL_NAME = "legalkg.journal"
# RocksDB keeps written data in memtables until they are flushed; left alone they grew the writer
# to 1 GB after 240 reports and 2.5 GB at 2,000 (measured). Flushing after this much N-Triples
# text keeps a build near 400 MB, and is no slower.
FLUSH_EVERY_BYTES = 32 * 2**20
# A long report's quads are bulk-loaded from their file in blocks of this size: the bulk loader
# holds what it is given in memory (measured: 78 MB for a 16 MB block, 24 MB for 4 MB), so a
# block bounds it.
LOAD_BLOCK_BYTES = 8 * 2**20
COMPACTION_NICE = 19  # the lowest CPU priority, for compaction during a build (`compaction_deferred`)


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """N-Triples form of a term: the serializer's own escaping, never hand-made quoting."""
    return str(term)


class Store:
    """An Oxigraph store at `path` (or in memory when `path` is None).

    Writers hold an exclusive lock on the folder; readers open it read-only under a shared lock.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._lock_file: IO[str] | None = None
        self._unflushed = 0
        if self.path is None:
            self.ox = ox.Store()
            return
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path}: no store here (run `legalkg build` first)")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the store folder: {exc.strerror}") from None
        if read_only and (self.path / JOURNAL_NAME).exists():
            Store(self.path).close()  # a writer's open repairs the interrupted batch first
        self._lock()
        try:
            self.ox = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            self._unlock()
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
        if not read_only:
            self._recover()

    def _lock(self) -> None:
        assert self.path is not None
        lock_path = self.path / LOCK_NAME
        try:
            handle = open(lock_path, "a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store lock: {exc.strerror}") from None
        mode = fcntl.LOCK_SH if self.read_only else fcntl.LOCK_EX
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise StoreError(
                f"{self.path}: the store is in use by {holder}; wait for it to finish and retry"
            ) from None
        if not self.read_only:
            handle.seek(0)
            handle.truncate()
            handle.write(f"legalkg process {os.getpid()}")
            handle.flush()
        self._lock_file = handle

    def _unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def close(self) -> None:
        """Flush and release the store (idempotent)."""
        if getattr(self, "ox", None) is not None and not self.read_only and self.path is not None:
            self.ox.flush()
        self.ox = None  # type: ignore[assignment]
        self._unlock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def replace_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Replace everything in `graph` by `triples`, atomically."""
        quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        self.write_report(graph, ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"))

    def write_report(self, graph: ox.NamedNode, nquads: str | bytes) -> None:
        """Replace `graph` by the quads of `nquads` (N-Quads from Oxigraph's serializer) that
        are in it, and add the others (shared entity descriptions), in one transaction: readers
        and a crash see the old report or the new one, never a mix."""
        try:
            if not self.ox.contains_named_graph(graph):
                self.ox.load(nquads.encode("utf-8") if isinstance(nquads, str) else nquads, format=ox.RdfFormat.N_QUADS)
            else:
                text = nquads if isinstance(nquads, str) else nquads.decode("utf-8")
                self.ox.update(f"DROP SILENT GRAPH {_term(graph)} ;\n{_insert_data(text)}")
            self._written(len(nquads))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path or 'memory'}: write of {graph.value} failed: {exc}") from None

    def _written(self, size: int) -> None:
        self._unflushed += size
        if self.path is not None and self._unflushed > FLUSH_EVERY_BYTES:
            self.ox.flush()
            self._unflushed = 0

    def add_graphs(self, graphs: list[ox.NamedNode], nquads: str | bytes) -> None:
        """Bulk-load N-Quads that fill `graphs`, none of which is in the store yet (see the
        module docstring for why this is safe although the bulk loader is not atomic). Quads of
        other graphs in `nquads` (shared entity descriptions) are only ever added. The N-Quads
        are the build's own (`graph.triples`: IRIs minted valid, literals printed by Oxigraph),
        so the loader skips re-validating IRIs (`lenient`: a quarter less CPU, measured); a
        line that is not N-Quads still fails the load."""
        data = nquads.encode("utf-8") if isinstance(nquads, str) else nquads
        self._journaled(graphs, lambda: self.ox.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True),
                        f"{len(graphs)} reports")

    def replace_graph_from_file(self, graph: ox.NamedNode, path: Path) -> None:
        """Replace `graph` by the quads of an N-Quads file too large to hold as text (a long
        report's): bulk-loaded under the journal like `add_graphs`, so a crash leaves the report
        out, never half of it, and the next build writes it again. Quads of other graphs in the
        file (entity descriptions) are only ever added."""

        def load() -> None:
            self.ox.update(f"DROP SILENT GRAPH {_term(graph)}")
            for block in line_blocks(path, LOAD_BLOCK_BYTES):
                self.ox.bulk_load(block, format=ox.RdfFormat.N_QUADS, lenient=True)

        self._journaled([graph], load, graph.value)

    def _journaled(self, graphs: list[ox.NamedNode], load: Callable[[], None], what: str) -> None:
        """Run `load`, which bulk-loads `graphs`, with their names in the journal until it is
        done and flushed (see the module docstring)."""
        journal = self.path / JOURNAL_NAME if self.path is not None else None
        try:
            if journal is not None:
                write_text_atomic(journal, json.dumps([g.value for g in graphs]), sync=True)
            load()
            if journal is not None:
                self.ox.flush()
                journal.unlink()
            self._unflushed = 0
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path or 'memory'}: write of {what} failed: {exc}") from None

    def _recover(self) -> None:
        """Drop the graphs of a bulk batch that was interrupted (named in the journal)."""
        assert self.path is not None
        journal = self.path / JOURNAL_NAME
        if not journal.exists():
            return
        try:
            graphs = json.loads(journal.read_text(encoding="utf-8") or "[]")
        except (OSError, ValueError):
            graphs = None  # a journal cut while being written: its batch never started
        if graphs:
            self.ox.update(" ;\n".join(f"DROP SILENT GRAPH {_term(ox.NamedNode(g))}" for g in graphs))
            self.ox.flush()
        journal.unlink()

    def drop_graph(self, graph: ox.NamedNode) -> None:
        """Remove a named graph and its statements."""
        self.ox.update(f"DROP SILENT GRAPH {_term(graph)}")

    def load_nquads(self, source: Path | IO[bytes], *, bulk: bool = True) -> None:
        """Load N-Quads; `bulk` uses Oxigraph's bulk loader (fast, not transactional)."""
        loader = self.ox.bulk_load if bulk else self.ox.load
        try:
            if isinstance(source, Path):
                loader(path=str(source), format=ox.RdfFormat.N_QUADS)
            else:
                loader(source, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{getattr(source, 'name', source)}: cannot load N-Quads: {exc}") from None

    def bulk_load_files(self, paths: Iterable[Path]) -> None:
        """Bulk-load many N-Quads files as one stream: one bulk-loader run instead of one per
        file (each run has a fixed cost, which dominated loading per-report files)."""
        files = list(paths)
        try:
            self.ox.bulk_load(_Concatenated(files), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{len(files)} N-Quads files from {files[0].parent if files else '-'}: "
                             f"cannot load: {exc}") from None

    def optimize(self) -> None:
        """Compact the on-disk files (worth it after bulk loads)."""
        self.ox.optimize()

    @contextmanager
    def compaction_deferred(self) -> Iterator[None]:
        """Run RocksDB's background compaction at the lowest CPU priority for the duration.

        Why: each bulk load adds files that RocksDB merges in background threads, which took a
        core from the extraction workers (measured at 1,000 Chinese reports, 2 workers, 2 busy
        cores: 8 of the writer process's 16 CPU seconds). At the lowest priority the merging runs
        on idle cores only, and more files wait to be merged together, which costs less in all
        (the same build: 17 -> 12 CPU seconds in the writer process, optimize included);
        `optimize()` finishes it. The threads are the
        process's own (`/proc/self/task`, named "rocksdb:low"); their priority is restored after,
        where the system allows it (raising a priority again needs CAP_SYS_NICE: without it the
        compaction of this process stays at the lowest priority, which only matters when other
        processes want the cores). Elsewhere than Linux, this does nothing."""
        lowered = {}
        for tid in _compaction_threads() if self.path is not None else []:
            try:
                lowered[tid] = os.getpriority(os.PRIO_PROCESS, tid)
                os.setpriority(os.PRIO_PROCESS, tid, COMPACTION_NICE)
            except OSError:  # the thread ended
                lowered.pop(tid, None)
        try:
            yield
        finally:
            for tid, previous in lowered.items():
                try:
                    os.setpriority(os.PRIO_PROCESS, tid, previous)
                except OSError:
                    pass

    # -- reading -----------------------------------------------------------------------------

    def graph_value(self, graph: ox.NamedNode, subject: ox.NamedNode, predicate: ox.NamedNode) -> str | None:
        """The value of one triple's object in one graph, or None (cheap index lookup)."""
        for quad in self.ox.quads_for_pattern(subject, predicate, None, graph):
            return quad.object.value
        return None

    def graph_digest(self, graph: ox.NamedNode) -> str:
        """Digest of one graph's quads, independent of their order; blank nodes (only in the
        vocabulary's OWL lists) are counted, not compared, since their labels are fresh on every
        parse."""
        lines, blank = [], 0
        for quad in self.ox.quads_for_pattern(None, None, None, graph):
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                blank += 1
            else:
                lines.append(str(quad))
        lines.sort()
        import hashlib  # here, like tempfile below: a query worker opens the store and needs neither

        return hashlib.sha256("\n".join(lines).encode() + f"\n{blank}".encode()).hexdigest()

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """Every named graph in the store."""
        for g in self.ox.named_graphs():
            if isinstance(g, ox.NamedNode):
                yield g

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):  # noqa: ANN201
        """Run SPARQL on the union of all graphs with `bindings` substituted as RDF terms."""
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self.ox.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)

    def rdflib_dataset(self):  # noqa: ANN201
        """The same store as an rdflib Dataset (union default graph), for rdflib users."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)


def _compaction_threads() -> list[int]:
    """The ids of this process's RocksDB compaction threads (all stores of a process share them)."""
    tids = []
    try:
        entries = os.listdir("/proc/self/task")
    except OSError:
        return tids
    for tid in entries:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as comm:
                if comm.read().strip() == "rocksdb:low":
                    tids.append(int(tid))
        except OSError:
            continue
    return tids


def _insert_data(nquads: str) -> str:
    """N-Quads from Oxigraph's serializer as one SPARQL INSERT DATA. A text edit that is safe
    for that serializer: one quad per line ending in " .", the graph IRI last, and IRIs never
    hold a space."""
    by_graph: dict[str, list[str]] = {}
    for line in nquads.splitlines():
        if line.endswith(" ."):
            body, graph = line[:-2].rsplit(" ", 1)
            if not (graph.startswith("<") and graph.endswith(">")):
                raise ValueError(f"not a quad in a named graph: {line[:80]}")
            by_graph.setdefault(graph, []).append(body + " .")
    blocks = "\n".join(f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items())
    return f"INSERT DATA {{\n{blocks}\n}}"


# A temporary file is `.<name>.<pid>.<random>.tmp` beside the file it becomes, so a later run can
# tell the leftovers of a killed writer (its process is gone) from another writer's work.
_TEMPORARY = re.compile(r"\A\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp\Z")
STALE_SECONDS = 3600  # a leftover in the old naming (no process id) is stale after this


def temporary_prefix(path: Path) -> str:
    """The prefix of a temporary file that will be renamed to `path` (suffix ".tmp")."""
    return f".{path.name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def sweep_stale_temporaries(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files a killed writer left in `folder` (for the file `name`, or for
    any file): those whose process is gone, and unmarked ones older than STALE_SECONDS.
    Returns what was removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        match = _TEMPORARY.match(entry.name)
        if name is not None and not entry.name.startswith(f".{name}."):
            continue
        try:
            stale = (not _alive(int(match["pid"]))) if match else now - entry.stat().st_mtime > STALE_SECONDS
            if stale and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def line_blocks(path: Path, size: int) -> Iterator[bytes]:
    """The file in blocks of about `size` bytes, each ending at a line end (N-Quads: whole quads)."""
    rest = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(size):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            if cut:
                yield chunk[:cut]
    if rest:
        yield rest


def write_text_atomic(path: Path, text: str, *, sync: bool = False) -> None:
    """Write `path` whole or not at all (temporary file in the same folder, then rename);
    `sync` also puts it on disk before returning (fsync), as the journal needs."""
    import tempfile

    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            if sync:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Concatenated(io.RawIOBase):
    """The files one after another as one binary stream (read lazily, one file open at a time)."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths = iter(paths)
        self._current: IO[bytes] | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001
        while True:
            if self._current is None:
                path = next(self._paths, None)
                if path is None:
                    return 0
                self._current = open(path, "rb")
            n = self._current.readinto(buffer)
            if n:
                return n
            self._current.close()
            self._current = None


@contextmanager
def open_store(path: Path | str | None, *, read_only: bool = False) -> Iterator[Store]:
    """Open a store for the duration of a `with` block."""
    store = Store(path, read_only=read_only)
    try:
        yield store
    finally:
        store.close()
