"""Property-based and table tests for ``amend.numerals``.

Chinese numerals: ``int_to_cn`` writes the canonical statute form and ``cn_to_int`` reads it back
(plus the lenient spellings laws use: 一十七, 两, 〇, 一百十).  Label helpers: every ``*_label``
function is inverted by its ``parse_*_label`` counterpart, and distinct inputs give distinct labels.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amend import numerals
from amend.numerals import (
    DIVISION_KINDS,
    article_label,
    cn_to_int,
    division_label,
    int_to_cn,
    item_label,
    parse_article_label,
    parse_division_label,
    parse_item_label,
    parse_subitem_label,
    subitem_label,
)

SETTINGS = settings(max_examples=200, deadline=None)

numbers = st.integers(min_value=0, max_value=numerals.MAX)
positive = st.integers(min_value=1, max_value=999)
subs = st.integers(min_value=0, max_value=20)
SUBITEM_STYLES = (".", "、", "．", "（）")


# ---- numerals -------------------------------------------------------------------------------


@SETTINGS
@given(numbers)
def test_cn_round_trip(n):
    text = int_to_cn(n)
    assert cn_to_int(text) == n
    assert set(text) <= set(numerals.CN_NUMERAL_CLASS)


@SETTINGS
@given(numbers, numbers)
def test_int_to_cn_injective(a, b):
    assume(a != b)
    assert int_to_cn(a) != int_to_cn(b)


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (17, "十七"),
        (20, "二十"),
        (101, "一百零一"),
        (110, "一百一十"),
        (205, "二百零五"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1050, "一千零五十"),
        (9999, "九千九百九十九"),
    ],
)
def test_int_to_cn_table(n, text):
    assert int_to_cn(n) == text
    assert cn_to_int(text) == n


@pytest.mark.parametrize(
    "text, n",
    [
        ("一十七", 17),
        ("两", 2),
        ("两百", 200),
        ("〇", 0),
        ("一百〇五", 105),
        ("一百十", 110),
        ("一千〇五十", 1050),
    ],
)
def test_cn_to_int_lenient(text, n):
    assert cn_to_int(text) == n


@pytest.mark.parametrize("text", ["", "百", "十百", "abc", "三三", "千百", "一百一百"])
def test_cn_to_int_rejects(text):
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize("n", [-1, numerals.MAX + 1])
def test_int_to_cn_out_of_range(n):
    with pytest.raises(ValueError):
        int_to_cn(n)


# ---- article labels -------------------------------------------------------------------------


@SETTINGS
@given(positive, subs)
def test_article_label_round_trip(number, sub):
    label = article_label(number, sub)
    assert label.startswith("第")
    assert ("之" in label) == (sub > 0)
    assert parse_article_label(label) == (number, sub)


def test_article_label_examples():
    assert article_label(120, 1) == "第一百二十条之一"
    assert parse_article_label("第一百二十条之一") == (120, 1)
    assert article_label(6) == "第六条"
    assert parse_article_label("第六条") == (6, 0)


@SETTINGS
@given(positive, subs, positive, subs)
def test_article_label_injective(n1, s1, n2, s2):
    assume((n1, s1) != (n2, s2))
    assert article_label(n1, s1) != article_label(n2, s2)


@pytest.mark.parametrize("text", ["", "第条", "第六", "六条", "第六条之", "第六章", "第6条", "第六条 "])
def test_parse_article_label_rejects(text):
    with pytest.raises(ValueError):
        parse_article_label(text)


# ---- division labels ------------------------------------------------------------------------


@SETTINGS
@given(positive, st.sampled_from(DIVISION_KINDS))
def test_division_label_round_trip(number, kind):
    label = division_label(number, kind)
    assert label.endswith(kind)
    assert parse_division_label(label) == (number, kind)


@SETTINGS
@given(positive, st.sampled_from(DIVISION_KINDS), positive, st.sampled_from(DIVISION_KINDS))
def test_division_label_injective(n1, k1, n2, k2):
    assume((n1, k1) != (n2, k2))
    assert division_label(n1, k1) != division_label(n2, k2)


def test_division_label_examples():
    assert division_label(2, "章") == "第二章"
    assert division_label(1, "分编") == "第一分编"
    assert parse_division_label("第一分编") == (1, "分编")
    assert parse_division_label("第三编") == (3, "编")
    with pytest.raises(ValueError):
        division_label(1, "条")
    with pytest.raises(ValueError):
        parse_division_label("第一条")


# ---- items and subitems ---------------------------------------------------------------------


@SETTINGS
@given(positive)
def test_item_label_round_trip(number):
    label = item_label(number)
    assert label.startswith("（") and label.endswith("）")
    assert parse_item_label(label) == number
    assert parse_item_label("(" + label[1:-1] + ")") == number  # half-width brackets


@SETTINGS
@given(positive, positive)
def test_item_label_injective(a, b):
    assume(a != b)
    assert item_label(a) != item_label(b)


def test_item_label_examples():
    assert item_label(3) == "（三）"
    assert parse_item_label("(三)") == 3
    for bad in ("三", "（3）", "（三", "【三】"):
        with pytest.raises(ValueError):
            parse_item_label(bad)


@SETTINGS
@given(positive, st.sampled_from(SUBITEM_STYLES))
def test_subitem_label_round_trip(number, style):
    assert parse_subitem_label(subitem_label(number, style)) == number


@SETTINGS
@given(positive, st.sampled_from(SUBITEM_STYLES), positive, st.sampled_from(SUBITEM_STYLES))
def test_subitem_label_injective(n1, s1, n2, s2):
    assume((n1, s1) != (n2, s2))
    assert subitem_label(n1, s1) != subitem_label(n2, s2)


@pytest.mark.parametrize("n", range(1, 21))
def test_parse_subitem_label_enclosed_digits(n):
    assert parse_subitem_label(chr(ord("⒈") + n - 1)) == n


def test_subitem_label_examples():
    assert subitem_label(1) == "1."
    assert subitem_label(2, "、") == "2、"
    assert subitem_label(3, "（）") == "（3）"
    assert parse_subitem_label("(4)") == 4
    assert parse_subitem_label("⒛") == 20
    with pytest.raises(ValueError):
        subitem_label(1, ")")
    for bad in ("1", "a.", "（一）", "1234."):
        with pytest.raises(ValueError):
            parse_subitem_label(bad)


@pytest.mark.parametrize("text", ["零五", "十零", "〇一"])
def test_zero_only_inside_a_numeral(text):
    with pytest.raises(ValueError):
        cn_to_int(text)


def test_article_label_rejects_zhi_zero():
    with pytest.raises(ValueError):
        parse_article_label("第六条之零")
