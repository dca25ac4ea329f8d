"""`legalkg extract`: what one report yields, as JSON (the gold-file shape) or a table."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from legalkg.graph.cli import WorkersOpt, app

if TYPE_CHECKING:  # the model is imported by `extract` itself: every other command starts faster
    from legalkg.ingest.model import Entity, Extraction


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"
    tsv = "tsv"


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
    item: dict[str, Any] = {
        "id": str(entity_iri(entity.kind, entity.key)),
        "label": entity.label,
        "aliases": aliases,
        "mentions": _names(entity),
    }
    if entity.role is not None:
        item["role"] = entity.role
    return item


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The whole extraction in the shape of tests/data/gold/*.json."""
    bureau = None
    if extraction.bureau is not None:
        item = entity_json(extraction.bureau)
        body = extraction.bureau
        bureau = {"id": item["id"], "label": item["label"], "aliases": item["aliases"],
                  "department": body.department, "level": body.admin_level, "place": extraction.place}
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


def _print_table(extraction: Extraction, fmt: str) -> None:
    """The entities and key figures as two tables (the renderer of `legalkg query`); on a table,
    a first line says which report, language, year and bureau."""
    from legalkg.queries.output import clean, write_table

    if fmt == "table":
        bureau = extraction.bureau.label if extraction.bureau else "(unknown)"
        print(clean(f"{extraction.document.name}  {extraction.language}  year {extraction.year or '?'}  bureau {bureau}"))
    rows = [
        [kind, e.label, e.key, str(len(e.mentions)), str(sum(m.status == "planned" for m in e.mentions)),
         "yes" if e.curated else ""]
        for kind, entities in (("regulation", extraction.regulations), ("mechanism", extraction.mechanisms),
                               ("partner", extraction.partners))
        for e in entities
    ]
    write_table(["type", "label", "key", "mentions", "planned", "curated"], rows, fmt, sys.stdout, count=False)
    if extraction.figures:
        figures = [[f.indicator, f"{f.value:g}", f.unit, f.status, extraction.document.text[f.start:f.end]]
                   for f in extraction.figures]
        sys.stdout.write("\n")
        write_table(["indicator", "value", "unit", "status", "text"], figures, fmt, sys.stdout,
                    title="key figures" if fmt == "table" else None, count=False)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(
        help="A report file (plain text, HTML, PDF, DOCX as the reader supports); with --out-dir, any files or folders.",
        show_default=False)],
    format: Annotated[Optional[ExtractFormat], typer.Option(
        "--format", "-f", help="json (gold-file shape), table or tsv (default: table on a terminal, tsv when piped; "
        "tsv has the entities, a blank line, then the key figures).", show_default=False)] = None,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out-dir", help="Write one N-Quads file per report here (the map step; then `legalkg load`).")] = None,
    workers: WorkersOpt = 1,
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
        import json

        typer.echo(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=1))
    else:
        from legalkg.queries.output import default_format

        _print_table(extraction, default_format(format.value if format else None, sys.stdout))
    return 0
