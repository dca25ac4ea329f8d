"""`legalkg extract`: what one report yields, as JSON (the gold-file shape) or a table."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

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
    }


def _print_table(extraction: Extraction) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    bureau = extraction.bureau.label if extraction.bureau else "(unknown)"
    console.print(f"[bold]{extraction.document.name}[/bold]  {extraction.language}  "
                  f"year {extraction.year or '?'}  bureau {bureau}")
    table = Table("type", "label", "key", "mentions", "planned", "curated")
    for kind, entities in (("regulation", extraction.regulations), ("mechanism", extraction.mechanisms),
                           ("partner", extraction.partners)):
        for e in entities:
            planned = sum(m.status == "planned" for m in e.mentions)
            table.add_row(kind, e.label, e.key, str(len(e.mentions)), str(planned), "yes" if e.curated else "")
    console.print(table)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report file (plain text, HTML, PDF, DOCX as the reader supports).")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="json (gold-file shape) or table.")] = ExtractFormat.table,
) -> None:
    """Extract bureau, year, regulations, mechanisms and partners from one report."""
    from legalkg.ingest.extract import extract as run_extract
    from legalkg.ingest.read import read_document

    extraction = run_extract(read_document(file))
    if format is ExtractFormat.json:
        typer.echo(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=1))
    else:
        _print_table(extraction)
