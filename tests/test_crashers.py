"""Inputs that once crashed the engine with a traceback (issue 13, point 4), kept minimised.

Each case is a folder of tests/cases/crashers/: ``before.txt`` (the regulation), ``decision.txt``
(the decision, or the items of one) and ``expected.txt`` (one fragment per line that the error's
code or message must contain).  For every case:

* ``parse_decision`` and ``apply`` raise only the project's own error (``DecisionError``, of which
  ``ApplyError`` is one) — the right one, naming the item, with a line, the clause and a caret
  under a position inside it;
* ``apply_partial`` and ``preview`` raise nothing: they report the error for its item (never as an
  internal ``engine-failed``), with its line and caret, and go on — an item after it that can be
  applied is applied.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from amend.apply import ApplyError, apply
from amend.apply.partial import ENGINE_FAILED, apply_partial
from amend.decision.diagnose import DecisionError
from amend.decision.parser import parse_decision
from amend.preview import ERROR, preview
from amend.structure import parse_source

CASES = Path(__file__).resolve().parent / "cases" / "crashers"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "decision.txt").is_file())

#: An item that applies to every case's regulation, put before the crasher (whose quote may be
#: left open to the end): it must be applied all the same.
GOOD = "九十九、将第十条修改为：“本条例自2021年1月1日起施行。”"
GOOD_TEXT = "本条例自2021年1月1日起施行。"


def _case(name: str):
    folder = CASES / name
    base = parse_source((folder / "before.txt").read_text(encoding="utf-8")).regulation
    decision = (folder / "decision.txt").read_text(encoding="utf-8")
    expected = [line for line in (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return base, decision, expected


def _says(text: str, expected: list[str]) -> bool:
    return all(fragment in text for fragment in expected)


def _caret_inside(rendered: str, clause: str, column: int) -> None:
    assert 0 <= column <= len(clause), (column, clause)
    lines = rendered.split("\n")
    carets = [k for k, line in enumerate(lines) if line.strip() == "^"]
    assert carets, rendered
    assert carets[0] > 0 and lines[carets[0] - 1].strip(), rendered  # the clause above the caret


def _article_ten(regulation) -> str:
    return regulation.find_article(10, 0).paragraphs[0].text


def test_there_are_cases():
    assert len(NAMES) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_parse_and_apply_raise_the_projects_error(name):
    base, text, expected = _case(name)
    try:
        decision = parse_decision(text)
    except DecisionError as error:  # anything else fails the test with its traceback
        raised = error
    else:
        with pytest.raises(DecisionError) as info:
            apply(base, decision)
        raised = info.value
    code = raised.code if isinstance(raised, ApplyError) else "cannot-read"
    assert _says(f"{code} {raised.zh} {raised.en}", expected), str(raised)
    assert raised.item, str(raised)
    assert raised.line >= 1 and raised.col >= 1, str(raised)
    assert raised.clause, str(raised)
    _caret_inside(str(raised), raised.clause, raised.column)
    assert " / " in str(raised).split("\n")[-1]  # Chinese / English


@pytest.mark.parametrize("name", NAMES)
def test_apply_partial_reports_the_item_and_goes_on(name):
    base, text, expected = _case(name)
    partial = apply_partial(base, GOOD + "\n" + text)
    assert not [s for s in partial.skipped if s.code == ENGINE_FAILED], partial.skipped
    named = [s for s in partial.skipped if _says(f"{s.code} {s.message}", expected)]
    assert named, [s.message for s in partial.skipped]
    assert not named[0].whole and named[0].item
    assert named[0].error.line >= 1
    assert partial.result is not None
    assert _article_ten(partial.result.regulation) == GOOD_TEXT


@pytest.mark.parametrize("name", NAMES)
def test_preview_reports_the_item_and_goes_on(name):
    base, text, expected = _case(name)
    shown = preview(base, GOOD + "\n" + text)
    errors = [p for p in shown.problems if p.severity == ERROR and _says(f"{p.code} {p.message}", expected)]
    assert errors, [p.render() for p in shown.problems]
    problem = errors[0]
    assert problem.item and problem.line >= 1 and problem.clause
    _caret_inside(problem.render(), problem.clause, problem.column)
    assert not shown.ok
    assert shown.result is not None
    assert _article_ten(shown.result.regulation) == GOOD_TEXT
