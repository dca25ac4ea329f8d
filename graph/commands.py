"""CLI commands of the graph package: build, export, load, push."""
from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

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
    executor: Annotated[str, typer.Option("--executor", help="Where extraction runs: local (processes) or dask.")] = "local",
    scheduler: Annotated[
        Optional[str], typer.Option("--scheduler", help="Dask scheduler address for --executor dask (tcp://host:8786).")
    ] = None,
    file_timeout: Annotated[float, typer.Option(
        "--file-timeout", min=0, help="Seconds one file may take to read and extract; a file that takes longer is skipped (0: no limit).")] = 600.0,
    optimize: Annotated[bool, typer.Option(
        "--optimize/--no-optimize", help="End by compacting the store so that queries answer as fast as in the bench.")] = True,
) -> int:
    """Ingest reports into the embedded store (one named graph per report).

    Unchanged reports are skipped; bad files are named on stderr and skipped; the exit code is
    3 when any file was skipped. With --executor dask the extraction runs on a Dask cluster
    (the workers must see the same paths) and this process writes the store.
    """
    from legalkg.ingest.errors import LegalKGError

    if executor not in ("local", "dask"):
        raise LegalKGError(f"--executor takes local or dask, not {executor!r}")
    if (executor == "dask") != bool(scheduler):
        raise LegalKGError("--executor dask needs --scheduler ADDRESS (and --scheduler needs --executor dask)")
    results = None
    if scheduler:
        from legalkg.graph.distributed import dask_results

        results = dask_results(scheduler)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from rich.markup import escape

    from legalkg.graph.build import build as run_build
    from legalkg.graph.store import open_store
    from legalkg.ingest.read import printable

    show = _progress_enabled() and not quiet
    console = Console(stderr=True)
    with open_store(store) as st:
        with Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}"), transient=True, disable=not show, console=console,
        ) as progress:
            task = progress.add_task("", total=None)

            def on_file(name: str, outcome: str) -> None:
                if outcome.startswith("skipped"):
                    fail(f"skipped {name}: {outcome.removeprefix('skipped: ')}")
                elif outcome == "ingested":
                    progress.update(task, advance=1, description=escape(printable(Path(name).name)))

            report = run_build(
                docs, st, workers=workers, strict=strict, on_file=on_file,
                on_total=lambda n: progress.update(task, total=n), results=results, file_timeout=file_timeout,
            )
        if optimize and report.ingested:  # a fresh store answers point queries 2.5-4x slower unoptimized
            with console.status("optimizing the store…") if show else nullcontext():
                st.optimize()
    for name, warning in report.warnings:
        fail(f"warning: {name}: {warning}")
    if not quiet:
        print(f"legalkg: {report.summary()} -> {store}", file=sys.stderr)
    return 0 if report.ok else 3


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (written atomically).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, nq, trig or jsonld.")] = "trig",
    store: StoreOpt = DEFAULT_STORE,
    void: Annotated[bool, typer.Option("--void/--no-void", help="Also write the VoID/DCAT description beside the dump (OUT.void.ttl).")] = True,
    sparql_url: Annotated[Optional[str], typer.Option("--sparql-url", help="The public SPARQL endpoint to name in the description.")] = None,
    download_base: Annotated[Optional[str], typer.Option("--download-base", help="URL the dump is published under (default: IRIs relative to the description).")] = None,
    licence: Annotated[Optional[str], typer.Option("--licence", help="IRI of the data's licence (default: the project's, Apache-2.0).")] = None,
) -> None:
    """Export the store as linked data (quad formats keep the per-report graphs), with a VoID and
    DCAT description of the dataset beside it (triples per graph, classes, properties, examples,
    the dump's size and SHA-256)."""
    from legalkg.graph.export import export as run_export
    from legalkg.graph.export import export_described
    from legalkg.graph.store import open_store

    with open_store(store, read_only=True) as st:
        if not void:
            run_export(st, fmt, out)
            return
        described = export_described(st, fmt, out, endpoint=sparql_url, download_base=download_base, licence=licence)
    print(f"legalkg: {out} and its description {described}", file=sys.stderr)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(
        help="Linked data to load: N-Quads (e.g. from `legalkg extract --out-dir`), N-Triples, Turtle, TriG, N3, "
             "JSON-LD or RDF/XML.", show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Bulk-load linked data files into the store, then optimize.

    Every file is checked first (syntax by extension or content, nesting, XML entity
    declarations, a streamed parse with nothing kept), so a bad one is named and nothing is
    loaded; then they are bulk-loaded. Triples (not quads) go to the default graph.
    """
    from legalkg.graph.load import check, load as run_load
    from legalkg.graph.store import open_store

    syntaxes = [check(path) for path in files]
    with open_store(store) as st:
        run_load(st, files, syntaxes)
        st.optimize()


@app.command()
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", envvar="LEGALKG_ENDPOINT",
                                          help="SPARQL 1.1 query endpoint of the server (env LEGALKG_ENDPOINT).")],
    store: StoreOpt = DEFAULT_STORE,
    gsp: Annotated[Optional[str], typer.Option("--gsp", help="Graph Store Protocol URL, when it cannot be guessed from the endpoint.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Triples per request.")] = 50_000,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries per request on transient errors.")] = 3,
    force: Annotated[bool, typer.Option("--force", help="Re-send graphs the server already has.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    token: Annotated[Optional[str], typer.Option(
        "--token", envvar="LEGALKG_TOKEN", help="Bearer token for a server that asks for one, such as "
                                                "`legalkg serve --writable` (env LEGALKG_TOKEN).")] = None,
) -> None:
    """Upload the store's named graphs to a SPARQL server (Graph Store Protocol).

    Graphs whose digest on the server matches are skipped, so an interrupted push resumes.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from legalkg.graph.remote import push as run_push
    from legalkg.graph.store import open_store

    show = _progress_enabled() and not quiet
    with open_store(store, read_only=True) as st, Progress(
        TextColumn("[bold]push"), BarColumn(), MofNCompleteColumn(), transient=True,
        disable=not show, console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("", total=None)
        report = run_push(st, endpoint, gsp=gsp, batch_size=batch_size, retries=retries, force=force,
                          on_graph=lambda iri, outcome: progress.update(task, advance=1), token=token)
    if not quiet:
        print(
            f"legalkg: {len(report.pushed)} graphs pushed ({report.triples:,} triples), "
            f"{len(report.unchanged)} unchanged, {report.retries} retries, {report.seconds:.1f} s -> {endpoint}",
            file=sys.stderr,
        )
