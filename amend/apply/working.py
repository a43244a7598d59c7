"""The engine's working copy of a regulation while one decision is applied.

Contract: ``thaw(regulation)`` turns the frozen tree into mutable working nodes that remember
where they came from (``origin``: the article key, paragraph or item index in the text *before*
the decision), what the decision did to them (``touched``: the operations' sources) and where
the decision says they end up (``position``: a stated final number).  Text is held as ``Text``:
a string plus the spans the decision wrote (``fresh``), so that cross-references are renumbered
only in the words the old text already had — new words are written in the final numbering.
Working nodes live only inside one ``apply`` call; the result is frozen again by the engine.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend.model import Article, Item, Paragraph, Regulation, Subitem
from amend.ops import Source


@attrs.frozen
class Text:
    """A string and the [start, end) spans of it that the decision wrote."""

    value: str
    fresh: tuple[tuple[int, int], ...] = ()

    @classmethod
    def new(cls, value: str) -> Text:
        return cls(value, ((0, len(value)),) if value else ())

    def replace(self, start: int, end: int, new: str) -> Text:
        """Replace value[start:end] by ``new`` (which is fresh), shifting the other spans."""
        shift = len(new) - (end - start)
        spans: list[tuple[int, int]] = []
        for a, b in self.fresh:
            if b <= start:
                spans.append((a, b))
            elif a >= end:
                spans.append((a + shift, b + shift))
            else:  # overlaps the replaced part: keep its outer pieces
                if a < start:
                    spans.append((a, start))
                if b > end:
                    spans.append((end + shift, b + shift))
        if new:
            spans.append((start, start + len(new)))
        return Text(self.value[:start] + new + self.value[end:], _merge(spans))

    def rewrite(self, start: int, end: int, new: str) -> Text:
        """Replace value[start:end] by ``new`` as old text (a renumbered reference), shifting
        the fresh spans after it."""
        shift = len(new) - (end - start)
        spans = tuple((a + shift, b + shift) if a >= end else (a, b) for a, b in self.fresh)
        return Text(self.value[:start] + new + self.value[end:], spans)

    def is_fresh(self, start: int, end: int) -> bool:
        """Whether any character of [start, end) was written by the decision."""
        return any(a < end and start < b for a, b in self.fresh)


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if a == b:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


@attrs.define(eq=False)
class WSubitem:
    label: str
    text: Text
    children: list[WSubitem]


@attrs.define(eq=False)
class WItem:
    """项 in the working copy; ``origin`` is its 1-based index in its paragraph before."""

    origin: int | None
    label: str
    text: Text
    subitems: list[WSubitem]
    position: int | None = None
    deleted: bool = False
    touched: list[Source] = attrs.Factory(list)
    claims: list[tuple[int, Source]] = attrs.Factory(list)


@attrs.define(eq=False)
class WParagraph:
    """款 in the working copy; ``origin`` is its 1-based index in its article before."""

    origin: int | None
    text: Text
    items: list[WItem]
    home: tuple[int, int] | None = None  # the article it stood in before the decision
    position: int | None = None  # a stated final position; 0 = "at the end" (增加规定)
    deleted: bool = False
    replaced: Source | None = None
    touched: list[Source] = attrs.Factory(list)
    claims: list[tuple[int, Source]] = attrs.Factory(list)


@attrs.define(eq=False)
class WArticle:
    """条 in the working copy.

    ``origin`` is its (number, sub) before the decision (None for an inserted article);
    ``position`` a final (number, sub) the decision states for an inserted or moved article;
    ``claims`` the final numbers explicit renumbering clauses give it ("将第三十条改为第三十二条"),
    checked against the computed order; ``path`` the divisions it sits in (ids, outermost first)."""

    origin: tuple[int, int] | None
    paragraphs: list[WParagraph]
    path: tuple[str, ...]
    position: tuple[int, int] | None = None
    deleted: bool = False
    replaced: Source | None = None
    added: Source | None = None
    touched: list[Source] = attrs.Factory(list)
    claims: list[tuple[tuple[int, int], Source]] = attrs.Factory(list)
    new_path: tuple[str, ...] | None = None  # the division a payload heading put it in
    #: (original paragraph index) → the article key it moved out to (第十三条第二款改为第十六条)
    moved_out: dict[int, WArticle] = attrs.Factory(dict)
    sources: list[tuple[WArticle, int]] = attrs.Factory(list)  # paragraphs moved in: (article, index)
    follows: WArticle | None = None  # the original article a split/moved-out article came from
    split_into: list[WArticle] = attrs.Factory(list)
    merged_into: WArticle | None = None
    deleted_by: Source | None = None  # 删去第X条
    placeholder: bool = False  # "第一百九十九条 （删去）": the number kept after a deletion
    moved: bool = False  # "将第二十五条改为第五十八条" out of the original order: placed by its neighbours
    #: "在第十条后增加一条：“…”" (no number stated): the article it follows, numbered in order
    after: WArticle | None = None
    #: "在第三章中增加一条": the existing division it joins (its path, outermost first)
    within: tuple[str, ...] | None = None

    def live_paragraphs(self) -> list[WParagraph]:
        return [p for p in self.paragraphs if not p.deleted]


def thaw_subitems(subitems: tuple[Subitem, ...]) -> list[WSubitem]:
    return [WSubitem(s.label, Text(s.text), thaw_subitems(s.children)) for s in subitems]


def thaw_item(item: Item, origin: int | None) -> WItem:
    return WItem(origin, item.label, Text(item.text), thaw_subitems(item.subitems))


def thaw_paragraph(para: Paragraph, origin: int | None, home) -> WParagraph:
    return WParagraph(origin, Text(para.text),
                      [thaw_item(it, k) for k, it in enumerate(para.items, 1)], home)


def thaw_article(article: Article, path: tuple[str, ...]) -> WArticle:
    return WArticle(article.key, [thaw_paragraph(p, k, article.key)
                                  for k, p in enumerate(article.paragraphs, 1)], path)


def fresh_subitems(subitems: tuple[Subitem, ...]) -> list[WSubitem]:
    return [WSubitem(s.label, Text.new(s.text), fresh_subitems(s.children)) for s in subitems]


def fresh_paragraph(para: Paragraph) -> WParagraph:
    """A paragraph written by the decision: every word fresh."""
    return WParagraph(None, Text.new(para.text), [fresh_item(it) for it in para.items])


def fresh_item(item: Item) -> WItem:
    return WItem(None, item.label, Text.new(item.text), fresh_subitems(item.subitems))


def thaw(regulation: Regulation) -> list[WArticle]:
    """Working articles in document order, each with the ids of its divisions."""
    out = []
    for loc in regulation.located:
        path = tuple(loc.id.split("/")[:-1])
        path = tuple("/".join(path[: k + 1]) for k in range(len(path)))
        out.append(thaw_article(loc.article, path))
    return out


@attrs.define(eq=False)
class Slot:
    """A text outside articles that phrase operations may edit: a title line, a preamble
    paragraph, a division heading's name."""

    text: Text
    kind: str  # "title", "preamble", "heading"
    touched: list[Source] = attrs.Factory(list)


def texts_of(article: WArticle):
    """Every text holder of a live article: (holder, attribute) pairs in reading order, where
    holder is a paragraph, item or subitem; used by phrase operations and cross-references."""
    for para in article.live_paragraphs():
        yield para
        for item in para.items:
            if item.deleted:
                continue
            yield item
            yield from _subitem_holders(item.subitems)


def _subitem_holders(subitems: list[WSubitem]):
    for sub in subitems:
        yield sub
        yield from _subitem_holders(sub.children)
