"""amend draft over the development corpus (issue 15): every version pair of corpus-dev and every
triple's before/after of decisions-dev is drafted and self-checked; and on the real triples the
generated decision is compared with the real one.  Skips when ../shared is absent.

The issue asks for ≥98% of pairs reproduced article for article; the drafter reaches 142 of 144
(98.6%).  Every pair it does not reproduce is pinned in ``NOT_REPRODUCED`` with the reason: both
are texts no decision expresses as the source gives them.  A pair failing that is not pinned fails
the test, and so does a pinned pair that starts to pass (update the pins).
"""

from __future__ import annotations


from amend import triples
from amend.decision import parse_decision
from amend.draft import draft
from amend.ops import (AddArticles, Delete, DeleteWords, InsertWords, Replace, Restate,
                       Substitute, AddWords, RenameHeading, AddParagraphs, AddItems, Move,
                       Merge, Split, AddDivision)
from amend.structure import parse_source
from amend.textio import read_text

#: Pairs drafted, and of them reproduced article for article (measured; the issue asks ≥98%).
PAIRS = 144
REPRODUCED_AT_LEAST = 142

#: The pairs not reproduced, each with its reason (one line).
NOT_REPRODUCED = {
    "decisions-dev/上海-人民代表大会议事规则-2022-01-23/人民代表大会议事规则":
        "source: the newer text has no 第一章 heading (its articles stand before 第二章); not expressible",
    "decisions-dev/上海-工会条例-2022-05-24/工会条例":
        "source: the newer text lacks the headings of 第一章 and 第二章; not expressible",
}


def _pairs(corpus_dev, decisions_dev):
    for folder, old, new in triples.version_pairs(corpus_dev):
        yield f"{folder.name}/{old}→{new}", folder / old, folder / new, None
    for t in triples.find(decisions_dev):
        yield t.name, t.before, t.after, t


def _reg(path):
    return parse_source(read_text(path).text).regulation


_KIND = {AddArticles: "add", Delete: "delete", Replace: "replace", Restate: "replace",
         Substitute: "words", DeleteWords: "words", InsertWords: "words", AddWords: "words",
         RenameHeading: "heading", AddParagraphs: "add", AddItems: "add", Move: "move",
         Merge: "merge", Split: "split", AddDivision: "division"}


def _signatures(ops) -> set:
    out = set()
    for op in ops:
        kind = _KIND.get(type(op))
        if kind is None:
            continue
        refs = list(getattr(op, "targets", ()) or ()) or [getattr(op, "target", None)] \
            or list(getattr(op, "positions", ()))
        if isinstance(op, AddArticles):
            refs = list(op.positions)
        if isinstance(op, (AddParagraphs,)):
            refs = [op.article]
        for r in refs:
            if r is not None and r.article is not None:
                out.add((kind, r.article, r.article_sub))
    return out


def test_round_trip_over_the_development_corpus(corpus_dev, decisions_dev):
    done, failed, real_items, generated_items, matched = 0, [], 0, 0, 0
    for name, before, after, triple in _pairs(corpus_dev, decisions_dev):
        old, new = _reg(before), _reg(after)
        d = draft(old, new)
        done += 1
        if not d.ok:
            failed.append(name)
        if triple is not None and d.ok:
            try:
                real = parse_decision(read_text(triple.decision).text)
            except ValueError:
                continue
            ops = real.operations_for(triple.target) if real.sections else real.operations
            mine = _signatures(op for it in d.items for op in it.ops)
            items = {op.source.item for op in ops if _signatures([op])}
            real_items += len(items)
            generated_items += len(d.items)
            for item in items:
                if _signatures(op for op in ops if op.source.item == item) & mine:
                    matched += 1
    assert done == PAIRS
    assert done - len(failed) >= REPRODUCED_AT_LEAST, failed
    assert set(failed) == set(NOT_REPRODUCED), (sorted(set(failed) - set(NOT_REPRODUCED)),
                                                 sorted(set(NOT_REPRODUCED) - set(failed)))
    # the real decisions: items generated vs real items, and the share of real items whose
    # operation kind and target article the generated decision also has (measured, pinned)
    print(f"\nreproduced {done - len(failed)}/{done}; real items {real_items}, generated "
          f"{generated_items}, matched {matched} ({matched / max(real_items, 1):.1%})")
    assert matched / max(real_items, 1) >= MATCH_SHARE_AT_LEAST - 0.001


#: Share of real items matched by kind and target (measured on the triples that round-trip).
MATCH_SHARE_AT_LEAST = 0.732  # measured: 449 of 613 real items (73.2%); 1206 generated
