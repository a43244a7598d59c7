"""verify compares the title and the preamble too (``Report.front``): a lost or changed 引言 is
reported, while the header lines sources put there (the title repeated, a title broken over
lines) are not differences."""

from __future__ import annotations

from amend.structure import parse_source
from amend.verify import compare, report_dict

BODY = "\n\n第一条 本规定适用于本市。\n\n第二条 本规定自2020年1月1日起施行。\n"


def _reg(text: str):
    return parse_source(text).regulation


def test_same_front_matter():
    a = _reg("上海市测试规定\n\n为了测试，制定本规定。" + BODY)
    report = compare(a, a)
    assert report.front.matches and report.ok


def test_a_lost_preamble_paragraph_is_reported():
    got = _reg("罚款限额的规定\n\n根据行政处罚法，作如下规定：" + BODY)
    want = _reg("罚款限额的规定\n\n根据行政处罚法，作如下规定：\n\n一、罚款的限额为三十万元。" + BODY)
    report = compare(got, want)
    assert not report.front.preamble_matches and report.front.title_matches
    data = report_dict(report)
    assert data["front"]["preamble_matches"] is False
    assert data["front"]["official_preamble"][-1] == "一、罚款的限额为三十万元。"


def test_a_changed_title_is_reported():
    report = compare(_reg("上海市测试规定" + BODY), _reg("上海市测试工作规定" + BODY))
    assert not report.front.title_matches


def test_header_lines_are_not_differences():
    got = _reg("中华人民共和国各级人民代表大会\n常务委员会监督法" + BODY)
    want = _reg("中华人民共和国各级人民代表大会常务委员会监督法\n\n"
                "中华人民共和国各级人民代表大会常务委员会监督法" + BODY)
    assert compare(got, want).front.matches


def test_the_verify_text_says_so(tmp_path, capsys):
    from amend.cli import main

    (tmp_path / "base.txt").write_text("上海市测试规定\n\n为了测试，制定本规定。" + BODY, encoding="utf-8")
    (tmp_path / "d.txt").write_text("关于修改《上海市测试规定》的决定\n\n一、将第一条修改为：“本规定适用于全市。”\n",
                                    encoding="utf-8")
    (tmp_path / "want.txt").write_text(
        "上海市测试规定\n\n为了规范测试，制定本规定。\n\n第一条 本规定适用于全市。\n\n"
        "第二条 本规定自2020年1月1日起施行。\n", encoding="utf-8")
    main(["verify", "--base", str(tmp_path / "base.txt"), "--decision", str(tmp_path / "d.txt"),
          "--expected", str(tmp_path / "want.txt")])
    assert "序言（引言）不同 / the preamble differs" in capsys.readouterr().out
