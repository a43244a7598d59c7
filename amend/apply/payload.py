"""New text carried by a decision, read into model values.

Contract: a ``Payload`` (quoted paragraphs, quotes removed) is read with the structure parser, so
that a new article's items, subitems and labels are recognised exactly as in a whole regulation.
``articles`` returns the articles a clause adds — labelled ("第四十九条　…", possibly under a new
heading "第七章　公布") or unlabelled (the text of the one article "增加一条，作为第六条：“…”"),
each with the division headings that precede it in the payload; ``paragraphs`` the paragraphs
of a replaced or added article/paragraph (a leading label "第十二条" is checked and dropped);
``items`` the items of an added or replaced item.  A payload that cannot be read as the unit the
clause names raises ``PayloadError`` with a bilingual message; the engine adds the clause.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend import numerals
from amend.model import Article, Chapter, Item, Paragraph, Part, Section, Subpart
from amend.ops import Payload
from amend.structure import StructureError, parse
from amend.text import ARTICLE_RE, DIVISION_RE, ITEM_RE, LABEL_OPENS_RE, RUNS_ON_RE

#: A title line the fragment parser reads as the title, so the payload's first line is body.
_FRAGMENT_TITLE = "片段"


class PayloadError(ValueError):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


@attrs.frozen
class Heading:
    """A division heading inside a payload: "第七章　公布" (kind 章, number 7)."""

    kind: str
    number: int
    name: str


@attrs.frozen
class NewArticle:
    article: Article
    headings: tuple[Heading, ...]  # the headings that open before it in the payload, outermost first


def _lines(payload: Payload) -> list[str]:
    return [p for p in payload.paragraphs if p.strip()]


def _parse_fragment(lines: list[str]):
    """The payload read as the body of a regulation; what the structure parser refuses ("第四五条"
    or "（五五）" as a label, words before the first article) is the payload's fault."""
    try:
        return parse("\n".join([_FRAGMENT_TITLE, *lines])).regulation
    except StructureError as e:
        raise PayloadError(f"新内容无法读取：{e.zh}", f"the new text cannot be read: {e.en}") from None


def _label_number(numeral: str, label: str) -> int:
    try:
        return numerals.cn_to_int(numeral)
    except numerals.NumeralError as e:
        raise PayloadError(f"新内容的标号“{label}”无法读取：{e.zh}",
                           f"the label {label} of the new text cannot be read: {e.en}") from None


def with_labels(payload: Payload, labels) -> Payload:
    """A label run into its text where the decision states that number ("作为第八条、第九条，修改为：
    “第八条国务院…”" — the separating space lost): the space restored, so that the line reads as
    that article.  Only the stated labels are recognised, never any 第X条 at a line start."""
    out = []
    for p in payload.paragraphs:
        label = next((x for x in labels if p.startswith(x) and RUNS_ON_RE.match(p, len(x))), None)
        out.append(f"{label} {p[len(label):]}" if label else p)
    return attrs.evolve(payload, paragraphs=tuple(out))


def own_label(payload: Payload) -> Payload:
    """New text whose first line opens with an article label run into the text: the space
    restored ("第十一条本条例…" → "第十一条 本条例…"), for an insertion that states no number."""
    lines = _lines(payload)
    m = LABEL_OPENS_RE.match(lines[0]) if lines else None
    return with_labels(payload, [m.group(1)]) if m else payload


def is_labelled(payload: Payload) -> bool:
    """Whether the payload opens with an article label or a division heading."""
    lines = _lines(payload)
    return bool(lines) and bool(ARTICLE_RE.match(lines[0]) or DIVISION_RE.match(lines[0]))


def articles(payload: Payload, number: int, sub: int = 0) -> list[NewArticle]:
    """The articles of an insertion; unlabelled text is one article numbered ``number``."""
    lines = _lines(payload)
    if not lines:
        raise PayloadError("新增条文没有内容", "the added article has no text")
    if not is_labelled(payload):
        label = numerals.article_label(number, sub)
        reg = _parse_fragment([f"{label} {lines[0]}", *lines[1:]])
        found = reg.articles()
        if len(found) != 1:
            raise PayloadError(f"新增条文的内容中出现了条文标号，无法作为一条读取（{len(found)}条）",
                               f"the new article's text contains article labels ({len(found)} articles)")
        return [NewArticle(found[0], ())]
    reg = _parse_fragment(lines)
    out: list[NewArticle] = []
    opened: list[Heading] = []
    for loc in reg.located:
        headings = []
        for division in (loc.part, loc.subpart, loc.chapter, loc.section):
            if division is not None:
                h = Heading(division.kind, division.number, division.name)
                if h not in opened:
                    opened.append(h)
                    headings.append(h)
        out.append(NewArticle(loc.article, tuple(headings)))
    if not out:
        raise PayloadError("新增内容中只有标题，没有条文", "the new text has a heading but no article")
    return out


def headings(payload: Payload) -> list[Heading]:
    """Division headings that open the payload before its first article."""
    out = []
    for line in _lines(payload):
        m = DIVISION_RE.match(line)
        if not m:
            break
        number = _label_number(m.group(1), f"第{m.group(1)}{m.group(2)}")
        out.append(Heading(m.group(2), number, (m.group(3) or "").strip()))
    return out


def paragraphs(payload: Payload, label: tuple[int, int] | None = None,
               own: tuple[int, int] | None = None) -> list[Paragraph]:
    """Paragraphs (with items) of a replaced or added text.  A leading article label must be
    ``label`` (the article's final number) when one is given, and is dropped.  A label run into
    the text ("修改为：“第一条为了…”", the space lost) is recognised only as ``label``, or as ``own``
    (the article's number as it stands) when no final number is stated."""
    glued = label or own
    if glued is not None:
        payload = with_labels(payload, [numerals.article_label(*glued)])
    lines = _lines(payload)
    if not lines:
        raise PayloadError("修改后的内容为空", "the new text is empty")
    m = ARTICLE_RE.match(lines[0])
    if m:
        shown = lines[0].split()[0]
        written = (_label_number(m.group(1), shown),
                   _label_number(m.group(2), shown) if m.group(2) else 0)
        if written[0] < 1 or (m.group(2) and written[1] < 1):
            raise PayloadError(f"新内容的条文标号“{shown}”无效：序号应从一开始",
                               f"the article label {shown} of the new text is invalid: numbers start at 一")
        if label is not None and written != label:
            raise PayloadError(
                f"新内容的条文标号{numerals.article_label(*written)}与应有的"
                f"{numerals.article_label(*label)}不一致",
                f"the new text is labelled {numerals.article_label(*written)}, expected "
                f"{numerals.article_label(*label)}")
        lines = [m.group(3) or "", *lines[1:]]
    reg = _parse_fragment([f"第一条 {lines[0]}", *lines[1:]])
    found = reg.articles()
    if len(found) != 1:
        raise PayloadError("修改后的内容中出现了其他条文的标号", "the new text contains further article labels")
    return list(found[0].paragraphs)


def items(payload: Payload) -> list[Item]:
    """Items of an added or replaced item: labelled lines "（三）…", or one unlabelled text."""
    lines = _lines(payload)
    if not lines:
        raise PayloadError("新增的项没有内容", "the new item has no text")
    if not ITEM_RE.match(lines[0]):
        if len(lines) > 1:
            raise PayloadError("多项内容必须各有项的标号（一）（二）…",
                               "several items must each carry a label （一）（二）…")
        return [Item("（一）", lines[0])]
    reg = _parse_fragment(["第一条 引", *lines])
    para = reg.articles()[0].paragraphs
    if len(para) != 1 or len(para[0].items) == 0:
        raise PayloadError("新增的项中混有款或其他内容", "the new items contain text that is not an item")
    return list(para[0].items)


def division_kind(kind: str) -> type:
    """The model class for 章/节 and friends (used to build new divisions)."""
    return {"编": Part, "分编": Subpart, "章": Chapter, "节": Section}[kind]
