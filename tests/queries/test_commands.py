"""`legalkg query`, `legalkg sparql` and `legalkg queries` on a store built by the triple builder."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from legalkg.graph.cli import main
from legalkg.graph.iris import entity_iri
from legalkg.ingest.errors import QueryError
from legalkg.queries.commands import parse_assignments


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_query_json_is_a_list_of_objects_keyed_by_variables(mini_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "query", "bureau-mechanisms", "--format", "json", "--store", str(mini_store_path))
    assert code == 0
    rows = json.loads(out)
    assert {"bureau", "bureauLabel", "mechanism", "mechanismLabel"} <= set(rows[0])
    assert {"bureau": str(entity_iri("bureau", "shaoxing")), "mechanism": str(entity_iri("mechanism", "three-systems"))}.items() <= next(
        r for r in rows if r["bureauLabel"].startswith("绍兴") and r["mechanism"].endswith("three-systems")).items()


def test_query_lang_en_and_label_parameter(mini_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "query", "mechanism-bureaus", "--param", "mechanism=三项制度", "--lang", "en",
                       "--format", "csv", "--store", str(mini_store_path))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "Hangzhou Municipal Bureau of Human Resources and Social Security" in {r["bureauLabel"] for r in rows}


def test_query_table_shows_labels(mini_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "query", "bureau-mechanisms", "--format", "table", "--store", str(mini_store_path))
    assert code == 0 and "bureauLabel" in out and "杭州" in out and out.rstrip().endswith("5 rows")


def test_query_table_leaves_out_iris_that_have_a_label_column(mini_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "query", "bureau-mechanisms", "--format", "table", "--store", str(mini_store_path))
    assert code == 0 and "mechanismLabel" in out and "https://w3id.org/legalkg/id/" not in out
    code, out, _ = run(capsys, "query", "bureau-mechanisms", "--format", "csv", "--store", str(mini_store_path))
    assert out.splitlines()[0].startswith("bureau,bureauLabel,mechanism,mechanismLabel")


def test_query_unknown_name_is_one_line_listing_names(mini_store_path: Path, capsys) -> None:
    code, out, err = run(capsys, "query", "nope", "--store", str(mini_store_path))
    assert code == 5 and out == ""
    assert err.count("\n") == 1 and "available:" in err and "bureau-mechanisms" in err


def test_query_missing_parameter_is_a_clear_error(mini_store_path: Path, capsys) -> None:
    code, _, err = run(capsys, "query", "evidence", "--store", str(mini_store_path))
    assert code == 5 and "needs --param bureau=<iri>" in err


def test_query_missing_store_is_a_store_error(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "query", "bureau-mechanisms", "--store", str(tmp_path / "none"))
    assert code == 4 and "no store here" in err


def test_sparql_runs_text_and_files(mini_store_path: Path, tmp_path: Path, capsys) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/legalkg/ontology#Report> }"
    code, out, _ = run(capsys, "sparql", text, "--format", "json", "--store", str(mini_store_path))
    assert code == 0 and json.loads(out) == [{"n": 3}]
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "sparql", str(path), "--format", "csv", "--store", str(mini_store_path))
    assert code == 0 and out.splitlines() == ["n", "3"]


def test_sparql_refuses_service_on_the_local_store(mini_store_path: Path, capsys) -> None:
    code, out, err = run(capsys, "sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                         "--store", str(mini_store_path))
    assert code == 5 and out == "" and "--allow-service" in err


def test_queries_lists_the_catalog(capsys) -> None:
    code, out, _ = run(capsys, "queries", "--format", "json")
    names = {row["name"] for row in json.loads(out)}
    assert code == 0 and {"bureau-mechanisms", "evidence", "plan-follow-up"} <= names and "resolve-label" not in names


def test_mechanisms_lists_the_scheme_with_broader_concepts(built_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "mechanisms", "--format", "json", "--store", str(built_store_path))
    rows = json.loads(out)
    assert code == 0 and {row["curated"] for row in rows} == {True, False}
    three = "https://w3id.org/legalkg/id/mechanism/three-systems"
    narrower = {row["mechanismLabel"] for row in rows if row["broader"] == three}
    assert {"行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度"} <= narrower


def test_mechanisms_uncurated_lists_only_pattern_found_concepts_with_a_sentence(built_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "mechanisms", "--uncurated", "--format", "json", "--store", str(built_store_path))
    review = json.loads(out)
    code_all, out_all, _ = run(capsys, "mechanisms", "--format", "json", "--store", str(built_store_path))
    uncurated = {row["mechanism"] for row in json.loads(out_all) if row["curated"] is False}
    assert code == code_all == 0 and review
    assert {row["mechanism"] for row in review} == uncurated
    assert all(row["example"] and row["bureaus"] >= 1 for row in review)


def test_key_figures_compares_one_indicator_across_bureaus(built_store_path: Path, sample_corpus: Path,
                                                           capsys) -> None:
    code, out, _ = run(capsys, "query", "key-figures", "-p", "indicator=行政诉讼案件数", "--format", "json",
                       "--store", str(built_store_path))
    rows = json.loads(out)
    assert code == 0 and {row["indicatorLabel"] for row in rows} == {"行政诉讼案件数"}
    by_bureau = {(row["bureauLabel"], row["year"]): row["value"] for row in rows}
    assert by_bureau[("上虞区人力资源和社会保障局", 2020)] == 16
    assert by_bureau[("杭州市人力资源和社会保障局", 2020)] == 31  # from the English report
    # each row against the report file itself: the surface form is the text at its offsets and
    # shows the value it claims (16 -> "…16件", 31 -> "31 …")
    for row in rows:
        name = row["report"].rsplit("/", 1)[1] + ".txt"
        source = (sample_corpus / name).read_text(encoding="utf-8")
        assert source[row["start"]:row["end"]] == row["surfaceForm"], row
        assert f"{row['value']:g}" in row["surfaceForm"].replace(",", ""), row


def test_indicator_summary_counts_bureaus_per_indicator_and_year(built_store_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "query", "indicator-summary", "-p", "indicator=行政诉讼案件数", "--lang", "en",
                       "--format", "json", "--store", str(built_store_path))
    rows = {row["year"]: row for row in json.loads(out)}
    assert code == 0 and rows[2020]["indicatorLabel"] == "administrative litigation cases"
    assert rows[2020]["bureaus"] == 3 and rows[2020]["minimum"] <= rows[2020]["mean"] <= rows[2020]["maximum"]


HOSTILE_TEXT = "a\x1b]0;owned\x07b\x1b[31mc\x00d\x9be\u202ef"


def test_sparql_table_escapes_terminal_controls_in_values(mini_store_path: Path, capsys) -> None:
    escaped = "".join(c if c.isalnum() else f"\\u{ord(c):04x}" for c in HOSTILE_TEXT)
    query = f'SELECT ?v WHERE {{ BIND("{escaped}" AS ?v) }}'
    assert main(["sparql", query, "--store", str(mini_store_path)]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x00\x9b\u202e")
    assert "a\\x1b]0;owned\\x07b" in out


def test_table_output_escapes_terminal_controls_in_every_cell() -> None:
    from legalkg.queries.output import write_rows
    from legalkg.queries.runner import Rows

    out = io.StringIO()
    write_rows(Rows(["v"], [{"v": HOSTILE_TEXT}]), "table", out, title=HOSTILE_TEXT)
    assert not any(c in out.getvalue() for c in "\x1b\x07\x00\x9b\u202e")


def test_parse_assignments_splits_on_the_first_equals() -> None:
    assert parse_assignments(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(QueryError, match="name=value"):
        parse_assignments(["novalue"])


@pytest.mark.parametrize(("items", "expected"), [
    ([" bureau =杭州 ", "x=="], {"bureau": "杭州 ", "x": "="}),  # the name is trimmed, the value kept
    ([], {}),
])
def test_parse_assignments_trims_names_and_keeps_values(items, expected) -> None:
    assert parse_assignments(items) == expected


@pytest.mark.parametrize("item", ["=value", "  =value", "novalue", ""])
def test_parse_assignments_refuses_an_item_without_a_name_or_equals_sign(item: str) -> None:
    with pytest.raises(QueryError, match=f"--param takes name=value, not {item!r}"):
        parse_assignments([item])
