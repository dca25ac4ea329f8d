"""CLI commands for exploring the graph: `legalkg viz`, `legalkg analyze`, `legalkg report`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from legalkg.graph.cli import DEFAULT_STORE, LangOpt, StoreOpt, YearOpt, app, check_lang

TitleOpt = Annotated[Optional[str], typer.Option("--title", help="Heading of the page.")]
MEASURES = ("degree", "degree_centrality", "betweenness", "eigenvector")
MAX_DEPTH = 20  # beyond this a focus reaches the whole graph anyway
MAX_NODES = 1_000_000  # a page with more nodes does not load in a browser


def _write_text(out: Path | None, text: str) -> None:
    """`text` to stdout, or to `out` through a temporary file renamed into place."""
    if out is None:
        sys.stdout.write(text)
        return
    from legalkg.viz.page import write_atomic

    write_atomic(out, text.encode("utf-8"))


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write (replaced atomically).",
                                      show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
    lang: LangOpt = "zh",
    title: TitleOpt = None,
    focus: Annotated[Optional[str], typer.Option(
        "--focus", help="Only this node (IRI, label or alias) and its neighbourhood.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, max=MAX_DEPTH,
                                       help=f"Links to follow from --focus (0 to {MAX_DEPTH}).")] = 1,
    types: Annotated[Optional[str], typer.Option(
        "--type", help="Comma list of node types to keep: bureau,mechanism,regulation,agency.")] = None,
    year: YearOpt = None,
    view: Annotated[str, typer.Option("--view", help=(
        "full; bipartite (bureaus × mechanisms only); matrix (open on the bureau × mechanism matrix); "
        "adoption (open on mechanism adoption by year)."))] = "full",
    group_above: Annotated[int, typer.Option(
        "--group-above", min=0, max=MAX_NODES,
        help="Above this many nodes the page opens on groups (overview first).")] = 300,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", min=1, max=MAX_NODES,
        help="Above this many nodes, keep only the best-linked ones in the file and say so.")] = None,
    size_by: Annotated[Optional[str], typer.Option(
        "--size-by", help=f"Size nodes by a centrality from `legalkg analyze`: {', '.join(MEASURES)}.")] = None,
    colour_by: Annotated[Optional[str], typer.Option(
        "--colour-by", help="community: colour bureaus by their community from `legalkg analyze`.")] = None,
) -> int:
    """Write an interactive network page of bureaus, mechanisms, regulations and agencies.

    The page is one self-contained HTML file: it works offline and loads nothing from the network.
    Above --group-above nodes it opens on groups (bureaus by place, mechanisms by broader
    concept, regulations by level, partners by role): click a group to open or close it,
    double-click a node to show its links. It has a legend, filters, search as you type (names,
    aliases, pinyin), a side panel with the evidence behind every link, a bureau × mechanism
    matrix and adoption-by-year tab, PNG/SVG export, and keeps the view in the URL.
    """
    from legalkg.graph.store import open_store
    from legalkg.ingest.errors import QueryError
    from legalkg.viz import views
    from legalkg.viz.network import network_data
    from legalkg.viz.page import write_page

    check_lang(lang)
    if view not in ("full", "bipartite", "matrix", "adoption"):
        raise QueryError(f"--view takes full, bipartite, matrix or adoption, not {view!r}")
    if size_by is not None and size_by not in MEASURES:
        raise QueryError(f"--size-by takes one of {', '.join(MEASURES)}, not {size_by!r}")
    if colour_by is not None and colour_by != "community":
        raise QueryError(f"--colour-by takes community, not {colour_by!r}")
    with open_store(store, read_only=True) as st:
        data = network_data(st, lang)
        if size_by or colour_by:
            from legalkg.graph.analytics import analyze

            analytics = analyze(st, lang)
            scores = analytics.score_of(size_by) if size_by else {}
            groups = analytics.community_of() if colour_by else {}
            for node in data.nodes:
                node.score = float(scores.get(node.id, 0.0)) if size_by else None
                node.group = groups.get(node.id)
    if view == "bipartite":
        data = views.bipartite(data)
    if types:
        data = views.only_kinds(data, types.split(","))
    if year is not None:
        data = views.in_year(data, year)
    if focus is not None:
        data = views.focus(data, focus, depth)
    if limit is not None:
        data = views.aggregate(data, limit)
    write_page(data, out, title=title, group_above=group_above,
               view=view if view in ("matrix", "adoption") else "network")
    note = f" ({data.note})" if data.note else ""
    print(f"legalkg: {len(data.nodes)} nodes, {len(data.edges)} links{note} -> {out}", file=sys.stderr)
    return 0


@app.command()
def analyze(
    store: StoreOpt = DEFAULT_STORE,
    fmt: Annotated[str, typer.Option("--format", help="json (every table) or csv (one table).")] = "json",
    table: Annotated[Optional[str], typer.Option(
        "--table", help="centrality, similarity, communities or adoption (csv default: centrality).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write instead of stdout.")] = None,
    lang: LangOpt = "zh",
) -> int:
    """Network analytics: centrality of mechanisms, regulations, agencies and bureaus; bureau
    similarity by shared mechanisms (Jaccard); communities of bureaus (Louvain); mechanism
    adoption per year (bureaus stating it as done, first-time adopters, running total)."""
    from legalkg.graph.analytics import TABLES, analyze as run_analyze
    from legalkg.graph.store import open_store
    from legalkg.ingest.errors import QueryError

    check_lang(lang)
    if fmt not in ("json", "csv"):
        raise QueryError(f"--format takes json or csv, not {fmt!r}")
    if table is not None and table not in TABLES:
        raise QueryError(f"--table takes one of {', '.join(TABLES)}, not {table!r}")
    with open_store(store, read_only=True) as st:
        result = run_analyze(st, lang)
    if fmt == "csv":
        text = result.to_csv(table or "centrality")
    else:
        text = result.to_json((table,) if table else TABLES) + "\n"
    _write_text(out, text)
    if out is not None:
        print(f"legalkg: analytics -> {out}", file=sys.stderr)
    return 0


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write index.html and the plots into.",
                                      show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
    lang: LangOpt = "zh",
    title: TitleOpt = None,
) -> int:
    """Write a static HTML report: mechanism adoption by year, top mechanisms and regulations,
    a bureaus × mechanisms heat map and key figures per bureau (SVG and PNG beside it), with
    summary tables and analytics.json. Works offline."""
    from legalkg.graph.store import open_store
    from legalkg.viz.report import write_report

    check_lang(lang)
    with open_store(store, read_only=True) as st:
        written = write_report(st, out, lang, title=title)
    print(f"legalkg: report with {len(written)} files -> {out / 'index.html'}", file=sys.stderr)
    return 0
