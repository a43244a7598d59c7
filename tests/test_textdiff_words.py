"""Inline diffs that snap to word and punctuation boundaries (issue 14 point 7): the issue's
example, punctuation, whole numbers and words, the segments rebuilding both texts for any input,
determinism, and the segmenter staying out of commands that do not diff."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amend.diff import compare, textdiff
from amend.structure import parse_source

REPO = Path(__file__).resolve().parent.parent


def _marked(old: str, new: str) -> str:
    return textdiff.marked(textdiff.diff(old, new))


def _edges(segments):
    """(old offset, new offset) of both edges of every run of changes."""
    return [edge for a0, a1, b0, b1 in textdiff.runs(segments) for edge in ((a0, b0), (a1, b1))]


# ---- the issue's example and its kind ------------------------------------------------------------

def test_the_issue_example_snaps_to_the_list_members():
    old = "前三款规定，适用于书记员、翻译人员、鉴定人、勘验人。"
    new = "前三款规定，适用于法官助理、书记员、司法技术人员、翻译人员、鉴定人、勘验人。"
    assert _marked(old, new) == (
        "前三款规定，适用于[+法官助理、+]书记员[+、司法技术人员+]、翻译人员、鉴定人、勘验人。")
    # what diff-match-patch's semantic cleanup alone makes of it
    raw = "".join(t if o == "=" else f"[{o}{t}{o}]" for o, t in textdiff.raw(old, new))
    assert "[-书记-][+法官助理、书记员、司法技术人+]员" in raw


def test_the_issue_example_in_the_real_redline(corpus_dev):
    """民事诉讼法 2021 → 2023, old 第四十七条第四款, through the whole alignment."""
    folder = corpus_dev / "民事诉讼法"
    old, new = (parse_source((folder / f).read_text(encoding="utf-8")).regulation
                for f in ("2021-12-24.md", "2023-09-01.md"))
    lines = [textdiff.marked(line.segments) for change in compare(old, new).articles
             for line in change.lines]
    assert "前三款规定，适用于[+法官助理、+]书记员[+、司法技术人员+]、翻译人员、鉴定人、勘验人。" in lines


def test_a_changed_word_is_replaced_whole():
    assert _marked("并将决定书面告知物业服务企业", "并将决定书面通知物业服务企业") == (
        "并将决定书面[-告知-][+通知+]物业服务企业")  # not "书面[-告-][+通+]知"
    assert _marked("由市场监督管理部门处理", "由市场监管部门处理") == "由市场[-监督管理-][+监管+]部门处理"


# ---- punctuation --------------------------------------------------------------------------------

def test_a_deleted_sentence_takes_its_own_full_stop():
    assert _marked("甲应当报告。乙应当备案。", "甲应当报告。") == "甲应当报告。[-乙应当备案。-]"
    assert _marked("甲应当报告。", "甲应当报告。乙应当备案。") == "甲应当报告。[+乙应当备案。+]"


def test_an_added_clause_or_list_member_follows_its_anchor():
    # the way decisions word it: 在“合法权益”后增加“，促进节能减排”
    assert _marked("保障用户的合法权益，制定本办法。", "保障用户的合法权益，促进节能减排，制定本办法。") == (
        "保障用户的合法权益[+，促进节能减排+]，制定本办法。")
    assert _marked("公安、水务、民政", "公安、水务、绿化市容、民政") == "公安、水务[+、绿化市容+]、民政"
    assert _marked("甲，乙，丙。", "甲，丙。") == "甲[-，乙-]，丙。"


def test_a_change_of_punctuation_alone_stays_small():
    assert _marked("经乡、镇选举委员会批准", "经乡镇选举委员会批准") == "经乡[-、-]镇选举委员会批准"
    assert _marked("股东，董事", "股东、董事") == "股东[-，-][+、+]董事"


def test_a_change_never_starts_or_ends_inside_brackets_it_does_not_need():
    assert _marked("依照《中华人民共和国物权法》的规定", "依照《中华人民共和国民法典》的规定") == (
        "依照《中华人民共和国[-物权法-][+民法典+]》的规定")


# ---- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ("依照本法第三十条的规定", "依照本法第三十二条的规定", "依照本法第[-三十-][+三十二+]条的规定"),
    ("依照本法第二百零七条的规定", "依照本法第二百一十一条的规定",
     "依照本法第[-二百零七-][+二百一十一+]条的规定"),
    ("本法第二百五十条规定", "本法第二百五十四条规定", "本法第[-二百五十-][+二百五十四+]条规定"),
    ("处一万元以上十万元以下的罚款", "处二万元以上二十万元以下的罚款",
     "处[-一万-][+二万+]元以上[-十万-][+二十万+]元以下的罚款"),
    ("本规定自2007年12月1日起施行。", "本规定自2025年1月1日起施行。",
     "本规定自[-2007-][+2025+]年[-12-][+1+]月1日起施行。"),
])
def test_numbers_stay_whole(old, new, expected):
    assert _marked(old, new) == expected


# ---- any input ----------------------------------------------------------------------------------

_CHINESE_ISH = st.text(
    alphabet=st.sampled_from(list("供热单位经营企业人民政府书记员法官助理第一二三十百零条款项的和或者"
                                  "，。、；：（）《》“”0123456789 ab\u3000…—")),
    max_size=60)
_ANY = st.text(max_size=30)


def _rebuilds(old: str, new: str):
    segs = textdiff.diff(old, new)
    assert "".join(s.text for s in segs if s.op in "=-") == old
    assert "".join(s.text for s in segs if s.op in "=+") == new
    assert all(s.text for s in segs)
    assert all(s.op in "=-+" for s in segs)
    # equal runs alternate with runs of changes, each run one deletion then one insertion
    for a, b in itertools.pairwise(segs):
        assert (a.op, b.op) in {("=", "-"), ("=", "+"), ("-", "+"), ("-", "="), ("+", "=")}
    return segs


@settings(max_examples=400, deadline=None)
@given(_CHINESE_ISH, _CHINESE_ISH)
def test_segments_rebuild_both_texts_exactly(old, new):
    segs = _rebuilds(old, new)
    old_words, new_words = textdiff.boundaries(old), textdiff.boundaries(new)
    edges = _edges(segs)
    for (a0, b0), (a1, b1) in zip(edges[::2], edges[1::2]):
        if not any(ch.isalnum() for ch in old[a0:a1] + new[b0:b1]):
            continue  # "乡[-、-]镇": punctuation alone stays as it is
        for a, b in ((a0, b0), (a1, b1)):
            assert a in old_words and b in new_words, (textdiff.marked(segs), a, b)
            # no change begins or ends between two characters of a number
            assert not (0 < a < len(old) and old[a - 1] in textdiff.NUMERAL
                        and old[a] in textdiff.NUMERAL)


@settings(max_examples=200, deadline=None)
@given(_ANY, _ANY)
def test_segments_rebuild_both_texts_for_any_string(old, new):
    _rebuilds(old, new)


@settings(max_examples=100, deadline=None)
@given(_CHINESE_ISH)
def test_a_text_against_itself_or_nothing(text):
    assert textdiff.side(textdiff.diff(text, text), "-") == text
    assert textdiff.marked(textdiff.diff(text, "")) == (f"[-{text}-]" if text else "")
    assert textdiff.marked(textdiff.diff("", text)) == (f"[+{text}+]" if text else "")


# ---- determinism --------------------------------------------------------------------------------

_PAIRS = [
    ("前三款规定，适用于书记员、翻译人员、鉴定人、勘验人。",
     "前三款规定，适用于法官助理、书记员、司法技术人员、翻译人员、鉴定人、勘验人。"),
    ("物业服务企业应当提前三个月书面告知业主委员会。",
     "物业服务企业应当在合同期限届满前九十日书面通知业主或者业主委员会，但是合同对通知期限另有约定的除外。"),
    ("市和区、县人民政府应当把农业科技发展纳入国民经济和社会发展总体规划。",
     "市、区人民政府应当把农业科技进步纳入国民经济和社会发展规划。"),
]


def test_the_same_output_in_every_process():
    script = ("from amend.diff import textdiff\n"
              f"for a, b in {_PAIRS!r}:\n"
              "    print(textdiff.marked(textdiff.diff(a, b)))\n")
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=env, cwd=REPO, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert outputs.pop().splitlines() == [_marked(a, b) for a, b in _PAIRS]


def test_commands_that_do_not_diff_do_not_load_the_segmenter():
    script = "import sys, amend.cli, amend.diff; print('rjieba' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO, check=True)
    assert done.stdout.strip() == "False"


# ---- the engines ---------------------------------------------------------------------------------

@pytest.mark.skipif(textdiff.engine() != "fast-diff-match-patch",
                    reason="fast-diff-match-patch is not installed (it is optional)")
def test_fast_engine_without_cleanup_gives_the_pure_python_diff(modified_lines):
    """``diff`` starts from diff_main without cleanup: the C++ and Python ones must agree."""
    assert len(modified_lines) > 30
    for a, b in modified_lines:
        assert textdiff._quick(a, b) == textdiff._pure(a, b), (a, b)
