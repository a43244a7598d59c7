"""Structure parser and canonical renderer.

Contract: ``parse(text)`` reads normalised text (see ``amend.normalise``) line by line — each line
is classified as title, 题注, preamble, 编/分编/章/节 heading, article start, item, subitem,
attachment or plain paragraph, and placed with a level stack — and returns a ``Parsed`` value: the
``Regulation`` and the structural anomalies found (missing 第一章 heading, gaps, duplicates,
out-of-order numbers), each a ``StructureWarning`` with its line.  Text that cannot be placed — no
title, words between a heading and the first article, a label whose numeral cannot be read
("第四五条", "（五五）", "第零条") — raises ``StructureError`` (a ``ValueError``) with the line and a
Chinese and an English message.  ``render(regulation)`` writes the canonical text.  For every parsed regulation ``parse(render(r)).regulation == r``, and for clean
normalised input ``render(parse(text).regulation) == text``.
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import accumulate, repeat
from operator import add

from amend.codecache import attrs

from amend import lazyre, numerals
from amend.model import (
    Article,
    Attachment,
    Chapter,
    HistoryNote,
    Part,
    Preamble,
    Regulation,
    Section,
    Subpart,
    item_number,
    unchecked_article,
    unchecked_item,
    unchecked_paragraph,
    unchecked_subitem,
)
from amend.normalise import Normalised, normalise
from amend.numerals import CN_NUMERAL
from amend.text import (
    ARTICLE_RE,
    DATE_LINE_RE,
    DIVISION_RE,
    ENUM_HEADING_RE,
    ITEM_RE,
    SENTENCE_END,
    SPACE,
    SUBITEM_RE,
    UNNUMBERED_HEADINGS,
)


class StructureError(ValueError):
    """Text that cannot be read as a regulation: ``zh`` and ``en`` say what, ``line`` (1-based,
    0 when the whole text is concerned) where; ``str()`` gives both with the line."""

    def __init__(self, zh: str, en: str, line: int = 0):
        self.zh, self.en, self.line = zh, en, line
        where = f"第{line}行：" if line else ""
        where_en = f"line {line}: " if line else ""
        super().__init__(f"{where}{zh} / {where_en}{en}")


@attrs.frozen
class StructureWarning:
    """An anomaly in the structure: ``code`` is stable (for tests and JSON), ``message`` is for
    people (Chinese and English), ``line`` is 1-based in the parsed text (or the source)."""

    code: str
    message: str
    line: int


@attrs.frozen
class Parsed:
    regulation: Regulation
    warnings: tuple[StructureWarning, ...]
    normalised: Normalised | None = None

    def source_line(self, line: int) -> int:
        """Map a 1-based line of the normalised text to the 1-based source line."""
        return self.source_lines((line,))[0]

    def source_lines(self, lines) -> list[int]:
        """``source_line`` for many lines at once: the line starts of both texts and the edits
        of each normalisation step are indexed once, so that mapping the warnings of a text with
        thousands of anomalous lines costs O(w log n), not a rescan per warning."""
        lines = list(lines)
        if self.normalised is None or not lines:
            return lines
        norm = self.normalised
        starts = _line_starts(norm.text)
        offsets = [starts[min(max(line, 1), len(starts)) - 1] for line in lines]
        for step in reversed(norm.steps):  # the same mapping as normalise.OffsetMap.to_source
            if step.edits:
                out_starts = [e.out_start for e in step.edits]
                offsets = [_back(step.edits, out_starts, o) for o in offsets]
        source_starts = _line_starts(norm.source)
        return [bisect.bisect_right(source_starts, o) for o in offsets]


def _back(edits, out_starts: list[int], offset: int) -> int:
    """An offset in a step's output mapped to its input: a point inside a replacement maps to
    the same place in the source span (``normalise.Edit``: [start, end) became [out_start,
    out_end))."""
    i = bisect.bisect_right(out_starts, offset) - 1
    if i < 0:
        return offset
    e = edits[i]
    if offset < e.out_end:
        return e.start + min(offset - e.out_start, e.end - e.start)
    return offset - e.out_end + e.end


def _line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start: 0, then one past each newline (the lengths
    of the lines before, each with its newline, added up)."""
    return list(accumulate(map(add, map(len, text.split("\n")[:-1]), repeat(1)), initial=0))


# ---- line classification -------------------------------------------------------------------

_LEVEL = {"编": 1, "分编": 2, "章": 3, "节": 4}
_DIVISION_CLASS = {"编": Part, "分编": Subpart, "章": Chapter, "节": Section}
_PREAMBLE_HEADINGS = ("序言", "引言", "前言")
#: A 题注 names an event: "（2004年3月31日…通过）", and where the source left the dates out,
#: "（上海市第十届人民代表大会常务委员会第三十六次会议通过  根据…修正）".
_NOTE_WORDS = lazyre.compile(r"(\d{4}年|会议).*(通过|公布|施行|修正|修订|发布|批准|印发|审议)")
#: "附件", "附件2：…", "附表一", "附表一：" (环境保护税法), "附：…": the start of an attachment.
_ATTACHMENT = lazyre.compile(r"^(附件[0-9一二三四五六七八九十]*|附表[0-9一二三四五六七八九十]*|附：.*)$|^(附件|附表)[0-9一二三四五六七八九十]*[：:]")
#: Inside the attachments, a bare "附表二：" / "附件3" line opens the next attachment.
_NEXT_ATTACHMENT = lazyre.compile(r"^(附件|附表)[0-9一二三四五六七八九十]+[：:]?$")
_GLUED_ARTICLE = lazyre.compile(rf"^第({CN_NUMERAL})条(?:之({CN_NUMERAL}))?(?=[^{SPACE}])(.+)$")


def _is_title_line(line: str) -> bool:
    return (
        len(line) <= 40
        and not re.search("[，。；：、,;:]", line)
        and line not in _PREAMBLE_HEADINGS
        and not DATE_LINE_RE.match(line)
        and not line.startswith(("（", "("))
        and not (DIVISION_RE.match(line) or ARTICLE_RE.match(line))
    )


# ---- the mutable builder, frozen at the end ---------------------------------------------------


class _Enum:
    """An item or subitem being read; ``rank`` is its level: 1 for （一）, 2 for 1. or ⒈, 3 for
    （1）.  (The builder's nodes are plain slotted classes: it makes one per line.)"""

    __slots__ = ("label", "text", "rank", "line", "children")

    def __init__(self, label: str, text: str, rank: int, line: int) -> None:
        self.label, self.text, self.rank, self.line = label, text, rank, line
        self.children: list[_Enum] = []


class _Article:
    """An article being read: the texts of its paragraphs and, for the paragraphs that have
    any (most have none), their items by paragraph index."""

    __slots__ = ("number", "sub", "line", "texts", "items")

    def __init__(self, number: int, sub: int, line: int, text: str) -> None:
        self.number, self.sub, self.line = number, sub, line
        self.texts = [text]
        self.items: dict[int, list[_Enum]] | None = None


@attrs.define
class _Division:
    kind: str
    number: int
    name: str
    line: int
    style: str = "ordinal"
    children: list = attrs.field(factory=list)


class _Builder:
    def __init__(self) -> None:
        self.body: list = []
        self.stack: list[_Division] = []
        #: where the next article goes: the children of the innermost division, or the body
        self.children: list = self.body
        self.article: _Article | None = None
        #: the open enumeration levels of the current paragraph, innermost last (a tuple when
        #: there are none: most paragraphs have none)
        self.enums: list[_Enum] | tuple[()] = ()
        self.attachments: list[list[str]] = []
        self.warnings: list[StructureWarning] = []
        self.articles_seen: list[_Article] = []
        #: the keys an article may have to be the next in sequence (``_is_next``): 第一条 first,
        #: then 第N+1条 or 第N条之M+1 after 第N条之M
        self.next_keys: tuple[tuple[int, int], ...] = ((1, 0),)
        #: their labels with the space after them, as ``numerals.article_label`` writes them
        self.next_labels: tuple[str, ...] = ("第一条 ",)
        #: whether every article so far was the next in sequence: then the numbering has no
        #: gap, duplicate or disorder to report
        self.in_sequence = True

    def warn(self, code: str, message: str, line: int) -> None:
        self.warnings.append(StructureWarning(code, message, line))

    def division(self, kind: str, number: int, name: str, line: int, style: str = "ordinal") -> None:
        level = _LEVEL[kind]
        while self.stack and _LEVEL[self.stack[-1].kind] >= level:
            self.stack.pop()
        node = _Division(kind, number, name, line, style)
        (self.stack[-1].children if self.stack else self.body).append(node)
        self.stack.append(node)
        self.children = node.children
        self.article = None
        self.enums = ()

    def start_article(self, number: int, sub: int, text: str, line: int) -> None:
        if (number, sub) not in self.next_keys:
            self.in_sequence = False
        self.next_article(number, sub, text, line)

    def next_article(self, number: int, sub: int, text: str, line: int) -> None:
        """``start_article`` for an article known to be the next in sequence (most are)."""
        self.article = article = _Article(number, sub, line, text)
        self.children.append(article)
        self.articles_seen.append(article)
        self.enums = ()
        self.next_keys = ((number + 1, 0), (number, sub + 1))
        self.next_labels = _next_labels(number, sub)

    def paragraph(self, text: str) -> None:
        # (``_classify`` calls this only once an article has started)
        self.article.texts.append(text)
        self.enums = ()

    def enumeration(self, label: str, text: str, line: int, rank: int) -> None:
        # (``_classify`` calls this only once an article has started)
        if rank == 1:  # （一）: its numeral must be readable ("（五五）" is not)
            _number(label[1:-1], label, line, "项的标号", "item label")
            # an item closes every open level: it is the first under the last paragraph
            node = _Enum(label, text, 1, line)
            article = self.article
            if article.items is None:
                article.items = {}
            article.items.setdefault(len(article.texts) - 1, []).append(node)
            self.enums = [node]
            return
        node = _Enum(label, text, rank, line)
        enums = self.enums
        while enums and enums[-1].rank >= rank:
            enums.pop()
        if enums:
            enums[-1].children.append(node)
            enums.append(node)
            return
        # the first level under the article's last paragraph
        article = self.article
        if article.items is None:
            article.items = {}
        article.items.setdefault(len(article.texts) - 1, []).append(node)
        self.enums = [node]


def _freeze_enum(node: _Enum, depth: int):
    children = tuple([_freeze_enum(c, depth + 1) for c in node.children]) if node.children else ()
    if depth == 0:
        return unchecked_item(node.label, node.text, children)
    return unchecked_subitem(node.label, node.text, children)


def _freeze(node):
    # (the builder's values are valid for the model as they are: the unchecked constructors)
    if isinstance(node, _Article):
        items = node.items
        if items is None:
            paragraphs = tuple(map(unchecked_paragraph, node.texts))
        else:
            paragraphs = tuple([
                unchecked_paragraph(t, tuple([_freeze_enum(e, 0) for e in items[k]]))
                if k in items else unchecked_paragraph(t)
                for k, t in enumerate(node.texts)])
        return unchecked_article(node.number, node.sub, paragraphs)
    cls = _DIVISION_CLASS[node.kind]
    return cls(node.number, node.name, [_freeze(c) for c in node.children], style=node.style)


# ---- parse ----------------------------------------------------------------------------------


def parse(text: str) -> Parsed:
    """Parse normalised text into a Regulation and its structural warnings."""
    lines = text.split("\n") if text else []
    if not lines or not lines[0]:
        raise StructureError("缺少标题（文本为空或第一行为空）", "empty text: expected a title line", 1)
    b = _Builder()
    i = 1
    while i < len(lines) and _is_title_line(lines[i]) and not _starts_body(lines, i):
        i += 1
    title = lines[:i]
    note, i = _read_note(lines, i)
    preamble_lines: list[str] = []
    while i < len(lines) and not _starts_body(lines, i):
        preamble_lines.append(lines[i])
        i += 1
    _classify(b, lines, i)
    if not b.articles_seen and not b.body:
        b.warn("no-articles", "未发现条文 / no article (第X条) found", 1)
    preamble = None
    if preamble_lines:
        heading = preamble_lines[0] if preamble_lines[0] in _PREAMBLE_HEADINGS else ""
        preamble = Preamble(heading, preamble_lines[1:] if heading else preamble_lines)
    regulation = Regulation(
        title=title,
        note=note,
        preamble=preamble,
        body=[_freeze(n) for n in b.body],
        attachments=[Attachment(a[0], a[1:]) for a in b.attachments],
    )
    _check_numbering(b)
    return Parsed(regulation, tuple(sorted(b.warnings, key=lambda w: (w.line, w.code))))


def parse_source(source: str) -> Parsed:
    """Normalise ``source`` and parse it; warnings carry source line numbers."""
    norm = normalise(source)
    parsed = parse(norm.text)
    parsed = Parsed(parsed.regulation, parsed.warnings, norm)
    if not parsed.warnings:  # (most texts have none)
        return parsed
    lines = parsed.source_lines([w.line for w in parsed.warnings])
    return Parsed(parsed.regulation,
                  tuple(attrs.evolve(w, line=n) for w, n in zip(parsed.warnings, lines)), norm)


def _starts_body(lines: list[str], i: int) -> bool:
    line = lines[i]
    return bool(DIVISION_RE.match(line) or ARTICLE_RE.match(line) or _is_enum_heading(lines, i))


def _is_enum_heading(lines: list[str], i: int) -> bool:
    """"一、管辖" directly followed by an article is a heading, not a list entry."""
    return bool(
        ENUM_HEADING_RE.match(lines[i]) and i + 1 < len(lines) and ARTICLE_RE.match(lines[i + 1])
    )


def _read_note(lines: list[str], i: int) -> tuple[HistoryNote | None, int]:
    """题注 after the title: a bracketed block "（…通过\\n…修正）" or Markdown date lines."""
    if i < len(lines) and lines[i].startswith("（"):
        depth, j = 0, i
        while j < len(lines):
            depth += lines[j].count("（") - lines[j].count("）")
            if depth <= 0:
                break
            j += 1
        block = lines[i : j + 1]
        if j < len(lines) and block[-1].endswith("）") and _NOTE_WORDS.search("".join(block)):
            inner = list(block)
            inner[0] = inner[0][1:]
            inner[-1] = inner[-1][:-1]
            return HistoryNote(tuple(inner), bracketed=True), j + 1
    j = i
    while j < len(lines) and DATE_LINE_RE.match(lines[j]) and not _starts_body(lines, j):
        j += 1
    if j > i:
        return HistoryNote(tuple(lines[i:j]), bracketed=False), j
    return None, i


def _classify(b: _Builder, lines: list[str], start: int) -> None:
    """Place each line from ``start`` on."""
    for i in range(start, len(lines)):
        line, n = lines[i], i + 1
        # Each pattern tried below can match only a line opening with its first character (see
        # _ENUM_HEADING_FIRST, _ENUM_FIRST); a line is tried against those that can.
        first = line[:1]
        if first == "第":
            if line.startswith(b.next_labels):
                # the commonest line: "第八条 …" after 第七条 (or "第七条之二 …" after 第七条之一),
                # the next article in sequence with its label as int_to_cn writes it, then one
                # space and no other: a line ARTICLE_RE matches, with that number, and that the
                # next branch would place so, without the regular expression
                k = 0 if line.startswith(b.next_labels[0]) else 1
                text = line[len(b.next_labels[k]):]
                if text[:1] not in SPACE:  # ("" is in SPACE: a bare label goes the general way)
                    b.next_article(*b.next_keys[k], text, n)
                    continue
            # (a label is an article's or a heading's by the character after its numeral, 条 or
            # 编/分编/章/节: at most one of the two patterns matches, so the commoner goes first)
            if m := ARTICLE_RE.match(line):
                key = _read_key(m)
                if key in b.next_keys and (key[1] or m[2] is None):
                    # the common line: the next article in sequence, with a valid label (not
                    # "第一条之零"), which the general case below places so too
                    b.next_article(*key, m[3] or "", n)
                    continue
                # (the next article in sequence, the common line, is placed without a look at
                # the sentence before it, as _label_in_sentence would place it)
                if b.article is None or _is_next(b, key) or not _label_in_sentence(b, lines, i, key):
                    b.start_article(*_article_key(m, key, n), m[3] or "", n)
                    continue
            elif m := DIVISION_RE.match(line):
                b.division(m[2], _division_number(m, n), m[3] or "", n)
                continue
        elif first in _ENUM_FIRST or first.isdecimal():
            # "（一）" is an item (rank 1); "1." / "⒈" (rank 2) and "（1）" (rank 3) are subitems;
            # no heading or attachment opens with these characters
            if b.article is None:
                _orphan(line, n)
            if m := ITEM_RE.match(line):
                b.enumeration(m[1], m[2], n, 1)
            elif m := SUBITEM_RE.match(line):
                b.enumeration(m[1], m[2], n, 3 if m[1][0] in "（(" else 2)
            else:
                b.paragraph(line)
            continue
        elif first in _ENUM_HEADING_FIRST and _is_enum_heading(lines, i):
            m = ENUM_HEADING_RE.match(line)
            b.division("章", _number(m[1], f"{m[1]}、", n, "标题的标号", "heading label"), m[2], n,
                       style="enumerated")
            continue
        if line in UNNUMBERED_HEADINGS and b.article is not None:
            # "附则" on a line of its own: a heading at the top division level in use (刑法)
            kind = "编" if any(d.kind == "编" for d in b.body if isinstance(d, _Division)) else "章"
            b.division(kind, 0, line, n, style="unnumbered")
        elif first == "第" and (m := _GLUED_ARTICLE.match(line)) and _is_next(b, key := _read_key(m)):
            number, sub = key
            b.warn(
                "label-without-space",
                f"{numerals.article_label(number, sub)} 与正文之间无空格 / article label run into its text",
                n,
            )
            b.start_article(number, sub, m[3], n)
        elif b.article is None:
            _orphan(line, n)
        elif first == "附" and _ATTACHMENT.match(line):
            _attachments(b, line, lines, i + 1)
            return
        else:
            b.paragraph(line)


def _attachments(b: _Builder, heading: str, lines: list[str], start: int) -> None:
    """The attachments, from the line ``heading`` that opens the first on: every line from
    ``start`` on belongs to one, and a bare "附表二：" / "附件3" line opens the next."""
    b.attachments.append([heading])
    for line in lines[start:]:
        if _NEXT_ATTACHMENT.match(line):
            b.attachments.append([line])
        else:
            b.attachments[-1].append(line)


#: The first characters of ``ENUM_HEADING_RE`` ("一、管辖").
_ENUM_HEADING_FIRST = frozenset("一二三四五六七八九十百")


#: The first characters of ``ITEM_RE`` and ``SUBITEM_RE`` but the digits ("1.", any decimal digit
#: as ``\\d`` is, ``str.isdecimal``): "（一）", "(一)", "（1）", "⒈"…"⒛".
_ENUM_FIRST = frozenset("（(") | frozenset(map(chr, range(ord("⒈"), ord("⒛") + 1)))


def _label_in_sentence(b: _Builder, lines: list[str], i: int, key: tuple[int, int] | None) -> bool:
    """"…依据《合同法》" / "第五十二条 以及本规定…": a label out of sequence that continues an
    unfinished sentence is a cross-reference split by a line break, not an article."""
    if b.article is None or _is_next(b, key) or SENTENCE_END.search(lines[i - 1]):
        return False
    b.warn(
        "article-label-in-sentence",
        f"“{lines[i][:12]}…”续接上一行未完的句子，按正文处理 / an out-of-sequence article label "
        "continues an unfinished sentence: kept as a paragraph (source line break)",
        i + 1,
    )
    return True


def _orphan(line: str, n: int) -> None:
    """Text after a heading but before any article has nowhere to go in the model: refuse."""
    raise StructureError(f"章节标题与第一条之间有无法归属的文字：{line[:40]}",
                         f"text between a heading and the first article cannot be placed: {line[:40]}", n)


def _number(numeral: str, label: str, line: int, what_zh: str, what_en: str) -> int:
    """The value of the numeral of a label on ``line``; a numeral that cannot be read is a
    ``StructureError`` naming the label, never a guess."""
    try:
        return numerals.cn_to_int(numeral)
    except numerals.NumeralError as e:
        raise StructureError(f"{what_zh}“{label}”无法读取：{e.zh}",
                             f"the {what_en} {label} cannot be read: {e.en}", line) from None


def _division_number(m: re.Match, line: int) -> int:
    """The number of a heading "第X章"; numbers start at 一 (第零章 is no heading)."""
    label = f"第{m[1]}{m[2]}"
    number = _number(m[1], label, line, "标题的标号", "heading label")
    if number < 1:
        raise StructureError(f"标题的标号“{label}”无效：序号应从一开始",
                             f"the heading label {label} is invalid: numbers start at 一", line)
    return number


def _read_key(m: re.Match) -> tuple[int, int] | None:
    """(number, sub) of the label "第X条[之N]" matched by ``m`` (numerals in groups 1 and 2), or
    None where a numeral cannot be read ("第四五条")."""
    try:
        return numerals.cn_to_int(m[1]), numerals.cn_to_int(m[2]) if m[2] else 0
    except numerals.NumeralError:
        return None


def _article_key(m: re.Match, key: tuple[int, int] | None, line: int) -> tuple[int, int]:
    """(number, sub) of an article label "第X条[之N]" (``key``: ``_read_key(m)``); numbers start
    at 一, and a numeral that cannot be read is a located error."""
    number, sub = key if key is not None else (-1, -1)
    if number < 1 or (m[2] and sub < 1):
        label = m[0].split()[0] if m[0].split() else m[0]
        number = _number(m[1], label, line, "条文标号", "article label")
        sub = _number(m[2], label, line, "条文标号", "article label") if m[2] else 0
        raise StructureError(f"条文标号“{label}”无效：序号应从一开始（第一条、之一）",
                             f"the article label {label} is invalid: numbers start at 一 (第一条, 之一)",
                             line)
    return number, sub


@functools.lru_cache(maxsize=32768)  # every article of the longest texts (第九千九百九十九条), with room
def _next_labels(number: int, sub: int) -> tuple[str, str]:
    """"第八条 " and "第七条之二 " after 第七条之一: the labels, and the space after them, of the
    two articles that may follow 第number条之sub in sequence (``_Builder.next_keys``)."""
    return tuple(numerals.article_label(n, s) + " " if n <= numerals.MAX and s <= numerals.MAX
                 else "\n"  # (past 第九千九百九十九条: a label no line starts with)
                 for n, s in ((number + 1, 0), (number, sub + 1)))


def _is_next(b: _Builder, key: tuple[int, int] | None) -> bool:
    """"第一条为加强…" with no space is an article start only if it is the expected next number
    (a label whose numeral cannot be read, "第四五条…", key None, is not)."""
    return key is not None and key in b.next_keys


def _check_numbering(b: _Builder) -> None:
    if b.in_sequence:
        # every article was the next in sequence from 第一条 on: no gap, duplicate or disorder
        for art in b.articles_seen:
            if art.items is not None:
                for enums in art.items.values():
                    _check_enumeration(b, art, enums)
        _check_divisions(b)
        return
    seen: dict[tuple[int, int], int] = {}
    prev: _Article | None = None
    for art in b.articles_seen:
        key = (art.number, art.sub)
        if key in seen:
            label = numerals.article_label(*key)
            b.warn("article-duplicate", f"{label}重复 / duplicate article {label} (first at line {seen[key]})", art.line)
        seen.setdefault(key, art.line)
        if prev is not None:
            pkey = (prev.number, prev.sub)
            if key < pkey:
                label = numerals.article_label(*key)
                b.warn("article-order", f"{label}位于{numerals.article_label(*pkey)}之后 / article out of order", art.line)
            elif art.sub == 0 and art.number > prev.number + 1:
                label = numerals.article_label(*key)
                missing = numerals.article_label(prev.number + 1)
                b.warn("article-gap", f"缺少{missing}（{numerals.article_label(*pkey)}之后是{label}）/ article number gap", art.line)
        elif key != (1, 0):
            label = numerals.article_label(*key)
            b.warn("article-gap", f"第一个条文是{label} / the first article is {label}", art.line)
        prev = art
        if art.items is not None:  # most articles have no items
            for enums in art.items.values():
                _check_enumeration(b, art, enums)
    _check_divisions(b)


def _check_enumeration(b: _Builder, art: _Article, enums: list[_Enum]) -> None:
    """Items (and subitems) of one paragraph run 1, 2, 3…: "（一）…（三）" lacks （二）."""
    for k, node in enumerate(enums, 1):
        number = _item_number(node.label)
        if number != k:
            article = numerals.article_label(art.number, art.sub)
            b.warn(
                "item-gap",
                f"{article}中{node.label}应为第{numerals.int_to_cn(k)}个 / {article}: enumeration "
                f"label {node.label} where number {k} was expected",
                node.line,
            )
            break
    for node in enums:
        if node.children:
            _check_enumeration(b, art, node.children)


#: ``item_number`` of the few labels a text uses ("（一）"…), read once each.
_item_number = functools.lru_cache(maxsize=1024)(item_number)


def _check_divisions(b: _Builder) -> None:
    # 章 inside 编 either restart at 第一章 in each 编 (刑法) or run on across them (民事诉讼法)
    last_seen: dict[str, int] = {}

    def walk(nodes: list, parent: str) -> None:
        divisions = [d for d in nodes if isinstance(d, _Division)]
        loose = [a for a in nodes if isinstance(a, _Article)]
        by_kind: dict[str, list[_Division]] = {}
        for d in divisions:
            by_kind.setdefault(d.kind, []).append(d)
        for kind, group in by_kind.items():
            expected = 1
            for k, d in enumerate(group):
                if d.style == "unnumbered":
                    continue
                if k == 0 and parent and d.number == last_seen.get(kind, 0) + 1:
                    expected = d.number  # numbering runs on from the previous 编
                last_seen[kind] = d.number
                if d.number != expected:
                    label = numerals.division_label(d.number, kind)
                    if expected == 1 and loose and nodes.index(loose[0]) < nodes.index(d):
                        first, last = loose[0], [a for a in loose if nodes.index(a) < nodes.index(d)][-1]
                        span = f"{numerals.article_label(first.number, first.sub)}至{numerals.article_label(last.number, last.sub)}"
                        b.warn(
                            f"missing-first-{'chapter' if kind == '章' else 'division'}",
                            f"缺少第一{kind}标题：{span}位于{label}之前 / the heading of 第一{kind} is "
                            f"missing: {span} precede {label}",
                            d.line,
                        )
                    else:
                        b.warn(
                            "division-number",
                            f"{parent}{label}的编号不连续（应为{numerals.division_label(expected, kind)}）/ "
                            f"{kind} numbering: expected {numerals.division_label(expected, kind)}",
                            d.line,
                        )
                expected = d.number + 1
            for d in group:
                walk(d.children, parent + d.kind)
        if divisions and loose and not any(
            w.code.startswith("missing-first") for w in b.warnings
        ):
            first = loose[0]
            if nodes.index(first) < nodes.index(divisions[0]):
                b.warn(
                    "articles-outside-divisions",
                    f"{numerals.article_label(first.number, first.sub)}不属于任何{divisions[0].kind} / "
                    f"articles precede the first {divisions[0].kind} heading",
                    first.line,
                )

    walk(b.body, "")


# ---- render ---------------------------------------------------------------------------------


def render(regulation: Regulation) -> str:
    """Canonical text: one paragraph per line, labels as in the model."""
    out: list[str] = list(regulation.title)
    note = regulation.note
    if note is not None:
        if note.bracketed:
            lines = list(note.lines)
            lines[0] = "（" + lines[0]
            lines[-1] = lines[-1] + "）"
            out.extend(lines)
        else:
            out.extend(note.lines)
    if regulation.preamble is not None:
        if regulation.preamble.heading:
            out.append(regulation.preamble.heading)
        out.extend(regulation.preamble.paragraphs)
    for node in regulation.body:
        _render_node(node, out)
    for att in regulation.attachments:
        out.append(att.heading)
        out.extend(att.lines)
    return "\n".join(out)


def _render_node(node, out: list[str]) -> None:
    if isinstance(node, Article):
        out.extend(render_article(node).split("\n"))
        return
    out.append(node.heading)
    for child in node.children:
        _render_node(child, out)


def render_article(article: Article) -> str:
    """The canonical text of one article: "第六条 …" then its paragraphs, items and subitems."""
    out: list[str] = []
    for k, para in enumerate(article.paragraphs):
        if k == 0:
            out.append(f"{article.label} {para.text}" if para.text else article.label)
        else:
            out.append(para.text)
        for item in para.items:
            out.append(item.label + item.text)
            _render_subitems(item.subitems, out)
    return "\n".join(out)


def _render_subitems(subitems, out: list[str]) -> None:
    for sub in subitems:
        out.append(sub.label + sub.text)
        _render_subitems(sub.children, out)
