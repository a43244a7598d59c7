"""Renumber the cross-references inside the amended text.

Contract: ``update(state, seq, keys, maps)`` visits every paragraph, item and subitem of the
amended text and, in the words the old text already had (never in words the decision wrote,
which are in the final numbering already), rewrites each reference to a provision of this
instrument ("本条例第十九条", "第二十条第二项", "本条第二款", "前款第三项" …, found by
``citations``) through the old → new maps.  References to other instruments (《…法》第X条) are
never touched.  A reference to a provision the decision deleted or split, one that pointed at
nothing before, one into an article replaced wholesale, a range whose members changed, or a
relative reference (前款, 前条) that now points elsewhere is left as written and reported as a
warning with the article and the phrase.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend import numerals
from amend.model import is_lacuna
from amend.apply.citations import Cited, find_citations, label

_MISSING = object()


class Maps:
    """Old → new maps the rewriting reads (see ``result.ApplyResult`` for the key shapes)."""

    def __init__(self):
        self.articles: dict = {}
        self.paragraphs: dict = {}
        self.items: dict = {}
        self.splits: dict = {}
        self.replaced: dict = {}  # original key → Source of a wholesale replacement
        self.divisions: dict = {}  # (kind, old number) → new number
        self.order_before: list = []  # article keys in order, before and after
        self.order_after: list = []


class Collector:
    """Collects warnings where there is no engine state (inverse application)."""

    def __init__(self):
        self.warnings: list = []

    def warn(self, code, zh, en, source=None, article=None, cited=None):
        from amend.apply.errors import ApplyWarning

        self.warnings.append(ApplyWarning(code, f"{zh} / {en}", None, article, cited))


@attrs.frozen
class _Context:
    """Where a text stands, before (old_*) and after (new_*) the decision."""

    old_article: tuple[int, int] | None
    old_paragraph: int | None
    new_article: tuple[int, int]
    new_paragraph: int


def update(state, seq, keys, maps) -> None:
    before = [a.key for a in state.before.articles()]
    after = list(keys)
    for a, key in zip(seq, keys):
        for idx, p in enumerate(a.paragraphs, 1):
            ctx = _Context(p.home, p.origin, key, idx)
            for holder in holders(p):
                if len(holder.text.fresh) == 1 and holder.text.fresh[0] == (0, len(holder.text.value)):
                    continue  # wholly new words
                if is_lacuna(holder.text.value):
                    continue  # a lacuna's note names decision items and numbers, not provisions
                holder.text = _rewrite(state, holder.text, ctx, maps, before, after)


def rewrite_back(text, maps: Maps, at_key, at_paragraph, to_key, to_paragraph, collector=None):
    """Map the references in ``text`` (standing at ``at_key``/``at_paragraph``) through
    ``maps`` to a text standing at ``to_key``/``to_paragraph``: used by inverse application
    with the inverse maps."""
    ctx = _Context(at_key, at_paragraph, to_key, to_paragraph)
    if is_lacuna(text.value):
        return text
    return _rewrite(collector or Collector(), text, ctx, maps, maps.order_before, maps.order_after)


def holders(p):
    """A paragraph, then its items and subitems."""
    yield p
    for it in p.items:
        yield it
        yield from _subs(it.subitems)


def _subs(subs):
    for s in subs:
        yield s
        yield from _subs(s.children)


def _where(ctx: _Context) -> str:
    return numerals.article_label(*ctx.new_article)


def _rewrite(state, text, ctx: _Context, maps, before, after):
    citations = find_citations(text.value)
    for c in reversed(citations):
        if c.external or ctx.old_article is None:
            continue
        if c.relative is not None:
            if not text.is_fresh(c.start, c.end):
                _check_relative(state, c, ctx, maps, before, after)
            continue
        _check_range(state, c, maps, before, after, ctx, text)
        for el in reversed(c.elements):
            if text.is_fresh(el.start, el.end):
                continue
            new = _map_element(state, el, ctx, maps, before)
            if new is None:
                continue
            written = label(new)
            if written != el.written:
                text = text.rewrite(el.start, el.end, written)
    return text


def _old_target(el: Cited, ctx: _Context, before):
    """(article, paragraph, item) an element names, in the old numbering."""
    art, para = el.article, el.paragraph
    if el.anchor in ("this_article", "this_paragraph", "previous_paragraph"):
        art = ctx.old_article
    if el.anchor == "previous_article":
        k = before.index(ctx.old_article)
        art = before[k - 1] if k else None
    if el.anchor == "this_paragraph":
        para = ctx.old_paragraph
    if el.anchor == "previous_paragraph":
        para = ctx.old_paragraph - 1 if ctx.old_paragraph else None
    return art, para, el.item


def _map_element(state, el: Cited, ctx: _Context, maps, before) -> Cited | None:
    """The element rewritten in the new numbering, or None to leave it as written."""
    if el.article is None and el.anchor == "explicit":
        return _map_division(el, maps)
    art, para, item = _old_target(el, ctx, before)
    if art is None:
        return None
    phrase = el.written

    def warn(code: str, zh: str, en: str) -> None:
        _warn(state, code, ctx, phrase, zh, en, cited=art)
    if art not in maps.articles:
        warn("reference-to-nothing", f"引用的{numerals.article_label(*art)}在修改前并不存在",
              f"{numerals.article_label(*art)} did not exist before the decision either")
        return None
    new_art = maps.articles[art]
    new_para = para
    new_item = item
    if para is not None:
        if (art, para) not in maps.paragraphs and art in maps.replaced and new_art is not None:
            warn("reference-into-replaced", f"所引用的{numerals.article_label(*art)}已被整条修改，款的序号未作调整，请核对",
                  f"{numerals.article_label(*art)} was replaced as a whole; the paragraph number "
                  f"was kept: check it")
            return attrs.evolve(el, article=new_art) if el.anchor == "explicit" else None
        if (art, para) not in maps.paragraphs:
            warn("reference-to-nothing", "所引用的款在修改前并不存在",
                  "the paragraph referred to did not exist before the decision either")
            return None
        mp = maps.paragraphs[(art, para)]
        if mp is None:
            if art in maps.replaced and new_art is not None:
                warn("reference-into-replaced", f"所引用的{numerals.article_label(*art)}已被整条修改，款的序号未作调整，请核对",
                      f"{numerals.article_label(*art)} was replaced as a whole; the paragraph number "
                      f"was kept: check it")
                return attrs.evolve(el, article=new_art) if el.anchor == "explicit" else None
            warn("reference-to-deleted", "所引用的款已被删去",
                  "the paragraph referred to was deleted")
            return None
        new_art, new_para = mp
    elif new_art is None:
        if art in maps.splits:
            warn("reference-to-split", f"所引用的{numerals.article_label(*art)}已被拆分为"
                  + "、".join(numerals.article_label(*k) for k in maps.splits[art]),
                  f"{numerals.article_label(*art)} was split into "
                  + ", ".join(numerals.article_label(*k) for k in maps.splits[art]))
        else:
            warn("reference-to-deleted", f"所引用的{numerals.article_label(*art)}已被删去",
                  f"{numerals.article_label(*art)} was deleted")
        return None
    if item is not None:
        mi = _map_item(maps, art, para, item)
        if mi is _MISSING:
            warn("reference-to-nothing", "所引用的项在修改前并不存在",
                  "the item referred to did not exist before the decision either")
            return None
        if mi is None:
            warn("reference-to-deleted", "所引用的项已被删去",
                  "the item referred to was deleted")
            return None
        new_art, new_para_of_item, new_item = mi
        if para is not None:
            new_para = new_para_of_item
    if el.anchor == "explicit" and el.paragraph is not None and new_para is None and item is None:
        # "本条例第二条第一款" whose paragraph became an article (单列一条，作为第三条): 第三条
        return attrs.evolve(el, article=new_art, paragraph=None,
                            written=numerals.article_label(*new_art))
    if el.anchor == "explicit":
        return attrs.evolve(el, article=new_art,
                            paragraph=new_para if el.paragraph is not None else None,
                            item=new_item if el.item is not None else None)
    if new_art != ctx.new_article:
        warn("relative-reference-moved", "所引用的内容已移至其他条文",
              "the provision referred to moved to another article")
        return None
    if el.anchor == "previous_paragraph" and new_para != ctx.new_paragraph - 1:
        warn("relative-reference-shifted", "“前款”现在指向另一款，请核对",
              "前款 now points at another paragraph: check it")
        return None
    return attrs.evolve(el, paragraph=new_para if el.paragraph is not None else None,
                        item=new_item if el.item is not None else None)


def _map_item(maps, art, para, item):
    if para is not None and (art, para, item) in maps.items:
        return maps.items[(art, para, item)]
    found = [k for k in maps.items if k[0] == art and k[2] == item]
    if len(found) != 1:
        return _MISSING
    return maps.items[found[0]]


def _map_division(el: Cited, maps) -> Cited | None:
    for field, kind in (("section", "节"), ("chapter", "章"), ("subpart", "分编"), ("part", "编")):
        n = getattr(el, field, None)
        if n is not None:
            new = maps.divisions.get((kind, n))
            return attrs.evolve(el, **{field: new}) if new else None
    return None


def _check_relative(state, c, ctx: _Context, maps, before, after) -> None:
    """前款 / 前两款 / 前条 keep their words; report when they now point elsewhere."""
    if c.relative == "previous_paragraph" and ctx.old_paragraph:
        for k in range(1, c.count + 1):
            old = (ctx.old_article, ctx.old_paragraph - k)
            if maps.paragraphs.get(old, _MISSING) != (ctx.new_article, ctx.new_paragraph - k):
                _warn(state, "relative-reference-shifted", ctx, c.written,
                      f"“{c.written}”现在指向的款与修改前不同，请核对",
                      f"{c.written!r} now points at a different paragraph: check it")
                return
    if c.relative == "previous_article":
        k_old = before.index(ctx.old_article) if ctx.old_article in before else -1
        k_new = after.index(ctx.new_article)
        for k in range(1, c.count + 1):
            old = before[k_old - k] if k_old - k >= 0 else None
            new = after[k_new - k] if k_new - k >= 0 else None
            if old is None or maps.articles.get(old) != new:
                _warn(state, "relative-reference-shifted", ctx, c.written,
                      f"“{c.written}”现在指向的条文与修改前不同，请核对",
                      f"{c.written!r} now points at a different article: check it")
                return


def _check_range(state, c, maps, before, after, ctx, text) -> None:
    """第十条至第十五条: after renumbering, the range must hold the same articles."""
    els = c.elements
    for a, b in zip(els, els[1:]):
        if not b.range_end or a.article is None or b.article is None or a.paragraph or b.paragraph:
            continue
        if text.is_fresh(a.start, b.end) or a.article not in before or b.article not in before:
            continue
        old = before[before.index(a.article): before.index(b.article) + 1]
        mapped = [maps.articles.get(k) for k in old]
        if None in mapped:
            continue  # a deleted member is reported for the element itself when it is an end
        lo, hi = after.index(mapped[0]), after.index(mapped[-1])
        if after[lo:hi + 1] != mapped:
            _warn(state, "range-changed", ctx, c.written,
                  f"“{c.written}”所含的条文因增删而改变，请核对", f"the articles inside the range "
                  f"{c.written!r} changed with the insertions/deletions: check it")


def _warn(state, code: str, ctx: _Context, phrase: str, zh: str, en: str, *,
          cited: tuple[int, int] | None = None) -> None:
    where = _where(ctx)
    state.warn(code, f"{where}中的“{phrase}”：{zh}", f"{phrase!r} in {where}: {en}", None, where,
               cited=cited)
