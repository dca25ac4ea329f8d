"""The hand-written graph of the viz tests is one the project could have built: it conforms
to the SHACL shapes, so a page test never passes on data the triple builder cannot make."""
from __future__ import annotations

import pytest

from legalkg.graph.store import Store
from legalkg.ontology.validate import validate_store


@pytest.mark.parametrize("per_graph", [False, True])
def test_viz_fixture_conforms_to_the_shapes(fixture_store: Store, per_graph: bool) -> None:
    conforms, _, text = validate_store(fixture_store, per_graph=per_graph)
    assert conforms, text
