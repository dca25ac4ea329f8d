"""`legalkg extract`: what one report yields, as JSON (the gold-file shape) or a table."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from legalkg.graph.cli import app
from legalkg.ingest.model import Entity, Extraction


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"


def _names(entity: Entity) -> list[str]:
    seen: list[str] = []
    for mention in entity.mentions:
        if mention.text not in seen:
            seen.append(mention.text)
    return seen


def entity_json(entity: Entity) -> dict[str, Any]:
    """One item of the gold shape: id (the IRI), label, aliases (names and document
    numbers), mentions (distinct surface forms)."""
    from legalkg.graph.iris import entity_iri

    aliases = [a for a in entity.aliases if a != entity.label]
    aliases += [i for i in entity.identifiers if i not in aliases]
    return {
        "id": str(entity_iri(entity.kind, entity.key)),
        "label": entity.label,
        "aliases": aliases,
        "mentions": _names(entity),
    }


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The whole extraction in the shape of tests/data/gold/*.json."""
    bureau = None
    if extraction.bureau is not None:
        item = entity_json(extraction.bureau)
        bureau = {"id": item["id"], "label": item["label"], "aliases": item["aliases"]}
    return {
        "doc": extraction.document.name,
        "language": extraction.language,
        "year": extraction.year,
        "bureau": bureau,
        "regulations": [entity_json(e) for e in extraction.regulations],
        "mechanisms": [entity_json(e) for e in extraction.mechanisms],
        "partners": [entity_json(e) for e in extraction.partners],
        "figures": [
            {"indicator": f.indicator, "value": f.value, "unit": f.unit, "status": f.status,
             "text": extraction.document.text[f.start:f.end], "start": f.start, "end": f.end}
            for f in extraction.figures
        ],
    }


def _print_table(extraction: Extraction) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from legalkg.ingest.read import printable

    def cell(text: str) -> str:
        return escape(printable(text))

    console = Console()
    bureau = extraction.bureau.label if extraction.bureau else "(unknown)"
    console.print(f"[bold]{cell(extraction.document.name)}[/bold]  {extraction.language}  "
                  f"year {extraction.year or '?'}  bureau {cell(bureau)}")
    table = Table("type", "label", "key", "mentions", "planned", "curated")
    for kind, entities in (("regulation", extraction.regulations), ("mechanism", extraction.mechanisms),
                           ("partner", extraction.partners)):
        for e in entities:
            planned = sum(m.status == "planned" for m in e.mentions)
            table.add_row(kind, cell(e.label), cell(e.key), str(len(e.mentions)), str(planned),
                          "yes" if e.curated else "")
    console.print(table)
    if extraction.figures:
        figures = Table("indicator", "value", "unit", "status", "text", title="key figures")
        for f in extraction.figures:
            figures.add_row(f.indicator, f"{f.value:g}", f.unit, f.status, cell(extraction.document.text[f.start:f.end]))
        console.print(figures)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(
        help="A report file (plain text, HTML, PDF, DOCX as the reader supports); with --out-dir, any files or folders.",
        show_default=False)],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="json (gold-file shape) or table.")] = ExtractFormat.table,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out-dir", help="Write one N-Quads file per report here (the map step; then `legalkg load`).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Extraction processes (with --out-dir).")] = 1,
) -> int:
    """Extract bureau, year, regulations, mechanisms and partners from one report.

    With --out-dir, extract every report under FILES into `<name>.nq` (its named graph as
    N-Quads) plus `_vocabulary.nq`; `legalkg load DIR/*.nq` then gives the same store as
    `legalkg build`. Bad files are named on stderr and skipped (exit code 3).
    """
    from legalkg.graph.cli import fail
    from legalkg.ingest.errors import LegalKGError

    if out_dir is not None:
        from legalkg.graph.nquads import extract_to_dir

        written, skipped = extract_to_dir(
            files, out_dir, workers=workers,
            on_file=lambda name, outcome: outcome.startswith("skipped") and fail(
                f"skipped {name}: {outcome.removeprefix('skipped: ')}"),
        )
        print(f"legalkg: {written} reports extracted, {len(skipped)} skipped -> {out_dir}", file=sys.stderr)
        return 3 if skipped else 0
    if len(files) != 1:
        raise LegalKGError("extract takes one report file (or use --out-dir for many)")
    from legalkg.ingest.extract import extract as run_extract
    from legalkg.ingest.read import read_document

    from legalkg.ingest.read import printable

    document = read_document(files[0])
    for warning in document.warnings:
        fail(f"warning: {printable(str(files[0]))}: {warning}")
    extraction = run_extract(document)
    if format is ExtractFormat.json:
        typer.echo(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=1))
    else:
        _print_table(extraction)
    return 0
