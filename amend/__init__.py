"""amend — a regulatory amendment and versioning engine for Chinese law.

Public entry points: ``amend.normalise.normalise`` (clean text with an offset map),
``amend.structure.parse`` / ``parse_source`` / ``render`` (text ↔ ``amend.model.Regulation``),
``amend.corpus`` (the bundled works) and the ``amend`` command (``amend.cli``).
"""

__version__ = "0.1.0"
