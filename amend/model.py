"""The document model: frozen values for a regulation and its provisions.

Contract: a ``Regulation`` is an immutable tree — title lines, an optional 题注 (``HistoryNote``),
an optional ``Preamble``, a body of ``Part`` 编 / ``Subpart`` 分编 / ``Chapter`` 章 / ``Section`` 节 /
``Article`` 条 nodes, and ``Attachment`` 附件 blocks.  An article holds ``Paragraph`` 款 values, a
paragraph holds ``Item`` 项 values, an item holds ``Subitem`` 目 values (which may nest, for the
（1） level under 1.).  Children are tuples; edits are made with ``attrs.evolve``.  Every node has a
stable id built from its path (``chp_2/art_12/para_2/item_3``), and ``Regulation`` offers
navigation: articles in order, lookup by number or id, the chapter/section an article sits in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Union

from amend.codecache import attrs, to_tuple

from amend import numerals


def _non_negative(instance, attribute, value):
    if value < 0:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be ≥ 0, got {value}")


def _positive(instance, attribute, value):
    if value < 1:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be ≥ 1, got {value}")


def _single_line(instance, attribute, value):
    if "\n" in value:
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be one line, got {value!r}"
        )


@attrs.frozen
class Subitem:
    """目: "1.信用主体的名称…"; ``children`` hold a deeper "（1）" level where a text has one."""

    label: str = attrs.field(validator=_single_line)
    text: str = attrs.field(validator=_single_line)
    children: tuple[Subitem, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def number(self) -> int:
        return numerals.parse_subitem_label(self.label)


@attrs.frozen
class Item:
    """项: "（一）审核、发放《经营许可证》；" with its subitems."""

    label: str = attrs.field(validator=_single_line)
    text: str = attrs.field(validator=_single_line)
    subitems: tuple[Subitem, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def number(self) -> int:
        return item_number(self.label)


def item_number(label: str) -> int:
    """The number of an item label: "（三）" → 3 (``Item.number``, without building an Item)."""
    try:
        return numerals.parse_item_label(label)
    except ValueError:  # a first enumeration level written "1." (some rules do)
        return numerals.parse_subitem_label(label)


#: A lacuna: text that is known to have existed but is unknown (design.md §4), e.g. an article a
#: later decision replaced wholesale, reconstructed by inverse application.  It is written as one
#: paragraph "〔原文不详：……〕" so that it survives render → parse and is never mistaken for law.
LACUNA_OPEN, LACUNA_CLOSE = "〔原文不详：", "〕"


def lacuna(note: str) -> str:
    """The paragraph text of a lacuna whose explanation is ``note``."""
    return f"{LACUNA_OPEN}{note}{LACUNA_CLOSE}"


def is_lacuna(text: str) -> bool:
    return text.startswith(LACUNA_OPEN) and text.endswith(LACUNA_CLOSE)


@attrs.frozen
class Paragraph:
    """款: one line of text, followed by the items it introduces."""

    text: str = attrs.field(validator=_single_line)
    items: tuple[Item, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def is_lacuna(self) -> bool:
        return is_lacuna(self.text)


@attrs.frozen
class Article:
    """条: 第X条 (``sub`` > 0 for 第X条之N) and its paragraphs, the first on the label's line."""

    number: int = attrs.field(validator=_positive)
    sub: int = attrs.field(default=0, validator=_non_negative)
    paragraphs: tuple[Paragraph, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def label(self) -> str:
        return numerals.article_label(self.number, self.sub)

    @property
    def key(self) -> tuple[int, int]:
        return (self.number, self.sub)

    @property
    def is_lacuna(self) -> bool:
        """The whole article is unknown (one lacuna paragraph)."""
        return len(self.paragraphs) == 1 and self.paragraphs[0].is_lacuna and not self.paragraphs[0].items

    @property
    def id(self) -> str:
        return f"art_{self.number}" + (f"_{self.sub}" if self.sub else "")


#: How a division heading is numbered: "第二章 规划与建设", "一、管辖" (SPC interpretations) or
#: a bare name such as 刑法's "附则" (number 0).
STYLES = ("ordinal", "enumerated", "unnumbered")


def _style(instance, attribute, value):
    if value not in STYLES:
        raise ValueError(f"{type(instance).__name__}.style must be one of {STYLES}, got {value!r}")
    if (value == "unnumbered") != (instance.number == 0):
        raise ValueError(f"{type(instance).__name__}: number 0 goes with style 'unnumbered' only")


class _DivisionMixin:
    __slots__ = ()

    @property
    def label(self) -> str:
        """"第二章", "一、" or "" (unnumbered)."""
        if self.style == "ordinal":
            return numerals.division_label(self.number, self.kind)
        if self.style == "enumerated":
            return numerals.int_to_cn(self.number) + "、"
        return ""

    @property
    def heading(self) -> str:
        """The heading line as printed: "第二章 规划与建设", "一、管辖", "附则"."""
        if self.style == "enumerated":
            return self.label + self.name
        return f"{self.label} {self.name}".strip() if self.label else self.name


@attrs.frozen
class Section(_DivisionMixin):
    """节: 第一节 客运."""

    number: int = attrs.field(validator=_non_negative)
    name: str = attrs.field(validator=_single_line)
    children: tuple[Article, ...] = attrs.field(default=(), converter=to_tuple)
    style: str = attrs.field(default="ordinal", validator=_style)

    kind = "节"
    id_prefix = "sec"


@attrs.frozen
class Chapter(_DivisionMixin):
    """章: 第二章 规划与建设; children are sections and/or articles."""

    number: int = attrs.field(validator=_non_negative)
    name: str = attrs.field(validator=_single_line)
    children: tuple[Union[Section, Article], ...] = attrs.field(default=(), converter=to_tuple)
    style: str = attrs.field(default="ordinal", validator=_style)

    kind = "章"
    id_prefix = "chp"


@attrs.frozen
class Subpart(_DivisionMixin):
    """分编: 第一分编 通则 (民法典)."""

    number: int = attrs.field(validator=_non_negative)
    name: str = attrs.field(validator=_single_line)
    children: tuple[Union[Chapter, Section, Article], ...] = attrs.field(
        default=(), converter=to_tuple
    )
    style: str = attrs.field(default="ordinal", validator=_style)

    kind = "分编"
    id_prefix = "subpart"


@attrs.frozen
class Part(_DivisionMixin):
    """编: 第一编 总则."""

    number: int = attrs.field(validator=_non_negative)
    name: str = attrs.field(validator=_single_line)
    children: tuple[Union[Subpart, Chapter, Section, Article], ...] = attrs.field(
        default=(), converter=to_tuple
    )
    style: str = attrs.field(default="ordinal", validator=_style)

    kind = "编"
    id_prefix = "part"


Division = Union[Part, Subpart, Chapter, Section]
BodyNode = Union[Part, Subpart, Chapter, Section, Article]


@attrs.frozen
class HistoryNote:
    """题注: the adoption/amendment history under the title, one entry per line.

    ``bracketed`` notes are printed "（2004年3月31日…通过\\n根据…修正）"; unbracketed ones are the
    Markdown metadata lines "2004年4月30日 中华人民共和国国务院令第406号公布".
    """

    lines: tuple[str, ...] = attrs.field(converter=to_tuple)
    bracketed: bool = True


@attrs.frozen
class Preamble:
    """序言 / 引言: text before the first article, under an optional heading such as 序言."""

    heading: str = attrs.field(default="", validator=_single_line)
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class Attachment:
    """附件: a trailing attachment, its heading line and its lines kept verbatim."""

    heading: str = attrs.field(validator=_single_line)
    lines: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class LocatedArticle:
    """An article with the divisions that contain it and its stable id."""

    article: Article
    part: Part | None
    subpart: Subpart | None
    chapter: Chapter | None
    section: Section | None
    id: str


@attrs.frozen
class Regulation:
    """A whole regulation: title, 题注, preamble, body and attachments."""

    title: tuple[str, ...] = attrs.field(converter=to_tuple)
    note: HistoryNote | None = None
    preamble: Preamble | None = None
    body: tuple[BodyNode, ...] = attrs.field(default=(), converter=to_tuple)
    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=to_tuple)

    # ---- navigation --------------------------------------------------------------------------

    @functools.cached_property
    def located(self) -> tuple[LocatedArticle, ...]:
        """Every article in document order, with its containing divisions and id."""
        out: list[LocatedArticle] = []

        def walk(nodes, ctx: tuple, path: str) -> None:
            # ctx: the containing (part, subpart, chapter, section), in LocatedArticle's order
            for node in nodes:
                if isinstance(node, Article):
                    out.append(_located(node, *ctx, path + node.id))
                else:
                    k = _CTX_INDEX[type(node)]
                    walk(node.children, ctx[:k] + (node,) + ctx[k + 1 :],
                         f"{path}{node.id_prefix}_{node.number}/")

        walk(self.body, (None,) * len(_CTX_INDEX), "")
        return tuple(out)

    def articles(self) -> tuple[Article, ...]:
        """Articles in document order."""
        return self._articles

    @functools.cached_property
    def _articles(self) -> tuple[Article, ...]:
        # the articles of ``located`` without making its LocatedArticle values (many callers
        # want only the articles: they cost a tenth of that)
        out: list[Article] = []

        def walk(nodes) -> None:
            for node in nodes:
                if isinstance(node, Article):
                    out.append(node)
                else:
                    walk(node.children)

        walk(self.body)
        return tuple(out)

    def find_article(self, number: int, sub: int = 0) -> Article | None:
        """The first article numbered 第number条(之sub), or None."""
        loc = self.locate(number, sub)
        return loc.article if loc else None

    def locate(self, number: int, sub: int = 0) -> LocatedArticle | None:
        for loc in self.located:
            if loc.article.key == (number, sub):
                return loc
        return None

    def chapter_of(self, number: int, sub: int = 0) -> Chapter | None:
        """The chapter containing 第number条, or None (no chapters, or no such article)."""
        loc = self.locate(number, sub)
        return loc.chapter if loc else None

    def divisions(self) -> Iterator[Division]:
        """Every 编/分编/章/节 in document order."""

        def walk(nodes):
            for node in nodes:
                if not isinstance(node, Article):
                    yield node
                    yield from walk(node.children)

        return walk(self.body)

    def chapters(self) -> tuple[Chapter, ...]:
        return tuple(d for d in self.divisions() if isinstance(d, Chapter))

    def node(self, node_id: str):
        """The node with the stable id ``node_id`` (e.g. "chp_2/art_12/para_2/item_3"), or None."""
        article_part, _, rest = node_id.partition("/para_")
        for loc in self.located:
            if loc.id == article_part:
                node = loc.article
                break
        else:
            return None
        if not rest:
            return node
        for step in ("para_" + rest).split("/"):
            kind, _, index = step.rpartition("_")
            children = _CHILDREN.get((type(node), kind))
            children = getattr(node, children) if children else None
            if children is None or not index.isdigit() or not 1 <= int(index) <= len(children):
                return None
            node = children[int(index) - 1]
        return node


# ---- values built by the structure parser ------------------------------------------------------
# The parser makes tens of thousands of these per text, from values it has already checked as it
# read them: one-line texts (it reads lines), numbers ≥ 1 (it refuses 第零条), children already
# tuples.  ``cls(...)`` would check them again and convert tuples to tuples; these build the same
# frozen values directly through the slots, in half the time (issue 16).  They are equal, hash
# and print exactly as ``cls(...)``'s; anything else goes through ``cls(...)``.

_new = object.__new__


def _slot_setters(cls, names: tuple[str, ...]):
    """The slot setters of ``cls``'s fields, which must be ``names`` in order (so that a field
    added to the class fails here, at import, rather than leave it unset)."""
    fields = tuple(a.name for a in attrs.fields(cls))
    if fields != names:
        raise TypeError(f"{cls.__name__} fields are {fields}, the unchecked constructor sets {names}")
    return tuple(cls.__dict__[name].__set__ for name in names)


_PARAGRAPH_TEXT, _PARAGRAPH_ITEMS = _slot_setters(Paragraph, ("text", "items"))
_ITEM_LABEL, _ITEM_TEXT, _ITEM_SUBITEMS = _slot_setters(Item, ("label", "text", "subitems"))
_SUB_LABEL, _SUB_TEXT, _SUB_CHILDREN = _slot_setters(Subitem, ("label", "text", "children"))
_ARTICLE_NUMBER, _ARTICLE_SUB, _ARTICLE_PARAGRAPHS = _slot_setters(
    Article, ("number", "sub", "paragraphs"))


def unchecked_paragraph(text: str, items: tuple[Item, ...] = ()) -> Paragraph:
    """``Paragraph(text, items)`` for a one-line ``text`` and a tuple ``items``."""
    p = _new(Paragraph)
    _PARAGRAPH_TEXT(p, text)
    _PARAGRAPH_ITEMS(p, items)
    return p


def unchecked_item(label: str, text: str, subitems: tuple[Subitem, ...] = ()) -> Item:
    """``Item(label, text, subitems)`` for one-line strings and a tuple ``subitems``."""
    p = _new(Item)
    _ITEM_LABEL(p, label)
    _ITEM_TEXT(p, text)
    _ITEM_SUBITEMS(p, subitems)
    return p


def unchecked_subitem(label: str, text: str, children: tuple[Subitem, ...] = ()) -> Subitem:
    """``Subitem(label, text, children)`` for one-line strings and a tuple ``children``."""
    p = _new(Subitem)
    _SUB_LABEL(p, label)
    _SUB_TEXT(p, text)
    _SUB_CHILDREN(p, children)
    return p


def unchecked_article(number: int, sub: int, paragraphs: tuple[Paragraph, ...]) -> Article:
    """``Article(number, sub, paragraphs)`` for ``number`` ≥ 1, ``sub`` ≥ 0 and a tuple."""
    p = _new(Article)
    _ARTICLE_NUMBER(p, number)
    _ARTICLE_SUB(p, sub)
    _ARTICLE_PARAGRAPHS(p, paragraphs)
    return p


_LOCATED_SETTERS = _slot_setters(
    LocatedArticle, ("article", "part", "subpart", "chapter", "section", "id"))


_LOCATED_ARTICLE, _LOCATED_PART, _LOCATED_SUBPART, _LOCATED_CHAPTER, _LOCATED_SECTION, \
    _LOCATED_ID = _LOCATED_SETTERS


def _located(article, part, subpart, chapter, section, id) -> LocatedArticle:  # noqa: A002
    """``LocatedArticle(...)``: it has no validators or converters to skip, this saves the
    generated ``__init__``'s overhead, once per article of every regulation navigated."""
    loc = _new(LocatedArticle)
    _LOCATED_ARTICLE(loc, article)
    _LOCATED_PART(loc, part)
    _LOCATED_SUBPART(loc, subpart)
    _LOCATED_CHAPTER(loc, chapter)
    _LOCATED_SECTION(loc, section)
    _LOCATED_ID(loc, id)
    return loc


#: Which field holds the children named by an id step ("para_2", "item_3", "sub_1").
_CHILDREN = {
    (Article, "para"): "paragraphs",
    (Paragraph, "item"): "items",
    (Item, "sub"): "subitems",
    (Subitem, "sub"): "children",
}

_CTX_FIELD = {Part: "part", Subpart: "subpart", Chapter: "chapter", Section: "section"}
#: Where each division goes among the fields of ``LocatedArticle`` after ``article``.
_CTX_INDEX = {cls: [f.name for f in attrs.fields(LocatedArticle)].index(name) - 1
              for cls, name in _CTX_FIELD.items()}


def paragraph_id(article_id: str, index: int) -> str:
    """Id of the ``index``-th (1-based) paragraph of an article."""
    return f"{article_id}/para_{index}"
