"""`legalkg load`: linked data files into the store, in any RDF syntax Oxigraph parses, guarded
and all-or-nothing.

Every file is checked before anything is loaded: its syntax (by extension, else by content),
its nesting (RDF 1.2 triple terms and JSON-LD objects nested beyond MAX_NESTING are refused,
since Oxigraph's recursive parsers crash the process on some thousands of levels), XML entity
declarations (refused: entity expansion), and a full streaming parse, nothing kept. Only when
every file passed are they bulk-loaded; Oxigraph's parsers never fetch anything.
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from legalkg.graph.store import Store, StoreError, line_blocks
from legalkg.ingest.errors import BadRDF, UnreadableDocument
from legalkg.ingest.formats import rdf_syntax
from legalkg.ingest.read import printable

MAX_NESTING = 64
SYNTAXES: dict[str, ox.RdfFormat] = {
    "N-Quads": ox.RdfFormat.N_QUADS, "N-Triples": ox.RdfFormat.N_TRIPLES, "Turtle": ox.RdfFormat.TURTLE,
    "TriG": ox.RdfFormat.TRIG, "N3": ox.RdfFormat.N3, "JSON-LD": ox.RdfFormat.JSON_LD,
    "RDF/XML": ox.RdfFormat.RDF_XML,
}
_BLOCK = 1 << 20
# Tokens that matter for nesting in the Turtle family: strings and IRIs (skipped whole, so a
# "<<" inside them counts for nothing), comments, and the triple-term brackets.
_TURTLE_TOKENS = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    rb'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*|<<|>>|<[^<>"{}|^`\\\s]*>'
)
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')
_XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def syntax_of(path: Path) -> str:
    """The RDF syntax of `path` (by extension, else by its first bytes); BadRDF when neither says."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise UnreadableDocument(path, exc.strerror or str(exc)) from None
    syntax = rdf_syntax(head, path.name)
    if syntax is None or syntax not in SYNTAXES:
        raise BadRDF(f"{printable(str(path))}: not a linked-data file Oxigraph reads "
                     f"(extensions: .nq .nt .ttl .trig .n3 .jsonld .rdf .owl)")
    return syntax


def nesting(path: Path, syntax: str) -> int:
    """The deepest nesting of triple terms (Turtle family) or of JSON objects and arrays (JSON-LD)
    in `path`, read as a stream; stops counting once past MAX_NESTING."""
    json = syntax == "JSON-LD"
    tokens, opening, closing = (_JSON_TOKENS, (b"[", b"{"), (b"]", b"}")) if json else (_TURTLE_TOKENS, (b"<<",), (b">>",))
    depth = deepest = 0
    for block in line_blocks(path, _BLOCK):
        if not any(mark in block for mark in (*opening, *closing)):
            continue
        for match in tokens.finditer(block):
            token = match.group(0)
            if token in opening:
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_NESTING:
                        return deepest
            elif token in closing:
                depth = max(0, depth - 1)
    return deepest


def check(path: Path) -> str:
    """Raise BadRDF or UnreadableDocument naming `path` unless it is safe, parseable linked data;
    returns its syntax. Streams the file (O(1) memory)."""
    if not path.is_file():
        raise UnreadableDocument(path, "no such file")
    syntax = syntax_of(path)
    name = printable(str(path))
    if syntax == "RDF/XML":
        with open(path, "rb") as handle:
            if _XML_DECLARATIONS.search(handle.read(1 << 16)):
                raise BadRDF(f"{name}: XML with a DOCTYPE or ENTITY declaration refused (entity expansion)")
    if syntax not in ("RDF/XML",) and nesting(path, syntax) > MAX_NESTING:
        what = "JSON objects" if syntax == "JSON-LD" else "RDF-star triple terms"
        raise BadRDF(f"{name}: {what} nested more than {MAX_NESTING} deep (refused before parsing)")
    try:
        deque(ox.parse(path=str(path), format=SYNTAXES[syntax], base_iri=path.resolve().as_uri()), maxlen=0)
    except SyntaxError as exc:
        raise BadRDF(f"{name}: not {syntax}: {printable(str(getattr(exc, 'msg', exc)))}") from None
    except OSError as exc:
        raise UnreadableDocument(path, exc.strerror or str(exc)) from None
    return syntax


def load(store: Store, files: list[Path], syntaxes: list[str]) -> None:
    """Bulk-load `files` once every one passed `check` (which gave `syntaxes`); triple syntaxes
    go into the default graph, which queries see with the report graphs. What an export spelt
    out of the lean store (`graph.evidence.is_derived`) is left out, so that loading an export
    gives back the store it came from."""
    from legalkg.graph.evidence import is_derived

    for path, syntax in zip(files, syntaxes):
        try:
            parsed = ox.parse(path=str(path), format=SYNTAXES[syntax], base_iri=path.resolve().as_uri())
            store.ox.bulk_extend(q for q in parsed if not is_derived(q))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{printable(str(path))}: cannot load: {exc}") from None
