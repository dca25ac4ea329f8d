"""The synthetic corpora: Chinese only by default, or one report in five in English."""
from __future__ import annotations

from pathlib import Path

from legalkg.bench.corpus import write_corpus


def test_the_default_corpus_is_chinese_only_and_says_its_size(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, 12)
    assert corpus.zh_only and len(corpus.files) == 12 and corpus.files == sorted(corpus.files)
    assert all(name.endswith("-zh.txt") for name in corpus.files)
    assert corpus.size == sum(Path(name).stat().st_size for name in corpus.files) > 0


def test_a_mixed_corpus_has_english_reports_too(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, 30, zh_only=False)
    languages = {name.rsplit("-", 1)[1] for name in corpus.files}
    assert languages == {"zh.txt", "en.txt"} and not corpus.zh_only
