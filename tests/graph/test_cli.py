"""The command-line frame: --version, range-checked numbers, the query help, names for
parameters on the sample store, and a start that imports only what the command needs."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from legalkg.graph.cli import COMMANDS, DEFAULT_STORE, PortOpt, _command_name, app_for, get_app, main
from legalkg.queries.catalog import catalog

HANGZHOU = "https://w3id.org/legalkg/id/bureau/hangzhou-hrss"
HEAVY = ("spacy", "matplotlib", "pyvis", "networkx", "rdflib", "jieba", "pyshacl", "SPARQLWrapper", "pandas", "numpy")
# Not heavy in general, but not needed to start a query or print help: the engine (in the query
# worker), rich (help is click's plain help; tables on a terminal only), multiprocessing, psutil.
QUERY_PATH_HEAVY = ("pyoxigraph", "rich", "markdown_it", "pygments", "multiprocessing", "psutil")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version_prints_the_installed_version(capsys) -> None:
    assert run(capsys, "--version") == (0, f"legalkg {version('legalkg')}\n", "")


def test_query_help_lists_every_named_query_with_its_purpose(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "query", "--help")
    assert code == 0
    lines = out.splitlines()
    for query in catalog().values():
        line = next((line for line in lines if line.strip().startswith(query.name + " ")), "")
        assert bool(line) != query.internal, query.name
        if line:
            assert query.purpose[:40] in line


@pytest.mark.parametrize("argv, option", [
    (["viz", "--out", "x.html", "--depth", "-1", "--store", "{store}"], "--depth"),
    (["viz", "--out", "x.html", "--limit", "0", "--store", "{store}"], "--limit"),
    (["viz", "--out", "x.html", "--year", "99999", "--store", "{store}"], "--year"),
    (["extract", "x.txt", "--out-dir", "{store}", "--workers", "0"], "--workers"),
    (["build", "x", "--workers", "0", "--store", "{store}"], "--workers"),
    (["push", "--endpoint", "http://127.0.0.1:9/sparql", "--batch-size", "0", "--store", "{store}"], "--batch-size"),
    (["bench", "--reports", "0", "--workdir", "{store}"], "--reports"),
])
def test_numeric_options_out_of_range_are_usage_errors(capsys, tmp_path: Path, argv: list[str], option: str) -> None:
    store = tmp_path / "store"
    code, out, err = run(capsys, *(arg.format(store=store) for arg in argv))
    assert code == 2 and out == ""
    assert f"Invalid value for '{option}'" in err and "Traceback" not in err
    assert not store.exists()


@pytest.mark.parametrize("port, ok", [("0", True), ("65535", True), ("99999", False), ("-1", False)])
def test_the_shared_port_option_is_range_checked(port: str, ok: bool) -> None:
    app = typer.Typer()

    @app.command()
    def serve(port: PortOpt = 7878) -> None:
        print(port)

    result = CliRunner().invoke(app, ["--port", port])
    assert (result.exit_code == 0) == ok
    if not ok:
        assert result.exit_code == 2 and "Invalid value for '--port'" in result.output


@pytest.mark.parametrize("name", ["杭州", "杭州市人社局", "Hangzhou", "杭州市人力资源和社会保障局"])
def test_query_param_takes_a_prefix_short_form_or_english_name(built_store_path: Path, capsys, name: str) -> None:
    code, out, err = run(capsys, "query", "bureau-mechanisms", "-p", f"bureau={name}", "--format", "json",
                         "--store", str(built_store_path))
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {row["bureau"] for row in rows} == {HANGZHOU}


def test_query_param_naming_several_bureaus_lists_them_and_exits_2(built_store_path: Path, capsys) -> None:
    code, out, err = run(capsys, "query", "bureau-mechanisms", "-p", "bureau=市", "--store", str(built_store_path))
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "legalkg: error: --param bureau: '市' matches 2 bureaus; give a longer name or one IRI:"
    assert sorted(line.split()[0] for line in err.splitlines()[1:]) == ["佛山市人力资源和社会保障局", "杭州市人力资源和社会保障局"]


def test_query_param_naming_nothing_lists_the_candidates(built_store_path: Path, capsys) -> None:
    code, _, err = run(capsys, "query", "bureau-mechanisms", "-p", "bureau=北京", "--store", str(built_store_path))
    assert code == 2 and "no bureau is named '北京'" in err and f"<{HANGZHOU}>" in err


def test_query_piped_is_tsv_with_the_same_rows_as_csv(built_store_path: Path, capsys) -> None:
    _, tsv, _ = run(capsys, "query", "reports", "--store", str(built_store_path))
    _, as_csv, _ = run(capsys, "query", "reports", "--format", "csv", "--store", str(built_store_path))
    assert [line.split("\t") for line in tsv.splitlines()] == list(csv.reader(io.StringIO(as_csv)))


def test_sparql_syntax_error_points_at_the_line_with_a_caret(built_store_path: Path, capsys) -> None:
    code, out, err = run(capsys, "sparql", "SELECT ?s WHERE {\n  ?s ?p ?o\n", "--store", str(built_store_path))
    assert code == 5 and out == ""
    assert err.splitlines() == ["legalkg: error: the query does not parse: this '{' is never closed",
                                "  at line 1, column 17:", "    SELECT ?s WHERE {", "                    ^"]


def test_sparql_update_says_it_is_an_update(built_store_path: Path, capsys) -> None:
    code, _, err = run(capsys, "sparql", "INSERT DATA { <a:b> <a:b> <a:c> }", "--store", str(built_store_path))
    assert code == 5 and "this is a SPARQL update (INSERT), not a query" in err and "expected CONSTRUCT" not in err


def test_extract_and_query_share_the_table_renderer(sample_corpus: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, "extract", str(sample_corpus / "hangzhou-2019-zh.txt"), "--format", "table")
    assert code == 0 and "…" in out and all(len(line) <= 60 for line in out.splitlines()[1:])
    code, out, _ = run(capsys, "extract", str(sample_corpus / "hangzhou-2019-zh.txt"))
    assert out.splitlines()[0] == "type\tlabel\tkey\tmentions\tplanned\tcurated"


def test_make_demo_builds_the_default_store() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert f"STORE ?= {DEFAULT_STORE}\n" in makefile


def test_a_named_command_is_built_alone_and_help_or_a_typo_gets_them_all() -> None:
    names = lambda app: [info.name or info.callback.__name__ for info in app.registered_commands]  # noqa: E731
    assert names(app_for(["query", "reports", "--store", "kg"])) == ["query"]
    assert names(app_for(["--version"])) == names(get_app()) == names(app_for(["quer"]))
    assert len(names(get_app())) > 10


def test_the_command_table_names_the_module_that_registers_each_command() -> None:
    registered = {_command_name(info): info.callback.__module__ for info in get_app().registered_commands}
    assert registered == COMMANDS


def _modules_after(argv: list[str], *, entry: str = "legalkg.graph.cli") -> set[str]:
    """The modules imported by running the CLI with `argv` in a fresh interpreter (the
    console script's own process; a query worker's imports are its own); the run must succeed."""
    call = f"main({argv!r})" if entry == "legalkg.graph.cli" else "main()"  # the script reads sys.argv
    code = (
        "import sys\n"
        f"sys.argv[1:] = {argv!r}\n"
        f"from {entry} import main\n"
        f"status = {call}\n"
        "sys.stdout.flush()\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return set(done.stderr.split())


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("argv", [["--help"], ["query", "--help"], ["--version"]])
def test_cli_help_imports_no_heavy_module(argv: list[str]) -> None:
    assert not _top_level(_modules_after(argv)) & set(HEAVY + QUERY_PATH_HEAVY)


@pytest.mark.parametrize("entry", ["legalkg.graph.cli", "legalkg.graph.launch"])
@pytest.mark.parametrize("argv", [["query", "bureau-mechanisms", "-p", "bureau=杭州"], ["sparql", "ASK { ?s ?p ?o }"]])
def test_a_local_query_leaves_the_engine_to_its_worker(built_store_path: Path, entry: str, argv: list[str]) -> None:
    loaded = _modules_after([*argv, "--store", str(built_store_path)], entry=entry)
    assert not _top_level(loaded) & set(HEAVY + QUERY_PATH_HEAVY)
    # only the query commands' module, and no catalog, parameter binding or store in this process
    assert {m for m in loaded if m.endswith(".commands")} == {"legalkg.queries.commands"}
    assert not loaded & {"legalkg.queries.catalog", "legalkg.queries.params", "legalkg.graph.store",
                         "legalkg.queries.runner", "legalkg.queries.worker"}
