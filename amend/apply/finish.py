"""The second half of apply: order, number, place in divisions, map, renumber references, freeze.

Contract: ``finish(state)`` takes the working copy after every operation of the decision and
returns the ``ApplyResult``.  Paragraphs and items are ordered by ``order.place`` (stated
positions first) and items relabelled （一）（二）… where their list changed.  Articles are
renumbered 1..n when the decision says so (条文顺序作相应调整) or when it renumbers explicitly or
inserts at a number already taken; otherwise they keep their numbers (第X条之N, gaps left by
deletions).  Each explicit claim ("将第三十条改为第三十二条", "第三款改为第四款") must equal the
computed number.  An inserted article joins the division of the article it follows (a new
division when the decision adds one); at a division boundary that choice is reported.
Divisions are renumbered only where the decision adds or removes one.
"""

from __future__ import annotations

import re

from amend import numerals
from amend.apply import crossrefs
from amend.apply.crossrefs import Maps
from amend.apply.engine import NewDivision, State
from amend.apply.errors import ApplyError, item_label
from amend.apply.order import Fixed, PlacementError, place
from amend.apply.result import ApplyResult, LogEntry
from amend.apply.working import WArticle, WItem, WParagraph, WSubitem, fresh_paragraph
from amend.model import Article, Item, Paragraph, Preamble, Regulation, Subitem
from amend.sequences import longest_increasing
from amend.apply.payload import division_kind

_LEVEL = {"编": 1, "分编": 2, "章": 3, "节": 4}
_KIND_OF_PREFIX = {"part": "编", "subpart": "分编", "chp": "章", "sec": "节"}


def finish(state: State) -> ApplyResult:
    for a in state.articles:
        if not a.deleted and a.origin is not None and not a.live_paragraphs():
            a.deleted = True  # every paragraph moved out (第十三条第二款改为第十六条，第一款改为第十七条)
            a.split_into = list(a.moved_out.values())
    live = [a for a in state.articles if not a.deleted]
    for a in live:
        if a.origin is None and not a.live_paragraphs():  # 增加一条 that no later clause filled
            label = numerals.article_label(*a.position) if a.position else "新增条文"
            raise state.error(a.added, label, f"新增的{label}没有内容", f"the added {label} has no text",
                              code="cannot-apply")
        _order_paragraphs(state, a)
    seq, keys = _order_articles(state, live)
    seq, keys = _moves(state, live, seq, keys)
    _check_claims(state, seq, keys)
    paths = _paths(state, seq, _members(state, seq, keys))
    body, division_map = _build_body(state, seq, keys, paths)
    maps = _maps(state, seq, keys)
    maps.divisions = division_map
    crossrefs.update(state, seq, keys, maps)
    frozen = {id(a): _freeze_article(a, k) for a, k in zip(seq, keys)}
    regulation = Regulation(
        title=tuple(s.text.value for s in state.title),
        note=state.before.note,
        preamble=_preamble(state),
        body=tuple(_freeze_child(state, c, frozen) for c in body.children),
        attachments=state.before.attachments,
    )
    provenance, written = {}, {}
    for a, k in zip(seq, keys):
        words = tuple(h.text.value[x:y] for p in a.paragraphs for h in crossrefs.holders(p)
                      for x, y in h.text.fresh)
        if words:
            written[k] = words
        items = _provenance(state, a)
        if items:
            provenance[k] = items
    return ApplyResult(
        regulation=regulation,
        articles=maps.articles,
        paragraphs=maps.paragraphs,
        items=maps.items,
        splits=maps.splits,
        added=tuple(k for a, k in zip(seq, keys) if a.origin is None and not a.placeholder),
        log=tuple(state.log),
        warnings=tuple(state.warnings),
        provenance=provenance,
        written=written,
        divisions=division_map,
        replaced={a.origin: item_label(a.replaced, state.omnibus) for a in state.articles
                  if a.origin is not None and a.replaced is not None},
        removed={a.origin: item_label(a.deleted_by, state.omnibus) for a in state.articles
                 if a.origin is not None and a.deleted_by is not None},
    )


def _source_of(entry):
    touched = getattr(entry, "touched", None) or []
    return touched[-1] if touched else getattr(entry, "added", None)


def _placement_error(state: State, e: PlacementError):
    return state.error(_source_of(e.entry), e.needle, e.zh, e.en)


# ---- paragraphs and items -----------------------------------------------------------------------


_UNIT_EN = {"款": "paragraph", "项": "item"}


def _ordered(state: State, entries: list, unit: str) -> list:
    """Live entries (paragraphs or items) in their final order — stated positions first, the
    rest in order, "at the end" last — with every explicit claim ("第三款改为第四款") checked."""
    live = [e for e in entries if not e.deleted]
    try:
        ordered = place([e for e in live if e.position is None],
                        [Fixed(e.position, e) for e in live if e.position],
                        [e for e in live if e.position == 0], unit=unit)
    except PlacementError as e:
        raise _placement_error(state, e) from None
    moved = _claimed_order(state, live, ordered, unit)
    if moved is not None:
        return moved
    for k, entry in enumerate(ordered, 1):
        for claim, source in entry.claims:
            if claim != k:
                raise state.error(source, numerals.int_to_cn(claim),
                                  f"按修改后的顺序，该{unit}应为第{numerals.int_to_cn(k)}{unit}，"
                                  f"而决定写作第{numerals.int_to_cn(claim)}{unit}",
                                  f"in the amended order this {_UNIT_EN[unit]} is number {k}, but "
                                  f"the decision says {claim}", code="renumbering-disagrees")
    return ordered


def _claimed_order(state: State, live: list, ordered: list, unit: str) -> list | None:
    """"第三项改为第八项……第四项改为第九项，第五项改为第七项": when the stated new numbers do not
    follow from the additions and deletions but place every claimed entry at its own number
    consistently, the entries are moved there (a ``moved`` warning names them); None when the
    claims agree with the order (nothing to do) or cannot all hold (the caller reports it)."""
    if all(c == k for k, e in enumerate(ordered, 1) for c, _ in e.claims):
        return None
    pinned = {}
    for e in live:
        numbers = {c for c, _ in e.claims}
        if len(numbers) > 1:
            return None
        if numbers and e.origin is not None and not e.position:
            pinned[id(e)] = numbers.pop()
    if not pinned:
        return None
    try:
        again = place([e for e in live if e.position is None and id(e) not in pinned],
                      [Fixed(e.position, e) for e in live if e.position]
                      + [Fixed(pinned[id(e)], e) for e in live if id(e) in pinned],
                      [e for e in live if e.position == 0 and id(e) not in pinned], unit=unit)
    except PlacementError:
        return None
    if any(c != k for k, e in enumerate(again, 1) for c, _ in e.claims):
        return None
    natural = {id(e): k for k, e in enumerate(ordered, 1)}
    shifted = [(e, k) for k, e in enumerate(again, 1) if id(e) in pinned and natural[id(e)] != k]
    if shifted:
        e, k = shifted[0]
        source = e.claims[0][1]
        names = "、".join(f"第{numerals.int_to_cn(x.origin)}{unit}→第{numerals.int_to_cn(n)}{unit}"
                         for x, n in shifted)
        state.warn(f"{_UNIT_EN[unit]}-moved", f"决定写明的序号使{names}移到新的位置（不是增删引起的顺延）",
                   f"the numbers the decision states move {len(shifted)} {_UNIT_EN[unit]}(s) to a new "
                   f"place ({names}), not a shift caused by additions or deletions", source)
    return again


def _order_paragraphs(state: State, a: WArticle) -> None:
    a.paragraphs = _ordered(state, a.paragraphs, "款")
    for p in a.paragraphs:
        _order_items(state, p, a)


def _order_items(state: State, p: WParagraph, a: WArticle) -> None:
    live = [i for i in p.items if not i.deleted]
    # "将第三十一条修改为：“……：（一）……（二）……”": a list the decision quotes whole keeps the
    # labels it is quoted with — the engine does not rewrite enacted words; labels out of sequence
    # there are the decision's, said as a warning
    quoted = bool(live) and len(live) == len(p.items) and \
        all(i.origin is None and not i.position and not i.claims for i in live)
    changed = not quoted and (len(live) != len(p.items)
                              or any(i.origin is None or i.position for i in live))
    ordered = _ordered(state, p.items, "项")
    if quoted:
        _quoted_labels(state, ordered, a)
    if changed:
        style = next((i.label for i in p.items if i.origin is not None), "（一）")
        for k, it in enumerate(ordered, 1):
            it.label = _relabel(style, k)
    if changed or any(it.text.fresh for it in ordered):
        _item_marks(state, p, ordered)
    p.items = ordered


#: The mark that ends a 项 in a list introduced by "：": every item but the last ends with "；".
_ITEM_SEPARATOR, _ITEM_END = "；", "。"


def _item_marks(state: State, p: WParagraph, ordered: list) -> None:
    """"增加一项，作为第五项：“（五）国防专利、保密专利的解密”" quotes the item without its mark;
    "删去第四项" leaves the item before it last.  In a list the paragraph introduces with "：",
    whose items end with "；" and the last with "。" (立法技术规范), an item takes the mark of
    its place: a new or restated item without a mark (or with the other one) gets it, and an
    item that becomes last or stops being last changes its mark — a consequence of the items
    added or deleted, logged like renumbering.  Lists that do not follow that convention, items
    with subitems and items ending otherwise ("，", "：") are left alone."""
    if not p.text.value.endswith("：") or len(ordered) < 2 or any(it.subitems for it in ordered):
        return
    marks = [it.text.value[-1:] for it in ordered]
    kept = [m for it, m in zip(ordered, marks) if not it.text.is_fresh(0, len(it.text.value))]
    if _ITEM_SEPARATOR not in kept or any(m not in (_ITEM_SEPARATOR, _ITEM_END) for m in kept):
        return
    for k, (it, mark) in enumerate(zip(ordered, marks)):
        want = _ITEM_END if k == len(ordered) - 1 else _ITEM_SEPARATOR
        value = it.text.value
        if mark == want or mark in "，：、" or not value:
            continue
        end = len(value) - 1 if mark in (_ITEM_SEPARATOR, _ITEM_END) else len(value)
        written = it.text.is_fresh(0, len(value))
        it.text = it.text.replace(end, len(value), want) if written else \
            it.text.rewrite(end, len(value), want)
        state.log.append(LogEntry(None, "item_mark", it.label, want,
                                  "项末标点随位置调整 / item end mark follows its place", ""))


def _quoted_labels(state: State, ordered: list, a: WArticle) -> None:
    style = ordered[0].label or "（一）"
    labels = [it.label for it in ordered]
    if labels == [_relabel(style, k) for k in range(1, len(ordered) + 1)]:
        return
    source = next((s for it in ordered for s in it.touched), None) or a.replaced or a.added or \
        next(iter(a.touched), None)
    shown = "".join(labels)
    state.warn("item-labels-as-quoted",
               f"决定引文中的项序号不连续（{shown}），按引文保留，未重新编号",
               f"the item labels of the quoted text are not in sequence ({shown}); kept as "
               "quoted, not relabelled", source)


def _relabel(style: str, n: int) -> str:
    if style.startswith("("):
        return f"({numerals.int_to_cn(n)})"
    if re.match(r"^\d", style):
        return re.sub(r"^\d+", str(n), style)
    return numerals.item_label(n)


# ---- articles -----------------------------------------------------------------------------------


def _order_articles(state: State, live: list[WArticle]):
    survivors = [a for a in live if a.origin is not None]
    # "在第十条后增加一条：“…”": no number stated — it follows its article, and the text is renumbered
    anchored = [a for a in live if a.origin is None and a.position is None and a.after is not None]
    inserted = [a for a in live if a.origin is None and a.position is not None]
    placed = [a for a in survivors if a.position is not None]
    claims = any(a.claims for a in live)
    keep_keys = [a.position if a.origin is None or a.position else a.origin for a in live]
    collide = len(set(keep_keys)) != len(keep_keys)
    if not (state.reorder or claims or collide or placed or anchored):
        live = live + _placeholders(state)
        keep_keys = keep_keys + [a.position for a in live[len(keep_keys):]]
        order = sorted(zip(keep_keys, range(len(live)), live))
        return [a for _, _, a in order], [k for k, _, _ in order]
    for a in inserted:
        if a.position[1]:
            raise state.error(a.added, numerals.article_label(*a.position),
                              f"{numerals.article_label(*a.position)}（之N编号）与整体重排条文顺序不能同时使用",
                              "a 第X条之N insertion cannot be combined with renumbering every article")
    try:
        seq = place(_with_anchored(state, [a for a in survivors if a.position is None], anchored),
                    [Fixed(a.position[0], a) for a in inserted + placed])
    except PlacementError as e:
        raise _placement_error(state, e) from None
    keys = [(k, 0) for k in range(1, len(seq) + 1)]
    if not state.reorder:
        silent = [a for a, k in zip(seq, keys) if a.origin is not None and a.origin != k
                  and not a.claims]
        if silent:
            first = silent[0]
            state.warn("renumber-without-reorder",
                       f"有{len(silent)}条的条文序号因增删而改变（如{numerals.article_label(*first.origin)}），"
                       f"但决定既未逐条写明，也没有“对条文顺序作相应调整”",
                       f"{len(silent)} articles change number (e.g. "
                       f"{numerals.article_label(*first.origin)}) but the decision neither states it "
                       f"nor says 对条文顺序作相应调整")
    return seq, keys


def _with_anchored(state: State, others: list[WArticle], anchored: list[WArticle]) -> list[WArticle]:
    """``others`` (the articles that fill the free positions, in order) with each article added
    "在第X条后" right after its article (several after one article: in the decision's order)."""
    out = list(others)
    for a in anchored:
        at = next((k for k, o in enumerate(out) if o is a.after), None)
        if at is None:
            label = numerals.article_label(*a.after.origin) if a.after.origin else "该条"
            raise state.error(a.added, None, f"{label}已移动或删去，无法确定在其后增加的条文的位置",
                              f"{label} has moved or gone: the article added after it cannot be placed")
        while at + 1 < len(out) and out[at + 1].after is a.after and out[at + 1].origin is None:
            at += 1
        out.insert(at + 1, a)
    return out


#: What a deleted article's number shows when the text keeps its numbers (刑法: "第一百九十九条　（删去）").
DELETED_MARK = "（删去）"


def _placeholders(state: State) -> list[WArticle]:
    """In a text that keeps its numbers (no renumbering), a deleted article leaves its number
    with the mark "（删去）", as the consolidated 刑法 does; it is not a provision (maps say None)."""
    out = []
    for a in state.articles:
        if a.deleted_by is not None and a.origin is not None:
            mark = WArticle(None, [fresh_paragraph(Paragraph(DELETED_MARK))], a.path,
                            position=a.origin, added=a.deleted_by, follows=a, placeholder=True)
            out.append(mark)
            state.note(a.deleted_by, "deleted_mark", numerals.article_label(*a.origin), None,
                       f"条号保留，标注“{DELETED_MARK}” / the number is kept, marked {DELETED_MARK}")
    return out


def _moves(state: State, live: list[WArticle], seq, keys):
    """"将第二十五条改为第五十八条" where the computed order gives another number: the article
    is moved, if that is the only reading — the claimed articles that keep their relative order
    (one longest increasing run of claims, by original number) stay, the others take their
    stated numbers, and every claim must then agree.  Each move is a named warning; when the
    claims still disagree, nothing moves and ``_check_claims`` reports the first disagreement."""
    at = {id(a): k for a, k in zip(seq, keys)}
    claimed = sorted((a for a in live if a.origin is not None and a.claims and a.position is None),
                     key=lambda a: a.origin)
    if all(at[id(a)] == a.claims[0][0] for a in claimed):
        return seq, keys
    keep = longest_increasing([a.claims[0][0] for a in claimed])
    movers = [a for i, a in enumerate(claimed) if i not in keep]
    if not movers:
        return seq, keys
    for a in movers:
        a.position = a.claims[0][0]
    try:
        seq2, keys2 = _order_articles(state, live)
    except ApplyError:
        seq2 = None
    if seq2 is None or any(k != claim for a, k in zip(seq2, keys2) for claim, _ in a.claims):
        for a in movers:
            a.position = None
        return seq, keys
    for a in movers:
        a.moved = True
        label, to = numerals.article_label(*a.origin), numerals.article_label(*a.claims[0][0])
        state.warn("article-moved", f"{label}改为{to}，移至新的位置（不按原有顺序）",
                   f"{label} becomes {to}: it moves out of its original order", a.claims[0][1], to)
    return seq2, keys2


def _check_claims(state: State, seq: list[WArticle], keys) -> None:
    for a, key in zip(seq, keys):
        for claim, source in a.claims:
            if claim != key:
                old = numerals.article_label(*a.origin) if a.origin else "新增条文"
                raise state.error(
                    source, numerals.article_label(*claim),
                    f"按条文顺序计算，{old}应改为{numerals.article_label(*key)}，而决定写作"
                    f"{numerals.article_label(*claim)}",
                    f"by the computed order {old} becomes {numerals.article_label(*key)}, but the "
                    f"decision says {numerals.article_label(*claim)}", code="renumbering-disagrees")


# ---- divisions -----------------------------------------------------------------------------------


def _kind(state: State, d_id: str) -> str:
    new = _new(state, d_id)
    if new is not None:
        return new.kind
    return _KIND_OF_PREFIX[d_id.rsplit("/", 1)[-1].rsplit("_", 1)[0]]


def _new(state: State, d_id: str) -> NewDivision | None:
    return next((d for d in state.new_divisions if d.id == d_id), None)


def _paths(state: State, seq: list[WArticle], members: dict[int, str] | None = None
           ) -> list[tuple[str, ...]]:
    """Each article's divisions: its own (original articles), the new ones its payload opened,
    the division stated for it (``members``: index → division id), or its neighbour's."""
    members = members or {}
    closed = set(members.values())  # divisions whose articles are all stated
    closed |= {d.id for d in state.new_divisions if d.complete}
    boundary_run: set[int] = set()
    paths: list[tuple[str, ...]] = []
    for k, a in enumerate(seq):
        if k in members:
            current = a.path if a.origin is not None else (paths[k - 1] if k else ())
            path = _division_path(state, members[k], current)
            if a.new_path:  # 第四章…包括第三十六条至第六十条 and, in a later item, 增加一节，作为
                # 第二节；增加一条，作为第四十三条: its own new section, inside the stated chapter
                own = _new_path(state, a.new_path, path)
                path = own if own[:len(path)] == path else path
            elif a.origin is None and k and len(paths[k - 1]) > len(path) \
                    and paths[k - 1][:len(path)] == path and paths[k - 1][-1] not in closed:
                path = paths[k - 1]  # added after an article of a section of that chapter: in it
            paths.append(path)
            continue
        if a.origin is not None and not a.moved:
            paths.append(a.path)
            continue
        prev = paths[k - 1] if k else None
        if a.moved:  # 改为第五十八条 out of order: in its own division if it still borders it,
            # else with the article it now follows
            following = _next_path(seq, k)
            paths.append(a.path if a.path in (prev, following) else
                         prev if prev is not None else (following or ()))
            if a.path not in (prev, following) and prev is not None and following is not None \
                    and prev != following:
                where = numerals.article_label(*a.claims[0][0])
                state.warn("division-boundary",
                           f"移动后的{where}位于两{_kind_word(state, prev, following)}之间，按其前一条归入"
                           f"{_heading_of(state, prev)}", f"the moved {where} sits at a division "
                           f"boundary; it was placed with the article before it, in "
                           f"{_heading_of(state, prev)}", a.claims[0][1] if a.claims else None, where)
            continue
        if prev and prev[-1] in closed and a.new_path is None:
            # 包括第七十七条至第八十四条: an article inserted after a closed division is not in it
            prev = _next_path(seq, k) or prev
        if a.new_path:
            paths.append(_new_path(state, a.new_path, prev or _next_path(seq, k)))
            continue
        if a.within is not None:  # 在第三章中增加一条: in that division (in the section of a
            # neighbour inside it, when it has sections)
            inside = [p for p in (prev, _next_path(seq, k)) if p and p[:len(a.within)] == a.within]
            paths.append(inside[0] if inside else a.within)
            continue
        if a.follows is not None:
            paths.append(a.follows.path)
            continue
        following = _next_path(seq, k)
        if prev is None:
            paths.append(following or ())
            continue
        paths.append(prev)
        # the first of the articles inserted at a boundary, and each one after it in the run
        # ("增加一条，作为第三十四条" … "作为第三十七条" between two chapters)
        if following is not None and following != prev and (
                seq[k - 1].origin is not None or k - 1 in boundary_run):
            boundary_run.add(k)
            where = numerals.article_label(*a.position) if a.position else "新增条文"
            state.warn("division-boundary",
                       f"新增的{where}位于两{_kind_word(state, prev, following)}之间，按其前一条归入"
                       f"{_heading_of(state, prev)}", f"the inserted {where} sits at a division "
                       f"boundary; it was placed with the article before it, in "
                       f"{_heading_of(state, prev)}", a.added, where)
    return paths


def _division_path(state: State, d_id: str, current: tuple[str, ...]) -> tuple[str, ...]:
    """The full path of division ``d_id``: its own prefixes for an original one; the declared
    parent (or the levels above it in ``current``) for a new one."""
    new = _new(state, d_id)
    if new is None:
        parts = d_id.split("/")
        return tuple("/".join(parts[:k + 1]) for k in range(len(parts)))
    if new.parent is not None:
        return new.parent + (d_id,)
    level = _LEVEL[new.kind]
    return tuple(d for d in current if _LEVEL[_kind(state, d)] < level) + (d_id,)


def _members(state: State, seq, keys) -> dict[int, str]:
    """Stated membership (包括第X条至第Y条, 列入本章): index in ``seq`` → the division id;
    the articles are placed below the levels above it and keep no deeper division of their old
    place."""
    out: dict[int, str] = {}
    index = {id(a): k for k, a in enumerate(seq)}
    at = {key: k for k, key in enumerate(keys)}
    for d_id, wanted, articles, source in state.members:
        ks = [index[id(a)] for a in articles if id(a) in index]
        if wanted:
            lo, hi = wanted[0], wanted[-1]
            ks += [k for key, k in at.items() if lo <= key <= hi]
            missing = [w for w in (lo, hi) if w not in at]
            if missing:
                raise state.error(source, numerals.article_label(*missing[0]),
                                  f"修改后没有{numerals.article_label(*missing[0])}",
                                  f"the amended text has no {numerals.article_label(*missing[0])}",
                                  code="target-missing")
        for k in ks:
            out[k] = d_id
    return out


def _kind_word(state: State, a: tuple[str, ...], b: tuple[str, ...]) -> str:
    for x, y in zip(a, b):
        if x != y:
            return _kind(state, x)
    return "部分"


def _heading_of(state: State, path: tuple[str, ...]) -> str:
    if not path:
        return "正文"
    d_id = path[-1]
    new = _new(state, d_id)
    if new is not None:
        return f"第{numerals.int_to_cn(new.number)}{new.kind}"
    return state.divisions[d_id].heading


def _next_path(seq: list[WArticle], k: int) -> tuple[str, ...] | None:
    for a in seq[k + 1:]:
        if a.origin is not None:
            return a.path
    return None


def _new_path(state: State, new_ids: tuple[str, ...], neighbour: tuple[str, ...] | None):
    """Full path of an article in new division(s): the declared parent, or the neighbour's
    divisions above the new division's level."""
    first = _new(state, new_ids[0])
    if first.parent is not None:
        return first.parent + new_ids
    level = _LEVEL[first.kind]
    parent = tuple(d for d in (neighbour or ()) if _LEVEL[_kind(state, d)] < level)
    return parent + new_ids


class _Node:
    def __init__(self, d_id: str | None):
        self.id = d_id
        self.children: list = []


def _build_body(state: State, seq, keys, paths):
    root = _Node(None)
    stack = [root]
    closed: set[str] = set()
    for a, key, path in zip(seq, keys, paths):
        open_ids = [n.id for n in stack[1:]]
        common = 0
        while common < min(len(open_ids), len(path)) and open_ids[common] == path[common]:
            common += 1
        for n in stack[common + 1:]:
            closed.add(n.id)
        del stack[common + 1:]
        for d_id in path[common:]:
            if d_id in closed:
                raise state.error(a.added or (a.touched[-1] if a.touched else None), None,
                                  f"{numerals.article_label(*key)}使{_heading_of(state, (d_id,))}不再连续",
                                  f"{numerals.article_label(*key)} splits {_heading_of(state, (d_id,))} "
                                  f"into two parts")
            node = _Node(d_id)
            stack[-1].children.append(node)
            stack.append(node)
        stack[-1].children.append(a)
    used = _collect(root)
    for d in state.new_divisions:
        if d.id not in used:
            raise state.error(d.source, None, f"新增的第{numerals.int_to_cn(d.number)}{d.kind}中没有任何条文",
                              f"the new {d.kind} {d.number} contains no article")
    for d_id, d in state.divisions.items():
        if d_id not in used and d_id not in state.deleted_divisions and _had_articles(state, d_id):
            state.warn("division-emptied", f"{d.heading}中的条文均已删去或移出，该{d.kind}随之删去",
                       f"every article of {d.heading} was deleted or moved; the {d.kind} is removed")
    division_map = _number_divisions(state, root)
    return root, division_map


def _had_articles(state: State, d_id: str) -> bool:
    return any(d_id in a.path for a in state.articles if a.origin is not None)


def _collect(node: _Node) -> set[str]:
    out = set()
    for c in node.children:
        if isinstance(c, _Node):
            out.add(c.id)
            out |= _collect(c)
    return out


def _walk_nodes(node: _Node, parent: str | None = None):
    for c in node.children:
        if isinstance(c, _Node):
            yield c, parent
            yield from _walk_nodes(c, c.id)


def _number_divisions(state: State, root: _Node) -> dict[tuple[str, int], int]:
    """Number divisions where the decision added or removed one of their kind; check stated
    numbers of new divisions and explicit division renumbering."""
    nodes = list(_walk_nodes(root))
    numbers: dict[str, int] = {}
    division_map: dict[tuple[str, int], int] = {}
    changed_kinds = {d.kind for d in state.new_divisions}
    changed_kinds |= {_kind(state, d) for d in state.deleted_divisions}
    removed = [d for d in state.divisions if d not in {n.id for n, _ in nodes}]
    changed_kinds |= {_kind(state, d) for d in removed}
    for kind in ("编", "分编", "章", "节"):
        of_kind = [(n, p) for n, p in nodes if _kind(state, n.id) == kind]
        original = [state.divisions[d] for d in state.divisions if _kind(state, d) == kind]
        global_scope = [d.number for d in original] == list(range(1, len(original) + 1)) \
            and (kind != "节" or bool(original))  # sections number within their chapter
        counters: dict[str | None, int] = {}
        for n, parent in of_kind:
            new = _new(state, n.id)
            style = "ordinal" if new is not None else state.divisions[n.id].style
            if kind not in changed_kinds or style == "unnumbered":
                numbers[n.id] = new.number if new is not None else state.divisions[n.id].number
                continue
            scope = None if global_scope else parent
            counters[scope] = counters.get(scope, 0) + 1
            numbers[n.id] = counters[scope]
            if new is not None and new.number != numbers[n.id]:
                raise state.error(new.source, None,
                                  f"新增的{kind}按位置应为第{numerals.int_to_cn(numbers[n.id])}{kind}，"
                                  f"而决定写作第{numerals.int_to_cn(new.number)}{kind}",
                                  f"by its place the new {kind} is number {numbers[n.id]}, but the "
                                  f"decision says {new.number}")
        for n, _ in of_kind:
            if _new(state, n.id) is None:
                old = state.divisions[n.id].number
                if global_scope and old != numbers[n.id]:
                    division_map[(kind, old)] = numbers[n.id]
    for d_id, claim, source in state.division_claims:
        if numbers.get(d_id) != claim:
            raise state.error(source, None, f"{state.divisions[d_id].heading}按计算应为第"
                              f"{numerals.int_to_cn(numbers.get(d_id, 0))}{_kind(state, d_id)}",
                              f"by the computed order {state.divisions[d_id].heading} is number "
                              f"{numbers.get(d_id)}, not {claim}")
    state.division_numbers = numbers
    return division_map


def _freeze_child(state: State, c, frozen: dict[int, Article]):
    if not isinstance(c, _Node):
        return frozen[id(c)]
    new = _new(state, c.id)
    kind = new.kind if new is not None else _kind(state, c.id)
    number = state.division_numbers[c.id]
    if new is not None:
        name, style = new.name, "ordinal"
    else:
        old = state.divisions[c.id]
        name, style = state.headings[c.id].text.value, old.style
    cls = division_kind(kind)
    return cls(number, name, tuple(_freeze_child(state, x, frozen) for x in c.children), style=style)


# ---- maps ---------------------------------------------------------------------------------------


def _maps(state: State, seq, keys) -> Maps:
    maps = Maps()
    final = {id(a): k for a, k in zip(seq, keys)}
    for loc in state.before.located:
        art = loc.article
        maps.articles[art.key] = None
        for p, para in enumerate(art.paragraphs, 1):
            maps.paragraphs[(art.key, p)] = None
            for i in range(1, len(para.items) + 1):
                maps.items[(art.key, p, i)] = None
    for a in state.articles:
        if a.origin is None:
            continue
        if id(a) in final:
            maps.articles[a.origin] = final[id(a)]
        if a.replaced is not None:
            maps.replaced[a.origin] = a.replaced
        consumed = a.split_into or ([a.merged_into] if a.merged_into else [])
        if consumed:
            maps.splits[a.origin] = tuple(final[id(x)] for x in consumed if id(x) in final)
    for a, key in zip(seq, keys):
        whole = a.origin is None and len(a.paragraphs) == 1
        for idx, p in enumerate(a.paragraphs, 1):
            if p.home is None or p.origin is None:
                continue
            maps.paragraphs[(p.home, p.origin)] = (key, None if whole else idx)
            for j, it in enumerate(p.items, 1):
                if it.origin is not None:
                    maps.items[(p.home, p.origin, it.origin)] = (key, idx, j)
    return maps


# ---- freezing -----------------------------------------------------------------------------------


def _freeze_subitems(subs: list[WSubitem]) -> tuple[Subitem, ...]:
    return tuple(Subitem(s.label, s.text.value, _freeze_subitems(s.children)) for s in subs)


def _freeze_item(it: WItem) -> Item:
    return Item(it.label, it.text.value, _freeze_subitems(it.subitems))


def _freeze_article(a: WArticle, key) -> Article:
    return Article(key[0], key[1], tuple(Paragraph(p.text.value, tuple(_freeze_item(i) for i in p.items))
                                         for p in a.paragraphs))


def _preamble(state: State) -> Preamble | None:
    before = state.before.preamble
    if before is None and not state.preamble:
        return None
    return Preamble(before.heading if before else "", tuple(s.text.value for s in state.preamble))


def _provenance(state: State, a: WArticle) -> tuple[str, ...]:
    sources = list(a.touched)
    if a.added is not None:
        sources.append(a.added)
    for p in a.paragraphs:
        sources.extend(p.touched)
        for it in p.items:
            sources.extend(it.touched)
    out: list[str] = []
    for s in sources:
        label = item_label(s, state.omnibus)
        if label and label not in out:
            out.append(label)
    return tuple(out)
