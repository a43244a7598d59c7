"""View contexts for the engine's commands: one plain dict per view; JSON output is that dict.

Contract: ``apply_context`` (the log, the number maps and the warnings of one application),
``consolidation_context`` (the text in force on a date, or why there is none, and what is
pending), ``history_context`` (a work's timeline: versions, events, pending changes),
``verify_context`` (checks of official texts) and ``invert_context`` (the reconstructed earlier
text and its lacunae).  Lists are in document or date order; nothing iterates a set.  Templates
in renderers/ only present these dicts.  Partial application (``--partial``) adds to a view
``partial`` (true when something was left out), ``skipped`` (``skipped_list``: each item left out
with its error and the provisions it names) and ``not_applied`` (``not_applied_list``: by article,
the notes of the items that concern it; ``article`` None for notes on the whole text).
"""

from __future__ import annotations

import datetime as dt

from amend.codecache import attrs

from amend import numerals, timeline
from amend.apply import ApplyResult
from amend.apply.partial import Marks
from amend.consolidate import Consolidation, WorkCheck
from amend.corpus import Event, Work
from amend.structure import render


def _label(key) -> str | None:
    return numerals.article_label(*key) if key is not None else None


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def apply_context(result: ApplyResult) -> dict:
    paragraphs = []
    for (art, p), new in result.paragraphs.items():
        if new is not None and (art, p) != (new[0], new[1]):
            paragraphs.append({"old": f"{_label(art)}第{numerals.int_to_cn(p)}款",
                               "new": _label(new[0]) + (f"第{numerals.int_to_cn(new[1])}款"
                                                        if new[1] is not None else "")})
    return {
        "articles": len(result.regulation.articles()),
        "log": [{"item": e.item, "action": e.action, "old": e.old, "new": e.new,
                 "detail": e.detail, "clause": e.clause} for e in result.log],
        "renumbered": [{"old": _label(k), "new": _label(v)} for k, v in result.renumbered().items()],
        "deleted": [_label(k) for k, v in result.articles.items() if v is None],
        "added": [_label(k) for k in result.added],
        "splits": [{"old": _label(k), "new": [_label(x) for x in v]} for k, v in result.splits.items()],
        "paragraphs_moved": paragraphs,
        "provenance": [{"article": _label(k), "items": list(v)} for k, v in result.provenance.items()],
        "warnings": [{"code": w.code, "message": w.message, "item": w.item, "article": w.article}
                     for w in result.warnings],
    }


def skipped_list(entries) -> list[dict]:
    """``entries``: (decision title, ``Skipped``) pairs → the JSON of the items left out."""
    return [{"decision": title, **s.as_dict(), "rendered": str(s.error)} for title, s in entries]


def not_applied_list(marks: Marks) -> list[dict]:
    """By article (in the numbering of the text shown), the notes of the items left out."""
    out = [{"article": _label(k), "notes": list(v)} for k, v in sorted(marks.articles.items())]
    if marks.document:
        out.insert(0, {"article": None, "notes": list(marks.document)})
    return out


def partial_fields(entries, marks: Marks) -> dict:
    return {"partial": bool(entries), "skipped": skipped_list(entries),
            "not_applied": not_applied_list(marks)}


def _event(work: Work, e: Event) -> dict:
    return {"kind": e.kind, "title": e.title or (work.title if e.kind == "enactment" else ""),
            "adopted": _day(e.adopted), "promulgated": _day(e.promulgated),
            "in_force": _day(timeline.effective(e)), "in_force_rule": e.in_force_rule,
            "meeting": e.meeting, "body": e.body, "text": e.text}


def consolidation_context(c: Consolidation) -> dict:
    """The text in force (see ``_consolidation``); ``text`` is the canonical text and
    ``reconstructed`` says whether it was derived by inverse application (None when it was
    not).  ``printed_text`` gives what ``amend consolidate`` prints."""
    if c.partial:
        marks = c.marks
        shown = marks.apply_to(c.regulation) if c.regulation else None
        return {**_consolidation(c), "text": render(shown) if shown else None,
                **partial_fields([(s.decision.title or s.event.title, k) for s, k in c.skipped],
                                 marks)}
    return _consolidation(c)


def printed_text(c: Consolidation, ctx: dict) -> str | None:
    """What ``amend consolidate`` prints: ``ctx["text"]`` with, for a reconstructed text, the
    one-sentence notice (``reconstructed.line``) as its own line under the title and 题注."""
    return _printed(c.regulation, ctx["text"], ctx["reconstructed"])


def reconstructed_dict(r) -> dict | None:
    """A ``consolidate.Reconstruction`` as data: the derived text, its source and decision, the
    lacunae and the sentence that says so (``line``: as printed under the 题注)."""
    if r is None:
        return None
    return {"text": r.text, "source": r.source, "decision": r.decision,
            "decision_title": r.decision_title, "decision_date": _day(r.decision_date),
            "lacunae": list(r.lacunae), "sentence": r.sentence_zh, "sentence_en": r.sentence_en,
            "line": f"〔推导文本：{r.sentence_zh}〕"}


def _printed(regulation, text: str | None, reconstructed: dict | None) -> str | None:
    """``text`` with the reconstruction notice as its own line after the title and 题注."""
    if text is None or regulation is None or reconstructed is None:
        return text
    head = render(attrs.evolve(regulation, preamble=None, body=(), attachments=())).rstrip("\n")
    if not text.startswith(head):
        return reconstructed["line"] + "\n" + text
    return head + "\n" + reconstructed["line"] + text[len(head):]


def _consolidation(c: Consolidation) -> dict:
    from amend.consolidate import reconstruction

    plan = c.plan
    return {
        "work": c.work.title,
        "date": c.date.isoformat(),
        "status": plan.status,
        "message": plan.message_zh,
        "message_en": plan.message_en,
        "base_text": plan.base_text,
        "decisions": [_event(c.work, e) for e in plan.steps],
        "pending": [_event(c.work, e) for e in plan.pending],
        "note": list(c.regulation.note.lines) if c.regulation and c.regulation.note else [],
        "text": render(c.regulation) if c.regulation else None,
        "articles": len(c.regulation.articles()) if c.regulation else 0,
        "lacunae": [a.label for a in c.regulation.articles() if a.is_lacuna] if c.regulation else [],
        "reconstructed": reconstructed_dict(reconstruction(c)),
        "warnings": [{"code": w.code, "message": w.message, "item": w.item, "article": w.article}
                     for w in c.warnings],
    }


def history_context(work: Work) -> dict:
    versions = []
    for v in timeline.versions(work):
        versions.append({
            "start": _day(v.start), "end": _day(v.end), "base_text": v.base_text,
            "decisions": [e.title for e in v.steps],
            "republications": [e.text for e in v.republications],
            "note": list(timeline.history_note(work, v.start)),
        })
    today = dt.date.today()
    plan = timeline.plan(work, today)
    return {
        "work": work.title,
        "events": [_event(work, e) for e in work.events],
        "versions": versions,
        "pending": [_event(work, e) for e in plan.pending],
        "today": today.isoformat(),
        "status_today": plan.status,
        "problems": list(timeline.check(work)),
    }


def verify_context(checks: list[tuple[str, dict]]) -> dict:
    """``checks``: (what was checked, report_dict) pairs."""
    return {"checks": [{"text": name, **report} for name, report in checks],
            "ok": all(r["ok"] for _, r in checks)}


def work_checks(checks: tuple[WorkCheck, ...], partial: bool = False) -> list[tuple[str, dict]]:
    from amend.verify import report_dict

    if partial:
        return [(c.text_id, partial_report(c.report, [(s.decision.title or s.event.title, k)
                                                      for s, k in c.skipped], c.marks))
                for c in checks]
    return [(c.text_id, report_dict(c.report)) for c in checks]


def partial_report(report, entries, marks: Marks) -> dict:
    """A verification report after partial application: ``report_dict`` plus the items left
    out, and on each divergence ``not_applied``, the notes of the items that concern its
    article (an article a left-out item should have changed is expected to differ)."""
    from amend.verify import report_dict

    out = {**report_dict(report), **partial_fields(entries, marks)}
    by_label = marks.by_label()
    for d in out["divergences"]:
        d["not_applied"] = list(by_label.get(d["article"], ()))
    out["ok"] = out["ok"] and not entries
    return out


def mark_redline(ctx: dict, red) -> dict:
    """A redline context (amend.diff.context) with the items partial application left out:
    ``partial``, ``skipped``, ``notes`` (on the whole text) and, on each article,
    ``not_applied`` — the notes of the items that concern it on either side."""
    for a in ctx["articles"]:
        notes = [n for label in a["old_labels"] for n in red.marks_old.get(label, ())]
        notes += [n for label in a["new_labels"] for n in red.marks_new.get(label, ())]
        a["not_applied"] = list(dict.fromkeys(notes))
    return {**ctx, "partial": bool(red.skipped), "skipped": skipped_list(red.skipped),
            "notes": list(red.notes)}


def invert_context(result, text: str) -> dict:
    return {"articles": len(result.regulation.articles()), "lacunae": list(result.lacunae),
            "warnings": [{"code": w.code, "message": w.message} for w in result.warnings],
            "text": text}


def preview_context(p, *, base_name: str, draft_name: str) -> dict:
    """A draft's preview (amend.preview.Preview): problems, what was left out, the renumbering,
    the redline of the base against the result (changed articles only) and the resulting text."""
    from amend.diff.context import redline_context
    from amend.preview import renumbering

    redline = None
    if p.changes is not None:
        redline = redline_context(p.changes, old_name=base_name, new_name="草案修改后 / as drafted",
                                  changed_only=True)
    counts: dict[str, int] = {}
    for problem in p.problems:
        counts[problem.severity] = counts.get(problem.severity, 0) + 1
    return {
        "ok": p.ok,
        "base": base_name,
        "draft": draft_name,
        "title": p.decision.title if p.decision else None,
        "items": sum(1 for it in p.decision.items if it.number) if p.decision else 0,
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "problems": [{**problem.as_dict(), "rendered": problem.render()} for problem in p.problems],
        "excluded": list(p.excluded),
        "renumbering": [{"old": o, "new": n} for o, n in renumbering(p.result)] if p.result else [],
        "articles": len(p.result.regulation.articles()) if p.result else None,
        "redline": redline,
        "text": render(p.result.regulation) if p.result else None,
    }


def _reading_lines(children, level: int, out: list[dict]) -> None:
    """Items (level 1) and subitems below them, as lines of the reading view."""
    for node in children:
        out.append({"level": level, "text": node.label + node.text, "lacuna": False})
        _reading_lines(node.subitems if hasattr(node, "subitems") else node.children, level + 1, out)


def _history_entry(ch, label: str) -> dict:
    """One entry of an article's 沿革: what the decision did to it, in one line."""
    from amend.consolidate import CHANGE_KINDS

    event = ch.event
    dates = []
    if event.adopted:
        dates.append(f"{timeline.date_zh(event.adopted)}通过")
    if timeline.effective(event):
        dates.append(f"{timeline.date_zh(timeline.effective(event))}施行")
    title = f"《{_angle(event.title)}》" if event.title else "修改决定"
    when = f"（{'，'.join(dates)}）" if dates else ""
    items = "、".join(ch.items)
    item_zh = f"第{items}项" if items else None
    moved = f"由{ch.old}改为{label}" if ch.old else None
    if ch.kind == "renumbered":
        line = f"{moved}（{title}{when}，条文顺序调整）"
    else:
        verb = {"added": "增加本条", "replaced": "整条修改", "split": "拆分设立本条",
                "modified": "修改"}[ch.kind]
        line = f"{title}{when}{item_zh or ''}{verb}" + (f"，{moved}" if moved else "")
    return {"kind": ch.kind, "kind_zh": CHANGE_KINDS[ch.kind], "decision": event.title,
            "adopted": _day(event.adopted), "in_force": _day(timeline.effective(event)),
            "items": list(ch.items), "item_zh": item_zh, "old": ch.old, "line": line,
            "compact": f"序号调整：原{ch.old}（{_short_date(event)}修改决定）" if ch.old else line}


def _short_date(event) -> str:
    day = event.adopted or event.promulgated or timeline.effective(event)
    return timeline.date_zh(day) if day else ""


def _angle(title: str) -> str:
    return title.replace("《", "〈").replace("》", "〉")


def _division_path(loc) -> tuple:
    return tuple(d for d in (loc.part, loc.subpart, loc.chapter, loc.section) if d is not None)


def text_context(c: Consolidation) -> dict:
    """The text in force for reading: every article with its chapter, an anchor, its lines
    (paragraphs, items, subitems with their level), whether it is a lacuna, and its history —
    the decisions that changed or renumbered it, with their items and dates.  ``headings`` are
    the division headings that start at an article (chapter, then section), ``history`` each
    entry's kind and a ready ``line`` ("《…》（…）第三项整条修改，由第三十条改为第三十二条"), and
    ``history_compact`` one line when the article was only renumbered."""
    from amend.consolidate import article_history

    base = consolidation_context(c)
    if c.regulation is None:
        return {**base, "title": c.work.title, "articles_list": [], "lacuna_count": 0,
                "preamble": [], "attachments": []}
    history = article_history(c)
    articles = []
    previous: tuple = ()
    for loc in c.regulation.located:
        a = loc.article
        lines: list[dict] = []
        for p in a.paragraphs:
            lines.append({"level": 0, "text": p.text, "lacuna": p.is_lacuna})
            _reading_lines(p.items, 1, lines)
        path = _division_path(loc)
        same = 0
        while same < min(len(path), len(previous)) and path[same] is previous[same]:
            same += 1
        previous = path
        heads = [d.heading for d in path]
        entries = [_history_entry(ch, a.label) for ch in history.get(a.key, ())]
        compact = None
        if entries and all(e["kind"] == "renumbered" for e in entries):
            compact = "；".join(e["compact"] for e in entries)
        articles.append({
            "label": a.label,
            "anchor": f"art-{a.number}" + (f"-{a.sub}" if a.sub else ""),
            "division": " ".join(heads) or None,
            "headings": [{"level": k, "text": d.heading} for k, d in enumerate(path) if k >= same],
            "lacuna": a.is_lacuna,
            "lines": lines,
            "history": entries,
            "history_compact": compact,
        })
    reg = c.regulation
    return {**base, "title": "".join(reg.title), "articles_list": articles,
            "lacuna_count": sum(1 for a in articles if a["lacuna"]),
            "preamble": ([reg.preamble.heading] if reg.preamble and reg.preamble.heading else [])
            + (list(reg.preamble.paragraphs) if reg.preamble else []),
            "attachments": [{"heading": x.heading, "lines": list(x.lines)}
                            for x in reg.attachments]}


#: The status of a version, in words.
STATUS_ZH = {"current": "现行有效", "superseded": "已被修改", "not_yet_in_force": "尚未施行",
             "repealed": "已废止"}


def document_context(c: Consolidation) -> dict:
    """The print-ready document of the text in force (``consolidate --format html|docx``):
    ``text_context`` plus its status — ``period`` (the first and last day this version was in
    force, ``end`` None while it still is), ``state`` (current, superseded, not_yet_in_force,
    repealed; ``state_zh`` 现行有效 / 已被修改 / 尚未施行 / 已废止), the decisions applied and
    ``checks``: each republished text this version was checked against, with the result
    (``ok``, articles identical / compared, divergences, whether the 题注 matches)."""
    from amend.consolidate import verify_work

    ctx = text_context(c)
    version = next((v for v in timeline.versions(c.work)
                    if v.start <= c.date and (v.end is None or c.date <= v.end)), None)
    if c.plan.status != "in_force":
        state = c.plan.status
    else:
        state = "current" if version is None or version.end is None else "superseded"
    period = {"start": _day(version.start), "end": _day(version.end)} if version else None
    from amend.verify import report_dict

    checks = []
    shown = [e.text for e in c.plan.republications if e.text]
    if shown and not c.partial:
        for check in verify_work(c.work):
            if check.text_id not in shown:
                continue
            r = report_dict(check.report)
            day = check.event.promulgated or check.event.adopted
            checks.append({
                "text": check.text_id, "date": _day(day), "ok": r["ok"],
                "identical": r["identical"], "compared": r["articles_compared"],
                "divergences": len(r["divergences"]),
                "note_ok": check.report.note.matches if check.report.note else None})
    for k in checks:
        when = f"{timeline.date_zh(dt.date.fromisoformat(k['date']))}" if k["date"] else ""
        if not k["divergences"]:
            result = "完全一致"
        elif k["ok"]:
            result = f"{k['divergences']}处差异均属可解释的类别"
        else:
            result = f"有未解释的差异（共{k['divergences']}处差异）"
        note = "" if k["note_ok"] is None else ("，题注一致" if k["note_ok"] else "，题注不一致")
        k["line"] = (f"已与{when}重新公布的文本逐条核对：{k['compared']}条中{k['identical']}条相同，"
                     f"{result}{note}")
    if not checks:
        unchecked = "没有可供核对的重新公布文本" if not c.partial else "部分适用，未核对"
    else:
        unchecked = None
    if period:
        end = timeline.date_zh(version.end) if version.end else "今"
        period_zh = f"{timeline.date_zh(version.start)}至{end}"
    else:
        period_zh = None
    return {**ctx, "state": state, "state_zh": STATUS_ZH[state], "period": period,
            "period_zh": period_zh, "checks": checks, "unchecked": unchecked,
            "decision_lines": [_event_line(e) for e in ctx["decisions"]],
            "pending_lines": [_event_line(e) for e in ctx["pending"]]}


def _event_line(e: dict) -> str:
    """"《…关于修改〈…〉的决定》（2021年7月30日通过，2021年7月30日施行）"."""
    when = [f"{timeline.date_zh(dt.date.fromisoformat(e['adopted']))}通过"] if e["adopted"] else []
    when.append(f"{timeline.date_zh(dt.date.fromisoformat(e['in_force']))}施行" if e["in_force"]
                else "施行日期未定")
    return f"《{_angle(e['title'])}》（{'，'.join(when)}）"


def draft_lines(draft: str, problems: list[dict]) -> list[dict]:
    """The draft's lines, each cut where a problem points (line, column) so that a page can mark
    the character there: [{"number", "segments": [{"text", "problems": [index, …]}]}]."""
    marks: dict[int, dict[int, list[int]]] = {}
    for k, p in enumerate(problems):
        if p["line"]:
            marks.setdefault(p["line"], {}).setdefault(max(p["col"], 1) - 1, []).append(k)
    out = []
    for number, line in enumerate(draft.split("\n"), 1):
        segments, at = [], 0
        for col, ks in sorted(marks.get(number, {}).items()):
            col = min(col, len(line))
            if col > at:
                segments.append({"text": line[at:col], "problems": []})
            end = min(col + 1, len(line))
            segments.append({"text": line[col:end] or " ", "problems": ks})
            at = max(end, col)
        if at < len(line) or not segments:
            segments.append({"text": line[at:], "problems": []})
        out.append({"number": number, "segments": segments})
    return out
