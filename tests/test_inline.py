"""amend/decision/inline.py: the transformer applied while Lark parses gives what building the
tree and transforming it gives — values, positions, rule names, and errors in the same order."""

from __future__ import annotations

import pytest
from lark.exceptions import UnexpectedInput, VisitError

from amend.decision import inline
from amend.decision.grammar import clause_parser
from amend.decision.transform import Build, ClauseError, Context

BODIES = [
    "将第五条修改为：“县级以上人民政府应当加强管理。”\n",
    "将第十条第二款、第三款中的“主管部门”修改为“有关部门”；删去第十一条。\n",
    "在第三条后增加一条，作为第四条：“第四条　甲。”\n",
    "将五十八条改为第五十九条。\n",  # a warning (missing 第) made during the parse
    "将第二十三条改为第二十四条，第一款修改为：“甲”，并增加一款，作为第二款：“乙”\n",
    "此外，对条文顺序作相应调整。\n",
]


def _context(body: str) -> Context:
    return Context(body, "一", None, lambda offset: offset + 100, lambda offset: (1, offset + 1))


def _both(body: str):
    tree_context, inline_context = _context(body), _context(body)
    by_tree = Build(tree_context).transform(clause_parser().parse(body))
    by_inline = inline.transform_while_parsing(clause_parser(), body, Build(inline_context))
    return (by_tree, tree_context.warnings), (by_inline, inline_context.warnings)


def test_available():
    assert inline.available(clause_parser())


@pytest.mark.parametrize("body", BODIES)
def test_same_operations_and_warnings(body):
    by_tree, by_inline = _both(body)
    assert by_inline == by_tree
    assert by_tree[0]  # operations were made
    if "五十八条" in body:
        assert by_tree[1]  # and the warning


@pytest.mark.parametrize("body", BODIES)
def test_same_rule_names(body):
    tree = clause_parser().parse(body)
    assert inline.rule_names(clause_parser(), body) == {t.data for t in tree.iter_subtrees()}


def test_syntax_error_before_construction_error():
    """The tree is parsed whole before it is transformed: a clause that cannot be built does not
    hide a later clause that cannot be parsed."""
    body = "删去第零条；删去第\n"
    with pytest.raises(UnexpectedInput) as by_tree:
        clause_parser().parse(body)
    with pytest.raises(UnexpectedInput) as by_inline:
        inline.transform_while_parsing(clause_parser(), body, Build(_context(body)))
    assert type(by_inline.value) is type(by_tree.value)
    assert str(by_inline.value) == str(by_tree.value)


def test_first_construction_error_wins():
    body = "删去第零条；删去第三条至第一条。\n"
    with pytest.raises(VisitError) as by_tree:
        Build(_context(body)).transform(clause_parser().parse(body))
    with pytest.raises(VisitError) as by_inline:
        inline.transform_while_parsing(clause_parser(), body, Build(_context(body)))
    for error in (by_tree.value, by_inline.value):
        assert isinstance(error.orig_exc, ClauseError)
        assert "零" in error.orig_exc.zh
    assert by_inline.value.rule == by_tree.value.rule
    assert by_inline.value.obj.meta.start_pos == by_tree.value.obj.meta.start_pos
    assert by_inline.value.obj.meta.end_pos == by_tree.value.obj.meta.end_pos


def test_without_lark_internals_the_tree_is_built(monkeypatch):
    monkeypatch.setattr(inline, "_reader", lambda parser, positions: None)
    assert not inline.available(clause_parser())
    for body in BODIES:
        by_tree, _ = _both(body)
        context = _context(body)
        assert inline.transform_while_parsing(clause_parser(), body, Build(context)) == by_tree[0]
        tree = clause_parser().parse(body)
        assert inline.rule_names(clause_parser(), body) == {t.data for t in tree.iter_subtrees()}
