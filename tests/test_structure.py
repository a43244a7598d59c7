"""Structure parser and renderer: golden cases, the heating regulation, the gazette seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amend.model import Chapter, Regulation
from amend.normalise import normalise
from amend.structure import parse, parse_source, render, render_article

CASES = Path(__file__).resolve().parent / "cases"

STRUCTURE_CASES = sorted(p for p in (CASES / "structure").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", STRUCTURE_CASES, ids=lambda p: p.name)
def test_golden_case(case: Path):
    parsed = parse_source((case / "input.txt").read_text(encoding="utf-8"))
    expected = (case / "expected.txt").read_text(encoding="utf-8").removesuffix("\n")
    assert render(parsed.regulation) == expected
    assert [w.code for w in parsed.warnings] == (case / "warnings.txt").read_text().split()
    # the canonical text is a fixed point: parse(render(r)) == r, render(parse(text)) == text
    again = parse(expected)
    assert again.regulation == parsed.regulation
    assert render(again.regulation) == expected


def _heating_raw() -> str:
    return (CASES / "structure" / "heating_gazette" / "input.txt").read_text(encoding="utf-8")


def test_heating_regulation_raw_gazette_text():
    parsed = parse_source(_heating_raw())
    reg = parsed.regulation
    assert len(reg.articles()) == 39
    # the gazette lacks the 第一章 heading: six chapter headings, reported as a warning
    assert [c.number for c in reg.chapters()] == [2, 3, 4, 5, 6, 7]
    [warning] = parsed.warnings
    assert warning.code == "missing-first-chapter"
    assert "第一条至第七条" in warning.message
    # the warning points at the source line of the 第二章 heading
    assert _heating_raw().split("\n")[warning.line - 1].startswith("第二章")


def test_heating_regulation_items_and_navigation():
    reg = parse_source(_heating_raw()).regulation
    assert [len(reg.find_article(n).paragraphs[0].items) for n in (6, 19, 20)] == [6, 7, 5]
    art6 = reg.find_article(6)
    assert art6.paragraphs[0].items[2].text == "对热经营企业的产品和服务质量以及安全生产情况进行监督；"
    assert reg.chapter_of(30).name == "供热设施"
    assert reg.chapter_of(1) is None  # before the first (printed) chapter heading
    loc = reg.locate(12)
    assert loc.id == "chp_3/art_12"
    assert reg.node("chp_3/art_12/para_1/item_3").text == "有健全的服务和安全管理制度；"
    assert reg.node("chp_3/art_12/para_9") is None
    assert [a.number for a in reg.articles()] == list(range(1, 40))
    assert render_article(reg.find_article(39)) == "第三十九条 本条例自2004年6月1日起施行。"
    assert reg.note.lines[0] == "2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过"


def test_article_sub_numbering_and_sections():
    reg = parse_source((CASES / "structure" / "parts_sections_zhi" / "input.txt").read_text()).regulation
    assert [a.label for a in reg.articles()][:5] == ["第一条", "第二条", "第三条", "第三条之一", "第四条"]
    loc = reg.locate(3, 1)
    assert loc.id == "part_1/chp_2/sec_1/art_3_1"
    assert loc.section.name == "犯罪和刑事责任"
    assert [d.heading for d in reg.divisions()][-1] == "附则"
    assert reg.attachments[0].heading == "附件一"


def test_text_between_heading_and_first_article_is_an_error():
    with pytest.raises(ValueError, match="line 3"):
        parse("某条例\n第一章 总则\n无法归属的文字。\n第一条 为了。")


def test_empty_text_is_an_error():
    with pytest.raises(ValueError):
        parse("")


def test_model_validates_its_values():
    with pytest.raises(ValueError):
        Chapter(1, "总则\n分则")
    with pytest.raises(ValueError):
        Chapter(0, "附则")  # number 0 is only for unnumbered headings
    assert Chapter(0, "附则", style="unnumbered").heading == "附则"
    assert Regulation(["某条例"]).articles() == ()


_ARTICLE_LINE = re.compile(r"^(?:#+\s*)?(?:\*\*)?第[零〇一二三四五六七八九十百千]+条", re.M)


@pytest.mark.parametrize(
    "seed, expected",
    [
        ("000_b6addec6a45409f2.txt", [39]),
        ("002_ded0abe40c9e0f6c.txt", [43]),
        ("003_aed2d4ff31cd0db0.txt", [31, 16]),
    ],
)
def test_seed_regulations_lose_no_article(seeds, seed, expected):
    from amend.ingest import split_gazette

    source = (seeds / seed).read_text(encoding="utf-8")
    regs = [d for d in split_gazette(source) if d.kind == "regulation"]
    counts = [len(parse_source(d.raw).regulation.articles()) for d in regs]
    assert counts == expected
    # every 第X条 line start of the source is an article of some document
    assert sum(counts) == len(_ARTICLE_LINE.findall(source))


def test_normalised_seed_text_reparses_identically(seeds):
    from amend.ingest import split_gazette

    for doc in split_gazette((seeds / "003_aed2d4ff31cd0db0.txt").read_text(encoding="utf-8")):
        text = normalise(doc.raw).text
        assert render(parse(text).regulation) == text


def test_dateless_bracketed_note_is_a_history_note():
    """flk prints some Shanghai 题注 without dates: "（上海市第十届…第三十六次会议通过  根据…修正）"."""
    text = ("上海市音像制品管理条例\n（上海市第十届人民代表大会常务委员会第三十六次会议通过 根据上海市第十二届人民代表大会常务委员会"
            "第五次会议《关于修改〈上海市音像制品管理条例〉的决定》第一次修正）\n第一条 为了。")
    reg = parse(text).regulation
    assert reg.note is not None and reg.note.bracketed and reg.preamble is None
    assert parse(render(reg)).regulation == reg


def test_each_attachment_table_is_its_own_attachment():
    """环境保护税法: "附表一：" / "附表二：" after the last article."""
    text = "某法\n第一条 本法自2018年1月1日起施行。\n附表一：\n环境保护税税目税额表\n附表二：\n应税污染物和当量值表"
    reg = parse(text).regulation
    assert [(a.heading, a.lines) for a in reg.attachments] == [
        ("附表一：", ("环境保护税税目税额表",)), ("附表二：", ("应税污染物和当量值表",))]
    assert reg.articles()[0].paragraphs[-1].text == "本法自2018年1月1日起施行。"
    assert render(reg) == text


def test_article_label_followed_by_a_bracketed_title():
    """第一条【立法目的】为了… — the label is read as one (the bracketed title stays in the text)."""
    reg = parse_source("某条例\n第一条【立法目的】为了规范示例，制定本条例。\n第二条【适用范围】本条例适用于示例活动。\n").regulation
    assert [a.label for a in reg.articles()] == ["第一条", "第二条"]
    assert reg.articles()[0].paragraphs[0].text == "【立法目的】为了规范示例，制定本条例。"
