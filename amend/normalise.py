"""Normalisation of OCR'd gazette text and corpus Markdown into canonical plain text.

Contract: ``normalise(source)`` runs the named steps of ``STEPS`` in order and returns a
``Normalised`` value: the clean text (one paragraph per line, no blank lines, no Markdown,
full-width punctuation against Chinese text, half-width digits, one ASCII space after a line-leading
第X条/章/节/编 label), a record of what each step changed, and an ``OffsetMap`` that carries any
offset in the clean text back to the source.  Steps never change wording: the sequence of letters,
digits and Chinese characters is preserved (``wording(source) == wording(result)`` up to the
removed Markdown markers and folded widths), which the tests check on every corpus file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import NamedTuple

import attrs

from amend.text import (
    CJK,
    DATE_LINE_RE,
    DATE_ONLY_RE,
    DIVISION_RE,
    HAN,
    LINE_LABEL_RE,
    SENTENCE_END,
    SPACE,
)
from amend.numerals import CN_NUMERAL


class Edit(NamedTuple):
    """One replacement made by a step: source span [start, end) became [out_start, out_end).

    A named tuple rather than an attrs class: steps record tens of thousands of these."""

    start: int
    end: int
    out_start: int
    out_end: int


@attrs.frozen
class StepRecord:
    """What one named step did: its name and its edits (in its own input coordinates)."""

    name: str
    edits: tuple[Edit, ...]


@attrs.frozen
class OffsetMap:
    """Maps offsets in the normalised text back to the source, through every step."""

    steps: tuple[StepRecord, ...]

    def to_source(self, offset: int) -> int:
        for step in reversed(self.steps):
            offset = _back(step.edits, offset)
        return offset


def _back(edits: tuple[Edit, ...], offset: int) -> int:
    starts = [e.out_start for e in edits]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return offset
    e = edits[i]
    if offset < e.out_end:  # inside a replacement: point at the same place in the source span
        return e.start + min(offset - e.out_start, e.end - e.start)
    return offset - e.out_end + e.end


@attrs.frozen
class Normalised:
    source: str
    text: str
    steps: tuple[StepRecord, ...]

    @property
    def offsets(self) -> OffsetMap:
        return OffsetMap(self.steps)

    def source_line(self, offset: int) -> int:
        """1-based line number in the source of an offset in the normalised text."""
        return self.source.count("\n", 0, self.offsets.to_source(offset)) + 1

    def changes(self) -> dict[str, int]:
        """Number of edits made by each step, in step order (for reports)."""
        return {s.name: len(s.edits) for s in self.steps}


def _rewrite(
    text: str, pattern: re.Pattern, repl: Callable[[re.Match], str] | str
) -> tuple[str, tuple[Edit, ...]]:
    """re.sub that also records each effective replacement as an Edit (``repl`` is a function
    or a literal string)."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0
    out = 0
    call = callable(repl)
    for m in pattern.finditer(text):
        new = repl(m) if call else repl
        if new == m.group(0):
            continue
        gap = text[last : m.start()]
        pieces.append(gap)
        out += len(gap)
        pieces.append(new)
        edits.append(Edit(m.start(), m.end(), out, out + len(new)))
        out += len(new)
        last = m.end()
    if not edits:
        return text, ()
    pieces.append(text[last:])
    return "".join(pieces), tuple(edits)


# ---- the steps ------------------------------------------------------------------------------
# Each step: text -> (text, edits).  Its docstring states what it handles and its postcondition.

_INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad\r"
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]|\r\n?")


def strip_invisible(text: str):
    """Remove BOM, zero-width characters and soft hyphens; CRLF/CR become LF.

    Postcondition: no U+FEFF, U+200B–U+200D, U+2060, U+00AD or CR remains.
    """
    if not any(c in text for c in _INVISIBLE_CHARS):
        return text, ()
    return _rewrite(text, _INVISIBLE, lambda m: "\n" if m.group(0)[0] == "\r" else "")


_FULLWIDTH_DIGIT = re.compile("[\uff10-\uff19]+")


def fold_fullwidth_digits(text: str):
    """"２００４年" → "2004年".  Postcondition: no U+FF10–U+FF19 remains."""
    if not any(chr(c) in text for c in _DIGIT_TABLE):
        return text, ()
    return _rewrite(text, _FULLWIDTH_DIGIT, lambda m: m.group(0).translate(_DIGIT_TABLE))


_DIGIT_TABLE = {0xFF10 + i: 0x30 + i for i in range(10)}

_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A bracket pair whose content holds a Chinese character: "(一)", "燃煤(气、油)", the 题注 "(2004年…)".
_PAREN_PAIR = re.compile(rf"\(([^()]*?[{CJK}][^()]*?)\)")
# A lone mark touching Chinese text on either side: "管理,保障", "如下:" (context checked in _widen).
_LONE_MARK = re.compile(r"[,;:?!]")
_CJK_CHAR = re.compile(f"[{CJK}]")


def _touches_cjk(text: str, start: int, end: int) -> bool:
    """True when the character before ``start`` or the one at ``end`` is Chinese; a mark at
    the end of a line counts if Chinese precedes it."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else "\n"
    if before and _CJK_CHAR.match(before):
        return True
    return bool(_CJK_CHAR.match(after))


def widen_punctuation(text: str):
    """Half-width , ; : ? ! ( ) used in Chinese text become full-width (，；：？！（）).

    Handles "管理,保障" and bracket pairs with Chinese content ("(一)", "(2004年3月31日…通过)"),
    even across lines.  Marks between digits or Latin text ("12:30", "(1)") are left alone.
    Postcondition: no half-width mark of that set is adjacent to a Chinese character.
    """
    passes = []
    # nested pairs "((的))" and runs of marks "的,," widen from the inside out / left to right:
    # repeat until nothing changes (each pass only widens, so this ends)
    while any(c in text for c in _WIDE):
        text, e1 = _rewrite(text, _PAREN_PAIR, lambda m: "（" + m.group(1) + "）")
        current = text
        text, e2 = _rewrite(
            current,
            _LONE_MARK,
            lambda m: _WIDE[m.group(0)] if _touches_cjk(current, m.start(), m.end()) else m.group(0),
        )
        if not e1 and not e2:
            break
        passes += [e1, e2]
    return text, tuple(passes) or ((),)


_SPACE_RUN = re.compile(f"[{SPACE}]+")
_LEADING_SPACE = re.compile(f"(?m)^[{SPACE}]+")
_TRAILING_SPACE = re.compile(f"(?m)[{SPACE}]+$")
_BLANK_RUN = re.compile(r"\n\n+")





def trim_lines(text: str):
    """Strip whitespace at both ends of every line and drop blank lines.

    Postcondition: no line is empty or starts/ends with whitespace.
    """
    text, e0 = _rewrite(text, _LEADING_SPACE, "")
    text, e1 = _rewrite(text, _TRAILING_SPACE, "")

    text, e2 = _strip_edge_newlines(text)
    text, e3 = _rewrite(text, _BLANK_RUN, "\n")
    return text, (e0, e1, e2, e3)


def _strip_edge_newlines(text: str):
    head = len(text) - len(text.lstrip("\n"))
    body = text[head:]
    tail = len(body) - len(body.rstrip("\n"))
    edits = []
    if head:
        edits.append(Edit(0, head, 0, 0))
    if tail:
        end = len(text) - tail
        edits.append(Edit(end, len(text), end - head, end - head))
    return body[: len(body) - tail], tuple(edits)


# Wider than ingest's document-title pattern: any line ending so (…法, …总则) closes a unit.
_DOC_TYPE_END = re.compile(
    r"(条例|法|办法|规则|规定|细则|决定|通知|意见|方案|措施|解释|批复|公告|决议|章程|规程|标准|目录|附则|总则)"
    r"(（[^（）]{1,12}）)?$"
)
_UNIT_START = re.compile(
    rf"^(#|<|\||>|(?:\*\*|“)?第{CN_NUMERAL}(分编|编|章|节|条)|第\d+号|“?[（(]|\d{{1,3}}[.、．](?!\d)|"
    rf"[一二三四五六七八九十]+、|附件|附：|——|[-*+] |[⒈-⒛])"
)
#: An enumerated line with no sentence punctuation is a heading, however long its title.
_ENUM_HEADING = re.compile(r"^[一二三四五六七八九十百]+、[^，。；：,;:]+$")
_DOC_NUMBER_END = re.compile(r"〔\d{4}〕\d+号$")


def _ends_unit(line: str) -> bool:
    """True when nothing can continue ``line`` on the next line."""
    # only the end of the line matters: looking at its tail keeps long joined runs linear
    if SENTENCE_END.search(line[-16:]) or line.startswith(("#", "<", "|", ">")):
        return True  # a sentence end, a Markdown heading, comment, table row or quote
    if line.startswith(("（", "(")) and line.endswith(("）", ")")):
        return True  # a whole-line parenthetical: "（据2021年8月13日《吉林日报》）"
    if len(line) <= 200 and _ENUM_HEADING.match(line):
        return True  # "五、对《上海市建筑市场管理条例》的修改", "一、管辖": a heading
    if DIVISION_RE.match(line) or DATE_LINE_RE.match(line) or _DOC_NUMBER_END.search(line[-24:]):
        return True  # a heading, a date-led 题注 line or signature, "吉政办发〔2020〕17号"
    if LINE_LABEL_RE.match(line) and " " not in line.strip():
        return False  # a bare "第一条" label: its text follows
    if _is_title(line):
        return True
    return len(line) < _MIN_BROKEN_LINE  # short lines are headings, signatures, front matter


#: A line cut by a page break is a full printed line; shorter lines are not broken sentences.
_MIN_BROKEN_LINE = 8


def _is_title(line: str) -> bool:
    """A document title: short, no sentence punctuation, ends with 条例/办法/规定/决定/…."""
    return len(line) <= 60 and not re.search("[，。；：,;:]", line) and bool(
        _DOC_TYPE_END.search(line)
    )


def join_page_breaks(text: str):
    """Re-join sentences split by page or column breaks: "产品和服务质" + "量以及…".

    A line is joined to the next when it does not end a unit (no 。；：！？ at its end, not a
    heading, title, date, whole-line parenthetical or a line shorter than a printed line) and the
    next line does not start one (第X条/章/节, （一）, 1., 一、, 附件, a title, Markdown markers).  Lines inside a bracket opened at the
    start of a line (the 题注 "（2004年…通过\\n根据…修正）") keep their breaks, and so do runs of
    date-led lines (Markdown metadata).  A bare label line "第一条" is joined to its text with a
    space.  Postcondition: every remaining line break follows a unit end or precedes a unit start.
    """
    lines = text.split("\n")
    joins: list[tuple[int, str]] = []  # (offset of the "\n", replacement)
    offset = 0
    depth = 0  # open brackets of a block that began at a line start
    joined = ""  # the current line with what has already been joined onto it
    for i, line in enumerate(lines[:-1]):
        offset += len(line)
        nxt = lines[i + 1]
        joined += line
        closed_block = False
        if depth == 0 and line.startswith(("（", "(")):
            depth = _bracket_balance(line)
        elif depth > 0:
            depth += _bracket_balance(line)
            closed_block = depth <= 0  # "…修正）" closes the 题注: nothing continues it
        if depth > 0 or closed_block:
            depth = max(depth, 0)
        elif LINE_LABEL_RE.fullmatch(joined) and not _UNIT_START.match(nxt):
            joins.append((offset, " "))  # "第一条" / "为了…" → "第一条 为了…"
            joined += " "
            offset += 1
            continue
        elif not (_ends_unit(joined) or _UNIT_START.match(nxt) or DATE_ONLY_RE.match(nxt) or _is_title(nxt)):
            joins.append((offset, ""))
            offset += 1
            continue
        joined = ""
        offset += 1
    return _join(text, joins)


def _join(text: str, joins: list[tuple[int, str]]):
    """Replace the newline at each offset of ``joins`` by its replacement."""
    if not joins:
        return text, ()
    pieces: list[str] = []
    edits: list[Edit] = []
    last = out = 0
    for pos, repl in joins:
        pieces.append(text[last:pos])
        out += pos - last
        pieces.append(repl)
        edits.append(Edit(pos, pos + 1, out, out + len(repl)))
        out += len(repl)
        last = pos + 1
    pieces.append(text[last:])
    return "".join(pieces), tuple(edits)


def join_split_headings(text: str):
    """A Markdown 章/节 heading whose name runs onto the next line gets it back:
    "## 第二章 听取和审议人民政府、人民法院和" + "人民检察院的专项工作报告".

    Runs before the Markdown markers are removed, while they still show which line is a heading.
    Postcondition: no Markdown division heading is followed by a short line without sentence
    punctuation that is not itself a unit start.
    """
    lines = text.split("\n")
    joins = []
    offset = 0
    for i, line in enumerate(lines[:-1]):
        offset += len(line)
        nxt = lines[i + 1]
        if _MD_DIVISION.match(line) and _HEADING_TAIL.match(nxt) and not _UNIT_START.match(nxt):
            joins.append((offset, ""))
        offset += 1
    return _join(text, joins)


_MD_DIVISION = re.compile(rf"^#+[{SPACE}]*第{CN_NUMERAL}(分编|编|章|节)")
_HEADING_TAIL = re.compile(r"^[^。；：;:*#]{1,40}(?<![。；：])$")  # the rest of a heading's name


def _bracket_balance(line: str) -> int:
    return line.count("（") + line.count("(") - line.count("）") - line.count(")")


_MD_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_MD_LINE_MARK = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.M)
_MD_EMPHASIS = re.compile(r"\*\*|__")


def strip_markdown(text: str):
    """Remove Markdown: HTML comments (``<!-- INFO END -->``), heading markers, blockquote
    markers, list bullets ("- (一)") and bold markers ("**第一条**").  Pipe tables stay as text.

    Postcondition: no line starts with #, > or a list bullet; no ** or __ remains.
    """
    e1 = e2 = e3 = ()
    if "<!--" in text:
        text, e1 = _rewrite(text, _MD_COMMENT, "")
    if any(mark in text for mark in ("#", ">", "- ", "* ", "+ ")):
        text, e2 = _rewrite(text, _MD_LINE_MARK, "")
    if "**" in text or "__" in text:
        text, e3 = _rewrite(text, _MD_EMPHASIS, "")
    return text, (e1, e2, e3)


_LABEL_SEPARATOR = re.compile(
    rf"^(“?第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?))[{SPACE}]+", re.M
)
_ENUM_SEPARATOR = re.compile(
    rf"^([（(]{CN_NUMERAL}[）)]|[（(]\d{{1,3}}[）)]|\d{{1,3}}[.、．](?!\d)|[⒈-⒛])[{SPACE}]+(?=[{CJK}\d])",
    re.M,
)


def space_labels(text: str):
    """One ASCII space after a line-leading 第X条/章/节/编 label ("第一条　为了", "第一章  总则",
    and in a quoted payload "“第十二条　常务委员会…"),
    none after an item or subitem label ("（一） 审核" → "（一）审核", "1. 信用" → "1.信用").

    Postcondition: every such label is followed by exactly one space / by no space.
    """
    text, e1 = _rewrite(text, _LABEL_SEPARATOR, lambda m: m.group(1) + " ")
    text, e2 = _rewrite(text, _ENUM_SEPARATOR, lambda m: m.group(1))
    return text, (e1, e2)


_DIGIT_OR_CJK = re.compile(f"[{CJK}0-9]")
_ARTICLE_SEP = re.compile(rf"^“?第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?) ", re.M)


def remove_stray_spaces(text: str):
    """Remove spaces inside Chinese text: "附 则" → "附则", "安全管理 制度" → "安全管理制度",
    "超过 8 年" → "超过8年".  The separator after a line-leading label is kept.

    A single space is kept between two events of a 题注 ("…审议批准 2023年5月19日…发布").
    Postcondition: no whitespace between two Chinese characters, or between a Chinese character
    and a digit, except those separators.
    """
    keep = {m.end() - 1 for m in _ARTICLE_SEP.finditer(text)}

    def repl(m: re.Match) -> str:
        start, end = m.start(), m.end()
        if start == 0 or end == len(text) or start in keep:
            return m.group(0)
        before, after = text[start - 1], text[end]
        # stray: CJK–CJK, CJK–digit or digit–CJK
        if not (_DIGIT_OR_CJK.match(before) and _DIGIT_OR_CJK.match(after)):
            return m.group(0)
        if not (_CJK_CHAR.match(before) or _CJK_CHAR.match(after)):
            return m.group(0)
        if _NOTE_SEPARATOR.match(text, m.end()) and text[m.start() - 1] in "过准布正订行发":
            return " "  # "…审议批准 2023年5月19日…发布": the space between two 题注 events
        return ""

    return _rewrite(text, _SPACE_RUN, repl)


_NOTE_SEPARATOR = re.compile(rf"\d{{4}}[{SPACE}]*年[{SPACE}]*\d{{1,2}}[{SPACE}]*月[{SPACE}]*\d{{1,2}}[{SPACE}]*日")


#: The named steps, in order.  Split headings are mended and page breaks joined while the
#: Markdown markers still show which lines are headings (a gazette's "## 吉林省人民政府人事任免"
#: must not swallow the next line); bold markers are transparent.  Hence normalisation is
#: idempotent on text without Markdown heading markers, which is what canonical text is.  Label
#: spacing precedes stray-space removal so the separator survives.
STEPS: tuple[tuple[str, Callable], ...] = (
    ("strip_invisible", strip_invisible),
    ("fold_fullwidth_digits", fold_fullwidth_digits),
    ("trim_lines", trim_lines),
    ("join_split_headings", join_split_headings),
    ("join_page_breaks", join_page_breaks),
    ("strip_markdown", strip_markdown),
    ("trim_lines_again", trim_lines),
    ("widen_punctuation", widen_punctuation),
    ("space_labels", space_labels),
    ("remove_stray_spaces", remove_stray_spaces),
)


def normalise(source: str) -> Normalised:
    """Run every step of ``STEPS`` over ``source``."""
    text = source
    records: list[StepRecord] = []
    for name, step in STEPS:
        text, edits = step(text)
        # a step made of several passes returns a tuple of edit tuples: one record per pass
        if edits and not isinstance(edits[0], Edit):
            for n, part in enumerate(edits, 1):
                records.append(StepRecord(f"{name}.{n}", part))
        else:
            records.append(StepRecord(name, edits))
    return Normalised(source=source, text=text, steps=tuple(records))


_WORDING = re.compile(rf"[{HAN}A-Za-z0-9]")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def wording(text: str) -> str:
    """The letters, digits and Chinese characters of ``text`` outside HTML comments, with widths
    folded: what normalisation must preserve."""
    return "".join(_WORDING.findall(_COMMENT.sub("", text).translate(_DIGIT_TABLE)))
