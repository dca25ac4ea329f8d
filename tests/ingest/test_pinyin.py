"""Specification of `romanised`: exactly pypinyin's `lazy_pinyin(text, errors="ignore")`, which the
slugs of keys and IRIs were minted with, so that no IRI changes with the faster way of computing it."""
from __future__ import annotations

import pytest
from pypinyin import lazy_pinyin

from legalkg.graph.resolve import gazetteer
from legalkg.ingest.pinyin import romanised
from legalkg.ingest.places import divisions


@pytest.mark.parametrize("text", [
    "重庆市", "中国人民银行", "长江", "行政执法", "银行行长", "2019年工作要点", "《条例》第3条", "ab中文12", "Ⅲ号", "",
])
def test_romanised_reads_phrases_as_pypinyin_does_and_drops_what_has_no_pinyin(text: str) -> None:
    assert romanised(text) == lazy_pinyin(text, errors="ignore")


def test_romanised_is_pypinyin_on_every_place_and_curated_name() -> None:
    names = [division.name for division in divisions().values()]
    for kind in ("regulation", "mechanism", "partner"):
        names += [name for entry in gazetteer(kind).entries.values() for name in (entry.zh, *entry.zh_variants)]
    names = [name for name in names if not name.isascii()]
    assert len(names) > 3_000
    assert [romanised(name) for name in names] == [lazy_pinyin(name, errors="ignore") for name in names]
