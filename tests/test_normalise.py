"""Each named normalisation step on the phrase it handles, and the offset map."""

from __future__ import annotations

import pytest

from amend.normalise import (
    drop_table_of_contents,
    drop_word_fields,
    fold_fullwidth_digits,
    join_page_breaks,
    join_split_headings,
    normalise,
    read_front_matter,
    remove_stray_spaces,
    space_labels,
    split_run_in_paragraphs,
    strip_invisible,
    strip_markdown,
    trim_lines,
    widen_punctuation,
    wording,
)
from amend.structure import parse


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


def test_a_list_set_out_one_member_per_line_is_one_paragraph():
    """全国人民代表大会组织法第二十三条: the decision that amends it counts the paragraph after the
    list as 第三款, so the list lines are one paragraph however short they are."""
    source = ("第二十三条 全国人民代表大会常务委员会由下列人员组成：\n委员长，\n副委员长若干人，\n"
              "秘书长，\n委员若干人。\n常务委员会的组成人员由全国人民代表大会从代表中选出。")
    text = join_page_breaks(source)[0]
    assert text.split("\n") == [
        "第二十三条 全国人民代表大会常务委员会由下列人员组成：委员长，副委员长若干人，秘书长，委员若干人。",
        "常务委员会的组成人员由全国人民代表大会从代表中选出。"]
    article = parse(normalise("示例条例\n" + source).text).regulation.articles()[0]
    assert len(article.paragraphs) == 2
    # items are never joined, and a "：" before a line that does not end with "，" stays a break
    kept = "第四条 示例经营者应当遵守下列规定：\n（一）依法取得许可，\n（二）公开服务标准。"
    assert join_page_breaks(kept)[0] == kept
    kept = "第五条 本条例所称示例，是指：\n示例一；\n示例二。"
    assert join_page_breaks(kept)[0] == kept


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


# ---- flk.npc.gov.cn Markdown (decisions-dev sides) ----------------------------------------------

_FLK = """---
title: "上海市人民代表大会常务委员会"
publish_date: "2016-04-23"
status: "已被修改"
tags:
  - 法律法规
---

任免国家机关工作人员条例

（1990年4月8日上海市第九届人民代表大会常务委员会第十七次会议通过）

目  录

### 第一章  总则

### 第二章  附则

### 第一章  总则

第一条  为了做好任免国家机关工作人员的工作，制定本条例。

### 第二章  附则

第二条  本条例自公布之日起施行。
"""


def test_front_matter_title_continued_by_the_body_becomes_one_title_line():
    text, passes = read_front_matter("---\ntitle: \"上海市人民代表大会常务委员会\"\nstatus: \"现行有效\"\n---\n"
                                     "任免国家机关工作人员条例\n（1990年4月8日…通过）")
    assert text == "上海市人民代表大会常务委员会任免国家机关工作人员条例\n（1990年4月8日…通过）"
    assert len(passes) == 3


def test_front_matter_with_an_empty_title_leaves_the_body_title():
    # the source's title is "\u200b" (removed by strip_invisible); the body prints the title in two lines
    text, _ = read_front_matter('---\ntitle: ""\ntags:\n- 上海\n---\n上海市罢免和补选各级\n人民代表大会代表程序的规定\n（1992年…通过）')
    assert text == "上海市罢免和补选各级人民代表大会代表程序的规定\n（1992年…通过）"


def test_front_matter_title_folded_over_two_yaml_lines():
    text, _ = read_front_matter('---\ntitle: "中华人民共和国地方各级人民代表大会\n和地方各级人民政府组织法"\nstatus: "已被修改"\n---\n（1979年…通过）')
    assert text.split("\n")[0] == "中华人民共和国地方各级人民代表大会和地方各级人民政府组织法"


def test_promulgation_notice_before_the_title_is_dropped():
    source = ('---\ntitle: "中华人民共和国最高人民法院"\n---\n公    告\n'
              "《最高人民法院关于上海金融法院案件管辖的规定》已于2018年7月31日由最高人民法院审判委员会第1746次会议通过，现予公布，自2018年8月10日起施行。\n"
              "2018年8月7日\n最高人民法院\n关于上海金融法院案件管辖的规定\n法释〔2018〕14号\n"
              "（2018年7月31日最高人民法院审判委员会第1746次会议通过，自2018年8月10日起施行）")
    text, _ = read_front_matter(source)
    assert text.split("\n")[:2] == ["最高人民法院关于上海金融法院案件管辖的规定", "法释〔2018〕14号"]


def test_text_without_front_matter_is_untouched():
    text = "中华人民共和国民法典\n总则\n公告\n2020年5月28日"
    assert read_front_matter(text) == (text, ((), (), ()))


def test_run_in_paragraphs_are_split_at_the_ideographic_indent():
    text, edits = split_run_in_paragraphs("第一条\u3000为了规范，制定本规则。\u3000 \u3000\u3000第二条\u3000主任会议由主任召集；\u3000\u3000（一）决定日期；")
    assert text == "第一条\u3000为了规范，制定本规则。\n第二条\u3000主任会议由主任召集；\n（一）决定日期；"
    assert len(edits) == 2
    note = "（1992年6月19日…会议通过\u3000\u3000根据1998年8月18日…修正）"  # no sentence end: kept
    assert split_run_in_paragraphs(note)[0] == note


def test_word_page_fields_are_dropped():
    assert drop_word_fields("不适用本规定。\nPAGE\nPAGE  126")[0] == "不适用本规定。"
    assert drop_word_fields("第一条 PAGE 1 的内容。")[0] == "第一条 PAGE 1 的内容。"


def test_table_of_contents_is_dropped_when_the_body_repeats_its_headings():
    text = "审计法\n目　　录\n### 第一章　总　　则\n### 第二章　附　　则\n### 第一章　总　　则\n第一条 为了。\n### 第二章　附　　则\n第二条 施行。"
    out, edits = drop_table_of_contents(text)
    assert out == "审计法\n### 第一章　总　　则\n第一条 为了。\n### 第二章　附　　则\n第二条 施行。"
    assert len(edits) == 1
    # the body lost its 第一章 heading ("总则" alone): the contents still end where the entries end
    lost = "条例\n目  录\n### 第一章  总则\n### 第二章  附则\n总则\n第一条 为了。\n### 第二章  附则\n第二条 施行。"
    assert drop_table_of_contents(lost)[0] == "条例\n总则\n第一条 为了。\n### 第二章  附则\n第二条 施行。"
    # entries the body does not repeat are not a table of contents: kept
    alone = "条例\n目录\n### 第一章 总则\n第一条 为了。"
    assert drop_table_of_contents(alone)[0] == alone


def test_flk_side_normalises_to_canonical_text_and_maps_back():
    result = normalise(_FLK)
    assert result.text == (
        "上海市人民代表大会常务委员会任免国家机关工作人员条例\n"
        "（1990年4月8日上海市第九届人民代表大会常务委员会第十七次会议通过）\n"
        "第一章 总则\n第一条 为了做好任免国家机关工作人员的工作，制定本条例。\n第二章 附则\n第二条 本条例自公布之日起施行。"
    )
    assert normalise(result.text).text == result.text  # idempotent
    # offsets of the joined title map back into the front matter and the body line
    assert _FLK[result.offsets.to_source(0)] == "上"
    at = result.text.index("任免")
    assert _FLK[result.offsets.to_source(at):].startswith("任免国家机关工作人员条例\n")
    at = result.text.index("第一条")
    assert result.source_line(at) == 21


def test_metadata_event_with_an_open_book_title_continues_on_the_next_line():
    source = ("2015年8月29日 第十二届…会议《关于修改〈组织法〉\n〈选举法〉\n〈代表法〉的决定》第五次修正\n"
              "2022年3月11日 第十三届…会议《关于修改〈组织法〉的决定》第六次修正")
    assert join_page_breaks(source)[0].split("\n") == [
        "2015年8月29日 第十二届…会议《关于修改〈组织法〉〈选举法〉〈代表法〉的决定》第五次修正",
        "2022年3月11日 第十三届…会议《关于修改〈组织法〉的决定》第六次修正",
    ]
