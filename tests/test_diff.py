"""Redlines: alignment, inline diffs, the Changes value, golden outputs, the diff and preview
commands, and determinism."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amend import numerals
from amend.apply import apply
from amend.cli import main
from amend.decision.parser import parse_decision
from amend.diff import Known, Link, Unit, align, compare, textdiff
from amend.preview import preview
from amend.structure import parse

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"

DIFF_CASES = CASES / "diff"


def _regen():
    spec = importlib.util.spec_from_file_location("regen_diff_cases",
                                                  REPO / "tests" / "regen_diff_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- inline differences -----------------------------------------------------------------------


def test_replaced_phrase_reads_as_one_change_not_confetti():
    segs = textdiff.diff("保障供热单位和用户的合法权益", "保障热经营企业和用户的合法权益")
    assert textdiff.marked(segs) == "保障[-供热单位-][+热经营企业+]和用户的合法权益"
    # a real case (上海市住宅物业管理规定) where semantic cleanup alone leaves "书面" between
    # two changes: "应当[-提前三个月-][+在合同期限届满前九十日+]书面[-告-][+通+]知"
    head = "物业服务企业决定物业服务合同期限届满后不再为该物业管理区域提供物业服务的，"
    old = head + "应当提前三个月书面告知业主委员会。"
    new = head + "应当在合同期限届满前九十日书面通知业主或者业主委员会，但是合同对通知期限另有约定的除外。"
    raw = "".join(t if o == "=" else f"[{o}{t}{o}]" for o, t in textdiff.raw(old, new))
    assert "书面[-告-][+通+]知" in raw
    # …and the cleanup neither leaves the confetti nor cuts 告知/通知 (issue 14 point 7)
    assert ("应当[-提前三个月书面告知业主委员会-][+在合同期限届满前九十日书面通知业主或者业主委员会，"
            "但是合同对通知期限另有约定的除外+]。") in textdiff.marked(textdiff.diff(old, new))


def test_a_changed_number_is_shown_whole():
    segs = textdiff.diff("依照本法第二百零七条的规定", "依照本法第二百一十一条的规定")
    assert textdiff.marked(segs) == "依照本法第[-二百零七-][+二百一十一+]条的规定"
    segs = textdiff.diff("本法第二百五十条规定", "本法第二百五十四条规定")
    assert textdiff.marked(segs) == "本法第[-二百五十-][+二百五十四+]条规定"


def test_punctuation_is_never_folded_into_a_change():
    diffs = [("-", "甲"), ("+", "丙"), ("=", "，"), ("-", "乙"), ("+", "丁")]
    assert textdiff._fold(diffs) == diffs
    assert textdiff._fold([("-", "甲"), ("=", "热"), ("+", "丁")]) == [("-", "甲热"), ("+", "热丁")]


_TEXT = st.text(alphabet="供热单位经营企业人民政府第一二三十条款项，。、；", max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT)
def test_segments_rebuild_both_sides(old, new):
    segs = textdiff.diff(old, new)
    assert textdiff.side(segs, "-") == old and textdiff.side(segs, "+") == new
    assert all(s.text for s in segs)
    assert all(a.op != b.op for a, b in itertools.pairwise(segs) if "=" in (a.op, b.op))


@pytest.mark.skipif(textdiff.engine() != "fast-diff-match-patch",
                    reason="fast-diff-match-patch is not installed (it is optional)")
def test_fast_engine_gives_the_pure_python_output(modified_lines):
    """fast-diff-match-patch is used only because it gives the same diffs, faster."""
    assert len(modified_lines) > 30
    for a, b in modified_lines:
        assert textdiff.raw(a, b, fast=True) == textdiff.raw(a, b), (a, b)


# ---- alignment --------------------------------------------------------------------------------

_WORDS = ["供热主管部门", "热经营企业", "用户", "应当", "罚款", "责令改正", "经营许可证", "本条例"]
_ARTICLE = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ARTICLE, max_size=12), st.lists(_ARTICLE, max_size=12),
       st.lists(st.booleans(), max_size=12))
def test_every_unit_is_accounted_for_exactly_once(old, new, unknown):
    units_old = [Unit(i, t, unknown[i] if i < len(unknown) else False) for i, t in enumerate(old)]
    units_new = [Unit(i, t) for i, t in enumerate(new)]
    pairs = align(units_old, units_new)
    assert sorted(i for p in pairs for i in p.old) == list(range(len(old)))
    assert sorted(j for p in pairs for j in p.new) == list(range(len(new)))
    for p in pairs:  # a lacuna is never paired by its words or its place
        if any(units_old[i].unknown for i in p.old):
            assert p.matched_by == "unresolved" and not p.new


@settings(max_examples=100, deadline=None)
@given(st.lists(_ARTICLE, min_size=1, max_size=10, unique=True), st.data())
def test_renumbering_by_insertions_and_deletions_is_recovered(texts, data):
    """Delete some articles and insert new words: the survivors pair with themselves, in order,
    and the map old → new is injective and order-preserving (a renumbering)."""
    keep = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    new = []
    for t, k in zip(texts, keep):
        if k:
            new.append(t)
        if data.draw(st.booleans()):
            new.append("新增条文" + str(len(new)) + "：" + "甲乙丙丁戊己庚辛壬癸"[len(new) % 10] * 6)
    pairs = align([Unit(i, t) for i, t in enumerate(texts)], [Unit(j, t) for j, t in enumerate(new)])
    # a deleted article may pair by position with a new one in its place (the only two left
    # between the same neighbours): that is a replacement, not a survivor
    mapped = {p.old[0]: p.new[0] for p in pairs if p.old and p.new and p.matched_by != "position"}
    assert set(mapped) == {i for i, k in enumerate(keep) if k}
    assert all(texts[i] == new[j] for i, j in mapped.items())
    values = [mapped[i] for i in sorted(mapped)]
    assert values == sorted(values) and len(set(values)) == len(values)


def test_known_pairs_win_over_identical_words():
    old = [Unit(1, "甲"), Unit(2, "乙")]
    new = [Unit(1, "乙"), Unit(2, "甲")]
    pairs = align(old, new, Known({0: (0,), 1: (1,)}))
    assert [(p.old, p.new, p.matched_by) for p in pairs] == [((0,), (0,), "decision"),
                                                            ((1,), (1,), "decision")]


# ---- the heating regulation: derived 2004 text (with lacunae) → 2021 --------------------------


@pytest.fixture(scope="module")
def heating(heating_versions):
    return heating_versions


def _mapping(changes):
    return {a.old: a.new for a in changes.articles}


def test_heating_alignment_without_the_decision(heating):
    """Every article whose old words are known pairs as the decision implies; the five lacunae
    (old 第三十条 to 第三十四条) are reported as unresolved, not guessed."""
    old, new, _ = heating
    changes = compare(old, new)
    lab = numerals.article_label
    expected = {**{(lab(n),): (lab(n),) for n in range(1, 6)},
                **{(lab(n),): (lab(n + 1),) for n in range(6, 18)},
                **{(lab(n),): (lab(n + 2),) for n in range(18, 30)},
                (lab(35),): (lab(39),)}
    got = _mapping(changes)
    assert {k: got[k] for k in expected} == expected
    unresolved_old = [a.old[0] for a in changes.articles if a.kind == "unresolved" and a.old]
    assert unresolved_old == [lab(n) for n in range(30, 35)]
    # the new articles between the same anchors could be their counterparts: not called "added"
    unresolved_new = [a.new[0] for a in changes.articles if a.kind == "unresolved" and a.new]
    assert unresolved_new == [lab(n) for n in range(32, 39)]
    assert [a.new[0] for a in changes.articles if a.kind == "added"] == [lab(6), lab(19)]
    assert all(not a.causes for a in changes.articles)


def test_heating_alignment_with_the_decision(heating):
    old, new, link = heating
    changes = compare(old, new, link)
    counts = changes.summary()
    assert sum(len(a.old) for a in changes.articles if a.new) == 35  # every old article paired
    assert counts["added"] == 4 and counts["replaced"] == 5 and counts["unresolved"] == 0
    replaced = {a.old[0]: (a.new[0], a.causes[0].item) for a in changes.articles
                if a.kind == "replaced"}
    assert replaced == {"第三十条": ("第三十二条", "三"), "第三十一条": ("第三十三条", "四"),
                        "第三十二条": ("第三十五条", "六"), "第三十三条": ("第三十六条", "七"),
                        "第三十四条": ("第三十八条", "九")}
    added = {a.new[0]: a.causes[0].item for a in changes.articles if a.kind == "added"}
    assert added == {"第六条": "一", "第十九条": "二", "第三十四条": "五", "第三十七条": "八"}
    assert all(a.matched_by == "decision" for a in changes.articles if a.kind != "renumbered"
               and a.kind != "unchanged")
    # the lacuna is shown as unknown, never as deleted words
    first = next(a for a in changes.articles if a.old == ("第三十条",))
    assert first.lines[0].kind == "unresolved"


def test_split_and_merge_are_recognised_without_a_decision():
    case = DIFF_CASES / "split-merge"
    old = parse((case / "old.txt").read_text(encoding="utf-8")).regulation
    new = parse((case / "new.txt").read_text(encoding="utf-8")).regulation
    kinds = {(a.old, a.new): a.kind for a in compare(old, new).articles if a.changed}
    assert kinds == {(("第二条",), ("第二条", "第三条")): "split",
                     (("第三条", "第四条"), ("第四条",)): "merged"}


def test_links_compose_across_decisions():
    base = parse("某条例\n\n第一条 甲。\n第二条 乙。\n第三条 丙。").regulation
    first = parse_decision("关于修改《某条例》的决定\n一、增加一条，作为第二条：“新。”\n此外，对条文顺序作相应调整。")
    second = parse_decision("关于修改《某条例》的决定\n一、删去第三条。\n此外，对条文顺序作相应调整。")
    r1 = apply(base, first)
    r2 = apply(r1.regulation, second)
    link = Link.from_result(r1, "一").then(Link.from_result(r2, "二"))
    assert link.articles == {(1, 0): (1, 0), (2, 0): None, (3, 0): (3, 0)}
    assert link.added == ((2, 0),)
    changes = compare(base, r2.regulation, link)
    by_old = {a.old: (a.new, a.kind, [(link.decisions[c.decision], c.item) for c in a.causes])
              for a in changes.articles}
    assert by_old[("第二条",)] == ((), "deleted", [("二", "一")])
    assert by_old[()] == (("第二条",), "added", [("一", "一")])


# ---- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(p.name for p in DIFF_CASES.iterdir() if p.is_dir()))
def test_golden_redlines(case):
    folder = DIFF_CASES / case
    for name, text in _regen().outputs(folder).items():
        expected = (folder / name).read_text(encoding="utf-8")
        assert text == expected, f"{case}/{name} differs (see tests/regen_diff_cases.py)"


def test_every_article_is_in_the_json_exactly_once():
    for folder in sorted(p for p in DIFF_CASES.iterdir() if p.is_dir()):
        ctx = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        old = parse((folder / "old.txt").read_text(encoding="utf-8")).regulation
        new = parse((folder / "new.txt").read_text(encoding="utf-8")).regulation
        assert sorted(l for a in ctx["articles"] for l in a["old_labels"]) == \
            sorted(a.label for a in old.articles())
        assert sorted(l for a in ctx["articles"] for l in a["new_labels"]) == \
            sorted(a.label for a in new.articles())


# ---- commands ---------------------------------------------------------------------------------


def test_cli_diff_work_between_dates(capsys):
    assert main(["diff", "吉林省城市供热条例", "--from", "2010-01-01", "--to", "2021-08-01",
                 "--format", "json"]) == 0
    ctx = json.loads(capsys.readouterr().out)
    assert ctx["summary"]["added"] == 4 and ctx["summary"]["replaced"] == 5
    row = next(a for a in ctx["articles"] if a["old"] == "第三十条")
    assert (row["new"], row["item"], row["matched_by"]) == ("第三十二条", "三", "decision")
    assert main(["diff", "城市供热条例", "--from", "2010-01-01", "--to", "2021-08-01",
                 "--changed-only", "--color", "always"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[32;4m" in out and "第三十条 → 第三十二条" in out
    assert "第一条\n" not in out  # unchanged articles left out


def test_cli_diff_exit_codes(tmp_path, capsys):
    assert main(["diff", "吉林省城市供热条例", "--from", "2004-05-01", "--to", "2021-08-01"]) == 1
    assert "尚未施行" in capsys.readouterr().err
    assert main(["diff", "吉林省城市供热条例"]) == 2  # no --from
    assert main(["diff", str(tmp_path / "missing.txt"), str(tmp_path / "x.txt")]) == 2
    capsys.readouterr()


def test_cli_diff_files_with_and_without_decision(tmp_path, capsys):
    case = DIFF_CASES / "heating"
    args = ["diff", str(case / "old.txt"), str(case / "new.txt"), "--format", "md"]
    assert main(args) == 0
    without = capsys.readouterr().out
    assert main(args + ["--decision", str(case / "decision.txt")]) == 0
    linked = capsys.readouterr().out
    assert "决定第三项" in linked and "决定第三项" not in without
    out = tmp_path / "redline.html"
    assert main(["diff", str(case / "old.txt"), str(case / "new.txt"), "--format", "html",
                 "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_preview_reports_five_planted_mistakes_with_item_and_caret(heating):
    """The seed decision with five mistakes planted: a missing article, words not found, one
    article replaced by two items, a wrong explicit renumbering, an item out of article order."""
    old, _, _ = heating
    draft = (CASES / "preview" / "heating-draft.txt").read_text(encoding="utf-8")
    result = preview(old, draft)
    assert not result.ok
    found = {(p.code, p.item) for p in result.problems}
    assert {("target-missing", "十一"), ("words-not-found", "二"), ("same-provision-twice", "十二"),
            ("renumbering-disagrees", "五"), ("items-out-of-order", "十三")} <= found
    lines = draft.split("\n")
    for p in result.problems:
        assert p.line and p.clause
        # the caret points at the reference or words the problem is about, in the draft itself
        source_line = lines[p.line - 1]
        assert source_line[p.col - 1:].startswith(p.clause.split("\n")[0][p.column:][:4])
    by_code = {p.code: p for p in result.problems}
    assert by_code["target-missing"].clause[by_code["target-missing"].column:].startswith("第四十条")
    assert by_code["words-not-found"].clause[by_code["words-not-found"].column:].startswith("“分户计量”") \
        or by_code["words-not-found"].clause[by_code["words-not-found"].column:].startswith("分户计量")
    assert set(result.excluded) == {"二", "五", "十一", "十二"}


def test_preview_of_the_seed_decision_is_clean(heating, capsys):
    old, _, _ = heating
    draft = (REPO / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt").read_text(encoding="utf-8")
    result = preview(old, draft)
    assert result.ok and not [p for p in result.problems if p.severity == "error"]
    assert len(result.result.regulation.articles()) == 39
    assert sum(1 for a in result.changes.articles if a.kind in ("added", "replaced")) == 9
    assert main(["preview", "吉林省城市供热条例", "--as-of", "2010-01-01",
                 str(REPO / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt"),
                 "--format", "json"]) == 0
    ctx = json.loads(capsys.readouterr().out)
    assert ctx["ok"] and ctx["articles"] == 39 and len(ctx["renumbering"]) == 30


def test_preview_missing_reorder_clause_is_a_warning(heating):
    old, _, _ = heating
    draft = "关于修改《吉林省城市供热条例》的决定\n一、增加一条，作为第六条：“新增的条文。”\n"
    result = preview(old, draft)
    assert result.ok
    codes = [p.code for p in result.problems]
    assert "reorder-missing" in codes


def test_cli_preview_exit_1_and_carets(capsys):
    draft = CASES / "preview" / "heating-draft.txt"
    assert main(["preview", "吉林省城市供热条例", "--as-of", "2010-01-01", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "第十一项（item 十一），第" in out and "\n      ^" in out
    assert "条文序号对照 / renumbering" in out


def test_preview_of_an_unreadable_item_keeps_the_others(heating):
    old, _, _ = heating
    draft = ("关于修改《吉林省城市供热条例》的决定\n一、将第三十条修政为：“新的。”\n"
             "二、删去第四十条。\n")
    result = preview(old, draft)
    codes = sorted((p.code, p.item) for p in result.problems if p.severity == "error")
    assert codes == [("cannot-read", "一"), ("target-missing", "二")]


# ---- determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "html", "table", "text"])
def test_output_is_identical_across_hash_seeds(fmt, tmp_path):
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"{seed}.{fmt}"
        subprocess.run([sys.executable, "-m", "amend.cli", "diff", "吉林省城市供热条例", "--from",
                        "2010-01-01", "--to", "2021-08-01", "--format", fmt, "-o", str(out)],
                       check=True, env=env, cwd=tmp_path)
        outputs.add(out.read_bytes())
    assert len(outputs) == 1


def test_preview_checks_references_in_the_words_the_draft_writes(heating):
    """New words speak the amended numbering: a citation of a provision the drafted text will not
    have is reported at the citation, in the draft."""
    old, _, _ = heating
    draft = ("关于修改《吉林省城市供热条例》的决定\n"
             "一、增加一条，作为第六条：“违反本条例第四十条规定的，依照本条例第十二条第三款处理。"
             "违反本条例第十三条规定的，依照《中华人民共和国行政许可法》第八十一条处理。”\n"
             "此外，对条文顺序作相应调整。\n")
    result = preview(old, draft)
    missing = [p for p in result.problems if p.code == "reference-in-draft-missing"]
    assert [p.clause[p.column:].split("规定")[0].split("处理")[0] for p in missing] == \
        ["本条例第四十条", "本条例第十二条第三款"]
    assert all(p.item == "一" and p.line == 2 for p in missing)


def test_a_restated_article_keeps_its_word_level_diff_when_linked():
    """"将第二条修改为：“…”" (issue 14 point 5): the link gives the provenance (replaced, item 一)
    but the lines are diffed word by word against the old paragraphs, not struck and re-inserted."""
    from amend.structure import parse
    base = parse("某条例\n第一条 为了示例。\n第二条 陪审员在执行陪审职务时，与审判员有同等的权利义务。\n"
                 "审判员应当公正。").regulation
    decision = parse_decision("关于修改《某条例》的决定\n一、将第二条修改为：“人民陪审员在参加审判活动时，"
                              "与审判员有同等的权利义务。\n“审判员应当公正。”")
    result = apply(base, decision)
    change = next(a for a in compare(base, result.regulation, Link.from_result(result, "决定")).articles
                  if a.old == ("第二条",))
    assert change.kind == "replaced" and [c.item for c in change.causes] == ["一"]
    assert [line.kind for line in change.lines] == ["modified", "unchanged"]
    assert ("+", "人民") in [(s.op, s.text) for s in change.lines[0].segments]
