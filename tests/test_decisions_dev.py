"""The phrase survey, rebuilt at test time over every amendment instrument we hold: every
decision file of ../shared/corpus-dev and ../shared/decisions-dev is read item by item
(``parse_draft``: one unreadable item does not hide the others), every clause becomes operations,
and the few items that cannot be read are exactly the known ones below, each with its reason.
Skips when ../shared is absent."""

from __future__ import annotations

import collections

import pytest

from amend.decision.parser import parse_draft
from amend.ops import op_name

#: Items no rule of the language reads, with the reason (the engine reports each precisely and,
#: with --partial, applies the rest).  Key: (folder, section or None, item).
KNOWN_UNREADABLE = {
}

#: Operation kinds the real decisions must exercise (one family of issue 12 each, at least).
FAMILIES = {
    "move",                      # 单列一条 / 并入 / 改为第Y条第Z款
    "merge_articles",            # 合并，作为第Y条
    "split_article",             # 改为两条，作为第Y条、第Z条
    "renumber_replace_paragraph",  # 分为两款，作为第一款、第二款，修改为
    "division_members",          # 包括第X条至第Y条 / 列入本章
    "add_chapter",               # 增加一章
    "wording_adjustment",        # 此外，对部分文字作了修改
    "reorder",                   # 条序也作了相应调整
    "substitute_words",          # 统一修改为 / 分别修改为
    "non_textual_repeal",        # 废止《…》
    "non_textual_unlocated",     # 在相关条款中增加“…”的表述
}


def _decisions(shared_dirs):
    seen = {}
    for root in shared_dirs:
        files = sorted(root.glob("*/decision.md")) + sorted(root.glob("*/decision-*.md"))
        for path in files:
            text = path.read_text(encoding="utf-8")
            seen.setdefault(text, path)  # omnibus decisions are copied into each target's folder
    return sorted(seen.values())


@pytest.fixture(scope="module")
def survey(corpus_dev, decisions_dev):
    out = {}
    for path in _decisions([corpus_dev, decisions_dev]):
        decision, errors = parse_draft(path.read_text(encoding="utf-8"))
        out[path] = (decision, errors)
    return out


def test_every_decision_file_is_read(survey):
    assert len(survey) >= 69
    unreadable = {}
    for path, (decision, errors) in survey.items():
        assert decision is not None, path
        for e in errors:
            unreadable[(path.parent.name, e.section, e.item)] = str(e)
    assert set(unreadable) == set(KNOWN_UNREADABLE), "\n\n".join(
        f"{k}: {v}" for k, v in unreadable.items() if k not in KNOWN_UNREADABLE)


def test_every_item_gives_operations(survey):
    """No item is read as nothing: an item with no operation would vanish silently."""
    for path, (decision, _) in survey.items():
        for item in decision.items:
            assert item.ops, (path.parent.name, item.section, item.number)


def test_the_families_occur_in_real_decisions(survey):
    names = collections.Counter(op_name(op) for decision, _ in survey.values()
                                for item in decision.items for op in item.ops)
    missing = {f for f in FAMILIES if not names[f]}
    assert not missing, missing
    # the survey is large: hundreds of real clauses of each common kind
    assert names["substitute_words"] > 200 and names["replace_article"] > 200
