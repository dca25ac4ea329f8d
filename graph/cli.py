"""The `legalkg` command line: one Typer app; each package adds its commands in its own
`commands` module, and `legalkg NAME` imports only the module of NAME (`COMMANDS`).

Start-up is measured (`legalkg bench --only startup`): help is click's plain help, since
Typer's rich help imports ~65 ms of rich (its Markdown renderer included) before it prints a
line, and a local query's contained worker is started before the command line is parsed
(`graph.launch`, the console script), so that the two interpreters start side by side."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from legalkg.graph.launch import DEFAULT_STORE_NAME, STORE_ENV, STORE_OPTION, command_in, prestart_for
from legalkg.ingest.errors import LegalKGError

HELP_WIDTH = 120  # help fills the terminal up to this many columns

_SETTINGS = dict(
    name="legalkg",
    help="Turn rule-of-law government reports into a knowledge graph you can query and explore.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": HELP_WIDTH},
)
app = typer.Typer(**_SETTINGS)  # type: ignore[arg-type]

DEFAULT_STORE = Path(DEFAULT_STORE_NAME)

StoreOpt = Annotated[
    Path,
    typer.Option(
        STORE_OPTION,
        envvar=STORE_ENV,
        help=f"Folder of the embedded on-disk store (env {STORE_ENV}).",
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

# Numeric options are range-checked where they are parsed (a usage error, exit 2, naming the
# option), never deep inside a library call: these ranges are shared by the commands.
MAX_PORT = 65535
MAX_WORKERS = 256
YEARS = (1949, 2100)
PortOpt = Annotated[int, typer.Option(
    "--port", min=0, max=MAX_PORT, help=f"Port to listen on, 0 to {MAX_PORT} (0 picks a free one).")]
WorkersOpt = Annotated[int, typer.Option(
    "--workers", "-j", min=1, max=MAX_WORKERS, help=f"Extraction processes (1 to {MAX_WORKERS}).")]
YearOpt = Annotated[Optional[int], typer.Option(
    "--year", min=YEARS[0], max=YEARS[1], help="Only links with evidence from that year's reports.")]


def version() -> str:
    """The installed distribution's version (there is no `legalkg.__version__`)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("legalkg")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        print(f"legalkg {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Options of `legalkg` itself; the help text is the app's."""


def check_lang(lang: str) -> None:
    """The label languages legalkg knows; anything else is a QueryError naming them."""
    from legalkg.ingest.errors import QueryError

    if lang not in ("zh", "en"):
        raise QueryError(f"--lang takes zh or en, not {lang!r}")


# Which module registers each command. `legalkg NAME` imports that module alone; `--help`, a
# typo or no command import them all. A test checks the table against the registrations.
COMMANDS = {
    "build": "legalkg.graph.commands", "export": "legalkg.graph.commands",
    "load": "legalkg.graph.commands", "push": "legalkg.graph.commands",
    "extract": "legalkg.ingest.commands",
    "query": "legalkg.queries.commands", "mechanisms": "legalkg.queries.commands",
    "sparql": "legalkg.queries.commands", "queries": "legalkg.queries.commands",
    "validate": "legalkg.ontology.commands",
    "viz": "legalkg.viz.commands", "analyze": "legalkg.viz.commands", "report": "legalkg.viz.commands",
    "serve": "legalkg.serve.commands",
    "bench": "legalkg.bench.commands",
}


def _import_commands(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise


def get_app() -> typer.Typer:
    """The app with every command registered."""
    for module in dict.fromkeys(COMMANDS.values()):
        _import_commands(module)
    return app


def _command_name(info: typer.models.CommandInfo) -> str:
    return info.name or info.callback.__name__.lower().replace("_", "-")  # type: ignore[union-attr]


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run `argv` with: when it names a command, an app of that command alone (and
    the root options), with only its module imported. Typer turns every registered command into
    a click command before parsing, which was two thirds of the start of `legalkg query NAME`."""
    name = command_in(argv)
    if name not in COMMANDS:
        return get_app()
    _import_commands(COMMANDS[name])
    chosen = [info for info in app.registered_commands if _command_name(info) == name]
    if not chosen:
        return get_app()
    one = typer.Typer(**_SETTINGS)  # type: ignore[arg-type]
    one.registered_callback = app.registered_callback
    one.registered_commands = chosen
    return one


def _signals() -> tuple[tuple[type[BaseException], ...], ...]:
    """The exit, abort and usage-error exception classes: Typer's, and click's when click is
    loaded (Typer < 0.20 raises click's own; later ones vendor click, and importing click only
    to name its exceptions would cost every start ~30 ms)."""
    exits: list[type[BaseException]] = [typer.Exit]
    aborts: list[type[BaseException]] = [typer.Abort]
    usage: list[type[BaseException]] = [getattr(typer, "TyperException", typer.BadParameter)]
    click = sys.modules.get("click")
    if click is not None:
        exits.append(click.exceptions.Exit)
        aborts.append(click.exceptions.Abort)
        usage.append(click.ClickException)
    return tuple(exits), tuple(aborts), tuple(usage)


def fail(message: str) -> None:
    """Print one error line on stderr (used by commands for non-fatal problems)."""
    print(f"legalkg: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: library errors become one stderr line and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        return _main(args)
    finally:
        spawn = sys.modules.get("legalkg.queries.spawn")
        if spawn is not None:
            spawn.discard_spare()  # started for a query that did not run (a usage error)


def _main(args: list[str]) -> int:
    try:
        prestart_for(args)  # done already when started as the console script
        result = app_for(args)(args=args, prog_name="legalkg", standalone_mode=False)
    except LegalKGError as exc:
        from legalkg.ingest.read import printable

        # file names and parser messages can hold anything; a message's own lines (a caret, a
        # list of candidates) stay lines
        fail("error: " + "\n".join(printable(line) for line in str(exc).split("\n")))
        return exc.exit_code
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        exits, aborts, usage = _signals()
        if isinstance(exc, exits):
            return exc.exit_code  # type: ignore[attr-defined]
        if isinstance(exc, usage):
            exc.show()  # type: ignore[attr-defined]
            return exc.exit_code  # type: ignore[attr-defined]
        if isinstance(exc, aborts):
            fail("interrupted")
            return 130
        raise
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
