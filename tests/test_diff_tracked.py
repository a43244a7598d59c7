"""Issue 14 point 10: ``amend diff … --format docx --track-changes`` writes the new text with
real Word revisions (amend/diff/tracked.py).  The document.xml is read back here without the
module's help: "accept all" keeps w:t outside w:del and joins a paragraph whose mark was
deleted to the next; "reject all" keeps w:t outside w:ins and w:delText inside w:del, and joins
a paragraph whose mark was inserted.  Both must give the two versions exactly."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

pytest.importorskip("docx", reason="python-docx is not installed (pip install 'amend[docx]')")

from lxml import etree  # noqa: E402

from amend.cli import main  # noqa: E402
from amend.corpus import find_work  # noqa: E402
from amend.diff import compare  # noqa: E402
from amend.diff.tracked import revision_date, tracked_document  # noqa: E402
from amend.model import Article  # noqa: E402
from amend.redline import between_files  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---- reading the revisions back ---------------------------------------------------------------

def _document(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _resolved(data: bytes, mode: str) -> list[str]:
    """The body's paragraphs after "accept all" (mode "accept") or "reject all" ("reject")."""
    gone_text = W + ("del" if mode == "accept" else "ins")
    gone_mark = W + ("del" if mode == "accept" else "ins")
    out, pending = [], ""
    for p in _document(data).find(W + "body").iter(W + "p"):
        for el in p.iter(W + "t", W + "delText", W + "br", W + "tab"):
            ancestors = {a.tag for a in el.iterancestors()}
            if gone_text in ancestors:
                continue
            assert (el.tag == W + "delText") == (W + "del" in ancestors), "w:delText only in w:del"
            pending += {W + "br": "\n", W + "tab": "\t"}.get(el.tag, el.text or "")
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and mark.find(gone_mark) is not None:
            continue  # the paragraph mark is gone: the text joins the next paragraph
        out.append(pending)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _expected(reg) -> list[str]:
    """The paragraphs a reader sees in ``reg``: title, 题注, preamble, headings, article lines
    (the label and a full-width space before the first), attachments."""
    out = ["".join(reg.title)]
    if reg.note is not None and reg.note.lines:
        text = "\n".join(reg.note.lines)
        out.append(f"（{text}）" if reg.note.bracketed else text)
    if reg.preamble is not None:
        out.extend(([reg.preamble.heading] if reg.preamble.heading else []) +
                   list(reg.preamble.paragraphs))

    def leaves(nodes):
        for node in nodes:
            out.append(node.label + node.text)
            leaves(getattr(node, "subitems", None) or getattr(node, "children", ()))

    def walk(nodes):
        for node in nodes:
            if isinstance(node, Article):
                for k, p in enumerate(node.paragraphs):
                    out.append((node.label + "\u3000" if k == 0 else "") + p.text)
                    leaves(p.items)
                continue
            out.append(node.heading)
            walk(node.children)

    walk(reg.body)
    for x in reg.attachments:
        out.extend([x.heading, *x.lines])
    return out


_LABEL = re.compile(r"^(第[〇零一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?)\u3000")


def _by_article(lines: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = "（条文之前）"
    for line in lines:
        m = _LABEL.match(line)
        if m:
            current = m.group(1)
        out.setdefault(current, []).append(line)
    return out


def _check_sides(data: bytes, old, new) -> None:
    accepted, rejected = _resolved(data, "accept"), _resolved(data, "reject")
    want_new, want_old = _expected(new), _expected(old)
    got, want = _by_article(accepted), _by_article(want_new)
    for label in want:
        assert got.get(label) == want[label], f"accept all: {label}"
    got, want = _by_article(rejected), _by_article(want_old)
    for label in want:
        assert got.get(label) == want[label], f"reject all: {label}"
    assert accepted == want_new
    assert rejected == want_old


def _revisions(data: bytes):
    root = _document(data)
    return root.findall(f".//{W}ins") + root.findall(f".//{W}del")


# ---- the heating regulation (bundled) ----------------------------------------------------------

@pytest.fixture(scope="module")
def heating(heating_versions):
    old, new, link = heating_versions
    day = revision_date(find_work("吉林省城市供热条例"), dt.date(2010, 1, 1), dt.date(2021, 8, 1))
    return old, new, compare(old, new, link), day


@pytest.fixture(scope="module")
def heating_docx(heating) -> bytes:
    old, new, changes, day = heating
    return tracked_document(old, new, changes, date=day)


def test_heating_accept_gives_new_and_reject_gives_old(heating, heating_docx):
    old, new, _, _ = heating
    _check_sides(heating_docx, old, new)


def test_heating_revisions_name_amend_and_the_decision_date(heating, heating_docx):
    assert heating[3] == dt.date(2021, 7, 30)  # 自公布之日起施行
    revs = _revisions(heating_docx)
    assert len(revs) > 30
    assert {r.get(W + "author") for r in revs} == {"amend"}
    assert {r.get(W + "date") for r in revs} == {"2021-07-30T00:00:00Z"}
    ids = [r.get(W + "id") for r in revs]
    assert len(set(ids)) == len(ids)


def test_heating_added_article_is_inserted_paragraphs(heating_docx):
    root = _document(heating_docx)
    paragraphs = root.find(W + "body").findall(W + "p")
    first = next(p for p in paragraphs
                 if "".join(p.itertext()).startswith("第六条\u3000县级以上人民政府城市供热主管部门应当"))
    assert first.find(f"{W}pPr/{W}rPr/{W}ins") is not None  # the paragraph mark is inserted
    assert all(r.getparent().tag == W + "ins" for r in first.findall(f".//{W}r"))


def test_heating_renumbered_label_is_a_deletion_and_an_insertion(heating_docx):
    root = _document(heating_docx)
    dels = ["".join(d.itertext()) for d in root.iter(W + "del")]
    ins = ["".join(i.itertext()) for i in root.iter(W + "ins")]
    assert "第六条" in dels and "第七条" in ins  # old 第六条 is now 第七条


def test_same_input_same_bytes(heating, heating_docx):
    old, new, changes, day = heating
    assert tracked_document(old, new, changes, date=day) == heating_docx


def test_no_date_leaves_the_attribute_out(heating):
    old, new, changes, _ = heating
    revs = _revisions(tracked_document(old, new, changes))
    assert revs and all(r.get(W + "date") is None for r in revs)


# ---- small hand-made texts ---------------------------------------------------------------------

OLD = """示例条例

第一章 总则

第一条 为了示例，制定本条例。

第二条 本条例适用于示例。
前款规定以外的事项，依照有关规定。

第三条 本条例自公布之日起施行。
"""

NEW = """示例条例

第一章 一般规定

第一条 为了示范和示例，制定本条例。

第二条 有关部门应当履行下列职责：
（一）监督；
（二）检查。

第三条 本条例适用于示例。

第四条 本条例自公布之日起施行。
"""


def test_hand_made_texts_both_ways():
    red = between_files(OLD, NEW)
    data = tracked_document(red.old, red.new, red.changes)
    _check_sides(data, red.old, red.new)
    back = between_files(NEW, OLD)  # and the other way round: deletions become insertions
    _check_sides(tracked_document(back.old, back.new, back.changes), back.old, back.new)


def test_moved_article_is_deleted_and_inserted():
    old = "条例\n\n第一条 甲甲甲甲甲甲甲甲甲甲。\n\n第二条 乙乙乙乙乙乙乙乙乙乙。\n\n第三条 丙丙丙丙丙丙丙丙丙丙。\n"
    new = "条例\n\n第一条 丙丙丙丙丙丙丙丙丙丙。\n\n第二条 甲甲甲甲甲甲甲甲甲甲。\n\n第三条 乙乙乙乙乙乙乙乙乙乙。\n"
    red = between_files(old, new)
    _check_sides(tracked_document(red.old, red.new, red.changes), red.old, red.new)


# ---- the command --------------------------------------------------------------------------------

def _amend(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def test_track_changes_needs_docx(capsys):
    code, err = _amend(capsys, "diff", "吉林省城市供热条例", "--from", "2010-01-01", "--to",
                       "2021-08-01", "--track-changes")
    assert code == 2
    assert "--track-changes 只能与 --format docx 同用" in err and "goes with --format docx" in err


def test_command_writes_the_tracked_document(tmp_path, heating, capsys):
    out = tmp_path / "t.docx"
    code, err = _amend(capsys, "diff", "吉林省城市供热条例", "--from", "2010-01-01", "--to", "2021-08-01",
               "--format", "docx", "--track-changes", "-o", str(out))
    assert code == 0, err
    old, new, _, _ = heating
    _check_sides(out.read_bytes(), old, new)
    assert {x.get(W + "date") for x in _revisions(out.read_bytes())} == {"2021-07-30T00:00:00Z"}


# ---- 民事诉讼法 2021 → 2023 (../shared) ----------------------------------------------------------

@pytest.fixture(scope="module")
def civil(corpus_dev):
    folder = corpus_dev / "民事诉讼法"
    read = lambda name: (folder / name).read_text(encoding="utf-8")  # noqa: E731
    return read("2021-12-24.md"), read("2023-09-01.md"), read("decision-2023-09-01.md"), folder


def test_civil_procedure_with_the_decision(civil):
    old, new, decision, _ = civil
    red = between_files(old, new, decision_text=decision)
    data = tracked_document(red.old, red.new, red.changes, date=dt.date(2024, 1, 1))
    _check_sides(data, red.old, red.new)


def test_civil_procedure_without_a_decision(civil):
    old, new, _, _ = civil
    red = between_files(old, new)
    _check_sides(tracked_document(red.old, red.new, red.changes), red.old, red.new)


def test_civil_procedure_command_dates_the_revisions(civil, tmp_path, capsys):
    _, _, _, folder = civil
    out = tmp_path / "civil.docx"
    code, err = _amend(capsys, "diff", str(folder / "2021-12-24.md"), str(folder / "2023-09-01.md"),
               "--decision", str(folder / "decision-2023-09-01.md"), "--format", "docx",
               "--track-changes", "-o", str(out))
    assert code == 0, err
    dates = {x.get(W + "date") for x in _revisions(out.read_bytes())}
    assert dates == {"2024-01-01T00:00:00Z"}
