"""What the decisions between two versions say about their provisions.

Contract: ``Link.from_result(result, decision_title)`` reads one ``ApplyResult``: the old → new
maps of articles, paragraphs and items, splits, added articles, the items that changed each
final article (provenance), the items that deleted an old article and the articles replaced
wholesale.
``a.then(b)`` composes the links of two decisions applied one after the other, so that a
version pair several decisions apart is linked too.  Provenance is a tuple of ``Cause`` values
(which decision, which item), so that items of different decisions are never confused.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend.apply.result import ApplyResult

ArticleKey = tuple[int, int]

#: The log actions (amend/apply) that change a division heading.
HEADING_ACTIONS = ("heading_renamed", "division_inserted", "division_deleted")


@attrs.frozen
class Cause:
    decision: int  # index into Link.decisions
    item: str


@attrs.frozen
class Link:
    decisions: tuple[str, ...]
    articles: dict[ArticleKey, ArticleKey | None]
    splits: dict[ArticleKey, tuple[ArticleKey, ...]]
    added: tuple[ArticleKey, ...]
    paragraphs: dict
    items: dict
    changed: dict[ArticleKey, tuple[Cause, ...]]  # final key → causes
    removed: dict[ArticleKey, tuple[Cause, ...]]  # old key → the item that deleted it
    replaced: tuple[ArticleKey, ...]  # old keys replaced wholesale ("第X条修改为：")
    #: what the decisions did to division headings: (action, old label, new label or name,
    #: cause) with action heading_renamed / division_inserted / division_deleted (the log's)
    headings: tuple[tuple[str, str | None, str | None, Cause], ...] = ()

    @classmethod
    def from_result(cls, result: ApplyResult, title: str) -> Link:
        changed = {k: tuple(Cause(0, item) for item in items) for k, items in result.provenance.items()}
        removed = {k: (Cause(0, item),) for k, item in result.removed.items() if item is not None}
        headings = tuple((e.action, e.old, e.new, Cause(0, e.item)) for e in result.log
                         if e.action in HEADING_ACTIONS and e.item)
        return cls((title,), dict(result.articles), dict(result.splits), tuple(result.added),
                   dict(result.paragraphs), dict(result.items), changed, removed,
                   tuple(result.replaced), headings)

    def then(self, later: Link) -> Link:
        """This link followed by ``later`` (the next decision, applied to this one's result)."""
        shift = len(self.decisions)

        def move(causes):
            return tuple(Cause(c.decision + shift, c.item) for c in causes)

        articles = {k: (later.articles.get(v, v) if v is not None else None)
                    for k, v in self.articles.items()}
        splits = {k: tuple(later.articles.get(p, p) for p in parts if later.articles.get(p, p))
                  for k, parts in self.splits.items()}
        for k, parts in later.splits.items():
            for old, mid in self.articles.items():
                if mid == k:
                    splits[old] = parts
        added = tuple(later.articles.get(k, k) for k in self.added if later.articles.get(k, k))
        added += tuple(k for k in later.added if k not in added)
        changed: dict[ArticleKey, tuple[Cause, ...]] = {}
        for k, causes in self.changed.items():
            final = later.articles.get(k, k)
            if final is not None:
                changed[final] = changed.get(final, ()) + causes
        for k, causes in later.changed.items():
            changed[k] = changed.get(k, ()) + move(causes)
        removed = dict(self.removed)
        for mid, causes in later.removed.items():
            for old, v in self.articles.items():
                if v == mid:
                    removed[old] = removed.get(old, ()) + move(causes)
        replaced = self.replaced + tuple(old for old, v in self.articles.items()
                                         if v in later.replaced and old not in self.replaced)
        headings = self.headings + tuple((a, o, n, move((c,))[0]) for a, o, n, c in later.headings)
        return Link(self.decisions + later.decisions, articles, splits, added,
                    _compose(self.paragraphs, later.paragraphs),
                    _compose(self.items, later.items), changed, removed, replaced, headings)


def _compose(first: dict, second: dict) -> dict:
    """Key maps (paragraph or item keys) applied one after the other; a provision the second
    map does not mention kept its key; one that became a whole article stops being followed."""
    out = {}
    for k, v in first.items():
        if v is None or (isinstance(v, tuple) and v[-1] is None):
            out[k] = v
        else:
            out[k] = second.get(v, v)
    return out
