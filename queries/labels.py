"""SPARQL that picks an entity's label for ?lang: the one in that language, else the other of
Chinese and English, else an untagged one, else the IRI.

Why in one place: the ranking queries make each entity's label once, in a sub-SELECT joined by
hash (`label_minima` and `label_columns`, both languages' choice per entity), and pick the one
for ?lang per row with a single BIND (`pick_label`), where a label looked up or chosen per row
was most of their time; the forms for one bound entity choose per row with `label_by_rank`.
One source for the named queries in rq/ (static files, checked against these functions by the
tests), as `queries.sortkey` and `queries.sentence` are.
"""
from __future__ import annotations

LANG_IS_ENGLISH = 'COALESCE(langMatches(?lang, "en"), false)'
_ORDER = {"Zh": ("Zh", "En", "Plain"), "En": ("En", "Zh", "Plain")}


def label_minima(var: str) -> list[str]:
    """The aggregates of ?{var}Name (its skos:prefLabel rows) giving ?{var}MinZh, ?{var}MinEn and
    ?{var}MinPlain: "0" and the least label of that kind, or "1" when there is none."""
    return [
        f'(MIN(IF(langMatches(LANG(?{var}Name), "zh"), CONCAT("0", STR(?{var}Name)), "1")) AS ?{var}MinZh)',
        f'(MIN(IF(langMatches(LANG(?{var}Name), "en"), CONCAT("0", STR(?{var}Name)), "1")) AS ?{var}MinEn)',
        f'(MIN(IF(LANG(?{var}Name) = "", CONCAT("0", STR(?{var}Name)), "1")) AS ?{var}MinPlain)',
    ]


def label_columns(var: str) -> list[str]:
    """The projections ?{var}LabelZh (Chinese first) and ?{var}LabelEn (English first) made from
    `label_minima`, once per entity."""
    def choice(first: str) -> str:
        kinds = ", ".join(f'IF(?{var}Min{k} < "1", SUBSTR(?{var}Min{k}, 2), ?none)' for k in _ORDER[first])
        return f"(COALESCE({kinds}, STR(?{var})) AS ?{var}Label{first})"
    return [choice("Zh"), choice("En")]


def pick_label(var: str, english: str = LANG_IS_ENGLISH) -> str:
    """Bind ?{var}Label to the `label_columns` choice for ?lang (`english`: true when English)."""
    return f"BIND(IF({english}, ?{var}LabelEn, ?{var}LabelZh) AS ?{var}Label)"


def label_by_rank(var: str, labels: str) -> str:
    """An aggregate expression giving the label of ?{var} by the same rule from its label rows
    ?{labels}, per group (needs ?english bound): each label ranked 0 (in ?lang), 1 (the other of
    zh and en), 2 (untagged) or 9 (another language), the least ranked and then least label."""
    rank = (f'IF(COALESCE(langMatches(LANG(?{labels}), IF(?english, "en", "zh")), false), "0", '
            f'IF(COALESCE(langMatches(LANG(?{labels}), IF(?english, "zh", "en")), false), "1", '
            f'IF(LANG(?{labels}) = "", "2", "9")))')
    least = f"MIN(CONCAT({rank}, STR(?{labels})))"
    return (f'IF(STRSTARTS({least}, "9") || COUNT(?{labels}) = 0, STR(?{var}),\n'
            f"           SUBSTR({least}, 2))")
