"""The rules of whole-text word edits that real decisions rely on, each on a small text:
names of other documents in 《》 are left alone, a word deleted from an enumeration takes its 、,
words already inside their new words are not changed again, 部门名称中的 limits an edit to the
names of departments, several pairs of one item are one list (longer words first), and a word
edit that names no provision is a whole-text edit."""

from __future__ import annotations

from amend.apply import apply
from amend.decision.parser import parse_decision
from amend.structure import parse, render

HEAD = ["示例省人民代表大会常务委员会关于修改《示例管理条例》的决定",
        "示例省第十三届人民代表大会常务委员会第二十九次会议决定对《示例管理条例》作如下修改："]


def _apply(articles: list[str], items: list[str]) -> list[str]:
    text = "\n".join(["示例管理条例", *articles])
    decision = parse_decision("\n".join(HEAD + items))
    return render(apply(parse(text).regulation, decision).regulation).split("\n")[1:]


def test_whole_text_deletion_leaves_titles_and_takes_the_enumeration_comma():
    out = _apply(["第一条 区、县和乡镇人民代表大会代表的选举，依照《全国人民代表大会和县级以上地方各级"
                  "人民代表大会选举法》办理。", "第二条 县、区选举委员会负责选举工作。"],
                 ["一、删除条款中“县”的表述。"])
    assert out == ["第一条 区和乡镇人民代表大会代表的选举，依照《全国人民代表大会和县级以上地方各级"
                   "人民代表大会选举法》办理。", "第二条 区选举委员会负责选举工作。"]


def test_words_already_inside_the_new_words_are_not_changed_again():
    out = _apply(["第一条 主管部门和示例主管部门负责管理。"],
                 ["一、将本条例中的“主管部门”统一修改为“示例主管部门”。"])
    assert out == ["第一条 示例主管部门和示例主管部门负责管理。"]


def test_department_names_only():
    out = _apply(["第一条 农业投入品的经营者应当向农业部门报告。",
                  "第二条 市场监督管理、农业等部门依法监督。"],
                 ["一、将本条例部门名称中的“农业”修改为“农业农村”。"])
    assert out == ["第一条 农业投入品的经营者应当向农业农村部门报告。",
                   "第二条 市场监督管理、农业农村等部门依法监督。"]


def test_pairs_of_one_item_are_one_list():
    """“卫生和计划生育”… and “卫生和计划生育行政管理部门”… name the text before the item: the
    longer one is replaced first, whichever clause states it."""
    out = _apply(["第一条 卫生和计划生育行政管理部门和卫生和计划生育机构负责管理。"],
                 ["一、将相关条款中的“卫生和计划生育”统一修改为“卫生健康”，“卫生和计划生育行政管理部门”"
                  "统一修改为“卫生健康部门”。"])
    assert out == ["第一条 卫生健康部门和卫生健康机构负责管理。"]


def test_a_word_edit_naming_no_provision_is_a_whole_text_edit():
    out = _apply(["第一条 规划土地部门负责管理。", "第二条 规划土地部门依法监督。"],
                 ["一、将“规划土地”修改为“规划资源”。"])
    assert out == ["第一条 规划资源部门负责管理。", "第二条 规划资源部门依法监督。"]
