"""Property-based tests for the decision language: the renderer and the parser are inverse.

``items()`` and ``decisions()`` build random well-formed amendment operations (all the families
of amend/ops.py that a drafter writes, with article numbers 1–300, some 第X条之N, paragraphs, items
and payloads of one to four paragraphs from a small pool of clean Chinese text).  Rendered with
amend.decision.render and read back with ``parse_items`` / ``parse_decision`` they give the same
operations, compared in a normalised view that ignores ``source``, ``Ref.written``,
``Ref.inherited``, ``Ref.numbering`` and the payload's quoting convention.  The real seed decision
goes the other way: parse, render, parse again.  The tests at the end pin forms the parser once
read wrongly (lists that name their article once, 删去…至…, 增加一项 after a paragraph).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amend import numerals, ops
from amend.decision.diagnose import DecisionError
from amend.decision.parser import parse_decision, parse_items
from amend.decision.render import render_decision, render_item, render_op
from amend.ops import Payload, Ref, Source

SETTINGS = settings(max_examples=200, deadline=None)
SEED = Path(__file__).resolve().parent.parent / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt"

#: Clean Chinese characters: no numerals, no 第/原/本/增/删/将/改, nothing that reads as a label,
#: a quote or an operation.
POOL = "的国家法律规定人民政府部门应当管理工作单位城市供热经营企业用户服务安全责任"
SRC = Source(None, None, "", 0, 0)

# ---- the normalised view ---------------------------------------------------------------------


def _value(value):
    if isinstance(value, Ref):
        return (value.label(), value.scope)
    if isinstance(value, Payload):
        return value.paragraphs
    if isinstance(value, tuple):
        return tuple(_value(v) for v in value)
    return value


def norm(op) -> tuple:
    """(type, op_name, every field but ``source``): Refs as (label, scope), payloads as
    paragraphs."""
    fields = tuple((f.name, _value(getattr(op, f.name)))
                   for f in attrs.fields(type(op)) if f.name != "source")
    return (type(op).__name__, ops.op_name(op), fields)


def norms(operations) -> list:
    return [norm(op) for op in operations]


# ---- text ------------------------------------------------------------------------------------

words = st.text(alphabet=POOL, min_size=1, max_size=6)
sentence = st.tuples(
    st.lists(words, min_size=1, max_size=3), st.sampled_from("，、；"), st.sampled_from("。；")
).map(lambda t: t[1].join(t[0]) + t[2])
paragraph = st.lists(sentence, min_size=1, max_size=2).map("".join)
payloads = st.lists(paragraph, min_size=1, max_size=4).map(lambda ps: Payload(ps, "npc" if len(ps) > 1 else "inline"))

# ---- references ------------------------------------------------------------------------------

article_numbers = st.tuples(
    st.integers(1, 300), st.sampled_from([0, 0, 0, 0, 1, 2, 3])
)


def article(n: int, sub: int = 0, **extra) -> Ref:
    return Ref(written=numerals.article_label(n, sub), article=n, article_sub=sub, **extra)


def relative(level: str, n: int) -> Ref:
    """A final number below the article ("第三款", "第五项"), as decisions write it."""
    return Ref(written=f"第{numerals.int_to_cn(n)}{ops.UNIT[level]}", **{level: n})


articles = article_numbers.map(lambda t: article(*t))
paragraphs_refs = st.builds(lambda a, p: attrs.evolve(a, paragraph=p), articles, st.integers(1, 9))
items_refs = st.builds(lambda a, p, i: attrs.evolve(a, paragraph=p, item=i),
                       articles, st.none() | st.integers(1, 9), st.integers(1, 20))
any_ref = st.one_of(articles, paragraphs_refs, items_refs)


def distinct_articles(refs) -> bool:
    """Lists of references in distinct articles (lists in one article: see the tests at the end)."""
    keys = [(r.article, r.article_sub) for r in refs]
    return len(set(keys)) == len(keys)


def ref_lists(element, max_size=3):
    return st.lists(element, min_size=1, max_size=max_size).filter(distinct_articles).map(tuple)


def article_lists(min_size=1, max_size=3):
    return st.lists(articles, min_size=min_size, max_size=max_size,
                    unique_by=lambda r: (r.article, r.article_sub)).map(tuple)


def run(level: str, start: int, length: int, parent: Ref | None = None) -> tuple[Ref, ...]:
    """Consecutive provisions start..start+length-1 of one level (under ``parent``)."""
    if level == "article":
        return tuple(article(n) for n in range(start, start + length))
    if parent is None:
        return tuple(relative(level, n) for n in range(start, start + length))
    return tuple(attrs.evolve(parent, **{level: n}) for n in range(start, start + length))


# ---- operations ------------------------------------------------------------------------------


@st.composite
def add_articles(draw):
    k = draw(st.integers(1, 3))
    if draw(st.booleans()):  # 在第X条后增加…，作为第X条之一…
        anchor = draw(articles)
        positions = tuple(article(anchor.article, anchor.article_sub + i) for i in range(1, k + 1))
    else:
        anchor = None
        positions = run("article", draw(st.integers(1, 290)), k) if draw(st.booleans()) \
            else draw(article_lists(k, k))
    return ops.AddArticles(SRC, positions, draw(payloads), anchor=anchor, count=len(positions))


@st.composite
def add_paragraphs(draw):
    positions = tuple(relative("paragraph", n) for n in draw(
        st.lists(st.integers(1, 9), max_size=2, unique=True)))
    return ops.AddParagraphs(SRC, draw(articles), positions, draw(payloads))


@st.composite
def add_items(draw):
    parent = draw(articles | paragraphs_refs)
    positions = tuple(relative("item", n) for n in draw(
        st.lists(st.integers(1, 20), max_size=2, unique=True)))
    return ops.AddItems(SRC, parent, positions, draw(payloads))


@st.composite
def replaces(draw):
    level_refs = draw(st.sampled_from([articles, paragraphs_refs, items_refs]))
    targets = draw(ref_lists(level_refs, 2))
    new = ()
    if len(targets) == 1 and draw(st.booleans()):  # 将第三十条改为第三十二条，修改为
        level = targets[0].level
        new = (draw(articles),) if level == "article" else (relative(level, draw(st.integers(1, 9))),)
    return ops.Replace(SRC, targets, draw(payloads), new)


@st.composite
def renumbers(draw):
    consequential = draw(st.booleans())
    kind = draw(st.sampled_from(["article", "articles", "paragraph", "item", "run"]))
    if kind == "article":
        pairs = ((draw(articles), draw(articles)),)
    elif kind == "articles":
        old = draw(article_lists(2, 3))
        pairs = tuple(zip(old, draw(article_lists(len(old), len(old)))))
    elif kind in ("paragraph", "item"):
        old = draw(paragraphs_refs if kind == "paragraph" else items_refs)
        pairs = ((old, relative(kind, draw(st.integers(1, 20 if kind == "item" else 9)))),)
    else:  # 第三条第七项至第九项相应改为第八项至第十项 / 第七条至第九条改为第八条至第十条
        level = draw(st.sampled_from(["article", "paragraph", "item"]))
        length, a, b = draw(st.integers(3, 5)), draw(st.integers(1, 9)), draw(st.integers(1, 9))
        parent = None if level == "article" else draw(articles)
        pairs = tuple(zip(run(level, a, length, parent), run(level, b, length)))
    return ops.Renumber(SRC, pairs, consequential)


@st.composite
def moves(draw):
    kind = draw(st.sampled_from(["paragraph>article", "article>paragraph", "item>paragraph"]))
    if kind == "paragraph>article":  # 将第十三条第二款改为第十六条
        return ops.Move(SRC, draw(paragraphs_refs), draw(articles))
    if kind == "article>paragraph":
        return ops.Move(SRC, draw(articles), draw(paragraphs_refs))
    target = draw(items_refs)
    return ops.Move(SRC, target, attrs.evolve(target, item=None, paragraph=draw(st.integers(1, 9))))


deletes = st.builds(lambda t: ops.Delete(SRC, t), ref_lists(any_ref))
delete_words = st.builds(
    lambda t, p, pos: ops.DeleteWords(SRC, t, p, pos),
    ref_lists(any_ref, 2), st.lists(words, min_size=1, max_size=3).map(tuple),
    st.sampled_from(["anywhere", "end"]),
)
DOCUMENT = Ref(written="本条例", scope="document")


@st.composite
def substitutes(draw):
    olds = draw(st.lists(words, min_size=1, max_size=2))
    new = draw(words)
    if draw(st.integers(0, 3)) == 0:  # 将本条例中的“A”统一修改为“B”
        targets, every = (DOCUMENT,), True
    else:
        targets, every = draw(ref_lists(any_ref, 2)), draw(st.booleans())
    return ops.Substitute(SRC, targets, tuple((o, new) for o in olds), every=every)


insert_words = st.builds(lambda t, a, x, w: ops.InsertWords(SRC, t, a, x, w),
                         any_ref, words, words, st.sampled_from(["before", "after"]))
add_words = st.builds(lambda t, x, w: ops.AddWords(SRC, t, x, w),
                      any_ref, words, st.sampled_from(["start", "end"]))


@st.composite
def rename_headings(draw):
    n = draw(st.integers(1, 20))
    target = draw(st.sampled_from([
        Ref(written="", chapter=n, scope="heading"),
        Ref(written="", chapter=n, section=draw(st.integers(1, 9)), scope="heading"),
        Ref(written="", part=n, scope="heading"),
    ]))
    return ops.RenameHeading(SRC, target, draw(words), draw(st.none() | words))


@st.composite
def splits(draw):
    n = draw(st.integers(2, 3))
    return ops.Split(SRC, draw(articles), draw(article_lists(n, n)), draw(payloads))


@st.composite
def merges(draw):
    targets = draw(article_lists(2, 3))
    new, text = draw(st.none() | articles), draw(st.none() | payloads)
    return ops.Merge(SRC, targets, new, text)


textual = st.one_of(
    add_articles(), add_paragraphs(), add_items(), replaces(), renumbers(), moves(), deletes,
    delete_words, substitutes(), insert_words, add_words, rename_headings(), splits(), merges(),
)


@st.composite
def inheriting(draw):
    """A clause on an article followed by one that names no article: 原第二款作为第三款 /
    增加一款，作为第二款 / 增加一项，作为第五项 (the article comes from the clause before)."""
    first = draw(st.one_of(replaces(), substitutes(), delete_words, deletes).filter(
        lambda op: op.targets[0].article is not None))
    focus = first.targets[0]
    kind = draw(st.sampled_from(["renumber", "paragraph", "item"] if focus.paragraph is None
                                else ["renumber", "paragraph"]))
    if kind == "renumber":
        old = Ref(written="", article=focus.article, article_sub=focus.article_sub,
                  paragraph=draw(st.integers(1, 9)), inherited=True)
        second = ops.Renumber(SRC, ((old, relative("paragraph", draw(st.integers(1, 9)))),))
    else:  # (for an item after a clause on a paragraph, see test_item_after_a_paragraph)
        parent = Ref(written="", article=focus.article, article_sub=focus.article_sub, inherited=True)
        cls = ops.AddParagraphs if kind == "paragraph" else ops.AddItems
        positions = (relative(kind, draw(st.integers(1, 9))),)
        second = cls(SRC, parent, positions, draw(payloads))
    return [first, second]


items = st.lists(textual, min_size=1, max_size=3) | inheriting()

dates = st.dates(datetime.date(1980, 1, 1), datetime.date(2030, 12, 31))
titles = st.text(alphabet=POOL, min_size=2, max_size=8).map(lambda t: t + "条例")


@st.composite
def closings(draw, target: str):
    """The boilerplate after the items, in the order instruments write it."""
    out = []
    order, wording = draw(st.sampled_from([(True, False), (True, True), (False, True), None])) or (None, None)
    if order is not None:
        out.append(ops.Reorder(SRC, order=order, wording=wording))
    if draw(st.booleans()):
        provisions = draw(st.just(()) | article_lists(1, 2))
        date = draw(st.none() | dates)
        out.append(ops.Commencement(SRC, date, None if date else "自公布之日起施行", provisions))
    if draw(st.booleans()):
        out.append(ops.Republication(SRC, f"《{target}》", reorder=draw(st.booleans())))
    return out


@st.composite
def decisions(draw):
    target = draw(titles)
    issuer = draw(st.sampled_from(["吉林省人民代表大会常务委员会", "全国人民代表大会常务委员会"]))
    return (f"{issuer}关于修改《{target}》的决定", target,
            draw(st.lists(items, min_size=1, max_size=5)), draw(closings(target)))


# ---- properties ------------------------------------------------------------------------------


@SETTINGS
@given(items)
def test_item_round_trip(operations):
    """render_item then parse_items gives back the generated operations (normalised view), and
    every multi-paragraph payload is read as the NPC convention."""
    text = render_item("三", operations)
    parsed = parse_items(text)
    assert norms(parsed) == norms(operations), text
    for op in parsed:
        for value in attrs.astuple(op, recurse=False):
            if isinstance(value, Payload) and len(value.paragraphs) > 1:
                assert value.convention == "npc", text


@SETTINGS
@given(items)
def test_item_one_clause_a_line(operations):
    """An item written one clause a line reads the same as one written on a single line."""
    text = render_item(7, operations, lines=True)
    assert text.startswith("七、")
    assert norms(parse_items(text)) == norms(operations), text


@SETTINGS
@given(items)
def test_render_is_canonical(operations):
    """Rendering what was parsed from rendered text gives the same text (a fixed point)."""
    text = render_item("一", operations)
    assert render_item("一", parse_items(text)) == text


@SETTINGS
@given(st.lists(paragraph, min_size=1, max_size=4))
def test_payload_npc_layout(paragraphs):
    """A payload is one paragraph a line, each opening with “ and only the last closing with ”."""
    text = render_op(ops.AddArticles(SRC, (article(6),), Payload(paragraphs), count=1))
    lines = text.split("\n")
    assert len(lines) == len(paragraphs)
    assert lines[0].endswith("：“" + paragraphs[0] + ("”" if len(paragraphs) == 1 else ""))
    assert all(line == f"“{p}" for line, p in zip(lines[1:-1], paragraphs[1:-1]))
    assert sum(line.count("”") for line in lines) == 1 and lines[-1].endswith("”")


@SETTINGS
@given(decisions())
def test_decision_round_trip(decision):
    """render_decision then parse_decision gives the title, the target, one numbered item per
    generated item with its operations, and the closing clauses as operations."""
    title, target, generated, closing = decision
    text = render_decision(title, target, generated + [[op] for op in closing],
                           reorder=False, commencement=None)
    parsed = parse_decision(text)
    assert parsed.title == title and parsed.targets == (target,)
    numbered = [item for item in parsed.items if item.number is not None]
    assert [item.number for item in numbered] == [numerals.int_to_cn(i) for i in range(1, len(generated) + 1)]
    assert [norms(item.ops) for item in numbered] == [norms(ops_) for ops_ in generated], text
    rest = [op for item in parsed.items if item.number is None for op in item.ops]
    assert norms(rest) == norms(closing), text


@SETTINGS
@given(titles, st.lists(items, min_size=1, max_size=2), st.booleans(), st.booleans(),
       st.none() | dates, st.booleans(), st.none() | dates)
def test_decision_boilerplate(target, generated, reorder, wording, commencement, republish, adopted):
    """The keywords of render_decision come back as the decision's flags and dates."""
    text = render_decision(f"全国人民代表大会常务委员会关于修改《{target}》的决定", target, generated,
                           reorder=reorder, wording=wording, commencement=commencement or "自公布之日起施行",
                           republish=republish, meeting="第十四届全国人民代表大会常务委员会第七次会议",
                           adopted=adopted)
    parsed = parse_decision(text)
    assert parsed.flags == ops.Flags(reorder=reorder, wording=wording, republish=republish)
    assert parsed.dates.adopted == adopted
    assert parsed.dates.in_force_rule == (None if commencement else "自公布之日起施行")
    if commencement:
        assert parsed.dates.in_force == commencement
    assert parsed.meeting == ("第十四届全国人民代表大会常务委员会第七次会议" if adopted else None)
    assert parsed.formula.startswith("第十四届全国人民代表大会常务委员会第七次会议决定对《")


def test_seed_decision_round_trip():
    """The seed decision, parsed, rendered and parsed again, gives the same operations, items,
    title, target and flags."""
    first = parse_decision(SEED.read_text(encoding="utf-8"))
    text = render_decision(first.title, first.targets[0], [item.ops for item in first.items],
                           reorder=False, commencement=None)
    second = parse_decision(text)
    assert (second.title, second.targets, second.flags) == (first.title, first.targets, first.flags)
    assert [(i.number, norms(i.ops)) for i in second.items] == [(i.number, norms(i.ops)) for i in first.items]
    assert len(second.operations) == 12


# ---- examples of the drafting style ----------------------------------------------------------

P = Payload(("甲。",))
P2 = Payload(("甲。", "乙。"))
A3, A30 = article(3), article(30)


@pytest.mark.parametrize("op, expected", [
    (ops.Replace(SRC, (A30,), P, (article(32),)), "将第三十条改为第三十二条，修改为：“甲。”"),
    (ops.AddArticles(SRC, (article(6),), P2, count=1), "增加一条，作为第六条：“甲。\n“乙。”"),
    (ops.AddArticles(SRC, (article(5, 1),), P, anchor=article(5)), "在第五条后增加一条，作为第五条之一：“甲。”"),
    (ops.AddArticles(SRC, tuple(article(n) for n in (6, 7, 8)), P2, count=3),
     "增加三条，分别作为第六条至第八条：“甲。\n“乙。”"),
    (ops.AddParagraphs(SRC, A3, (relative("paragraph", 2), relative("paragraph", 3)), P2),
     "在第三条中增加两款，分别作为第二款、第三款：“甲。\n“乙。”"),
    (ops.Delete(SRC, (article(17), article(18))), "删去第十七条、第十八条"),
    (ops.Delete(SRC, (attrs.evolve(article(10), paragraph=2), attrs.evolve(article(10), paragraph=3))),
     "删去第十条第二款、第三款"),
    (ops.Substitute(SRC, (attrs.evolve(A3, paragraph=2),), (("A", "B"),)), "将第三条第二款中的“A”修改为“B”"),
    (ops.Substitute(SRC, (DOCUMENT,), (("A", "B"),), every=True), "将本条例中的“A”统一修改为“B”"),
    (ops.InsertWords(SRC, article(13), "A", "B"), "在第十三条中的“A”后增加“B”"),
    (ops.AddWords(SRC, attrs.evolve(A3, paragraph=1), "B", "start"), "在第三条第一款开始部分增加“B”"),
    (ops.Renumber(SRC, ((article(5), article(10)),)), "将第五条改为第十条"),
    (ops.Renumber(SRC, ((Ref("", article=3, paragraph=2, inherited=True), relative("paragraph", 3)),)),
     "原第二款作为第三款"),
    (ops.Move(SRC, attrs.evolve(article(13), paragraph=2), article(16)), "将第十三条第二款改为第十六条"),
    (ops.Move(SRC, attrs.evolve(article(24), paragraph=3), article(27), text=P),
     "将第二十四条第三款单列一条，作为第二十七条，修改为：“甲。”"),
    (ops.Move(SRC, article(12), article(11), append=True), "将第十二条并入第十一条"),
    (ops.Move(SRC, attrs.evolve(article(3), paragraph=2), attrs.evolve(article(2), paragraph=3)),
     "将第三条第二款并入第二条，作为第三款"),
    (ops.Merge(SRC, (article(2), article(3)), article(2), P), "将第二条和第三条合并为一条，作为第二条，修改为：“甲。”"),
    (ops.RenameHeading(SRC, Ref("", chapter=4, scope="heading"), "听取和审议报告"),
     "将第四章章名修改为“听取和审议报告”"),
    (ops.Split(SRC, article(9), tuple(article(n) for n in (12, 13, 14)), P),
     "将第九条改为三条，作为第十二条、第十三条、第十四条，修改为：“甲。”"),
    (ops.Merge(SRC, (article(6), article(7)), None, P), "将第六条和第七条合并修改为：“甲。”"),
    (ops.Reorder(SRC), "此外，对条文顺序作相应调整"),
    (ops.Commencement(SRC, datetime.date(2021, 1, 1)), "本决定自2021年1月1日起施行"),
    (ops.Republication(SRC, "《X》"), "《X》根据本决定作相应修改，重新公布"),
])
def test_render_op_examples(op, expected):
    """render_op writes the standard wording for each family."""
    assert render_op(op) == expected


def test_render_item_ending():
    """An item ends with "。" unless its last clause ends with quoted text ending a sentence."""
    assert render_item(3, [ops.Delete(SRC, (A3,))]) == "三、删去第三条。"
    assert render_item(3, [ops.InsertWords(SRC, A3, "A", "B")]) == "三、在第三条中的“A”后增加“B”。"
    assert render_item("十", [ops.Delete(SRC, (A3,)), ops.Replace(SRC, (A30,), P)]) == \
        "十、删去第三条；将第三十条修改为：“甲。”"


# ---- lists in one article, ranges, items after a paragraph (once gaps, now fixed) ------------

P10_2, P10_3 = attrs.evolve(article(10), paragraph=2), attrs.evolve(article(10), paragraph=3)


def test_list_in_one_article():
    """References listed in one article name it once; each keeps that article."""
    op = ops.Delete(SRC, (P10_2, P10_3))
    assert norms(parse_items(render_item(1, [op]))) == norms([op])


def test_list_in_one_article_after_another_clause():
    """An elided article in a list is not taken from the clause before."""
    operations = [ops.Delete(SRC, (attrs.evolve(article(9), paragraph=1),)), ops.Delete(SRC, (P10_2, P10_3))]
    assert [op.targets[-1].label() for op in parse_items(render_item(1, operations))][-1] == "第十条第三款"


def test_delete_range():
    """删去第七条至第九条 deletes three articles."""
    assert norms(parse_items("一、删去第七条至第九条。")) == norms([ops.Delete(SRC, run("article", 7, 3))])


def test_item_after_a_paragraph():
    """增加一项 after a clause on an item of a paragraph adds the item to that paragraph."""
    paragraph = attrs.evolve(A3, paragraph=2)
    operations = [ops.Replace(SRC, (attrs.evolve(paragraph, item=2),), Payload(("甲；",))),
                  ops.AddItems(SRC, attrs.evolve(paragraph, inherited=True), (relative("item", 3),),
                               Payload(("乙；",)))]
    text = render_item(1, operations)
    assert text == "一、将第三条第二款第二项修改为：“甲；”；增加一项，作为第三项：“乙；”"
    assert norms(parse_items(text)) == norms(operations)
