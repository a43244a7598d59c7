"""The web pages of ``amend serve`` (app.py): works, text as of a date, compare, draft."""
