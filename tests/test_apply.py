"""Applying decisions: golden cases, the heating regulation, inverse application, the corpus-dev
triples (apply the instrument to `before`, verify against `after`), and the commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from amend.apply import ApplyError, apply
from amend.apply.invert import invert
from amend.cli import main
from amend.consolidate import consolidate, verify_texts, verify_work
from amend.corpus import find_work
from amend.decision.parser import parse_decision
from amend.structure import parse, render

CASES = Path(__file__).resolve().parent / "cases" / "apply"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())
HEATING = find_work("吉林省城市供热条例")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_golden_case(case):
    """before.txt + decision.txt → expected.txt (and warnings.txt), or exactly error.txt."""
    before = parse(_read(case / "before.txt")).regulation
    decision = parse_decision(_read(case / "decision.txt"))
    if (case / "error.txt").exists():
        with pytest.raises(ApplyError) as caught:
            apply(before, decision)
        assert str(caught.value) == _read(case / "error.txt")
        assert caught.value.item and caught.value.line and "^" in str(caught.value)
        return
    result = apply(before, decision)
    assert render(result.regulation) == _read(case / "expected.txt")
    expected_warnings = _read(case / "warnings.txt")
    assert [w.code for w in result.warnings] == (expected_warnings.split("\n")
                                                 if expected_warnings else [])
    # the amended text is itself canonical: it parses back to the same value
    assert parse(render(result.regulation)).regulation == result.regulation


def _heating():
    republished = parse(HEATING.read("republished-2021-07-30")).regulation
    decision = parse_decision(HEATING.read("decision-2021-07-30"))
    return republished, decision


def test_heating_renumbering_follows_design():
    """design.md §2: 4 inserted (6, 19, 34, 37), old 30–34 → 32, 33, 35, 36, 38, old 35 → 39."""
    republished, decision = _heating()
    before = parse(HEATING.read("derived-2004-03-31")).regulation
    result = apply(before, decision)
    assert result.added == ((6, 0), (19, 0), (34, 0), (37, 0))
    expected = {n: n for n in range(1, 6)}
    expected |= {n: n + 1 for n in range(6, 18)} | {n: n + 2 for n in range(18, 30)}
    expected |= {30: 32, 31: 33, 32: 35, 33: 36, 34: 38, 35: 39}
    assert {k[0]: v[0] for k, v in result.articles.items()} == expected
    assert result.provenance[(32, 0)] == ("三",) and result.provenance[(6, 0)] == ("一",)
    assert result.warnings == ()
    assert attrs.evolve(result.regulation, note=None) == attrs.evolve(republished, note=None)


def test_heating_invert_then_apply_reproduces_the_2021_text():
    republished, decision = _heating()
    inverted = invert(republished, decision)
    old = inverted.regulation
    assert len(old.articles()) == 35
    assert inverted.lacunae == ("第三十条", "第三十一条", "第三十二条", "第三十三条", "第三十四条")
    for number, item, new in ((30, "三", "三十二"), (31, "四", "三十三"), (32, "六", "三十五"),
                              (33, "七", "三十六"), (34, "九", "三十八")):
        article = old.find_article(number)
        assert article.is_lacuna
        assert f"第{item}项" in article.paragraphs[0].text and f"第{new}条" in article.paragraphs[0].text
    again = apply(old, decision).regulation
    assert attrs.evolve(again, note=None) == attrs.evolve(republished, note=None)
    # the bundled derived text is exactly this reconstruction (with its generated 题注)
    assert attrs.evolve(parse(HEATING.read("derived-2004-03-31")).regulation, note=None) == old


@pytest.mark.parametrize("day, articles, lacunae", [
    ("2010-01-01", 35, 5), ("2021-07-30", 39, 0), ("2021-08-01", 39, 0)])
def test_heating_consolidation_as_of(day, articles, lacunae):
    c = consolidate(HEATING, dt.date.fromisoformat(day))
    assert c.in_force
    assert len(c.regulation.articles()) == articles
    assert sum(a.is_lacuna for a in c.regulation.articles()) == lacunae
    assert c.regulation.note.lines[0] == "2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过"


def test_heating_consolidation_equals_the_republished_text():
    c = consolidate(HEATING, dt.date(2021, 8, 1))
    official = parse(HEATING.read("republished-2021-07-30")).regulation
    assert c.regulation.articles() == official.articles()
    assert c.regulation.body == official.body
    [check] = verify_work(HEATING)
    assert check.report.ok and check.report.identical == check.report.articles_compared == 39
    assert check.report.note.matches


def test_heating_not_yet_in_force():
    c = consolidate(HEATING, dt.date(2004, 5, 1))
    assert not c.in_force and c.plan.status == "not_yet_in_force"
    assert "尚未施行" in c.plan.message_zh and "2004年6月1日" in c.plan.message_zh


def test_lacuna_cannot_take_word_edits():
    """Words cannot be found in a text that is unknown: an error, not a silent miss."""
    before = parse(HEATING.read("derived-2004-03-31")).regulation
    decision = parse_decision("关于修改《吉林省城市供热条例》的决定\n一、将第三十条中的“罚款”修改为“处罚”。")
    with pytest.raises(ApplyError, match="原文不详"):
        apply(before, decision)


# ---- corpus-dev triples ----------------------------------------------------------------------------

#: Per triple: (identical articles, compared, divergences by class).  Every divergence is of an
#: explained class except the one listed in UNEXPLAINED, which the test names.
TRIPLES = {
    "上海市住宅物业管理规定": (89, 95, {"editorial-covered": 5, "source-defect": 1}),
    "全国人民代表大会常务委员会议事规则": (52, 52, {}),
    "刑法": (504, 505, {"source-defect": 1}),
    "反垄断法": (67, 70, {"punctuation": 3}),
    "最高人民法院关于审理民间借贷案件适用法律若干问题的规定": (30, 31, {"editorial": 1}),
    "最高人民法院关于适用《保险法》若干问题的解释（四）": (21, 21, {}),
    "最高人民法院关于适用《公司法》若干问题的规定（五）": (6, 6, {}),
    "民事诉讼法": (305, 306, {"source-defect": 1}),
}

#: Divergences no decision item or catch-all explains, each checked by reading both texts.
UNEXPLAINED = {
    # the after-text cites 民事诉讼法 by its short name where the before-text and the decision
    # give 《中华人民共和国民事诉讼法》; no item and no catch-all clause covers it
    ("最高人民法院关于审理民间借贷案件适用法律若干问题的规定", "第十九条"),
}


def _triples(corpus_dev):
    for manifest in sorted(corpus_dev.glob("*/manifest.json")):
        for t in json.loads(manifest.read_text(encoding="utf-8")).get("triples") or []:
            yield manifest.parent, t


def test_every_triple_applies_and_verifies(corpus_dev):
    seen = set()
    for folder, t in _triples(corpus_dev):
        read = lambda name: (folder / t[name]).read_text(encoding="utf-8")  # noqa: E731
        result, report = verify_texts(read("before"), read("decision"), read("after"),
                                      target=folder.name)
        identical, compared, counts = TRIPLES[folder.name]
        assert (report.identical, report.articles_compared) == (identical, compared), folder.name
        assert report.counts() == counts, folder.name
        for d in report.divergences:
            assert d.explained or (folder.name, d.article) in UNEXPLAINED, (folder.name, d)
        seen.add(folder.name)
    assert seen == set(TRIPLES)


def test_antimonopoly_split_and_moves(corpus_dev):
    """"将第十三条第二款改为第十六条，第一款改为第十七条": one article becomes two."""
    folder = corpus_dev / "反垄断法"
    from amend.structure import parse_source

    old = parse_source((folder / "2007-08-30.md").read_text(encoding="utf-8")).regulation
    decision = parse_decision((folder / "decision-2022-06-24.md").read_text(encoding="utf-8"))
    result = apply(old, decision)
    assert result.articles[(13, 0)] is None and result.splits[(13, 0)] == ((16, 0), (17, 0))
    assert result.paragraphs[((13, 0), 2)] == ((16, 0), None)
    assert result.paragraphs[((13, 0), 1)] == ((17, 0), None)
    assert len(result.regulation.articles()) == 70


def test_civil_procedure_new_section_and_criminal_law_sub_articles(corpus_dev):
    from amend.structure import parse_source

    folder = corpus_dev / "民事诉讼法"
    old = parse_source((folder / "2021-12-24.md").read_text(encoding="utf-8")).regulation
    decision = parse_decision((folder / "decision-2023-09-01.md").read_text(encoding="utf-8"))
    new = apply(old, decision).regulation
    located = {loc.article.key: loc for loc in new.located}
    assert located[(194, 0)].section.heading == "第四节 指定遗产管理人案件"
    folder = corpus_dev / "刑法"
    old = parse_source((folder / "2020-12-26.md").read_text(encoding="utf-8")).regulation
    decision = parse_decision((folder / "decision-2023-12-29.md").read_text(encoding="utf-8"))
    result = apply(old, decision)
    assert result.renumbered() == {} and len(result.regulation.articles()) == len(old.articles())


# ---- commands ---------------------------------------------------------------------------------------


def test_cli_consolidate_and_history(capsys):
    assert main(["consolidate", "吉林省城市供热条例", "--as-of", "2021-08-01"]) == 0
    text = capsys.readouterr().out
    assert text.count("\n第") >= 39 and "根据2021年7月30日" in text
    assert main(["consolidate", "城市供热条例", "--as-of", "2004-05-01"]) == 1
    assert "尚未施行" in capsys.readouterr().out
    assert main(["consolidate", "城市供热条例", "--as-of", "2010-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 35 and len(data["lacunae"]) == 5
    assert main(["history", "城市供热条例", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [v["start"] for v in data["versions"]] == ["2004-06-01", "2021-07-30"]


def test_cli_bad_date_and_unknown_work(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["consolidate", "城市供热条例", "--as-of", "2021-13-01"])
    assert caught.value.code == 2
    assert main(["consolidate", "没有这个条例"]) == 2
    assert "没有" in capsys.readouterr().err


def test_cli_apply_invert_verify(tmp_path, capsys):
    base = tmp_path / "base.txt"
    base.write_text(HEATING.read("derived-2004-03-31"), encoding="utf-8")
    decision = HEATING.path / "decision-2021-07-30.txt"
    expected = HEATING.path / "republished-2021-07-30.txt"
    assert main(["apply", str(base), str(decision), "--report"]) == 0
    out = capsys.readouterr().out
    assert "第三十九条 本条例自2004年6月1日起施行。" in out and "第三十条→第三十二条" in out
    assert main(["verify", "--base", str(base), "--decision", str(decision), "--expected",
                 str(expected), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles_compared"] == 39 and data["identical"] == 39 and data["divergences"] == []
    assert main(["verify", "吉林省城市供热条例"]) == 0
    assert "通过 / ok" in capsys.readouterr().out
    assert main(["invert", str(expected), str(decision), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 35 and len(data["lacunae"]) == 5
    # a divergence makes verify exit 1
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(expected.read_text(encoding="utf-8").replace("制定本条例", "制订本条例"),
                     encoding="utf-8")
    assert main(["verify", "--base", str(base), "--decision", str(decision), "--expected",
                 str(wrong)]) == 1
    assert "UNEXPLAINED" in capsys.readouterr().out
    # an operation that cannot be applied exits 2 with the item and a caret
    bad = tmp_path / "bad.txt"
    bad.write_text("关于修改《吉林省城市供热条例》的决定\n一、删去第九十条。\n", encoding="utf-8")
    assert main(["apply", str(base), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "第一项" in err and "^" in err and "第九十条" in err


@pytest.mark.parametrize("case, code", [
    ("error-missing-article", "target-missing"),
    ("error-phrase-not-found", "words-not-found"),
    ("error-conflicting-items", "same-provision-twice"),
    ("error-renumber-disagrees", "renumbering-disagrees"),
    ("error-position-out-of-range", "cannot-apply"),
])
def test_apply_errors_say_what_kind_of_failure_they_are(case, code):
    """The code is set where the error is raised (the drafter's preview reports it as is)."""
    folder = CASES / case
    before = parse((folder / "before.txt").read_text(encoding="utf-8").rstrip("\n")).regulation
    decision = parse_decision((folder / "decision.txt").read_text(encoding="utf-8"))
    with pytest.raises(ApplyError) as caught:
        apply(before, decision)
    assert caught.value.code == code
