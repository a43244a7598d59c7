"""From two versions to the items of a decision: which articles are added, deleted, moved,
restated or edited word by word, and in which order the items come.

Contract: ``plan(old, new, restate=…)`` pairs the articles of ``old`` and ``new`` by their words
(``amend.diff.align``; a split keeps its most similar part as the pair and adds the rest, a
merge keeps its most similar part and deletes the rest), then writes, in the text order of
``new`` (a deleted article where it stood), one item per change:

- "增加一条，作为第X条：“…”" (consecutive new articles: "增加两条，分别作为…"; with no renumbering,
  a 之N article "在第X条后增加一条，作为第X条之一"), preceded in the same item by
  "增加一章，作为第N章“…”" when the article opens a chapter (or section) ``old`` does not have;
- "删去第X条" (consecutive deleted articles in one clause);
- "将第X条改为第Y条" for an article out of the order the others keep (a move);
- for a changed article, word edits or restatements as ``amend.draft.words`` and ``_article_ops``
  choose them (the rule: see ``words.prefer_restatement``; an article is restated whole when
  its changed share is over ``words.RESTATE_SHARE``, when its paragraphs or items cannot be
  paired one to one, when it would need more than ``MAX_CLAUSES`` clauses, or when ``restate``
  names it), with the claim "将第X条改为第Y条" first whenever its number changes;
- "将第N章章名修改为“…”" for a renamed chapter or section;
- "增加一章，作为第N章“…”，包括第A条至第B条" for a new division holding articles ``old`` had
  (without "包括…" when all its articles are new: they follow the one that opens it), and
  "第N章“…”，包括第A条至第B条" for an old division whose articles the engine's rule would give
  otherwise (an inserted article joins the division of the article before it; a moved one keeps
  its own where it still borders it), found by applying the structural items (``_statements``);
- moves as the engine reads them (``witnesses``, ``expressible``): the engine sees a move only
  from the claims, so articles in order that the moved one crosses are claimed too
  ("将第X条改为第Y条" alone) where needed, and a move no claim can show is unpaired (删去 where it
  stood, 增加 where it goes).

Word edits are computed against the text as the renumbering alone leaves it (the skeleton
decision of the additions, deletions and moves, applied with the engine), so that a
cross-reference the renumbering updates is never an item.  ``reorder`` is set when a surviving
article's number changes (the closing "此外，对条文顺序作相应调整").  Output depends only on the
inputs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from amend.codecache import attrs, to_tuple

from amend import numerals
from amend.apply import ApplyResult, apply
from amend.sequences import longest_increasing
from amend.decision import DecisionError, parse_decision
from amend.decision.render import render_decision, render_op
from amend.diff.align import Unit, align, bigrams, dice
from amend.draft import words
from amend.model import Article, Paragraph, Regulation
from amend.ops import (AddArticles, AddDivision, AddParagraphs, Delete, Members, Merge, Move,
                       NonTextual, Payload, Ref, RenameHeading, Renumber, Replace, Source)
from amend.structure import render_article
from amend.text import POINT_RE

NO_SOURCE = Source(None, None, "", 0, 0)
#: An article needing more word clauses than this is restated whole.
MAX_CLAUSES = 6
_KIND = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}


@attrs.frozen
class PlannedItem:
    """One item of the decision: its operations, its place in text order, the article it is
    about (old and new labels) and what it does (``kind``: added, deleted, moved, edited,
    restated, heading, title)."""

    ops: tuple = attrs.field(converter=to_tuple)
    order: tuple
    kind: str
    old: tuple[int, int] | None = None
    new: tuple[int, int] | None = None


@attrs.frozen
class Pairing:
    """Articles of ``old`` and ``new`` by index: pairs, additions, deletions, and the pairs out
    of the order the others keep (moves)."""

    pairs: tuple[tuple[int, int], ...]
    added: tuple[int, ...]
    deleted: tuple[int, ...]
    moved: tuple[tuple[int, int], ...]


@attrs.frozen
class Plan:
    items: tuple[PlannedItem, ...]
    reorder: bool
    pairing: Pairing


# ------------------------------------------------------------------ references and text

def article_ref(key: tuple[int, int], **below) -> Ref:
    number, sub = key
    ref = Ref(written="", article=number, article_sub=sub, **below)
    return attrs.evolve(ref, written=ref.label())


#: Text the engine reads as a reference running on after an article label whose space the
#: decision's normalisation drops ("第十三条中央军事委员会…" read as "第十三条中…"): such an
#: article's payload is written without its label ("修改为：“中央军事委员会…”").
_RUNS_ON = re.compile(r"(?:[\s之第、，。；的中和及或至]|规定)")


def lines_of(article: Article) -> list[str]:
    """The article as a payload: "第X条 …" then its other paragraphs, items and subitems (the
    label left out when the text would run on from it, see ``_RUNS_ON``)."""
    lines = render_article(article).split("\n")
    first = article.paragraphs[0].text if article.paragraphs else ""
    if first and _RUNS_ON.match(first):
        lines[0] = first
    return lines


def _paragraph_lines(p: Paragraph) -> list[str]:
    return [p.text] + [line for it in p.items for line in _item_lines(it)]


def _item_lines(item) -> list[str]:
    return [item.label + item.text] + [line for sub in item.subitems for line in _sub_lines(sub)]


def _sub_lines(sub) -> list[str]:
    out = [sub.label + sub.text]
    for child in sub.children:
        out.extend(_sub_lines(child))
    return out


def _article_text(article: Article) -> str:
    return "\n".join(line for p in article.paragraphs for line in _paragraph_lines(p))


# ------------------------------------------------------------------ pairing

def pairing(old: Regulation, new: Regulation) -> Pairing:
    olds, news = old.articles(), new.articles()
    units_old = [Unit(a.key, _article_text(a)) for a in olds]
    units_new = [Unit(a.key, _article_text(a)) for a in news]
    pairs, added, deleted = [], [], []
    for p in align(units_old, units_new):
        if p.old and p.new:
            # a split or a merge: the most similar part is the pair, the rest added/deleted
            best = max(((i, j) for i in p.old for j in p.new),
                       key=lambda ij: (dice(bigrams(units_old[ij[0]].text),
                                            bigrams(units_new[ij[1]].text)), -ij[0], -ij[1]))
            pairs.append(best)
            added.extend(j for j in p.new if j != best[1])
            deleted.extend(i for i in p.old if i != best[0])
        else:
            added.extend(p.new)
            deleted.extend(p.old)
    pairs, added = _keep_in_place(olds, news, pairs, added)
    return _pairing(olds, news, pairs, added, deleted)


def _pairing(olds, news, pairs, added, deleted) -> Pairing:
    pairs = sorted(pairs)
    chain = _longest_increasing(pairs, {(i, j) for i, j in pairs if olds[i].key == news[j].key})
    moved = tuple(p for p in pairs if p not in chain)
    return Pairing(tuple(pairs), tuple(sorted(added)), tuple(sorted(deleted)), moved)


def _keep_in_place(olds, news, pairs: list, added: list) -> tuple[list, list]:
    """An article one of whose later paragraphs becomes the next article stays where it was:
    when new article j opens like old article i (its first paragraph at least
    ``DETACH_SIMILARITY`` like i's) and the later new article paired with i is (nearly) one of
    i's later paragraphs alone, i pairs with j and the later one is the paragraph set apart
    ("将第二条第二款单列一条，作为第三条"), not the other way round."""
    pairs, added = list(pairs), list(added)
    for j in sorted(added):
        for n, (i, jj) in enumerate(pairs):
            a, opens, alone = olds[i], news[j].paragraphs, news[jj].paragraphs
            if jj <= j or len(a.paragraphs) < 2 or len(alone) != 1 or not opens:
                continue
            if dice(bigrams(a.paragraphs[0].text), bigrams(opens[0].text)) < DETACH_SIMILARITY:
                continue
            if max(dice(bigrams(p.text), bigrams(alone[0].text))
                   for p in a.paragraphs[1:]) < DETACH_SIMILARITY:
                continue
            pairs[n] = (i, j)
            added[added.index(j)] = jj
            break
    return pairs, added


def _longest_increasing(pairs: list[tuple[int, int]], fixed: set | None = None
                        ) -> set[tuple[int, int]]:
    """The longest run of pairs (sorted by old index) whose new indices increase; among runs
    of one length, the one keeping most of ``fixed`` (articles whose number does not change:
    "将第四条改为第四条" cannot be written, so such an article is best left in order)."""
    fixed = fixed or set()
    best: list[tuple[int, int]] = [(1, int(p in fixed)) for p in pairs]
    prev: list[int] = [-1] * len(pairs)
    for k in range(len(pairs)):
        bonus = int(pairs[k] in fixed)
        for m in range(max(0, k - 400), k):
            score = (best[m][0] + 1, best[m][1] + bonus)
            if pairs[m][1] < pairs[k][1] and score > best[k]:
                best[k], prev[k] = score, m
    k = max(range(len(pairs)), key=lambda x: (best[x], -x), default=-1)
    out = set()
    while k >= 0:
        out.add(pairs[k])
        k = prev[k]
    return out


# ------------------------------------------------------------------ structural items

def _division_path(loc) -> tuple:
    return tuple(d for d in (loc.part, loc.subpart, loc.chapter, loc.section) if d is not None)


def _division_ref(path: tuple, **extra) -> Ref:
    fields = {_KIND[d.kind]: d.number for d in path}
    ref = Ref(written="", **fields, **extra)
    return attrs.evolve(ref, written=ref.label())


def _path_key(loc, depth: int | None = None) -> tuple:
    """A division path as (kind, number, name) triples (to ``depth`` levels)."""
    path = _division_path(loc)
    return tuple((d.kind, d.number, d.name) for d in path[:len(path) if depth is None else depth])


def _new_divisions(old: Regulation, new: Regulation, pm: Pairing):
    """Divisions of ``new`` none of whose articles come from ``old`` (new index of their first
    article → AddDivision ops), renamed divisions (RenameHeading items), and for every division
    of ``new`` (its path key) the key of the ``old`` division it continues (None: new)."""
    old_loc, new_loc = old.located, new.located
    new_of_old = {i: j for i, j in pm.pairs}
    old_members: dict[tuple, set[int]] = {}
    for i, loc in enumerate(old_loc):
        for depth in range(len(_division_path(loc))):
            path = _division_path(loc)[:depth + 1]
            key = tuple((d.kind, d.number, d.name) for d in path)
            old_members.setdefault(key, set())
            if i in new_of_old:
                old_members[key].add(new_of_old[i])
    opened: dict[int, list] = {}
    renames: list[PlannedItem] = []
    origin: dict[tuple, tuple | None] = {}
    seen: set = set()
    # each old division continues at most one new division: the one sharing most articles with
    # it (the same name first on a tie); a new division it also shares articles with is new
    new_members: dict[tuple, set[int]] = {}
    for j, loc in enumerate(new_loc):
        for depth in range(len(_division_path(loc))):
            new_members.setdefault(_path_key(loc, depth + 1), set()).add(j)
    overlaps = sorted(((len(m & n), okey[-1][2] == key[-1][2], -min(n), key, okey)
                       for key, n in new_members.items() for okey, m in old_members.items()
                       if len(okey) == len(key) and okey[-1][0] == key[-1][0] and m & n),
                      reverse=True)
    assigned: dict[tuple, tuple] = {}
    for *_, key, okey in overlaps:
        if key not in assigned and okey not in assigned.values():
            assigned[key] = okey
    for j, loc in enumerate(new_loc):
        path = _division_path(loc)
        for depth, d in enumerate(path):
            key = tuple((x.kind, x.number, x.name) for x in path[:depth + 1])
            if key in seen:
                continue
            seen.add(key)
            members = {k for k, other in enumerate(new_loc)
                       if tuple((x.kind, x.number, x.name)
                                for x in _division_path(other)[:depth + 1]) == key}
            candidates = [(0, assigned[key])] if key in assigned else []
            if not candidates:
                origin[key] = None
                within = None
                if d.kind == "节" and depth > 0:
                    # "在第二编第十五章中增加一节": the old division the new one's parent continues
                    parent = assigned.get(key[:-1])
                    if parent is not None:
                        within = Ref(written="", **{_KIND[k]: n for k, n, _ in parent})
                        within = attrs.evolve(within, written=within.label())
                opened.setdefault(j, []).append(AddDivision(
                    NO_SOURCE, _KIND[d.kind], _division_ref((d,)), d.name or None, within=within))
                continue
            okey = max(candidates)[1]
            origin[key] = okey
            if okey[-1][2] != d.name and d.style == "ordinal":
                target = Ref(written="", scope="heading",
                             **{_KIND[k]: n for k, n, _ in okey})
                target = attrs.evolve(target, written=target.label())
                renames.append(PlannedItem((RenameHeading(NO_SOURCE, target, d.name),), (j, -1),
                                           "heading"))
    return opened, renames, origin


def _index(articles, ref: Ref) -> int:
    return next(k for k, a in enumerate(articles) if a.key == (ref.article, ref.article_sub))


def _span(new: Regulation, j: int, kind: str, key: tuple | None = None) -> tuple[Ref, Ref]:
    """The first and last article of the division of ``kind`` (or with path ``key``) that
    article ``j`` of ``new`` sits in."""
    locs = new.located
    if key is None:
        path = _path_key(locs[j])
        depth = next(k for k, d in enumerate(path) if _KIND[d[0]] == kind) + 1
        key = path[:depth]
    inside = [k for k, loc in enumerate(locs) if _path_key(loc, len(key)) == key]
    news = new.articles()
    return article_ref(news[inside[0]].key), article_ref(news[inside[-1]].key)


def _runs(indices: Iterable[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for k in indices:
        if out and out[-1][-1] == k - 1:
            out[-1].append(k)
        else:
            out.append([k])
    return out


#: A new article counts as a paragraph of an old one set apart (单列一条) when their words are at
#: least this similar (bigram Dice); below it, it is a new article.
DETACH_SIMILARITY = 0.7


def _detachments(olds, news, pm: Pairing, restate: frozenset) -> dict[int, tuple[int, int, bool]]:
    """New articles that are a paragraph of an old article set apart — "将第X条第K款单列一条，
    作为第Z条[，修改为：“…”]": {new index: (old index, paragraph index, reworded)}.  Only where
    the old article keeps all its other paragraphs unchanged (its pair is the old article less
    that paragraph), so that the item says everything that happens to it; one per old article."""
    out: dict[int, tuple[int, int, bool]] = {}
    used: set[int] = set()
    for j in pm.added:
        b = news[j]
        if len(b.paragraphs) != 1:
            continue
        for i, jj in pm.pairs:
            a = olds[i]
            if i in used or a.key in restate or len(a.paragraphs) < 2:
                continue
            rest = list(news[jj].paragraphs)
            found = None
            for k, p in enumerate(a.paragraphs):
                if list(a.paragraphs[:k] + a.paragraphs[k + 1:]) != rest:
                    continue
                if p == b.paragraphs[0]:
                    found = (i, k, False)
                elif dice(bigrams(p.text), bigrams(b.paragraphs[0].text)) >= DETACH_SIMILARITY:
                    found = (i, k, True)
                break
            if found is not None:
                out[j] = found
                used.add(i)
                break
    return out


#: A deleted article joined its neighbour (合并) when at least this share of its bigrams is in
#: the neighbour's new text, and the two old texts together are this similar to it.
MERGE_CONTAINED, MERGE_SIMILARITY = 0.8, 0.7


def _merges(olds, news, pm: Pairing, restate: frozenset) -> dict[int, tuple[int, int]]:
    """Deleted articles that joined the article next to them — "将第A条和第B条合并为一条，作为
    第C条，修改为：“…”": {deleted old index: (old index of its neighbour, new index)}.  The
    neighbour's new text holds the deleted one's words (``MERGE_CONTAINED``) and is close to the
    two old texts together (``MERGE_SIMILARITY``), and the neighbour's own old text does not hold
    them already."""
    out: dict[int, tuple[int, int]] = {}
    new_of_old = dict(pm.pairs)
    used: set[int] = set()
    for b in pm.deleted:
        gone = bigrams(_article_text(olds[b]))
        for a in (b - 1, b + 1):
            if a not in new_of_old or a in used or olds[a].key in restate \
                    or olds[b].key in restate or not gone:
                continue
            c = new_of_old[a]
            whole = bigrams(_article_text(news[c]))
            kept = bigrams(_article_text(olds[a]))
            first, second = sorted((a, b))
            joined = bigrams(_article_text(olds[first]) + _article_text(olds[second]))
            if len(gone & whole) / len(gone) >= MERGE_CONTAINED \
                    and len(gone & kept) / len(gone) < MERGE_CONTAINED \
                    and dice(joined, whole) >= MERGE_SIMILARITY:
                out[b] = (a, c)
                used.update((a, b))
                break
    return out


def _merge_item(olds, news, b: int, a: int, c: int) -> PlannedItem:
    first, second = sorted((a, b))
    targets = (article_ref(olds[first].key), article_ref(olds[second].key))
    op = Merge(NO_SOURCE, targets, article_ref(news[c].key), Payload(lines_of(news[c])))
    return PlannedItem([op], (c, 0), "merged", olds[a].key, news[c].key)


def _structural(old: Regulation, new: Regulation, pm: Pairing, reorder: bool,
                restate: frozenset = frozenset()) -> list[PlannedItem]:
    olds, news = old.articles(), new.articles()
    opened, renames, _ = _new_divisions(old, new, pm)
    items: list[PlannedItem] = list(renames)
    # "增加一章，作为第N章“…”，包括第A条至第B条": every new division states its articles (some
    # may be articles the text had, moved into it)
    # (only when it holds an article the text had: new articles after the one that opens it
    # follow it in; the engine matches "第三节，包括…" to the first new 第三节 of the decision)
    added = set(pm.added)
    for j, adds in list(opened.items()):
        stated = []
        for op in adds:
            first, last = _span(new, j, op.kind)
            inside = range(_index(news, first), _index(news, last) + 1)
            stated.append(op)
            if not set(inside) <= added:
                stated.append(Members(NO_SOURCE, op.position, (first, last)))
        if j in pm.added:
            opened[j] = stated
        else:  # the division opens at an article the text had: an item of its own
            items.append(PlannedItem(stated, (j, -1, 0), "division", None, news[j].key))
    old_of_new = {j: i for i, j in pm.pairs}
    # additions: one item per run of consecutive new articles (a new division splits a run)
    detached = _detachments(olds, news, pm, restate)
    for j, (i, k, reworded) in sorted(detached.items()):
        text = Payload(_paragraph_lines(news[j].paragraphs[0])) if reworded else None
        move = Move(NO_SOURCE, article_ref(olds[i].key, paragraph=k + 1), article_ref(news[j].key),
                    text=text)
        items.append(PlannedItem(list(opened.get(j, ())) + [move], (j, 0), "detached",
                                 olds[i].key, news[j].key))
    runs: list[list[int]] = []
    for run in _runs(j for j in pm.added if j not in detached):
        for j in run:
            # one item per article: a labelled payload of several articles loses the space
            # after its labels in the decision's normalisation (see the report)
            if True:
                runs.append([j])
            else:
                runs[-1].append(j)
    for run in runs:
        positions = [article_ref(news[j].key) for j in run]
        anchor = None
        if not reorder and news[run[0]].sub and run[0] > 0 and run[0] - 1 in old_of_new:
            # 在第X条后增加一条，作为第X条之一
            anchor = article_ref(olds[old_of_new[run[0] - 1]].key)
        text = Payload([line for j in run for line in lines_of(news[j])])
        ops = list(opened.get(run[0], ())) + [AddArticles(NO_SOURCE, positions, text, anchor,
                                                          count=len(run))]
        items.append(PlannedItem(ops, (run[0], 0), "added", None, news[run[0]].key))
    # deletions: where they stood, after the new article before them
    new_of_old = dict(pm.pairs)
    for run in _runs(pm.deleted):
        before = [new_of_old[i] for i in range(run[0]) if i in new_of_old]
        at = max(before) if before else -1
        refs = [article_ref(olds[i].key) for i in run]
        items.append(PlannedItem([Delete(NO_SOURCE, refs)], (at, 1, run[0]), "deleted",
                                 olds[run[0]].key, None))
    return items


# ------------------------------------------------------------------ changed articles

def _map_hunks(old: str, mid: str, new: str) -> str:
    """``old`` with the changes mid → new made in it: ``mid`` is ``old`` with its references
    renumbered, so a change touching a renumbered reference takes the whole reference (written
    in its new number); references the change does not touch stay as ``old`` has them."""
    if old == mid:
        return new
    codes = difflib.SequenceMatcher(None, old, mid, autojunk=False).get_opcodes()
    dirty = [(j1, j2) for tag, _, _, j1, j2 in codes if tag != "equal"]

    def to_old(x: int) -> int:
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal" and j1 <= x <= j2:
                return i1 + (x - j1)
            if x == j1:
                return i1
            if x == j2:
                return i2
        return len(old)

    spans = []
    for h in words.hunks(mid, new):
        s, e = h.start, h.end
        grown = True
        while grown:
            grown = False
            for j1, j2 in dirty:
                if j1 <= e and j2 >= s and (j1 < s or j2 > e):
                    s, e, grown = min(s, j1), max(e, j2), True
        spans.append([s, e, mid[s:h.start] + h.text + mid[h.end:e]])
    merged: list[list] = []
    for s, e, text in spans:  # grown spans may now overlap: join them
        if merged and s <= merged[-1][1]:
            ps, pe, ptext = merged[-1]
            # ptext covers mid[ps:pe] as changed; extend with the part of this span beyond pe
            overlap = pe - s
            merged[-1] = [ps, max(pe, e), ptext + _tail(text, mid, s, pe, overlap)]
        else:
            merged.append([s, e, text])
    out = old
    for s, e, text in reversed(merged):
        out = out[:to_old(s)] + text + out[to_old(e):]
    return out


def _tail(text: str, mid: str, s: int, pe: int, overlap: int) -> str:
    """The part of a span's new text beyond ``pe`` (the end of the span before it)."""
    prefix = mid[s:pe]
    return text[len(prefix):] if text.startswith(prefix) else text


def _restate(a_old: Article, b: Article, claim: Ref | None) -> list:
    return [Replace(NO_SOURCE, (article_ref(a_old.key),), Payload(lines_of(b)),
                    (claim,) if claim else ())]


def _scope(p: Paragraph) -> list[str]:
    return [p.text] + [t for it in p.items for t in [it.text] + _sub_texts(it.subitems)]


def _sub_texts(subs) -> list[str]:
    return [t for s in subs for t in [s.text] + _sub_texts(s.children)]


def _shape(p: Paragraph) -> tuple:
    return tuple((it.label, _sub_shape(it.subitems)) for it in p.items)


def _sub_shape(subs) -> tuple:
    return tuple((s.label, _sub_shape(s.children)) for s in subs)


def _article_ops(a_old: Article, a_mid: Article, b: Article, claim: Ref | None) -> list | None:
    """Word edits, paragraph/item restatements, added and deleted paragraphs for one changed
    article, or None when the article is to be restated whole (see the module contract)."""
    whole_old, whole_new = _article_text(a_mid), _article_text(b)
    if words.changed_share(whole_old, whole_new, words.hunks(whole_old, whole_new)) \
            > words.RESTATE_SHARE:
        return None
    if len(a_old.paragraphs) != len(a_mid.paragraphs):
        return None
    pa, pb = a_mid.paragraphs, b.paragraphs
    if len(pa) == len(pb):
        para_pairs = list(zip(range(len(pa)), range(len(pb))))
        added_paras: list[int] = []
        deleted_paras: list[int] = []
    else:
        units_a = [Unit(k, "\n".join(_scope(p))) for k, p in enumerate(pa)]
        units_b = [Unit(k, "\n".join(_scope(p))) for k, p in enumerate(pb)]
        para_pairs, added_paras, deleted_paras = [], [], []
        for p in align(units_a, units_b, joins=False):
            if len(p.old) == 1 and len(p.new) == 1:
                para_pairs.append((p.old[0], p.new[0]))
            elif len(p.old) + len(p.new) == 1:
                added_paras.extend(p.new)
                deleted_paras.extend(p.old)
            else:
                return None
        para_pairs.sort()
        if [j for _, j in para_pairs] != sorted(j for _, j in para_pairs):
            return None
    single = len(a_old.paragraphs) == 1
    out: list = []
    for i, j in para_pairs:
        p_old, p_mid, p_new = a_old.paragraphs[i], pa[i], pb[j]
        if p_mid == p_new:
            continue
        para_ref = article_ref(a_old.key) if single else article_ref(a_old.key, paragraph=i + 1)
        if _shape(p_mid) != _shape(p_new) or _shape(p_old) != _shape(p_mid):
            if single:
                return None
            out.append(Replace(NO_SOURCE, (para_ref,), Payload(_paragraph_lines(p_new))))
            continue
        scope_old, scope_mid, scope_new = _scope(p_old), _scope(p_mid), _scope(p_new)
        item_lines = _item_index(p_old)
        for k in range(len(scope_old)):
            if scope_mid[k] == scope_new[k]:
                continue
            goal = _map_hunks(scope_old[k], scope_mid[k], scope_new[k])
            if k == 0:
                ref, scope, line = para_ref, scope_old, 0
            elif item_lines[k] is not None:
                n, first = item_lines[k]
                it = p_old.items[n]
                ref = article_ref(a_old.key, paragraph=None if single else i + 1, item=n + 1)
                scope, line = [it.text] + _sub_texts(it.subitems), k - first
            else:  # a subitem: edit it inside its item
                n, first = _owner(item_lines, k)
                it = p_old.items[n]
                ref = article_ref(a_old.key, paragraph=None if single else i + 1, item=n + 1)
                scope, line = [it.text] + _sub_texts(it.subitems), k - first
            found = words.hunks(scope_mid[k], scope_new[k])
            edits = None
            if not words.prefer_restatement(scope_mid[k], scope_new[k], found):
                current = list(scope)
                edits = words.line_edits(current, line, goal, ref)
            if edits is None:
                if k == 0 and not single:
                    out.append(Replace(NO_SOURCE, (para_ref,), Payload(_paragraph_lines(p_new))))
                    break  # the paragraph is restated with its items
                if k == 0 or item_lines[k] is None:
                    return None
                n, _ = item_lines[k]
                out.append(Replace(NO_SOURCE, (ref,), Payload(_item_lines(p_new.items[n]))))
                continue
            out.extend(edits)
    for i in deleted_paras:
        out.append(Delete(NO_SOURCE, (article_ref(a_old.key, paragraph=i + 1),)))
    for j in added_paras:
        p = pb[j]
        out.append(AddParagraphs(NO_SOURCE, article_ref(a_old.key),
                                 (Ref(written="", paragraph=j + 1),),
                                 Payload(_paragraph_lines(p))))
    if len(out) > MAX_CLAUSES:
        return None
    if claim is not None:
        out.insert(0, Renumber(NO_SOURCE, ((article_ref(a_old.key), claim),)))
    return out


def _item_index(p: Paragraph) -> list:
    """For each line of the paragraph's scope: (item index, line of the item) for an item's own
    line, None for the paragraph and for subitems."""
    out: list = [None]
    for n, it in enumerate(p.items):
        out.append((n, len(out)))
        out.extend([None] * len(_sub_texts(it.subitems)))
    return out


def _owner(item_lines: list, k: int):
    for m in range(k, -1, -1):
        if item_lines[m] is not None:
            return item_lines[m]
    raise ValueError("a subitem outside any item")


# ------------------------------------------------------------------ the plan

# ------------------------------------------------------------------ writing

def _members_text(op: Members) -> str:
    first, last = op.members[0], op.members[-1]
    span = first.label() if first == last else f"{first.label()}至{last.label()}"
    return f"，包括{span}"


def clause(op) -> str:
    """One clause: ``render_op``, and the one it does not write — a division's articles
    "第三章“审查”，包括第十四条至第二十条" (``Members``)."""
    if isinstance(op, Members):
        name = f"“{op.name}”" if op.name else ""
        return f"{op.division.label()}{name}{_members_text(op)}"
    return render_op(op)


def writable(ops) -> list:
    """``ops`` as ``render_decision`` writes them: a ``Members`` clause as text, joined to the
    division it follows ("增加一章，作为第三章“监督管理”，包括第十条至第十五条")."""
    out: list = []
    for op in ops:
        if isinstance(op, Members):
            if out and isinstance(out[-1], AddDivision) and out[-1].position == op.division:
                out[-1] = NonTextual(NO_SOURCE, "rule", render_op(out[-1]) + _members_text(op))
            else:
                out.append(NonTextual(NO_SOURCE, "rule", clause(op)))
        else:
            out.append(op)
    return out


def skeleton(old: Regulation, new: Regulation, pm: Pairing, reorder: bool,
             items: list[PlannedItem]) -> ApplyResult | None:
    """The structural items alone (additions, deletions, moves) applied to ``old``: the text as
    renumbering leaves it.  None when the engine refuses them (the self-check will say where)."""
    text = render_decision("关于修改《草案》的决定", "".join(old.title),
                           [writable(it.ops) for it in sorted(items, key=lambda it: it.order)],
                           reorder=reorder, commencement=None)
    try:
        return apply(old, parse_decision(text), target="".join(old.title))
    except (DecisionError, ValueError):
        return None


def _misplaced(got: Regulation, new: Regulation) -> set[int]:
    """Articles (index in ``new``) the engine's text puts in other divisions than ``new``."""
    mine, wanted = got.located, new.located
    if len(mine) != len(wanted):
        return set()
    return {j for j, (a, b) in enumerate(zip(mine, wanted)) if _path_key(a) != _path_key(b)}


def _statements(old: Regulation, new: Regulation, pm: Pairing, reorder: bool,
                items: list[PlannedItem]) -> list[PlannedItem]:
    """"第三章“审查”，包括第十四条至第二十条" for each division of ``old`` whose articles the
    engine's rule would not give as ``new`` has them (an inserted article joins the division
    of the article before it; a moved one keeps its own where it still borders it): found by
    applying the structural items, and before that — when the engine refuses them, a division
    split in two — guessed for the divisions an added or moved article opens or closes."""
    _, _, origin = _new_divisions(old, new, pm)
    locs, news = new.located, new.articles()
    placed = set(pm.added) | {j for _, j in pm.moved}
    stated: dict[tuple, PlannedItem] = {}

    def state(j: int) -> bool:
        key = _path_key(locs[j])
        if not key or key in stated or origin.get(key) is None:
            return False
        okey = origin[key]
        ref = Ref(written="", **{_KIND[k]: n for k, n, _ in okey})
        ref = attrs.evolve(ref, written=ref.label())
        first, last = _span(new, j, "", key)
        name = okey[-1][2] if okey[-1][2] == key[-1][2] else None
        start = next(k for k, loc in enumerate(locs) if _path_key(loc) == key)
        stated[key] = PlannedItem([Members(NO_SOURCE, ref, (first, last), name)],
                                  (start, -1, 1), "division", None, news[start].key)
        return True

    def early(it: PlannedItem) -> PlannedItem:
        # the engine reads "第四章“保障措施”，包括…" as a new 第四章 once the decision has added
        # one: a statement about an old division goes before the new division of its number
        ref = it.ops[0].division
        same = [other.order for other in items for op in other.ops
                if isinstance(op, AddDivision) and op.kind == ref.level
                and getattr(op.position, op.kind) == getattr(ref, ref.level)
                and other.order < it.order]
        return attrs.evolve(it, order=(min(same)[0], -2, it.order[0])) if same else it

    for _ in range(3):
        stated = {k: early(it) for k, it in stated.items()}
        base = skeleton(old, new, pm, reorder, items + list(stated.values()))
        if base is not None:
            wrong = _misplaced(base.regulation, new)
        else:
            wrong = {j for j in placed
                     if j == 0 or j + 1 == len(locs) or _path_key(locs[j - 1]) != _path_key(locs[j])
                     or _path_key(locs[j + 1]) != _path_key(locs[j])}
            wrong |= {j + d for j in wrong for d in (-1, 1) if 0 <= j + d < len(locs)}
        if not any([state(j) for j in sorted(wrong)]):
            break
    stated = {k: early(it) for k, it in stated.items()}
    return [stated[k] for k in sorted(stated, key=lambda k: stated[k].order)]


def _engine_order_holds(pairs: list[tuple[int, int]], claimed: set, n_new: int) -> bool:
    """Whether the engine's numbering rule (amend/apply/finish.py: ``_order_articles`` then
    ``_moves``) puts every surviving article at its place in ``new`` when the pairs in
    ``claimed`` carry a claim "将第X条改为第Y条": stated positions (new articles, moved
    articles) first, the rest fill in in their old order; when the claims disagree with that
    order, the claimed articles off one longest increasing run of claims move to their stated
    numbers, and every claim must then hold."""
    added_slots = set(range(n_new)) - {j for _, j in pairs}

    def places(moved: set) -> dict:
        taken = added_slots | {j for _, j in moved}
        free = [s for s in range(n_new) if s not in taken]
        rest = [p for p in pairs if p not in moved]
        return {**dict(zip(rest, free)), **{p: p[1] for p in moved}}

    at = places(set())
    claims = sorted(claimed)
    if not all(at[c] == c[1] for c in claims):
        keep = longest_increasing([j for _, j in claims])
        movers = {c for k, c in enumerate(claims) if k not in keep}
        if not movers:
            return False
        at = places(movers)
    return all(at[p] == p[1] for p in pairs)


def _estimate(pm: Pairing, olds, news, restate) -> set:
    """The claims the decision will make, estimated before the word edits are known: moved
    articles and renumbered articles whose words change (an article whose words differ only in
    references the renumbering updates will have none)."""
    return {(i, j) for i, j in pm.pairs if olds[i].key != news[j].key
            and (olds[i].paragraphs != news[j].paragraphs or olds[i].key in restate)} \
        | set(pm.moved)


def expressible(pm: Pairing, olds, news, restate=frozenset()) -> Pairing:
    """``pm`` with each move the engine cannot be made to read from claims (see ``witnesses``:
    no renumbered article in order crosses it) unpaired: that article is written "删去第X条"
    where it stood and "增加一条，作为第Y条：“…”" where it goes."""
    while pm.moved:
        same = [(i, j) for i, j in pm.moved if olds[i].key == news[j].key]
        if same:  # "将第四条改为第四条" cannot be written
            pm = _unpair(pm, same[0])
            continue
        claims = _estimate(pm, olds, news, restate)
        claims |= witnesses(pm, claims, olds, news)
        if _engine_order_holds(sorted(pm.pairs), claims, len(news)):
            return pm
        ordered = sorted(claims)
        keep = longest_increasing([j for _, j in ordered])
        stuck = [ordered[k] for k in sorted(keep) if ordered[k] in pm.moved] or sorted(pm.moved)
        pm = _unpair(pm, stuck[0])
    return pm


def _unpair(pm: Pairing, pair: tuple[int, int]) -> Pairing:
    i, j = pair
    return Pairing(tuple(p for p in pm.pairs if p != pair), tuple(sorted((*pm.added, j))),
                   tuple(sorted((*pm.deleted, i))), tuple(p for p in pm.moved if p != pair))


def witnesses(pm: Pairing, claimed: set, olds, news) -> set:
    """Articles to claim besides ``claimed`` ("将第X条改为第Y条" on its own) so that the engine
    moves exactly the articles out of order: the engine reads a move from the claims alone (the
    claimed articles off one longest increasing run of claims move), so when the articles in
    order carry too few claims, a moved article can look like one in order.  Each round adds the
    renumbered article in order nearest to a moved article the engine would keep in place and
    crossing it; empty when no claim is needed or none helps."""
    pairs = sorted(pm.pairs)
    moved = set(pm.moved)
    claims = set(claimed) | moved
    added: set = set()
    if not moved:
        return added
    in_order = [p for p in pairs if p not in moved and olds[p[0]].key != news[p[1]].key]
    while not _engine_order_holds(pairs, claims, len(news)):
        ordered = sorted(claims)
        keep = longest_increasing([j for _, j in ordered])
        kept_moved = [ordered[k] for k in sorted(keep) if ordered[k] in moved]
        best = None
        for m in kept_moved:
            crossing = [p for p in in_order if p not in claims
                        and (p[0] - m[0]) * (p[1] - m[1]) < 0]
            if crossing:
                best = min(crossing, key=lambda p: (abs(p[0] - m[0]), p))
                break
        if best is None:
            return added
        claims.add(best)
        added.add(best)
    return added


def _claim_item(a_key, b_key, kind: str = "moved") -> PlannedItem:
    """"将第X条改为第Y条" as an item of its own."""
    return PlannedItem([Renumber(NO_SOURCE, ((article_ref(a_key), article_ref(b_key)),))],
                       (0, 0), kind, a_key, b_key)


def plan(old: Regulation, new: Regulation, restate: frozenset = frozenset()) -> Plan:
    """The items of the decision turning ``old`` into ``new`` (module contract); ``restate``
    holds old article keys to restate whole."""
    olds, news = old.articles(), new.articles()
    pm = expressible(pairing(old, new), olds, news, restate)
    # "删去第X条" without 条文顺序作相应调整 leaves "第X条 （删去）" in place (刑法 style): a
    # deletion asks for the reorder clause unless the new text keeps such placeholders
    placeholders = any(_article_text(a) in ("（删去）", "(删去)") for a in news)
    reorder = any(olds[i].key != news[j].key for i, j in pm.pairs) \
        or (bool(pm.deleted) and not placeholders)
    merges = _merges(olds, news, pm, restate)
    merged_pairs = {(a, c) for a, c in merges.values()}
    pm = attrs.evolve(pm, deleted=tuple(i for i in pm.deleted if i not in merges))
    moved = set(pm.moved)
    items = _structural(old, new, pm, reorder, restate)
    items += [_merge_item(olds, news, b, a, c) for b, (a, c) in sorted(merges.items())]
    # the claims the decision will make, estimated before the word edits are known (an article
    # whose words differ only in references the renumbering updates will have none)
    estimate = _estimate(pm, olds, news, restate)
    estimate |= witnesses(pm, estimate, olds, news)
    claims = [attrs.evolve(_claim_item(olds[i].key, news[j].key), order=(j, 0))
              for i, j in sorted(estimate) if (i, j) not in merged_pairs]
    statements = _statements(old, new, pm, reorder, items + claims)
    items += statements

    base = skeleton(old, new, pm, reorder, items + claims)
    claimed: set = set(merged_pairs)  # "合并为一条，作为第C条" states the number
    for i, j in pm.pairs:
        if (i, j) in merged_pairs:
            continue
        a, b = olds[i], news[j]
        mid = a
        if base is not None:
            key = base.articles.get(a.key)
            found = base.regulation.find_article(*key) if key else None
            if found is not None:
                mid = found
        claim = article_ref(b.key) if a.key != b.key else None
        if mid.paragraphs == b.paragraphs and a.key not in restate:
            if (i, j) in moved and claim is not None:
                items.append(attrs.evolve(_claim_item(a.key, b.key), order=(j, 0)))
                claimed.add((i, j))
            continue
        ops = None if a.key in restate else _article_ops(a, mid, b, claim)
        kind = "edited"
        if ops is None:
            ops, kind = _restate(a, b, claim), "restated"
        items.append(PlannedItem(ops, (j, 0), kind, a.key, b.key))
        if claim is not None:
            claimed.add((i, j))
    # "将第X条改为第Y条" for articles in order, where the engine needs them to see the moves
    for i, j in sorted(witnesses(pm, claimed, olds, news)):
        items.append(attrs.evolve(_claim_item(olds[i].key, news[j].key, "renumbered"),
                                  order=(j, 0)))
    items = _front_matter(old, new) + items
    return Plan(tuple(sorted(items, key=lambda it: it.order)), reorder, pm)


# ------------------------------------------------------------------ title and preamble

def _front_matter(old: Regulation, new: Regulation) -> list[PlannedItem]:
    """"将名称修改为：“…”" when the title changes, and "将引言修改为：“…”" (序言 when the text
    heads it so) when the paragraphs before the first article do.  Header lines the sources
    carry in those places are not changes: a title split over lines is one title, and a
    paragraph that only repeats (part of) the title is not part of the preamble.  A preamble
    that appears or disappears whole is left alone (in real texts that is a source's header
    block, not an amendment), and so is one whose points ("一、" "二、" after the 引言) differ:
    the decision language has no reference to them."""
    out = []
    old_title, new_title = "".join(old.title), "".join(new.title)
    if old_title and new_title and old_title not in new_title and new_title not in old_title:
        ref = Ref(written="名称", scope="title")
        out.append(PlannedItem([Replace(NO_SOURCE, (ref,), Payload((new_title,)))], (-2,),
                               "title"))
    titles = (old_title, new_title)

    def own(reg: Regulation) -> list[str]:
        paragraphs = reg.preamble.paragraphs if reg.preamble else ()
        return [p for p in paragraphs
                if p and not any(len(p) >= 2 and p.replace(" ", "") in t for t in titles)]

    before, after = own(old), own(new)
    if not before or not after or before == after:
        return out

    def split(paragraphs: list[str]) -> tuple[list[str], list[str]]:
        k = next((k for k, p in enumerate(paragraphs) if POINT_RE.match(p)), len(paragraphs))
        return paragraphs[:k], paragraphs[k:]

    (intro_old, points_old), (intro_new, points_new) = split(before), split(after)
    if points_old != points_new or not intro_new or intro_old == intro_new:
        return out
    heading = old.preamble.heading if old.preamble else ""
    word = "序言" if "序言" in heading else "引言"
    if points_new and word == "序言":
        return out
    ref = Ref(written=word, scope="preamble")
    out.append(PlannedItem([Replace(NO_SOURCE, (ref,), Payload(tuple(intro_new)))], (-1,),
                           "preamble"))
    return out
