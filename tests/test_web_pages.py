"""Route tests of the web pages added for issue 14 (points 4, 11, 12) and issue 15 (point 4):
the compare page's in-page views and clickable versions, the text page's links to versions and
sources, a page per decision and per stored text, the draft page's problems and marks, its .docx
对照表, and the draft page's second mode (edit the text, get the decision)."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette", reason="the web extra (starlette) is not installed")
pytest.importorskip("httpx2", reason="starlette's test client needs httpx2 (test extra)")
pytest.importorskip("docx", reason="the docx extra (python-docx) is not installed")

from starlette.testclient import TestClient

from amend.web.app import create_app
from amend.web.pages import item_counts

REPO = Path(__file__).resolve().parent.parent
SLUG = quote("吉林省城市供热条例")
HEATING = "/works/" + SLUG
SEED = (REPO / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt").read_text(encoding="utf-8")
PLANTED = (REPO / "tests" / "cases" / "preview" / "heating-draft.txt").read_text(encoding="utf-8")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Q = {"from": "2010-01-01", "to": "2021-08-01"}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(), raise_server_exceptions=False)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _obeys_its_policy(r) -> None:
    """Every <script>/<style> carries this response's nonce, every style attribute is allowed
    by hash, no inline event handler, no iframe."""
    policy = r.headers["content-security-policy"]
    nonce = re.search(r"script-src 'nonce-([^']+)'", policy).group(1)
    for tag, attrs in re.findall(r"<(style|script)([^>]*)>", r.text):
        assert f'nonce="{nonce}"' in attrs, (tag, attrs)
    for value in re.findall(r'\sstyle="([^"]*)"', r.text):
        assert _sha256(html.unescape(value)) in policy, value
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", r.text), "an inline event handler"
    assert "<iframe" not in r.text


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def _textarea(page: str, name: str) -> str:
    m = re.search(rf'<textarea id="{name}" name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert m, page[:300]
    return html.unescape(m.group(1))


# --- issue 14 point 11: the compare page -----------------------------------------------------

def test_compare_shows_both_views_in_the_page_as_tabs(client):
    r = client.get(HEATING + "/compare", params=Q)
    assert r.status_code == 200
    _obeys_its_policy(r)
    page = r.text
    # two tabs (radio buttons + labels: no script needed), two panels in this page
    assert '<input type="radio" name="view" id="tab-redline" class="tab-input" checked>' in page
    assert 'id="tab-table"' in page and 'for="tab-table"' in page
    redline = page.split('id="redline"')[1].split('id="table"')[0]
    table = page.split('id="table"')[1]
    assert "第三十条 → 第三十二条" in redline and "<del>" in redline and "<ins>" in redline
    assert "修改后条文" in table and 'id="t-new-32"' in table
    # each changed article of the redline links to it in the text page of the later date
    assert 'href="/works/吉林省城市供热条例?as_of=2021-08-01#art-32"' in redline
    # printing: both panels, no tab bar, no chrome
    assert re.search(r"@media print \{\s*header\.site, form, nav, \.no-print, \.tab, \.tab-input "
                     r"\{ display: none !important; \}", page)
    assert re.search(r"@media print[\s\S]*#tab-table:not\(:checked\) ~ #table \{ display: block", page)


def test_compare_form_is_filled_in_and_the_versions_are_links(client):
    page = client.get(HEATING + "/compare").text
    # the latest version against the one before it, filled in
    assert 'name="from" value="2004-06-01"' in page and 'name="to" value="2021-07-30"' in page
    versions = page.split('id="versions"')[1].split("</table>")[0]
    assert versions.count('class="version') == 2
    assert 'href="/works/吉林省城市供热条例/compare?from=2004-06-01&amp;to=2021-07-30"' in versions
    assert "?as_of=2004-06-01" in versions and "?as_of=2021-07-30" in versions  # the texts
    assert "设为较早" in versions and "设为较晚" in versions
    # following the link gives that comparison with its dates in the form
    r = client.get(HEATING + "/compare", params={"from": "2004-06-01", "to": "2021-07-30"})
    assert r.status_code == 200 and 'name="from" value="2004-06-01"' in r.text
    assert "整条修改 5" in r.text


def test_compare_changed_only_leaves_out_the_unchanged(client):
    full = client.get(HEATING + "/compare", params=Q).text
    changed = client.get(HEATING + "/compare", params={**Q, "changed_only": "1"}).text
    assert full.count('class="rl-article kind-unchanged"') == 5
    assert changed.count('class="rl-article kind-unchanged"') == 0
    assert changed.count('class="rl-article kind-renumbered"') == 0
    assert "条文序号对照" in changed


# --- issue 14 point 4: the text page's links, a page per decision and per stored text ---------

def test_text_page_links_versions_decisions_republished_texts_and_sources(client):
    r = client.get(HEATING, params={"as_of": "2021-08-01"})
    assert r.status_code == 200
    _obeys_its_policy(r)
    versions = r.text.split('id="versions"')[1].split("</details>")[0]
    assert versions.count('class="version"') == 2
    for day in ("2004-06-01", "2021-07-30"):
        assert f"/works/{SLUG}?as_of={day}" in versions
    assert f'href="/works/{SLUG}/decisions/decision-2021-07-30"' in versions
    assert f'href="/works/{SLUG}/texts/republished-2021-07-30"' in versions
    assert f'href="/works/{SLUG}/texts/republished-2021-07-30/source"' in versions
    assert f'href="/works/{SLUG}/texts/decision-2021-07-30/source"' in versions
    assert f'href="/works/{SLUG}/texts/derived-2004-03-31"' in versions  # the reconstructed base


def test_text_page_history_links_to_the_decision_item(client):
    page = client.get(HEATING, params={"as_of": "2021-08-01"}).text
    art32 = page.split('id="art-32"')[1].split("</article>")[0]
    assert f'href="/works/{SLUG}/decisions/decision-2021-07-30#item-三"' in art32
    decision = client.get(HEATING + "/decisions/decision-2021-07-30").text
    assert '<li id="item-三">' in decision  # the anchor it links to


def test_decision_page_links_each_item_to_the_articles_it_changed(client):
    r = client.get(HEATING + "/decisions/decision-2021-07-30")
    assert r.status_code == 200
    _obeys_its_policy(r)
    page = r.text
    items = re.findall(r'<li id="item-([^"]+)">(.*?)</li>', page, re.S)
    assert [n for n, _ in items] == ["一", "二", "三", "四", "五", "六", "七", "八", "九"]
    by = dict(items)
    assert "增加一条，作为第六条" in by["一"]
    assert f'href="/works/{SLUG}?as_of=2021-07-30#art-6"' in by["一"] and "（增加）" in by["一"]
    assert "将第三十条改为第三十二条" in by["三"]
    assert f'href="/works/{SLUG}?as_of=2021-07-30#art-32"' in by["三"]
    # the anchors exist in the text page it links to
    text = client.get(HEATING, params={"as_of": "2021-07-30"}).text
    for anchor in re.findall(r"#(art-[0-9-]+)\"", page):
        assert f'id="{anchor}"' in text, anchor
    assert "决定全文" in page and "本决定自公布之日起施行" in page
    assert f"/works/{SLUG}/compare?from=2021-07-29&amp;to=2021-07-30" in page


def test_stored_text_pages_and_their_source_extracts(client):
    r = client.get(HEATING + "/texts/republished-2021-07-30")
    assert r.status_code == 200
    _obeys_its_policy(r)
    assert "000_b6addec6a45409f2.txt 第161—342行" in r.text
    assert 'id="corrections"' in r.text and "第一章 总则" in r.text  # the reasoned correction
    source = client.get(HEATING + "/texts/republished-2021-07-30/source")
    assert source.status_code == 200 and source.headers["content-type"] == "text/plain; charset=utf-8"
    assert source.text.startswith("吉林省城市供热条例")
    derived = client.get(HEATING + "/texts/derived-2004-03-31")
    assert derived.status_code == 200 and "逆向适用" in derived.text
    assert client.get(HEATING + "/texts/derived-2004-03-31/source").status_code == 404  # no extract


@pytest.mark.parametrize("path", [
    "/decisions/republished-2021-07-30",  # not a decision
    "/decisions/no-such-text",
    "/decisions/" + quote("../manifest.toml", safe=""),
    "/texts/" + quote("../../pyproject.toml", safe=""),
    "/texts/manifest.toml/source",
])
def test_unknown_texts_are_404_pages(client, path):
    r = client.get(HEATING + path)
    assert r.status_code == 404 and 'id="error"' in r.text and "Traceback" not in r.text


# --- issue 14 point 12: the draft page ---------------------------------------------------------

def test_draft_problems_and_marks_link_both_ways_and_differ_by_severity(client):
    r = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": PLANTED})
    assert r.status_code == 200
    page = r.text
    problems = re.findall(r'<li class="problem (error|warning)" id="problem-(\d+)"(.*?)</li>', page,
                          re.S)
    assert len(problems) == 6 and {s for s, _, _ in problems} == {"error", "warning"}
    for severity, k, body in problems:
        # the symbol and the word, not only a colour
        assert ("✖ 错误" if severity == "error" else "⚠ 警告") in body
        assert f'href="#mark-{k}"' in body  # to its mark …
        assert f'id="mark-{k}"' in page  # … which exists …
        assert f'href="#problem-{k}"' in page  # … and links back
    marked = page.split('id="draft-marked"')[1].split("</pre>")[0]
    assert '<mark id="mark-0" class="error"' in marked
    warnings = [k for s, k, _ in problems if s == "warning"]
    # a warning sharing its place with an error: its own link (and id) next to the error's mark
    assert all(f'id="mark-{k}"' in marked for k in warnings)
    assert re.search(r'<a class="to-problem warning"[^>]*href="#problem-\d+">⚠\d+</a>', marked)
    # the message wraps: a paragraph, not a <pre>
    assert "<pre>" not in page.split('id="problems"')[1].split("</ol>")[0]


def test_draft_counts_include_unreadable_items(client):
    r = client.post(HEATING + "/draft/result", json={
        "as_of": "2010-01-01", "draft": "一、将第三十条修政为：“新的。”\n二、删去第四十条。"})
    verdict = r.text.split('id="verdict"')[1].split("</p>")[0]
    assert "2项（其中1项无法读取：第一项）" in verdict
    seed = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": SEED})
    assert '9项；未发现错误' in seed.text


def test_item_counts_reads_lines_outside_quotes():
    problems = [{"code": "cannot-read", "item": "二"}]
    draft = "一、增加一条：“\n一、这是新条文中的列举\n”\n二、错字\n三、删去第五条。\n四、对《某条例》的修改\n"
    counts = item_counts(draft, problems, ["一", "三"])
    assert counts == {"total": 3, "unreadable": 1, "unreadable_items": ["二"]}


def test_draft_table_downloads_as_docx(client):
    r = client.post(HEATING + "/draft/table.docx", data={"as_of": "2010-01-01", "draft": SEED})
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert r.headers["content-disposition"].startswith("attachment;")
    xml = _docx_text(r.content)
    assert "修改前后对照表" in xml and "第三十二条" in xml
    # the draft page's form has the button (no script needed: formaction)
    page = client.get(HEATING + "/draft").text
    assert f'formaction="/works/吉林省城市供热条例/draft/table.docx"' in page
    empty = client.post(HEATING + "/draft/table.docx", data={"as_of": "2010-01-01", "draft": " "})
    assert empty.status_code == 400 and "对照表" in empty.text and "Traceback" not in empty.text


# --- issue 15 point 4: edit the text, get the decision ------------------------------------------

@pytest.fixture(scope="module")
def text_2021(client):
    r = client.get(HEATING + "/draft/edit", params={"as_of": "2021-08-01"})
    assert r.status_code == 200
    _obeys_its_policy(r)
    return _textarea(r.text, "text")


def _edited(text: str) -> str:
    return text.replace("为加强城市供热管理", "为了加强城市供热管理", 1) \
        .replace("均须遵守本条例。", "均应当遵守本条例。", 1)


def test_edit_mode_starts_from_the_text_as_of_the_date(client, text_2021):
    assert text_2021.startswith("吉林省城市供热条例\n") and "第三十九条 本条例自2004年6月1日起施行。" in text_2021
    page = client.get(HEATING + "/draft").text
    assert 'id="mode-edit"' in page and "/draft/edit?as_of=" in page
    early = client.get(HEATING + "/draft/edit", params={"as_of": "2004-05-01"})
    assert early.status_code == 200 and 'id="base-error"' in early.text and "尚未施行" in early.text


def test_edit_mode_drafts_the_decision_with_redline_and_table(client, text_2021):
    r = client.post(HEATING + "/draft/edit/result",
                    json={"as_of": "2021-08-01", "text": _edited(text_2021)})
    assert r.status_code == 200 and r.headers["x-amend-items"] == "2"
    page = r.text
    decision = html.unescape(page.split('id="decision">')[1].split("</pre>")[0])
    assert decision.splitlines()[0] == "关于修改《吉林省城市供热条例》的决定"
    # the phrasing is amend.draft's (tests/test_draft.py); here: one item per changed article
    items = [line for line in decision.splitlines() if re.match(r"[一二三]、", line)]
    assert len(items) == 2
    assert items[0].startswith("一、") and "第一条" in items[0] and "了" in items[0]
    assert items[1].startswith("二、") and "第二条" in items[1] and "应当" in items[1]
    assert 'id="redline"' in page and 'id="table"' in page
    assert re.search(r"<ins>[^<]*了[^<]*</ins>", page)
    assert 'id="copy-decision"' in page and 'id="download-txt"' in page and 'id="download-docx"' in page
    # without script: the full page from a form post
    full = client.post(HEATING + "/draft/edit", data={"as_of": "2021-08-01", "text": _edited(text_2021)})
    assert full.status_code == 200 and 'id="decision"' in full.text and "</textarea>" in full.text
    _obeys_its_policy(full)


def test_edit_mode_downloads_the_decision(client, text_2021):
    form = {"as_of": "2021-08-01", "text": _edited(text_2021)}
    txt = client.post(HEATING + "/draft/edit/decision.txt", data=form)
    assert txt.status_code == 200 and txt.headers["content-type"] == "text/plain; charset=utf-8"
    assert "attachment" in txt.headers["content-disposition"]
    assert "decision.txt" in txt.headers["content-disposition"]
    assert txt.text.startswith("关于修改《吉林省城市供热条例》的决定\n")
    doc = client.post(HEATING + "/draft/edit/decision.docx", data=form)
    assert doc.status_code == 200 and doc.headers["content-type"] == DOCX
    xml = _docx_text(doc.content)
    assert "关于修改《吉林省城市供热条例》的决定" in xml and "第二条" in xml and "应当" in xml
    assert client.post(HEATING + "/draft/edit/decision.pdf", data=form).status_code == 404


def test_edit_mode_errors_are_messages_not_500s(client, text_2021):
    # unchanged
    same = client.post(HEATING + "/draft/edit/result", json={"as_of": "2021-08-01", "text": text_2021})
    assert same.status_code == 200 and 'id="unchanged"' in same.text
    assert client.post(HEATING + "/draft/edit/decision.txt",
                       data={"as_of": "2021-08-01", "text": text_2021}).status_code == 400
    # an article deleted without renumbering the rest: the self-check refuses, and says why
    gap = re.sub(r"第二条 [^\n]*\n", "", text_2021, count=1)
    r = client.post(HEATING + "/draft/edit/result", json={"as_of": "2021-08-01", "text": gap})
    assert r.status_code == 200 and 'id="edit-error"' in r.text and 'id="decision"' not in r.text
    assert "自检未通过" in r.text and "self-check failed" in r.text and "缺少第二条" in r.text
    bad = client.post(HEATING + "/draft/edit/decision.docx", data={"as_of": "2021-08-01", "text": gap})
    assert bad.status_code == 400 and "自检未通过" in bad.text
    # unreadable and empty texts, a date with no text in force, junk bodies
    for body in ({"as_of": "2021-08-01", "text": ""},
                 {"as_of": "2021-08-01", "text": "\n\n"},
                 {"as_of": "2004-05-01", "text": text_2021}):
        r = client.post(HEATING + "/draft/edit/result", json=body)
        assert r.status_code == 200 and 'id="edit-error"' in r.text, body
    junk = client.post(HEATING + "/draft/edit/result", content=b"[1",
                       headers={"content-type": "application/json"})
    assert junk.status_code == 400 and "JSON" in junk.text
    wrong = client.post(HEATING + "/draft/edit/result", json={"as_of": "2021-08-01", "text": 5})
    assert wrong.status_code == 400


def test_edit_mode_goes_through_the_limits(monkeypatch, text_2021):
    """The body cap, and the drafting runs on the "drafts" lane's threads."""
    import threading

    import amend.web.edit as edit
    from amend.web.app import Limits

    small = TestClient(create_app(limits=Limits(max_body=1024)), raise_server_exceptions=False)
    r = small.post(HEATING + "/draft/edit/result", json={"as_of": "2021-08-01", "text": text_2021})
    assert r.status_code == 413
    threads = []
    real = edit.edit_context

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(edit, "edit_context", spy)
    app = create_app()
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/draft/edit/result", "/draft/edit/decision.txt"):
            c.post(HEATING + path, data={"as_of": "2021-08-01", "text": _edited(text_2021)})
    assert len(threads) == 2 and all(t.startswith("amend-web-drafts-") for t in threads), threads
