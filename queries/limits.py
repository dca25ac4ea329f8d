"""The limits every query runs under, and the checks made on its text before the engine sees it.

Why check before parsing: Oxigraph's SPARQL parser recurses once per nesting level and a query
of a few thousand nested braces or parentheses overflows the stack (measured: 2,000 levels
parse, 3,000 crash the process with SIGSEGV). No real query nests deeper than a few dozen, so
the text is refused long before that, with the option that raises the limit named in the error.
The other limits (time, rows, memory) are enforced by `queries.pool` around a worker process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from legalkg.ingest.errors import LegalKGError, QueryError

# Far below the measured crash (between 2,000 and 3,000 levels), far above real queries.
NESTING_CEILING = 1000


class QueryLimitError(QueryError):
    """A query refused or stopped by one of its limits (the message names the option)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-query limits; each field has the CLI option that sets it (see `OPTIONS`)."""

    timeout_s: float = 30.0
    max_rows: int = 100_000
    memory_mb: int = 1024
    max_nesting: int = 128
    max_query_kb: int = 1024


# field -> (option, what it bounds), for help texts and the README's Limits table.
OPTIONS = {
    "timeout_s": ("--query-timeout", "seconds a query may run"),
    "max_rows": ("--max-rows", "rows (or triples) a query may return"),
    "memory_mb": ("--query-memory", "MB of memory the process running a query may use"),
    "max_nesting": ("--max-nesting", "levels of nested {}, (), [] or << >> in a query"),
    "max_query_kb": ("--max-query-kb", "KB of query or update text"),
}


_BRACKET = re.compile(r"<<|>>|[{(\[]|[})\]]")


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets in the query's code (strings, IRIs, comments skipped)."""
    from legalkg.queries.sparqltext import code_only  # imports the engine: not on every CLI start

    depth = deepest = 0
    for match in _BRACKET.finditer(code_only(text)):
        if match.group() in ("<<", "{", "(", "["):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_text(text: str, limits: Limits) -> None:
    """Raise QueryLimitError if `text` is too large or nests too deep to hand to the parser."""
    size = len(text.encode("utf-8"))
    if size > limits.max_query_kb * 1024:
        raise QueryLimitError(
            f"the query is {size / 1024:.0f} KB, over the {limits.max_query_kb} KB limit; raise --max-query-kb")
    depth = nesting_depth(text)
    if depth > limits.max_nesting:
        raise QueryLimitError(
            f"the query nests {depth} levels deep, over the limit of {limits.max_nesting}; "
            f"raise --max-nesting (at most {NESTING_CEILING})")


def check_limits(limits: Limits) -> Limits:
    """`limits` if every value is in range, else a LegalKGError (exit code 2) naming the option."""
    for name, low, high in (("timeout_s", 0.1, 86_400), ("max_rows", 1, 10**9), ("memory_mb", 64, 1 << 20),
                            ("max_nesting", 1, NESTING_CEILING), ("max_query_kb", 1, 64 * 1024)):
        value = getattr(limits, name)
        if not low <= value <= high:
            raise LegalKGError(f"{OPTIONS[name][0]} takes {low} to {high}, not {value}")
    return limits
