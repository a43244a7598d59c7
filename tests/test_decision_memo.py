"""The memo of decisions already read (amend/decision/memo.py): what it gives back is what the
reader gives; a file that is not the memo's own, not private, or names anything outside
amend/ops.py is ignored; nothing is kept when the memo is turned off."""

from __future__ import annotations

import json
import os

import pytest

from amend.decision import memo, parser
from amend.resources import corpus_dir


def _bundled_decisions() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*/decision-*.txt"))]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("AMEND_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("AMEND_NO_MEMO", raising=False)
    return tmp_path / "cache"


def test_codec_round_trips_every_bundled_decision():
    texts = _bundled_decisions()
    assert texts
    for text in texts:
        decision = parser.parse_decision(text)
        data = json.loads(json.dumps(memo.encode(decision), ensure_ascii=False))
        assert memo.decode(data) == decision


def test_codec_round_trips_the_development_decisions(decisions_dev):
    from amend import triples

    seen = 0
    for t in triples.find(decisions_dev):
        try:
            decision = parser.parse_decision(t.decision.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        assert memo.decode(json.loads(json.dumps(memo.encode(decision)))) == decision, t.name
        seen += 1
    assert seen >= 50


def test_second_read_comes_from_the_memo(cache, monkeypatch):
    text = _bundled_decisions()[0]
    first = memo.parse_decision(text)
    entries = list((cache / "decisions").glob("*.json"))
    assert len(entries) == 1
    assert oct(os.stat(cache / "decisions").st_mode & 0o777) == "0o700"

    def no_reader(_source):
        raise AssertionError("the reader ran although the memo holds the decision")

    monkeypatch.setattr(parser, "parse_decision", no_reader)
    assert memo.parse_decision(text) == first


def test_a_changed_text_is_read_again(cache):
    text = _bundled_decisions()[0]
    memo.parse_decision(text)
    changed = text.replace("一、", "一、", 1) + "\n"
    assert memo.parse_decision(changed) == parser.parse_decision(changed)
    assert len(list((cache / "decisions").glob("*.json"))) == 2


@pytest.mark.parametrize("content", [
    "not json",
    json.dumps({"@": "system", "command": "rm -rf /"}),
    json.dumps({"@": "Ref", "written": "第一条"}),  # an ops value, but not a Decision
    json.dumps([1, 2, 3]),
])
def test_a_foreign_or_broken_entry_is_ignored(cache, content):
    text = _bundled_decisions()[0]
    expected = parser.parse_decision(text)
    path = memo._entry(memo._key(text))
    path.write_text(content, encoding="utf-8")
    assert memo.parse_decision(text) == expected


def test_an_entry_others_can_write_is_ignored(cache, monkeypatch):
    text = _bundled_decisions()[0]
    expected = memo.parse_decision(text)
    path = memo._entry(memo._key(text))
    tampered = memo.encode(expected)
    tampered["title"] = "篡改"
    path.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    os.chmod(path, 0o666)
    assert memo.parse_decision(text) == expected


def test_errors_are_not_kept(cache):
    from amend.decision import DecisionError

    with pytest.raises(DecisionError):
        memo.parse_decision("一、将第五条修改为")
    assert not list((cache / "decisions").glob("*.json"))


def test_turned_off(cache, monkeypatch):
    monkeypatch.setenv("AMEND_NO_MEMO", "1")
    memo.parse_decision(_bundled_decisions()[0])
    assert not (cache / "decisions").exists() or not list((cache / "decisions").glob("*.json"))


def test_the_folder_keeps_at_most_max_entries(cache, monkeypatch):
    monkeypatch.setattr(memo, "MAX_ENTRIES", 2)
    base = _bundled_decisions()[0]
    for k in range(4):
        memo.parse_decision(base + "\n" * (k + 1))
    assert len(list((cache / "decisions").glob("*.json"))) == 2
