"""Construction of operations from the decision grammar's parse tree.

Contract: ``Build(context)`` is a Lark ``Transformer`` over one item body parsed by
grammar/decision.lark.  It only constructs values: references (``Ref``) from reference tokens,
payloads from quoted text, and one or more operations (amend/ops.py) per clause, each with its
``Source``.  It makes no decision that needs the regulation being amended.  Where the grammar
accepted a known source defect (a reference without 第), it records a ``ReadWarning`` in
``context.warnings`` saying what was assumed.  Implicit targets are left as references marked
``inherited``; the parser fills them from the previous clause.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from lark import Token, Transformer, Tree, v_args
from lark.exceptions import GrammarError, VisitError
from lark.visitors import Discard

from amend.codecache import attrs
from amend.decision.inline import meta_methods

from amend import numerals
from amend import ops
from amend.ops import Payload, Ref, Source
from amend.text import DATE_RE, LABEL_OPENS_RE

_UNIT_LEVEL = {
    "编": "part", "分编": "subpart", "章": "chapter", "节": "section", "条": "article",
    "款": "paragraph", "项": "item", "目": "subitem",
}
_REF_UNIT = re.compile(
    r"第(?:([零〇一二三四五六七八九十百千两]+)|[（(]([零〇一二三四五六七八九十百千两]+)[）)])"
    r"(分编|编|章|节|条(?:之([零〇一二三四五六七八九十百千两]+))?|款|项|目|自然段|段|句|部分)"
)
_COUNT = re.compile(r"([一二两三四五六七八九十]+)(条|款|项|目|编|分编|章|节|句)")
_QUOTE_MARK = re.compile("[“”]")
_ITEM_LABEL = re.compile(r"[（(][零〇一二三四五六七八九十百]+[）)]")



def payload_labelled(payload: Payload | None) -> bool:
    """Whether new text opens with its own article label ("第十一条　…")."""
    lines = [p for p in (payload.paragraphs if payload else ()) if p.strip()]
    return bool(lines) and LABEL_OPENS_RE.match(lines[0]) is not None

@attrs.define
class Context:
    """What the transformer needs to know about the item it reads."""

    text: str  # the body as parsed
    item: str | None
    section: str | None
    to_decision: Callable[[int], int]  # body offset → offset in the decision's normalised text
    locate: Callable[[int], tuple[int, int]]  # decision offset → (line, col) in the source
    warnings: list = attrs.field(factory=list)


class ClauseError(ValueError):
    """A clause the grammar accepted but that cannot be built: what is wrong, in Chinese and
    English, and where (``pos``, in the body) when a token pinpoints it."""

    def __init__(self, zh: str, en: str, pos: int | None = None):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.pos = zh, en, pos


def _ordinal(numeral: str, label: str) -> int:
    """The value of the numeral in ``label`` ("第三十条"); a malformed numeral or 零 is an error."""
    try:
        n = numerals.cn_to_int(numeral)
    except ValueError:
        raise ClauseError(f"不是有效的中文数字：{label}", f"not a valid Chinese numeral: {label}") from None
    if n < 1:
        raise ClauseError(f"编号不能为零：{label}", f"a number cannot be zero: {label}")
    return n


#: "本条例第五条": the text itself, named before the reference
_THIS_TEXT = re.compile(r"^本(?:条例|法|规定|办法|细则|规则)(?=第)")


def parse_ref(path: str, written: str | None = None, **extra) -> Ref:
    """A ``Ref`` from one reference path: "第三条第二款第一项", "第一条第一款第（一）项",
    "本条例第五条"."""
    fields: dict = {}
    written = written or path
    path = _THIS_TEXT.sub("", path)
    pos = 0
    for m in _REF_UNIT.finditer(path):
        if m.start() != pos:
            break
        pos = m.end()
        n = _ordinal(m.group(1) or m.group(2), m.group(0))
        unit = m.group(3)
        if unit.startswith("条"):
            fields["article"] = n
            fields["article_sub"] = _ordinal(m.group(4), m.group(0)) if m.group(4) else 0
        elif unit in _UNIT_LEVEL:
            fields[_UNIT_LEVEL[unit]] = n
        elif unit in ("自然段", "段", "部分"):
            fields["index"] = n
            fields["scope"] = {"自然段": "preamble", "段": "body", "部分": "part"}[unit]
        elif unit == "句":
            fields["sentence"] = m.group(0)
    if pos == 0 or pos != len(path):
        raise ClauseError(f"不是有效的引用：{path}", f"not a valid reference: {path}")
    fields.update(extra)
    return Ref(written=written, **fields)


def _count(token: str) -> tuple[int, str]:
    m = _COUNT.fullmatch(token)
    return numerals.cn_to_int(m.group(1)), m.group(2)


def _unquote(quoted: str) -> tuple[tuple[str, ...], str]:
    """Split a run of quoted text into paragraphs and name its quoting convention."""
    chunks = [_outer(c) for c in _chunks(quoted)]
    if not chunks:  # “甲“乙” — a quote opened inside the text and never closed
        raise ClauseError("引号不配对：新内容中有未闭合的“", "unbalanced quotes: a “ in the new text "
                          "is never closed")
    if len(chunks) > 1:  # “…”“…”: each paragraph closed (constitution convention), or each
        # article closed with its paragraphs opened NPC-style (“第八条 …\n“…”\n“第九条 …”)
        lines = [line.strip() for c in chunks for line in c.split("\n")]
        return tuple(line[1:] if line.startswith("“") else line for line in lines if line), "each"
    lines = [line.strip() for line in chunks[0].split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        return tuple(lines), "inline"
    reopened = [line.startswith("“") for line in lines[1:]]
    convention = "npc" if all(reopened) else "first" if not any(reopened) else "mixed"
    return tuple(line[1:] if line.startswith("“") else line for line in lines), convention


def _chunks(quoted: str) -> list[str]:
    """The top-level quoted runs of a QUOTED token, inner quotes kept: “甲“乙”丙”“丁” → 甲“乙”丙, 丁.
    A “ that opens a line inside a run opens the next paragraph (NPC convention), not an inner
    quote (the same rule as the QUOTED terminal)."""
    chunks, depth, start = [], 0, 0
    for m in _QUOTE_MARK.finditer(quoted):
        i, ch = m.start(), m.group()
        if ch == "“":
            if depth == 0:
                depth, start = 1, i + 1
            elif not (depth == 1 and i > 0 and quoted[i - 1] == "\n"):
                depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                chunks.append(quoted[start:i])
    return chunks


def _outer(text: str) -> str:
    """Inside a quotation the law's own quotation marks are printed as ‘’ (引号里面再用引号时，
    里面一层用单引号): in the law's text they are “”."""
    return text.replace("‘", "“").replace("’", "”")


def _words(quoted: str) -> str:
    """The text of a single quoted phrase."""
    return "\n".join(_unquote(quoted)[0])


def _tokens(children, *types: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type in types]


def _first(children, cls):
    for c in children:
        if isinstance(c, cls):
            return c
    return None


def _all(children, cls) -> list:
    return [c for c in children if isinstance(c, cls)]


_INHERITED = Ref(written="", inherited=True)


class Targets(tuple):
    """References a clause names, in order."""


class Positions(tuple):
    """Final numbers a clause states (作为第二款、第三款)."""


class Phrases(tuple):
    """Quoted words (“A”、“B”)."""


class Anchor(tuple):
    """(kind, targets, cited): 在第X条后 → after, 在第X条中 → in, 宪法第X条 → bare."""


class Count(tuple):
    """(n, unit): 一条 → (1, "条")."""


def _share(before: Ref, ref: Ref) -> Ref:
    """``ref`` ("第三款") completed with the outer levels of ``before`` ("第十条第二款")."""
    levels = ("part", "subpart", "chapter", "section", "article", "paragraph", "item", "subitem")
    own = next(i for i, level in enumerate(levels) if getattr(ref, level) is not None)
    outer = {level: getattr(before, level) for level in levels[:own]}
    if before.article is not None:
        outer["article_sub"] = before.article_sub
    return attrs.evolve(ref, law=ref.law or before.law, **outer)


def _parent(anchor: Ref, unit: str) -> Ref:
    """Where a new 款 or 项 goes: "在第五条第二款后增加一款" adds to 第五条; "在第七条第一款第二项
    后增加一项" adds to 第七条第一款."""
    if unit == "款":
        # "在第四款后增加一款" after a clause on 第十一条: the article comes from that clause
        inherited = anchor.inherited or (anchor.article is None and anchor.paragraph is not None)
        return attrs.evolve(anchor, paragraph=None, item=None, subitem=None, inherited=inherited)
    # "在第六项之后增加一项" after a clause on 第二十三条第二款: that paragraph's items
    inherited = anchor.inherited or (anchor.article is None and anchor.item is not None)
    return attrs.evolve(anchor, item=None, subitem=None, inherited=inherited)


@v_args(meta=True)
class Build(Transformer):
    """Lark transformer: parse tree of one body → list of operations."""

    def __init__(self, context: Context):
        super().__init__(visit_tokens=False)
        self.ctx = context

    def transform(self, tree: Tree):
        """What ``Transformer.transform`` returns, and the same ``VisitError`` when a method
        raises, without Lark's per-node generators and per-call method wrappers: each method is
        called as ``method(self, meta, children)`` (``v_args(meta=True)``), children first."""
        methods = meta_methods(type(self))
        if methods is None:  # a Lark that wraps methods otherwise
            return super().transform(tree)

        def walk(node: Tree):
            children = [walk(c) if isinstance(c, Tree) else c for c in node.children]
            children = [c for c in children if c is not Discard]
            f = methods.get(node.data)
            if f is None:  # no method: a Tree of the transformed children, as Lark makes it
                return self._call_userfunc(node, children)
            try:
                return f(self, node.meta, children)
            except GrammarError:
                raise
            except Exception as e:
                raise VisitError(node.data, node, e)

        result = walk(tree) if isinstance(tree, Tree) else tree
        return None if result is Discard else result

    # ------------------------------------------------------------ helpers
    def _source(self, meta) -> Source:
        start = self.ctx.to_decision(meta.start_pos)
        end = self.ctx.to_decision(meta.end_pos)
        line, col = self.ctx.locate(start)
        return Source(
            item=self.ctx.item, section=self.ctx.section,
            clause=self.ctx.text[meta.start_pos:meta.end_pos], start=start, end=end,
            line=line, col=col,
        )

    def _warn(self, meta, code: str, message: str) -> None:
        line, col = self.ctx.locate(self.ctx.to_decision(meta.start_pos))
        self.ctx.warnings.append(ops.ReadWarning(code, message, self.ctx.item, line, col))

    # ------------------------------------------------------------ values
    def body(self, meta, children):
        out = []
        for c in children:
            if isinstance(c, list):
                out.extend(c)
            elif isinstance(c, ops.OPERATION_TYPES):
                out.append(c)
        return out

    def purpose(self, meta, children):
        return None

    def law(self, meta, children):
        return "".join(str(c) for c in children)

    def scope_pre(self, meta, children):
        return ("pre", str(children[0]))

    def scope_post(self, meta, children):
        return ("post", str(children[0]))

    def scope_alone(self, meta, children):
        return ("alone", str(children[0]))

    def ref(self, meta, children):
        written = self.ctx.text[meta.start_pos:meta.end_pos]
        law = next((c for c in children if type(c) is str), None)
        extra: dict = {"law": law}
        refs = _tokens(children, "REF")
        if _tokens(children, "OLD"):
            extra["numbering"] = "old"
        for c in children:
            if isinstance(c, tuple):
                kind, word = c
                if word == "名称" and refs:  # 第五章名称: the heading of the division named
                    extra["scope"] = "heading"
                elif word.endswith("名称"):  # 名称 / 法规名称
                    extra["scope"] = "title"
                elif word in ("引言", "序言"):
                    extra["scope"] = "preamble"
                elif word == "题注":
                    extra["scope"] = "note"
                elif word == "正文":
                    extra["scope"] = "body"
                elif word in ("条首部分", "条首", "款首", "款首部分"):
                    extra["scope"] = "lead_in"
                elif word == "标题":
                    extra["scope"] = "heading"
                else:  # 后两句 / 前一句
                    extra["sentence"] = word
        if _tokens(children, "HEADING_WORD"):
            extra["scope"] = "heading"
        if _tokens(children, "SAME_ARTICLE"):
            extra["inherited"] = True
        if _tokens(children, "SAME_PARAGRAPH"):  # 该款: paragraph 0 = the one named before
            extra["inherited"] = True
            extra["paragraph"] = 0
        if words := _tokens(children, "SCOPE_WORDS"):
            extra["cited"] = str(words[0])
        if not refs:
            return Ref(written=written, **{k: v for k, v in extra.items() if v is not None})
        path = "".join(str(r) for r in refs)
        return parse_ref(path, written, **{k: v for k, v in extra.items() if v is not None})

    def doc_scope(self, meta, children):
        return Ref(written=str(children[0]), scope="document")

    def law_scope(self, meta, children):
        return Ref(written=self.ctx.text[meta.start_pos:meta.end_pos], scope="document")

    def ref_abbr(self, meta, children):
        """第一、二、三款 → 第一款、第二款、第三款."""
        text = str(children[0])
        unit = text[-1]
        return Positions(parse_ref(f"第{n}{unit}", written=text) for n in text[1:-1].split("、"))

    def vague_modify(self, meta, children):
        return ops.NonTextual(self._source(meta), "unlocated", self._source(meta).clause)

    def divide_unplaced(self, meta, children):
        return ops.NonTextual(self._source(meta), "unlocated", self._source(meta).clause)

    def typo_ref(self, meta, children):
        n, unit = _count(str(children[0]))
        self._warn(meta, "missing-di",
                   f"“{children[0]}”缺少“第”，按“第{children[0]}”理解 / "
                   f"'{children[0]}' lacks 第: read as 第{children[0]}")
        return parse_ref(f"第{numerals.int_to_cn(n)}{unit}", written=str(children[0]))

    def targets(self, meta, children):
        """A list of references; later ones share what they leave out with the one before:
        "第十条第二款、第三款" is 第十条第三款, "第三条第二款第一项、第二项" 第三条第二款第二项."""
        out: list[Ref] = []
        for child in children:
            for ref in (child if isinstance(child, Positions) else (child,)):
                if out and ref.scope is None and ref.article is None and out[-1].article is not None:
                    ref = _share(out[-1], ref)
                out.append(ref)
        return Targets(out)

    def target_range(self, meta, children):
        return self.range(meta, children)

    def new_ref(self, meta, children):
        written = self.ctx.text[meta.start_pos:meta.end_pos]
        law = next((c for c in children if type(c) is str), None)
        numbering = "new" if _tokens(children, "NEW") else None
        ref = parse_ref(str(_tokens(children, "REF")[0]))
        return attrs.evolve(ref, written=written, law=law, numbering=numbering)

    def range(self, meta, children):
        first, last = children
        level = first.level
        a, b = getattr(first, level), getattr(last, level)
        if level != last.level or b < a or (level == "article" and (first.article_sub or last.article_sub)):
            raise ClauseError(f"“{first.written}至{last.written}”不是同一层级由小到大的连续范围",
                              f"{first.written}至{last.written} is not an ascending run of one level")
        unit = ops.UNIT[level]
        out = []
        for n in range(a, b + 1):
            label = numerals.article_label(n) if level == "article" else f"第{numerals.int_to_cn(n)}{unit}"
            out.append(attrs.evolve(first, written=label, **{level: n}))
        return Positions(out)

    def positions(self, meta, children):
        if len(children) == 1 and isinstance(children[0], Positions):
            return children[0]
        return Positions(children)

    def count(self, meta, children):
        return Count(_count(str(children[0])))

    def payload(self, meta, children):
        paragraphs, convention = _unquote(str(children[0]))
        return Payload(paragraphs, convention)

    def phrases(self, meta, children):
        words = Phrases(_words(str(c)) for c in children)
        if any(not w.strip() for w in words):
            raise ClauseError("引号中的文字为空", "the quoted text is empty")
        return words

    def anchor(self, meta, children):
        targets = _first(children, Targets)
        if _tokens(children, "AFTER"):
            kind = "after"
        elif _tokens(children, "IN", "BASIS"):
            kind = "in"
        else:
            kind = "bare"
        cited = _tokens(children, "QUOTED")
        return Anchor((kind, targets, _words(str(cited[0])) if cited else None))

    def division_name(self, meta, children):
        return ("name", _words(str(children[0])))

    def map_pair(self, meta, children):
        old, new = (_words(str(c)) for c in _tokens(children, "QUOTED"))
        pair = (parse_ref(old), parse_ref(new))
        return ops.Renumber(self._source(meta), (pair,), consequential=True)

    # ------------------------------------------------------------ additions
    def _add(self, meta, children):
        source = self._source(meta)
        anchor = _first(children, Anchor)
        absorbed = _first(children, Targets) if _tokens(children, "ABSORB") else None
        if anchor is None and absorbed is None and _first(children, Targets) is not None:
            # 将第十一条增加一款作为第四款
            anchor = Anchor(("bare", _first(children, Targets), None))
        count = _first(children, Count)
        positions = _first(children, Positions) or ()
        payload = _first(children, Payload)
        if count is None and positions:  # 增加第三款：“…” — the position alone
            count = (len(positions), {v: k for k, v in _UNIT_LEVEL.items()}.get(positions[0].level, ""))
        if count is None:  # 增加规定：“…” — appended, no position
            parent = _parent(anchor[1][0], "款") if anchor else _INHERITED
            return ops.AddParagraphs(source, parent, (), payload)
        n, unit = count
        if positions and len(positions) != n:
            raise ClauseError(f"增加{numerals.int_to_cn(n)}{unit}，但列出了{len(positions)}个位置",
                              f"增加{numerals.int_to_cn(n)}{unit} adds {n}, but {len(positions)} positions are given")
        if len({p.label() for p in positions}) != len(positions):
            raise ClauseError("“作为”后的编号重复", "the numbers after 作为 repeat")
        if positions and any(p.level != _UNIT_LEVEL[unit] for p in positions):
            raise ClauseError(f"增加的是“{unit}”，但“作为”后的编号是{positions[0].written}",
                              f"adds a {unit} but the position {positions[0].written} is not one")
        if payload is None and unit == "条" and len(positions) == 1 and n == 1:
            # 增加一条，作为第十一条，将第九条第五款、第六款分别作为第二款、第三款；增加两款，…:
            # an article assembled by the clauses that follow in the same item
            return ops.AddArticles(source, positions, Payload((), "assembled"),
                                   anchor=anchor[1][0] if anchor and anchor[0] == "after" else None)
        if payload is None and unit != "款":
            raise ClauseError(f"增加{numerals.int_to_cn(n)}{unit}，但没有给出新增的内容（“……”）",
                              f"增加{numerals.int_to_cn(n)}{unit} gives no new text (“……”)")
        if unit == "条":
            after = anchor[1][0] if anchor and anchor[0] == "after" else None
            if not positions and after is None and not payload_labelled(payload):
                # "在第十条后增加一条：“…”" places it; "增加一条：“第十一条 …”" numbers it itself
                raise ClauseError("增加条文应写明“作为第N条”或“在第X条后”", "an added article needs "
                                  "作为第N条 or 在第X条后")
            # 在第三章中增加一条，作为第十三条: it joins that chapter
            within = anchor[1][0] if anchor and anchor[0] == "in" and anchor[1][0].article is None \
                and anchor[1][0].level in ("part", "subpart", "chapter", "section") else None
            added = ops.AddArticles(source, positions, payload, anchor=after, count=n, within=within)
            if absorbed:  # 原第四十三条第一款修改后并入本条: it leaves its place for the new article
                return [added, ops.Delete(source, tuple(absorbed))]
            return added
        parent = _parent(anchor[1][0], unit) if anchor else _INHERITED
        if positions and parent is _INHERITED and positions[0].article is not None:
            parent = attrs.evolve(_INHERITED, article=positions[0].article,
                                  article_sub=positions[0].article_sub)
        cls = ops.AddParagraphs if unit == "款" else ops.AddItems
        if unit not in ("款", "项"):
            raise ClauseError(f"不能用这种句式增加{unit}", f"a {unit} cannot be added this way")
        return cls(source, parent, positions, payload)

    add = _add
    add_announced = _add  # 增加一款作为第二款，将该条修改为：… (the text follows in the next clause)

    def _add_division(self, meta, children):
        anchor = _first(children, Anchor)
        name = next((c[1] for c in children if type(c) is tuple and c[0] == "name"), None)
        (n, unit) = _count(str(_tokens(children, "DIVISION_COUNT")[0]))
        position = _first(children, Ref)
        kind = _UNIT_LEVEL[unit]
        within = after = None
        if anchor:
            target = anchor[1][0]
            if anchor[2]:
                target = attrs.evolve(target, cited=anchor[2])
            if anchor[0] == "after":
                after = target
            else:
                within = target
        return ops.AddDivision(self._source(meta), kind, position, name, within, after,
                               _first(children, Payload))

    add_division_q = _add_division
    add_division_r = _add_division

    # ------------------------------------------------------------ replacement
    def replace(self, meta, children):
        source = self._source(meta)
        targets = _first(children, Targets)
        if targets is None:
            targets = (_first(children, Ref),)
            new = None
        else:
            new = next((c for c in children if isinstance(c, Ref)), None)
        payload = _first(children, Payload)
        if _tokens(children, "RESPECTIVELY"):  # 第一项、第二项分别修改为：“（一）…”“（二）…”
            if len(payload.paragraphs) != len(targets):
                raise ClauseError(f"分别修改{len(targets)}处，但给出了{len(payload.paragraphs)}段新内容",
                                  f"分别修改为 names {len(targets)} provisions but gives "
                                  f"{len(payload.paragraphs)} texts")
            return [ops.Replace(source, (t,), Payload((p,), payload.convention))
                    for t, p in zip(targets, payload.paragraphs)]
        if len(targets) == 1 and targets[0].scope == "heading" and targets[0].level != "heading":
            # 将第四章章名修改为“听取和审议报告”
            return ops.RenameHeading(source, targets[0], payload.text)
        return ops.Replace(source, targets, payload, (new,) if new else ())

    def renumber_replace(self, meta, children):
        targets = _first(children, Targets) or Targets((_first(children, Ref),))
        positions = _first(children, Positions)
        if positions is None:  # 第五条修改为第六条，内容修改为：“…” (new_ref, not positions)
            positions = (_first(children, Ref),)
        payload = _first(children, Payload)
        if len(positions) > 1:  # 将第三十条改为第三十三条、第三十四条、第三十五条，修改为：“…”
            return self._split(meta, targets, positions, payload)
        new = positions[0]
        if len(targets) == 1 and targets[0].level == "paragraph" and new.level == "article":
            # 将第五条第一款改为第四条：“…” — a paragraph becomes an article, restated
            return ops.Move(self._source(meta), targets[0], new, text=payload)
        return ops.Replace(self._source(meta), targets, payload, (new,))

    def _split(self, meta, targets, positions, payload, count=None):
        """One provision becomes several: articles (Split) or, inside its article, paragraphs
        or items (a Replace whose text has that many parts)."""
        if len(targets) != 1:
            raise ClauseError("拆分只能针对一个条文、款或项", "a split names one provision, several are named")
        target = targets[0]
        if count is not None and positions and count[0] != len(positions):
            raise ClauseError(f"分为{numerals.int_to_cn(count[0])}{count[1]}，但列出了{len(positions)}个编号",
                              f"split into {count[0]} but {len(positions)} numbers are given")
        level = positions[0].level if positions else target.level
        if count is not None and _UNIT_LEVEL.get(count[1]) != level:
            raise ClauseError(f"分为{numerals.int_to_cn(count[0])}{count[1]}，与所列编号的层级不一致",
                              f"split into {count[1]} but the numbers given are of another level")
        if target.level == "article" and level == "article":
            return ops.Split(self._source(meta), target, positions, payload)
        if payload is None:
            raise ClauseError("拆分为款或项时应给出修改后的内容", "a split into paragraphs or items needs the new text")
        return ops.Replace(self._source(meta), targets, payload, tuple(positions))

    def split(self, meta, children):
        targets = _first(children, Targets)
        count = _first(children, Count)
        positions = _first(children, Positions)
        return self._split(meta, targets, positions, _first(children, Payload), count)

    def split_here(self, meta, children):
        """分为两款，修改为：“…”“…” after 将第X条改为第Y条: the provision of the clause before."""
        count = _first(children, Count)
        positions = _first(children, Positions) or ()
        payload = _first(children, Payload)
        if positions:
            return self._split(meta, (_INHERITED,), positions, payload, count)
        return ops.Replace(self._source(meta), (_INHERITED,), payload)

    def merge_replace(self, meta, children):
        if len(_first(children, Targets)) < 2:
            raise ClauseError("合并至少需要两个条文或款", "a merge needs at least two provisions")
        count = _first(children, Count)
        if count is not None and count[0] != 1:
            raise ClauseError(f"合并为{numerals.int_to_cn(count[0])}{count[1]}：合并的结果应为一个条文或款",
                              f"merged into {count[0]}: a merge makes one provision")
        return ops.Merge(self._source(meta), _first(children, Targets), _first(children, Ref),
                         _first(children, Payload))

    merge = merge_replace

    def merge_into(self, meta, children):
        """将第十二条并入第十一条[，作为第二款]: the provision joins another article."""
        targets = _first(children, Targets)
        dests = _all(children, Ref)
        if len(targets) != 1:
            raise ClauseError("“并入”前只能有一个条文或款", "one provision expected before 并入")
        dest = dests[0]
        if len(dests) > 1:  # 并入第Y条，作为第Z款
            dest = attrs.evolve(dest, paragraph=dests[1].paragraph)
            return ops.Move(self._source(meta), targets[0], dest)
        return ops.Move(self._source(meta), targets[0], dest, append=True)

    def detach(self, meta, children):
        """将第二十四条第三款单列一条，作为第二十七条[，修改为：“…”]: a paragraph becomes an article."""
        targets = _first(children, Targets)
        count = _first(children, Count)
        if len(targets) != 1 or count != (1, "条"):
            raise ClauseError("“单列一条”只能针对一款", "单列一条 takes one paragraph")
        return ops.Move(self._source(meta), targets[0], _first(children, Ref),
                        text=_first(children, Payload))

    detach_replace = detach

    def announce(self, meta, children):
        """对第X条进行修改，作为第Y条 — the new text follows in the same item."""
        targets = _first(children, Targets)
        new = _first(children, Ref)
        payload = _first(children, Payload)
        if payload is None:
            raise ClauseError("“进行修改”之后应给出修改后的内容（内容如下：“……”）",
                              "进行修改 must be followed by the new text (内容如下：“……”)")
        return ops.Replace(self._source(meta), targets, payload, (new,) if new else ())

    announce_replace = announce

    def rename_title(self, meta, children):
        targets = _first(children, Targets)
        title = str(_tokens(children, "TITLE")[0])[1:-1]
        if len(targets) != 1 or targets[0].scope != "title":
            raise ClauseError("书名号中的新名称只能用于修改名称", "a title in 《》 can only replace the name")
        return ops.Replace(self._source(meta), targets, Payload((title,)))

    # ------------------------------------------------------------ divisions
    def add_division_members(self, meta, children):
        added = self._add_division(meta, children)
        members = _first(children, Positions)
        return [added, ops.Members(self._source(meta), added.position, members, added.name)]

    def division_split(self, meta, children):
        """第二章“地方各级人民代表大会”分为六节： — the chapter (and its name); its sections follow."""
        targets = _first(children, Targets)
        if len(targets) != 1 or targets[0].article is not None:
            raise ClauseError("“分为N节”前应为一章", "分为N节 follows one chapter")
        name = _words(str(_tokens(children, "QUOTED")[0]))
        return ops.Members(self._source(meta), targets[0], (), name)

    def division_members(self, meta, children):
        source = self._source(meta)
        if _tokens(children, "ENLIST"):  # 列入本章: the item's own articles
            return ops.Members(source, _INHERITED, ())
        targets = _first(children, Targets)
        if len(targets) != 1 or targets[0].article is not None:
            raise ClauseError("“包括第X条至第Y条”前应为一章或一节", "包括… follows one chapter or section")
        quoted = _tokens(children, "QUOTED")
        name = _words(str(quoted[0])) if quoted else None
        members = _first(children, Positions) or ()
        return ops.Members(source, targets[0], members, name)

    def quoted_modify(self, meta, children):
        source = self._source(meta)
        groups = [c for c in children if type(c) is tuple and c[0] == "group"]
        if groups:  # 第三十条中的“A”、第四十条中的“B”修改为“C”: one Substitute per group
            new = _words(str(_tokens(children, "QUOTED")[-1]))
            every = bool(_tokens(children, "EVERY_MODIFY"))
            return [ops.Substitute(source, targets, tuple((o, new) for o in old), every=every)
                    for _, targets, old in groups]
        targets = _first(children, Targets) or ()
        phrases = _all(children, Phrases)
        quoted = _tokens(children, "QUOTED")
        colons = _tokens(children, "COLON")
        modify = _tokens(children, "MODIFY", "MODIFY_AFTER", "EVERY_MODIFY", "RESPECTIVELY",
                         "CHANGE_TO", "REPLACE_WITH")[0]
        # “A”、“B”分别修改为“C”、“D”: the new words after the verb, listed with 、
        listed = [q for q in quoted if q.start_pos > modify.start_pos]
        new = listed[0] if listed else quoted[-1]
        if len(listed) > 1 and modify.type != "RESPECTIVELY":
            raise ClauseError("“修改为”后列出了多个引号中的文字：一一对应时应写“分别修改为”",
                              "several quoted texts follow 修改为: write 分别修改为 when they pair up")
        if len(phrases) != 1:
            raise ClauseError("“修改为”前应有一处引号中的文字", "one quoted text expected before 修改为")
        old = phrases[0]
        # 宪法第六十七条“…行使下列职权”中第六项“（六）…”修改为“（六）…”
        inner = _first(children, Ref)
        if inner is not None and targets and len(quoted) == 2:
            lead_in = _words(str(quoted[0]))
            base = targets[0]
            target = attrs.evolve(inner, written=f"{base.written}“{lead_in}”中{inner.written}",
                                  law=base.law, article=base.article, article_sub=base.article_sub,
                                  cited=lead_in)
            targets = (target,)
        passage = [q for q in quoted if q.start_pos < modify.start_pos]
        if inner is None and passage and targets:
            # 将第五条第一款“依法开展示例活动”中的“依法”修改为“按照规定”: the words inside the
            # passage, i.e. the passage with them changed
            context, (word,), replacement = _words(str(passage[0])), old, _words(str(new))
            if context.count(word) != 1:
                raise ClauseError(f"“{word}”在“{context}”中出现{context.count(word)}次，无法确定修改哪一处",
                                  f"{word!r} occurs {context.count(word)} times in {context!r}")
            return ops.Substitute(source, targets, ((context, context.replace(word, replacement)),))
        new_paragraphs, convention = _unquote(str(new))
        # the quoted old text is a whole item, label included: "第十六项“（十六）…”修改为“（十六）…”"
        whole_item = len(targets) == 1 and targets[0].level == "item" and bool(_ITEM_LABEL.match(old[0]))
        # “A”“B”统一修改为“C” / 分别修改为: word lists, never a restatement
        words_only = modify.type in ("EVERY_MODIFY", "RESPECTIVELY")
        restating = not words_only and ((colons and colons[-1].start_pos > modify.start_pos)
                                        or convention == "each" or any("\n" in p for p in old)
                                        or whole_item)
        if targets and all(t.scope == "heading" and t.level != "heading" for t in targets):
            return ops.RenameHeading(source, targets[0], "\n".join(new_paragraphs), old[0])
        if not targets and restating:
            # 将“一、买卖合同的成立及效力”修改为：“一、买卖合同的成立”
            heading = Ref(written=str(quoted[0]), scope="heading", cited=old[0])
            return ops.Replace(source, (heading,), Payload(new_paragraphs, convention), (), old)
        if restating:
            paragraphs = tuple(p for o in old for p in o.split("\n"))
            return ops.Replace(source, targets, Payload(new_paragraphs, convention), (), paragraphs)
        every = modify.type == "EVERY_MODIFY" or any(t.scope == "document" for t in targets)
        if every and not targets:  # 将“区、县”的表述统一修改为“区”: the whole text
            targets = (Ref(written="", scope="document"),)
        target_refs = tuple(t for t in targets if t.scope != "document") or (
            targets if targets else (_INHERITED,))
        if modify.type == "RESPECTIVELY":  # “A”“B”分别修改为“C”“D”
            olds = [w for o in old for w in o.split("\n")]
            news = [w for q in listed for w in _chunks(str(q))] if len(listed) > 1 \
                else _chunks(str(new))
            if len(olds) != len(news) or len(olds) < 2:
                raise ClauseError(f"“分别修改为”前后的词语数目不一致（{len(olds)}个、{len(news)}个）",
                                  f"分别修改为 pairs {len(olds)} old with {len(news)} new words")
            pairs = tuple(zip(olds, news))
        else:  # “A”“B”统一修改为“C”: each quoted word is one old word
            pairs = tuple((w, _words(str(new))) for o in old for w in o.split("\n"))
        pairs += tuple(p for c in children if type(c) is tuple and c[0] == "pair" for p in c[1])
        occurrence = _tokens(children, "OCCURRENCE")
        nth = numerals.cn_to_int(str(occurrence[0])[1:-1]) if occurrence else None
        # 将第十条第一款第二项末尾的“；”修改为“。”: only the words that end the provision
        position = "end" if _tokens(children, "END_WORDS") else "anywhere"
        return ops.Substitute(source, target_refs, pairs, every=every, occurrence=nth,
                              position=position)

    def word_group(self, meta, children):
        return ("group", _first(children, Targets), _first(children, Phrases))

    def more_pair(self, meta, children):
        """、“C”修改为“D” — one more pair of the same clause."""
        quoted = _tokens(children, "QUOTED")
        return ("pair", ((_words(str(quoted[0])), _words(str(quoted[-1]))),))

    def restate(self, meta, children):
        return ops.Restate(self._source(meta), _INHERITED, _first(children, Payload))

    # ------------------------------------------------------------ words
    def insert_unanchored(self, meta, children):
        """在相关条款中增加“市监察委员会”的表述: the decision does not say where — no exact edit."""
        return ops.NonTextual(self._source(meta), "unlocated", self._source(meta).clause)

    def insert_words(self, meta, children):
        targets = _first(children, Targets) or (_INHERITED,)
        quoted = _tokens(children, "QUOTED")
        where = "before" if _tokens(children, "BEFORE") else "after"
        payload = _first(children, Payload)
        text = payload.text if payload else _words(str(quoted[1]))
        # "在第八十一条、第八十二条、第一百二十四条中的“A”后增加“B”": in each provision named
        source, anchor = self._source(meta), _words(str(quoted[0]))
        out = [ops.InsertWords(source, t, anchor, text, where) for t in targets]
        return out[0] if len(out) == 1 else out

    def add_words(self, meta, children):
        targets = _first(children, Targets)
        where = "start" if _tokens(children, "START_PART") else "end"
        source, text = self._source(meta), _first(children, Payload).text
        out = [ops.AddWords(source, t, text, where) for t in targets]
        return out[0] if len(out) == 1 else out

    def delete(self, meta, children):
        return ops.Delete(self._source(meta), _first(children, Targets))

    def deletion(self, meta, children):
        targets = _first(children, Targets) or (_INHERITED,)
        which = _tokens(children, "IN_WORDS", "IN", "END_WORDS", "STATED_WORDS")
        position = {"IN_WORDS": "anywhere", "IN": "anywhere", "END_WORDS": "end",
                    "STATED_WORDS": "sentence"}[which[0].type] if which else "anywhere"
        context = next((c[1] for c in children if type(c) is tuple and c[0] == "context"), None)
        return ("deletion", targets, _first(children, Phrases), position, context)

    def context(self, meta, children):
        return ("context", _words(str(_tokens(children, "QUOTED")[0])))

    def delete_words(self, meta, children):
        source = self._source(meta)
        deletions = [c for c in children if type(c) is tuple and c[0] == "deletion"]
        if deletions:
            return [ops.DeleteWords(source, targets, phrases, position, context=context)
                    for _, targets, phrases, position, context in deletions]
        return ops.DeleteWords(source, _first(children, Targets), _first(children, Phrases))

    # ------------------------------------------------------------ renumbering
    def renumber(self, meta, children):
        source = self._source(meta)
        consequential = bool(_tokens(children, "CONSEQUENTIAL"))
        typo = next((c for c in children if isinstance(c, Ref)), None)  # 将五十八条改为…
        groups = ([Targets((typo,))] if typo is not None else []) \
            + [c for c in children if isinstance(c, (Targets, Positions))]
        old, new = groups[0], groups[-1]
        if len(old) != len(new):
            raise ClauseError(f"{len(old)}处改为{len(new)}个编号，数目不一致",
                              f"{len(old)} provisions renumbered to {len(new)} numbers")
        if len({r.label() for r in new}) != len(new):
            raise ClauseError("改为的编号重复", "the new numbers repeat")
        if len(old) == 1 and old[0].level != new[0].level and old[0].level in ops.LEVELS \
                and new[0].level in ops.LEVELS:
            return ops.Move(source, old[0], new[0])
        return ops.Renumber(source, tuple(zip(old, new)), consequential)

    def renumber_via_modify(self, meta, children):
        targets = _first(children, Targets)
        new = _first(children, Ref)
        if len(targets) != 1:
            raise ClauseError("“修改为第N条”前只能有一个条文", "one provision expected before 修改为第N条")
        return ops.Renumber(self._source(meta), ((targets[0], new),))

    def renumber_map(self, meta, children):
        return [ops.Reorder(self._source(meta))] + [c for c in children if isinstance(c, ops.Renumber)]

    # ------------------------------------------------------------ boilerplate
    def reorder(self, meta, children):
        words = "".join(str(t) for t in _tokens(children, "ADJUST"))
        if _tokens(children, "SHIFT"):  # 其后条文序号相应顺延: the numbers that follow move
            return ops.Reorder(self._source(meta), order=True, wording=False)
        return ops.Reorder(self._source(meta), order=bool(re.search("顺序|序号|条序", words)),
                           wording=bool(re.search("文字|表述|名称", words)))

    def commencement(self, meta, children):
        source = self._source(meta)
        provisions = _first(children, Targets) or ()
        if later := _tokens(children, "LATER_NOTICE"):
            return ops.Commencement(source, None, str(later[0]), provisions, pending=True)
        if date := _tokens(children, "DATE"):
            y, m, d = map(int, DATE_RE.fullmatch(str(date[0])).groups())
            try:
                when = datetime.date(y, m, d)
            except ValueError:
                raise ClauseError(f"日期不存在：{date[0]}", f"no such date: {date[0]}",
                                  pos=date[0].start_pos) from None
            return ops.Commencement(source, when, None, provisions)
        return ops.Commencement(source, None, "自公布之日起施行", provisions)

    def republication(self, meta, children):
        laws = [c for c in children if type(c) is str]
        words = str(_tokens(children, "REPUBLISH")[0])
        return ops.Republication(self._source(meta), "、".join(laws) or None,
                                 reorder=bool(re.search("顺序|序号", words)))

    # ------------------------------------------------------------ no text change
    def charge_name(self, meta, children):
        ref = _first(children, Ref)
        return ops.NonTextual(self._source(meta), "charge_name", self._source(meta).clause, (ref,))

    def disapplication(self, meta, children):
        return ops.NonTextual(self._source(meta), "disapplication", str(children[0]))

    def interpretation(self, meta, children):
        return ops.NonTextual(self._source(meta), "interpretation", str(children[0]))

    def rule(self, meta, children):
        return ops.NonTextual(self._source(meta), "rule", str(children[0]))
