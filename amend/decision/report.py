"""A parsed decision as plain words and as JSON-ready data.

Contract: ``describe(op)`` says in one line of Chinese what an operation does ("第三十条改为第三十
二条，全文修改"); ``op_dict(op)`` and ``decision_dict(decision)`` give the JSON shape of
``amend parse --format json``: ``{"title", "targets", "dates", "items": [{"number", "section",
"ops": [{"op", "target", ...,"source": {...}}]}], "flags", "warnings"}``.  Values only: no
parsing or interpretation happens here.
"""

from __future__ import annotations

import datetime

from amend.codecache import attrs

from amend import numerals, ops
from amend.ops import Decision, Payload, Ref


def _label(ref: Ref | None) -> str | None:
    if ref is None:
        return None
    if ref.scope and ref.scope != "document":  # 名称, 序言第七自然段, 第五条条首部分: as written
        return ref.written or ref.label()
    return ref.label()


def _labels(refs) -> str:
    return "、".join(_label(r) for r in refs)


def _cn(n: int) -> str:
    return numerals.int_to_cn(n)


def _excerpt(text: str, n: int = 24) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= n else text[:n] + "……"


def describe(op: ops.Operation) -> str:
    """One line of plain Chinese saying what ``op`` does."""
    match op:
        case ops.AddArticles(positions=p, anchor=a, text=t):
            where = f"在{_label(a)}后" if a else ""
            return f"{where}增加{_cn(len(p))}条，作为{_labels(p)}：“{_excerpt(t.text)}”"
        case ops.AddDivision(kind=k, position=p, name=n, within=w, anchor=a):
            where = f"在{_label(a)}后" if a else f"在{_label(w)}中" if w else ""
            return f"{where}增加一{ops.UNIT[k]}，作为{_label(p)}" + (f"“{n}”" if n else "")
        case ops.AddParagraphs(article=a, positions=p, text=t):
            at = f"，作为{_labels(p)}" if p else "（附于末尾）"
            body = f"：“{_excerpt(t.text)}”" if t else "（全文见下一操作）"
            return f"在{_label(a)}中增加{_cn(len(p) or 1)}款{at}{body}"
        case ops.AddItems(parent=a, positions=p, text=t):
            return f"在{_label(a)}中增加{_cn(len(p))}项，作为{_labels(p)}：“{_excerpt(t.text)}”"
        case ops.Replace(targets=t, text=x, new_numbers=n, cited=c):
            renum = f"改为{_labels(n)}，" if n else ""
            cited = f"（原文“{_excerpt(c[0], 12)}”）" if c else ""
            return f"{_labels(t)}{cited}{renum}修改为：“{_excerpt(x.text)}”"
        case ops.Restate(target=t, text=x):
            return f"{_label(t)}相应修改为：“{_excerpt(x.text)}”"
        case ops.Renumber(pairs=pairs):
            return "；".join(f"{_label(a)}改为{_label(b)}" for a, b in pairs)
        case ops.Move(target=t, destination=d):
            return f"{_label(t)}改为{_label(d)}"
        case ops.Split(target=t, new_numbers=n):
            return f"{_label(t)}分为{_cn(len(n))}条，作为{_labels(n)}"
        case ops.Merge(targets=t, new_number=n):
            return f"{_labels(t)}合并" + (f"，作为{_label(n)}" if n else "")
        case ops.Members(division=d, members=m, name=n):
            name = f"“{n}”" if n else ""
            return f"{_label(d) or '本章'}{name}包括" + (f"{_label(m[0])}至{_label(m[-1])}" if m else "本项所列条文")
        case ops.Delete(targets=t):
            return f"删去{_labels(t)}"
        case ops.DeleteWords(targets=t, phrases=p, position=pos, context=c):
            where = {"end": "末尾的", "sentence": "规定的"}.get(pos, "中的")
            if c:
                where = f"“{_excerpt(c, 12)}”中的"
            return f"删去{_labels(t)}{where}" + "、".join(f"“{_excerpt(x)}”" for x in p)
        case ops.Substitute(targets=t, pairs=pairs, every=every, occurrence=nth):
            scope = "全文" if any(r.scope == "document" for r in t) else _labels(t)
            if nth:
                scope += f"中的第{_cn(nth)}处"
            verb = "统一修改为" if every else "修改为"
            return f"{scope}中的" + "，".join(f"“{_excerpt(a)}”{verb}“{_excerpt(b)}”" for a, b in pairs)
        case ops.InsertWords(target=t, anchor=a, text=x, where=w):
            return f"在{_label(t)}中的“{_excerpt(a)}”{'前' if w == 'before' else '后'}增加“{_excerpt(x)}”"
        case ops.AddWords(target=t, text=x, where=w):
            return f"{_label(t)}{'开始部分' if w == 'start' else '末尾'}增加“{_excerpt(x)}”"
        case ops.RenameHeading(target=t, name=n):
            return f"{_label(t)}名称修改为“{n}”"
        case ops.Reorder(order=o, wording=w):
            parts = (["条文顺序"] if o else []) + (["个别文字"] if w else [])
            return "对" + "和".join(parts) + "作相应调整"
        case ops.Commencement(date=d, rule=r, provisions=p, pending=pending):
            who = _labels(p) if p else "本决定"
            if pending:
                return f"{who}的施行日期另行公布"
            return f"{who}自{d.year}年{d.month}月{d.day}日起施行" if d else f"{who}{r}"
        case ops.Republication(law=law, reorder=r):
            return f"{law}作相应修改" + ("并调整条文顺序" if r else "") + "，重新公布" if law else "重新公布"
        case ops.NonTextual(kind=k, text=x):
            name = {"disapplication": "不再适用", "interpretation": "解释", "charge_name": "罪名修改",
                    "rule": "规定", "unlocated": "未写明位置的修改，无法逐字适用",
                    "repeal": "废止"}.get(k, k)
            return f"（不改动条文：{name}）{_excerpt(x, 40)}"
    raise TypeError(f"not an operation: {op!r}")


def _value(value):
    if isinstance(value, Ref):
        return _label(value)
    if isinstance(value, Payload):
        return value.text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def op_dict(op: ops.Operation) -> dict:
    """The JSON shape of one operation."""
    out: dict = {"op": ops.op_name(op)}
    fields = {f.name: getattr(op, f.name) for f in attrs.fields(type(op)) if f.name != "source"}
    main = fields.get("targets") or ((fields.get("target"),) if fields.get("target") else None) \
        or ((fields.get("article"),) if fields.get("article") else None) \
        or ((fields.get("parent"),) if fields.get("parent") else None)
    if isinstance(op, ops.Renumber):
        main = tuple(a for a, _ in op.pairs)
        out["target"] = _labels(main)
        out["new_number"] = _labels(b for _, b in op.pairs)
    elif main:
        out["target"] = _labels(r for r in main if r is not None)
    if isinstance(op, ops.Replace) and op.new_numbers:
        out["new_number"] = _labels(op.new_numbers)
    for name, value in fields.items():
        if name in ("targets", "target", "new_numbers", "pairs") and name != "pairs":
            continue
        out[name] = _value(value)
    if isinstance(op, ops.Renumber):
        out.pop("pairs", None)
        out["pairs"] = [[_label(a), _label(b)] for a, b in op.pairs]
    if isinstance(op, ops.Substitute):
        out["pairs"] = [list(p) for p in op.pairs]
    out["description"] = describe(op)
    s = op.source
    out["source"] = {"item": s.item, "section": s.section, "line": s.line, "col": s.col,
                     "start": s.start, "end": s.end, "clause": s.clause}
    return out


def decision_dict(decision: Decision) -> dict:
    """The JSON shape of ``amend parse --format json``."""
    d = decision.dates
    return {
        "title": decision.title,
        "body": decision.body,
        "meeting": decision.meeting,
        "targets": list(decision.targets),
        "aliases": [list(a) for a in decision.aliases],
        "dates": {
            "adopted": d.adopted.isoformat() if d.adopted else None,
            "promulgated": d.promulgated.isoformat() if d.promulgated else None,
            "in_force": d.in_force.isoformat() if d.in_force else None,
            "in_force_rule": d.in_force_rule,
        },
        "sections": [{"number": s.number, "target": s.target} for s in decision.sections],
        "items": [
            {"number": item.number, "section": item.section, "line": item.line,
             "ops": [op_dict(op) for op in item.ops]}
            for item in decision.items
        ],
        "flags": attrs.asdict(decision.flags),
        "warnings": [attrs.asdict(w) for w in decision.warnings],
    }
