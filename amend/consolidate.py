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

from amend.codecache import attrs

from typing import TYPE_CHECKING

from amend import numerals, timeline
from amend.apply import ApplyResult, apply
from amend.apply.partial import Marks, Partial, Skipped, apply_partial, identity
from amend.corpus import Event, Work
from amend.decision.memo import parse_decision
from amend.model import HistoryNote, Regulation
from amend.ops import Dates, Decision, Flags
from amend.structure import parse

if TYPE_CHECKING:
    from amend import verify


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


@attrs.frozen
class Reconstruction:
    """How a text in force was reconstructed rather than read: its base is a "derived" text,
    made by inverse application of ``decision`` to the text ``source``; ``lacunae`` are the
    provisions (of the text in force) whose words are unknown."""

    text: str  # id of the derived text
    source: str  # id of the text it was derived from
    source_zh: str  # "2021年7月30日重新公布的文本"
    source_en: str
    decision: str  # id of the decision's text
    decision_title: str
    decision_date: dt.date | None
    lacunae: tuple[str, ...]

    @property
    def sentence_zh(self) -> str:
        day = f"（{timeline.date_zh(self.decision_date)}通过）" if self.decision_date else ""
        gaps = ("；" + "、".join(self.lacunae) + "原文不详") if self.lacunae else "；没有原文不详的条款"
        return (f"本文本不是官方文本，而是由{self.source_zh}逆向适用《{_angle(self.decision_title)}》"
                f"{day}推导而成{gaps}。")

    @property
    def sentence_en(self) -> str:
        day = f" (adopted {self.decision_date})" if self.decision_date else ""
        gaps = ("; lacunae (words unknown): " + ", ".join(self.lacunae)) if self.lacunae \
            else "; no provision is a lacuna"
        return (f"Not an official text: reconstructed by inverse application of "
                f"{self.decision_title}{day} to {self.source_en}{gaps}.")


def _angle(title: str) -> str:
    return title.replace("《", "〈").replace("》", "〉")


def _describe_text(work: Work, text_id: str) -> tuple[str, str]:
    """A text of the work in words: "2021年7月30日重新公布的文本" / "the text republished on …"."""
    try:
        role = work.text(text_id).role
    except LookupError:
        return f"文本“{text_id}”", f"the text {text_id!r}"
    event = next((e for e in work.events if e.text == text_id), None)
    day = (event.promulgated or event.adopted or event.in_force) if event else None
    if role == "republished":
        if day:
            return (f"{timeline.date_zh(day)}重新公布的《{work.title}》文本",
                    f"the text of {work.title} republished on {day}")
        return f"重新公布的《{work.title}》文本", f"the republished text of {work.title}"
    if role == "derived":
        return f"推导的《{work.title}》文本（{text_id}）", f"the derived text {text_id!r}"
    when = f"{timeline.date_zh(day)}" if day else ""
    return f"{when}《{work.title}》文本", f"the text of {work.title}" + (f" of {day}" if day else "")


def lacuna_labels(regulation: Regulation) -> tuple[str, ...]:
    """The provisions whose words are unknown: whole articles ("第三十条"), else paragraphs
    ("第十条第二款"), in document order."""
    out = []
    for a in regulation.articles():
        if a.is_lacuna:
            out.append(a.label)
            continue
        out.extend(f"{a.label}第{numerals.int_to_cn(k)}款"
                   for k, p in enumerate(a.paragraphs, 1) if p.is_lacuna)
    return tuple(out)


def reconstruction(c: Consolidation) -> Reconstruction | None:
    """How the text in force was reconstructed (None when its base was read, not derived, or
    when the decision the derivation undid is applied again and no lacuna is left)."""
    if c.regulation is None or not c.plan.base_text:
        return None
    try:
        text = c.work.text(c.plan.base_text)
    except LookupError:
        return None
    src = text.derived_from
    if text.role != "derived" or src is None:
        return None
    lacunae = lacuna_labels(c.regulation)
    if not lacunae and any(e.text == src.decision for e in c.plan.steps):
        return None  # the inverted decision was applied again: the words are all known
    decision = next((e for e in c.work.events if e.text == src.decision), None)
    zh, en = _describe_text(c.work, src.text)
    return Reconstruction(
        text.id, src.text, zh, en, src.decision,
        (decision.title if decision and decision.title else src.decision),
        (decision.adopted or decision.promulgated) if decision else None, lacunae)


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
    from amend import verify

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
    from amend import verify

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


#: The kinds of an article's history entry, and the word for each.
CHANGE_KINDS = {"added": "增加", "modified": "修改", "replaced": "整条修改", "split": "拆分",
                "renumbered": "序号调整"}


@attrs.frozen
class Change:
    """A decision that changed an article: the event (dates, title), its items, the article's
    number before it when the decision renumbered it (None when it kept it) and the ``kind``
    of change: added (the decision inserted the article), replaced (restated it whole),
    split (made it from part of an article), modified (changed its words) or renumbered (only
    its number changed, by the reordering)."""

    event: Event
    items: tuple[str, ...]
    old: str | None = None
    kind: str = "modified"


def article_history(c: Consolidation) -> dict[tuple[int, int], tuple[Change, ...]]:
    """For each article of the consolidated text, the decisions (and their items) that changed
    it, oldest first: provenance followed through every step's renumbering and splits."""
    history: dict[tuple[int, int], tuple[Change, ...]] = {}
    for step in c.steps:
        result = step.result
        carried: dict[tuple[int, int], tuple[Change, ...]] = {}
        before: dict[tuple[int, int], str] = {}
        origin: dict[tuple[int, int], tuple[int, int]] = {}
        split_into: set = set()
        for old, new in result.articles.items():
            targets = result.splits.get(old, ()) if new is None else (new,)
            for key in targets:
                carried[key] = carried.get(key, ()) + history.get(old, ())
                origin.setdefault(key, old)
                if new is None:
                    split_into.add(key)
                if key != old:
                    before[key] = numerals.article_label(*old)
        added = set(result.added)
        for key in dict.fromkeys([*result.provenance, *before]):
            items = tuple(result.provenance.get(key, ()))
            if key in added and key not in origin:
                kind = "added"
            elif key in split_into:
                kind = "split"
            elif items and origin.get(key) in result.replaced:
                kind = "replaced"
            elif items:
                kind = "modified"
            else:
                kind = "renumbered"
            old = before.get(key) if kind != "added" else None
            carried[key] = carried.get(key, ()) + (Change(step.event, items, old, kind),)
        history = carried
    return history


# ---- a whole corpus at once (``amend consolidate --corpus DIR --all``) -----------------------


def batch_work(folder: str, date: dt.date, partial: bool, fmt: str) -> tuple[dict, str | None]:
    """One work of a corpus folder consolidated on ``date``, as ``amend consolidate WORK
    --as-of DATE [--partial] [--format FMT]`` prints it: the summary row (``name``, ``title``,
    ``status``, ``articles``, ``lacunae``, ``skipped``, ``warnings``, ``error``, ``ok``) and the
    output (None when the work could not be consolidated: ``error`` says why).  Never raises;
    a top-level function so that a process pool can run it."""
    import json
    from pathlib import Path

    from amend import views
    from amend.corpus import load_work

    row = {"name": Path(folder).name, "title": None, "status": "error", "articles": 0,
           "lacunae": 0, "skipped": 0, "warnings": 0, "error": None, "ok": False}
    try:
        work = load_work(Path(folder))
        row["name"], row["title"] = work.slug, work.title
        c = consolidate(work, date, partial=partial)
        context = views.consolidation_context(c)
    except NoTextError as exc:
        return {**row, "error": " / ".join(exc.args)}, None
    except Exception as exc:  # noqa: BLE001 - one broken work must not end the batch
        return {**row, "error": f"{type(exc).__name__}: {exc}".split("\n", 1)[0]}, None
    row.update(status=c.plan.status, articles=context["articles"],
               lacunae=len(context["lacunae"]), skipped=len(c.skipped),
               warnings=len(context["warnings"]), ok=bool(c.in_force and not c.skipped))
    if fmt == "json":
        out = json.dumps(context, ensure_ascii=False, indent=2)
    elif c.in_force:
        out = views.printed_text(c, context)
    else:
        out = f"{context['message']} / {context['message_en']}"
    return row, out + "\n"
