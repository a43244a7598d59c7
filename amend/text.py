"""Character classes and patterns shared by normalisation, the structure parser and ingest.

Contract: constants only (no behaviour) — what counts as a Chinese character, as CJK punctuation,
as sentence-final punctuation, and the regular expressions for the labels that open a structural
unit at the start of a line (第X编/分编/章/节/条, （一）, 1.).  Keeping them in one place keeps the
normaliser and the parser in agreement about what a "new unit" is.
"""

from __future__ import annotations

import re

from amend import lazyre

from amend.numerals import CN_NUMERAL

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Full-width and CJK punctuation that binds to Chinese text.
CJK_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\u2014\u2026\u2018\u2019\u201c\u201d\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u00b7"
CJK = HAN + CJK_PUNCT
#: Whitespace that OCR and Markdown leave inside lines (ASCII, ideographic, no-break).
SPACE = " \t\u3000\u00a0"

#: A sentence (or enumeration clause) ends a line with one of these, possibly then closers.
SENTENCE_END = lazyre.compile(r"[。；：！？;:!?…][”’」』）)】\]]*$")

DIVISION_RE = lazyre.compile(rf"^第({CN_NUMERAL})(分编|编|章|节)(?:[{SPACE}]+(.*))?$")
ARTICLE_RE = lazyre.compile(rf"^第({CN_NUMERAL})条(?:之({CN_NUMERAL}))?(?:[{SPACE}]+(.*))?$")
#: After an article label at the start of new text, what a reference continues with rather than
#: the article's own text: "第十条规定的…", "第十条第二款", "第十条、第十一条", "第十条的规定", "第十条中".
_REFERENCE_GOES_ON = "[之第、，。；的中和及或至]|规定"
#: New text opening with an article label, with or without its space ("第十一条本条例…"), not a
#: reference; group 1 is the label.
#: A top-level point of a body written without articles ("一、对违反行政管理秩序的行为……"): the
#: 引言 of such a text is what comes before the first one.
POINT_RE = lazyre.compile(r"[一二三四五六七八九十百]+、")

LABEL_OPENS_RE = lazyre.compile(rf"^(第{CN_NUMERAL}条(?:之{CN_NUMERAL})?)(?=.)(?!{_REFERENCE_GOES_ON})")
#: Matched right after a label: text run on with its space lost (not a space, not a reference).
RUNS_ON_RE = lazyre.compile(rf"(?=.)(?![{SPACE}]|{_REFERENCE_GOES_ON})")
ITEM_RE = lazyre.compile(rf"^([（(]{CN_NUMERAL}[）)])[{SPACE}]*(.*)$")
SUBITEM_RE = lazyre.compile(rf"^(\d{{1,3}}[.、．](?!\d)|[（(]\d{{1,3}}[）)]|[⒈-⒛])[{SPACE}]*(.*)$")
#: "一、管辖": a heading numbered like a list (SPC interpretations divide their text this way).
ENUM_HEADING_RE = lazyre.compile(r"^([一二三四五六七八九十百]+)、([^，。；：,;:]{1,30})$")
#: Division headings printed with a name only.
UNNUMBERED_HEADINGS = ("附则",)
#: "第一条", "第七章", "第一百二十条之一" at the very start of a line (label only).
LINE_LABEL_RE = lazyre.compile(rf"^第{CN_NUMERAL}(?:分编|编|章|节|条(?:之{CN_NUMERAL})?)", re.M)
DATE_LINE_RE = lazyre.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")
#: A date anywhere: "2021年7月30日" (groups: year, month, day).
DATE_RE = lazyre.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
#: A signature or dateline: the whole line is a date.
DATE_ONLY_RE = lazyre.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
