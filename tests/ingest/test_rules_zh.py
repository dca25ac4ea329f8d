"""Each Chinese pattern function on small inline texts."""
from __future__ import annotations

import pytest

from legalkg.ingest import rules_zh


def names(hits):
    return [h.name for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学习《中华人民共和国劳动合同法》。", ["中华人民共和国劳动合同法"]),
        ("按照《关于报送2019年法治政府建设年度报告的通知》要求", ["关于报送2019年法治政府建设年度报告的通知"]),
        ("落实《人力资源和社会保障法治建设实施纲要（2016-2020年）》", ["人力资源和社会保障法治建设实施纲要（2016-2020年）"]),
        ("聆听讲座《“五四宪法”与人民代表大会制度的正式建立》", []),
        ("观看《今日说法》栏目", []),
    ],
)
def test_pattern_titles_by_brackets_and_title_words(text, expected):
    assert names(rules_zh.pattern_titles(text)) == expected


def test_pattern_titles_nested_title_and_document_number():
    text = "根据《中共中央办公厅国务院办公厅关于印发<法治政府建设与责任落实督察工作规定>的通知》(厅字〔2019〕28号)规定"
    hits = rules_zh.pattern_titles(text)
    assert names(hits) == [
        "中共中央办公厅国务院办公厅关于印发<法治政府建设与责任落实督察工作规定>的通知",
        "法治政府建设与责任落实督察工作规定",
    ]
    assert hits[0].identifiers == ["厅字〔2019〕28号"]
    assert text[hits[1].start:hits[1].end] == "法治政府建设与责任落实督察工作规定"


def test_pattern_titles_unbracketed_outer_notice():
    text = "根据中共某某县委全面依法治县委员会办公室关于印发《2021年法治建设工作要点》的通知(某委法办〔2021〕3号)的要求"
    hits = rules_zh.pattern_titles(text)
    outer = hits[0]
    assert outer.name == "中共某某县委全面依法治县委员会办公室关于印发《2021年法治建设工作要点》的通知"
    assert outer.identifiers == ["某委法办〔2021〕3号"]
    assert "2021年法治建设工作要点" in names(hits)


def test_pattern_titles_back_reference_resolves_to_full_title():
    text = "贯彻《保障农民工工资支付条例》，落实《条例》规定。"
    assert names(rules_zh.pattern_titles(text)) == ["保障农民工工资支付条例", "保障农民工工资支付条例"]


def test_pattern_titles_unbracketed_measures_after_a_verb():
    assert names(rules_zh.pattern_titles("重新修订全市人力社保行政处罚裁量办法，动态调整")) == ["全市人力社保行政处罚裁量办法"]


@pytest.mark.parametrize(
    ("text", "number"),
    [("人社部发〔2016〕82号", "人社部发〔2016〕82号"), ("川人社发 [2021] 5号", "川人社发[2021]5号")],
)
def test_pattern_doc_numbers(text, number):
    assert [n for _, _, n in rules_zh.pattern_doc_numbers(text)] == [number]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("以宪法学习宣传为重点", "宪法"),
        ("学习民法典。", "民法典"),
    ],
)
def test_pattern_laws_finds_curated_laws_without_brackets(text, phrase):
    assert [h.name for h in rules_zh.pattern_laws(text)] == [phrase]


def test_pattern_laws_does_not_read_law_inside_longer_words():
    assert rules_zh.pattern_laws("开展劳动法律法规宣传") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深入实施“最多跑一次”改革，", "“最多跑一次”改革"),
        ("扩大“全城通办”“就近办”的范围", "“全城通办”"),
        ("落实“七五”普法责任", "“七五”普法"),
        ("坚持“谁执法、谁公示”，", "“谁执法、谁公示”"),
        ("打造人社治理“缙云模式”。", "“缙云模式”"),
    ],
)
def test_pattern_mechanisms_quoted(text, expected):
    assert expected in names(rules_zh.pattern_mechanisms_quoted(text))


@pytest.mark.parametrize("text", ["使用“浙里办”APP办理", "以“关键少数”为重点", "实现“能办”到“好办”"])
def test_pattern_mechanisms_quoted_ignores_apps_and_slogans(text):
    assert rules_zh.pattern_mechanisms_quoted(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("完善被复议应诉制度，健全落实", ["被复议应诉制度"]),
        ("推动案情通报分析、案件移送制度建设", ["案情通报分析、案件移送制度"]),
        ("建立统一领导、分工负责的大普法格局，", ["大普法格局"]),
        ("机构改革后职能调整", []),
        ("（三）完备执法监督机制\n", []),
    ],
)
def test_pattern_mechanisms_heads(text, expected):
    found = names(rules_zh.pattern_mechanisms_heads(text))
    assert [f for f in found if f in expected or not expected] == expected


def test_find_hits_joins_a_curated_name_reaching_into_a_head_phrase():
    from legalkg.ingest.rules import find_hits

    [hit] = [h for h in find_hits("健全行政执法与刑事司法、公益诉讼衔接机制，", "zh") if h.kind == "mechanism"]
    assert (hit.name, hit.key) == ("行政执法与刑事司法、公益诉讼衔接机制", "enforcement-criminal-linkage")


def test_pattern_mechanisms_gazetteer_keys():
    hits = rules_zh.pattern_mechanisms_gazetteer("继续开展“双随机、一公开”抽查，推进互联网+监管")
    assert [h.key for h in hits] == ["double-random-one-open", "internet-plus-supervision"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全力配合市检察院开展工作", "市检察院"),
        ("与县司法局、总工会协作", "县司法局"),
        ("根据人社部和省厅统一部署", "省厅"),
        ("聘请浙江丽阳(缙云)律师事务所担任法律顾问", "浙江丽阳(缙云)律师事务所"),
        ("与浙江大学合作", "浙江大学"),
        ("坚决完成县委县政府决策部署", "县委县政府"),
        ("市委宣传部、网信办", "市委宣传部"),
    ],
)
def test_pattern_partners_by_agency_heads(text, expected):
    assert expected in names(rules_zh.pattern_partners(text))


@pytest.mark.parametrize("text", ["推进法治政府建设", "人社部门联合执法", "新增就业大学生2万名"])
def test_pattern_partners_ignores_lookalikes(text):
    assert rules_zh.pattern_partners(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("杭州市人力资源和社会保障局", "杭州市"),
        ("2020年上虞区人力社保局认真贯彻", "上虞区"),
        ("丽水市缙云县人社局", "缙云县"),
        ("组织开展市人力社保局与区县签订", ""),
    ],
)
def test_pattern_bureaus_place(text, place):
    assert [h.name for h in rules_zh.pattern_bureaus(text)][0] == place


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("上虞区人社局2020年度法治政府建设情况报告\n公开日期: 2021-02-22", 2020),
        ("索引号: 2021-1\n现将我局2019年工作报告如下", 2019),
        ("佛山市人力资源和社会保障局2020年\n\n法治政府建设年度报告", 2020),
    ],
)
def test_find_year_is_the_year_reported_on(text, year):
    assert rules_zh.find_year(text) == year


def test_plan_ranges_cover_the_next_year_section_only():
    text = "一、2019年工作成效\n落实制度。\n二、存在的不足\n不足。\n三、2020年工作安排\n推进改革。\n"
    ranges = rules_zh.plan_ranges(text, 2019)
    assert [text[a:b] for a, b in ranges] == ["三、2020年工作安排\n推进改革。\n"]


def test_pattern_titles_listed_before_deng_wenjian():
    text = "根据法治政府建设实施纲要、法治某某建设工作要点等文件,制定了计划"
    assert names(rules_zh.pattern_titles(text)) == ["法治政府建设实施纲要", "法治某某建设工作要点"]


def test_pattern_titles_unbracketed_work_points_after_a_verb():
    text = "每年出台法治政府建设暨法治宣传教育工作要点,对全年工作重点进行部署。"
    assert names(rules_zh.pattern_titles(text)) == ["法治政府建设暨法治宣传教育工作要点"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("严格落实“三会一课”、组织生活会", ["“三会一课”"]),
        ("整合“一制三化”政务服务事项", ["“一制三化”"]),
        ("进一步“减环节、减材料、减时限”,办事", []),  # slogans of parallel clauses are not mechanisms
        ("切实做到“法无授权不可为、法定职责必须为”。", []),
        ("持续推进“减证便民”行动,", ["“减证便民”行动"]),
        ("作为“一把手”工程抓细抓实", ["“一把手”工程"]),
        ("审判“四位一体”的纠纷调解平台", []),
        ("实现“事前、事中、事后”全覆盖", []),
        ("贯彻落实法治建设“一规划两纲要”,持续", []),
        ("坚持“有件必核,有错必纠”的原则,从源头", ["“有件必核,有错必纠”的原则"]),
        ("他说“今年很好,明年更好”。", []),
    ],
)
def test_pattern_mechanisms_quoted_formulas_slogans_and_campaigns(text, expected):
    assert names(rules_zh.pattern_mechanisms_quoted(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["消除社会保险执法体制机制的障碍", "贯穿人社事业改革发展全领域",
     "严格按照述法标准制度流程,将述法工作具体化"],
)
def test_pattern_mechanisms_heads_skip_head_compounds(text):
    assert rules_zh.pattern_mechanisms_heads(text) == []


def test_pattern_mechanisms_heads_in_a_run_in_heading():
    text = "(二)加强干部职工法治培训教育,严格落实理论学习中心组制度,定期安排专题学法。全年组织学习52次。\n"
    assert "理论学习中心组制度" in names(rules_zh.pattern_mechanisms_heads(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("及山西省委全面依法治省委员会《规定》", "山西省委全面依法治省委员会"),
        ("在中央全面依法治国委员会第一次会议上", "中央全面依法治国委员会"),
        ("每年按时向市法治政府建设领导小组报告", "市法治政府建设领导小组"),
        ("深入贯彻落实中央、市委法治建设部署", "中央"),
    ],
)
def test_pattern_partners_commissions_and_leading_groups(text, expected):
    found = [text[h.start:h.end] for h in rules_zh.pattern_partners(text)]
    assert expected in found


def test_pattern_partners_not_the_bureaus_own_leading_group():
    text = "担任局法治政府建设领导小组组长"
    assert not any("领导小组" in text[h.start:h.end] for h in rules_zh.pattern_partners(text))


@pytest.mark.parametrize(
    ("text", "place"),
    [("标 题:市中区人力资源和社会保障局2021年度", "市中区"), ("现将2020年度长治市人力资源和社会保障局", "长治市"),
     ("绍兴市上虞区人社局", "上虞区")],
)
def test_pattern_bureaus_reads_official_place_names(text, place):
    assert [h.name for h in rules_zh.pattern_bureaus(text)] == [place]


def test_pattern_partners_not_a_decree_number():
    text = "贯彻落实《上海市行政规范性文件管理规定》(市政府令第17号)"
    assert rules_zh.pattern_partners(text) == []


def test_pattern_bureaus_alias_introduction_is_not_a_place():
    text = "上海市人力资源和社会保障局(以下称市人社局)"
    assert [h.name for h in rules_zh.pattern_bureaus(text)] == ["上海市", ""]


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("中华人民共和国宪法", "constitution"),
        ("民法典", "national-law"),
        ("全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定", "national-law"),
        ("中国共产党巡视工作条例", "party-regulation"),
        ("中共中央办公厅国务院办公厅关于印发<法治政府建设与责任落实督察工作规定>的通知", "central-document"),
        ("保障农民工工资支付条例", "state-council-regulation"),
        ("国务院关于取消和下放一批行政许可事项的决定", "state-council-regulation"),
        ("人力资源和社会保障部关于印发<人力资源和社会保障法治建设实施纲要2016-2020年>的通知", "ministry-document"),
        ("河南省失业保险条例", "provincial-document"),
        ("杭州市社会保险费征缴办法", "municipal-document"),
        ("全市人力社保行政处罚裁量办法", "municipal-document"),
        ("丽水市缙云县社区矫正对象调整基本养老金待遇资格认定协作制度", "county-document"),
        ("2021年度市中区人社局工作要点", "county-document"),
        ("法治政府建设实施纲要(2015—2020年)", None),
    ],
)
def test_regulation_level_from_the_title(title, level):
    assert rules_zh.regulation_level(title) == level


@pytest.mark.parametrize("number", ["市政府令第17号", "沪府令35号", "国务院令第711号"])
def test_pattern_titles_decree_number_is_an_identifier_of_the_title(number):
    hits = rules_zh.pattern_titles(f"贯彻落实《上海市行政规范性文件管理规定》({number}),坚持")
    assert [h.identifiers for h in hits] == [[number]]


@pytest.mark.parametrize(("number", "level"), [
    ("国办发〔2019〕9号", "central-document"),
    ("厅字〔2019〕28号", "central-document"),
    ("国务院令第711号", "state-council-regulation"),
    ("人社部发〔2016〕82号", "ministry-document"),
    ("浙人社发〔2020〕15号", "provincial-document"),
    ("杭人社〔2019〕15号", "municipal-document"),
    ("No.28 [2019]", None),
])
def test_level_from_the_issuer_in_a_document_number(number, level):
    assert rules_zh.level_from_number(number) == level


@pytest.mark.parametrize("text", [
    "", "\n", "一、总体情况\n（二）主要做法。\n\n3.下一步\n正文一、不是标题", "正文\n一、标题", "　四、2020年工作安排",
    "(1)" + "长" * 50 + "\n", "(1)" + "长" * 50 + "。后文\n", "(1)" + "长" * 50 + "。　 \n", "(2)短句。 \t", "(2)短句。\r\n",
    "(3)一句。两句。\n", "（一）" + "长" * 39 + "。", "1." + "长" * 41 + "。",
])
def test_heading_lines_are_the_lines_the_heading_regex_matches(text: str):
    from legalkg.ingest.rules_zh import _HEADING_LINE, _heading_lines

    assert [m.span() for m in _heading_lines(text)] == [m.span() for m in _HEADING_LINE.finditer(text)]


@pytest.mark.parametrize("text", [
    "建立工作机制、责任制度和体制改革,推进制度改革与人事制度体系。", "法制审查、合法性审查、备案审查和被考核、权力清单。",
    "执法体制改革,执法体制机制,行政执法体制。", "落实负责制、承诺制、分账制、公示制、记录制、审核制和责任制。", "模式格局考核清单",
])
def test_mechanism_heads_are_found_where_the_head_regex_finds_them(text: str, sample_corpus):
    from legalkg.ingest.hits import finditer_from
    from legalkg.ingest.rules_zh import _MECH_HEAD, _MECH_HEAD_STARTS

    for each in (text, *(p.read_text(encoding="utf-8") for p in sorted(sample_corpus.glob("*-zh.txt")))):
        found = [m.span() for m in finditer_from(_MECH_HEAD, _MECH_HEAD_STARTS, each)]
        assert found == [m.span() for m in _MECH_HEAD.finditer(each)] and found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对重大行政决策、行政处罚等进行法制审查,确保合法。", "法制审查"),
        ("严格落实领导责任制,完善责任考核。", "领导责任制"),
        ("不断完善人社领域法治政府建设保障机制。", "法治政府建设保障机制"),
        ("三是建章立制完善执法监督体系。", "执法监督体系"),
        ("严格按照要求规范权责清单行使权力。", "权责清单"),
        ("将推进法治建设情况列入年度考核内容。", "年度考核"),
        ("就社会保险监督检查执法体制问题请示。", "社会保险监督检查执法体制"),
    ],
)
def test_pattern_mechanisms_heads_governance_heads(text, expected):
    assert expected in names(rules_zh.pattern_mechanisms_heads(text))


@pytest.mark.parametrize(
    "text",
    ["与法院建立协作机制。", "纳入机关事业单位干部职工考核。", "破解人力社保局政策法规体系建设难题。",
     "因政府机构改革,职能调整。", "推进国家治理体系和治理能力现代化。"],
)
def test_pattern_mechanisms_heads_reject_generic_or_personnel_phrases(text):
    assert names(rules_zh.pattern_mechanisms_heads(text)) == []


@pytest.mark.parametrize(("text", "place"), [("冠县人力资源和社会保障局2019年报告", "冠县"), ("。莘县人社局坚持依法行政", "莘县")])
def test_pattern_bureaus_two_character_county_standing_alone(text, place):
    assert [h.name for h in rules_zh.pattern_bureaus(text)] == [place]


@pytest.mark.parametrize(("text", "start", "expected"), [
    ("市司法局", 1, (0, "市")), ("县委办", 2, (0, "县委")), ("街道办事处", 2, (0, "街道")), ("的司法局", 1, (1, "")),
    ("杭州市司法局", 3, (0, "杭州市")), ("杭州司法局", 2, (0, "杭州")),
])
def test_place_prefix_reaches_over_a_level_word_or_the_reporters_place(text, start, expected):
    assert rules_zh.place_prefix(text, start, ("杭州市", "杭州")) == expected
