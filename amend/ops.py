"""The closed set of amendment operations, and the Decision value that holds them.

Contract: every operation is a frozen attrs value carrying its ``Source`` (the decision item and
omnibus section it belongs to, the clause as written, its offsets in the decision's normalised text
and its line/column in the source) and its targets as ``Ref`` values, written in the numbering of
the text *before* the decision ("第三十条"), together with any final number the decision states
("改为第三十二条").  ``OPERATION_TYPES`` is the whole set; ``op_name`` gives the stable name used
in JSON and in the grammar-coverage tests.  Nothing here interprets an operation against a text:
that is the apply stage's job.  A ``Decision`` holds the instrument's metadata, its items and
operations, the boilerplate flags, and the warnings raised while reading it.
"""

from __future__ import annotations

import datetime
from typing import Union

from amend.codecache import attrs, to_tuple

from amend import numerals


@attrs.frozen
class Source:
    """Where an operation was read: item "三" (omnibus section "四"), the clause text, its span
    [start, end) in the decision's normalised text, and its 1-based line/column in the source."""

    item: str | None
    section: str | None
    clause: str
    start: int
    end: int
    line: int = 0
    col: int = 0


#: Levels of a reference, outermost first.
LEVELS = ("part", "subpart", "chapter", "section", "article", "paragraph", "item", "subitem")

#: Glossary for messages: level → Chinese unit.
UNIT = {
    "part": "编", "subpart": "分编", "chapter": "章", "section": "节", "article": "条",
    "paragraph": "款", "item": "项", "subitem": "目",
}


@attrs.frozen
class Ref:
    """A provision as a decision names it ("刑法第一百二十条之一第二款", "第二款", "名称").

    ``written`` is the reference exactly as written.  Numbers are ints; ``article_sub`` is the N of
    第X条之N.  ``scope`` names a part that has no number: ``title`` 名称, ``preamble`` 引言/序言,
    ``lead_in`` 条首部分 (the words before an article's items), ``body`` 正文 (of a 批复),
    ``heading`` (章名/节名/标题, or a heading cited by its text), ``document`` (本条例/本法: the
    whole text).  ``index`` numbers a 自然段/段/部分; ``sentence`` narrows to "第二句" / "后两句".
    ``cited`` is text quoted to identify the provision (constitution style).  ``numbering`` is
    ``old`` for 原第X条, ``new`` for 修改后《解释》第X条.  ``inherited`` marks an article taken from
    the previous clause of the same item ("原第二款作为第三款" after "在刑法第三十八条中…")."""

    written: str
    law: str | None = None
    numbering: str | None = None
    part: int | None = None
    subpart: int | None = None
    chapter: int | None = None
    section: int | None = None
    article: int | None = None
    article_sub: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    scope: str | None = None
    index: int | None = None
    sentence: str | None = None
    cited: str | None = None
    inherited: bool = False

    @property
    def level(self) -> str:
        """The deepest level named: "paragraph" for 第三条第二款; the scope when there is one."""
        for level in reversed(LEVELS):
            if getattr(self, level) is not None:
                if self.scope in ("lead_in", "heading"):
                    return f"{level}_{self.scope}"
                return level
        return self.scope or "document"

    @property
    def article_key(self) -> tuple[int | None, int]:
        """(number, sub) of the article named: 第一百二十条之一 → (120, 1)."""
        return (self.article, self.article_sub)

    @property
    def article_label(self) -> str | None:
        if self.article is None:
            return None
        return numerals.article_label(self.article, self.article_sub)

    def label(self) -> str:
        """Canonical label of the provision: "第三十条第二款第一项" (no law prefix)."""
        out = []
        for level in ("part", "subpart", "chapter", "section"):
            n = getattr(self, level)
            if n is not None:
                out.append(numerals.division_label(n, UNIT[level]))
        if self.article is not None:
            out.append(numerals.article_label(self.article, self.article_sub))
        for level in ("paragraph", "item", "subitem"):
            n = getattr(self, level)
            if n is not None:
                out.append(f"第{numerals.int_to_cn(n)}{UNIT[level]}")
        if out:
            return "".join(out)
        return self.written


@attrs.frozen
class Payload:
    """New text given by a clause, one paragraph per entry, quotes removed.

    ``convention`` records how it was quoted: ``npc`` (every paragraph opens with “, the last
    closes), ``first`` (only the first opens), ``each`` (every paragraph opened and closed),
    ``unquoted`` (after "内容如下：" or a colon at the end of a line), ``inline`` (one paragraph)."""

    paragraphs: tuple[str, ...] = attrs.field(converter=to_tuple)
    convention: str = "inline"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@attrs.frozen
class AddArticles:
    """增加一条，作为第六条 / 在第X条后增加一条，作为第X条之一 / 增加五条，分别作为第A条至第B条.

    ``positions`` are the final numbers; ``anchor`` is the article it follows when stated;
    ``within`` the division it joins ("在第三章中增加一条，作为第十三条")."""

    source: Source
    positions: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    text: Payload
    anchor: Ref | None = None
    count: int = 1
    within: Ref | None = None


@attrs.frozen
class AddDivision:
    """增加一章，作为第七章“公布” / 在第十五章第三节后增加一节，作为第四节 / 第三章中增加一节.

    ``kind`` is part/subpart/chapter/section; ``within`` the enclosing division; ``anchor`` the
    division it follows; ``text`` the payload when the clause carries one (heading and articles)."""

    source: Source
    kind: str
    position: Ref
    name: str | None = None
    within: Ref | None = None
    anchor: Ref | None = None
    text: Payload | None = None


@attrs.frozen
class AddParagraphs:
    """在第X条中增加一款，作为第二款 / 增加二款，分别作为第二款、第三款 / 第十一条增加规定.

    ``positions`` empty means appended at the end of the article (增加规定 with no position)."""

    source: Source
    article: Ref
    positions: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    text: Payload


@attrs.frozen
class AddItems:
    """增加一项，作为第三项 (in an article or a paragraph)."""

    source: Source
    parent: Ref
    positions: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    text: Payload


@attrs.frozen
class Replace:
    """将第X条修改为：“…” and its relatives: paragraph(s), item, lead-in, title, preamble,
    heading; ``new_numbers`` for 将第三十条改为第三十二条，修改为 / 将第二条修改为第六条：;
    ``cited`` holds old text quoted before 修改为 (constitution style)."""

    source: Source
    targets: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    text: Payload
    new_numbers: tuple[Ref, ...] = attrs.field(default=(), converter=to_tuple)
    cited: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class Restate:
    """这一自然段/款/条相应修改为：“…”: the full result of the preceding phrase operations."""

    source: Source
    target: Ref
    text: Payload


@attrs.frozen
class Renumber:
    """将第五条改为第十条 / 原第二款作为第三款 / 第七项至第十五项相应改为第八项至第十六项 /
    “第八条”调整为“第七条”.  ``pairs`` are (old, new); ``consequential`` marks 相应改为 and maps."""

    source: Source
    pairs: tuple[tuple[Ref, Ref], ...] = attrs.field(converter=to_tuple)
    consequential: bool = False


@attrs.frozen
class Move:
    """将第十三条第二款改为第十六条: a provision becomes one of another level elsewhere."""

    source: Source
    target: Ref
    destination: Ref
    #: 并入第Y条: the provision joins the end of the destination article
    append: bool = False
    #: 单列一条，作为第Y条，修改为：“…”: the moved provision's new text
    text: Payload | None = None


@attrs.frozen
class Split:
    """将第九条改为三条，作为第十二条、第十三条、第十四条，修改为：“…”."""

    source: Source
    target: Ref
    new_numbers: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    text: Payload | None = None


@attrs.frozen
class Merge:
    """将第六条和第七条合并修改为：“…” / 将第X条、第Y条合并为一条[，作为第Z条]."""

    source: Source
    targets: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    new_number: Ref | None = None
    text: Payload | None = None


@attrs.frozen
class Delete:
    """删去第十七条 / 删除第七条、第八条 / 删去第三百六十条第二款 / 删除第一条第二项."""

    source: Source
    targets: tuple[Ref, ...] = attrs.field(converter=to_tuple)


@attrs.frozen
class DeleteWords:
    """删去第三条第一款中的“…” / 末尾的“…” (``position`` end) / 规定的“…” (sentence)."""

    source: Source
    targets: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    phrases: tuple[str, ...] = attrs.field(converter=to_tuple)
    position: str = "anywhere"
    every: bool = False
    #: 删去“…的”中的“A”: the words are deleted inside this quoted passage only
    context: str | None = None


@attrs.frozen
class Substitute:
    """将第X条中的“A”修改为“B”; several pairs, several targets; ``every`` for 统一修改为 and
    将本条例中的 (every occurrence).  No targets means the whole text (本条例中的)."""

    source: Source
    targets: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    pairs: tuple[tuple[str, str], ...] = attrs.field(converter=to_tuple)
    every: bool = False
    #: 中的第一处“A”: only that occurrence (1-based)
    occurrence: int | None = None
    #: "end" for 末尾的“A”修改为“B” (only an occurrence that ends the provision)
    position: str = "anywhere"


@attrs.frozen
class InsertWords:
    """在第X条中的“A”后增加“B” / “A”之后增加“B” / 在“A”前增写“B” / “A”后增写一句."""

    source: Source
    target: Ref
    anchor: str
    text: str
    where: str = "after"
    every: bool = False


@attrs.frozen
class AddWords:
    """第一条第二款开始部分增加规定：“…” (``where`` start) / 序言第十自然段末尾增加：“…” (end)."""

    source: Source
    target: Ref
    text: str
    where: str = "end"


@attrs.frozen
class RenameHeading:
    """将第四章章名修改为“听取和审议报告” / 宪法第四章章名“A”修改为“B”."""

    source: Source
    target: Ref
    name: str
    old: str | None = None


@attrs.frozen
class Reorder:
    """此外，对条文顺序作相应调整 / N.条文顺序作相应调整: renumber everything in order
    (``order``); ``wording`` when the boilerplate admits small wording changes no item lists
    (对条文顺序和个别文字作相应调整 / 并对部分文字作相应调整)."""

    source: Source
    order: bool = True
    wording: bool = False


@attrs.frozen
class Commencement:
    """本决定自2021年1月1日起施行 / 自公布之日起施行; ``provisions`` for split commencements;
    ``pending`` when the date is left to a later notice."""

    source: Source
    date: datetime.date | None
    rule: str | None = None
    provisions: tuple[Ref, ...] = attrs.field(default=(), converter=to_tuple)
    pending: bool = False


@attrs.frozen
class Republication:
    """《X》根据本决定作相应修改，重新公布 (``reorder`` when it adds 并对条文顺序作相应调整)."""

    source: Source
    law: str | None
    reorder: bool = False


@attrs.frozen
class NonTextual:
    """A statement that changes no text: ``kind`` is disapplication (…不再适用), interpretation
    (…应解释为…), charge_name (罪名由“A”修改为“B”) or rule (a substantive rule)."""

    source: Source
    kind: str
    text: str
    targets: tuple[Ref, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class Members:
    """Which articles a division holds, in the final numbering: "增加一章，作为第七章“公布”，包括
    第五十一条至第五十二条", "第一节“…”，包括第七条至第九条", "列入本章" (the articles the item
    moved).  ``division`` names the division (final number for a new one; the old one otherwise),
    ``members`` the final article numbers (empty for 列入本章: the engine takes the item's own)."""

    source: Source
    division: Ref
    members: tuple[Ref, ...] = attrs.field(converter=to_tuple)
    name: str | None = None


#: The closed set.
OPERATION_TYPES = (
    AddArticles, AddDivision, AddParagraphs, AddItems, Replace, Restate, Renumber, Move, Split,
    Merge, Delete, DeleteWords, Substitute, InsertWords, AddWords, RenameHeading, Reorder,
    Commencement, Republication, NonTextual, Members,
)

Operation = Union[OPERATION_TYPES]

#: Operations that state facts about the decision rather than change the text.
META_TYPES = (Reorder, Commencement, Republication)


def _level(refs) -> str:
    levels = {r.level for r in refs}
    return levels.pop() if len(levels) == 1 else "mixed"


def op_name(op: Operation) -> str:
    """The stable name of an operation: "renumber_replace_article", "delete_paragraph", …"""
    match op:
        case AddArticles(anchor=anchor):
            return "add_article_after" if anchor is not None else "add_article"
        case AddDivision(kind=kind):
            return f"add_{kind}"
        case AddParagraphs():
            return "add_paragraph"
        case AddItems():
            return "add_item"
        case Replace(targets=targets, new_numbers=new, cited=cited):
            stem = "cited_replace" if cited else "replace"
            return ("renumber_" if new else "") + f"{stem}_{_level(targets)}"
        case Restate():
            return "restate"
        case Renumber(pairs=pairs):
            return f"renumber_{_level(p[0] for p in pairs)}"
        case Move():
            return "move"
        case Split():
            return "split_article"
        case Merge():
            return "merge_articles"
        case Delete(targets=targets):
            return f"delete_{_level(targets)}"
        case DeleteWords():
            return "delete_words"
        case Substitute():
            return "substitute_words"
        case InsertWords():
            return "insert_words"
        case AddWords(where=where):
            return "prepend_words" if where == "start" else "append_words"
        case RenameHeading():
            return "rename_heading"
        case Reorder(order=order):
            return "reorder" if order else "wording_adjustment"
        case Commencement():
            return "commencement"
        case Republication():
            return "republication"
        case NonTextual(kind=kind):
            return f"non_textual_{kind}"
        case Members():
            return "division_members"
    raise TypeError(f"not an operation: {op!r}")


@attrs.frozen
class ReadWarning:
    """Something assumed or suspicious while reading a decision: ``code`` is stable, ``message``
    says what was assumed, in Chinese and English."""

    code: str
    message: str
    item: str | None = None
    line: int = 0
    col: int = 0


@attrs.frozen
class DecisionItem:
    """One numbered item ("三", or "3" under omnibus section "四"; None for unnumbered clauses)."""

    number: str | None
    section: str | None
    ops: tuple[Operation, ...] = attrs.field(converter=to_tuple)
    line: int = 0


@attrs.frozen
class OmnibusSection:
    """"四、对《上海市住宅物业管理规定》的修改": a section bound to its target document."""

    number: str
    target: str
    line: int = 0


@attrs.frozen
class Dates:
    """Dates as the instrument states them; ``in_force_rule`` keeps "自公布之日起施行"."""

    adopted: datetime.date | None = None
    promulgated: datetime.date | None = None
    in_force: datetime.date | None = None
    in_force_rule: str | None = None


@attrs.frozen
class Flags:
    """Boilerplate: ``reorder`` (条文顺序作相应调整 anywhere), ``wording`` (和个别文字作相应调整:
    an after-text may hold edits no item lists), ``republish`` (重新公布)."""

    reorder: bool = False
    wording: bool = False
    republish: bool = False


@attrs.frozen
class Decision:
    """A parsed amendment instrument (修改决定, 修正案, 补充安排…)."""

    title: str
    body: str | None
    meeting: str | None
    dates: Dates
    targets: tuple[str, ...] = attrs.field(converter=to_tuple)
    aliases: tuple[tuple[str, str], ...] = attrs.field(converter=to_tuple)
    formula: str | None
    sections: tuple[OmnibusSection, ...] = attrs.field(converter=to_tuple)
    items: tuple[DecisionItem, ...] = attrs.field(converter=to_tuple)
    flags: Flags
    warnings: tuple[ReadWarning, ...] = attrs.field(converter=to_tuple)
    text: str = ""

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for item in self.items for op in item.ops)

    def operations_for(self, target: str) -> tuple[Operation, ...]:
        """The operations of the omnibus section bound to ``target`` (all of them for a
        single-target decision)."""
        if not self.sections:
            return self.operations
        numbers = {s.number for s in self.sections if s.target == target}
        return tuple(op for item in self.items if item.section in numbers for op in item.ops)
