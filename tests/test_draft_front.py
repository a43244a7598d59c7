"""Drafting the title and the preamble (issue 15): "将名称修改为：“…”" and "将引言修改为：“…”",
checked by applying them; header lines the sources carry in those places are not changes."""

from __future__ import annotations

from amend.apply import apply
from amend.decision import parse_decision
from amend.draft import draft
from amend.structure import parse_source

BODY = "第一条 本规定适用于本市。\n\n第二条 本规定自2020年1月1日起施行。\n"


def _reg(text: str):
    return parse_source(text).regulation


def _lines(d) -> list[str]:
    return d.text.split("\n")


def test_title_and_preamble_changes_are_drafted_and_apply():
    old = _reg("上海市测试规定\n\n为了测试，制定本规定。\n\n" + BODY)
    new = _reg("上海市测试工作规定\n\n为了规范测试工作，根据有关法律，制定本规定。\n\n" + BODY)
    d = draft(old, new)
    assert d.ok
    assert "一、将名称修改为：“上海市测试工作规定”。" in _lines(d)
    assert "二、将引言修改为：“为了规范测试工作，根据有关法律，制定本规定。”" in _lines(d)
    got = apply(old, parse_decision(d.text)).regulation
    assert got.title == new.title and got.preamble == new.preamble


def test_only_the_introduction_before_the_points_is_drafted():
    old = _reg("关于罚款限额的规定\n\n根据行政处罚法第十三条，作如下规定：\n\n"
               "一、罚款的限额为三十万元。\n\n二、本规定自1996年10月1日起施行。\n")
    new = _reg("关于罚款限额的规定\n\n根据行政处罚法第十四条，作如下规定：\n\n"
               "一、罚款的限额为三十万元。\n\n二、本规定自1996年10月1日起施行。\n")
    d = draft(old, new)
    assert d.ok
    assert "一、将引言修改为：“根据行政处罚法第十四条，作如下规定：”" in _lines(d)
    got = apply(old, parse_decision(d.text)).regulation
    assert got.preamble == new.preamble  # the points stay


def test_a_title_split_over_lines_is_not_a_change():
    old = _reg("中华人民共和国各级人民代表大会\n常务委员会监督法\n\n" + BODY)
    new = _reg("中华人民共和国各级人民代表大会常务委员会监督法\n\n" + BODY.replace("本市", "全国"))
    d = draft(old, new)
    assert d.ok
    assert not any("名称" in line for line in _lines(d))


def test_header_lines_repeating_the_title_are_not_a_preamble_change():
    old = _reg("上海市测试规定\n\n为了测试，制定本规定。\n\n" + BODY)
    new = _reg("上海市测试规定\n\n上海市测试规定\n\n为了测试，制定本规定。\n\n"
               + BODY.replace("本市", "全市"))
    d = draft(old, new)
    assert d.ok
    assert not any("引言" in line for line in _lines(d))


def test_a_preamble_that_appears_whole_is_not_drafted():
    old = _reg("上海市测试规定\n\n" + BODY.replace("本市", "全市"))
    new = _reg("上海市测试规定\n\n为了测试，制定本规定。\n\n" + BODY)
    d = draft(old, new)
    assert not any("引言" in line or "序言" in line for line in _lines(d))
