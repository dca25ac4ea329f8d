"""extract(): report-level facts, mentions with offsets, cross-language keys, the CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from legalkg.graph.cli import main
from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document
from legalkg.ingest.read import read_document


@pytest.fixture(scope="module")
def samples(sample_corpus: Path):
    return {p.name: extract(read_document(p)) for p in sorted(sample_corpus.glob("*.txt"))}


def keys(entities):
    return {e.key for e in entities}


def by_key(entities, key):
    return next(e for e in entities if e.key == key)


@pytest.mark.parametrize(
    ("name", "language", "year", "bureau"),
    [
        ("hangzhou-2019-zh.txt", "zh", 2019, "hangzhou-hrss"),
        ("hangzhou-2020-en.txt", "en", 2020, "hangzhou-hrss"),
        ("shangyu-2020-zh.txt", "zh", 2020, "shangyu-hrss"),
        ("jinyun-2024-zh.txt", "zh", 2024, "jinyun-hrss"),
        ("foshan-2020-zh.txt", "zh", 2020, "foshan-hrss"),
    ],
)
def test_extract_language_year_and_bureau(samples, name, language, year, bureau):
    x = samples[name]
    assert (x.language, x.year, x.bureau.key) == (language, year, bureau)


def test_extract_hangzhou_bureau_merges_across_languages(samples):
    zh, en = samples["hangzhou-2019-zh.txt"].bureau, samples["hangzhou-2020-en.txt"].bureau
    assert zh.key == en.key == "hangzhou-hrss"
    assert zh.labels["zh"] == "杭州市人力资源和社会保障局"
    assert zh.labels["en"] == en.labels["en"] == "Hangzhou Municipal Bureau of Human Resources and Social Security"
    assert "市人力社保局" in zh.aliases


def test_extract_reporting_bureau_is_not_a_partner(samples):
    for x in samples.values():
        assert x.bureau.key not in keys(x.partners)


@pytest.mark.parametrize(
    ("zh_name", "en_name", "key"),
    [
        ("保障农民工工资支付条例", "Regulations on Guaranteeing Wage Payment of Migrant Workers", "migrant-wage-regulations"),
        ("保障农民工工资支付条例", "Regulations on Ensuring Wage Payment for Migrant Workers", "migrant-wage-regulations"),
    ],
)
def test_extract_regulation_names_share_a_key_across_languages(zh_name, en_name, key):
    zh = extract(Document("a.txt", f"杭州市人力资源和社会保障局2020年法治政府建设报告\n贯彻《{zh_name}》。"))
    en = extract(Document("b.txt", f"Hangzhou Municipal Bureau of Human Resources and Social Security in 2020 "
                                   f"is reported as follows.\nWe enforced the {en_name}.\n"))
    assert keys(zh.regulations) == keys(en.regulations) == {key}


@pytest.mark.parametrize(
    "key",
    ["three-systems", "double-random-one-open", "legal-adviser", "internet-plus-supervision", "public-lawyer",
     "legality-review", "case-file-evaluation", "enforcement-criminal-linkage"],
)
def test_extract_mechanisms_named_in_both_hangzhou_reports_merge(samples, key):
    assert key in keys(samples["hangzhou-2019-zh.txt"].mechanisms)
    assert key in keys(samples["hangzhou-2020-en.txt"].mechanisms)


def test_extract_three_systems_has_three_narrower_mechanisms(samples):
    narrower = [e for e in samples["hangzhou-2019-zh.txt"].mechanisms if "three-systems" in e.broader]
    assert {e.key for e in narrower} == {"law-enforcement-publicity", "whole-process-recording",
                                          "legal-review-of-enforcement"}
    assert all(e.curated for e in narrower)


def test_extract_document_numbers_attach_to_their_titles(samples):
    zh = samples["hangzhou-2019-zh.txt"].regulations
    assert [e.identifiers for e in zh if "人社部发〔2016〕82号" in e.identifiers][0] == ["人社部发〔2016〕82号"]
    en = samples["hangzhou-2020-en.txt"].regulations
    assert any(e.label.startswith("Notice of the General Office") and e.identifiers == ["No.28 [2019]"] for e in en)


def test_extract_mentions_point_into_the_file_as_read_from_disk(samples, sample_corpus):
    """Offsets are checked against the file read here, not the Document the mention was cut
    from: the text there is a name the entity carries, trimmed, one mention per place, inside
    the mention's sentence (which sentence is checked by tests/test_golden.py)."""
    for name, x in samples.items():
        text = (sample_corpus / name).read_text(encoding="utf-8")
        for entity in [*x.entities(), x.bureau]:
            names = {entity.label, *entity.labels.values(), *entity.aliases}
            starts = [m.start for m in entity.mentions]
            assert entity is x.bureau or len(starts) == len(set(starts)), (name, entity.key)
            for m in entity.mentions:
                surface = text[m.start:m.end]
                assert surface and surface == surface.strip() and surface in names, (name, entity.key, m)
                assert m.sentence_start <= m.start < m.end <= m.sentence_end
                assert surface in text[m.sentence_start:m.sentence_end]


def test_extract_planned_mentions_sit_in_the_next_year_section(samples):
    x = samples["hangzhou-2019-zh.txt"]
    plan_start = x.document.text.index("四、2020年工作安排")
    statuses = {m.status == "planned": m.start >= plan_start for e in x.entities() for m in e.mentions}
    assert statuses == {True: True, False: False}
    public_lawyer = by_key(x.mechanisms, "public-lawyer")
    assert {m.status for m in public_lawyer.mentions} == {"planned"}


def test_extract_pattern_keys_agree_between_reports():
    a = extract(Document("a.txt", "成都市人社局2021年法治政府建设报告\n出台《成都市工伤认定办法》。"))
    b = extract(Document("b.txt", "武汉市人社局2022年法治政府建设报告\n学习《成都市 工伤认定办法》。"))
    assert [e.key for e in a.regulations] == [e.key for e in b.regulations] == ["成都市工伤认定办法"]


def test_extract_traditional_characters_resolve_like_simplified():
    x = extract(Document("t.txt", "杭州市人力資源和社會保障局2020年法治政府建設報告\n落實《保障農民工工資支付條例》和法律顧問制度。"))
    assert x.bureau.key == "hangzhou-hrss"
    assert [e.key for e in x.regulations] == ["migrant-wage-regulations"]
    assert x.regulations[0].mentions[0].text == "保障農民工工資支付條例"
    assert "legal-adviser" in keys(x.mechanisms)


def test_extract_long_document_in_chunks_keeps_offsets():
    """Numbered paragraphs, so that an offset left relative to its chunk points at another
    paragraph; the expected offsets are found here by a plain search of the text."""
    import re

    paras = [f"第{i}段：落实行政执法“三项制度”，推行“双随机、一公开”监管，配合市司法局开展工作。\n" for i in range(12000)]
    text = "成都市人力资源和社会保障局2021年法治政府建设报告\n" + "".join(paras)
    x = extract(Document("long.txt", text))
    mech = by_key(x.mechanisms, "three-systems")
    expected = [m.start() for m in re.finditer("行政执法“三项制度”", text)]
    assert len(expected) == 12000
    assert sorted(m.start for m in mech.mentions) == expected
    for m in mech.mentions[::997]:
        sentence = text[m.sentence_start:m.sentence_end]
        number = int(re.match(r"第(\d+)段", sentence).group(1))
        assert paras[number].startswith(sentence) and m.end - m.start == len("行政执法“三项制度”")


def test_extract_jieba_and_char_segmenters_agree(sample_corpus):
    doc = read_document(sample_corpus / "jinyun-2024-zh.txt")
    a, b = extract(doc, segmenter="char"), extract(doc, segmenter="jieba")
    assert [(e.key, len(e.mentions)) for e in a.entities()] == [(e.key, len(e.mentions)) for e in b.entities()]


def test_extract_spacy_doc_carries_the_spans():
    from legalkg.ingest.pipeline import SPAN_KEY, annotate

    [(offset, doc)] = annotate("落实行政执法“三项制度”和法律顾问制度。", "zh")
    assert offset == 0
    assert {(s.text, s.label_) for s in doc.spans[SPAN_KEY]} >= {("法律顾问制度", "mechanism")}
    assert all(s._.hit is not None for s in doc.spans[SPAN_KEY])


def test_cli_extract_json_has_the_gold_shape(sample_corpus, capsys):
    code = main(["extract", str(sample_corpus / "hangzhou-2019-zh.txt"), "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"doc", "language", "year", "bureau", "regulations", "mechanisms", "partners", "figures"}
    assert data["bureau"]["id"] == "https://w3id.org/legalkg/id/bureau/hangzhou-hrss"
    assert set(data["regulations"][0]) == {"id", "label", "aliases", "mentions"}
    assert "人社部发〔2016〕82号" in [a for r in data["regulations"] for a in r["aliases"]]


def test_cli_extract_table_names_the_bureau(sample_corpus, capsys):
    assert main(["extract", str(sample_corpus / "foshan-2020-zh.txt"), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "佛山市人力资源和社会保障局" in out and "mechanism" in out


def test_cli_extract_missing_file_is_one_error_line(tmp_path, capsys):
    code = main(["extract", str(tmp_path / "nope.txt"), "--format", "json"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and "nope.txt" in err


def test_installed_legalkg_extract_runs(sample_corpus):
    exe = shutil.which("legalkg") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "legalkg")
    proc = subprocess.run([exe, "extract", str(sample_corpus / "hangzhou-2020-en.txt"), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["year"] == 2020


def test_extract_cost_grows_linearly_with_text_length(sample_corpus):
    """A guard against quadratic overlap checks: four times the text costs about four times the
    CPU time, not sixteen (process CPU time, so a busy machine does not change the ratio; the
    throughput itself is measured by `legalkg bench`)."""
    import time

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(sample_corpus.glob("*-zh.txt"))) * 8
    quarter = text[: len(text) // 4]
    extract(Document("warm.txt", text[:20000]), segmenter="char")

    def cpu(sample: str) -> float:  # best of 3: extraction is fast enough that one run is noise
        times = []
        for _ in range(3):
            started = time.process_time()
            extract(Document("bench.txt", sample), segmenter="char")
            times.append(time.process_time() - started)
        return min(times)

    assert cpu(text) / cpu(quarter) < 8


def test_extract_regulation_levels_and_nested_titles_take_their_notices_level():
    from legalkg.ingest.extract import extract
    from legalkg.ingest.model import Document

    text = ("杭州市人力资源和社会保障局2019年法治政府建设年度报告。根据《中共中央办公厅国务院办公厅关于印发<法治政府建设与"
            "责任落实督察工作规定>的通知》要求，学习《中华人民共和国劳动合同法》《浙江省行政规范性文件管理办法》。")
    levels = {e.label: e.level for e in extract(Document("t.txt", text)).regulations}
    assert levels["法治政府建设与责任落实督察工作规定"] == "central-document"
    assert levels["中华人民共和国劳动合同法"] == "national-law"
    assert levels["浙江省行政规范性文件管理办法"] == "provincial-document"


def test_extract_places_the_bureau_in_its_division():
    from legalkg.ingest.extract import extract
    from legalkg.ingest.model import Document

    text = "- 索 引 号:370402/2022-00029\n市中区人力资源和社会保障局2021年度法治政府建设情况报告\n区人社局在区委领导下推进工作。"
    extraction = extract(Document("t.txt", text))
    assert extraction.place == "370402"
    assert extraction.bureau.key == "shizhong-370402-hrss"  # three districts are called 市中区


def test_extract_regulation_level_from_the_document_number_when_the_title_shows_none():
    from legalkg.ingest.extract import extract
    from legalkg.ingest.model import Document

    text = "杭州市人力资源和社会保障局2019年法治政府建设年度报告。根据《关于进一步做好稳就业工作的意见》（国办发〔2019〕28号）要求。"
    levels = {e.label: e.level for e in extract(Document("t.txt", text)).regulations}
    assert levels["关于进一步做好稳就业工作的意见"] == "central-document"


def test_same_thing_bound_never_falls_below_difflib_ratio(samples):
    """The cheap bound that lets extraction skip difflib must never be lower than the ratio it
    stands for, or near-duplicates would stop being folded."""
    import difflib
    import itertools

    from legalkg.ingest.extract import _Name, _similarity_bound

    entities = [e for x in samples.values() for e in (*x.regulations, *x.mechanisms)]
    names = [_Name.of(e) for e in entities][:120]
    pairs = list(itertools.permutations(names, 2))
    assert len(pairs) > 1000
    for a, b in pairs:
        assert _similarity_bound(a, b) >= difflib.SequenceMatcher(None, a.norm, b.norm).ratio()


def test_extract_every_plan_section_marks_its_mentions_planned_and_only_those():
    text = ("成都市人力资源和社会保障局2021年法治政府建设报告\n一、工作情况\n落实法律顾问制度。\n"
            "二、2022年工作安排\n推行行政执法公示制度。\n三、存在问题\n执法全过程记录制度落实不够。\n"
            "四、下一步工作计划\n推行重大执法决定法制审核制度。\n")
    x = extract(Document("plans.txt", text))
    status = {e.key: {m.status for m in e.mentions} for e in x.mechanisms}
    assert status["legal-adviser"] == {"done"} and status["whole-process-recording"] == {"done"}
    assert status["law-enforcement-publicity"] == {"planned"} and status["legal-review-of-enforcement"] == {"planned"}


def test_extract_a_mention_in_the_first_sentence_gets_that_whole_sentence():
    title = "成都市人力资源和社会保障局2021年法治政府建设报告"
    x = extract(Document("first.txt", f"{title}\n落实法律顾问制度。\n"))
    first = min((m for e in [x.bureau, *x.entities()] for m in e.mentions), key=lambda m: m.start)
    assert (first.start, first.sentence_start, first.sentence_end) == (0, 0, len(title))
