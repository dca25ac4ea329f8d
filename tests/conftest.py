"""Shared fixtures: the sample corpus, fresh stores, and one store built from the samples."""
from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from legalkg.graph.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The five sample reports shipped as package data."""
    return Path(str(files("legalkg.ingest").joinpath("samples/corpus")))


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return DATA / "gold"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A path for a new on-disk store."""
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """A fresh, empty on-disk store opened for writing."""
    with open_store(store_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory, sample_corpus: Path) -> Path:
    """A store built once from the sample corpus (closed; open it read-only in tests)."""
    from legalkg.graph.build import build

    path = tmp_path_factory.mktemp("built") / "store"
    with open_store(path) as opened:
        report = build([sample_corpus], opened)
    assert report.ok, report.skipped
    return path


@pytest.fixture
def built_store(built_store_path: Path) -> Iterator[Store]:
    """The sample-corpus store, opened read-only."""
    with open_store(built_store_path, read_only=True) as opened:
        yield opened
