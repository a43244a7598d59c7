"""The draft page's second mode: the drafter edits the text of a work and gets the decision.

Contract: ``edit_context(old, edited, *, old_name, title=None)`` reads ``edited`` (the text as
the drafter changed it) as a regulation, drafts the decision that turns ``old`` into it
(``amend.draft.draft``, self-checked by the engine) and returns a plain dict: ``decision`` (the
decision text, only when the self-check passed), ``items`` (how many), ``redline`` (a redline
context of ``old`` against the edited text, linked to the drafted decision, changed articles
only), ``renumbering``, ``unchanged`` (True when the text was not changed), ``notes`` (changes
of the title or the 题注, which no item drafts), and ``error`` (a message in Chinese and English,
None when all went well): an edited text that cannot be read as a regulation, or a decision the
engine's self-check refused (with where it differs). It never raises for what a user typed; the
page shows ``error`` as a message.
"""

from __future__ import annotations

from amend.diff import Link, compare
from amend.diff.context import redline_context
from amend.model import Regulation
from amend.structure import StructureError, parse_source

#: How many places of a failed self-check the page names.
SHOWN_MISMATCHES = 5


def _empty(error: str | None = None, *, unchanged: bool = False) -> dict:
    return {"decision": None, "items": 0, "redline": None, "renumbering": [], "error": error,
            "unchanged": unchanged, "notes": []}


def edit_context(old: Regulation, edited: str, *, old_name: str, title: str | None = None) -> dict:
    from amend.draft import draft

    if not edited.strip():
        return _empty("修改后的文本为空 / the edited text is empty")
    try:
        parsed = parse_source(edited)
    except StructureError as exc:
        return _empty(f"修改后的文本无法按法规结构读取：{exc.zh}（第{exc.line}行） / the edited text "
                      f"cannot be read as a regulation: {exc.en} (line {exc.line})"
                      if exc.line else f"修改后的文本无法按法规结构读取：{exc.zh} / the edited "
                      f"text cannot be read as a regulation: {exc.en}")
    new = parsed.regulation
    if new == old:
        return _empty(unchanged=True)
    # "第一条之后是第三条": the structure's warnings (numbering gaps, …) explain most failures
    hints = [f"第{w.line}行 / line {w.line}: {w.message}" if w.line else w.message
             for w in parsed.warnings]
    try:
        d = draft(old, new, title=title)
    except (ValueError, LookupError) as exc:  # an edit the drafter cannot express
        return _empty(f"无法为这一修改拟写决定 / no decision can be drafted for this edit: {exc}")
    if not d.ok:
        c = d.check
        lines = ["自检未通过：按所拟决定修改后的文本与编辑后的文本不一致，决定不予输出 / self-check "
                 "failed: the drafted decision applied to the text does not give the edited text, "
                 "so no decision is shown"]
        if c.error:
            lines.append(f"引擎无法读取或适用所拟决定 / the engine cannot read or apply it: {c.error}")
        for m in c.mismatches[:SHOWN_MISMATCHES]:
            lines.append(f"{m.where}：应为 / expected “{m.expected or '（无）'}”，"
                         f"实得 / got “{m.got or '（无）'}”")
        if len(c.mismatches) > SHOWN_MISMATCHES:
            rest = len(c.mismatches) - SHOWN_MISMATCHES
            lines.append(f"……另有{rest}处 / … {rest} more")
        if hints:
            lines[1:1] = ["编辑后的文本结构有问题（删去或增加条文后，其后各条须重新编号） / the edited "
                          "text's structure has problems (after deleting or adding an article, "
                          "renumber the ones after it):", *hints[:SHOWN_MISMATCHES]]
        return _empty("\n".join(lines))
    if not d.items and not d.plan.reorder:
        return _empty(unchanged=True)
    decision = d.check.decision
    link = Link.from_result(d.check.result, decision.title) if decision is not None else None
    changes = compare(old, new, link)
    redline = redline_context(changes, old_name=old_name, new_name="修改后 / as edited",
                              changed_only=True)
    # the title and the 题注 are compared but not drafted: say so rather than claim all is done
    notes = [f"{m.where}的修改未写入决定（标题、题注不由修改决定的条款修改） / the change of the "
             f"{m.where} is not in the decision" for m in d.check.notes]
    return {"decision": d.text, "items": len(d.items), "redline": redline,
            "renumbering": redline["renumbering"], "error": None, "unchanged": False,
            "notes": notes}


__all__ = ["edit_context"]
