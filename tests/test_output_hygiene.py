"""Output hygiene for Markdown and Word (issue 13, point 7).

Markdown: text that comes from a document — a law's words, a draft's clause, a file name — can
never step out of the place the template gives it: syntax characters are backslash-escaped (so
``<script>``, ``[x](javascript:…)``, ``&lt;`` and ``**`` show as written), a line break cannot
open a block of its own, a list or heading marker at the start is neutralised, and fenced text
(the preview's problems and resulting text) gets a fence longer than any run of backticks inside
it, so a law text holding ``` cannot close it.

Word: a control character (a terminal escape, NUL, DEL, C1) is never written nor dropped
silently: the table is refused with a ``ControlCharacterError`` that names each one — article,
side, line, character position and code point — in Chinese and in English.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amend.diff import present
from amend.diff.context import redline_context
from amend.preview import preview
from amend.redline import between_files
from amend.render import markdown_escape, markdown_fence, template
from amend.structure import parse
from amend.views import preview_context

HOSTILE = ("```", "~~~", "<script>alert(1)</script>", "[点此](javascript:alert(1))",
           "![x](http://x/y.png)", "&lt;b&gt;", "**粗**", "# 标题", "- 列表", "1. 编号", "> 引用",
           "---", "===", "| a | b |", "\\", "<http://x>", "`code`", "_x_")

#: CommonMark: a backslash before ASCII punctuation is that character, literally.
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _literal(markdown: str) -> str:
    return _UNESCAPE.sub(r"\1", markdown)


def _raw(markdown: str, chars: str = "<>[]&`") -> list[str]:
    """The syntax characters of ``markdown`` that are not backslash-escaped."""
    return re.findall(rf"[{re.escape(chars)}]", re.sub(r"\\[!-/:-@\[-`{-~]", "", markdown))


# ---- the md filter ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("`*_~[]()<>|#&!-+=.)1 \n\r\\甲乙“”：a")) | st.characters(),
               max_size=40))
def test_md_escape_reads_back_as_the_text_and_opens_nothing(text):
    out = markdown_escape(text)
    assert "\n" not in out and "\r" not in out  # no block of its own
    assert _literal(out) == re.sub(r"\r\n|[\n\r\v\f\x85\u2028\u2029]", "⏎", text)
    assert not re.match(r"[-+=]|\d+[.)]", out)  # no list, heading underline or numbered list
    # every syntax character is escaped: removing the escaped ones leaves none
    assert not re.search(r"[`*_~\[\]<>|#&]", re.sub(r"\\[!-/:-@\[-`{-~]", "", out))


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_hostile_text(text):
    out = markdown_escape(text)
    assert _literal(out) == text
    assert not _raw(out, "<>[]&`*_#|"), out


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("`~ a\n甲")), max_size=60))
def test_fence_is_longer_than_any_backtick_run(text):
    block = markdown_fence(text)
    fence = block.split("\n", 1)[0]
    assert set(fence) == {"`"} and len(fence) >= 3
    inner = block[len(fence) + 1:-len(fence) - 1]
    assert inner == text
    for line in inner.split("\n"):  # no line inside can close it
        assert not re.match(rf"^ {{0,3}}`{{{len(fence)},}}\s*$", line)


# ---- the Markdown renderers ---------------------------------------------------------------------


def _open_fences(markdown: str) -> list[tuple[int, int]]:
    """(first, last) line indexes of the fenced blocks, read as CommonMark does."""
    blocks, open_at, length = [], None, 0
    for k, line in enumerate(markdown.split("\n")):
        m = re.match(r"^ {0,3}(`{3,})", line)
        if open_at is None and m:
            open_at, length = k, len(m.group(1))
        elif open_at is not None and m and len(m.group(1)) >= length and not line.strip("` "):
            blocks.append((open_at, k))
            open_at = None
    assert open_at is None, "a fence left open"
    return blocks


BASE = "示例条例\n第一条 为了规范示例管理，制定本条例。\n第二条 本条例自2020年1月1日起施行。"
TEXT = "示例者```\n<script>alert(1)</script>"  # as a law's words: one paragraph each line


def test_diff_markdown_shows_hostile_law_text_as_text():
    new = BASE.replace("制定本条例。", "制定本条例。```<script>alert(1)</script>[x](javascript:alert(1))&lt;")
    red = between_files(BASE, new, old_name="old.txt", new_name="new```.txt\n# 标题\n- 列表")
    out = present.markdown(redline_context(red.changes, old_name=red.old_name, new_name=red.new_name))
    assert not _raw(out), out  # no HTML, link, entity or fence: every one escaped
    assert "\\<script\\>" in out and "\\[x\\](javascript:alert(1))" in out and "\\&lt;" in out
    assert not re.search(r"^(#+ 标题|- 列表)", out, re.M)  # the file name opens no block
    assert "new\\`\\`\\`.txt⏎\\# 标题⏎- 列表" in out


def test_preview_markdown_fences_the_clause_and_the_text():
    base = parse(BASE).regulation
    draft = ("示例省人民代表大会常务委员会关于修改《示例条例》的决定\n"
             "一、将第一条修改为：“为了规范示例管理，制定本条例。````\n```\n#</pre><script>x</script>”\n"
             "二、将第九条修改为：“```删去```”\n")
    shown = preview(base, draft)
    ctx = preview_context(shown, base_name="base```.txt", draft_name="draft<script>.txt")
    out = template("preview.md.j2").render(**ctx)
    blocks = _open_fences(out)
    lines = out.split("\n")
    inside = {k for a, b in blocks for k in range(a + 1, b)}
    # the problem (naming 第九条, with its clause and caret) and the resulting text are fenced
    problem = next(k for k, line in enumerate(lines) if "将第九条修改为" in line)
    assert problem in inside
    written = next(k for k, line in enumerate(lines) if line.startswith("#</pre>"))
    assert written in inside
    for k, line in enumerate(lines):  # outside the fences, nothing raw
        if k not in inside and not re.match(r"^ {0,3}`{3,}$", line):
            assert not _raw(line), line
    assert "draft\\<script\\>.txt" in out and "base\\`\\`\\`.txt" in out


# ---- Word ----------------------------------------------------------------------------------------


docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install 'amend[docx]')")

from amend.diff.docx import ControlCharacterError, comparison_table  # noqa: E402


def _ctx(old: str, new: str, **names) -> dict:
    red = between_files(old, new, old_name=names.get("old_name", "old.txt"),
                        new_name=names.get("new_name", "new.txt"))
    return redline_context(red.changes, old_name=red.old_name, new_name=red.new_name)


OLD = "示例条例\n第一条 甲。\n第二条 乙。\n丙。"


def test_docx_names_each_control_character_with_its_place():
    ctx = _ctx(OLD, OLD.replace("丙。", "丙\x1b]0;标题\x07丁。"))
    with pytest.raises(ControlCharacterError) as info:
        comparison_table(ctx)
    error = info.value
    assert [(col, ch) for _, _, col, ch in error.found] == [(2, "\x1b"), (8, "\x07")]
    assert all(zh == "第二条（修改后条文）第2行" for zh, _, _, _ in error.found)
    assert all(en == "第二条 (amended text), line 2" for _, en, _, _ in error.found)
    assert "第二条（修改后条文）第2行第2个字符 U+001B" in error.zh
    assert "第二条 (amended text), line 2, character 8: U+0007" in error.en
    assert str(error) == f"{error.zh} / {error.en}"
    assert "控制字符" in error.zh and "control characters" in error.en


def test_docx_control_characters_on_the_old_side_and_in_names():
    ctx = _ctx(OLD.replace("甲。", "甲\x00。"), OLD.replace("甲。", "甲。\x7f").replace("乙。", "乙\x9b。"),
               new_name="新\x07.txt")
    with pytest.raises(ControlCharacterError) as info:
        comparison_table(ctx)
    where = [(zh, col, f"U+{ord(ch):04X}") for zh, _, col, ch in info.value.found]
    assert ("版本名称", 12, "U+0007") in where  # "old.txt → 新\x07.txt"
    assert ("第一条（原条文）第1行", 6, "U+0000") in where  # "第一条　甲\x00。"
    assert ("第一条（修改后条文）第1行", 7, "U+007F") in where
    assert ("第二条（修改后条文）第1行", 6, "U+009B") in where


def test_docx_positions_count_the_characters_of_earlier_runs():
    ctx = _ctx(OLD, OLD.replace("丙。", "丙\x1b甲。\x07"))  # runs: 丙 | +\x1b甲 | 。 | +\x07
    with pytest.raises(ControlCharacterError) as info:
        comparison_table(ctx)
    assert [(col, ch) for _, _, col, ch in info.value.found] == [(2, "\x1b"), (5, "\x07")]


def test_docx_without_control_characters_is_written():
    data = comparison_table(_ctx(OLD, OLD.replace("丙。", "丙丁。")))
    assert data[:2] == b"PK"
