"""CLI commands of the graph package: build, export, load."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from legalkg.graph.cli import DEFAULT_STORE, StoreOpt, app, fail


def _progress_enabled() -> bool:
    return sys.stderr.isatty()


@app.command()
def build(
    docs: Annotated[list[Path], typer.Argument(help="Report files or folders of reports.", show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Extraction processes.")] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> int:
    """Ingest reports into the embedded store (one named graph per report).

    Unchanged reports are skipped; bad files are named on stderr and skipped; the exit code is
    3 when any file was skipped.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from legalkg.graph.build import build as run_build
    from legalkg.graph.store import open_store

    show = _progress_enabled() and not quiet
    with open_store(store) as st, Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), transient=True, disable=not show,
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("", total=None)

        def on_file(name: str, outcome: str) -> None:
            if outcome.startswith("skipped"):
                fail(f"skipped {name}: {outcome.removeprefix('skipped: ')}")
            elif outcome == "ingested":
                progress.update(task, advance=1, description=Path(name).name)

        report = run_build(
            docs, st, workers=workers, strict=strict, on_file=on_file,
            on_total=lambda n: progress.update(task, total=n),
        )
    for name, warning in report.warnings:
        fail(f"warning: {name}: {warning}")
    if not quiet:
        print(
            f"legalkg: {len(report.ingested)} ingested, {len(report.unchanged)} unchanged, "
            f"{len(report.skipped)} skipped -> {store}",
            file=sys.stderr,
        )
    return 0 if report.ok else 3


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (written atomically).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, nq, trig or jsonld.")] = "trig",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the store as linked data (quad formats keep the per-report graphs)."""
    from legalkg.graph.export import export as run_export
    from legalkg.graph.store import open_store

    with open_store(store, read_only=True) as st:
        run_export(st, fmt, out)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="N-Quads files to load.", show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Bulk-load N-Quads (e.g. from `legalkg extract --out-dir`) into the store, then optimize."""
    from legalkg.graph.store import open_store
    from legalkg.ingest.errors import UnreadableDocument

    with open_store(store) as st:
        for path in files:
            if not path.is_file():
                raise UnreadableDocument(path, "no such file")
            st.load_nquads(path)
        st.optimize()
