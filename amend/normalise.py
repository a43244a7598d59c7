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
import functools
import re
from itertools import accumulate, count, repeat
from operator import add, sub
from collections.abc import Callable, Sequence
from typing import NamedTuple

from amend.codecache import attrs

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
from amend import lazyre
from amend.numerals import CN_NUMERAL


class Edit(NamedTuple):
    """One replacement made by a step: source span [start, end) became [out_start, out_end).

    A named tuple rather than an attrs class: steps record tens of thousands of these."""

    start: int
    end: int
    out_start: int
    out_end: int


#: ``_edit((start, end, out_start, out_end))`` is ``Edit(start, end, out_start, out_end)`` made as
#: ``Edit._make`` makes it, without the Python-level ``__new__`` (for the passes that make one
#: per line).
_edit = functools.partial(tuple.__new__, Edit)


class DeferredEdits(Sequence):
    """The edits of a pass that makes one per line, made when first read: as a tuple of them
    (equal, hashing and printed as that tuple), whose length is known at once.

    Dropping the blank lines of a Markdown text makes one edit per paragraph, and most callers
    never read them (``OffsetMap`` does, to place a warning or an error in the source): making
    them cost more than the pass itself (issue 16).  ``make()`` returns the tuple."""

    __slots__ = ("_count", "_make", "_edits")

    def __init__(self, count: int, make: Callable[[], tuple[Edit, ...]]):
        self._count = count
        self._make: Callable[[], tuple[Edit, ...]] | None = make
        self._edits: tuple[Edit, ...] | None = None

    def _tuple(self) -> tuple[Edit, ...]:
        if self._edits is None:
            self._edits = self._make()
            self._make = None  # (and what it held)
            if len(self._edits) != self._count:
                raise AssertionError(f"{len(self._edits)} edits made, {self._count} announced")
        return self._edits

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._tuple()[index]

    def __iter__(self):
        return iter(self._tuple())

    def __eq__(self, other):
        if isinstance(other, DeferredEdits):
            other = other._tuple()
        return self._tuple() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return repr(self._tuple())

    def __reduce__(self):
        return tuple, (self._tuple(),)


@attrs.frozen
class StepRecord:
    """What one named step did: its name and its edits (in its own input coordinates): a tuple,
    or for the passes that make one per line, a ``DeferredEdits`` that is made one when read."""

    name: str
    edits: tuple[Edit, ...] | DeferredEdits


@attrs.frozen
class OffsetMap:
    """Maps offsets in the normalised text back to the source, through every step."""

    steps: tuple[StepRecord, ...]

    def to_source(self, offset: int) -> int:
        for step in reversed(self.steps):
            offset = _back(step.edits, offset)
        return offset


def _back(edits: tuple[Edit, ...], offset: int) -> int:
    return back(edits, [e.out_start for e in edits], offset)


def back(edits: tuple[Edit, ...], out_starts: list[int], offset: int) -> int:
    """An offset in one step's output mapped to its input, given the ``out_start`` of each edit
    (computed once by a caller that maps many offsets)."""
    i = bisect.bisect_right(out_starts, offset) - 1
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
    text: str, pattern: re.Pattern, repl: Callable[[re.Match], str] | str,
    *, line_starts: bool = False,
) -> tuple[str, tuple[Edit, ...]]:
    """re.sub that also records each effective replacement as an Edit (``repl`` is a function
    or a literal string).  ``line_starts``: ``pattern`` begins with ``^`` in MULTILINE mode and
    no match crosses a newline, so the matches are tried only where lines start — the same
    matches as a search at every character, which is what ``finditer`` does for ``^``."""
    matches = _line_start_matches(text, pattern) if line_starts else pattern.finditer(text)
    if not callable(repl):
        return _replace_spans(text, [m.span() for m in matches], repl)
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0
    out = 0
    for m in matches:
        new = repl(m)
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


def _substitute(text: str, changes: list[tuple[int, int, str]]) -> tuple[str, tuple[Edit, ...]]:
    """``_rewrite`` given the replacements: each (start, end, new), in order and not
    overlapping, whose span of ``text`` differs from ``new``, becomes ``new``."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = shift = 0  # shift: output offset minus input offset
    for start, end, new in changes:
        if text[start:end] == new:
            continue
        pieces.append(text[last:start])
        pieces.append(new)
        edits.append(Edit(start, end, start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        last = end
    if not edits:
        return text, ()
    pieces.append(text[last:])
    return "".join(pieces), tuple(edits)


def _replace_spans(text: str, spans: list[tuple[int, int]], new: str):
    """``_rewrite`` with a literal replacement: each span of ``text`` (in order, not
    overlapping) that differs from ``new`` becomes ``new``."""
    pieces: list[str] = []
    edits: list[Edit] = []
    size = len(new)
    last = shift = 0  # shift: output offset minus input offset
    for start, end in spans:
        if end - start == size and text[start:end] == new:
            continue
        pieces.append(text[last:start])
        pieces.append(new)
        edits.append(Edit(start, end, start + shift, start + shift + size))
        shift += size - (end - start)
        last = end
    if not edits:
        return text, ()
    pieces.append(text[last:])
    return "".join(pieces), tuple(edits)


def _line_start_matches(text: str, pattern: re.Pattern):
    """The matches of ``pattern`` anchored at each line start of ``text``, in order.

    The line starts where ``pattern`` matches are found by one scan of a companion expression,
    a newline followed by a look-ahead for ``pattern`` (``\\n(?=…)``): the look-ahead succeeds
    after a newline exactly where ``pattern.match`` at that line start does, and the scan runs
    from newline to newline inside the regular-expression engine.  ``pattern.match`` then gives
    the match itself, only where there is one."""
    match = pattern.match
    m = match(text, 0)
    if m is not None:
        yield m
    for nl in _after_newline(pattern).finditer(text):
        yield match(text, nl.end())


_COMPANIONS: dict[tuple[str, int], re.Pattern] = {}


def _after_newline(pattern: re.Pattern) -> re.Pattern:
    """``\\n(?=pattern)`` with the flags of ``pattern`` (compiled once per pattern)."""
    key = (pattern.pattern, pattern.flags)
    companion = _COMPANIONS.get(key)
    if companion is None:
        companion = _COMPANIONS[key] = re.compile(f"\n(?={pattern.pattern})", pattern.flags)
    return companion


# ---- the steps ------------------------------------------------------------------------------
# Each step: text -> (text, edits).  Its docstring states what it handles and its postcondition.

_INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad\r"
_INVISIBLE = lazyre.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]|\r\n?")


def strip_invisible(text: str):
    """Remove BOM, zero-width characters and soft hyphens; CRLF/CR become LF.

    Postcondition: no U+FEFF, U+200B–U+200D, U+2060, U+00AD or CR remains.
    """
    if not any(c in text for c in _INVISIBLE_CHARS):
        return text, ()
    # what the rewrite below gives, by str methods (a CRLF text has one edit per line): every
    # CR, alone or before LF, is a newline, then the others go; one edit each, made when read
    out = text.replace("\r\n", "\n").replace("\r", "\n")
    for c in _DROP_INVISIBLE:  # (str.translate would look up every character)
        if c in out:
            out = out.replace(c, "")
    count = sum(text.count(c) for c in _INVISIBLE_CHARS)
    return out, DeferredEdits(count, functools.partial(_invisible_edits, text))


def _invisible_edits(text: str) -> tuple[Edit, ...]:
    return _rewrite(text, _INVISIBLE, lambda m: "\n" if m.group(0)[0] == "\r" else "")[1]


_DROP_INVISIBLE = _INVISIBLE_CHARS.replace("\r", "")


_FULLWIDTH_DIGIT = lazyre.compile("[\uff10-\uff19]+")


def fold_fullwidth_digits(text: str):
    """"２００４年" → "2004年".  Postcondition: no U+FF10–U+FF19 remains."""
    if not any(chr(c) in text for c in _DIGIT_TABLE):
        return text, ()
    return _rewrite(text, _FULLWIDTH_DIGIT, lambda m: m.group(0).translate(_DIGIT_TABLE))


_DIGIT_TABLE = {0xFF10 + i: 0x30 + i for i in range(10)}

_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A bracket pair whose content holds a Chinese character: "(一)", "燃煤(气、油)", the 题注 "(2004年…)".
_PAREN_PAIR = lazyre.compile(rf"\(([^()]*?[{CJK}][^()]*?)\)")
# A lone mark touching Chinese text on either side: "管理,保障", "如下:" (context checked in _widen).
_LONE_MARK = lazyre.compile(r"[,;:?!]")
_CJK_CHAR = lazyre.compile(f"[{CJK}]")


def _occurrences(text: str, char: str):
    """The offsets of ``char`` in ``text``, in order."""
    at = text.find(char)
    while at >= 0:
        yield at
        at = text.find(char, at + 1)


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
        e2 = ()
        # (only where a mark that _LONE_MARK matches is left: often only brackets are)
        if any(c in current for c in ",;:?!"):
            # each mark, found by a search for it (what _LONE_MARK matches, faster than a scan
            # for any of them), widened where it touches Chinese text
            marks = sorted(i for c in ",;:?!" for i in _occurrences(current, c))
            text, e2 = _substitute(current, [(i, i + 1, _WIDE[current[i]]) for i in marks
                                             if _touches_cjk(current, i, i + 1)])
        if not e1 and not e2:
            break
        passes += [e1, e2]
    return text, tuple(passes) or ((),)



# ---- flk.npc.gov.cn Markdown: front matter, promulgation notice, split title --------------------

_FRONT_MATTER = lazyre.compile(r"\A---\n(.*?)\n---(?:\n|\Z)", re.S)
#: ``title: "上海市人民代表大会常务委员会"``; a long title may be folded onto a second YAML line
#: (``title: "中华人民共和国地方各级人民代表大会\n和地方各级人民政府组织法"``).
_FRONT_TITLE = lazyre.compile(r'^title:[ \t]*(?:"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([^\n]*))', re.M)
#: "公    告", the heading of a gazette promulgation notice.
_NOTICE_HEADING = lazyre.compile(f"^公[{SPACE}]*告$")
_TITLE_PUNCT = lazyre.compile("[，。；：,;:！？!?]")


def read_front_matter(text: str):
    """flk.npc.gov.cn Markdown opens with YAML front matter whose ``title`` is the first line of
    the document as printed; the body continues it::

        ---
        title: "上海市人民代表大会常务委员会"
        publish_date: "2016-02-23"
        ...
        ---
        任免国家机关工作人员条例
        （1990年4月8日…通过  根据…修正）

    Three passes, each only on a text that opened with front matter:

    1. the block becomes its ``title`` value (an empty title — a zero-width space in the
       source — leaves nothing); the other keys (publish_date, status, tags…) are metadata and
       are dropped;
    2. a gazette promulgation notice before the title is dropped: up to three issuer lines
       ("中华人民共和国最高人民法院"), "公    告", the notice ("《…》已于…通过，现予公布，自…起施行。")
       and its date line ("2018年8月7日");
    3. a title printed over several lines ("上海市罢免和补选各级" + "人民代表大会代表程序的规定",
       "最高人民法院" + "关于审理铁路运输人身损害赔偿纠纷案件" + "适用法律若干问题的解释") is joined
       into one line: lines without sentence punctuation are joined until the title ends with a
       document type (条例, 规定, 解释, 办法…).

    Runs after ``trim_lines`` (no blank lines).  Postcondition: no front matter remains; the first
    line is the whole title.
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, ((), (), ())
    t = _FRONT_TITLE.search(m.group(1))
    edits1: list[Edit] = []
    if t and (t.group(1) or t.group(2) or t.group(3) or "").strip():
        g = next(k for k in (1, 2, 3) if t.group(k) is not None)
        start, end = m.start(1) + t.start(g), m.start(1) + t.end(g)
        value = text[start:end]
        start += len(value) - len(value.lstrip())
        end -= len(value) - len(value.rstrip())
        out_title = end - start
        edits1 = [Edit(0, start, 0, 0), Edit(end, m.end(), out_title, out_title + 1)]
        text = text[start:end] + "\n" + text[m.end():]
    else:
        edits1 = [Edit(0, m.end(), 0, 0)]
        text = text[m.end():]
    text, edits2 = _drop_notice(text)
    text, edits3 = _join_title(text)
    return text, (tuple(edits1), edits2, edits3)


def _title_like(line: str) -> bool:
    return (
        0 < len(line) <= 40
        and not _TITLE_PUNCT.search(line)
        and not line.startswith(("#", "（", "(", "<", "|"))
        and not _UNIT_START.match(line)
        and not DATE_LINE_RE.match(line)
        and not _NOTICE_HEADING.match(line)
        and not _TOC_HEADING.match(line)
        and not _DOC_NUMBER_END.search(line)
    )


def _drop_notice(text: str):
    """Pass 2 of ``read_front_matter``: the promulgation notice "[issuer] 公告 《…》… 2018年8月7日"."""
    lines = text.split("\n")
    heading = next((k for k, line in enumerate(lines[:4]) if _NOTICE_HEADING.match(line)), None)
    if heading is None or not all(_title_like(line) for line in lines[:heading]):
        return text, ()
    date = next(
        (k for k in range(heading + 2, min(heading + 5, len(lines))) if DATE_ONLY_RE.match(lines[k])),
        None,
    )
    if date is None or date + 1 >= len(lines):
        return text, ()
    cut = sum(len(line) + 1 for line in lines[: date + 1])
    return text[cut:], (Edit(0, cut, 0, 0),)


def _join_title(text: str):
    """Pass 3 of ``read_front_matter``: a title split over up to four lines becomes one line."""
    lines = text.split("\n")
    if not lines or not _title_like(lines[0]) or _DOC_TYPE_END.search(lines[0]):
        return text, ()
    acc, k = lines[0], 1
    while k < min(len(lines), 4) and _title_like(lines[k]) and not _DOC_TYPE_END.search(acc):
        acc += lines[k]
        k += 1
    if k == 1 or not _DOC_TYPE_END.search(acc):
        return text, ()
    joins, offset = [], 0
    for line in lines[: k - 1]:
        offset += len(line)
        joins.append((offset, ""))
        offset += 1
    return _join(text, joins)


# "制定本规则。　 　　第二条　市人民代表大会…": a paragraph indented by two ideographic spaces, run
# onto the end of the previous paragraph where the source lost its line breaks.
_RUN_IN_PARAGRAPH = lazyre.compile(
    # a half-width ;:!? after a Chinese character ends a sentence too (widen_punctuation makes it
    # full-width later; the split must not depend on the order)
    rf"(?:(?<=[。；：！？])|(?<=[。；：！？][”’」』）)】])|(?<=[{CJK}][;:!?]))"
    r"[ \t\u3000\u00a0]*\u3000[ \t\u00a0]*\u3000[ \t\u3000\u00a0]*(?=\S)"
)


#: What every match of ``_RUN_IN_PARAGRAPH`` contains: two ideographic spaces with only spaces,
#: tabs or no-break spaces between them (found fast: the search starts from a literal).
_TWO_INDENTS = lazyre.compile("\u3000[ \t\u00a0]*\u3000")


def split_run_in_paragraphs(text: str):
    """Restore paragraph breaks lost in conversion: a sentence end followed, inside the line, by a
    paragraph indent of (at least) two ideographic spaces starts a new line::

        …制定本规则。　 　　第二条　市人民代表大会常务委员会主任…
        →  …制定本规则。\\n第二条　市人民代表大会常务委员会主任…

    The 题注's separators ("…会议通过　　根据…") follow no sentence end and are kept.
    Postcondition: no sentence end is followed by two ideographic spaces inside a line.
    """
    if "\u3000" not in text or not _TWO_INDENTS.search(text):  # every match holds two
        return text, ()
    return _rewrite(text, _RUN_IN_PARAGRAPH, "\n")


#: "PAGE", "PAGE  126": a Word page-number field left in the text by the conversion (the newline
#: before it goes with it, so a field on the last line leaves no trailing newline).
_WORD_FIELD = lazyre.compile(r"\nPAGE(?:[ \t\u3000]+\d+)?(?=\n|\Z)")


def drop_word_fields(text: str):
    """Drop lines that are Word field codes, not text: "PAGE", "PAGE  126" (the footer's page
    number field).  Runs after ``trim_lines``.  Postcondition: no line is a PAGE field.
    """
    if "PAGE" not in text:
        return text, ()
    return _rewrite(text, _WORD_FIELD, "")


_TOC_HEADING = lazyre.compile(f"^目[{SPACE}]*录$")
_TOC_HEADING_LINE = lazyre.compile(f"^目[{SPACE}]*录$", re.M)  # a whole line of the text
_TOC_ENTRY = lazyre.compile(rf"^(?:#+[{SPACE}]*)?(?:第{CN_NUMERAL}(?:分编|编|章|节)|附[{SPACE}]*则$|序[{SPACE}]*言$)")


def drop_table_of_contents(text: str):
    """Drop a table of contents: "目　　录" followed by the 编/章/节 headings that the body then
    repeats::

        目　　录
        ### 第一章　总　　则
        ### 第二章　审计机关和审计人员
        …
        ### 第一章　总　　则        ← the body starts here
        第一条　为了…

    Only when the last entry reappears in the body (so no heading of the body is lost).  It is a list of the headings, derived from them, not text of the law.
    Runs after ``trim_lines``.  Postcondition: no "目录" line followed by its entries remains.
    """
    if "录" not in text or next(_line_start_matches(text, _TOC_HEADING_LINE), None) is None:
        return text, ()  # no line is a "目录" heading
    lines = text.split("\n")
    edits: list[Edit] = []
    offset = out = 0
    k = 0
    pieces: list[str] = []
    while k < len(lines):
        line = lines[k]
        end = _toc_end(lines, k) if _TOC_HEADING.match(line) else None
        if end is not None:
            cut = sum(len(x) + 1 for x in lines[k:end])
            edits.append(Edit(offset, offset + cut, out, out))
            offset += cut
            k = end
            continue
        pieces.append(line)
        offset += len(line) + 1
        out += len(line) + 1
        k += 1
    if not edits:
        return text, ()
    return "\n".join(pieces), tuple(edits)


def _toc_end(lines: list[str], k: int) -> int | None:
    """Index of the first line of the body after the contents that start at line ``k``, or None.

    The entries run until the first entry comes round again ("### 第一章 总则" opening the body)
    or until a line that is not an entry (a body whose 第一章 heading the source lost, or whose
    第一条 precedes 第一章).  Either way the last entry must reappear later as a heading: the
    contents are dropped only when the body still has its own headings.
    """
    entries: list[str] = []
    j = k + 1
    while j < len(lines) and _TOC_ENTRY.match(lines[j]):
        key = _heading_key(lines[j])
        if entries and key == entries[0]:
            break
        entries.append(key)
        j += 1
    if not entries or not any(_heading_key(line) == entries[-1] for line in lines[j:]):
        return None
    return j


def _heading_key(line: str) -> str:
    return re.sub(f"[#{SPACE}]", "", line)


_SPACE_RUN = lazyre.compile(f"[{SPACE}]+")
_LEADING_SPACE = lazyre.compile(f"(?m)^[{SPACE}]+")
_TRAILING_SPACE = lazyre.compile(f"(?m)[{SPACE}]+$")
_BLANK_RUN = lazyre.compile(r"\n\n+")





def trim_lines(text: str):
    """Strip whitespace at both ends of every line and drop blank lines.

    Postcondition: no line is empty or starts/ends with whitespace.
    """
    if _trimmed(text):  # run again after the joins, it usually has nothing to do
        return text, ((), (), (), ())
    text, e0 = _strip_line_ends(text, str.lstrip)  # as _rewrite(text, _LEADING_SPACE, "")
    text, e1 = _strip_line_ends(text, str.rstrip)  # as _rewrite(text, _TRAILING_SPACE, "")
    text, e2 = _strip_edge_newlines(text)
    text, e3 = _drop_blank_lines(text) if "\n\n" in text else (text, ())
    return text, (e0, e1, e2, e3)


def _drop_blank_lines(text: str) -> tuple[str, DeferredEdits]:
    """``_rewrite(text, _BLANK_RUN, "\\n")``.  Markdown separates paragraphs by one blank line,
    a run of two newlines: between the longer runs (found by a search) the text is split at
    every "\\n\\n", which gives the lines without a match object per run.  The edits, one per
    run, are made when read (``DeferredEdits``)."""
    out: list[str] = []
    count = last = 0
    runs = list(_LONG_BLANK_RUN.finditer(text))
    for m in [*runs, None]:
        stop = m.start() if m is not None else len(text)
        pieces = text[last:stop].split("\n\n")
        count += len(pieces)  # the runs between the pieces, and the long run after them
        out.append("\n".join(pieces))
        if m is not None:
            last = m.end()
            out.append("\n")
    return "".join(out), DeferredEdits(count - 1, functools.partial(_blank_run_edits, text, runs))


def _blank_run_edits(text: str, runs: list[re.Match]) -> tuple[Edit, ...]:
    """The edits of ``_drop_blank_lines(text)``: each run of newlines becomes one (``runs``: the
    runs of three or more)."""
    edits: list[Edit] = []
    last = shift = 0  # shift: output offset minus input offset
    for m in [*runs, None]:
        stop = m.start() if m is not None else len(text)
        pieces = text[last:stop].split("\n\n")
        edits += _pair_edits(pieces, last, shift)
        shift -= len(pieces) - 1
        if m is not None:
            start, last = m.span()
            edits.append(Edit(start, last, start + shift, start + shift + 1))
            shift -= last - start - 1
    return tuple(edits)


_LONG_BLANK_RUN = lazyre.compile("\n\n\n+")


def _pair_edits(pieces: list[str], at: int, shift: int):
    """The edits by which each "\\n\\n" between two of ``pieces`` becomes "\\n", the first piece
    starting at ``at`` in the input and ``at + shift`` in the output.  The k-th run ends (in the
    input) after the pieces before it and k + 1 runs, and starts k newlines earlier in the output;
    computed with iterator arithmetic, a Markdown text has one run per paragraph."""
    ends = list(accumulate(map(add, map(len, pieces[:-1]), repeat(2)), initial=at))[1:]
    outs = list(map(add, map(sub, ends, count(2)), repeat(shift)))  # end - 2 - k + shift
    return map(_edit, zip(map(sub, ends, repeat(2)), ends, outs, map(add, outs, repeat(1))))


# Searched from the newline (a literal, which the engine finds fast), then looking around it.
_SPACE_AFTER_NEWLINE = lazyre.compile(f"\n[{SPACE}]")
_SPACE_BEFORE_NEWLINE = lazyre.compile(f"\n(?<=[{SPACE}]\n)")
_UNTRIMMED = lazyre.compile(f"\n(?:[{SPACE}\n]|(?<=[{SPACE}]\n))")  # "\n ", "\n\n", " \n"


def _trimmed(text: str) -> bool:
    """Whether ``trim_lines`` would change nothing: no line is empty or starts or ends with
    whitespace (the first and last lines included: no newline at either end).  Each line's
    ends are where two lines meet, so one search of the newlines tells."""
    if not text:
        return True
    return (text[0] not in SPACE and text[0] != "\n" and text[-1] not in SPACE
            and text[-1] != "\n" and not _UNTRIMMED.search(text))


def _strip_line_ends(text: str, strip) -> tuple[str, tuple[Edit, ...]]:
    """``strip`` (``str.lstrip`` or ``str.rstrip``) of the ``SPACE`` characters of every line,
    with the edits ``_rewrite`` would record for ``(?m)^[SPACE]+`` or ``(?m)[SPACE]+$`` (a run
    of those never crosses a newline, so line by line is the same).  Only the lines whose
    first (last) character is a space are visited: the newlines next to one are searched."""
    spans: list[tuple[int, int]] = []
    size = len(text)
    if strip is str.lstrip:
        starts = [0] + [m.start() + 1 for m in _SPACE_AFTER_NEWLINE.finditer(text)]
        for start in starts:
            end = start
            while end < size and text[end] in SPACE:
                end += 1
            if end > start:
                spans.append((start, end))
    else:
        ends = [m.start() for m in _SPACE_BEFORE_NEWLINE.finditer(text)] + [size]
        for end in ends:
            start = end
            while start > 0 and text[start - 1] in SPACE:
                start -= 1
            if start < end:
                spans.append((start, end))
    return _replace_spans(text, spans, "")


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
_DOC_TYPE_END = lazyre.compile(
    r"(条例|法|办法|规则|规定|细则|决定|通知|意见|方案|措施|解释|批复|公告|决议|章程|规程|标准|目录|附则|总则)"
    r"(（[^（）]{1,12}）)?$"
)
_UNIT_START = lazyre.compile(
    rf"^(#|<|\||>|(?:\*\*|“)?第{CN_NUMERAL}(分编|编|章|节|条)|第\d+号|“?[（(]|\d{{1,3}}[.、．](?!\d)|"
    rf"[一二三四五六七八九十百千零〇]+、|附件|附：|——|[-*+] |[⒈-⒛])"
)
#: An enumerated line with no sentence punctuation is a heading, however long its title.
_ENUM_HEADING = lazyre.compile(r"^[一二三四五六七八九十百]+、[^，。；：,;:]+$")
_DOC_NUMBER_END = lazyre.compile(r"〔\d{4}〕\d+号$")


def _ends_unit(line: str) -> bool:
    """True when nothing can continue ``line`` on the next line."""
    # only the end of the line matters: looking at its tail keeps long joined runs linear
    if SENTENCE_END.search(line[-16:]) or line.startswith(("#", "<", "|", ">")):
        return True  # a sentence end, a Markdown heading, comment, table row or quote
    if line.startswith(("（", "(")) and line.endswith(("）", ")")):
        return True  # a whole-line parenthetical: "（据2021年8月13日《吉林日报》）"
    if len(line) <= 200 and _ENUM_HEADING.match(line):
        return True  # "五、对《上海市建筑市场管理条例》的修改", "一、管辖": a heading
    if DATE_LINE_RE.match(line) and len(line) <= 400 and line.count("《") > line.count("》"):
        # a 题注 event whose decision title runs on: "2015年8月29日 …《关于修改〈…组织法〉" +
        # "〈…选举法〉" + "〈…代表法〉的决定》第五次修正" (LawRefBook 地方组织法 2022)
        return False
    if DIVISION_RE.match(line) or DATE_LINE_RE.match(line) or _DOC_NUMBER_END.search(line[-24:]):
        return True  # a heading, a date-led 题注 line or signature, "吉政办发〔2020〕17号"
    if LINE_LABEL_RE.match(line.lstrip("*")) and " " not in line.strip():
        return False  # a bare "第一条" label (or "**第一条", emphasis dropped later): its text follows
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


#: Line ends that settle ``join_page_breaks`` at once: such a line is no bare label, it ends a
#: unit (``SENTENCE_END``), and it does not run a list on (``_list_runs_on`` needs "，" or "：").
_PLAIN_ENDS = frozenset("。；！？;!?…")


def join_page_breaks(text: str):
    """Re-join sentences split by page or column breaks: "产品和服务质" + "量以及…".

    A line is joined to the next when it does not end a unit (no 。；：！？ at its end, not a
    heading, title, date, whole-line parenthetical or a line shorter than a printed line) and the
    next line does not start one (第X条/章/节, （一）, 1., 一、, 附件, a title, Markdown markers).  Lines inside a bracket opened at the
    start of a line (the 题注 "（2004年…通过\\n根据…修正）") keep their breaks, and so do runs of
    date-led lines (Markdown metadata).  A bare label line "第一条" is joined to its text with a
    space.  Postcondition: every remaining line break follows a unit end or precedes a unit start.
    """
    joins: list[tuple[int, str]] = []  # (offset of the "\n", replacement)
    depth = 0  # open brackets of a block that began at a line start
    joined = ""  # the current line with what has already been joined onto it
    pos = 0  # where the current line starts
    while (end := text.find("\n", pos)) >= 0:  # the last line is followed by nothing
        line = text[pos:end]
        pos = end + 1
        if not joined and not depth and line.startswith(_MARKUP_STARTS):
            continue  # a Markdown heading, comment, table row or quote ends a unit (_ends_unit)
            # and runs on into nothing (_list_runs_on), as the branches below would find
        if joined or depth or line[-1:] not in _PLAIN_ENDS or line.startswith(("（", "(")):
            after = text.find("\n", pos)
            nxt = text[pos:] if after < 0 else text[pos:after]
            joined += line
            closed_block = False
            if depth == 0 and line.startswith(("（", "(")):
                depth = _bracket_balance(line)
            elif depth > 0:
                depth += _bracket_balance(line)
                closed_block = depth <= 0  # "…修正）" closes the 题注: nothing continues it
            if depth > 0 or closed_block:
                depth = max(depth, 0)
            elif joined[-1:] in _PLAIN_ENDS:
                pass  # a sentence end, which nothing continues
            elif LINE_LABEL_RE.fullmatch(joined.strip("*")) and not _UNIT_START.match(nxt):
                # ("**第一条" too: strip_markdown drops the emphasis later, and the join must not
                # depend on the order)
                joins.append((end, " "))  # "第一条" / "为了…" → "第一条 为了…"
                joined += " "
                continue
            elif not (_ends_unit(joined) or _UNIT_START.match(nxt) or DATE_ONLY_RE.match(nxt)
                      or _is_title(nxt)) or _list_runs_on(joined, nxt):
                joins.append((end, ""))
                continue
            joined = ""
            if depth or line[-1:] not in _PLAIN_ENDS:
                continue  # (the search below starts from a line that ends plainly)
        # else the most common line: a sentence end, which nothing continues (the branches above
        # take it so too).  Nothing is pending now: the lines that follow and that those branches
        # would take as plainly, up to the next that needs a look, are passed over in one search.
        nl = _UNPLAIN.search(text, end)
        if nl is None:
            break
        at = nl.start()
        # the line that ends at this newline, unless it ends plainly: then the line after it
        pos = text.rfind("\n", 0, at) + 1 if text[at - 1] not in _PLAIN_ENDS else at + 1
    return _join(text, joins)


#: "## 第一章 总则", "<!-- INFO END -->", "| … |", "> …": lines ``_ends_unit`` ends at once, which
#: ``join_page_breaks`` passes over (tests switch the shortcut off with an empty tuple).
_MARKUP_STARTS = ("#", "<", "|", ">")

#: The newline next to a line that ``join_page_breaks`` must look at: after a line that does not
#: end with one of ``_PLAIN_ENDS`` (or is empty) — unless it ends with "：" and the next line does
#: not end with "，" (a list run on, ``_list_runs_on``): "有下列情形之一的：" + "（一）…；" —, or
#: before one that opens with a bracket and is not "（一）…；" or "（一）…（…）…；", pairs of
#: brackets one after the other, the first at its start, and no other bracket, ending so (its
#: brackets balance: it opens no block).  The other lines it passes over: nothing continues them
#: and no bracketed block opens.
_UNPLAIN = lazyre.compile(
    "\n(?:(?<![{0}]\n)(?:(?<![：:]\n)|(?=[^\n]*[，,](?:\n|\\Z)))"
    "|(?=[（(](?![^（）()\n]*[）)](?:[^（）()\n]*[（(][^（）()\n]*[）)])*"
    "[^（）()\n]*[{0}](?:\n|\\Z))))".format(re.escape("".join(sorted(_PLAIN_ENDS))))
)


def _list_runs_on(line: str, nxt: str) -> bool:
    """"全国人民代表大会常务委员会由下列人员组成：" + "委员长，" + "副委员长若干人，" … "委员若干人。":
    a list set out one member per line is one paragraph (the decision that amends the article
    counts the paragraph after it as 第二款).  A line ending with "，" is continued by the next
    however short it is, and so is a line ending with "：" whose next line ends with "，"; a line
    that starts a unit (（一）, 第X条, a heading) is never joined."""
    if _UNIT_START.match(nxt) or not nxt or line.startswith(("#", "<", "|", ">")):
        return False
    line, nxt = _widened_end(line), _widened_end(nxt)
    return line.endswith("，") or (line.endswith("：") and nxt.endswith("，"))


def _widened_end(line: str) -> str:
    """``line`` with a final "," or ":" after a Chinese character read as widen_punctuation
    will make it ("的," → "的，"), so that joining does not depend on which comes first."""
    if line[-1:] in (",", ":") and len(line) > 1 and _CJK_CHAR.match(line[-2]):
        return line[:-1] + ("，" if line[-1] == "," else "：")
    return line


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
    if "#" not in text:
        return text, ()
    joins = []
    # only the heading lines followed by a line _HEADING_TAIL matches are looked at
    for m in _line_start_matches(text, _MD_DIVISION_BEFORE_TAIL):
        end = text.find("\n", m.end())
        if end < 0:
            break  # the last line: nothing follows
        after = text.find("\n", end + 1)
        nxt = text[end + 1 :] if after < 0 else text[end + 1 : after]
        if _HEADING_TAIL.match(nxt) and not _UNIT_START.match(nxt):
            joins.append((end, ""))
    return _join(text, joins)


_MD_DIVISION = lazyre.compile(rf"^#+[{SPACE}]*第{CN_NUMERAL}(分编|编|章|节)", re.M)
_HEADING_TAIL = lazyre.compile(r"^[^。；：;:*#]{1,40}(?<![。；：])$")  # the rest of a heading's name
#: ``_MD_DIVISION`` on a line whose next line ``_HEADING_TAIL`` matches.
_MD_DIVISION_BEFORE_TAIL = lazyre.compile(
    rf"^#+[{SPACE}]*第{CN_NUMERAL}(分编|编|章|节)(?=[^\n]*\n[^。；：;:*#\n]{{1,40}}(?<![。；：])(?:\n|\Z))",
    re.M,
)


def _bracket_balance(line: str) -> int:
    return line.count("（") + line.count("(") - line.count("）") - line.count(")")


_MD_COMMENT = lazyre.compile(r"<!--.*?-->\n?", re.S)
_MD_LINE_MARK = lazyre.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.M)
_MD_EMPHASIS = lazyre.compile(r"\*\*|__")


def strip_markdown(text: str):
    """Remove Markdown: HTML comments (``<!-- INFO END -->``), heading markers, blockquote
    markers, list bullets ("- (一)") and bold markers ("**第一条**").  Pipe tables stay as text.

    Postcondition: no line starts with #, > or a list bullet; no ** or __ remains.
    """
    e1 = e2 = e3 = ()
    if "<!--" in text:
        text, e1 = _rewrite(text, _MD_COMMENT, "")
    if any(mark in text for mark in ("#", ">", "- ", "* ", "+ ")):
        text, e2 = _rewrite(text, _MD_LINE_MARK, "", line_starts=True)
    if ("*" in text and "**" in text) or ("_" in text and "__" in text):  # (one character is
        # searched for faster than two)
        text, e3 = _rewrite(text, _MD_EMPHASIS, "")
    return text, (e1, e2, e3)


_LABEL_SEPARATOR = lazyre.compile(
    # not where the separator already is one ASCII space ("第一条 为了"): the replacement would
    # equal the match (the label can match only one way: its numeral runs up to 条/章/节/编)
    rf"^(“?第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?))(?! (?![{SPACE}]))[{SPACE}]+",
    re.M,
)
#: a label opening new text quoted after a colon (修改为：“第一条 为了…”)
_QUOTED_LABEL_SEPARATOR = lazyre.compile(
    rf"([：:]“第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?))[{SPACE}]+"
)
_ENUM_SEPARATOR = lazyre.compile(
    rf"^([（(]{CN_NUMERAL}[）)]|[（(]\d{{1,3}}[）)]|\d{{1,3}}[.、．](?!\d)|[⒈-⒛])[{SPACE}]+(?=[{CJK}\d])",
    re.M,
)


_LABEL_BRACKET = lazyre.compile(rf"^(“?第{CN_NUMERAL}条(?:之{CN_NUMERAL})?)(?=【)", re.M)


def space_labels(text: str):
    """One ASCII space after a line-leading 第X条/章/节/编 label ("第一条　为了", "第一章  总则",
    and in a quoted payload "“第十二条　常务委员会…"),
    none after an item or subitem label ("（一） 审核" → "（一）审核", "1. 信用" → "1.信用"); a
    space between an article label and a bracketed article title ("第一条【立法目的】为了…").

    Postcondition: every such label is followed by exactly one space / by no space.
    """
    text, e1 = _rewrite(text, _LABEL_SEPARATOR, lambda m: m.group(1) + " ", line_starts=True)
    text, e2 = _rewrite(text, _ENUM_SEPARATOR, lambda m: m.group(1), line_starts=True)
    e3 = e4 = ()
    if "【" in text:  # "第一条【立法目的】为了…": an article whose bracketed title follows its label
        text, e3 = _rewrite(text, _LABEL_BRACKET, lambda m: m.group(1) + " ", line_starts=True)
    if "“第" in text and ("：“第" in text or ":“第" in text):  # 修改为：“第一条 为了…”
        text, e4 = _rewrite(text, _QUOTED_LABEL_SEPARATOR, lambda m: m.group(1) + " ")
    return text, (e1, e2, e3, e4)


_ARTICLE_SEP = lazyre.compile(rf"^“?第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?) ", re.M)
#: ``_ARTICLE_SEP`` after each newline: one scan finds those of every line but the first.
_ARTICLE_SEP_AFTER_NEWLINE = lazyre.compile(rf"\n“?第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?) ")
_QUOTED_ARTICLE_SEP = lazyre.compile(rf"[：:]“第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?) ")


def remove_stray_spaces(text: str):
    """Remove spaces inside Chinese text: "附 则" → "附则", "安全管理 制度" → "安全管理制度",
    "超过 8 年" → "超过8年".  The separator after a line-leading label is kept.

    A single space is kept between two events of a 题注 ("…审议批准 2023年5月19日…发布").
    Postcondition: no whitespace between two Chinese characters, or between a Chinese character
    and a digit, except those separators.
    """
    keep = {m.end() - 1 for m in _ARTICLE_SEP_AFTER_NEWLINE.finditer(text)}
    if first := _ARTICLE_SEP.match(text):
        keep.add(first.end() - 1)
    if "“第" in text and ("：“第" in text or ":“第" in text):  # 修改为：“第一条 为了…”
        keep |= {m.end() - 1 for m in _QUOTED_ARTICLE_SEP.finditer(text)}

    # most texts hold no space but " " by now: then a search for " " finds the same runs, faster
    wide = any(c in text for c in SPACE if c != " ")
    between = _SPACE_BETWEEN if wide else _ASCII_SPACE_BETWEEN
    changes = []
    for start, end in [m.span() for m in between.finditer(text) if m.start() not in keep]:
        # stray: CJK–CJK, CJK–digit or digit–CJK (``between`` checked both are one of those)
        if text[start - 1] in _ASCII_DIGITS and text[end] in _ASCII_DIGITS:
            continue
        if _NOTE_SEPARATOR.match(text, end) and text[start - 1] in "过准布正订行发":
            # "…审议批准 2023年5月19日…发布": the space between two 题注 events
            changes.append((start, end, " "))
        else:
            changes.append((start, end, ""))
    return _substitute(text, changes)


_ASCII_DIGITS = "0123456789"
#: A run of spaces with a Chinese character or a digit on either side: the runs of
#: ``_SPACE_RUN`` that ``remove_stray_spaces`` may change (a space is neither, so only a whole run
#: matches).  It opens with the space itself, which the engine scans for fast.
_SPACE_BETWEEN = lazyre.compile(f"[{SPACE}](?<=[{CJK}0-9][{SPACE}])[{SPACE}]*(?=[{CJK}0-9])")
_ASCII_SPACE_BETWEEN = lazyre.compile(f" (?<=[{CJK}0-9] ) *(?=[{CJK}0-9])")


_NOTE_SEPARATOR = lazyre.compile(rf"\d{{4}}[{SPACE}]*年[{SPACE}]*\d{{1,2}}[{SPACE}]*月[{SPACE}]*\d{{1,2}}[{SPACE}]*日")


#: The named steps, in order.  Split headings are mended and page breaks joined while the
#: Markdown markers still show which lines are headings (a gazette's "## 吉林省人民政府人事任免"
#: must not swallow the next line); bold markers are transparent.  Hence normalisation is
#: idempotent on text without Markdown heading markers, which is what canonical text is.  Label
#: spacing precedes stray-space removal so the separator survives.
STEPS: tuple[tuple[str, Callable], ...] = (
    ("strip_invisible", strip_invisible),
    ("fold_fullwidth_digits", fold_fullwidth_digits),
    ("split_run_in_paragraphs", split_run_in_paragraphs),
    ("trim_lines", trim_lines),
    ("read_front_matter", read_front_matter),
    ("drop_word_fields", drop_word_fields),
    ("drop_table_of_contents", drop_table_of_contents),
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


_WORDING = lazyre.compile(rf"[{HAN}A-Za-z0-9]")
_COMMENT = lazyre.compile(r"<!--.*?-->", re.S)


def wording(text: str) -> str:
    """The letters, digits and Chinese characters of ``text`` outside HTML comments, with widths
    folded: what normalisation must preserve."""
    return "".join(_WORDING.findall(_COMMENT.sub("", text).translate(_DIGIT_TABLE)))
