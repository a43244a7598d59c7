"""Decisions already read, remembered between processes.

Contract: ``parse_decision(source)`` returns what ``amend.decision.parser.parse_decision`` returns
for ``source`` — the same ``Decision``, equal field for field — and raises the same
``DecisionError``.  When the same text was read before by the same reader, the ``Decision`` comes
from a JSON file in the private per-user cache folder (amend/cachedir.py) and neither Lark nor the
grammar is loaded: a cold ``amend consolidate`` then spends its time on the text, not on the
parser.  The file is keyed by SHA-256 of the text and of a fingerprint of the reader itself (the
grammar files, every Python source of the package and Lark's version file, by size and time of
change as Python's own bytecode cache judges them), so any change to the reader makes older
entries unreachable.  JSON, never pickle: decoding builds only the classes of
amend/ops.py, by keyword, and runs no code; a file that is not private, not decodable, or decodes
to anything else is ignored and the text is read again.  A ``Decision`` is stored only when it
decodes back equal to itself; errors are not stored.  Entries are written atomically; the folder
keeps at most ``MAX_ENTRIES`` (the oldest go).  ``AMEND_NO_MEMO=1`` turns the memo off.
"""

from __future__ import annotations

import datetime
import functools
import importlib.util
import json
import os
from pathlib import Path

from amend.codecache import attrs

from amend import cachedir, ops
from amend.ops import Decision
from amend.resources import grammar_dir

MAX_ENTRIES = 512
#: Bump when the file layout changes.
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent.parent
#: The classes a file may name: the frozen values of amend/ops.py, nothing else.
_CLASSES = {name: cls for name, cls in vars(ops).items()
            if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == ops.__name__}


def parse_decision(source: str) -> Decision:
    key = _key(source)
    path = _entry(key)
    if path is not None:
        found = _load(path)
        if found is not None:
            return found
    from amend.decision.parser import parse_decision as read

    decision = read(source)
    if path is not None:
        _store(path, decision)
    return decision


# ---------------------------------------------------------------- the key

@functools.cache
def _fingerprint() -> str:
    """What the reader is: its grammar, its code, and Lark's version file, each by name, size
    and modification time in nanoseconds — the rule by which Python itself knows a module's
    bytecode is stale (it uses whole seconds), without reading the 1.5 MB of sources."""
    h = cachedir.sha256(f"memo {FORMAT}\n".encode())
    files = _sources(str(_PACKAGE), ".py") + _sources(str(grammar_dir()), ".lark", walk=False)
    spec = importlib.util.find_spec("lark")
    if spec is not None and spec.origin:
        files.append(spec.origin)
    for f in files:
        try:
            st = os.stat(f)
            stamp = f"{st.st_size} {st.st_mtime_ns}"
        except OSError:
            stamp = "?"
        h.update(f"{f}\0{stamp}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _sources(folder: str, suffix: str, *, walk: bool = True) -> list[str]:
    """The files ending in ``suffix`` in ``folder`` (and, with ``walk``, below it), sorted."""
    found = []
    for where, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__") if walk else []
        found.extend(os.path.join(where, n) for n in sorted(names) if n.endswith(suffix))
    return found


def _key(source: str) -> str:
    h = cachedir.sha256(_fingerprint().encode("ascii"))
    h.update(source.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _entry(key: str) -> Path | None:
    if os.environ.get("AMEND_NO_MEMO"):
        return None
    where = cachedir.folder()
    if where is None:
        return None
    sub = where / "decisions"
    try:
        sub.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    if not cachedir.private(sub, directory=True):
        return None
    return sub / f"{key}.json"


def _load(path: Path) -> Decision | None:
    if not os.path.lexists(path) or not cachedir.private(path, directory=False):
        return None
    try:
        found = decode(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return found if isinstance(found, Decision) else None


def _store(path: Path, decision: Decision) -> None:
    try:
        data = encode(decision)
        if decode(data) != decision:
            return
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        import tempfile  # storing only

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except (OSError, TypeError, ValueError, UnicodeError):
        return  # a memo that cannot be written is only a slower next start


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= MAX_ENTRIES:
        return
    def age(p: Path) -> tuple[float, str]:
        try:
            return p.stat().st_mtime, p.name
        except OSError:
            return 0.0, p.name
    for old in sorted(entries, key=age)[: len(entries) - MAX_ENTRIES]:
        old.unlink(missing_ok=True)


# ---------------------------------------------------------------- the codec

def encode(value):
    """A ``Decision`` (or any value inside one) as JSON data: an attrs value is
    {"@": class name, field: …}, a tuple a list, a date {"@date": ISO}."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, tuple):
        return [encode(v) for v in value]
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return {"@date": value.isoformat()}
    cls = type(value)
    if _CLASSES.get(cls.__name__) is cls:
        out = {"@": cls.__name__}
        for field in attrs.fields(cls):
            out[field.name] = encode(getattr(value, field.name))
        return out
    raise TypeError(f"cannot remember a {cls.__name__}")


def decode(data):
    if data is None or isinstance(data, (bool, int, str)):
        return data
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if isinstance(data, dict):
        if "@date" in data:
            return datetime.date.fromisoformat(data["@date"])
        cls = _CLASSES[data["@"]]
        names = {f.name for f in attrs.fields(cls)}
        return cls(**{k: decode(v) for k, v in data.items() if k != "@" and k in names})
    raise TypeError(f"unexpected {type(data).__name__} in a remembered decision")
