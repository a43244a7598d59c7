"""Time: which events make up the text of a work in force on a date, and its 题注.

Contract: pure date logic over a ``Work``'s events; no text is read.  An event takes effect on its
``effective`` date (``in_force``, else what ``in_force_rule`` says: 自公布/发布/印发之日起施行 → the
promulgation date, 自通过之日起施行 → the adoption date, 自2004年6月1日起施行 → that date); events
are ordered by effective date, then adoption date, then manifest order.  ``plan(work, date)``
says whether the work is in force, not yet in force or repealed on ``date`` (a repeal's date is
the first day it is no longer in force) and, as the recipe for the engine, the ``base`` (the
latest enactment or revision in force), its ``base_text`` (the base event's own text, else a
"derived" text whose derivation resolves to exactly the base), the amendment ``steps`` to apply
in order (in force on or before the date, after the base), what is ``pending`` (adopted or
promulgated but not yet in force, or with no known in-force date) and the ``republications``
whose text must equal the result (a republication shows the base and every amendment adopted
or promulgated on or before its own date, so it matches a state with exactly those steps).  A
repealed plan keeps the state of the day before the repeal.  ``versions(work)`` lists the
states in force with their date ranges, ``history_note`` writes the 题注 of the version in force
in the official style, and ``note_matches``/``note_diff`` compare it with a printed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from amend import lazyre
from amend.codecache import attrs

from amend.corpus import Event, Work
from amend.numerals import int_to_cn

STATUSES = ("in_force", "not_yet_in_force", "repealed")
BASE_KINDS = ("enactment", "revision")
CHANGE_KINDS = ("enactment", "revision", "amendment", "repeal")
NOTE_KINDS = ("enactment", "revision", "amendment")

_ON_PROMULGATION = lazyre.compile(r"自(?:公布|发布|印发)之日起(?:施行|废止)")
_ON_ADOPTION = lazyre.compile(r"自(?:通过|批准)之日起(?:施行|废止)")
_ON_DATE = lazyre.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|废止)")
_SPACE = lazyre.compile(r"\s+")
_ENTRY_START = lazyre.compile(r"(?=根据\d{4}年\d{1,2}月\d{1,2}日)|(?<!根据)(?=\d{4}年\d{1,2}月\d{1,2}日)")

_KIND_ZH = {"enactment": "制定", "amendment": "修改决定", "revision": "修订", "repeal": "废止决定"}
_KIND_EN = {"enactment": "enactment", "amendment": "amendment", "revision": "revision",
            "repeal": "repeal"}
_VERB_EN = {"通过": "adopted", "公布": "promulgated", "发布": "issued", "印发": "issued"}


@attrs.frozen
class Plan:
    """The recipe for the text of a work on ``date``: ``base_text`` (the text of ``base``), then
    ``steps`` applied in order; the result must equal the text of each of ``republications``."""

    date: dt.date
    status: str = attrs.field(validator=attrs.validators.in_(STATUSES))
    base: Event | None
    base_text: str | None
    steps: tuple[Event, ...]
    pending: tuple[Event, ...]
    republications: tuple[Event, ...]
    message_zh: str
    message_en: str


@attrs.frozen
class Version:
    """One state of the work, in force from ``start`` to ``end`` inclusive (None: still)."""

    start: dt.date
    end: dt.date | None
    base: Event
    base_text: str | None
    steps: tuple[Event, ...]
    republications: tuple[Event, ...]


@attrs.frozen
class State:
    """What a text shows: ``base`` with ``steps`` applied."""

    base: Event
    steps: tuple[Event, ...]


# ---- dates ----------------------------------------------------------------------------------


def effective(event: Event) -> dt.date | None:
    """The first day ``event`` has effect (for a repeal: the first day the work is not in force)."""
    if event.in_force:
        return event.in_force
    rule = event.in_force_rule
    if _ON_PROMULGATION.search(rule):
        return event.promulgated
    if _ON_ADOPTION.search(rule):
        return event.adopted
    m = _ON_DATE.search(rule)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def announced(event: Event) -> dt.date | None:
    """The day ``event`` was made known: adopted, else promulgated, else its effective date."""
    return event.adopted or event.promulgated or effective(event)


def date_zh(day: dt.date) -> str:
    """2004-03-31 → "2004年3月31日" (no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


@attrs.frozen
class _Dated:
    """An event with its manifest position and its dates, for ordering."""

    index: int
    event: Event
    effective: dt.date | None
    announced: dt.date | None

    @property
    def key(self) -> tuple[dt.date, dt.date, int]:
        ev = self.event
        return (self.effective or dt.date.max, ev.adopted or ev.promulgated or dt.date.max,
                self.index)


def _dated(work: Work) -> tuple[_Dated, ...]:
    return tuple(_Dated(i, ev, effective(ev), announced(ev)) for i, ev in enumerate(work.events))


def _of_kind(dated: Sequence[_Dated], kinds: tuple[str, ...]) -> list[_Dated]:
    return [x for x in dated if x.event.kind in kinds]


def _repeal(dated: Sequence[_Dated]) -> _Dated | None:
    repeals = [x for x in _of_kind(dated, ("repeal",)) if x.effective]
    return min(repeals, key=lambda x: x.key) if repeals else None


# ---- states ---------------------------------------------------------------------------------

_Raw = tuple[_Dated, tuple[_Dated, ...]]


def _state(dated: Sequence[_Dated], on, day: dt.date) -> _Raw | None:
    """The latest base with ``on(x) <= day`` and the amendments after it with ``on(x) <= day``."""
    bases = [x for x in _of_kind(dated, BASE_KINDS) if on(x) and on(x) <= day]
    if not bases:
        return None
    base = max(bases, key=lambda x: x.key)
    steps = [x for x in _of_kind(dated, ("amendment",))
             if on(x) and on(x) <= day and x.key > base.key]
    return base, tuple(sorted(steps, key=lambda x: x.key))


def _in_force_state(dated: Sequence[_Dated], day: dt.date) -> _Raw | None:
    return _state(dated, lambda x: x.effective, day)


def _published_state(dated: Sequence[_Dated], republication: _Dated) -> _Raw | None:
    """What a republication shows: the base and every amendment announced by its date."""
    day = _published_on(republication.event)
    return _state(dated, lambda x: x.announced, day) if day else None


def _published_on(republication: Event) -> dt.date | None:
    return republication.promulgated or republication.adopted or republication.in_force


def _text_state(work: Work, dated: Sequence[_Dated], text_id: str, seen=()) -> _Raw | None:
    """The state a text shows: a derived text by its derivation (the state of its source less
    the inverted decision, which must be the source's last step); else the enactment or
    revision naming it (no steps); else the republication naming it."""
    text = next((t for t in work.texts if t.id == text_id), None)
    if text is None or text_id in seen:
        return None
    if text.role == "derived":
        src = text.derived_from
        if src is None or src.method != "invert":
            return None
        before = _text_state(work, dated, src.text, (*seen, text_id))
        if before is None or not before[1] or before[1][-1].event.text != src.decision:
            return None
        return before[0], before[1][:-1]
    for x in dated:
        if x.event.text == text_id and x.event.kind in BASE_KINDS:
            return x, ()
        if x.event.text == text_id and x.event.kind == "republication":
            return _published_state(dated, x)
    return None


def text_state(work: Work, text_id: str) -> State | None:
    """The state of the law that text ``text_id`` shows; None for decisions and unknown texts."""
    raw = _text_state(work, _dated(work), text_id)
    return State(raw[0].event, tuple(x.event for x in raw[1])) if raw else None


def _base_text(work: Work, dated: Sequence[_Dated], base: _Dated) -> str | None:
    """The base event's own text if the work has it; else the first "derived" or "original"
    text (manifest order) that shows exactly the base with no steps."""
    if base.event.text and any(t.id == base.event.text for t in work.texts):
        return base.event.text
    for t in work.texts:
        if t.role in ("original", "derived") and _text_state(work, dated, t.id) == (base, ()):
            return t.id
    return None


def _republications(dated: Sequence[_Dated], state: _Raw) -> tuple[_Dated, ...]:
    return tuple(x for x in _of_kind(dated, ("republication",))
                 if _published_state(dated, x) == state)


def _events(xs) -> tuple[Event, ...]:
    return tuple(x.event for x in xs)


# ---- plan -----------------------------------------------------------------------------------


def _pending(dated: Sequence[_Dated], day: dt.date) -> tuple[_Dated, ...]:
    """Changes announced by ``day`` (or undated) whose effect is after it or unknown."""
    out = [x for x in _of_kind(dated, CHANGE_KINDS)
           if (x.effective is None or x.effective > day)
           and (x.announced is None or x.announced <= day)]
    return tuple(sorted(out, key=lambda x: x.key))


def plan(work: Work, date: dt.date) -> Plan:
    """The recipe for the text of ``work`` in force on ``date`` (see the module contract)."""
    dated = _dated(work)
    repeal = _repeal(dated)
    repealed = repeal is not None and repeal.effective <= date
    day = repeal.effective - dt.timedelta(days=1) if repealed else date
    state = _in_force_state(dated, day)
    pending = _pending(dated, date)
    status = "repealed" if repealed else "in_force" if state else "not_yet_in_force"
    zh, en = _message(work, dated, status, date, pending, repeal)
    if state is None:
        return Plan(date, status, None, None, (), _events(pending), (), zh, en)
    base, steps = state
    shown = tuple(x for x in _republications(dated, state) if _published_on(x.event) <= date)
    return Plan(date, status, base.event, _base_text(work, dated, base), _events(steps),
                _events(pending), _events(shown), zh, en)


def _verb(event: Event) -> str:
    """通过 for an adopted event, else the issuing verb (see ``_issue_verb``)."""
    if event.adopted:
        return "通过"
    return _issue_verb(event)


def _issue_verb(event: Event) -> str:
    """The verb its in-force rule uses (印发/发布/公布); else 公布 for an order, 发布 otherwise."""
    for verb in ("印发", "发布", "公布"):
        if verb in event.in_force_rule:
            return verb
    return "公布" if event.number else "发布"


def _name(work: Work, event: Event) -> tuple[str, str]:
    if event.kind == "enactment" or not event.title:
        kind = _KIND_ZH.get(event.kind, event.kind)
        return f"《{work.title}》{kind}", f"{work.title} ({_KIND_EN.get(event.kind, event.kind)})"
    return f"《{_angle(event.title)}》", event.title


def _when(x: _Dated) -> tuple[str, str]:
    stop = x.event.kind == "repeal"
    if x.effective is None:
        return "施行日期不详", "in-force date unknown"
    if stop:
        return f"自{date_zh(x.effective)}起废止", f"repealed with effect from {x.effective}"
    return f"自{date_zh(x.effective)}起施行", f"in force from {x.effective}"


def _describe(work: Work, x: _Dated) -> tuple[str, str]:
    name_zh, name_en = _name(work, x.event)
    when_zh, when_en = _when(x)
    said = x.event.adopted or x.event.promulgated
    verb = _verb(x.event)
    if said is None:
        return f"{name_zh}（{when_zh}）", f"{name_en} ({when_en})"
    return (f"{name_zh}（{date_zh(said)}{verb}，{when_zh}）",
            f"{name_en} ({_VERB_EN[verb]} {said}, {when_en})")


def _pending_clause(work: Work, pending: Sequence[_Dated],
                    lead: tuple[str, str]) -> tuple[str, str]:
    if not pending:
        return "", ""
    described = [_describe(work, x) for x in pending]
    return (f"；{lead[0]}" + "；".join(d[0] for d in described),
            f"; {lead[1]}" + "; ".join(d[1] for d in described))


def _message(work, dated, status, date, pending, repeal) -> tuple[str, str]:
    title, on_zh = work.title, date_zh(date)
    if status == "repealed":
        zh = f"《{title}》自{date_zh(repeal.effective)}起废止；{on_zh}已不再有效"
        en = f"{title} is repealed with effect from {repeal.effective}; not in force on {date}"
        return zh, en
    if status == "in_force":
        more = _pending_clause(work, pending, ("尚未施行：", "not yet in force: "))
        return f"《{title}》{on_zh}有效{more[0]}", f"{title} is in force on {date}{more[1]}"
    bases = sorted(_of_kind(dated, BASE_KINDS), key=lambda x: x.key)
    if not bases:
        return (f"《{title}》没有制定或修订事件，{on_zh}尚未施行",
                f"{title} has no enactment or revision event; not in force on {date}")
    zh, en = _not_yet(title, bases[0], date)
    more = _pending_clause(work, [x for x in pending if x != bases[0]],
                           ("另有尚未施行：", "also pending: "))
    return zh + more[0], en + more[1]


def _not_yet(title: str, first: _Dated, date: dt.date) -> tuple[str, str]:
    """Why a work is not in force on ``date``: when its first text was or will be adopted."""
    said = first.event.adopted or first.event.promulgated
    verb = _verb(first.event)
    when_zh, when_en = _when(first)
    if said is None:
        return (f"《{title}》{when_zh}；{date_zh(date)}尚未施行",
                f"{title}: {when_en}; not in force on {date}")
    verb_en = _VERB_EN[verb]
    if said > date:
        return (f"《{title}》{date_zh(date)}尚未{verb}（{date_zh(said)}{verb}，{when_zh}）",
                f"{title} was not yet {verb_en} on {date} ({verb_en} {said}, {when_en})")
    return (f"《{title}》已于{date_zh(said)}{verb}，{when_zh}；{date_zh(date)}尚未施行",
            f"{title} was {verb_en} on {said}, {when_en}; not yet in force on {date}")


# ---- versions -------------------------------------------------------------------------------


def _spans(dated: Sequence[_Dated]) -> list[tuple[dt.date, _Raw]]:
    """(first day, state) of each state in force, oldest first; a state changes only on a day
    an enactment, revision or amendment takes effect."""
    repeal = _repeal(dated)
    starts = sorted({x.effective for x in _of_kind(dated, NOTE_KINDS) if x.effective})
    if repeal is not None:
        starts = [d for d in starts if d < repeal.effective]
    spans: list[tuple[dt.date, _Raw]] = []
    for start in starts:
        state = _in_force_state(dated, start)
        if state is not None and (not spans or spans[-1][1] != state):
            spans.append((start, state))
    return spans


def versions(work: Work) -> tuple[Version, ...]:
    """Every state the work has been in force in, oldest first, with its date range."""
    dated = _dated(work)
    spans = _spans(dated)
    repeal = _repeal(dated)
    stop = repeal.effective if repeal is not None else None
    out = []
    for i, (start, (base, steps)) in enumerate(spans):
        following = spans[i + 1][0] if i + 1 < len(spans) else stop
        end = following - dt.timedelta(days=1) if following else None
        out.append(Version(start, end, base.event, _base_text(work, dated, base), _events(steps),
                           _events(_republications(dated, (base, steps)))))
    return tuple(out)


def check(work: Work) -> tuple[str, ...]:
    """What in the timeline cannot be used, in manifest order, in Chinese and English: unknown
    event kinds, texts named but absent, changes with no in-force date, derived texts whose
    derivation does not resolve (or shows another state than the event naming them), and
    republications that show no state the work has been in force in."""
    dated, ids = _dated(work), [t.id for t in work.texts]
    states = [state for _, state in _spans(dated)]
    out = []
    for x in dated:
        ev = x.event
        where = f"事件{x.index + 1}（{ev.kind}） / event {x.index + 1} ({ev.kind})"
        if ev.kind not in (*CHANGE_KINDS, "republication"):
            out.append(f"{where}：未知的事件类型 / unknown event kind")
        if ev.text and ev.text not in ids:
            out.append(f"{where}：没有文本“{ev.text}” / the work has no text {ev.text!r}")
        if ev.kind in CHANGE_KINDS and x.effective is None:
            out.append(f"{where}：施行日期不详 / no in-force date")
        if ev.kind == "republication" and _published_state(dated, x) not in states:
            out.append(f"{where}：重新公布的文本不对应任何有效版本 / shows no version in force")
        if (ev.kind in BASE_KINDS and ev.text in ids and work.text(ev.text).role == "derived"
                and _text_state(work, dated, ev.text) != (x, ())):
            out.append(f"{where}：推导文本“{ev.text}”不是该事件的文本 / "
                       f"the derived text {ev.text!r} does not show this event's text")
    for t in work.texts:
        if t.role == "derived" and _text_state(work, dated, t.id) is None:
            out.append(f"文本“{t.id}”的推导无法解析 / the derivation of {t.id!r} does not resolve")
    return tuple(out)


# ---- 题注 -----------------------------------------------------------------------------------


def history_note(work: Work, date: dt.date) -> tuple[str, ...]:
    """The 题注 of the version in force on ``date`` (of the last one for a repealed work), one
    entry per event: every enactment, revision and amendment in force by then, in order of
    adoption; amendments are numbered 第一次修正… and revisions 第一次修订… only when there are
    several.  Empty when no version is in force."""
    dated = _dated(work)
    repeal = _repeal(dated)
    day = date
    if repeal is not None and repeal.effective <= date:
        day = repeal.effective - dt.timedelta(days=1)
    if _in_force_state(dated, day) is None:
        return ()
    events = sorted((x for x in _of_kind(dated, NOTE_KINDS) if x.effective and x.effective <= day),
                    key=lambda x: (x.announced or dt.date.max, x.index))
    counts = {k: sum(x.event.kind == k for x in events) for k in ("amendment", "revision")}
    seen = {"amendment": 0, "revision": 0}
    out = []
    for x in events:
        kind = x.event.kind
        nth = ""
        if kind in seen:
            seen[kind] += 1
            nth = f"第{int_to_cn(seen[kind])}次" if counts[kind] > 1 else ""
        out.append(_note_entry(x.event, nth))
    return tuple(out)


def _angle(title: str) -> str:
    return title.replace("《", "〈").replace("》", "〉")


def _note_entry(event: Event, nth: str) -> str:
    """One 题注 entry: "{date}{meeting}通过", "根据{date}{meeting}《…》第N次修正", "{date}{meeting}修订";
    an enactment with no meeting is "{date}{order or body}公布/发布/印发"; one adopted at a meeting
    and issued by a body other than a people's congress also names the issue."""
    if event.kind == "amendment":
        day = event.adopted or event.promulgated
        title = f"《{_angle(event.title)}》" if event.title else ""
        return f"根据{_day(day)}{event.meeting}{title}{nth}修正"
    if event.kind == "revision":
        day = event.adopted or event.promulgated
        return f"{_day(day)}{event.meeting or event.number or event.body}{nth}修订"
    issue = f"{_day(event.promulgated)}{event.number or event.body}{_issue_verb(event)}"
    if not (event.meeting and event.adopted):
        if event.promulgated:
            return issue
        return f"{_day(event.adopted)}{event.body}通过"
    adoption = f"{date_zh(event.adopted)}{event.meeting}通过"
    if event.promulgated and "人民代表大会" not in event.body:
        return f"{adoption}　{issue}"
    return adoption


def _day(day: dt.date | None) -> str:
    return date_zh(day) if day else ""


def _canonical(lines: Sequence[str]) -> str:
    """Joined, without whitespace and without the outer brackets."""
    text = _SPACE.sub("", "".join(lines))
    if len(text) >= 2 and text[0] in "（(" and text[-1] in "）)":
        text = text[1:-1]
    return text


def note_matches(generated: Sequence[str], official_lines: Sequence[str]) -> bool:
    """Whether a generated 题注 says what a printed one says, ignoring whitespace, line breaks
    (OCR breaks lines anywhere) and the outer （）."""
    return _canonical(generated) == _canonical(official_lines)


def _entries(text: str) -> list[str]:
    return [e for e in _ENTRY_START.split(text) if e]


def note_diff(generated: Sequence[str], official_lines: Sequence[str]) -> str:
    """"" when the notes match; else the first entry that differs, in Chinese and English."""
    ours, theirs = _entries(_canonical(generated)), _entries(_canonical(official_lines))
    for n, (a, b) in enumerate(zip(ours, theirs), start=1):
        if a != b:
            at = next((i for i, (p, q) in enumerate(zip(a, b)) if p != q), min(len(a), len(b)))
            return (f"第{n}项不同 / entry {n} differs at character {at + 1}: "
                    f"生成 generated “{a}” ≠ 官方 official “{b}”")
    if len(ours) != len(theirs):
        extra, who = (ours, "生成的多出 / generated has more") if len(ours) > len(theirs) \
            else (theirs, "官方的多出 / official has more")
        rest = "　".join(extra[min(len(ours), len(theirs)):])
        return f"条目数不同 / entry count differs ({len(ours)} ≠ {len(theirs)}): {who}: “{rest}”"
    return ""
