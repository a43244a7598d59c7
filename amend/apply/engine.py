"""apply(regulation, decision) → ApplyResult: the operations of one decision, applied exactly.

Contract: every target is resolved against the text *before* the decision (design.md §2), on a
working copy (``working``) whose nodes remember their original numbers.  Operations are applied
in the decision's order; an operation that cannot be applied exactly — a target that does not
exist, a phrase not found, a provision already replaced or deleted by another item, a payload
that does not fit the clause — raises ``ApplyError`` with the item, the clause and a caret, and
no result is returned.  ``finish`` then orders and numbers articles, paragraphs and items,
places inserted articles in their chapter, checks every explicit renumbering against the
computed order, builds the old → new maps, renumbers cross-references and freezes the result.
For an omnibus decision only the section bound to this regulation is applied (``select``).
"""

from __future__ import annotations

from amend.codecache import attrs

from amend import numerals
from amend.apply import payload as payloads
from amend.apply.errors import ApplyError, ApplyWarning, at, item_label
from amend.apply.result import ApplyResult, LogEntry
from amend.apply.target import select
from amend.apply.working import (
    Slot,
    Text,
    WArticle,
    WItem,
    WParagraph,
    texts_of,
    thaw,
)
from amend.model import Regulation
from amend.ops import (
    AddArticles,
    AddDivision,
    AddItems,
    AddParagraphs,
    AddWords,
    Commencement,
    Decision,
    Delete,
    DeleteWords,
    InsertWords,
    Merge,
    Move,
    NonTextual,
    Ref,
    RenameHeading,
    Renumber,
    Reorder,
    Replace,
    Republication,
    Restate,
    Source,
    Split,
    Substitute,
    Members,
)


@attrs.define(eq=False)
class NewDivision:
    """A division the decision adds: "增加一章，作为第七章“公布”"."""

    id: str
    kind: str
    number: int
    name: str
    parent: tuple[str, ...] | None  # the division path it sits in (None: decided by its articles)
    source: Source
    used: bool = False
    #: its articles came with it ("增加一章……共六条……：“…”"): no other article joins it
    complete: bool = False


def apply(regulation: Regulation, decision: Decision, *, target: str | None = None) -> ApplyResult:
    """Apply ``decision`` to ``regulation``; for an omnibus decision, only the section bound to
    ``target`` (default: the regulation's title)."""
    operations = _word_lists(select(decision, target or "".join(regulation.title)))
    state = State(regulation, decision)
    for op in operations:
        state.apply(op)
    from amend.apply.finish import finish  # the second half: order, number, maps, freeze

    return finish(state)


def _word_lists(operations) -> list:
    """"将相关条款中的“卫生和计划生育”统一修改为“卫生健康”，“卫生和计划生育行政管理部门”统一修改为
    “卫生健康部门”": the whole-text substitutions of one item all name the text before it, so they
    are applied as one list (longer words first), not in sequence — the first would cut the
    second."""
    out: list = []
    for op in operations:
        before = out[-1] if out else None
        if isinstance(before, Substitute) and isinstance(op, Substitute) and before.every \
                and op.every and before.occurrence is None and op.occurrence is None \
                and (before.source.item, before.source.section) == (op.source.item, op.source.section) \
                and all(t.scope == "document" for t in before.targets + op.targets):
            out[-1] = attrs.evolve(before, pairs=before.pairs + op.pairs)
            continue
        out.append(op)
    return out


class State:
    """The working copy of one regulation while one decision is applied."""

    def __init__(self, regulation: Regulation, decision: Decision):
        self.before = regulation
        self.decision = decision
        self.omnibus = bool(decision.sections)
        self.articles: list[WArticle] = thaw(regulation)
        self.by_origin = {a.origin: a for a in self.articles}
        self.title = [Slot(Text(line), "title") for line in regulation.title]
        pre = regulation.preamble
        self.preamble = [Slot(Text(p), "preamble") for p in (pre.paragraphs if pre else ())]
        self.divisions = {d_id: d for d_id, d in _division_ids(regulation)}
        self.headings = {d_id: Slot(Text(d.name), "heading") for d_id, d in self.divisions.items()}
        self.deleted_divisions: dict[str, Source] = {}
        self.division_claims: list[tuple[str, int, Source]] = []
        self.division_numbers: dict[str, int] = {}  # filled by finish
        self.new_divisions: list[NewDivision] = []
        self.reorder = decision.flags.reorder
        self.log: list[LogEntry] = []
        self.warnings: list[ApplyWarning] = []
        self.restated: set[int] = set()  # ids of paragraphs announced by 增加一款（全文见下）
        #: division id → final article keys (包括第X条至第Y条) or articles (列入本章) it holds
        self.members: list[tuple[str, tuple, list, Source]] = []
        #: (article, item, section) → positions of paragraphs announced without text ("增加一款，
        #: 作为第一款，原第一款改为第二款，修改为：“…”“…”": the restatement carries their text)
        self.announced: dict[tuple[int, str | None, str | None], list[int]] = {}

    # ---- messages -----------------------------------------------------------------------------

    def error(self, source: Source, needle: str | None, zh: str, en: str,
              code: str = "cannot-apply") -> ApplyError:
        return at(source, needle, zh, en, omnibus=self.omnibus, code=code)

    def warn(self, code: str, zh: str, en: str, source: Source | None = None,
             article: str | None = None, cited: tuple[int, int] | None = None) -> None:
        self.warnings.append(ApplyWarning(code, f"{zh} / {en}", item_label(source, self.omnibus),
                                          article, cited))

    def note(self, source: Source, action: str, old: str | None, new: str | None = None,
             detail: str = "") -> None:
        self.log.append(LogEntry(item_label(source, self.omnibus), action, old, new, detail,
                                 source.clause.split("\n", 1)[0]))

    # ---- resolving references against the text before the decision -----------------------------

    def article(self, ref: Ref, source: Source) -> WArticle:
        if ref.numbering == "new":
            raise self.error(source, ref.written, f"暂不支持按修改后编号引用条文：{ref.written}",
                             f"references in the amended numbering are not supported: {ref.written}")
        if ref.article is None:
            raise self.error(source, ref.written, f"“{ref.written}”没有指明条文",
                             f"{ref.written!r} does not name an article")
        key = (ref.article, ref.article_sub)
        found = self.by_origin.get(key)
        label = numerals.article_label(*key)
        if found is None:
            last = self.before.articles()[-1].label if self.before.articles() else "无条文"
            raise self.error(source, ref.written, f"原文中没有{label}（原文最后一条为{last}）",
                             f"the text before the decision has no {label} (its last article is {last})", code="target-missing")
        if found.deleted:
            raise self.error(source, ref.written, f"{label}已被删去或拆分，不能再修改",
                             f"{label} was already deleted or split by an earlier item", code="same-provision-twice")
        return found

    def paragraph(self, article: WArticle, ref: Ref, source: Source) -> WParagraph:
        self.not_replaced(article, ref, source)
        for p in article.paragraphs:
            if p.origin == ref.paragraph:
                if p.deleted:
                    raise self.error(source, ref.written, f"{ref.label()}已被删去或移动，不能再修改",
                                     f"{ref.label()} was already deleted or moved by an earlier item", code="same-provision-twice")
                return p
        count = sum(1 for p in article.paragraphs if p.origin is not None)
        raise self.error(source, ref.written,
                         f"{_label(article)}没有第{numerals.int_to_cn(ref.paragraph)}款（该条共{count}款）",
                         f"{_label(article)} has no paragraph {ref.paragraph} (it has {count})", code="target-missing")

    def not_replaced(self, article: WArticle, ref: Ref, source: Source) -> None:
        if article.replaced is not None and article.replaced is not source:
            raise self.error(source, ref.written,
                             f"{_label(article)}已由第{item_label(article.replaced, self.omnibus)}项整条修改，"
                             f"不能再修改其中的部分", f"{_label(article)} was replaced as a whole by item "
                             f"{item_label(article.replaced, self.omnibus)}; its parts cannot be amended again", code="same-provision-twice")

    def item_parent(self, article: WArticle, ref: Ref, source: Source) -> WParagraph:
        """The paragraph whose items ``ref`` numbers: the stated one, or the only one with items."""
        if ref.paragraph is not None:
            return self.paragraph(article, ref, source)
        self.not_replaced(article, ref, source)
        need = ref.item or 1
        with_items = [p for p in article.paragraphs if p.origin is not None and not p.deleted
                      and sum(1 for i in p.items if i.origin is not None) >= need]
        if len(with_items) == 1:
            return with_items[0]
        if not with_items:
            raise self.error(source, ref.written, f"{_label(article)}没有第{numerals.int_to_cn(need)}项",
                             f"{_label(article)} has no item {need}", code="target-missing")
        raise self.error(source, ref.written, f"{_label(article)}有多款含有各项，“{ref.written}”不明确",
                         f"several paragraphs of {_label(article)} have items: {ref.written!r} is ambiguous")

    def item(self, article: WArticle, ref: Ref, source: Source) -> WItem:
        para = self.item_parent(article, ref, source)
        for it in para.items:
            if it.origin == ref.item:
                if it.deleted:
                    raise self.error(source, ref.written, f"{ref.label()}已被删去",
                                     f"{ref.label()} was already deleted", code="same-provision-twice")
                return it
        raise self.error(source, ref.written, f"{_label(article)}没有{ref.label()}",
                         f"{_label(article)} has no {ref.label()}", code="target-missing")

    def division(self, ref: Ref, source: Source) -> str:
        """The id of the division a reference names (第四章, 第十五章第三节), by original numbers."""
        wanted = [(k, getattr(ref, k)) for k in ("part", "subpart", "chapter", "section")
                  if getattr(ref, k) is not None]
        matches = []
        for d_id in self.divisions:
            steps = d_id.split("/")
            kinds = [(s.rsplit("_", 1)[0], int(s.rsplit("_", 1)[1])) for s in steps]
            named = [(_ID_KIND[k], n) for k, n in kinds]
            if named[-1] == wanted[-1] and all(w in named for w in wanted):
                matches.append(d_id)
        if len(matches) != 1:
            what = ref.label()
            raise self.error(source, ref.written, f"原文中没有{what}" if not matches else f"{what}不明确",
                             f"no {what} in the text before the decision" if not matches
                             else f"{what} is ambiguous", code="target-missing")
        if matches[0] in self.deleted_divisions:
            raise self.error(source, ref.written, f"{ref.label()}已被删去", f"{ref.label()} was deleted", code="same-provision-twice")
        return matches[0]

    def holders(self, ref: Ref, source: Source) -> list:
        """The text holders a phrase operation may edit for ``ref``."""
        scope = ref.scope
        if scope == "title":
            return self.title
        if scope == "preamble" and ref.article is None:
            if not self.preamble:
                raise self.error(source, ref.written, "原文没有序言/引言", "the text has no preamble", code="target-missing")
            if ref.index is not None:
                if not 1 <= ref.index <= len(self.preamble):
                    raise self.error(source, ref.written, f"序言没有第{ref.index}自然段",
                                     f"the preamble has no paragraph {ref.index}", code="target-missing")
                return [self.preamble[ref.index - 1]]
            return self.preamble
        if scope == "document" or (ref.article is None and ref.chapter is None
                                   and ref.section is None and ref.part is None):
            out: list = [*self.preamble]
            for a in self.articles:
                if not a.deleted:
                    out.extend(texts_of(a))
            out.extend(self.headings[d] for d in self.divisions if d not in self.deleted_divisions)
            return out
        if ref.article is None:  # a division: its heading or the articles in it
            d_id = self.division(ref, source)
            if scope == "heading":
                return [self.headings[d_id]]
            out = []
            for a in self.articles:
                if d_id in a.path and not a.deleted:
                    out.extend(texts_of(a))
            return out
        article = self.article(ref, source)
        if ref.item is not None:
            it = self.item(article, ref, source)
            return [it, *_subitems(it.subitems)]
        if ref.paragraph is not None or scope == "lead_in":
            para = (self.paragraph(article, ref, source) if ref.paragraph is not None
                    else self.item_parent(article, attrs.evolve(ref, item=1), source))
            if scope == "lead_in":
                return [para]
            return [para, *(h for it in para.items if not it.deleted
                            for h in (it, *_subitems(it.subitems)))]
        self.not_replaced(article, ref, source)
        return list(texts_of(article))

    # ---- dispatch --------------------------------------------------------------------------------

    def apply(self, op) -> None:
        from amend.apply import handlers

        match op:
            case Reorder():
                self.reorder = self.reorder or op.order
                self.note(op.source, "reorder", None, None, "条文顺序作相应调整 / articles renumbered in order")
            case Republication():
                self.reorder = self.reorder or op.reorder
                self.note(op.source, "republication", None)
            case Commencement():
                self.note(op.source, "commencement", None, None, op.rule or str(op.date))
            case NonTextual(kind="repeal"):
                # 废止《…》: the decision repeals this text; nothing is amended, and it says so
                self.warn("repealed", f"本决定废止{op.text[:40]}", f"this decision repeals {op.text[:40]}",
                          op.source)
                self.note(op.source, "non_textual_repeal", None, None, op.text[:40])
            case NonTextual(kind="unlocated"):
                # 在相关条款中增加“市监察委员会”的表述: where is not said, so nothing is applied
                self.warn("not-applied-unlocated", f"“{op.text[:40]}”没有写明修改的位置，未逐字适用",
                          f"{op.text[:40]!r} does not say where: it was not applied word for word",
                          op.source)
                self.note(op.source, "non_textual_unlocated", None, None, op.text[:40])
            case NonTextual():
                self.note(op.source, f"non_textual_{op.kind}", None, None, op.text[:40])
            case AddArticles():
                handlers.add_articles(self, op)
            case AddDivision():
                handlers.add_division(self, op)
            case AddParagraphs():
                handlers.add_paragraphs(self, op)
            case AddItems():
                handlers.add_items(self, op)
            case Replace():
                handlers.replace(self, op)
            case Restate():
                handlers.restate(self, op)
            case Renumber():
                handlers.renumber(self, op)
            case Move():
                handlers.move(self, op)
            case Split():
                handlers.split(self, op)
            case Merge():
                handlers.merge(self, op)
            case Delete():
                handlers.delete(self, op)
            case Substitute() | DeleteWords() | InsertWords() | AddWords():
                handlers.words(self, op)
            case RenameHeading():
                handlers.rename_heading(self, op)
            case Members():
                handlers.members(self, op)
            case _:
                raise self.error(op.source, None, f"无法适用的操作：{type(op).__name__}",
                                 f"operation cannot be applied: {type(op).__name__}")

    def read(self, fn, source: Source, *args):
        """Run a payload reader, turning its complaint into an error on the clause."""
        try:
            return fn(*args)
        except payloads.PayloadError as e:
            quote = source.clause.find("“")
            raise self.error(source, source.clause[quote:quote + 1] if quote >= 0 else None,
                             e.zh, e.en) from None


#: id prefix → the unit it numbers, as Ref fields name them
_ID_KIND = {"part": "part", "subpart": "subpart", "chp": "chapter", "sec": "section"}


def _division_ids(regulation: Regulation):
    def walk(nodes, path):
        for node in nodes:
            if hasattr(node, "children") and not hasattr(node, "paragraphs"):
                d_id = f"{path}{node.id_prefix}_{node.number}"
                yield d_id, node
                yield from walk(node.children, d_id + "/")

    yield from walk(regulation.body, "")


def _subitems(subitems):
    for s in subitems:
        yield s
        yield from _subitems(s.children)


def _label(article: WArticle) -> str:
    return numerals.article_label(*article.origin) if article.origin else "新增条文"
