"""The `legalkg` command line: one Typer app; each package adds its commands in its own
`commands` module, imported when the app is first needed so that `--help` stays fast."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from legalkg.ingest.errors import LegalKGError

app = typer.Typer(
    name="legalkg",
    help="Turn rule-of-law government reports into a knowledge graph you can query and explore.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEFAULT_STORE = Path("legalkg-store")

StoreOpt = Annotated[
    Path,
    typer.Option(
        "--store",
        envvar="LEGALKG_STORE",
        help="Folder of the embedded on-disk store (env LEGALKG_STORE).",
        show_default=True,
    ),
]
EndpointOpt = Annotated[
    Optional[str],
    typer.Option(
        "--endpoint",
        envvar="LEGALKG_ENDPOINT",
        help="SPARQL 1.1 endpoint URL to use instead of the embedded store (env LEGALKG_ENDPOINT).",
    ),
]

LangOpt = Annotated[str, typer.Option("--lang", help="Label language: zh or en (falls back to any).")]


def check_lang(lang: str) -> None:
    """The label languages legalkg knows; anything else is a QueryError naming them."""
    from legalkg.ingest.errors import QueryError

    if lang not in ("zh", "en"):
        raise QueryError(f"--lang takes zh or en, not {lang!r}")


_COMMAND_MODULES = (
    "legalkg.graph.commands",
    "legalkg.ingest.commands",
    "legalkg.queries.commands",
    "legalkg.ontology.commands",
    "legalkg.viz.commands",
)


def get_app() -> typer.Typer:
    """The app with every command registered."""
    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return app


# Typer >= 0.20 vendors its own click: catch both its exceptions and click's.
_EXIT = (click.exceptions.Exit, typer.Exit)
_ABORT = (click.exceptions.Abort, typer.Abort)
_USAGE = (click.ClickException, getattr(typer, "TyperException", click.ClickException))


def fail(message: str) -> None:
    """Print one error line on stderr (used by commands for non-fatal problems)."""
    print(f"legalkg: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: library errors become one stderr line and an exit code."""
    try:
        result = get_app()(args=argv, prog_name="legalkg", standalone_mode=False)
    except LegalKGError as exc:
        from legalkg.ingest.read import printable

        fail(f"error: {printable(str(exc))}")  # file names and parser messages can hold anything
        return exc.exit_code
    except _EXIT as exc:
        return exc.exit_code
    except _USAGE as exc:
        exc.show()
        return exc.exit_code
    except (*_ABORT, KeyboardInterrupt):
        fail("interrupted")
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
