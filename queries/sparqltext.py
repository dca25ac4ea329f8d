"""Small, careful edits and checks on SPARQL text that never parse user input as code.

`code_only` blanks out comments, string literals and IRIs (keeping offsets), so keyword
searches cannot be fooled by text inside them; `with_values` binds parameters by inserting a
VALUES block serialised from RDF terms (N-Triples escaping), the only way user data enters a query.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal

_WHERE = re.compile(r"(?<![\w:?$])WHERE\s*\{", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_NETWORK = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)


def code_only(text: str) -> str:
    """`text` with comments, strings and IRIs replaced by spaces (same length, same offsets)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            end = i + len(quote)
            while end < n and not text.startswith(quote, end):
                end += 2 if text[end] == "\\" else 1
            end = min(n, end + len(quote))
        elif ch == "<" and (match := _IRI.match(text, i)):
            end = match.end()
        else:
            out.append(ch)
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:end]))
        i = end
    return "".join(out)


def uses_network(text: str) -> str | None:
    """The first SERVICE or LOAD keyword in the query's code (not in strings/IRIs/comments)."""
    match = _NETWORK.search(code_only(text))
    return match.group(1).upper() if match else None


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<iri> "literal") }` from RDF terms (their N-Triples form)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """`text` with a VALUES block opening its outermost group pattern, so every parameter is
    joined into the main WHERE clause (filters in OPTIONALs see it too)."""
    if not bindings:
        return text
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    code = code_only(text)
    match = _WHERE.search(code)
    brace = match.end() if match else code.find("{") + 1
    if brace <= 0:
        raise ValueError("the query has no group pattern to bind parameters in")
    return f"{text[:brace]}\n  {values_block(bindings)}\n{text[brace:]}"
