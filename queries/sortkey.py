"""SPARQL that sorts by IRIs and long strings cheaply on Oxigraph: by pieces short enough to be
stored inline.

Why: Oxigraph's ORDER BY compares two IRIs, or two strings longer than 15 bytes, by reading both
from the store (RocksDB) at every comparison, and a sort makes n log n of them: at 10,000 reports
sorting 167,567 rows by two IRIs took 24 s of a 27 s query, by the same strings in pieces 0.9 s
(measured). A string of at most 15 bytes is held in the term itself, so comparing two of them
reads nothing. Pieces compared one after the other order rows exactly as the whole strings do
(IRIs are ordered by their text, a shorter string before a longer one it starts), so the
named queries answer in the same order as when they sorted by the IRIs or labels themselves.

One source for the named queries in rq/ (static files, checked against these functions by the
tests).
"""
from __future__ import annotations

from legalkg.ontology.namespace import ID as _ID_NAMESPACE

ID = str(_ID_NAMESPACE)  # the start of every entity and report IRI (graph.iris)
IRI_PIECE = 15  # characters: IRIs are ASCII, so 15 bytes, Oxigraph's inline limit
IRI_PIECES = 6  # the last one holds the rest: slugs of this project are at most 82 characters
TEXT_PIECE = 5  # characters of a label: five Chinese characters are 15 bytes in UTF-8
TEXT_PIECES = 8


def key_names(var: str, pieces: int = IRI_PIECES) -> list[str]:
    """The variables holding ?{var}'s sort key: its kind (?{var}Key0) and pieces."""
    return [f"?{var}Key{i}" for i in range(pieces + 1)]


def _pieces(var: str, piece: int, pieces: int) -> list[str]:
    lines = []
    for i in range(pieces):
        length = f", {piece}" if i < pieces - 1 else ""
        lines.append(f"BIND(SUBSTR(?{var}Rest, {1 + i * piece}{length}) AS ?{var}Key{i + 1})")
    return lines


def iri_key(var: str, *, indent: str = "  ") -> str:
    """BINDs of ?{var}'s sort key, which orders IRIs exactly as their text: IRIs that start
    with ID (every IRI this project makes) compared by the rest, in pieces; others by their
    whole text, before or after them (Key0 "0", "1" or "2") as their text is before or after
    ID."""
    lines = [
        f"BIND(STR(?{var}) AS ?{var}Text)",
        f'BIND(STRSTARTS(?{var}Text, "{ID}") AS ?{var}Minted)',
        f'BIND(IF(?{var}Minted, "1", IF(?{var}Text < "{ID}", "0", "2")) AS ?{var}Key0)',
        f"BIND(IF(?{var}Minted, SUBSTR(?{var}Text, {len(ID) + 1}), ?{var}Text) AS ?{var}Rest)",
        *_pieces(var, IRI_PIECE, IRI_PIECES),
    ]
    return "\n".join(indent + line for line in lines)


def text_key(var: str, text: str, *, indent: str = "  ") -> str:
    """BINDs of ?{var}'s sort key for the string `text` (a label): its pieces of TEXT_PIECE
    characters (Key0 is empty: only for the same shape as `iri_key`)."""
    lines = [f'BIND("" AS ?{var}Key0)', f"BIND({text} AS ?{var}Rest)", *_pieces(var, TEXT_PIECE, TEXT_PIECES)]
    return "\n".join(indent + line for line in lines)


def order(var: str, pieces: int = IRI_PIECES, *, descending: bool = False) -> str:
    """The ORDER BY conditions that sort by ?{var}'s key (ascending unless `descending`)."""
    names = key_names(var, pieces)
    return " ".join(f"DESC({n})" for n in names) if descending else " ".join(names)
