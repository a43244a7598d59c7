"""One function per kind of operation, editing the working copy held by ``engine.State``.

Contract: each handler resolves its targets in the numbering before the decision (through the
state's resolvers, which raise ``ApplyError`` for a missing or already-consumed provision),
refuses conflicting edits (a provision replaced or deleted by one item cannot be edited by
another), records stated final positions and explicit renumbering claims for ``finish`` to
honour and check, and writes one log entry.  Phrase operations must find their words: none is an
error; several, where the clause's form names one occurrence, is a ``phrase-several`` warning.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend import numerals
from amend.text import POINT_RE
from amend.apply.errors import ApplyError
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
    Members,
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
    if not op.positions:
        return _add_unnumbered(state, op)
    positions = list(op.positions)
    first = positions[0]
    if first.article_sub and first.article is None and op.anchor is not None:
        first = Ref(first.written, article=op.anchor.article, article_sub=first.article_sub)
        positions[0] = first
    if op.anchor is not None and op.anchor.article is not None:
        state.article(op.anchor, source)  # the article it follows must exist
    text = payloads.with_labels(op.text, [_article_label(p.article_key) for p in positions])
    if not payloads.is_labelled(text) and len(positions) != 1:
        raise state.error(source, op.text.paragraphs[0][:4],
                          f"增加{len(positions)}条，但新内容没有条文标号，无法分条",
                          f"{len(positions)} articles are added but the new text has no article labels")
    if op.text.convention == "assembled":  # its paragraphs come from the item's other clauses
        w = WArticle(None, [], (), position=first.article_key, added=source)
        w.touched.append(source)
        state.articles.append(w)
        state.note(source, "inserted", None, _article_label(w.position))
        return
    new = state.read(payloads.articles, source, text, first.article, first.article_sub)
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
    within = None
    if op.within is not None and division is None:  # 在第三章中增加一条
        d_id = state.division(op.within, source)
        steps = d_id.split("/")
        within = tuple("/".join(steps[:k + 1]) for k in range(len(steps)))
    for n in new:
        w = _new_article(state, n, source, division)
        w.within = within
        state.articles.append(w)
        state.note(source, "inserted", None, _article_label(w.position))


def _add_unnumbered(state: State, op: AddArticles) -> None:
    """"在第十条后增加一条：“…”" — no final number stated: the new article follows 第十条 and is
    numbered in order (the text is renumbered); "增加一条：“第十一条　…”" — its own label is
    its number."""
    source = op.source
    text = payloads.own_label(op.text)
    if payloads.is_labelled(text) or op.anchor is None:
        new = state.read(payloads.articles, source, text, 1)
        if op.count != len(new):
            raise state.error(source, None, f"增加{op.count}条，但新内容有{len(new)}条",
                              f"{op.count} articles are added but the new text has {len(new)}")
        positions = tuple(Ref(_article_label(n.article.key), article=n.article.key[0],
                              article_sub=n.article.key[1]) for n in new)
        return add_articles(state, attrs.evolve(op, positions=positions))
    if op.count != 1:
        raise state.error(source, op.text.paragraphs[0][:4],
                          f"增加{op.count}条，但新内容没有条文标号，无法分条",
                          f"{op.count} articles are added but the new text has no article labels")
    anchor = state.article(op.anchor, source)
    if anchor.deleted:
        raise state.error(source, op.anchor.written, f"{op.anchor.label()}已被删去，无法在其后增加条文",
                          f"{op.anchor.written} is deleted: nothing can be added after it")
    n = anchor.origin or anchor.position or (0, 0)
    new = state.read(payloads.articles, source, op.text, n[0] + 1)  # the label only reads it
    w = _new_article(state, new[0], source, None)
    w.position, w.after = None, anchor
    state.articles.append(w)
    state.note(source, "inserted", None, f"{op.anchor.label()}后", "新增一条 / one article added")


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
    elif kind == "节":
        parent = _new_chapter_of(state, number, source)
    name = op.name or ""
    d = NewDivision(f"new_{kind}_{len(state.new_divisions) + 1}", kind, number, name, parent, source)
    state.new_divisions.append(d)
    state.note(source, "division_inserted", None, f"第{numerals.int_to_cn(number)}{kind}", name)
    if op.text is None:
        return
    d.complete = True
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


def _new_chapter_of(state: State, number: int, source: Source) -> tuple[str, ...] | None:
    """The new chapter a new section with no stated place belongs to (its path): the chapter
    the same item adds ("增加一章，作为第四章“…”；增加一节，作为第一节“…”"), or the latest new
    chapter whose sections so far end just before this one (a later item's "增加一节，作为第二节")."""
    chapters = [d for d in state.new_divisions if d.kind == "章" and d.source.section == source.section]
    if not chapters:
        return None
    latest = chapters[-1]
    path = (latest.parent or ()) + (latest.id,)
    if latest.source.item == source.item:
        return path
    sections = [d.number for d in state.new_divisions if d.kind == "节" and d.parent == path]
    return path if sections and max(sections) == number - 1 else None


def _assembled(state: State, ref: Ref, source: Source) -> WArticle:
    """The article "增加一条，作为第十一条" added without text by the same item (``ref`` in the new
    numbering), which the item's other clauses fill."""
    for a in state.articles:
        if a.origin is None and a.added is not None and a.added.item == source.item \
                and a.added.section == source.section and a.position == ref.article_key:
            return a
    raise state.error(source, ref.written, f"本项没有新增{ref.label()}", f"this item adds no {ref.label()}",
                      code="target-missing")


def add_paragraphs(state: State, op: AddParagraphs) -> None:
    source = op.source
    if op.article.numbering == "new":  # 增加两款，分别作为第一款、第四款 (into the article the item adds)
        article = _assembled(state, op.article, source)
    else:
        article = state.article(op.article, source)
    if not _same_item(article.replaced, source) or not op.positions:
        # "将第二十六条修改为：“…”；增加一款，作为第二款：“…”": within the item that restated the
        # article, a paragraph added at a stated place is part of the new text
        state.not_replaced(article, op.article, source)
    if op.text is None:  # 增加一款，作为第二款（全文见下一操作）: restated by the next Replace
        state.announced.setdefault((id(article), source.item, source.section), []).extend(
            p.paragraph for p in op.positions if p.paragraph is not None)
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
    state.note(source, "paragraph_inserted", _article_label(article.origin or article.position), where)


def _same_item(a: Source | None, b: Source) -> bool:
    return a is not None and (a.item, a.section) == (b.item, b.section) and a.item is not None


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


def _one_paragraph(state: State, op: Replace, what_zh: str, what_en: str) -> str:
    """The new text of a replacement that stays inside one line (words, a sentence, a lead-in,
    a heading's name): more than one paragraph cannot go there."""
    paragraphs = op.text.paragraphs
    if len(paragraphs) != 1:
        raise state.error(op.source, paragraphs[1] if len(paragraphs) > 1 else None,
                          f"{what_zh}只能改为一段文字，新内容却有{len(paragraphs)}段",
                          f"{what_en} can only be replaced by one paragraph of text; the new text "
                          f"has {len(paragraphs)}")
    return paragraphs[0]


def replace(state: State, op: Replace) -> None:
    source = op.source
    targets = list(op.targets)
    head = targets[0]
    if op.cited:  # 将“A”修改为：“B” inside the named provision
        holders = state.holders(head, source)
        old, new = op.cited[0], _one_paragraph(state, op, "引号中的词语", "quoted words")
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
        elif "引言" in head.written:
            # "将引言修改为“根据……作如下规定：”": the 引言 of a text whose body is points "一、…"
            # "二、…" (no 第X条) is what comes before the first point, not the points
            end = next((k for k, slot in enumerate(state.preamble)
                        if POINT_RE.match(slot.text.value)), len(state.preamble))
            while end > 0 and not state.preamble[end - 1].text.value:
                end -= 1  # the blank line before the first point stays
            state.preamble[:end] = new
        else:
            state.preamble[:] = new
        state.note(source, "preamble_replaced", head.written)
        return
    if head.scope == "heading" or (head.article is None and level in ("chapter", "section", "part", "subpart")):
        if head.scope == "heading":
            if head.cited is None and all(getattr(head, f) is None
                                          for f in ("part", "subpart", "chapter", "section")):
                raise state.error(source, head.written, f"“{head.written}”没有指明哪一章、节",
                                  f"{head.written!r} does not say which chapter or section",
                                  code="target-missing")
            slot = state.holders(head, source)[0]
            name = _one_paragraph(state, op, "章节名称", "a heading")
            slot.text = Text.new(name)
            state.note(source, "heading_renamed", head.label(), name)
            return
        raise state.error(source, head.written, f"暂不支持整{_unit(level)}替换：{head.written}",
                          f"replacing a whole division is not supported: {head.written}")
    article = state.article(head, source)
    if head.sentence and head.item is None:
        holder = state.holders(head, source)[0]
        span = phrases.sentence_span(holder.text.value, head.sentence)
        if span is None:
            raise state.error(source, head.written, f"找不到{head.written}", f"{head.written!r} not found", code="target-missing")
        phrases.replace_span(holder, span, _one_paragraph(state, op, head.written, head.written))
        article.touched.append(source)
        state.note(source, "sentence_replaced", head.label(), head.sentence)
        return
    if head.scope == "lead_in":
        para = state.holders(head, source)[0]
        para.text = Text.new(_one_paragraph(state, op, "条首部分", "the lead-in of a provision"))
        para.touched.append(source)
        article.touched.append(source)
        state.note(source, "lead_in_replaced", head.label())
        return
    if level == "article":
        if len(targets) > 1:
            raise state.error(source, targets[1].written, "多条合并修改应写作“合并修改为”",
                              "several articles replaced by one text must say 合并修改为")
        state.not_replaced(article, head, source)
        for ref in op.new_numbers:  # "将第四条改为第八款，修改为": an article is renumbered as an article
            if ref.article is None or ref.level != "article":
                raise state.error(source, ref.written,
                                  f"{head.label()}是整条，只能改为另一条（第X条），不能改为“{ref.written}”",
                                  f"{head.written} is a whole article: it can be renumbered as an "
                                  f"article (第X条), not as {ref.written}")
        label = op.new_numbers[0].article_key if op.new_numbers else None
        new = state.read(payloads.paragraphs, source, op.text, label, head.article_key)
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
    stated = [ref.paragraph for ref in op.new_numbers if ref.paragraph is not None]
    announced = state.announced.get((id(article), source.item, source.section), [])
    if len(paras) == 1 and len(stated) == 1 and announced and len(new) == 1 + len(announced) \
            and stated[0] not in announced:
        # "增加一款，作为第一款，原第一款改为第二款，修改为：“新一款”“原一款”": the text gives every
        # paragraph at its final place — the stated one to the target, the others are the new ones
        order = sorted(announced + stated)
        for pos, para in zip(order, new):
            if pos == stated[0]:
                fresh = fresh_paragraph(para)
                paras[0].text, paras[0].items = fresh.text, fresh.items
                paras[0].replaced = source
                paras[0].touched.append(source)
                paras[0].claims.append((pos, source))
            else:
                w = fresh_paragraph(para)
                w.position = pos
                w.touched.append(source)
                article.paragraphs.append(w)
        del state.announced[(id(article), source.item, source.section)]
        article.touched.append(source)
        state.note(source, "paragraph_replaced", targets[0].label(), op.new_numbers[0].label())
        return
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
    # stated numbers: "第三款改为第四款，修改为" claims one; "分为两款，作为第一款、第二款" one each
    # for the paragraphs the text now has, in order
    made = paras[:len(new)] + article.paragraphs[where:where + max(0, len(new) - len(paras))]
    if stated and len(stated) == len(made):
        for p, n in zip(made, stated):
            p.claims.append((n, source))
    elif stated:
        paras[0].claims.append((stated[0], source))
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
    added = [fresh_item(extra) for extra in new[len(items):]]
    for k, w in enumerate(added):
        para.items.insert(where + k, w)
    # "第三项改为第六项，修改为：“（六）…”": the stated number is a claim, as for paragraphs
    stated = [ref.item for ref in op.new_numbers if ref.item is not None]
    made = items[:len(new)] + added
    if stated and len(stated) == len(made):
        for it, n in zip(made, stated):
            it.claims.append((n, source))
    elif stated:
        items[0].claims.append((stated[0], source))
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
        elif old.item is None and new.numbering == "new" and new.article is not None:
            # 将第九条第五款、第六款分别作为第二款、第三款 (of the article this item adds)
            para = state.paragraph(article, old, source)
            home = _assembled(state, new, source)
            para.deleted = True
            home.paragraphs.append(type(para)(para.origin, para.text, para.items, para.home,
                                              position=new.paragraph))
            home.sources.append((article, para.origin))
            article.touched.append(source)
            state.note(source, "paragraph_moved", old.label(), new.label())
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
    """将第十三条第二款改为第十六条 / 将第二十四条第三款单列一条，作为第二十七条[，修改为：“…”]
    (a paragraph becomes an article) / 将第X条改为第Y条第Z款 / 将第X条并入第Y条 (an article joins
    another) / 将第X条移作第Y条."""
    source = op.source
    target, dest = op.target, op.destination
    article = state.article(target, source)
    if target.paragraph is None and (dest.paragraph is not None or op.append):
        _article_into(state, op, article)
        return
    if target.paragraph is None:  # an article moved to another place
        if dest.article is None or dest.level != "article":  # "将第四条改为第二项"
            raise state.error(source, dest.written, f"{target.label()}是整条，只能改为另一条（第X条）或某条中的"
                              f"一款（第X条第Y款），不能改为“{dest.written}”",
                              f"{target.written} is a whole article: it can become another article "
                              f"(第X条) or a paragraph of one (第X条第Y款), not {dest.written}")
        article.position = dest.article_key
        state.note(source, "moved", target.label(), dest.label())
        return
    para = state.paragraph(article, target, source)
    if dest.paragraph is None and dest.article is not None:
        para.deleted = True
        moved = type(para)(para.origin, para.text, para.items, para.home)
        if op.text is not None:  # 单列一条，作为第Y条，修改为：“…”
            new_paras = state.read(payloads.paragraphs, source, op.text, dest.article_key)
            first = fresh_paragraph(new_paras[0])
            moved = type(para)(para.origin, first.text, first.items, para.home, replaced=source)
            extra = [fresh_paragraph(p) for p in new_paras[1:]]
        else:
            extra = []
        new = WArticle(None, [moved, *extra], (), position=dest.article_key, added=source)
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


def _article_into(state: State, op: Move, article: WArticle) -> None:
    """将第X条改为第Y条第Z款 / 将第X条并入第Y条[，作为第Z款]: the article's paragraphs join
    article Y (in the numbering before) at paragraph Z, or at its end."""
    source, dest = op.source, op.destination
    state.not_replaced(article, op.target, source)
    home = state.article(Ref(dest.written, article=dest.article, article_sub=dest.article_sub), source)
    if home is article:
        raise state.error(source, dest.written, "不能并入自身", "an article cannot join itself")
    live = article.live_paragraphs()
    for k, p in enumerate(live):
        position = None if op.append or dest.paragraph is None else dest.paragraph + k
        moved = type(p)(p.origin, p.text, p.items, p.home, position=position if position else 0)
        home.paragraphs.append(moved)
        home.sources.append((article, p.origin))
        p.deleted = True
    article.deleted = True
    article.merged_into = home
    article.touched.append(source)
    home.touched.append(source)
    state.note(source, "article_to_paragraph", op.target.label(), dest.label())


def split(state: State, op: Split) -> None:
    """将第九条分为三条，作为第十二条、第十三条、第十四条[，修改为：“…”]."""
    source = op.source
    article = state.article(op.target, source)
    state.not_replaced(article, op.target, source)
    keys = [r.article_key for r in op.new_numbers]
    if op.text is not None:
        text = payloads.with_labels(op.text, [_article_label(k) for k in keys])
        new = state.read(payloads.articles, source, text, *keys[0])
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
    """将第十七条、第十九条合并，作为第十七条[，修改为：“…”] (articles) / 第一款和第二款合并，作为
    第一款，修改为：“…” (paragraphs of one article) / 将第四条、第四十条第二款、第五十四条合并，作为
    第二条，修改为：“…” (articles and paragraphs of others)."""
    source = op.source
    if any(r.paragraph is not None or r.item is not None for r in op.targets):
        _merge_parts(state, op)
        return
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


def _merge_parts(state: State, op: Merge) -> None:
    source = op.source
    new_number = op.new_number
    if op.text is None:
        raise state.error(source, op.targets[0].written, "合并款项时应给出合并后的内容",
                          "a merge of paragraphs needs the merged text")
    whole = [r for r in op.targets if r.paragraph is None and r.item is None]
    parts = [r for r in op.targets if r.paragraph is not None and r.item is None]
    if all(r.item is not None and r.subitem is None for r in op.targets):
        return _merge_items(state, op)
    if len(whole) + len(parts) != len(op.targets):
        raise state.error(source, op.targets[0].written, "项只能与同一款中的项合并",
                          "items can only be merged with items of the same paragraph")
    one_article = not whole and len({r.article_key for r in parts}) == 1
    if one_article and new_number is None:  # 第一、二、三款整合修改为：“…”: in the first one's place
        new_number = Ref(parts[0].written, paragraph=None)
    if one_article and (new_number.paragraph is not None or new_number.article is None):
        # paragraphs of one article merged into one of its paragraphs
        article = state.article(parts[0], source)
        if whole or any(r.article_key != parts[0].article_key for r in parts):
            raise state.error(source, op.targets[-1].written, "合并为一款的各款必须属于同一条",
                              "paragraphs merged into one must belong to one article")
        paras = [state.paragraph(article, r, source) for r in parts]
        new = state.read(payloads.paragraphs, source, op.text)
        first = fresh_paragraph(new[0])
        keep = paras[0]
        keep.text, keep.items, keep.replaced = first.text, first.items, source
        keep.touched.append(source)
        if new_number.paragraph is not None:
            keep.claims.append((new_number.paragraph, source))
        where = article.paragraphs.index(keep) + 1
        for k, extra in enumerate(new[1:]):
            article.paragraphs.insert(where + k, fresh_paragraph(extra))
        for p in paras[1:]:
            p.deleted = True
        article.touched.append(source)
        state.note(source, "paragraphs_merged", "、".join(r.label() for r in parts),
                   new_number.label() if new_number.paragraph else None)
        return
    label = new_number.article_key if new_number is not None else None
    new = [fresh_paragraph(p) for p in state.read(payloads.paragraphs, source, op.text, label)]
    for r in parts:
        article = state.article(r, source)
        para = state.paragraph(article, r, source)
        para.deleted = True
        article.touched.append(source)
    if whole:  # the first whole article carries the merged text
        keep = state.article(whole[0], source)
        state.not_replaced(keep, whole[0], source)
        for p in keep.paragraphs:
            p.deleted = True
        keep.paragraphs.extend(new)
        keep.replaced = source
        for r in whole[1:]:
            other = state.article(r, source)
            other.deleted = True
            other.merged_into = keep
            other.touched.append(source)
        if new_number is not None:
            keep.claims.append((new_number.article_key, source))
    else:  # only paragraphs: a new article at the stated number
        if new_number is None or new_number.article is None:
            raise state.error(source, op.targets[0].written, "合并后的条文应写明“作为第N条”",
                              "the merged article needs 作为第N条")
        # its place is its stated number, so its divisions are those of its new neighbours
        keep = WArticle(None, new, (), position=new_number.article_key, added=source)
        state.articles.append(keep)
    keep.touched.append(source)
    state.note(source, "merged", "、".join(r.label() for r in op.targets),
               new_number.label() if new_number else None)


def _merge_items(state: State, op: Merge) -> None:
    """将第十条第一款第二项、第四项合并为一项，作为第二项：“（二）…”: the items of one paragraph
    become one, in the first one's place (or at the stated number)."""
    source = op.source
    first = op.targets[0]
    if any((r.article_key, r.paragraph) != (first.article_key, first.paragraph) for r in op.targets):
        raise state.error(source, op.targets[-1].written, "合并为一项的各项必须属于同一款",
                          "items merged into one must belong to one paragraph")
    article = state.article(first, source)
    items = [state.item(article, r, source) for r in op.targets]
    new = state.read(payloads.items, source, op.text)
    if len(new) != 1:
        raise state.error(source, None, f"合并为一项，但新内容有{len(new)}项",
                          f"merged into one item, but the new text has {len(new)}")
    keep, fresh = items[0], fresh_item(new[0])
    keep.text, keep.subitems = fresh.text, fresh.subitems
    keep.touched.append(source)
    for it in items[1:]:
        it.deleted = True
    if op.new_number is not None and op.new_number.item is not None:
        keep.claims.append((op.new_number.item, source))
    para = next(p for p in article.paragraphs if keep in p.items)
    para.touched.append(source)
    article.touched.append(source)
    state.note(source, "items_merged", "、".join(r.label() for r in op.targets),
               op.new_number.label() if op.new_number else None)


def members(state: State, op: Members) -> None:
    """增加一章，作为第七章“公布”，包括第五十一条至第五十二条 / 第一节“…”，包括第七条至第九条 /
    列入本章: the articles a division holds, by their final numbers (or the item's own article)."""
    source = op.source
    ref = op.division
    if ref.article is not None:  # 列入本章: the article the item just moved
        division = _pending_division(state, source)
        if division is None:
            raise state.error(source, None, "“列入本章”前没有新增的章", "列入本章 follows no new chapter")
        article = state.article(ref, source)
        state.members.append((division.id, (), [article], source))
        division.used = True
        state.note(source, "division_members", ref.label(), f"第{numerals.int_to_cn(division.number)}{division.kind}")
        return
    kind = ref.level
    number = getattr(ref, kind, None)
    unit = {"part": "编", "subpart": "分编", "chapter": "章", "section": "节"}.get(kind)
    if unit is None or number is None:
        raise state.error(source, ref.written, f"“{ref.written}”不是章或节", f"{ref.written!r} is not a division")
    new = _stated_division(state, op, unit, number, source)
    if new is not None:
        d_id = new.id
        new.used = True
    else:
        try:
            d_id = state.division(ref, source)
        except ApplyError:
            if kind != "section" or ref.chapter is None:
                raise
            # 第二章“…”分为六节：第一节“…”，包括第七条至第九条 — a section the chapter did not have
            chapter = state.division(attrs.evolve(ref, section=None), source)
            parts = chapter.split("/")
            parent = tuple("/".join(parts[:k + 1]) for k in range(len(parts)))
            division = NewDivision(f"new_节_{len(state.new_divisions) + 1}", unit, number,
                                   op.name or "", parent, source, used=True)
            state.new_divisions.append(division)
            d_id = division.id
        else:
            if op.name and state.headings[d_id].text.value.split()[-1:] != [op.name] \
                    and not state.headings[d_id].text.value.endswith(op.name):
                _rename_named(state, d_id, op.name, source)
    keys = tuple(m.article_key for m in op.members)
    if keys:
        state.members.append((d_id, keys, [], source))
    state.note(source, "division_members", ref.label(),
               f"{_article_label(keys[0])}至{_article_label(keys[-1])}" if keys else None)


def _stated_division(state: State, op: Members, unit: str, number: int, source: Source):
    """The new division a "第N章“…”，包括…" statement is about: among the decision's new
    divisions of that kind and number, the one of this item ("增加一节，作为第一节“一般规定”，包括…"
    right after it was declared), else the one with the stated name, else the latest declared.
    A stated name that only a division of the text before has ("第四章“法律责任”，包括…" after a
    new 第四章 was added) is about that division: None."""
    found = [d for d in state.new_divisions if d.kind == unit and d.number == number
             and d.source.section == source.section]
    if not found:
        return None
    same_item = [d for d in found if d.source.item == source.item]
    if same_item:
        return same_item[-1]
    if op.name:
        named = [d for d in found if d.name == op.name]
        if named:
            return named[-1]
        if any(h.text.value.endswith(op.name) for h in state.headings.values()):
            return None
    return found[-1]


def _rename_named(state: State, d_id: str, name: str, source: Source) -> None:
    """第一章“总则”: a division stated with a name it did not have takes that name."""
    slot = state.headings[d_id]
    slot.text = Text.new(name)
    slot.touched.append(source)
    state.note(source, "heading_renamed", d_id, name)


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
                where: str, departments: bool = False) -> int:
    whole = where == "全文"  # a whole-text edit leaves the names of other documents alone
    old_only = phrases.prefer_old(holders, old, whole, new=new, departments=departments)
    n = phrases.count(holders, old, whole, new=new, departments=departments, old_only=old_only)
    if n == 0:
        raise state.error(source, old, f"{where}中没有“{old}”", f"{old!r} not found in {where}", code="words-not-found")
    phrases.substitute(holders, old, new, whole, departments, old_only=old_only)
    if n > 1 and not every:
        state.warn("phrase-several", f"“{old}”在{where}中出现{n}次，均已修改",
                   f"{old!r} occurs {n} times in {where}; every occurrence was changed", source, where)
    state.note(source, "substituted", where, None, f"“{old}”→“{new}”（{n}处 / {n}×）")
    return n


def _word_holders(state: State, ref: Ref, source: Source):
    """The text holders a word edit of ``ref`` may change, and the name of the place."""
    where = ref.label() if ref.scope != "document" else "全文"
    holders = state.holders(ref, source)
    if ref.scope != "document" and any(is_lacuna(h.text.value) for h in holders):
        raise state.error(source, ref.written, f"{where}的原文不详（仅有推导出的缺文说明），无法修改其中的文字",
                          f"the words of {where} are unknown (a lacuna in a derived text); a word "
                          f"edit cannot be applied to it")
    if ref.sentence and ref.article is not None:
        holders = _sentence_holders(state, holders, ref, source)
    return where, holders


def _words_of(op) -> tuple[str, ...]:
    if isinstance(op, Substitute):
        return tuple(old for old, _ in op.pairs)
    if isinstance(op, DeleteWords):
        return (op.context,) if op.context is not None else tuple(op.phrases)
    if isinstance(op, InsertWords):
        return (op.anchor,)
    return ()


def _widened(state: State, op, ref: Ref, where: str, holders):
    """"将第三十九条改为第四十三条，删去第四项中的“或者社会抚养费”，将“行政处分”修改为“处分”": the last
    clause names no provision and inherits 第四项 from the clause before, but its words are in the
    article the item is about.  When a clause's provision below the article was inherited (not
    written) and its words are not there but are in that article, the article is meant: the edit is
    made there, with a ``scope-widened`` warning.  A provision the clause writes is never widened."""
    words = _words_of(op)
    if not ref.inherited or ref.scope is not None or ref.sentence is not None \
            or ref.article is None or not words \
            or (ref.paragraph is None and ref.item is None and ref.subitem is None) \
            or all(phrases.count(holders, w) for w in words):
        return where, holders
    article = attrs.evolve(ref, paragraph=None, item=None, subitem=None)
    wide_where, wide = _word_holders(state, article, op.source)
    if not all(phrases.count(wide, w) for w in words):
        return where, holders
    state.warn("scope-widened", f"本句未写明条款，承接上句的{where}中没有“{words[0]}”，已在{wide_where}中修改",
               f"the clause names no provision; {words[0]!r} is not in {where} (inherited from the "
               f"clause before), so it was changed in {wide_where}", op.source, wide_where)
    return wide_where, wide


def _departments(ref: Ref) -> bool:
    """"将本条例部门名称中的“A”…修改为…": only in the names of departments."""
    return ref.scope == "document" and "部门名称" in ref.written


def _substitute_lists(state: State, op: Substitute, refs: list[Ref]) -> None:
    """"将第十五条、第三十五条中的“乡、镇城管执法机构”“街道、乡、镇城管执法机构”统一修改为“…”":
    each pair is replaced in every named provision where its words occur — longer words first, so
    that one word list entry inside another is not cut — and must occur in at least one of them
    (a single pair in every one of them)."""
    source = op.source
    places = [(ref, *_word_holders(state, ref, source)) for ref in refs]
    before = [[h.text.value for h in holders] for _, _, holders in places]
    departments = any(_departments(ref) for ref in refs)
    for old, new in sorted(op.pairs, key=lambda p: -len(p[0])):
        found = [(ref, where, holders) for ref, where, holders in places
                 if phrases.count(holders, old, where == "全文", new=new, departments=departments)]
        if not found:
            if all(_where_present(state, ref, source) for ref in refs):
                state.note(source, "substituted", "全文", None, f"“{old}”未出现 / not present")
                continue
            names = "、".join(where for _, where, _ in places)
            raise state.error(source, old, f"{names}中没有“{old}”", f"{old!r} not found in {names}",
                              code="words-not-found")
        missing = [where for ref, where, holders in places
                   if not phrases.count(holders, old, where == "全文", new=new, departments=departments)
                   and not _where_present(state, ref, source)]
        if len(op.pairs) == 1 and missing:  # one word pair: it must be in every provision named
            raise state.error(source, old, f"{missing[0]}中没有“{old}”", f"{old!r} not found in {missing[0]}",
                              code="words-not-found")
        for ref, where, holders in found:
            _substitute(state, holders, old, new, source, every=True, where=where,
                        departments=departments)
    for (ref, _, holders), values in zip(places, before):
        changed = [h for h, value in zip(holders, values) if h.text.value != value]
        if ref.scope != "document" or changed:  # 全文: only where the words were
            _mark(state, ref, source)
        for h in changed:
            if hasattr(h, "touched"):
                h.touched.append(source)


def words(state: State, op) -> None:
    source = op.source
    refs = _targets_or_document(op)
    if isinstance(op, Substitute) and op.occurrence is None and (len(refs) > 1 or len(op.pairs) > 1) \
            and (op.every or len(refs) > 1):
        _substitute_lists(state, op, refs)
        return
    for ref in refs:
        where, holders = _word_holders(state, ref, source)
        where, holders = _widened(state, op, ref, where, holders)
        if isinstance(op, DeleteWords) and op.context is not None:
            # 删去“违反本条例第二十条规定，征订、附送…的”中的“征订、附送、散发”
            views = phrases.context_spans(holders, op.context)
            if not views:
                raise state.error(source, op.context, f"{where}中没有“{op.context}”",
                                  f"{op.context!r} not found in {where}", code="words-not-found")
            holders = views
        if isinstance(op, Substitute) and op.position == "end":
            # 将第十条第一款第二项末尾的“；”修改为“，”
            for old, new in op.pairs:
                if not phrases.substitute_end(holders, old, new):
                    raise state.error(source, old, f"“{old}”不在{where}的末尾",
                                      f"{old!r} is not at the end of {where}", code="words-not-found")
                state.note(source, "substituted", where, None, f"末尾的“{old}”→“{new}”")
        elif isinstance(op, Substitute) and op.occurrence is not None:
            # 将第十三条第一款中的第一处“计划生育”修改为“卫生健康”
            for old, new in op.pairs:
                if not phrases.substitute_nth(holders, old, new, op.occurrence):
                    raise state.error(source, old, f"{where}中没有第{numerals.int_to_cn(op.occurrence)}处“{old}”",
                                      f"{where} has no occurrence {op.occurrence} of {old!r}",
                                      code="words-not-found")
                state.note(source, "substituted", where, None, f"第{op.occurrence}处“{old}”→“{new}”")
        elif isinstance(op, Substitute):
            # “道口”“取得道口检查签章”分别修改为“通道”“检查合格”: the pairs name the text before the
            # item, so a longer word is replaced before a shorter one inside it
            for old, new in sorted(op.pairs, key=lambda p: -len(p[0])):
                if _where_present(state, ref, source) and phrases.count(holders, old) == 0:
                    state.note(source, "substituted", where, None, f"“{old}”未出现 / not present")
                    continue
                _substitute(state, holders, old, new, source, every=op.every or ref.scope == "document",
                            departments=_departments(ref),
                            where=where)
        elif isinstance(op, DeleteWords):
            for phrase in op.phrases:
                n = phrases.count(holders, phrase)
                if n == 0:
                    raise state.error(source, phrase, f"{where}中没有“{phrase}”",
                                      f"{phrase!r} not found in {where}", code="words-not-found")
                old_only = op.position != "end" and phrases.prefer_old(
                    holders, phrase, ref.scope == "document")
                done = phrases.delete(holders, phrase, op.position, ref.scope == "document",
                                      old_only=old_only)
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
            _, separated = phrases.insert(holders, op.anchor, op.text, op.where)
            if separated:
                state.warn("list-separator-added",
                           f"“{op.anchor}”是列举中的一项，增加的“{op.text}”按列举加顿号（{separated}处）",
                           f"{op.anchor!r} is a member of an enumeration: the added {op.text!r} "
                           f"was joined with 、 ({separated}×)", source, where)
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
    return [phrases.SpanView(holder, span)]


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
