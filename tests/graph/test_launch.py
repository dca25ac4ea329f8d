"""The console script's first step: a local query's worker is started before the command line is
parsed, is the one the query runs in, and is stopped when the command does not run."""
from __future__ import annotations

from pathlib import Path

import pytest

from legalkg.graph.cli import main
from legalkg.graph.launch import runs_a_local_query, store_in
from legalkg.queries import spawn


@pytest.mark.parametrize(("argv", "expected"), [
    (["query", "reports"], True),
    (["sparql", "ASK {}", "--store", "kg"], True),
    (["mechanisms", "--uncurated"], True),
    (["query", "reports", "--help"], False),
    (["query", "-h"], False),
    (["query", "reports", "--endpoint", "http://127.0.0.1:9/sparql"], False),
    (["query", "reports", "--endpoint=http://127.0.0.1:9/sparql"], False),
    (["queries"], False),
    (["build", "docs"], False),
    (["--version"], False),
    ([], False),
])
def test_runs_a_local_query_only_for_a_query_command_without_help_or_endpoint(argv, expected) -> None:
    assert runs_a_local_query(argv) is expected


def test_runs_a_local_query_is_false_when_the_endpoint_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("LEGALKG_ENDPOINT", "http://127.0.0.1:9/sparql")
    assert not runs_a_local_query(["query", "reports"])


@pytest.mark.parametrize(("argv", "env", "expected"), [
    (["query", "reports"], None, "legalkg-store"),
    (["query", "reports"], "from-env", "from-env"),
    (["query", "reports", "--store", "kg"], "from-env", "kg"),
    (["query", "--store=a", "reports", "--store", "b"], None, "b"),  # the last one, as the parser reads it
    (["query", "reports", "--store"], None, "legalkg-store"),
])
def test_store_in_guesses_the_store_as_the_parser_will_read_it(monkeypatch, argv, env, expected) -> None:
    if env is None:
        monkeypatch.delenv("LEGALKG_STORE", raising=False)
    else:
        monkeypatch.setenv("LEGALKG_STORE", env)
    assert store_in(argv) == expected


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[spawn.WorkerProcess]:
    """Every query worker started while the test runs."""
    workers: list[spawn.WorkerProcess] = []

    class Recorded(spawn.WorkerProcess):
        def __init__(self, *args: str | None, **options: bool) -> None:
            super().__init__(*args, **options)
            workers.append(self)

    monkeypatch.setattr(spawn, "WorkerProcess", Recorded)
    return workers


def test_a_local_query_runs_in_the_one_worker_started_before_parsing(started, mini_store_path: Path, capsys) -> None:
    assert main(["query", "mechanisms-by-adoption", "--store", str(mini_store_path), "--format", "json"]) == 0
    assert "mechanism" in capsys.readouterr().out
    assert len(started) == 1 and started[0].process.returncode == 0 and spawn._spare is None


def test_a_query_that_does_not_run_stops_the_worker_started_for_it(started, tmp_path: Path, capsys) -> None:
    assert main(["query", "--store", str(tmp_path)]) == 2  # no query name: a usage error
    assert "Missing argument" in capsys.readouterr().err
    assert len(started) == 1 and started[0].process.returncode == 0 and spawn._spare is None
