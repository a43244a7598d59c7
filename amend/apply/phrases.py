"""Word-level edits inside the provisions a clause names.

Contract: each function takes the text holders of the target provisions (paragraphs, items,
subitems, headings — anything with a ``text: Text`` attribute), edits them in place through
``Text.replace`` (so the new words are marked fresh), and returns how many occurrences it
changed.  Nothing here decides whether zero or several occurrences are acceptable: the engine
does, because that depends on the clause's form ("将…中的“A”修改为“B”" finds one occurrence,
"统一修改为" and "本条例中的" replace all of them).
"""

from __future__ import annotations

import re

from amend import lazyre
from amend.apply.citations import book_titles
from amend.apply.working import Text

#: Where a sentence ends inside a paragraph (the mark stays with its sentence).
_SENTENCE = lazyre.compile(r"[^。；！？]*[。；！？]|[^。；！？]+$")


#: What follows a word inside a department's name: "农业农村等部门", "环境保护主管部门".
#: (a name is a noun phrase: no 的, no verb or preposition between the word and 部门)
_DEPARTMENT_TAIL = lazyre.compile(r"[^的应向由在对和与及或是为将，。；：（）“”]*?(?:部门|机构)")


def occurrences(text: str, phrase: str, outside_titles: bool = False, *, new: str | None = None,
                departments: bool = False) -> list[int]:
    """Start offsets of non-overlapping occurrences of ``phrase``, left to right; with
    ``outside_titles``, none inside the name of a document in 《》 (a whole-text edit — "将本条例
    中的“县”删去" — never rewrites the title of another law) unless the phrase has a 《 or 》;
    with ``new`` (a substitution whose new words contain the old: “农业”→“农业农村”), none that
    already stands inside those new words; with ``departments`` ("部门名称中的“农业”"), only
    those inside the name of a department or body."""
    out, at = [], text.find(phrase)
    while at >= 0 and phrase:
        out.append(at)
        at = text.find(phrase, at + len(phrase))
    k = new.find(phrase) if new else -1
    if k >= 0 and out:
        out = [at for at in out if text[at - k:at - k + len(new)] != new or at < k]
    if departments and not re.search("部门|机构", phrase):
        out = [at for at in out if _DEPARTMENT_TAIL.match(text, at + len(phrase))]
    if outside_titles and out and "《" in text and not any(c in phrase for c in "《》"):
        titles = book_titles(text)
        out = [at for at in out if not any(a < at and at + len(phrase) <= b for a, b in titles)]
    return out


def _in_holder(h, phrase: str, outside_titles: bool = False, *, old_only: bool = False,
               **where) -> list[int]:
    """``occurrences`` in a holder; with ``old_only``, none written by the decision itself (wholly
    inside a fresh span of the holder's ``Text``)."""
    found = occurrences(h.text.value, phrase, outside_titles, **where)
    if old_only and found:
        fresh = h.text.fresh
        found = [at for at in found
                 if not any(a <= at and at + len(phrase) <= b for a, b in fresh)]
    return found


def count(holders, phrase: str, outside_titles: bool = False, *, old_only: bool = False,
          **where) -> int:
    return sum(len(_in_holder(h, phrase, outside_titles, old_only=old_only, **where))
               for h in holders)


def prefer_old(holders, phrase: str, outside_titles: bool = False, **where) -> bool:
    """"将第十三条第一款中的第一处“计划生育”修改为“卫生健康”，删去“卫生”": a clause's words are the
    text's as it stood, so when the phrase occurs both in words an earlier clause wrote and in the
    old text, only the old ones are meant (true when there are old ones to prefer)."""
    old = count(holders, phrase, outside_titles, old_only=True, **where)
    return 0 < old < count(holders, phrase, outside_titles, **where)


def substitute(holders, old: str, new: str, outside_titles: bool = False,
               departments: bool = False, *, old_only: bool = False) -> int:
    """Replace every occurrence of ``old`` by ``new``."""
    done = 0
    for h in holders:
        for at in reversed(_in_holder(h, old, outside_titles, new=new, departments=departments,
                                      old_only=old_only)):
            h.text = h.text.replace(at, at + len(old), new)
            done += 1
    return done


class SpanView:
    """A span of a holder (one sentence, a quoted passage) edited in place as a holder of its own."""

    def __init__(self, holder, span: tuple[int, int]):
        self.holder, self.span = holder, span

    @property
    def text(self) -> Text:
        a, b = self.span
        return Text(self.holder.text.value[a:b])

    @text.setter
    def text(self, new: Text) -> None:
        a, b = self.span
        self.holder.text = self.holder.text.replace(a, b, new.value)
        self.span = (a, a + len(new.value))


def substitute_nth(holders, old: str, new: str, nth: int) -> bool:
    """中的第N处“A”修改为“B”: replace only the N-th occurrence (1-based, in text order)."""
    seen = 0
    for h in holders:
        found = occurrences(h.text.value, old)
        if seen + len(found) >= nth:
            at = found[nth - seen - 1]
            h.text = h.text.replace(at, at + len(old), new)
            return True
        seen += len(found)
    return False


def context_spans(holders, context: str):
    """删去“…A…”中的“A”: views of the quoted passage ``context`` in each holder that has it."""
    return [SpanView(h, (at, at + len(context)))
            for h in holders for at in reversed(occurrences(h.text.value, context))]


#: Words that join list members themselves: a word starting or ending with one brings its own.
_JOINERS = lazyre.compile(r"^(?:[、，,；;和及或与]|以及|或者|并且)|(?:[、，,；;和及或与]|以及|或者|等)$")


def _in_list(value: str, at: int, anchor: str) -> bool:
    """Whether the occurrence at ``at`` is a member of an enumeration ("…食品、婴幼儿配方乳粉的"):
    a 、 right before or right after it."""
    end = at + len(anchor)
    return (at > 0 and value[at - 1] == "、") or (end < len(value) and value[end] == "、")


def insert(holders, anchor: str, words: str, where: str) -> tuple[int, int]:
    """在“A”后增加“B” (``where`` after) / 在“A”前增加“B” (before), at every occurrence of A.
    "在…中的“婴幼儿配方乳粉”后增加“婴幼儿配方液态乳”" where A is a member of an enumeration
    ("保健食品、特殊医学用途配方食品、婴幼儿配方乳粉") adds a member: B takes the list's 、 with it
    unless it brings its own joiner.  Returns (occurrences, separators added)."""
    done = separated = 0
    joined = bool(_JOINERS.search(words)) or not words
    for h in holders:
        for at in reversed(occurrences(h.text.value, anchor)):
            pos = at + len(anchor) if where == "after" else at
            new = words
            if not joined and _in_list(h.text.value, at, anchor):
                new = "、" + words if where == "after" else words + "、"
                separated += 1
            h.text = h.text.replace(pos, pos, new)
            done += 1
    return done, separated


def delete(holders, phrase: str, position: str, outside_titles: bool = False, *,
           old_only: bool = False) -> int:
    """删去“A” (anywhere, every occurrence) / 删去末尾的“A” (``position`` end: only a final one).
    A word deleted out of an enumeration takes its 、 with it: 删除“县”的表述 makes "区、县和乡镇"
    "区和乡镇" and "县、区" "区"."""
    if position != "end":
        done = 0
        for h in holders:
            for at in reversed(_in_holder(h, phrase, outside_titles, old_only=old_only)):
                start, end = at, at + len(phrase)
                value = h.text.value
                if not phrase.startswith("、") and not phrase.endswith("、"):
                    if start > 0 and value[start - 1] == "、":
                        start -= 1
                    elif end < len(value) and value[end] == "、":
                        end += 1
                h.text = h.text.replace(start, end, "")
                done += 1
        return done
    return substitute_end(holders, phrase, "")


def substitute_end(holders, old: str, new: str) -> int:
    """末尾的“A”修改为“B” (and 删去末尾的“A”, ``new`` empty): ``old`` where it ends a holder's
    text (before a final 。；，, unless ``old`` is that mark itself); the number of holders changed."""
    done = 0
    for h in holders:
        value = h.text.value
        stem = value.rstrip("。；，")
        if value.endswith(old) or stem.endswith(old):
            end = len(value) if value.endswith(old) else len(stem)
            h.text = h.text.replace(end - len(old), end, new)
            done += 1
    return done


def append(holder, words: str, where: str) -> None:
    """末尾增加“…” (end) / 开始部分增加“…” (start)."""
    value = holder.text.value
    at = len(value) if where == "end" else 0
    holder.text = holder.text.replace(at, at, words)


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph (a sentence ends with 。；！？)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def sentence_span(text: str, selector: str) -> tuple[int, int] | None:
    """The span selected by "第二句", "最后一句", "后两句", "前一句" (None if there is none)."""
    from amend import numerals

    spans = sentences(text)
    m = re.fullmatch(r"(第|前|后|最后)([一二三四五六七八九十两]*)句", selector)
    if not m or not spans:
        return None
    how, num = m.group(1), m.group(2) or "一"
    n = numerals.cn_to_int(num)
    if how == "第":
        chosen = spans[n - 1: n] if n <= len(spans) else []
    elif how == "前":
        chosen = spans[:n] if n <= len(spans) else []
    else:
        chosen = spans[-n:] if n <= len(spans) else []
    if not chosen:
        return None
    return chosen[0][0], chosen[-1][1]


def replace_span(holder, span: tuple[int, int], new: str) -> None:
    holder.text = holder.text.replace(span[0], span[1], new)


__all__ = ["Text", "append", "count", "delete", "insert", "occurrences", "replace_span",
           "sentence_span", "sentences", "substitute"]
