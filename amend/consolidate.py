"""The text of a work in force on a date, and its verification against official texts.

Contract: ``consolidate(work, date)`` executes the timeline's plan: it parses the base text
(the original, or a text the engine derived by inverse application), applies each decision in
force on the date in order with ``amend.apply.apply``, and sets the 题注 generated from the
timeline.  When no text is in force (adopted but not yet in force, or repealed) it says so and
what is pending, with no regulation.  ``verify_work`` consolidates the state every official
republished text shows and compares the two with ``amend.verify.compare``; ``verify_texts`` does
the same for a base file, a decision and an expected file.  Errors in a decision surface as
``ApplyError``/``DecisionError`` with the item and a caret; nothing is returned half-applied —
unless the caller asks for ``partial=True`` (``verify_partial`` for three files): then each
decision is applied as far as it can be (amend/apply/partial.py), every item left out is kept in
its ``Step.skipped``, and ``Consolidation.marks`` says which articles of the text it concerns.
"""

from __future__ import annotations

import datetime as dt

import attrs

from amend import numerals, timeline, verify
from amend.apply import ApplyResult, apply
from amend.apply.partial import Marks, Partial, Skipped, apply_partial, identity
from amend.corpus import Event, Work
from amend.decision.parser import parse_decision
from amend.model import HistoryNote, Regulation
from amend.ops import Dates, Decision, Flags
from amend.structure import parse


@attrs.frozen
class Step:
    event: Event
    decision: Decision
    result: ApplyResult
    #: items left out (partial application only), and where they are in ``result``'s numbering
    skipped: tuple[Skipped, ...] = ()
    marks: Marks = attrs.Factory(Marks)


@attrs.frozen
class Consolidation:
    """The text in force on ``date`` (``regulation`` None when there is none) and how it was
    made: the plan, and for each applied decision its result (maps, log, warnings)."""

    work: Work
    date: dt.date
    plan: timeline.Plan
    regulation: Regulation | None
    steps: tuple[Step, ...]
    partial: bool = False  # decisions were applied as far as they could be

    @property
    def in_force(self) -> bool:
        return self.regulation is not None

    @property
    def warnings(self):
        return tuple(w for s in self.steps for w in s.result.warnings)

    @property
    def skipped(self) -> tuple[tuple[Step, Skipped], ...]:
        """Every decision item left out (partial application), with its step."""
        return tuple((s, k) for s in self.steps for k in s.skipped)

    @property
    def marks(self) -> Marks:
        """The articles the left-out items concern, in the numbering of the text in force."""
        return carried_marks(self.steps)


def carried_marks(steps) -> Marks:
    """Each step's marks carried through the renumbering of the later steps."""
    marks = Marks()
    for s in steps:
        marks = marks.then(s.result).merge(s.marks)
    return marks


class NoTextError(LookupError):
    """The work has no text to start from for the asked date."""


def _run(work: Work, base: Event, base_text: str | None, steps: tuple[Event, ...], *,
         partial: bool = False):
    if base_text is None:
        raise NoTextError(
            f"《{work.title}》没有可作为基础的文本（原文不可得，也没有推导文本）",
            f"{work.title}: no base text is available (no original and no derived text)")
    regulation = parse(work.read(base_text)).regulation
    done = []
    for event in steps:
        if partial:
            done.append(partial_step(event, regulation, work.read(event.text), work.title))
        else:
            decision = parse_decision(work.read(event.text))
            done.append(Step(event, decision, apply(regulation, decision, target=work.title)))
        regulation = done[-1].result.regulation
    return regulation, tuple(done)


def partial_step(event: Event, regulation: Regulation, text: str, target: str | None) -> Step:
    """A step that applies what it can of the decision ``text`` (nothing when it cannot be
    applied at all: the text stays as it was, and the step says so)."""
    p = apply_partial(regulation, text, target=target)
    return _step_of(event, regulation, p)


def _step_of(event: Event, regulation: Regulation, p: Partial) -> Step:
    decision = p.decision or Decision(
        title=event.title or "", body=None, meeting=None, dates=Dates(), targets=(), aliases=(),
        formula=None, sections=(), items=(), flags=Flags(), warnings=())
    result = p.result if p.result is not None else identity(regulation)
    return Step(event, decision, result, p.skipped, p.marks(regulation))


def consolidate(work: Work, date: dt.date, *, partial: bool = False) -> Consolidation:
    plan = timeline.plan(work, date)
    if plan.status != "in_force":
        return Consolidation(work, date, plan, None, (), partial)
    regulation, steps = _run(work, plan.base, plan.base_text, plan.steps, partial=partial)
    note = HistoryNote(timeline.history_note(work, date), bracketed=True)
    return Consolidation(work, date, plan, attrs.evolve(regulation, note=note), steps, partial)


def as_of(work: Work, date: dt.date) -> Consolidation:
    """The text of ``work`` in force on ``date`` (the same as ``consolidate``)."""
    return consolidate(work, date)


@attrs.frozen
class WorkCheck:
    """One official text of a work checked against the engine's consolidation of its state."""

    text_id: str
    event: Event
    report: verify.Report
    #: items left out (partial application only), with the step of each
    skipped: tuple[tuple[Step, Skipped], ...] = ()
    marks: Marks = attrs.Factory(Marks)


def verify_work(work: Work, *, partial: bool = False) -> tuple[WorkCheck, ...]:
    """Every republished (or revised, or original) text that shows a state reached by applying
    decisions is checked against the engine's consolidation of that state (with
    ``partial=True``, applying what can be applied of each decision)."""
    out = []
    for event in work.events:
        if event.kind != "republication" or not event.text:
            continue
        state = timeline.text_state(work, event.text)
        if state is None or not state.steps:
            continue
        base_text = timeline.plan(work, timeline.effective(state.base)).base_text
        regulation, steps = _run(work, state.base, base_text, state.steps, partial=partial)
        expected = parse(work.read(event.text)).regulation
        day = timeline.announced(event) or timeline.effective(state.steps[-1])
        generated = timeline.history_note(work, max(day, timeline.effective(state.steps[-1])))
        official = expected.note.lines if expected.note else ()
        note = verify.NoteCheck(tuple(generated), tuple(official),
                                timeline.note_matches(generated, official),
                                timeline.note_diff(generated, official))
        out.append(WorkCheck(event.text, event, _compare(regulation, expected, steps, note),
                             tuple((s, k) for s in steps for k in s.skipped),
                             carried_marks(steps)))
    return tuple(out)


def _compare(regulation: Regulation, expected: Regulation, steps, note=None) -> verify.Report:
    provenance: dict = {}
    written: dict = {}
    boundary: set = set()
    wording = any(s.decision.flags.wording for s in steps)
    for s in steps:
        # carry earlier provenance through later renumbering
        provenance = {s.result.articles.get(k, k): v for k, v in provenance.items()
                      if s.result.articles.get(k, k) is not None}
        boundary = {s.result.articles.get(k, k) for k in boundary} - {None}
        boundary |= {_key_of(w.article) for w in s.result.warnings
                     if w.code == "division-boundary" and _key_of(w.article) is not None}
        written = {s.result.articles.get(k, k): v for k, v in written.items()
                   if s.result.articles.get(k, k) is not None}
        for k, items in s.result.provenance.items():
            provenance[k] = tuple(dict.fromkeys(provenance.get(k, ()) + items))
        for k, words in s.result.written.items():
            written[k] = written.get(k, ()) + words
    return verify.compare(regulation, expected, provenance=provenance, wording=wording,
                          written=written, note=note,
                          divisions_open=any(verify.divisions_open(s.result.warnings)
                                             for s in steps),
                          boundary=frozenset(boundary))


def _key_of(label: str | None):
    try:
        return numerals.parse_article_label(label) if label else None
    except ValueError:
        return None


def verify_texts(base: str, decision: str, expected: str, *, target: str | None = None):
    """Apply ``decision`` (text) to ``base`` (text) and compare with ``expected`` (text)."""
    from amend.structure import parse_source

    before = parse_source(base).regulation
    dec = parse_decision(decision)
    result = apply(before, dec, target=target)
    after = parse_source(expected).regulation
    step = Step(Event(kind="amendment"), dec, result)
    return result, _compare(result.regulation, after, (step,))


def verify_partial(base: str, decision: str, expected: str, *,
                   target: str | None = None) -> tuple[Partial, verify.Report]:
    """``verify_texts`` applying what can be applied of ``decision``: the ``Partial`` (items
    read, applied, left out) and the comparison of that text with ``expected``.  When nothing
    can be applied, the text before is compared as it is."""
    from amend.structure import parse_source

    before = parse_source(base).regulation
    p = apply_partial(before, decision, target=target)
    after = parse_source(expected).regulation
    step = _step_of(Event(kind="amendment"), before, p)
    return p, _compare(step.result.regulation, after, (step,))


@attrs.frozen
class Change:
    """A decision that changed an article: the event (dates, title), its items, and the
    article's number before it when the decision renumbered it (None when it kept it)."""

    event: Event
    items: tuple[str, ...]
    old: str | None = None


def article_history(c: Consolidation) -> dict[tuple[int, int], tuple[Change, ...]]:
    """For each article of the consolidated text, the decisions (and their items) that changed
    it, oldest first: provenance followed through every step's renumbering and splits."""
    history: dict[tuple[int, int], tuple[Change, ...]] = {}
    for step in c.steps:
        result = step.result
        carried: dict[tuple[int, int], tuple[Change, ...]] = {}
        before: dict[tuple[int, int], str] = {}
        for old, new in result.articles.items():
            targets = result.splits.get(old, ()) if new is None else (new,)
            for key in targets:
                carried[key] = carried.get(key, ()) + history.get(old, ())
                if key != old:
                    before[key] = numerals.article_label(*old)
        for key in dict.fromkeys([*result.provenance, *before]):
            items = tuple(result.provenance.get(key, ()))
            carried[key] = carried.get(key, ()) + (Change(step.event, items, before.get(key)),)
        history = carried
    return history
