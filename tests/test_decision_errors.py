"""Malformed decisions: every one is refused with a ``DecisionError`` a person can act on.

Each case is a small file in tests/cases/malformed/ (binary ones — GBK bytes, 5 MB of random text,
random bytes, a NUL byte — are generated here with tmp_path).  For every case five things are
checked, each as its own test so that one defect does not hide the others:

* ``raises``    — ``parse_decision`` raises ``DecisionError``, never another exception type, and
                  never accepts the text;
* ``bilingual`` — the last line of the message is "中文 / English": the Chinese half is Chinese
                  (no English words outside quotes), the English half English, one line each;
* ``location``  — the item (and omnibus section) named in the message, and the 1-based line and
                  column in the source, are those of the defect planted in the file;
* ``caret``     — the '^' under the shown clause sits at the display column of the planted defect,
                  counted here independently with ``unicodedata.east_asian_width`` (W and F are two
                  columns, everything else — including the ambiguous “ ” — one);
* ``cli``       — ``amend parse FILE`` exits 2, names the file on stderr, prints the same diagnostic,
                  prints nothing on stdout and no traceback.

Where the library is wrong, the (case, aspect) pair is marked ``xfail(strict=True)`` with the
defect in its reason (the ``BUG_*`` texts below), so a fix shows up as an XPASS to be unmarked.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import amend
from amend.cli import main
from amend.decision import DecisionError, parse_decision

HERE = Path(__file__).resolve().parent
MALFORMED = HERE / "cases" / "malformed"
SEED = HERE.parent / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt"

# ------------------------------------------------------------------ library defects found

BUG_ZERO = ("第零条 / 第二条之零 are accepted as references to provision 0: the REF terminal admits 零 "
            "as a whole numeral and parse_ref does not reject 0; `amend parse` then exits 2 only "
            "because the text report's article_label(0) raises 'article number must be ≥ 1, got 0' "
            "(English only, no file name, no location)")
BUG_RULE = ("catch-all RULE terminal: a sentence that starts with none of 第将在删增原同并此本为根 and has "
            "no amendment verb is silently read as a NonTextual 'rule' of the decision (prose, Latin, "
            "punctuation, a lone item number, a NUL byte)")
BUG_ZH_EN = ("errors raised in the transformer (VisitError) put the English exception text into the "
             "Chinese half: '无法理解这一条款：增加2条 but 1 positions given / cannot read this clause: …'")
BUG_EOF_LINE = ("an error at the very end of the last item (nothing after 修改为：) is located one line "
                "past the clause (line N+1, column 1) when the file ends with a newline; the same "
                "clause followed by another item is located correctly (line N, end of line)")
BUG_NODE_POS = ("transformer errors are located at the start of the clause, not at the offending "
                "token: 本决定自2021年2月30日起施行 points at 本, not at the date")
BUG_LEXER_EXPECTED = ("for lexer-level errors (lark UnexpectedCharacters) the 'expected' list is built "
                      "from error.allowed, the root lexer's whole terminal set, not from what the "
                      "parser accepts: after 删去 it offers 删去/删除/“…”/一条, which cannot follow 删去")
BUG_HEADER_DATE = ("an impossible date in the adoption line (2021年13月45日) raises a bare ValueError "
                   "from parser._date (called by _decision outside any try): not a DecisionError; the "
                   "CLI prints only 'month must be in 1..12', without the file name or Chinese")
BUG_PAYLOAD_REPAIR = ("a line ending in a colon followed by a line that reads as an operation: "
                      "_quote_payload gets an empty range (stop == first) and inserts ” at the end of "
                      "the colon line and “ after it (close before open); lark UnexpectedCharacters "
                      "escapes from segment(); the CLI dies with a traceback and exit status 1")
BUG_EMPTY_SUBITEM = ("a sub-item marker with nothing after it (（一） or 1. on its own line) does not "
                     "classify (instrument.lark subitem needs REST); lark UnexpectedToken escapes from "
                     "segment(); the CLI dies with a traceback and exit status 1")
BUG_CLOSING_QUOTE = ("a closing clause (本决定…施行 / 此外… / …重新公布) followed by a line opening with “ "
                     "forms one logical line that instrument.lark cannot classify (CLOSING then "
                     "'\\n“…”'); lark UnexpectedToken escapes from segment(); the CLI dies with a "
                     "traceback and exit status 1")
BUG_BOILERPLATE = ("a decision with no amendment items but the closing boilerplate (此外… / 本决定自…施行 "
                   "/ …重新公布) is accepted: the 'no items' check counts Reorder, Commencement and "
                   "Republication as operations")
BUG_SEMANTIC = "silently accepted: {}"
UNIT_MISMATCH = "增加一条，作为第五款 (a count in 条, a position in 款) → AddArticles"
SAME_POSITION = "增加两条，作为第五条、第五条 → AddArticles with one number twice"
NO_TEXT = ("增加一条，作为第五条。 with no text anywhere → AddArticles(payload=None); `amend parse` "
           "then crashes in report.describe with AttributeError (traceback, exit status 1)")
EMPTY_OLD = "将第一条中的“”修改为“供热企业” → Substitute of the empty string"
SAME_NUMBER = "将第三条、第四条改为第五条、第五条 → two articles renumbered to one number"
MERGE_ONE = "将第三条合并修改为：“…” (one article merged with nothing) → Merge"
BUG_SPLIT_MSG = ("split with two source articles and agreeing counts reports the self-contradictory "
                 "'改为2条 but 2 numbers given' instead of 'one article is split'")
BUG_HALF_MARKER = ("a broken item marker (一将… / 、将…) is reported at the verb as '含有“修改为”，但不是可识别"
                   "的修改句式（应如“将第X条修改为：……”）' — the clause is exactly the form suggested — "
                   "instead of at the marker")
BUG_UNBALANCED_MSG = ("an unclosed quote that swallows 修改为 is reported as 'expected 修改为 … found ，' "
                      "while 修改为 is visibly there; the message does not mention the quote")
BUG_REGULATION_MSG = ("a regulation fed as a decision whose article text happens to contain a verb "
                      "(调整/增加) is reported as 'expected 修改为 … after 第八条' at line 17 instead of "
                      "'no amendment items / not a decision'")
BUG_NO_TITLE = ("the first line is always taken as the title: items without a title lose item 一 "
                "silently, and a lone item is reported as 'no amendment items found' at line 1")
BUG_ITEM_NUMBERS = "duplicate or skipped item numbers are accepted with no error and no warning"
BUG_SIZE = ("5 MB of random CJK text (40-character lines, no punctuation) is not refused quickly: "
            "MAX_CHARS counts characters (4 000 000) so the ~1.75 M-character file passes the size "
            "guard, and normalise.join_page_breaks is quadratic on lines without sentence punctuation "
            "(_ends_unit re-searches the ever-growing joined line with $-anchored regexes: 256 KB "
            "0.3 s, 512 KB 1.2 s, 1 MB 4.8 s, 2 MB 11 s, 5 MB ~46 s)")
BUG_CRASHES = "lark exceptions and ValueError escape parse_decision: " + "; ".join(
    (BUG_PAYLOAD_REPAIR.split(":")[0], BUG_EMPTY_SUBITEM.split(";")[0],
     BUG_CLOSING_QUOTE.split(";")[0], BUG_HEADER_DATE.split(":")[0]))

ASPECTS = ("raises", "bilingual", "location", "caret", "cli")


def _all(reason: str) -> dict[str, str]:
    """Every aspect fails for the same reason (the text is accepted, or a foreign exception)."""
    return {a: reason for a in ASPECTS} | {"details": reason}


# ------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class Case:
    """What the message for one malformed file must say.

    ``line``: 1-based source line of the defect (0: the message names no line, as for an empty
    file).  ``at``: the text the caret must stand under (one of them, if a tuple), found on that
    line (``nth`` occurrence); ``after``: the caret stands just past this text (end-of-line
    errors).  ``item``/``section``: what the message must name (a tuple: any of them).
    ``whole``: an error about the whole file (no items), shown on the first line.  ``shown``: the
    clause as displayed when normalisation changes it.  ``clause``: a clause line is shown.
    ``bugs``: aspect → reason for xfail.  ``checks``: further (label, predicate) on the error."""

    line: int
    at: str | tuple[str, ...] | None = None
    after: str | None = None
    nth: int = 1
    item: str | None | tuple = None
    section: str | None = None
    whole: bool = False
    shown: str | None = None
    clause: bool = True
    bugs: dict = field(default_factory=dict)
    checks: tuple[tuple[str, Callable[[DecisionError], bool]], ...] = ()


def _no_items(e: DecisionError) -> bool:
    return "no amendment items" in e.en or "not an amendment" in e.en


CASES: dict[str, Case] = {
    # -- nothing to read
    "empty": Case(line=0, clause=False),
    "whitespace_only": Case(line=0, clause=False),
    "title_formula_no_items": Case(line=1, whole=True, checks=(("says no items", _no_items),)),
    "boilerplate_only_no_items": Case(line=1, whole=True,
                                      checks=(("says no items", _no_items),)),
    "garbage_latin": Case(line=1, whole=True, checks=(("says no items", _no_items),)),
    "html_script": Case(line=1, whole=True, checks=(("says no items", _no_items),)),
    "json_document": Case(line=1, whole=True, checks=(("says no items", _no_items),)),
    "regulation_text": Case(line=1, whole=True, checks=(("says no items", _no_items),)),
    "regulation_text_with_verbs": Case(
        line=1, whole=True, checks=(("says no items", _no_items),)),
    # -- quotes and brackets
    "unbalanced_quote_mid_item": Case(
        line=3, at="，并删去", item="一",
        checks=(("mentions the quote", lambda e: "引号" in e.zh and "quot" in e.en),),
        bugs={"details": BUG_UNBALANCED_MSG}),
    "ascii_straight_quotes": Case(line=3, at='"', item="一"),
    "unclosed_book_title": Case(line=3, at="《", item="一"),
    # -- verbs
    "unknown_verb": Case(line=3, at="修政为", item="一"),
    "double_verb": Case(line=3, at="修改为", nth=2, item="一"),
    "trailing_enumeration_comma": Case(line=3, at="修改为", item="一"),
    "delete_nothing": Case(line=3, at="。", item="一"),
    "payload_missing_before_next_item": Case(line=3, after="修改为：", item="一"),
    "payload_missing_at_end": Case(line=3, after="修改为：", item="一"),
    "payload_missing_before_operation": Case(line=3, after="修改为：", item="一"),
    "substitution_missing_new_text": Case(line=3, after="修改为", item="一"),
    "renumber_target_missing": Case(line=3, after="改为", item="一"),
    # -- references and numerals
    "article_zero": Case(line=3, at="第零条", item="一"),
    "article_zhi_zero": Case(line=3, at=("第二条之零", "之零"), item="一"),
    "ref_non_numeral": Case(
        line=3, at="第X条", item="一",
        checks=(("offers a reference", lambda e: "第X条/款/项" in e.expected),
                ("offers only what may follow 删去",
                 lambda e: not {"删去", "删除", "一条/一款/一项"} & set(e.expected))),
        bugs={"details": BUG_LEXER_EXPECTED}),
    "ref_arabic_numeral": Case(line=3, at="第3条", item="一"),
    "invalid_numeral": Case(line=3, at="第三三条", item="一"),
    "range_reversed": Case(line=3, at="第九条至第三条", item="一"),
    # -- counts that disagree
    "add_without_as": Case(line=3, at="增加一条", item="一"),
    "add_count_mismatch": Case(line=3, at=("增加两条", "两条", "第五条"), item="一"),
    "renumber_length_mismatch": Case(line=3, at=("将第三条", "第三条、第四条", "第五条"), item="一"),
    "split_count_mismatch": Case(line=3, at=("将第九条", "三条", "第十二条"), item="一"),
    "split_two_sources": Case(
        line=3, at=("将第九条", "第九条、第十条"), item="一",
        checks=(("not self-contradictory",
                 lambda e: not re.search(r"改为(\d+)条 but \1 numbers", e.en)),)),
    "add_unit_mismatch": Case(line=3, at=("增加一条", "第五款"), item="一"),
    "add_positions_duplicate": Case(line=3, at=("增加两条", "第五条、第五条"), item="一"),
    "add_announced_without_text": Case(line=3, at=("增加一条", "。"), item="一"),
    "substitution_empty_old_text": Case(line=3, at=("“”", "将第一条"), item="一"),
    "renumber_duplicate_target": Case(line=3, at=("将第三条", "第五条、第五条"), item="一"),
    "merge_single_article": Case(line=3, at=("将第三条", "合并修改为"), item="一"),
    # -- item markers and sentences outside the grammar
    "half_item_marker": Case(line=3, at="一将", item=(None, "一"),
                             bugs={"location": BUG_HALF_MARKER, "caret": BUG_HALF_MARKER}),
    "item_marker_without_number": Case(line=4, at="、将", item=(None, "一"),
                                       bugs={"location": BUG_HALF_MARKER, "caret": BUG_HALF_MARKER}),
    "lone_item_number": Case(line=4, at="二", item=(None, "一", "二")),
    "empty_item_body": Case(line=3, after="一、", item="一", shown="一、"),
    # a group of sub-items ("一、对第六条作如下修改：" then （一）…) is reported as section 一
    "empty_subitem_marker": Case(line=4, after="（一）", item=("一", None), section="一"),
    "punctuation_only_item": Case(line=3, at="，", item="一"),
    "garbage_latin_in_item": Case(line=3, at="Lorem", item="一"),
    "out_of_grammar_sentence": Case(line=3, at="很好", item="一"),
    "out_of_grammar_read_as_rule": Case(line=3, at=("热经营企业", "很好"), item="一"),
    # -- closing clauses and header
    "commencement_invalid_date": Case(line=4, at="2021年2月30日", item=None),
    "adoption_invalid_date": Case(line=2, at="2021年13月45日", item=None),
    # the quoted line continues the last item: a quotation that nothing acts on
    "closing_followed_by_quote": Case(line=5, after="依法经营。”", item=("一", None)),
    # -- where the clause is shown: other item styles, long lines, widths, normalised text
    "omnibus_subitem": Case(line=5, at="修政为", item="2", section="一"),
    "article_item_constitution_style": Case(line=3, at="修政为", item="第一条"),
    "error_on_continuation_line": Case(line=5, at="第X条", item="一"),
    "long_line_window": Case(line=3, at="第X条", item="一"),
    "mixed_width_before_error": Case(line=3, at="第X条", item="一"),
    "whitespace_inside_clause": Case(line=3, at="第X条", item="一", shown="删去第X条。"),
}

#: files read by the dedicated tests below rather than by the parametrised ones
DEDICATED = {"unclosed_quote_before_next_item", "items_without_title", "item_number_duplicated",
             "item_number_skipped"}


def _params(aspect: str, names=None):
    out = []
    for name in names or CASES:
        case = CASES[name]
        reason = case.bugs.get(aspect)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(name, id=name, marks=marks))
    return out


# ------------------------------------------------------------------ helpers


def _path(name: str) -> Path:
    return MALFORMED / f"{name}.txt"


def _source(name: str) -> str:
    return _path(name).read_text(encoding="utf-8")


def _error(name: str) -> DecisionError:
    try:
        decision = parse_decision(_source(name))
    except DecisionError as error:
        return error
    except Exception as error:  # noqa: BLE001 — the point is to name any other type
        pytest.fail(f"{type(error).__module__}.{type(error).__name__} instead of DecisionError: "
                    f"{str(error)[:200]}")
    ops = [(i.number, [type(o).__name__ for o in i.ops]) for i in decision.items]
    pytest.fail(f"accepted without an error: items {ops}, warnings {[w.code for w in decision.warnings]}")


def width(text: str) -> int:
    """Display columns, counted here independently of the library."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


_MARK = re.compile(r"[一二三四五六七八九十百]+、|\d{1,3}[.．]|第[一二三四五六七八九十百]+条[ \u3000]+")


def _anchors(case: Case) -> list[str]:
    return list(case.at) if isinstance(case.at, tuple) else [case.at]


def _expected_spots(name: str) -> list[tuple[str, int]]:
    """(source line text, 0-based index of the defect in it) for each acceptable anchor."""
    case = CASES[name]
    text = _source(name).split("\n")[case.line - 1]
    if case.after is not None:
        return [(text, text.index(case.after) + len(case.after))]
    spots = []
    for anchor in _anchors(case):
        if anchor not in text:
            continue
        index = -1
        for _ in range(case.nth):
            index = text.index(anchor, index + 1)
        spots.append((text, index))
    assert spots, f"no anchor of {name} on line {case.line}: {text!r}"
    return spots


# ------------------------------------------------------------------ the corpus of cases


def test_every_case_file_is_described():
    files = {p.stem for p in MALFORMED.glob("*.txt")}
    assert files == set(CASES) | DEDICATED
    assert len(files) >= 35


# ------------------------------------------------------------------ the five aspects


@pytest.mark.parametrize("name", _params("raises"))
def test_raises_decision_error(name):
    assert isinstance(_error(name), DecisionError)


@pytest.mark.parametrize("name", _params("bilingual"))
def test_message_is_chinese_and_english(name):
    error = _error(name)
    last = str(error).split("\n")[-1]
    assert last == f"{error.zh} / {error.en}", "the message ends with the 中文 / English pair"
    assert "\n" not in error.zh and "\n" not in error.en, "each half is one line"
    assert re.search(r"[\u4e00-\u9fff]", error.zh), "the Chinese half has Chinese"
    bare = re.sub(r"“[^”]*”|‘[^’]*’|'[^']*'|《[^》]*》", "", error.zh)
    english = re.findall(r"[A-Za-z]{3,}", bare)
    assert not english, f"English words in the Chinese half: {english} in {error.zh!r}"
    assert re.search(r"[A-Za-z]{3,}", error.en), "the English half has English"


@pytest.mark.parametrize("name", _params("location"))
def test_location_names_item_line_and_column(name):
    case = CASES[name]
    error = _error(name)
    message = str(error)
    items = case.item if isinstance(case.item, tuple) else (case.item,)
    assert error.item in items, f"item {error.item!r}, expected {items}"
    assert error.section == case.section
    if error.item:
        label = error.item if error.item.startswith("第") else f"第{error.item}项"
        assert f"{label}（item {error.item}）" in message
    if case.section:
        assert f"第{case.section}部分（section {case.section}）" in message
    if case.line == 0:
        assert error.line == 0 and "行" not in message.split("\n")[0]
        return
    assert error.line == case.line, f"line {error.line}, expected {case.line}"
    assert f"第{case.line}行" in message and f"line {case.line}," in message
    if case.whole:
        assert error.col == 1
        return
    columns = [index + 1 for _, index in _expected_spots(name)]
    assert error.col in columns, f"column {error.col}, expected one of {columns}"
    assert f"第{error.col}列" in message and f"column {error.col}）" in message


@pytest.mark.parametrize("name", _params("caret"))
def test_caret_under_the_defect(name):
    case = CASES[name]
    error = _error(name)
    lines = str(error).split("\n")
    carets = [i for i, line in enumerate(lines) if line.strip() == "^"]
    if not case.clause:
        assert carets == [], "nothing to point at, no caret"
        return
    assert len(carets) == 1, f"one caret line expected:\n{error}"
    i = carets[0]
    assert i >= 1 and lines[i - 1].startswith("  ")
    shown, column = lines[i - 1][2:], lines[i].index("^")
    assert lines[i][:column] == " " * column
    if case.whole:  # the first line of the text, caret under its first character
        first = _source(name).split("\n")[0]
        assert shown.startswith(first[:min(len(first), 20)]), f"first line not shown:\n{error}"
        assert column == 2, f"caret not under the first character:\n{error}"
        return
    wanted = []
    for text, index in _expected_spots(name):
        if case.shown is not None:  # normalisation changed the line: find the anchor in it
            content = case.shown
            index = content.index(case.at) if case.after is None else len(content)
        else:
            mark = _MARK.match(text)
            strip = len(mark.group(0)) if mark else 0
            content, index = text[strip:], index - strip
        if len(content) <= 60:
            assert shown == content, f"clause shown as {shown!r}, expected {content!r}"
            pos = index
        else:  # a long line is shown in a window of about 60 characters, "…" where cut
            core = shown.removeprefix("…").removesuffix("…")
            offset = content.index(core)
            pos = (1 if shown.startswith("…") else 0) + index - offset
            assert 0 <= pos <= len(shown), "the defect is inside the window"
        wanted.append(2 + width(shown[:pos]))
    assert column in wanted, (f"caret at display column {column}, expected {wanted} "
                              f"(under {case.at or 'the end'!r}):\n{error}")


@pytest.mark.parametrize("name", _params("cli"))
def test_cli_exits_2_with_the_diagnostic(name, capsys):
    path = _path(name)
    try:
        code = main(["parse", str(path)])
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"amend parse raised {type(error).__module__}.{type(error).__name__} (the console "
                    f"script prints a traceback and exits 1): {str(error)[:200]}")
    out, err = capsys.readouterr()
    assert code == 2, f"exit status {code}"
    assert out == ""
    assert err.startswith("错误 / error")
    assert "Traceback" not in err
    assert str(path) in err, "stderr names the file"
    try:
        parse_decision(_source(name))
    except DecisionError as error:
        assert str(error) in err, "the CLI prints the library's diagnostic"


DETAILS = [name for name, case in CASES.items() if case.checks]


@pytest.mark.parametrize("name", _params("details", DETAILS))
def test_message_details(name):
    error = _error(name)
    failed = [label for label, check in CASES[name].checks if not check(error)]
    assert not failed, f"{failed}:\n{error}"


# ------------------------------------------------------------------ dedicated cases


def test_unclosed_quote_is_closed_before_the_next_item():
    """A quote left open when the next item starts is either an error in item 一 or is closed at
    the end of line 3 with a warning — never allowed to swallow item 二."""
    source = _source("unclosed_quote_before_next_item")
    try:
        decision = parse_decision(source)
    except DecisionError as error:
        assert error.item == "一" and error.line == 3
        return
    numbers = [(item.number, [type(o).__name__ for o in item.ops]) for item in decision.items]
    assert numbers == [("一", ["Replace"]), ("二", ["Delete"])]
    assert decision.items[0].ops[0].text.paragraphs == ("热经营企业应当依法经营。",)
    assert [(w.code, w.line) for w in decision.warnings] == [("unclosed-quote", 3)]


def test_items_without_a_title_are_not_dropped():
    try:
        decision = parse_decision(_source("items_without_title"))
    except DecisionError:
        return
    assert [item.number for item in decision.items] == ["一", "二"]


def test_a_lone_item_is_read_as_an_item():
    with pytest.raises(DecisionError) as caught:
        parse_decision("一、删去第X条。\n")
    assert caught.value.item == "一" and caught.value.col == 5


@pytest.mark.parametrize("name", ["item_number_duplicated", "item_number_skipped"])
def test_item_numbering_defects_are_reported(name):
    """An error, or at least a warning naming line 4."""
    try:
        decision = parse_decision(_source(name))
    except DecisionError as error:
        assert error.line == 4
        return
    assert any(w.line == 4 for w in decision.warnings), "no error and no warning"


def test_nul_byte_after_an_item(tmp_path, capsys):
    source = _source("payload_missing_before_next_item").split("\n")[0:2]
    text = "\n".join(source) + "\n一、删去第五条。\x00\n"
    with pytest.raises(DecisionError):
        parse_decision(text)
    path = tmp_path / "nul.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["parse", str(path)]) == 2


# ------------------------------------------------------------------ encodings and sizes (CLI)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_gbk_bytes_of_the_seed_decision(tmp_path, capsys):
    """GBK is common for government texts: decoded (as GB18030, its superset), with a warning
    naming the file and the encoding; the parse is the same as from UTF-8."""
    path = tmp_path / "decision-gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    code, out, err = _run(capsys, "parse", str(path))
    assert code == 0 and "Traceback" not in err
    assert str(path) in err and re.search(r"gb18030", err, re.IGNORECASE), err
    assert main(["parse", str(SEED)]) == 0
    same, _ = capsys.readouterr()
    assert out == same


def test_cli_utf16_bytes_of_the_seed_decision(tmp_path, capsys):
    """UTF-16 with its byte-order mark is decoded by the mark, with a warning."""
    path = tmp_path / "decision-utf16.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    code, out, err = _run(capsys, "parse", str(path))
    assert code == 0 and "Traceback" not in err and str(path) in err
    assert re.search(r"utf-?16", err, re.IGNORECASE), err


def test_cli_random_binary_bytes(tmp_path, capsys):
    data = b"\xff\xfe\x00" + random.Random(7).randbytes(64 * 1024)
    path = tmp_path / "random.bin"
    path.write_bytes(data)
    code, out, err = _run(capsys, "parse", str(path))
    assert code == 2 and out == "" and "Traceback" not in err and str(path) in err


def _random_text(kind: str, size: int = 5 * 1024 * 1024) -> str:
    rnd = random.Random(11)
    if kind == "ascii":
        table = bytes((b"abcdefghijklmnopqrstuvwxyz ,.;:'\"()-0123456789\n" * 6)[:256])
        return rnd.randbytes(size).translate(table).decode("ascii")
    lines = -(-size // 121)  # 40 CJK characters (3 bytes each) and a line break: 121 bytes
    chars = [chr(0x4E00 + rnd.getrandbits(16) % 20000) for _ in range(40 * lines)]
    return "\n".join("".join(chars[i:i + 40]) for i in range(0, len(chars), 40)) + "\n"


@pytest.mark.parametrize("kind", [
    "ascii", "cjk"])
def test_cli_five_megabytes_of_random_text(kind, tmp_path):
    """Run in a child process with a time limit, so that a slow path cannot stall the suite."""
    path = tmp_path / f"random-{kind}.txt"
    path.write_text(_random_text(kind), encoding="utf-8")
    assert path.stat().st_size >= 5 * 1024 * 1024
    script = "import sys; from amend.cli import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", script, "parse", str(path)]
    package_root = Path(amend.__file__).resolve().parent.parent  # the amend under test
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=LIMIT, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"amend parse did not finish within {LIMIT} s")
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr and str(path) in done.stderr
    assert " / " in done.stderr and re.search(r"[\u4e00-\u9fff]", done.stderr)


#: a guard against a hang, not a timing assertion (performance is measured by the benchmarks)
LIMIT = 120


# ------------------------------------------------------------------ a random search


_FRAGMENTS = [
    "一、", "二、", "三、", "1.", "（一）", "第一条 ", "将", "在", "第三条", "第二款", "第（一）项",
    "修改为", "改为", "作为", "：", "“", "”", "“甲”", "删去", "增加一条", "两条", "中的", "后", "至",
    "第五条", "第九条", "、", "，", "。", "；", "\n", "\n", "本决定自", "2021年2月30日", "公布之日",
    "起施行", "此外，对条文顺序作相应调整", "重新公布", "合并为", "相应改为", "其中的", "第零条", "X",
    "（2021年13月1日通过）\n", "二十五、对部分条文作以下修改：\n", "四、对《吉林省城市供热条例》的修改\n",
]


def test_random_fragments_raise_only_decision_errors():
    head = "\n".join(_source("payload_missing_before_next_item").split("\n")[:2]) + "\n"
    rnd = random.Random(2024)
    foreign = {}
    for _ in range(400):
        text = head + "".join(rnd.choice(_FRAGMENTS) for _ in range(rnd.randint(1, 20)))
        try:
            parse_decision(text)
        except DecisionError:
            pass
        except Exception as error:  # noqa: BLE001
            foreign.setdefault(type(error).__name__, text[len(head):])
    assert not foreign, f"exceptions other than DecisionError: {foreign}"


# ------------------------------------------------------------------ the valid decision


def test_valid_decision_exits_0(capsys):
    code, out, err = _run(capsys, "parse", str(SEED))
    assert code == 0 and out and "Traceback" not in err


def test_valid_decision_json(capsys):
    code, out, _ = _run(capsys, "parse", str(SEED), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"title", "targets", "dates", "items", "flags", "warnings"} <= set(data)
    assert data["title"] == "吉林省人民代表大会常务委员会关于修改《吉林省城市供热条例》的决定"
    assert data["targets"] == ["吉林省城市供热条例"]
    assert len([i for i in data["items"] if i.get("number")]) == 9
