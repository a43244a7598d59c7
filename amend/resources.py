"""The one place that finds the project's data directories: grammar/, renderers/ and corpus/.

Contract: each function returns an existing directory.  In an installed wheel the directories
are shipped inside the package (``amend/grammar`` …); in a source checkout (editable install or
``PYTHONPATH=.``) they are the top-level folders beside ``amend/``.  ``AMEND_CORPUS`` overrides
the corpus location.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"找不到 {name}/ 目录 / cannot find the {name}/ directory next to {_PACKAGE}"
    )


def grammar_dir() -> Path:
    return _find("grammar")


def renderers_dir() -> Path:
    return _find("renderers")


def corpus_dir() -> Path:
    override = os.environ.get("AMEND_CORPUS")
    if override:
        return Path(override)
    return _find("corpus")
