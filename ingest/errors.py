"""The one error hierarchy of legalkg.

The CLI turns each of these into one line on stderr and the exit code below; library callers
catch `LegalKGError`.
"""
from __future__ import annotations

from pathlib import Path


class LegalKGError(Exception):
    """Base class: something the user can fix, reported without a traceback."""

    exit_code = 2


class UnreadableDocument(LegalKGError):
    """A report file that cannot be read or decoded (the run skips it)."""

    exit_code = 3

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StoreError(LegalKGError):
    """The store cannot be opened, is locked by another process, or rejected a write."""

    exit_code = 4


class QueryError(LegalKGError):
    """A query that does not exist, does not parse, or lacks a parameter."""

    exit_code = 5


class QuerySyntaxError(QueryError):
    """The engine could not parse the query or update text (a query worker's answer)."""


class QueryFailed(QueryError):
    """The engine parsed the query but could not run it: a store read failed, a bad IRI."""


class EndpointError(LegalKGError):
    """A remote SPARQL endpoint that cannot be reached or answered with an error."""

    exit_code = 6


class ClusterError(LegalKGError):
    """The Dask scheduler cannot be reached, or a task failed outside extraction."""

    exit_code = 7


class ValidationFailed(LegalKGError):
    """The graph does not conform to the SHACL shapes (pySHACL's exit code 1)."""

    exit_code = 1


class BadRDF(LegalKGError):
    """An RDF file that does not parse, or is refused as unsafe (XML entity declarations,
    remote JSON-LD contexts); nothing of it is added anywhere."""

    exit_code = 2
