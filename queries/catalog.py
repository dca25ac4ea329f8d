"""Named SPARQL queries: `rq/NAME.rq` files (package data) with a comment header.

Header lines (before the first non-comment line):
    # name: bureau-mechanisms
    # title: Departments x mechanisms
    # purpose: one sentence a researcher would ask
    # param: bureau (kind: iri, class: lkg:Bureau, optional) -- what it means
    # lang: yes          (labels follow --lang through a bound ?lang literal)
    # internal: yes      (used by legalkg itself, not listed for people)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from legalkg.ingest.errors import QueryError

# The lkg: namespace (LKG in legalkg.ontology.namespace, a test checks they agree), spelt out so
# that reading the catalog does not import rdflib: `legalkg query --help` lists the queries.
LKG_NS = "https://w3id.org/legalkg/ontology#"

KINDS = ("iri", "literal", "int")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<opts>[^)]*)\)\s*(?:--\s*(?P<meaning>.*))?$")


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter: bound to the SPARQL variable of the same name."""

    name: str
    kind: str
    meaning: str = ""
    optional: bool = False
    cls: str | None = None


@dataclass(frozen=True, slots=True)
class StoredQuery:
    """One named query as read from its .rq file."""

    name: str
    title: str
    purpose: str
    params: tuple[Param, ...]
    text: str
    path: str
    lang: bool = False
    internal: bool = field(default=False, compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _expand(term: str) -> str:
    """`lkg:Bureau` -> the full IRI (only the lkg: prefix is used in headers)."""
    return LKG_NS + term.removeprefix("lkg:") if term.startswith("lkg:") else term


def parse_param(spec: str, where: str) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"{where}: malformed param header {spec!r}")
    opts = [o.strip() for o in match["opts"].split(",") if o.strip()]
    kind, cls, optional = "", None, False
    for opt in opts:
        key, _, value = (part.strip() for part in opt.partition(":"))
        if key == "kind":
            kind = value
        elif key == "class":
            cls = _expand(value)
        elif key == "optional" and not value:
            optional = True
        else:
            raise QueryError(f"{where}: unknown param option {opt!r}")
    if kind not in KINDS:
        raise QueryError(f"{where}: param {match['name']} needs kind: {'|'.join(KINDS)}")
    return Param(match["name"], kind, (match["meaning"] or "").strip(), optional, cls)


def parse_query(text: str, path: str) -> StoredQuery:
    """Read the header of one .rq file; the whole text (header included) is the query."""
    header: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        if match["key"] == "param":
            params.append(parse_param(match["value"], path))
        else:
            header[match["key"]] = match["value"]
    name = header.get("name")
    if not name:
        raise QueryError(f"{path}: missing '# name:' header")
    return StoredQuery(
        name=name, title=header.get("title", name), purpose=header.get("purpose", ""),
        params=tuple(params), text=text, path=path, lang=header.get("lang", "no") == "yes",
        internal=header.get("internal", "no") == "yes",
    )


@cache
def catalog() -> dict[str, StoredQuery]:
    """Every packaged query by name (sorted)."""
    found: dict[str, StoredQuery] = {}
    for entry in sorted(files("legalkg.queries").joinpath("rq").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            query = parse_query(entry.read_text(encoding="utf-8"), f"rq/{entry.name}")
            found[query.name] = query
    return found


def get_query(name: str) -> StoredQuery:
    """The query called `name`, or a QueryError naming the ones that exist."""
    queries = catalog()
    if name not in queries:
        available = ", ".join(n for n, q in queries.items() if not q.internal)
        raise QueryError(f"unknown query {name!r}; available: {available}")
    return queries[name]
