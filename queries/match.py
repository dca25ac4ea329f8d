"""Match what a person types for a parameter (a label, an alias, an English or short form, a
prefix) against the labels of the entities it could mean.

Pure functions over (IRI, label) pairs, so the store, a remote endpoint and the tests share them.
Folding makes the forms people write equal: Unicode compatibility forms, case, spaces, quotes
and title marks, and the abbreviated heads of bureau names (杭州市人社局 = 杭州市人力资源和社会保障局).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Official long forms and the abbreviations reports use for the same office: all fold to the
# shortest, so a short form and the full name compare equal.
_HEADS = re.compile(r"人力资源(?:和)?社会保障(局|厅|部)|人力社保(局|厅)|人社(局|厅|部)")
_NOISE = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()（）,，、.。:：;；!！?？·-]+")


@dataclass(frozen=True, slots=True)
class Label:
    """One label of one entity; `preferred` for skos:prefLabel, `lang` its language tag."""

    iri: str
    text: str
    lang: str = ""
    preferred: bool = False


def fold(text: str) -> str:
    """The form two spellings of one name share: NFKC, case-folded, without spaces, quotes or
    punctuation, bureau heads abbreviated."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _HEADS.sub(lambda m: "人社" + next(g for g in m.groups() if g), folded)
    return _NOISE.sub("", folded)


def matches(value: str, labels: Iterable[Label]) -> list[str]:
    """The IRIs `value` names: those with a label equal to it once folded, else those with a
    label it begins (a prefix), else none. Sorted; more than one means ambiguous."""
    wanted = fold(value)
    if not wanted:
        return []
    folded = [(label.iri, fold(label.text)) for label in labels]
    exact = {iri for iri, text in folded if text == wanted}
    if exact:
        return sorted(exact)
    return sorted({iri for iri, text in folded if text.startswith(wanted)})


def display_labels(labels: Iterable[Label], lang: str | None = None) -> dict[str, str]:
    """One label per IRI to show a person: the preferred label in `lang`, else any preferred
    label, else any label."""
    best: dict[str, tuple[int, str]] = {}
    for label in labels:
        rank = (0 if label.lang == lang else 1) if label.preferred else 2
        if label.iri not in best or (rank, label.text) < best[label.iri]:
            best[label.iri] = (rank, label.text)
    return {iri: text for iri, (_, text) in best.items()}


def similar(value: str, labels: Sequence[Label], limit: int = 8) -> list[str]:
    """IRIs whose labels look like `value` (difflib ratio on the folded forms), best first:
    the suggestions when nothing matches."""
    by_text: dict[str, str] = {}
    for label in labels:
        by_text.setdefault(fold(label.text), label.iri)
    wanted = fold(value)
    close = difflib.get_close_matches(wanted, list(by_text), n=limit * 3, cutoff=0.3)
    close += [text for text in by_text if wanted and wanted in text and text not in close]
    seen: list[str] = []
    for text in close:
        if by_text[text] not in seen:
            seen.append(by_text[text])
    return seen[:limit]
