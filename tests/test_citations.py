"""Tests for ``amend.apply.citations``: cross-references inside the text of a law.

Table tests for each drafting rule (explicit forms, anchors, relative forms, lists and ranges,
external instruments, non-citations, labels); hypothesis properties over generated sentences
(numbers, spans, ``label`` round trips, renumbering by span replacement) and over arbitrary text
(never raises, spans exact); and a sanity sweep over ../shared/corpus-dev (skips when absent).
"""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from amend.apply.citations import Citation, Cited, find_citations, label
from amend.numerals import article_label, int_to_cn

SETTINGS = settings(max_examples=300, deadline=None)
LEVELS = ("part", "chapter", "section", "article", "paragraph", "item", "subitem")


def numbers(element: Cited) -> dict:
    """The levels an element carries, for compact comparisons."""
    return {level: value for level in LEVELS if (value := getattr(element, level)) is not None}


def only(text: str) -> Citation:
    citations = find_citations(text)
    assert len(citations) == 1, citations
    return citations[0]


def assert_spans(text: str, citations) -> None:
    previous_end = 0
    for citation in citations:
        assert text[citation.start:citation.end] == citation.written
        assert citation.start >= previous_end
        previous_end = citation.end
        element_end = citation.start
        for element in citation.elements:
            assert text[element.start:element.end] == element.written
            assert element.start >= element_end and element.end <= citation.end
            element_end = element.end


# ---- explicit forms -------------------------------------------------------------------------


def test_article_with_law_prefix():
    text = "违反本条例第十九条规定的"
    c = only(text)
    assert (c.written, c.law, c.external, c.relative) == ("本条例第十九条", "本条例", False, None)
    (e,) = c.elements
    assert (e.written, e.article, e.anchor) == ("第十九条", (19, 0), "explicit")
    assert text[e.start:e.end] == "第十九条"


@pytest.mark.parametrize("text, written, expected", [
    ("依照第一百二十条之一的规定", "第一百二十条之一", {"article": (120, 1)}),
    ("第一百二十条之一", "第一百二十条之一", {"article": (120, 1)}),
    ("违反本法第十四条第二款规定", "第十四条第二款", {"article": (14, 0), "paragraph": 2}),
    ("本法第十四条第二款第三项规定", "第十四条第二款第三项",
     {"article": (14, 0), "paragraph": 2, "item": 3}),
    ("依照民事诉讼法第二百六十七条第八项规定公告送达", "第二百六十七条第八项",
     {"article": (267, 0), "item": 8}),
    ("依照本法第一百二十条之一第二款的规定", "第一百二十条之一第二款",
     {"article": (120, 1), "paragraph": 2}),
    ("属于本解释第五条第一项第二目规定", "第五条第一项第二目",
     {"article": (5, 0), "item": 1, "subitem": 2}),
    ("依照本法第二百零五条的规定", "第二百零五条", {"article": (205, 0)}),
    ("依照本法第一百一十条的规定", "第一百一十条", {"article": (110, 0)}),
    ("依照本法第一百十条的规定", "第一百十条", {"article": (110, 0)}),
    ("依照本法第一百零五条的规定", "第一百零五条", {"article": (105, 0)}),
])
def test_explicit_provisions(text, written, expected):
    (e,) = only(text).elements
    assert e.written == written and numbers(e) == expected and e.anchor == "explicit"


@pytest.mark.parametrize("text, written, expected, anchor", [
    ("本法第五章规定的程序", "第五章", {"chapter": 5}, "explicit"),
    ("认为规范性文件存在本条例第三章第三节规定情形", "第三章第三节", {"chapter": 3, "section": 3},
     "explicit"),
    ("根据民法典第七编第七章的规定", "第七编第七章", {"part": 7, "chapter": 7}, "explicit"),
    ("适用本章第一节的规定", "第一节", {"section": 1}, "this_chapter"),
    ("依照第二节的规定", "第二节", {"section": 2}, "this_chapter"),
])
def test_divisions(text, written, expected, anchor):
    (e,) = only(text).elements
    assert (e.written, numbers(e), e.anchor) == (written, expected, anchor)


@pytest.mark.parametrize("text, expected", [
    ("依照专利法第二十四条第(一)项所称", {"article": (24, 0), "item": 1}),
    ("公司因前款第（一）项规定的情形", {"item": 1}),
])
def test_bracketed_item_numbers(text, expected):
    (e,) = only(text).elements
    assert numbers(e) == expected
    assert label(e) == e.written


# ---- anchors --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, written, anchor, expected", [
    ("依照第二款的规定处罚", "第二款", "this_article", {"paragraph": 2}),
    ("依照本条第二款的规定处罚", "本条第二款", "this_article", {"paragraph": 2}),
    ("有第三项情形的", "第三项", "this_paragraph", {"item": 3}),
    ("有本款第三项情形的", "本款第三项", "this_paragraph", {"item": 3}),
    ("依照前款第二项规定", "前款第二项", "previous_paragraph", {"item": 2}),
    ("有前款规定的第三项情形", "前款规定的第三项", "previous_paragraph", {"item": 3}),
    ("有前款所列第四项行为", "前款所列第四项", "previous_paragraph", {"item": 4}),
    ("依照前条第二款处理", "前条第二款", "previous_article", {"paragraph": 2}),
    ("符合本条第二款第一项规定", "本条第二款第一项", "this_article", {"paragraph": 2, "item": 1}),
    ("有前项第二目情形", "前项第二目", "previous_item", {"subitem": 2}),
    ("有第二目情形", "第二目", "this_item", {"subitem": 2}),
])
def test_anchors(text, written, anchor, expected):
    c = only(text)
    assert c.written == written and c.law is None and not c.external
    (e,) = c.elements
    assert e.anchor == anchor and numbers(e) == expected
    assert e.written == written[-len(e.written):]


def test_division_word_before_an_article_is_only_context():
    c = only("资助实施本章第一百零二条、第一百零三条规定之罪的")
    assert c.written == "本章第一百零二条、第一百零三条"
    assert [(e.article, e.anchor) for e in c.elements] == [((102, 0), "explicit"),
                                                            ((103, 0), "explicit")]


# ---- pure relative forms --------------------------------------------------------------------


@pytest.mark.parametrize("text, written, relative, count", [
    ("依照前款规定处罚", "前款", "previous_paragraph", 1),
    ("单位犯前两款罪的", "前两款", "previous_paragraph", 2),
    ("依照前三款的规定从重处罚", "前三款", "previous_paragraph", 3),
    ("依照前两条规定另行委托辩护人", "前两条", "previous_article", 2),
    ("人民法院依据前条规定受理", "前条", "previous_article", 1),
    ("不计算在本条规定的期间内", "本条", "this_article", 1),
    ("不受本款规定的限制", "本款", "this_paragraph", 1),
    ("本项规定的案件", "本项", "this_item", 1),
    ("或者允许他人使用以前项手段获取的", "前项", "previous_item", 1),
    ("适用上一款的规定", "上一款", "previous_paragraph", 1),
    ("依照上款规定", "上款", "previous_paragraph", 1),
    ("依照下一条的规定", "下一条", "next_article", 1),
    ("依照下一款的规定", "下一款", "next_paragraph", 1),
    ("除适用本条前两款的规定外", "本条前两款", "previous_paragraph", 2),
])
def test_relative_forms(text, written, relative, count):
    c = only(text)
    assert (c.written, c.relative, c.count, c.elements) == (written, relative, count, ())
    assert text[c.start:c.end] == written and not c.external


def test_relative_word_after_which_no_element_follows():
    (c,) = find_citations("前两款规定的第三人，因不能归责于本人的事由未参加诉讼")
    assert (c.written, c.relative, c.count) == ("前两款", "previous_paragraph", 2)


@pytest.mark.parametrize("text", [
    "为了规范会计行为，制定本法。",
    "本条例自2021年1月1日起施行。",
    "本章所称战时，是指国家宣布进入战争状态",
    "本节没有规定的，适用本章的规定",
    "员工应当具备下列基本条件：",
    "劳动合同应当具备以下条款：",
    "公司章程另有规定的除外；本章程自通过之日起生效",
    "对同一项实用新型或者外观设计专利权",
    "依照各该条的规定处罚；该项表决由出席会议的其他股东所持表决权通过",
    "支付拖欠的款项和利息",
    "目前项目进展顺利",
])
def test_words_that_are_not_references(text):
    assert find_citations(text) == ()


# ---- lists and ranges -----------------------------------------------------------------------


def test_list_of_articles_with_paragraphs():
    text = "有本法第十七条、第十八条第一款、第十九条规定情形之一的"
    c = only(text)
    assert c.written == "本法第十七条、第十八条第一款、第十九条" and c.law == "本法"
    assert [numbers(e) for e in c.elements] == [
        {"article": (17, 0)}, {"article": (18, 0), "paragraph": 1}, {"article": (19, 0)}]
    assert [e.written for e in c.elements] == ["第十七条", "第十八条第一款", "第十九条"]
    assert_spans(text, (c,))


def test_paragraphs_of_one_article_inherit_it():
    c = only("依照本法第十三条第一款、第二款的规定")
    assert [numbers(e) for e in c.elements] == [{"article": (13, 0), "paragraph": 1},
                                                 {"article": (13, 0), "paragraph": 2}]
    assert [e.anchor for e in c.elements] == ["explicit", "explicit"]
    assert c.elements[1].written == "第二款" and label(c.elements[1]) == "第二款"


def test_items_inherit_article_and_paragraph():
    c = only("第二十条第一款第二项、第三项")
    assert [numbers(e) for e in c.elements] == [
        {"article": (20, 0), "paragraph": 1, "item": 2},
        {"article": (20, 0), "paragraph": 1, "item": 3}]


def test_anchored_list_shares_its_anchor():
    c = only("本条第二款、第三款规定的期限")
    assert c.written == "本条第二款、第三款"
    assert [(e.paragraph, e.anchor) for e in c.elements] == [(2, "this_article"),
                                                             (3, "this_article")]
    c = only("公司因前款第（三）项、第（五）项、第（六）项规定的情形")
    assert [(e.item, e.anchor) for e in c.elements] == [
        (3, "previous_paragraph"), (5, "previous_paragraph"), (6, "previous_paragraph")]


def test_a_higher_element_stands_alone():
    c = only("依照本法第二十条第一款、第二十一条的规定")
    assert [numbers(e) for e in c.elements] == [{"article": (20, 0), "paragraph": 1},
                                                 {"article": (21, 0)}]


@pytest.mark.parametrize("text, first, last", [
    ("第二十条至第二十三条", {"article": (20, 0)}, {"article": (23, 0)}),
    ("依照前款第一项到第三项的规定", {"item": 1}, {"item": 3}),
    ("本法第三十一条第一项至第四项", {"article": (31, 0), "item": 1},
     {"article": (31, 0), "item": 4}),
])
def test_ranges(text, first, last):
    c = only(text)
    a, b = c.elements
    assert (numbers(a), numbers(b)) == (first, last)
    assert (a.range_end, b.range_end) == (False, True)


@pytest.mark.parametrize("joiner", ["、", "和", "及", "以及", "或者", "或", "与"])
def test_every_joiner(joiner):
    c = only(f"依照本法第十条{joiner}第十一条的规定")
    assert [e.article for e in c.elements] == [(10, 0), (11, 0)]
    assert not any(e.range_end for e in c.elements)


def test_mixed_list_and_range():
    text = "载明本法第六十七条第一款第一项至第六项、第八项、第九项规定的事项"
    c = only(text)
    assert [(e.item, e.range_end) for e in c.elements] == [(1, False), (6, True), (8, False),
                                                           (9, False)]
    assert {e.article for e in c.elements} == {(67, 0)}
    assert {e.paragraph for e in c.elements} == {1}


@pytest.mark.parametrize("text, written, expected", [
    ("有本条例第二十一条第一款第(一)、(二)、(三)项所列行为",
     ["第二十一条第一款第(一)", "(二)", "(三)"],
     [{"article": (21, 0), "paragraph": 1, "item": n} for n in (1, 2, 3)]),
    ("有前款第（一）、（三）项行为之一的", ["第（一）", "（三）"], [{"item": 1}, {"item": 3}]),
    ("依照第一、二款的规定", ["第一", "二"], [{"paragraph": 1}, {"paragraph": 2}]),
    ("本法第三至五条", ["第三", "五"], [{"article": (3, 0)}, {"article": (5, 0)}]),
])
def test_one_unit_shared_by_several_numbers(text, written, expected):
    c = only(text)
    assert [e.written for e in c.elements] == written
    assert [numbers(e) for e in c.elements] == expected
    assert text[c.end - 1] in "条款项"  # the shared unit ends the citation, in no element
    assert replace_elements(text, (c,), label) == text
    assert_spans(text, (c,))


def test_shared_unit_after_an_anchor_and_in_a_list():
    c = only("有前款第（一）、（三）项行为之一的")
    assert {e.anchor for e in c.elements} == {"previous_paragraph"}
    c = only("依照本法第二条第一至三项和第五条的规定")
    assert [(numbers(e), e.range_end) for e in c.elements] == [
        ({"article": (2, 0), "item": 1}, False), ({"article": (2, 0), "item": 3}, True),
        ({"article": (5, 0)}, False)]
    (first, _, _) = c.elements
    assert label(attrs.evolve(first, article=(4, 0))) == "第四条第一"
    assert find_citations("报请复核的报告，第一、二审裁判文书") == ()


def test_a_new_prefix_starts_a_new_citation():
    text = "不符合专利法第十九条第一款或者本细则第三十三条规定的"
    external, internal = find_citations(text)
    assert (external.written, external.external, external.law) == (
        "专利法第十九条第一款", True, "专利法")
    assert (internal.written, internal.external, internal.law) == ("本细则第三十三条", False, "本细则")


def test_joiner_not_followed_by_an_element_ends_the_list():
    c = only("依照第十条和第三人的约定")
    assert c.written == "第十条"


# ---- external instruments -------------------------------------------------------------------


def test_book_title_makes_the_list_external():
    text = "适用《中华人民共和国行政处罚法》第三十二条和第三十三条的规定"
    c = only(text)
    assert c.external and c.law == "《中华人民共和国行政处罚法》"
    assert c.written == "《中华人民共和国行政处罚法》第三十二条和第三十三条"
    assert [e.article for e in c.elements] == [(32, 0), (33, 0)]


@pytest.mark.parametrize("text, law, written", [
    ("依照刑法第二百六十六条的规定定罪处罚", "刑法", "刑法第二百六十六条"),
    ("人民法院应当依照民事诉讼法第一百一十九条规定", "民事诉讼法", "民事诉讼法第一百一十九条"),
    ("应当认定为刑法第一百七十六条规定的", "刑法", "刑法第一百七十六条"),
    ("不适用民法典第五百条的规定", "民法典", "民法典第五百条"),
    ("依照中华人民共和国刑法第十条", "中华人民共和国刑法", "中华人民共和国刑法第十条"),
    ("依照香港特别行政区基本法第十八条", "香港特别行政区基本法", "香港特别行政区基本法第十八条"),
    ("应当同时依照民法通则第二十一条第一款的规定", "民法通则", "民法通则第二十一条第一款"),
    ("侵犯知识产权案（刑法分则第三章第七节规定的）", "刑法分则", "刑法分则第三章第七节"),
    ("可以指定该法第十六条第四款规定的", "该法", "该法第十六条第四款"),
    ("依照同法第二十条", "同法", "同法第二十条"),
    ("本条例实施细则第三条另有规定的", "本条例实施细则", "本条例实施细则第三条"),
])
def test_bare_and_anaphoric_law_names(text, law, written):
    c = only(text)
    assert (c.external, c.law, c.written) == (True, law, written)


def test_internal_again_after_an_external_citation():
    text = "依照刑法第二百六十六条的规定，并依照本法第十条处理"
    external, internal = find_citations(text)
    assert external.external and not internal.external
    assert internal.law == "本法" and internal.elements[0].article == (10, 0)


def test_bare_article_in_the_sentence_of_an_external_one_continues_it():
    text = ("有刑事诉讼法第二百二十七条规定的情形之一，或者违反第二百二十八条规定的，应当裁定撤销原判。"
            "依照第五条处理")
    _, second, third = find_citations(text)
    assert (second.written, second.external, second.law) == ("第二百二十八条", True, "刑事诉讼法")
    assert (third.written, third.external, third.law) == ("第五条", False, None)


def test_paragraph_after_an_external_citation_stays_internal():
    text = "专利法第二十一条和第二十二条中所称的公布是指本条第一款所规定的公布"
    external, internal = find_citations(text)
    assert external.external and [e.article for e in external.elements] == [(21, 0), (22, 0)]
    assert not internal.external and internal.elements[0].anchor == "this_article"


@pytest.mark.parametrize("text, law", [
    ("依照本法第十条", "本法"), ("依照本条例第十条", "本条例"), ("依照本规定第十条", "本规定"),
    ("依照本办法第十条", "本办法"), ("依照本细则第十条", "本细则"), ("依照本解释第十条", "本解释"),
    ("依照本决定第十条", "本决定"), ("依照本规则第十条", "本规则"), ("依照本章程第十条", "本章程"),
    ("依照本实施细则第十条", "本实施细则"), ("依照本法总则第四章第八节", "本法总则"),
])
def test_this_instrument(text, law):
    c = only(text)
    assert (c.law, c.external) == (law, False)


# ---- not citations --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "第十三届全国人民代表大会常务委员会第三次会议通过",
    "适用第二审程序",
    "第三人参加诉讼",
    "第一季度统计报告",
    "国务院令第588号",
    "第一百零五个",
    "第一次修正",
    "《全国人民代表大会常务委员会关于〈中华人民共和国刑法〉第九十三条第二款的解释》",
    "1991年6月29日 第七届全国人民代表大会常务委员会第二十次会议《关于修改<中华人民共和国文物保护法>第三十条",
    "第五条 ",
    "第二章　总则",
    "第一百二十条之一 资助恐怖活动组织的",
    "第一分编 通则",
])
def test_not_citations(text):
    assert find_citations(text) == ()


def test_label_at_line_start_is_skipped_but_the_rest_is_read():
    text = "第二百五十六条 依照前两条规定另行委托辩护人"
    (c,) = find_citations(text)
    assert c.written == "前两条" and c.relative == "previous_article"


def test_citation_inside_a_title_is_skipped_but_the_title_prefixes_the_next():
    text = "依照《关于〈中华人民共和国刑法〉第九十三条第二款的解释》第一条"
    c = only(text)
    assert c.external and c.written.startswith("《") and c.elements[0].article == (1, 0)


# ---- labels ---------------------------------------------------------------------------------


def test_label_keeps_the_written_levels():
    (first, second) = only("依照本法第十九条第一款、第二款的规定").elements
    assert label(attrs.evolve(first, article=(17, 0))) == "第十七条第一款"
    assert label(attrs.evolve(second, article=(17, 0))) == "第二款"
    (anchored,) = only("本条第二款").elements
    assert label(attrs.evolve(anchored, paragraph=3)) == "第三款"
    (sub,) = only("第一百二十条之一第二款").elements
    assert label(attrs.evolve(sub, article=(121, 2))) == "第一百二十一条之二第二款"
    (bracketed,) = only("前款第（四）项").elements
    assert label(attrs.evolve(bracketed, item=5)) == "第（五）项"


def test_label_of_a_missing_level_is_an_error():
    (e,) = only("第十条第二款").elements
    with pytest.raises(ValueError, match="paragraph"):
        label(attrs.evolve(e, paragraph=None))


def test_output_is_deterministic_and_ordered():
    text = "依照本法第十条、第十一条和前款第二项，适用刑法第二百条；本条第二款、前两款另有规定的除外"
    first = find_citations(text)
    assert first == find_citations(text)
    assert [c.start for c in first] == sorted(c.start for c in first)
    assert_spans(text, first)


# ---- generated sentences --------------------------------------------------------------------

PROVISION_SHAPES = (("article",), ("article", "paragraph"), ("article", "paragraph", "item"),
                    ("article", "item"), ("paragraph",), ("paragraph", "item"), ("item",),
                    ("item", "subitem"))
DIVISION_SHAPES = (("chapter",), ("chapter", "section"), ("part", "chapter"), ("section",))
PREFIXES = {  # prefix: (law, external, anchor, first element tops allowed)
    "": (None, False, None, {"article", "paragraph", "item", "part", "chapter", "section"}),
    "本法": ("本法", False, None, {"article", "part", "chapter"}),
    "本条例": ("本条例", False, None, {"article", "chapter"}),
    "本条": (None, False, "this_article", {"paragraph", "item"}),
    "前款": (None, False, "previous_paragraph", {"item"}),
    "前条": (None, False, "previous_article", {"paragraph"}),
    "刑法": ("刑法", True, None, {"article"}),
    "《中华人民共和国行政处罚法》": ("《中华人民共和国行政处罚法》", True, None, {"article", "chapter"}),
}
DEFAULT_ANCHOR = {"part": "explicit", "chapter": "explicit", "section": "this_chapter",
                  "article": "explicit", "paragraph": "this_article", "item": "this_paragraph",
                  "subitem": "this_item"}
BEFORE = ("", "依照", "违反", "有", "经第三次会议审议，依照", "在第二审程序中适用", "符合")
AFTER = ("", "规定的", "的规定处罚。", "所列情形之一的", "规定的第三人", "，第一次")
JOINERS = ("、", "和", "及", "以及", "或者", "或", "与", "至", "到")


def _family(shape):
    return DIVISION_SHAPES if shape in DIVISION_SHAPES else PROVISION_SHAPES


def _order(level):
    return LEVELS.index(level)


@st.composite
def cited_values(draw, shape):
    values = {}
    for level in shape:
        if level == "article":
            values[level] = (draw(st.integers(1, 999)), draw(st.sampled_from((0, 0, 0, 1, 2, 12))))
        else:
            values[level] = draw(st.integers(1, 40))
    bracket = draw(st.sampled_from(("", "", "（）", "()"))) if "item" in shape else ""
    return values, bracket


def write(shape, values, bracket):
    out = []
    for level in shape:
        if level == "article":
            out.append(article_label(*values[level]))
        elif level == "item" and bracket:
            out.append(f"第{bracket[0]}{int_to_cn(values[level])}{bracket[1]}项")
        else:
            out.append(f"第{int_to_cn(values[level])}{'编章节条款项目'[_order(level)]}")
    return "".join(out)


@st.composite
def sentences(draw):
    """(text, expected citation fields, expected elements: (written, numbers, anchor, range_end))."""
    prefix = draw(st.sampled_from(sorted(PREFIXES)))
    law, external, anchor, tops = PREFIXES[prefix]
    shapes = [s for s in PROVISION_SHAPES + DIVISION_SHAPES if s[0] in tops]
    first_shape = draw(st.sampled_from(shapes))
    family = _family(first_shape)
    later_shapes = [s for s in family if _order(s[0]) >= _order(first_shape[0])]
    shapes = [first_shape] + draw(st.lists(st.sampled_from(later_shapes), max_size=4))
    joiners = [draw(st.sampled_from(JOINERS)) for _ in shapes[1:]]
    before, after = draw(st.sampled_from(BEFORE)), draw(st.sampled_from(AFTER))

    expected = []
    text = before + prefix
    previous = None
    for i, shape in enumerate(shapes):
        values, bracket = draw(cited_values(shape))
        if i:
            text += joiners[i - 1]
        written = write(shape, values, bracket)
        if previous is None:
            use_default = anchor is None or shape[0] == "article"
            element_anchor = DEFAULT_ANCHOR[shape[0]] if use_default else anchor
        elif _order(shape[0]) < _order(previous[0][0]):
            element_anchor = DEFAULT_ANCHOR[shape[0]]
        else:
            element_anchor = previous[2]
            outermost = "part" if family is DIVISION_SHAPES else "article"
            for level in LEVELS[_order(outermost):_order(shape[0])]:
                if previous[1].get(level) is not None:
                    values.setdefault(level, previous[1][level])
        expected.append((written, values, element_anchor, bool(i) and joiners[i - 1] in ("至", "到")))
        previous = (shape, values, element_anchor)
        text += written
    return text + after, (len(before), prefix, law, external), expected


@SETTINGS
@given(sentences())
def test_generated_sentences_parse_back(case):
    text, (start, prefix, law, external), expected = case
    c = only(text)
    assert (c.start, c.law, c.external, c.relative) == (start, law, external, None)
    assert c.written.startswith(prefix)
    assert [(e.written, numbers(e), e.anchor, e.range_end) for e in c.elements] == expected
    assert_spans(text, (c,))


@st.composite
def shared_unit_sentences(draw):
    """"依照本条例第十条第二款第(一)、(三)至(五)项规定": several numbers under one unit."""
    prefix, anchor = draw(st.sampled_from((("", None), ("本条例", None),
                                           ("前款", "previous_paragraph"))))
    unit = "item" if anchor else draw(st.sampled_from(("paragraph", "item")))
    chains = [(), ("article",)] + ([("article", "paragraph")] if unit == "item" else [])
    chain = () if anchor else draw(st.sampled_from(chains))
    values, bracket = draw(cited_values(chain + (unit,)))
    bracket = bracket if unit == "item" else ""
    count = draw(st.integers(2, 4))
    joiners = [draw(st.sampled_from(JOINERS)) for _ in range(count - 1)]
    unit_numbers = [values[unit]] + [draw(st.integers(1, 40)) for _ in joiners]

    def number(n):
        return f"{bracket[:1]}{int_to_cn(n)}{bracket[1:]}"

    head = write(chain, values, bracket) if chain else ""
    text = f"依照{prefix}{head}第{number(unit_numbers[0])}"
    above = {level: values[level] for level in chain}
    expected = [(head + f"第{number(unit_numbers[0])}", {**above, unit: unit_numbers[0]})]
    for joiner, n in zip(joiners, unit_numbers[1:]):
        text += joiner + number(n)
        expected.append((number(n), {**above, unit: n}))
    anchor = anchor or DEFAULT_ANCHOR[(chain + (unit,))[0]]
    expected = [(w, v, anchor, bool(i) and joiners[i - 1] in ("至", "到"))
                for i, (w, v) in enumerate(expected)]
    return text + ("项" if unit == "item" else "款") + "规定", expected


@SETTINGS
@given(shared_unit_sentences())
def test_shared_unit_sentences_parse_back(case):
    text, expected = case
    c = only(text)
    assert [(e.written, numbers(e), e.anchor, e.range_end) for e in c.elements] == expected
    assert replace_elements(text, (c,), label) == text
    assert_spans(text, (c,))


def replace_elements(text, citations, new_label):
    out, last = [], 0
    for citation in citations:
        for element in citation.elements:
            out.append(text[last:element.start])
            out.append(new_label(element))
            last = element.end
    return "".join(out) + text[last:]


@SETTINGS
@given(sentences())
def test_labels_reproduce_the_text(case):
    text = case[0]
    assert replace_elements(text, find_citations(text), label) == text


@SETTINGS
@given(st.one_of(sentences(), shared_unit_sentences()), st.integers(1, 999))
def test_renumbering_by_span_replacement(case, new_article):
    """Moving every written article to ``new_article`` and reading the text again gives the new
    number wherever an article was written or inherited, and changes nothing else."""
    text = case[0]
    before = find_citations(text)

    def moved(element):
        if element.article is None:
            return label(element)
        return label(attrs.evolve(element, article=(new_article, 0)))

    after = find_citations(replace_elements(text, before, moved))
    assert len(after) == len(before)
    for old, new in zip(before, after):
        assert len(old.elements) == len(new.elements)
        for a, b in zip(old.elements, new.elements):
            assert b.article == (None if a.article is None else (new_article, 0))
            assert {**numbers(a), "article": None} == {**numbers(b), "article": None}


NOISE_TOKENS = ("第", "一", "二", "十", "百", "零", "〇", "两", "条", "款", "项", "目", "章", "节", "编",
                "之", "、", "和", "至", "或者", "（", "）", "(", ")", "本", "前", "上一", "下", "法",
                "条例", "刑法", "《", "》", "〈", "〉", "规定的", "，", "。", " ", "该", "同", "依照",
                "中华人民共和国", "基", "件", "例", "第二条第(一)、(二)项", "第十条", "本条第二款")
NOISE = st.one_of(st.lists(st.sampled_from(NOISE_TOKENS), max_size=25).map("".join),
                  st.text(alphabet="".join(NOISE_TOKENS), max_size=30))


@SETTINGS
@given(NOISE)
@example("前一两项")
@example("第一、二十十项")
@example("《第一条")
def test_any_text_gives_exact_spans(text):
    """Never raises; spans exact; writing every element back in canonical numerals (第一十条 →
    第十条) and reading again gives the same numbers."""
    citations = find_citations(text)
    assert_spans(text, citations)
    for citation in citations:
        assert (citation.relative is None) == bool(citation.elements)
    again = find_citations(replace_elements(text, citations, label))
    assert [[numbers(e) for e in c.elements] for c in again] == \
        [[numbers(e) for e in c.elements] for c in citations]


# ---- corpus-dev -----------------------------------------------------------------------------


def test_corpus_dev_sanity(corpus_dev):
    """Every line of every version file: spans exact, numbers parse, and the counts are plausible
    (internal citations, external ones, relative forms) without pinning them."""
    stats = {"lines": 0, "internal": 0, "external": 0, "relative": 0, "elements": 0}
    laws = set()
    files = sorted(corpus_dev.glob("*/[0-9]*.md"))
    assert len(files) >= 100
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^#+\s*", "", line)  # Markdown heading marks
            citations = find_citations(line)
            stats["lines"] += 1
            assert_spans(line, citations)
            for c in citations:
                kind = "relative" if c.relative else "external" if c.external else "internal"
                stats[kind] += 1
                if c.law is not None:
                    laws.add(c.law)
                for e in c.elements:
                    stats["elements"] += 1
                    assert e.article is None or (e.article[0] >= 1 and e.article[1] >= 0)
                    assert all(getattr(e, level) is None or getattr(e, level) >= 1
                               for level in LEVELS if level != "article")
                    assert e.written[0] == "第" or re.fullmatch(r"[（(]?[一二三四五六七八九十百]+[）)]?",
                                                                 e.written)
    assert stats["lines"] > 50_000
    assert stats["internal"] > 1_000
    assert stats["external"] > 500
    assert stats["relative"] > 800
    assert stats["elements"] > stats["internal"] + stats["external"]
    assert {"本法", "本条例", "本解释", "刑法", "民事诉讼法"} <= laws


def test_corpus_dev_known_lines(corpus_dev):
    """A few lines read from the corpus, checked by hand."""
    text = (corpus_dev / "食品安全法").glob("*.md")
    lines = [line for path in sorted(text) for line in path.read_text(encoding="utf-8").splitlines()
             if "本法第六十七条第一款第一项至第六项、第八项、第九项" in line]
    assert lines
    (c,) = [c for c in find_citations(lines[0]) if c.law == "本法"]
    assert [e.item for e in c.elements] == [1, 6, 8, 9]
