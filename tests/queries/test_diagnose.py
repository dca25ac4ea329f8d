"""A SPARQL parse error says what is wrong in the user's words, at a line and column with a caret."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.queries.diagnose import explain, first_keyword, is_update, unbalanced


def _oxigraph_error(text: str) -> str:
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(text)
    return str(caught.value)


def test_is_update_sees_past_prefixes_and_comments() -> None:
    assert is_update("# load it\nPREFIX x: <http://e/#a>\nBASE <http://e/>\n insert DATA { <a:b> <a:b> <a:c> }") == "INSERT"
    assert is_update("DELETE WHERE { ?s ?p ?o }") == "DELETE"
    assert is_update("PREFIX insert: <http://e/> SELECT * WHERE { ?s ?p ?o }") is None
    assert first_keyword("PREFIX x: <http://e/> ASK {}") == ("ASK", 22)


def test_explain_an_update_sent_as_a_query_says_so_not_expected_construct() -> None:
    text = "PREFIX x: <http://e/>\nINSERT DATA { x:a x:b x:c }"
    message = explain(text, _oxigraph_error(text))
    assert "expected CONSTRUCT" not in message
    assert message.splitlines() == [
        "this is a SPARQL update (INSERT), not a query; send updates to a server started with "
        "`legalkg serve --writable` (POST to /update)",
        "  at line 2, column 1:",
        "    INSERT DATA { x:a x:b x:c }",
        "    ^",
    ]


def test_explain_a_misspelt_query_form() -> None:
    text = "SELCT ?s WHERE { ?s ?p ?o }"
    assert explain(text, _oxigraph_error(text)).splitlines()[0] == (
        "a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK, not 'SELCT'")


def test_explain_points_at_the_bracket_never_closed() -> None:
    text = "SELECT ?s WHERE {\n  ?s ?p \"{\" .\n  FILTER(?s != <a:b>\n}"
    lines = explain(text, _oxigraph_error(text)).splitlines()
    assert lines[0] == "the query does not parse: this '(' is never closed"
    assert lines[1:] == ["  at line 3, column 9:", "      FILTER(?s != <a:b>", "            ^"]
    assert unbalanced("SELECT * { ?s ?p \"}\" # }\n }") is None


def test_explain_falls_back_to_oxigraphs_words_at_its_line_and_column() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o . FILTER(?s = ) }"
    message = _oxigraph_error(text)
    lines = explain(text, message).splitlines()
    assert lines[0] == "the query does not parse: " + message.split(": ", 1)[1]
    column = int(message.split(":")[1])
    assert lines[1:] == ["  at line 1, column " + str(min(column, len(text) + 1)) + ":", "    " + text,
                         "    " + " " * (min(column, len(text) + 1) - 1) + "^"]


def test_explain_the_caret_counts_wide_characters_twice() -> None:
    text = 'SELECT * WHERE { ?s ?p "杭州" } }'
    lines = explain(text, "").splitlines()
    assert lines[3].index("^") == lines[2].index("}", lines[2].index("杭州")) + 2 + 2
