"""The phrasebook: amendment clauses written every way the language allows (立法技术规范, older
NPC style, local practice, web copies), each applied alone to one base regulation.

tests/cases/phrasebook/before.txt is the base (chapters, sections, an article with items and
three paragraphs, cross-references); clauses.txt holds one clause a line; expected.txt holds, per
clause, the operations it reads as and the lines the amended text changes (a unified diff with no
context).  Every clause is item 一 of a decision that also says 此外，对条文顺序作相应调整.
Regenerate expected.txt after a deliberate change with ``python tests/test_phrasebook.py`` and
review the diff before committing it.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

from amend.apply import apply
from amend.decision.parser import parse_decision
from amend.structure import parse, render

CASE = Path(__file__).resolve().parent / "cases" / "phrasebook"
HEAD = ("示例省人民代表大会常务委员会关于修改《示例管理条例》的决定\n"
        "示例省第十三届人民代表大会常务委员会第二十九次会议决定对《示例管理条例》作如下修改：\n")
TAIL = "\n此外，对条文顺序作相应调整。\n本决定自2025年1月1日起施行。"


def _clauses() -> list[str]:
    return [c for c in (CASE / "clauses.txt").read_text(encoding="utf-8").splitlines() if c.strip()]


def entry(clause: str) -> str:
    """What one clause does to the base: its operations and the changed lines."""
    base = parse((CASE / "before.txt").read_text(encoding="utf-8")).regulation
    decision = parse_decision(HEAD + "一、" + clause + TAIL)
    result = apply(base, decision)
    kinds = ", ".join(type(op).__name__ for op in decision.items[0].ops)
    diff = [line for line in difflib.unified_diff(render(base).splitlines(),
                                                  render(result.regulation).splitlines(),
                                                  lineterm="", n=0)
            if not line.startswith(("---", "+++"))]
    warnings = ", ".join(w.code for w in result.warnings)
    return "\n".join([f"## {clause}", f"ops: {kinds}", f"warnings: {warnings}", *diff]) + "\n"


def _expected() -> dict[str, str]:
    text = (CASE / "expected.txt").read_text(encoding="utf-8")
    out = {}
    for block in text.split("\n## ")[0:]:
        block = block if block.startswith("## ") else "## " + block
        clause = block.split("\n", 1)[0][3:]
        out[clause] = block.rstrip("\n") + "\n"
    return out


@pytest.mark.parametrize("clause", _clauses())
def test_clause(clause):
    assert entry(clause) == _expected()[clause]


if __name__ == "__main__":  # regenerate expected.txt
    (CASE / "expected.txt").write_text("".join(entry(c) for c in _clauses()), encoding="utf-8")
    sys.exit(0)
