"""Places in the graph: each bureau serves its division, divisions nest up to the province, and
the named queries roll reports up by province and city (built from the held-out real reports)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.build import build
from legalkg.graph.iris import entity_iri
from legalkg.graph.store import Store, open_store
from legalkg.ontology.validate import validate_store
from legalkg.queries.catalog import get_query
from legalkg.queries.runner import run_query

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout" / "docs"


@pytest.fixture(scope="module")
def places_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("places") / "store"
    with open_store(path) as opened:
        assert build([HELDOUT], opened).ok
    with open_store(path, read_only=True) as opened:
        yield opened


def _division(code: str) -> str:
    return str(entity_iri("division", code))


def test_places_rollup_counts_bureaus_by_province_and_city(places_store: Store) -> None:
    rows = run_query(get_query("places-rollup").text, store=places_store)
    cells = {(r["provinceLabel"], r["cityLabel"]): r["bureaus"] for r in rows}
    assert cells[("河南省", "郑州市")] == 1 and cells[("河南省", "南阳市")] == 1
    assert cells[("湖北省", "武汉市")] == 1 and cells[("湖北省", "咸宁市")] == 1
    assert cells[("山东省", "枣庄市")] == 1  # 市中区 told apart by the index number in the report
    assert cells[("天津市", None)] == 1  # a municipality has no prefecture level


def test_places_rollup_binds_one_province(places_store: Store) -> None:
    rows = run_query(get_query("places-rollup").text, store=places_store,
                     bindings={"province": ox.NamedNode(_division("410000"))})
    assert {r["cityCode"] for r in rows} == {"410100", "411300"}
    assert sum(r["reports"] for r in rows) == 2


def test_mechanisms_by_place_rolls_county_bureaus_up_to_their_city(places_store: Store) -> None:
    rows = run_query(get_query("mechanisms-by-place").text, store=places_store,
                     bindings={"place": ox.NamedNode(_division("330100")), "lang": ox.Literal("zh")})
    assert rows and {r["placeLabel"] for r in rows} == {"杭州市"}
    assert "“法治人社”建设" in {r["mechanismLabel"] for r in rows}  # from 滨江区, a district of 杭州市


def test_places_graph_conforms_to_the_shapes(places_store: Store) -> None:
    conforms, _, text = validate_store(places_store)
    assert conforms, text
