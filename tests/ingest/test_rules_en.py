"""Each English pattern function on small inline texts."""
from __future__ import annotations

import pytest

from legalkg.ingest import rules_en


def names(hits):
    return [h.name for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("implement the Regulations on Optimizing the Business Environment and the Regulations on Promoting "
         "the Development of Private Enterprises in Zhejiang Province, and",
         ["Regulations on Optimizing the Business Environment",
          "Regulations on Promoting the Development of Private Enterprises in Zhejiang Province"]),
        ("study the Social Insurance Law of People’s Republic of China (PRC) and",
         ["Social Insurance Law of People’s Republic of China (PRC)"]),
        ("the Civil Code and the Constitution", ["Civil Code", "Constitution"]),
        ("under the rule of law in 2020", []),
    ],
)
def test_pattern_titles_by_heads(text, expected):
    assert names(rules_en.pattern_titles(text)) == expected


def test_pattern_titles_issuer_list_inner_title_and_number():
    text = ("According to the Notice of the General Office of the State Council, the General Office of the "
            "Central Committee on Printing and Distributing the Provisions on the Supervision of Law (No.28 [2019]), the")
    hits = rules_en.pattern_titles(text)
    assert names(hits) == [
        "Notice of the General Office of the State Council, the General Office of the Central Committee on "
        "Printing and Distributing the Provisions on the Supervision of Law",
        "Provisions on the Supervision of Law",
    ]
    assert hits[0].identifiers == ["No.28 [2019]"]


def test_pattern_laws_curated_keys():
    hits = rules_en.pattern_laws("enforced the Regulations on Ensuring Wage Payment for Migrant Workers.")
    assert [h.key for h in hits] == ["migrant-wage-regulations"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('winning the "society ruled by law" system, and', '"society ruled by law" system'),
        ('the "double random and one open" spot check', '"double random and one open"'),
        ('promote "internet plus Supervision" platform', '"internet plus Supervision"'),
    ],
)
def test_pattern_mechanisms_quoted(text, expected):
    assert expected in names(rules_en.pattern_mechanisms_quoted(text))


def test_pattern_mechanisms_quoted_ignores_titles_and_plans():
    text = 'the "14th Five-Year Plan" and "Notice on Further Implementing Relevant Policies on Employment Security"'
    assert rules_en.pattern_mechanisms_quoted(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("improve the credit repair mechanism.", "credit repair mechanism"),
        ("implement the linkage mechanism between administrative law enforcement and criminal justice, and",
         "linkage mechanism between administrative law enforcement and criminal justice"),
    ],
)
def test_pattern_mechanisms_heads(text, expected):
    assert names(rules_en.pattern_mechanisms_heads(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the deployment of the Provincial Department of Human Resources and Social Security and",
         "Provincial Department of Human Resources and Social Security"),
        ("worked with Zhejiang Gongshang University on", "Zhejiang Gongshang University"),
        ("cases accepted by the people’s courts and", "people’s courts"),
        ("with the municipal market supervision bureau to", "municipal market supervision bureau"),
    ],
)
def test_pattern_partners(text, expected):
    assert expected in names(rules_en.pattern_partners(text))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the Hangzhou Municipal Bureau of Human Resources and Social Security has", "Hangzhou"),
        ("Hangzhou labor resources social security bureau\n", "Hangzhou"),
    ],
)
def test_pattern_bureaus(text, place):
    assert place in names(rules_en.pattern_bureaus(text))


def test_find_year_and_plan_ranges():
    text = ("Report\nthe annual work of the bureau in 2020 is reported as follows.\n"
            "First, the main measures in 2020\nDone.\n"
            "Four, the main arrangements for the next year.\nPlanned.\nV. Other circumstances.\nNone.\n")
    assert rules_en.find_year(text) == 2020
    [(a, b)] = rules_en.plan_ranges(text, 2020)
    assert text[a:b] == "Four, the main arrangements for the next year.\nPlanned.\n"


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Constitution of the People's Republic of China", "constitution"),
        ("Social Insurance Law of the People's Republic of China", "national-law"),
        ("Decision of the State Council on Cancelling and Decentralizing a Batch of Administrative Licensing Matters",
         "state-council-regulation"),
        ("Regulations on Guaranteeing Wage Payment of Migrant Workers", "state-council-regulation"),
        ("Regulations on Promoting the Development of Private Enterprises in Zhejiang Province", "provincial-document"),
        ("Measures for the Application of Administrative Punishment Discretion of Human Resources and Social Security in Hangzhou",
         "municipal-document"),
        ("Guidelines for Administrative Law Enforcement during the Prevention and Control of Epidemic in COVID-19", None),
    ],
)
def test_regulation_level_from_an_english_title(title, level):
    assert rules_en.regulation_level(title) == level


def test_pattern_titles_back_reference_resolves_to_the_full_title():
    text = ("We applied the Regulations on Guaranteeing Wage Payment of Migrant Workers. We studied the Social "
            "Insurance Law of the People's Republic of China. Publicity of the Regulations and the Law was strengthened.")
    hits = rules_en.pattern_titles(text)
    back = {text[h.start:h.end]: h.name for h in hits if h.start > text.index("Publicity")}
    assert back == {"Regulations": "Regulations on Guaranteeing Wage Payment of Migrant Workers",
                    "Law": "Social Insurance Law of the People's Republic of China"}
