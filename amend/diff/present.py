"""Presenting a redline context (context.py) as terminal text, Markdown, HTML or a Word file.

Contract: every function takes the one dict ``redline_context`` built and returns the output
(str, or bytes for .docx); the Jinja2 templates in renderers/ do the presenting (HTML is
autoescaped; undefined values are errors), except the Word document, which python-docx builds
(docx.py, an optional extra: ``pip install 'amend[docx]'``).  Terminal colours are chosen by the
caller (``color=True``: ANSI green/red; otherwise the plain markers [+…+] and [-…-]).
"""

from __future__ import annotations

from amend.render import template

#: Open/close strings for inserted ("+"), deleted ("-") and unknown ("?") text.
ANSI = {"+": ("\x1b[32;4m", "\x1b[0m"), "-": ("\x1b[31;9m", "\x1b[0m"), "?": ("\x1b[2m", "\x1b[0m")}
PLAIN = {"+": ("[+", "+]"), "-": ("[-", "-]"), "?": ("", "")}


def text(ctx: dict, *, color: bool = False) -> str:
    return template("diff.txt.j2").render(**ctx, markup=ANSI if color else PLAIN).rstrip("\n") + "\n"


def markdown(ctx: dict) -> str:
    return template("diff.md.j2").render(**ctx).rstrip("\n") + "\n"


def html(ctx: dict) -> str:
    """The redline as one self-contained HTML page (inline CSS, no network)."""
    return template("diff.html.j2").render(**ctx)


def table_html(ctx: dict) -> str:
    """The 修改前后对照表 as one self-contained HTML page."""
    return template("table.html.j2").render(**ctx)


def docx(ctx: dict) -> bytes:
    """The 修改前后对照表 as a Word document (A4)."""
    from amend.diff.docx import comparison_table

    return comparison_table(ctx)


def preview_html(ctx: dict) -> str:
    """A drafter's preview (amend.views.preview_context) as one self-contained page."""
    redline = ctx["redline"]
    return template("preview.html.j2").render(
        **ctx, redline_html=html(redline) if redline else "",
        table_html=table_html(redline) if redline else "")
