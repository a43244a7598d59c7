"""Reading a whole amendment instrument into a ``Decision``.

Contract: ``parse_decision(source)`` normalises the text (amend/normalise.py), segments it into
header, enacting formula, omnibus sections and items (segment.py), parses every item body with
grammar/decision.lark, builds operations (transform.py), fills implicit targets from the previous
clause of the same item ("原第二款作为第三款" after "在刑法第三十八条中…"), and gathers the metadata
(title, issuing body, meeting, dates as stated, target documents, aliases) and the boilerplate
flags.  Input that cannot be read raises ``DecisionError`` (diagnose.py) naming the item, the
clause and the position; it never returns a partial decision.
"""

from __future__ import annotations

import bisect
import datetime
import re

from amend.codecache import attrs
from lark.exceptions import LarkError, UnexpectedInput, VisitError

from amend import numerals, ops
from amend.decision.diagnose import DecisionError, from_lark
from amend.decision.grammar import clause_parser, line_parser
from amend.decision.inline import transform_while_parsing
from amend.decision.segment import AMENDMENT_VERB, Layout, segment
from amend.decision.transform import Build, ClauseError, Context
from amend.normalise import back, normalise
from amend.ops import Decision, DecisionItem, Ref
from amend.text import DATE_RE

#: Decisions are short documents: the longest real one we know has about 40 000 characters.
MAX_CHARS = 1_000_000


_NEWLINE = re.compile("\n")


class _Locator:
    """Offsets in the normalised text → (line, column) in the source, both 1-based."""

    def __init__(self, normalised):
        # normalise.OffsetMap.to_source, with the edits of each step indexed once
        self.steps = [(step.edits, [e.out_start for e in step.edits])
                      for step in reversed(normalised.steps) if step.edits]
        self.source = normalised.source
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(self.source)]

    def __call__(self, offset: int) -> tuple[int, int]:
        src = offset
        for edits, out_starts in self.steps:
            src = back(edits, out_starts, src)
        while src > 0 and src >= len(self.source) and self.source[src - 1] in "\r\n":
            src -= 1  # the end of the text is the end of its last line, not a line after it
        line = bisect.bisect_right(self.starts, src)
        return line, src - self.starts[line - 1] + 1


def parse_decision(source: str) -> Decision:
    """Read ``source`` (the text of a 修改决定 / 修正案) into a ``Decision``."""
    decision, _ = _read(source, collect=False)
    return decision


def parse_draft(source: str) -> tuple[Decision | None, tuple[DecisionError, ...]]:
    """Read a draft decision for review: every item that cannot be read gives its own
    ``DecisionError`` and is left out of the ``Decision``, so that one bad clause does not hide
    the others.  The decision is None when nothing at all can be read."""
    try:
        return _read(source, collect=True)
    except DecisionError as error:
        return None, (error,)


def _read(source: str, *, collect: bool) -> tuple[Decision, tuple[DecisionError, ...]]:
    if not source.strip():
        raise DecisionError("文件为空，没有可读取的决定", "the input is empty: no decision to read")
    if len(source) > MAX_CHARS:
        raise DecisionError(
            f"输入过大（{len(source)}字符），不像修改决定", f"input too large ({len(source)} "
            f"characters) for an amendment instrument")
    normalised = normalise(source)
    text = normalised.text
    locate = _Locator(normalised)
    layout = segment(text, locate)
    warnings = list(layout.warnings)
    items, errors = [], []
    for seg in layout.items:
        try:
            items.append(_read_item(layout, seg, locate, warnings))
        except DecisionError as error:
            if not collect:
                raise
            errors.append(error)
    warnings.extend(_check_numbering(items))
    if not any(not isinstance(op, ops.META_TYPES) for item in items for op in item.ops):
        if errors:
            raise errors[0]
        raise DecisionError("没有找到任何修改事项（如“一、将第X条修改为：……”）",
                            "no amendment items found (such as 一、将第X条修改为：……)",
                            line=1, col=1, clause=text.split("\n", 1)[0])
    return _decision(layout, items, warnings, text, locate), tuple(errors)


def parse_items(text: str, *, item: str | None = None) -> list[ops.Operation]:
    """Operations of one item's text (no header): for tests and the drafter's preview."""
    normalised = normalise(text)
    locate = _Locator(normalised)
    layout = segment(normalised.text, locate, header=False)
    out: list[ops.Operation] = []
    warnings: list = []
    for seg in layout.items:
        out.extend(_read_item(layout, attrs.evolve(seg, number=seg.number or item), locate,
                              warnings).ops)
    return out


def _read_item(layout: Layout, seg, locate, warnings: list) -> DecisionItem:
    if seg.kind == "repeal":
        return _repeal_item(layout, seg, locate)
    body = layout.body(seg)
    parser = clause_parser()

    def to_decision(offset: int) -> int:
        # the body ends with a line break of its own; an error there is at the end of the text
        offset = min(offset, len(body.rstrip("\n")))
        return layout.patched.to_original(seg.start + offset)

    where = {"item": seg.number, "section": seg.section}
    _check_item_number(layout, seg, locate, where)
    if not body.strip():  # "（一）" with nothing after it
        shown = layout.patched.text[seg.line_start:seg.end]
        line, col = locate(layout.patched.to_original(seg.end))
        raise DecisionError("这一项是空的，标号后没有内容", "this item is empty: nothing follows its number",
                            clause=shown, column=len(shown), line=line, col=col, **where)
    context = Context(body, seg.number, seg.section, to_decision, locate)
    try:  # the parse and the construction of operations in one pass (inline.py)
        operations = transform_while_parsing(parser, body, Build(context))
    except UnexpectedInput as error:
        pos = getattr(error, "pos_in_stream", None)
        if pos is None:
            token = getattr(error, "token", None)
            pos = token.start_pos if token is not None and token.start_pos is not None else len(body) - 1
        line, col = locate(to_decision(pos))
        raise from_lark(error, parser, body, line=line, col=col, **where) from None
    except VisitError as error:
        cause = error.orig_exc
        meta = getattr(error.obj, "meta", None)
        pos = meta.start_pos if meta is not None and not meta.empty else 0
        if getattr(cause, "pos", None) is not None:
            pos = cause.pos
        line, col = locate(to_decision(pos))
        zh = getattr(cause, "zh", f"无法理解这一条款（{type(cause).__name__}）")
        en = getattr(cause, "en", f"cannot read this clause: {cause}")
        raise DecisionError(zh, en, clause=body.rstrip("\n"), column=pos, line=line, col=col,
                            **where) from None
    warnings.extend(context.warnings)
    operations = _reject_verbs_in_rules(operations, body, to_decision, locate, where)
    _check_statements(operations, seg, body, to_decision, locate, warnings, where)
    _check_announced(operations, body, to_decision, locate, where)
    _check_words_one_line(operations, body, to_decision, locate, where)
    try:
        operations = inherit(operations)
    except ClauseError as error:  # "该款" with no paragraph before it
        line, col = locate(to_decision(error.pos or 0))
        raise DecisionError(error.zh, error.en, clause=body.rstrip("\n"), column=error.pos or 0,
                            line=line, col=col, **where) from None
    _check_assembled(operations, body, to_decision, locate, where)
    line, _ = locate(layout.patched.to_original(seg.line_start))
    return DecisionItem(seg.number, seg.section, operations, line)




def _check_item_number(layout: Layout, seg, locate, where) -> None:
    """An item numbered with Chinese numerals that do not make a number ("五五、", "（百）") cannot
    be named in any report or cross-reference: refused, with the caret under the number."""
    number = seg.number
    if not number or any(c not in numerals.CN_NUMERAL_CLASS for c in number):
        return
    try:
        numerals.cn_to_int(number)
    except numerals.NumeralError as error:
        shown = layout.patched.text[seg.line_start:seg.end].rstrip("\n")
        column = max(shown.find(number), 0)
        line, col = locate(layout.patched.to_original(seg.line_start + column))
        raise DecisionError(f"项目编号“{number}”无法读取：{error.zh}",
                            f"the item number {number} cannot be read: {error.en}",
                            clause=shown, column=column, line=line, col=col, **where) from None


def _repeal_item(layout: Layout, seg, locate) -> DecisionItem:
    """"五、废止…通过的《上海市酒类商品产销管理条例》。": the item repeals the documents it names
    (read by instrument.lark); kept as NonTextual(kind="repeal") with one Ref per document."""
    text = layout.patched.text[seg.start:seg.end]
    start = layout.patched.to_original(seg.start)
    end = layout.patched.to_original(seg.end)
    line, col = locate(start)
    source = ops.Source(seg.number, seg.section, text, start, end, line, col)
    targets = tuple(Ref(written=f"《{t}》", law=t, scope="document") for t in seg.targets)
    op = ops.NonTextual(source, "repeal", text, targets)
    item_line, _ = locate(layout.patched.to_original(seg.line_start))
    return DecisionItem(seg.number, seg.section, [op], item_line)


def _reject_verbs_in_rules(operations, body, to_decision, locate, where):
    """A sentence read as a rule of the decision must not hide a malformed operation."""
    for op in operations:
        if isinstance(op, ops.NonTextual) and op.kind == "rule":
            bare = re.sub(r"“[^”]*”", lambda m: "　" * len(m.group(0)), op.text)
            if m := AMENDMENT_VERB.search(bare):
                start = op.source.clause.find(op.text) + m.start()
                offset = body.find(op.source.clause) + max(start, 0)
                line, col = locate(to_decision(offset))
                raise DecisionError(
                    f"含有“{m.group(0)}”，但不是可识别的修改句式（应如“将第X条修改为：……”）",
                    f"contains {m.group(0)} but is not a known amendment form "
                    f"(such as 将第X条修改为：……)",
                    clause=body.rstrip("\n"), column=offset, line=line, col=col, **where)
    return operations


_HAN = re.compile(r"[\u3400-\u9fff]")


def _check_statements(operations, seg, body, to_decision, locate, warnings, where):
    """A sentence that changes no text is kept as NonTextual, never silently: inside a numbered
    item it is an error (an item exists to amend), unnumbered it is a warning; a "sentence" with
    no Chinese words at all is an error."""
    for op in operations:
        if not (isinstance(op, ops.NonTextual) and op.kind == "rule"):
            continue
        offset = max(body.find(op.source.clause), 0)
        line, col = locate(to_decision(offset))
        if not _HAN.search(op.text):
            if not _HAN.search(body):  # nothing readable at all: point at the item's start
                offset = len(body) - len(body.lstrip())
                line, col = locate(to_decision(offset))
            raise DecisionError("无法识别的文字（不是中文条款）", "unreadable text (not a Chinese clause)",
                                clause=body.rstrip("\n"), column=offset, line=line, col=col, **where)
        if seg.number is not None:
            raise DecisionError(
                "这一项没有可识别的修改操作（如“将第X条修改为：……”“删去第X条”“增加一条，作为第X条：……”）",
                "this item has no amendment operation the grammar knows (such as 将第X条修改为：……, "
                "删去第X条, 增加一条，作为第X条：……)",
                clause=body.rstrip("\n"), column=offset, line=line, col=col, **where)
        warnings.append(ops.ReadWarning(
            "non-textual", f"这一句不改动条文，按决定本身的规定保留：{op.text[:30]} / this sentence "
            "changes no text; kept as a rule stated by the decision", seg.number, line, col))


def _check_announced(operations, body, to_decision, locate, where):
    """"增加一款作为第二款，将该条修改为：…" announces a paragraph the next clause restates; an
    announced paragraph with no restatement of its article after it has no text."""
    for i, op in enumerate(operations):
        if isinstance(op, ops.AddParagraphs) and op.text is None:
            later = [o for o in operations[i + 1:] if isinstance(o, ops.Replace)]
            if not any(t.article == op.article.article or t.inherited for o in later
                       for t in o.targets):
                offset = max(body.find(op.source.clause), 0)
                line, col = locate(to_decision(offset))
                raise DecisionError("增加了款，但没有给出新增的内容（“……”）",
                                    "a paragraph is added but no new text is given (“……”)",
                                    clause=body.rstrip("\n"), column=offset, line=line, col=col,
                                    **where)


def _inline_words(op) -> tuple[str, ...]:
    """The quoted words of a word-level operation: they stand inside one line of the text."""
    match op:
        case ops.Substitute(pairs=pairs):
            return tuple(w for pair in pairs for w in pair)
        case ops.DeleteWords(phrases=phrases, context=context):
            return (*phrases, *((context,) if context else ()))
        case ops.InsertWords(anchor=anchor, text=text):
            return (anchor, text)
        case ops.AddWords(text=text):
            return (text,)
        case ops.RenameHeading(name=name, old=old):
            return (name, *((old,) if old else ()))
    return ()


def _check_words_one_line(operations, body, to_decision, locate, where):
    """Words quoted in a word edit ("将“A”修改为“B”") are words of one paragraph: a line break
    inside them means a quote left open across the line, which no paragraph can hold."""
    for op in operations:
        for words in _inline_words(op):
            if "\n" not in words:
                continue
            first = words.split("\n", 1)[0]
            start = max(body.find(op.source.clause), 0)
            found = body.find("“" + words, start)
            found = found if found >= 0 else body.find("“" + first, start)
            offset = found if found >= 0 else start
            line, col = locate(to_decision(offset))
            shown = first if len(first) <= 12 else first[:12] + "…"
            raise DecisionError(
                f"引号中的词语“{shown}”跨越了换行（引号可能未闭合）：修改词语只能在一款之内",
                f"the quoted words “{shown}” run across a line break (a quote left open?): "
                f"words are changed within one paragraph",
                clause=body.rstrip("\n"), column=offset, line=line, col=col, **where)


def _check_assembled(operations, body, to_decision, locate, where):
    """"增加一条，作为第十一条" without text must be filled by the item's later clauses (moved or
    added paragraphs); otherwise the new article has no text."""
    for i, op in enumerate(operations):
        new = _assembled(op)
        if new is None:
            continue
        filled = any(
            (isinstance(o, ops.AddParagraphs) and o.article.numbering == "new")
            or (isinstance(o, ops.Renumber) and any(b.numbering == "new" for _, b in o.pairs))
            for o in operations[i + 1:])
        if not filled:
            offset = max(body.find(op.source.clause), 0)
            line, col = locate(to_decision(offset))
            raise DecisionError(f"增加{new.label()}，但没有给出新增的内容（“……”）",
                                f"{new.label()} is added but no new text is given (“……”)",
                                clause=body.rstrip("\n"), column=offset, line=line, col=col, **where)


def _check_numbering(items: list[DecisionItem]) -> list[ops.ReadWarning]:
    """Items numbered 一、二、三… (and 1. 2. 3. within a section): a repeat or a gap is a warning.
    The first item of a section may restart at 1 or continue the numbers of the sections before
    ("一、修改《…》等5件": （一）1. 2. 3. （二）4. …); numbers such as "36（1）" (sub-items of a
    lead-in) are not checked."""
    out = []
    last: dict[str | None, int] = {}
    scheme_last: dict[bool, int] = {}
    for item in items:
        if item.number is None or item.number.startswith("第"):
            continue
        try:
            n = int(item.number) if item.number.isdigit() else numerals.cn_to_int(item.number)
        except ValueError:
            if m := re.match(r"\d+", item.number):  # 36（1）: a sub-item of the lead-in 36.
                last[item.section] = scheme_last[True] = int(m.group(0))
            else:  # "五五、", "（百）": a number no one can count on
                out.append(ops.ReadWarning(
                    "item-number", f"项目编号“{item.number}”不是有效的数字 / item number "
                    f"{item.number} is not a valid number", item.number, item.line, 1))
            continue
        arabic = item.number.isdigit()
        before = last.get(item.section, 0)
        if item.number == item.section:  # the item is its section's own line ("二、废止…")
            before = n - 1
        fine = n == before + 1 or (item.section not in last and item.section is not None
                                   and n == scheme_last.get(arabic, 0) + 1)
        if not fine:
            kind = "重复" if n <= before else "跳号"
            out.append(ops.ReadWarning(
                "item-number", f"项目编号{kind}：“{item.number}”前一项是{before or '（无）'} / item "
                f"number {item.number} {'repeats' if n <= before else 'skips'} after {before}",
                item.number, item.line, 1))
        last[item.section] = n
        scheme_last[arabic] = n
    return out


# ------------------------------------------------------------------ implicit targets

def _focus(op) -> Ref | None:
    """The provision a clause is about: what the next clause of the item inherits."""
    match op:
        case ops.Replace(targets=t) | ops.Delete(targets=t) | ops.DeleteWords(targets=t) \
                | ops.Substitute(targets=t) | ops.Merge(targets=t):
            return t[0] if t else None
        case ops.AddParagraphs(article=r) | ops.AddItems(parent=r) | ops.Move(target=r) \
                | ops.InsertWords(target=r) | ops.AddWords(target=r) | ops.Restate(target=r) \
                | ops.Split(target=r) | ops.RenameHeading(target=r):
            return r
        case ops.Renumber(pairs=pairs):
            return pairs[0][0]
        case ops.Members(division=d) if d.article is None:
            return d
    return None


_ARTICLE_FIELDS = ("law", "part", "subpart", "chapter", "section", "article", "article_sub")


_DIVISION_LEVELS = ("part", "subpart", "chapter", "section")


def _fill(ref: Ref, current: Ref | None, whole: bool | str) -> Ref:
    if ref.paragraph == 0 and ref.inherited:  # 该款: the paragraph the clause before named
        if current is None or current.paragraph is None:
            raise ClauseError("“该款”之前没有写明是哪一款", "该款 (that paragraph) follows no paragraph")
        return attrs.evolve(ref, paragraph=current.paragraph,
                            **{f: getattr(current, f) for f in _ARTICLE_FIELDS if f != "law"},
                            law=ref.law or current.law)
    if current is None:
        return ref
    if ref.scope == "heading" and ref.article is None and ref.cited is None \
            and all(getattr(ref, f) is None for f in _DIVISION_LEVELS) and current.article is None \
            and any(getattr(current, f) is not None for f in _DIVISION_LEVELS):
        # "将第五章改为第六章，章名修改为“…”": the heading of that chapter
        return attrs.evolve(ref, inherited=True, **{f: getattr(current, f) for f in _DIVISION_LEVELS})
    if ref.article is None and current.article is None and ref.level in _DIVISION_LEVELS \
            and current.level in _DIVISION_LEVELS \
            and _DIVISION_LEVELS.index(ref.level) >= _DIVISION_LEVELS.index(current.level):
        # "第一节“…”，包括第七条至第九条" after "第二章“…”分为六节：" (or after 第一节…: its sibling)
        outer = _DIVISION_LEVELS[:_DIVISION_LEVELS.index(ref.level)]
        return attrs.evolve(ref, **{f: getattr(current, f) for f in outer if getattr(ref, f) is None})
    if ref.written == "" and ref.inherited:
        if whole == "paragraph":  # 增加一项 after a clause on 第三条第二款: into that paragraph
            return attrs.evolve(Ref(written=current.written), inherited=True,
                                paragraph=current.paragraph,
                                **{f: getattr(current, f) for f in _ARTICLE_FIELDS})
        if whole:
            return attrs.evolve(current, inherited=True)
        return attrs.evolve(Ref(written=current.written), inherited=True,
                            **{f: getattr(current, f) for f in _ARTICLE_FIELDS})
    below = ref.paragraph is not None or ref.item is not None or ref.subitem is not None
    # "第一款款首修改为" after "将第五十三条改为第五十五条": the words before the items of that paragraph
    if ref.article is None and (below or ref.inherited) and ref.scope in (None, "lead_in") \
            and current.article is not None:
        # "删去第二十三条第二款第一项。将第二项修改为" — an item inherits the paragraph too
        paragraph = current.paragraph if ref.paragraph is None and (
            (ref.item is not None and current.item is not None) or whole == "paragraph") \
            else ref.paragraph
        return attrs.evolve(ref, inherited=True, paragraph=paragraph,
                            **{f: getattr(current, f) for f in _ARTICLE_FIELDS if f != "law"},
                            law=ref.law or current.law)
    return ref


def _assembled(op) -> Ref | None:
    """"增加一条，作为第十一条" with no text: the new article (in the new numbering) that the
    item's later clauses fill."""
    if isinstance(op, ops.AddArticles) and op.text.convention == "assembled":
        return attrs.evolve(op.positions[0], numbering="new")
    return None


def _into(op, new: Ref):
    """Clauses after "增加一条，作为第十一条": "将第九条第五款、第六款分别作为第二款、第三款" moves those
    paragraphs into the new article; "增加两款，分别作为第一款、第四款" adds to it."""
    if isinstance(op, ops.Renumber) and all(b.article is None and b.paragraph is not None
                                            for _, b in op.pairs):
        return attrs.evolve(op, pairs=tuple(
            (a, attrs.evolve(b, article=new.article, article_sub=new.article_sub, numbering="new"))
            for a, b in op.pairs))
    if isinstance(op, ops.AddParagraphs) and op.article.written == "" and op.article.inherited:
        return attrs.evolve(op, article=new)
    return op


def inherit(operations) -> list:
    """Fill references that name no article ("第二款", "增加一款", "这一自然段") from the
    provision of the clause before, within one item."""
    out = []
    current: Ref | None = None
    assembling: Ref | None = None
    group: tuple[Ref, ...] = ()  # every provision the clause before named (its word edits)
    group_start: int | None = None
    for op in operations:
        if isinstance(op, _WORD_OPS) and len(group) > 1 and _inherits_all(op):
            # "将第二十一条、第二十四条中的“道路运输单位”修改为“运输单位”，“储存”修改为“储存、装卸”":
            # the second pair is in both articles, not only the first
            op = attrs.evolve(op, targets=tuple(_fill(op.targets[0], g, True) for g in group))
            out.append(op)
            current = group[0]
            continue
        if assembling is not None:
            op = _into(op, assembling)
        assembling = _assembled(op) or assembling
        whole = isinstance(op, (ops.Substitute, ops.Restate, ops.InsertWords, ops.AddWords,
                                ops.DeleteWords, ops.Replace)) or (
            "paragraph" if isinstance(op, ops.AddItems) else False)
        changes = {}
        try:
            for field in attrs.fields(type(op)):
                value = getattr(op, field.name)
                if isinstance(value, Ref):
                    changes[field.name] = _fill(value, current, whole)
                elif field.name in ("targets",) and value:
                    changes[field.name] = tuple(_fill(r, current, whole) for r in value)
                elif field.name == "pairs" and isinstance(op, ops.Renumber):
                    changes[field.name] = tuple((_fill(a, current, False), b) for a, b in value)
        except ClauseError as error:
            raise ClauseError(error.zh, error.en, op.source.start) from None
        if changes:
            op = attrs.evolve(op, **changes)
        op = _whole_text_if_unnamed(op)
        current = _focus(op) or current
        named = _word_targets(op)
        if named:
            start = op.source.start if op.source is not None else None
            group = group + named if start is not None and start == group_start else named
            group_start = start
        else:
            group, group_start = (), None
        out.append(op)
    return out


_WORD_OPS = (ops.Substitute, ops.DeleteWords)


def _inherits_all(op) -> bool:
    return len(op.targets) == 1 and op.targets[0].written == "" and op.targets[0].inherited \
        and op.targets[0].scope is None


def _word_targets(op) -> tuple[Ref, ...]:
    """The provisions a word edit names, written (not inherited), one per provision."""
    if isinstance(op, _WORD_OPS):
        refs = op.targets
    elif isinstance(op, ops.InsertWords):
        refs = (op.target,)
    else:
        return ()
    return tuple(r for r in refs if r.written and not r.inherited and r.article is not None)


def _whole_text_if_unnamed(op):
    """"将“卫生行政管理部门”修改为“卫生健康行政管理部门”" as an item's first clause: no provision is
    named and none can be inherited, so the words are changed throughout the text."""
    if isinstance(op, (ops.Substitute, ops.DeleteWords)) and op.targets \
            and all(t.written == "" and t.inherited and t.level == "document" for t in op.targets):
        return attrs.evolve(op, targets=(Ref(written="", scope="document"),), every=True)
    return op




# ------------------------------------------------------------------ metadata



def _date(text: str) -> datetime.date | None:
    """The first date in ``text``; None when there is none or it does not exist (2021年13月45日)."""
    m = DATE_RE.search(text)
    try:
        return datetime.date(*map(int, m.groups())) if m else None
    except ValueError:
        return None


def _header_lines(header: tuple[str, ...]) -> list[str]:
    """Header lines with brackets broken over lines joined again."""
    out: list[str] = []
    depth = 0
    for line in header:
        if depth > 0 and out:
            out[-1] += line
        else:
            out.append(line)
        depth += line.count("（") + line.count("(") - line.count("）") - line.count(")")
        depth = max(depth, 0)
    return out


def _decision(layout: Layout, items: list[DecisionItem], warnings: list, text: str,
              locate: _Locator) -> Decision:
    header = _header_lines(layout.header)
    title = header[0] if header else text.split("\n", 1)[0]
    adopted = promulgated = in_force = None
    rule = meeting = None
    for i, line in enumerate(header[1:], 1):
        try:
            kind = line_parser().parse(line, start="header").data
        except LarkError:
            kind = "other"
        if (m := DATE_RE.search(line)) and _date(line) is None:
            offset = text.find(m.group(0))
            line_no, col = locate(offset) if offset >= 0 else (0, 0)
            raise DecisionError(f"日期不存在：{m.group(0)}", f"no such date: {m.group(0)}",
                                clause=line, column=line.find(m.group(0)), line=line_no, col=col)
        if kind == "adoption" and adopted is None:
            adopted = _date(line)
            inner = line.strip("（）() ")
            meeting = DATE_RE.sub("", inner, count=1).strip()
            meeting = re.sub(r"(通过|批准)$", "", meeting).strip() or None
        elif kind == "notice":
            if adopted is None:
                adopted = _date(line)
            if "自公布之日起施行" in line:
                rule = "自公布之日起施行"
        elif kind == "date_only":
            promulgated = _date(line)
    flags = ops.Flags()
    commencements = []
    for op in (op for item in items for op in item.ops):
        if isinstance(op, ops.Reorder):
            flags = attrs.evolve(flags, reorder=flags.reorder or op.order,
                                 wording=flags.wording or op.wording)
        elif isinstance(op, ops.Republication):
            flags = attrs.evolve(flags, republish=True, reorder=flags.reorder or op.reorder)
        elif isinstance(op, ops.Commencement):
            commencements.append(op)
    general = [c for c in commencements if not c.provisions]
    if general:
        c = general[0]
        if c.date is not None:
            in_force = c.date
        else:
            rule = c.rule
    elif commencements:
        rule = "分别施行 (split commencement)"
    if rule == "自公布之日起施行" and in_force is None:
        in_force = promulgated
    targets, aliases = _targets(layout, title, items)
    body = title.split("关于", 1)[0] if "关于" in title else None
    return Decision(
        title=title, body=body or None, meeting=meeting,
        dates=ops.Dates(adopted, promulgated, in_force, rule),
        targets=targets, aliases=aliases, formula=layout.formula,
        sections=tuple(ops.OmnibusSection(n, t, locate(offset)[0])
                       for n, t, offset in layout.sections),
        items=items, flags=flags, warnings=warnings, text=text,
    )


def _targets(layout: Layout, title: str, items) -> tuple[tuple[str, ...], tuple]:
    targets: list[str] = []
    aliases: list[tuple[str, str]] = []
    if layout.formula:
        try:
            tokens = line_parser().parse(layout.formula, start="formula").children
        except LarkError:  # a formula with unbalanced 《》: no target can be read from it
            tokens = []
        # 审议了…提出的《…修正案（草案）》，决定对《X》作如下修改：the documents amended are the
        # titles after 对 when there are such, else every title
        after_dui: list[int] = []
        for i, t in enumerate(tokens):
            before = str(tokens[i - 1]) if i > 0 and tokens[i - 1].type == "WORDS" else ""
            if t.type == "TITLE" and (before.endswith("对") or (
                    after_dui and after_dui[-1] == i - 2 and before in ("、", "和", "及", "以及"))):
                after_dui.append(i)
        last = None
        for i, token in enumerate(tokens):
            if token.type == "TITLE" and (not after_dui or i in after_dui):
                last = _unbracket(str(token))
                targets.append(last)
            elif token.type == "TITLE":
                last = None
            elif token.type == "ALIAS" and last:
                m = re.search(r"以下简称[“《]?([^）)”》]+)", str(token))
                if m:
                    aliases.append((m.group(1), last))
    for _, target, _ in layout.sections:
        targets.append(_unbracket(f"《{target}》"))
    for item in items:  # documents repealed (废止《…》)
        for op in item.ops:
            if isinstance(op, ops.NonTextual) and op.kind == "repeal":
                targets.extend(ref.law for ref in op.targets if ref.law)
    if not targets:
        m = re.search(r"关于修改《(.+)》的决定", title) or re.search(r"^(.+?)修正案", title)
        if m:
            targets.append(_unbracket(f"《{m.group(1)}》"))
    return tuple(dict.fromkeys(targets)), tuple(aliases)


def _unbracket(title: str) -> str:
    """《关于修改〈X〉…》 → the title with its outer 《》 removed and inner 〈〉 as 《》."""
    inner = title[1:-1] if title.startswith("《") else title
    return inner.replace("〈", "《").replace("〉", "》")
