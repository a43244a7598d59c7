"""Regular expressions compiled on first use.

Contract: ``compile(pattern, flags)`` returns a stand-in for ``re.compile(pattern, flags)`` that
compiles on the first use of a method (``search``, ``match``, ``fullmatch``, ``finditer``,
``findall``, ``sub``, ``subn``, ``split``, ``scanner``) or attribute (``flags``, ``groups``,
``groupindex``) and from then on answers from the compiled pattern's own bound methods, kept on the
stand-in, so a call costs what it costs on a compiled pattern.  ``pattern`` is the source text
without compiling, so one expression can be written into another.  Python's ``re`` compiles in
Python and our expressions spell CJK numerals and punctuation, whose character sets are costly to
build (0.1–4 ms each): a module defines dozens, and one command uses a few.  Functions of ``re``
that take a pattern (``re.sub(p, …)``) need a compiled one: pass ``p.compiled``.
"""

from __future__ import annotations

import re

_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
              "scanner", "flags", "groups", "groupindex")


class LazyPattern:
    __slots__ = ("pattern", "_flags", "__dict__")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    @property
    def compiled(self) -> re.Pattern:
        found = self.__dict__.get("_compiled")
        if found is None:
            found = re.compile(self.pattern, self._flags)
            self.__dict__["_compiled"] = found
            for name in _FORWARDED:
                self.__dict__[name] = getattr(found, name)
        return found

    def __getattr__(self, name: str):
        # Only names not yet on the stand-in arrive here: the first use compiles.
        if name in _FORWARDED:
            return getattr(self.compiled, name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self._flags!r})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:  # noqa: A001 — mirrors re.compile
    return LazyPattern(pattern, flags)
