"""The methods attrs writes for our value classes, compiled once per machine instead of per process.

Contract: ``from amend.codecache import attrs`` is ``import attrs`` — the same module object — and
makes sure that, in this process, the ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__``
attrs generates for a class of this package are compiled from their source at most once per
machine.  attrs writes those methods as Python source and compiles them each time a class is
created (about 0.5 ms a class, a hundred classes on a cold command: python-attrs/attrs#575).
Here the code objects are kept, with ``marshal`` as Python's own ``__pycache__`` keeps them, in
one file of the private per-user cache folder (amend/cachedir.py), named for the interpreter's
bytecode stamp, and read only when the file is private.  An entry is keyed by
SHA-256 of the generated source and its file name, so it is used only for the very source it was
compiled from.  The one per-process part of that source, the salted ``hash()`` of the class name
that ``__hash__`` mixes in, is read from a global of the method instead of a literal, with the same
value.  Classes of other packages are compiled as attrs does.  When attrs' internals are not as
expected (``_compile_and_eval``), nothing is changed.  New entries are written atomically when the
process ends; ``AMEND_NO_CODECACHE=1`` turns the cache off.  ``to_tuple`` is the converter our
classes use for tuple fields: with the builtin ``tuple`` as converter attrs parses its signature
from text (``inspect.signature``, 0.6 ms a field) each time a class is created.
"""

from __future__ import annotations

import atexit
import importlib.util
import marshal
import os
import sys
import types

import attrs
import attr._make as _make

from amend import cachedir

__all__ = ["attrs", "to_tuple"]

#: The file name attrs gives the methods of one class: "<attrs generated methods mod.Class>".
_PREFIX = "<attrs generated methods amend."
#: A file holding more entries than this is started again (classes renamed over many versions).
MAX_ENTRIES = 2048
_HASH_NAME = "_amend_type_hash"


def to_tuple(value) -> tuple:
    return tuple(value)


class _Cache:
    def __init__(self, original) -> None:
        self.original = original
        self.path = None
        self.entries: dict[bytes, object] = {}
        self.new: dict[bytes, object] = {}
        folder = cachedir.folder()
        if folder is None:
            return
        # Python's own bytecode stamp: marshalled code is read only by the Python that wrote it.
        # (Not attrs' version: asking for it imports importlib.metadata, 20 ms; the key is the
        # generated source itself.)
        tag = f"{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}"
        self.path = folder / f"attrs-methods-{tag}.marshal"
        if cachedir.private(self.path, directory=False):
            try:
                with open(self.path, "rb") as f:
                    loaded = marshal.loads(f.read())  # load(f) reads in small pieces: 10× slower
            except (OSError, EOFError, ValueError, TypeError):
                loaded = None
            if isinstance(loaded, dict):
                self.entries = loaded

    def compile_and_eval(self, script, globs, locs=None, filename=""):
        if not filename.startswith(_PREFIX) or globs is None:
            return self.original(script, globs, locs, filename)
        # "return hash((-943450463671217737, self.a, …))": the salted hash of the class's name.
        salted = str(hash("<attrs generated hash " + filename[len("<attrs generated methods "):]))
        literal = f" {salted},\n"
        if literal in script:
            if _HASH_NAME in script or script.count(literal) != 1:
                return self.original(script, globs, locs, filename)
            script = script.replace(literal, f" {_HASH_NAME},\n")
            globs[_HASH_NAME] = int(salted)
        key = cachedir.sha256(f"{filename}\0{script}".encode("utf-8", "surrogatepass")).digest()
        code = self.entries.get(key)
        if type(code) is not types.CodeType:
            code = compile(script, filename, "exec")
            self.new[key] = code
        eval(code, globs, locs)

    def save(self) -> None:
        if not self.new or self.path is None:
            return
        entries = {**self.entries, **self.new} if len(self.entries) < MAX_ENTRIES else dict(self.new)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                marshal.dump(entries, f)
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _install() -> None:
    original = getattr(_make, "_compile_and_eval", None)
    if (os.environ.get("AMEND_NO_CODECACHE") == "1" or original is None
            or getattr(original, "__qualname__", "") != "_compile_and_eval"):
        return
    cache = _Cache(original)
    _make._compile_and_eval = cache.compile_and_eval
    atexit.register(cache.save)


_install()
