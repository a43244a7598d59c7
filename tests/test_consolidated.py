"""The text in force as people take it away (issue 14 points 1–3): the reconstruction notice
in every output, the article history by kind, and the print-ready HTML and Word documents.

Golden files in tests/cases/consolidated/ (regenerate with
``PYTHONPATH=. python tests/test_consolidated.py`` and review the diff)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from amend.cli import main
from amend.consolidate import article_history, consolidate, reconstruction
from amend.corpus import find_work

CASES = Path(__file__).resolve().parent / "cases" / "consolidated"
HEATING = "吉林省城市供热条例"
GOLDEN = {  # file → (date, format)
    "heating-2010-01-01.txt": ("2010-01-01", "text"),
    "heating-2010-01-01.html": ("2010-01-01", "html"),
    "heating-2021-08-01.html": ("2021-08-01", "html"),
}


def _run(args, capsys) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(name, capsys):
    day, fmt = GOLDEN[name]
    code, out, _ = _run(["consolidate", HEATING, "--as-of", day, "--format", fmt], capsys)
    assert code == 0
    assert out == (CASES / name).read_text(encoding="utf-8"), f"regenerate and review {name}"


def test_reconstructed_text_says_so_in_one_sentence(capsys):
    code, out, _ = _run(["consolidate", HEATING, "--as-of", "2010-01-01"], capsys)
    lines = out.splitlines()
    assert code == 0 and lines[0] == HEATING and lines[1].startswith("（2004年3月31日")
    notice = lines[2]
    assert notice.startswith("〔推导文本：") and notice.endswith("。〕") and notice.count("。") == 1
    assert "2021年7月30日重新公布的《吉林省城市供热条例》文本逆向适用" in notice
    assert "关于修改〈吉林省城市供热条例〉的决定》（2021年7月30日通过）" in notice
    assert "第三十条、第三十一条、第三十二条、第三十三条、第三十四条原文不详" in notice
    assert lines[3] == "第一章 总则"
    # the current text was not reconstructed: no notice
    _, now, _ = _run(["consolidate", HEATING, "--as-of", "2021-08-01"], capsys)
    assert "推导文本" not in now


def test_reconstructed_in_json(capsys):
    _, out, _ = _run(["consolidate", HEATING, "--as-of", "2010-01-01", "--format", "json"], capsys)
    r = json.loads(out)["reconstructed"]
    assert r["text"] == "derived-2004-03-31" and r["source"] == "republished-2021-07-30"
    assert r["decision"] == "decision-2021-07-30" and r["decision_date"] == "2021-07-30"
    assert r["lacunae"] == ["第三十条", "第三十一条", "第三十二条", "第三十三条", "第三十四条"]
    assert "inverse application" in r["sentence_en"] and "逆向适用" in r["sentence"]
    _, out, _ = _run(["consolidate", HEATING, "--as-of", "2021-08-01", "--format", "json"], capsys)
    assert json.loads(out)["reconstructed"] is None


def test_reconstruction_object():
    work = find_work(HEATING)
    assert reconstruction(consolidate(work, dt.date(2021, 8, 1))) is None
    r = reconstruction(consolidate(work, dt.date(2010, 1, 1)))
    assert r is not None and len(r.lacunae) == 5


def test_history_by_kind():
    work = find_work(HEATING)
    h = article_history(consolidate(work, dt.date(2021, 8, 1)))
    kinds = {k: [(c.kind, c.items, c.old) for c in v] for k, v in h.items() if v}
    assert kinds[(6, 0)] == [("added", ("一",), None)]
    assert kinds[(7, 0)] == [("renumbered", (), "第六条")]
    assert kinds[(32, 0)] == [("replaced", ("三",), "第三十条")]
    assert kinds[(34, 0)] == [("added", ("五",), None)]
    assert {k for k, v in kinds.items() if v[0][0] == "added"} == {(6, 0), (19, 0), (34, 0), (37, 0)}


def _docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_docx_document(tmp_path, capsys):
    out = tmp_path / "2010.docx"
    code, _, _ = _run(["consolidate", HEATING, "--as-of", "2010-01-01", "--format", "docx",
                       "-o", str(out)], capsys)
    assert code == 0
    xml = _docx_xml(out)
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "吉林省城市供热条例" in text and "《吉林省城市供热条例》" not in text.split("（")[0]
    assert "有效期间：2004年6月1日至2021年7月29日" in text and "效力状态：已被修改" in text
    assert "没有可供核对的重新公布文本" in text
    assert "逆向适用" in text and "第三十四条原文不详" in text
    assert "第一章 总则" in text and "〔原文不详：" in text
    assert 'w:jc w:val="center"' in xml and "w:firstLine" in xml  # centred title, 首行缩进
    # deterministic
    again = tmp_path / "again.docx"
    main(["consolidate", HEATING, "--as-of", "2010-01-01", "--format", "docx", "-o", str(again)])
    assert out.read_bytes() == again.read_bytes()
    now = tmp_path / "now.docx"
    main(["consolidate", HEATING, "--as-of", "2021-08-01", "--format", "docx", "-o", str(now)])
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", _docx_xml(now)))
    assert "现行有效" in text and "39条中39条相同，完全一致，题注一致" in text
    assert "增加：《吉林省人民代表大会常务委员会关于修改〈吉林省城市供热条例〉的决定》" in text


def test_not_in_force_document(tmp_path, capsys):
    out = tmp_path / "x.docx"
    code, stdout, err = _run(["consolidate", HEATING, "--as-of", "2004-05-01", "--format", "docx",
                              "-o", str(out)], capsys)
    assert code == 1 and not out.exists() and "尚未施行" in err


def test_all_refuses_documents(tmp_path, capsys):
    code, _, err = _run(["consolidate", "--all", "--format", "html", "-o", str(tmp_path)], capsys)
    assert code == 2 and "text or json" in err


def regenerate() -> None:
    import contextlib

    for name, (day, fmt) in GOLDEN.items():
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main(["consolidate", HEATING, "--as-of", day, "--format", fmt])
        (CASES / name).write_text(buf.getvalue(), encoding="utf-8")
        print(name, "written")


if __name__ == "__main__":
    regenerate()
