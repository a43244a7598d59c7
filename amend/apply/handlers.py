"""One function per kind of operation, editing the working copy held by ``engine.State``.

Contract: each handler resolves its targets in the numbering before the decision (through the
state's resolvers, which raise ``ApplyError`` for a missing or already-consumed provision),
refuses conflicting edits (a provision replaced or deleted by one item cannot be edited by
another), records stated final positions and explicit renumbering claims for ``finish`` to
honour and check, and writes one log entry.  Phrase operations must find their words: none is an
error; several, where the clause's form names one occurrence, is a ``phrase-several`` warning.
"""

from __future__ import annotations

from amend import numerals
from amend.apply import payload as payloads
from amend.apply import phrases
from amend.apply.engine import NewDivision, State
from amend.model import is_lacuna
from amend.apply.working import (
    Slot,
    Text,
    WArticle,
    fresh_item,
    fresh_paragraph,
)
from amend.ops import (
    AddArticles,
    AddDivision,
    AddItems,
    AddParagraphs,
    AddWords,
    Delete,
    DeleteWords,
    InsertWords,
    Merge,
    Move,
    Ref,
    RenameHeading,
    Renumber,
    Replace,
    Restate,
    Source,
    Split,
    Substitute,
)



def _article_label(key) -> str:
    return numerals.article_label(*key)


# ---- insertions ----------------------------------------------------------------------------------


def _new_article(state: State, new: payloads.NewArticle, source: Source, division) -> WArticle:
    art = new.article
    w = WArticle(None, [fresh_paragraph(p) for p in art.paragraphs], (), position=art.key,
                 added=source)
    w.touched.append(source)
    if new.headings:
        w.new_path = _open_headings(state, new.headings, source)
    elif division is not None:
        w.new_path = (division.id,)
        division.used = True
    return w


def _open_headings(state: State, headings, source: Source) -> tuple[str, ...]:
    """The new divisions a payload's headings open ("第七章　公布"), matched with the divisions
    the same decision declares ("增加一章，作为第七章“公布”") or declared by the payload itself."""
    ids = []
    for h in headings:
        match = next((d for d in state.new_divisions if d.kind == h.kind and d.number == h.number), None)
        if match is None:
            match = NewDivision(f"new_{h.kind}_{len(state.new_divisions) + 1}", h.kind, h.number,
                                h.name, None, source)
            state.new_divisions.append(match)
            state.note(source, "division_inserted", None, f"第{numerals.int_to_cn(h.number)}{h.kind}",
                       h.name)
        elif h.name and match.name and h.name != match.name:
            raise state.error(source, h.name, f"新增{h.kind}的名称“{h.name}”与“{match.name}”不一致",
                              f"the new {h.kind} is named {h.name!r} here but {match.name!r} elsewhere")
        match.name = match.name or h.name
        match.used = True
        ids.append(match.id)
    return tuple(ids)


def _pending_division(state: State, source: Source) -> NewDivision | None:
    """A division declared without text by the same item ("增加一章，作为第七章“公布”") that
    the item's added articles go into."""
    for d in reversed(state.new_divisions):
        if d.source.item == source.item and d.source.section == source.section:
            return d
    return None


def add_articles(state: State, op: AddArticles) -> None:
    source = op.source
    positions = list(op.positions)
    first = positions[0]
    if first.article_sub and first.article is None and op.anchor is not None:
        first = Ref(first.written, article=op.anchor.article, article_sub=first.article_sub)
        positions[0] = first
    if op.anchor is not None and op.anchor.article is not None:
        state.article(op.anchor, source)  # the article it follows must exist
    if not payloads.is_labelled(op.text) and len(positions) != 1:
        raise state.error(source, op.text.paragraphs[0][:4],
                          f"增加{len(positions)}条，但新内容没有条文标号，无法分条",
                          f"{len(positions)} articles are added but the new text has no article labels")
    new = state.read(payloads.articles, source, op.text, first.article, first.article_sub)
    got = [n.article.key for n in new]
    want = [p.article_key for p in positions]
    if len(want) == 1 and op.count == len(got) > 1:
        # "增加三条，作为第四十九条…": the articles take consecutive numbers from the one stated
        want = [(want[0][0] + k, want[0][1]) if not want[0][1] else (want[0][0], want[0][1] + k)
                for k in range(len(got))]
    if got != want:
        raise state.error(source, None, "新增条文的标号（" + "、".join(_article_label(k) for k in got)
                          + "）与“作为”所述不一致（" + "、".join(_article_label(k) for k in want) + "）",
                          "the new text's labels do not match the stated positions")
    division = None if any(n.headings for n in new) else _pending_division(state, source)
    for n in new:
        w = _new_article(state, n, source, division)
        state.articles.append(w)
        state.note(source, "inserted", None, _article_label(w.position))


def add_division(state: State, op: AddDivision) -> None:
    source = op.source
    kind = {"part": "编", "subpart": "分编", "chapter": "章", "section": "节"}[op.kind]
    number = getattr(op.position, op.kind)
    parent = None
    if op.anchor is not None:
        anchor_id = state.division(op.anchor, source)
        parent = tuple(anchor_id.split("/")[:-1])
    elif op.within is not None:
        parent = tuple(state.division(op.within, source).split("/"))
    if parent is not None:
        parent = tuple("/".join(parent[: k + 1]) for k in range(len(parent)))
    name = op.name or ""
    d = NewDivision(f"new_{kind}_{len(state.new_divisions) + 1}", kind, number, name, parent, source)
    state.new_divisions.append(d)
    state.note(source, "division_inserted", None, f"第{numerals.int_to_cn(number)}{kind}", name)
    if op.text is None:
        return
    heads = payloads.headings(op.text)
    if heads and (heads[0].kind, heads[0].number) == (kind, number):
        d.name = d.name or heads[0].name
    new = state.read(payloads.articles, source, op.text, 1)
    for n in new:
        own = [h for h in n.headings if (h.kind, h.number) != (kind, number)]
        w = _new_article(state, payloads.NewArticle(n.article, tuple(own)), source, d)
        if own:
            w.new_path = (d.id, *w.new_path)
        d.used = True
        state.articles.append(w)
        state.note(source, "inserted", None, _article_label(w.position))


def add_paragraphs(state: State, op: AddParagraphs) -> None:
    source = op.source
    article = state.article(op.article, source)
    state.not_replaced(article, op.article, source)
    if op.text is None:  # 增加一款，作为第二款（全文见下一操作）: restated by the next Replace
        state.note(source, "paragraph_announced", _article_label(article.origin))
        return
    new = state.read(payloads.paragraphs, source, op.text)
    if op.positions and len(op.positions) != len(new):
        raise state.error(source, None, f"增加{len(op.positions)}款，但新内容有{len(new)}款",
                          f"{len(op.positions)} paragraphs are added but the new text has {len(new)}")
    for k, para in enumerate(new):
        w = fresh_paragraph(para)
        w.position = op.positions[k].paragraph if op.positions else 0
        w.touched.append(source)
        article.paragraphs.append(w)
    article.touched.append(source)
    where = "、".join(p.written for p in op.positions) or "末尾"
    state.note(source, "paragraph_inserted", _article_label(article.origin), where)


def add_items(state: State, op: AddItems) -> None:
    source = op.source
    article = state.article(op.parent, source)
    para = state.item_parent(article, Ref(op.parent.written, article=op.parent.article,
                                          article_sub=op.parent.article_sub,
                                          paragraph=op.parent.paragraph, item=1), source) \
        if op.parent.paragraph is not None or any(p.items for p in article.paragraphs) \
        else state.paragraph(article, Ref(op.parent.written, paragraph=1), source)
    new = state.read(payloads.items, source, op.text)
    if op.positions and len(op.positions) != len(new):
        raise state.error(source, None, f"增加{len(op.positions)}项，但新内容有{len(new)}项",
                          f"{len(op.positions)} items are added but the new text has {len(new)}")
    for k, item in enumerate(new):
        w = fresh_item(item)
        w.position = op.positions[k].item if op.positions else 0
        w.touched.append(source)
        para.items.append(w)
    para.touched.append(source)
    article.touched.append(source)
    state.note(source, "item_inserted", _article_label(article.origin),
               "、".join(p.written for p in op.positions) or "末尾")


# ---- replacement ---------------------------------------------------------------------------------


def _claim_article(state: State, article: WArticle, ref: Ref, source: Source) -> None:
    article.claims.append((ref.article_key, source))


def replace(state: State, op: Replace) -> None:
    source = op.source
    targets = list(op.targets)
    head = targets[0]
    if op.cited:  # 将“A”修改为：“B” inside the named provision
        holders = state.holders(head, source)
        old, new = op.cited[0], op.text.text
        _substitute(state, holders, old, new, source, every=False, where=head.label())
        return
    level = head.level
    if head.scope == "title":
        state.title[:] = [Slot(Text.new(line), "title") for line in op.text.paragraphs]
        state.note(source, "title_replaced", "名称")
        return
    if head.scope == "preamble" and head.article is None:
        slots = state.holders(head, source)
        new = [Slot(Text.new(p), "preamble") for p in op.text.paragraphs]
        if head.index is not None:
            k = state.preamble.index(slots[0])
            state.preamble[k:k + 1] = new
        else:
            state.preamble[:] = new
        state.note(source, "preamble_replaced", head.written)
        return
    if head.scope == "heading" or (head.article is None and level in ("chapter", "section", "part", "subpart")):
        if head.scope == "heading":
            slot = state.holders(head, source)[0]
            slot.text = Text.new(op.text.text)
            state.note(source, "heading_renamed", head.label(), op.text.text)
            return
        raise state.error(source, head.written, f"暂不支持整{_unit(level)}替换：{head.written}",
                          f"replacing a whole division is not supported: {head.written}")
    article = state.article(head, source)
    if head.sentence and head.item is None:
        holder = state.holders(head, source)[0]
        span = phrases.sentence_span(holder.text.value, head.sentence)
        if span is None:
            raise state.error(source, head.written, f"找不到{head.written}", f"{head.written!r} not found", code="target-missing")
        phrases.replace_span(holder, span, op.text.text)
        article.touched.append(source)
        state.note(source, "sentence_replaced", head.label(), head.sentence)
        return
    if head.scope == "lead_in":
        para = state.holders(head, source)[0]
        para.text = Text.new(op.text.text)
        para.touched.append(source)
        article.touched.append(source)
        state.note(source, "lead_in_replaced", head.label())
        return
    if level == "article":
        if len(targets) > 1:
            raise state.error(source, targets[1].written, "多条合并修改应写作“合并修改为”",
                              "several articles replaced by one text must say 合并修改为")
        state.not_replaced(article, head, source)
        label = op.new_numbers[0].article_key if op.new_numbers else None
        new = state.read(payloads.paragraphs, source, op.text, label)
        for p in article.paragraphs:
            p.deleted = True
        article.paragraphs.extend(fresh_paragraph(p) for p in new)
        article.replaced = source
        article.touched.append(source)
        for ref in op.new_numbers:
            _claim_article(state, article, ref, source)
        state.note(source, "replaced" if not op.new_numbers else "replaced_renumbered",
                   _article_label(article.origin),
                   _article_label(op.new_numbers[0].article_key) if op.new_numbers else None)
        return
    if level == "paragraph":
        _replace_paragraphs(state, article, targets, op, source)
        return
    if level in ("item", "subitem"):
        _replace_items(state, article, targets, op, source)
        return
    raise state.error(source, head.written, f"无法替换“{head.written}”", f"cannot replace {head.written!r}")


def _unit(level: str) -> str:
    return {"chapter": "章", "section": "节", "part": "编", "subpart": "分编"}.get(level, level)


def _replace_paragraphs(state: State, article: WArticle, targets, op, source: Source) -> None:
    paras = []
    for ref in targets:
        if (ref.article, ref.article_sub) != article.origin:
            raise state.error(source, ref.written, "一次替换的各款必须属于同一条",
                              "paragraphs replaced together must belong to one article")
        paras.append(state.paragraph(article, ref, source))
    for p in paras:
        if p.replaced is not None:
            raise state.error(source, targets[0].written, f"{targets[0].label()}已被修改过",
                              f"{targets[0].label()} was already replaced", code="same-provision-twice")
    new = state.read(payloads.paragraphs, source, op.text)
    # each target takes one new paragraph; extra new ones follow the last target, extra
    # targets are removed
    where = article.paragraphs.index(paras[-1]) + 1
    for k, p in enumerate(paras):
        if k < len(new):
            fresh = fresh_paragraph(new[k])
            p.text, p.items = fresh.text, fresh.items
            p.replaced = source
            p.touched.append(source)
        else:
            p.deleted = True
            p.touched.append(source)
    for k, extra in enumerate(new[len(paras):]):
        w = fresh_paragraph(extra)
        w.touched.append(source)
        article.paragraphs.insert(where + k, w)
    for ref in op.new_numbers:
        if ref.paragraph is not None:
            paras[0].claims.append((ref.paragraph, source))
    article.touched.append(source)
    state.note(source, "paragraph_replaced", "、".join(t.label() for t in targets))


def _replace_items(state: State, article: WArticle, targets, op, source: Source) -> None:
    items = [state.item(article, ref, source) for ref in targets]
    new = state.read(payloads.items, source, op.text)
    para = next(p for p in article.paragraphs if items[0] in p.items)
    where = para.items.index(items[-1]) + 1
    for k, it in enumerate(items):
        if k < len(new):
            fresh = fresh_item(new[k])
            it.text, it.subitems = fresh.text, fresh.subitems
            it.touched.append(source)
        else:
            it.deleted = True
    for k, extra in enumerate(new[len(items):]):
        para.items.insert(where + k, fresh_item(extra))
    para.touched.append(source)
    article.touched.append(source)
    state.note(source, "item_replaced", "、".join(t.label() for t in targets))


def restate(state: State, op: Restate) -> None:
    """这一自然段/款/条相应修改为：“…”: the result of the item's phrase edits, stated in full."""
    source = op.source
    holders = state.holders(op.target, source)
    holder = holders[0]
    holder.text = Text.new(op.text.text)
    state.note(source, "restated", op.target.label())


# ---- renumbering, moves, splits, merges, deletions -----------------------------------------------


def renumber(state: State, op: Renumber) -> None:
    source = op.source
    for old, new in op.pairs:
        if old.article is None and new.article is None and old.level in ("chapter", "section", "part"):
            d_id = state.division(old, source)
            state.division_claims.append((d_id, getattr(new, old.level), source))
            state.note(source, "division_renumbered", old.label(), new.label())
            continue
        article = state.article(old, source)
        if old.paragraph is None and old.item is None:
            if new.paragraph is not None:
                raise state.error(source, new.written, "条改为款应写作“移作”", "an article becoming a "
                                  "paragraph must be written as a move (移作)")
            article.claims.append((new.article_key, source))
            state.note(source, "renumbered", old.label(), new.label())
        elif old.item is None:
            para = state.paragraph(article, old, source)
            if new.article is not None and (new.article, new.article_sub) != article.origin \
                    and new.paragraph is None:
                raise state.error(source, new.written, "款改为条应写作移动", "use 改为第X条 as a move")
            para.claims.append((new.paragraph, source))
            state.note(source, "paragraph_renumbered", old.label(), new.label())
        else:
            it = state.item(article, old, source)
            it.claims.append((new.item, source))
            state.note(source, "item_renumbered", old.label(), new.label())


def move(state: State, op: Move) -> None:
    """将第十三条第二款改为第十六条 (a paragraph becomes an article) / 将第X条移作第Y条."""
    source = op.source
    target, dest = op.target, op.destination
    article = state.article(target, source)
    if target.paragraph is None:  # an article moved to another place
        article.position = dest.article_key
        state.note(source, "moved", target.label(), dest.label())
        return
    para = state.paragraph(article, target, source)
    if dest.paragraph is None and dest.article is not None:
        para.deleted = True
        moved = type(para)(para.origin, para.text, para.items, para.home)
        new = WArticle(None, [moved], (), position=dest.article_key, added=source)
        new.sources.append((article, para.origin))
        new.touched.append(source)
        new.new_path = None
        article.moved_out[para.origin] = new
        new.follows = article
        state.articles.append(new)
        article.touched.append(source)
        state.note(source, "paragraph_to_article", target.label(), dest.label())
        return
    if dest.paragraph is not None:
        home = state.article(dest, source) if dest.article is not None else article
        para.deleted = True
        moved = type(para)(para.origin, para.text, para.items, para.home, position=dest.paragraph)
        home.paragraphs.append(moved)
        home.sources.append((article, para.origin))
        state.note(source, "paragraph_moved", target.label(), dest.label())
        return
    raise state.error(source, dest.written, f"无法移动到“{dest.written}”", f"cannot move to {dest.written!r}")


def split(state: State, op: Split) -> None:
    """将第九条分为三条，作为第十二条、第十三条、第十四条[，修改为：“…”]."""
    source = op.source
    article = state.article(op.target, source)
    state.not_replaced(article, op.target, source)
    keys = [r.article_key for r in op.new_numbers]
    if op.text is not None:
        new = state.read(payloads.articles, source, op.text, *keys[0])
        got = [n.article.key for n in new]
        if got != keys:
            raise state.error(source, op.new_numbers[0].written, "拆分后的条文标号与“作为”所述不一致",
                              "the labels of the split text do not match the stated numbers")
        made = [_new_article(state, n, source, None) for n in new]
    else:
        live = article.live_paragraphs()
        if len(live) != len(keys):
            raise state.error(source, op.new_numbers[0].written,
                              f"{op.target.label()}有{len(live)}款，无法分为{len(keys)}条",
                              f"{op.target.label()} has {len(live)} paragraphs: it cannot be split "
                              f"into {len(keys)} articles without new text")
        made = []
        for key, para in zip(keys, live):
            w = WArticle(None, [type(para)(para.origin, para.text, para.items, para.home)], (),
                         position=key, added=source)
            w.sources.append((article, para.origin))
            article.moved_out[para.origin] = w
            made.append(w)
    for w in made:
        w.follows = article
        w.touched.append(source)
        state.articles.append(w)
    article.deleted = True
    article.split_into = made
    article.touched.append(source)
    state.note(source, "split", op.target.label(), "、".join(_article_label(k) for k in keys))


def merge(state: State, op: Merge) -> None:
    source = op.source
    arts = [state.article(r, source) for r in op.targets]
    keep, rest = arts[0], arts[1:]
    if op.text is not None:
        label = op.new_number.article_key if op.new_number else None
        new = state.read(payloads.paragraphs, source, op.text, label)
        for p in keep.paragraphs:
            p.deleted = True
        keep.paragraphs.extend(fresh_paragraph(p) for p in new)
        keep.replaced = source
    else:
        for other in rest:
            for p in other.live_paragraphs():
                keep.paragraphs.append(type(p)(p.origin, p.text, p.items, p.home))
                keep.sources.append((other, p.origin))
    for other in rest:
        other.deleted = True
        other.merged_into = keep
        other.touched.append(source)
    if op.new_number is not None:
        keep.claims.append((op.new_number.article_key, source))
    keep.touched.append(source)
    state.note(source, "merged", "、".join(r.label() for r in op.targets),
               op.new_number.label() if op.new_number else None)


def delete(state: State, op: Delete) -> None:
    source = op.source
    for ref in op.targets:
        if ref.article is None and ref.level in ("chapter", "section", "part", "subpart"):
            d_id = state.division(ref, source)
            state.deleted_divisions[d_id] = source
            for a in state.articles:
                if d_id in a.path and not a.deleted:
                    a.deleted = True
                    a.touched.append(source)
            state.note(source, "division_deleted", ref.label())
            continue
        article = state.article(ref, source)
        if ref.sentence:
            holder = state.holders(ref, source)[0]
            span = phrases.sentence_span(holder.text.value, ref.sentence)
            if span is None:
                raise state.error(source, ref.written, f"找不到{ref.written}", f"{ref.written!r} not found", code="target-missing")
            phrases.replace_span(holder, span, "")
            article.touched.append(source)
            state.note(source, "sentence_deleted", ref.label(), ref.sentence)
        elif ref.item is not None:
            it = state.item(article, ref, source)
            it.deleted = True
            article.touched.append(source)
            state.note(source, "item_deleted", ref.label())
        elif ref.paragraph is not None:
            para = state.paragraph(article, ref, source)
            para.deleted = True
            article.touched.append(source)
            state.note(source, "paragraph_deleted", ref.label())
        else:
            state.not_replaced(article, ref, source)
            article.deleted = True
            article.deleted_by = source
            article.touched.append(source)
            state.note(source, "deleted", ref.label())


# ---- words -----------------------------------------------------------------------------------


def _targets_or_document(op) -> list[Ref]:
    targets = list(getattr(op, "targets", ()) or ())
    if not targets and getattr(op, "target", None) is not None:
        targets = [op.target]
    return targets or [Ref("本条例", scope="document")]


def _mark(state: State, ref: Ref, source: Source) -> None:
    if ref.article is not None:
        state.article(ref, source).touched.append(source)


def _substitute(state: State, holders, old: str, new: str, source: Source, *, every: bool,
                where: str) -> int:
    n = phrases.count(holders, old)
    if n == 0:
        raise state.error(source, old, f"{where}中没有“{old}”", f"{old!r} not found in {where}", code="words-not-found")
    phrases.substitute(holders, old, new)
    if n > 1 and not every:
        state.warn("phrase-several", f"“{old}”在{where}中出现{n}次，均已修改",
                   f"{old!r} occurs {n} times in {where}; every occurrence was changed", source, where)
    state.note(source, "substituted", where, None, f"“{old}”→“{new}”（{n}处 / {n}×）")
    return n


def words(state: State, op) -> None:
    source = op.source
    for ref in _targets_or_document(op):
        where = ref.label() if ref.scope != "document" else "全文"
        holders = state.holders(ref, source)
        if ref.scope != "document" and any(is_lacuna(h.text.value) for h in holders):
            raise state.error(source, ref.written, f"{where}的原文不详（仅有推导出的缺文说明），无法修改其中的文字",
                              f"the words of {where} are unknown (a lacuna in a derived text); a word "
                              f"edit cannot be applied to it")
        if ref.sentence and ref.article is not None:
            holders = _sentence_holders(state, holders, ref, source)
        if isinstance(op, Substitute):
            for old, new in op.pairs:
                if _where_present(state, ref, source) and phrases.count(holders, old) == 0:
                    state.note(source, "substituted", where, None, f"“{old}”未出现 / not present")
                    continue
                _substitute(state, holders, old, new, source, every=op.every or ref.scope == "document",
                            where=where)
        elif isinstance(op, DeleteWords):
            for phrase in op.phrases:
                n = phrases.count(holders, phrase)
                if n == 0:
                    raise state.error(source, phrase, f"{where}中没有“{phrase}”",
                                      f"{phrase!r} not found in {where}", code="words-not-found")
                done = phrases.delete(holders, phrase, op.position)
                if done == 0:
                    raise state.error(source, phrase, f"“{phrase}”不在{where}的末尾",
                                      f"{phrase!r} is not at the end of {where}", code="words-not-found")
                if done > 1 and not op.every and ref.scope != "document":
                    state.warn("phrase-several", f"“{phrase}”在{where}中出现{done}次，均已删去",
                               f"{phrase!r} occurs {done} times in {where}; every occurrence was "
                               f"deleted", source, where)
                state.note(source, "words_deleted", where, None, f"“{phrase}”（{done}处 / {done}×）")
        elif isinstance(op, InsertWords):
            n = phrases.count(holders, op.anchor)
            if n == 0:
                raise state.error(source, op.anchor, f"{where}中没有“{op.anchor}”",
                                  f"{op.anchor!r} not found in {where}", code="words-not-found")
            phrases.insert(holders, op.anchor, op.text, op.where)
            if n > 1 and not op.every:
                state.warn("phrase-several", f"“{op.anchor}”在{where}中出现{n}次，每处均已增加",
                           f"{op.anchor!r} occurs {n} times in {where}; the words were added at "
                           f"each", source, where)
            state.note(source, "words_inserted", where, None, f"“{op.anchor}”{'后' if op.where == 'after' else '前'}"
                       f"增加“{op.text}”")
        elif isinstance(op, AddWords):
            holder = _edge_holder(state, ref, holders, op.where, source)
            phrases.append(holder, op.text, op.where)
            state.note(source, "words_appended" if op.where == "end" else "words_prepended", where,
                       None, f"“{op.text}”")
        _mark(state, ref, source)
        for h in holders:
            if hasattr(h, "touched"):
                h.touched.append(source)


def _where_present(state: State, ref: Ref, source: Source) -> bool:
    """"此外，根据本决定将相关地方性法规中“区、县”的提法统一修改为“区”": a clause outside every
    section of an omnibus decision edits the texts where the words occur; absence is no error."""
    return state.omnibus and source.section is None and ref.scope == "document"


def _sentence_holders(state: State, holders, ref: Ref, source: Source):
    """A phrase edit limited to one sentence: a view of that sentence as its own holder."""
    holder = holders[0]
    span = phrases.sentence_span(holder.text.value, ref.sentence)
    if span is None:
        raise state.error(source, ref.written, f"找不到{ref.written}", f"{ref.written!r} not found", code="target-missing")
    return [_SentenceView(holder, span)]


class _SentenceView:
    """One sentence of a holder, edited in place."""

    def __init__(self, holder, span):
        self.holder, self.span = holder, span

    @property
    def text(self) -> Text:
        a, b = self.span
        return Text(self.holder.text.value[a:b])

    @text.setter
    def text(self, new: Text) -> None:
        a, b = self.span
        self.holder.text = self.holder.text.replace(a, b, new.value)
        self.span = (a, a + len(new.value))


def _edge_holder(state: State, ref: Ref, holders, where: str, source: Source):
    """The holder whose start (开始部分) or end (末尾) gets the words: for an article, its first
    or last paragraph text; items are part of the paragraph that introduces them."""
    paras = [h for h in holders if hasattr(h, "items")]
    if ref.item is not None or not paras:
        return holders[0] if where == "start" else holders[-1]
    return paras[0] if where == "start" else paras[-1]


def rename_heading(state: State, op: RenameHeading) -> None:
    source = op.source
    d_id = state.division(op.target, source)
    slot = state.headings[d_id]
    if op.old is not None and slot.text.value != op.old:
        raise state.error(source, op.old, f"{op.target.label()}的名称是“{slot.text.value}”，不是“{op.old}”",
                          f"{op.target.label()} is named {slot.text.value!r}, not {op.old!r}", code="words-not-found")
    slot.text = Text.new(op.name)
    slot.touched.append(source)
    state.note(source, "heading_renamed", op.target.label(), op.name)
