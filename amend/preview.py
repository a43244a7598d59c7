"""A drafter's preview: every problem in a draft decision, and what it would do to the text.

Contract: ``preview(base, draft_text, target=None)`` never writes anything.  It reads the draft
with ``parse_draft`` (an item that cannot be read is a problem and is left out, so one bad clause
does not hide the others), applies it to ``base`` — and when an item cannot be applied exactly
(a target that does not exist, words not found, two items on one provision, an explicit
renumbering that disagrees with the computed order) records the ``ApplyError`` as a problem,
leaves that item out and applies the rest again — then lints the result: words found several
times, numbering that changes without "对条文顺序作相应调整", references left pointing at deleted,
split or moved provisions, items out of article order, two items on one provision, and words the
draft writes that cite a provision the amended text does not have ("依照本条例第四十条").  Every
``Problem`` names the item and carries the clause, line, column and caret position in the draft.
``Preview.changes`` is the redline of the base against the text the applicable items give.
"""

from __future__ import annotations

import bisect
import itertools

from amend.codecache import attrs

from amend import numerals
from amend.apply import ApplyResult, apply
from amend.apply.engine import State, _word_lists
from amend.apply.finish import finish
from amend.apply.target import select
from amend.apply.citations import find_citations
from amend.apply.errors import ApplyError, ApplyWarning, item_label
from amend.decision.diagnose import DecisionError, _window, display_width
from amend.decision.parser import parse_draft
from amend.diff import Changes, Link, compare
from amend.model import Regulation
from amend.ops import (
    AddArticles,
    Decision,
    DecisionItem,
    Delete,
    Payload,
    Ref,
    Renumber,
    Replace,
    Source,
)

ERROR, WARNING = "error", "warning"

#: Apply warnings a drafter must see, with the lint code they are reported under.
_WARNINGS = {
    "phrase-several": "phrase-several",
    "scope-widened": "scope-widened",
    "list-separator-added": "list-separator-added",
    "renumber-without-reorder": "reorder-missing",
    "reference-to-deleted": "reference-stale",
    "reference-to-split": "reference-stale",
    "reference-to-nothing": "reference-stale",
    "reference-into-replaced": "reference-stale",
    "relative-reference-moved": "reference-stale",
    "relative-reference-shifted": "reference-stale",
    "range-changed": "reference-stale",
    "division-boundary": "division-boundary",
    "division-emptied": "division-emptied",
}


@attrs.frozen
class Problem:
    """One problem in the draft: ``code`` stable, ``severity`` error or warning, ``message``
    bilingual; where: ``item`` (as the draft numbers it), ``line``/``col`` (1-based) and the
    ``clause`` with ``column`` the 0-based position of the caret inside it."""

    code: str
    severity: str
    message: str
    item: str | None = None
    line: int = 0
    col: int = 0
    clause: str = ""
    column: int = 0

    def render(self) -> str:
        where = []
        if self.item:
            where.append(f"第{self.item}项（item {self.item}）")
        if self.line:
            where.append(f"第{self.line}行第{self.col}列（line {self.line}, column {self.col}）")
        head = f"{'错误 / error' if self.severity == ERROR else '警告 / warning'} [{self.code}]"
        out = [head + (f" {'，'.join(where)}" if where else "") + "："]
        if self.clause:
            shown, column = _window(self.clause.split("\n", 1)[0] if self.column <= self.clause.find("\n")
                                    or "\n" not in self.clause else self.clause, self.column)
            out.append("  " + shown)
            out.append("  " + " " * display_width(shown[:column]) + "^")
        out.append("  " + self.message)
        return "\n".join(out)

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "item": self.item, "line": self.line, "col": self.col, "clause": self.clause,
                "column": self.column}


@attrs.frozen
class Preview:
    base: Regulation
    decision: Decision | None
    problems: tuple[Problem, ...]
    result: ApplyResult | None  # the draft minus the items that could not be read or applied
    excluded: tuple[str, ...]  # items left out, as labels
    changes: Changes | None

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


def _from_error(code: str, error: DecisionError) -> Problem:
    item = error.item
    if error.section and error.item and not error.item.startswith(error.section):
        item = f"{error.section}（{error.item}）"
    return Problem(code, ERROR, f"{error.zh} / {error.en}", item, error.line, error.col,
                   error.clause, error.column)


def _at(source: Source, needle: str | None, code: str, severity: str, message: str,
        omnibus: bool) -> Problem:
    """A problem at ``needle`` inside the clause of ``source`` (its start when not found)."""
    clause = source.clause
    column = max(clause.find(needle), 0) if needle else 0
    line, col = source.line, source.col + column
    if "\n" in clause[:column]:
        line += clause.count("\n", 0, column)
        col = column - clause.rfind("\n", 0, column)
    return Problem(code, severity, message, item_label(source, omnibus), line, col, clause, column)


def _label(item: DecisionItem, omnibus: bool) -> str | None:
    return item_label(item.ops[0].source, omnibus) if item.ops else item.number


def _apply_all(base: Regulation, decision: Decision, target: str | None):
    """Apply, leaving out each item whose operation cannot be applied; the errors found.

    The rule is the simple loop (``_exclude_one_by_one``): apply; at the first ``ApplyError``
    leave its item out and apply the rest again.  Done literally that costs one whole application
    per failing item — quadratic in a long draft with many problems — so the failing items are
    first found in one pass (``_speculate``) and only then is the loop run, from the draft
    without them.  The pass reproduces the loop exactly when a failing item leaves nothing
    behind; so that a trace it does leave can never change the outcome, the pass is accepted
    only when its text, maps and log equal those of the clean application of the remaining
    items (or both fail alike), and the literal loop is run otherwise."""
    omnibus = bool(decision.sections)
    guessed = _speculate(base, decision, target, omnibus)
    if guessed is None:
        return _exclude_one_by_one(base, decision, target, [], [])
    failures, result, error = guessed
    if not failures:  # the pass was an application of the whole draft
        if result is not None:
            return result, [], []
        return _exclude_one_by_one(base, decision, target, [], [], error)
    outcome = _outcome(result, error)
    keys = {key for key, _ in failures}
    rest = attrs.evolve(decision, items=tuple(it for it in decision.items
                                              if _item_key(it, omnibus) not in keys))
    result, error = _attempt(base, rest, target)
    if _outcome(result, error) != outcome:  # the pass was not the loop: do it literally
        return _exclude_one_by_one(base, decision, target, [], [])
    problems = [_from_error(e.code, e) for _, e in failures]
    excluded = [label for (label, _), _ in failures]
    if result is not None:
        return result, problems, excluded
    return _exclude_one_by_one(base, rest, target, problems, excluded, error)


def _attempt(base: Regulation, decision: Decision, target: str | None):
    try:
        return apply(base, decision, target=target), None
    except ApplyError as error:
        return None, error


def _exclude_one_by_one(base: Regulation, decision: Decision, target: str | None,
                        problems: list[Problem], excluded: list[str],
                        error: ApplyError | None = None):
    """The loop itself; ``error`` is what applying ``decision`` gave when that is known."""
    omnibus = bool(decision.sections)
    current = decision
    for _ in range(len(decision.items) + 1):
        if error is None:
            result, error = _attempt(base, current, target)
            if result is not None:
                return result, problems, excluded
        label = error.item
        keep = [it for it in current.items if _label(it, omnibus) != label
                or (omnibus and it.section != error.section)]
        problems.append(_from_error(error.code, error))
        if label is None or len(keep) == len(current.items):
            return None, problems, excluded
        excluded.append(label)
        current = attrs.evolve(current, items=tuple(keep))
        error = None
    return None, problems, excluded


def _item_key(item: DecisionItem, omnibus: bool) -> tuple[str | None, str | None]:
    return _label(item, omnibus), item.section if omnibus else None


def _speculate(base: Regulation, decision: Decision, target: str | None, omnibus: bool):
    """One pass over the operations in which an item that fails is skipped, not restarted from:
    ([(item key, its ApplyError)] in the order the loop would meet them, and the result or the
    ``ApplyError`` of finishing that pass — with no failure, exactly what ``apply`` gives) — None
    when the pass cannot stand for the loop (an error that names no item, or another item than
    the one being applied).  An item that fails after some of its clauses were applied has
    certainly changed the working copy: the copy is then rebuilt from the items applied so far."""
    try:
        ops = _word_lists(select(decision, target or "".join(base.title)))
    except ApplyError:
        return None
    failures: list[tuple[tuple, ApplyError]] = []
    failed: set[tuple] = set()
    applied: list = []  # operations of the items that have not failed, in order
    state = State(base, decision)
    k = 0
    while k < len(ops):
        key = (item_label(ops[k].source, omnibus), ops[k].source.section if omnibus else None)
        j = k
        while j < len(ops) and (item_label(ops[j].source, omnibus),
                                ops[j].source.section if omnibus else None) == key:
            j += 1
        item_ops = ops[k:j]
        k = j
        if key in failed:  # an item whose clauses are not contiguous, after it failed
            continue
        for n, op in enumerate(item_ops):
            try:
                state.apply(op)
            except ApplyError as error:
                if error.item is None or (error.item, error.section if omnibus else None) != key:
                    return None
                failures.append((key, error))
                failed.add(key)
                if n:  # its first clauses were applied: start again without them
                    state = State(base, decision)
                    for done in applied:
                        state.apply(done)
                break
            except Exception:  # noqa: BLE001 - not swallowed: the literal loop runs instead
                if not failures:
                    raise  # the working copy is clean: a defect, shown as it is
                return None  # a trace of a failed item may be the cause: the loop decides
        else:
            applied.extend(item_ops)
    if any(key in failed for key in _keys_of(applied, omnibus)):
        return None  # an item met again after it failed: the loop would not have applied it
    try:
        return failures, finish(state), None
    except ApplyError as error:
        return failures, None, error
    except Exception:  # noqa: BLE001 - as above
        if not failures:
            raise
        return None


def _keys_of(ops, omnibus: bool):
    return {(item_label(op.source, omnibus), op.source.section if omnibus else None) for op in ops}


def _outcome(result: ApplyResult | None, error: ApplyError | None):
    """What an application gave, comparable: the result, or the error (code, where, message)."""
    if result is None:
        return ("error", error.code, error.item, error.section, error.line, error.col, error.zh)
    return ("result", result.regulation, result.articles, result.paragraphs, result.items,
            result.log, result.warnings)


def _item_sources(decision: Decision, omnibus: bool) -> dict[str, Source]:
    return {_label(it, omnibus): it.ops[0].source for it in decision.items if it.ops}


def _refs_of(op):
    """The provisions an operation names in the text before the decision."""
    if isinstance(op, Renumber):
        values = [old for old, _ in op.pairs]
    else:
        values = []
        for name in ("target", "targets", "article", "parent", "anchor"):
            value = getattr(op, name, None)
            values.extend(value if isinstance(value, tuple) else (value,) if value else ())
    for ref in values:
        if isinstance(ref, Ref) and ref.article is not None and ref.numbering != "new":
            yield ref


def _order_problems(decision: Decision, result: ApplyResult, omnibus: bool) -> list[Problem]:
    """"Items out of article order": the amended text is read top to bottom, and so are the
    items of a decision (立法技术规范); an item that goes back up is probably misplaced."""
    by_old = sorted((old, new) for old, new in result.articles.items() if new is not None)
    olds = [old for old, _ in by_old]
    latest = list(itertools.accumulate((new for _, new in by_old), max))  # the last new key so far

    def place(key) -> float:
        new = result.articles.get(key)
        if new is not None:
            return new[0] + new[1] / 1000
        k = bisect.bisect_left(olds, key)  # a deleted article: after its predecessor
        return (latest[k - 1][0] + 0.5) if k else 0.5

    out, last = [], None
    for item in decision.items:
        places = []
        for op in item.ops:
            if isinstance(op, AddArticles) and op.positions and op.positions[0].article:
                places.append(float(op.positions[0].article))  # "作为第六条": a final number
            elif isinstance(op, AddArticles) and op.anchor is not None:
                places.append(place(op.anchor.article_key) + 0.25)  # "在第五条后增加一条"
            else:
                places.extend(place(ref.article_key) for ref in _refs_of(op))
        if not places:
            continue
        here = min(places)
        if last is not None and here < last[0] and item.section == last[1]:
            src = item.ops[0].source
            ref = next(_refs_of(item.ops[0]), None)
            out.append(_at(src, ref.written if ref else None, "items-out-of-order", WARNING,
                           "本项所改条文位于前一项之前，修改决定各项应按条文顺序排列 / this item "
                           "amends a provision placed before the previous item's: items should "
                           "follow the order of the articles", omnibus))
        last = (max(here, last[0]) if last and item.section == last[1] else here, item.section)
    return out


def _twice_problems(decision: Decision, omnibus: bool) -> list[Problem]:
    """Two items replacing or deleting one and the same provision ("将第三十条修改为" twice)."""
    seen: dict[tuple, Source] = {}
    out = []
    for item in decision.items:
        for op in item.ops:
            if not isinstance(op, (Replace, Delete)):
                continue
            for ref in _refs_of(op):
                key = (item.section, ref.article_key, ref.paragraph, ref.item)
                first = seen.get(key)
                if first is not None and item_label(first, omnibus) != item_label(op.source, omnibus):
                    out.append(_at(op.source, ref.written, "same-provision-twice", ERROR,
                                   f"{ref.label()}已由第{item_label(first, omnibus)}项修改，本项再次修改"
                                   f" / {ref.written} is already amended by item "
                                   f"{item_label(first, omnibus)}", omnibus))
                seen.setdefault(key, op.source)
    return out


def _written(op) -> tuple[str, ...]:
    """The words an operation writes into the text (in the amended numbering)."""
    text = getattr(op, "text", None)
    if isinstance(text, Payload):
        return text.paragraphs
    words = [text] if isinstance(text, str) else []
    words.extend(w for w in (getattr(op, "new", None),) if isinstance(w, str))
    return tuple(words)


def _exists(regulation: Regulation, el) -> bool:
    article = regulation.find_article(*el.article)
    if article is None:
        return False
    if el.paragraph is not None and el.paragraph > len(article.paragraphs):
        return False
    if el.item is not None:
        paragraphs = ([article.paragraphs[el.paragraph - 1]] if el.paragraph is not None
                      else [p for p in article.paragraphs if p.items])
        return any(el.item <= len(p.items) for p in paragraphs)
    return True


def _written_reference_problems(decision: Decision, result: ApplyResult,
                                omnibus: bool) -> list[Problem]:
    """"本条例第四十条" in the words the draft writes: they speak the amended numbering, so the
    provision they cite must exist in the text as drafted."""
    out = []
    for item in decision.items:
        for op in item.ops:
            for words in _written(op):
                for citation in find_citations(words):
                    if citation.external or citation.relative:
                        continue
                    for el in citation.elements:
                        if el.anchor != "explicit" or el.article is None or _exists(result.regulation, el):
                            continue
                        out.append(_at(op.source, citation.written, "reference-in-draft-missing",
                                       WARNING, f"本项新写入的文字引用了{citation.written}，但修改后的文本中没有所引用的条款 / "
                                       f"the words this item writes cite {citation.written}, which the "
                                       f"amended text does not have", omnibus))
    return out


def _citing(decision: Decision) -> dict:
    """Article key → (source, written) of the first operation that names it (before)."""
    out: dict = {}
    for item in decision.items:
        for op in item.ops:
            for ref in _refs_of(op):
                out.setdefault(ref.article_key, (op.source, ref.written))
    return out


def _warning_problem(w: ApplyWarning, citing: dict, sources: dict[str, Source],
                     omnibus: bool) -> Problem:
    code = _WARNINGS.get(w.code, w.code)
    message = w.message + (f"（{w.article}）" if w.article and w.article not in w.message else "")
    if w.item and w.item in sources:
        return _at(sources[w.item], None, code, WARNING, message, omnibus)
    if w.cited is not None and w.cited in citing:  # the item that deleted, split or moved it
        source, written = citing[w.cited]
        return _at(source, written, code, WARNING, message, omnibus)
    return Problem(code, WARNING, message, w.item)


def preview(base: Regulation, draft: str, *, target: str | None = None) -> Preview:
    decision, read_errors = parse_draft(draft)
    problems = [_from_error("cannot-read", e) for e in read_errors]
    if decision is None:
        return Preview(base, None, tuple(problems), None, (), None)
    omnibus = bool(decision.sections)
    problems.extend(_twice_problems(decision, omnibus))
    result, apply_problems, excluded = _apply_all(base, decision, target)
    for p in apply_problems:  # the static check already named a provision amended twice
        if not any(q.code == p.code and q.item == p.item for q in problems):
            problems.append(p)
    for w in decision.warnings:
        problems.append(Problem(w.code, WARNING, w.message, w.item, w.line, w.col))
    changes = None
    if result is not None:
        problems.extend(_order_problems(decision, result, omnibus))
        problems.extend(_written_reference_problems(decision, result, omnibus))
        sources = _item_sources(decision, omnibus)
        citing = _citing(decision)
        problems.extend(_warning_problem(w, citing, sources, omnibus) for w in result.warnings)
        changes = compare(base, result.regulation, Link.from_result(result, decision.title))
    problems.sort(key=lambda p: (p.line == 0, p.line, p.col, p.severity != ERROR, p.code))
    return Preview(base, decision, tuple(problems), result, tuple(excluded), changes)


def renumbering(result: ApplyResult) -> list[tuple[str, str]]:
    """(old label, new label) for every article whose number changed."""
    return [(numerals.article_label(*o), numerals.article_label(*n))
            for o, n in result.renumbered().items()]
