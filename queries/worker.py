"""The code a query worker process runs: it opens the store once and answers jobs from its pipe.

Why a separate process: Oxigraph cannot be interrupted from Python, and a query that overflows
the parser's stack or asks for more memory than there is aborts the whole process. In a worker,
the parent (`queries.pool`) can stop it after a timeout, over a memory limit or when the client
has gone, and a crash takes only the worker down. Jobs are plain data in and out (text, bytes,
`Rows`), and errors travel as (class name, message) so only known LegalKGError classes come back.

The interpreter is started before it is told which store to open (the first message), so that
`legalkg query` can start it while its own command line is still being parsed. Its imports are
kept to what answering needs: pyoxigraph and the store, then each job's own modules when it
first runs, or ahead, while the store opens, when a named query is coming (`start`).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from legalkg.graph.store import JOURNAL_NAME, Store
from legalkg.ingest.errors import LegalKGError, QueryError, QueryFailed, QuerySyntaxError, StoreError
from legalkg.queries.channel import Channel

RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD, "n3": ox.RdfFormat.N3,
}


def _too_many(max_rows: int) -> QueryError:
    from legalkg.queries.limits import QueryLimitError

    return QueryLimitError(f"the query returned more than {max_rows:,} rows; raise --max-rows or add LIMIT")


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _term_json(term.subject), "predicate": _term_json(term.predicate),
            "object": _term_json(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    else:
        out["datatype"] = term.datatype.value
    return out


def _run(store: Store, text: str, options: dict[str, Any]) -> Any:
    try:
        return store.ox.query(text, **options)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"the query does not parse: {exc}") from None
    except (ValueError, OSError) as exc:
        raise QueryFailed(f"the query failed: {exc}") from None


def _dataset(union: bool, default_graphs: list[str] | None, named_graphs: list[str] | None,
             base_iri: str | None) -> dict[str, Any]:
    try:
        options: dict[str, Any] = {"base_iri": base_iri, "use_default_graph_as_union": union and not default_graphs}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    except ValueError as exc:
        raise QueryFailed(f"a dataset graph is not an IRI: {exc}") from None
    return options


class _OverRows(Exception):
    """Raised by `_RowCounter` to stop the engine's serializer."""


class _RowCounter:
    """Where Oxigraph's JSON results writer writes: keeps the bytes and counts the `},{` between
    two solutions (no whitespace in its output), so that a result of more than `max_rows` rows
    is stopped while written. Text inside a literal can hold `},{` as well, so the count may be
    too high, never too low: past the limit the caller counts again, exactly."""

    def __init__(self, max_rows: int) -> None:
        self.parts: list[bytes] = []
        self.max_rows = max_rows
        self.separators = 0
        self.tail = b""

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.separators += (self.tail + data[:2]).count(b"},{") + data.count(b"},{")
        self.tail = data[-2:]
        if self.separators + 1 > self.max_rows:
            raise _OverRows
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes are kept in memory."""


def _json_within(result: ox.QuerySolutions, max_rows: int) -> bytes | None:
    """The solutions as SPARQL JSON written by the engine (a tenth of the time of building them
    in Python, which a point query over HTTP felt), or None when they may be more than
    `max_rows` (the caller then counts them one by one)."""
    sink = _RowCounter(max_rows)
    try:
        result.serialize(sink, format=ox.QueryResultsFormat.JSON)
    except (_OverRows, OSError, ValueError):
        return None
    return b"".join(sink.parts)


def serialize(store: Store, text: str, *, results_format: str, graph_format: str, max_rows: int,
              base_iri: str | None = None, union: bool = True, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> bytes:
    """The query's answer serialized: SELECT/ASK in `results_format`, CONSTRUCT/DESCRIBE in
    `graph_format`; more than `max_rows` solutions or triples is an error, not a cut."""
    result = _run(store, text, _dataset(union, default_graphs, named_graphs, base_iri))
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=RESULTS_FORMATS[results_format])
    if isinstance(result, ox.QueryTriples):
        triples = list(islice(result, max_rows + 1))
        if len(triples) > max_rows:
            raise _too_many(max_rows)
        return ox.serialize(triples, format=GRAPH_FORMATS[graph_format]) or b""
    if results_format == "json":
        body = _json_within(result, max_rows)
        if body is not None:
            return body
        result = _run(store, text, _dataset(union, default_graphs, named_graphs, base_iri))  # counted exactly below
    names = [v.value for v in result.variables]
    bindings = []
    for solution in islice(result, max_rows + 1):
        bindings.append({n: _term_json(solution[n]) for n in names if solution[n] is not None})
    if len(bindings) > max_rows:
        raise _too_many(max_rows)
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if results_format == "json":
        return data.encode("utf-8")
    return ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=RESULTS_FORMATS[results_format])


def update(store: Store, text: str, *, base_iri: str | None = None) -> None:
    """Run a SPARQL update (one transaction: all of it or nothing)."""
    if store.read_only:
        raise StoreError("this store is open read-only")
    try:
        store.ox.update(text, base_iri=base_iri)
        store.ox.flush()
    except SyntaxError as exc:
        raise QuerySyntaxError(f"the update does not parse: {exc}") from None
    except (ValueError, OSError) as exc:
        raise QueryFailed(f"the update failed: {exc}") from None


def graph_triples(store: Store, graph: str | None, *, graph_format: str, max_rows: int) -> bytes | None:
    """A graph's triples serialized (None when the named graph does not exist); `graph` None is
    the store's default graph."""
    target = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    if graph is not None and not store.ox.contains_named_graph(target):
        return None
    triples = [q.triple for q in islice(store.ox.quads_for_pattern(None, None, None, target), max_rows + 1)]
    if len(triples) > max_rows:
        raise _too_many(max_rows)
    return ox.serialize(triples, format=GRAPH_FORMATS[graph_format]) or b""


def put_graph(store: Store, graph: str | None, *, data: bytes, graph_format: str, replace: bool) -> bool:
    """Replace (PUT) or add to (POST) a graph with RDF `data` in one transaction; True if the
    named graph is new. `graph` None is the store's default graph."""
    if store.read_only:
        raise StoreError("this store is open read-only")
    try:
        triples = list(ox.parse(data, format=GRAPH_FORMATS[graph_format], base_iri=graph))
    except (SyntaxError, ValueError) as exc:
        raise QuerySyntaxError(f"the body does not parse as {graph_format}: {exc}") from None
    body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    target = "DEFAULT" if graph is None else f"GRAPH {ox.NamedNode(graph)}"
    operations = [f"DROP SILENT {target}"] if replace else []
    operations.append(f"INSERT DATA {{ {body if graph is None else f'{target} {{ {body} }}'} }}")
    if graph is not None:
        operations.append(f"CREATE SILENT {target}")  # an empty PUT still makes the graph
    created = graph is not None and not store.ox.contains_named_graph(ox.NamedNode(graph))
    try:
        store.ox.update(" ;\n".join(operations))
        store.ox.flush()
    except (SyntaxError, OSError) as exc:
        raise QueryFailed(f"the write failed: {exc}") from None
    return created


def delete_graph(store: Store, graph: str | None) -> bool:
    """Drop a graph (the default graph is emptied); False when the named graph did not exist."""
    if store.read_only:
        raise StoreError("this store is open read-only")
    if graph is not None and not store.ox.contains_named_graph(ox.NamedNode(graph)):
        return False
    store.ox.update(f"DROP {'DEFAULT' if graph is None else f'GRAPH {ox.NamedNode(graph)}'}")
    store.ox.flush()
    return True


def rows(store: Store, text: str, *, max_rows: int) -> Any:
    """The query's `Rows` (as `queries.runner.run_query` gives them), at most `max_rows`."""
    from legalkg.queries import runner

    result = _run(store, text, {"use_default_graph_as_union": True})
    if isinstance(result, ox.QueryBoolean):
        return runner.Rows(["ask"], [{"ask": bool(result)}])
    if isinstance(result, ox.QueryTriples):
        names = ["subject", "predicate", "object"]
        items = [dict(zip(names, map(runner._ox_value, (t.subject, t.predicate, t.object))))
                 for t in islice(result, max_rows + 1)]
    else:
        names = [v.value for v in result.variables]
        items = [{n: runner._ox_value(s[n]) for n in names} for s in islice(result, max_rows + 1)]
    if len(items) > max_rows:
        raise _too_many(max_rows)
    return runner.Rows(names, items)


def named_text(store: Store, name: str, *, params: dict[str, str], lang: str | None) -> tuple[str, str]:
    """(title, text) of the named query `name` with `params` bound (labels looked up here)."""
    from legalkg.queries.catalog import get_query
    from legalkg.queries.params import bind_params
    from legalkg.queries.runner import bind

    stored = get_query(name)
    bindings = bind_params(stored, params, lang=lang, store=store)
    return stored.title, bind(stored.text_for(bindings), bindings)


def void(store: Store, *, endpoint: str | None) -> bytes:
    """The VoID/DCAT description of the store (`graph.void`) as Turtle, for /.well-known/void."""
    from legalkg.graph.void import dataset_description

    return dataset_description(store, endpoint=endpoint).serialize(format="turtle").encode("utf-8")


def network(store: Store, *, lang: str, details: bool = False) -> Any:
    """The network page's graph (`viz.network.network_data`) in `lang`: fixed queries, no
    client text, so the served explorer reads the whole store under the worker's limits."""
    from legalkg.viz.network import network_data

    return network_data(store, lang, details=details)


JOBS: dict[str, Callable[..., Any]] = {
    "serialize": serialize, "update": update, "rows": rows, "named_text": named_text,
    "graph_triples": graph_triples, "put_graph": put_graph, "delete_graph": delete_graph,
    "void": void,
    "network": network,
}


def _open_ahead(guess: str | None) -> tuple[str, Store] | None:
    """The store the CLI guessed, opened read-only while it parses its command line; None when
    there is no guess, it cannot be opened now, or an interrupted build must be repaired first
    (a write that only a store the user named for sure may get)."""
    if guess is None or (Path(guess) / JOURNAL_NAME).exists():
        return None
    try:
        return os.path.abspath(guess), Store(guess, read_only=True)
    except LegalKGError:
        return None


def _open(opening: tuple[str, str, bool], ahead: tuple[str, Store] | None) -> Store:
    """The store the ("open", path, read-only) message names: the one opened ahead if it is
    that store, read-only; else a new one (the one opened ahead is closed)."""
    _, store_path, read_only = opening
    if ahead is not None:
        path, store = ahead
        if read_only and path == os.path.abspath(store_path):
            return store
        store.close()
    return Store(store_path, read_only=read_only)


def main(conn: Channel, guess: str | None = None) -> None:
    """The worker's loop: ("open", store path, read-only) first, answered by ("ready",) or an
    error; then one answer per job until None or the end of the channel. `guess` is a store to
    open read-only before the first message comes (see `_open_ahead`)."""
    ahead = _open_ahead(guess)
    try:
        opening = conn.recv()
    except EOFError:
        opening = None  # started ahead and not needed after all
    if opening is None:
        if ahead is not None:
            ahead[1].close()
        return
    try:
        store = _open(opening, ahead)
    except LegalKGError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    conn.send(("ready",))
    try:
        while (job := conn.recv()) is not None:
            name, kwargs = job
            try:
                conn.send(("ok", JOBS[name](store, **kwargs)))
            except LegalKGError as exc:
                conn.send(("error", type(exc).__name__, str(exc)))
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        store.close()


def _exit_with_parent() -> None:
    """Leave when the parent has gone (a worker must not outlive the server that started it)."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _preload() -> None:
    """Import what named queries need and read the catalog. Run in a thread while the store
    opens (the engine lets go of the GIL then), so the first job finds them ready (~35 ms of
    CPU, spent only when a named query is coming)."""
    from legalkg.queries import params, runner  # noqa: F401  (params brings the catalog)
    from legalkg.queries.catalog import catalog

    catalog()


def start() -> None:
    """The worker process (`queries.spawn` runs `python -c` with this): its arguments are the
    channel's two descriptors, then `--preload` (a named query is coming) and `--open-ahead
    STORE` (the store to open before being told), each when given."""
    import signal
    import sys
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a query stops
    _exit_with_parent()
    read_fd, write_fd, *options = sys.argv[1:]
    if "--preload" in options:
        threading.Thread(target=_preload, daemon=True, name="preload").start()
    guess = options[options.index("--open-ahead") + 1] if "--open-ahead" in options else None
    main(Channel(int(read_fd), int(write_fd)), guess)
