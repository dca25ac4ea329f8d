"""Media types: `format=` as the alias SPARQLWrapper and YASGUI send, chosen by query form;
otherwise the Accept header."""
from __future__ import annotations

import pytest

from legalkg.serve.errors import HttpError
from legalkg.serve.negotiate import negotiate, query_form


@pytest.mark.parametrize(("text", "form"), [
    ("PREFIX select: <urn:> ASK { ?s select:x ?o }", "ASK"),
    ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <urn:x>", "DESCRIBE"),
    ('SELECT ("ASK" AS ?x) {}', "SELECT"),
])
def test_negotiate_query_form_reads_the_code_only(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize(("form", "formats", "media"), [
    ("SELECT", ["xml"], "application/sparql-results+xml"),
    ("CONSTRUCT", ["xml"], "application/rdf+xml"),
    ("DESCRIBE", ["rdf+xml", "application/rdf+xml"], "application/rdf+xml"),
    ("CONSTRUCT", ["json-ld", "application/ld+json"], "application/ld+json"),
    ("CONSTRUCT", ["json"], "application/ld+json"),
    ("SELECT", ["json"], "application/sparql-results+json"),
    ("CONSTRUCT", ["n3"], "text/n3"),
    ("CONSTRUCT", ["turtle"], "text/turtle"),
    ("SELECT", ["tsv", "text/tab-separated-values"], "text/tab-separated-values"),
    ("ASK", ["csv"], "text/csv"),
])
def test_negotiate_format_alias_by_query_form(form, formats, media):
    assert negotiate(form, "text/html", formats) == media


@pytest.mark.parametrize(("form", "accept", "media"), [
    ("SELECT", "", "application/sparql-results+json"),
    ("SELECT", "text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("CONSTRUCT", "*/*", "text/turtle"),
    ("CONSTRUCT", "application/*", "application/n-triples"),
    ("DESCRIBE", "text/html;q=0.9, application/rdf+xml;q=0.8", "application/rdf+xml"),
])
def test_negotiate_by_accept_when_there_is_no_format(form, accept, media):
    assert negotiate(form, accept, []) == media


@pytest.mark.parametrize(("form", "accept", "formats"), [
    ("SELECT", "", ["turtle"]), ("CONSTRUCT", "", ["csv"]), ("SELECT", "text/turtle", []),
])
def test_negotiate_says_406_with_what_is_offered(form, accept, formats):
    with pytest.raises(HttpError, match="try") as refused:
        negotiate(form, accept, formats)
    assert refused.value.status == 406
