"""Word edits inside one provision, written so that the engine reads exactly what was meant.

Contract: ``line_edits(old, new, scope, ref)`` turns the change of one line (a paragraph or an
item: ``old`` → ``new``, both as the text *before* the decision stands and as it must read after
it) into word clauses — "将第X条第Y款中的“A”修改为“B”", "在…中的“A”后增加“B”", "删去…中的“A”" —
or returns None when no sequence of word clauses does it exactly.  ``scope`` is the list of texts
the clause's provision covers for the engine (a paragraph and its items; an item and its
subitems; the whole article for a one-paragraph article), ``line`` the index of the edited text
in it.  Every quoted phrase occurs exactly once in its scope as the text stands when the clause
is read (earlier clauses of the same provision applied), and every clause is simulated with the
engine's own phrase functions (``amend.apply.phrases``: the 、 an enumeration keeps or loses, a
substitution whose new words contain the old, words an earlier clause wrote): the clauses are
returned only if the simulation gives ``new`` and leaves the rest of the scope alone.

The drafter's rule (``prefer_restatement``): a line is restated whole ("修改为：“…”") when more
than ``MAX_HUNKS`` separate places change in it, or when the changed characters (deleted plus
inserted) are more than ``RESTATE_SHARE`` of its characters (old plus new); otherwise its
changes are written as word edits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from amend.codecache import attrs

from amend.apply import phrases
from amend.apply.working import Text
from amend.diff import textdiff
from amend.ops import DeleteWords, InsertWords, Ref, Source, Substitute

#: More separate changes than this in one line: restate the line.
MAX_HUNKS = 3
#: Changed share of a line's characters above which the line is restated.
RESTATE_SHARE = 0.5
#: The longest context a quoted phrase may take on to become unique.
MAX_CONTEXT = 24

_WORDY = re.compile(r"[\w\u3400-\u9fff]")
NO_SOURCE = Source(None, None, "", 0, 0)


@attrs.frozen
class Hunk:
    """A change in a line: old[start:end] becomes ``text``."""

    start: int
    end: int
    text: str


def hunks(old: str, new: str) -> list[Hunk]:
    """The places where ``old`` and ``new`` differ, left to right (textdiff segments)."""
    out: list[Hunk] = []
    at, pending = 0, None
    for seg in textdiff.diff(old, new):
        if seg.op == textdiff.EQUAL:
            if pending is not None:
                out.append(pending)
                pending = None
            at += len(seg.text)
            continue
        if pending is None:
            pending = Hunk(at, at, "")
        if seg.op == textdiff.DELETE:
            at += len(seg.text)
            pending = attrs.evolve(pending, end=at)
        else:
            pending = attrs.evolve(pending, text=pending.text + seg.text)
    if pending is not None:
        out.append(pending)
    return out


def changed_share(old: str, new: str, found: Sequence[Hunk]) -> float:
    """Deleted plus inserted characters over old plus new characters."""
    total = len(old) + len(new)
    if not total:
        return 0.0
    return sum((h.end - h.start) + len(h.text) for h in found) / total


def prefer_restatement(old: str, new: str, found: Sequence[Hunk] | None = None) -> bool:
    """The drafter's rule of the module contract: restate rather than edit words."""
    found = hunks(old, new) if found is None else found
    return len(found) > MAX_HUNKS or changed_share(old, new, found) > RESTATE_SHARE


class _Holder:
    """A text the engine's phrase functions can edit (anything with ``text: Text``)."""

    def __init__(self, text: Text):
        self.text = text


def _state(holders) -> list[Text]:
    return [h.text for h in holders]


def _restore(holders, state: list[Text]) -> None:
    for h, t in zip(holders, state):
        h.text = t


def _simulate(op, holders) -> bool:
    """Apply ``op`` to ``holders`` as the engine's ``handlers.words`` does for one explicit
    provision; False (holders unchanged) when the engine would refuse it or find the words
    other than exactly once."""
    saved = _state(holders)
    if isinstance(op, Substitute):
        (old, new), = op.pairs
        old_only = phrases.prefer_old(holders, old, False, new=new)
        if phrases.count(holders, old, False, new=new, old_only=old_only) != 1:
            return False
        phrases.substitute(holders, old, new, False, old_only=old_only)
    elif isinstance(op, DeleteWords):
        phrase, = op.phrases
        if phrases.count(holders, phrase) != 1:
            return False
        old_only = phrases.prefer_old(holders, phrase, False)
        if phrases.delete(holders, phrase, "anywhere", False, old_only=old_only) != 1:
            _restore(holders, saved)
            return False
    elif isinstance(op, InsertWords):
        if phrases.count(holders, op.anchor) != 1:
            return False
        phrases.insert(holders, op.anchor, op.text, op.where)
    return True


def _unique(holders, phrase: str) -> bool:
    return bool(phrase) and phrases.count(holders, phrase) == 1


def _contexts(value: str, start: int, end: int):
    """Spans around [start, end) growing by one character at a time, left then right."""
    lo, hi = start, end
    yield lo, hi
    for _ in range(MAX_CONTEXT):
        grew = False
        if lo > 0:
            lo -= 1
            grew = True
            yield lo, hi
        if hi < len(value):
            hi += 1
            grew = True
            yield lo, hi
        if not grew:
            return


def _candidates(value: str, h: Hunk, ref: Ref):
    """Clauses that could make the change ``h`` in ``value``, the drafter's choice first:
    "删去…中的“A”" / "在…中的“A”后增加“B”" (or 前) / "将…中的“A”修改为“B”"."""
    old = value[h.start:h.end]
    if old and not h.text:  # 删去第X条第Y款中的“A”
        for lo, hi in _contexts(value, h.start, h.end):
            if lo == h.start and hi == h.end:
                yield DeleteWords(NO_SOURCE, (ref,), (old,))
                break
    if not old and h.text:  # 在第X条第Y款中的“A”后增加“B”
        for lo in range(h.start - 1, max(-1, h.start - MAX_CONTEXT - 1), -1):
            anchor = value[lo:h.start]
            if len(anchor) >= 2 and _WORDY.search(anchor):
                yield InsertWords(NO_SOURCE, ref, anchor, h.text, "after")
        for hi in range(h.start + 1, min(len(value), h.start + MAX_CONTEXT) + 1):
            anchor = value[h.start:hi]
            if len(anchor) >= 2 and _WORDY.search(anchor):
                yield InsertWords(NO_SOURCE, ref, anchor, h.text, "before")
    # 将第X条第Y款中的“A”修改为“B”: the changed words, with context until they are unique
    for lo, hi in _contexts(value, h.start, h.end):
        quoted = value[lo:hi]
        if not quoted or not _WORDY.search(quoted):
            continue
        replacement = value[lo:h.start] + h.text + value[h.end:hi]
        if not replacement:
            yield DeleteWords(NO_SOURCE, (ref,), (quoted,))
        else:
            yield Substitute(NO_SOURCE, (ref,), ((quoted, replacement),))


def line_edits(scope: Sequence[str], line: int, new: str, ref: Ref) -> list | None:
    """Word clauses turning ``scope[line]`` into ``new`` (see the module contract), or None."""
    holders = [_Holder(Text(t)) for t in scope]
    target = holders[line]
    others = [t for k, t in enumerate(scope) if k != line]
    out = []
    for h in hunks(scope[line], new):
        # positions of later hunks move by what earlier clauses changed
        shift = len(target.text.value) - len(scope[line])
        h = attrs.evolve(h, start=h.start + shift, end=h.end + shift)
        value = target.text.value
        expected = value[:h.start] + h.text + value[h.end:]
        for op in _candidates(value, h, ref):
            saved = _state(holders)
            if _simulate(op, holders) and target.text.value == expected \
                    and [x.text.value for k, x in enumerate(holders) if k != line] == others:
                out.append(op)
                break
            _restore(holders, saved)
        else:
            return None
    if target.text.value != new:
        return None
    return out
