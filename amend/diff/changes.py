"""The changes between two versions of a regulation, article by article.

Contract: ``compare(old, new, link=None)`` aligns the articles of two ``Regulation`` values
(align.py; with the ``Link`` of the decisions between them when known), then inside each pair
aligns paragraphs, and inside paired paragraphs items and subitems, the same way, and diffs each
paired line (textdiff.py).  It returns ``Changes``: one ``ArticleChange`` per pair — ``kind``
(unchanged, renumbered, modified, replaced, moved, split, merged, added, deleted, unresolved;
and for a modified article the knock-on kinds "reference" — only its references to renumbered
articles changed, 条文序号调整引起的引用修改 — and "layout" — the same words split into
paragraphs differently, as verify classes it; see knock_on.py),
old and new labels, ``matched_by``, the decision items that caused it when a link is known, the
chapter/section each side sits in, and ``lines``: every paragraph, item and subitem line with its
own kind and inline segments.  Item labels are part of a line's text, so "（三）" → "（四）" shows.
Every article of both versions appears in exactly one change.  A modified line whose change is
only a renumbered reference carries ``knock_on="reference"``, in whatever article.
"""

from __future__ import annotations

from collections.abc import Sequence

from amend.codecache import attrs

from amend import numerals
from amend.diff import knock_on, textdiff
from amend.diff.align import Known, Pair, Unit, align
from amend.diff.link import Cause, Link
from amend.diff.textdiff import Segment
from amend.model import (
    Article,
    Item,
    LocatedArticle,
    Paragraph,
    Regulation,
    Subitem,
    is_lacuna,
)

#: Kinds in the order summaries list them.  "reference" and "layout" are knock-on changes
#: (knock_on.py): a modified article whose only changes are cross-references renumbered by the
#: reorder, or whose words are the same, split into paragraphs differently.
KINDS = ("modified", "reference", "layout", "replaced", "renumbered", "moved", "split", "merged",
         "added", "deleted", "unresolved", "unchanged")

#: Below this similarity a paired article whose words changed reads as rewritten ("replaced").
REPLACED_BELOW = 0.3


@attrs.frozen
class Line:
    """One paragraph (level 0), item (1) or subitem (2+) line of an article pair."""

    level: int
    kind: str  # unchanged | modified | added | deleted | unresolved
    old: str | None  # its place in the old text: "第二款", "第二款第（三）项" (None: added)
    new: str | None
    segments: tuple[Segment, ...]
    matched_by: str
    old_article: str | None = None  # for splits and merges: the article the line belongs to
    new_article: str | None = None
    knock_on: str | None = None  # "reference": only cross-references renumbered by the reorder

    @property
    def changed(self) -> bool:
        return self.kind != "unchanged"


@attrs.frozen
class ArticleChange:
    kind: str
    old: tuple[str, ...]  # labels in the old version ("第三十条"); () when added
    new: tuple[str, ...]
    matched_by: str
    score: float
    causes: tuple[Cause, ...]
    lines: tuple[Line, ...]
    old_division: str | None  # "第五章 法律责任" (with its section, if any)
    new_division: str | None
    moved: bool = False

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new) and self.old != self.new

    @property
    def changed(self) -> bool:
        return self.kind != "unchanged"


@attrs.frozen
class HeadingChange:
    """A division heading (编、分编、章、节) renamed, added or deleted: ``old``/``new`` the heading
    lines ("第五章 法律责任"; None when added or deleted) and the decision items behind it."""

    kind: str  # renamed | added | deleted
    old: str | None
    new: str | None
    causes: tuple[Cause, ...] = ()


@attrs.frozen
class Changes:
    old_title: str
    new_title: str
    articles: tuple[ArticleChange, ...]
    decisions: tuple[str, ...] = ()  # the decisions linking the versions (Cause.decision indexes)
    headings: tuple[HeadingChange, ...] = ()

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for a in self.articles:
            counts[a.kind] += 1
        counts["number_changed"] = sum(1 for a in self.articles if a.renumbered)
        return counts

    def renumbering(self) -> tuple[tuple[str, str], ...]:
        """(old label, new label) of every surviving article whose number changed, in new order."""
        return tuple((o, n) for a in self.articles if a.renumbered and len(a.old) == len(a.new)
                     for o, n in zip(a.old, a.new) if o != n)

    def titles_differ(self) -> bool:
        return self.old_title != self.new_title


# ---- units ------------------------------------------------------------------------------------

def _subitem_text(s: Subitem) -> str:
    return s.label + s.text + "".join("\n" + _subitem_text(c) for c in s.children)


def _item_text(it: Item) -> str:
    return it.label + it.text + "".join("\n" + _subitem_text(s) for s in it.subitems)


def _paragraph_text(p: Paragraph) -> str:
    return p.text + "".join("\n" + _item_text(it) for it in p.items)


def _article_text(a: Article) -> str:
    return "\n".join(_paragraph_text(p) for p in a.paragraphs)


def _division(loc: LocatedArticle) -> str | None:
    heads = [d.heading for d in (loc.part, loc.subpart, loc.chapter, loc.section) if d is not None]
    return " ".join(heads) or None


# ---- lines ------------------------------------------------------------------------------------

def _line(level: int, old_text: str | None, new_text: str | None, old: str | None,
          new: str | None, by: str, old_article=None, new_article=None) -> Line:
    if old_text is not None and is_lacuna(old_text):  # 〔原文不详：…〕: never "deleted" or "equal"
        kind, segments = "unresolved", textdiff.diff(old_text, new_text or "")
    elif old_text is None:
        kind, segments = "added", textdiff.diff("", new_text)
    elif new_text is None:
        kind, segments = ("unresolved" if by == "unresolved" else "deleted"), textdiff.diff(old_text, "")
    else:
        kind = "unchanged" if old_text == new_text else "modified"
        segments = textdiff.diff(old_text, new_text)
    return Line(level, kind, old, new, segments, by, old_article, new_article)


def _known(keys_old: Sequence, keys_new: Sequence, mapping: dict | None) -> Known | None:
    """The decision's map restricted to these units (None when it says nothing about them)."""
    if not mapping:
        return None
    index_new = {k: j for j, k in enumerate(keys_new)}
    pairs = {}
    for i, k in enumerate(keys_old):
        if k not in mapping:
            continue
        v = mapping[k]
        if v is None:
            pairs[i] = ()
        elif v in index_new:
            pairs[i] = (index_new[v],)
    return Known(pairs) if pairs else None


def _followed(mapping: dict, link: Link, olds) -> dict:
    """The decision's paragraph or item map, without the articles of ``olds`` (article,
    index, paragraph) it restated whole ("将第四十条修改为：“…”"): their new paragraphs are fresh
    to the engine, but a reader wants them diffed against the old ones word by word, so the
    texts align them.  An article known only as a lacuna keeps the decision's map."""
    restated = {a.key for a, _, _ in olds if a.key in link.replaced and not a.is_lacuna}
    return {k: v for k, v in mapping.items() if k[0] not in restated} if restated else mapping


def _leaf_lines(old: Sequence, new: Sequence, level: int, where_old: str, where_new: str,
                known: Known | None, ctx) -> list[Line]:
    """Items (level 1) or subitems (level ≥ 2) of a paired parent, aligned and diffed."""
    text = _item_text if level == 1 else _subitem_text
    units_old = [Unit(x.label, text(x)) for x in old]
    units_new = [Unit(x.label, text(x)) for x in new]
    out: list[Line] = []
    for pair in align(units_old, units_new, known, joins=False):
        for i, j in _members(pair):
            o = old[i] if i is not None else None
            n = new[j] if j is not None else None
            out.extend(_node_lines(o, n, level, where_old, where_new, pair.matched_by, ctx))
    return out


def _members(pair: Pair):
    """(old index, new index) for the lines of a pair: the first of each side diffed against
    each other, any further member (a decision that merged two paragraphs) on its own."""
    first_old = pair.old[0] if pair.old else None
    first_new = pair.new[0] if pair.new else None
    yield first_old, first_new
    for i in pair.old[1:]:
        yield i, None
    for j in pair.new[1:]:
        yield None, j


def _children(node):
    return node.subitems if isinstance(node, Item) else node.children


def _node_lines(o, n, level, where_old, where_new, by, ctx) -> list[Line]:
    """An item or subitem line and, below it, its children."""
    old_at = f"{where_old}{o.label}" if o is not None else None
    new_at = f"{where_new}{n.label}" if n is not None else None
    out = [_line(level, o.label + o.text if o else None, n.label + n.text if n else None,
                 old_at, new_at, by, *ctx)]
    if o is not None and n is not None:
        out.extend(_leaf_lines(_children(o), _children(n), level + 1, old_at, new_at, None, ctx))
    else:
        for child in _children(o if o is not None else n):
            out.extend(_node_lines(child if o is not None else None, child if n is not None else None,
                                   level + 1, old_at or "", new_at or "", by, ctx))
    return out


def _paragraph_lines(olds, news, link: Link | None) -> list[Line]:
    """Paragraphs of the old article(s) and the new article(s) of one pair, aligned and diffed.
    ``olds``/``news`` are (article, paragraph index, paragraph) triples."""
    multi = len({a.key for a, _, _ in olds}) > 1 or len({a.key for a, _, _ in news}) > 1
    units_old = [Unit((a.key, k) if multi else k, _paragraph_text(p), p.is_lacuna) for a, k, p in olds]
    units_new = [Unit((a.key, k) if multi else k, _paragraph_text(p)) for a, k, p in news]
    known = _known([(a.key, k) for a, k, _ in olds], [(a.key, k) for a, k, _ in news],
                   _followed(link.paragraphs, link, olds) if link else None)
    out: list[Line] = []
    for pair in align(units_old, units_new, known, joins=False):
        for i, j in _members(pair):
            out.extend(_paragraph_pair(olds[i] if i is not None else None,
                                       news[j] if j is not None else None,
                                       pair.matched_by, multi, link))
    return out


def _paragraph_pair(o, n, by: str, multi: bool, link: Link | None) -> list[Line]:
    """The lines of one old paragraph and/or one new paragraph: its text, then its items."""
    ctx = (o[0].label if o and multi else None, n[0].label if n and multi else None)
    where_old = f"第{numerals.int_to_cn(o[1])}款" if o else None
    where_new = f"第{numerals.int_to_cn(n[1])}款" if n else None
    out = [_line(0, o[2].text if o else None, n[2].text if n else None, where_old, where_new, by,
                 *ctx)]
    if o and n:
        item_known = None
        if link and link.items:
            keys_old = [(o[0].key, o[1], it.number) for it in o[2].items]
            keys_new = [(n[0].key, n[1], it.number) for it in n[2].items]
            item_known = _known(keys_old, keys_new, _followed(link.items, link, [o]))
        out.extend(_leaf_lines(o[2].items, n[2].items, 1, where_old, where_new, item_known, ctx))
    else:
        for it in (o or n)[2].items:
            out.extend(_node_lines(it if o else None, it if n else None, 1,
                                   where_old or "", where_new or "", by, ctx))
    return out


def _unchanged(article: Article) -> list[Line]:
    """The lines of an article whose paragraphs are the same in both versions."""
    out: list[Line] = []

    def nodes(children, level: int, where: str) -> None:
        for node in children:
            at = f"{where}{node.label}"
            text = node.label + node.text
            out.append(Line(level, "unchanged", at, at, (Segment("=", text),) if text else (),
                            "identical"))
            nodes(_children(node), level + 1, at)

    for k, p in enumerate(article.paragraphs, 1):
        where = f"第{numerals.int_to_cn(k)}款"
        out.append(Line(0, "unchanged", where, where, (Segment("=", p.text),) if p.text else (),
                        "identical"))
        nodes(p.items, 1, where)
    return out


def _paragraphs(articles: Sequence[Article]):
    return [(a, k, p) for a in articles for k, p in enumerate(a.paragraphs, 1)]


# ---- articles ---------------------------------------------------------------------------------

def _article_known(old_locs, new_locs, link: Link) -> Known:
    index_new = {loc.article.key: j for j, loc in enumerate(new_locs)}
    pairs: dict[int, tuple[int, ...]] = {}
    for i, loc in enumerate(old_locs):
        key = loc.article.key
        if key in link.splits:
            pairs[i] = tuple(index_new[k] for k in link.splits[key] if k in index_new)
        elif key in link.articles:
            target = link.articles[key]
            if target is None:
                pairs[i] = ()
            elif target in index_new:
                pairs[i] = (index_new[target],)
    added = tuple(index_new[k] for k in link.added if k in index_new)
    return Known(pairs, added)


def _kind(pair: Pair, old_arts, new_arts, lines, link: Link | None) -> str:
    if not pair.old:
        return "unresolved" if pair.matched_by == "unresolved" else "added"
    if not pair.new:
        return "unresolved" if pair.matched_by == "unresolved" else "deleted"
    if len(pair.new) > 1:
        return "split"
    if len(pair.old) > 1:
        return "merged"
    if pair.moved:
        return "moved"
    if all(not line.changed for line in lines):
        return "renumbered" if old_arts[0].key != new_arts[0].key else "unchanged"
    replaced = link is not None and old_arts[0].key in link.replaced
    if replaced or old_arts[0].is_lacuna or pair.score < REPLACED_BELOW:
        return "replaced"
    return "modified"


def _causes(kind: str, old_arts, new_arts, link: Link | None) -> tuple[Cause, ...]:
    if link is None or kind == "unchanged":
        return ()
    out: list[Cause] = []
    for a in new_arts:
        out.extend(link.changed.get(a.key, ()))
    for a in old_arts:
        out.extend(link.removed.get(a.key, ()))
    seen: list[Cause] = []
    for c in out:
        if c not in seen:
            seen.append(c)
    return tuple(seen)


def compare(old: Regulation, new: Regulation, link: Link | None = None) -> Changes:
    """The changes from ``old`` to ``new`` (see the module contract)."""
    old_locs, new_locs = old.located, new.located
    units_old = [Unit(loc.article.key, _article_text(loc.article), loc.article.is_lacuna)
                 for loc in old_locs]
    units_new = [Unit(loc.article.key, _article_text(loc.article)) for loc in new_locs]
    known = _article_known(old_locs, new_locs, link) if link is not None else None
    changes = []
    sides = []
    for pair in align(units_old, units_new, known):
        old_arts = [old_locs[i].article for i in pair.old]
        new_arts = [new_locs[j].article for j in pair.new]
        sides.append((old_arts, new_arts))
        if len(old_arts) == len(new_arts) == 1 and old_arts[0].paragraphs == new_arts[0].paragraphs:
            lines = _unchanged(old_arts[0])  # the common case, without aligning anything
        elif old_arts and new_arts:
            lines = _paragraph_lines(_paragraphs(old_arts), _paragraphs(new_arts), link)
        else:
            lines = _paragraph_lines(_paragraphs(old_arts), [], None) if old_arts else \
                _paragraph_lines([], _paragraphs(new_arts), None)
            if pair.matched_by == "unresolved":
                lines = [attrs.evolve(x, kind="unresolved") for x in lines]
        kind = _kind(pair, old_arts, new_arts, lines, link)
        changes.append(ArticleChange(
            kind=kind,
            old=tuple(a.label for a in old_arts),
            new=tuple(a.label for a in new_arts),
            matched_by=pair.matched_by,
            score=pair.score,
            causes=_causes(kind, old_arts, new_arts, link),
            lines=tuple(lines),
            old_division=_division(old_locs[pair.old[0]]) if pair.old else None,
            new_division=_division(new_locs[pair.new[0]]) if pair.new else None,
            moved=pair.moved,
        ))
    changes = _knock_on(changes, sides)
    return Changes("".join(old.title), "".join(new.title), tuple(changes),
                   link.decisions if link else (), heading_changes(old, new, link))


def _knock_on(changes: list[ArticleChange], sides: list) -> list[ArticleChange]:
    """Mark the knock-on changes (knock_on.py): lines that only follow the renumbering of the
    articles they cite, and modified articles that are nothing but such lines ("reference") or
    the same words in other paragraphs ("layout").  ``sides``: each change's old and new
    articles."""
    numbers = {a.old[0]: a.new[0] for a in changes if len(a.old) == len(a.new) == 1}
    out = []
    for a, (old_arts, new_arts) in zip(changes, sides, strict=True):
        lines = tuple(
            attrs.evolve(line, knock_on="reference") if line.kind == "modified"
            and knock_on.renumbered_references(textdiff.side(line.segments, "-"),
                                               textdiff.side(line.segments, "+"), numbers)
            else line for line in a.lines)
        kind = a.kind
        if kind == "modified":
            changed = [line for line in lines if line.changed]
            if changed and all(line.knock_on == "reference" for line in changed):
                kind = "reference"
            elif knock_on.layout_only(old_arts[0], new_arts[0]):
                kind = "layout"
        out.append(attrs.evolve(a, kind=kind, lines=lines) if (kind, lines) != (a.kind, a.lines)
                   else a)
    return out


# ---- headings ---------------------------------------------------------------------------------

def _divisions(reg: Regulation) -> list:
    """Every division of ``reg`` in document order: (kind, number, name, heading, label)."""
    out = []

    def walk(nodes) -> None:
        for node in nodes:
            if isinstance(node, Article):
                continue
            out.append((node.kind, node.number, node.name, node.heading, node.label))
            walk(node.children)

    walk(reg.body)
    return out


def _heading_pairs(olds: list, news: list) -> dict[int, int]:
    """new division index → old division index: the same kind and name first (its number may
    follow the renumbering), then the same kind and number (renamed)."""
    used_old: list[int] = []
    pair: dict[int, int] = {}
    for j, n in enumerate(news):  # same kind and name
        for i, o in enumerate(olds):
            if i not in used_old and (o[0], o[2]) == (n[0], n[2]):
                used_old.append(i)
                pair[j] = i
                break
    for j, n in enumerate(news):  # same kind and number: renamed
        if j in pair:
            continue
        for i, o in enumerate(olds):
            if i not in used_old and (o[0], o[1]) == (n[0], n[1]):
                used_old.append(i)
                pair[j] = i
                break
    return pair


def heading_pairs(old: Regulation, new: Regulation) -> dict[int, int]:
    """The division headings of ``new`` paired with those of ``old`` as ``heading_changes``
    pairs them: new index → old index, each counting 编、分编、章、节 in document order."""
    return _heading_pairs(_divisions(old), _divisions(new))


def heading_changes(old: Regulation, new: Regulation, link: Link | None = None
                    ) -> tuple[HeadingChange, ...]:
    """The division headings renamed, added or deleted between ``old`` and ``new``, in the new
    text's order (deleted ones after): a heading is the same when its kind and name are (its
    number may follow the renumbering: not a change of its own); else one of the same kind and
    number is renamed; the rest are added or deleted.  ``link`` names the items."""
    olds, news = _divisions(old), _divisions(new)
    pair = _heading_pairs(olds, news)
    used_old = list(pair.values())
    acts = link.headings if link else ()

    def causes(action: str, label: str | None, name: str | None = None) -> tuple[Cause, ...]:
        out = []
        for a, o, n, c in acts:
            if a != action:
                continue
            hit = (o == label) if action != "division_inserted" else (n == label)
            if action == "heading_renamed" and name is not None and n != name:
                hit = False
            if hit and c not in out:
                out.append(c)
        return tuple(out)

    out: list[HeadingChange] = []
    for j, n in enumerate(news):
        if j in pair:
            o = olds[pair[j]]
            if o[2] != n[2]:
                out.append(HeadingChange("renamed", o[3], n[3], causes("heading_renamed", o[4], n[2])))
        else:
            out.append(HeadingChange("added", None, n[3], causes("division_inserted", n[4])))
    for i, o in enumerate(olds):
        if i not in used_old:
            out.append(HeadingChange("deleted", o[3], None, causes("division_deleted", o[4])))
    return tuple(out)
