"""Key figures: the quantitative indicators these reports publish (cases received, closed and
lost, loss and court-appearance rates, normative documents, files reviewed, certificate holders,
inspections, wage arrears recovered, workers covered), each with its value, unit and offsets.

Why clause by clause: a figure and the words that say what it counts stand in one clause
(between commas, semicolons or brackets), so a pattern never reaches across to another figure's
noun. A clause that only says "审结27件" / "14 cases had been closed" takes its topic
(reconsideration or litigation) from the clause before it in the same sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from legalkg.ingest.model import Figure

_CLAUSE = re.compile(r"[^，,；;。！？!?：:（）()\[\]【】\n]+")
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=\s)")
_NUM = r"(?<![\d.])(\d{1,12}(?:\.\d{1,6})?)(?![\d.])"  # bounded: a run of 400 digits is not a figure
_CANDIDATE_ZH = re.compile(r"\d\s*(?:[件份人名家次户%％起]|万元|余)")
_CANDIDATE_EN = re.compile(r"\d")
_PCT = _NUM + r"\s*[%％]"
_SKIP_RECEIVED = re.compile(r"撤回|撤销|维持|驳回|纠错|调解|败诉|其中.*(?:一审|二审)")

# (indicator, unit, pattern) per language; the first group is the value. Order matters: the
# first indicator whose pattern matches a clause at a position takes that number.
_ZH: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple((k, u, re.compile(p)) for k, u, p in (
    ("litigation-loss-rate", "percent", r"败诉率(?:为|是|仅为|达到?)?\s*" + _PCT),
    ("court-appearance-rate", "percent", r"出庭(?:应诉)?率(?:为|是|达到?了?|均为)?\s*" + _PCT),
    ("court-appearances", "time", r"出庭应诉(?:已达|达|共|累计)?\s*" + _NUM + r"\s*次"),
    ("litigation-lost", "case", r"败诉(?:案件)?(?:为|共|仅)?\s*" + _NUM + r"\s*[件起]"),
    ("reconsideration-responded", "case", r"(?:答复|被申请)[^，,；;。\d]{0,10}?行政复议(?:申请|案件)?(?:共计?|为)?\s*"
     + _NUM + r"\s*[件起]"),
    ("reconsideration-received", "case", r"(?<![和及与、])行政复议(?:申请|案件)?(?:共计?|为|达)?\s*" + _NUM + r"\s*[件起]"),
    ("litigation-received", "case", r"(?<![和及与、])行政诉讼(?:案件|一审案件)?(?:共计?|为|达)?\s*" + _NUM + r"\s*[件起]"),
    ("normative-documents-issued", "document",
     r"(?:出台|发布|制定|印发|制发)(?:了|的)?(?:行政)?规范性文件(?:共计?)?\s*" + _NUM + r"\s*[件份]"),
    ("normative-documents-issued", "document", r"(?:出台|发布|制定|印发|制发)(?:了|的)?\s*" + _NUM + r"\s*[件份](?:行政)?规范性文件(?!进行)"),
    ("normative-documents-repealed", "document",
     r"(?:失效|废止)(?:的)?(?:行政)?规范性文件\s*" + _NUM + r"\s*[件份]"),
    ("normative-documents-repealed", "document", r"(?:废止|宣布失效)(?:了)?\s*" + _NUM + r"\s*[件份](?:行政)?规范性文件"),
    ("normative-documents-reviewed", "document",
     _NUM + r"\s*[件份](?:行政)?规范性文件进行(?:合法性|公平竞争)?(?:审查|审核|清理)"),
    ("normative-documents-reviewed", "document",
     r"(?:审查|审核|清理)(?:了)?(?:行政)?规范性文件(?:共计?)?\s*" + _NUM + r"\s*[件份]"),
    ("enforcement-files-reviewed", "file", _NUM + r"\s*[件份]\s*(?:行政)?执法案卷"),
    ("enforcement-files-reviewed", "file", r"执法案卷(?:共计?)?\s*" + _NUM + r"\s*[件份]"),
    ("certificate-holders", "person", r"(?<!应)持(?:有)?(?:行政)?执法证(?:件)?(?:的)?(?:人员)?(?:共计?)?\s*" + _NUM + r"\s*[人名]"),
    ("certificate-holders", "person", r"已持证(?:上岗)?(?:人员)?\s*" + _NUM + r"\s*[人名]"),
    ("inspections", "inspection", r"(?:检查|抽查|抽检|巡查)(?:了)?(?:各类)?(?:用人单位|企业|单位)?(?:共计?)?\s*" + _NUM + r"\s*(?:家|户|次)"),
    ("wage-arrears-recovered", "10k-yuan", r"(?:追发|追回|追讨|清偿|兑现|支付|涉及|挽回)[^，,；;。\d]{0,10}?(?:工资|欠薪|薪酬)(?:款)?(?:共计?|达)?\s*"
     + _NUM + r"\s*万元"),
    ("wage-arrears-recovered", "10k-yuan", r"(?:工资|欠薪)(?:款)?(?:共计?|达)?\s*" + _NUM + r"\s*万元"),
    ("workers-covered", "person", r"(?:涉及|帮助|为|惠及)(?:了)?\s*(?:农民工|劳动者|职工)\s*" + _NUM + r"\s*(?:余)?[人名]"),
    ("workers-covered", "person", r"(?:涉及|帮助|为|惠及)(?:了)?\s*" + _NUM + r"\s*(?:余)?[人名](?:农民工|劳动者|职工)"),
))
_EN: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple((k, u, re.compile(p, re.IGNORECASE)) for k, u, p in (
    ("litigation-loss-rate", "percent", r"(?:loss|losing|failure) rate of (?:administrative )?litigation(?: cases)? (?:was|is|reached|of) " + _PCT),
    ("court-appearance-rate", "percent",
     r"(?:appearance|attendance) rate[^.;%]{0,90}?(?:was|is|reached|of) " + _PCT),
    ("reconsideration-responded", "case", r"(?:answered|responded to) " + _NUM + r" (?:cases of )?administrative reconsideration"),
    ("reconsideration-received", "case",
     r"(?:received|accepted|handled|heard) " + _NUM + r" (?:cases of administrative reconsideration|administrative reconsideration cases)"),
    ("litigation-received", "case", r"(?:received|responded to|answered|handled) " + _NUM + r" (?:administrative )?litigation cases"),
    ("enforcement-files-reviewed", "file", r"(?:spot-check(?:ed)?|review(?:ed)?|evaluat(?:ed|e)) " + _NUM + r"\b[^.;]{0,90}?\bfiles\b"),
    ("inspections", "inspection", r"(?:inspected|spot-checked) " + _NUM + r" (?:employers|enterprises|units)"),
    ("wage-arrears-recovered", "10k-yuan", r"wages? (?:arrears )?of " + _NUM + r" (?:ten thousand|10,000) yuan"),
))
_CLOSED_ZH = re.compile(r"^(?:其中)?(?:已|共)?(?:审结|结案|办结|已结案|已结)(?:了)?(?:案件)?\s*" + _NUM + r"\s*[件起]")
_CLOSED_EN = re.compile(_NUM + r" (?:cases )?(?:had been|have been|were|was) closed", re.IGNORECASE)


def _any_of(patterns: tuple[tuple[str, str, re.Pattern[str]], ...]) -> re.Pattern[str]:
    """One regex that matches a clause wherever one of `patterns` does: most clauses with a
    number hold no figure, and one search proves it where trying each pattern costs 22 scans."""
    return re.compile("|".join(f"(?:{p.pattern})" for _, _, p in patterns), patterns[0][2].flags)


_ANY_ZH, _ANY_EN = _any_of(_ZH), _any_of(_EN)
# Every match of an English pattern holds one of these (none of them optional in its pattern):
# a clause whose lower case holds none is not searched, since the case-insensitive search
# tries every pattern at every character of a long English sentence.
EN_WORDS = ("%", "％", "litigation", "reconsideration", "files", "inspected", "spot-checked", "yuan")


def _may_hold(clause: str, language: str) -> bool:
    """False when no pattern of `language` can match `clause`. In lower case the words show
    wherever IGNORECASE finds them, unless the clause has a letter that matches i or s
    without lowering to it (İ, ı, ſ): such a clause is always searched."""
    if language != "en" or "İ" in clause or "ı" in clause or "ſ" in clause:
        return True
    lower = clause.lower()
    return any(word in lower for word in EN_WORDS)
_TOPIC_ZH = re.compile(r"复议|诉讼")
_TOPIC_EN = re.compile(r"reconsideration|litigation", re.IGNORECASE)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() - start > 1:
            yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def find_figures(text: str, language: str) -> list[Figure]:
    """Every key figure of `text` ("zh" or "en" patterns), in text order, one per number."""
    patterns, any_pattern, closed, topic_word, candidate = (
        (_EN, _ANY_EN, _CLOSED_EN, _TOPIC_EN, _CANDIDATE_EN) if language == "en"
        else (_ZH, _ANY_ZH, _CLOSED_ZH, _TOPIC_ZH, _CANDIDATE_ZH)
    )
    figures: list[Figure] = []
    for s_start, s_end in _sentences(text):
        if not candidate.search(text, s_start, s_end):
            continue  # every clause that yields a figure passes `candidate`, so the sentence does
        topic: str | None = None
        clauses = [(m.start(), m.group()) for m in _CLAUSE.finditer(text, s_start, s_end)] \
            if language != "en" else [(s_start, text[s_start:s_end])]
        for c_start, clause in clauses:
            found = topic_word.findall(clause)
            if found:
                topic = "reconsideration" if found[-1].lower() in ("复议", "reconsideration") else "litigation"
            if not candidate.search(clause):
                continue
            taken: set[int] = set()
            searched = _may_hold(clause, language) and any_pattern.search(clause)
            for indicator, unit, pattern in patterns if searched else ():
                for match in pattern.finditer(clause):
                    if match.start(1) in taken:
                        continue
                    if indicator.endswith("-received") and language != "en" and _SKIP_RECEIVED.search(clause):
                        continue
                    taken.add(match.start(1))
                    figures.append(_figure(indicator, unit, match, c_start, s_start, s_end))
            if topic:
                for match in closed.finditer(clause):
                    if match.start(1) not in taken:
                        taken.add(match.start(1))
                        figures.append(_figure(f"{topic}-closed", "case", match, c_start, s_start, s_end))
    figures.sort(key=lambda f: (f.start, f.indicator))
    return figures


def _figure(indicator: str, unit: str, match: re.Match[str], offset: int, s_start: int, s_end: int) -> Figure:
    return Figure(indicator, float(match.group(1)), unit, offset + match.start(), offset + match.end(), s_start, s_end)
