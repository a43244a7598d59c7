"""The data directories are found, and shipped inside the package when it is installed."""

from __future__ import annotations

from pathlib import Path

import lark

import amend
from amend.resources import corpus_dir, grammar_dir, renderers_dir


def test_data_directories_exist():
    assert (grammar_dir() / "common.lark").is_file()
    assert (renderers_dir() / "outline.txt.j2").is_file()
    assert any(corpus_dir().glob("*/manifest.toml"))


def test_installed_package_carries_its_data():
    package = Path(amend.__file__).resolve().parent
    if "site-packages" not in package.parts:
        return  # running from a checkout: the top-level folders are used (checked above)
    for name in ("grammar", "renderers", "corpus"):
        assert (package / name).is_dir(), f"{name}/ missing from the installed wheel"


def test_common_grammar_terminals_load():
    grammar = (grammar_dir() / "common.lark").read_text(encoding="utf-8")
    parser = lark.Lark(
        grammar + "\nstart: ARTICLE_LABEL ITEM_LABEL?\n", parser="lalr", strict=True
    )
    tree = parser.parse("第一百二十条之一第三项")
    assert [str(t) for t in tree.children] == ["第一百二十条之一", "第三项"]
