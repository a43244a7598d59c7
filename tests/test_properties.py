"""Property-based tests for the structure parser, the canonical renderer and normalisation.

``regulations()`` builds random well-formed ``Regulation`` values from a small pool of clean
Chinese text.  For them, parse and render are inverse and the canonical text is a fixed point of
``normalise``.  On arbitrary text mixing Chinese characters, punctuation of both widths, labels
and Markdown markers, ``normalise`` is idempotent, preserves the wording, and its ``OffsetMap``
carries every offset of the result back to a matching place in the source.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from amend.model import (
    Article,
    Chapter,
    HistoryNote,
    Item,
    Paragraph,
    Preamble,
    Regulation,
    Section,
    Subitem,
)
from amend.normalise import normalise, wording
from amend.numerals import item_label, subitem_label
from amend.structure import parse, render

SETTINGS = settings(max_examples=200, deadline=None)

#: Clean Chinese characters: no numerals, no 第/附/序, nothing that reads as a label or heading.
POOL = "的国家法律规定人民政府部门应当管理工作单位"

# ---- building blocks --------------------------------------------------------------------------

words = st.text(alphabet=POOL, min_size=2, max_size=8)


def sentence(ends: str):
    """1–3 runs of pool characters joined by "，", then one of ``ends``."""
    return st.tuples(st.lists(words, min_size=1, max_size=3), st.sampled_from(ends)).map(
        lambda t: "，".join(t[0]) + t[1]
    )


title_line = st.text(alphabet=POOL, min_size=2, max_size=12)
titles = st.tuples(st.lists(title_line, max_size=1), title_line).map(
    lambda t: (*t[0], t[1] + "条例")
)

dates = st.builds(
    "{}年{}月{}日".format,
    st.integers(1980, 2024),
    st.integers(1, 12),
    st.integers(1, 28),
)
note_line = st.builds(
    lambda d, w, v: d + w + v, dates, words, st.sampled_from(["通过", "公布", "修正", "修订"])
)
notes = st.none() | st.builds(
    HistoryNote, st.lists(note_line, min_size=1, max_size=3), st.booleans()
)

preambles = st.none() | st.builds(
    Preamble,
    st.sampled_from(["", "序言"]),
    st.lists(sentence("。"), min_size=1, max_size=3),
)


@st.composite
def subitems(draw):
    count = draw(st.integers(0, 3))
    return [Subitem(subitem_label(n), draw(sentence("；。"))) for n in range(1, count + 1)]


@st.composite
def items(draw):
    count = draw(st.integers(0, 4))
    return [Item(item_label(n), draw(sentence("；。")), draw(subitems())) for n in range(1, count + 1)]


@st.composite
def paragraphs(draw):
    out = []
    for _ in range(draw(st.integers(1, 3))):
        listed = draw(items())
        out.append(Paragraph(draw(sentence("：" if listed else "。：")), listed))
    return out


@st.composite
def article_runs(draw, counter: list[int]):
    """1–3 articles numbered on from ``counter[0]``; an article may be followed by 之一, 之二."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        counter[0] += 1
        number = counter[0]
        out.append(Article(number, 0, draw(paragraphs())))
        for sub in range(1, draw(st.sampled_from([0, 0, 0, 0, 1, 2])) + 1):
            out.append(Article(number, sub, draw(paragraphs())))
    return out


names = st.text(alphabet=POOL, min_size=2, max_size=6)


@st.composite
def bodies(draw):
    counter = [0]
    if draw(st.booleans()):  # flat articles
        return [a for _ in range(draw(st.integers(1, 3))) for a in draw(article_runs(counter))]
    chapters = []
    for c in range(1, draw(st.integers(1, 3)) + 1):
        if draw(st.booleans()):
            children = draw(article_runs(counter))
        else:
            children = [
                Section(s, draw(names), draw(article_runs(counter)))
                for s in range(1, draw(st.integers(1, 3)) + 1)
            ]
        chapters.append(Chapter(c, draw(names), children))
    return chapters


regulations = st.builds(Regulation, title=titles, note=notes, preamble=preambles, body=bodies())

# A bracketed 题注 whose last line is not date-led ("根据…修正）", as real notes are written)
# followed by a preamble: once joined by mistake (regression cases).
NOTE_THEN_PREAMBLE = [
    "人人条例\n（1980年1月1日人人通过\n根据1990年1月1日人人修正）\n人人。\n第一条 人人。",
    "人人条例\n（1980年1月1日人人通过\n根据1990年1月1日人人修正）\n序言\n人人。\n第一条 人人。",
]


# ---- arbitrary text ---------------------------------------------------------------------------

TOKENS = [*POOL, "条", "例", *"，。；：,;:()（） \t\n\u3000", *"0123456789", "第一条", "（一）", "#", "**"]
arbitrary_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)

# Idempotence holds on the full alphabet except for line-leading Markdown heading markers: a
# "# " line is protected from page-break joining while the marker is there (a gazette's
# "## 吉林省人民政府人事任免" must not swallow the next line), and the marker is gone after the
# first pass.  Canonical text never contains one, so the property runs without "#".
IDEMPOTENCE_TOKENS = [t for t in TOKENS if t != "#"]
idempotence_text = st.lists(st.sampled_from(IDEMPOTENCE_TOKENS), max_size=40).map("".join)
# Minimal examples that once broke idempotence (regression cases).
ONCE_NOT_IDEMPOTENT = [
    "的,,",  # widening ran once: "的，,"
    ",,的",
    "((的))",  # only the innermost pair was widened
    ",**的",  # the mark touched Chinese only after "**" was removed
    "的的的的的的的的\n,",  # ... or after a line break was joined
    "的的的的的的的的\n的\n的",  # joins were judged on the unjoined line
]
HEADING_MARKER_LIMITATION = "的的的的的的的的\n# 的"


def is_ideograph(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


# ---- parse / render ---------------------------------------------------------------------------


@SETTINGS
@given(regulations)
def test_parse_inverts_render(regulation):
    parsed = parse(render(regulation))
    assert parsed.regulation == regulation
    assert parsed.warnings == ()


@SETTINGS
@given(regulations)
def test_render_parse_render(regulation):
    text = render(regulation)
    assert render(parse(text).regulation) == text


@SETTINGS
@given(regulations)
def test_canonical_text_is_normalised(regulation):
    text = render(regulation)
    assert normalise(text).text == text


@pytest.mark.parametrize("text", NOTE_THEN_PREAMBLE)
def test_canonical_note_then_preamble_is_normalised(text):
    assert render(parse(text).regulation) == text
    assert normalise(text).text == text


# ---- normalise on arbitrary text --------------------------------------------------------------


@SETTINGS
@given(idempotence_text)
@example("的,\n的")  # a half-width comma that widening makes full-width joins the same way
@example("的;\u3000\u3000,")  # and a half-width semicolon ends a sentence the same way
@example("**第一条\n的")  # a bare label in emphasis is joined to its text like a bare label
@example("**第一条的\n的")
def test_normalise_idempotent(text):
    once = normalise(text).text
    assert normalise(once).text == once


@pytest.mark.parametrize("text", ONCE_NOT_IDEMPOTENT)
def test_normalise_idempotent_regressions(text):
    once = normalise(text).text
    assert normalise(once).text == once


@pytest.mark.xfail(strict=True, reason="documented: a Markdown heading marker protects a line "
                   "break only on the first pass (see IDEMPOTENCE_TOKENS)")
def test_normalise_idempotent_heading_marker_limitation():
    once = normalise(HEADING_MARKER_LIMITATION).text
    assert normalise(once).text == once


@SETTINGS
@given(arbitrary_text)
def test_normalise_preserves_wording(text):
    assert wording(normalise(text).text) == wording(text)


@SETTINGS
@given(arbitrary_text)
def test_offset_map(text):
    norm = normalise(text)
    offsets = norm.offsets
    mapped = [offsets.to_source(i) for i in range(len(norm.text) + 1)]
    assert all(0 <= m <= len(text) for m in mapped)
    assert all(a <= b for a, b in zip(mapped, mapped[1:]))
    for i, ch in enumerate(norm.text):
        if is_ideograph(ch):
            assert text[mapped[i]] == ch, (i, ch, mapped[i])
