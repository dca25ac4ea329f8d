"""Ingest report files into the store: read → extract → triples → one transaction per report.

Extraction is a pure function of the file (`process_file`), so it runs in worker processes;
the parent process alone writes, in input order, so any number of workers yields the same graph.
A report whose bytes and extractor version are unchanged is not touched (idempotent re-runs,
and a killed build resumes where it stopped).

The writing happens in a thread of the parent (`writer.StoreWriter`: new reports in bulk
batches under the store's journal, changed ones one transaction each), so collecting results
and extracting never wait for a load to finish. RocksDB's compaction runs at the lowest CPU
priority meanwhile (`Store.compaction_deferred`): it takes idle cores only, not the workers',
and the caller ends with `Store.optimize()` (as `legalkg build` does).
"""
from __future__ import annotations

import hashlib
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import cache, lru_cache, partial
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from legalkg.graph.iris import report_iri
from legalkg.graph.store import Store, sweep_stale_temporaries, temporary_prefix
from legalkg.graph.writer import StoreWriter
from legalkg.graph.triples import extractor_version
from legalkg.ingest.errors import LegalKGError, UnreadableDocument
from legalkg.ingest.read import file_name, os_reason, printable, shares_stem
from legalkg.ingest.walk import iter_input_files
from legalkg.ontology.namespace import LKG, VOCAB_GRAPH

T = TypeVar("T")
FILE_TIMEOUT = 600.0  # seconds one file may take to read and extract (build --file-timeout)
SPOOL_NAME = "legalkg-spool"  # a long report's quads wait in the temporary folder as .legalkg-spool.<pid>.*.tmp


@dataclass(slots=True)
class FileResult:
    """What a worker sends back for one file: N-Quads to store, or the reason it was skipped.
    The N-Quads are bytes, ready for the store: the process that writes does little but load
    (and skip the descriptions it has written already, a block at a time)."""

    path: str
    name: str
    sha256: str = ""
    nquads: bytes = b""  # UTF-8: its graph
    described: list[bytes] = field(default_factory=list)  # its entity descriptions, one block each
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    size: int = 0
    keep_extension: bool = False  # its IRI keeps the extension (iris.report_iri)
    spool: str = ""  # a temporary N-Quads file holding the quads of a long report (instead of nquads)


@dataclass(slots=True)
class BuildReport:
    """The outcome of a build, for the summary line and the exit code."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    bytes_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        """One line: counts, and the skip reasons with how many files each."""
        line = f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        if self.skipped:
            reasons: dict[str, int] = {}
            for _, reason in self.skipped:
                short = reason.split(" (")[0].split(":")[0].rstrip("?")
                reasons[short] = reasons.get(short, 0) + 1
            line += " (" + "; ".join(f"{r}: {n}" for r, n in reasons.items()) + ")"
        if self.warnings:
            line += f", {len({p for p, _ in self.warnings})} with warnings"
        return line


def file_sha256(path: Path) -> str:
    """Digest of the raw bytes (the identity of a report version)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _warnings(extraction) -> list[str]:  # noqa: ANN001
    """The extraction's warnings without the file-name prefix (the CLI names the file), with
    the missing body/year always said once."""
    prefix = f"{extraction.document.name}: "
    found = [w.removeprefix(prefix) for w in extraction.warnings]
    if extraction.bureau is None and not any("reporting body" in w for w in found):
        found.append("no reporting body found")
    if extraction.year is None and not any("year" in w for w in found):
        found.append("no report year found")
    return list(dict.fromkeys(found))


class _Overrun(BaseException):
    """A file ran past the per-file time limit (a BaseException, so that the parsers' own
    `except Exception` handlers do not report it as a corrupt file)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Overrun in this thread after `seconds` (0: no limit). A timer signal, so it
    interrupts pure-Python loops and regular expressions alike; signals reach only a process's
    main thread, which is where build's workers run files (threads of a Dask worker run
    without a limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Overrun()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@cache
def _warm_up() -> None:
    """Load what extraction of a Chinese report loads on first use (gazetteers, automata,
    OpenCC, pypinyin) once per process, before any file's clock starts: the time limit is for
    the file's own work. What only English reports need (their rules, places in pinyin: about
    0.1 s, measured) loads with the first of them, so a Chinese collection never pays for it."""
    from legalkg.graph.triples import report_lines
    from legalkg.ingest.extract import extract
    from legalkg.ingest.model import Document

    text = "杭州市人力资源和社会保障局2019年法治政府建设年度报告\n落实《保障农民工工资支付条例》，会同市司法局推行法律顾问制度。"
    report_lines(extract(Document("warm-up.txt", text)))


def _utf8_size(text: str, block: int = 1 << 20) -> int:
    """len(text.encode()) without a copy of the whole text."""
    return len(text) if text.isascii() else sum(len(text[i:i + block].encode("utf-8")) for i in range(0, len(text), block))


def process_file(path: str, timeout: float = FILE_TIMEOUT, spool: bool = True) -> FileResult:
    """Read and extract one file into N-Quads; never raises for a bad document (a bug in a
    parser for one odd file must not stop the run: it becomes that file's skip reason), nor
    runs past `timeout` seconds. A long report is extracted in parts (`ingest.parts`) and, with
    `spool`, its quads go to a temporary file rather than into memory (`FileResult.spool`)."""
    from legalkg.ingest.read import open_stream, read_document

    _warm_up()
    result = FileResult(path=path, name=file_name(Path(path)))
    try:
        with _time_limit(timeout):
            stream = open_stream(path)
            document = stream.document if stream is not None else read_document(path)
            result.sha256 = document.sha256
            result.keep_extension = document.keep_extension
            result.size = stream.size if stream is not None else _utf8_size(document.text)
            _extract_into(result, document, spool, stream.blocks() if stream is not None else None)
            result.warnings = [*document.warnings, *result.warnings]
    except _Overrun:
        result.error = f"took longer than {timeout:g} s, the per-file time limit (raise it with --file-timeout)"
    except UnreadableDocument as exc:
        result.error = exc.reason
    except LegalKGError as exc:
        result.error = str(exc)
    except MemoryError:
        result.error = "out of memory while processing"
    except Exception as exc:  # noqa: BLE001 - see the docstring
        result.error = f"cannot process: {type(exc).__name__}: {exc}"[:300]
    if result.error:
        result.nquads, result.described = b"", []
        if result.spool:
            Path(result.spool).unlink(missing_ok=True)
            result.spool = ""
    return result


def _extract_into(result: FileResult, document, spool: bool, blocks: Iterator[str] | None) -> None:  # noqa: ANN001
    """Fill `result` with the quads and warnings of `document` (whose text comes in `blocks`
    when it is read as a stream), part by part."""
    from legalkg.graph.triples import report_lines
    from legalkg.ingest.parts import PART_CHARS, extract_parts

    if (blocks is None and len(document.text) <= PART_CHARS) or not spool:
        texts: list[str] = []
        described: dict[tuple[str, ...], None] = {}
        for part in extract_parts(document, blocks=blocks):
            own, entities = report_lines(part.extraction, part.offset)
            texts.append(own)
            described.update(dict.fromkeys(entities))
            result.warnings = result.warnings or _warnings(part.extraction)
        result.nquads = "".join(texts).encode("utf-8")
        result.described = [_encoded(block) for block in described]
        return
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix=temporary_prefix(Path(SPOOL_NAME)),
                                         suffix=".tmp", delete=False)
    result.spool = handle.name
    with handle:
        for part in extract_parts(document, blocks=blocks):
            own, entities = report_lines(part.extraction, part.offset)
            handle.write(own)
            handle.writelines(line for block in entities for line in block)
            result.warnings = result.warnings or _warnings(part.extraction)


@lru_cache(maxsize=1 << 14)
def _encoded(block: tuple[str, ...]) -> bytes:
    """An entity description as UTF-8 (most recur report after report)."""
    return "".join(block).encode("utf-8")


def install_vocabulary(store: Store) -> None:
    """Put the ontology (classes, properties, mechanism scheme) in its own graph, if changed."""
    resource = files("legalkg.ontology").joinpath("legalkg.ttl")
    if not resource.is_file():
        return
    data = resource.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    graph = ox.NamedNode(str(VOCAB_GRAPH))
    if store.graph_value(graph, graph, ox.NamedNode(str(LKG.sha256))) == digest:
        return
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    triples.append(ox.Triple(graph, ox.NamedNode(str(LKG.sha256)), ox.Literal(digest)))
    store.replace_graph(graph, triples)


def _is_current(store: Store, graph: ox.NamedNode, sha: str, extractor: str) -> bool:
    return (
        store.graph_value(graph, graph, ox.NamedNode(str(LKG.sha256))) == sha
        and store.graph_value(graph, graph, ox.NamedNode(str(LKG.extractor))) == extractor
    )


def build(
    paths: Iterable[Path | str],
    store: Store,
    *,
    workers: int = 1,
    strict: bool = False,
    on_file: Callable[[str, str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    results: Callable[[list[str]], Iterator[FileResult]] | None = None,
    file_timeout: float = FILE_TIMEOUT,
) -> BuildReport:
    """Ingest `paths` (files or folders) into `store`; see the module docstring.

    `on_file(name, outcome)` is called after each file (for progress bars and messages);
    outcome is "ingested", "unchanged", or "skipped: <reason>".
    `strict` stops at the first bad file (raising UnreadableDocument).
    `file_timeout` skips a file whose reading and extraction take longer (seconds; 0: no limit).
    `results` runs the extraction elsewhere (e.g. `distributed.dask_results(scheduler)`): it
    takes the paths to extract and yields their `FileResult`s in the same order.
    """
    report = BuildReport()
    sweep_stale_temporaries(Path(tempfile.gettempdir()), SPOOL_NAME)  # spools of a killed build
    install_vocabulary(store)
    extractor = extractor_version()
    notify = on_file or (lambda name, outcome: None)
    todo: list[str] = []
    replacing: set[str] = set()  # of todo, the reports already in the store (a changed report)
    names: dict[str, str] = {}
    for path, problem in iter_input_files(paths):
        graph_name = str(report_iri(file_name(path), shares_stem(path)))
        if not problem and graph_name in names:
            problem = f"same report name as {printable(names[graph_name])} (a report is named by its file name without extension)"
        if problem:
            _skip(report, str(path), problem, strict, notify)
            continue
        names[graph_name] = str(path)
        try:
            sha = file_sha256(path)
        except OSError as exc:
            _skip(report, str(path), os_reason(exc), strict, notify)
            continue
        if _is_current(store, ox.NamedNode(graph_name), sha, extractor):
            report.unchanged.append(str(path))
            notify(str(path), "unchanged")
            continue
        todo.append(str(path))
        if store.ox.contains_named_graph(ox.NamedNode(graph_name)):  # asked now, while the store is compact
            replacing.add(str(path))
    if on_total:
        on_total(len(todo))
    writer = StoreWriter(store)
    try:
        with store.compaction_deferred():
            for result in (results(todo) if results else _results(todo, workers, file_timeout)):
                if result.error:
                    _skip(report, result.path, result.error, strict, notify)
                else:
                    writer.add(result, replace=result.path in replacing)
                for stored in writer.stored():
                    _ingested(report, stored, notify)
            for stored in writer.finish():
                _ingested(report, stored, notify)
    finally:
        writer.close()
    return report


def _ingested(report: BuildReport, result: FileResult, notify: Callable[[str, str], None]) -> None:
    report.ingested.append(result.path)
    report.bytes_read += result.size
    report.warnings.extend((printable(result.path), printable(w)) for w in result.warnings)
    notify(result.path, "ingested")


def _skip(report: BuildReport, path: str, reason: str, strict: bool, notify: Callable[[str, str], None]) -> None:
    path, reason = printable(path), printable(reason)
    if strict:
        raise UnreadableDocument(path, reason)
    report.skipped.append((path, reason))
    notify(path, f"skipped: {reason}")


def _results(paths: list[str], workers: int, timeout: float = FILE_TIMEOUT) -> Iterator[FileResult]:
    """Results in input order; a consumer that stops early (--strict) cancels pending work."""
    try:
        yield from ordered_map(partial(process_file, timeout=timeout), paths, workers)
    except BrokenProcessPool:
        raise LegalKGError("a worker process died (out of memory?); rerun with fewer --workers to resume") from None


def ordered_map(fn: Callable[[str], T], items: list[str], workers: int, ahead: int = 8) -> Iterator[T]:
    """`map(fn, items)` in `workers` processes, in order, with at most `ahead` results per worker
    waiting: a slower consumer (the store writer) holds workers back instead of collecting every
    result in memory (`Executor.map` submits all at once: 1.2 GB of waiting N-Quads measured at
    8,000 reports). Results wait here only while the writer's queue is full (build takes each
    one as it comes), and each holds the quads of at most `ingest.parts.PART_CHARS` characters
    (a longer report's go to a spool file), so the look-ahead stays bounded in bytes too; it is
    deep so that one long file does not idle the other workers."""
    if workers <= 1 or len(items) < 2:
        yield from map(fn, items)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    pending: deque[Future[T]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= workers * ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
