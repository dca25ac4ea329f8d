"""Network analytics: centrality, Jaccard similarity, communities, adoption per year."""
from __future__ import annotations

import csv
import io
import json

import pytest

from legalkg.graph import analytics
from legalkg.graph.cli import main

ID = "https://w3id.org/legalkg/id/"
HANGZHOU, SHAOXING = ID + "bureau/hangzhou", ID + "bureau/shaoxing"
THREE, PUBLICITY, RECORDING = (ID + "mechanism/" + k for k in (
    "three-systems", "law-enforcement-publicity", "whole-process-recording"))


@pytest.mark.parametrize(("a", "b", "expected"), [
    ({"x", "y"}, {"y", "z"}, 1 / 3), ({"x"}, {"x"}, 1.0), ({"x"}, {"y"}, 0.0), (set(), set(), 0.0),
])
def test_jaccard_is_shared_over_all(a, b, expected):
    assert analytics.jaccard(a, b) == pytest.approx(expected)


def test_similarity_lists_pairs_sharing_a_mechanism_most_similar_first():
    mechs = {"a": {"m1", "m2"}, "b": {"m1", "m2", "m3"}, "c": {"m3"}, "d": {"m9"}}
    rows = analytics.similarity(mechs, {})
    assert [(r["bureau_a"], r["bureau_b"], r["shared"]) for r in rows] == [("a", "b", 2), ("b", "c", 1)]
    assert rows[0]["jaccard"] == pytest.approx(2 / 3)


def test_communities_split_two_groups_of_alike_bureaus_and_keep_loners_apart():
    mechs = {"a1": {"x", "y"}, "a2": {"x", "y"}, "a3": {"x", "y", "z"},
             "b1": {"p", "q"}, "b2": {"p", "q"}, "c": {"lonely"}}
    rows = analytics.communities(set(mechs), analytics.similarity(mechs, {}), {})
    found = {}
    for row in rows:
        found.setdefault(row["community"], set()).add(row["bureau"])
    assert found == {0: {"a1", "a2", "a3"}, 1: {"b1", "b2"}, 2: {"c"}}


def test_adoption_counts_bureaus_new_adopters_and_running_total():
    rows = analytics.adoption([("m", "a", 2019), ("m", "b", 2020), ("m", "a", 2020), ("m", "c", 2021)], {})
    assert [(r["year"], r["bureaus"], r["new_bureaus"], r["cumulative"]) for r in rows] == [
        (2019, 1, 1, 1), (2020, 2, 1, 2), (2021, 1, 1, 3)]


def test_analyze_reads_the_store(mini_store):
    result = analytics.analyze(mini_store, "en")
    central = {row["iri"]: row for row in result.centrality}
    assert central[HANGZHOU]["degree"] == 5 and central[THREE]["degree"] == 2
    assert central[THREE]["kind"] == "mechanism" and central[ID + "partner/intermediate-court"]["kind"] == "agency"
    assert central[HANGZHOU]["betweenness"] > central[THREE]["betweenness"] > central[PUBLICITY]["betweenness"] == 0
    assert [(r["bureau_a"], r["bureau_b"], r["shared"]) for r in result.similarity] == [(HANGZHOU, SHAOXING, 1)]
    assert result.similarity[0]["jaccard"] == pytest.approx(1 / 4)  # {three} of {three, publicity, case-notification, recording}
    assert result.community_of() == {HANGZHOU: 0, SHAOXING: 0}


def test_analyze_adoption_leaves_out_planned_mentions(mini_store):
    rows = analytics.analyze(mini_store, "en").adoption
    publicity = [(r["year"], r["bureaus"]) for r in rows if r["mechanism"] == PUBLICITY]
    assert publicity == [(2020, 1)]  # planned in 2019, done in 2020
    three = [(r["year"], r["cumulative"]) for r in rows if r["mechanism"] == THREE]
    assert three == [(2019, 1), (2020, 2)]


def test_analyze_command_writes_json_with_every_table(mini_store_path, tmp_path):
    out = tmp_path / "analytics.json"
    assert main(["analyze", "--store", str(mini_store_path), "--out", str(out), "--lang", "en"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == list(analytics.TABLES)
    assert data["communities"][0]["size"] == 2


def test_analyze_command_writes_one_csv_table(mini_store_path, capsys):
    assert main(["analyze", "--store", str(mini_store_path), "--format", "csv", "--table", "similarity"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["bureau_a"], r["bureau_b"], r["shared"]) for r in rows] == [(HANGZHOU, SHAOXING, "1")]


def test_analyze_rejects_an_unknown_table(mini_store_path, capsys):
    assert main(["analyze", "--store", str(mini_store_path), "--table", "nope"]) == 5
    assert "centrality, similarity, communities" in capsys.readouterr().err
