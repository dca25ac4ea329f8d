"""Entity resolution: surface names -> canonical keys, shared by every report and language.

Curated entries (the gazetteers in `legalkg.ingest.gazetteers`) own ASCII slug keys and carry
labels in both languages, so 《保障农民工工资支付条例》 and "Regulations on Ensuring Wage Payment
for Migrant Workers" resolve to one key. Names no list has get a deterministic key from their
normalised text (NFKC, simplified characters, no quotes, brackets or spaces), so the same title
in two reports meets in one node. Bureaus are keyed by the pinyin of their place.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from legalkg.ingest.pinyin import romanised

_QUOTES_BRACKETS = "《》〈〉<>“”\"'‘’「」『』()（）[]【】〔〕"
_STRIP_TABLE = {ord(ch): None for ch in _QUOTES_BRACKETS + " \t\r\n\u3000"}
_DASHES = re.compile(r"[‐‑‒–—―－~～]")
_EN_NOISE = re.compile(r"[^a-z0-9+]+")
_EN_STOP = {"the", "a", "an"}
_MECH_TAIL = re.compile(r"(?:工作)?(?:责任制度|体制改革|改革|制度|机制|原则|模式|体系|工作|制)$")

KIND_FILES = {"mechanism": "mechanisms.tsv", "partner": "agencies.tsv", "regulation": "laws.tsv"}


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC traditional -> simplified converter, or None when OpenCC is unavailable."""
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - optional at run time
        return None


def to_simplified(text: str) -> str:
    """Simplified Chinese form of `text` (unchanged when it is already simplified or ASCII)."""
    if text.isascii():
        return text
    converter = _t2s()
    return converter.convert(text) if converter else text


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """The comparison form of a Chinese or English name: NFKC, simplified, no quotes, brackets
    or spaces, unified dashes; English lowercased with articles dropped."""
    text = to_simplified(unicodedata.normalize("NFKC", text))
    text = _DASHES.sub("-", text).replace("’", "'")
    if _is_latin(text):
        words = _EN_NOISE.sub(" ", text.lower().replace("'s", "s")).split()
        return " ".join(w for w in words if w not in _EN_STOP)
    return text.translate(_STRIP_TABLE)


def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isascii() for ch in letters)


@lru_cache(maxsize=65536)
def pattern_key(kind: str, name: str) -> str:
    """The key of a name found by a pattern (no gazetteer entry): its normalised form, with a
    mechanism's generic tail (制度, 机制, 改革 ...) dropped so variants such as “一件事”联办 and
    “一件事”联办改革 meet."""
    key = normalize_name(name)
    if kind == "mechanism" and not _is_latin(key):
        core = _MECH_TAIL.sub("", key)
        if len(core) >= 3:
            key = core
    elif kind == "mechanism":
        key = re.sub(r"\b(system|mechanism|reform)s?$", "", key).strip() or key
    return key


@dataclass(slots=True)
class Entry:
    """One curated gazetteer line."""

    kind: str
    key: str
    zh: str
    en: str
    zh_variants: tuple[str, ...]
    en_variants: tuple[str, ...]
    broader: tuple[str, ...] = ()

    @property
    def labels(self) -> dict[str, str]:
        return {lang: label for lang, label in (("zh", self.zh), ("en", self.en)) if label}


@dataclass(slots=True)
class Gazetteer:
    """All curated entries of one kind, indexed by normalised variant."""

    kind: str
    entries: dict[str, Entry] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.entries[entry.key] = entry
        for name in (entry.zh, entry.en, *entry.zh_variants, *entry.en_variants):
            if name:
                self.by_name.setdefault(normalize_name(name), entry.key)

    def lookup(self, name: str) -> Entry | None:
        """The entry whose name or variant equals `name` after normalisation."""
        key = self.by_name.get(normalize_name(name))
        return self.entries[key] if key else None


def _read_tsv(filename: str) -> list[list[str]]:
    text = files("legalkg.ingest").joinpath("gazetteers", filename).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            rows.append(cells + [""] * (6 - len(cells)))
    return rows


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


@lru_cache(maxsize=None)
def gazetteer(kind: str) -> Gazetteer:
    """The curated gazetteer of `kind` ("mechanism", "partner", "regulation")."""
    if kind not in KIND_FILES:
        raise KeyError(f"no gazetteer for {kind!r}; available: {', '.join(KIND_FILES)}")
    gaz = Gazetteer(kind)
    for key, zh, en, zh_var, en_var, broader in (row[:6] for row in _read_tsv(KIND_FILES[kind])):
        gaz.add(Entry(kind, key, zh, en, _split(zh_var), _split(en_var), _split(broader)))
    return gaz


@lru_cache(maxsize=65536)
def resolve(kind: str, name: str) -> tuple[str, Entry | None]:
    """(key, curated entry or None) for a name of `kind`."""
    if kind in KIND_FILES:
        entry = gazetteer(kind).lookup(name)
        if entry is not None:
            return entry.key, entry
    return pattern_key(kind, name), None


_PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治州|自治县|自治区|新区|地区|省|市|区|县|州|盟|旗)$")


@lru_cache(maxsize=4096)
def place_slug(place: str) -> str:
    """ASCII slug of a place name: 杭州市 -> "hangzhou", "Hangzhou" -> "hangzhou"."""
    place = unicodedata.normalize("NFKC", place).strip()
    if place.isascii():
        return re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")
    core = _PLACE_SUFFIX.sub("", to_simplified(place)) or place
    return "".join(romanised(core)).lower()


def bureau_key(place: str, code: str | None = None) -> str:
    """Key of the human resources and social security bureau of `place`; `code` (GB/T 2260) tells
    apart places that share a name (市中区 of 枣庄 and of 济南)."""
    return f"{place_slug(place)}-{code}-hrss" if code else f"{place_slug(place)}-hrss"
