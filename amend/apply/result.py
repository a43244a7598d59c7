"""What applying a decision returns.

Contract: ``ApplyResult`` holds the amended ``Regulation``, the old → new number maps for
articles, paragraphs and items (``None`` = the provision is gone), the articles that were split
into several, a ``LogEntry`` per operation (decision item, what was done, to which provision, in
old and new numbering) and the ``ApplyWarning`` values.  Maps are plain dicts built in document
order, so iterating them is deterministic.  Keys: article (number, sub); paragraph
((number, sub), index); item ((number, sub), paragraph, index).  A paragraph that became a whole
article (第十三条第二款改为第十六条) maps to ((16, 0), None).
"""

from __future__ import annotations

from amend.codecache import attrs

from amend.apply.errors import ApplyWarning
from amend.model import Regulation

ArticleKey = tuple[int, int]
ParagraphKey = tuple[ArticleKey, int]
ItemKey = tuple[ArticleKey, int, int]


@attrs.frozen
class LogEntry:
    """One thing the engine did: ``action`` is a stable word (inserted, replaced, deleted,
    renumbered, substituted, …), ``old``/``new`` the provision's labels before and after, and
    ``detail`` a short bilingual description (counts of phrases replaced, etc.)."""

    item: str | None
    action: str
    old: str | None
    new: str | None
    detail: str = ""
    clause: str = ""


@attrs.frozen
class ApplyResult:
    regulation: Regulation
    articles: dict[ArticleKey, ArticleKey | None]
    paragraphs: dict[ParagraphKey, tuple[ArticleKey, int | None] | None]
    items: dict[ItemKey, ItemKey | None]
    splits: dict[ArticleKey, tuple[ArticleKey, ...]]
    added: tuple[ArticleKey, ...]  # final keys of inserted articles
    log: tuple[LogEntry, ...]
    warnings: tuple[ApplyWarning, ...]
    #: final article key → the decision items that changed it (provenance for redlines)
    provenance: dict[ArticleKey, tuple[str, ...]] = attrs.Factory(dict)
    #: final article key → the words the decision wrote into it (for verification)
    written: dict[ArticleKey, tuple[str, ...]] = attrs.Factory(dict)
    #: division renumbering, (kind, old number) → new number, for kinds numbered across the text
    divisions: dict[tuple[str, int], int] = attrs.Factory(dict)
    #: old article key → the item that replaced it wholesale ("将第三十条修改为：…")
    replaced: dict[ArticleKey, str | None] = attrs.Factory(dict)
    #: old article key → the item that deleted it ("删去第十条")
    removed: dict[ArticleKey, str | None] = attrs.Factory(dict)

    def renumbered(self) -> dict[ArticleKey, ArticleKey]:
        """Surviving articles whose number changed."""
        return {k: v for k, v in self.articles.items() if v is not None and v != k}
