"""The faster paths of issue 16 give exactly what the plain ones gave (performance itself is
measured only by benchmarks/bench_scaling.py and bench_structure.py, never here)."""

from __future__ import annotations

import random
import re

import attrs
import pytest

from amend import normalise as N
from amend.apply import citations
from amend.apply.invert import _Inverter
from amend.apply.target import select
from amend.corpus import find_work
from amend.decision.parser import parse_decision
from amend.diff.align import HELD_MIN, MOVE_MIN, Unit, _Aligner, align
from amend.structure import parse
from amend.text import SPACE

_CHARS = "甲乙丙丁的规定条例。，；《》〈〉“”（）第一二条 \t\u3000\u00a0\nab"


def _strings(n: int, seed: int = 7):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_CHARS) for _ in range(rnd.randint(0, 60)))


def _book_titles_plain(text: str):
    """``citations.book_titles`` as it was: a loop over every character."""
    spans = []
    depth, opening = 0, 0
    for i, ch in enumerate(text):
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


def test_book_titles_same_as_the_character_loop():
    for s in _strings(3000):
        assert citations.book_titles(s) == _book_titles_plain(s), s


def _trim_lines_plain(text: str):
    """``normalise.trim_lines`` as it was: four regular-expression passes."""
    text, e0 = N._rewrite(text, N._LEADING_SPACE, "")
    text, e1 = N._rewrite(text, N._TRAILING_SPACE, "")
    text, e2 = N._strip_edge_newlines(text)
    text, e3 = N._rewrite(text, N._BLANK_RUN, "\n")
    return text, (e0, e1, e2, e3)


def test_trim_lines_same_as_the_regular_expressions():
    samples = list(_strings(3000)) + ["", "\n", " ", "a", "a\n", "\na", " a \n\n b\u3000\n"]
    for s in samples:
        assert N.trim_lines(s) == _trim_lines_plain(s), repr(s)
        assert N._trimmed(s) == (_trim_lines_plain(s)[0] == s
                                 and not any(_trim_lines_plain(s)[1])), repr(s)
    assert set(SPACE) <= set(_CHARS)


def test_join_page_breaks_fast_path_changes_nothing(corpus_dev, monkeypatch):
    """With the sentence-end shortcut and the markup-line shortcut switched off, every corpus-dev
    text joins the same."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dev.glob("*/[0-9]*.md"))[:60]]
    texts += [s.replace("\t", "。") for s in _strings(500)]
    texts += ["## 第一章 总则\n第一条 甲", "（一）甲（乙）丙；\n（二）丁（戊）\n己。", "<!-- x -->\n甲，\n乙",
              "第一条 有下列情形之一的：\n（一）甲；\n（二）乙。", "甲。\n由下列人员组成：\n委员长，\n副委员长。",
              "甲。\n乙:\n丙,\n丁：\n\n戊，"]
    fast = [N.join_page_breaks(t) for t in texts]
    monkeypatch.setattr(N, "_PLAIN_ENDS", frozenset())
    monkeypatch.setattr(N, "_MARKUP_STARTS", ())
    assert [N.join_page_breaks(t) for t in texts] == fast


def _by_article_plain(inv: _Inverter, key):
    """``_Inverter.by_article`` as it was: a scan of every operation."""
    from amend.ops import Ref

    out = []
    for op in inv.ops:
        refs = []
        for field in ("targets", "target", "article", "parent"):
            value = getattr(op, field, None)
            if isinstance(value, Ref):
                refs.append(value)
            elif isinstance(value, tuple):
                refs.extend(r for r in value if isinstance(r, Ref))
        if any(r.article is not None and r.article_key == key for r in refs):
            out.append(op)
    return out


def test_invert_index_same_as_the_scan(corpus_dev):
    from amend.triples import find
    from amend.textio import read_text

    cases = []
    work = find_work("吉林省城市供热条例")
    cases.append((parse(work.read("republished-2021-07-30")).regulation,
                  parse_decision(work.read("decision-2021-07-30"))))
    for t in find(corpus_dev)[:4]:
        cases.append((parse(read_text(t.after).text).regulation,
                      parse_decision(read_text(t.decision).text)))
    for amended, decision in cases:
        inv = _Inverter(amended, decision, select(decision, "".join(amended.title)))
        keys = {a.key for a in amended.articles()} | {(n, 0) for n in range(1, 400)}
        for key in sorted(keys):
            assert inv.by_article(key) == _by_article_plain(inv, key), key


def _units(rnd: random.Random, n: int, words: list[str]) -> list[Unit]:
    out = []
    for k in range(n):
        text = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 12)))
        out.append(Unit(key=(k + 1, 0), text=text))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_similarity_candidates_hold_every_pair_that_reaches_the_floor(seed):
    """The prefix filter of ``_Aligner._mutual`` leaves out only pairs below the floor."""
    rnd = random.Random(seed)
    words = ["热经营", "企业", "应当", "供热", "设施", "用户", "主管部门", "的", "。", "，", "甲", "乙"]
    old, new = _units(rnd, 40, words), _units(rnd, 40, words)
    # some near copies so that pairs reach the floors
    new += [Unit(key=(100 + k, 0), text=u.text + rnd.choice(words))
            for k, u in enumerate(old[:15])]
    a = _Aligner(old, new)
    olds, news = a.free_old(), a.free_new()
    for floor, contained, score in ((MOVE_MIN, False, a.sim), (HELD_MIN, True, a.held)):
        found = a._candidates(olds, news, floor, contained)
        for i in olds:
            for j in news:
                if score(i, j) >= floor:
                    assert j in found.get(i, ()), (i, j, floor)


def _all_pairs(self, olds, news, floor, contained):
    return {i: list(news) for i in olds}


@pytest.mark.parametrize("seed", range(4))
def test_align_same_as_scoring_every_pair(seed, monkeypatch):
    """``align`` with the filter gives what scoring every pair gave: on real articles moved,
    extended and renumbered, and on random units."""
    rnd = random.Random(seed)
    work = find_work("吉林省城市供热条例")
    arts = parse(work.read("republished-2021-07-30")).regulation.articles()
    texts = ["".join(p.text for p in a.paragraphs) for a in arts]
    moved = texts[:]
    rnd.shuffle(moved)
    moved = [t + rnd.choice(["", "并报上级主管部门备案。", ""]) for t in moved[:30]]
    old = [Unit(key=(k + 1, 0), text=t) for k, t in enumerate(texts)]
    new = [Unit(key=(k + 1, 0), text=t) for k, t in enumerate(moved)]
    words = ["热经营", "企业", "应当", "供热", "设施", "用户", "的", "。", "甲"]
    cases = [(old, new), (_units(rnd, 30, words), _units(rnd, 35, words))]
    fast = [align(o, n) for o, n in cases]
    monkeypatch.setattr(_Aligner, "_candidates", _all_pairs)
    assert [align(o, n) for o, n in cases] == fast


def test_normalise_fast_paths_change_nothing(corpus_dev, monkeypatch):
    """Every shortcut of ``normalise`` switched off (the sentence-end join shortcut, the no-op
    check of ``trim_lines``, line-start matching, the two-indent precheck, line-by-line
    stripping) gives the same text and the same edits, on corpus-dev texts and random ones."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dev.glob("*/[0-9]*.md"))[::3]]
    marks = ["# ", "- ", "> ", "（一） ", "1. ", "第一条　", "\u3000\u3000", "\u3000 \u3000"]
    rnd = random.Random(3)
    texts += ["".join(rnd.choice(marks + list(_CHARS)) for _ in range(80)) for _ in range(400)]
    fast = [N.normalise(t) for t in texts]
    monkeypatch.setattr(N, "_PLAIN_ENDS", frozenset())
    monkeypatch.setattr(N, "_MARKUP_STARTS", ())
    monkeypatch.setattr(N, "_trimmed", lambda t: False)
    monkeypatch.setattr(N, "_line_start_matches", lambda text, pattern: pattern.finditer(text))
    monkeypatch.setattr(N, "_TWO_INDENTS", re.compile("\u3000"))
    monkeypatch.setattr(N, "_strip_line_ends", lambda text, strip: N._rewrite(
        text, N._LEADING_SPACE if strip is str.lstrip else N._TRAILING_SPACE, ""))
    assert [N.normalise(t) for t in texts] == fast


def _walk_values(value):
    """Every attrs value in a tree of them (tuples followed)."""
    if isinstance(value, tuple):
        for v in value:
            yield from _walk_values(v)
    elif attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _walk_values(getattr(value, field.name))


def test_parsed_values_pass_the_model_checks(corpus_dev):
    """The parser builds its articles, paragraphs and items without the model's validators and
    converters (``model.unchecked_*``): every value it builds passes those validators, its
    children are tuples as the converters make them, and ``articles()`` (which walks the body
    without ``located``) agrees with ``located``."""
    from amend.structure import parse_source

    for path in sorted(corpus_dev.glob("*/[0-9]*.md"))[::4]:
        regulation = parse_source(path.read_text(encoding="utf-8")).regulation
        for value in _walk_values(regulation):
            attrs.validate(value)
            for field in attrs.fields(type(value)):
                if field.converter is not None:
                    assert type(getattr(value, field.name)) is tuple, (value, field.name)
        assert regulation.articles() == tuple(loc.article for loc in regulation.located)


def test_deferred_edits_are_their_tuple():
    """``trim_lines`` makes the edits of the blank lines it drops when they are read: they count,
    compare, hash, print and pickle as the tuple the regular expression gives."""
    import pickle

    text = "第一条 甲\n\n第二条 乙\n\n\n\n第三条 丙\n\n（一）丁"
    _, (*_, deferred) = N.trim_lines(text)
    _, (*_, plain) = _trim_lines_plain(text)
    assert isinstance(deferred, N.DeferredEdits) and type(plain) is tuple
    assert len(deferred) == len(plain) == 3 and bool(deferred)
    assert deferred == plain and plain == deferred and not deferred != plain
    assert hash(deferred) == hash(plain) and repr(deferred) == repr(plain)
    assert list(deferred) == list(plain) and deferred[-1] == plain[-1]
    assert pickle.loads(pickle.dumps(deferred)) == plain


def test_line_starts_same_as_the_find_loop():
    """``structure._line_starts`` adds up line lengths: the offsets a scan for newlines gives."""
    from amend.structure import _line_starts

    def plain(text):
        starts, at = [0], text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts

    for s in [*_strings(2000), "", "\n", "\n\n", "a\n"]:
        assert _line_starts(s) == plain(s), repr(s)


def test_next_article_shortcut_changes_nothing(corpus_dev):
    """``structure._classify`` places "第八条 …" after 第七条 without ARTICLE_RE; with two spaces
    after every article label (which ARTICLE_RE reads the same, the shortcut never) every
    corpus-dev text parses the same."""
    label = re.compile(r"(?m)^(第[^ \n]{1,12}?条(?:之[^ \n]{1,6})?) (?=\S)")
    for path in sorted(corpus_dev.glob("*/[0-9]*.md"))[::5]:
        text = N.normalise(path.read_text(encoding="utf-8")).text
        slow = label.sub(r"\1  ", text)
        assert slow != text
        fast, plain = parse(text), parse(slow)
        assert fast.regulation == plain.regulation, path
        assert [(w.code, w.line) for w in fast.warnings] == [(w.code, w.line) for w in plain.warnings]


def _widen_plain(text: str):
    """``normalise.widen_punctuation`` as it was: a regular-expression scan for the lone marks."""
    passes = []
    while any(c in text for c in N._WIDE):
        text, e1 = N._rewrite(text, N._PAREN_PAIR, lambda m: "（" + m.group(1) + "）")
        current = text
        e2 = ()
        if any(c in current for c in ",;:?!"):
            text, e2 = N._rewrite(current, N._LONE_MARK, lambda m: N._WIDE[m.group(0)] if N._touches_cjk(
                current, m.start(), m.end()) else m.group(0))
        if not e1 and not e2:
            break
        passes += [e1, e2]
    return text, tuple(passes) or ((),)


def test_widen_and_strip_invisible_same_as_the_regular_expressions():
    """``widen_punctuation`` finds the lone marks with str.find, ``strip_invisible`` rewrites
    with str methods and makes its edits when read: the text and the edits the regular
    expressions gave."""
    rnd = random.Random(5)
    chars = "甲乙的，。,;:?!()（）12ab \n\r\ufeff\u200b\u00ad"
    samples = ["".join(rnd.choice(chars) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    for s in samples + ["a\r\nb\r\rc\r", "\r\u200b\n", "的,,的", "((的))"]:
        assert N.widen_punctuation(s) == _widen_plain(s), repr(s)
        plain = N._rewrite(s, N._INVISIBLE, lambda m: "\n" if m.group(0)[0] == "\r" else "")
        assert N.strip_invisible(s) == (plain if plain[1] else (s, ())), repr(s)
