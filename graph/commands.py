"""CLI commands of the graph package: build, export, load, push, bench."""
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


def _sizes(text: str) -> tuple[int, ...]:
    from legalkg.ingest.errors import LegalKGError

    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        sizes = (0,)
    if any(size < 1 for size in sizes):
        raise LegalKGError(f"--page-sizes takes numbers of 1 or more separated by commas, not {text!r}")
    return sizes


def _bench_giant(sizes: str, workdir: Optional[Path], as_json: bool, say) -> None:  # noqa: ANN001
    import json

    from rich.console import Console
    from rich.table import Table

    from legalkg.graph.bench import machine
    from legalkg.graph.bench_giant import run_giant
    from legalkg.ingest.errors import LegalKGError

    try:
        values = tuple(float(part) for part in sizes.split(",") if part.strip())
    except ValueError:
        raise LegalKGError(f"--giant takes sizes in MB separated by commas, not {sizes!r}") from None
    if not values or min(values) <= 0:
        raise LegalKGError(f"--giant takes sizes in MB separated by commas, not {sizes!r}")
    rows = run_giant(values, workdir=workdir, progress=say)
    if as_json:
        print(json.dumps({"machine": machine(), "giant": rows}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"one giant report, legalkg build ({machine()})")
    for column in ("report MB", "peak RSS MB", "seconds", "MB/s", "exit code"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(str(row[k]) for k in ("report_mb", "peak_rss_mb", "seconds", "mb_per_s", "exit_code")))
    Console().print(table)


def _saved_results(paths: list[Path]) -> list[dict]:
    import json

    from legalkg.ingest.errors import LegalKGError

    runs = []
    for path in paths:
        try:
            run = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise LegalKGError(f"{path}: not a saved `legalkg bench --json` result: {exc}") from None
        if not isinstance(run, dict) or "reports" not in run or "query_p50_ms" not in run:
            raise LegalKGError(f"{path}: not a saved `legalkg bench --json` result (no reports or query_p50_ms)")
        runs.append(run)
    return runs


@app.command()
def bench(
    results: Annotated[Optional[list[Path]], typer.Argument(help="With --table: saved --json results.", show_default=False)] = None,
    table: Annotated[bool, typer.Option("--table", help="Print saved results (bench --json or --out files) as the README's markdown table; runs nothing.")] = False,
    reports: Annotated[int, typer.Option("--reports", "-n", min=1, help="Synthetic reports to generate.")] = 200,
    workers: Annotated[int, typer.Option("--workers", "-j", min=0, help="Processes for the parallel runs (0: all cores).")] = 0,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Runs per query for the latency percentiles.")] = 7,
    baseline_triples: Annotated[int, typer.Option("--baseline-triples", min=0, help="Quads for the rdflib comparison (whole report graphs up to this many; 0 skips it).")] = 1_000_000,
    serial_reports: Annotated[int, typer.Option("--serial-reports", min=0, help="Reports for the 1-worker run, same-graph check and bulk path (0 skips them).")] = 1_000,
    baseline_limit: Annotated[float, typer.Option("--baseline-limit", min=1, help="Seconds after which an rdflib query run is stopped (counted as this limit, its speed-up a lower bound).")] = 60.0,
    query_limit: Annotated[float, typer.Option("--query-limit", min=1, help="Seconds after which a query run on the embedded store is stopped (counted as this limit).")] = 300.0,
    workdir: Annotated[Optional[Path], typer.Option("--workdir", help="Where the temporary corpus and stores go (the store took ~0.3 MB per report at 200 reports; the corpus is removed once ingested).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Also keep the JSON result here, rewritten after every step (for long runs).")] = None,
    page_sizes: Annotated[str, typer.Option("--page-sizes", help="Network-page sizes (nodes) to time in headless Chromium; empty skips it.")] = "100,1000,5000",
    giant: Annotated[Optional[str], typer.Option("--giant", help="Only this part: peak RSS and time of `build` on one report of each size in MB (e.g. 8,50,200).")] = None,
) -> None:
    """Benchmark ingest (1 worker, all cores, bulk path), memory, store size and every named
    query, against rdflib's in-memory store on the same data.

    The corpus is synthetic (sample sentences recombined under other bureaus), for load tests only.
    Progress goes to stderr on a terminal; nothing but the result is printed when piped.
    `legalkg bench --table A.json B.json` prints saved results as a markdown table instead.
    """
    import json

    from rich.console import Console
    from rich.table import Table

    from legalkg.graph.bench import markdown_table, run
    from legalkg.ingest.errors import LegalKGError

    if table or results:
        if not (table and results):
            raise LegalKGError("--table needs saved result files (legalkg bench --table A.json B.json)")
        print(markdown_table(_saved_results(results)), end="")
        return

    err = Console(stderr=True)
    say = (lambda m: err.print(f"[dim]bench: {m}[/dim]")) if _progress_enabled() else None
    if giant is not None:
        _bench_giant(giant, workdir, as_json, say)
        return
    def keep(partial: object) -> None:
        if out is not None:
            tmp = out.with_name(f".{out.name}.tmp")
            tmp.write_text(json.dumps(partial.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
            tmp.replace(out)

    result = run(reports, workers=workers or None, repeat=repeat, workdir=workdir,
                 baseline_triples=baseline_triples, serial_reports=serial_reports, baseline_limit=baseline_limit,
                 query_limit=query_limit,                  progress=say, checkpoint=keep,
                 page_sizes=_sizes(page_sizes))
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    summary = Table(title=f"legalkg bench, {result.reports:,} reports ({result.corpus_mb} MB), {result.date}")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    for label, value in (
        ("machine", result.machine),
        ("quads in the store", f"{result.triples:,}"),
        (f"ingest MB/s, 1 worker ({result.serial_reports:,} reports)", result.ingest_mb_per_s),
        ("reports/s, 1 worker", result.reports_per_s),
        (f"ingest MB/s, {result.workers} workers", result.ingest_mb_per_s_all),
        (f"reports/s, {result.workers} workers", result.reports_per_s_all),
        ("parallel speed-up", result.parallel_speedup),
        ("same graph in parallel", result.same_graph_parallel),
        (f"bulk path MB/s (extract --out-dir -j {result.workers} + load)", result.bulk_mb_per_s),
        ("peak RSS MB, 1-worker ingest", result.peak_rss_mb),
        (f"peak RSS MB, {result.workers} workers (sum, upper bound)", result.peak_rss_mb_all),
        ("store MB on disk", result.store_mb),
        ("full scan ms (COUNT of every quad)", result.full_scan_ms),
        ("bench seconds", result.seconds),
    ):
        summary.add_row(label, str(value))
    console = Console()
    console.print(summary)
    queries = Table(title=f"query latency (ms); baseline on {result.baseline_triples:,} quads")
    for column in ("query", "kind", "p50", "p95", "× full scan", "store p50 (baseline data)", "rdflib p50", "speed-up"):
        queries.add_column(column, justify="left" if column in ("query", "kind") else "right")
    for name, p50 in result.query_p50_ms.items():
        over = ">" if name in result.baseline_over_limit else ""
        slow = ">" if name in result.query_over_limit else ""
        scan = result.ranking_vs_scan.get(name)
        queries.add_row(name, result.query_kind.get(name, ""), f"{slow}{p50:.1f}", f"{slow}{result.query_p95_ms[name]:.1f}",
                        "" if scan is None else f"{slow}{scan:.2f}",
                        f"{result.baseline_store_p50_ms.get(name, float('nan')):.1f}",
                        f"{over}{result.baseline_p50_ms.get(name, float('nan')):.1f}",
                        f"{over}{result.speedup_vs_baseline.get(name, 0):.1f}x")
    console.print(queries)
    if result.pages.get("sizes"):
        pages = Table(title="network page (headless Chromium)")
        for column in ("nodes", "edges", "generation s", "HTML MB", "layout settled ms"):
            pages.add_column(column, justify="right")
        for row in result.pages["sizes"]:
            pages.add_row(*(str(row.get(k, "-")) for k in ("nodes", "edges", "generation_s", "html_mb", "load_to_settled_ms")))
        console.print(pages)
    if explore := result.pages.get("explore"):
        print("overview-first page of the store: " + ", ".join(f"{k} {v}" for k, v in explore.items()))
    for note in [*result.notes, *result.pages.get("notes", [])]:
        print(f"note: {note}")
