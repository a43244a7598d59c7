"""Cross-references inside the text of a Chinese law, with exact spans.

Contract: ``find_citations(text)`` reads one paragraph (or item) of a regulation and returns, in
text order and without overlap, every phrase that names a provision: numbered forms (第十条,
第一百二十条之一第二款, 第二十条第一款第（二）项, 本章第一节, 第三编第二章), lists and ranges of them
joined by 、和 及 以及 或者 或 与 至 到 (later elements take the levels they omit from the element
before, 至/到 marks ``range_end``; one unit may be shared, 第二条第(一)、(二)项, and then the
elements are written "第二条第(一)" and "(二)"), with an optional law prefix (本法, 本条例 …
internal; 《…》, a bare name such as 刑法 or 民法典, 该法 or 同法 external, and so is a bare
第X条 later in the same sentence) or an anchor prefix (本条, 本款, 前款, 前条 … which decides
``anchor``), and the pure relative forms (本条, 前款, 前两款, 下一条 …) that carry
``relative`` and ``count`` but no numbers.  Every ``Citation`` and ``Cited`` satisfies
``text[start:end] == written``.  Not citations: ordinals of other things (第三次, 第二审, 第三人,
第N届), the whole instrument (本法 alone), 本章/本节/本编 alone, anything inside a book title 《…》,
and the unit label that opens a line (第五条␣…, 第二章␣总则).  ``label(element)`` writes an
element back in canonical numerals with exactly the levels it was written with, so that replacing
every element span by its label reproduces the text.  Deterministic; raises nothing on any input.
"""

from __future__ import annotations

import re

from amend import lazyre
from amend.codecache import attrs, to_tuple

from amend.numerals import CN_NUMERAL, article_label, cn_to_int, int_to_cn
from amend.text import HAN, SPACE

#: Levels from the outermost to the innermost, and the character that names each after 第X.
DIVISION_LEVELS = ("part", "chapter", "section")
PROVISION_LEVELS = ("article", "paragraph", "item", "subitem")
LEVELS = DIVISION_LEVELS + PROVISION_LEVELS
UNIT = {"part": "编", "chapter": "章", "section": "节", "article": "条", "paragraph": "款",
        "item": "项", "subitem": "目"}

#: Where the levels an element omits are found.
ANCHORS = ("explicit", "this_article", "this_paragraph", "this_item", "previous_article",
           "previous_paragraph", "previous_item", "next_article", "next_paragraph",
           "this_chapter", "this_part")
#: The provision a pure relative form points at.
RELATIVES = ("this_article", "this_paragraph", "this_item", "previous_article",
             "previous_paragraph", "previous_item", "next_article", "next_paragraph")

#: An element written without a prefix is read inside the unit one level up (第二款: this
#: article's; 第三项: this paragraph's; 第二节: this chapter's — sections restart in each chapter).
DEFAULT_ANCHOR = {"part": "explicit", "chapter": "explicit", "section": "this_chapter",
                  "article": "explicit", "paragraph": "this_article", "item": "this_paragraph",
                  "subitem": "this_item"}


@attrs.frozen
class Cited:
    """One provision named in a citation.

    ``written`` is ``text[start:end]``: the numbered part only ("第十九条第二款", "第二款"), never
    the law or anchor prefix; where several numbers share one unit ("第二条第(一)、(二)项") the
    shared unit belongs to no element and the elements read "第二条第(一)" and "(二)".  Levels
    the text omits but the list gives (the 13 of the second element of "第十三条第一款、第二款")
    are filled in; levels an anchor supplies (the article of "本条第二款") stay ``None`` and
    ``anchor`` says where to find them."""

    start: int
    end: int
    written: str
    chapter: int | None = None
    section: int | None = None
    part: int | None = None
    article: tuple[int, int] | None = None
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    anchor: str = attrs.field(default="explicit", validator=attrs.validators.in_(ANCHORS))
    range_end: bool = False


@attrs.frozen
class Citation:
    """A reference phrase: one or more Cited elements joined by 、 和 及 以及 或者 或 与 至 到, or a
    pure relative form (``relative`` set, no elements)."""

    start: int
    end: int
    written: str
    elements: tuple[Cited, ...] = attrs.field(converter=to_tuple)
    external: bool
    law: str | None
    relative: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(RELATIVES)))
    count: int = 1


# ---- patterns -------------------------------------------------------------------------------

_N = CN_NUMERAL
#: The ranges of amend.text.HAN ("㐀-䶿一-鿿…"), compared directly: as a regular expression the
#: class costs 4–7 ms to compile (every code point of the ranges is enumerated in Python).
_HAN_RANGES = tuple((HAN[i], HAN[i + 2]) for i in range(0, len(HAN), 3))


def _is_han(ch: str) -> bool:
    return any(low <= ch <= high for low, high in _HAN_RANGES)

#: "第三编第二章第一节", "第二章", "第一节" — a chain of divisions, outermost first.
_DIVISION_CHAIN = lazyre.compile(
    rf"(?:第(?P<part>{_N})编(?![制号码辑写委]))?"   # not 编制, 编号
    rf"(?:第(?P<chapter>{_N})章(?!程))?"            # not 章程
    rf"(?:第(?P<section>{_N})节(?![日假]))?"        # not 节日, 节假日
)
#: "第一百二十条之一第二款第（三）项第一目" and every tail of it ("第二款第三项", "第三项").
_PROVISION_CHAIN = lazyre.compile(
    rf"(?:第(?P<article>{_N})条(?:之(?P<sub>{_N}))?(?![件例]))?"  # 第十条之一; not 条件
    rf"(?:第(?P<paragraph>{_N})款(?!项))?"                        # not 款项 (a sum of money)
    rf"(?:第(?P<item>{_N}|[（(]{_N}[）)])项(?!目))?"              # 第三项, 第(三)项; not 项目
    rf"(?:第(?P<subitem>{_N})目(?![标录]))?"                      # not 目标, 目录
)

#: Joiners of a list; 至 and 到 make a range ("第十条至第十五条").
_JOINERS = "、|以及|及|和|或者|或|与|至|到"
#: A number as written inside a label: 三, or （三） / (三) for items.
_NUM = rf"(?:[（(]{_N}[）)]|{_N})"
#: One unit shared by several numbers: "第(一)、(二)、(三)项", "第一、二款", "第三至五项".
_SHARED_UNIT = lazyre.compile(
    rf"第(?P<numbers>{_NUM}(?:(?:{_JOINERS}){_NUM})+)(?P<unit>[条款项目])")
_SHARED_NUMBER = lazyre.compile(rf"(?P<joiner>{_JOINERS})?(?P<number>{_NUM})")
#: The first element of a shared-unit list as written: "第二条第(一)" (its 项 comes later).
_OPEN_ELEMENT = lazyre.compile(rf"(?P<chain>.*?)第(?P<number>{_NUM})")

#: Where a citation may begin: a numbered unit, or a word naming a unit by position.
_OPENER = lazyre.compile(
    rf"(?P<word>(?:本条)?前(?P<count>[一两二三四五六七八九十]+)?[条款项]|本[条款项章节编]"
    rf"|[上下]一?[条款项])"
    rf"|第{_NUM}[编章节条款项目]|{_SHARED_UNIT.pattern}"
)

#: Relative words and what they point at ("前两款" is 前 + count + 款).
_RELATIVE = {("本", "条"): "this_article", ("本", "款"): "this_paragraph",
             ("本", "项"): "this_item", ("前", "条"): "previous_article",
             ("前", "款"): "previous_paragraph", ("前", "项"): "previous_item",
             ("上", "条"): "previous_article", ("上", "款"): "previous_paragraph",
             ("上", "项"): "previous_item", ("下", "条"): "next_article",
             ("下", "款"): "next_paragraph"}
#: Division words usable only as a prefix ("本章第一节"); alone they name the whole unit.
_DIVISION_WORDS = {"本章": "this_chapter", "本编": "this_part", "本节": "this_section"}
#: Characters that make 本/前/上/下 part of another word: 基本条件, 资本, 目前, 以上, 以下条款.
_WORD_BEFORE = {"本": "基成资样副文根版原日书标剧账课脚底正范蓝", "前": "目当提空眼先从超",
                "上": "以之", "下": "以之如"}
#: Characters that make 条/款/项 part of another word: 本条例, 条件, 条款, 款项, 项目.
_WORD_AFTER = {"条": "例件约文目款码", "款": "项", "项": "目", "章": "程", "节": "日", "编": "制"}

#: Words between an anchor and its element: "前款规定的第三项", "前款所列第二项".
_ANCHOR_JOIN = lazyre.compile(r"规定的|所列的?|所称的?|中的?|的")
_JOINER = lazyre.compile(_JOINERS)

#: The opening unit label of a line: "第五条 ", "第二章　总则", "第一百二十条之一 " (not a citation).
_LEADING_LABEL = lazyre.compile(
    rf"[{SPACE}]*第{_N}(?:分编|编|章|节|条(?:之{_N})?)(?=[{SPACE}])")

#: Names of instruments end with one of these.
_INSTRUMENT = r"法典|法|条例|规定|办法|细则|解释|决定|规则|章程|公约|协定|通则|总则|分则"
#: "本法", "本条例", "本实施细则", "本法总则": this instrument ("本条例实施细则" is another one).
_SELF_LAW = lazyre.compile(
    rf"(?<![{_WORD_BEFORE['本']}])本(?:实施)?(?:{_INSTRUMENT})(?:总则|分则)?$")
#: "该法", "该条例", "同法": the instrument named just before.
_SAME_LAW = lazyre.compile(rf"(?:该|同)(?:{_INSTRUMENT})$")
#: A bare name such as "刑法", "民事诉讼法", "中华人民共和国刑法" ends the run before 第.
_NAMED_LAW = lazyre.compile(rf"(?:{_INSTRUMENT})$")
#: Words after which a bare law name begins ("依照刑法", "应当认定为民事诉讼法", "有专利法"),
#: multi-character ones first; single characters only where no common law name has them inside
#: (有 but not 国有/所有, 及 but not 普及, 和 but not 共和).
_NAME_BOUNDARY = lazyre.compile(
    r"依照|按照|根据|依据|参照|比照|对照|适用|符合|违反|认定|视为|属于|构成|不受|应当|可以|"
    r"以及|或者|并且|同时|有关|相关|规定|所称的?|是指|行使|承担|存在|通知|指定|超出|履行|提交|"
    r"具备|援引|引用|执行|"
    r"(?<![国所专特共公私])有|(?<!普)及|(?<!共)和|(?<!合)并|(?<!应)对|(?<!行)为|(?!无线)无|"
    r"除|与|或|的|即|按|依|其|在|以|是|指|且|但|将|把|向|从|于|(?<!自)由|经(?!济)|被"
)
#: Runs that end like a law name but are ordinary words: 依法, 违法, 有关规定.
_NOT_A_NAME = lazyre.compile(rf"(?:依|违|合|非|守|执|方|立)法|(?:{_INSTRUMENT})|.*[款项].*"
                         r"|.*(?:本|前|该)条(?!例).*")
_NATIONAL = "中华人民共和国"
#: A sentence ends an external citation's reach.
_SENTENCE_END = lazyre.compile(r"[。；！？;!?]")
_MAX_NAME = 30


# ---- public API -----------------------------------------------------------------------------


def find_citations(text: str) -> tuple[Citation, ...]:
    """Every citation in one paragraph (or item) of a regulation, in text order, non-overlapping."""
    titles = book_titles(text)
    found: list[Citation] = []
    leading = _LEADING_LABEL.match(text)
    pos = leading.end() if leading else 0
    while (m := _OPENER.search(text, pos)) is not None:
        title_end = _inside(titles, m.start())
        if title_end is not None:
            pos = title_end
            continue
        floor = found[-1].end if found else (leading.end() if leading else 0)
        citation = (_from_word(text, m, titles) if m["word"]
                    else _from_element(text, m.start(), floor, titles))
        if citation is None:
            pos = m.start() + 1
            continue
        found.append(citation)
        pos = citation.end
    return _continue_external(text, found)


def _continue_external(text: str, citations: list[Citation]) -> tuple[Citation, ...]:
    """A bare 第X条 later in the sentence of an external citation names the same instrument:
    "有刑事诉讼法第二百二十七条规定的情形之一，或者违反第二百二十八条规定的" (刑事诉讼法 228).
    Only explicit elements continue; 第二款 or 前款 still point into this text, and a citation with
    its own prefix (本法第十条) starts over."""
    out: list[Citation] = []
    named: Citation | None = None  # the last citation in this sentence that names its law
    for citation in citations:
        if named is not None and _SENTENCE_END.search(text, named.end, citation.start):
            named = None
        if citation.law is not None:
            named = citation
        elif (named is not None and named.external and citation.elements
              and citation.elements[0].anchor == "explicit"):
            citation = attrs.evolve(citation, external=True, law=named.law)
        out.append(citation)
    return tuple(out)


def label(element: Cited) -> str:
    """The canonical text of ``element`` with the levels it was written with: an element written
    "第十九条第一款" evolved to article (17, 0) is "第十七条第一款"; one written "第二款" stays
    "第二款" whatever its inherited article.  Items written "第(三)项" keep their brackets."""
    parts = []
    for written in _written_levels(element):
        value = getattr(element, written.level)
        if value is None:
            raise ValueError(f"element {element.written!r} was written with a {written.level} "
                             f"but has none to label")
        parts.append(_level_label(value, written))
    return "".join(parts)


# ---- citations that start with a word: 本条, 前款, 本章 ------------------------------------------


def _from_word(text: str, m: re.Match[str], titles) -> Citation | None:
    """"前款第三项" / "本条第二款、第三款" / "本章第一节" (anchor + list), or "前两款" (relative)."""
    word = m["word"]
    if not _word_stands_alone(text, m.start(), m.end()):
        return None
    try:
        count = _number(m["count"]) if m["count"] else 1
    except ValueError:  # 前一两项: not a count
        return None
    key = word[2:] if word.startswith("本条前") else word  # 本条前两款 is 前两款
    relative = _RELATIVE.get((key[0], key[-1]))
    anchor = _DIVISION_WORDS.get(key, relative)
    if anchor is None:  # 下一项: no such relative form
        return None
    if count == 1:
        group = _group_after_anchor(text, m.end(), titles)
        if group is not None and _anchor_fits(anchor, _top(group.first)):
            elements, end = _list_from(text, group, anchor)
            return _citation(text, m.start(), end, elements, external=False, law=None)
    if relative is None:  # 本章, 本节, 本编 alone: the whole unit, like 本法
        return None
    return Citation(start=m.start(), end=m.end(), written=word, elements=(), external=False,
                    law=None, relative=relative, count=count)


def _group_after_anchor(text: str, after: int, titles) -> _Group | None:
    """The elements right after an anchor word, or after "规定的"/"所列" ("前款规定的第三项")."""
    join = _ANCHOR_JOIN.match(text, after)
    for start in (after, join.end()) if join else (after,):
        if _inside(titles, start) is None and (group := _group_at(text, start)) is not None:
            return group
    return None


def _word_stands_alone(text: str, start: int, end: int) -> bool:
    """False where the word is part of another: 基本条件, 本条例, 目前项, 以下条款, 款项."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    head, unit = text[start], text[end - 1]
    if before and before in _WORD_BEFORE.get(head, ""):
        return False
    return not (after and after in _WORD_AFTER.get(unit, ""))


def _anchor_fits(anchor: str, top: str) -> bool:
    """Whether an element whose outermost written level is ``top`` can follow the anchor word:
    本条第二款 / 前条第三项 (paragraph or item), 前款第三项 (item), 前项第一目 (subitem),
    本章第一节 (section) and 本章第十条 (article numbers are absolute), 本编第二章."""
    if anchor.endswith("_article"):
        return top in ("paragraph", "item")
    if anchor.endswith("_paragraph"):
        return top == "item"
    if anchor.endswith("_item"):
        return top == "subitem"
    if anchor == "this_chapter":
        return top in ("section", "article")
    if anchor == "this_part":
        return top in ("chapter", "article")
    return anchor == "this_section" and top == "article"


def _anchored(element: Cited, anchor: str | None) -> Cited:
    """The first element after an anchor word: 本章第十条 is explicit, 本条第二款 this_article."""
    if anchor is None or _top(element) == "article":
        return element
    return attrs.evolve(element, anchor=anchor)


# ---- citations that start with an element: 第十条, 本法第十条, 刑法第十条 ---------------------------


def _from_element(text: str, start: int, floor: int, titles) -> Citation | None:
    """"本条例第十九条", "《行政处罚法》第三十二条和第三十三条", "第二十条至第二十三条"."""
    group = _group_at(text, start)
    if group is None:
        return None
    elements, end = _list_from(text, group)
    law = _law_before(text, start, floor, titles)
    if law is None:
        return _citation(text, start, end, elements, external=False, law=None)
    law_start, name, external = law
    return _citation(text, law_start, end, elements, external=external, law=name)


def _law_before(text: str, start: int, floor: int, titles) -> tuple[int, str, bool] | None:
    """The instrument named right before ``start``: (its start, its name, whether external)."""
    if start > floor and text[start - 1] == "》":
        opening = next((a for a, b in titles if b == start and a >= floor), None)
        return None if opening is None else (opening, text[opening:start], True)
    run_start = start
    while run_start > max(floor, start - _MAX_NAME) and _is_han(text[run_start - 1]):
        run_start -= 1
    run = text[run_start:start]
    for pattern, external in ((_SELF_LAW, False), (_SAME_LAW, True)):
        if m := pattern.search(run):
            return run_start + m.start(), m[0], external
    name = _bare_law_name(run)
    return None if name is None else (start - len(name), name, True)


def _bare_law_name(run: str) -> str | None:
    """"刑法" out of "人民法院应当依照刑法"; None when the run does not end with a law name."""
    if not _NAMED_LAW.search(run):
        return None
    if _NATIONAL in run:
        name = run[run.rindex(_NATIONAL):]
    else:
        cuts = [m.end() for m in _NAME_BOUNDARY.finditer(run)]
        name = run[cuts[-1]:] if cuts else run
    if len(name) < 2 or _NOT_A_NAME.fullmatch(name):
        return None
    return name


# ---- lists and elements ---------------------------------------------------------------------


@attrs.frozen
class _Group:
    """Elements written as one unit of text, each with the joiner before it ("" for the first):
    "第十九条第二款" is one; "第二条第(一)、(二)项" is three sharing the 项 at ``end``."""

    pieces: tuple[tuple[str, Cited], ...]
    end: int

    @property
    def first(self) -> Cited:
        return self.pieces[0][1]


def _list_from(text: str, group: _Group,
               anchor: str | None = None) -> tuple[tuple[Cited, ...], int]:
    """The elements of ``group`` and of the groups joined to it ("第十条、第十一条和第十五条",
    "第一项至第三项"), with where the last one ends."""
    elements: list[Cited] = []
    joiner = ""
    while True:
        for piece_joiner, element in group.pieces:
            element = (_inherit(element, elements[-1]) if elements
                       else _anchored(element, anchor))
            if (piece_joiner or joiner) in ("至", "到"):
                element = attrs.evolve(element, range_end=True)
            elements.append(element)
            joiner = ""
        end = group.end
        match = _JOINER.match(text, end)
        if match is None or (group := _group_at(text, match.end())) is None:
            return tuple(elements), end
        joiner = match[0]


def _inherit(element: Cited, previous: Cited) -> Cited:
    """Levels the element omits come from the element before it in the same family:
    "第十三条第一款、第二款" → the second is article 13; "前款第二项、第三项" → both previous_paragraph.
    An element that starts higher than the one before stands alone (第二十条第一款、第二十一条)."""
    family = DIVISION_LEVELS if _top(element) in DIVISION_LEVELS else PROVISION_LEVELS
    if _top(previous) not in family:
        return element
    top, previous_top = family.index(_top(element)), family.index(_top(previous))
    if top < previous_top:
        return element
    taken = {level: getattr(previous, level) for level in family[:top]}
    return attrs.evolve(element, anchor=previous.anchor, **taken)


def _group_at(text: str, start: int) -> _Group | None:
    """The elements written at ``start``: "第十九条第二款", "第三章第二节", "第二条第(一)、(二)项"."""
    provision = _PROVISION_CHAIN.match(text, start)
    shared = _shared_unit(text, provision)
    if shared is not None:
        return shared
    for m in (provision, _DIVISION_CHAIN.match(text, start)):
        if m.end() > start and (element := _element(m)) is not None:
            return _Group(pieces=(("", element),), end=m.end())
    return None


def _shared_unit(text: str, chain: re.Match[str]) -> _Group | None:
    """"第二条第(一)、(二)项": article 2 item 1 written "第二条第(一)", then items written "(二)" …,
    all ending at the shared 项.  None unless the unit is below the chain's levels."""
    m = _SHARED_UNIT.match(text, chain.end())
    if m is None:
        return None
    level = next(name for name, unit in UNIT.items() if unit == m["unit"])
    above = _element(chain) if chain.end() > chain.start() else None
    if chain.end() > chain.start() and (above is None or _deeper_or_same(_innermost(above), level)):
        return None
    pieces = []
    try:
        for number in _SHARED_NUMBER.finditer(text, m.start("numbers"), m.end("numbers")):
            value = _number(number["number"].strip("（()）"))
            start = chain.start() if not pieces else number.start("number")
            pieces.append((number["joiner"] or "", Cited(
                start=start, end=number.end(), written=text[start:number.end()],
                anchor=DEFAULT_ANCHOR[level if above is None else _top(above)],
                **(_levels(above) if not pieces and above else {}),
                **{level: (value, 0) if level == "article" else value})))
    except ValueError:
        return None
    return _Group(pieces=tuple(pieces), end=m.end())


def _deeper_or_same(level: str, than: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index(than)


def _levels(element: Cited) -> dict:
    return {level: value for level in LEVELS if (value := getattr(element, level)) is not None}


def _innermost(element: Cited) -> str:
    return next(level for level in reversed(LEVELS) if getattr(element, level) is not None)


def _element(m: re.Match[str]) -> Cited | None:
    """A Cited from a chain match; None when a numeral is not one (第零条, 第十十条)."""
    values: dict[str, object] = {}
    try:
        for level in LEVELS:
            group = m.groupdict().get(level)
            if group is not None:
                values[level] = _number(group.strip("（()）"))
        if "article" in values:
            values["article"] = (values["article"], _number(m["sub"]) if m["sub"] else 0)
    except ValueError:
        return None
    top = next(level for level in LEVELS if level in values)
    return Cited(start=m.start(), end=m.end(), written=m[0], anchor=DEFAULT_ANCHOR[top], **values)


def _number(numeral: str) -> int:
    value = cn_to_int(numeral)
    if value < 1:
        raise ValueError(f"provisions are numbered from 一, got {numeral!r}")
    return value


def _top(element: Cited) -> str:
    """The outermost level written in the element ("paragraph" for 第二款第三项)."""
    return _written_levels(element)[0].level


def _citation(text: str, start: int, end: int, elements: tuple[Cited, ...], *, external: bool,
              law: str | None) -> Citation:
    return Citation(start=start, end=end, written=text[start:end], elements=elements,
                    external=external, law=law)


# ---- labels ---------------------------------------------------------------------------------


@attrs.frozen
class _Written:
    """How one level of an element is written: its level, the brackets of an item number ("" or
    "（）"/"()"), and its form: "full" 第三项, "open" 第三 (the unit is shared and comes later:
    第二条第(一)、(二)项), "bare" (二)."""

    level: str
    bracket: str = ""
    form: str = "full"


def _written_levels(element: Cited) -> tuple[_Written, ...]:
    """The levels ``element.written`` names, outermost first: "第十条第(三)项" → article, item
    in brackets.  The unit-less number of a shared-unit list is the element's innermost level."""
    written = element.written
    for chain in (_PROVISION_CHAIN, _DIVISION_CHAIN):
        m = chain.fullmatch(written)
        if m and written:
            return _chain_levels(m)
    m = _OPEN_ELEMENT.fullmatch(written)
    chain = _PROVISION_CHAIN.fullmatch(m["chain"]) if m else None
    if chain is not None:
        last = _Written(_innermost(element), _bracket(m["number"]), "open")
        return _chain_levels(chain) + (last,)
    if re.fullmatch(_NUM, written):
        return (_Written(_innermost(element), _bracket(written), "bare"),)
    raise ValueError(f"expected an element such as 第十条第二款 or 第三章, got {written!r}")


def _chain_levels(m: re.Match[str]) -> tuple[_Written, ...]:
    return tuple(_Written(level, _bracket(group)) for level in LEVELS
                 if (group := m.groupdict().get(level)) is not None)


def _bracket(group: str) -> str:
    return group[0] + group[-1] if group[0] in "（(" else ""


def _level_label(value, written: _Written) -> str:
    if written.level == "article" and written.form == "full":
        return article_label(*value)
    if written.level == "article":
        number, sub = value
        numeral = int_to_cn(number) + (f"之{int_to_cn(sub)}" if sub else "")
    else:
        numeral = int_to_cn(value)
    if written.bracket:
        numeral = written.bracket[0] + numeral + written.bracket[1]
    return {"full": f"第{numeral}{UNIT[written.level]}", "open": f"第{numeral}",
            "bare": numeral}[written.form]


# ---- book titles ----------------------------------------------------------------------------


#: The only characters ``book_titles`` acts on.
_BOOK_MARKS = lazyre.compile("[《》。]")


def book_titles(text: str) -> tuple[tuple[int, int], ...]:
    """Spans [start, end) of the outermost 《…》 (a name, never a citation of this law).  A title
    left open (a line cut inside "《关于修改<…>第三十条") runs to the end of its sentence."""
    if "《" not in text:  # most paragraphs: nothing to look at
        return ()
    spans = []
    depth, opening = 0, 0
    for m in _BOOK_MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "《":
            if depth == 0:
                opening = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opening, i + 1))
        elif ch == "。" and depth:
            depth = 0
            spans.append((opening, i))
    if depth:
        spans.append((opening, len(text)))
    return tuple(spans)


def _inside(spans, pos: int) -> int | None:
    """The end of the span that contains ``pos``, or None."""
    return next((end for start, end in spans if start < pos < end), None)

