"""Errors a person can act on when a decision cannot be read.

Contract: ``DecisionError`` carries the decision item (and omnibus section), the clause as
written, the 1-based line and column in the source, and what was expected, in Chinese and in
English.  ``str(error)`` renders the clause with a caret under the exact position, aligned for
full-width characters (Lark's own context caret counts characters, not display columns).
``from_lark`` turns Lark's ``UnexpectedInput`` into such an error, naming the expected words
(not terminal names) and the word after which they were expected.
"""

from __future__ import annotations

import unicodedata

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Lark is loaded only when a clause is actually parsed
    from lark import Lark
    from lark.exceptions import UnexpectedInput

#: How expected terminals are named to a person.
WORDS = {
    "REF": "第X条/款/项", "QUOTED": "引号中的文字“…”", "COLON": "冒号“：”", "COUNT": "一条/一款/一项",
    "DIVISION_COUNT": "一章/一节", "MODIFY": "修改为", "MODIFY_AFTER": "，修改为", "AS": "作为",
    "TITLE": "《…》", "LAW_WORD": "刑法/宪法", "OLD": "原", "NEW": "修改后", "IN": "中",
    "IN_WORDS": "中的", "END_WORDS": "末尾的", "STATED_WORDS": "规定的", "AFTER": "后",
    "BEFORE": "前", "CONSEQUENTIAL": "相应改为", "EVERY_MODIFY": "统一修改为",
    "MERGE_MODIFY": "合并修改为", "MERGE_INTO": "合并为", "RESTATE": "这一…相应修改为",
    "ADJUST": "条文顺序作相应调整", "REPUBLISH": "作相应修改，重新公布", "DATE": "YYYY年M月D日",
    "ON_PROMULGATION": "公布之日", "THIS_INSTRUMENT": "本决定", "DOC_SCOPE": "本条例/本法",
    "SCOPE_PRE": "序言/正文", "SCOPE_POST": "条首部分/标题", "SCOPE_ALONE": "名称/引言",
    "HEADING_WORD": "章名/节名", "START_PART": "开始部分", "END_PART": "末尾", "RULE_WORD": "规定",
    "CONTENT_FOLLOWS": "内容如下", "CONTENT_IS": "内容为", "ADJUST_TO": "调整为", "NL": "换行",
    "SAME_ARTICLE": "该条/本条", "SENTENCE_COUNT": "一句", "BASIS": "的基础上", "$END": "结尾",
}

_EN = {
    "REF": "a reference (第X条/款/项)", "QUOTED": "quoted text “…”", "COLON": "a colon",
    "COUNT": "a count (一条/一款)", "MODIFY": "修改为", "MODIFY_AFTER": "，修改为", "AS": "作为",
    "$END": "the end of the clause", "NL": "a line break",
}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _rebuild(cls, zh, en, fields, state):
    error = cls(zh, en, **fields)
    error.__dict__.update(state)
    return error


class DecisionError(ValueError):
    """A clause that cannot be read; ``str()`` shows where and what was expected."""

    def __init__(self, zh: str, en: str, *, item: str | None = None, section: str | None = None,
                 clause: str = "", column: int = 0, line: int = 0, col: int = 0,
                 expected: tuple[str, ...] = ()):
        self.zh, self.en = zh, en
        self.item, self.section = item, section
        self.clause = clause  # the logical line as written (first line of it)
        self.column = column  # 0-based character index of the error inside ``clause``
        self.line, self.col = line, col
        self.expected = expected
        super().__init__(self.render())

    def __reduce__(self):
        """Pickled with its fields (worker processes send errors back), ``code`` included."""
        fields = dict(item=self.item, section=self.section, clause=self.clause,
                      column=self.column, line=self.line, col=self.col, expected=self.expected)
        return _rebuild, (type(self), self.zh, self.en, fields, self.__dict__.copy())

    def where(self) -> str:
        parts = []
        if self.section:
            parts.append(f"第{self.section}部分（section {self.section}）")
        if self.item:
            parts.append(f"第{self.item}项（item {self.item}）" if not self.item.startswith("第")
                         else f"{self.item}（item {self.item}）")
        if self.line:
            parts.append(f"第{self.line}行第{self.col}列（line {self.line}, column {self.col}）")
        return "，".join(parts)

    def render(self) -> str:
        out = []
        where = self.where()
        out.append(f"{where}：" if where else "")
        if self.clause:
            shown, column = _window(self.clause, self.column)
            out.append("  " + shown)
            out.append("  " + " " * display_width(shown[:column]) + "^")
        out.append(f"{self.zh} / {self.en}")
        return "\n".join(line for line in out if line)

    def as_dict(self) -> dict:
        return {
            "item": self.item, "section": self.section, "line": self.line, "col": self.col,
            "clause": self.clause, "message": self.zh, "message_en": self.en,
            "expected": list(self.expected),
        }


def _window(clause: str, column: int, width: int = 60) -> tuple[str, int]:
    """The line of ``clause`` holding ``column``, cut to about ``width`` characters around it."""
    line_start = clause.rfind("\n", 0, column) + 1
    line_end = clause.find("\n", column)
    line = clause[line_start:line_end if line_end >= 0 else len(clause)]
    column -= line_start
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    shown = ("…" if start else "") + line[start:start + width] + ("…" if start + width < len(line) else "")
    return shown, column - start + (1 if start else 0)


def _state_terminals(error: UnexpectedInput, parser: Lark) -> set[str]:
    """Terminals the LALR state accepted.  Lark's own ``expected`` keeps only upper-case names
    and so drops literals named by their Chinese text ("改为")."""
    state = getattr(error, "state", None)
    position = getattr(state, "position", state)
    try:
        table = parser.parser.parser.parser.parse_table
        keys = table.states[position].keys()
    except (AttributeError, KeyError, TypeError):
        return set()
    return {k for k in keys if not k.islower()}


def _short(text: str, n: int = 12) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= n else text[:n] + "…"


def _describe(names, parser: Lark) -> tuple[tuple[str, ...], tuple[str, ...]]:
    zh, en = [], []
    for name in sorted(names):
        if name in ("NL",) and len(names) > 1:
            continue
        if name in WORDS:
            zh.append(WORDS[name])
            en.append(_EN.get(name, WORDS[name]))
            continue
        try:
            pattern = parser.get_terminal(name).pattern
        except KeyError:
            continue
        if pattern.type == "str":
            zh.append(pattern.value)
            en.append(pattern.value)
    pairs = sorted(dict.fromkeys(zip(zh, en)), key=lambda p: (_RANK.get(p[0], len(_RANK)), p[0]))
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


#: The words a reader most likely meant come first in "expected …".
_RANK = {w: i for i, w in enumerate((
    "修改为", "改为", "作为", "，修改为", "冒号“：”", "引号中的文字“…”", "中的", "中", "后", "前",
    "相应改为", "第X条/款/项", "一条/一款/一项", "删去", "删除", "增加", "将", "在", "、", "和",
    "至", "。", "；", "，"))}


def from_lark(error: UnexpectedInput, parser: Lark, body: str, *, clause_start: int = 0,
              **where) -> DecisionError:
    """A ``DecisionError`` for Lark's ``error`` raised while parsing ``body``.  ``where`` gives
    item, section, line, col; ``clause_start`` is where the item's text starts in ``body``."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    names = _state_terminals(error, parser)
    if isinstance(error, UnexpectedToken):
        names = names or error.accepts or error.expected
        shown = _short(str(error.token))
        found = "结尾" if error.token.type == "$END" else f"“{shown}”"
        found_en = "the end" if error.token.type == "$END" else f"'{shown}'"
        if error.token.type == "NL":
            found, found_en = "行末", "the end of the line"
        pos = error.token.start_pos if error.token.start_pos is not None else len(body.rstrip())
        history = getattr(error, "token_history", None) or []
    elif isinstance(error, UnexpectedCharacters):
        names = names or error.allowed or set()
        found = f"“{body[error.pos_in_stream]}”"
        found_en = f"'{body[error.pos_in_stream]}'"
        pos = error.pos_in_stream
        history = getattr(error, "token_history", None) or []
    else:  # UnexpectedEOF
        names = names or getattr(error, "expected", set())
        found, found_en = "结尾", "the end"
        pos = len(body.rstrip())
        history = []
    zh_words, en_words = _describe(names, parser)
    prev = _short(str(history[-1]).strip()) if history else ""
    zh_list = "或".join(f"“{w}”" for w in zh_words[:6]) or "其他内容"
    en_list = " or ".join(en_words[:6]) or "something else"
    after = f"在“{prev}”之后" if prev else ""
    after_en = f" after {prev}" if prev else ""
    zh = f"{after}应为{zh_list}，但看到{found}"
    en = f"expected {en_list}{after_en}, found {found_en}"
    clause = body[clause_start:].rstrip("\n")
    return DecisionError(zh, en, clause=clause, column=max(pos - clause_start, 0),
                         expected=zh_words, **where)
