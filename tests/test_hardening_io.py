"""Issue 13, the command's input and output: ingest writes only inside --out (points 2), -o is
atomic (3), encodings (5), control characters on a terminal (7), the decision's reading warnings
(8), exit codes (10), and no traceback for bad input."""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from amend import cli
from amend.cli import main
from amend.corpus import CorpusError, load_work
from amend.ingest import MAX_NAME_BYTES, IngestError, folder_name
from amend.textio import decode, escape_controls, write_atomic

REPO = Path(__file__).resolve().parent.parent

REGULATION = """{title}
（2020年1月1日某省第一届人民代表大会常务委员会第一次会议通过）
第一条 为了测试，制定本条例。
第二条 本条例自2020年1月1日起施行。
"""

BASE = "某条例\n第一条 为了测试，制定本条例。\n第二条 本条例自2020年1月1日起施行。\n"
#: item 一 never closes its quote: read with an "unclosed-quote" warning
DECISION = ("某机关关于修改《某条例》的决定\n"
            "一、将第一条修改为：“第一条 为了规范管理，制定本条例。\n"
            "二、将第二条中的“2020年1月1日”修改为“2021年1月1日”。\n")
EXPECTED = "某条例\n第一条 为了规范管理，制定本条例。\n第二条 本条例自2021年1月1日起施行。\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---- point 2: ingest writes only inside --out ---------------------------------------------------


@pytest.mark.parametrize("title, folder", [
    ("../../escaped/evil条例", "escaped_evil条例"),
    ("..\\..\\escaped\\evil条例", "escaped_evil条例"),
    (".hidden条例", "hidden条例"),
    ("某\x1b]0;x\x07条例", "某]0;x条例"),
    ("吉林省安全生产信用分类分级管理办法（试行）", "吉林省安全生产信用分类分级管理办法（试行）"),
])
def test_folder_name_is_one_safe_component(title, folder):
    assert folder_name(title) == folder


def test_folder_name_cuts_long_titles_apart():
    a, b = "甲" * 200 + "条例", "甲" * 199 + "乙条例"
    name_a, name_b = folder_name(a), folder_name(b)
    assert len(name_a.encode()) <= MAX_NAME_BYTES and len(name_b.encode()) <= MAX_NAME_BYTES
    assert name_a != name_b and re.search(r"-[0-9a-f]{8}$", name_a)


@pytest.mark.parametrize("title", ["..", "/", "...//..", " . ", "\x00\x1b"])
def test_folder_name_refuses_what_leaves_nothing(title):
    with pytest.raises(IngestError, match="folder name"):
        folder_name(title)


@pytest.mark.parametrize("title", ["../../escaped/evil条例", "ABSOLUTE/evil条例"])
def test_ingest_never_writes_outside_out(capsys, tmp_path, title):
    title = title.replace("ABSOLUTE", str(tmp_path / "abs"))
    gazette = write(tmp_path / "g.txt", REGULATION.format(title=title))
    out = tmp_path / "a" / "b" / "out"
    code, stdout, err = run(capsys, "ingest", gazette, "--out", out)
    assert code == 0, err
    assert tree(tmp_path) - {"g.txt", "a", "a/b"} == {"a/b/out", *(f"a/b/out/{p}" for p in tree(out))}
    (folder,) = out.iterdir()
    assert folder.name.endswith("evil条例") and "/" not in folder.name
    work = load_work(folder)
    assert work.title == title and work.slug == folder.name


def test_ingest_decision_target_with_dots_stays_inside(capsys, tmp_path):
    gazette = write(tmp_path / "g.txt", "某省人民代表大会常务委员会关于修改《../../x条例》的决定\n"
                    "（2021年7月30日某省第一届人民代表大会常务委员会第二次会议通过）\n"
                    "一、将第一条修改为：“第一条 为了。”\n本决定自公布之日起施行。\n")
    out = tmp_path / "a" / "out"
    code, _, err = run(capsys, "ingest", gazette, "--out", out)
    assert code == 0, err
    made = {f"a/out/x条例/{p}" for p in tree(out / "x条例")}
    assert tree(tmp_path) == {"g.txt", "a", "a/out", "a/out/x条例", *made}


def test_ingest_refuses_a_folder_that_links_outside(capsys, tmp_path):
    gazette = write(tmp_path / "g.txt", REGULATION.format(title="某条例"))
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "某条例").symlink_to(elsewhere)
    code, _, err = run(capsys, "ingest", gazette, "--out", out)
    assert code == 2 and "outside --out" in err and "之外" in err
    assert list(elsewhere.iterdir()) == []
    code, _, err = run(capsys, "ingest", gazette, "--out", out, "--force")
    assert code == 2 and list(elsewhere.iterdir()) == []


def test_ingest_never_overwrites_a_work_folder_silently(capsys, tmp_path):
    gazette = write(tmp_path / "g.txt", REGULATION.format(title="某条例"))
    out = tmp_path / "out"
    assert run(capsys, "ingest", gazette, "--out", out)[0] == 0
    manifest = (out / "某条例" / "manifest.toml").read_bytes()
    (out / "某条例" / "notes.txt").write_text("mine", encoding="utf-8")
    write(gazette, REGULATION.format(title="某条例").replace("为了测试", "为了改动"))
    code, _, err = run(capsys, "ingest", gazette, "--out", out)
    assert code == 2 and "--force" in err and str(out / "某条例") in err and "已存在" in err
    assert (out / "某条例" / "manifest.toml").read_bytes() == manifest
    assert (out / "某条例" / "notes.txt").read_text(encoding="utf-8") == "mine"
    code, _, err = run(capsys, "ingest", gazette, "--out", out, "--force")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["某条例"]  # no temporary folder left
    assert not (out / "某条例" / "notes.txt").exists()  # replaced whole
    assert "为了改动" in load_work(out / "某条例").read("original-2020-01-01")


def test_ingest_of_a_decision_without_a_date(capsys, tmp_path):
    gazette = write(tmp_path / "g.txt", "某省人民代表大会常务委员会关于修改《某条例》的决定\n"
                    "（某省第一届人民代表大会常务委员会第二次会议通过）\n"
                    "一、将第一条修改为：“第一条 为了。”\n")
    code, _, err = run(capsys, "ingest", gazette, "--out", tmp_path / "out")
    assert code == 0, err
    work = load_work(tmp_path / "out" / "某条例")
    assert [t.id for t in work.texts] == ["decision"]
    assert work.events[0].adopted is None and work.events[0].promulgated is None


def test_ingest_into_a_file_is_a_clean_error(capsys, tmp_path):
    gazette = write(tmp_path / "g.txt", REGULATION.format(title="某条例"))
    blocker = write(tmp_path / "out", "a file")
    code, _, err = run(capsys, "ingest", gazette, "--out", blocker)
    assert code == 2 and "out" in err
    assert blocker.read_text() == "a file"


# ---- point 2: corpus manifests --------------------------------------------------------------


def corpus(tmp_path: Path, manifest: str, files=("t.txt",)) -> Path:
    folder = tmp_path / "c" / "w"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    for name in files:
        write(folder / name, BASE)
    return tmp_path / "c"


GOOD = """slug = "w"
title = "某条例"
[[texts]]
id = "t"
role = "original"
file = "{file}"
[[events]]
kind = "enactment"
text = "t"
adopted = 2020-01-01
"""


@pytest.mark.parametrize("file", ["../t.txt", "../../../etc/hosts", "/etc/hosts", "sub/../../t.txt"])
def test_a_manifest_names_only_files_in_its_folder(capsys, tmp_path, file):
    root = corpus(tmp_path, GOOD.format(file=file))
    with pytest.raises(CorpusError, match=r"texts\[0\]\.file"):
        load_work(root / "w")
    code, _, err = run(capsys, "--corpus", root, "show", "某条例")
    assert code == 2 and str(root / "w" / "manifest.toml") in err and "texts[0].file" in err
    assert "不在作品文件夹内" in err and "not inside" in err


def test_a_manifest_may_not_link_out_of_its_folder(capsys, tmp_path):
    root = corpus(tmp_path, GOOD.format(file="link.txt"))
    (root / "w" / "link.txt").symlink_to(write(tmp_path / "secret.txt", BASE))
    code, _, err = run(capsys, "--corpus", root, "show", "某条例")
    assert code == 2 and "texts[0].file" in err


@pytest.mark.parametrize("manifest, field", [
    ('slug = "w"\ntitle = 5\n', "title"),  # TypeError today
    ('title = "某条例"\n', "slug"),  # KeyError
    (GOOD.format(file="t.txt").replace('id = "t"\n', ""), "texts[0].id"),
    (GOOD.format(file="t.txt").replace('file = "t.txt"', 'file = "t.txt"\nsource = {seed = 1}'),
     "texts[0].source.seed"),
    (GOOD.format(file="t.txt").replace('file = "t.txt"', 'file = "t.txt"\nsource = {x = 1}'),
     "texts[0].source.x"),
    (GOOD.format(file="t.txt").replace("2020-01-01", '"2020-01-01"'), "events[0].adopted"),
    ('slug = "w"\ntitle = "某条例"\ntexts = "t.txt"\n', "texts"),
    ('slug = "w"\ntitle = "某条例"\ntexts = [1]\n', "texts[0]"),
    ('slug = "w"\ntitle = "某条例"\nissuing_bodies = [1]\n', "issuing_bodies[0]"),
    (GOOD.format(file="t.txt").replace('file = "t.txt"', 'file = "t.txt"\ncorrections = '
                                        '[{kind = "zap", line = "a", anchor = "b", reason = "c"}]'),
     "texts[0].corrections[0].kind"),
    (GOOD.format(file="missing.txt"), "texts[id=t].file"),  # FileNotFoundError today
])
def test_a_broken_manifest_names_the_file_and_the_field(capsys, tmp_path, manifest, field):
    root = corpus(tmp_path, manifest)
    code, _, err = run(capsys, "--corpus", root, "show", "某条例")
    assert code == 2, err
    assert str(root / "w" / "manifest.toml") in err and field in err and "错误 / error" in err


def test_a_manifest_that_is_not_toml(capsys, tmp_path):
    root = corpus(tmp_path, 'slug = "w"\ntitle = "某条例\n')
    code, _, err = run(capsys, "--corpus", root, "show", "某条例")
    assert code == 2 and str(root / "w" / "manifest.toml") in err and "TOML" in err


@pytest.mark.parametrize("content, field", [
    ('{"triples": "abc"}', "triples"),
    ('{"triples": [1]}', "triples[0]"),
    ('[1, 2]', "JSON object"),
    ('{"triples": [{"before": "../../b.md", "decision": "d.md", "after": "a.md"}]}',
     "triples[0].before"),
    ('{"triples": [{"before": "b.md", "decision": "/etc/hosts", "after": "a.md"}]}',
     "triples[0].decision"),
    ('{"triples": [{"before": "b.md", "decision": 5, "after": "a.md"}]}', "triples[0].decision"),
    ("not json", "JSON"),
])
def test_verify_corpus_refuses_broken_development_manifests(capsys, tmp_path, content, field):
    (tmp_path / "law").mkdir()
    manifest = write(tmp_path / "law" / "manifest.json", content)
    code, _, err = run(capsys, "verify", "--corpus", tmp_path)
    assert code == 2 and str(manifest) in err and field in err


# ---- point 3: -o is atomic ----------------------------------------------------------------------


@pytest.fixture
def base_file(tmp_path) -> Path:
    return write(tmp_path / "base.txt", BASE)


def test_output_is_written_exactly(capsys, tmp_path, base_file):
    target = write(tmp_path / "out.txt", "old")
    target.chmod(0o640)
    code, stdout, _ = run(capsys, "show", base_file)
    assert run(capsys, "show", base_file, "-o", target)[0] == 0
    assert target.read_text(encoding="utf-8") == stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file's permissions are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.txt", "out.txt"]


def test_output_into_a_missing_folder(capsys, tmp_path, base_file):
    target = tmp_path / "missing" / "out.txt"
    code, _, err = run(capsys, "show", base_file, "-o", target)
    assert code == 2 and str(target) in err and "cannot write" in err and "无法写入" in err
    assert not target.parent.exists()


def test_output_onto_a_folder(capsys, tmp_path, base_file):
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run(capsys, "show", base_file, "-o", folder)
    assert code == 2 and str(folder) in err and "Is a directory" in err
    assert list(folder.iterdir()) == []


def _only_the_old_file(folder: Path, target: Path, old: str) -> None:
    assert target.read_text(encoding="utf-8") == old
    assert sorted(p.name for p in folder.iterdir()) == sorted(["base.txt", target.name])


def test_output_on_a_full_disk_keeps_the_old_file(capsys, tmp_path, base_file, monkeypatch):
    target = write(tmp_path / "out.txt", "old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run(capsys, "show", base_file, "-o", target)
    assert code == 2 and str(target) in err and "磁盘已满" in err
    _only_the_old_file(tmp_path, target, "old")


def test_output_into_a_read_only_place_keeps_the_old_file(capsys, tmp_path, base_file, monkeypatch):
    target = write(tmp_path / "out.txt", "old")
    if os.geteuid() == 0:  # root writes anywhere: make creating the temporary file fail
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        code, _, err = run(capsys, "show", base_file, "-o", target)
    else:
        tmp_path.chmod(0o555)
        try:
            code, _, err = run(capsys, "show", base_file, "-o", target)
        finally:
            tmp_path.chmod(0o755)
    assert code == 2 and str(target) in err and "没有权限" in err
    _only_the_old_file(tmp_path, target, "old")


@pytest.mark.skipif(not (Path("/dev/full").exists() and stat.S_ISCHR(os.stat("/dev/full").st_mode)),
                    reason="needs /dev/full")
def test_output_to_dev_full(capsys, base_file):
    code, _, err = run(capsys, "show", base_file, "-o", "/dev/full")
    assert code == 2 and "/dev/full" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # a device is written, never replaced


def test_write_atomic_leaves_nothing_on_failure(tmp_path, monkeypatch):
    target = write(tmp_path / "x.txt", "old")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "io")))
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_docx_output_into_a_missing_folder(capsys, tmp_path, base_file):
    pytest.importorskip("docx")
    new = write(tmp_path / "new.txt", EXPECTED)
    target = tmp_path / "missing" / "t.docx"
    code, _, err = run(capsys, "diff", base_file, new, "--format", "docx", "-o", target)
    assert code == 2 and str(target) in err


# ---- point 5: encodings -------------------------------------------------------------------------

#: 𠀀 (U+20000) is in GB18030 but not in GBK
ENCODINGS = [("gbk", BASE, "GB18030"), ("gb18030", BASE.replace("测试", "测试𠀀"), "GB18030"),
             ("utf-16", BASE, "UTF-16-LE"), ("utf-16-be-bom", BASE, "UTF-16-BE"),
             ("utf-8-sig", BASE, None)]


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


@pytest.mark.parametrize("encoding, text, named", ENCODINGS)
def test_inputs_in_other_encodings(capsys, tmp_path, encoding, text, named):
    plain = write(tmp_path / "plain.txt", text)
    other = tmp_path / "other.txt"
    other.write_bytes(_encode(text, encoding))
    _, expected, _ = run(capsys, "show", plain)
    code, out, err = run(capsys, "show", other)
    assert code == 0 and out == expected
    if named:
        assert f"{other} is not UTF-8: it was read as {named}" in err and "不是UTF-8编码" in err
    else:
        assert "UTF-8" not in err


def test_a_gbk_decision_and_gazette(capsys, tmp_path):
    base = write(tmp_path / "base.txt", BASE, "gbk")
    decision = write(tmp_path / "d.txt", DECISION.replace("本条例。\n二", "本条例。”\n二"), "gb18030")
    code, out, err = run(capsys, "apply", base, decision)
    assert code == 0 and "第二条 本条例自2021年1月1日起施行。" in out
    assert err.count("is not UTF-8") == 2 and str(base) in err and str(decision) in err
    gazette = write(tmp_path / "g.txt", REGULATION.format(title="某条例"), "gbk")
    code, _, err = run(capsys, "ingest", gazette, "--out", tmp_path / "out")
    assert code == 0 and f"{gazette} is not UTF-8: it was read as GB18030" in err
    assert "为了测试" in load_work(tmp_path / "out" / "某条例").read("original-2020-01-01")


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x81\x30\x81",
                                  b"PK\x03\x04\x00\x00binary"])
def test_undecodable_input_names_the_file_and_the_encodings(capsys, tmp_path, data):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    code, _, err = run(capsys, "show", bad)
    assert code == 2 and str(bad) in err
    assert ("UTF-8" in err and "GB18030" in err) or "NUL" in err


def test_a_corpus_text_in_gbk(capsys, tmp_path):
    root = corpus(tmp_path, GOOD.format(file="t.txt"), files=())
    write(root / "w" / "t.txt", BASE, "gbk")
    code, out, err = run(capsys, "--corpus", root, "show", "某条例")
    assert code == 0 and "第一条 为了测试" in out
    assert err.count("is not UTF-8") == 1 and str(root / "w" / "t.txt") in err


def test_an_unreadable_input(capsys, tmp_path):
    code, _, err = run(capsys, "apply", tmp_path, tmp_path / "nothing.txt")
    assert code == 2 and f"cannot read {tmp_path}" in err and "无法读取" in err


def test_decode_reports_binary():
    assert decode(b"\xef\xbb\xbf\xe6\x9d\xa1").text == "条"
    with pytest.raises(ValueError, match="x.bin"):
        decode(b"\xff" * 8, "x.bin")


# ---- odd arguments ------------------------------------------------------------------------------


def test_a_five_thousand_character_work(capsys):
    code, _, err = run(capsys, "show", "条" * 5000)
    assert code == 2 and "no work named" in err and len(err) < 2000
    code, _, err = run(capsys, "preview", "条" * 5000, "draft.txt")
    assert code == 2 and len(err) < 2000


@pytest.mark.parametrize("port", ["-1", "0", "70000", "http"])
def test_serve_refuses_a_port_out_of_range(capsys, port):
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--port", port])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "端口应为1至65535" in err and "1 to 65535" in err


def test_serve_on_a_port_in_use(capsys):
    pytest.importorskip("uvicorn")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run(capsys, "serve", "--port", port)
    assert code == 2 and f"127.0.0.1:{port}" in err and "端口已被占用" in err


# ---- point 7: control characters on a terminal ----------------------------------------------------

HOSTILE = "某条例\n第一条 为了\x1b]0;owned\x07测试\x9b2J，制定本条例。\n"


def test_control_characters_are_escaped_on_a_terminal(capsys, tmp_path, monkeypatch):
    path = write(tmp_path / "h.txt", HOSTILE)
    code, out, _ = run(capsys, "show", path)
    assert code == 0 and "\x1b]0;owned\x07" in out  # redirected: the data exactly
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, "show", path)
    assert code == 0 and "为了␛]0;owned␇测试\\u009b2J" in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)


def test_colours_survive_and_hostile_escapes_do_not(capsys, tmp_path, monkeypatch):
    old = write(tmp_path / "old.txt", HOSTILE)
    new = write(tmp_path / "new.txt", HOSTILE.replace("制定", "特制定\x1b[0m"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, "diff", old, new)
    assert code == 0 and "\x1b[32;4m" in out  # our colour
    assert "␛]0;owned␇" in out and "␛[0m" in out  # the text's escapes, shown
    assert not re.search(r"\x1b(?!\[(?:32;4|31;9|2|0)m)", out)


def test_stderr_never_carries_control_characters(capsys, tmp_path):
    decision = write(tmp_path / "d.txt", "某机关关于修改《某条例》的决定\n一、将第一条修政为：“\x1b]0;owned\x07”\n")
    code, _, err = run(capsys, "parse", decision)
    assert code == 2 and "␛]0;owned␇" in err and "\x1b" not in err


def test_escape_controls_keeps_newlines_tabs_and_columns():
    assert escape_controls("a\tb\nc\x1bd\x7f\x85") == "a\tb\nc␛d␡\\u0085"
    assert len(escape_controls("将\x1b修改")) == len("将\x1b修改")  # carets stay aligned


# ---- point 8: the decision's reading warnings ----------------------------------------------------


@pytest.fixture
def triple(tmp_path):
    return (write(tmp_path / "base.txt", BASE), write(tmp_path / "d.txt", DECISION),
            write(tmp_path / "expected.txt", EXPECTED))


def _has_reading_warning(data: dict) -> bool:
    return [w["code"] for w in data["decision_warnings"]] == ["unclosed-quote"] \
        and data["decision_warnings"][0]["line"] == 2


@pytest.mark.parametrize("partial", [[], ["--partial"]])
def test_apply_shows_reading_warnings(capsys, triple, partial):
    base, decision, _ = triple
    code, _, err = run(capsys, "apply", base, decision, *partial)
    assert code == 0 and "[unclosed-quote] 第2行 line 2" in err
    code, out, _ = run(capsys, "apply", base, decision, "--format", "json", *partial)
    assert _has_reading_warning(json.loads(out))


@pytest.mark.parametrize("partial", [[], ["--partial"]])
def test_diff_with_a_decision_shows_reading_warnings(capsys, triple, partial):
    base, decision, expected = triple
    code, _, err = run(capsys, "diff", base, expected, "--decision", decision, *partial)
    assert code == 0 and "[unclosed-quote]" in err
    code, out, err = run(capsys, "diff", base, expected, "--decision", decision, "--format",
                         "json", *partial)
    assert _has_reading_warning(json.loads(out)) and "[unclosed-quote]" in err


@pytest.mark.parametrize("partial", [[], ["--partial"]])
def test_verify_shows_reading_warnings(capsys, triple, partial):
    base, decision, expected = triple
    args = ["verify", "--base", base, "--decision", decision, "--expected", expected, *partial]
    code, _, err = run(capsys, *args)
    assert code == 0 and "[unclosed-quote]" in err  # the repaired reading verifies
    code, out, _ = run(capsys, *args, "--format", "json")
    assert _has_reading_warning(json.loads(out))


def test_verify_work_gives_reading_warnings_in_json(capsys):
    code, out, _ = run(capsys, "verify", "吉林省城市供热条例", "--format", "json")
    assert json.loads(out)["decision_warnings"] == []


# ---- point 10: exit codes, and no traceback --------------------------------------------------------


def test_the_readme_documents_every_exit_status():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d) \| (.+) \|$", readme, re.M))
    assert sorted(table) == ["0", "1", "2", "3"]
    assert (cli.EXIT_OK, cli.EXIT_CHECK, cli.EXIT_INPUT, cli.EXIT_INTERNAL) == (0, 1, 2, 3)
    assert "port" in table["2"] and "-o FILE" in table["2"] and "bug" in table["3"]


@pytest.mark.parametrize("exc, code, words", [
    (PermissionError(errno.EACCES, "Permission denied", "/x/y"), 2, "/x/y: 没有权限"),
    (TypeError("boom"), 3, "internal error (a bug in amend"),
    (KeyError("k"), 3, "KeyError"),
    (RecursionError("deep"), 3, "RecursionError"),
])
def test_main_never_lets_a_traceback_out(capsys, monkeypatch, exc, code, words):
    def handler(args):
        raise exc

    monkeypatch.setattr(cli, "cmd_show", handler)
    got, _, err = run(capsys, "show", "x")
    assert got == code and words in err and "错误" in err


def test_dev_layout_manifests_that_are_broken_or_escape_are_ignored(tmp_path):
    """amend.triples.find: a source.json whose "triples" is not a list, entries that are not
    objects, and "dir" / file names that leave the case folder name no triple (the CLI reports
    broken manifests before; the library never follows them out of the folder)."""
    import json

    from amend import triples

    case = tmp_path / "layout" / "case"
    case.mkdir(parents=True)
    (case / "source.json").write_text(json.dumps({"triples": "abc"}), encoding="utf-8")
    assert triples.find(tmp_path / "layout") == []
    (case / "source.json").write_text(json.dumps({"triples": [
        1, {"complete": True, "dir": "../../outside"}, {"complete": True, "dir": "/etc"},
        {"complete": True, "dir": "ok", "law": 5}]}), encoding="utf-8")
    found = triples.find(tmp_path / "layout")
    assert [t.name for t in found] == ["layout/case/ok"] and found[0].target == "ok"
    doc = tmp_path / "dev" / "doc"
    doc.mkdir(parents=True)
    (doc / "manifest.json").write_text(json.dumps({"triples": [
        {"before": "../x.md", "decision": "d.md", "after": "a.md"}]}), encoding="utf-8")
    assert triples.find(tmp_path / "dev") == []
