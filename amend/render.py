"""View contexts: one plain dict per view, built from frozen values; JSON output is that dict.

Contract: ``show_context(parsed)`` describes a parsed regulation in the shape other tools rely
on — ``{"title", "note", "chapters": [...], "articles": [{"label", "number", "sub", "id",
"chapter", "section", "paragraphs": [{"text", "items": [{"label", "text", "subitems"}]}]}],
"warnings": [...]}`` — with lists in document order and no set iteration, so output is
deterministic.  Templates in renderers/ only present such dicts.
"""

from __future__ import annotations

import functools
import re

import jinja2

from amend.model import Item, Subitem
from amend.resources import renderers_dir
from amend.structure import Parsed

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#&])")
#: What opens a block at the start of a line: list bullets, ordered-list numbers, setext rules.
_MARKDOWN_BLOCK_START = re.compile(r"^([-+=]|\d{1,9}(?=[.)]))")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")


def markdown_escape(text: str) -> str:
    """Text shown literally in Markdown, inline: its syntax characters (and ``&``, which would
    start an entity) backslash-escaped, a block marker at its start neutralised, and a line
    break shown as ⏎ — a break would let the text open a block of its own (a list, a heading, a
    fence) and so step out of the place the template gives it."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LINE_BREAKS.sub("⏎", text)
    if m := _MARKDOWN_BLOCK_START.match(text):
        end = m.end()
        text = text[:end] + "\\" + text[end:] if m.group(1)[0].isdigit() else "\\" + text
    return text


_BACKTICKS = re.compile(r"`+")


def markdown_fence(text: str) -> str:
    """``text`` as a fenced code block whose fence is longer than any run of backticks inside
    it, so that no line of the text can close the block (a law text holding ```)."""
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


@functools.cache
def _environment(folder: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "html.j2"]),
        keep_trailing_newline=False,
    )
    env.filters["md"] = markdown_escape
    env.filters["fence"] = markdown_fence
    return env


def template(name: str) -> jinja2.Template:
    """A template from renderers/ (StrictUndefined: a missing value is an error, not a blank;
    HTML autoescaped; the ``md`` filter escapes Markdown)."""
    return _environment(str(renderers_dir())).get_template(name)


def _subitems(nodes: tuple[Subitem, ...]) -> list[dict]:
    return [{"label": s.label, "text": s.text, "subitems": _subitems(s.children)} for s in nodes]


def _item(item: Item) -> dict:
    return {"label": item.label, "text": item.text, "subitems": _subitems(item.subitems)}


def show_context(parsed: Parsed) -> dict:
    reg = parsed.regulation
    located = reg.located
    labels_by_chapter: dict[int, list[str]] = {}
    for loc in located:
        if loc.chapter is not None:
            labels_by_chapter.setdefault(id(loc.chapter), []).append(loc.article.label)
    chapters = [
        {"label": ch.label, "number": ch.number, "name": ch.name, "heading": ch.heading,
         "articles": labels_by_chapter.get(id(ch), [])}
        for ch in reg.chapters()
    ]
    return {
        "title": "".join(reg.title),
        "title_lines": list(reg.title),
        "note": list(reg.note.lines) if reg.note else [],
        "preamble": list(reg.preamble.paragraphs) if reg.preamble else [],
        "chapters": chapters,
        "articles": [
            {
                "label": loc.article.label,
                "number": loc.article.number,
                "sub": loc.article.sub,
                "id": loc.id,
                "chapter": loc.chapter.label if loc.chapter else None,
                "section": loc.section.label if loc.section else None,
                "paragraphs": [
                    {"text": p.text, "items": [_item(i) for i in p.items]}
                    for p in loc.article.paragraphs
                ],
            }
            for loc in located
        ],
        "attachments": [{"heading": a.heading, "lines": list(a.lines)} for a in reg.attachments],
        "warnings": [
            {"code": w.code, "message": w.message, "line": w.line} for w in parsed.warnings
        ],
    }
