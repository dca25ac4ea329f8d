"""Deterministic IRIs: readable slugs, never two keys on one IRI, the same IRI on any machine."""
from __future__ import annotations

import hashlib

import pytest

from legalkg.graph.iris import entity_iri, node_iri, report_iri, slug

ID = "https://w3id.org/legalkg/id/"


def _sha1_10(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@pytest.mark.parametrize("key", ["hangzhou-hrss", "a", "three-systems", "x" * 80, "0-start"])
def test_slug_keeps_a_key_that_is_already_a_slug(key: str) -> None:
    assert slug(key) == key


@pytest.mark.parametrize(("key", "readable"), [
    ("保障农民工工资支付条例", "bao-zhang-nong-min-gong-gong-zi-zhi-fu-tiao-li"),
    ("Civil Code", "civil-code"),
    ("--Civil  Code!!", "civil-code"),
    ("Ｃｉｖｉｌ", "civil"),  # full-width letters fold to ASCII (NFKC) before the slug is made
    ("-leading", "leading"),
    ("x" * 81, "x" * 60),
])
def test_slug_of_other_keys_is_readable_text_then_a_digest_of_the_key(key: str, readable: str) -> None:
    assert slug(key) == f"{readable}-{_sha1_10(key)}"


def test_slug_cut_at_sixty_characters_does_not_end_in_a_hyphen() -> None:
    key = "a" * 59 + " bcd"
    assert slug(key) == f"{'a' * 59}-{_sha1_10(key)}"


def test_slug_with_nothing_readable_is_the_digest_alone() -> None:
    assert slug("!!!") == _sha1_10("!!!")
    assert slug("🙂") == _sha1_10("🙂")


def test_slug_tells_apart_keys_that_read_the_same() -> None:
    assert slug("Civil Code") != slug("civil code") != slug("civil-code!")


def test_entity_iri_is_the_kind_then_the_slug() -> None:
    assert str(entity_iri("bureau", "hangzhou-hrss")) == ID + "bureau/hangzhou-hrss"
    assert str(entity_iri("mechanism", "三项制度")) == ID + f"mechanism/san-xiang-zhi-du-{_sha1_10('三项制度')}"


@pytest.mark.parametrize(("name", "iri"), [
    ("hangzhou-2019-zh.txt", "report/hangzhou-2019-zh"),
    ("/some/folder/Hangzhou-2019-ZH.txt", "report/hangzhou-2019-zh"),
    ("reports/a.b.pdf", "report/a-b-" + _sha1_10("a.b")),
])
def test_report_iri_comes_from_the_file_stem_in_lower_case(name: str, iri: str) -> None:
    assert str(report_iri(name)) == ID + iri


def test_node_iri_digests_its_parts_joined_by_the_unit_separator() -> None:
    assert str(node_iri("a", 1, 2)) == ID + "evidence/" + _sha1_10("a\x1f1\x1f2")
    assert node_iri("a", "b") != node_iri("ab") != node_iri("a\x1fb", "")
