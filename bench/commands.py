"""CLI command of the bench package: `legalkg bench` (a run, `--giant`, or `--table` of saved runs)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from legalkg.graph.cli import app


def _progress_enabled() -> bool:
    return sys.stderr.isatty()


def _sizes(text: str) -> tuple[int, ...]:
    from legalkg.ingest.errors import LegalKGError

    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        sizes = (0,)
    if any(size < 1 for size in sizes):
        raise LegalKGError(f"--page-sizes takes numbers of 1 or more separated by commas, not {text!r}")
    return sizes


def _parts(text: str | None) -> tuple[str, ...]:
    from legalkg.bench.run import PARTS
    from legalkg.ingest.errors import LegalKGError

    if text is None:
        return PARTS
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in parts if part not in PARTS]
    if unknown or not parts:
        raise LegalKGError(f"--only takes parts among {', '.join(PARTS)} separated by commas, not {text!r}")
    return parts


def _make_workdir(workdir: Path) -> None:
    """Create --workdir (and its parents) if it is not there yet; a one-line error if it cannot be."""
    from legalkg.ingest.errors import LegalKGError

    try:
        workdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LegalKGError(f"--workdir {workdir}: cannot be made a folder ({exc.strerror or exc})") from None


def _bench_giant(sizes: str, workdir: Optional[Path], as_json: bool, say) -> None:  # noqa: ANN001
    from rich.console import Console
    from rich.table import Table

    from legalkg.bench.giant import run_giant
    from legalkg.bench.measure import machine
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
    workers: Annotated[int, typer.Option("--workers", "-j", min=0, help="Processes for the parallel runs and the ceiling (0: all cores).")] = 0,
    only: Annotated[Optional[str], typer.Option("--only", help="Parts to run, separated by commas: ingest, queries, http, startup, pages (default: all). The store is built whatever is picked.")] = None,
    zh_only: Annotated[bool, typer.Option("--zh-only/--mixed", help="A Chinese-only corpus (MB/s and quads per KB of Chinese text), or one report in five in English.")] = True,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Runs per query for the latency percentiles.")] = 7,
    baseline_triples: Annotated[int, typer.Option("--baseline-triples", min=0, help="Quads for the rdflib comparison (whole report graphs up to this many; 0 skips it).")] = 1_000_000,
    serial_reports: Annotated[int, typer.Option("--serial-reports", min=0, help="Reports for extraction alone, the 1-worker run, the same-graph check and the bulk path (0 skips them).")] = 1_000,
    baseline_limit: Annotated[float, typer.Option("--baseline-limit", min=1, help="Seconds after which an rdflib query run is stopped (counted as this limit, its speed-up a lower bound).")] = 60.0,
    query_limit: Annotated[float, typer.Option("--query-limit", min=1, help="Seconds after which a query run on the embedded store is stopped (counted as this limit).")] = 300.0,
    workdir: Annotated[Optional[Path], typer.Option("--workdir", help="Where the temporary corpus and stores go (the store took ~0.3 MB per report at 200 reports; the corpus is removed once ingested).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Also keep the JSON result here, rewritten after every step (for long runs).")] = None,
    page_sizes: Annotated[str, typer.Option("--page-sizes", help="Network-page sizes (nodes) to time in headless Chromium; empty skips it.")] = "100,1000,5000",
    store: Annotated[Optional[Path], typer.Option("--store", help="Measure this existing store instead (queries, http, startup, pages: no corpus, no ingest; the store is only read).")] = None,
    giant: Annotated[Optional[str], typer.Option("--giant", help="Only this part: peak RSS and time of `build` on one report of each size in MB (e.g. 8,50,200).")] = None,
) -> None:
    """Benchmark ingest (extraction alone, 1 worker, all cores next to the machine's parallel
    ceiling, bulk path), memory, quads per KB, every named query in-process and the point queries
    over HTTP, CLI start-up, and rdflib's in-memory store on the same data as the baseline.

    The corpus is synthetic (sample sentences recombined under other bureaus), for load tests only.
    Progress goes to stderr on a terminal; nothing but the result is printed when piped.
    `legalkg bench --table A.json B.json` prints saved results as a markdown table instead.
    """
    from legalkg.bench.run import run
    from legalkg.bench.table import markdown_table
    from legalkg.ingest.errors import LegalKGError

    if table or results:
        if not (table and results):
            raise LegalKGError("--table needs saved result files (legalkg bench --table A.json B.json)")
        print(markdown_table(_saved_results(results)), end="")
        return
    parts, sizes = _parts(only), _sizes(page_sizes)
    say = None
    if _progress_enabled():
        from rich.console import Console

        err = Console(stderr=True)
        say = lambda m: err.print(f"[dim]bench: {m}[/dim]")  # noqa: E731
    if workdir is not None:
        _make_workdir(workdir)
    if giant is not None:
        _bench_giant(giant, workdir, as_json, say)
        return

    def keep(partial: object) -> None:
        if out is not None:
            from legalkg.graph.store import write_text_atomic

            write_text_atomic(out, json.dumps(partial.to_dict(), ensure_ascii=False, indent=2))  # type: ignore[attr-defined]

    result = run(reports, workers=workers or None, repeat=repeat, workdir=workdir,
                 baseline_triples=baseline_triples, serial_reports=serial_reports, baseline_limit=baseline_limit,
                 query_limit=query_limit, progress=say, checkpoint=keep, page_sizes=sizes, only=parts,
                 zh_only=zh_only, store=store)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    from legalkg.bench.summary import print_summary

    print_summary(result)
