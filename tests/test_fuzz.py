"""Mutation fuzzing of the real decisions (issue 13, point 4): only the project's own errors escape.

The mutants are those of scripts/fuzz.py (which runs 10,000 and more on demand): a real decision
— whole, or its header with one to three of its items — changed by one to four edits (a span
deleted, duplicated or swapped; a Chinese numeral, quote, 第X条 fragment, item label, verb or
punctuation mark inserted; a numeral replaced; a UTF-8 byte broken).  Each goes through
``parse_decision`` and ``apply`` (which may raise ``DecisionError``/``ApplyError`` with a line
and a caret, nothing else), ``apply_partial`` and ``preview`` (which raise nothing and report an
internal ``engine-failed`` never).  Hypothesis draws the seed and the edits, a bounded number
of examples, derandomised so that CI is deterministic.

Seeds: the decision bundled in corpus/ (always), and those of ../shared (decisions-dev and the
corpus-dev triples), which skip with a reason when ../shared is absent.  A last property checks
that the drafter's preview, which finds failing items in one pass, leaves out exactly the items,
with exactly the errors, that leaving them out one by one gives.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).parent.parent.parent / "shared"


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("amend_fuzz_script", HERE.parent / "scripts" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()

BUNDLED = fuzz.find_seeds(None)
SHARED_SEEDS = [s for s in fuzz.find_seeds(SHARED) if not s.name.startswith("corpus/")] \
    if SHARED.is_dir() else []

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

edits = st.lists(
    st.builds(fuzz.Edit, kind=st.sampled_from(fuzz.KINDS), at=st.integers(0, 1 << 20),
              token=st.integers(0, 1 << 10), hot=st.booleans()),
    min_size=1, max_size=4)


def _mutant(seeds, data) -> tuple:
    seed = data.draw(st.sampled_from(seeds), label="seed")
    count = data.draw(st.integers(0, 3), label="items (0: whole)")
    first = data.draw(st.integers(0, 1 << 16), label="first item")
    text = fuzz.mutate(fuzz.window(seed.decision, first, count), data.draw(edits, label="edits"))
    return seed, text


def _check(seed, text) -> None:
    try:
        fuzz.check(fuzz.base_of(seed.base), text, seed.target)
    except fuzz.Crash as crash:
        pytest.fail(f"{crash}\nseed: {seed.name}\nmutant:\n{text}", pytrace=False)


def test_the_bundled_seed_is_there():
    assert BUNDLED, "corpus/ holds no decision with the text before it"
    for seed in BUNDLED:
        assert fuzz.check(fuzz.base_of(seed.base), seed.decision, seed.target) == "applied"


@SETTINGS
@given(st.data())
def test_mutants_of_the_bundled_decision_raise_only_the_projects_errors(data):
    _check(*_mutant(BUNDLED, data))


@pytest.mark.skipif(not SHARED_SEEDS, reason=f"{SHARED} is absent (the shared decisions are not "
                    "beside this clone): the bundled seed is fuzzed alone")
@SETTINGS
@given(st.data())
def test_mutants_of_the_shared_decisions_raise_only_the_projects_errors(data):
    _check(*_mutant(SHARED_SEEDS, data))


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_preview_leaves_out_what_leaving_out_one_by_one_does(data):
    from amend.decision.parser import parse_draft
    from amend.preview import _apply_all, _exclude_one_by_one, _outcome

    seed, text = _mutant(BUNDLED + SHARED_SEEDS, data)
    decision, _ = parse_draft(text)
    if decision is None:
        return
    base = fuzz.base_of(seed.base)
    fast = _apply_all(base, decision, seed.target)
    slow = _exclude_one_by_one(base, decision, seed.target, [], [])
    assert (fast[1], fast[2]) == (slow[1], slow[2])
    assert (fast[0] is None) == (slow[0] is None)
    if fast[0] is not None:
        assert _outcome(fast[0], None) == _outcome(slow[0], None)
