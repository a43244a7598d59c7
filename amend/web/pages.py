"""View contexts of the web pages that have no CLI counterpart: where each version of a work came
from, a decision's page, a corpus text's page, and the draft page's counts. Contract:
``versions(work)`` lists the versions of a work oldest first, each with the links of the text in
force, the comparison with the version before, the decisions that started it (their page), the
texts republished then and the stored texts behind it (their page and their source extract);
``decision_context(work, text_id)`` is a decision of the corpus with its items in order, each
with its words and the articles it added, changed or deleted as links into the text page
(``/works/{slug}?as_of=…#art-N``: as of the day it took effect, or the day before for an article
it deleted); ``text_context(work, text_id)`` is a stored text with its provenance (role, the
source extract's seed file and lines, the reasoned corrections); ``item_counts(draft, problems,
read)`` counts a draft's items, readable or not, and ``marked_lines`` gives each marked place of
a draft its severity. Only ids the corpus index lists are looked up (never a path from a
request); an unknown id raises ``LookupError``. Plain dicts, lists in document or date order.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from amend import numerals, timeline
from amend.corpus import Event, Work

#: What a text of each role is called on the pages.
ROLE_ZH = {"original": "公布文本", "republished": "重新公布的文本", "decision": "修改决定",
           "derived": "推导文本（逆向适用修改决定）"}

#: "一、" / "十二、" opening a line: a numbered item of a decision, read or not.
ITEM_LINE_RE = re.compile(r"^\s*([一二三四五六七八九十百零〇]+)、")
#: "四、对《上海市住宅物业管理规定》的修改": an omnibus section heading, not an item.
SECTION_LINE_RE = re.compile(r"^\s*[一二三四五六七八九十百零〇]+、对《[^》]+》(?:的|作如下)修改")


def work_href(work: Work) -> str:
    return "/works/" + quote(work.slug, safe="")


def text_href(work: Work, day: dt.date | str, anchor: str | None = None) -> str:
    day = day.isoformat() if isinstance(day, dt.date) else day
    return f"{work_href(work)}?as_of={day}" + (f"#{anchor}" if anchor else "")


def anchor(key: tuple[int, int]) -> str:
    """The text page's anchor of an article key: "art-32", "art-20-1" (views.text_context)."""
    return f"art-{key[0]}" + (f"-{key[1]}" if key[1] else "")


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _stored(work: Work, text_id: str) -> dict | None:
    """A stored text as a link: its page and, when it was extracted from a source, the
    extract."""
    try:
        t = work.text(text_id)
    except LookupError:
        return None
    base = f"{work_href(work)}/texts/{quote(t.id, safe='')}"
    return {"id": t.id, "role": t.role, "role_zh": ROLE_ZH.get(t.role, t.role), "href": base,
            "source_href": f"{base}/source" if t.raw else None,
            "decision_href": f"{work_href(work)}/decisions/{quote(t.id, safe='')}"
            if t.role == "decision" else None}


def _decision(work: Work, e: Event) -> dict:
    return {"title": e.title or "修改决定", "adopted": _day(e.adopted),
            "in_force": _day(timeline.effective(e)), "text": _stored(work, e.text) if e.text else None}


def versions(work: Work) -> list[dict]:
    out: list[dict] = []
    previous = None
    for v in timeline.versions(work):
        new_steps = v.steps
        if previous is not None and previous.base == v.base \
                and v.steps[:len(previous.steps)] == previous.steps:
            new_steps = v.steps[len(previous.steps):]
        base = _stored(work, v.base_text) if v.base_text else None
        out.append({
            "start": v.start.isoformat(), "end": _day(v.end),
            "href": text_href(work, v.start),
            "compare_href": (f"{work_href(work)}/compare?from={previous.start.isoformat()}"
                             f"&to={v.start.isoformat()}") if previous is not None else None,
            "base": base if previous is None or previous.base != v.base else None,
            "decisions": [_decision(work, e) for e in new_steps],
            "republished": [t for t in (_stored(work, e.text) for e in v.republications if e.text)
                            if t is not None],
        })
        previous = v
    return out


def decision_pages(versions_: list[dict]) -> dict[str, str]:
    """Decision title → its page, for the decisions ``versions`` lists with a stored text (the
    text page links each history entry to its item there)."""
    return {d["title"]: d["text"]["decision_href"] for v in versions_ for d in v["decisions"]
            if d["text"] and d["text"]["decision_href"]}


def _event_of(work: Work, text_id: str) -> Event:
    for e in work.events:
        if e.text == text_id and e.kind == "amendment":
            return e
    raise LookupError(text_id)


def decision_context(work: Work, text_id: str) -> dict:
    """A decision of the corpus and its items, each linked to the articles it touched."""
    from amend.consolidate import consolidate
    from amend.decision.parser import parse_decision

    t = work.text(text_id)
    if t.role != "decision":
        raise LookupError(text_id)
    event = _event_of(work, text_id)
    day = timeline.effective(event)
    words = work.read(text_id)
    step = None
    if day is not None:
        c = consolidate(work, day)
        step = next((s for s in c.steps if s.event == event), None)
    decision = step.decision if step is not None else parse_decision(words)
    lines = decision.text.split("\n") if decision.text else words.split("\n")
    starts = [it.line for it in decision.items if it.line]
    touched: dict[str, list[dict]] = {}
    if step is not None:
        result, before = step.result, day - dt.timedelta(days=1)
        for key, items in result.provenance.items():
            kind = "added" if key in result.added else "changed"
            for item in items:
                touched.setdefault(item, []).append(
                    {"label": numerals.article_label(*key), "kind": kind,
                     "href": text_href(work, day, anchor(key))})
        for key, item in result.removed.items():
            if item:
                touched.setdefault(item, []).append(
                    {"label": "原" + numerals.article_label(*key), "kind": "deleted",
                     "href": text_href(work, before, anchor(key))})
    items = []
    for it in decision.items:
        if not it.number:
            continue
        following = [s for s in starts if s > it.line]
        end = min(following) - 1 if following else len(lines)
        label = f"{it.section}.{it.number}" if it.section else it.number
        articles = sorted(touched.get(it.number, []) if not it.section else touched.get(label, []),
                          key=lambda a: (a["kind"] == "deleted", a["href"]))
        items.append({"number": it.number, "label": label, "anchor": f"item-{label}",
                      "text": "\n".join(lines[it.line - 1:end]).strip() if it.line else "",
                      "articles": articles})
    return {"title": event.title or decision.title, "adopted": _day(event.adopted),
            "in_force": _day(day), "meeting": event.meeting, "body": event.body,
            "text": _stored(work, text_id), "words": words, "items": items,
            "applied": step is not None,
            "after_href": text_href(work, day) if day else None,
            "before_href": text_href(work, day - dt.timedelta(days=1)) if day else None,
            "compare_href": (f"{work_href(work)}/compare?from="
                             f"{(day - dt.timedelta(days=1)).isoformat()}&to={day.isoformat()}")
            if day else None}


def text_context(work: Work, text_id: str) -> dict:
    """A stored text: its words and where they come from."""
    t = work.text(text_id)
    events = [e for e in work.events if e.text == text_id]
    return {**_stored(work, text_id), "words": work.read(text_id),
            "source": {"seed": t.source.seed, "first_line": t.source.first_line,
                       "last_line": t.source.last_line} if t.source else None,
            "corrections": [{"kind": c.kind, "line": c.line, "anchor": c.anchor, "reason": c.reason}
                            for c in t.corrections],
            "derived_from": {"text": _stored(work, t.derived_from.text),
                             "decision": _stored(work, t.derived_from.decision)}
            if t.derived_from else None,
            "events": [{"kind": e.kind, "title": e.title, "adopted": _day(e.adopted),
                        "promulgated": _day(e.promulgated)} for e in events]}


def item_counts(draft: str, problems: list[dict], read: list[str]) -> dict:
    """How many items the draft has, read or not: ``read`` (the numbered items the engine
    read), every item a problem names as unreadable, and every other line outside quotation
    marks opening with "一、" (not a section "四、对《…》的修改").  {"total", "unreadable",
    "unreadable_items"}."""
    seen = dict.fromkeys(read)
    unread: dict[str, None] = {}
    for p in problems:
        if p["code"] == "cannot-read" and p["item"]:
            unread.setdefault(p["item"], None)
    depth = 0  # inside “…” (new text may hold lines that open with "一、")
    for line in draft.split("\n"):
        m = ITEM_LINE_RE.match(line)
        if depth == 0 and m and not SECTION_LINE_RE.match(line):
            unread.setdefault(m.group(1), None)
        depth = max(0, depth + line.count("“") - line.count("”"))
    unread = {k: None for k in unread if k not in seen}
    return {"total": len(seen) + len(unread), "unreadable": len(unread),
            "unreadable_items": list(unread)}


def marked_lines(lines: list[dict], problems: list[dict]) -> list[dict]:
    """``views.draft_lines`` with each marked segment's ``severity``: "error" when one of its
    problems is an error, else "warning"."""
    return [{**line, "segments": [
        {**seg, "severity": "error" if any(problems[k]["severity"] == "error" for k in seg["problems"])
         else "warning"} for seg in line["segments"]]} for line in lines]


__all__ = ["ROLE_ZH", "anchor", "decision_context", "decision_pages", "item_counts", "marked_lines",
           "text_context", "text_href", "versions"]
