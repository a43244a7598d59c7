"""Knock-on changes: differences between two versions that no one drafted as such.

Contract: two kinds, both decided from the texts alone.  ``renumbered_references(old_text,
new_text, numbers)`` says whether a line changed only because the articles it cites were
renumbered: every article reference of this text ("依照本条例第三十条", "第二十条第二项",
"第十九条之一") rewritten by ``numbers`` (old label → new label, for every paired article)
gives exactly the new line ("依照本条例第三十二条") — 条文序号调整引起的引用修改.  References to
another instrument ("《中华人民共和国刑法》第二百条、第二百零一条") are left as they are.
``layout_only(old, new)`` says whether two articles hold the same characters split into
paragraphs and items differently, as ``amend.verify`` classes it (paragraph boundaries only,
a layout difference of the source files).  changes.py marks lines and articles with these
(``knock_on`` "reference" / "layout"); the renderers say so.
"""

from __future__ import annotations

import re

from amend.model import Article

#: An article reference: "第三十条", "第一百零二条之一".
_REFERENCE = re.compile(r"第[〇零一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?")

#: What may stand between a book title and the references that follow it in one list:
#: "《刑法》第二百条、第二百零一条第二款和第二百零三条".
_CHAIN = re.compile(r"[第条款项目之、和及与或者至（）〇零一二三四五六七八九十百千两0-9]*$")


def _external(text: str, start: int) -> bool:
    """Whether the reference at ``start`` cites another instrument (it follows a book title)."""
    head = text[:start]
    return head[:len(head) - len(_CHAIN.search(head).group())].endswith("》")


def renumber(text: str, numbers: dict[str, str]) -> str:
    """``text`` with its own article references rewritten by ``numbers`` (all at once)."""
    def one(m: re.Match) -> str:
        if _external(text, m.start()):
            return m.group()
        return numbers.get(m.group(), m.group())

    return _REFERENCE.sub(one, text)


def renumbered_references(old_text: str, new_text: str, numbers: dict[str, str]) -> bool:
    """Whether ``old_text`` → ``new_text`` is only the renumbering of the articles it cites."""
    return old_text != new_text and renumber(old_text, numbers) == new_text


def layout_only(old: Article, new: Article) -> bool:
    """Whether two articles differ only in how their words are split into paragraphs."""
    from amend.verify import layout_only as same_words  # verify imports amend.diff: here, late

    return old.paragraphs != new.paragraphs and same_words(old, new)
