"""CLI command of the viz package: `legalkg viz`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from legalkg.graph.cli import DEFAULT_STORE, StoreOpt, app


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write (replaced atomically).",
                                      show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
    lang: Annotated[str, typer.Option("--lang", help="Node label language: zh or en (falls back to any).")] = "zh",
    title: Annotated[Optional[str], typer.Option("--title", help="Page heading.")] = None,
) -> int:
    """Write an interactive network page of bureaus, mechanisms, regulations and agencies.

    The page is one self-contained HTML file: it works offline and loads nothing from the network.
    """
    from legalkg.graph.store import open_store
    from legalkg.ingest.errors import QueryError
    from legalkg.viz.network import network_data
    from legalkg.viz.page import write_page

    if lang not in ("zh", "en"):
        raise QueryError(f"--lang takes zh or en, not {lang!r}")
    with open_store(store, read_only=True) as st:
        data = network_data(st, lang)
    write_page(data, out, title=title)
    print(f"legalkg: {len(data.nodes)} nodes, {len(data.edges)} links -> {out}", file=sys.stderr)
    return 0
