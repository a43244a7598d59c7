"""Issue 14 point 9: knock-on changes are explained.  A cross-reference whose number changed only
because the articles were renumbered is 条文序号调整引起的引用修改 ("reference"), and the same
words split into paragraphs differently are a layout difference ("layout", as verify classes it),
in the text, HTML, 对照表 (HTML and Word) and JSON."""

from __future__ import annotations

import io
import json

import pytest

from amend.diff import compare, present
from amend.diff.context import redline_context
from amend.diff.knock_on import renumber, renumbered_references
from amend.redline import between_files

OLD = """示例条例

第一条 为了示例，制定本条例。

第二条 单位应当登记。

第三条 违反本条例第二条规定的，责令改正。

第四条 依照本条例第二条、第三条和《中华人民共和国行政处罚法》第三条的规定处理。

第五条 有关部门应当加强监督。
违反本条例第二条规定的，依法处理。

第六条 本条例自公布之日起施行。
"""

NEW = """示例条例

第一条 为了示例，制定本条例。

第二条 县级以上人民政府应当加强领导。

第三条 单位应当登记。

第四条 违反本条例第三条规定的，责令改正。

第五条 依照本条例第三条、第四条和《中华人民共和国行政处罚法》第三条的规定处理。

第六条 有关部门应当加强监督和检查。
违反本条例第三条规定的，依法处理。

第七条 本条例自公布之日起施行。
"""


@pytest.fixture(scope="module")
def ctx() -> dict:
    red = between_files(OLD, NEW)
    return redline_context(red.changes, old_name="old", new_name="new")


def _article(ctx: dict, new: str) -> dict:
    return next(a for a in ctx["articles"] if a["new"] == new)


def test_renumber_rewrites_all_references_at_once():
    numbers = {"第二条": "第三条", "第三条": "第四条"}
    assert renumber("依照本条例第二条、第三条的规定", numbers) == "依照本条例第三条、第四条的规定"
    # another instrument's articles are its own: "《…》第三条" and the list that follows it
    text = "依照《中华人民共和国行政处罚法》第三条、第二条第一款的规定"
    assert renumber(text, numbers) == text
    assert renumbered_references("违反本条例第二条规定", "违反本条例第三条规定", numbers)
    assert not renumbered_references("违反本条例第二条规定", "违反本条例第四条规定", numbers)
    assert not renumbered_references("同一", "同一", numbers)


def test_reference_kind(ctx):
    a = _article(ctx, "第四条")
    assert (a["old"], a["kind"]) == ("第三条", "reference")
    assert a["kind_zh"] == "条文序号调整引起的引用修改"
    assert a["kind_en"] == "cross-reference renumbered by the reorder"
    assert [line["knock_on"] for line in a["lines"]] == ["reference"]
    assert _article(ctx, "第五条")["kind"] == "reference"  # with 《…》第三条 left alone


def test_a_real_change_stays_a_modification(ctx):
    a = _article(ctx, "第六条")  # 监督 → 监督和检查, and a reference renumbered
    assert a["kind"] == "modified"
    assert [line["knock_on"] for line in a["lines"]] == [None, "reference"]


def test_summary_counts_them_apart(ctx):
    assert ctx["summary"]["reference"] == 2 and ctx["summary"]["modified"] == 1


def test_every_format_says_so(ctx):
    text = present.text(ctx)
    assert "第三条 → 第四条  【条文序号调整引起的引用修改 / cross-reference renumbered by the " \
        "reorder】" in text
    assert '<span class="badge badge-reference">条文序号调整引起的引用修改</span>' in present.html(ctx)
    table = present.table_html(ctx)
    row = table.split('id="new-4"', 1)[1].split("</tr>", 1)[0]
    assert "条文序号调整引起的引用修改" in row
    assert "## 第三条 → 第四条（条文序号调整引起的引用修改）" in present.markdown(ctx)
    data = json.loads(json.dumps(ctx, ensure_ascii=False))
    assert _article(data, "第四条")["lines"][0]["knock_on"] == "reference"


def test_word_table_says_so(ctx):
    docx = pytest.importorskip("docx")
    table = docx.Document(io.BytesIO(present.docx(ctx))).tables[0]
    row = next(r for r in table.rows[1:] if r.cells[1].text.startswith("第四条"))
    assert "条文序号调整引起的引用修改" in row.cells[2].text


LAYOUT_OLD = """示例条例

第一条 申请认定财产无主，由公民向人民法院提出。
申请书应当写明财产的种类。

第二条 本条例自公布之日起施行。
"""

LAYOUT_NEW = """示例条例

第一条 申请认定财产无主，由公民向人民法院提出。申请书应当写明财产的种类。

第二条 本条例自公布之日起施行。
"""


def test_layout_kind():
    red = between_files(LAYOUT_OLD, LAYOUT_NEW)
    ctx = redline_context(red.changes, old_name="old", new_name="new")
    a = _article(ctx, "第一条")
    assert (a["kind"], a["kind_zh"], a["kind_en"]) == ("layout", "仅分段不同", "paragraph layout only")
    assert "第一条  【仅分段不同 / paragraph layout only】" in present.text(ctx)
    # a word more is not layout
    red = between_files(LAYOUT_OLD, LAYOUT_NEW.replace("财产的种类", "财产的种类和数量"))
    assert red.changes.articles[0].kind == "modified"


def test_heating_has_no_false_knock_on(heating_versions):
    """The bundled heating regulation 2010 → 2021 has no knock-on change (its cross-references
    sit in the articles the decision restated): the kinds are as before."""
    summary = compare(*heating_versions).summary()
    assert (summary["replaced"], summary["renumbered"], summary["added"], summary["unchanged"],
            summary["reference"], summary["layout"]) == (5, 25, 4, 5, 0, 0)


def test_civil_procedure_2021_2023(corpus_dev):
    folder = corpus_dev / "民事诉讼法"
    read = lambda name: (folder / name).read_text(encoding="utf-8")  # noqa: E731
    red = between_files(read("2021-12-24.md"), read("2023-09-01.md"),
                        decision_text=read("decision-2023-09-01.md"))
    kinds = {(a.old, a.new): a.kind for a in red.changes.articles}
    # "依照本法第二百零六条" → "第二百一十条": old 第二百零六条 is now 第二百一十条
    assert kinds[(("第二百一十一条",), ("第二百一十五条",))] == "reference"
    assert kinds[(("第二百六十一条",), ("第二百六十五条",))] == "reference"
    # "申请书应当写明…" was its own paragraph in the 2021 file, joined to the first in 2023
    assert kinds[(("第一百九十八条",), ("第二百零二条",))] == "layout"
    # the decision's own changes stay modifications
    assert kinds[(("第四十七条",), ("第四十七条",))] == "modified"
