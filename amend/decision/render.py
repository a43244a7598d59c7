"""Operations back to decision text, in the standard drafting style (立法技术规范).

Contract: ``render_op(op)`` writes one clause ("将第三十条改为第三十二条，修改为：“……”",
"删去第十七条、第十八条", "将本条例中的“A”统一修改为“B”"), ``render_item(number, ops)`` one
numbered item ("三、" and its clauses joined by "；", or one clause a line, ending with "。" unless
the clause ends with quoted text that ends a sentence: 修改为：“……。” but 修改为“……”。), and
``render_decision(...)`` a whole instrument: title, optional adoption line, enacting formula,
numbered items, then the closing lines (order adjustment, commencement, republication).
References are written in canonical labels (amend.numerals); a reference marked ``inherited`` is
written without its article ("原第二款作为第三款"), and a list of references in one article names
the article once ("第十条第二款、第三款").
New text uses the NPC convention: every paragraph opens with “ on its own line, only the last
closes with ”.  Rendering is deterministic and reads nothing but the operation values; it is the
inverse of ``parse_decision`` on the forms it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from amend.codecache import attrs

from amend import numerals, ops
from amend.ops import Payload, Ref

#: Default commencement clause: "本决定自公布之日起施行".
ON_PROMULGATION = "自公布之日起施行"

_HEADING_WORD = {"part": "编名", "subpart": "分编名", "chapter": "章名", "section": "节名"}
_SUB_ARTICLE = ("paragraph", "item", "subitem")
_CLOSED = tuple(f"{mark}”" for mark in "。；：！？")


# ------------------------------------------------------------------ pieces

def _count(n: int, unit: str) -> str:
    """一条, 两款, 三项 (counts write 两 for two)."""
    return ("两" if n == 2 else numerals.int_to_cn(n)) + unit


def _tail(ref: Ref) -> str:
    """The part of a label below the article: "第二款第一项"."""
    return "".join(f"第{numerals.int_to_cn(getattr(ref, level))}{ops.UNIT[level]}"
                   for level in _SUB_ARTICLE if getattr(ref, level) is not None)


def _ref(ref: Ref, previous: Ref | None = None) -> str:
    """One reference; without its article when inherited or when ``previous`` names it too."""
    same_article = previous is not None and previous.article is not None \
        and (previous.article, previous.article_sub) == (ref.article, ref.article_sub)
    tail = _tail(ref)
    if tail and (ref.inherited or same_article):
        text = tail
    elif ref.scope == "heading" and ref.level != "heading":
        text = ref.label() + _HEADING_WORD.get(ref.level.removesuffix("_heading"), "标题")
    elif ref.scope == "lead_in":
        text = ref.label() + "条首部分"
    else:
        text = ref.label()
    return (ref.law or "") + text


def _refs(refs: Sequence[Ref], last: str = "、") -> str:
    """第十七条、第十八条 / 第十条第二款、第三款; ``last`` joins the final pair (和 for merges)."""
    parts = [_ref(r, refs[i - 1] if i else None) for i, r in enumerate(refs)]
    if len(parts) > 1 and last != "、":
        return "、".join(parts[:-1]) + last + parts[-1]
    return "、".join(parts)


def _run(refs: Sequence[Ref]) -> bool:
    """Three or more consecutive provisions of one level under one parent (written with 至)."""
    if len(refs) < 3:
        return False
    level = refs[0].level
    if level not in ops.LEVELS or any(r.level != level for r in refs):
        return False
    if level == "article" and any(r.article_sub for r in refs):
        return False
    parents = ops.LEVELS[:ops.LEVELS.index(level)]
    if any(getattr(r, p) != getattr(refs[0], p) for r in refs for p in parents):
        return False
    numbers = [getattr(r, level) for r in refs]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _positions(refs: Sequence[Ref]) -> str:
    """Final numbers: 第六条 / 第二款、第三款 / 第六条至第八条."""
    if _run(refs):
        return f"{_ref(refs[0])}至{_ref(refs[-1], refs[0])}"
    return _refs(refs)


def _as(refs: Sequence[Ref]) -> str:
    """"作为第六条" / "分别作为第六条、第七条"."""
    return ("分别作为" if len(refs) > 1 else "作为") + _positions(refs)


def _payload(payload: Payload | str) -> str:
    """New text, NPC convention: “first\\n“second\\n“last”."""
    paragraphs = payload.paragraphs if isinstance(payload, Payload) else payload.split("\n")
    return "\n".join(f"“{p}" for p in paragraphs) + "”"


def _quoted(words: Iterable[str]) -> str:
    return "、".join(f"“{w}”" for w in words)


def _quoted_each(paragraphs: Iterable[str]) -> str:
    return "".join(f"“{p}”" for p in paragraphs)


def _date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


# ------------------------------------------------------------------ clauses

def render_op(op: ops.Operation) -> str:
    """One clause of decision text for ``op``, without the final "。" or "；"."""
    match op:
        case ops.AddArticles(positions=p, text=t, anchor=a, within=w, count=n):
            # 增加一条，作为第六条：“…” / 在第十条后增加一条[，作为第十一条]：“…” / 在第三章中增加一条
            where = f"在{_ref(a)}后" if a is not None else f"在{_ref(w)}中" if w is not None else ""
            at = f"，{_as(p)}" if p else ""
            return f"{where}增加{_count(len(p) or n, '条')}{at}：{_payload(t)}"
        case ops.AddParagraphs(article=a, positions=p, text=t) | ops.AddItems(parent=a, positions=p, text=t):
            unit = "款" if isinstance(op, ops.AddParagraphs) else "项"
            where = "" if a.inherited else f"在{_ref(a)}中"
            at = f"，{_as(p)}" if p else ""
            return f"{where}增加{_count(len(p) or len(t.paragraphs), unit)}{at}：{_payload(t)}"
        case ops.AddDivision(kind=k, position=p, name=n, within=w, anchor=a, text=t):
            where = f"在{_ref(a)}后" if a else f"在{_ref(w)}中" if w else ""
            name = f"“{n}”" if n else ""
            return f"{where}增加一{ops.UNIT[k]}，作为{_ref(p)}{name}" + (f"：{_payload(t)}" if t else "")
        case ops.Replace(targets=t, text=x, new_numbers=n, cited=c):
            if c:  # 将第十五条“…”“…”修改为：“…” / 将“一、…”修改为：“…”
                where = "" if t[0].level == "heading" else _refs(t)
                return f"将{where}{_quoted_each(c)}修改为：{_payload(x)}"
            renumber = f"改为{_refs(n)}，" if n else ""
            return f"将{_refs(t)}{renumber}修改为：{_payload(x)}"
        case ops.Restate(target=t, text=x):
            unit = ops.UNIT.get(t.level, "自然段")
            return f"这一{unit}相应修改为：{_payload(x)}"
        case ops.Renumber(pairs=pairs, consequential=c):
            old, new = [a for a, _ in pairs], [b for _, b in pairs]
            if len(pairs) == 1 and old[0].inherited:
                return f"原{_ref(old[0])}{'相应改为' if c else '作为'}{_ref(new[0])}"
            olds = _positions(old) if _run(old) and _run(new) else _refs(old)
            news = _positions(new) if _run(old) and _run(new) else _refs(new)
            return f"{olds}相应改为{news}" if c else f"将{olds}改为{news}"
        case ops.Move(target=t, destination=d, append=True):
            return f"将{_ref(t)}并入{_ref(d)}"  # 将第十二条并入第十一条
        case ops.Move(target=t, destination=d) if d.paragraph is not None and \
                d.article is not None and (d.article, d.article_sub) != (t.article, t.article_sub):
            # 将第三条第二款并入第二条，作为第三款
            host = attrs.evolve(d, paragraph=None, item=None, subitem=None, written="")
            return f"将{_ref(t)}并入{_ref(host)}，作为第{numerals.int_to_cn(d.paragraph)}款"
        case ops.Move(target=t, destination=d, text=x) if x is not None \
                and t.level in ("paragraph", "item") and d.level == "article":
            # 将第二十四条第三款单列一条，作为第二十七条，修改为：“…” (without new words the
            # paragraph becomes an article as "将第十三条第二款改为第十六条" says, below)
            return f"将{_ref(t)}单列一条，作为{_ref(d)}，修改为：{_payload(x)}"
        case ops.Move(target=t, destination=d, text=x):
            body = f"，修改为：{_payload(x)}" if x is not None else ""
            return f"将{_ref(t)}改为{_ref(d)}{body}"
        case ops.Split(target=t, new_numbers=n, text=x):
            body = f"，修改为：{_payload(x)}" if x is not None else ""
            return f"将{_ref(t)}改为{_count(len(n), '条')}，作为{_refs(n)}{body}"
        case ops.Merge(targets=t, new_number=n, text=x):
            if n is None and x is not None:
                return f"将{_refs(t, '和')}合并修改为：{_payload(x)}"
            at = f"，作为{_ref(n)}" if n is not None else ""
            body = f"，修改为：{_payload(x)}" if x is not None else ""
            return f"将{_refs(t, '和')}合并为一条{at}{body}"
        case ops.Delete(targets=t):
            return f"删去{_refs(t)}"
        case ops.DeleteWords(targets=t, phrases=p, position=pos):
            which = {"end": "末尾的", "sentence": "规定的"}.get(pos, "中的")
            return f"删去{_refs(t)}{which}{_quoted(p)}"
        case ops.Substitute(targets=t, pairs=pairs, every=every, occurrence=n, position=p) \
                if n is not None or p == "end":
            # 将第十条第一款第二项末尾的“；”修改为“，” / 中的第一处“A”修改为“B”
            which = "末尾的" if p == "end" else f"中的第{numerals.int_to_cn(n)}处"
            return f"将{_refs(t) if t else '本条例'}{which}" + "，".join(
                f"“{a}”修改为“{b}”" for a, b in pairs)
        case ops.Substitute(targets=t, pairs=pairs, every=every):
            scope = _refs(t) if t else "本条例"
            verb = "统一修改为" if every else "修改为"
            if len({b for _, b in pairs}) == 1:
                return f"将{scope}中的{_quoted(a for a, _ in pairs)}{verb}“{pairs[0][1]}”"
            return f"将{scope}中的" + "，".join(f"“{a}”{verb}“{b}”" for a, b in pairs)
        case ops.InsertWords(target=t, anchor=a, text=x, where=w):
            return f"在{_ref(t)}中的“{a}”{'前' if w == 'before' else '后'}增加“{x}”"
        case ops.AddWords(target=t, text=x, where=w):
            return f"在{_ref(t)}{'开始部分' if w == 'start' else '末尾'}增加“{x}”"
        case ops.RenameHeading(target=t, name=n, old=o):
            old = f"“{o}”" if o is not None else ""
            return f"将{_ref(t)}{old}修改为“{n}”"
        case ops.Reorder(order=o, wording=w):
            parts = "和".join((["条文顺序"] if o else []) + (["个别文字"] if w else []))
            return f"此外，对{parts}作相应调整"
        case ops.Commencement(date=d, rule=r, provisions=p, pending=pending):
            if pending:
                return f"{_refs(p)}{r}"
            when = f"自{_date(d)}起施行" if d is not None else (r or ON_PROMULGATION)
            return f"本决定{_refs(p)}{when}"
        case ops.Republication(law=law, reorder=r):
            if not law:
                raise ValueError("a republication clause names the law it republishes")
            return f"{law}根据本决定作相应修改" + ("，并对条文顺序作相应调整" if r else "") + "，重新公布"
        case ops.NonTextual(text=x):
            return x
    raise TypeError(f"not an operation: {op!r}")


def _end(clause: str) -> str:
    """A clause ends with "。", unless it ends with quoted text that ends a sentence itself
    (修改为：“……。” but 修改为“……”。)."""
    return clause if clause.endswith(_CLOSED) else clause + "。"


def render_item(number: int | str | None, operations: Sequence[ops.Operation], *,
                lines: bool = False) -> str:
    """"三、" and the clauses of ``operations``, joined by "；" (or one a line with ``lines``);
    ``number`` is an int, a Chinese numeral, or None for an unnumbered (closing) clause."""
    if not operations:
        raise ValueError("an item has at least one operation")
    mark = "" if number is None else \
        (numerals.int_to_cn(number) if isinstance(number, int) else number) + "、"
    clauses = [render_op(op) for op in operations]
    if lines:
        return mark + "\n".join(_end(c) for c in clauses)
    return mark + _end("；".join(clauses))


def render_decision(title: str, target_title: str, items: Iterable[Sequence[ops.Operation]], *,
                    reorder: bool = True, wording: bool = False,
                    commencement: str | datetime.date | None = ON_PROMULGATION,
                    republish: bool = False, meeting: str | None = None,
                    adopted: datetime.date | None = None) -> str:
    """A whole instrument.  ``items`` are operation sequences, numbered 一、二、… in order; an
    item holding only Reorder/Commencement/Republication is written as an unnumbered closing
    line.  Then come the boilerplate lines the keywords ask for: 此外，对条文顺序作相应调整
    (``reorder``/``wording``), 本决定自…起施行 (``commencement``: a date, a rule such as
    "自公布之日起施行", or None) and 《X》根据本决定作相应修改，重新公布 (``republish``).  The
    enacting formula names ``meeting``, or else the issuing body before 关于 in ``title``."""
    issuer = meeting or (title.split("关于", 1)[0] if "关于" in title else "")
    out = [title]
    if adopted is not None:
        out.append(f"（{_date(adopted)}{meeting or issuer}通过）")
    out.append(f"{issuer}决定对《{target_title}》作如下修改：")
    closing = []
    number = 0
    for operations in items:
        if all(isinstance(op, ops.META_TYPES) for op in operations):
            closing.extend(_end(render_op(op)) for op in operations)
        else:
            number += 1
            out.append(render_item(number, operations))
    if reorder or wording:
        closing.append(_end(render_op(ops.Reorder(None, order=reorder, wording=wording))))
    if isinstance(commencement, datetime.date):
        closing.append(f"本决定自{_date(commencement)}起施行。")
    elif commencement:
        closing.append(f"本决定{commencement}。")
    if republish:
        closing.append(_end(render_op(ops.Republication(None, f"《{target_title}》"))))
    return "\n".join(out + closing) + "\n"
