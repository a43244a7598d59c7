"""The drafter's structural forms (issue 15): a paragraph set apart as an article (单列一条) and
two articles merged (合并为一条), each self-checked by applying it; and where they do not apply
(the old article changes otherwise, the texts are not close) the drafter falls back to adding
and deleting."""

from __future__ import annotations

from amend.apply import apply
from amend.decision import parse_decision
from amend.draft import draft
from amend.structure import parse_source

HEAD = "测试条例\n\n第一条 为了测试，制定本条例。\n\n"
TAIL = "违反本条例的，依法处理。\n\n第{n}条 本条例自2020年1月1日起施行。\n"


def _reg(text: str):
    return parse_source(text).regulation


def _items(d) -> list[str]:
    return [line for line in d.text.split("\n") if line[:2] in ("一、", "二、", "三、", "四、")]


def _reproduces(old, new, d) -> bool:
    got = apply(old, parse_decision(d.text)).regulation
    return [a.paragraphs for a in got.articles()] == [a.paragraphs for a in new.articles()]


OLD = _reg(HEAD + "第二条 单位应当建立制度。\n单位应当每年报告一次工作情况。\n\n第三条 "
           + TAIL.format(n="四"))


def test_a_paragraph_set_apart_is_单列一条():
    new = _reg(HEAD + "第二条 单位应当建立制度。\n\n第三条 单位应当每年报告一次工作情况。\n\n"
               "第四条 " + TAIL.format(n="五"))
    d = draft(OLD, new)
    assert d.ok and _reproduces(OLD, new, d)
    assert _items(d) == ["一、将第二条第二款改为第三条。"]


def test_a_paragraph_set_apart_and_reworded():
    new = _reg(HEAD + "第二条 单位应当建立制度。\n\n第三条 单位应当每年向主管部门报告一次工作情况。\n\n"
               "第四条 " + TAIL.format(n="五"))
    d = draft(OLD, new)
    assert d.ok and _reproduces(OLD, new, d)
    assert _items(d) == ["一、将第二条第二款单列一条，作为第三条，修改为：“单位应当每年向主管部门报告"
                         "一次工作情况。”"]


def test_no_单列_when_the_article_also_changes_otherwise():
    new = _reg(HEAD + "第二条 单位应当建立健全制度。\n\n第三条 单位应当每年报告一次工作情况。\n\n"
               "第四条 " + TAIL.format(n="五"))
    d = draft(OLD, new)
    assert d.ok and _reproduces(OLD, new, d)
    assert not any("单列" in it or "第二款改为" in it for it in _items(d))


def test_two_articles_merged():
    old = _reg(HEAD + "第二条 单位应当建立制度。\n\n第三条 单位应当每年报告一次工作情况。\n\n第四条 "
               + TAIL.format(n="五"))
    new = _reg(HEAD + "第二条 单位应当建立制度，并每年报告一次工作情况。\n\n第三条 "
               + TAIL.format(n="四"))
    d = draft(old, new)
    assert d.ok and _reproduces(old, new, d)
    assert _items(d) == ["一、将第二条和第三条合并为一条，作为第二条，修改为：“第二条 单位应当建立制度，"
                         "并每年报告一次工作情况。”"]


def test_an_unrelated_deletion_is_not_a_merge():
    old = _reg(HEAD + "第二条 单位应当建立制度。\n\n第三条 禁止在公共场所吸烟。\n\n第四条 "
               + TAIL.format(n="五"))
    new = _reg(HEAD + "第二条 单位应当建立制度。\n\n第三条 " + TAIL.format(n="四"))
    d = draft(old, new)
    assert d.ok and _reproduces(old, new, d)
    assert _items(d) == ["一、删去第三条。"]
