"""Read one SPARQL 1.1 Protocol operation out of an HTTP request, as the Protocol says, or refuse.

The rules (SPARQL 1.1 Protocol §2.1, §2.2), each a 4xx that runs nothing:
- exactly one `query` or one `update` per request: several of either, both together, or the
  text both in the URL and in the body is 400;
- a query by GET `?query=`, by POST of a form (`application/x-www-form-urlencoded`, the query
  in the body) or directly (`application/sparql-query`); an update only by POST, as a form or
  `application/sparql-update`; any other body type is 415;
- URLs, forms and bodies are UTF-8: invalid bytes, or a charset other than UTF-8, is 400 (never
  run with U+FFFD);
- a query takes `default-graph-uri` / `named-graph-uri`, an update `using-graph-uri` /
  `using-named-graph-uri`; the other operation's dataset parameters are 400.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import unquote_to_bytes

from legalkg.serve.errors import HttpError

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")


@dataclass(slots=True)
class Operation:
    """One query or update with its protocol dataset; `formats` are the `format=` values."""

    kind: str  # "query" or "update"
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)


def _utf8(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST,
                        f"the {where} is not valid UTF-8 (byte {exc.start}); send UTF-8") from None


def parse_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """`a=1&b=2` (percent- and plus-decoded) as (name, value) pairs; strict UTF-8."""
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        decode = lambda b: _utf8(unquote_to_bytes(b.replace(b"+", b" ")), where)  # noqa: E731
        pairs.append((decode(name), decode(value)))
    return pairs


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in pairs if key == name]


def _media(content_type: str) -> tuple[str, str | None]:
    """(media type, charset or None) of a Content-Type header."""
    media, *params = (p.strip() for p in content_type.split(";"))
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in params
                    if p.lower().startswith("charset=")), None)
    return media.lower(), charset


def read_operation(method: str, url_query: bytes, content_type: str, body: bytes) -> Operation | None:
    """The operation of a request to the SPARQL endpoint, None for a bare GET (no query: the
    caller answers with the service description)."""
    url = parse_pairs(url_query, "URL")
    if method in ("GET", "HEAD"):
        if _values(url, "update"):
            raise HttpError(HTTPStatus.BAD_REQUEST, "an update must be sent by POST, not GET")
        queries = _values(url, "query")
        if not queries:
            return None
        return _operation(url, queries, [])
    media, charset = _media(content_type)
    if charset not in (None, "utf-8", "utf8"):
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the body must be UTF-8, not {charset}")
    if _values(url, "query") or _values(url, "update"):
        if media == FORM:
            raise HttpError(HTTPStatus.BAD_REQUEST, "a POSTed form carries the query or update in its body, "
                                                    "not in the URL")
        raise HttpError(HTTPStatus.BAD_REQUEST, "the query or update is both in the URL and in the body; send one")
    if media == FORM:
        form = parse_pairs(body, "form")
        return _operation(url + form, _values(form, "query"), _values(form, "update"))
    if media == QUERY_TYPE:
        return _operation(url, [_utf8(body, "query")], [])
    if media == UPDATE_TYPE:
        return _operation(url, [], [_utf8(body, "update")])
    raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"POST takes {QUERY_TYPE}, {UPDATE_TYPE} or {FORM}, not {media or 'no Content-Type'}")


def _operation(params: list[tuple[str, str]], queries: list[str], updates: list[str]) -> Operation:
    if len(queries) + len(updates) != 1:
        what = ("a query and an update" if queries and updates
                else f"{len(queries)} queries" if queries else f"{len(updates)} updates")
        raise HttpError(HTTPStatus.BAD_REQUEST,
                        f"one query or one update per request, not {what}" if queries or updates
                        else "no query: pass query= (GET or form POST), update= (form POST) or a SPARQL body")
    kind, text = ("query", queries[0]) if queries else ("update", updates[0])
    own, other = (QUERY_DATASET, UPDATE_DATASET) if kind == "query" else (UPDATE_DATASET, QUERY_DATASET)
    misplaced = [name for name in other if _values(params, name)]
    if misplaced:
        owner = "an update" if kind == "query" else "a query"
        raise HttpError(HTTPStatus.BAD_REQUEST, f"{misplaced[0]} belongs to {owner}; a {kind} takes {' and '.join(own)}")
    return Operation(kind, text, _values(params, own[0]), _values(params, own[1]), _values(params, "format"))
