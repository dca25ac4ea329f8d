"""Say why SPARQL text does not parse, in the user's words, at a line and column with a caret.

Oxigraph reports the furthest point its parser reached ("error at 1:10: expected CONSTRUCT"),
which for the common mistakes is not where the mistake is: an update sent as a query fails
on its first keyword as "expected CONSTRUCT", a misspelt SELECT the same, and an unclosed brace
at the end of the text. So the usual causes are recognised first (an update, an unknown query
form, unbalanced brackets) and Oxigraph's own words are the fallback, always with the line
quoted and a caret under the column.
"""
from __future__ import annotations

import re
import unicodedata

from legalkg.queries.sparqltext import code_only

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_OXIGRAPH = re.compile(r"^error at (?P<line>\d+):(?P<column>\d+): (?P<reason>.*)$", re.S)
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.I)
_KEYWORD = re.compile(r"[A-Za-z]+")
_PAIRS = {")": "(", "}": "{", "]": "["}


def first_keyword(text: str) -> tuple[str, int] | None:
    """The first word after the PREFIX/BASE prologue and comments, and its offset."""
    start = _PROLOGUE.match(text).end()  # type: ignore[union-attr]  # the pattern matches ""
    match = _KEYWORD.match(text, start)
    return (match.group(0), match.start()) if match else None


def is_update(text: str) -> str | None:
    """The update keyword (INSERT, DELETE, ...) that `text` starts with, if it is an update."""
    found = first_keyword(text)
    return found[0].upper() if found and found[0].upper() in UPDATE_FORMS else None


def unbalanced(text: str) -> tuple[int, str] | None:
    """The offset and a description of the first bracket that is never closed or closes
    nothing (strings, IRIs and comments ignored)."""
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(code_only(text)):
        if c in "({[":
            stack.append((c, i))
        elif c in _PAIRS:
            if not stack:
                return i, f"this {c!r} closes nothing"
            opener, at = stack.pop()
            if opener != _PAIRS[c]:
                return at, f"this {opener!r} is never closed"
    if stack:
        c, i = stack[-1]
        return i, f"this {c!r} is never closed"
    return None


UPDATES_GO_TO = "a server started with `legalkg serve --writable` (POST to /update)"


def explain(text: str, message: str, *, use: str = UPDATES_GO_TO) -> str:
    """A parse error of `text` (Oxigraph's `message`) as one line of reason, then the line of
    the text it is on and a caret under the column. `use` says where updates go instead."""
    update = is_update(text)
    if update:
        found = first_keyword(text)
        assert found is not None
        return _at(text, found[1], f"this is a SPARQL update ({update}), not a query; send updates to {use}")
    found = first_keyword(text)
    if found and found[0].upper() not in QUERY_FORMS:
        return _at(text, found[1], f"a query starts with {', '.join(QUERY_FORMS[:-1])} or ASK, not {found[0]!r}")
    bracket = unbalanced(text)
    if bracket:
        return _at(text, bracket[0], f"the query does not parse: {bracket[1]}")
    match = _OXIGRAPH.match(message)
    if not match:
        return f"the query does not parse: {message}"
    return _at(text, _offset(text, int(match["line"]), int(match["column"])),
               f"the query does not parse: {match['reason']}")


def _offset(text: str, line: int, column: int) -> int:
    """The offset of 1-based `line`:`column`, clamped to the end of that line."""
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    start = sum(len(part) + 1 for part in lines[: line - 1])
    return start + min(max(column - 1, 0), len(lines[line - 1]))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _at(text: str, offset: int, reason: str) -> str:
    """`reason`, then where: the line and column, the line quoted, a caret under the column."""
    line_no = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start: len(text) if end < 0 else end].replace("\t", " ").rstrip("\r")
    column = offset - start
    return f"{reason}\n  at line {line_no}, column {column + 1}:\n    {line}\n    {' ' * _width(line[:column])}^"
