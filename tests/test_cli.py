"""The amend command: show, ingest, exit codes, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import attrs
import pytest

try:
    import tomllib
except ModuleNotFoundError:
    import tomli as tomllib

from amend import __version__
from amend.cli import main
from amend.corpus import load_index, load_work


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_text(capsys):
    code, out, err = run(capsys, "show", "吉林省城市供热条例")
    assert code == 0 and err == ""
    lines = out.split("\n")
    assert lines[0] == "吉林省城市供热条例"
    assert "第一章 总则" in lines
    assert sum(1 for line in lines if line.startswith("第") and "条 " in line[:8]) == 39


def test_show_json_shape(capsys):
    code, out, _ = run(capsys, "show", "城市供热条例", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["title"] == "吉林省城市供热条例"
    assert len(data["articles"]) == 39 and len(data["chapters"]) == 7
    art6 = data["articles"][5]
    assert (art6["label"], art6["number"], art6["sub"], art6["chapter"]) == ("第六条", 6, 0, "第一章")
    assert len(art6["paragraphs"][0]["items"]) == 6
    assert art6["paragraphs"][0]["items"][0] == {
        "label": "（一）", "text": "审核、发放《经营许可证》；", "subitems": []}
    assert data["warnings"] == []


def test_show_file_reports_warnings(capsys, tmp_path):
    work = next(w for w in load_index() if w.slug == "吉林省城市供热条例")
    path = tmp_path / "heating.txt"
    path.write_text(work.read_raw("republished-2021-07-30"), encoding="utf-8")
    code, out, err = run(capsys, "show", str(path), "--format", "json")
    assert code == 0
    assert [w["code"] for w in json.loads(out)["warnings"]] == ["missing-first-chapter"]
    code, out, err = run(capsys, "show", str(path))
    assert "missing-first-chapter" in err


def test_show_outline(capsys):
    code, out, _ = run(capsys, "show", "吉林省城市供热条例", "--format", "outline")
    assert code == 0
    assert "第六章 法律责任  第三十二条–第三十八条（7条）" in out
    assert "共39条，7章" in out


def test_bad_input_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "show", "不存在的条例")
    assert code == 2 and "no work named" in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x81\x30\xff bad bytes")  # no BOM, not UTF-8, not GB18030
    code, _, err = run(capsys, "show", str(bad))
    assert code == 2 and "bad.txt" in err and "cannot decode" in err
    orphan = tmp_path / "orphan.txt"
    orphan.write_text("某条例\n第一章 总则\n无法归属的文字。\n第一条 为了。\n", encoding="utf-8")
    code, _, err = run(capsys, "show", str(orphan))
    assert code == 2 and "line 3" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_ingest_reproduces_the_bundled_corpus(seeds, tmp_path, capsys):
    for seed in sorted(seeds.glob("*.txt")):
        assert main(["ingest", str(seed), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    bundled = {w.slug: w for w in load_index()}
    made = {p.name for p in tmp_path.iterdir()}
    assert made == set(bundled)
    for slug in sorted(made):
        fresh, kept = load_work(tmp_path / slug), bundled[slug]
        # build_corpus.py adds the engine's derived 2004 heating text as the enactment's text
        assert fresh.events == tuple(attrs.evolve(e, text="") if e.text.startswith("derived-")
                                     else e for e in kept.events)
        for text in kept.texts:
            if text.role == "derived":
                continue
            assert fresh.read_raw(text.id) == kept.read_raw(text.id)
            if not any(c.kind == "insert-line" for c in text.corrections):
                assert fresh.read(text.id) == kept.read(text.id)
    # the one hand-recorded correction is the 第一章 heading of the heating regulation
    manifest = tomllib.loads((bundled["吉林省城市供热条例"].path / "manifest.toml").read_text())
    assert [c["line"] for t in manifest["texts"] for c in t.get("corrections", [])] == ["第一章 总则"]


def test_ingest_of_an_issue_without_documents(seeds, tmp_path, capsys):
    assert main(["ingest", str(seeds / "001_dc2852f457b996d2.txt"), "--out", str(tmp_path)]) == 0
    assert "no amendment decision" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_output_is_deterministic_across_hash_seeds(tmp_path):
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-m", "amend.cli", "show", "吉林省城市供热条例", "--format", "json"],
            capture_output=True, env=env, check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
