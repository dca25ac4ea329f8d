"""Write `Rows` for people (a rich table) or programs (CSV, JSON)."""
from __future__ import annotations

import csv
import json
from typing import TextIO

from legalkg.ingest.errors import QueryError
from legalkg.queries.runner import Rows

FORMATS = ("table", "csv", "json")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_columns(names: list[str]) -> list[str]:
    """The columns a person reads: an IRI column is left out when its `<name>Label` column is there
    (CSV and JSON keep every column)."""
    return [n for n in names if f"{n}Label" not in names]


def write_rows(rows: Rows, fmt: str, out: TextIO, *, title: str | None = None) -> None:
    """JSON is a list of objects keyed by the query's variables (null when unbound)."""
    if fmt == "json":
        json.dump([{v: row.get(v) for v in rows.vars} for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows.vars)
        writer.writerows([_text(row.get(v)) for v in rows.vars] for row in rows)
    elif fmt == "table":
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        shown = table_columns(rows.vars)
        table = Table(title=terminal_text(title) if title else title, show_lines=False)
        for var in shown:
            table.add_column(var, overflow="fold")
        for row in rows:
            table.add_row(*(escape(terminal_text(_text(row.get(v)))) for v in shown))
        console = Console(file=out, width=max(100, Console().width))
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    else:
        raise QueryError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def terminal_text(text: str) -> str:
    """`text` safe to print on a terminal: control characters (ESC, OSC's BEL, NUL, C1) and
    invisible format characters (bidi overrides) shown as escapes, so document text can neither
    drive the terminal nor disguise itself."""
    from legalkg.ingest.read import printable

    return printable(text)
