"""Golden cases of decision-language families that the engine does not yet apply as the law
reads (tests/cases/apply-xfail/<case>/: before.txt, decision.txt, expected.txt written by hand,
warnings.txt, family.txt, and reason.txt saying what the engine does instead), kept as strict
xfails so that a fix shows up; and the published-numbering forms checked with the parser only
(an item numbered 一百零一、)."""

from __future__ import annotations

from pathlib import Path

import pytest

from amend import numerals
from amend.apply import apply
from amend.decision.parser import parse_decision
from amend.structure import parse, render

XFAIL = Path(__file__).resolve().parent / "cases" / "apply-xfail"
XFAIL_DIRS = sorted(p for p in XFAIL.iterdir() if p.is_dir()) if XFAIL.exists() else []


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize(
    "case",
    [pytest.param(p, id=p.name, marks=pytest.mark.xfail(strict=True, reason=_read(p / "reason.txt")))
     for p in XFAIL_DIRS])
def test_family_case_pending(case):
    before = parse(_read(case / "before.txt")).regulation
    result = apply(before, parse_decision(_read(case / "decision.txt")))
    assert render(result.regulation) == _read(case / "expected.txt")
    expected_warnings = _read(case / "warnings.txt")
    assert [w.code for w in result.warnings] == (expected_warnings.split("\n")
                                                 if expected_warnings else [])


ISSUER = "示例省第十三届人民代表大会常务委员会第二十九次会议"


def test_item_numbered_one_hundred_and_one():
    """A decision of 101 items: the last is numbered 一百零一、 (with 零) and is read as item 101."""
    lines = ["示例省人民代表大会常务委员会关于修改《示例管理条例》的决定",
             f"{ISSUER}决定对《示例管理条例》作如下修改："]
    for i in range(1, 102):
        lines.append(f"{numerals.int_to_cn(i)}、将第{numerals.int_to_cn(i)}条中的“旧词{i}”修改为“新词{i}”。")
    lines.append("本决定自2025年1月1日起施行。")
    text = "\n".join(lines)
    assert "一百零一、将第一百零一条" in text
    decision = parse_decision(text)
    numbered = [item for item in decision.items if item.number]  # the closing line has none
    assert len(numbered) == 101
    last = numbered[-1]
    assert last.number == "一百零一"
    (op,) = last.ops
    assert op.targets[0].article == 101 and op.pairs == (("旧词101", "新词101"),)
    assert [item.number for item in numbered][99:] == ["一百", "一百零一"]


def test_items_up_to_one_hundred():
    """Items 一、 … 九十九、一百、 are read as items 1 … 100."""
    lines = ["示例省人民代表大会常务委员会关于修改《示例管理条例》的决定",
             f"{ISSUER}决定对《示例管理条例》作如下修改："]
    lines += [f"{numerals.int_to_cn(i)}、删去第{numerals.int_to_cn(i)}条。" for i in range(1, 101)]
    decision = parse_decision("\n".join(lines))
    assert [item.number for item in decision.items] == [numerals.int_to_cn(i) for i in range(1, 101)]


def test_reference_to_detached_paragraph_is_rewritten():
    """本条例第二条第一款, when that paragraph becomes 第三条, reads 本条例第三条."""
    text = "\n".join(["示例管理条例",
                      "第一条 为了规范示例管理，制定本条例。",
                      "第二条 示例经营者不得擅自停止服务。",
                      "确需停止服务的，应当提前三十日报告。",
                      "第三条 违反本条例第二条第一款规定的，责令改正。",
                      "第四条 本条例自2020年1月1日起施行。"])
    decision = parse_decision("\n".join([
        "示例省人民代表大会常务委员会关于修改《示例管理条例》的决定",
        f"{ISSUER}决定对《示例管理条例》作如下修改：",
        "一、将第二条第一款单列一条，作为第三条。",
        "此外，对条文顺序作相应调整。"]))
    result = apply(parse(text).regulation, decision)
    assert render(result.regulation).split("\n")[1:] == [
        "第一条 为了规范示例管理，制定本条例。",
        "第二条 确需停止服务的，应当提前三十日报告。",
        "第三条 示例经营者不得擅自停止服务。",
        "第四条 违反本条例第三条规定的，责令改正。",
        "第五条 本条例自2020年1月1日起施行。"]
