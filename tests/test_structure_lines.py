"""Structure parser hardening (issue 13, points 4 and 9).

* Source lines of warnings: a text with thousands of anomalous lines gets every warning's line
  right in the *source* (blank lines, CRLF and full-width spaces removed by normalisation shift
  the normalised lines) — with the line starts indexed once, not rescanned per warning (no timing
  is asserted here; benchmarks/ measure).
* A label whose numeral cannot be read ("第四五条", "第百章", "（五五）", "第零条") is a
  ``StructureError`` naming the line, in Chinese and English — never a bare ``ValueError`` from
  the numeral parser; a label run into its text ("第四五条规定…") is just text.
"""

from __future__ import annotations

import random

import pytest

from amend.structure import StructureError, parse, parse_source

N = 16_000


def _anomalous_source(n: int, seed: int = 13) -> tuple[str, list[int]]:
    """A title and ``n`` articles all labelled 第一条, separated by a random number of blank
    lines, some with CRLF or a full-width space; the 1-based source line of each article."""
    rng = random.Random(seed)
    lines = ["示例条例"]
    at = []
    for k in range(n):
        lines.extend([""] * rng.choice((0, 0, 1, 2)))
        space = rng.choice((" ", "\u3000", "  "))
        lines.append(f"第一条{space}内容{k}。" + ("\r" if rng.random() < 0.3 else ""))
        at.append(len(lines))
    return "\n".join(lines) + "\n", at


def test_every_warning_of_many_anomalous_lines_names_its_source_line():
    source, at = _anomalous_source(N)
    parsed = parse_source(source)
    duplicates = [w.line for w in parsed.warnings if w.code == "article-duplicate"]
    assert duplicates == at[1:]  # every 第一条 after the first, at its own source line
    assert len(parsed.regulation.articles()) == N


def test_source_line_agrees_with_the_normalised_text_mapping():
    source, _ = _anomalous_source(500, seed=7)
    parsed = parse_source(source)
    norm = parsed.normalised
    starts = [0] + [i + 1 for i, ch in enumerate(norm.text) if ch == "\n"]
    lines = list(range(1, len(starts) + 1))
    assert parsed.source_lines(lines) == [norm.source_line(starts[k - 1]) for k in lines]
    assert [parsed.source_line(k) for k in (1, 2, len(lines))] == \
        [norm.source_line(starts[k - 1]) for k in (1, 2, len(lines))]


@pytest.mark.parametrize("text, line, fragment", [
    ("某条例\n第一条 甲。\n第四五条 乙。", 3, "第四五条"),
    ("某条例\n第百条 甲。", 2, "第百条"),
    ("某条例\n第一条 甲。\n第二条之十十 乙。", 3, "第二条之十十"),
    ("某条例\n第零条 甲。", 2, "第零条"),
    ("某条例\n第百章 总则\n第一条 甲。", 2, "第百章"),
    ("某条例\n第一章 总则\n第一条 甲。\n第零章 附则\n第二条 乙。", 4, "第零章"),
    ("某条例\n第一条 甲：\n（五五）乙；", 3, "（五五）"),
    ("某条例\n第一条 甲：\n（千）乙；", 3, "（千）"),
    ("某条例\n一一、总则\n第一条 甲。", 2, "一一、"),
])
def test_unreadable_label_is_a_structure_error_with_its_line(text, line, fragment):
    with pytest.raises(StructureError) as info:
        parse(text)
    error = info.value
    assert error.line == line
    assert fragment in error.zh and fragment in error.en
    assert str(error).startswith(f"第{line}行：") and f" / line {line}: " in str(error)


def test_label_run_into_its_text_with_an_unreadable_numeral_is_text():
    parsed = parse("某条例\n第一条 甲。\n第四五条规定的事项除外。")
    (article,) = parsed.regulation.articles()
    assert [p.text for p in article.paragraphs] == ["甲。", "第四五条规定的事项除外。"]


def test_text_before_the_first_article_is_a_structure_error():
    with pytest.raises(StructureError) as info:
        parse("某条例\n第一章 总则\n无法归属的文字。\n第一条 为了。")
    assert info.value.line == 3 and "无法归属" in info.value.zh
