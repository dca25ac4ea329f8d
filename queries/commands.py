"""CLI commands of the queries package: `legalkg query`, `mechanisms`, `sparql`, `queries`."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand

from legalkg.graph.cli import DEFAULT_STORE, HELP_WIDTH, EndpointOpt, LangOpt, StoreOpt, app, check_lang
from legalkg.ingest.errors import QueryError, QuerySyntaxError
from legalkg.queries.limits import Limits

FormatOpt = Annotated[Optional[str], typer.Option(
    "--format", "-f", help="table, tsv, csv or json (default: table on a terminal, tsv when piped).",
    show_default=False)]


def named_queries_help() -> str:
    """The named queries, each with its purpose cut to one line of the help (the help's epilog,
    a paragraph that click prints as it is: `\\b`)."""
    import shutil

    from legalkg.queries.catalog import catalog

    public = [q for q in catalog().values() if not q.internal]
    width = max(len(q.name) for q in public)
    columns = min(shutil.get_terminal_size((100, 24)).columns, HELP_WIDTH)
    room = max(20, columns - width - 6)
    lines = [f"{q.name.ljust(width)}  {q.purpose if len(q.purpose) <= room else q.purpose[: room - 1] + '…'}"
             for q in public]
    return "Named queries (parameters: legalkg queries):\n\n\b\n" + "\n".join(lines)


class _NamedQueriesCommand(TyperCommand):
    """`query`: its help ends with the named queries, read from the catalog only when the help
    is shown (the catalog is package data; nothing is read for other commands)."""

    @property  # type: ignore[override]
    def epilog(self) -> str:
        return named_queries_help()

    @epilog.setter
    def epilog(self, value: object) -> None:
        del value
_DEFAULT = Limits()
TimeoutOpt = Annotated[float, typer.Option("--query-timeout", help="Seconds a query may run before it is stopped.")]
MaxRowsOpt = Annotated[int, typer.Option("--max-rows", help="Rows (or triples) a query may return.")]
MemoryOpt = Annotated[int, typer.Option("--query-memory", help="MB of memory the process running a query may use.")]
NestingOpt = Annotated[int, typer.Option(
    "--max-nesting", help="Levels of nested brackets a query may have (checked before parsing).")]
QueryKbOpt = Annotated[int, typer.Option("--max-query-kb", help="KB of query text accepted.")]


def limits_from(timeout: float, max_rows: int, memory: int, nesting: int, query_kb: int) -> Limits:
    """The Limits the options ask for, range-checked (the error names a bad option)."""
    from legalkg.queries.limits import check_limits

    return check_limits(Limits(timeout, max_rows, memory, nesting, query_kb))


def _run(text: str, store: Path, endpoint: str | None, limits: Limits):  # noqa: ANN202
    from legalkg.queries.limits import check_text

    check_text(text, limits)
    if endpoint:
        from legalkg.queries.runner import run_query

        return run_query(text, endpoint=endpoint, timeout=max(1, round(limits.timeout_s)))
    from legalkg.queries.pool import run_contained

    with _explained(text):
        return run_contained(store, "rows", limits, text=text, max_rows=limits.max_rows)


@contextmanager
def _explained(text: str) -> Iterator[None]:
    """A syntax error from the contained worker, shown at its line and column with a caret (the
    worker's own message is one line, as the server sends it)."""
    try:
        yield
    except QuerySyntaxError as exc:
        from legalkg.queries.diagnose import explain

        raise QueryError(explain(text, str(exc).removeprefix("the query does not parse: "))) from None


@app.command(cls=_NamedQueriesCommand)
def query(
    name: Annotated[str, typer.Argument(help="A named query (listed below).", show_default=False)],
    param: Annotated[
        Optional[list[str]],
        typer.Option("--param", "-p", help="name=value (repeatable). An entity parameter takes an IRI, a label, an "
                     "alias, an English or short form, or a unique prefix (-p bureau=杭州)."),
    ] = None,
    lang: LangOpt = "zh",
    fmt: FormatOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    query_timeout: TimeoutOpt = _DEFAULT.timeout_s,
    max_rows: MaxRowsOpt = _DEFAULT.max_rows,
    query_memory: MemoryOpt = _DEFAULT.memory_mb,
) -> None:
    """Run a named query with parameters bound as RDF terms.

    A name that matches several entities or none is an error (exit 2) that lists the candidates."""
    limits = limits_from(query_timeout, max_rows, query_memory, _DEFAULT.max_nesting, _DEFAULT.max_query_kb)
    _run_named(name, parse_assignments(param or []), lang, fmt, store, endpoint, limits)


@app.command()
def mechanisms(
    uncurated: Annotated[
        bool, typer.Option("--uncurated", help="Only mechanisms found by patterns, not in the curated gazetteer (to review).")
    ] = False,
    lang: LangOpt = "zh",
    fmt: FormatOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
) -> None:
    """The mechanism concept scheme (broader concepts, curation, adoption), or with --uncurated
    the pattern-found mechanisms a curator should review, each with an example sentence."""
    _run_named("uncurated-mechanisms" if uncurated else "mechanism-scheme", {}, lang, fmt, store, endpoint, _DEFAULT)


def parse_assignments(items: list[str]) -> dict[str, str]:
    """`["a=1", "b=x=y"]` -> `{"a": "1", "b": "x=y"}`: the `--param` options as given."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes name=value, not {item!r}")
        out[name.strip()] = value
    return out


def _run_named(name: str, raw: dict[str, str], lang: str, fmt: str | None, store: Path, endpoint: str | None,
               limits: Limits) -> None:
    """Run a named query. On the local store, binding and running happen in one contained worker
    and this process imports neither the engine nor the catalog (the worker sends the title)."""
    from legalkg.queries.output import default_format, write_rows

    fmt = default_format(fmt, sys.stdout)
    check_lang(lang)
    if endpoint:
        from legalkg.queries.catalog import get_query
        from legalkg.queries.params import bind_params
        from legalkg.queries.runner import run_query

        stored = get_query(name)
        bindings = bind_params(stored, raw, lang=lang, endpoint=endpoint)
        rows = run_query(stored.text_for(bindings), endpoint=endpoint, bindings=bindings, timeout=max(1, round(limits.timeout_s)))
        write_rows(rows, fmt, sys.stdout, title=stored.title)
        return
    from legalkg.queries.pool import WorkerPool

    with WorkerPool(store, size=1, limits=limits) as pool:
        title, text = pool.run("named_text", name=name, params=raw, lang=lang)
        with _explained(text):
            rows = pool.run("rows", text=text, max_rows=limits.max_rows)
        write_rows(rows, fmt, sys.stdout, title=title)


@app.command()
def sparql(
    query_or_file: Annotated[
        str, typer.Argument(metavar="QUERY|FILE", help="SPARQL text, a .rq file, or - for stdin.", show_default=False)
    ],
    fmt: FormatOpt = None,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Let a local query call SERVICE (reaches the network).")
    ] = False,
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    query_timeout: TimeoutOpt = _DEFAULT.timeout_s,
    max_rows: MaxRowsOpt = _DEFAULT.max_rows,
    query_memory: MemoryOpt = _DEFAULT.memory_mb,
    max_nesting: NestingOpt = _DEFAULT.max_nesting,
    max_query_kb: QueryKbOpt = _DEFAULT.max_query_kb,
) -> None:
    """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store or an endpoint.

    A local query runs in a separate process under the limits (time, rows, memory; size and
    nesting are checked before parsing), so a runaway query is stopped with a message naming
    the option to raise. A query that does not parse is shown at its line and column with a caret.
    """
    from legalkg.queries.diagnose import explain, is_update
    from legalkg.queries.output import default_format, write_rows
    from legalkg.queries.sparqltext import uses_network

    fmt = default_format(fmt, sys.stdout)
    limits = limits_from(query_timeout, max_rows, query_memory, max_nesting, max_query_kb)
    text = _read_query(query_or_file)
    if is_update(text):
        raise QueryError(explain(text, ""))
    keyword = uses_network(text)
    if keyword and not endpoint and not allow_service:
        raise QueryError(f"{keyword} reaches the network and is refused on the local store; pass --allow-service")
    write_rows(_run(text, store, endpoint, limits), fmt, sys.stdout)


def _read_query(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    path = Path(arg)
    if "{" not in arg and (path.suffix in (".rq", ".sparql") or path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{arg}: cannot read the query file: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise QueryError(f"{arg}: the query file is not UTF-8") from None
    return arg


@app.command("queries")
def list_queries(
    fmt: FormatOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
) -> None:
    """List the named queries with their parameters and purpose."""
    from legalkg.queries.catalog import catalog
    from legalkg.queries.output import default_format, write_rows
    from legalkg.queries.rows import Rows

    del store, endpoint  # listed for a uniform interface; the catalog is package data
    names = ["name", "params", "purpose"]
    rows = Rows(names, [
        {
            "name": q.name,
            "params": " ".join(f"{p.name}:{p.kind}{'?' if p.optional else ''}" for p in q.params),
            "purpose": q.purpose,
        }
        for q in catalog().values() if not q.internal
    ])
    write_rows(rows, default_format(fmt, sys.stdout), sys.stdout, title="legalkg named queries")
