"""Applying decisions: ``apply`` (regulation + decision → ApplyResult) and ``invert``.

See ``engine`` for the contract; ``ApplyError`` is raised for any operation that cannot be
applied exactly.
"""

from amend.apply.engine import apply
from amend.apply.errors import ApplyError, ApplyWarning
from amend.apply.result import ApplyResult, LogEntry

__all__ = ["ApplyError", "ApplyResult", "ApplyWarning", "LogEntry", "apply"]
