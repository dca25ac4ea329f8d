"""The namespace-package layout installs completely, and every CLI command has help."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from legalkg.graph.cli import get_app, main

ROOT = Path(__file__).resolve().parents[1]
TOP = ("ontology", "ingest", "graph", "queries", "viz", "serve", "bench")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {
        "legalkg." + ".".join(init.parent.relative_to(ROOT).parts)
        for top in TOP
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found == listed


def test_there_is_no_legalkg_folder_shadowing_the_install() -> None:
    assert not (ROOT / "legalkg").exists()


def _command_names() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(get_app()).commands)  # type: ignore[attr-defined]


def test_the_cli_has_the_commands_of_the_main_job() -> None:
    assert {"build", "export", "load", "push", "extract", "query", "sparql", "validate", "viz"} <= set(_command_names())


@pytest.mark.parametrize("argv", [["no-such-command"], ["build", "--workers", "x", "docs"], ["query"]])
def test_a_usage_error_is_a_short_message_and_exit_code_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Error:" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [None, *_command_names()])
def test_every_command_has_help(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"] if command else ["--help"]) == 0
    assert "Usage" in capsys.readouterr().out


@pytest.mark.slow
def test_a_non_editable_wheel_holds_every_module_and_data_file(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("legalkg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for top in TOP:
        for source in (ROOT / top).rglob("*"):
            if source.is_file() and "__pycache__" not in source.parts:
                assert f"legalkg/{source.relative_to(ROOT).as_posix()}" in names, source

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True)
    probe = (
        "import legalkg.graph.cli as c, legalkg.ontology as o, sys; "
        "print(o.__file__); sys.exit(c.main(['--help']))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-c", probe], cwd="/", env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[0].startswith(str(target))
