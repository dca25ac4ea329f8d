"""Specification of evidence read back from the lean store (`graph.evidence`)."""
from __future__ import annotations

import pyoxigraph as ox

from legalkg.graph.evidence import ReportText, expanded_quads, is_derived, report_texts, span_of
from legalkg.graph.store import Store


def test_a_node_named_by_an_rfc_5147_fragment_gives_its_range() -> None:
    assert span_of("https://w3id.org/legalkg/id/report/r#char=120,124") == (120, 124)
    assert span_of("https://w3id.org/legalkg/id/report/r") is None


def test_a_mention_is_located_in_its_sentence_and_plan_section() -> None:
    text = ReportText("zh", [(0, 20, "推行法律顾问制度。下一步推进信用监管。")], plans=[(9, 20)])
    done, planned = text.locate(2, 8), text.locate(14, 18)
    assert (done.sentence, done.status) == ("推行法律顾问制度。", "done")
    assert (planned.sentence, planned.sentence_start, planned.status) == ("下一步推进信用监管。", 9, "planned")


def test_a_long_report_stored_in_blocks_is_located_in_the_block_holding_the_mention() -> None:
    text = ReportText("zh", [(10, 19, "推行信用监管制度。"), (0, 10, "前言一句话。\n第二")])
    located = text.locate(12, 16)
    assert (located.sentence_start, located.sentence_end, located.sentence) == (10, 19, "推行信用监管制度。")
    assert text.locate(25, 27) is None


def test_the_export_form_reduces_back_to_the_store(built_store: Store) -> None:
    stored = set(built_store.ox.quads_for_pattern(None, None, None))
    spelt_out = list(expanded_quads(built_store))
    assert spelt_out and all(is_derived(q) for q in spelt_out)
    assert not any(is_derived(q) for q in stored)
    assert {q for q in [*stored, *spelt_out] if not is_derived(q)} == stored


def test_every_report_of_the_store_has_its_text(built_store: Store) -> None:
    texts = report_texts(built_store)
    reports = {r["r"].value for r in built_store.query(
        "SELECT ?r WHERE { ?r a <https://w3id.org/legalkg/ontology#Report> }")}
    assert set(texts) == reports and all(t.blocks and t.blocks[0][0] == 0 for t in texts.values())
    assert {t.language for t in texts.values()} == {"zh", "en"}


def test_a_derived_statement_is_one_about_a_text_range_only() -> None:
    node = ox.NamedNode("https://w3id.org/legalkg/id/report/r#char=1,2")
    exact = ox.NamedNode("http://www.w3.org/ns/oa#exact")
    about = ox.NamedNode("https://w3id.org/legalkg/ontology#about")
    assert is_derived(ox.Triple(node, exact, ox.Literal("x")))
    assert not is_derived(ox.Triple(node, about, ox.NamedNode("https://w3id.org/legalkg/id/mechanism/m")))
    assert not is_derived(ox.Triple(ox.NamedNode("https://example.org/s"), exact, ox.Literal("x")))
