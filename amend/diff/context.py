"""The view of a redline: one plain dict that every renderer presents and JSON prints as is.

Contract: ``redline_context(changes, old_name=…, new_name=…, changed_only=False,
full_table=False)`` turns ``Changes`` into ``{"title", "old", "new", "decisions", "summary",
"summary_zh", "renumbering", "articles", "changed_only", "full_table"}``.  Each article entry
carries its kind (with the Chinese and English words: "reference" is 条文序号调整引起的引用修改 /
cross-reference renumbered by the reorder, "layout" 仅分段不同), old and new labels,
``matched_by``, the decision item(s) that caused it (``item`` as in "三", ``item_zh`` ready to
print, ``causes`` naming the decision of each), its chapter on each side, ``anchor``/``anchors``
for links, ``lines`` (each with its kind, its place on each side, ``lacuna`` when the old words
are unknown, ``knock_on`` "reference" when its only change is a renumbered cross-reference, and
``ops``: [op, text] pairs, op "=", "-" or "+") and ``ops`` (the lines' ops joined by
["=", "\\n"]).  ``headings`` lists the division headings renamed, added or deleted (``kind``,
``kind_zh``, ``old``, ``new``, ``item``, ``item_zh``).  The 对照表 shows an unchanged line once,
in the old column: such a line is ``elided`` and the first of each run carries ``elision``
("第一款至第三款", "本条"), which the new column prints as "（…未修改）"; ``full_table=True``
(``--full-table``) elides nothing.  Lists are in document order; nothing is taken from a set,
so the output is the same on every run.  ``summary`` always counts every article, also when
``changed_only`` leaves the unchanged and the only renumbered ones out of ``articles`` (the
renumbered are in ``renumbering``).
"""

from __future__ import annotations

import re

from amend import numerals
from amend.diff.changes import KINDS, ArticleChange, Changes
from amend.model import is_lacuna

#: The words a Chinese reader sees for each kind.
KIND_ZH = {
    "modified": "修改", "replaced": "整条修改", "renumbered": "序号调整", "moved": "移动",
    "split": "拆分", "merged": "合并", "added": "新增", "deleted": "删去", "unresolved": "原文不详",
    "unchanged": "未修改", "reference": "条文序号调整引起的引用修改", "layout": "仅分段不同",
}

#: …and in English where the kind's code would not say it.
KIND_EN = {**{k: k for k in KINDS}, "reference": "cross-reference renumbered by the reorder",
           "layout": "paragraph layout only"}

#: …and for each line kind.
LINE_ZH = {"modified": "修改", "added": "新增", "deleted": "删去", "unresolved": "原文不详",
           "unchanged": "未修改"}

#: How a pair was found, in words (see amend/diff/align.py).
MATCHED_ZH = {
    "identical": "文字相同", "decision": "依修改决定", "label": "条号相同、文字相近",
    "similarity": "文字相近", "contained": "内容包含", "position": "位置对应", "none": "无对应条文",
    "unresolved": "原文不详，无法对应",
}


def _anchor(a: ArticleChange) -> str:
    """"new-32" for 第三十二条 of the new version; "old-30" for an article only the old one has."""
    return _label_anchor("new", a.new[0]) if a.new else _label_anchor("old", a.old[0])


#: …and for each heading change.
HEADING_ZH = {"renamed": "标题修改", "added": "增加", "deleted": "删去"}


def _items(causes, decisions: tuple[str, ...]) -> tuple[str | None, str | None, list[dict]]:
    """(item, item_zh, causes) for a list of ``Cause``: "三" and "决定第三项" from one decision;
    "《…》第三项；《…》第一项" when several decisions are involved."""
    out = [{"decision": decisions[c.decision] if c.decision < len(decisions) else None,
            "item": c.item} for c in causes]
    several = len({c.decision for c in causes}) > 1
    item = "、".join(c.item for c in causes) if out and not several else (
        "；".join(f"{c['decision']}第{c['item']}项" for c in out) if out else None)
    item_zh = (f"决定第{item}项" if not several else item) if item else None
    return item, item_zh, out


def _heading(h, decisions: tuple[str, ...]) -> dict:
    item, item_zh, causes = _items(h.causes, decisions)
    return {"kind": h.kind, "kind_zh": HEADING_ZH[h.kind], "old": h.old, "new": h.new,
            "item": item, "item_zh": item_zh, "causes": causes}


def _label_anchor(side: str, label: str) -> str:
    number, sub = numerals.parse_article_label(label)
    return f"{side}-{number}" + (f"-{sub}" if sub else "")


def _matched(by: str) -> str:
    return "＋".join(MATCHED_ZH.get(part, part) for part in by.split("+"))


_PLACE = re.compile(r"^(第[〇零一二三四五六七八九十百千两]+款)(（[^）]+）)?(.*)$")


def place_zh(place: str) -> str:
    """"第二款（三）1." → "第二款第（三）项第1目": a line's place as a reader writes it."""
    m = _PLACE.match(place or "")
    if m is None:
        return place or ""
    out = m[1] + (f"第{m[2]}项" if m[2] else "")
    sub = m[3].rstrip(".．、")
    return out + (f"第{sub}目" if sub else "")


def _span(places: list[str]) -> str:
    """A run of places in words: "第二款", "第一款至第三款", "第一款及其第（一）项至第（三）项",
    "第一款第（二）项至第（四）项", "第一款至第二款第（三）项"."""
    first, last = places[0], places[-1]
    if len(places) == 1:
        return place_zh(first)
    a, b = _PLACE.match(first or ""), _PLACE.match(last or "")
    if a is None or b is None:
        return f"{place_zh(first)}至{place_zh(last)}"
    tail = place_zh(last)[len(b[1]):]  # "第（三）项", or "" for a paragraph
    if a[1] == b[1]:  # one paragraph
        if place_zh(first) == a[1]:  # its own words, then items of it
            return f"{a[1]}及其{_items_span(places[1], last)}"
        return f"{a[1]}{_items_span(first, last)}"
    return f"{place_zh(first)}至{b[1]}{tail}"


def _items_span(first: str, last: str) -> str:
    """"第（一）项至第（三）项" (the paragraph left out), or "第（一）项"."""
    a, b = place_zh(first), place_zh(last)
    head = _PLACE.match(first)[1]
    return a[len(head):] if first == last else f"{a[len(head):]}至{b[len(head):]}"


def _elide(lines: list[dict], full_table: bool) -> None:
    """Mark the unchanged lines the 对照表 shows once, on the old side: ``elided`` on each, and
    on the first of each run (in the new column, within one new article) ``elision``, the note
    that stands for the run in the new column: "第一款至第三款" (printed "（…未修改）")."""
    run: list[dict] = []

    def close() -> None:
        if run:
            run[0]["elision"] = _span([line["new"] for line in run])
            run.clear()

    for line in lines:
        line["elided"], line["elision"] = False, None
        if line["new"] is None:  # not in the new column
            continue
        if full_table or line["kind"] != "unchanged" or (
                run and line["new_article"] != run[-1]["new_article"]):
            close()
        if not full_table and line["kind"] == "unchanged":
            line["elided"] = True
            run.append(line)
    close()
    shown = [line for line in lines if line["new"] is not None]
    if shown and all(line["elided"] for line in shown) and shown[0]["elision"] is not None \
            and not any(line["new_article"] for line in shown):
        shown[0]["elision"] = "本条"  # "（本条未修改）": only its number changed


def _article(a: ArticleChange, decisions: tuple[str, ...], full_table: bool = False) -> dict:
    lines = [
        {
            "level": line.level, "kind": line.kind, "kind_zh": LINE_ZH[line.kind],
            "old": line.old, "new": line.new, "matched_by": line.matched_by,
            "old_article": line.old_article, "new_article": line.new_article,
            "lacuna": line.kind == "unresolved" and any(
                s.op == "-" and is_lacuna(s.text) for s in line.segments),
            "ops": [[s.op, s.text] for s in line.segments],
            "knock_on": line.knock_on,
        }
        for line in a.lines
    ]
    _elide(lines, full_table)
    ops: list[list[str]] = []
    for k, line in enumerate(lines):
        if k:
            ops.append(["=", "\n"])
        ops.extend(line["ops"])
    causes = [{"decision": decisions[c.decision] if c.decision < len(decisions) else None,
               "item": c.item} for c in a.causes]
    several = len({c.decision for c in a.causes}) > 1
    item = "、".join(c.item for c in a.causes) if causes and not several else (
        "；".join(f"{c['decision']}第{c['item']}项" for c in causes) if causes else None)
    item_zh = (f"决定第{item}项" if not several else item) if item else None
    return {
        "kind": a.kind,
        "kind_zh": KIND_ZH[a.kind],
        "kind_en": KIND_EN[a.kind],
        "old": "、".join(a.old) or None,
        "new": "、".join(a.new) or None,
        "old_labels": list(a.old),
        "new_labels": list(a.new),
        "renumbered": a.renumbered,
        "moved": a.moved,
        "matched_by": a.matched_by,
        "matched_zh": _matched(a.matched_by),
        "score": a.score,
        "item": item,
        "item_zh": item_zh,
        "causes": causes,
        "division_old": a.old_division,
        "division_new": a.new_division,
        "anchor": _anchor(a),
        "anchors": [_label_anchor("new", x) for x in a.new] or [_label_anchor("old", x) for x in a.old],
        "lines": lines,
        "ops": ops,
    }


def redline_context(changes: Changes, *, old_name: str, new_name: str,
                    changed_only: bool = False, full_table: bool = False) -> dict:
    counts = changes.summary()
    counts["changed"] = sum(1 for a in changes.articles if a.changed)
    # changed in their words (or added, deleted…), not only in their number
    counts["amended"] = counts["changed"] - counts["renumbered"]
    # --changed-only: an article only renumbered is not a change of the text; it is listed once,
    # in the renumbering table
    articles = [_article(a, changes.decisions, full_table) for a in changes.articles
                if not changed_only or a.kind not in ("unchanged", "renumbered")]
    return {
        "title": changes.new_title or changes.old_title,
        "old": {"title": changes.old_title, "name": old_name,
                "articles": sum(len(a.old) for a in changes.articles)},
        "new": {"title": changes.new_title, "name": new_name,
                "articles": sum(len(a.new) for a in changes.articles)},
        "decisions": list(changes.decisions),
        "summary": counts,
        "summary_zh": [{"kind": k, "label": KIND_ZH[k], "count": counts[k]} for k in KINDS
                       if counts[k]],
        "renumbering": [{"old": o, "new": n, "anchor": _label_anchor("new", n)}
                        for o, n in changes.renumbering()],
        "changed_only": changed_only,
        "full_table": full_table,
        "headings": [_heading(h, changes.decisions) for h in changes.headings],
        "articles": articles,
    }
