"""Issue 14 point 6: a division heading renamed, added or removed is a change, with its item,
in the text, HTML, Markdown, the 对照表 (HTML and Word) and JSON (golden case
tests/cases/diff/headings)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from amend.diff import present
from amend.diff.context import redline_context
from amend.redline import between_files

CASE = Path(__file__).resolve().parent / "cases" / "diff" / "headings"


def _ctx(linked: bool) -> dict:
    read = lambda n: (CASE / n).read_text(encoding="utf-8")  # noqa: E731
    red = between_files(read("old.txt"), read("new.txt"),
                        decision_text=read("decision.txt") if linked else None)
    return redline_context(red.changes, old_name="old", new_name="new")


def test_headings_linked_name_their_items():
    hs = _ctx(True)["headings"]
    assert [(h["kind"], h["old"], h["new"], h["item_zh"]) for h in hs] == [
        ("renamed", "第二章 管理", "第二章 监督管理", "决定第一项"),
        ("renamed", "第三章 罚则", "第三章 法律责任", "决定第三项"),
        ("added", None, "第四章 附则", "决定第四项")]


def test_headings_without_decision_are_still_changes():
    hs = _ctx(False)["headings"]
    assert [(h["kind"], h["item"]) for h in hs] == [("renamed", None), ("renamed", None),
                                                     ("added", None)]


def test_headings_removed():
    read = lambda n: (CASE / n).read_text(encoding="utf-8")  # noqa: E731
    red = between_files(read("new.txt"), read("old.txt"))
    hs = redline_context(red.changes, old_name="a", new_name="b")["headings"]
    assert ("deleted", "第四章 附则", None) in [(h["kind"], h["old"], h["new"]) for h in hs]


def test_headings_in_every_format():
    ctx = _ctx(True)
    assert "第二章 管理 → 第二章 监督管理  【标题修改 / heading renamed；决定第一项】" in present.text(ctx)
    html = present.html(ctx)
    assert 'id="headings"' in html and "<ins>第四章 附则</ins>" in html
    table = present.table_html(ctx)
    assert table.count("heading-row") == 3 and "章节标题修改" in table
    assert "| 第三章 罚则 | 第三章 法律责任 | 标题修改；决定第三项 |" in present.markdown(ctx)


def test_headings_in_the_word_table():
    pytest.importorskip("docx")
    with zipfile.ZipFile(io.BytesIO(present.docx(_ctx(True)))) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "第二章 管理第二章 监督管理章节标题修改决定第一项" in text
    assert "第四章 附则章节增加决定第四项" in text
