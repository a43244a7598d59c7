"""The segmenter on real layouts: unquoted payloads, nested quotes, three-level omnibus
decisions, repeals, annexes and appended texts.

The first half runs on small inline texts (one per rule of amend/decision/segment.py); the
second half reads every real decision in ../shared/decisions-dev and ../shared/corpus-dev and
skips when ../shared is absent.
"""

from __future__ import annotations

import json
import re

import pytest

from amend import ops
from amend.apply.target import canonical_title, section_for
from amend.decision.parser import _Locator, parse_decision, parse_draft
from amend.decision.segment import Layout, segment
from amend.normalise import normalise

HEAD = "上海市人民代表大会常务委员会关于修改《上海市甲条例》的决定\n上海市第十五届人民代表大会常务委员会第一次会议决定对《上海市甲条例》作如下修改：\n"


def layout(text: str) -> Layout:
    normalised = normalise(text)
    return segment(normalised.text, _Locator(normalised))


def bodies(lay: Layout) -> list[tuple[str | None, str | None, str]]:
    return [(seg.section, seg.number, lay.body(seg).rstrip("\n")) for seg in lay.items]


def codes(lay_or_decision) -> list[str]:
    return [w.code for w in lay_or_decision.warnings]


# ------------------------------------------------------------------ rule 1: unquoted payloads

def test_unquoted_payload_on_the_next_lines_ends_at_the_next_operation():
    """"七、将第十七条第二款修改为：" + text, "增加一款，作为第三款：" + text, "将第三款改为第四款，
    并修改为：" + text, all in one item; each text is quoted up to the next operation."""
    text = HEAD + ("一、将第十七条第二款修改为：\n甲乙丙。\n增加一款，作为第三款：\n丁戊己。\n"
                   "将第三款改为第四款，并修改为：\n庚辛。\n壬癸。\n二、删去第十八条。\n")
    decision = parse_decision(text)
    first, second = decision.items
    replace, add, replace2 = first.ops
    assert replace.text.paragraphs == ("甲乙丙。",)
    assert isinstance(add, ops.AddParagraphs) and add.text.paragraphs == ("丁戊己。",)
    assert replace2.text.paragraphs == ("庚辛。", "壬癸。")  # several lines: one payload
    assert isinstance(second.ops[0], ops.Delete)
    assert codes(decision).count("unquoted-payload") == 3


def test_unquoted_payload_keeps_numbered_paragraphs():
    """"将第十条第一款第一项修改为两项，作为第一项、第二项：" then "（一）…" "（二）…" lines: new
    text, not items."""
    text = HEAD + "一、将第二十八条修改为：\n有下列情形之一的，不予登记：\n（一）甲；\n（二）乙。\n二、删去第三条。\n"
    decision = parse_decision(text)
    assert decision.items[0].ops[0].text.paragraphs == ("有下列情形之一的，不予登记：", "（一）甲；", "（二）乙。")
    assert [item.number for item in decision.items] == ["一", "二"]


def test_item_with_an_unknown_verb_is_not_swallowed_by_the_payload_before_it():
    """"四、将第十一条增加一款作为第四款：" (a form the clause grammar may not know) still starts
    item 四: the payload of item 三 ends before it."""
    lay = layout(HEAD + "三、将第十条修改为：\n甲。\n四、将第十一条增加一款作为第四款：\n乙。\n")
    assert [seg.number for seg in lay.items] == ["三", "四"]
    assert bodies(lay)[0][2] == "将第十条修改为：\n“甲。”"


def test_unquoted_payload_on_the_same_line_is_quoted_with_a_warning():
    """"增加一条，作为第十三条：对正在开展…" (no quotes, same line)."""
    text = HEAD + "一、增加一条，作为第十三条：对正在开展临床试验的药物，可以使用。\n二、删去第三条。\n"
    decision = parse_decision(text)
    add = decision.items[0].ops[0]
    assert isinstance(add, ops.AddArticles) and add.text.paragraphs == ("对正在开展临床试验的药物，可以使用。",)
    warning = next(w for w in decision.warnings if w.code == "unquoted-payload")
    assert "冒号后" in warning.message and "colon" in warning.message


def test_wrong_quote_marks_are_not_read_as_unquoted_text():
    """一、将第三条修改为："…" (ASCII quotes) stays an error, not a silently quoted payload."""
    lay = layout(HEAD + '一、将第三条修改为："热经营企业应当依法经营。"\n')
    assert "unquoted-payload" not in codes(lay)


# ------------------------------------------------------------------ rule 2: nested quotes

def test_inner_quotes_nest_inside_a_payload():
    """“…坚持以…、“三个代表”重要思想…” does not close at the inner ”; a quote running over several
    lines with an inner quote on its first line stays one item."""
    text = HEAD + ("一、增加一条，作为第二条：“本条例所称“甲”，是指：\n（一）乙；\n（二）丙。”\n"
                   "二、增加一条，作为第三条：“坚持以“三个代表”重要思想为指导。”\n三、删去第九条。\n")
    lay = layout(text)
    assert [seg.number for seg in lay.items] == ["一", "二", "三"]
    assert bodies(lay)[0][2].endswith("（二）丙。”")
    assert "unclosed-quote" not in codes(lay)


def test_npc_paragraph_quotes_do_not_nest():
    """“甲\\n“乙\\n“丙” (every paragraph opens, the last closes) is one quote."""
    lay = layout(HEAD + "一、将第二条修改为：“甲。\n“乙。\n“丙。”\n二、删去第九条。\n")
    assert [seg.number for seg in lay.items] == ["一", "二"]
    assert codes(lay) == []


def test_stray_inner_quote_before_the_next_item_is_not_nesting():
    """一、将第三条中的“甲修改为“乙”。 then the next item: read as one quote (no repair)."""
    lay = layout(HEAD + "一、将第三条中的“甲修改为“乙”。\n二、删去第五条。\n")
    assert [seg.number for seg in lay.items] == ["一", "二"]
    assert "unclosed-quote" not in codes(lay)


# ------------------------------------------------------------------ rule 3: omnibus layouts

OMNIBUS = ("上海市人民代表大会常务委员会关于修改《上海市甲条例》等2件地方性法规和废止《上海市丙规定》的决定\n"
           "上海市第十五届人民代表大会常务委员会第四十五次会议决定：\n"
           "一、修改《上海市甲条例》等2件地方性法规\n"
           "（一）对《上海市甲条例》的修改\n"
           "1.将第二条第二款修改为：\n新的第二款。\n"
           "2.其他修改：\n将第十六条中的“甲”修改为“乙”。\n"
           "（二）对《上海市乙条例》的修改\n"
           "3.删去第二十八条第一款。\n"
           "4.对部分条文作以下修改：\n（1）删去第九条。\n（2）删去第十条。\n"
           "此外，对条文顺序作相应调整。\n"
           "《上海市甲条例》《上海市乙条例》根据本决定作相应修正后，重新公布。\n"
           "二、废止2005年6月16日上海市第十二届人民代表大会常务委员会第二十次会议通过的《上海市丙规定》。\n"
           "本决定自2022年10月28日起施行。\n")


def test_three_level_omnibus_sections_and_items():
    decision = parse_decision(OMNIBUS)
    assert [(s.number, s.target) for s in decision.sections] == [
        ("一（一）", "上海市甲条例"), ("一（二）", "上海市乙条例"), ("二", "上海市丙规定")]
    assert [(item.section, item.number) for item in decision.items] == [
        ("一（一）", "1"), ("一（一）", "2"), ("一（二）", "3"), ("一（二）", "4（1）"),
        ("一（二）", "4（2）"), (None, None), (None, None), ("二", "二"), (None, None)]
    assert isinstance(decision.items[1].ops[0], ops.Substitute)  # 其他修改： is a lead-in
    assert "item-number" not in codes(decision)
    assert section_for(decision, "上海市乙条例") == "一（二）"
    assert decision.formula.endswith("会议决定：")


def test_npc_omnibus_section_heads_with_zuochu_xiugai():
    text = ("全国人民代表大会常务委员会关于修改《中华人民共和国甲法》等二部法律的决定\n"
            "第十三届全国人民代表大会常务委员会第二十八次会议决定：\n"
            "一、对《中华人民共和国甲法》作出修改\n将第二十条第一款修改为：“甲。”\n"
            "二、对《中华人民共和国乙法》作出修改\n（一）删去第十五条。\n（二）删去第三十四条。\n"
            "本决定自公布之日起施行。\n")
    decision = parse_decision(text)
    assert [s.number for s in decision.sections] == ["一", "二"]
    assert [(item.section, item.number) for item in decision.items] == [
        ("一", None), ("二", "一"), ("二", "二"), (None, None)]
    assert section_for(decision, "乙法") == "二"


STATE_COUNCIL = ("国务院关于修改和废止部分行政法规的决定\n"
                 "为此，国务院决定：\n"
                 "一、对2部行政法规的部分条款予以修改。（附件1）\n"
                 "二、对2部行政法规予以废止。（附件2）本决定自2022年5月1日起施行。\n"
                 "附件：1．国务院决定修改的行政法规\n2．国务院决定废止的行政法规\n"
                 "附件1\n国务院决定修改的行政法规\n"
                 "一、将《甲管理规定》第二条修改为“甲。”\n删去第九条。\n"
                 "二、删去《中华人民共和国乙条例》第三十七条。\n"
                 "此外，对条文顺序作相应调整。\n"
                 "附件2\n国务院决定废止的行政法规\n"
                 "一、丙暂行规定（1986年1月8日国务院发布）\n二、丁条例（2005年1月10日中华人民共和国国务院令第431号公布）\n")


def test_state_council_items_naming_their_regulation_are_sections():
    decision = parse_decision(STATE_COUNCIL)
    assert [(s.number, s.target) for s in decision.sections] == [
        ("一", "甲管理规定"), ("二", "中华人民共和国乙条例"), ("附件2/一", "丙暂行规定"),
        ("附件2/二", "丁条例")]
    assert section_for(decision, "乙条例") == "二"
    assert decision.dates.in_force is not None  # "（附件2）本决定自…施行。" is read
    repeals = [op for op in decision.operations if isinstance(op, ops.NonTextual)]
    assert [op.kind for op in repeals] == ["repeal", "repeal"]
    assert [op.targets[0].law for op in repeals] == ["丙暂行规定", "丁条例"]


# ------------------------------------------------------------------ rule 4: repeal

def test_repeal_only_decision():
    text = ("上海市人民代表大会常务委员会关于废止《上海市甲规定》的决定\n"
            "上海市第十五届人民代表大会常务委员会第二十八次会议决定：\n"
            "废止上海市第十二届人民代表大会常务委员会第十八次会议于2005年2月24日通过的《上海市甲规定》。\n"
            "本决定自2021年1月1日起施行。\n")
    decision = parse_decision(text)
    repeal = decision.items[0].ops[0]
    assert isinstance(repeal, ops.NonTextual) and repeal.kind == "repeal"
    assert repeal.targets[0].law == "上海市甲规定" and repeal.targets[0].scope == "document"
    assert decision.targets == ("上海市甲规定",)
    assert decision.sections == ()


def test_repeal_after_a_basis_clause():
    """"二、根据…《关于修改〈…〉的决定》相关规定，废止…的《上海市丁规定》，相关工作…": the repealed
    document is the title after 废止."""
    text = OMNIBUS.replace("二、废止2005年6月16日上海市第十二届人民代表大会常务委员会第二十次会议通过的《上海市丙规定》。",
                           "二、根据《关于修改〈中华人民共和国组织法〉的决定》相关规定，废止…修正的《上海市丙规定》，相关工作由市人民政府执行。")
    decision = parse_decision(text)
    repeal = next(op for op in decision.operations if isinstance(op, ops.NonTextual))
    assert [ref.law for ref in repeal.targets] == ["上海市丙规定"]


# ------------------------------------------------------------------ rule 5: appended text

def test_text_appended_after_the_decision_is_not_read():
    text = HEAD + ("一、删去第三条。\n根据本决定，对《上海市甲条例》作相应修改后，重新公布。\n附\n"
                   "上海市甲条例\n（2009年10月12日通过）\n第一条 为了规范……，制定本条例。\n")
    decision = parse_decision(text)
    assert len(decision.items) == 2
    assert "appendix" in codes(decision)


# ------------------------------------------------------------------ real decisions

def _cases(root):
    return sorted(p for p in root.iterdir() if (p / "decision.md").is_file())


def _read(path):
    text = path.read_text(encoding="utf-8")
    normalised = normalise(text)
    return text, segment(normalised.text, _Locator(normalised))


def test_every_real_decision_segments(decisions_dev, corpus_dev):
    """No crash, no "no amendment items" error, no doubled quote from a repair, and every item
    of an omnibus decision with sections bound to a section or to the whole decision."""
    files = [p / "decision.md" for p in _cases(decisions_dev)] + sorted(corpus_dev.glob("*/decision-*.md"))
    for path in files:
        text, lay = _read(path)
        decision, errors = parse_draft(text)
        assert decision is not None, f"{path}: {errors[0]}"
        for seg in lay.items:
            assert "””" not in lay.body(seg), f"{path}: doubled quote in item {seg.number}"
        keys = {key for key, _, _ in lay.sections}
        assert all(seg.section is None or seg.section in keys or not keys for seg in lay.items), path


def _triples(case):
    return json.loads((case / "source.json").read_text(encoding="utf-8"))["triples"]


def test_sections_are_bound_to_the_right_law(decisions_dev):
    """Each triple's law finds its section (select() → section_for()); where source.json gives
    the decision_region, the section is the one whose item starts there."""
    checked = 0
    for case in _cases(decisions_dev):
        triples = _triples(case)
        if len(triples) < 2:
            continue
        decision, _ = parse_draft((case / "decision.md").read_text(encoding="utf-8"))
        for triple in triples:
            law = re.sub(r"\s*\(.*\)$", "", triple["law"])
            number = section_for(decision, law)
            section = next(s for s in decision.sections if s.number == number)
            assert canonical_title(section.target) == canonical_title(law), (case.name, law, number)
            region = (triple.get("decision_region") or {}).get("start", "")
            if m := re.match(r"([一二三四五六七八九十]+)、将|([一二三四五六七八九十]+)、删去", region):
                assert number == (m.group(1) or m.group(2)), (case.name, law, number)
            checked += 1
    assert checked >= 40


def _case(decisions_dev, name):
    path = decisions_dev / name / "decision.md"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return _read(path)


def test_shanghai_unquoted_payloads(decisions_dev):
    _, lay = _case(decisions_dev, "上海-人口与计划生育条例-2021-11-25")
    numbers = [seg.number for seg in lay.items if seg.number]
    assert numbers[:20] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
                            "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
    seventh = lay.body(lay.items[6])
    assert seventh.count("：\n“") == 3 and seventh.count("”") == 3


def test_shanghai_article_lines_stay_in_their_payload(decisions_dev):
    """"5.将第七条修改为两条，作为第七条、第八条：" then "第七条…" "（一）…" "第八条…" lines."""
    _, lay = _case(decisions_dev, "上海-出版物发行管理条例等3件-2021-08-25")
    fifth = next(seg for seg in lay.items if seg.section == "一" and seg.number == "5")
    body = lay.body(fifth)
    assert "第七条从事出版物批发业务" in body and "第八条从事出版物零售业务" in body
    assert body.rstrip().endswith("”") and "删去第八条" not in body


def test_shanghai_same_line_payloads(decisions_dev):
    _, lay = _case(decisions_dev, "上海-浦东张江生物医药规定等2件-2025-04-29")
    first = lay.body(lay.items[0])
    assert first.startswith("增加一条，作为第十三条：“对正在开展") and first.rstrip().endswith("”")
    assert codes(lay).count("unquoted-payload") == 4


def test_nested_quotes_in_real_payloads(decisions_dev):
    _, lay = _case(decisions_dev, "上海-浦东知识产权保护规定等2件-2025-11-26")
    second = next(seg for seg in lay.items if seg.section == "一" and seg.number == "2")
    assert "伴有如“种”“型”“式”“类”“风格”等之类表述；" in lay.body(second)
    assert "（八）伪造地理标志专用标志。”" in lay.body(second)


def test_repeals_in_real_decisions(decisions_dev):
    for name, title in (("上海-废止机动车道路交通事故赔偿责任若干规定-2020-12-30", "上海市机动车道路交通事故赔偿责任若干规定"),
                        ("上海-市民体育健身条例等4件及废止酒类条例-2025-11-26", "上海市酒类商品产销管理条例")):
        path = decisions_dev / name / "decision.md"
        if not path.is_file():
            continue
        decision, _ = parse_draft(path.read_text(encoding="utf-8"))
        repeals = [op for op in decision.operations
                   if isinstance(op, ops.NonTextual) and op.kind == "repeal"]
        assert [ref.law for op in repeals for ref in op.targets] == [title], name


def test_appended_republished_text_is_not_read(decisions_dev):
    text, lay = _case(decisions_dev, "妨害信用卡解释-2018-11-28")
    assert lay.appendix is not None and "appendix" in codes(lay)
    decision, errors = parse_draft(text)
    assert errors == () and decision.items[-1].ops[0].__class__ is ops.Republication
