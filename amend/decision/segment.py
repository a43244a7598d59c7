"""Cutting an instrument into header, formula, omnibus sections and items.

Contract: ``segment(text)`` takes the normalised text of an instrument and returns a
``Layout``: the header lines, the enacting formula, the omnibus sections and the items, each item
with its body (the text decision.lark reads) and an offset map from the body back to the
normalised text.  Two repairs are made first, each recorded as a ``ReadWarning`` saying what was
assumed (phrasings.md §5): a quote still open when a line starts the next item (or when the text
ends) is closed at the end of the line before ("刑法修正案（九）" item 二十三, "宪法修正案（1988年）"
第二条); an unquoted payload after a colon at the end of a line ("内容如下：" then lines of text) is
quoted up to the line that starts the next item or reads as an operation.  Line classes come from
grammar/instrument.lark; nothing here knows a phrase.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

import attrs
from lark.exceptions import LarkError

from amend import numerals
from amend.decision.grammar import clause_parser, line_parser
from amend.ops import ReadWarning


@attrs.frozen
class Patched:
    """The normalised text with repair characters inserted, and the way back."""

    text: str
    inserted: tuple[int, ...]  # positions, in ``text``, of inserted characters

    def to_original(self, offset: int) -> int:
        return offset - bisect.bisect_left(self.inserted, offset)


@attrs.frozen
class Line:
    """A logical line: its class (the rule of instrument.lark), its span in the patched text,
    the marker token ("三、", "2.", "第一条 ") and where its rest begins."""

    kind: str
    start: int
    end: int
    mark: str | None
    rest_start: int


@attrs.frozen
class Segment:
    """One item of the instrument: its number, omnibus section, and body span (patched text)."""

    number: str | None
    section: str | None
    start: int  # where the body starts (after the item marker)
    end: int
    line_start: int  # where the item's first line starts


@attrs.frozen
class Layout:
    patched: Patched
    header: tuple[str, ...]
    formula: str | None
    sections: tuple[tuple[str, str, int], ...]  # (number, target title, offset)
    items: tuple[Segment, ...]
    warnings: tuple[ReadWarning, ...]

    def body(self, item: Segment) -> str:
        return self.patched.text[item.start:item.end] + "\n"


_OPEN, _CLOSE = "“", "”"
_MARK_NUMBER = re.compile(r"[一二三四五六七八九十百]+|\d+")


def _balanced(line: str) -> str:
    """``line`` with a quote left open at its end closed, for classifying a physical line."""
    inside = False
    for ch in line:
        if ch == _OPEN:
            inside = True
        elif ch == _CLOSE:
            inside = False
    return line + _CLOSE if inside else line


@functools.lru_cache(maxsize=4096)
def _classify(text: str) -> tuple[str, str | None, int]:
    """(class, marker, length of marker) of one logical line (cached: the repair pass and the
    layout pass ask about the same lines).  A line no class fits is plain: the clause grammar
    then says what is wrong with it."""
    try:
        tree = line_parser().parse(_balanced(text), start="line")
    except LarkError:
        return "plain", None, 0
    mark = None
    rest = 0
    if tree.data in ("item", "subitem", "article_item") and tree.children:
        mark = str(tree.children[0])
        rest = len(mark)
    return str(tree.data), mark, rest


def _number(mark: str | None) -> str | None:
    if mark is None:
        return None
    m = _MARK_NUMBER.search(mark)
    if mark.startswith("第"):
        return mark.strip()
    return m.group(0) if m else None


def _next_of(number: str | None, first: str) -> str | None:
    """The number that follows ``number`` ("九" → "十", "3" → "4", "第一条" → "第二条");
    ``first`` when there is none yet."""
    if number is None:
        return first
    if number.isdigit():
        return str(int(number) + 1)
    try:
        if number.startswith("第"):
            n, _ = numerals.parse_article_label(number)
            return numerals.article_label(n + 1)
        return numerals.int_to_cn(numerals.cn_to_int(number) + 1)
    except ValueError:
        return None


@functools.lru_cache(maxsize=1024)
def _reads_as_operation(line: str) -> bool:
    """True when ``line`` parses as one or more operations (ends an unquoted payload)."""
    try:
        tree = clause_parser().parse(_balanced(line) + "\n")
    except LarkError:
        return False
    names = {t.data for t in tree.iter_subtrees()}
    return not names <= {"body", "rule", "purpose", "interpretation", "disapplication"}


def _repairs(lines: list[str], locate: Callable[[int], tuple[int, int]]):
    """Positions (in the normalised text) where a quote mark must be inserted, and warnings."""
    inserts: list[tuple[int, str]] = []
    warnings: list[ReadWarning] = []
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1

    last_item: str | None = None
    last_sub: str | None = None
    in_section = False

    def boundary(line: str) -> bool:
        """Does ``line`` start the next item, sub-item, section or the closing clauses?"""
        if not line or line.startswith(_OPEN):
            return False
        kind, mark, _ = _classify(line)
        if kind == "closing":
            return True
        if kind in ("section_head", "group_head"):
            m = _MARK_NUMBER.match(line)
            return m is not None and m.group(0) == _next_of(last_item, "一")
        # the next number, followed by an operation: "二、将刑法第…" (not "2.专利权权属纠纷案件；")
        if kind in ("item", "article_item"):
            return _number(mark) == _next_of(last_item, "第一条" if kind == "article_item" else "一") \
                and _reads_as_operation(line[len(mark):])
        if kind == "subitem" and in_section:
            return _number(mark) == _next_of(last_sub, "1" if mark[0].isdigit() else "一") \
                and _reads_as_operation(line[len(mark):])
        return False

    inside = False
    payload_from: int | None = None  # line index where an unquoted payload began
    for i, line in enumerate(lines):
        if inside and boundary(line):
            at = offsets[i] - 1  # end of the previous line
            inserts.append((at, _CLOSE))
            line_no, col = locate(at)
            warnings.append(ReadWarning(
                "unclosed-quote",
                f"引号未闭合，已在第{line_no}行末尾补上“”” / unclosed quote: assumed to end at the "
                f"end of line {line_no}", None, line_no, col))
            inside = False
        if payload_from is not None and (boundary(line) or _reads_as_operation(line)):
            _quote_payload(lines, offsets, payload_from, i, inserts, warnings, locate)
            payload_from = None
        if not inside and payload_from is None:
            kind, mark, _ = _classify(line)
            if kind in ("item", "article_item"):
                last_item, last_sub, in_section = _number(mark), None, False
            elif kind == "subitem" and in_section:
                last_sub = _number(mark)
            elif kind in ("section_head", "group_head"):
                m = _MARK_NUMBER.match(line)
                last_item, last_sub, in_section = (m.group(0) if m else None), None, True
        for ch in line:
            if ch == _OPEN:
                inside = True
            elif ch == _CLOSE:
                inside = False
        if not inside and payload_from is None and re.search(r"[：:]\s*$", line) \
                and i + 1 < len(lines):
            nxt = lines[i + 1]
            if nxt and not nxt.startswith(_OPEN) and not boundary(nxt) \
                    and _classify(line)[0] not in ("formula_line", "group_head"):
                payload_from = i + 1
    if inside:
        at = len("\n".join(lines))
        inserts.append((at, _CLOSE))
        line_no, col = locate(max(at - 1, 0))
        warnings.append(ReadWarning(
            "unclosed-quote",
            "引号在文末仍未闭合，已补上“”” / quote still open at the end of the text: assumed to "
            "end there", None, line_no, col))
    if payload_from is not None:
        _quote_payload(lines, offsets, payload_from, len(lines), inserts, warnings, locate)
    return inserts, warnings


def _quote_payload(lines, offsets, first, stop, inserts, warnings, locate):
    if stop <= first or not any(lines[first:stop]):
        return  # no new text after the colon: the clause grammar reports it
    last = stop - 1
    while last > first and not lines[last]:
        last -= 1
    inserts.append((offsets[first], _OPEN))
    inserts.append((offsets[last] + len(lines[last]), _CLOSE))
    line_no, col = locate(offsets[first])
    warnings.append(ReadWarning(
        "unquoted-payload",
        f"第{line_no}行起的{last - first + 1}行新文本未加引号，按引文读取 / the {last - first + 1} "
        f"line(s) from line {line_no} are new text without quotes: read as quoted", None, line_no, col))


def patch(text: str, inserts: list[tuple[int, str]]) -> Patched:
    out = []
    inserted = []
    prev = 0
    shift = 0
    for at, ch in sorted(inserts, key=lambda x: (x[0], x[1] == _CLOSE)):
        out.append(text[prev:at])
        inserted.append(at + shift)
        out.append(ch)
        shift += 1
        prev = at
    out.append(text[prev:])
    return Patched("".join(out), tuple(inserted))


_LOGICAL = re.compile(r"(?:[^“\n]|“[^”]*”|\n(?=“))+")


def logical_lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _LOGICAL.finditer(text)]


def segment(text: str, locate: Callable[[int], tuple[int, int]], *, header: bool = True) -> Layout:
    """Cut ``text`` into a ``Layout``; with ``header=False`` the whole text is items (no title
    line, no formula): a clause or a few items on their own."""
    lines = text.split("\n")
    inserts, warnings = _repairs(lines, locate)
    patched = patch(text, inserts)
    spans = logical_lines(patched.text)
    classified: list[Line] = []
    for start, end in spans:
        kind, mark, rest = _classify(patched.text[start:end])
        classified.append(Line(kind, start, end, mark, start + rest))

    formula_index = next((i for i, ln in enumerate(classified) if ln.kind == "formula_line"), None)
    if not header:
        formula_index = None
        header_end = body_from = 0
    elif formula_index is not None:
        header_end = formula_index
        body_from = formula_index + 1
    elif classified and classified[0].kind in ("item", "article_item", "section_head",
                                               "group_head", "closing"):
        header_end = body_from = 0  # no title: the text starts with its first item
    else:
        header_end = _header_end(classified, patched.text)
        body_from = header_end
    header = tuple(patched.text[ln.start:ln.end] for ln in classified[:header_end])
    formula = None
    if formula_index is not None:
        ln = classified[formula_index]
        formula = patched.text[ln.start:ln.end]

    sections: list[tuple[str, str, int]] = []
    items: list[Segment] = []
    current: list | None = None  # [number, section, start, end, line_start]
    section: str | None = None

    def flush():
        nonlocal current
        if current is not None:
            items.append(Segment(*current))
            current = None

    for ln in classified[body_from:]:
        if ln.kind == "section_head":
            flush()
            line = patched.text[ln.start:ln.end]
            section = _MARK_NUMBER.match(line).group(0)
            title = re.search(r"《(?:[^《》]|《[^《》]*》)*》", line).group(0)[1:-1]
            sections.append((section, title, patched.to_original(ln.start)))
        elif ln.kind == "group_head":  # 二十五、对部分条文作以下修改：
            flush()
            section = _MARK_NUMBER.match(patched.text[ln.start:ln.end]).group(0)
        elif ln.kind == "item" or ln.kind == "article_item":
            flush()
            section = None
            current = [_number(ln.mark), None, ln.rest_start, ln.end, ln.start]
        elif ln.kind == "subitem" and section is not None:
            flush()
            current = [_number(ln.mark), section, ln.rest_start, ln.end, ln.start]
        elif ln.kind == "closing":
            flush()
            section = None
            items.append(Segment(None, None, ln.start, ln.end, ln.start))
        else:  # a continuation line, or an unnumbered clause
            if current is None:
                current = [None, section, ln.start, ln.end, ln.start]
            else:
                current[3] = ln.end
    flush()
    return Layout(patched, header, formula, tuple(sections), tuple(items),
                  tuple(warnings))


#: Words that make a sentence an amendment ("修改为", "删去"…), looked for outside quotes.
AMENDMENT_VERB = re.compile(r"修改为|改为|增加[一二两三四五六七八九十]|增写|删去|删除|调整为")


def _header_end(lines: list[Line], text: str) -> int:
    """Without an enacting formula: the header is the title and the lines that read as header
    lines; the body starts at the first item, or at the first line with an amendment verb."""
    for i, ln in enumerate(lines):
        if i == 0:
            continue
        if ln.kind != "plain":
            return i
        line = text[ln.start:ln.end]
        if AMENDMENT_VERB.search(re.sub(r"“[^”]*”", "", line)) or _reads_as_operation(line):
            return i
    return len(lines)
