"""The one place that builds the Lark parsers of the decision language.

Contract: ``clause_parser()`` returns the LALR parser of grammar/decision.lark (one item body),
``line_parser()`` that of grammar/instrument.lark (the class of one logical line; also the
enacting formula, header lines, the document an item names, annex titles and repealed
entries).  Both are built once per process (``functools.cache``) with ``strict=True`` (no
shift/reduce conflict, no terminal collision), positions propagated, and Lark's own grammar cache on disk so that the first
parse in a new process does not pay for LALR table construction.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

import lark

from amend.resources import grammar_dir


def _cache_file(name: str) -> str | bool:
    """A per-user cache file for the compiled grammar.  Lark keys its contents by the grammar and
    the options (which name the grammar's folder); the file name carries the folder and the lark
    version too, so that two installs (a checkout and a wheel) do not overwrite each other's
    cache and rebuild the tables on every other run."""
    folder = Path(os.environ.get("AMEND_CACHE") or Path(tempfile.gettempdir()) / f"amend-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    where = hashlib.sha256(str(grammar_dir()).encode("utf-8")).hexdigest()[:12]
    return str(folder / f"{name}-lark{lark.__version__}-{where}.cache")


def _build(name: str, start: str | list[str]) -> lark.Lark:
    path = grammar_dir() / name
    return lark.Lark(
        path.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
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
    return _build("instrument.lark", ["line", "formula", "header", "named", "annex_title", "entry"])
