"""bureau-partners on the sample corpus: each partner row says the role the gold gives it."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Literal

from legalkg.queries.catalog import catalog
from legalkg.queries.runner import run_query


def test_bureau_partners_rows_carry_the_gold_roles(built_store, gold_dir: Path) -> None:
    rows = run_query(catalog()["bureau-partners"].text, store=built_store, bindings={"lang": Literal("zh")})
    by_label = {}
    for row in rows:
        by_label.setdefault(str(row["partnerLabel"]), set()).update(str(row["role"]).split(", "))
    assert {"leads", "supervises", "cooperates", "issues"} <= set().union(*by_label.values())
    gold = json.loads((gold_dir / "foshan-2020-zh.json").read_text(encoding="utf-8"))
    checked = 0
    for partner in gold["partners"]:
        roles = by_label.get(partner["label"])
        if roles is not None:
            assert partner["role"] in roles, (partner, roles)
            checked += 1
    assert checked >= 4


def test_bureau_department_kind_and_level_are_queryable(built_store) -> None:
    rows = run_query("""
        PREFIX lkg: <https://w3id.org/legalkg/ontology#>
        SELECT ?bureau ?kind ?level ?government WHERE {
          ?bureau a lkg:Bureau ; lkg:departmentKind ?kind ; lkg:administrativeLevel ?level .
          OPTIONAL { ?bureau <http://www.w3.org/ns/org#subOrganizationOf> ?government }
        }""", store=built_store)
    found = {str(r["bureau"]).rsplit("/", 1)[1]: (str(r["kind"]), str(r["level"]), r["government"]) for r in rows}
    kind, level, government = found["jinyun-hrss"]
    assert kind.endswith("/department/hrss") and level.endswith("/level/county")
    assert str(government).endswith("/bureau/jinyun-government")
    assert found["hangzhou-hrss"][1].endswith("/level/municipal")


def test_bureau_mechanisms_filters_by_department_kind(store, tmp_path: Path, sample_corpus: Path) -> None:
    from legalkg.graph.build import build
    from legalkg.queries.params import bind_params

    report = tmp_path / "market.txt"
    report.write_text("杭州市市场监督管理局2023年法治政府建设年度报告\n2023年,我局推行包容审慎监管,落实“双随机、一公开”监管。\n",
                      encoding="utf-8")
    build([sample_corpus / "jinyun-2024-zh.txt", report], store)
    stored = catalog()["bureau-mechanisms"]
    for name, expected in (("市场监督管理", {"杭州市市场监督管理局"}), ("Human Resources and Social Security", {"缙云县人力资源和社会保障局"})):
        bindings = bind_params(stored, {"department": name}, lang="zh", store=store)
        rows = run_query(stored.text, store=store, bindings=bindings)
        assert {str(r["bureauLabel"]) for r in rows} == expected
