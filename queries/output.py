"""Write tables for people (a table that fits the terminal) or programs (TSV, CSV, JSON).

The one renderer of legalkg's tabular output (`query`, `sparql`, `queries`, `mechanisms`,
`extract`): on a terminal a table no wider than the terminal, cells cut with "…" (the full text
is in --format csv or json); piped, plain TSV, one row per line, unless --format table is asked
for. Cells are document text, so control characters (ESC, NUL, OSC sequences, line breaks) are
shown escaped (`\\x1b`, `\\n`) and never reach the terminal.
"""
from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from collections.abc import Sequence
from typing import TextIO

from legalkg.ingest.errors import QueryError
from legalkg.queries.rows import Rows

FORMATS = ("table", "tsv", "csv", "json")
_ESCAPED = {"Cc", "Cf", "Zl", "Zp"}  # controls (C0, C1, DEL), format (bidi), line/paragraph separators
_MIN_COLUMN = 6  # narrowest readable column, in terminal cells
_EDGE = 4  # a table's borders and padding beside its columns
_GAP = 3  # border and padding between two columns


def default_format(fmt: str | None, out: TextIO) -> str:
    """`fmt` checked, or when not given: a table on a terminal, TSV when piped."""
    if fmt is None:
        return "table" if _is_terminal(out) else "tsv"
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return fmt


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def clean(text: str) -> str:
    """`text` with control, format and line-separator characters escaped (`\\x1b`, `\\n`,
    `\\u202e`): a cell stays on one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _ESCAPED else c for c in text
    )


def text(value: object) -> str:
    """A cell's text: empty for unbound, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_columns(names: list[str]) -> list[str]:
    """The columns a person reads: an IRI column is left out when its `<name>Label` column is there
    (TSV, CSV and JSON keep every column)."""
    return [n for n in names if f"{n}Label" not in names]


def terminal_width() -> int:
    """Columns of the terminal (COLUMNS wins; 100 when there is none)."""
    return shutil.get_terminal_size((100, 24)).columns


def write_table(
    names: Sequence[str], cells: Sequence[Sequence[str]], fmt: str, out: TextIO, *,
    title: str | None = None, count: bool = True,
) -> None:
    """Write `cells` (rows of strings under `names`) as a terminal table or TSV (`fmt`)."""
    if fmt == "tsv":
        out.write("\t".join(clean(n) for n in names) + "\n")
        for row in cells:
            out.write("\t".join(clean(c) for c in row) + "\n")
        return
    _rich_table(list(names), cells, out, title=title, count=count)


def fit_widths(natural: Sequence[int], room: int) -> list[int]:
    """Column widths that fit `room` cells: every column keeps its natural width when all fit;
    otherwise narrow columns keep theirs and the wide ones share what is left equally (never
    below `_MIN_COLUMN` or the natural width)."""
    if sum(natural) <= room:
        return list(natural)
    widths = list(natural)
    left, waiting = room, sorted(range(len(natural)), key=natural.__getitem__)
    while waiting:
        share = left // len(waiting)
        if natural[waiting[0]] > share:
            break
        left -= natural[waiting[0]]
        waiting.pop(0)
    for i in waiting:
        widths[i] = max(min(_MIN_COLUMN, natural[i]), left // len(waiting))
    return widths


def _rich_table(
    names: list[str], cells: Sequence[Sequence[str]], out: TextIO, *, title: str | None, count: bool,
) -> None:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = terminal_width()
    fits = max(1, (width - _EDGE + _GAP) // (_MIN_COLUMN + _GAP))
    shown, hidden = names[:fits], names[fits:]
    natural = [max([cell_len(clean(name))] + [cell_len(clean(row[i])) for row in cells])
               for i, name in enumerate(shown)]
    room = width - _EDGE - _GAP * (len(shown) - 1)
    widths = fit_widths(natural, room)
    table = Table(title=clean(title) if title else None, title_justify="left")
    for name, column_width in zip(shown, widths):
        table.add_column(Text(clean(name)), width=column_width, no_wrap=True, overflow="ellipsis")
    for row in cells:
        table.add_row(*(Text(clean(c)) for c in row[: len(shown)]))
    console = Console(file=out, width=width, highlight=False, emoji=False, markup=False)
    console.print(table)
    notes = []
    if count:
        notes.append(f"{len(cells)} row{'s' if len(cells) != 1 else ''}")
    if hidden:
        notes.append(f"{len(hidden)} more column{'s' if len(hidden) != 1 else ''} not shown ({', '.join(hidden[:5])}"
                     f"{', …' if len(hidden) > 5 else ''})")
    if hidden or widths != natural:
        notes.append("cut to the terminal's width: --format tsv or json has the full text")
    if notes:
        console.print("; ".join(notes))


def write_rows(rows: Rows, fmt: str, out: TextIO, *, title: str | None = None) -> None:
    """JSON is a list of objects keyed by the query's variables (null when unbound); CSV and TSV
    have a header row of the variables; a table leaves out IRI columns that have a label column."""
    if fmt == "json":
        json.dump([{v: row.get(v) for v in rows.vars} for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows.vars)
        writer.writerows([text(row.get(v)) for v in rows.vars] for row in rows)
    elif fmt in ("table", "tsv"):
        names = table_columns(rows.vars) if fmt == "table" else rows.vars
        write_table(names, [[text(row.get(v)) for v in names] for row in rows], fmt, out, title=title)
    else:
        raise QueryError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
