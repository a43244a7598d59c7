"""Route tests for `amend serve` (Starlette's test client): every page and download, bad
input, the body cap, escaping, and that drafts give the same diagnostics as the CLI."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette", reason="the web extra (starlette) is not installed")
pytest.importorskip("httpx2", reason="starlette's test client needs httpx2 (test extra)")

from starlette.testclient import TestClient

from amend.web.app import MAX_BODY, create_app

REPO = Path(__file__).resolve().parent.parent
HEATING = "/works/" + quote("吉林省城市供热条例")
SEED = (REPO / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt").read_text(encoding="utf-8")
PLANTED = (REPO / "tests" / "cases" / "preview" / "heating-draft.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(), raise_server_exceptions=False)


def test_works_page_lists_the_corpus_with_timelines(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    for title in ("吉林省城市供热条例", "吉林省党政机关公务用车管理办法"):
        assert f"《{title}》" in page
    assert "修改决定" in page and "2021-07-30" in page  # the heating decision in its timeline
    assert "根据2021年7月30日" in page  # the 题注
    assert "http://" not in page and "https://" not in page  # nothing fetched from the network


def test_text_as_of_dates(client):
    r = client.get(HEATING, params={"as_of": "2021-08-01"})
    assert r.status_code == 200
    assert r.text.count('class="art') == 39 and 'id="art-32"' in r.text
    assert "第三项整条修改" in r.text and "由第三十条改为第三十二条" in r.text  # the article's history
    old = client.get(HEATING, params={"as_of": "2010-01-01"}).text
    assert old.count('class="art') == 35 and old.count("lacuna-article") == 5
    assert 'id="lacunae"' in old and "〔原文不详：" in old
    early = client.get(HEATING, params={"as_of": "2004-05-01"})
    assert early.status_code == 200 and "尚未施行" in early.text and 'id="status"' in early.text


def test_text_page_history_by_kind_and_printed(client):
    """Issue 14 point 3: an added article shows 增加, a replaced one 整条修改 with its item, a
    renumbered-only one a compact line; the history is not hidden in print."""
    page = client.get(HEATING, params={"as_of": "2021-08-01"}).text
    art = lambda n: page.split(f'id="art-{n}"')[1].split("</article>")[0]  # noqa: E731
    assert 'class="history-added"' in art(6) and "第一项增加本条" in art(6)
    assert "history-modified" not in art(6)
    assert "第三项整条修改，由第三十条改为第三十二条" in art(32)
    assert 'class="history compact"' in art(7) and "序号调整：原第六条（2021年7月30日修改决定）" in art(7)
    assert "<li" not in art(7)
    assert "no-print" not in page.split('id="art-1"')[1]
    assert art(1).count("history") == 0  # never changed: no history


def test_text_page_says_reconstructed_and_downloads(client):
    """Issue 14 points 1 and 2: the reconstructed 2010 text says so (source text, decision,
    lacunae); the current text does not; both link the print-ready downloads."""
    old = client.get(HEATING, params={"as_of": "2010-01-01"}).text
    notice = old.split('id="reconstructed"')[1].split("</p>")[0]
    assert "逆向适用" in notice and "2021年7月30日重新公布" in notice
    assert "第三十条、第三十一条、第三十二条、第三十三条、第三十四条原文不详" in notice
    assert "inverse application" in notice
    new = client.get(HEATING, params={"as_of": "2021-08-01"}).text
    assert 'id="reconstructed"' not in new
    assert "text.docx?as_of=2021-08-01" in new and "text.html?as_of=2021-08-01" in new
    html = client.get(HEATING + "/text.html", params={"as_of": "2010-01-01"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "已被修改" in html.text and "2004年6月1日至2021年7月29日" in html.text
    assert 'id="reconstructed"' in html.text
    doc = client.get(HEATING + "/text.docx", params={"as_of": "2021-08-01"})
    assert doc.status_code == 200 and "attachment" in doc.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(doc.content)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "现行有效" in xml and "39条中39条相同" in xml
    assert client.get(HEATING + "/text.pdf").status_code == 404
    assert client.get(HEATING + "/text.html", params={"as_of": "2004-05-01"}).status_code == 404


def test_compare_page_and_downloads(client):
    q = {"from": "2010-01-01", "to": "2021-08-01"}
    page = client.get(HEATING + "/compare", params=q)
    assert page.status_code == 200 and "整条修改 5" in page.text and "新增 4" in page.text
    assert 'id="redline"' in page.text and 'id="table"' in page.text
    html = client.get(HEATING + "/compare/html", params=q)
    assert html.status_code == 200 and "第三十条 → 第三十二条" in html.text
    table = client.get(HEATING + "/compare/table", params=q)
    assert table.status_code == 200 and "修改后条文" in table.text
    data = client.get(HEATING + "/compare/json", params=q)
    assert data.headers["content-type"].startswith("application/json")
    assert json.loads(data.text)["summary"]["added"] == 4
    word = client.get(HEATING + "/compare/docx", params=q)
    assert "attachment" in word.headers["content-disposition"]
    assert zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml")
    assert client.get(HEATING + "/compare").status_code == 200  # the form alone


def test_bad_input_gives_error_pages_not_tracebacks(client):
    assert client.get("/works/no-such-work").status_code == 404
    assert client.get("/works/" + quote("../../etc/passwd")).status_code == 404
    bad = client.get(HEATING, params={"as_of": "2021-13-40"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text and "Traceback" not in bad.text
    early = client.get(HEATING + "/compare/html", params={"from": "2004-05-01", "to": "2021-08-01"})
    assert early.status_code == 400 and "尚未施行" in early.text
    assert client.get(HEATING + "/compare/pdf", params={"from": "2010-01-01"}).status_code == 404
    assert client.get(HEATING + "/compare/html").status_code == 400  # no from date
    junk = client.post(HEATING + "/draft/result", content=b"{not json",
                       headers={"content-type": "application/json"})
    assert junk.status_code == 400 and "JSON" in junk.text


def test_body_cap(client):
    big = "一、删去第一条。\n" * (MAX_BODY // 10)
    r = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": big})
    assert r.status_code == 413 and "过大" in r.text and "too large" in r.text
    r = client.post(HEATING + "/draft", data={"as_of": "2010-01-01", "draft": big})
    assert r.status_code == 413


def test_draft_of_the_seed_decision(client):
    r = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": SEED})
    assert r.status_code == 200 and r.headers["x-amend-errors"] == "0"
    assert "修改后共39条" in r.text and "修改 9 条（另有 25 条仅序号调整）" in r.text
    assert 'id="renumbering"' in r.text and "第三十条</td><td>第三十二条" in r.text
    assert r.text.count("<tr><td>第") == 30  # the renumbering table


def test_draft_diagnostics_match_the_cli(client, capsys):
    from amend.cli import main

    r = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": PLANTED})
    assert r.status_code == 200 and r.headers["x-amend-errors"] == "4"
    path = REPO / "tests" / "cases" / "preview" / "heating-draft.txt"
    assert main(["preview", "吉林省城市供热条例", "--as-of", "2010-01-01", str(path),
                 "--format", "json"]) == 1
    cli = json.loads(capsys.readouterr().out)
    for p in cli["problems"]:  # the same problems, at the same places, in the same words
        assert f'data-line="{p["line"]}" data-col="{p["col"]}"' in r.text
        assert f'data-code="{p["code"]}"' in r.text
    # the position is marked in the draft itself
    assert r.text.count("<mark id=\"mark-") >= 5


def test_user_text_is_escaped(client):
    draft = "一、将第十条修改为：“<script>alert(1)</script>”\n二、<b>删去</b>第四十条。"
    for r in (client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": draft}),
              client.post(HEATING + "/draft", data={"as_of": "2010-01-01", "draft": draft})):
        assert r.status_code == 200
        assert "<script>alert(1)</script>" not in r.text and "<b>删去</b>" not in r.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_unreadable_draft_gives_diagnostics(client):
    r = client.post(HEATING + "/draft/result",
                    json={"as_of": "2010-01-01", "draft": "一、将第三十条修政为：“新的。”\n二、删去第四十条。"})
    assert r.status_code == 200
    assert 'data-code="cannot-read"' in r.text and 'data-code="target-missing"' in r.text
    empty = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": "  "})
    assert empty.status_code == 200 and "草案为空" in empty.text


def test_draft_page_without_script_works_as_a_form(client):
    page = client.get(HEATING + "/draft", params={"as_of": "2010-01-01"})
    assert page.status_code == 200 and 'name="draft"' in page.text and 'value="2010-01-01"' in page.text
    r = client.post(HEATING + "/draft", data={"as_of": "2010-01-01", "draft": SEED})
    assert r.status_code == 200 and "修改后共39条" in r.text and "</textarea>" in r.text


def test_serve_another_corpus_and_warn_off_loopback(tmp_path, capsys, monkeypatch):
    """`amend serve --corpus DIR` serves that corpus (an empty one still starts); binding to
    another address than loopback prints a warning; the URL is printed."""
    r = TestClient(create_app(tmp_path)).get("/")
    assert r.status_code == 200 and "《吉林省城市供热条例》" not in r.text
    import uvicorn

    from amend.cli import main

    served = {}
    monkeypatch.setattr(uvicorn.Server, "run",
                        lambda self, sockets=None: served.update(port=self.config.port,
                                                                 sockets=sockets))
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--corpus", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "http://0.0.0.0:8123/" in out and "warning" in err and served["port"] == 8123
    assert main(["serve"]) == 0
    out, err = capsys.readouterr()
    assert "http://127.0.0.1:8000/" in out and not err


def test_a_broken_corpus_gives_an_error_page_not_a_traceback(tmp_path):
    """A corpus whose manifest names text files that are missing: an error page naming the
    missing file, not a traceback."""
    import shutil

    src = REPO / "corpus" / "吉林省城市供热条例"
    dst = tmp_path / "吉林省城市供热条例"
    shutil.copytree(src, dst)
    for f in dst.glob("*.txt"):
        if not f.name.startswith("decision"):
            f.unlink()
    client = TestClient(create_app(tmp_path), raise_server_exceptions=False)
    r = client.get(HEATING, params={"as_of": "2021-08-01"})
    assert r.status_code == 500 and "Traceback" not in r.text
    assert "内部错误 / internal error:" in r.text and ".txt" in r.text
    assert "FileNotFoundError" not in r.text and "Error:" not in r.text  # no exception types
