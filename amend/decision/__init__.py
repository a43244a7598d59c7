"""Reading amendment instruments: grammar, construction of operations, diagnostics.

``parse_decision(text)`` returns a ``Decision`` (amend/ops.py) or raises ``DecisionError``.
The reader (and Lark) is imported on first use, so that modules needing only ``DecisionError``
do not pay for it.
"""

from amend.decision.diagnose import DecisionError

__all__ = ["DecisionError", "parse_decision", "parse_items"]


def __getattr__(name: str):
    if name in ("parse_decision", "parse_items"):
        from amend.decision import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
