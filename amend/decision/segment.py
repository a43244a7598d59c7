"""Cutting an instrument into header, formula, omnibus sections and items.

Contract: ``segment(text)`` takes the normalised text of an instrument and returns a
``Layout``: the header lines, the enacting formula, the omnibus sections (each bound to the
document it amends or repeals) and the items, each item with its body (the text decision.lark
reads) and an offset map from the body back to the normalised text.  Line classes come from
grammar/instrument.lark; nothing here knows a phrase.

Repairs are made first, each recorded as a ``ReadWarning`` saying what was assumed
(phrasings.md §5), and each only inserts quote marks (the words are never changed):

- a quote still open when a line starts the next item (or when the text ends) is closed at the
  end of the line before ("刑法修正案（九）" item 二十三, "宪法修正案（1988年）" 第二条);
- new text without quotes after a clause that awaits it is quoted: on the lines after
  "七、将第十七条第二款修改为：" / "增加一款，作为第三款：" / "内容如下：", up to the line that starts
  the next item or reads as an operation ("将第三款改为第四款，并修改为："); on the same line after
  "增加一条，作为第十三条：对正在开展…", to the end of that line (and of the lines that continue
  it the same way).

Quotes nest: inside an open quote, a “ that does not open a line opens an inner quote
("“…坚持以马克思列宁主义…、“三个代表”重要思想…行使职权。”"), and only the matching ” closes
the outer one; a “ opening a line inside a quote re-opens the paragraph (the NPC convention
“…\\n“…”), and inner quotes never run over a line end.

Layout: numbered items 一、 / 1. / （一） / （1） at up to three levels; section groups
("一、修改《…》等5件地方性法规"), sections ("（一）对《…》的修改", "二、对《…》作出修改"), groups of
sub-items or lead-ins ("二十五、对部分条文作以下修改：", "4.其他修改："), closing clauses, repeals
("五、废止…通过的《…》", lists of repealed documents in an annex), annexes ("附件1") and the
republished text appended after the decision ("附"), which is not read.  An omnibus decision
without section heads whose items each name their document ("一、将《外商投资电信企业管理规定》第二条
修改为…") gets one section per such item.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from amend.codecache import attrs
from lark.exceptions import LarkError

from amend import numerals
from amend.decision.grammar import clause_parser, line_parser
from amend.decision.inline import rule_names
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
    """One item of the instrument: its number, omnibus section, and body span (patched text).

    ``kind`` is ``clause`` (a body for decision.lark) or ``repeal`` (the item repeals the
    documents named in ``targets``)."""

    number: str | None
    section: str | None
    start: int  # where the body starts (after the item marker)
    end: int
    line_start: int  # where the item's first line starts
    kind: str = "clause"
    targets: tuple[str, ...] = ()


@attrs.frozen
class Layout:
    patched: Patched
    header: tuple[str, ...]
    formula: str | None
    sections: tuple[tuple[str, str, int], ...]  # (number, target title, offset)
    items: tuple[Segment, ...]
    warnings: tuple[ReadWarning, ...]
    notes: tuple[str, ...] = ()  # lines that point at annexes or title them
    appendix: int | None = None  # offset (normalised text) of a text appended after the decision

    def body(self, item: Segment) -> str:
        return self.patched.text[item.start:item.end] + "\n"


_OPEN, _CLOSE = "“", "”"
#: The characters the quote scans look at (the others are skipped by the regex engine).
_QUOTE_MARK = re.compile("[“”]")
_COLON_OR_QUOTE = re.compile("[“”：:]")
#: Words that make a sentence an amendment ("修改为", "删去"…), looked for outside quotes.
AMENDMENT_VERB = re.compile(r"修改为|改为|增加[一二两三四五六七八九十]|增写|删去|删除|调整为")
_MARK_NUMBER = re.compile(r"[一二三四五六七八九十百千零〇]+|\d+")
_TITLE = re.compile(r"《(?:[^《》\n]|《[^《》\n]*》)*》")
_COLON_END = re.compile(r"[：:]\s*$")
#: A stand-in for the new text, to ask whether a clause ending with a colon awaits one.
_PROBE = "“…”"
#: Quote marks other than “”: text opening with one is quoted wrongly, not unquoted.
_OTHER_QUOTES = ('"', "'", "＂", "‘", "「", "『", "〝")


# ------------------------------------------------------------------ quotes

#: Straight double quotes as web copies print them ("修改为："…"" / ＂…＂).
_STRAIGHT = re.compile(r'["＂]')


def curl_quotes(text: str, locate: Callable[[int], tuple[int, int]]):
    """Straight quotes read as “”: on a line with no “ or ” and an even number of straight
    double quotes, they open and close in turn ("将第五条中的"依法"修改为"按照规定"").  The text
    keeps its length (offsets and carets stay true); one ``straight-quotes`` warning names the
    first line.  A line with an odd number is left alone (the clause grammar reports it)."""
    out, first, pos = [], None, 0
    for line in text.split("\n"):
        marks = _STRAIGHT.findall(line)
        if marks and len(marks) % 2 == 0 and _OPEN not in line and _CLOSE not in line:
            turn = iter((_OPEN, _CLOSE) * (len(marks) // 2))
            line = _STRAIGHT.sub(lambda m: next(turn), line)
            first = pos + line.index(_OPEN) if first is None else first
        out.append(line)
        pos += len(line) + 1
    if first is None:
        return text, ()
    line_no, col = locate(first)
    return "\n".join(out), (ReadWarning(
        "straight-quotes", f"第{line_no}行起的直引号（\"）按中文引号“”读取 / straight quotes (\") "
        f"from line {line_no} read as “”", None, line_no, col),)


def _depth_after(line: str, depth: int = 0, following: str | None = None) -> int:
    """The quote depth (0 or 1) at the end of ``line``, starting at ``depth``: a “ opening a
    line inside a quote re-opens the paragraph, another “ inside a quote nests, and inner
    quotes end with their line.  One case is ambiguous: a line that starts outside quotes and
    leaves a quote open only when quotes nest ("将第三条中的“热经营企业修改为“供热企业”，…" — a
    ” missing, or an outer quote running on?).  It runs on when the ``following`` line
    continues it, and is read as closed (the second “ a stray) when the following line starts
    something else or the text ends."""
    nested = _scan(line, depth, nest=True)
    if depth == 0 and nested and _scan(line, 0, nest=False) == 0 and _stands_alone(following):
        return 0
    return nested


def _scan(line: str, depth: int, *, nest: bool) -> int:
    for m in _QUOTE_MARK.finditer(line):
        if m.group() == _OPEN:
            depth = max(depth, 1) if not nest or m.start() == 0 else depth + 1
        else:
            depth = max(depth - 1, 0)
    return min(depth, 1)


def _stands_alone(following: str | None) -> bool:
    """The line after a quote that may be open does not continue it: the text ends, or the
    line is a section or closing clause, or an item that reads as an operation."""
    if not following:
        return True
    if following.startswith(_OPEN):
        return False
    kind, mark, rest = _classify(following)
    if kind in _STRUCTURE:
        return True
    if kind in ("item", "article_item", "subitem") and mark:
        body = following[rest:]
        return _operation_line(body) or bool(AMENDMENT_VERB.search(re.sub(r"“[^”]*”", "", body)))
    return False


def _balanced(line: str) -> str:
    """``line`` with the quotes left open at its end closed, for classifying a physical line."""
    if _OPEN not in line:
        return line
    depth = 0
    for mark in _QUOTE_MARK.findall(line):
        depth = depth + 1 if mark == _OPEN else max(depth - 1, 0)
    return line + _CLOSE * depth


def _first_colon(line: str) -> int | None:
    """Index of the first colon outside quotes, or None."""
    depth = 0
    for m in _COLON_OR_QUOTE.finditer(line):
        mark = m.group()
        if mark == _OPEN:
            depth += 1
        elif mark == _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            return m.start()
    return None


# ------------------------------------------------------------------ line classes

def _classify(text: str) -> tuple[str, str | None, int]:
    """(class, marker, length of marker) of a logical line, read from its first physical line.
    A line no class fits is plain: the clause grammar then says what is wrong with it."""
    return _classify_first(text.split("\n", 1)[0])


@functools.lru_cache(maxsize=4096)
def _classify_first(first: str) -> tuple[str, str | None, int]:
    """``_classify`` of a first physical line (cached: the repair pass asks about the physical
    lines, the layout pass about the logical lines that start with them)."""
    try:
        tree = line_parser().parse(_balanced(first), start="line")
    except LarkError:
        return "plain", None, 0
    mark = None
    rest = 0
    if tree.data in ("item", "subitem", "article_item", "repeal") and tree.children \
            and tree.children[0].type in ("ITEM_MARK", "SUBITEM_MARK", "ARTICLE_MARK"):
        mark = str(tree.children[0])
        rest = len(mark)
    elif tree.data in ("section_group", "section_head", "group_head", "annex_ref"):
        m = re.match(r"[一二三四五六七八九十百千零〇]+、|\d{1,3}[.．]|[（(](?:[一二三四五六七八九十]+|\d{1,3})[）)]",
                     first)
        mark = m.group(0) if m else None
        if tree.data == "annex_ref":  # the pointer "（附件1）" ends where the rest begins
            rest = len(str(tree.children[0]))
    return str(tree.data), mark, rest


def _parse_as(text: str, start: str):
    try:
        return line_parser().parse(text, start=start)
    except LarkError:
        return None


def _named_law(rest: str) -> str | None:
    """The document an item names at its start ("将《外商投资电信企业管理规定》第二条…")."""
    tree = _parse_as(_balanced(rest.split("\n", 1)[0]), "named")
    if tree is None:
        return None
    return _unbook(str(tree.children[0]).lstrip("将删去除在对"))


def _unbook(title: str) -> str:
    return title[1:-1] if title.startswith("《") and title.endswith("》") else title.strip()


def _kind_of(mark: str) -> str:
    """The numbering scheme of a marker: cn 一、, arabic 1., paren_cn （一）, paren_ar （1）,
    article 第一条."""
    if mark.startswith("第"):
        return "article"
    if mark[0] in "（(":
        return "paren_ar" if mark[1].isdigit() else "paren_cn"
    return "arabic" if mark[0].isdigit() else "cn"


def _number(mark: str | None) -> str | None:
    if mark is None:
        return None
    m = _MARK_NUMBER.search(mark)
    if mark.startswith("第"):
        return mark.strip()
    return m.group(0) if m else None


_FIRST = {"cn": "一", "arabic": "1", "paren_cn": "一", "paren_ar": "1", "article": "第一条"}


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
        names = rule_names(clause_parser(), _balanced(line) + "\n")
    except LarkError:
        return False
    return not names <= {"body", "rule", "purpose", "interpretation", "disapplication"}


def _awaits_text(clause: str) -> bool:
    """"将第十七条第二款修改为：" / "增加一款，作为第三款：": a clause ending with a colon that
    reads as an operation once new text follows it."""
    return bool(_COLON_END.search(clause)) and _reads_as_operation(clause.rstrip() + _PROBE)


def _inline_payload(line: str) -> int | None:
    """"增加一条，作为第十三条：对正在开展…": where unquoted new text begins on the line of the
    clause that awaits it (None when the line has no such text)."""
    colon = _first_colon(line)
    if colon is None:
        return None
    after = line[colon + 1:]
    stripped = after.lstrip()
    if not stripped or stripped.startswith((_OPEN, *_OTHER_QUOTES)):
        return None  # quoted, or quoted wrongly ("…": the clause grammar says so)
    if not _awaits_text(line[:colon + 1]):
        return None
    return colon + 1 + (len(after) - len(stripped))


def _rest(line: str) -> str:
    kind, mark, rest = _classify(line)
    return line[rest:] if mark else line


def _operation_line(line: str) -> bool:
    """A line that is an operation of its own: it ends an unquoted payload."""
    rest = _rest(line)
    return _reads_as_operation(rest) or _awaits_text(rest) or _inline_payload(rest) is not None


#: Classes that never continue an item's text.
_STRUCTURE = ("section_group", "section_head", "group_head", "formula_line", "closing", "repeal",
              "annex_ref", "annex_head", "annex_index", "appendix_head")


# ------------------------------------------------------------------ repairs

class _Numbers:
    """The last number seen in each numbering scheme, to tell the next item from a numbered
    line of new text."""

    def __init__(self):
        self.last: dict[str, str | None] = {}

    def expected(self, mark: str) -> bool:
        kind = _kind_of(mark)
        number = _number(mark)
        return number in (_FIRST[kind], _next_of(self.last.get(kind), _FIRST[kind]))

    def note(self, line: str) -> None:
        kind, mark, _ = _classify(line)
        if mark and kind != "plain":
            self.last[_kind_of(mark)] = _number(mark)


def _boundary(line: str, numbers: _Numbers) -> bool:
    """Does ``line`` start the next item, sub-item, section, annex or the closing clauses?"""
    if not line or line.startswith(_OPEN):
        return False
    kind, mark, rest = _classify(line)
    if kind in ("closing", "repeal", "annex_ref", "annex_head", "annex_index", "appendix_head"):
        return True
    if kind in ("section_group", "section_head", "group_head"):
        return mark is None or numbers.expected(mark)
    # the next number, followed by an operation: "二、将刑法第…" (not "2.专利权权属纠纷案件；"),
    # or by an amendment verb the clause grammar may not know ("四、将第十一条增加一款作为第四款："):
    # the item is then reported as unreadable rather than swallowed by the text before it
    if kind in ("item", "article_item", "subitem") and mark:
        body = line[rest:]
        return numbers.expected(mark) and (
            _operation_line(body) or bool(AMENDMENT_VERB.search(re.sub(r"“[^”]*”", "", body))))
    return False


def _repairs(lines: list[str], locate: Callable[[int], tuple[int, int]]):
    """Positions (in the normalised text) where a quote mark must be inserted, and warnings."""
    inserts: list[tuple[int, str]] = []
    warnings: list[ReadWarning] = []
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1

    numbers = _Numbers()
    depth = 0
    payload: tuple[int, int] | None = None  # (line index, column) where unquoted new text began
    stop = len(lines)
    for i, line in enumerate(lines):
        if depth and _boundary(line, numbers):
            at = offsets[i] - 1  # end of the previous line
            inserts.append((at, _CLOSE))
            line_no, col = locate(at)
            warnings.append(ReadWarning(
                "unclosed-quote",
                f"引号未闭合，已在第{line_no}行末尾补上“”” / unclosed quote: assumed to end at the "
                f"end of line {line_no}", None, line_no, col))
            depth = 0
        if payload is not None and (_boundary(line, numbers) or _operation_line(line)
                                    or _classify(line)[0] in _STRUCTURE):
            _quote_payload(lines, offsets, payload, i, inserts, warnings, locate)
            payload = None
        if not depth and _classify(line)[0] == "appendix_head":
            stop = i  # "附": the republished text follows; it is not the decision's
            break
        if not depth and payload is None:
            numbers.note(line)
        depth = _depth_after(line, depth, lines[i + 1] if i + 1 < len(lines) else None)
        if depth or payload is not None:
            continue
        kind, mark, rest = _classify(line)
        if kind in _STRUCTURE or kind == "formula_line":
            continue
        body = line[rest:] if mark else line
        inline = _inline_payload(body)
        if inline is not None:  # 增加一条，作为第十三条：对正在开展…
            payload = (i, (rest if mark else 0) + inline)
        elif _COLON_END.search(line) and i + 1 < len(lines):
            nxt = lines[i + 1]
            if nxt and not nxt.startswith(_OPEN) and not _boundary(nxt, numbers) \
                    and not _operation_line(nxt) and _classify(nxt)[0] not in _STRUCTURE \
                    and (_awaits_text(body) or not _reads_as_operation(body)):
                payload = (i + 1, 0)
    if depth:
        last = stop - 1
        at = offsets[last] + len(lines[last])
        inserts.append((at, _CLOSE))
        line_no, col = locate(max(at - 1, 0))
        warnings.append(ReadWarning(
            "unclosed-quote",
            "引号在文末仍未闭合，已补上“”” / quote still open at the end of the text: assumed to "
            "end there", None, line_no, col))
    if payload is not None:
        _quote_payload(lines, offsets, payload, stop, inserts, warnings, locate)
    return inserts, warnings


def _quote_payload(lines, offsets, first, stop, inserts, warnings, locate):
    """Quote the new text from ``first`` (line, column) to the end of the last non-empty line
    before line ``stop``, as one payload whose paragraphs are its lines."""
    start_line, col = first
    if stop <= start_line or not any(lines[start_line:stop]):
        return  # no new text after the colon: the clause grammar reports it
    last = stop - 1
    while last > start_line and not lines[last]:
        last -= 1
    inserts.append((offsets[start_line] + col, _OPEN))
    inserts.append((offsets[last] + len(lines[last]), _CLOSE))
    line_no, column = locate(offsets[start_line] + col)
    count = last - start_line + 1
    if col:
        zh = f"第{line_no}行冒号后的新文本未加引号，按引文读取至第{line_no + count - 1}行末"
        en = (f"the new text after the colon on line {line_no} has no quotes: read as quoted "
              f"to the end of line {line_no + count - 1}")
    else:
        zh = f"第{line_no}行起的{count}行新文本未加引号，按引文读取"
        en = f"the {count} line(s) from line {line_no} are new text without quotes: read as quoted"
    warnings.append(ReadWarning("unquoted-payload", f"{zh} / {en}", None, line_no, column))


def patch(text: str, inserts: list[tuple[int, str]]) -> Patched:
    out = []
    inserted = []
    prev = 0
    shift = 0
    for at, ch in sorted(inserts, key=lambda x: (x[0], x[1] == _OPEN)):
        out.append(text[prev:at])
        inserted.append(at + shift)
        out.append(ch)
        shift += 1
        prev = at
    out.append(text[prev:])
    return Patched("".join(out), tuple(inserted))


def logical_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the logical lines: a physical line runs on while a quote is open at its end, or
    when the next line opens with “ (new text on the line after its clause)."""
    spans = []
    physical = text.split("\n")
    pos = 0
    start = None
    depth = 0
    for k, line in enumerate(physical):
        if start is None:
            start = pos
        depth = _depth_after(line, depth, physical[k + 1] if k + 1 < len(physical) else None)
        end = pos + len(line)
        pos = end + 1
        if k + 1 < len(physical) and (depth or physical[k + 1].startswith(_OPEN)):
            continue
        if end > start:
            spans.append((start, end))
        start, depth = None, 0
    return spans


# ------------------------------------------------------------------ layout

class _Builder:
    """The level state of the layout pass: section group, section, group of sub-items, annex."""

    def __init__(self, patched: Patched):
        self.patched = patched
        # [number, section, start, end, line_start, kind, targets, law named, annex]
        self.items: list[list] = []
        self.sections: list[tuple[str, str, int]] = []
        self.notes: list[str] = []
        self.current: list | None = None
        self.group: str | None = None  # 一、修改《…》等5件地方性法规
        self.section: str | None = None  # the key of the open section (or top-level group)
        self.law_section = False  # the open section is bound to a document
        self.lead: tuple[str, str] | None = None  # (number, scheme) of "36.对部分条文作以下修改："
        self.annex: str | None = None
        self.annex_title_due = False
        self.repeal_annex = False
        self.in_index = False
        self.pending_lead: str | None = None  # the number of the group head just read
        self.top_items = False  # an item numbered 一、 has been read

    def flush(self):
        if self.current is not None:
            self.items.append(self.current)
            self.current = None

    def start_item(self, number, section, ln: Line, *, start=None, kind="clause", targets=(),
                   law=None):
        self.flush()
        self.current = [number, section, ln.rest_start if start is None else start, ln.end,
                        ln.start, kind, tuple(targets), law, self.annex]

    def close_levels(self):
        self.group = self.section = self.lead = None
        self.law_section = False

    def line(self, ln: Line):
        text = self.patched.text[ln.start:ln.end]
        kind = ln.kind
        if self.in_index and kind not in ("annex_head", "appendix_head"):
            self.notes.append(text)  # "2．国务院决定废止的行政法规" in the list of annexes
            return
        if self.annex_title_due and kind == "plain":
            self.annex_title_due = False
            self.notes.append(text)  # 国务院决定废止的行政法规
            self.repeal_annex = _parse_as(text.split("\n", 1)[0], "annex_title") is not None
            return
        self.annex_title_due = False
        number = _number(ln.mark)
        if kind == "section_group":
            self.flush()
            self.close_levels()
            self.group = number
        elif kind == "section_head":
            self.flush()
            if ln.mark and _kind_of(ln.mark) in ("cn", "arabic"):  # 一、/1.对《…》的修改: top level
                self.group = None
            key = f"{self.group}（{number}）" if self.group else number
            title = _TITLE.search(text).group(0)[1:-1]
            self.sections.append((key, title, self.patched.to_original(ln.start)))
            self.section, self.law_section, self.lead = key, True, None
        elif kind == "group_head":  # 二十五、对部分条文作以下修改： / 4.其他修改：
            self.flush()
            if self.law_section:  # inside a section: sub-items become "36（1）"
                self.lead = (number, _kind_of(ln.mark))
            else:  # a group of sub-items is reported as a section of its own
                self.section, self.lead = number, None
            self.pending_lead = number
            return None
        elif kind == "annex_ref":  # 二、对6部行政法规予以废止。（附件2）本决定自…施行。
            self.flush()
            self.notes.append(self.patched.text[ln.start:ln.rest_start])
            if ln.rest_start < ln.end and self.patched.text[ln.rest_start:ln.end].strip():
                self.start_item(None, None, ln)
                self.flush()
        elif kind == "annex_index":
            self.flush()
            self.notes.append(text)
            self.in_index = True
        elif kind == "annex_head":
            self.flush()
            self.close_levels()
            self.notes.append(text)
            self.in_index = False
            self.annex = re.sub(r"\D", "", text) or text
            self.annex_title_due = True
            self.repeal_annex = False
        elif kind == "repeal":  # 五、废止…通过的《上海市酒类商品产销管理条例》。
            self.flush()
            if ln.mark and _kind_of(ln.mark) == "cn":
                self.close_levels()
            self.start_item(number, None, ln, kind="repeal", targets=_repealed(text[len(ln.mark or ""):]))
            self.flush()
        elif kind in ("item", "article_item") and self.repeal_annex and ln.mark:
            tree = _parse_as(text.split("\n", 1)[0], "entry")
            title = _unbook(str(tree.children[1])) if tree is not None else None
            self.start_item(number, None, ln, kind="repeal" if title else "clause",
                            targets=(title,) if title else ())
            self.flush()
        elif kind in ("item", "article_item"):
            if kind == "item":
                self.close_levels()
                self.top_items = True
            law = _named_law(text[len(ln.mark or ""):]) if kind == "item" else None
            self.start_item(number, None, ln, law=law)
        elif kind == "subitem" and self.section is not None:
            scheme = _kind_of(ln.mark)
            if self.lead is not None and scheme != self.lead[1]:
                self.start_item(f"{self.lead[0]}（{number}）", self.section, ln)  # 36（1）
            else:
                if self.lead is not None:
                    self.lead = None
                self.start_item(number, self.section, ln)
        elif kind == "subitem" and not self.top_items and _kind_of(ln.mark) in ("arabic", "paren_cn"):
            # "1.将第二条修改为：…" / "（一）删去第五条。": a decision numbering its items so, with no
            # 一、 item and no section above them
            law = _named_law(text[len(ln.mark or ""):])
            self.start_item(number, None, ln, law=law)
        elif kind == "closing":
            self.flush()
            self.items.append([None, None, ln.start, ln.end, ln.start, "clause", (), None,
                               self.annex])
        elif kind == "appendix_head":
            return "stop"
        else:  # a continuation line, or an unnumbered clause
            if self.current is None:
                # "其他修改：" then its operations: they are the lead-in's item
                self.start_item(self.pending_lead, self.section, ln, start=ln.start)
            else:
                self.current[3] = ln.end
        self.pending_lead = None
        return None


def _repealed(rest: str) -> tuple[str, ...]:
    """The documents a repeal names: the titles before the first sentence break after them
    ("…通过的《上海市预防职务犯罪工作若干规定》，相关工作按照…执行。")."""
    titles = []
    rest = rest[rest.find("废止"):]  # not the 《…》 of a "根据《…》相关规定，" before it
    for m in _TITLE.finditer(rest):
        titles.append(_unbook(m.group(0)))
        tail = rest[m.end():]
        if not tail.startswith(("、", "和", "及")):
            break
    return tuple(titles)


def segment(text: str, locate: Callable[[int], tuple[int, int]], *, header: bool = True) -> Layout:
    """Cut ``text`` into a ``Layout``; with ``header=False`` the whole text is items (no title
    line, no formula): a clause or a few items on their own."""
    text, curled = curl_quotes(text, locate)
    lines = text.split("\n")
    inserts, warnings = _repairs(lines, locate)
    warnings = [*curled, *warnings]
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
                                               "section_group", "group_head", "closing"):
        header_end = body_from = 0  # no title: the text starts with its first item
    else:
        header_end = _header_end(classified, patched.text)
        body_from = header_end
    header_lines = tuple(patched.text[ln.start:ln.end] for ln in classified[:header_end])
    formula = None
    if formula_index is not None:
        ln = classified[formula_index]
        formula = patched.text[ln.start:ln.end]

    builder = _Builder(patched)
    appendix = None
    for ln in classified[body_from:]:
        if builder.line(ln) == "stop":
            appendix = patched.to_original(ln.start)
            line_no, col = locate(appendix)
            warnings.append(ReadWarning(
                "appendix", f"第{line_no}行起为决定后附的文本（如修正后重新公布的全文），不作为修改事项读取 / "
                f"from line {line_no} a text appended to the decision (such as the republished "
                f"text) follows: not read as amendment items", None, line_no, col))
            break
    builder.flush()
    items, sections = _bind_sections(builder, patched)
    return Layout(patched, header_lines, formula, tuple(sections), tuple(items),
                  tuple(warnings), tuple(builder.notes), appendix)


def _bind_sections(builder: _Builder, patched: Patched):
    """Sections bound to documents: the explicit ones; else one per item that names its
    document, when at least two items name different documents (State Council omnibus
    decisions); repeals get a section of their own in an omnibus decision, so that the repeal
    applies to the repealed document only."""
    sections = list(builder.sections)
    rows = builder.items
    named = {row[7] for row in rows if row[7]}
    used = {key for key, _, _ in sections}

    def unique(key: str | None, annex: str | None) -> str:
        base = key or "废止"
        if annex and base in used:
            base = f"附件{annex}/{base}"
        out, n = base, 1
        while out in used:
            n += 1
            out = f"{base}/{n}"
        used.add(out)
        return out

    if not sections and len(named) >= 2:
        current = None
        for row in rows:
            if row[5] != "clause":
                continue
            if row[7]:
                current = unique(row[0], row[8])
                row[1] = current
                sections.append((current, row[7], patched.to_original(row[4])))
            elif row[0] is not None and current is not None:
                row[1] = current  # a numbered item that names no document continues the last one
    if sections:
        for row in rows:
            if row[5] == "repeal" and row[6]:
                key = unique(row[0], row[8])
                row[1] = key
                for title in row[6]:
                    sections.append((key, title, patched.to_original(row[4])))
    items = [Segment(number, section, start, end, line_start, kind, targets)
             for number, section, start, end, line_start, kind, targets, _, _ in rows]
    return items, sections


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
