"""Query limits: the text checks made before parsing, and the CLI's contained runs that stop a
runaway query with a message naming the option to raise."""
from __future__ import annotations

import pytest

from legalkg.graph.cli import main
from legalkg.ingest.errors import LegalKGError
from legalkg.queries.limits import Limits, QueryLimitError, check_limits, check_text, nesting_depth

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize(("text", "depth"), [
    ("SELECT * WHERE { ?s ?p ?o }", 1),
    ("SELECT * WHERE { { ?s ?p ?o } FILTER((1 + (2)) > 0) }", 4),
    ("SELECT * WHERE { ?s ?p '{{{{((((' . ?s ?p <urn:x(((> } # {{{{{{", 1),
    ("SELECT * WHERE { << ?s ?p << ?a ?b ?c >> >> ?q ?o }", 3),
    ("ASK {}", 1),
])
def test_limits_nesting_depth_counts_brackets_in_code_only(text, depth):
    assert nesting_depth(text) == depth


def test_limits_refuse_deep_nesting_before_the_parser_sees_it():
    with pytest.raises(QueryLimitError, match=r"nests 300 levels deep, over the limit of 128; raise --max-nesting"):
        check_text("SELECT * WHERE " + "{" * 300 + "}" * 300, Limits())
    check_text("SELECT * WHERE " + "{" * 300 + "}" * 300, Limits(max_nesting=300))


def test_limits_refuse_a_query_over_the_size_limit():
    with pytest.raises(QueryLimitError, match=r"over the 1 KB limit; raise --max-query-kb"):
        check_text("ASK {} #" + "x" * 2000, Limits(max_query_kb=1))


@pytest.mark.parametrize(("field", "value"), [("timeout_s", 0), ("max_rows", 0), ("memory_mb", 10),
                                               ("max_nesting", 5000), ("max_query_kb", 0)])
def test_limits_out_of_range_name_their_option(field, value):
    from dataclasses import replace

    from legalkg.queries.limits import OPTIONS

    with pytest.raises(LegalKGError, match=OPTIONS[field][0]):
        check_limits(replace(Limits(), **{field: value}))


def test_sparql_command_refuses_a_nested_query_with_exit_5(mini_store_path, capsys):
    nested = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert main(["sparql", nested, "--store", str(mini_store_path)]) == 5
    err = capsys.readouterr().err
    assert "raise --max-nesting" in err and err.count("\n") == 1


def test_sparql_command_stops_a_long_query_and_names_the_option(mini_store_path, capsys):
    assert main(["sparql", CROSS, "--store", str(mini_store_path), "--query-timeout", "1"]) == 5
    assert "query stopped after 1 s; raise --query-timeout" in capsys.readouterr().err


def test_sparql_command_refuses_more_rows_than_allowed(mini_store_path, capsys):
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    assert main(["sparql", query, "--store", str(mini_store_path), "--max-rows", "3"]) == 5
    assert "more than 3 rows; raise --max-rows" in capsys.readouterr().err


def test_query_command_runs_a_named_query_in_a_worker_under_the_limits(mini_store_path, capsys):
    assert main(["query", "mechanisms-by-adoption", "--store", str(mini_store_path), "--format", "json"]) == 0
    assert "mechanism" in capsys.readouterr().out
    assert main(["query", "mechanisms-by-adoption", "--store", str(mini_store_path), "--max-rows", "1"]) == 5
    assert "raise --max-rows" in capsys.readouterr().err
