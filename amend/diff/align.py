"""Pairing the provisions of two versions: articles, and inside paired articles their
paragraphs and items.

Contract: ``align(old, new, known=None)`` takes two sequences of ``Unit`` (a label key, the words
compared, and whether the words are unknown — a lacuna) and returns ``Pair`` values in which every
old and every new index appears exactly once.  Passes run in a fixed, load-bearing order and each
pair records the pass that made it (``matched_by``):

1. ``identical`` — the same words (in document order where a text occurs several times);
2. ``decision`` — what the decision that links the versions says (``Known``: old → new indices,
   splits, merges, deletions and additions); identical pairs that contradict it are not made;
3. ``label`` — the same number and similar words, unless another candidate is clearly closer;
4. ``similarity`` — inside each gap between pairs made so far, the order-preserving pairing with
   the greatest total similarity (character bigrams); then, across gaps, very similar leftovers
   (an article moved elsewhere);
5. ``contained`` — an unpaired provision next to a pair whose other side holds most of its words,
   including words the pair lost (a split: "将第九条改为三条", "第十三条第二款改为第十六条") or
   gained (a merge);
6. ``position`` — the single unpaired old and single unpaired new provision between the same
   two pairs.

What is left is deleted or added (``none``), except next to a lacuna: a lacuna is never paired by
its words or its place, and the new provisions between the same two pairs could be its
counterpart, so all of them are ``unresolved`` rather than guessed.  ``moved`` marks pairs
outside the longest order-preserving chain.  The result depends only on the inputs.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

from amend.codecache import attrs

from amend.sequences import longest_increasing

#: Similarity (bigram Dice) needed by each pass.
LABEL_MIN = 0.5  # same number: similar enough to be the same provision
LABEL_MARGIN = 0.15  # …unless another candidate is closer by this much
SIMILAR_MIN = 0.35  # inside a gap between pairs, in order
MOVE_MIN = 0.6  # across gaps: an article moved elsewhere
CONTAINED_MIN = 0.5  # share of a provision's bigrams its neighbour pair's other side holds
CONTAINED_NEW = 0.2  # …of which words that side lost (split) or gained (merge)
CONTAINED_CHARS = 6  # shorter provisions are too small to recognise by their words
HELD_MIN = 0.8  # a moved article wholly inside its counterpart (share of the shorter's bigrams)
PART_MIN = 0.5  # a paragraph (line) of one side recognised in a unit of the other
PART_HELD_MIN = 0.3  # …then this share of the unit's bigrams is enough to join a split or merge
POSITION_MIN = 0.2  # the only two left between the same pairs, with a different number


@attrs.frozen
class Unit:
    key: object  # label key: article (number, sub), paragraph or item number
    text: str
    unknown: bool = False  # a lacuna


@attrs.frozen
class Known:
    """What a decision says about the units: old index → new indices (() = deleted; several =
    split; one new index named by several old ones = merged) and new indices it added."""

    pairs: dict[int, tuple[int, ...]] = attrs.Factory(dict)
    added: tuple[int, ...] = ()


@attrs.frozen
class Pair:
    old: tuple[int, ...]
    new: tuple[int, ...]
    matched_by: str  # identical | decision | label | similarity | contained | position | none | unresolved
    score: float = 0.0  # similarity of the paired words (1.0 identical; 0.0 unpaired)
    moved: bool = False


def bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset(text)
    return frozenset(map(operator.add, text, text[1:]))  # text[i:i + 2] for each i, in C


def dice(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


class _Grams:
    """Bigram sets of a sequence of units, each computed when first asked for."""

    def __init__(self, units: Sequence[Unit]):
        self.units = units
        self.cache: dict[int, frozenset[str]] = {}

    def __getitem__(self, index: int) -> frozenset[str]:
        grams = self.cache.get(index)
        if grams is None:
            grams = self.cache[index] = bigrams(self.units[index].text)
        return grams


@attrs.define
class _Group:
    old: list[int]
    new: list[int]
    matched_by: str


class _Aligner:
    def __init__(self, old: Sequence[Unit], new: Sequence[Unit]):
        self.old, self.new = old, new
        self.grams_old = _Grams(old)  # computed on first use: most units pair by identical words
        self.grams_new = _Grams(new)
        self.group_of_old: dict[int, _Group] = {}
        self.group_of_new: dict[int, _Group] = {}
        self.groups: list[_Group] = []
        self.sims: dict[tuple[int, int], float] = {}

    # ---- bookkeeping ---------------------------------------------------------------------------

    def sim(self, i: int, j: int) -> float:
        value = self.sims.get((i, j))
        if value is None:
            value = self.sims[(i, j)] = dice(self.grams_old[i], self.grams_new[j])
        return value

    def pair(self, old: list[int], new: list[int], by: str) -> _Group:
        group = _Group(list(old), list(new), by)
        self.groups.append(group)
        for i in old:
            self.group_of_old[i] = group
        for j in new:
            self.group_of_new[j] = group
        return group

    def free_old(self, known_only: bool = True) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self.group_of_old
                and not (known_only and self.old[i].unknown)]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new)) if j not in self.group_of_new]

    def anchors(self) -> list[_Group]:
        """The longest chain of pairs in the same order on both sides (ties: the earliest)."""
        both = sorted((g for g in self.groups if g.old and g.new),
                      key=lambda g: (min(g.old), min(g.new)))
        return _longest_chain(both)

    def gaps(self):
        """(old indices, new indices) strictly between consecutive anchors, with the ends."""
        chain = self.anchors()
        bounds = [(-1, -1)] + [(max(g.old), max(g.new)) for g in chain] + [(len(self.old), len(self.new))]
        starts = [(-1, -1)] + [(min(g.old), min(g.new)) for g in chain] + [(len(self.old), len(self.new))]
        for k in range(len(bounds) - 1):
            lo_old, lo_new = bounds[k]
            hi_old, hi_new = starts[k + 1]
            yield range(lo_old + 1, hi_old), range(lo_new + 1, hi_new)

    # ---- passes --------------------------------------------------------------------------------

    def identical(self, known: Known | None) -> None:
        by_text: dict[str, tuple[list[int], list[int]]] = {}
        for i, u in enumerate(self.old):
            if not u.unknown and u.text:
                by_text.setdefault(u.text, ([], []))[0].append(i)
        for j, u in enumerate(self.new):
            if u.text in by_text and not u.unknown:
                by_text[u.text][1].append(j)
        for olds, news in by_text.values():
            if len(olds) != len(news):
                # several copies of the same words: pair only those that keep their number
                keys = {self.new[j].key: j for j in news}
                pairs = [(i, keys[self.old[i].key]) for i in olds if self.old[i].key in keys]
            else:
                pairs = list(zip(olds, news))
            for i, j in pairs:
                if known is not None and not _agrees(known, i, j):
                    continue
                if i not in self.group_of_old and j not in self.group_of_new:
                    self.pair([i], [j], "identical")

    def decision(self, known: Known) -> None:
        made: dict[int, _Group] = {}
        for i, targets in known.pairs.items():
            if i in self.group_of_old:
                continue
            free = [j for j in targets if j not in self.group_of_new or self.group_of_new[j] is made.get(j)]
            joined = next((made[j] for j in free if j in made), None)
            if joined is not None:  # another old unit named the same new one: a merge
                joined.old.append(i)
                self.group_of_old[i] = joined
                continue
            if targets and not free:
                continue  # its counterparts were paired by identical words already
            group = self.pair([i], free, "decision")
            for j in free:
                made[j] = group
        for j in known.added:
            if j not in self.group_of_new:
                self.pair([], [j], "decision")

    def label(self) -> None:
        for old_range, new_range in list(self.gaps()):
            olds = [i for i in old_range if i not in self.group_of_old and not self.old[i].unknown]
            news = [j for j in new_range if j not in self.group_of_new]
            by_key = {self.new[j].key: j for j in news}
            for i in olds:
                j = by_key.get(self.old[i].key)
                if j is None or j in self.group_of_new:
                    continue
                s = self.sim(i, j)
                if s < LABEL_MIN:
                    continue
                rival_new = max((self.sim(i, k) for k in news if k != j and k not in self.group_of_new),
                                default=0.0)
                rival_old = max((self.sim(k, j) for k in olds if k != i and k not in self.group_of_old),
                                default=0.0)
                if max(rival_new, rival_old) <= s + LABEL_MARGIN:
                    self.pair([i], [j], "label")

    def similarity(self) -> None:
        # strong matches anywhere first: an article moved or renumbered far from its place must
        # not lose its counterpart to a weak pairing inside a gap
        self._mutual(self.sim, MOVE_MIN, contained=False)
        for old_range, new_range in list(self.gaps()):
            olds = [i for i in old_range if i not in self.group_of_old and not self.old[i].unknown]
            news = [j for j in new_range if j not in self.group_of_new]
            if olds and news:
                for i, j in _best_monotone(olds, news, self.sim, SIMILAR_MIN):
                    self.pair([i], [j], "similarity")
        # an article moved and extended (or cut): its words wholly inside its counterpart
        self._mutual(self.held, HELD_MIN, contained=True)

    def held(self, i: int, j: int) -> float:
        """Share of the shorter text's bigrams found in the longer one (0 for short texts)."""
        a, b = self.grams_old[i], self.grams_new[j]
        if min(len(self.old[i].text), len(self.new[j].text)) < 2 * CONTAINED_CHARS:
            return 0.0
        return len(a & b) / min(len(a), len(b))

    def _mutual(self, score, floor: float, *, contained: bool) -> None:
        """Pair free units that are each other's best match with a score of at least ``floor``
        (``score`` is ``sim``, the Dice coefficient, or with ``contained`` ``held``).  Only the
        pairs that can reach ``floor`` are scored (``_candidates``); the others score below it
        and were never paired, so the result is that of scoring every pair."""
        olds, news = self.free_old(), self.free_new()
        if not olds or not news:
            return
        best_old: dict[int, tuple[float, int]] = {}
        best_new: dict[int, tuple[float, int]] = {}
        candidates = self._candidates(olds, news, floor, contained)
        for i in olds:
            for j in candidates.get(i, ()):
                s = score(i, j)
                if s < floor:
                    continue
                if s > best_old.get(i, (0.0, -1))[0]:
                    best_old[i] = (s, j)
                if s > best_new.get(j, (0.0, -1))[0]:
                    best_new[j] = (s, i)
        for i, (_, j) in best_old.items():
            if best_new[j][1] == i:
                self.pair([i], [j], "similarity")

    def _candidates(self, olds: list[int], news: list[int], floor: float,
                    contained: bool) -> dict[int, list[int]]:
        """For each old unit, the new units (in order) whose score can reach ``floor``: a
        prefix filter, as in set-similarity joins.  Bigrams are ranked rarest first; a pair
        sharing at least ``need`` bigrams has one of them among the first ``len - need + 1`` of
        either set.  Dice ≥ t needs ``t·|A|/(2−t)`` shared bigrams of each set (A and B both
        filtered); ``held`` ≥ h needs ``h·|S|`` of the smaller set S (its prefix against the
        whole other set).  Empty bigram sets (Dice 1 with each other) are paired directly."""
        if len(olds) * len(news) <= 16 * (len(olds) + len(news)):
            return {i: list(news) for i in olds}  # few pairs: scoring them all is cheaper
        grams_old = {i: self.grams_old[i] for i in olds}
        grams_new = {j: self.grams_new[j] for j in news}
        freq: dict[str, int] = {}
        for grams in (*grams_old.values(), *grams_new.values()):
            for g in grams:
                freq[g] = freq.get(g, 0) + 1

        def prefix(grams: frozenset, share: float) -> list[str]:
            need = max(1, math.ceil(share * len(grams) - 1e-6))
            return sorted(grams, key=lambda g: (freq[g], g))[:len(grams) - need + 1]

        found: dict[int, set[int]] = {}
        if contained:
            def probe(side: dict, other: dict, larger) -> None:
                index: dict[str, list[int]] = {}
                for k, grams in other.items():
                    for g in grams:
                        index.setdefault(g, []).append(k)
                for k, grams in side.items():
                    hits = {m for g in prefix(grams, floor) for m in index.get(g, ())
                            if larger(len(other[m]), len(grams))} if grams else set()
                    for m in hits:
                        i, j = (k, m) if side is grams_old else (m, k)
                        found.setdefault(i, set()).add(j)
            probe(grams_old, grams_new, lambda b, a: b >= a)  # the old side the smaller (or equal)
            probe(grams_new, grams_old, lambda a, b: a > b)  # the new side the smaller
        else:
            share = floor / (2 - floor)
            index: dict[str, list[int]] = {}
            for j, grams in grams_new.items():
                for g in prefix(grams, share) if grams else ():
                    index.setdefault(g, []).append(j)
            empty_new = [j for j, grams in grams_new.items() if not grams]
            for i, grams in grams_old.items():
                if not grams:
                    hits = set(empty_new)
                else:
                    hits = {j for g in prefix(grams, share) for j in index.get(g, ())}
                if hits:
                    found[i] = hits
        return {i: sorted(js) for i, js in found.items()}

    def contained(self) -> None:
        """Splits and merges: a free provision next to a pair, most of whose words the pair's
        other side holds, including words that side lost (a split) or gained (a merge)."""
        while self._grow(lost=True) | self._grow(lost=False):
            pass

    def _grow(self, *, lost: bool) -> bool:
        """Join free new (``lost``: a split) or free old (a merge) units to a neighbour pair."""
        units, free, group_of = ((self.new, self.free_new(), self.group_of_new) if lost else
                                 (self.old, self.free_old(), self.group_of_old))
        grew = False
        for k in free:
            if len(units[k].text) < CONTAINED_CHARS:
                continue
            best = self._best_share(k, self._neighbours(k, group_of), lost=lost)
            if best is not None:
                (best.new if lost else best.old).append(k)
                best.matched_by = _joined(best.matched_by)
                group_of[k] = best
                grew = True
        return grew

    @staticmethod
    def _neighbours(index: int, group_of: dict) -> list[_Group]:
        """Pairs holding the provision just before or just after ``index`` on its side."""
        out = []
        for k in (index - 1, index + 1):
            g = group_of.get(k)
            if g is not None and g.old and g.new and g not in out:
                out.append(g)
        return out

    def _best_share(self, index: int, pairs: list[_Group], *, lost: bool) -> _Group | None:
        """The neighbour pair a free unit joins: most of its words are on the pair's other side,
        and among them words the pair lost (split) or gained (merge) — counted in bigrams, or
        as a whole paragraph (line) the pair lost or gained that the unit holds."""
        unit, grams = (self.new[index], self.grams_new[index]) if lost else \
            (self.old[index], self.grams_old[index])
        best, best_share = None, 0.0
        for g in pairs:
            old = frozenset().union(*(self.grams_old[i] for i in g.old))
            new = frozenset().union(*(self.grams_new[j] for j in g.new))
            source, other = (old, new) if lost else (new, old)
            if not grams:
                continue
            held = len(grams & source) / len(grams)
            brought = len(grams & (source - other)) / len(grams)
            by_words = held >= CONTAINED_MIN and brought >= CONTAINED_NEW
            if not by_words and held >= PART_HELD_MIN:
                source_units = [self.old[i] for i in g.old] if lost else [self.new[j] for j in g.new]
                other_units = [self.new[j] for j in g.new] if lost else [self.old[i] for i in g.old]
                by_words = _part_moved(source_units, other_units, unit)
            if by_words and held > best_share:
                best, best_share = g, held
        return best

    def position(self) -> None:
        for old_range, new_range in list(self.gaps()):
            olds = [i for i in old_range if i not in self.group_of_old]
            news = [j for j in new_range if j not in self.group_of_new]
            if any(self.old[i].unknown for i in olds):
                for i in olds:
                    self.pair([i], [], "unresolved" if self.old[i].unknown else "none")
                for j in news:
                    self.pair([], [j], "unresolved")
            elif len(olds) == 1 and len(news) == 1 and (
                    self.old[olds[0]].key == self.new[news[0]].key
                    or self.sim(olds[0], news[0]) >= POSITION_MIN):
                self.pair(olds, news, "position")
        for i in self.free_old(known_only=False):
            self.pair([i], [], "unresolved" if self.old[i].unknown else "none")
        for j in self.free_new():
            self.pair([], [j], "none")

    # ---- result --------------------------------------------------------------------------------

    def result(self) -> tuple[Pair, ...]:
        chain = {id(g) for g in self.anchors()}
        new_of_old: dict[int, int] = {}
        for g in self.groups:
            for i in g.old:
                if g.new:
                    new_of_old[i] = min(g.new)

        def place(g: _Group):
            if g.new:
                return (min(g.new), 0, min(g.old) if g.old else -1)
            # a deleted provision follows the nearest earlier old provision that survived
            i = min(g.old)
            before = max((new_of_old[k] for k in range(i) if k in new_of_old), default=-1)
            return (before, 1, i)

        out = []
        for g in sorted(self.groups, key=place):
            old, new = tuple(sorted(g.old)), tuple(sorted(g.new))
            score = 0.0
            if g.matched_by == "identical":
                score = 1.0
            elif old and new:
                a = frozenset().union(*(self.grams_old[i] for i in old))
                b = frozenset().union(*(self.grams_new[j] for j in new))
                score = round(dice(a, b), 3)
            out.append(Pair(old, new, g.matched_by, score,
                            moved=bool(old and new) and id(g) not in chain))
        return tuple(out)


def _lines(units) -> list[frozenset]:
    return [bigrams(line) for u in units for line in u.text.split("\n") if len(line) >= CONTAINED_CHARS]


def _part_moved(source: list[Unit], other: list[Unit], unit: Unit) -> bool:
    """A line of ``source`` that ``unit`` holds (Dice ≥ PART_MIN) more closely than any line of
    ``other`` does: "将第十六条改为两条": the paragraph that went to the second article."""
    kept = _lines(other)
    held = _lines([unit])
    for line in _lines(source):
        here = max((dice(line, h) for h in held), default=0.0)
        there = max((dice(line, k) for k in kept), default=0.0)
        if here >= PART_MIN and here > there:
            return True
    return False


def _joined(by: str) -> str:
    """A pair that gained a member by containment records both passes: "similarity+contained"."""
    return by if by.endswith("contained") else f"{by}+contained"


def _agrees(known: Known, i: int, j: int) -> bool:
    if j in known.added:
        return False
    targets = known.pairs.get(i)
    return targets is None or j in targets


def _longest_chain(groups: list[_Group]) -> list[_Group]:
    """Longest subsequence (groups sorted by old side) increasing on the new side; deterministic:
    among chains of equal length the one ending earliest is kept at each length."""
    keys = [min(g.new) for g in groups]  # once each, not at every step of the search
    return [groups[k] for k in sorted(longest_increasing(keys))]


def _best_monotone(olds: list[int], news: list[int], sim, floor: float) -> list[tuple[int, int]]:
    """The order-preserving pairing of ``olds`` with ``news`` that maximises the summed similarity
    of its pairs (each at least ``floor``); ties go to the earliest pairs."""
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        row, below = score[a], score[a + 1]
        for b in range(m - 1, -1, -1):
            best = max(below[b], row[b + 1])
            s = sim(olds[a], news[b])
            if s >= floor:
                best = max(best, s + below[b + 1])
            row[b] = best
    out, a, b = [], 0, 0
    while a < n and b < m:
        s = sim(olds[a], news[b])
        if s >= floor and abs(score[a][b] - (s + score[a + 1][b + 1])) < 1e-12:
            out.append((olds[a], news[b]))
            a, b = a + 1, b + 1
        elif abs(score[a][b] - score[a + 1][b]) < 1e-12:
            a += 1
        else:
            b += 1
    return out


def align(old: Sequence[Unit], new: Sequence[Unit], known: Known | None = None, *,
          joins: bool = True) -> tuple[Pair, ...]:
    """Pair ``old`` with ``new`` (see the module contract); ``joins=False`` skips the
    ``contained`` pass (paragraphs and items: one line is diffed against one line)."""
    aligner = _Aligner(old, new)
    aligner.identical(known)
    if known is not None:
        aligner.decision(known)
    if not aligner.free_old(known_only=False) and not aligner.free_new():
        return aligner.result()  # everything paired already (the common case inside articles)
    aligner.label()
    aligner.similarity()
    if joins:
        aligner.contained()
    aligner.position()
    return aligner.result()
