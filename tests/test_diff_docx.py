"""The Word 修改前后对照表 (amend/diff/docx.py), read back with python-docx; and, where LibreOffice
is installed, converted to PDF to show that a real word processor opens it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import zipfile

import pytest

docx = pytest.importorskip(
    "docx", reason="python-docx is not installed (pip install 'amend[docx]')")

from docx.oxml.ns import qn  # noqa: E402

from amend.diff import compare  # noqa: E402
from amend.diff.context import redline_context  # noqa: E402
from amend.diff.docx import comparison_table  # noqa: E402
from amend.structure import parse_source  # noqa: E402


@pytest.fixture(scope="module")
def heating(heating_versions) -> dict:
    """吉林省城市供热条例 2010 → 2021 with its decision (bundled corpus)."""
    return redline_context(compare(*heating_versions), old_name="2010-01-01",
                           new_name="2021-08-01")


@pytest.fixture(scope="module")
def heating_docx(heating) -> bytes:
    return comparison_table(heating)


@pytest.fixture(scope="module")
def antimonopoly(corpus_dev) -> dict:
    folder = corpus_dev / "反垄断法"
    old, new = (parse_source((folder / name).read_text(encoding="utf-8")).regulation
                for name in ("2007-08-30.md", "2022-06-24.md"))
    return redline_context(compare(old, new), old_name="2007-08-30", new_name="2022-06-24")


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _row(table, label: str, column: int):
    """The body row whose cell in ``column`` begins with the article label."""
    rows = [r for r in table.rows[1:] if r.cells[column].text.startswith(label)]
    assert len(rows) == 1, f"{label}: {len(rows)} rows"
    return rows[0]


def _runs(row, column: int):
    return [run for p in row.cells[column].paragraphs for run in p.runs]


def test_page_is_a4_portrait(heating_docx):
    section = _open(heating_docx).sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.05
    assert abs(section.page_height.cm - 29.7) < 0.05
    for margin in (section.left_margin, section.right_margin, section.top_margin,
                   section.bottom_margin):
        assert 1.5 < margin.cm < 3.5


def test_fonts_name_an_east_asian_font(heating_docx):
    document = _open(heating_docx)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia"))
    assert fonts.get(qn("w:ascii"))
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for cell in document.tables[0]._cells for p in cell.paragraphs for run in p.runs]
    assert runs
    for run in runs:
        assert run._element.rPr.rFonts.get(qn("w:eastAsia")), run.text


def test_title_and_decision(heating, heating_docx):
    texts = [p.text for p in _open(heating_docx).paragraphs]
    assert texts[0] == "《吉林省城市供热条例》修改前后对照表"
    assert "2010-01-01 → 2021-08-01" in texts
    assert any(heating["decisions"][0] in t for t in texts)


def test_one_row_per_changed_article_under_a_repeated_header(heating, heating_docx):
    table = _open(heating_docx).tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["原条文", "修改后条文", "说明"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    # 5 replaced + 25 renumbered + 4 added; the 5 unchanged articles get no row.
    assert len(table.rows) - 1 == 34 == sum(a["kind"] != "unchanged" for a in heating["articles"])
    assert table.style.name == "Table Grid"
    widths = [c.width for c in header.cells]
    assert widths[0] == widths[1] and 0.40 < widths[0] / sum(widths) < 0.46


def test_notes_name_the_kind_and_the_decision_item(heating_docx):
    table = _open(heating_docx).tables[0]
    row = _row(table, "第三十二条", 1)
    assert "决定第三项" in row.cells[2].text
    assert "整条修改" in row.cells[2].text
    assert _row(table, "第三十条", 0) is not None
    assert "条文序号调整" in _row(table, "第七条", 1).cells[2].text


def test_added_article_and_inserted_runs(heating_docx):
    row = _row(_open(heating_docx).tables[0], "第六条", 1)
    assert row.cells[0].text == "（无）"
    first = "县级以上人民政府城市供热主管部门应当履行下列职责："
    inserted = [r for r in _runs(row, 1) if r.text == first]
    assert inserted and inserted[0].font.underline
    label = _runs(row, 1)[0]
    assert label.text == "第六条" and label.font.bold
    # Items are lines of their own, indented.
    items = [p for p in row.cells[1].paragraphs if p.text.startswith("（一）")]
    assert items and items[0].paragraph_format.left_indent > 0


def test_lacuna_is_a_grey_note_not_struck_text(heating_docx):
    row = _row(_open(heating_docx).tables[0], "第三十条", 0)
    notes = [r for r in _runs(row, 0) if "原文不详" in r.text]
    assert notes
    for run in notes:
        assert run.font.italic and not run.font.strike


def test_deleted_runs_are_struck_in_a_modified_article(antimonopoly):
    table = _open(comparison_table(antimonopoly)).tables[0]
    article = next(a for a in antimonopoly["articles"]
                   if a["kind"] == "modified" and any(op == "-" for line in a["lines"]
                                                      for op, _ in line["ops"]))
    deleted = next(text for line in article["lines"] for op, text in line["ops"] if op == "-")
    row = _row(table, article["old"], 0)
    struck = [r for r in _runs(row, 0) if r.text == deleted]
    assert struck and struck[0].font.strike
    assert all(not r.font.strike for r in _runs(row, 1))
    inserted = [r for r in _runs(_row(table, "第一条", 1), 1) if r.text == "，鼓励创新"]
    assert inserted and inserted[0].font.underline


def test_split_article_labels_each_new_article(antimonopoly):
    table = _open(comparison_table(antimonopoly)).tables[0]
    row = _row(table, "第十三条", 0)
    assert row.cells[2].text == "拆分"
    starts = [p.text.split("\u3000")[0] for p in row.cells[1].paragraphs
              if p.runs and p.runs[0].font.bold]
    assert starts == ["第十六条", "第十七条"]
    # The old side keeps the old order: 第一款 (with its items) before 第二款.
    old = [p.text for p in row.cells[0].paragraphs]
    assert old[0].startswith("第十三条\u3000禁止具有竞争关系的经营者")
    assert old[-1].startswith("本法所称垄断协议")


def test_same_context_same_bytes(heating, heating_docx):
    assert comparison_table(heating) == heating_docx
    with zipfile.ZipFile(io.BytesIO(heating_docx)) as z:
        assert {info.date_time for info in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    core = _open(heating_docx).core_properties
    assert core.created == core.modified == dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    assert core.author == "amend"


def test_without_python_docx_the_error_says_what_to_install(heating, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx → ImportError
    with pytest.raises(RuntimeError, match=r"pip install 'amend\[docx\]'"):
        comparison_table(heating)


def test_libreoffice_opens_it(heating_docx, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: the .docx is not converted to PDF here")
    source = tmp_path / "table.docx"
    source.write_bytes(heating_docx)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    pdf = tmp_path / "table.pdf"
    assert pdf.is_file(), f"no PDF (exit {result.returncode}): {result.stdout}{result.stderr}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000
