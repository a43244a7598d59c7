"""Whole-corpus runs (issue 16): ``amend consolidate --corpus DIR --all`` and ``amend verify
--corpus DIR --jobs N`` give what one-by-one runs give, write only inside the output folder, and
say what is wrong with bad options."""

from __future__ import annotations

import json
import os

import pytest

from amend.cli import main
from amend.corpus import load_index
from amend.triples import consolidate_triple, find


def _summary(out: str) -> dict:
    data = json.loads(out)
    data.pop("output")
    return data


@pytest.mark.parametrize("day", ["2010-01-01", "2021-08-01", "2030-01-01"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_bundled_corpus_same_as_one_by_one(tmp_path, capsys, day, fmt):
    code = main(["consolidate", "--all", "--as-of", day, "--format", fmt, "-o", str(tmp_path)])
    summary = capsys.readouterr().out
    works = load_index()
    written = sorted(p.name for p in tmp_path.iterdir())
    ext = ".json" if fmt == "json" else ".txt"
    assert written == sorted(w.slug + ext for w in works)
    codes = []
    for w in works:
        codes.append(main(["consolidate", w.slug, "--as-of", day, "--format", fmt]))
        one = capsys.readouterr().out
        assert (tmp_path / (w.slug + ext)).read_text(encoding="utf-8") == one, w.slug
    assert code == max(codes)
    if fmt == "json":
        rows = json.loads(summary)["works"]
        assert [r["name"] for r in rows] == [w.slug for w in works]
        assert [r["ok"] for r in rows] == [c == 0 for c in codes]
    else:
        assert "合计 / total" in summary


def test_jobs_give_the_same_files_and_summary(tmp_path, capsys):
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        main(["consolidate", "--all", "--as-of", "2021-08-01", "--jobs", jobs, "--format", "json",
              "-o", str(out)])
        files = {p.name: p.read_bytes() for p in out.iterdir()}
        runs.append((_summary(capsys.readouterr().out), files))
    assert runs[0] == runs[1]


def test_development_triples_same_as_one_by_one(corpus_dev, tmp_path, capsys):
    """Each triple's file is ``consolidate_triple`` of that triple alone, with 1 or 2 jobs; and
    where no omnibus section has to be chosen, it is what ``amend apply BEFORE DECISION
    --partial`` prints."""
    import datetime as dt

    found = find(corpus_dev)
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        main(["consolidate", "--corpus", str(corpus_dev), "--all", "--as-of", "2030-01-01",
              "--jobs", jobs, "--format", "json", "-o", str(out)])
        summary = _summary(capsys.readouterr().out)
        runs.append((summary, {p.name: p.read_bytes() for p in out.iterdir()}))
    assert runs[0] == runs[1]
    summary, files = runs[0]
    assert [r["name"] for r in summary["works"]] == [t.name for t in found]
    for t, row in zip(found, summary["works"]):
        _, one = consolidate_triple(t, dt.date(2030, 1, 1), "json")
        assert files[row["file"]].decode("utf-8") == one, t.name
    same = 0
    for t, row in zip(found, summary["works"]):
        data = json.loads(files[row["file"]])
        main(["apply", str(t.before), str(t.decision), "--partial"])
        if capsys.readouterr().out == data["text"] + "\n":
            same += 1
    assert same >= len(found) - 2  # the rest name their regulation in an omnibus decision


def test_not_yet_in_force_triple_keeps_the_text_before(corpus_dev, tmp_path, capsys):
    main(["consolidate", "--corpus", str(corpus_dev), "--all", "--as-of", "1980-01-01",
          "--format", "json", "-o", str(tmp_path)])
    rows = json.loads(capsys.readouterr().out)["works"]
    assert {r["status"] for r in rows} == {"not_yet_in_force"}
    t = find(corpus_dev)[0]
    main(["show", str(t.before)])
    shown = capsys.readouterr().out
    assert json.loads((tmp_path / rows[0]["file"]).read_text(encoding="utf-8"))["text"] + "\n" \
        == shown


def test_verify_corpus_jobs_same_as_serial(corpus_dev, capsys):
    outs = []
    for jobs in ("1", "2"):
        code = main(["verify", "--corpus", str(corpus_dev), "--jobs", jobs, "--format", "json"])
        outs.append((code, capsys.readouterr().out))
    assert outs[0] == outs[1]


def test_writes_only_inside_the_output_folder(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    slug = load_index()[0].slug
    os.symlink(outside, out / f"{slug}.txt")
    code = main(["consolidate", "--all", "--as-of", "2021-08-01", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "outside the output folder" in err
    assert outside.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in out.iterdir()) == [f"{slug}.txt"]


@pytest.mark.parametrize("argv, says", [
    (["consolidate", "--all", "--as-of", "2021-08-01"], "needs -o OUTDIR"),
    (["consolidate", "吉林省城市供热条例", "--jobs", "2"], "--jobs goes with --all"),
    (["consolidate", "吉林省城市供热条例", "--all", "-o", "x"], "does not go with a WORK"),
    (["consolidate"], "need a WORK"),
])
def test_bad_batch_options(argv, says, capsys):
    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as info:
        main(["verify", "--corpus", ".", "--jobs", "0"])
    assert info.value.code == 2
    assert "1 to 256" in capsys.readouterr().err


def test_output_folder_that_is_a_file(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    assert main(["consolidate", "--all", "--as-of", "2021-08-01", "-o", str(f)]) == 2
    assert "cannot use the output folder" in capsys.readouterr().err
