"""The one place that builds the Lark parsers of the decision language.

Contract: ``clause_parser()`` returns the LALR parser of grammar/decision.lark (one item body),
``line_parser()`` that of grammar/instrument.lark (the class of one logical line; also the
enacting formula, header lines, the document an item names, annex titles and repealed
entries).  Both are built once per process (``functools.cache``) with ``strict=True`` (no
shift/reduce conflict, no terminal collision) and Lark's own grammar cache on disk (in a
private per-user folder: ``_cache_folder``) so that the first parse in a new process does not
pay for LALR table construction.  Positions are propagated to the rules of decision.lark (every
operation records the span of its clause); the readers of instrument.lark look only at rule
names and tokens (which carry their own positions), so its trees are built without.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import lark

from amend import cachedir
from amend.resources import grammar_dir


def _cache_folder() -> Path | None:
    """The folder for the compiled grammar (amend/cachedir.py).  Lark's cache is a pickle, and
    loading a pickle runs code, so it is used only from a folder the user owns and nobody else
    can write; None means no disk cache (the tables are built in memory, about 8 s once per
    process)."""
    return cachedir.folder()


_private = cachedir.private


def _cache_file(name: str) -> str | bool:
    """The cache file of one grammar in ``_cache_folder()``, or False (no disk cache).  Lark keys
    its contents by the grammar and the options (which name the grammar's folder); the file name
    carries the folder and the lark version too, so that two installs (a checkout and a wheel) do
    not overwrite each other's cache.  An existing file that is not private is not loaded."""
    folder = _cache_folder()
    if folder is None:
        return False
    where = hashlib.sha256(str(grammar_dir()).encode("utf-8")).hexdigest()[:12]
    path = folder / f"{name}-lark{lark.__version__}-{where}.cache"
    if os.path.lexists(path) and not _private(path, directory=False):
        return False
    return str(path)


def _build(name: str, start: str | list[str], *, positions: bool = True) -> lark.Lark:
    path = grammar_dir() / name
    return lark.Lark(
        path.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=positions,
        maybe_placeholders=False,
        start=start,
        import_paths=[str(grammar_dir())],
        source_path=str(path),
        cache=_cache_file(name.removesuffix(".lark")),
    )


@functools.cache
def clause_parser() -> lark.Lark:
    return _build("decision.lark", "start")


@functools.cache
def line_parser() -> lark.Lark:
    return _build("instrument.lark", ["line", "formula", "header", "named", "annex_title", "entry"],
                  positions=False)
