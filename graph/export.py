"""Write the store as linked data, atomically (temporary file, then rename)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from legalkg.graph.store import Store
from legalkg.ingest.errors import LegalKGError
from legalkg.ontology.namespace import BASE

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"nq", "trig", "jsonld"}
PREFIXES = {
    "lkg": BASE + "ontology#",
    "id": BASE + "id/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call `write` on a temporary file beside `path` and rename it over `path` when complete,
    so a crash or an error never leaves a half-written file behind."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as exc:
        raise LegalKGError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def export(store: Store, fmt: str, out: Path) -> None:
    """Write the whole store to `out` in `fmt`. Quad formats keep one named graph per report;
    triple formats (ttl, nt) get the union of all graphs without duplicates."""
    if fmt not in FORMATS:
        raise LegalKGError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt]

    def write(handle: IO[bytes]) -> None:
        if fmt in QUAD_FORMATS:
            store.ox.dump(handle, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        else:
            triples = store.query(_UNION)
            ox.serialize(triples, handle, rdf_format, prefixes=PREFIXES if fmt == "ttl" else None)

    try:
        atomic_write(out, write)
    except OSError as exc:
        raise LegalKGError(f"{out}: export failed: {exc}") from None
