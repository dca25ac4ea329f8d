"""Small, careful edits and checks on SPARQL text that never parse user input as code.

`code_only` blanks out comments, string literals and IRIs (keeping offsets), so keyword
searches cannot be fooled by text inside them; `with_values` binds parameters by inserting a
VALUES block serialised from RDF terms (N-Triples escaping), the only way user data enters a query.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import pyoxigraph as ox

# A name for type hints only: the text checks here run in the CLI process of `legalkg sparql`,
# which leaves the engine to its query worker.
Term: TypeAlias = "ox.NamedNode | ox.Literal"

_WHERE = re.compile(r"(?<![\w:?$])WHERE\s*\{", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_NETWORK = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)


@lru_cache(maxsize=8)
def code_only(text: str) -> str:
    """`text` with comments, strings and IRIs replaced by spaces (same length, same offsets).

    Cached for the last few texts: a served query is checked three times (limits, SERVICE, its
    form) before the engine sees it, and each scan of a named query's text took ~0.3 ms."""
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


def with_values(text: str, bindings: Mapping[str, Term], *, into_subqueries: bool = True) -> str:
    """`text` with a VALUES block opening its outermost group pattern, so every parameter is
    joined into the main WHERE clause (filters in OPTIONALs see it too).

    With `into_subqueries`, each sub-SELECT that provably sees the same binding also gets the
    rows for its variables at the start of its WHERE group (see `_subquery_blocks`), so an
    engine that does not push bindings into subqueries aggregates only the bound entity."""
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
    edits = [(brace, values_block(bindings))]
    if into_subqueries:
        edits += _subquery_blocks(code, brace - 1, bindings)
    for offset, block in sorted(edits, reverse=True):
        text = f"{text[:offset]}\n  {block}\n{text[offset:]}"
    return text


# Binding a variable inside a sub-SELECT gives the same rows only where SPARQL's algebra lets a
# join with the VALUES move across the sub-SELECT's boundary. `_subquery_blocks` injects only
# where all of these hold (anything else keeps the outermost block alone, which is always right):
#  - the enclosing group already has the binding at its start (the outermost WHERE group, or a
#    sub-SELECT injected this way), so every row meeting the sub-SELECT has the variable bound;
#  - the sub-SELECT is reached from that group through plain groups, UNION branches and GRAPH,
#    or directly as OPTIONAL/MINUS (never inside EXISTS, SERVICE, an expression, or an
#    OPTIONAL/MINUS further down, whose left side may not have the variable yet);
#  - it projects the variable as a plain variable (or *), so it is the same variable, and it has
#    no LIMIT/OFFSET (restricting first would change which rows are kept); a plainly projected
#    variable of an aggregate query is a GROUP BY key, so restricting before grouping is exact;
#  - its WHERE body certainly binds the variable at its first mention (a triple pattern, or a
#    plain group, GRAPH or sub-SELECT that certainly binds it), so the join with VALUES can move
#    to the start: nothing before that mention looks at the variable, and everything after it
#    works row by row on rows where it is already bound.
_TOKEN = re.compile(r"[{}()]|[?$]\w+|[A-Za-z_][\w:-]*|\S")
_SKIP = {"EXISTS", "SERVICE", "SILENT"}


@dataclass(slots=True)
class _Group:
    """One `{ ... }` of the query code: its tokens (offset, text, paren depth) and subgroups."""

    open: int
    in_expression: bool = False
    items: list[tuple[int, str, int] | _Group] = field(default_factory=list)

    def select(self) -> tuple[list[tuple[int, str, int]], _Group, list[tuple[int, str, int]]] | None:
        """(projection tokens, WHERE group, modifier tokens) when this group is a sub-SELECT."""
        if not self.items or isinstance(self.items[0], _Group) or self.items[0][1].upper() != "SELECT":
            return None
        at = next((i for i, it in enumerate(self.items) if isinstance(it, _Group) and not it.in_expression), None)
        if at is None:
            return None
        body = self.items[at]
        assert isinstance(body, _Group)
        return _tokens(self.items[1:at]), body, _tokens(self.items[at + 1:])

    def mentions(self, var: str) -> bool:
        return any(it.mentions(var) if isinstance(it, _Group) else it[1][1:] == var and it[1][0] in "?$"
                   for it in self.items)


def _tokens(items: list[tuple[int, str, int] | _Group]) -> list[tuple[int, str, int]]:
    return [it for it in items if not isinstance(it, _Group)]


def _tree(code: str) -> dict[int, _Group] | None:
    """Every group of `code` by the offset of its `{` (None if the braces do not balance)."""
    groups: dict[int, _Group] = {}
    stack = [_Group(-1)]
    parens = [0]
    for match in _TOKEN.finditer(code):
        token = match.group()
        if token == "{":
            group = _Group(match.start(), parens[-1] > 0)
            stack[-1].items.append(group)
            groups[group.open] = group
            stack.append(group)
            parens.append(0)
        elif token == "}":
            if len(stack) == 1:
                return None
            stack.pop()
            parens.pop()
        else:
            parens[-1] += (token == "(") - (token == ")")
            stack[-1].items.append((match.start(), token, parens[-1]))
    return groups if len(stack) == 1 else None


def _context(items: list[tuple[int, str, int] | _Group], at: int) -> str:
    """The keyword that introduces the group `items[at]` ("" for a plain group)."""
    before = [it[1].upper() if not isinstance(it, _Group) else "" for it in items[max(0, at - 2):at]]
    if before and before[-1] in {"OPTIONAL", "MINUS", "UNION", "GRAPH", *_SKIP}:
        return before[-1]
    if len(before) == 2 and before[0] in {"GRAPH", *_SKIP}:
        return before[0]
    return ""


def _projects(group: _Group, var: str) -> bool:
    """`group` is a sub-SELECT without LIMIT/OFFSET projecting `var` plainly, whose WHERE body
    certainly binds it."""
    parts = group.select()
    if parts is None:
        return False
    projection, body, modifiers = parts
    plain = {t for _, t, depth in projection if depth == 0}
    if not ({"*", f"?{var}", f"${var}"} & plain) or {"LIMIT", "OFFSET"} & {t.upper() for _, t, _ in modifiers}:
        return False
    return _binds(body, var)


def _binds(group: _Group, var: str) -> bool:
    """The first mention of `var` in `group` certainly binds it in every solution."""
    for at, item in enumerate(group.items):
        if not isinstance(item, _Group):
            if item[1][0] in "?$" and item[1][1:] == var:
                previous = group.items[at - 1] if at else None
                after_values = isinstance(previous, tuple) and previous[1].upper() in {"VALUES", *_SKIP}
                return item[2] == 0 and not after_values
            continue
        if not item.mentions(var):
            continue
        following = group.items[at + 1] if at + 1 < len(group.items) else None
        if item.in_expression or _context(group.items, at) not in ("", "GRAPH") or (
            isinstance(following, tuple) and following[1].upper() == "UNION"
        ):
            return False
        return _projects(item, var) if item.select() else _binds(item, var)
    return False


def _targets(group: _Group, var: str, *, direct: bool = True) -> list[_Group]:
    """The WHERE groups of the sub-SELECTs under `group` (which binds `var` at its start) where
    binding `var` too keeps the query's rows the same."""
    found: list[_Group] = []
    for at, item in enumerate(group.items):
        if not isinstance(item, _Group) or item.in_expression:
            continue
        context = _context(group.items, at)
        if context in _SKIP or (context in ("OPTIONAL", "MINUS") and not direct):
            continue
        parts = item.select()
        if parts is None:
            found += _targets(item, var, direct=False)
        elif _projects(item, var):
            found += [parts[1], *_targets(parts[1], var)]
    return found


def _subquery_blocks(code: str, outer: int, bindings: Mapping[str, Term]) -> list[tuple[int, str]]:
    """(offset, VALUES block) for each sub-SELECT WHERE group that the outermost group at
    `outer` shares variables with, each block holding only the variables that group may bind."""
    groups = _tree(code)
    if groups is None or outer not in groups:
        return []
    names: dict[int, list[str]] = {}
    for name in bindings:
        for body in _targets(groups[outer], name):
            names.setdefault(body.open + 1, []).append(name)
    return [(offset, values_block({n: bindings[n] for n in found})) for offset, found in names.items()]
