"""The private per-user cache folder, and the test of a private file.

Contract: ``folder()`` is $AMEND_CACHE, else $XDG_CACHE_HOME/amend, else ~/.cache/amend, created
0700, or None when there is none or it is not private (a folder another user owns or can write:
never a shared temp folder another user could create first).  ``private(path, directory=…)``
says whether a path is a real (not symlinked) folder or file owned by this user that no other
user can write.  Everything the engine keeps between processes (the compiled grammar,
amend/decision/grammar.py; decisions already read, amend/decision/memo.py) lives here and is
read only when ``private`` holds.  ``sha256`` is ``hashlib.sha256`` for the keys of those files,
taken from CPython's own implementation when there is one: importing hashlib loads OpenSSL
(4–5 ms of a cold command).  No third-party import: cheap on every command's cold path.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

try:  # CPython 3.11; 3.12 renamed it _sha2
    from _sha256 import sha256
except ImportError:
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256


def folder() -> Path | None:
    env = os.environ.get("AMEND_CACHE")
    try:
        if env:
            where = Path(env)
        else:
            base = os.environ.get("XDG_CACHE_HOME")
            where = (Path(base) if base and os.path.isabs(base) else Path.home() / ".cache") / "amend"
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home, read-only file system, …
        return None
    return where if private(where, directory=True) else None


def private(path: Path, *, directory: bool) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not (stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)):
        return False
    if not hasattr(os, "getuid"):  # Windows: the per-user profile folders are private
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
