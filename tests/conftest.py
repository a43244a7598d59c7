"""Shared fixtures: where ../shared is, and skips when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AMEND_SHARED", REPO.parent / "shared"))
CORPUS_DEV = SHARED / "corpus-dev"
DECISIONS_DEV = SHARED / "decisions-dev"
SEEDS = SHARED / "seeds"
CASES = Path(__file__).resolve().parent / "cases"


def _need(path: Path) -> Path:
    if not path.is_dir():
        pytest.skip(f"{path} is absent (tests that read ../shared skip on a bare clone)")
    return path


@pytest.fixture(scope="session")
def corpus_dev() -> Path:
    return _need(CORPUS_DEV)


@pytest.fixture(scope="session")
def modified_lines(corpus_dev) -> list[tuple[str, str]]:
    """(old, new) of every modified line of the redlines of 民事诉讼法 and 反垄断法 (their first two
    versions): real pairs for comparing the diff engines."""
    from amend.diff import compare, textdiff
    from amend.structure import parse_source

    pairs = []
    for folder in ("民事诉讼法", "反垄断法"):
        files = sorted(p for p in (corpus_dev / folder).glob("*.md") if p.name[0].isdigit())
        old, new = (parse_source(p.read_text(encoding="utf-8")).regulation for p in files[:2])
        pairs += [(textdiff.side(line.segments, "-"), textdiff.side(line.segments, "+"))
                  for change in compare(old, new).articles for line in change.lines
                  if line.kind == "modified"]
    return pairs


@pytest.fixture(scope="session")
def decisions_dev() -> Path:
    return _need(DECISIONS_DEV)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return _need(SEEDS)
