"""`using-graph-uri` and `using-named-graph-uri` for updates, as the Protocol defines them (§2.2.3).

pyoxigraph takes no dataset for an update, so the parameters are written into the update as the
USING / USING NAMED clauses they stand for: before the WHERE of each DELETE/INSERT operation
(the only WHERE at the top level of an update; a sub-SELECT's is inside braces). An update that
has its own USING or WITH together with the parameters is refused, as the Protocol says.
"""
from __future__ import annotations

import re
from http import HTTPStatus

import pyoxigraph as ox

from legalkg.queries.sparqltext import code_only
from legalkg.serve.errors import HttpError

_KEYWORD = re.compile(r"(?<![\w:?$])(USING|WITH|WHERE|DELETE)(?![\w:-])", re.IGNORECASE)


def _top_level_keywords(text: str) -> list[tuple[int, str]]:
    """(offset, KEYWORD) of USING/WITH/WHERE/DELETE outside any braces, strings, IRIs, comments."""
    code = code_only(text)
    depth = 0
    found = []
    position = 0
    for match in _KEYWORD.finditer(code):
        segment = code[position:match.start()]
        depth += segment.count("{") - segment.count("}")
        position = match.start()
        if depth == 0:
            found.append((match.start(), match.group(1).upper()))
    return found


def apply_using(text: str, using: list[str], using_named: list[str]) -> str:
    """`text` with the protocol's using graphs as USING clauses (400 on a conflict)."""
    if not using and not using_named:
        return text
    keywords = _top_level_keywords(text)
    clash = next((word for _, word in keywords if word in ("USING", "WITH")), None)
    if clash:
        raise HttpError(HTTPStatus.BAD_REQUEST,
                        f"the update has its own {clash} clause and also using-graph-uri/using-named-graph-uri; "
                        "the Protocol allows one or the other")
    try:
        clauses = " ".join([*(f"USING {ox.NamedNode(g)}" for g in using),
                            *(f"USING NAMED {ox.NamedNode(g)}" for g in using_named)])
    except ValueError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"a using graph is not an IRI: {exc}") from None
    offsets = [at for (at, word), before in zip(keywords, [None, *keywords])
               if word == "WHERE" and not (before and before[1] == "DELETE" and _adjacent(text, before[0], at))]
    for at in reversed(offsets):
        text = f"{text[:at]}{clauses}\n{text[at:]}"
    return text


def _adjacent(text: str, delete_at: int, where_at: int) -> bool:
    """True when WHERE directly follows DELETE (the DELETE WHERE shorthand, which takes no USING)."""
    return not code_only(text)[delete_at + len("DELETE"):where_at].strip()
