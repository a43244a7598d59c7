"""Partial application: apply every item of a decision that can be read and applied, and say
exactly which were left out and which provisions they name.

Contract: ``apply_partial(regulation, source, target=None)`` reads ``source`` with
``parse_draft`` (the readable ``Decision`` plus one ``DecisionError`` per unreadable item; in an
omnibus decision only the errors of the section bound to ``target`` and of no section count),
then applies it with ``amend.apply.apply``; when that raises an ``ApplyError`` naming an item,
the clause it names is dropped and the rest applied again — exact, since the engine is a pure
function of frozen values.  A clause is one sentence of an item ("将第十一条第三款中的“A”修改为
“B”；将“区、县”均修改为“区”" has two): when the item has other clauses they stay, and a second
error in the same item drops the whole item (its clauses may depend on one another, e.g. an
article added by one clause and filled by the next).  An error that names no item (no section for the target,
nothing readable at all) or a failure of the engine itself leaves the whole decision out: the
result is then None and the single ``Skipped`` entry has no item and names no provision.  The
returned ``Partial`` holds the decision, the ``ApplyResult`` (or None), and one ``Skipped`` per
item left out with its error (item, line, column, clause and caret) and the provisions it names
in the numbering before the decision: the references of its operations when it could be read,
the 第X条 references of its raw text (outside quotes and not after 作为/改为) when it could not.
``Marks`` carries those provisions into the numbering of the result (and of later decisions,
``then``) and renders them like lacunae: a paragraph "〔未能适用：《…》第十项……〕" at the end of
each article concerned, or before the first article when no provision can be named.  Marks are
for output only; a marked regulation is never amended further.  Nothing here is silent: the
caller reports ``skipped`` and exits 1.
"""

from __future__ import annotations

from amend import lazyre
from amend.codecache import attrs

from amend import numerals
from amend.apply.engine import apply
from amend.apply.errors import ApplyError, item_label
from amend.apply.result import ApplyResult
from amend.apply.target import section_for
from amend.decision.diagnose import DecisionError
from amend.model import Article, Paragraph, Preamble, Regulation
from amend.ops import META_TYPES, Decision, DecisionItem, NonTextual, Ref, Renumber

ArticleKey = tuple[int, int]

#: The marker of a provision a decision item should have changed but could not (cf. lacuna).
NOT_APPLIED_OPEN, NOT_APPLIED_CLOSE = "〔未能适用：", "〕"

#: Code of a ``Skipped`` item that could not be read (ApplyError codes otherwise).
CANNOT_READ = "cannot-read"
#: Code when the engine itself failed: the whole decision is left out.
ENGINE_FAILED = "engine-failed"

# References a decision names (the text before it): fields holding them, and those holding final
# numbers ("作为第六条", "改为第三十二条") which name nothing in the text before.
_NAMING_FIELDS = ("target", "targets", "article", "parent", "anchor", "within")
_REF_RE = lazyre.compile(
    rf"第({numerals.CN_NUMERAL})条(?:之({numerals.CN_NUMERAL}))?"
    rf"(?:第({numerals.CN_NUMERAL})款)?(?:第({numerals.CN_NUMERAL})项)?")
_QUOTED = lazyre.compile(r"“[^”]*”?")
_FINAL = lazyre.compile(r"(作为|改为|列为|调整为|成为)$")


def is_not_applied(text: str) -> bool:
    return text.startswith(NOT_APPLIED_OPEN) and text.endswith(NOT_APPLIED_CLOSE)


@attrs.frozen
class Skipped:
    """One item left out.  ``item`` as the decision numbers it ("十", "二十五（一）", in an
    omnibus section "3") or None; ``code`` ``cannot-read``, an ``ApplyError`` code, or
    ``engine-failed``; ``provisions`` the labels it names before the decision ("第十条第二款"),
    empty when none can be named; ``keys`` the articles among them."""

    item: str | None
    section: str | None
    code: str
    error: DecisionError = attrs.field(eq=False, repr=False)
    provisions: tuple[str, ...] = ()
    keys: tuple[ArticleKey, ...] = ()
    #: the whole decision was left out (nothing readable, no section for the target, …)
    whole: bool = False
    #: only one clause of the item was left out; its other clauses were applied
    clause_only: bool = False

    @property
    def message(self) -> str:
        return f"{self.error.zh} / {self.error.en}"

    def where(self) -> str:
        """"第十项", "第二部分第3项"; "" for a clause with no number."""
        if self.whole:
            return "（整个决定）"
        if not self.item:
            return "一处无编号条款"
        item = self.item if self.item.startswith("第") else f"第{self.item}项"
        if self.clause_only:
            item += "中的一句"
        return f"第{self.section}部分{item}" if self.section else item

    def as_dict(self) -> dict:
        e = self.error
        return {"item": self.item, "section": self.section, "code": self.code,
                "message": self.message, "line": e.line, "col": e.col, "clause": e.clause,
                "column": e.column, "provisions": list(self.provisions), "whole": self.whole,
                "clause_only": self.clause_only}


@attrs.frozen
class Partial:
    """A decision applied as far as it can be: ``result`` None when nothing could be applied."""

    decision: Decision | None
    result: ApplyResult | None
    skipped: tuple[Skipped, ...]
    #: items of the decision in scope for this regulation (numbered ones, and unnumbered ones
    #: that amend), read or not
    items: int = 0

    @property
    def complete(self) -> bool:
        return not self.skipped and self.result is not None

    @property
    def read(self) -> int:
        """Items that could be read."""
        return self.items - sum(1 for s in self.skipped if s.code == CANNOT_READ and s.item)

    @property
    def applied(self) -> int:
        """Items that were applied in full (an item with one clause left out is not)."""
        if self.result is None:
            return 0
        return self.read - len({(s.section, s.item) for s in self.skipped
                                if s.code != CANNOT_READ and s.item})

    @property
    def title(self) -> str | None:
        return self.decision.title if self.decision else None

    def marks(self, base: Regulation | None = None) -> Marks:
        """The provisions of the left-out items, in the numbering of ``result`` (of ``base``,
        unchanged, when the whole decision was left out)."""
        return Marks.of(self, base)


def apply_partial(regulation: Regulation, source: str, *, target: str | None = None) -> Partial:
    """Read ``source`` (a decision's text) and apply what can be; see the module contract."""
    from amend.decision.parser import parse_draft

    try:
        decision, errors = parse_draft(source)
    except Exception as exc:  # noqa: BLE001 - a reader defect must not cost the user the text
        return Partial(None, None, (_whole(_internal(exc), ENGINE_FAILED),), 0)
    return apply_decision_partial(regulation, decision, errors, target=target)


def _internal(exc: Exception) -> DecisionError:
    return DecisionError(f"引擎内部错误（{type(exc).__name__}: {exc}），整个决定未能适用",
                         f"internal engine error ({type(exc).__name__}: {exc}); the whole "
                         "decision was left out")


def apply_decision_partial(regulation: Regulation, decision: Decision | None,
                           read_errors: tuple[DecisionError, ...] = (), *,
                           target: str | None = None) -> Partial:
    """Apply a ``Decision`` read by ``parse_draft``, given its read errors."""
    title = target or "".join(regulation.title)
    if decision is None:
        error = read_errors[0] if read_errors else DecisionError(
            "没有可读取的决定", "no decision could be read")
        return Partial(None, None, (_whole(error, CANNOT_READ),), 0)
    try:
        section = section_for(decision, title)
    except ApplyError as error:
        return Partial(decision, None, (_whole(error, error.code),), 0)
    in_scope = tuple(it for it in decision.items if section is None or it.section in (section, None))
    skipped = [_unreadable(e) for e in read_errors
               if section is None or e.section in (section, None)]
    count = sum(1 for it in in_scope if _counts(it)) + sum(1 for s in skipped if s.item)
    omnibus = bool(decision.sections)
    current = decision
    trimmed: set[int] = set()  # items (by position) that already lost a clause
    for _ in range(2 * len(decision.items) + 1):
        try:
            result = apply(regulation, current, target=target)
        except ApplyError as error:
            at = [i for i, it in enumerate(current.items) if _names(it, error, omnibus)]
            if error.item is None or not at:
                skipped.append(_whole(error, error.code))
                return Partial(decision, None, tuple(skipped), count)
            items = list(current.items)
            clause = _clause_of(items[at[0]], error) if len(at) == 1 else None
            if clause is not None and at[0] not in trimmed:
                trimmed.add(at[0])
                skipped.append(_dropped(error, [attrs.evolve(items[at[0]], ops=clause[0])],
                                        clause_only=True))
                items[at[0]] = attrs.evolve(items[at[0]], ops=clause[1])
            else:
                skipped.append(_dropped(error, [items[i] for i in at]))
                items = [it for i, it in enumerate(items) if i not in at]
            current = attrs.evolve(current, items=tuple(items))
            continue
        except DecisionError as error:  # a reading problem found while applying
            skipped.append(_whole(error, CANNOT_READ))
            return Partial(decision, None, tuple(skipped), count)
        except Exception as exc:  # noqa: BLE001 - an engine defect must not cost the user the text
            skipped.append(_whole(_internal(exc), ENGINE_FAILED))
            return Partial(decision, None, tuple(skipped), count)
        return Partial(decision, result, tuple(skipped), count)
    return Partial(decision, None, tuple(skipped), count)


def identity(regulation: Regulation) -> ApplyResult:
    """The result of applying nothing: every article keeps its number (for a decision left out
    whole in a chain of decisions)."""
    keys = [a.key for a in regulation.articles()]
    return ApplyResult(regulation, {k: k for k in keys}, {}, {}, {}, (), (), ())


# ---------------------------------------------------------------- which items, which provisions

def _label(item: DecisionItem, omnibus: bool) -> str | None:
    return item_label(item.ops[0].source, omnibus) if item.ops else item.number


def _names(item: DecisionItem, error: ApplyError, omnibus: bool) -> bool:
    if _label(item, omnibus) != error.item:
        return False
    return not omnibus or item.section == error.section


def _clause_of(item: DecisionItem, error: ApplyError):
    """(the operations of the clause ``error`` names, the others) when the item has other
    amending clauses; None when the error is about the item as a whole."""
    if not error.clause:
        return None
    named = tuple(op for op in item.ops if op.source is not None and op.source.clause == error.clause)
    rest = tuple(op for op in item.ops if not any(op is n for n in named))
    if not named or not any(not isinstance(op, (*META_TYPES, NonTextual, Renumber)) for op in rest):
        return None
    return named, rest


def _counts(item: DecisionItem) -> bool:
    """A numbered item, or an unnumbered one that amends (not "此外，对条文顺序作相应调整" or the
    commencement clause)."""
    return bool(item.number) or any(not isinstance(op, (*META_TYPES, NonTextual)) for op in item.ops)


def _whole(error: DecisionError, code: str) -> Skipped:
    return Skipped(None, error.section, code, error, whole=True)


def _dropped(error: ApplyError, items: list[DecisionItem], *, clause_only: bool = False) -> Skipped:
    refs = [ref for item in items for op in item.ops for ref in _refs_of(op)]
    labels = tuple(dict.fromkeys(ref.label() for ref in refs))
    keys = tuple(dict.fromkeys(ref.article_key for ref in refs if ref.article is not None))
    return Skipped(error.item, error.section, error.code, error, labels, keys,
                   clause_only=clause_only)


def _refs_of(op):
    """The provisions an operation names in the text before the decision."""
    values: list = []
    if isinstance(op, Renumber):
        values = [old for old, _ in op.pairs]
    else:
        for name in _NAMING_FIELDS:
            value = getattr(op, name, None)
            values.extend(value if isinstance(value, tuple) else (value,) if value else ())
    for ref in values:
        if isinstance(ref, Ref) and ref.numbering != "new" and (
                ref.article is not None or ref.chapter is not None or ref.section is not None
                or ref.part is not None):
            yield ref


def _unreadable(error: DecisionError) -> Skipped:
    """An item that could not be read: the 第X条 it names before any quoted text."""
    bare = _QUOTED.sub(lambda m: "　" * len(m.group(0)), error.clause or "")
    labels, keys = [], []
    for m in _REF_RE.finditer(bare):
        before = bare[:m.start()].rstrip()
        if _FINAL.search(before) or before.endswith("》"):
            continue  # a final number ("作为第六条"), or another law's article
        try:
            key = (numerals.cn_to_int(m[1]), numerals.cn_to_int(m[2]) if m[2] else 0)
            label = numerals.article_label(*key)
        except ValueError:
            continue
        for unit, group in (("款", m[3]), ("项", m[4])):
            if group:
                label += f"第{group}{unit}"
        labels.append(label)
        keys.append(key)
    return Skipped(error.item, error.section, CANNOT_READ, error,
                   tuple(dict.fromkeys(labels)), tuple(dict.fromkeys(keys)))


# ---------------------------------------------------------------- marks in the output

def _book(title: str | None) -> str:
    """《title》 with the title's own 《》 written 〈〉."""
    if not title:
        return "修改决定"
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def note(skipped: Skipped, title: str | None) -> str:
    """"《…的决定》第十项（原第十条第二款）" — what the marker says about one left-out item."""
    text = _book(title) + skipped.where()
    if skipped.provisions:
        return text + "（原" + "、".join(skipped.provisions) + "）"
    return text + ("" if skipped.whole else "（未能确定所涉条文）")


@attrs.frozen
class Marks:
    """Where output must say that something was not applied: ``articles`` final article key →
    notes, ``document`` notes about the whole text."""

    articles: dict[ArticleKey, tuple[str, ...]] = attrs.Factory(dict)
    document: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.articles and not self.document

    @classmethod
    def of(cls, partial: Partial, base: Regulation | None = None) -> Marks:
        result = partial.result
        articles: dict[ArticleKey, tuple[str, ...]] = {}
        document: list[str] = []
        for s in partial.skipped:
            text = note(s, partial.title)
            placed = False
            for key in s.keys:
                if result is None:  # nothing applied: the numbering before the decision
                    targets = (key,) if base is None or base.find_article(*key) else ()
                else:
                    new = result.articles.get(key)
                    targets = (new,) if new is not None else result.splits.get(key, ())
                for t in targets:
                    articles[t] = articles.get(t, ()) + (text,)
                    placed = True
            if not placed:
                document.append(text)
        return cls(articles, tuple(dict.fromkeys(document)))

    def then(self, result: ApplyResult) -> Marks:
        """These marks in the numbering after a later decision's ``result``."""
        articles: dict[ArticleKey, tuple[str, ...]] = {}
        document = list(self.document)
        for key, notes in self.articles.items():
            new = result.articles.get(key, key)
            targets = (new,) if new is not None else result.splits.get(key, ())
            if not targets:
                document.extend(notes)
            for t in targets:
                articles[t] = tuple(dict.fromkeys(articles.get(t, ()) + notes))
        return Marks(articles, tuple(dict.fromkeys(document)))

    def merge(self, other: Marks) -> Marks:
        articles = dict(self.articles)
        for k, v in other.articles.items():
            articles[k] = tuple(dict.fromkeys(articles.get(k, ()) + v))
        return Marks(articles, tuple(dict.fromkeys(self.document + other.document)))

    def by_label(self) -> dict[str, tuple[str, ...]]:
        return {numerals.article_label(*k): v for k, v in self.articles.items()}

    def apply_to(self, regulation: Regulation) -> Regulation:
        """``regulation`` with a marker paragraph at the end of each article concerned and, for
        the notes that name no article, before the first article (for output only)."""
        if self.empty:
            return regulation

        def mark(node):
            if isinstance(node, Article):
                notes = self.articles.get(node.key)
                if not notes:
                    return node
                extra = tuple(Paragraph(marker(n)) for n in notes)
                return attrs.evolve(node, paragraphs=node.paragraphs + extra)
            return attrs.evolve(node, children=tuple(mark(c) for c in node.children))

        body = tuple(mark(n) for n in regulation.body)
        preamble = regulation.preamble
        if self.document:
            lines = tuple(marker(n) for n in self.document)
            preamble = (Preamble(paragraphs=lines) if preamble is None
                        else attrs.evolve(preamble, paragraphs=lines + preamble.paragraphs))
        return attrs.evolve(regulation, body=body, preamble=preamble)


def marker(text: str) -> str:
    return f"{NOT_APPLIED_OPEN}{text}{NOT_APPLIED_CLOSE}"

