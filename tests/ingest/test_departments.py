"""Department kinds: the English name regex and the case-insensitive word lists it is made of."""
from __future__ import annotations

import re

import pytest

from legalkg.ingest.departments import any_case, en_name_regex, kind_of_en_core

UNITS = ["Bureau", "Department", "Ministry", "Commission", "Administration", "Office", "Committee"]


@pytest.mark.parametrize("text", [
    "the COMMISSION and the committee", "Office", "officer", "Administrations", "ministry of", "",
    "ſtate Kommittee", "Commi\nssion", "Ministry  Bureau",
])
def test_any_case_finds_what_the_flat_case_insensitive_list_finds(text):
    flat = re.compile("(?i:" + "|".join(UNITS) + ")")
    grouped = re.compile(any_case(UNITS))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_any_case_keeps_the_order_of_words_sharing_a_first_letter():
    """The first word that matches wins, as in the flat list: "human" before "human resources"."""
    assert re.match(any_case(["human", "human resources"]), "Human Resources").group() == "Human"
    assert re.match(any_case(["human resources", "human"]), "Human Resources").group() == "Human Resources"


def test_any_case_lets_a_space_match_any_white_space():
    assert re.fullmatch(any_case(["social security"]), "Social \n Security")


def test_any_case_keeps_a_list_flat_when_a_word_opens_with_a_non_ascii_letter():
    """ſ matches s without case: a group per first letter would no longer be disjoint."""
    assert any_case(["ſtate", "state"]) == "(?i:ſtate|state)"
    assert re.fullmatch(any_case(["ſtate", "state"]), "STATE")


@pytest.mark.parametrize(("text", "core", "place"), [
    ("Hangzhou Municipal Bureau of Human Resources and Social Security", "Human Resources and Social Security", "Hangzhou"),
    ("the Ministry of Justice of the People's Republic of China", "Justice", None),
    ("Department of Justice of Zhejiang Province", "Justice", None),
    ("the hangzhou labor resources social security bureau", None, None),
])
def test_en_name_regex_reads_a_bodys_name(text, core, place):
    m = en_name_regex().search(text)
    assert m is not None
    found = m.group("core") or m.group("core2")
    assert kind_of_en_core(found) is not None
    if core:
        assert found == core
    assert m.group("place") == place
