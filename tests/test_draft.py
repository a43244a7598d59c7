"""amend draft: the decision that turns OLD into NEW, self-checked (issue 15)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from amend import cli
from amend.apply import apply
from amend.decision import parse_decision
from amend.draft import draft, words
from amend.draft.check import compare
from amend.structure import parse, parse_source

from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"

DRAFT_CASES = sorted(p for p in (CASES / "draft").iterdir() if p.is_dir())


def _reg(text: str):
    return parse_source(text).regulation


# ---- the drafter's rule ---------------------------------------------------------------------

def test_rule_few_words_are_word_edits():
    old = "供热单位应当保障供热质量。"
    new = "供热经营企业应当保障供热质量。"
    assert not words.prefer_restatement(old, new)


def test_rule_most_changed_is_restatement():
    old = "违反本规定的，由公安机关处以罚款。"
    new = "违反本规定第三条的，由城市管理部门责令改正，对个人处二百元罚款。"
    assert words.changed_share(old, new, words.hunks(old, new)) > words.RESTATE_SHARE
    assert words.prefer_restatement(old, new)


def test_rule_many_places_is_restatement():
    old = "甲应当一，乙应当二，丙应当三，丁应当四。"
    new = "甲必须一，乙必须二，丙必须三，丁必须四。"
    assert len(words.hunks(old, new)) > words.MAX_HUNKS
    assert words.prefer_restatement(old, new)


def test_quoted_words_are_unique_in_their_scope():
    # "单位" occurs twice in the paragraph: the clause quotes enough context to name one
    scope = ["供热单位和用热单位应当签订合同。"]
    from amend.ops import Ref

    ref = Ref("第三条", article=3)
    edits = words.line_edits(scope, 0, "供热经营企业和用热单位应当签订合同。", ref)
    assert edits is not None and len(edits) == 1
    (old, new), = edits[0].pairs
    assert scope[0].count(old) == 1 and "单位" in old and new == old.replace("单位", "经营企业", 1)


# ---- golden cases ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", DRAFT_CASES, ids=lambda p: p.name)
def test_golden(case):
    old = _reg((case / "old.txt").read_text(encoding="utf-8"))
    new = _reg((case / "new.txt").read_text(encoding="utf-8"))
    d = draft(old, new)
    assert d.ok, d.check
    assert d.text == (case / "expected.txt").read_text(encoding="utf-8")


def test_heating_reads_like_a_decision():
    case = CASES / "draft" / "heating"
    d = draft(_reg((case / "old.txt").read_text(encoding="utf-8")),
              _reg((case / "new.txt").read_text(encoding="utf-8")))
    kinds = [it.kind for it in d.items]
    assert kinds == ["edited", "edited", "added", "edited", "heading", "edited"]
    assert "将第三条改为第四条" in d.text  # the claim where an item touches a renumbered article
    assert "第三条规定" not in d.text  # the cross-reference the renumbering updates is no item
    assert d.plan.reorder and "此外，对条文顺序作相应调整。" in d.text


_CHAPTERS = """示例管理条例
第一章 总则
第一条 为了规范示例管理，制定本条例。
第二条 本条例适用于本省行政区域内的示例管理活动。
第二章 管理
第三条 示例经营者应当依法取得许可。
第四条 示例经营者不得擅自停止服务。
第五条 主管部门应当建立投诉处理制度。
第三章 附则
第六条 本条例自2020年1月1日起施行。
"""


def test_article_added_at_the_head_of_a_chapter_states_the_chapter():
    # the engine puts an inserted article with the article before it (第一章): the drafter
    # states the chapter's articles — "第二章“管理”，包括第三条至第六条"
    new = _CHAPTERS.replace("第三条 示例经营者应当依法取得许可。",
                            "第三条 主管部门应当加强示例管理。\n第四条 示例经营者应当依法取得许可。")
    new = new.replace("第四条 示例经营者不得", "第五条 示例经营者不得").replace(
        "第五条 主管部门应当建立", "第六条 主管部门应当建立").replace("第六条 本条例自", "第七条 本条例自")
    d = draft(_reg(_CHAPTERS), _reg(new))
    assert d.ok, d.check
    assert "第二章“管理”，包括第三条至第六条" in d.text


def test_moved_article_is_claimed_so_that_the_engine_sees_the_move():
    # 第三条 moves after 第五条; 第四条 and 第五条 change no words.  The engine reads a move
    # only from the claims, so the articles it crosses are claimed too ("将第四条改为第三条")
    new = _CHAPTERS.replace("第三条 示例经营者应当依法取得许可。\n", "").replace(
        "第四条 示例经营者不得", "第三条 示例经营者不得").replace(
        "第五条 主管部门应当建立投诉处理制度。",
        "第四条 主管部门应当建立投诉处理制度。\n第五条 示例经营者应当依法取得许可。")
    d = draft(_reg(_CHAPTERS), _reg(new))
    assert d.ok, d.check
    assert "将第三条改为第五条" in d.text
    assert any(it.kind == "renumbered" for it in d.items)


def test_article_opening_with_zhong_is_restated_without_its_label():
    # "第二条中央…" would read as "第二条中…" once the decision's spacing is dropped
    new = _CHAPTERS.replace("第二条 本条例适用于本省行政区域内的示例管理活动。",
                            "第二条 中央和地方有关部门按照职责做好示例管理工作。")
    d = draft(_reg(_CHAPTERS), _reg(new))
    assert d.ok, d.check
    assert "修改为：“中央和地方" in d.text


def test_new_chapter_holding_an_old_article_states_its_articles():
    # 第五条 goes into a new chapter: "增加一章，作为第三章“监督”，包括第五条"
    new = _CHAPTERS.replace("第五条 主管部门应当建立投诉处理制度。",
                            "第三章 监督\n第五条 主管部门应当建立投诉处理制度。").replace(
        "第三章 附则", "第四章 附则")
    d = draft(_reg(_CHAPTERS), _reg(new))
    assert d.ok, d.check
    assert "增加一章，作为第三章“监督”，包括第五条" in d.text


def test_unchanged_text_gives_no_items():
    text = (CASES / "draft" / "heating" / "old.txt").read_text(encoding="utf-8")
    d = draft(_reg(text), _reg(text))
    # no item: there is nothing to decide, and the engine reads no decision without items
    assert d.items == () and not d.ok and "no amendment items" in d.check.error


def test_check_says_where():
    case = CASES / "draft" / "heating"
    old = _reg((case / "old.txt").read_text(encoding="utf-8"))
    new = _reg((case / "new.txt").read_text(encoding="utf-8"))
    result = apply(old, parse_decision((CASES / "draft" / "heating" / "expected.txt")
                                       .read_text(encoding="utf-8").replace("城市", "农村")))
    where = [m.where for m in compare(result.regulation, new)]
    assert where == ["第二条"]


# ---- command --------------------------------------------------------------------------------

def test_cli_text_json_and_exit_codes(tmp_path, capsys):
    case = CASES / "draft" / "heating"
    out = tmp_path / "d.txt"
    assert cli.main(["draft", str(case / "old.txt"), str(case / "new.txt"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (case / "expected.txt").read_text(encoding="utf-8")
    assert cli.main(["draft", str(case / "old.txt"), str(case / "new.txt"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and [i["number"] for i in data["items"]][:2] == ["一", "二"]
    assert cli.main(["draft", str(case / "old.txt"), str(tmp_path / "missing.txt")]) == 2
    assert cli.main(["draft", str(case / "old.txt"), str(case / "new.txt"),
                     "--format", "docx"]) == 2
    assert cli.main(["draft", str(case / "old.txt"), str(case / "new.txt"), "--format", "docx",
                     "-o", str(tmp_path / "d.docx")]) == 0
    assert (tmp_path / "d.docx").read_bytes()[:2] == b"PK"


def test_cli_refuses_to_print_an_unchecked_decision(monkeypatch, capsys):
    import amend.draft as drafting
    from amend.draft.check import Check, Mismatch

    real = drafting.draft

    def broken(old, new, **kw):
        import attrs

        d = real(old, new, **kw)
        return attrs.evolve(d, check=Check(False, (Mismatch("第二条", "甲", "乙"),)))

    monkeypatch.setattr(drafting, "draft", broken)
    case = CASES / "draft" / "heating"
    assert cli.main(["draft", str(case / "old.txt"), str(case / "new.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "第二条" in captured.err and "self-check failed" in captured.err


# ---- property: draft → apply is the identity on NEW ------------------------------------------

_WORDS = ["供热", "单位", "应当", "保障", "质量", "管理", "部门", "负责", "监督", "用户", "权益",
          "城市", "企业", "依法", "处罚", "罚款", "责令", "改正", "服务", "规划"]
_phrase = st.lists(st.sampled_from(_WORDS), min_size=3, max_size=8).map("".join)
_paragraph = st.lists(_phrase, min_size=1, max_size=3).map(lambda ps: "，".join(ps) + "。")
_article = st.lists(_paragraph, min_size=1, max_size=3)


def _text(articles) -> str:
    lines = ["某某条例"]
    for n, paras in enumerate(articles, 1):
        from amend.numerals import article_label

        lines.append(f"{article_label(n)} {paras[0]}")
        lines.extend(paras[1:])
    return "\n".join(lines)


@st.composite
def _edited(draw):
    # each article carries its own subject (甲类事项…), as real articles do: texts made of the
    # same few words over and over have no alignment a drafter could state (see the report)
    marks = iter("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")

    def marked(a):
        return [f"{next(marks)}类事项{a[0]}", *a[1:]]

    old = [marked(a) for a in draw(st.lists(_article, min_size=2, max_size=7))]
    new = [list(a) for a in old]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["words", "add", "delete", "restate", "paragraph"]))
        if kind == "add":
            new.insert(draw(st.integers(0, len(new))), marked(draw(_article)))
        elif kind == "delete" and len(new) > 1:
            new.pop(draw(st.integers(0, len(new) - 1)))
        elif kind == "restate":
            new[draw(st.integers(0, len(new) - 1))] = marked(draw(_article))
        elif kind == "paragraph":
            a = new[draw(st.integers(0, len(new) - 1))]
            a.insert(draw(st.integers(0, len(a))), draw(_paragraph))
        else:
            a = new[draw(st.integers(0, len(new) - 1))]
            k = draw(st.integers(0, len(a) - 1))
            word = draw(st.sampled_from(_WORDS))
            if word in a[k]:
                a[k] = a[k].replace(word, draw(st.sampled_from(_WORDS)), 1)
            else:
                a[k] = a[k][:-1] + "，" + word + "。"
    return _text(old), _text(new)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edited())
def test_property_draft_then_apply_is_identity(texts):
    old_text, new_text = texts
    old, new = parse(old_text).regulation, parse(new_text).regulation
    assume(old.articles() != new.articles())  # an edit that changed nothing needs no decision
    # identical articles in one text are left out: which copy was deleted is not decidable and
    # the drafter does not yet handle it (see the report of issue 15)
    assume(len({a.paragraphs for a in old.articles()}) == len(old.articles()))
    d = draft(old, new)
    assert d.ok, (d.text, d.check.error, d.check.mismatches)
    result = apply(old, parse_decision(d.text))
    assert result.regulation.articles() == new.articles()
