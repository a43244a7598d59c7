"""Compare a consolidated text with an official one, article by article, and classify.

Contract (design.md §5): ``compare(actual, expected, ...)`` pairs the articles of the engine's
consolidation and of the official (republished or later) text by number, compares them after
normalisation, and gives every divergence one class — never repairs it:

- ``unknown``: the engine's article is a lacuna; nothing can be said (explained);
- ``punctuation``: the texts differ only in punctuation, spaces or character width (explained);
- ``source-defect``: the official text as stored is damaged — paragraphs split or joined by the
  source, a footnote, a lost heading (explained);
- ``editorial-covered``: wording no item lists, in a decision that says "对…个别文字作相应调整"
  (explained by that catch-all, and reported as such);
- ``numbering``: an article missing on one side, or one text found under another number;
- ``engine``: an article the decision changed differs from the official one — an operation
  applied wrongly (unexplained);
- ``editorial``: an article the decision did not touch differs (unexplained);
and the 题注 is compared separately (``note``), and so are the title and the preamble (``front``:
the title with its line breaks ignored, the preamble without blank lines and without lines that
only repeat the title, the header lines sources put there).  ``Report.ok`` is true only when
nothing but explained classes remain; the CLI turns it into the exit status.  A title or preamble
that differs is reported (``front.matches`` false) but does not by itself make ``ok`` false: in
real sources that place mostly holds the source's own header lines.
"""

from __future__ import annotations

import re
import unicodedata

from amend.codecache import attrs

from amend.diff import textdiff
from amend.model import Article, Regulation
from amend.structure import render_article

EXPLAINED = ("unknown", "punctuation", "source-defect", "editorial-covered")
CLASSES = EXPLAINED + ("numbering", "engine", "editorial")

_PUNCT = re.compile(r"[\s\u3000，。、；：？！“”‘’（）《》〈〉【】〔〕—…·,.;:?!'\"()\[\]<>-]")
_FOOTNOTE = re.compile(r"^[①-⑳].*$|[①-⑳]", re.M)


@attrs.frozen
class Divergence:
    article: str  # label in the compared numbering
    cls: str
    item: str | None  # the decision item(s) that changed the article, "三" or "三、五"
    diff: str  # inline difference: [-deleted-] [+inserted+] (expected relative to actual)
    explained: bool
    detail: str = ""


@attrs.frozen
class NoteCheck:
    generated: tuple[str, ...]
    official: tuple[str, ...]
    matches: bool
    detail: str = ""


@attrs.frozen
class FrontCheck:
    """The title and the preamble of both texts, as compared (see the module contract)."""

    title_lines: tuple[str, ...]
    official_title_lines: tuple[str, ...]
    preamble: tuple[str, ...]
    official_preamble: tuple[str, ...]

    @property
    def title(self) -> str:
        return "".join(self.title_lines).replace(" ", "")

    @property
    def official_title(self) -> str:
        return "".join(self.official_title_lines).replace(" ", "")

    @property
    def title_matches(self) -> bool:
        """Equal, or one is a run of the other's lines: a source that repeats its title or adds
        a document number line (法释〔2015〕5号) under it has not another title."""
        a, b = _plain(self.title), _plain(self.official_title)
        return a == b or a in _line_runs(self.official_title_lines) \
            or b in _line_runs(self.title_lines)

    @property
    def preamble_matches(self) -> bool:
        return [_plain(p) for p in self.preamble] == [_plain(p) for p in self.official_preamble]

    @property
    def matches(self) -> bool:
        return self.title_matches and self.preamble_matches


def _line_runs(lines: tuple[str, ...]) -> set[str]:
    return {_plain("".join(lines[i:j]).replace(" ", ""))
            for i in range(len(lines)) for j in range(i + 1, len(lines) + 1)}


def front_matter(actual: Regulation, expected: Regulation) -> FrontCheck:
    titles = ("".join(actual.title).replace(" ", ""), "".join(expected.title).replace(" ", ""))

    def own(reg: Regulation) -> tuple[str, ...]:
        paragraphs = reg.preamble.paragraphs if reg.preamble else ()
        return tuple(p for p in paragraphs
                     if p.strip() and not any(len(p) >= 2 and p.replace(" ", "") in t
                                              for t in titles if t))

    return FrontCheck(tuple(actual.title), tuple(expected.title), own(actual), own(expected))


@attrs.frozen
class Report:
    articles_compared: int
    identical: int
    divergences: tuple[Divergence, ...]
    note: NoteCheck | None = None
    front: FrontCheck | None = None

    @property
    def ok(self) -> bool:
        return all(d.explained for d in self.divergences) and (self.note is None or self.note.matches)

    def counts(self) -> dict[str, int]:
        out = {c: 0 for c in CLASSES}
        for d in self.divergences:
            out[d.cls] += 1
        return {c: n for c, n in out.items() if n}


def _plain(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def _joined(article: Article) -> str:
    """The article's words with paragraph and item boundaries removed."""
    out = []
    for p in article.paragraphs:
        out.append(p.text)
        for it in p.items:
            out.append(it.label + it.text)
            out.extend(s.label + s.text for s in it.subitems)
    return "".join(out)


def layout_only(actual: Article, expected: Article) -> bool:
    """Whether two articles hold the same characters, only split into paragraphs and items
    differently (the class "source-defect", paragraph boundaries only; also used by the
    redline, amend/diff/knock_on.py)."""
    return _joined(actual) == _joined(expected)


def inline_diff(old: str, new: str) -> str:
    """old → new as one string with [-…-] and [+…+] markers (amend/diff/textdiff.py)."""
    return textdiff.marked(textdiff.diff(old, new))


def _division(reg: Regulation) -> dict:
    return {loc.article.key: (loc.chapter.heading if loc.chapter else None) for loc in reg.located}


def classify(actual: Article, expected: Article, *, touched: bool, wording: bool,
             written: tuple[str, ...] = ()) -> tuple[str, str]:
    """The class of a differing pair and a short note on why."""
    if actual.is_lacuna:
        return "unknown", "原文不详（lacuna）"
    a, e = render_article(actual), render_article(expected)
    if layout_only(actual, expected):
        return "source-defect", "仅分段不同（来源文本的分段错误）/ paragraph boundaries only (source)"
    if _plain(a) == _plain(e):
        return "punctuation", "仅标点、空格或全半角不同 / punctuation, spacing or width only"
    if _FOOTNOTE.search(e) and _plain(_FOOTNOTE.sub("", e)) == _plain(_FOOTNOTE.sub("", a)):
        return "source-defect", "来源文本中的脚注 / a footnote in the source text"
    if touched:
        if written and _within_written(a, e, written):
            # "违反本条例第二十六条规定，给予警告" restated; the official text reads "规定的，给予警告":
            # every difference lies inside words the decision wrote, copied verbatim
            if wording:
                return "editorial-covered", "正式文本改动了决定所写的文字，属“个别文字作相应调整” / " \
                    "the official text adjusts the decision's own words (catch-all clause)"
            return "editorial", "正式文本与决定所写的文字不同 / the official text departs from the " \
                "words the decision wrote"
        if written and all(_plain(w) in _plain(e) for w in written):
            # the decision's own words are all there: the difference lies elsewhere
            if wording:
                return "editorial-covered", "决定未列明的文字调整，属“个别文字作相应调整” / " \
                    "wording covered by the decision's catch-all clause"
            return "editorial", "决定的新文字均在，但其他文字不同 / the decision's words are " \
                "present; other words differ"
        return "engine", "决定修改的条文与正式文本不同 / an article the decision changed differs"
    if wording:
        return "editorial-covered", "决定未列明的文字调整，属“个别文字作相应调整” / " \
            "wording covered by the decision's catch-all clause"
    return "editorial", "决定未涉及的条文与正式文本不同 / an article the decision did not touch differs"


#: An instruction that creates divisions but names no place: "将本规则分为五章，章名分别为…".
_DIVISIONS_UNPLACED = re.compile(r"分为[一二两三四五六七八九十]+[编章节]|增加[一二两三四五六七八九十]*[编章节]")


def divisions_open(warnings) -> bool:
    """Whether applying a decision left a division instruction unlocated (from its warnings)."""
    return any(w.code == "not-applied-unlocated" and _DIVISIONS_UNPLACED.search(w.message)
               for w in warnings)


def _within_written(actual: str, expected: str, written: tuple[str, ...]) -> bool:
    """Whether every change from ``actual`` to ``expected`` falls inside an occurrence in
    ``actual`` of words the decision wrote (an insertion strictly inside one), and leaves most
    of those words standing — words the official text does not have at all are not a rewording
    (the decision's change may have been applied in the wrong place)."""
    spans = []
    for w in written:
        at = actual.find(w) if len(w) > 1 else -1
        while at >= 0:
            spans.append((at, at + len(w)))
            at = actual.find(w, at + 1)
    if not spans:
        return False
    pos, hunks = 0, []
    for seg in textdiff.diff(actual, expected):
        if seg.op == "=":
            pos += len(seg.text)
        elif seg.op == "-":
            hunks.append((pos, pos + len(seg.text)))
            pos += len(seg.text)
        else:
            hunks.append((pos, pos))
    if not hunks:
        return False
    removed: dict[tuple[int, int], int] = {}
    for x, y in hunks:
        span = next(((a, b) for a, b in spans if a <= x and y <= b and (x < y or a < x < b)), None)
        if span is None:
            return False
        removed[span] = removed.get(span, 0) + (y - x)
    return all(2 * n < b - a for (a, b), n in removed.items())


def compare(actual: Regulation, expected: Regulation, *, provenance: dict | None = None,
            wording: bool = False, written: dict | None = None,
            note: NoteCheck | None = None, divisions_open: bool = False,
            boundary: frozenset = frozenset()) -> Report:
    """Compare article by article; ``provenance`` maps an article key to the decision items
    that changed it, ``written`` to the words the decision wrote into it, ``wording`` says the
    decision admits unlisted wording changes, ``divisions_open`` that it creates divisions
    without saying which articles they hold ("将本规则分为五章，章名分别为…"), ``boundary`` the
    keys of articles the decision added or moved to a division boundary without saying on which
    side (the engine warned ``division-boundary``)."""
    provenance = provenance or {}
    written = written or {}
    got = {a.key: a for a in actual.articles()}
    want = {a.key: a for a in expected.articles()}
    got_div, want_div = _division(actual), _division(expected)
    divergences: list[Divergence] = []
    identical = 0
    by_text = {render_article(a).split(" ", 1)[-1]: a.key for a in expected.articles()}
    for key in sorted(set(got) | set(want)):
        a, e = got.get(key), want.get(key)
        items = "、".join(provenance.get(key, ())) or None
        label = (a or e).label
        if a is None or e is None:
            present = a or e
            elsewhere = by_text.get(render_article(present).split(" ", 1)[-1]) if a else None
            detail = ("正式文本中没有此条 / missing from the official text" if e is None
                      else "引擎结果中没有此条 / missing from the engine's text")
            if elsewhere:
                detail += f"（正式文本中为{want[elsewhere].label}）"
            divergences.append(Divergence(label, "numbering", items, render_article(present), False,
                                          detail))
            continue
        if render_article(a) == render_article(e) and got_div.get(key) == want_div.get(key):
            identical += 1
            continue
        if render_article(a) == render_article(e):
            detail = "所属章节不同 / placed in a different division"
            if want_div.get(key) is None:
                cls = "source-defect"
            elif divisions_open:
                cls = "editorial-covered"
                detail += "；决定设章节而未写明各章节所含条文 / the decision creates divisions " \
                    "without stating which articles they hold"
            elif key in boundary:
                cls = "editorial-covered"
                detail += "；新增或移动的条文位于两章节之间，决定未写明归属 / the decision adds or " \
                    "moves the article to a division boundary without saying on which side"
            else:
                cls = "numbering"
            divergences.append(Divergence(
                label, cls, items, f"{got_div.get(key)} → {want_div.get(key)}", cls in EXPLAINED,
                detail))
            continue
        cls, detail = classify(a, e, touched=key in provenance, wording=wording,
                               written=written.get(key, ()))
        divergences.append(Divergence(label, cls, items, inline_diff(render_article(a),
                                                                     render_article(e)),
                                      cls in EXPLAINED, detail))
    compared = len(set(got) & set(want))
    return Report(compared, identical, tuple(divergences), note, front_matter(actual, expected))


def report_dict(report: Report) -> dict:
    """The JSON shape: {"articles_compared", "identical", "divergences": [...], "ok", ...}."""
    return {
        "articles_compared": report.articles_compared,
        "identical": report.identical,
        "ok": report.ok,
        "counts": report.counts(),
        "divergences": [
            {"article": d.article, "class": d.cls, "item": d.item, "diff": d.diff,
             "explained": d.explained, "detail": d.detail}
            for d in report.divergences
        ],
        "note": None if report.note is None else {
            "generated": list(report.note.generated), "official": list(report.note.official),
            "matches": report.note.matches, "detail": report.note.detail,
        },
        "front": None if report.front is None else {
            "title_matches": report.front.title_matches,
            "preamble_matches": report.front.preamble_matches,
            "title": report.front.title, "official_title": report.front.official_title,
            "preamble": list(report.front.preamble),
            "official_preamble": list(report.front.official_preamble),
        },
    }
