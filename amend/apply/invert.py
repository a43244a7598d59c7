"""invert(amended, decision) → the earlier version, with lacunae where it is unknowable.

Contract (design.md §4): inserted articles, paragraphs and items are removed; renumbering is
undone (the same rule as ``apply``: the surviving original articles fill the positions the
decision did not state, in order, and every explicit claim must agree, or the decision does not
fit this text and ``ApplyError`` says so); word edits are reversed (“B” back to “A”, inserted
words removed); cross-references in the surviving old words are mapped back.  Where the decision
replaced or deleted content wholesale the old words are unknowable: the provision is kept as a
*lacuna* (``model.lacuna``), a visible note naming the decision item and the new number, never
invented.  ``apply(invert(a, d), d)`` reproduces ``a`` (the 题注 is the timeline's business and
is not part of that promise); with ``check`` (the default) invert re-applies the decision and
reports an ``invert-check-failed`` warning where it does not — the decision does not fit the
amended text.  Edits whose inverse is ambiguous (a deleted phrase whose place is
unknown) make the holding paragraph a lacuna.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend import numerals
from amend.apply import crossrefs
from amend.apply import payload as payloads
from amend.apply.errors import ApplyError, ApplyWarning, at, item_label
from amend.apply.target import select
from amend.apply.working import Text
from amend.model import Article, Item, Paragraph, Preamble, Regulation, is_lacuna, lacuna
from amend.ops import (
    AddArticles,
    AddDivision,
    AddItems,
    AddParagraphs,
    AddWords,
    Decision,
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
    Split,
    Substitute,
)


@attrs.frozen
class InvertResult:
    regulation: Regulation
    lacunae: tuple[str, ...]  # labels of the provisions left as lacunae (old numbering)
    articles: dict  # final key → old key (None: inserted by the decision)
    warnings: tuple[ApplyWarning, ...]


def _inner_marks(title: str) -> str:
    """A title quoted inside 《…》: its own 《》 become 〈〉."""
    return title.replace("《", "〈").replace("》", "〉")



def _label(key) -> str:
    return numerals.article_label(*key)


class _Inverter:
    def __init__(self, amended: Regulation, decision: Decision, ops):
        self.amended = amended
        self.decision = decision
        self.omnibus = bool(decision.sections)
        self.ops = [op for op in ops]
        self.title = _inner_marks(decision.title) if decision.title else "本决定"
        self.lacunae: list[str] = []
        self.fresh: dict = {}  # (old key, paragraph, item or 0) → spans of words put back
        self.warnings: list[ApplyWarning] = []
        self._by_article: dict | None = None  # old article key → operations (``by_article``)

    def error(self, op, needle, zh, en) -> ApplyError:
        return at(op.source, needle, zh, en, omnibus=self.omnibus)

    def item(self, op) -> str:
        return item_label(op.source, self.omnibus) or "?"

    def by_article(self, key):
        """Operations that edit inside old article ``key`` (not those that add or remove it), in
        the decision's order.  The index is built once (one pass over the operations), so that
        asking for every article stays linear."""
        if self._by_article is None:
            index: dict = {}
            for op in self.ops:
                for k in dict.fromkeys(_article_keys(op)):
                    index.setdefault(k, []).append(op)
            self._by_article = index
        return list(self._by_article.get(key, ()))


def _article_keys(op):
    """The old article keys the references of ``op`` name (fields ``targets``, ``target``,
    ``article``, ``parent``), in the order they are written."""
    for field in ("targets", "target", "article", "parent"):
        value = getattr(op, field, None)
        refs = (value,) if isinstance(value, Ref) else value if isinstance(value, tuple) else ()
        for r in refs:
            if isinstance(r, Ref) and r.article is not None:
                yield r.article_key


def invert(amended: Regulation, decision: Decision, *, target: str | None = None,
           check: bool = True) -> InvertResult:
    ops = select(decision, target or "".join(amended.title))
    inv = _Inverter(amended, decision, ops)
    final = {a.key: a for a in amended.articles()}
    new_keys, consumed, replaced, claims = _classify(inv, final)
    old_of = _correspondence(inv, final, new_keys, consumed, claims)
    old_articles = _rebuild(inv, final, old_of, consumed, replaced)
    regulation = Regulation(
        title=_title(inv),
        note=None,
        preamble=_preamble(inv),
        body=_body(inv, old_articles, old_of),
        attachments=amended.attachments,
    )
    regulation = _references(inv, regulation, decision, target, old_of, replaced)
    if check:
        _self_check(inv, regulation, decision, target)
    return InvertResult(regulation, tuple(inv.lacunae), dict(old_of), tuple(inv.warnings))


def _self_check(inv: _Inverter, regulation: Regulation, decision: Decision, target) -> None:
    """apply(invert(a, d), d) must give a back; when it does not, the decision does not fit the
    amended text (a target or a new text that is not there), and the warning says where."""
    from amend.apply.engine import apply

    try:
        again = apply(regulation, decision, target=target).regulation
    except ApplyError as exc:
        inv.warnings.append(ApplyWarning(
            "invert-check-failed", f"重新适用决定时出错：{exc.zh} / re-applying the decision "
            f"fails: {exc.en}", exc.item))
        return
    got = {a.key: a for a in again.articles()}
    amended = inv.amended.articles()
    keys = {a.key for a in amended}
    differ = [a.label for a in amended if got.get(a.key) != a]
    differ += [numerals.article_label(*k) for k in got if k not in keys]
    if differ:
        inv.warnings.append(ApplyWarning(
            "invert-check-failed", "重新适用决定不能得到修改后的文本，不一致的条文：" + "、".join(differ)
            + " / re-applying the decision does not give the amended text back at "
            + ", ".join(differ)))


# ---- which articles the decision added, removed, replaced --------------------------------------


def _classify(inv: _Inverter, final):
    new_keys: dict = {}  # final key → op that created it
    consumed: dict = {}  # old key → (op, how)
    replaced: dict = {}  # old key → op
    claims: dict = {}  # old key → final key
    from amend.apply import payload as payloads

    for op in inv.ops:
        match op:
            case AddArticles() if not op.positions:  # 在第十条后增加一条：“…” (no number)
                raise inv.error(op, None, "决定增加的条文未写明序号，无法由修改后的文本反推",
                                "the decision adds an article without stating its number: the "
                                "text before cannot be derived from the amended text")
            case AddArticles():
                keys = [p.article_key for p in op.positions]
                if op.positions[0].article is None and op.anchor is not None:
                    keys = [(op.anchor.article, p.article_sub) for p in op.positions]
                for k in keys:
                    new_keys[k] = op
            case AddDivision(text=text) if text is not None:
                for n in payloads.articles(text, 1):
                    new_keys[n.article.key] = op
            case Split():
                consumed[op.target.article_key] = (op, "split")
                for r in op.new_numbers:
                    new_keys[r.article_key] = op
            case Move(target=t, destination=d) if t.paragraph is not None and d.paragraph is None:
                new_keys[d.article_key] = op
                consumed.setdefault(t.article_key, (op, "moved"))
            case Move(target=t, destination=d) if t.paragraph is None:
                claims[t.article_key] = d.article_key
            case Merge():
                for r in op.targets[1:]:
                    consumed[r.article_key] = (op, "merged")
                if op.new_number is not None:
                    claims[op.targets[0].article_key] = op.new_number.article_key
                if op.text is not None:
                    replaced[op.targets[0].article_key] = op
            case Delete():
                for r in op.targets:
                    if r.article is not None and r.paragraph is None and r.item is None and not r.sentence:
                        consumed[r.article_key] = (op, "deleted")
            case Replace() if op.targets[0].level == "article" and not op.cited \
                    and op.targets[0].scope is None and not op.targets[0].sentence:
                replaced[op.targets[0].article_key] = op
                for r in op.new_numbers:
                    claims[op.targets[0].article_key] = r.article_key
            case Renumber():
                for old, new in op.pairs:
                    if old.article is not None and old.paragraph is None and old.item is None:
                        claims[old.article_key] = new.article_key
    # an article all of whose paragraphs moved out survives only if paragraphs remain: with the
    # moves covering paragraphs 1..k, the article is taken as consumed (反垄断法 2022, 第十三条)
    for key, (_, how) in list(consumed.items()):
        if how == "moved":
            moved = sorted(o.target.paragraph for o in inv.ops if isinstance(o, Move)
                           and o.target.article_key == key and o.target.paragraph is not None)
            if moved != list(range(1, len(moved) + 1)) or key in claims:
                del consumed[key]
    for k in new_keys:
        if k not in final:
            op = new_keys[k]
            raise inv.error(op, None, f"修改后的文本中没有决定所增加的{_label(k)}",
                            f"the amended text has no {_label(k)}, which the decision adds")
    return new_keys, consumed, replaced, claims


def _correspondence(inv: _Inverter, final, new_keys, consumed, claims):
    """final key → old key (None for inserted articles), by the rule apply uses."""
    final_keys = list(final)
    survivors_final = [k for k in final_keys if k not in new_keys]
    sequential = any(k[1] for k in survivors_final) is False and (
        inv.decision.flags.reorder or claims or
        any(k[1] == 0 for k in new_keys))
    if any(k[1] for k in new_keys) or not sequential:  # 之N insertions keep every number
        old_of = {k: (None if k in new_keys else k) for k in final_keys}
        return old_of
    n_old = len(survivors_final) + len(consumed)
    old_survivors = [(n, 0) for n in range(1, n_old + 1) if (n, 0) not in consumed]
    if len(old_survivors) != len(survivors_final):
        raise ApplyError("决定与修改后的文本条数不符", "the decision does not fit the amended text")
    old_of = {k: None for k in new_keys}
    for old, new in zip(old_survivors, survivors_final):
        old_of[new] = old
    final_of: dict = {}  # old key → the first final key that holds it (a scan per claim was N²)
    for f, o in old_of.items():
        if o is not None:
            final_of.setdefault(o, f)
    for old, claim in claims.items():
        actual = final_of.get(old)
        if actual is not None and actual != claim:
            op = next(op for op in inv.ops if isinstance(op, (Replace, Renumber, Merge, Move)))
            raise inv.error(op, _label(claim), f"按修改后的文本，{_label(old)}应对应{_label(actual)}，"
                            f"而决定写作{_label(claim)}", f"in the amended text {_label(old)} "
                            f"corresponds to {_label(actual)}, but the decision says {_label(claim)}")
    return {k: old_of[k] for k in final_keys}


# ---- rebuilding old articles ---------------------------------------------------------------------


def _lacuna_article(inv: _Inverter, key, why: str) -> Article:
    inv.lacunae.append(_label(key))
    return Article(key[0], key[1], (Paragraph(lacuna(why)),))


def _rebuild(inv: _Inverter, final, old_of, consumed, replaced):
    """old key → (Article, fresh spans per text) in old order."""
    by_old = {o: f for f, o in old_of.items() if o is not None}
    keys = sorted(set(by_old) | set(consumed))
    out = {}
    for key in keys:
        if key in consumed:
            op, how = consumed[key]
            out[key] = _consumed(inv, key, op, how, final)
            continue
        f = by_old[key]
        if key in replaced:
            op = replaced[key]
            new = f"本条已由《{inv.title}》第{inv.item(op)}项整条修改" + (
                f"，改为{_label(f)}" if f != key else "")
            out[key] = _lacuna_article(inv, key, new)
            continue
        out[key] = _survivor(inv, key, final[f])
    return out


def _consumed(inv: _Inverter, key, op, how: str, final) -> Article:
    """An old article the decision removed: rebuilt exactly when its paragraphs went unchanged,
    one each, into new articles (第一款改为第十七条 / a split without new text), else a lacuna."""
    if how == "moved":
        parts = sorted((o.target.paragraph, o.destination.article_key) for o in inv.ops
                       if isinstance(o, Move) and o.target.paragraph is not None
                       and o.target.article_key == key)
        destinations = [d for _, d in parts]
    elif how == "split" and op.text is None:
        destinations = [r.article_key for r in op.new_numbers]
    else:
        destinations = []
    if destinations and all(len(final[d].paragraphs) == 1 for d in destinations) \
            and not _edits_inside(inv, key):
        return Article(key[0], key[1], tuple(final[d].paragraphs[0] for d in destinations))
    words = {"split": "拆分", "moved": "移作他条", "merged": "合并", "deleted": "删去"}[how]
    return _lacuna_article(inv, key, f"本条已由《{inv.title}》第{inv.item(op)}项{words}")


def _edits_inside(inv: _Inverter, key):
    return [op for op in inv.by_article(key) if not isinstance(op, (Move, Split, Renumber))]


def _survivor(inv: _Inverter, key, article: Article) -> Article:
    """The old article from its final form: paragraph and item edits undone, word edits
    reversed.  Cross-references are still in the final numbering (``_references`` maps them);
    the words a reversal put back are recorded in ``inv.fresh`` so that pass leaves them alone."""
    ops = [op for op in inv.by_article(key) if not isinstance(op, (Renumber, Move, Split, Merge))]
    paragraphs = [_WPara(Text(p.text), [_WItem(i.label, Text(i.text), i.subitems) for i in p.items], p)
                  for p in article.paragraphs]
    paragraphs = _undo_paragraphs(inv, key, ops, paragraphs)
    for op in reversed(ops):
        _undo_words(inv, key, op, paragraphs)
    out = []
    for idx, p in enumerate(paragraphs, 1):
        if p.lacuna is not None:
            inv.lacunae.append(f"{_label(key)}第{numerals.int_to_cn(idx)}款")
            out.append(Paragraph(lacuna(p.lacuna)))
            continue
        inv.fresh[(key, idx, 0)] = p.text.fresh
        for j, it in enumerate(p.items, 1):
            inv.fresh[(key, idx, j)] = it.text.fresh
        out.append(Paragraph(p.text.value, tuple(Item(i.label, i.text.value, i.subitems)
                                                 for i in p.items)))
    return Article(key[0], key[1], tuple(out))


@attrs.define(eq=False)
class _WItem:
    label: str
    text: Text
    subitems: tuple


@attrs.define(eq=False)
class _WPara:
    text: Text
    items: list
    origin: object  # the final Paragraph it came from (None: a lacuna)
    lacuna: str | None = None
    final_index: int = 0


def _undo_paragraphs(inv: _Inverter, key, ops, finals: list[_WPara]) -> list[_WPara]:
    """The old paragraphs of a surviving article, from its final ones."""
    for k, p in enumerate(finals, 1):
        p.final_index = k
    added_at: set[int] = set()
    added_end = 0
    groups: dict[int, tuple[int, int, object]] = {}  # first target → (k targets, m new, op)
    deleted: dict[int, object] = {}
    item_ops = []
    for op in ops:
        match op:
            case AddParagraphs(text=None):
                continue
            case AddParagraphs():
                from amend.apply import payload as payloads
                n = len(payloads.paragraphs(op.text))
                if op.positions:
                    added_at.update(r.paragraph for r in op.positions)
                else:
                    added_end += n
            case Replace(targets=targets) if targets[0].level == "paragraph" and not op.cited \
                    and not targets[0].sentence:
                from amend.apply import payload as payloads
                m = len(payloads.paragraphs(op.text))
                groups[targets[0].paragraph] = (len(targets), m, op)
                for extra in targets[1:]:
                    deleted.setdefault(extra.paragraph, None)
            case Delete(targets=targets):
                for r in targets:
                    if r.paragraph is not None and r.item is None and not r.sentence and r.article_key == key:
                        deleted[r.paragraph] = op
            case AddItems() | Replace() | Delete():
                item_ops.append(op)
    rest = [p for k, p in enumerate(finals, 1) if k not in added_at]
    if added_end:
        rest = rest[:-added_end]
    moved_out = {o.target.paragraph: o for o in inv.ops if isinstance(o, Move)
                 and o.target.paragraph is not None and o.target.article_key == key}
    # old paragraphs = the surviving finals, less the extra new paragraphs of replacements,
    # plus those deleted or moved out
    n_old = len(rest) - sum(m - k for k, m, _ in groups.values()) + \
        sum(1 for op in deleted.values() if op is not None) + len(moved_out)
    out: list[_WPara] = []
    it = iter(rest)
    old = 1
    while old <= n_old:
        if old in moved_out:
            op = moved_out[old]
            out.append(_WPara(Text(""), [], None, f"本款已由《{inv.title}》第{inv.item(op)}项移作"
                              f"{op.destination.label()}"))
        elif old in deleted and deleted[old] is not None:
            op = deleted[old]
            out.append(_WPara(Text(""), [], None, f"本款已由《{inv.title}》第{inv.item(op)}项删去"))
        elif old in groups:
            k, m, op = groups[old]
            for _ in range(m):  # the new paragraphs that took their place
                next(it)
            note = f"本款已由《{inv.title}》第{inv.item(op)}项修改"
            out.extend(_WPara(Text(""), [], None, note) for _ in range(k))
            old += k - 1
        else:
            p = next(it, None)
            if p is None:
                raise ApplyError(f"{_label(key)}的款数与决定不符", f"the paragraphs of {_label(key)} "
                                 f"do not fit the decision")
            out.append(p)
        old += 1
    if next(it, None) is not None:
        raise ApplyError(f"{_label(key)}的款数与决定不符",
                         f"the paragraphs of {_label(key)} do not fit the decision")
    _undo_items(inv, key, item_ops, out)
    return out


def _undo_items(inv: _Inverter, key, ops, paragraphs: list[_WPara]) -> None:
    """Items of the old paragraphs: 增加一项 → removed; 删去一项 → a lacuna item back in its
    place; 修改一项 → that item's words a lacuna (label, lead-in and other items kept)."""
    by_paragraph: dict[int, list] = {}
    for op in ops:
        ref = op.parent if isinstance(op, AddItems) else op.targets[0]
        if ref.item is None and not isinstance(op, AddItems):
            continue
        idx = ref.paragraph or next((k for k, p in enumerate(paragraphs, 1) if p.items), 1)
        by_paragraph.setdefault(idx, []).append(op)
    for idx, group in by_paragraph.items():
        p = paragraphs[idx - 1]
        if p.lacuna is not None or not p.items:
            continue
        style = p.items[0].label
        items = list(p.items)
        added = {r.item for op in group if isinstance(op, AddItems) for r in op.positions}
        at_end = sum(len(payloads.items(op.text)) for op in group
                     if isinstance(op, AddItems) and not op.positions)
        items = [it for j, it in enumerate(items, 1) if j not in added]
        if at_end:
            items = items[:-at_end]
        deleted = sorted((r.item, op) for op in group if isinstance(op, Delete)
                         for r in op.targets if r.item is not None)
        for number, op in deleted:
            note = f"本项已由《{inv.title}》第{inv.item(op)}项删去"
            items.insert(number - 1, _WItem(style, Text(lacuna(note)), ()))
        for op in group:
            if not isinstance(op, Replace):
                continue
            new = len(payloads.items(op.text))
            if new != len(op.targets):
                p.lacuna, p.items = f"本款中的项已由《{inv.title}》第{inv.item(op)}项修改", []
                break
            for r in op.targets:
                if not 1 <= r.item <= len(items):
                    raise inv.error(op, r.written, f"修改后的文本中没有{r.label()}",
                                    f"the amended text has no {r.label()}")
                note = f"本项已由《{inv.title}》第{inv.item(op)}项修改"
                items[r.item - 1] = _WItem(items[r.item - 1].label, Text(lacuna(note)), ())
        else:
            for j, it in enumerate(items, 1):
                it.label = _item_label(style, j)
            p.items = items


def _item_label(style: str, n: int) -> str:
    return f"({numerals.int_to_cn(n)})" if style.startswith("(") else numerals.item_label(n)


def _undo_words(inv: _Inverter, key, op, paragraphs: list[_WPara]) -> None:
    """Reverse a word edit inside the old article ``key``."""
    if not isinstance(op, (Substitute, DeleteWords, InsertWords, AddWords, Replace, Restate)):
        return
    if isinstance(op, Replace):
        ref = op.targets[0]
        if ref.scope == "lead_in" or ref.sentence or op.cited:
            _lacuna_at(inv, op, ref, paragraphs, "修改")
        return
    if isinstance(op, Restate):
        _lacuna_at(inv, op, op.target, paragraphs, "修改")
        return
    refs = list(getattr(op, "targets", ()) or [op.target])
    for ref in refs:
        if ref.article_key != key:
            continue
        holders = _holders(ref, paragraphs)
        if isinstance(op, Substitute):
            for old, new in reversed(op.pairs):
                if not _reverse(holders, new, old):
                    _lacuna_at(inv, op, ref, paragraphs, "修改")
        elif isinstance(op, InsertWords):
            joined = op.anchor + op.text if op.where == "after" else op.text + op.anchor
            if not _reverse(holders, joined, op.anchor):
                _lacuna_at(inv, op, ref, paragraphs, "修改")
        elif isinstance(op, AddWords):
            edge = holders[0] if op.where == "start" else holders[-1]
            value = edge.text.value
            if op.where == "end" and value.endswith(op.text):
                edge.text = Text(value[: len(value) - len(op.text)], edge.text.fresh)
            elif op.where == "start" and value.startswith(op.text):
                edge.text = Text(value[len(op.text):])
            else:
                _lacuna_at(inv, op, ref, paragraphs, "修改")
        else:  # DeleteWords: where the words stood is unknown
            _lacuna_at(inv, op, ref, paragraphs, "删去部分文字")


def _holders(ref: Ref, paragraphs: list[_WPara]):
    """Paragraphs (and their items) a word edit on ``ref`` reaches."""
    if ref.paragraph is not None and ref.paragraph <= len(paragraphs):
        chosen = [paragraphs[ref.paragraph - 1]]
    else:
        chosen = [p for p in paragraphs if p.lacuna is None]
    if ref.item is not None:
        para = chosen[0] if ref.paragraph is not None else next((p for p in chosen if p.items), None)
        if para is not None and ref.item <= len(para.items):
            return [para.items[ref.item - 1]]
    out = []
    for p in chosen:
        out.append(p)
        out.extend(p.items)
    return out


def _reverse(holders, new: str, old: str) -> bool:
    """Every “new” back to “old”; refused (False) when “old” is already there (then how many
    were replaced is unknowable) or “new” is not."""
    if any(getattr(h, "lacuna", None) is not None or is_lacuna(h.text.value) for h in holders):
        return False
    found = sum(h.text.value.count(new) for h in holders)
    if not found or (old and any(old in h.text.value for h in holders) and old not in new):
        return False
    for h in holders:
        value = h.text.value
        pieces = value.split(new)
        spans, pos, rebuilt = [], 0, []
        for k, piece in enumerate(pieces):
            rebuilt.append(piece)
            pos += len(piece)
            if k < len(pieces) - 1:
                rebuilt.append(old)
                spans.append((pos, pos + len(old)))
                pos += len(old)
        h.text = Text("".join(rebuilt), tuple(spans))
    return True


def _lacuna_at(inv: _Inverter, op, ref: Ref, paragraphs: list[_WPara], what: str) -> None:
    targets = [p for p in paragraphs if p in _holders(ref, paragraphs)
               or any(it in _holders(ref, paragraphs) for it in p.items)]
    for p in targets:
        if p.lacuna is None:
            p.lacuna = f"本款已由《{inv.title}》第{inv.item(op)}项{what}"
            p.items = []


# ---- cross-references, divisions, title -----------------------------------------------------------


def _references(inv: _Inverter, regulation: Regulation, decision: Decision, target, old_of,
                replaced) -> Regulation:
    """Map the cross-references of the old words back to the old numbering.  The maps are the
    forward ones of applying the decision to the reconstructed text (the structure is already
    the old one; only reference numbers are still final), inverted."""
    from amend.apply.engine import apply

    try:
        forward = apply(regulation, decision, target=target)
    except ApplyError:
        return regulation  # the self-check reports why the decision does not fit
    maps = crossrefs.Maps()
    maps.articles = {new: old for old, new in forward.articles.items() if new is not None}
    for f, o in old_of.items():
        maps.articles.setdefault(f, None)
    for (old, p), new in forward.paragraphs.items():
        if new is not None and new[1] is not None:
            maps.paragraphs[new] = (old, p)
    for (old, p, i), new in forward.items.items():
        if new is not None:
            maps.items[new] = (old, p, i)
    for f, o in old_of.items():  # references into an article replaced wholesale keep their 款
        if o in replaced:
            maps.replaced[f] = True
    maps.order_before = [a.key for a in forward.regulation.articles()]
    maps.order_after = [a.key for a in regulation.articles()]
    collector = crossrefs.Collector()
    articles = {}
    for a in regulation.articles():
        paragraphs = []
        for idx, p in enumerate(a.paragraphs, 1):
            at = forward.paragraphs.get((a.key, idx))
            if at is None or at[1] is None or p.is_lacuna:
                paragraphs.append(p)
                continue
            text = crossrefs.rewrite_back(Text(p.text, inv.fresh.get((a.key, idx, 0), ())), maps,
                                          at[0], at[1], a.key, idx, collector)
            items = tuple(attrs.evolve(it, text=crossrefs.rewrite_back(
                Text(it.text, inv.fresh.get((a.key, idx, j), ())), maps, at[0], at[1], a.key, idx,
                collector).value) for j, it in enumerate(p.items, 1))
            paragraphs.append(Paragraph(text.value, items))
        articles[a.key] = attrs.evolve(a, paragraphs=tuple(paragraphs))
    return attrs.evolve(regulation, body=_replace_articles(regulation.body, articles))


def _replace_articles(nodes, articles):
    out = []
    for node in nodes:
        if isinstance(node, Article):
            out.append(articles.get(node.key, node))
        else:
            out.append(attrs.evolve(node, children=_replace_articles(node.children, articles)))
    return tuple(out)


def _body(inv: _Inverter, old_articles: dict, old_of):
    """The old body: the amended divisions holding the old articles in old order; divisions left
    empty (the ones the decision added) are dropped, divisions of a kind that lost one are
    renumbered, renamed headings get their old name back (or a lacuna when it is unknown)."""
    path_of: dict = {}
    for loc in inv.amended.located:
        old = old_of.get(loc.article.key)
        if old is not None:
            path_of[old] = tuple(d for d in (loc.part, loc.subpart, loc.chapter, loc.section)
                                 if d is not None)
    rows = []
    previous: tuple = ()
    for key in sorted(old_articles):
        path = path_of.get(key, previous)
        rows.append((old_articles[key], path))
        previous = path
    renamed = _renamed(inv)
    used = {id(d) for _, path in rows for d in path}
    removed_kinds = {d.kind for d in inv.amended.divisions() if id(d) not in used}
    numbers = _renumber(inv.amended, used, removed_kinds)
    return _group(rows, 0, numbers, renamed)


def _renamed(inv: _Inverter) -> dict:
    """(kind, final number) → the old name (or a lacuna) for headings the decision renamed."""
    out = {}
    for op in inv.ops:
        if isinstance(op, RenameHeading):
            level = op.target.level.replace("_heading", "")
            kind = {"part": "编", "subpart": "分编", "chapter": "章", "section": "节"}.get(level)
            number = getattr(op.target, level, None)
            out[(kind, number)] = op.old if op.old else lacuna(
                f"名称已由《{inv.title}》第{inv.item(op)}项修改")
    return out


def _renumber(amended: Regulation, used: set, removed_kinds: set) -> dict:
    """id(division) → its old number, renumbering only the kinds that lost a division."""
    numbers = {}
    counters: dict = {}
    kinds_global = {}
    for kind in ("编", "分编", "章", "节"):
        seq = [d.number for d in amended.divisions() if d.kind == kind]
        kinds_global[kind] = seq == list(range(1, len(seq) + 1))

    def walk(nodes, parent):
        for node in nodes:
            if isinstance(node, Article):
                continue
            if id(node) in used:
                if node.kind in removed_kinds and node.style != "unnumbered":
                    scope = None if kinds_global[node.kind] else parent
                    counters[(node.kind, scope)] = counters.get((node.kind, scope), 0) + 1
                    numbers[id(node)] = counters[(node.kind, scope)]
                else:
                    numbers[id(node)] = node.number
            walk(node.children, id(node))

    walk(amended.body, None)
    return numbers


def _group(rows, depth: int, numbers: dict, renamed: dict):
    """Nest (article, path) rows into divisions, consecutive rows sharing a division."""
    out = []
    k = 0
    while k < len(rows):
        article, path = rows[k]
        if len(path) <= depth:
            out.append(article)
            k += 1
            continue
        division = path[depth]
        j = k
        while j < len(rows) and len(rows[j][1]) > depth and rows[j][1][depth] is division:
            j += 1
        children = _group(rows[k:j], depth + 1, numbers, renamed)
        name = renamed.get((division.kind, division.number), division.name)
        out.append(attrs.evolve(division, number=numbers[id(division)], name=name,
                                children=tuple(children)))
        k = j
    return tuple(out)


def _title(inv: _Inverter):
    for op in inv.ops:
        if isinstance(op, Replace) and op.targets[0].scope == "title":
            inv.lacunae.append("名称")
            return (lacuna(f"名称已由《{inv.title}》第{inv.item(op)}项修改"),)
    return inv.amended.title


def _preamble(inv: _Inverter) -> Preamble | None:
    pre = inv.amended.preamble
    for op in inv.ops:
        if isinstance(op, Replace) and op.targets[0].scope == "preamble" and op.targets[0].article is None:
            inv.lacunae.append("引言")
            return Preamble(pre.heading if pre else "", (lacuna(f"引言已由《{inv.title}》第{inv.item(op)}项修改"),))
    return pre


__all__ = ["InvertResult", "invert"]
