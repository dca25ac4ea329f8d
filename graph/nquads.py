"""The map step on its own: report file -> N-Quads file, with no store involved.

Extraction is a pure function of the file, so any cluster engine can run `report_nquads` over a
corpus and `legalkg load` (Oxigraph's bulk loader) can put the results in a store: the same
quads as `legalkg build`, including the vocabulary graph (written as `_vocabulary.nq`).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from legalkg.graph.build import FileResult, install_vocabulary, ordered_map, process_file
from legalkg.graph.store import Store, sweep_stale_temporaries, temporary_prefix, write_text_atomic
from legalkg.ingest.walk import iter_input_files

VOCABULARY_FILE = "_vocabulary.nq"


def report_nquads(path: str) -> tuple[FileResult, str]:
    """Extract one report: its FileResult (errors, warnings) and its quads (its named graph and
    the entity descriptions) as N-Quads (or in `result.spool`, a file, for a long report)."""
    result = process_file(path)
    return result, (result.nquads + b"".join(result.described)).decode("utf-8")


def _move_spool(spool: Path, target: Path) -> None:
    """Put a spooled report's N-Quads at `target`, atomically (copied beside it, then renamed)."""
    tmp = target.with_name(f"{temporary_prefix(target)}spool.tmp")
    try:
        shutil.copyfile(spool, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        spool.unlink(missing_ok=True)


def vocabulary_nquads() -> str:
    """The vocabulary graph exactly as `build` installs it."""
    store = Store()
    install_vocabulary(store)
    return store.ox.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")


def _results(paths: list[str], workers: int) -> Iterator[tuple[FileResult, str]]:
    yield from ordered_map(report_nquads, paths, workers)


def extract_to_dir(
    paths: Iterable[Path | str], out_dir: Path, *, workers: int = 1,
    on_file: Callable[[str, str], None] | None = None,
) -> tuple[int, list[tuple[str, str]]]:
    """Write `<out_dir>/<report file name>.nq` per report plus the vocabulary graph.

    Returns (reports written, [(path, reason) skipped]); `on_file(path, outcome)` as in build.
    """
    notify = on_file or (lambda name, outcome: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    sweep_stale_temporaries(out_dir)
    write_text_atomic(out_dir / VOCABULARY_FILE, vocabulary_nquads())
    skipped: list[tuple[str, str]] = []
    todo: list[str] = []
    for path, problem in iter_input_files(paths):
        if problem:
            skipped.append((str(path), problem))
            notify(str(path), f"skipped: {problem}")
        else:
            todo.append(str(path))
    written = 0
    for result, nquads in _results(todo, workers):
        if result.error:
            skipped.append((result.path, result.error))
            notify(result.path, f"skipped: {result.error}")
            continue
        if result.spool:
            _move_spool(Path(result.spool), out_dir / f"{result.name}.nq")
        else:
            write_text_atomic(out_dir / f"{result.name}.nq", nquads)
        written += 1
        notify(result.path, "written")
    return written, skipped
