"""Partial application (--partial): every item that cannot be read or applied is left out, named,
and marked where it would have acted; exit status 1.  Without --partial the refusal (exit 2)
stays."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from amend.apply.partial import (
    CANNOT_READ,
    Marks,
    apply_partial,
    is_not_applied,
)
from amend.cli import main
from amend.structure import parse, render

REPO = Path(__file__).resolve().parent.parent

BEFORE = """示例管理条例
第一章 总则
第一条 为了规范示例管理，制定本条例。
第二条 本条例适用于本省行政区域内的示例管理活动。
第三条 主管部门负责示例管理工作。
第二章 管理
第四条 示例经营者不得擅自停止服务。
确需停止服务的，应当提前三十日报告主管部门。
第五条 主管部门应当建立投诉处理制度。
第六条 违反本条例第四条规定的，处一万元以上五万元以下的罚款。
第七条 本条例自2020年1月1日起施行。"""

TITLE = "示例省人民代表大会常务委员会关于修改《示例管理条例》的决定"

#: 二 cannot be read (修政为), 四 cannot be applied (the words are not in 第七条); 一 and 三 can.
DECISION = f"""{TITLE}
一、将第四条第一款修改为：“示例经营者不得擅自停止或者中断服务。”
二、将第五条修政为：“主管部门应当建立投诉举报处理制度。”
三、将第六条中的“一万元”修改为“二万元”。
四、将第七条中的“2019年1月1日”修改为“2021年1月1日”。
五、将第三条中的“主管部门”修改为“示例主管部门”。"""

BOOK = "《示例省人民代表大会常务委员会关于修改〈示例管理条例〉的决定》"

AFTER = """示例管理条例
第一章 总则
第一条 为了规范示例管理，制定本条例。
第二条 本条例适用于本省行政区域内的示例管理活动。
第三条 示例主管部门负责示例管理工作。
第二章 管理
第四条 示例经营者不得擅自停止或者中断服务。
确需停止服务的，应当提前三十日报告主管部门。
第五条 主管部门应当建立投诉举报处理制度。
第六条 违反本条例第四条规定的，处二万元以上五万元以下的罚款。
第七条 本条例自2021年1月1日起施行。"""


def _before():
    return parse(BEFORE).regulation


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("before", BEFORE), ("decision", DECISION), ("after", AFTER)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ---- the library --------------------------------------------------------------------------------

def test_unreadable_and_inapplicable_items_are_left_out_and_named():
    p = apply_partial(_before(), DECISION)
    assert [(s.item, s.code, s.provisions) for s in p.skipped] == [
        ("二", CANNOT_READ, ("第五条",)), ("四", "words-not-found", ("第七条",))]
    assert (p.items, p.read, p.applied) == (5, 4, 3)
    assert not p.complete and p.result is not None
    text = render(p.result.regulation)
    assert "停止或者中断服务" in text and "二万元" in text and "示例主管部门" in text
    assert "投诉举报" not in text and "2020年1月1日" in text
    two = p.skipped[0].error
    assert (two.line, two.col) == (3, 7) and "修政为" in two.clause
    assert p.skipped[0].as_dict()["line"] == 3


def test_left_out_items_are_marked_like_lacunae():
    p = apply_partial(_before(), DECISION)
    marks = p.marks()
    assert marks.articles == {(5, 0): (f"{BOOK}第二项（原第五条）",),
                              (7, 0): (f"{BOOK}第四项（原第七条）",)}
    marked = marks.apply_to(p.result.regulation)
    art5 = marked.find_article(5)
    assert art5.paragraphs[-1].text == f"〔未能适用：{BOOK}第二项（原第五条）〕"
    assert is_not_applied(art5.paragraphs[-1].text) and not art5.paragraphs[-1].is_lacuna
    assert marked.find_article(6) == p.result.regulation.find_article(6)  # applied: no mark


def test_one_clause_of_an_item_is_left_out_and_its_other_clauses_apply():
    """"2.其他修改：将第十一条第三款中的“A”修改为“B”；将“区、县”均修改为“区”": a clause whose words
    are not where it says is left out alone, and marked; the item's other clauses are applied."""
    decision = (f"{TITLE}\n一、将第六条中的“一万元”修改为“二万元”。\n"
                "二、将第七条中的“2019年”修改为“2021年”；将第三条中的“主管部门”修改为“示例主管部门”；"
                "将第五条中的“投诉”修改为“投诉举报”。")
    p = apply_partial(_before(), decision)
    assert [(s.item, s.code, s.clause_only, s.provisions) for s in p.skipped] == [
        ("二", "words-not-found", True, ("第七条",))]
    assert (p.items, p.read, p.applied) == (2, 2, 1)  # an item with a clause left out is not whole
    text = render(p.result.regulation)
    assert "示例主管部门" in text and "投诉举报" in text and "二万元" in text
    marks = p.marks()
    assert marks.articles == {(7, 0): (f"{BOOK}第二项中的一句（原第七条）",)}
    assert p.skipped[0].as_dict()["clause_only"] is True


def test_a_second_failing_clause_leaves_the_whole_item_out():
    decision = (f"{TITLE}\n一、将第七条中的“2019年”修改为“2021年”；将第五条中的“举报”修改为“投诉”；"
                "将第三条中的“主管部门”修改为“示例主管部门”。")
    p = apply_partial(_before(), decision)
    assert [(s.item, s.clause_only) for s in p.skipped] == [("一", True), ("一", False)]
    assert "示例主管部门" not in render(p.result.regulation)
    assert p.applied == 0


def test_marks_follow_renumbering():
    """An article left unamended by one decision and renumbered by the next keeps its mark."""
    first = apply_partial(_before(), DECISION)
    later = apply_partial(first.result.regulation, "关于修改《示例管理条例》的决定\n"
                          "一、增加一条，作为第一条：“为了示例，制定本条例。”\n此外，对条文顺序作相应调整。")
    assert later.complete
    carried = first.marks().then(later.result)
    assert set(carried.articles) == {(6, 0), (8, 0)}


def test_an_item_naming_no_provision_marks_the_whole_text():
    decision = f"{TITLE}\n一、将第三条中的“主管部门”修改为“示例主管部门”。\n二、对全文作相应修政。"
    p = apply_partial(_before(), decision)
    assert [(s.item, s.provisions) for s in p.skipped] == [("二", ())]
    marks = p.marks()
    assert marks.articles == {} and marks.document == (f"{BOOK}第二项（未能确定所涉条文）",)
    text = render(marks.apply_to(p.result.regulation))
    assert text.split("\n")[1] == f"〔未能适用：{BOOK}第二项（未能确定所涉条文）〕"


def test_nothing_applicable_leaves_the_text_as_it_was_and_says_so():
    p = apply_partial(_before(), "这不是一个修改决定。")
    assert p.result is None and len(p.skipped) == 1 and p.skipped[0].whole
    marks = p.marks(_before())
    assert marks.document == ("修改决定（整个决定）",)


def test_a_complete_decision_is_complete():
    p = apply_partial(_before(), f"{TITLE}\n一、将第六条中的“一万元”修改为“二万元”。")
    assert p.complete and p.skipped == () and p.marks().empty
    assert (p.items, p.read, p.applied) == (1, 1, 1)


def test_marks_merge_and_document_notes():
    a = Marks({(1, 0): ("x",)}, ("d",))
    b = Marks({(1, 0): ("y",), (2, 0): ("z",)}, ("d", "e"))
    assert a.merge(b) == Marks({(1, 0): ("x", "y"), (2, 0): ("z",)}, ("d", "e"))


# ---- the command ---------------------------------------------------------------------------------

def test_apply_without_partial_refuses(capsys, files):
    code, out, err = run(capsys, "apply", files["before"], files["decision"])
    assert code == 2 and out == "" and "第二项" in err and "^" in err


def test_apply_partial_text(capsys, files):
    code, out, err = run(capsys, "apply", files["before"], files["decision"], "--partial")
    assert code == 1
    lines = out.rstrip("\n").split("\n")
    i = lines.index("第五条 主管部门应当建立投诉处理制度。")
    assert lines[i + 1] == f"〔未能适用：{BOOK}第二项（原第五条）〕"
    assert f"〔未能适用：{BOOK}第四项（原第七条）〕" in lines
    assert "第六条 违反本条例第四条规定的，处二万元以上五万元以下的罚款。" in lines
    assert "未能适用 / not applied" in err and "第二项" in err and "第四项" in err
    assert "修政为" in err and "^" in err  # the clause with a caret, as without --partial
    assert "Traceback" not in err


def test_apply_partial_json(capsys, files):
    code, out, _ = run(capsys, "apply", files["before"], files["decision"], "--partial",
                       "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["partial"] is True
    assert [s["item"] for s in data["skipped"]] == ["二", "四"]
    first = data["skipped"][0]
    assert {"item", "section", "code", "message", "line", "col", "provisions"} <= set(first)
    assert (first["code"], first["line"], first["col"], first["provisions"]) == (
        "cannot-read", 3, 7, ["第五条"])
    assert " / " in first["message"]  # Chinese / English
    assert data["skipped"][1]["code"] == "words-not-found"
    assert data["not_applied"] == [
        {"article": "第五条", "notes": [f"{BOOK}第二项（原第五条）"]},
        {"article": "第七条", "notes": [f"{BOOK}第四项（原第七条）"]}]
    assert "〔未能适用：" in data["text"] and data["log"]


def test_apply_partial_with_nothing_left_out_exits_0(capsys, tmp_path, files):
    good = tmp_path / "good.txt"
    good.write_text(f"{TITLE}\n一、将第六条中的“一万元”修改为“二万元”。", encoding="utf-8")
    code, out, _ = run(capsys, "apply", files["before"], good, "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["partial"] is False and data["skipped"] == []
    assert data["not_applied"] == []


def test_apply_partial_of_an_unreadable_file_gives_the_text_marked(capsys, tmp_path, files):
    junk = tmp_path / "junk.txt"
    junk.write_text("这不是一个修改决定。", encoding="utf-8")
    code, out, err = run(capsys, "apply", files["before"], junk, "--partial")
    assert code == 1 and out.split("\n")[1] == "〔未能适用：修改决定（整个决定）〕"
    assert "整个决定 / the whole decision" in err


def test_verify_files_partial(capsys, files):
    argv = ("verify", "--base", files["before"], "--decision", files["decision"],
            "--expected", files["after"])
    code, _, err = run(capsys, *argv)
    assert code == 2 and "第二项" in err
    code, out, _ = run(capsys, *argv, "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["partial"] is True and data["ok"] is False
    assert (data["identical"], data["articles_compared"]) == (5, 7)
    by_article = {d["article"]: d for d in data["divergences"]}
    assert set(by_article) == {"第五条", "第七条"}
    assert by_article["第五条"]["not_applied"] == [f"{BOOK}第二项（原第五条）"]
    code, out, _ = run(capsys, *argv, "--partial")
    assert code == 1 and "部分适用 / partial" in out and "〔未能适用：" in out
    assert "有略去的事项 / items left out" in out


def test_diff_files_partial(capsys, files):
    argv = ("diff", files["before"], files["after"], "--decision", files["decision"])
    code, _, err = run(capsys, *argv)
    assert code == 2 and "第二项" in err
    code, out, _ = run(capsys, *argv, "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["partial"] is True
    assert [s["item"] for s in data["skipped"]] == ["二", "四"]
    marked = {a["new"]: a["not_applied"] for a in data["articles"] if a["not_applied"]}
    assert marked == {"第五条": [f"{BOOK}第二项（原第五条）"], "第七条": [f"{BOOK}第四项（原第七条）"]}
    code, out, _ = run(capsys, *argv, "--partial", "--format", "html")
    assert code == 1 and 'class="line lacuna not-applied"' in out and "〔未能适用：" in out
    code, out, _ = run(capsys, *argv, "--partial", "--format", "text", "--color", "never")
    assert code == 1 and "部分适用 / partial" in out and f"〔未能适用：{BOOK}第二项（原第五条）〕" in out
    for fmt in ("md", "table"):
        code, out, _ = run(capsys, *argv, "--partial", "--format", fmt)
        assert code == 1 and "未能适用" in out, fmt


def test_diff_without_partial_is_unchanged(capsys, files, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(f"{TITLE}\n一、将第六条中的“一万元”修改为“二万元”。", encoding="utf-8")
    argv = ("diff", files["before"], files["after"], "--decision", good, "--format", "json")
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "partial" not in json.loads(out)
    code, out, _ = run(capsys, *argv, "--partial")
    data = json.loads(out)
    assert code == 0 and data["partial"] is False


# ---- a work of the corpus: consolidate, verify and diff by date ----------------------------------

@pytest.fixture
def broken_corpus(tmp_path):
    """The bundled heating regulation with item 六 of its decision misspelt (修政为)."""
    src = REPO / "corpus" / "吉林省城市供热条例"
    dst = tmp_path / "corpus" / "吉林省城市供热条例"
    shutil.copytree(src, dst)
    path = dst / "decision-2021-07-30.txt"
    text = path.read_text(encoding="utf-8")
    assert "六、将第三十二条改为第三十五条，修改为：" in text
    path.write_text(text.replace("六、将第三十二条改为第三十五条，修改为：",
                                 "六、将第三十二条改为第三十五条，修政为："), encoding="utf-8")
    return tmp_path / "corpus"


def test_consolidate_partial(capsys, broken_corpus):
    argv = ("--corpus", broken_corpus, "consolidate", "吉林省城市供热条例", "--as-of", "2021-08-01")
    code, _, err = run(capsys, *argv)
    assert code == 2 and "第六项" in err
    code, out, err = run(capsys, *argv, "--partial")
    assert code == 1 and "未能适用 / not applied" in err
    lines = out.split("\n")
    art35 = next(i for i, line in enumerate(lines) if line.startswith("第三十五条"))
    assert lines[art35 + 1].startswith("〔未能适用：《吉林省人民代表大会常务委员会关于修改〈吉林省城市供热条例〉"
                                       "的决定》第六项（原第三十二条）〕")
    assert sum(1 for line in lines if line.startswith("第") and "条 " in line[:8]) == 39
    code, out, _ = run(capsys, *argv, "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["partial"] is True and [s["item"] for s in data["skipped"]] == ["六"]
    assert data["skipped"][0]["decision"].startswith("吉林省人民代表大会常务委员会关于修改")
    assert [a["article"] for a in data["not_applied"]] == ["第三十五条"]


def test_verify_and_diff_work_partial(capsys, broken_corpus):
    code, out, _ = run(capsys, "--corpus", broken_corpus, "verify", "吉林省城市供热条例",
                       "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    check = data["checks"][0]
    assert check["partial"] is True and [s["item"] for s in check["skipped"]] == ["六"]
    assert any(d["article"] == "第三十五条" and d["not_applied"] for d in check["divergences"])
    code, out, _ = run(capsys, "--corpus", broken_corpus, "diff", "吉林省城市供热条例",
                       "--from", "2010-01-01", "--to", "2021-08-01", "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 1 and [s["item"] for s in data["skipped"]] == ["六"]
    assert [a["new"] for a in data["articles"] if a["not_applied"]] == ["第三十五条"]


def test_bundled_work_partial_is_complete(capsys):
    code, out, _ = run(capsys, "consolidate", "吉林省城市供热条例", "--as-of", "2021-08-01",
                       "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["partial"] is False and data["skipped"] == []
    code, plain, _ = run(capsys, "consolidate", "吉林省城市供热条例", "--as-of", "2021-08-01")
    assert data["text"] == plain.rstrip("\n")
