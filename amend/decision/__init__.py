"""Reading amendment instruments: grammar, construction of operations, diagnostics.

``parse_decision(text)`` returns a ``Decision`` (amend/ops.py) or raises ``DecisionError``.
"""

from amend.decision.diagnose import DecisionError
from amend.decision.parser import parse_decision, parse_items

__all__ = ["DecisionError", "parse_decision", "parse_items"]
