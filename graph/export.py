"""Write the store as linked data, atomically (temporary file, then rename), and parse linked
data back with rdflib safely.

rdflib's traps, guarded in `parse_rdf`: its RDF/XML parser expands internal XML entities
(billion laughs), its JSON-LD parser fetches remote `@context` URLs, and a parse that fails
half-way into an existing graph leaves the triples read so far. So XML entity declarations
and remote contexts are refused, no parse may open a network connection (an audit hook),
and data is parsed into a fresh dataset that is merged only when the parse succeeded.
"""
from __future__ import annotations

import contextvars
import itertools
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from legalkg.graph.store import Store, sweep_stale_temporaries, temporary_prefix
from legalkg.ingest.errors import BadRDF, LegalKGError
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


def _new_file_mode(path: Path) -> int:
    """The mode `open(path, "w")` would give: the old file's mode, else 0o666 less the umask
    (a temporary file is created 0o600, which would hide exports from other users)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call `write` on a temporary file beside `path` and rename it over `path` when complete,
    so a crash or an error never leaves a half-written file behind; what a killed run left
    beside `path` is swept first."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_stale_temporaries(folder, path.name)
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=temporary_prefix(path), suffix=".tmp", delete=False)
    except OSError as exc:
        raise LegalKGError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fchmod(handle.fileno(), _new_file_mode(path))
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
        _fsync_folder(folder)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def export(store: Store, fmt: str, out: Path) -> None:
    """Write the whole store to `out` in `fmt`, with the evidence the lean store implies spelt
    out as Web Annotation (`graph.evidence.expanded_quads`). Quad formats keep one named graph
    per report; triple formats (ttl, nt) get the union of all graphs without duplicates."""
    from legalkg.graph.evidence import expanded_quads

    if fmt not in FORMATS:
        raise LegalKGError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt]

    def write(handle: IO[bytes]) -> None:
        if fmt in QUAD_FORMATS:
            quads = itertools.chain(store.ox.quads_for_pattern(None, None, None), expanded_quads(store))
            ox.serialize(quads, handle, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        else:
            triples = itertools.chain(store.query(_UNION), (q.triple for q in expanded_quads(store)))
            ox.serialize(triples, handle, rdf_format, prefixes=PREFIXES if fmt == "ttl" else None)

    try:
        atomic_write(out, write)
    except OSError as exc:
        raise LegalKGError(f"{out}: export failed: {exc}") from None


def export_described(
    store: Store, fmt: str, out: Path, *, endpoint: str | None = None, download_base: str | None = None,
    licence: str | None = None,
) -> Path:
    """`export`, then the dataset's VoID/DCAT description beside the dump (`out.void.ttl`), with
    the dump's size and checksum; returns the description's path."""
    from legalkg.graph.void import LICENCE, write_description

    export(store, fmt, out)
    return write_description(store, [out], download_base=download_base, endpoint=endpoint, licence=licence or LICENCE)


# -- safe parsing -------------------------------------------------------------------------

RDFLIB_FORMATS = {
    "ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld",
    "rdf": "xml", "xml": "xml", "trix": "trix",
}
_XML_FORMATS = {"xml", "trix"}
_XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_NETWORK_EVENTS = {"urllib.Request", "socket.connect", "socket.getaddrinfo", "http.client.connect"}
_OFFLINE: contextvars.ContextVar[bool] = contextvars.ContextVar("legalkg_offline", default=False)
_hook_installed = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OFFLINE.get() and event in _NETWORK_EVENTS:
        raise BadRDF(f"network access refused while parsing ({event} {str(args[:2])[:100]})")


@contextmanager
def offline() -> Iterator[None]:
    """Within this block no code in this thread may open a URL or a socket (an audit hook
    raises BadRDF): what rdflib's documentation advises against remote contexts and imports."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    token = _OFFLINE.set(True)
    try:
        yield
    finally:
        _OFFLINE.reset(token)


def _remote_contexts(node: Any) -> Iterator[str]:
    """Every context in a JSON-LD document that would be fetched: string contexts and @import."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        yield ctx
                    elif isinstance(ctx, dict) and isinstance(ctx.get("@import"), str):
                        yield ctx["@import"]
            yield from _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)


def _refuse_unsafe(data: bytes, rdflib_format: str) -> None:
    if rdflib_format in _XML_FORMATS and _XML_DECLARATIONS.search(data):
        raise BadRDF("XML with a DOCTYPE or ENTITY declaration refused (entity expansion)")
    if rdflib_format == "json-ld":
        try:
            tree = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise BadRDF(f"not JSON: {exc}") from None
        remote = next(_remote_contexts(tree), None)
        if remote is not None:
            raise BadRDF(f"remote JSON-LD context {remote[:100]!r} refused (inline the context)")


def parse_rdf(data: bytes | str, fmt: str, into: Any = None, *, name: str = "data") -> Any:
    """Parse `data` (`fmt`: ttl, nt, nq, trig, jsonld, rdf/xml, trix) into a new rdflib
    Dataset and return it; with `into` (an rdflib Graph or Dataset) the quads are added there
    too, but only once the whole parse succeeded. Raises BadRDF naming `name` and the reason."""
    import rdflib

    if fmt not in RDFLIB_FORMATS:
        raise BadRDF(f"{name}: unknown RDF format {fmt!r}; choose one of {', '.join(RDFLIB_FORMATS)}")
    rdflib_format = RDFLIB_FORMATS[fmt]
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _refuse_unsafe(raw, rdflib_format)
        fresh = rdflib.Dataset()
        with offline():
            fresh.parse(data=raw, format=rdflib_format)
    except BadRDF as exc:
        raise BadRDF(f"{name}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises many types for bad input
        raise BadRDF(f"{name}: does not parse as {fmt}: {type(exc).__name__}: {str(exc)[:200]}") from None
    if into is not None:
        if isinstance(into, rdflib.Dataset):
            into.addN((s, p, o, into.graph(g.identifier)) for s, p, o, g in fresh.quads((None, None, None, None)))
        else:
            for s, p, o, _ in fresh.quads((None, None, None, None)):
                into.add((s, p, o))
    return fresh
