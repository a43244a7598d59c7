"""Chinese numerals and the labels of legal provisions.

Contract: ``cn_to_int`` reads the numerals laws use (零/〇 for gaps, 一十 inside hundreds and bare
十 for 10–19, 两 in counts, up to 9999) and ``int_to_cn`` writes the canonical statute form
(十七, 一百一十, 二百零五), so that ``cn_to_int(int_to_cn(n)) == n`` for 1 ≤ n ≤ 9999.  The label
helpers format and parse 第X条 / 第X条之N, 第X编/分编/章/节, （一）/(一) items and 1. / 1、 / （1）
subitems.  Every parser raises ``ValueError`` naming what it expected; none guesses.
"""

from __future__ import annotations

import functools
import re

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
MAX = 9999

#: Character class of a Chinese numeral as it appears in labels (for building regexes).
CN_NUMERAL_CLASS = "零〇一二三四五六七八九十百千两"
CN_NUMERAL = f"[{CN_NUMERAL_CLASS}]+"

DIVISION_KINDS = ("编", "分编", "章", "节")


@functools.lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral: "十七" → 17, "一百一十" → 110, "二百零五" → 205, "两" → 2."""
    if not text or any(c not in _DIGIT_VALUE and c not in _UNIT_VALUE for c in text):
        raise ValueError(f"expected a Chinese numeral (零一二…十百千), got {text!r}")
    if len(text) > 1 and (text[0] in "零〇" or text[-1] in "零〇"):
        raise ValueError(f"零 only marks a gap inside a Chinese numeral, got {text!r}")
    total = 0
    pending: int | None = None  # digit waiting for its unit
    last_unit = 10_000
    for ch in text:
        if ch in _DIGIT_VALUE:
            if pending is not None:
                raise ValueError(f"two digits in a row in Chinese numeral {text!r}")
            pending = _DIGIT_VALUE[ch]
            if pending == 0:
                pending = None  # 零 only marks a gap
            continue
        unit = _UNIT_VALUE[ch]
        if unit >= last_unit:
            raise ValueError(f"units out of order in Chinese numeral {text!r}")
        if pending is None:
            if unit == 10:
                pending = 1  # bare 十: "十七" alone, and the lenient "一百十"
            else:
                raise ValueError(f"unit {ch} without a digit in Chinese numeral {text!r}")
        total += pending * unit
        pending = None
        last_unit = unit
    if pending is not None:
        total += pending
    if total == 0 and text not in ("零", "〇"):
        raise ValueError(f"Chinese numeral {text!r} has no value")
    return total


@functools.lru_cache(maxsize=4096)
def int_to_cn(n: int) -> str:
    """Canonical statute numeral: 17 → "十七", 110 → "一百一十", 205 → "二百零五", 0 → "零"."""
    if not 0 <= n <= MAX:
        raise ValueError(f"expected 0 ≤ n ≤ {MAX}, got {n}")
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    out: list[str] = []
    gap = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // unit) % 10
        if digit:
            if gap and out:
                out.append("零")
            out.append(DIGITS[digit] + name)
            gap = False
        elif out:
            gap = True
    return "".join(out)


# ---- article labels -------------------------------------------------------------------------

_ARTICLE = re.compile(rf"第({CN_NUMERAL})条(?:之({CN_NUMERAL}))?")


def article_label(number: int, sub: int = 0) -> str:
    """第六条, or 第一百二十条之一 when ``sub`` is given."""
    if number < 1:
        raise ValueError(f"article number must be ≥ 1, got {number}")
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def parse_article_label(text: str) -> tuple[int, int]:
    """"第一百二十条之一" → (120, 1); "第六条" → (6, 0)."""
    m = _ARTICLE.fullmatch(text)
    if not m:
        raise ValueError(f"expected an article label such as 第六条 or 第六条之一, got {text!r}")
    number, sub = cn_to_int(m[1]), cn_to_int(m[2]) if m[2] else 0
    if number == 0 or (m[2] and sub == 0):
        raise ValueError(f"article numbers start at 一 (第一条, 之一), got {text!r}")
    return number, sub


# ---- divisions: 编, 分编, 章, 节 ---------------------------------------------------------------

_DIVISION = re.compile(rf"第({CN_NUMERAL})(分编|编|章|节)")


def division_label(number: int, kind: str) -> str:
    """第二章, 第一节, 第三编, 第一分编."""
    if kind not in DIVISION_KINDS:
        raise ValueError(f"expected one of {DIVISION_KINDS}, got {kind!r}")
    return f"第{int_to_cn(number)}{kind}"


def parse_division_label(text: str) -> tuple[int, str]:
    """"第七章" → (7, "章")."""
    m = _DIVISION.fullmatch(text)
    if not m:
        raise ValueError(f"expected a label such as 第二章, 第一节 or 第三编, got {text!r}")
    return cn_to_int(m[1]), m[2]


# ---- items 项 and subitems 目 -----------------------------------------------------------------

_ITEM = re.compile(rf"[（(]({CN_NUMERAL})[）)]")
_SUBITEM = re.compile(r"(\d{1,3})[.、．]|[（(](\d{1,3})[）)]|([⒈-⒛])")


def item_label(number: int) -> str:
    """（一） — the canonical full-width item label."""
    return f"（{int_to_cn(number)}）"


def parse_item_label(text: str) -> int:
    """"（三）" or "(三)" → 3."""
    m = _ITEM.fullmatch(text)
    if not m:
        raise ValueError(f"expected an item label such as （一） or (一), got {text!r}")
    return cn_to_int(m[1])


def subitem_label(number: int, style: str = ".") -> str:
    """1. (style "."), 1、 (style "、") or （1） (style "（）")."""
    if style == "（）":
        return f"（{number}）"
    if style in (".", "、", "．"):
        return f"{number}{style}"
    raise ValueError(f"expected subitem style '.', '、', '．' or '（）', got {style!r}")


def parse_subitem_label(text: str) -> int:
    """"1." / "1、" / "1．" / "（1）" / "(1)" / "⒈" → 1."""
    m = _SUBITEM.fullmatch(text)
    if not m:
        raise ValueError(f"expected a subitem label such as 1. 1、 or （1）, got {text!r}")
    if m[3]:
        return ord(m[3]) - ord("⒈") + 1
    return int(m[1] or m[2])
