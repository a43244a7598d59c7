"""Reading a clause in one pass: the transformer applied while Lark's LALR parser reduces.

Contract: ``transform_while_parsing(parser, text, transformer)`` returns what
``transformer.transform(parser.parse(text))`` returns, and raises what that raises (Lark's
``UnexpectedInput`` first, then ``VisitError`` for the first method that failed, in the order the
transformer would have called them), without building the tree.  ``rule_names(parser, text,
start)`` returns ``{t.data for t in parser.parse(text, start=start).iter_subtrees()}`` the same
way.  The transformer's rule methods take ``(meta, children)`` (``v_args(meta=True)``); the
``meta`` they get has the ``start_pos`` and ``end_pos`` that Lark's ``propagate_positions`` gives
the node: positions are tracked by the rule Lark applies (a node starts where its first child,
filtered tokens included, starts — the container of an inlined ``?rule`` child included).

Lark's own ``transformer=`` option cannot do this: it does not pass ``meta``, and it needs a
second ``Lark`` object (a second load of the grammar's tables).  Here the tables, the lexer and
the tree-shaping wrappers (``ChildFilter``, ``ExpandSingleChild``) of the one ``Lark`` object are
reused, with Lark's ``PropagatePositions`` replaced by ``_Positions``.  That reaches past Lark's
public interface (``Lark._parse_tree_builder``, the LALR parser object); when those are not
there, ``available()`` is false and the callers build the tree as before.
"""

from __future__ import annotations

import copy
import inspect
import threading
from collections.abc import Callable

import lark
from lark.exceptions import GrammarError, VisitError
from lark.lexer import LexerThread, Token
from lark.tree import Meta
from lark.visitors import Transformer

try:  # Lark's internals this module reaches for; without them the callers build the tree
    from lark.parse_tree_builder import PropagatePositions
    from lark.visitors import _vargs_meta
except ImportError:  # pragma: no cover - another Lark
    PropagatePositions = _vargs_meta = None

_METHODS: dict[type, dict[str, Callable]] = {}


def meta_methods(cls: type) -> dict[str, Callable] | None:
    """The rule methods of a transformer class that ``v_args(meta=True)`` wrapped, unwrapped:
    each is called as ``method(transformer, meta, children)``.  None when this Lark does not
    say how it wraps them (then use ``Transformer.transform``)."""
    if _vargs_meta is None:
        return None
    found = _METHODS.get(cls)
    if found is None:
        found = {}
        for name in set(dir(cls)) - set(dir(Transformer)):  # rules, not Transformer's own
            value = inspect.getattr_static(cls, name)
            if getattr(value, "visit_wrapper", None) is _vargs_meta:
                found[name] = value.base_func
        _METHODS[cls] = found
    return found


class _Node:
    """A node of the parse that is never built as a tree: the value the transformer made of it
    (or, for an inlined ``_rule``, its children), and its span as ``Meta`` would give it."""

    __slots__ = ("value", "children", "start_pos", "end_pos", "container_start_pos",
                 "container_end_pos", "empty")

    def __init__(self):
        self.empty = True

    def meta(self) -> Meta:
        meta = Meta()
        if not self.empty:
            meta.empty = False
            meta.start_pos, meta.end_pos = self.start_pos, self.end_pos
            meta.container_start_pos = self.container_start_pos
            meta.container_end_pos = self.container_end_pos
        return meta


_FAILED = object()


class _Reader:
    """One thread's callbacks for one ``Lark`` object (the callbacks keep per-parse state)."""

    def __init__(self, parser: lark.Lark, positions: bool):
        self.parser = parser
        self.frontend = parser.parser
        self.transformer = None
        self.methods: dict[str, Callable] = {}
        self.failure: BaseException | None = None
        self.start: int | None = None  # the span of the node being made (_Positions)
        self.end: int | None = None
        self.made: _Node | None = None
        self.names = not positions
        callbacks = {}
        for rule, chain in parser._parse_tree_builder.rule_builders:
            name = rule.alias or rule.options.template_source or rule.origin.name
            f = self._names(name) if self.names else self._node(name)
            for wrapper in chain:
                if wrapper is PropagatePositions or getattr(wrapper, "func", None) is PropagatePositions:
                    continue  # replaced by _Positions, outermost as Lark puts it
                f = wrapper(f)
            callbacks[rule] = f if self.names else _Positions(f, self)
        self.lalr = copy.copy(self.frontend.parser.parser)
        self.lalr.callbacks = callbacks

    def parse(self, text: str, start: str):
        return self.lalr.parse(LexerThread.from_text(self.frontend.lexer, text), start)

    # ---------------------------------------------------------------- rule names
    @staticmethod
    def _names(name: str):
        if name.startswith("_"):  # inlined by the parent's ChildFilter, which takes .children
            def inlined(children):
                node = _Node()
                node.children = children
                return node
            return inlined

        def named(children):
            names = {name}
            for c in children:
                if type(c) is set:
                    names |= c
            return names
        return named

    # ---------------------------------------------------------------- transformation
    def _placed(self) -> _Node:
        """A new node spanning what the rule being reduced covers (empty when it covers
        nothing), recorded as the node last made."""
        n = _new(_Node)
        if self.start is None:
            n.empty = True
        else:
            n.empty = False
            n.start_pos = n.container_start_pos = self.start
            n.end_pos = n.container_end_pos = self.end
        self.made = n
        return n

    def _node(self, name: str):
        reader = self

        def inlined(children):  # a _rule: its parent's ChildFilter takes .children
            n = reader._placed()
            n.children = children
            return n

        def node(children):
            n = reader._placed()
            if reader.failure is not None:  # the transformer stops at its first failure
                n.value = _FAILED
                return n
            values = [c.value if type(c) is _Node else c for c in children]
            method = reader.methods.get(name)
            try:
                if method is None:  # Transformer.__default__: a Tree of the values
                    n.value = reader.transformer.__default__(name, values, n.meta())
                else:
                    n.value = method(reader.transformer, n, values)
            except GrammarError as error:  # Transformer lets it through unwrapped
                reader.failure = error
                n.value = _FAILED
            except Exception as error:
                reader.failure = VisitError(name, lark.Tree(name, values, n.meta()), error)
                n.value = _FAILED
            return n

        return inlined if name.startswith("_") else node


_new = object.__new__


def _edge(children, node_field: str, token_field: str):
    """The position of the first child in ``children`` that has one (a node that covers text,
    or a token), as Lark's ``PropagatePositions`` takes it: ``node_field`` of a node,
    ``token_field`` of a token; None when no child has one."""
    for c in children:
        if type(c) is _Node:
            if not c.empty:
                return getattr(c, node_field)
        elif isinstance(c, Token):
            return getattr(c, token_field)
    return None


class _Positions:
    """Lark's ``PropagatePositions`` for ``_Node``: a new node spans from the container start of
    its first child to the container end of its last (tokens filtered out later included); a
    child passed up unchanged (``?rule``) keeps its span and widens its container."""

    __slots__ = ("build", "reader")

    def __init__(self, build, reader: _Reader):
        self.build = build
        self.reader = reader

    def __call__(self, children):
        first = _edge(children, "container_start_pos", "start_pos")
        last = _edge(reversed(children), "container_end_pos", "end_pos")
        reader = self.reader
        if first is None or last is None:
            reader.start = reader.end = None
        else:
            reader.start, reader.end = first, last
        reader.made = None
        res = self.build(children)
        if type(res) is _Node and res is not reader.made:  # a child passed up (?rule)
            if first is not None:
                if res.empty:
                    res.start_pos = first
                res.container_start_pos = first
            if last is not None:
                if res.empty:
                    res.end_pos = last
                res.container_end_pos = last
            if first is not None or last is not None:
                res.empty = False
        return res


_local = threading.local()


def _reader(parser: lark.Lark, positions: bool) -> _Reader | None:
    readers = getattr(_local, "readers", None)
    if readers is None:
        readers = _local.readers = {}
    key = (id(parser), positions)
    found = readers.get(key)
    if found is None or found.parser is not parser:
        try:
            if PropagatePositions is None or _vargs_meta is None:
                raise AttributeError("this Lark's internals differ")
            found = _Reader(parser, positions)
        except (AttributeError, TypeError, ImportError):  # a Lark without these internals
            found = None
        readers[key] = found
    return found


def available(parser: lark.Lark) -> bool:
    """Whether ``parser`` is read in one pass (else the tree is built, with the same results)."""
    return _reader(parser, True) is not None and _reader(parser, False) is not None


def transform_while_parsing(parser: lark.Lark, text: str, transformer: Transformer):
    """``transformer.transform(parser.parse(text))`` in one pass (not reentrant: a method of the
    transformer must not parse with the same parser)."""
    reader = _reader(parser, True)
    if reader is None or meta_methods(type(transformer)) is None:
        return transformer.transform(parser.parse(text))
    reader.transformer = transformer
    reader.methods = meta_methods(type(transformer))
    reader.failure = None
    try:
        (start,) = parser.options.start
        root = reader.parse(text, start)
        if reader.failure is not None:
            raise reader.failure
        return root.value if type(root) is _Node else root
    finally:
        reader.transformer = reader.failure = reader.start = reader.end = reader.made = None


def rule_names(parser: lark.Lark, text: str, start: str | None = None) -> set[str]:
    """The names of the rules in the tree of ``text`` (not built)."""
    reader = _reader(parser, False)
    if reader is None:
        return {t.data for t in parser.parse(text, start=start).iter_subtrees()}
    if start is None:
        (start,) = parser.options.start
    names = reader.parse(text, start)
    return names if type(names) is set else set()
