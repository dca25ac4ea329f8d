"""Specification of the label choice the ranking queries share (`queries.labels`): the rq files
spell it as the module writes it, and the SPARQL picks what the rule says."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.store import Store
from legalkg.queries.catalog import catalog
from legalkg.queries.labels import LANG_IS_ENGLISH, label_by_rank, label_columns, label_minima, pick_label

TABLES = [("bureau-mechanisms", "bureau"), ("bureau-mechanisms", "mechanism"), ("bureau-partners", "bureau"),
          ("bureau-partners", "partner"), ("bureau-regulations", "bureau"), ("bureau-regulations", "regulation"),
          ("planned-vs-done", "bureau"), ("planned-vs-done", "mechanism"), ("key-figures", "bureau"),
          ("key-figures", "indicator"), ("mechanisms-by-place", "mechanism"), ("reports", "bureau"),
          ("plan-follow-up", "bureau"), ("plan-follow-up", "mechanism")]


@pytest.mark.parametrize(("name", "var"), TABLES)
def test_named_queries_spell_the_label_table_as_the_module_writes_it(name: str, var: str) -> None:
    text = catalog()[name].text
    assert all(line in text for line in label_minima(var) + label_columns(var))
    assert pick_label(var, "?english" if name == "plan-follow-up" else LANG_IS_ENGLISH) in text


@pytest.mark.parametrize(("name", "param", "var"), [("mechanisms-by-place", "place", "mechanism"),
                                                    ("reports", "bureau", "bureau")])
def test_forms_for_one_entity_spell_the_rank_rule_as_the_module_writes_it(name: str, param: str, var: str) -> None:
    assert label_by_rank(var, f"{var}LabelAny") in catalog()[name].text_for({param})


LABELS = {"zh": '"甲"@zh', "en": '"A"@en', "plain": '"a"', "fr": '"le A"@fr'}


@pytest.mark.parametrize(("kinds", "lang", "expected"), [
    (("zh", "en", "plain"), "zh", "甲"), (("zh", "en", "plain"), "en", "A"), (("en", "plain"), "zh", "A"),
    (("zh", "plain"), "en", "甲"), (("plain", "fr"), "en", "a"), (("fr",), "zh", "x:e"), ((), "en", "x:e"),
])
def test_the_table_and_the_rank_rule_pick_the_same_label(kinds: tuple[str, ...], lang: str, expected: str) -> None:
    store = Store()
    store.ox.load("".join(f"<x:e> <x:label> {LABELS[k]} .\n" for k in kinds).encode(), format=ox.RdfFormat.N_TRIPLES)
    english = f'BIND({"true" if lang == "en" else "false"} AS ?english)'
    table = (f"SELECT ?eLabel WHERE {{ {{ SELECT ?e {' '.join(label_columns('e'))} WHERE {{ {{ SELECT ?e "
             f"{' '.join(label_minima('e'))} WHERE {{ VALUES ?e {{ <x:e> }} OPTIONAL {{ ?e <x:label> ?eName }} }} "
             f"GROUP BY ?e }} }} }} {english} {pick_label('e', '?english')} }}")
    ranked = (f"SELECT ({label_by_rank('e', 'l')} AS ?eLabel) WHERE {{ VALUES ?e {{ <x:e> }} {english} "
              f"OPTIONAL {{ ?e <x:label> ?l }} }} GROUP BY ?e ?english")
    assert [row["eLabel"].value for row in store.ox.query(table)] == [expected]
    assert [row["eLabel"].value for row in store.ox.query(ranked)] == [expected]
