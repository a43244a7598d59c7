"""How ``verify`` classes a divergence between the engine's text and the official one, on the
three situations where the difference is not the engine's error and says so: the official text
rewords words the decision itself wrote, the decision creates chapters without saying which
articles they hold, and an article added at a chapter boundary lands on the other side."""

from __future__ import annotations

from amend.consolidate import verify_partial, verify_texts
from amend.verify import compare
from amend.structure import parse

TITLE = "示例省人民代表大会常务委员会关于修改《示例管理条例》的决定"

BEFORE = """示例管理条例
第一章 总则
第一条 为了规范示例管理，制定本条例。
第二条 主管部门负责示例管理工作。
第二章 法律责任
第三条 违反本条例规定的，由主管部门责令改正。
第四条 本条例自2020年1月1日起施行。"""


def _classes(report):
    return {d.article: d.cls for d in report.divergences}


def test_official_text_rewording_the_decisions_own_words():
    """"将第三条修改为：“违反本条例规定，由…”" and the official text reads "规定的，由…": the
    difference lies inside words the decision wrote, copied verbatim — not the engine's error.
    With a wording catch-all it is covered; without, it is ``editorial`` (never ``engine``)."""
    decision = f"{TITLE}\n一、将第三条修改为：“违反本条例规定，由主管部门责令改正，给予警告。”"
    after = BEFORE.replace("第三条 违反本条例规定的，由主管部门责令改正。",
                           "第三条 违反本条例规定的，由主管部门责令改正，给予警告。")
    _, report = verify_texts(BEFORE, decision, after)
    assert _classes(report) == {"第三条": "editorial"}
    covered = decision + "\n此外，对部分文字作相应调整。"
    _, report = verify_texts(BEFORE, covered, after)
    assert _classes(report) == {"第三条": "editorial-covered"} and report.ok
    # the official text without the decision's words at all is not a rewording of them
    _, report = verify_texts(BEFORE, f"{TITLE}\n一、在第三条中的“责令改正”后增加“，没收违法所得，"
                             "并处一万元以下的罚款”。", BEFORE)
    assert _classes(report) == {"第三条": "engine"} and not report.ok


def test_chapters_created_without_member_lists_are_covered():
    """"将本条例分为两章，章名分别为…" names no articles: the engine cannot place them and warns;
    an article whose text is right but whose chapter the decision left open is explained."""
    before = BEFORE.replace("第一章 总则\n", "").replace("第二章 法律责任\n", "")
    decision = f"{TITLE}\n一、将本条例分为两章，章名分别为“总则”“法律责任”。"
    p, report = verify_partial(before, decision, BEFORE)
    assert any(w.code == "not-applied-unlocated" for w in p.result.warnings)
    assert set(_classes(report).values()) == {"editorial-covered"} and report.ok
    # the same division-only difference without such a clause is a numbering divergence
    plain = compare(parse(before).regulation, parse(BEFORE).regulation)
    assert set(_classes(plain).values()) == {"numbering"} and not plain.ok


def test_an_article_added_at_a_chapter_boundary_may_land_on_either_side():
    """"增加一条，作为第三条" between two chapters: the engine places it with the article before
    and warns ``division-boundary``; the official text opening 第二章 with it is explained."""
    decision = f"{TITLE}\n一、增加一条，作为第三条：“主管部门应当公开处罚决定。”\n此外，对条文顺序作相应调整。"
    after = BEFORE.replace("第二章 法律责任\n第三条 违反本条例规定的，由主管部门责令改正。\n第四条",
                           "第二章 法律责任\n第三条 主管部门应当公开处罚决定。\n"
                           "第四条 违反本条例规定的，由主管部门责令改正。\n第五条")
    result, report = verify_texts(BEFORE, decision, after)
    assert [w.code for w in result.warnings] == ["division-boundary"]
    assert _classes(report) == {"第三条": "editorial-covered"} and report.ok
