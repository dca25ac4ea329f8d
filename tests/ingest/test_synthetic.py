"""The synthetic load-test corpus: deterministic, streamed, and sized like the shipped samples."""
from __future__ import annotations

import statistics
from pathlib import Path

from legalkg.ingest.synthetic import generate, sample_sizes, write_corpus


def test_the_same_seed_gives_the_same_corpus() -> None:
    assert list(generate(6, seed=3)) == list(generate(6, seed=3))
    assert list(generate(6, seed=3)) != list(generate(6, seed=4))


def test_sample_sizes_are_the_shipped_samples_mean_lengths(sample_corpus: Path) -> None:
    zh = [len(p.read_text(encoding="utf-8")) for p in sample_corpus.glob("*-zh.txt")]
    en = [len(p.read_text(encoding="utf-8")) for p in sample_corpus.glob("*-en.txt")]
    assert sample_sizes() == (sum(zh) // len(zh), sum(en) // len(en))
    assert 3_000 < sample_sizes()[0] < 8_000  # 4-6k characters, 11-19 KB of UTF-8


def test_reports_are_as_long_as_the_samples_on_average() -> None:
    zh_size, en_size = sample_sizes()
    reports = list(generate(60))
    zh = [len(text) for name, text in reports if name.endswith("-zh.txt")]
    en = [len(text) for name, text in reports if name.endswith("-en.txt")]
    assert zh and en
    assert zh_size <= statistics.mean(zh) < 1.2 * zh_size
    assert en_size <= statistics.mean(en) < 1.2 * en_size


def test_a_smaller_size_gives_shorter_reports_in_proportion() -> None:
    reports = list(generate(20, size=1_000))
    assert all(len(text) < 2_000 for name, text in reports if name.endswith("-zh.txt"))
    assert all(len(text) < 2_000 * sample_sizes()[1] // sample_sizes()[0]
               for name, text in reports if name.endswith("-en.txt"))


def test_write_corpus_writes_each_generated_report_and_returns_the_bytes(tmp_path: Path) -> None:
    total = write_corpus(tmp_path / "corpus", 5, seed=3)
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "corpus").iterdir()}
    assert written == dict(generate(5, seed=3))
    assert total == sum(len(text.encode("utf-8")) for text in written.values())
