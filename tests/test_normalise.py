"""Each named normalisation step on the phrase it handles, and the offset map."""

from __future__ import annotations

import pytest

from amend.normalise import (
    fold_fullwidth_digits,
    join_page_breaks,
    join_split_headings,
    normalise,
    remove_stray_spaces,
    space_labels,
    strip_invisible,
    strip_markdown,
    trim_lines,
    widen_punctuation,
    wording,
)


def test_page_break_inside_sentence_is_joined():
    text, edits = join_page_breaks("（三）对热经营企业的产品和服务质\n量以及安全生产情况进行监督；")
    assert text == "（三）对热经营企业的产品和服务质量以及安全生产情况进行监督；"
    assert len(edits) == 1


@pytest.mark.parametrize(
    "lines",
    [
        "第一条 为加强城市供热管理，制定本条例。\n第二条 凡在本省行政区域内。",  # sentence end
        "热经营企业应当具备下列条件：\n（一）有稳定、安全的热源；",  # next line is an item
        "第二章 规划与建设\n第八条 城市供热规划应当符合城市总体规划。",  # heading
        "吉林省城市供热条例\n（2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过）",  # title
        "吉林省人民代表大会常务委员会\n2021年7月30日",  # signature and date
        "吉政办发〔2020〕17号\n各市（州）人民政府，长白山管委会：",  # document number
        "2004年4月30日 中华人民共和国国务院令第406号公布\n2012年11月9日 《国务院关于修改和废止部分行政法规的决定》第一次修订",
    ],
)
def test_unit_boundaries_are_kept(lines):
    assert join_page_breaks(lines)[0] == lines


def test_note_block_keeps_its_line_breaks():
    note = "（2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过\n根据2021年7月30日吉林省第十三届人民代表大会常务委员会第二十九次会议\n《吉林省人民代表大会常务委员会关于修改〈吉林省城市供热条例〉的决定》修正）"
    assert join_page_breaks(note)[0] == note


def test_bare_article_label_is_joined_to_its_text():
    assert join_page_breaks("第一条\n为了规范管理，制定本办法。")[0] == "第一条 为了规范管理，制定本办法。"


def test_markdown_heading_name_split_over_two_lines():
    text = "## 第二章 听取和审议人民政府、人民法院和\n人民检察院的专项工作报告\n第八条 各级人民代表大会常务委员会每年选择若干问题。"
    assert join_split_headings(text)[0].split("\n")[0] == "## 第二章 听取和审议人民政府、人民法院和人民检察院的专项工作报告"


def test_markdown_markup_removed():
    text, _ = strip_markdown("# 标题\n<!-- INFO END -->\n## 第一章 总则\n**第一条** 为了。\n- (一) 审核；")
    assert text == "标题\n第一章 总则\n第一条 为了。\n(一) 审核；"


def test_half_width_punctuation_widened_only_against_chinese():
    text, _ = widen_punctuation("城市供热实行统一规划和管理,优先发展集中供热;燃煤(气、油)锅炉:12:30,(1)")
    assert text == "城市供热实行统一规划和管理，优先发展集中供热；燃煤（气、油）锅炉：12:30,(1)"


def test_bracket_pair_across_lines_is_widened():
    text, _ = widen_punctuation("(2004年3月31日通过\n根据…修正)")
    assert text == "（2004年3月31日通过\n根据…修正）"


def test_stray_spaces_removed_but_label_separator_kept():
    text, _ = remove_stray_spaces("第七章 附 则\n第十二条 有健全的服务和安全管理 制度，超过 8 年，ISO 9001")
    assert text == "第七章 附则\n第十二条 有健全的服务和安全管理制度，超过8年，ISO 9001"


def test_space_between_note_events_is_kept():
    text, _ = remove_stray_spaces("（2023 年 5 月 5 日中共吉林省委常委会议审议批准 2023 年 5 月 19 日发布）")
    assert text == "（2023年5月5日中共吉林省委常委会议审议批准 2023年5月19日发布）"


def test_label_spacing():
    text, _ = space_labels("第一条\u3000为了\n第一章  总则\n（一） 审核\n1. 信用主体")
    assert text == "第一条 为了\n第一章 总则\n（一）审核\n1.信用主体"


def test_fullwidth_digits_folded_and_invisibles_removed():
    assert fold_fullwidth_digits("２００４年")[0] == "2004年"
    assert strip_invisible("\ufeff第一条\u200b 为了\r\n")[0] == "第一条 为了\n"


def test_blank_lines_and_edges_trimmed():
    assert trim_lines("\n\n  第一条 为了。 \n\n\n第二条 是。\u3000\n\n")[0] == "第一条 为了。\n第二条 是。"


def test_normalise_preserves_wording_and_maps_back_to_source():
    source = "吉林省城市供热条例\n\n(2004年3月31日通过)\n\n第七条 鼓励国内外经济组织或者个人投资建设供热设施,兴办热经营企\n\n业，推广先进的供热技术。\n"
    result = normalise(source)
    assert result.text == "吉林省城市供热条例\n（2004年3月31日通过）\n第七条 鼓励国内外经济组织或者个人投资建设供热设施，兴办热经营企业，推广先进的供热技术。"
    assert wording(result.text) == wording(source)
    at = result.text.index("业，推广")
    assert source[result.offsets.to_source(at)] == "业"
    assert result.source_line(at) == 7
    assert result.changes()["join_page_breaks"] == 1


def test_normalise_is_idempotent_on_a_seed_like_text():
    source = "第六条 县级以上人民政府城市供热主管部门应当履行下列职责:\n\n- (一) 审核、发放《经营许可证》;\n"
    once = normalise(source).text
    assert normalise(once).text == once
