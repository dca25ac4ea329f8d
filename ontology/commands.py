"""CLI command of the ontology package: `legalkg validate`."""
from __future__ import annotations

from typing import Annotated

import typer

from legalkg.graph.cli import DEFAULT_STORE, EndpointOpt, StoreOpt, app
from legalkg.ingest.errors import LegalKGError, ValidationFailed


@app.command()
def validate(
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    per_graph: Annotated[
        bool, typer.Option("--per-graph", help="Validate one report graph at a time (bounded memory).")
    ] = False,
) -> int:
    """Check the graph against the SHACL shapes and print pySHACL's report.

    Exit codes follow pySHACL: 0 conforms, 1 does not conform, 2 the data could not be loaded.
    """
    from legalkg.graph.store import open_store
    from legalkg.ontology.validate import validate_graph, validate_store

    try:
        if endpoint:
            from legalkg.ontology.validate import ontology_graph
            from legalkg.queries.runner import construct_graph

            data = construct_graph("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", endpoint=endpoint)
            data += ontology_graph()
            conforms, _, text = validate_graph(data)
        else:
            with open_store(store, read_only=True) as st:
                conforms, _, text = validate_store(st, per_graph=per_graph)
    except LegalKGError as exc:
        raise LegalKGError(str(exc)) from None
    print(text.rstrip())
    if not conforms:
        raise ValidationFailed("the graph does not conform to the SHACL shapes (report above)")
    return 0
