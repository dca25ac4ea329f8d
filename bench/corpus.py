"""The synthetic corpora the bench ingests: reports recombined from the shipped samples'
sentences (`ingest.synthetic`), Chinese only by default so that MB/s and quads per KB speak of
Chinese text, or with the generator's usual share of English reports."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from legalkg.ingest.synthetic import generate

MIXED_ENGLISH_SHARE = 0.2  # the generator's default: one report in five in English


@dataclass(frozen=True, slots=True)
class Corpus:
    """The files written (in name order) and their size in bytes."""

    files: list[str]
    size: int
    zh_only: bool

    @property
    def mb(self) -> float:
        return self.size / 2**20


def write_corpus(folder: Path, reports: int, *, zh_only: bool = True, seed: int = 7) -> Corpus:
    """Write `reports` synthetic reports into `folder` (one file at a time, never the corpus in
    memory): all Chinese with `zh_only`, else one in five English."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    files = []
    for name, text in generate(reports, seed=seed, english_share=0.0 if zh_only else MIXED_ENGLISH_SHARE):
        data = text.encode("utf-8")
        path = folder / name
        path.write_bytes(data)
        files.append(str(path))
        total += len(data)
    return Corpus(sorted(files), total, zh_only)
