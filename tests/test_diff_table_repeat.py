"""Issue 14 point 8 (second half): the 修改前后对照表 (HTML and Word) shows an unchanged
paragraph or item of a changed article once, in the old column; the new column says
"（…未修改）" for each run of them, unless ``--full-table`` asks for the repeat."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from amend.cli import build_parser, main
from amend.diff import compare, present
from amend.diff.context import _span, place_zh, redline_context
from amend.redline import between_files

ITEMS = Path(__file__).resolve().parent / "cases" / "diff" / "items"


def _items(full_table: bool = False, changed_only: bool = False) -> dict:
    red = between_files((ITEMS / "old.txt").read_text(encoding="utf-8"),
                        (ITEMS / "new.txt").read_text(encoding="utf-8"))
    return redline_context(red.changes, old_name="old", new_name="new", full_table=full_table,
                           changed_only=changed_only)


def _cells(html: str, anchor: str) -> tuple[str, str]:
    """The old and the new cell of the row ``anchor`` (as HTML source)."""
    row = html.split(f'id="{anchor}"', 1)[1].split("</tr>", 1)[0]
    old = row.split('<td class="old">', 1)[1].split("</td>", 1)[0]
    new = row.split('<td class="new">', 1)[1].split("</td>", 1)[0]
    return old, new


def test_places_in_words():
    assert place_zh("第二款（三）1.") == "第二款第（三）项第1目"
    assert place_zh("第一款") == "第一款"
    assert _span(["第一款", "第一款（一）"]) == "第一款及其第（一）项"
    assert _span(["第一款", "第二款", "第三款"]) == "第一款至第三款"
    assert _span(["第一款（二）", "第一款（四）"]) == "第一款第（二）项至第（四）项"
    assert _span(["第一款（三）", "第二款"]) == "第一款第（三）项至第二款"


def test_unchanged_lines_once_in_the_html_table():
    old, new = _cells(present.table_html(_items()), "new-2")
    assert "有符合规定的停车设施" in old and "经营性停车场应当具备下列条件" in old
    assert "有符合规定的停车设施" not in new and "经营性停车场应当具备下列条件" not in new
    assert "（第一款及其第（一）项未修改）" in new
    assert "<ins>（二）有电子收费系统；</ins>" in new  # the changed lines are all there
    assert "未修改的款、项只在原条文一栏列出" in present.table_html(_items())


def test_full_table_repeats_them():
    html = present.table_html(_items(full_table=True))
    old, new = _cells(html, "new-2")
    assert "有符合规定的停车设施" in old and "有符合规定的停车设施" in new
    assert "未修改）" not in new and "未修改的款、项只在原条文一栏列出" not in html


def test_json_marks_the_elided_lines():
    article = next(a for a in _items()["articles"] if a["new"] == "第二条")
    assert [(line["elided"], line["elision"]) for line in article["lines"][:3]] == [
        (True, "第一款及其第（一）项"), (True, None), (False, None)]
    full = next(a for a in _items(full_table=True)["articles"] if a["new"] == "第二条")
    assert not any(line["elided"] for line in full["lines"])


@pytest.fixture(scope="module")
def heating(heating_versions) -> dict:
    return compare(*heating_versions)


def test_renumbered_only_article_says_so_once(heating):
    ctx = redline_context(heating, old_name="2010", new_name="2021")
    old, new = _cells(present.table_html(ctx), "new-7")
    assert "鼓励国内外经济组织或者个人投资建设供热设施" in old
    assert "鼓励国内外经济组织" not in new and "（本条未修改）" in new


def test_changed_only_keeps_the_elision_coherent(heating):
    """--changed-only leaves the renumbered-only rows out; what stays is elided the same way."""
    ctx = redline_context(heating, old_name="2010", new_name="2021", changed_only=True)
    html = present.table_html(ctx)
    assert 'id="new-7"' not in html and 'id="new-32"' in html
    assert "未修改）" not in html.split("</thead>", 1)[1]  # no unchanged line left in these rows


def test_word_table_shows_unchanged_lines_once():
    docx = pytest.importorskip("docx")
    table = docx.Document(io.BytesIO(present.docx(_items()))).tables[0]
    row = next(r for r in table.rows[1:] if r.cells[1].text.startswith("第二条"))
    assert "有符合规定的停车设施" in row.cells[0].text
    assert "有符合规定的停车设施" not in row.cells[1].text
    assert "（第一款及其第（一）项未修改）" in row.cells[1].text
    full = docx.Document(io.BytesIO(present.docx(_items(full_table=True)))).tables[0]
    row = next(r for r in full.rows[1:] if r.cells[1].text.startswith("第二条"))
    assert "有符合规定的停车设施" in row.cells[1].text and "未修改）" not in row.cells[1].text


def test_cli_full_table(tmp_path, capsys):
    out = tmp_path / "t.html"
    args = ["diff", str(ITEMS / "old.txt"), str(ITEMS / "new.txt"), "--format", "table"]
    assert main([*args, "-o", str(out)]) == 0
    assert "（第一款及其第（一）项未修改）" in out.read_text(encoding="utf-8")
    assert main([*args, "--full-table", "-o", str(out)]) == 0
    assert "未修改）" not in out.read_text(encoding="utf-8").split("</thead>", 1)[1]
    diff = build_parser()._subparsers._group_actions[0].choices["diff"]
    assert "--full-table" in diff.format_help()
