"""The `legalkg` console script's first step, before the command line frame is imported.

Why a module of its own: a local query runs in a worker process (`queries.pool`), a second
interpreter that needs ~60 ms to start and import the engine. Started here, before Typer and the
command modules are imported (~45 ms), the two starts overlap on a machine with two cores. The
worker is given the store the command line seems to name (`store_in`) and opens it read-only
while this process parses; once parsed, it is told the store for sure and reopens only if the
guess was wrong.
"""
from __future__ import annotations

import os
import sys

# Commands whose work runs in a contained query worker when no endpoint is named, and those of
# them that run a named query (the worker then imports the catalog and binding ahead).
WORKER_COMMANDS = frozenset({"query", "mechanisms", "sparql"})
NAMED_QUERY_COMMANDS = frozenset({"query", "mechanisms"})
# The store option of every command (`graph.cli.StoreOpt` is made of these).
STORE_OPTION = "--store"
STORE_ENV = "LEGALKG_STORE"
DEFAULT_STORE_NAME = "legalkg-store"


def command_in(argv: list[str]) -> str | None:
    """The command `argv` names: its first word that is not an option (the root takes no values)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def runs_a_local_query(argv: list[str]) -> bool:
    """Whether `argv` will run a query in a worker on the local store (not help, not an endpoint)."""
    if command_in(argv) not in WORKER_COMMANDS or os.environ.get("LEGALKG_ENDPOINT"):
        return False
    return not any(arg in ("-h", "--help", "--endpoint") or arg.startswith("--endpoint=") for arg in argv)


def store_in(argv: list[str]) -> str:
    """The store `argv` names as the parser will read it: the last --store, else the
    environment, else the default. A guess only: the parsed value is what the query uses."""
    found = os.environ.get(STORE_ENV) or DEFAULT_STORE_NAME
    for i, arg in enumerate(argv):
        if arg == STORE_OPTION and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(STORE_OPTION + "="):
            found = arg.partition("=")[2]
    return found


def prestart_for(argv: list[str]) -> None:
    """Start the query worker now when `argv` will need one (`queries.spawn.prestart`)."""
    if runs_a_local_query(argv):
        from legalkg.queries.spawn import prestart

        try:
            prestart(store_in(argv), preload=command_in(argv) in NAMED_QUERY_COMMANDS)
        except OSError:
            pass  # the query's pool starts a worker itself, and says what stops it


def main() -> int:
    """Console entry point (see the module doc); the rest is `graph.cli.main`."""
    args = sys.argv[1:]
    prestart_for(args)
    from legalkg.graph.cli import main as run

    return run(args)
