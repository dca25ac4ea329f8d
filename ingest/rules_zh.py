"""Rule patterns for Chinese reports: one `pattern_<thing>(text, ...)` function per kind of
thing, each returning `Hit`s with offsets into the text it was given.

They recognise things by structure (title brackets and title words, mechanism heads, agency
heads after a level or place prefix) and use the gazetteers for canonical names, so reports
from bureaus the lists never saw still yield their own titles, mechanisms and partners.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator

from legalkg.ingest.departments import kind_of_core, unit_ends_word, zh_name_regex
from legalkg.ingest.hits import Hit, finditer_from, finditer_near, gazetteer_automaton, longest_matches
from legalkg.ingest.places import known_place_before, leading_division, named

HAN = r"\u3400-\u9fff"
_PUNCT_BREAK = set("，。；：！？、,.;:!?（）()《》<>〈〉“”\"'‘’「」【】[]\n\r\t ")

# ---- titled documents ------------------------------------------------------------------

TITLE_WORDS = (
    "条例|办法|规定|意见|通知|纲要|决定|细则|方案|法典|宪法|法|要点|规划|计划|规则|准则|制度|"
    "清单|标准|指引|指南|解答|措施|公告|通告|批复|函|目录|章程|决议|规程|守则|若干问题|实施意见"
)
_TITLE_END = re.compile(rf"(?:{TITLE_WORDS})$")
_TRAILING_PAREN = re.compile(r"(?:[（(][^（()）]{1,16}[）)]|[（(]?\d{4}\s*[-—－–~至]\s*\d{4}\s*年?[）)]?)$")
_NOT_LAW = re.compile(r"(?:说|做|看|想|写|用|方|手|普|学|守|执|违|司)法$")
_BRACKETED = re.compile(r"《([^《》\n]{1,150})》")
_INNER = re.compile(r"[<〈]([^<>〈〉]{2,100})[>〉]")
DOC_NUMBER = re.compile(
    rf"[{HAN}A-Za-z]{{1,14}}\s*[〔\[［(（【]\s*(?:19|20)\d\d\s*[〕\]］)）】]\s*第?\s*\d{{1,4}}\s*号"
    rf"|[{HAN}]{{1,8}}令\s*第?\s*\d{{1,4}}\s*号"  # decrees: 国务院令第711号, 市政府令第17号, 沪府令35号
)
_AFTER_TITLE_NUMBER = re.compile(rf"\s*[（(]\s*({DOC_NUMBER.pattern})\s*[）)]")
_OUTER_TAIL = re.compile(r"(?:的)?(?:通知|意见|决定|批复|函)")
_OUTER_HEAD = re.compile(r"关于(?:印发|转发|下发|公布|发布)$")
_CLAUSE_STARTERS = re.compile(
    r"(?:根据|按照|依据|依照|贯彻|落实|执行|结合|对照|学习|认真|印发|转发|制定|出台|修订|实施|"
    r"严格|做好|围绕|遵照|对|在|将|把|了|的|和|及|与|等|是)$"
)
_BARE_TITLE = re.compile(
    rf"(?:修订|修改|制定|出台|印发|起草|发布|下发|重新修订)(?:了|完善)?"
    rf"([{HAN}]{{6,30}}?(?:管理办法|实施办法|暂行办法|裁量办法|办法|条例|实施细则|细则|工作要点|实施纲要|实施方案))(?=[，。；、,;\s]|$)"
)
_LISTED_TITLES = re.compile(
    rf"(?:根据|按照|依据|依照|对照|贯彻)((?:[{HAN}0-9（）()—\-]{{4,40}}?、)*[{HAN}0-9（）()—\-]{{4,40}}?)等(?:文件|规定|要求|精神)"
)
_BACKREF = re.compile(rf"^(?:本|该|此|上述)?({TITLE_WORDS})$")


def is_title(name: str) -> bool:
    """Whether bracketed text reads as a document title: it ends with a title word once
    trailing parentheses such as （试行） or （2016-2020年） are set aside."""
    core = name.strip()
    for _ in range(2):
        core = _TRAILING_PAREN.sub("", core).strip()
    if _NOT_LAW.search(core):
        return False
    return bool(_TITLE_END.search(core)) and len(core) >= 2


def pattern_bracket_spans(text: str) -> list[Hit]:
    """Every 《...》 span, title or not (a lecture or book title holds no mechanisms)."""
    return [Hit("bracket", m.start(), m.end(), m.group(1)) for m in _BRACKETED.finditer(text)]


def _number_after(text: str, pos: int) -> tuple[str, int] | None:
    m = _AFTER_TITLE_NUMBER.match(text, pos)
    return (re.sub(r"\s+", "", m.group(1)), m.end()) if m else None


def pattern_titles(text: str) -> list[Hit]:
    """Titled documents: 《...》 (and titles nested in <...> / 〈...〉 inside them), the
    unbracketed outer notice around a bracketed title (…关于印发《X》的通知), with document
    numbers that follow in parentheses as identifiers; short back-references (《条例》) point
    to the latest full title with the same title word."""
    hits: list[Hit] = []
    for m in _BRACKETED.finditer(text):
        name = m.group(1).strip()
        backref = _BACKREF.match(name)
        if backref:
            previous = [h for h in hits if h.name.endswith(backref.group(1)) and len(h.name) > 4]
            if previous:
                hits.append(Hit("regulation", m.start(1), m.end(1), previous[-1].name))
            continue
        if not is_title(name):
            continue
        hit = Hit("regulation", m.start(1), m.end(1), name)
        outer = _outer_title(text, m.start(), m.end())
        number = _number_after(text, outer.end if outer else m.end())
        if outer:
            if number:
                outer.identifiers.append(number[0])
            hits.append(outer)
        elif number:
            hit.identifiers.append(number[0])
        hits.append(hit)
        for inner in _INNER.finditer(name):
            if is_title(inner.group(1)):
                start = m.start(1) + inner.start(1)
                hits.append(Hit("regulation", start, start + len(inner.group(1)), inner.group(1)))
    for m in _BARE_TITLE.finditer(text):
        hits.append(Hit("regulation", m.start(1), m.end(1), m.group(1)))
    for m in _LISTED_TITLES.finditer(text):  # 根据X纲要、Y工作要点等文件: each listed title
        pos = m.start(1)
        for item in m.group(1).split("、"):
            if is_title(item) and len(item) >= 6:
                hits.append(Hit("regulation", pos, pos + len(item), item))
            pos += len(item) + 1
    return hits


def _outer_title(text: str, open_pos: int, close_pos: int) -> Hit | None:
    """The unbracketed notice around 《X》: issuer + 关于印发《X》的通知."""
    tail = _OUTER_TAIL.match(text, close_pos)
    head = _OUTER_HEAD.search(text, max(0, open_pos - 6), open_pos)
    if not (tail and head):
        return None
    start = head.start()
    while start > 0 and start > open_pos - 60 and re.match(rf"[{HAN}0-9]", text[start - 1]):
        if _CLAUSE_STARTERS.search(text, max(0, start - 2), start):
            break
        start -= 1
    name = text[start:tail.end()]
    return Hit("regulation", start, tail.end(), name)


def pattern_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every document number (人社部发〔2016〕82号, 厅字〔2019〕28号) with its offsets."""
    return [(m.start(), m.end(), re.sub(r"\s+", "", m.group(0))) for m in DOC_NUMBER.finditer(text)]


_LAW_BLOCKERS = set("律规制治")


def pattern_laws(text: str) -> list[Hit]:
    """Curated laws and regulations named without brackets (宪法, 民法典, 劳动合同法)."""
    hits = []
    for start, end, phrase, key in longest_matches(gazetteer_automaton("regulation", "zh"), text):
        if phrase.endswith("法") and end < len(text) and text[end] in _LAW_BLOCKERS:
            continue  # 劳动法律法规 is not 劳动法
        hits.append(Hit("regulation", start, end, phrase, key=str(key), source="gazetteer"))
    return hits


# ---- mechanisms ------------------------------------------------------------------------

_QUOTED = re.compile(r"“([^“”\n]{2,24})”")
_MECH_HEAD_AFTER_QUOTE = re.compile(
    r"(?:[{HAN}]{0,4}?)(?:工作机制|责任制度|体制改革|改革|制度|机制|模式|体系|格局|原则|联办改革|联办|审批服务|审批|责任制|专项行动|行动|工程)"
    .replace("{HAN}", HAN)
)
_SHORT_QUOTE_HEAD = re.compile(r"普法")
_MECH_IN_QUOTE = re.compile(r"(?:制度|机制|模式|改革|体系|格局|一件事|办(?![公理法])|跑|^谁.+谁.+|[{HAN}][+＋][{HAN}])".replace("{HAN}", HAN))
_NOT_MECH_AFTER = re.compile(r"[A-Za-z0-9]|平台|系统|小程序|专区|窗口|专班|大厅|APP|app|端|号|网")
_MECH_HEAD = re.compile(
    r"(?:工作机制|责任制度|体制改革|制度改革|制度(?!体系|流程|规定)|(?<!体制)机制|改革(?!发展|任务|成果|要求|精神|部署)|模式|格局|(?:责任|负责|承诺|分账|公示|记录|审核)制(?!度|定|约|作)"
    r"|(?<!治理)(?<!保障)(?<!服务)(?<!产业)(?<!标准)(?<!课程)(?<!指标)(?<!法规)(?<!法律)(?<!政策)体系(?!建设)|(?<![权力])清单(?![外内中上])|(?<!被)考核(?![组办机评结果优等合奖])"
    r"|(?<=法制)审查|(?<=合法性)审查|备案审查|(?<=执法)体制(?!改革|机制))"
)
# Where a match of _MECH_HEAD can begin (a literal prefix of each branch), for hits.finditer_from:
# the same matches, but re skips to these words instead of trying every branch at every character.
_MECH_HEAD_STARTS = re.compile(
    r"工作机制|责任制|体制|制度|机制|改革|模式|格局|负责制|承诺制|分账制|公示制|记录制|审核制|体系|清单|考核|审查|备案审查"
)
# a soft left stop: 建设 ends a verb phrase (建设X机制) or sits inside a name (法治政府建设保障机制)
_SOFT_STOPS = {"建设", "领域"}
_LIST_FREE_HEADS = re.compile(r"(?:体系|清单|考核|审查)$")  # heads that never close a 、-list of names
_PERSONNEL = re.compile(r"(?:^局|职工|干部|人员|内部)")
_GENERIC_HEAD_OK = {"责任制": {"领导", "目标"}}
_HEADING_LINE = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])[^。\n]{0,40}(?:。?[ \t\u3000]*$|(?=[^。\n]*$))", re.M)
_NOUN_TAIL = re.compile(r"(?:流程|程序|制度|机制|平台|系统|体系|清单|标准|工作|管理|建设)$")
_MECH_LEFT_STOP = re.compile(
    r"(?:落实|完善|健全|推进|推动|建立|破解|列入|列为|进行|因|由于|就(?![业近医学读])|建设|执行|实施|推行|深化|坚持|贯彻|开展|加强|强化|构建|创新|探索|"
    r"实行|严格|继续|全面|做好|形成|运用|利用|依托|通过|按照|根据|围绕|实现|启动|规范|优化|提升|作为|"
    r"进一步|不断|逐步|积极|认真|切实|持续|大力|着力|扎实|并|同时|还|也|要|重点|以及|和|及|与|或|的|在|"
    r"对|将|把|为|是|了|等|其|各项|相关|有关|该|本|我局|全市|全县|全区|领域|方面|中(?![心级介院])|下|上|引入|纳入|"
    r"打造|发挥|用好|抓好|搭建|设立|制定|出台|修订|明确|压实|压紧|配合|参与|遵循|按|由|与|向|从|以|"
    r"完备|给|后|前|(?<=[0-9一二三四五六七八九十两几多])[个项件次种]|贯穿|现有|已有|原有|"
    r"(?:制度|机制|改革)(?=[、和及与])|[^{HAN}“”+＋、])".replace("{HAN}", HAN)
)
_GENERIC_CORES = {
    "工作", "管理", "相关", "长效", "考核", "责任", "领导", "协调", "保障", "监督", "体制", "机构",
    "规章", "法律", "法规", "政策", "各项", "重大", "内部", "有效", "联动", "常态化", "长效工作",
    "工作长效", "全面", "深化", "综合", "配套", "服务", "人事", "管理体制", "监管", "市场", "评价",
    "规则", "法治", "法律法规", "政策法规", "标准", "新", "一项", "这项", "该项", "运行", "工作运行",
    "改革", "制度", "机制", "体系", "人才", "用人", "分配", "社保", "社会保障", "养老保险", "事业单位",
    "职称", "收入分配", "工资", "薪酬", "户籍", "医疗", "医药卫生", "行政", "考试", "招聘", "培训",
    "协作", "合作", "沟通", "联系", "协调联动", "政府机构", "党政机构",
}
_BAD_CORE_START = re.compile(r"^(?:各|该|此|这|有关|相关|本|我|其|一系列|一批|若干|多项|等)")


def pattern_mechanisms_gazetteer(text: str) -> list[Hit]:
    """Curated mechanisms by any of their variants."""
    return [
        Hit("mechanism", s, e, phrase, key=str(key), source="gazetteer")
        for s, e, phrase, key in longest_matches(gazetteer_automaton("mechanism", "zh"), text)
    ]


_NUMERAL = "一二三四五六七八九十两双百千"
_FORMULA = re.compile(rf"^[{_NUMERAL}][^{_NUMERAL}个]{{1,2}}[{_NUMERAL}][^{_NUMERAL}个]{{1,2}}$")


def _is_formula(inner: str) -> bool:
    """A numbered formula names a way of working: “三会一课”, “一制三化”; one that counts
    documents (“一规划两纲要”) names documents, not a mechanism."""
    if not _FORMULA.match(inner):
        return False
    items = [p for p in re.split(rf"[{_NUMERAL}]", inner) if p]
    return not any(_TITLE_END.search(p) for p in items)


def pattern_mechanisms_quoted(text: str) -> list[Hit]:
    """Quoted programmes: “X” followed by a mechanism head (“最多跑一次”改革, “七五”普法), or
    a quoted slogan that is itself a way of working (“就近办”, “一件事”, “谁执法、谁公示”,
    “互联网+监管”)."""
    hits = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if any(ch in inner for ch in "。；：！？; ") or inner.isdigit():
            continue
        head = _MECH_HEAD_AFTER_QUOTE.match(text, m.end())
        if any(ch in inner for ch in "，,") and not head:
            continue  # a quoted sentence, unless a head names it (“有件必核,有错必纠”的原则)
        if not head and len(inner) <= 3:
            head = _SHORT_QUOTE_HEAD.match(text, m.end())
        if head and head.end() - m.end() <= 6:
            hits.append(Hit("mechanism", m.start(), head.end(), text[m.start():head.end()]))
        elif (
            (_MECH_IN_QUOTE.search(inner)
             or (_is_formula(inner) and not text.startswith("的", m.end())))
            and len(inner) >= 3
            and not _NOT_MECH_AFTER.match(text, m.end())
        ):
            hits.append(Hit("mechanism", m.start(), m.end(), m.group(0)))
    return hits


def _heading_lines(text: str) -> Iterator[re.Match[str]]:
    """`_HEADING_LINE.finditer(text)`, trying line starts only (the regex is anchored by ^ and
    stays on one line; re would try every character), and only lines whose first 。 ends them:
    after a 。 with more text behind it, the regex can match nowhere, and proving so costs it
    40 backtracking steps that each scan to the 。 (a long paragraph line starting (1)...)."""
    pos = 0
    while pos < len(text):
        line_end = text.find("\n", pos)
        stop = len(text) if line_end == -1 else line_end
        full_stop = text.find("。", pos, stop)
        if full_stop == -1 or not text[full_stop + 1:stop].strip(" \t\u3000"):
            match = _HEADING_LINE.match(text, pos)
            if match:
                yield match
        if line_end == -1:
            break
        pos = line_end + 1


def _weak_core(core: str, head: str) -> bool:
    """Whether what lies between the last stop and the head is too little to name a mechanism."""
    core = core.strip("“”、")
    return len(core) < 2 or core in _GENERIC_CORES


def pattern_mechanisms_heads(text: str, window: int = 24) -> list[Hit]:
    """Unquoted mechanisms by their head (…制度, …机制, …改革, …模式, …格局, …责任制): the
    phrase runs left from the head to the nearest verb, function word or punctuation."""
    hits = []
    heading_starts, heading_ends = [], []
    for h in _heading_lines(text):
        heading_starts.append(h.start())
        heading_ends.append(h.end())
    for m in finditer_from(_MECH_HEAD, _MECH_HEAD_STARTS, text):
        i = bisect.bisect_right(heading_starts, m.start()) - 1
        if i >= 0 and m.start() < heading_ends[i]:
            continue  # headings summarise; the body names the mechanism
        lo = max(0, m.start() - window)
        left = text[lo:m.start()]
        stops = list(_MECH_LEFT_STOP.finditer(left))
        while len(stops) > 1 and stops[-1].group(0) in _SOFT_STOPS and _weak_core(left[stops[-1].end():], m.group(0)):
            stops.pop()  # 法治政府建设保障机制: the name runs on over 建设
        begin = lo + (stops[-1].end() if stops else 0)
        if not stops and lo > 0:
            continue  # no boundary within reach: too long to be a name
        if stops and stops[-1].group(0) == "等":
            continue  # "X、Y等…制度" names the category of what was listed, not a mechanism
        phrase = text[begin:m.end()].lstrip("、“”")
        segments = phrase.split("、")
        if len(segments) >= 4 or _LIST_FREE_HEADS.search(phrase):
            phrase = segments[-1]
        else:
            while len(segments) > 1 and _NOUN_TAIL.search(segments[0]):
                segments = segments[1:]
            phrase = "、".join(segments)
        start = m.end() - len(phrase)
        core = phrase[: len(phrase) - len(m.group(0))].strip("“”、")
        if m.group(0).startswith("工作") and core:
            core += "工作"  # 法治工作机制: the work is part of what is named
        if m.group(0) == "考核" and _PERSONNEL.search(core):
            continue  # 干部职工考核, 局内部考核: appraising staff, not a mechanism
        if core in _GENERIC_HEAD_OK.get(m.group(0), ()):
            hits.append(Hit("mechanism", start, m.end(), phrase))
            continue
        if len(core) < 2 or core in _GENERIC_CORES or _BAD_CORE_START.match(core) or phrase[: len(phrase) - len(m.group(0))].endswith("、"):
            continue
        if any(seg in _GENERIC_CORES for seg in core.split("、")):
            continue
        if phrase.count("“") != phrase.count("”"):
            continue
        hits.append(Hit("mechanism", start, m.end(), phrase))
    return hits


# ---- partner agencies ------------------------------------------------------------------

LEVELS = {"省": "provincial", "市": "municipal", "区": "district", "县": "county", "镇": "town",
          "街道": "subdistrict", "乡": "township"}
_NEEDS_PREFIX = {"government", "party-committee", "government-office", "publicity-department"}
_PARTY_GOV = re.compile(r"([省市区县])委\1?(?:人民)?政府|([省市区县])委(?![员托会])")
_CPC_COMMITTEE = re.compile(rf"中共[{HAN}]{{2,30}}?委员会(?:办公室)?")
_PARTY_COMMISSION = re.compile(
    rf"(?:中共)?(?:中央|[{HAN}]{{0,8}}?[省市区县]委)(?:全面依法治[国省市区县]|[{HAN}]{{2,10}}?)委员会(?:办公室)?"
)
_CENTRE = re.compile(r"(?<![党共])中央(?=[、和及](?:[省市区县]委|国务院))")  # 中央、市委…, not 中央、省、市 (levels)
_LEADING_GROUP = re.compile(rf"[省市区县][{HAN}]{{2,16}}?领导小组(?:办公室)?")
_LAW_FIRM = re.compile(rf"[{HAN}]{{2,12}}(?:[（(][{HAN}]{{2,6}}[）)])?律师事务所")
_UNIVERSITY = re.compile(rf"[{HAN}]{{2,10}}?大学(?!生)")
# Each regex above is run only near a literal every match holds, up to `reach` characters after
# the match's start (hits.finditer_near; same matches, a fraction of the scan): 委 at 1 in
# _PARTY_GOV, 中央 and 中共 at 0, 委员会 at most 2+10+10 = 22 in _PARTY_COMMISSION,
# 律师事务所 at most 12+8 = 20 in _LAW_FIRM, 大学 at most 10 in _UNIVERSITY.
_GOV_OFFICE = re.compile(r"([省市区县])(?:人民)?政府办公(?:室|厅)")


_MECHANISM_AFTER_AGENCY = re.compile(r"(?:体制)?(?:改革|机制|制度|模式)|体制")


_LEVEL_WORDS = ("省委", "市委", "区委", "县委", "街道", "省", "市", "区", "县", "镇", "乡")
_LEVEL_WORD_ENDS = frozenset(word[-1] for word in _LEVEL_WORDS)


def place_prefix(text: str, start: int, places: tuple[str, ...]) -> tuple[int, str]:
    """How far a level or place prefix reaches left of `start`: (new start, level word)."""
    for place in places:
        if place and text.startswith(place, start - len(place)):
            return start - len(place), place
    if start > 0 and text[start - 1] not in _LEVEL_WORD_ENDS:
        return start, ""  # no level word ends here
    for word in _LEVEL_WORDS:
        if text.startswith(word, start - len(word)):
            return start - len(word), word
    return start, ""


def pattern_partners(text: str, places: tuple[str, ...] = ()) -> list[Hit]:
    """Partner agencies: curated agency types with an optional level/place prefix (市检察院,
    县司法局, 省人力社保厅), party committees and governments (市委, 县委县政府, 市政府办公室),
    CPC committees and their commissions (山西省委全面依法治省委员会), a level's leading groups
    (市法治政府建设领导小组), law firms and universities."""
    hits = []
    for s, e, phrase, key in longest_matches(gazetteer_automaton("partner", "zh"), text):
        start, prefix = place_prefix(text, s, places)
        if not prefix and (key in _NEEDS_PREFIX or len(phrase) < 2):
            continue
        if key in ("government", "party-committee") and not prefix:
            continue
        if phrase == "政府" and text.startswith("法治", s - 2):
            continue
        if phrase.endswith("部") and text.startswith("门", e):
            continue  # 人社部门 is a kind of department, not the ministry
        if text.startswith("令", e):
            continue  # 市政府令第17号 numbers a decree
        if key in ("peoples-congress", "cppcc") and text.startswith(("代表", "委员", "提案", "建议"), e):
            continue  # 人大代表建议, 政协委员提案: the deputies' proposals, not the body
        if _MECHANISM_AFTER_AGENCY.match(text, e):
            continue  # 综合执法改革, 综合执法体制: a reform, not an agency
        hits.append(Hit("partner", start, e, text[start:e], key=str(key), source="gazetteer"))
    for m in finditer_near(_PARTY_GOV, "委", 1, text):
        start, prefix = place_prefix(text, m.start(), tuple(p for p in places if p[-1:] in "省市区县"))
        start = start if prefix and prefix not in LEVELS else m.start()
        key = "government" if m.group(1) else "party-committee"
        hits.append(Hit("partner", start, m.end(), text[start:m.end()], key=key, source="gazetteer"))
    for m in _GOV_OFFICE.finditer(text):
        hits.append(Hit("partner", m.start(), m.end(), m.group(0), key="government-office",
                        source="gazetteer"))
    for m in finditer_near(_CENTRE, "中央", 0, text):
        hits.append(Hit("partner", m.start(), m.end(), m.group(0), key="cpc-central-committee", source="gazetteer"))
    for m in _LEADING_GROUP.finditer(text):
        if not re.search("[局科处股室]", m.group(0)):  # a bureau's own leading group is not a partner
            hits.append(Hit("partner", m.start(), m.end(), m.group(0)))
    for regex, literal, reach in ((_CPC_COMMITTEE, "中共", 0), (_PARTY_COMMISSION, "委员会", 22), (_LAW_FIRM, "律师事务所", 20)):
        for m in finditer_near(regex, literal, reach, text):
            stops = list(_PLACE_LEFT_STOP.finditer(m.group(0), 0, 8))
            start = m.start() + (stops[-1].end() if stops else 0)
            hits.append(Hit("partner", start, m.end(), text[start:m.end()]))
    for m in finditer_near(_UNIVERSITY, "大学", 10, text):
        name = re.sub(r"^.*?(?:与|和|同|及|在|的|到|了|邀请|聘请|联合|合作)", "", m.group(0))
        if len(name) >= 4 and not name.startswith("大学"):
            hits.append(Hit("partner", m.end() - len(name), m.end(), name))
    return hits


# ---- bureau, year, plan sections -------------------------------------------------------

_PLACE_UNIT = re.compile(rf"[{HAN}]{{2,6}}?(?:自治州|自治县|自治区|新区|省|市|区|县|州|旗)")
_PLACES = re.compile(rf"(?:{_PLACE_UNIT.pattern})+")
_PLACE_LEFT_STOP = re.compile(
    r"(?:开展|组织|推进|指导|会同|配合|联合|协调|督促|要求|通过|召开|落实|推动|建立|实施|执行|加强|"
    r"完善|健全|深化|坚持|贯彻|参加|参与|举办|印发|制定|出台|报送|提交|提请|委托|邀请|聘请|聘任|协助|支持|"
    r"与|和|及|向|由|经|对|在|将|把|为|是|了|的|等)"
)
_PLACE_STOP = set("年的和与及在对是了将由经向为局各本我该全共中称")  # 称: (以下称市人社局)


def bureau_place(text: str, head_start: int) -> tuple[int, str]:
    """(start, place) of the place name right before a bureau head: 杭州市 in
    杭州市人力资源和社会保障局, 上虞区 in 绍兴市上虞区人社局; ("", head_start) when none.
    Official division names come first (市中区 is a district, not 市 + 中区); a place name no
    list has is read by its shape."""
    known = known_place_before(text, head_start)
    if known:
        return head_start - len(known), known
    two = text[max(0, head_start - 2):head_start]
    if len(two) == 2 and two[-1] in "县区市旗" and named(two) and (
            head_start == 2 or not re.match(rf"[{HAN}]", text[head_start - 3]) or text[head_start - 3] in _PLACE_STOP):
        return head_start - 2, two  # 冠县, 城区: a two-character name standing alone before the head
    lo = head_start
    while lo > 0 and head_start - lo < 12 and re.match(rf"[{HAN}]", text[lo - 1]) and text[lo - 1] not in _PLACE_STOP:
        lo -= 1
    stops = list(_PLACE_LEFT_STOP.finditer(text, lo, head_start))
    if stops:
        lo = max(lo, stops[-1].end())
    for begin in range(lo, head_start - 2):
        chunk = text[begin:head_start]
        if _PLACES.fullmatch(chunk):
            return begin, _PLACE_UNIT.findall(chunk)[-1]
    return head_start, ""


def pattern_bureaus(text: str) -> list[Hit]:
    """Every mention of a government body of a known kind (人社局, 司法厅, 市场监管局, 教育部,
    区人民政府 ...); `name` is its place ("" when only a level or nothing precedes it, as in
    市人力社保局 / 人社局), `key` its department kind."""
    hits = []
    for m in zh_name_regex().finditer(text):
        unit = m.group("unit")
        kind = kind_of_core(m.group("core"), unit)
        if kind is None or not unit_ends_word(unit, text[m.end():m.end() + 1]):
            continue
        if m.start() > 0 and text[m.start() - 1] in (_NOT_BEFORE_BODY_EDU if m.group("core") == "教" else _NOT_BEFORE_BODY):
            continue  # 法治政府, 数字政府: a kind of government, not a body
        start, place = bureau_place(text, m.start())
        if not place:
            start, place = _short_place_before(text, m.start())
        if not place:
            start, _ = place_prefix(text, m.start(), ())
            for national in ("中华人民共和国", "国家"):  # 中华人民共和国司法部, 国家医疗保障局
                if text.startswith(national, m.start() - len(national)):
                    start = m.start() - len(national)
                    break
        hits.append(Hit("bureau", start, m.end(), place, key=kind.key))
    return hits


_NOT_BEFORE_BODY = set("治字能务主")
_NOT_BEFORE_BODY_EDU = _NOT_BEFORE_BODY | set("宗文科体助")  # 宗教委, not 教委


def _short_place_before(text: str, end: int) -> tuple[int, str]:
    """A city or province named without its suffix (烟台人力资源和社会保障局): (start, full name)."""
    for size in (3, 2):
        if end - size < 0:
            continue
        division = leading_division(text[end - size:end])
        if division is not None and division.level != "county" and len(division.name) > size \
                and (end - size == 0 or not re.match(rf"[{HAN}]", text[end - size - 1]) or text[end - size - 1] in _PLACE_STOP):
            return end - size, division.name
    return end, ""


_YEAR_PATTERNS = (
    re.compile(r"((?:19|20)\d\d)\s*年度?\s*(?:法治政府建设|依法行政|法治建设|法治人社)"),
    re.compile(r"(?:我局|本局)\s*((?:19|20)\d\d)\s*年"),
    re.compile(r"((?:19|20)\d\d)\s*年度?(?:工作)?(?:情况)?(?:的)?(?:总结|报告)"),
    re.compile(r"((?:19|20)\d\d)\s*年(?:以来|来|全年)"),
)
_DATE_LIKE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


def find_year(text: str, head: int = 1500) -> int | None:
    """The year the report is about: from the title and first lines (…2019年法治政府建设…,
    我局2020年…), else the most frequent year in the text (dates of publication excluded)."""
    first = text[:head]
    for pattern in _YEAR_PATTERNS:
        m = pattern.search(first)
        if m:
            return int(m.group(1))
    body = _DATE_LIKE.sub(" ", text)
    counts = Counter(re.findall(r"((?:19|20)\d\d)\s*年", body))
    return int(counts.most_common(1)[0][0]) if counts else None


_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分)")
_PLAN_WORDS = re.compile(r"下一步|下步|明年|今后|来年|打算|计划|安排|思路|展望|工作重点|努力方向")


def plan_ranges(text: str, year: int | None) -> list[tuple[int, int]]:
    """Offsets of next-year plan sections (四、2020年工作安排 / 八、下一步工作安排): from such a
    top-level heading to the next top-level heading."""
    ranges: list[tuple[int, int]] = []
    open_at: int | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        if _HEADING.match(line) and len(line) < 60:
            if open_at is not None:
                ranges.append((open_at, pos))
                open_at = None
            years = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", line)]
            later = any(year is not None and y > year for y in years)
            if _PLAN_WORDS.search(line) and (later or not years):
                open_at = pos
        pos += len(line)
    if open_at is not None:
        ranges.append((open_at, len(text)))
    return ranges


# ---- regulation levels -----------------------------------------------------------------

REGULATION_LEVELS = ("constitution", "national-law", "party-regulation", "central-document",
                     "state-council-regulation", "ministry-document", "provincial-document",
                     "municipal-document", "county-document")
_JOINT_CENTRAL = re.compile(r"^(?:中共中央办公厅、?国务院办公厅|中共中央、?国务院|中办、?国办|国务院办公厅)")
_MINISTRY = re.compile(r"^(?:人力资源和社会保障部|人力资源社会保障部|人社部|司法部|财政部|[{HAN}]{2,8}部(?=关于))".replace("{HAN}", HAN))
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d\s*年度?")
_DIVISION_LEVEL = {"province": "provincial-document", "city": "municipal-document", "county": "county-document"}


_CENTRAL_NUMBER = re.compile(r"^(?:中发|中办发|厅字|国发|国办发|国办函|国函)")
_STATE_COUNCIL_DECREE = re.compile(r"^国务院令|^国令")
_MINISTRY_NUMBER = re.compile(r"^(?:人社部|人社厅|人社险|人社规|司法部|财[社政]|发改)")
_PROVINCE_ABBR = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青蒙桂藏宁新"
_PROVINCIAL_NUMBER = re.compile(f"^[{_PROVINCE_ABBR}](?:政|人社|人力社保|委|办|司|财|发改|劳)")
_LOCAL_NUMBER = re.compile(f"^[{HAN}]{{2,6}}〔")


def level_from_number(number: str) -> str | None:
    """The level a document number shows through its issuer's abbreviation: 中办发/厅字/国办发
    (central), 国务院令 (State Council), 人社部发 (ministry), 浙政发 (a province's one-character
    abbreviation), 杭人社〔…〕 (another local issuer: municipal); None for anything else."""
    if _CENTRAL_NUMBER.match(number):
        return "central-document"
    if _STATE_COUNCIL_DECREE.match(number):
        return "state-council-regulation"
    if _MINISTRY_NUMBER.match(number):
        return "ministry-document"
    if _PROVINCIAL_NUMBER.match(number):
        return "provincial-document"
    if _LOCAL_NUMBER.match(number):
        return "municipal-document"
    return None


def regulation_level(title: str) -> str | None:
    """Where a titled document sits in the legal order, read from its title: the Constitution,
    a national law (…法, 中华人民共和国…, NPC decisions), a Party regulation (中国共产党…, 中共中央…),
    a State Council regulation (…条例 with no place, 国务院…), a ministry document (人社部…), or a
    provincial, municipal or county document (named after its place; 全市… / 市… count as municipal);
    joint documents of the Party Centre and the State Council (中办国办…) are central documents."""
    t = _YEAR_PREFIX.sub("", title.strip().strip("《》"))
    if t in ("宪法", "中华人民共和国宪法"):
        return "constitution"
    if _JOINT_CENTRAL.match(t):
        return "central-document"
    if t.startswith(("中国共产党", "中共中央", "党中央", "中办")):
        return "party-regulation"
    if t.startswith(("全国人民代表大会", "全国人大")) or (t.startswith("中华人民共和国") and t.endswith(("法", "法典"))):
        return "national-law"
    if t.startswith("国务院"):
        return "state-council-regulation"
    if _MINISTRY.match(t):
        return "ministry-document"
    division = None
    while (found := leading_division(t)) is not None:  # 丽水市缙云县…: the county
        division, t = found, t[len(found.name) if t.startswith(found.name) else 2:]
    if division is not None:
        return _DIVISION_LEVEL[division.level]
    if t.startswith(("全市", "市")):
        return "municipal-document"
    if t.startswith(("全县", "县", "全区", "区")):
        return "county-document"
    if t.startswith(("全省", "省")):
        return "provincial-document"
    if len(t) <= 14 and re.search(r"(?:法|法典)$", t) and not _NOT_LAW.search(t):
        return "national-law"
    if t.endswith(("条例", "暂行条例")):
        return "state-council-regulation"
    return None
