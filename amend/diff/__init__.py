"""Redlines: align two versions, diff the paired provisions, and describe the changes.

``compare(old, new, link=None)`` → ``Changes`` (changes.py); ``Link.from_result`` ties the
versions to the decision between them (link.py); ``align`` pairs units (align.py);
``textdiff.diff`` gives inline segments.
"""

from amend.diff.align import Known, Pair, Unit, align
from amend.diff.changes import KINDS, ArticleChange, Changes, Line, compare
from amend.diff.link import Cause, Link

__all__ = ["KINDS", "ArticleChange", "Cause", "Changes", "Known", "Line", "Link", "Pair", "Unit",
           "align", "compare"]
