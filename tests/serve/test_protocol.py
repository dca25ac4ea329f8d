"""Reading one SPARQL Protocol operation from a request: one query or update, strict UTF-8,
the right dataset parameters, or a 4xx that runs nothing."""
from __future__ import annotations

import pytest

from legalkg.serve.errors import HttpError
from legalkg.serve.protocol import FORM, QUERY_TYPE, UPDATE_TYPE, read_operation


def test_protocol_bare_get_is_none_so_the_service_describes_itself():
    assert read_operation("GET", b"", "", b"") is None


def test_protocol_get_query_with_its_dataset_and_formats():
    op = read_operation("GET", b"query=ASK+%7B%7D&default-graph-uri=urn%3Aa&named-graph-uri=urn%3Ab"
                               b"&named-graph-uri=urn%3Ac&format=xml&format=application%2Frdf%2Bxml", "", b"")
    assert (op.kind, op.text, op.default_graphs, op.named_graphs) == ("query", "ASK {}", ["urn:a"], ["urn:b", "urn:c"])
    assert op.formats == ["xml", "application/rdf+xml"]


def test_protocol_form_post_takes_the_dataset_from_url_and_body():
    op = read_operation("POST", b"default-graph-uri=urn%3Aa", FORM, b"query=ASK%7B%7D&named-graph-uri=urn%3Ab")
    assert (op.text, op.default_graphs, op.named_graphs) == ("ASK{}", ["urn:a"], ["urn:b"])


def test_protocol_direct_update_with_using_graphs():
    op = read_operation("POST", b"using-graph-uri=urn%3Aa&using-named-graph-uri=urn%3Ab",
                        UPDATE_TYPE + "; charset=UTF-8", "CLEAR ALL".encode())
    assert (op.kind, op.text, op.default_graphs, op.named_graphs) == ("update", "CLEAR ALL", ["urn:a"], ["urn:b"])


@pytest.mark.parametrize(("method", "url", "content_type", "body", "status", "reason"), [
    ("GET", b"query=ASK%7B%7D&query=ASK%7B%7D", "", b"", 400, "not 2 queries"),
    ("POST", b"", FORM, b"update=CLEAR+NAMED&update=CLEAR+DEFAULT", 400, "not 2 updates"),
    ("POST", b"", FORM, b"query=ASK%7B%7D&update=CLEAR+ALL", 400, "a query and an update"),
    ("POST", b"query=ASK%7B%7D", QUERY_TYPE, b"ASK {}", 400, "both in the URL and in the body"),
    ("POST", b"query=ASK%7B%7D", FORM, b"query=ASK%7B%7D", 400, "in its body, not in the URL"),
    ("GET", b"update=CLEAR%20ALL", "", b"", 400, "by POST"),
    ("POST", b"", "text/plain", b"ASK {}", 415, "not text/plain"),
    ("POST", b"", "", b"query=ASK%20%7B%7D", 415, "no Content-Type"),
    ("POST", b"", QUERY_TYPE + "; charset=UTF-16", "ASK {}".encode("utf-16"), 400, "UTF-8, not utf-16"),
    ("POST", b"", QUERY_TYPE, b"ASK { FILTER(\"\xff\") }", 400, "not valid UTF-8"),
    ("GET", b"query=ASK%20%7B%20FILTER(%22%FF%22)%20%7D", "", b"", 400, "URL is not valid UTF-8"),
    ("POST", b"", FORM, b"query=%C3%28", 400, "form is not valid UTF-8"),
    ("GET", b"query=ASK%7B%7D&using-graph-uri=urn%3Aa", "", b"", 400, "using-graph-uri belongs to an update"),
    ("POST", b"default-graph-uri=urn%3Aa", UPDATE_TYPE, b"CLEAR ALL", 400, "default-graph-uri belongs to a query"),
    ("POST", b"", FORM, b"format=json", 400, "no query"),
])
def test_protocol_refuses_what_the_protocol_refuses(method, url, content_type, body, status, reason):
    with pytest.raises(HttpError) as refused:
        read_operation(method, url, content_type, body)
    assert refused.value.status == status and reason in str(refused.value)
