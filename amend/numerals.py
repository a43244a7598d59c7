"""Chinese numerals and the labels of legal provisions.

Contract: ``cn_to_int`` reads the numerals laws use (零/〇 for gaps, 一十 inside hundreds and bare
十 for 10–19, 两 in counts, up to 9999) and ``int_to_cn`` writes the canonical statute form
(十七, 一百一十, 二百零五), so that ``cn_to_int(int_to_cn(n)) == n`` for 1 ≤ n ≤ 9999.  The label
helpers format and parse 第X条 / 第X条之N, 第X编/分编/章/节, （一）/(一) items and 1. / 1、 / （1）
subitems.  Every parser raises ``NumeralError`` (a ``ValueError``) naming, in Chinese and in
English, what it expected; none guesses.  Callers that read labels out of user text (a regulation,
a decision's quoted words) turn it into their own located error (line, clause, caret).
"""

from __future__ import annotations

import functools

from amend import lazyre

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
MAX = 9999

#: Character class of a Chinese numeral as it appears in labels (for building regexes).
CN_NUMERAL_CLASS = "零〇一二三四五六七八九十百千两"
CN_NUMERAL = f"[{CN_NUMERAL_CLASS}]+"

DIVISION_KINDS = ("编", "分编", "章", "节")


class NumeralError(ValueError):
    """A Chinese numeral or label that cannot be read: ``zh`` and ``en`` say why, ``text`` is
    what was given."""

    def __init__(self, zh: str, en: str, text: str = ""):
        self.zh, self.en, self.text = zh, en, text
        super().__init__(f"{zh} / {en}")


def _bad(text: str, zh: str, en: str) -> NumeralError:
    return NumeralError(f"“{text}”不是有效的中文数字（{zh}）", f"{text!r} is not a valid Chinese numeral ({en})",
                        text)


@functools.lru_cache(maxsize=16384)  # every numeral up to MAX, read or written, stays
def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral: "十七" → 17, "一百一十" → 110, "二百零五" → 205, "两" → 2."""
    if not text or any(c not in _DIGIT_VALUE and c not in _UNIT_VALUE for c in text):
        raise _bad(text, "应为零一二……十百千", "expected 零一二…十百千")
    if len(text) > 1 and (text[0] in "零〇" or text[-1] in "零〇"):
        raise _bad(text, "“零”只能用于数字中间的空位", "零 only marks a gap inside a numeral")
    total = 0
    pending: int | None = None  # digit waiting for its unit
    last_unit = 10_000
    for ch in text:
        if ch in _DIGIT_VALUE:
            if pending is not None:
                raise _bad(text, "两个数字相连", "two digits in a row")
            pending = _DIGIT_VALUE[ch]
            if pending == 0:
                pending = None  # 零 only marks a gap
            continue
        unit = _UNIT_VALUE[ch]
        if unit >= last_unit:
            raise _bad(text, "数位顺序错误", "units out of order")
        if pending is None:
            if unit == 10:
                pending = 1  # bare 十: "十七" alone, and the lenient "一百十"
            else:
                raise _bad(text, f"“{ch}”前缺少数字", f"unit {ch} without a digit")
        total += pending * unit
        pending = None
        last_unit = unit
    if pending is not None:
        total += pending
    if total == 0 and text not in ("零", "〇"):
        raise _bad(text, "没有数值", "it has no value")
    return total


@functools.lru_cache(maxsize=16384)
def int_to_cn(n: int) -> str:
    """Canonical statute numeral: 17 → "十七", 110 → "一百一十", 205 → "二百零五", 0 → "零"."""
    if not 0 <= n <= MAX:
        raise NumeralError(f"数字超出范围（0至{MAX}）：{n}", f"expected 0 ≤ n ≤ {MAX}, got {n}", str(n))
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

_ARTICLE = lazyre.compile(rf"第({CN_NUMERAL})条(?:之({CN_NUMERAL}))?")


def article_label(number: int, sub: int = 0) -> str:
    """第六条, or 第一百二十条之一 when ``sub`` is given."""
    if number < 1:
        raise NumeralError(f"条文序号应从一开始，而不是{number}", f"article number must be ≥ 1, got {number}",
                           str(number))
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def parse_article_label(text: str) -> tuple[int, int]:
    """"第一百二十条之一" → (120, 1); "第六条" → (6, 0)."""
    m = _ARTICLE.fullmatch(text)
    if not m:
        raise NumeralError(f"应为条文标号（如第六条、第六条之一）：“{text}”",
                           f"expected an article label such as 第六条 or 第六条之一, got {text!r}", text)
    number, sub = cn_to_int(m[1]), cn_to_int(m[2]) if m[2] else 0
    if number == 0 or (m[2] and sub == 0):
        raise NumeralError(f"条文序号应从一开始（第一条、之一）：“{text}”",
                           f"article numbers start at 一 (第一条, 之一), got {text!r}", text)
    return number, sub


# ---- divisions: 编, 分编, 章, 节 ---------------------------------------------------------------

_DIVISION = lazyre.compile(rf"第({CN_NUMERAL})(分编|编|章|节)")


def division_label(number: int, kind: str) -> str:
    """第二章, 第一节, 第三编, 第一分编."""
    if kind not in DIVISION_KINDS:
        raise NumeralError(f"应为编、分编、章、节之一：“{kind}”", f"expected one of {DIVISION_KINDS}, got {kind!r}",
                           kind)
    return f"第{int_to_cn(number)}{kind}"


def parse_division_label(text: str) -> tuple[int, str]:
    """"第七章" → (7, "章")."""
    m = _DIVISION.fullmatch(text)
    if not m:
        raise NumeralError(f"应为第二章、第一节、第三编这样的标号：“{text}”",
                           f"expected a label such as 第二章, 第一节 or 第三编, got {text!r}", text)
    return cn_to_int(m[1]), m[2]


# ---- items 项 and subitems 目 -----------------------------------------------------------------

_ITEM = lazyre.compile(rf"[（(]({CN_NUMERAL})[）)]")
_SUBITEM = lazyre.compile(r"(\d{1,3})[.、．]|[（(](\d{1,3})[）)]|([⒈-⒛])")


def item_label(number: int) -> str:
    """（一） — the canonical full-width item label."""
    return f"（{int_to_cn(number)}）"


def parse_item_label(text: str) -> int:
    """"（三）" or "(三)" → 3."""
    m = _ITEM.fullmatch(text)
    if not m:
        raise NumeralError(f"应为项的标号（如（一））：“{text}”",
                           f"expected an item label such as （一） or (一), got {text!r}", text)
    return cn_to_int(m[1])


def subitem_label(number: int, style: str = ".") -> str:
    """1. (style "."), 1、 (style "、") or （1） (style "（）")."""
    if style == "（）":
        return f"（{number}）"
    if style in (".", "、", "．"):
        return f"{number}{style}"
    raise NumeralError(f"目的标号格式应为“.”“、”“．”或“（）”：“{style}”",
                       f"expected subitem style '.', '、', '．' or '（）', got {style!r}", style)


def parse_subitem_label(text: str) -> int:
    """"1." / "1、" / "1．" / "（1）" / "(1)" / "⒈" → 1."""
    m = _SUBITEM.fullmatch(text)
    if not m:
        raise NumeralError(f"应为目的标号（如1.、1、或（1））：“{text}”",
                           f"expected a subitem label such as 1. 1、 or （1）, got {text!r}", text)
    if m[3]:
        return ord(m[3]) - ord("⒈") + 1
    return int(m[1] or m[2])
