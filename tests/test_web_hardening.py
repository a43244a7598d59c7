"""Issue 13, points 5 (the draft upload's encodings) and 6 (the web server stays responsive):
heavy work off the event loop with a time limit and a bounded queue, body limits, malformed
bodies, Host and Origin checks, security headers, idle and stalled connections.

No test here relies on timing: a "slow" request is one whose work waits on an event that the
test sets only after checking what must happen meanwhile (with a generous cap, so that the old
behaviour — work on the event loop — fails the test instead of hanging it).
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import json
import re
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette", reason="the web extra (starlette) is not installed")
pytest.importorskip("httpx2", reason="starlette's test client needs httpx2 (test extra)")

from starlette.testclient import TestClient

import amend.web.app as web
from amend.consolidate import consolidate as real_consolidate
from amend.web.app import Limits, create_app, server_config

REPO = Path(__file__).resolve().parent.parent
HEATING = "/works/" + quote("吉林省城市供热条例")
SEED = (REPO / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt").read_text(encoding="utf-8")
#: how long a held-back request waits at most: the test fails (not hangs) if nothing releases it
CAP = 20.0
EXCEPTION_NAMES = ("Traceback", "Error:", "TypeError", "ValueError", "RecursionError",
                   "UnicodeDecodeError", "UnicodeEncodeError", "KeyError", "AttributeError",
                   "RuntimeError", "JSONDecodeError")


class Held:
    """A stand-in for amend.web.app.consolidate that waits until released (at most CAP
    seconds), then does the real work."""

    def __init__(self):
        self.started = threading.Event()
        self.release = threading.Event()
        self.done = threading.Event()
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.started.set()
        self.release.wait(CAP)
        try:
            return real_consolidate(*args, **kwargs)
        finally:
            self.done.set()


@pytest.fixture
def held(monkeypatch):
    h = Held()
    monkeypatch.setattr(web, "consolidate", h)
    yield h
    h.release.set()


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(), raise_server_exceptions=False)


def _bilingual(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and bool(re.search(r"[a-z]{3,}", text))


def _error_text(page: str) -> str:
    m = re.search(r'id="error">(.*?)</p>', page, re.S)
    assert m, page[:500]
    return html.unescape(m.group(1))


def _in_thread(fn):
    box = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            box["error"] = exc
        box["finished"] = time.monotonic()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


# --- 1. heavy work off the event loop, time limit, bounded queue, body limit ------------------

def test_a_slow_page_does_not_hold_up_other_requests(held):
    """While a text page is being computed, the works list and the compare form are answered
    (one event loop shared by every request, as under uvicorn)."""
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        t, box = _in_thread(lambda: c.get(HEATING, params={"as_of": "2021-08-01"}))
        assert held.started.wait(CAP)
        quick = c.get("/")
        form = c.get(HEATING + "/compare")
        assert not held.done.is_set(), "the quick requests waited for the slow one"
        assert quick.status_code == 200 and "《吉林省城市供热条例》" in quick.text
        assert form.status_code == 200
        held.release.set()
        t.join(CAP)
    assert box["result"].status_code == 200 and box["result"].text.count('class="art') == 39


def test_a_request_over_the_time_limit_gets_504_and_others_go_on(held):
    with TestClient(create_app(limits=Limits(timeout=0.5)), raise_server_exceptions=False) as c:
        r = c.get(HEATING, params={"as_of": "2021-08-01"})
        assert not held.done.is_set()  # answered while the work is still going on
        assert r.status_code == 504 and r.headers["content-type"].startswith("text/html")
        message = _error_text(r.text)
        assert "超过 0.5 秒" in message and "took longer than 0.5 s" in message
        assert "过大" in message and "too large" in message and _bilingual(message)
        assert not any(name in r.text for name in EXCEPTION_NAMES)
        assert c.get("/").status_code == 200


def test_a_full_lane_answers_503_at_once_and_a_queued_request_that_times_out_never_runs(held):
    with TestClient(create_app(limits=Limits(workers=1, backlog=0, timeout=CAP)),
                    raise_server_exceptions=False) as c:
        t, box = _in_thread(lambda: c.get(HEATING, params={"as_of": "2021-08-01"}))
        assert held.started.wait(CAP)
        busy = c.get(HEATING + "/compare", params={"from": "2010-01-01", "to": "2021-08-01"})
        assert not held.done.is_set()
        assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
        assert "正忙" in busy.text and "busy" in busy.text
        held.release.set()
        t.join(CAP)
        assert box["result"].status_code == 200
    held.release.clear()
    held.started.clear()
    held.calls = 0
    with TestClient(create_app(limits=Limits(workers=1, backlog=1, timeout=0.5)),
                    raise_server_exceptions=False) as c:
        t, box = _in_thread(lambda: c.get(HEATING, params={"as_of": "2021-08-01"}))
        assert held.started.wait(CAP)
        queued = c.get(HEATING, params={"as_of": "2010-01-01"})
        assert queued.status_code == 504
        held.release.set()
        t.join(CAP)
        time.sleep(0.2)
        assert held.calls == 1  # the queued one was cancelled, not run after its answer


def test_drafts_and_pages_have_separate_lanes(monkeypatch, held):
    """A stuck draft preview does not hold up reading texts."""
    import amend.web.app as module

    release = threading.Event()
    started = threading.Event()
    real_preview = module.preview

    finished = threading.Event()

    def slow_preview(*a, **k):
        started.set()
        release.wait(CAP)
        finished.set()
        return real_preview(*a, **k)

    monkeypatch.setattr(module, "preview", slow_preview)
    held.release.set()  # consolidation itself is not held in this test
    with TestClient(create_app(limits=Limits(workers=1, backlog=0)), raise_server_exceptions=False) as c:
        t, box = _in_thread(lambda: c.post(HEATING + "/draft/result",
                                           json={"as_of": "2010-01-01", "draft": SEED}))
        assert started.wait(CAP)
        page = c.get(HEATING, params={"as_of": "2021-08-01"})
        assert page.status_code == 200 and not finished.is_set()
        release.set()
        t.join(CAP)
    assert box["result"].status_code == 200 and box["result"].headers["x-amend-errors"] == "0"


def test_the_time_limit_is_configurable(monkeypatch):
    assert Limits().timeout == 30.0
    monkeypatch.setenv("AMEND_WEB_TIMEOUT", "2.5")
    assert Limits.from_environment().timeout == 2.5
    for junk in ("soon", "-1", "0", "nan", "inf"):
        monkeypatch.setenv("AMEND_WEB_TIMEOUT", junk)
        assert Limits.from_environment().timeout == 30.0
    monkeypatch.delenv("AMEND_WEB_TIMEOUT")
    assert Limits.from_environment().timeout == 30.0


def test_bodies_over_the_limit_are_refused_before_any_work(monkeypatch):
    calls = []
    monkeypatch.setattr(web, "consolidate", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(web, "preview", lambda *a, **k: calls.append(a))
    c = TestClient(create_app(limits=Limits(max_body=2000)), raise_server_exceptions=False)
    big = "一、删去第一条。\n" * 200
    for r in (c.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": big}),
              c.post(HEATING + "/draft", data={"as_of": "2010-01-01", "draft": big}),
              c.post(HEATING + "/draft", files={"upload": ("a.txt", big.encode(), "text/plain")}),
              c.post(HEATING + "/draft/upload", content=big.encode())):
        assert r.status_code == 413
        message = _error_text(r.text)
        assert "过大" in message and "too large" in message and "1 KB" in message
    assert calls == []


# --- 2. malformed bodies → 400, never 500 ----------------------------------------------------

JSON = "application/json"
MALFORMED = [
    (b'{"as_of":5}', JSON),
    (b'{"as_of":"2010-01-01","draft":5}', JSON),
    (b'{"as_of":["2010-01-01"]}', JSON),
    (b'{"as_of":"2010-01-01","draft":{"a":1}}', JSON),
    (b'[{"as_of":"2010-01-01"}]', JSON),
    (b'"\\ud800"', JSON),
    (b'{"as_of":"2010-01-01","draft":"\\ud800"}', JSON),
    (b'{"as_of":"\\udfff","draft":"x"}', JSON),
    (b"[" * 100_000, JSON),
    (b'{"a":' * 50_000, JSON),
    (b'{"as_of":"2010-01-01","draft":"\xff\xfe"}', JSON),
    (b"null", JSON),
    (b"1e999999", JSON),
    (b"", JSON),
    (b"as_of=2010-01-01&draft=%FF%FE", "application/x-www-form-urlencoded"),
    (b"as_of=2010-01-01&draft=\xff", "application/x-www-form-urlencoded"),
    (b"&" * 5000, "application/x-www-form-urlencoded"),
    (b'{"as_of":"2010-01-01","draft":"x"}', "text/plain"),
    (b'{"as_of":"2010-01-01","draft":"x"}', None),
    (b"<draft/>", "application/xml"),
    (b"--xx\r\nno headers here--xx--", "multipart/form-data; boundary=xx"),
    (b"anything", "multipart/form-data"),
    (b'--b\r\nContent-Disposition: form-data; name="draft"\r\n\r\n\xff\xfe\r\n--b--\r\n',
     "multipart/form-data; boundary=b"),
]


@pytest.mark.parametrize("path", ["/draft/result", "/draft"])
@pytest.mark.parametrize("body,kind", MALFORMED, ids=lambda v: repr(v)[:40] if isinstance(v, bytes) else str(v))
def test_malformed_bodies_are_400_in_both_languages(client, path, body, kind):
    headers = {"content-type": kind} if kind else {}
    r = client.post(HEATING + path, content=body, headers=headers)
    assert r.status_code == 400, r.text[:300]
    assert _bilingual(_error_text(r.text))
    assert not any(name in r.text for name in EXCEPTION_NAMES)


def test_well_formed_bodies_of_every_kind_still_work(client):
    """JSON, urlencoded and multipart give the same preview."""
    results = [
        client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": SEED}),
        client.post(HEATING + "/draft/result", data={"as_of": "2010-01-01", "draft": SEED}),
        client.post(HEATING + "/draft/result", data={"as_of": "2010-01-01", "draft": SEED},
                    files={"upload": ("", b"", "application/octet-stream")}),
    ]
    for r in results:
        assert r.status_code == 200 and r.headers["x-amend-errors"] == "0"
        assert "修改后共39条" in r.text


def test_error_pages_never_show_exception_types(monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("secret internals at 0xdeadbeef")

    monkeypatch.setattr(web, "consolidate", broken)
    c = TestClient(create_app(), raise_server_exceptions=False)
    r = c.get(HEATING, params={"as_of": "2021-08-01"})
    assert r.status_code == 500
    message = _error_text(r.text)
    assert "内部错误" in message and "internal error" in message
    assert "RuntimeError" not in r.text and "0xdeadbeef" not in r.text and "Traceback" not in r.text
    assert "content-security-policy" in r.headers  # the 500 page goes through the guard too
    for path, status, words in (("/no/such/page", 404, "no such page"),
                                (HEATING + "/draft/result", 405, "not allowed")):
        r = c.get(path)
        assert r.status_code == status and words in _error_text(r.text)
        assert _bilingual(_error_text(r.text))


# --- 3. Host and Origin checks, security headers ---------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example",
                                  "127.0.0.1.nip.io", "localhost:80:80", "[::1", "0.0.0.0:8000",
                                  "", "127.0.0.1 :8000"])
def test_foreign_host_headers_are_refused(client, host):
    r = client.get("/", headers={"host": host})
    assert r.status_code == 400 and "DNS" in r.text and _bilingual(_error_text(r.text))
    assert "《吉林省城市供热条例》" not in r.text


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "LOCALHOST:1", "127.0.0.1",
                                  "127.0.0.1:8123", "[::1]", "[::1]:8000"])
def test_loopback_host_headers_are_accepted(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


def test_the_host_the_server_was_started_with_is_accepted():
    c = TestClient(create_app(host="amend.example.lan"), raise_server_exceptions=False)
    assert c.get("/", headers={"host": "amend.example.lan:8000"}).status_code == 200
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400
    wildcard = TestClient(create_app(host="0.0.0.0"), raise_server_exceptions=False)
    assert wildcard.get("/", headers={"host": "0.0.0.0"}).status_code == 400


@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"},
    {"origin": "http://testserver:8080"},
    {"origin": "https://testserver"},
    {"origin": "null"},
    {"origin": "garbage"},
    {"referer": "http://evil.example/works"},
    {"sec-fetch-site": "cross-site"},
    {"origin": "http://testserver", "sec-fetch-site": "same-site"},
])
def test_cross_origin_posts_are_refused_before_any_work(monkeypatch, headers):
    calls = []
    monkeypatch.setattr(web, "consolidate", lambda *a, **k: calls.append(a))
    c = TestClient(create_app(), raise_server_exceptions=False)
    for path in ("/draft/result", "/draft", "/draft/upload"):
        r = c.post(HEATING + path, json={"as_of": "2010-01-01", "draft": SEED}, headers=headers)
        assert r.status_code == 403 and _bilingual(_error_text(r.text))
    assert calls == []


@pytest.mark.parametrize("headers", [
    {},  # not a browser: curl, scripts
    {"origin": "http://testserver"},
    {"origin": "http://testserver:80"},
    {"referer": "http://testserver/works/x/draft"},
    {"origin": "http://testserver", "sec-fetch-site": "same-origin"},
])
def test_same_origin_posts_are_accepted(client, headers):
    r = client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": SEED},
                    headers=headers)
    assert r.status_code == 200


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _check_headers(r) -> str:
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    assert r.headers["referrer-policy"] == "same-origin"
    policy = r.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    return policy


def _check_inline(text: str, policy: str) -> None:
    """Every <style>/<script> of a page is allowed by nonce or hash, and so is every style
    attribute; the same for the documents inside srcdoc iframes."""
    nonce = re.search(r"script-src 'nonce-([^']+)'", policy).group(1)
    for tag, attrs, body in re.findall(r"<(style|script)([^>]*)>(.*?)</\1>", text, re.S):
        if f'nonce="{nonce}"' not in attrs:
            assert tag == "style" and not attrs and _sha256(body) in policy, (tag, attrs, body[:80])
    for value in re.findall(r'\sstyle="([^"]*)"', text):
        assert "'unsafe-hashes'" in policy and _sha256(html.unescape(value)) in policy, value
    for inner in re.findall(r'srcdoc="([^"]*)"', text):
        _check_inline(html.unescape(inner), policy)


def test_every_response_sends_the_security_headers_and_the_pages_obey_their_policy(client):
    q = {"from": "2010-01-01", "to": "2021-08-01"}
    pages = [
        client.get("/"),
        client.get(HEATING, params={"as_of": "2021-08-01"}),
        client.get(HEATING + "/compare", params=q),
        client.get(HEATING + "/compare/html", params=q),
        client.get(HEATING + "/compare/table", params=q),
        client.get(HEATING + "/draft"),
        client.post(HEATING + "/draft", data={"as_of": "2010-01-01", "draft": SEED}),
        client.post(HEATING + "/draft/result", json={"as_of": "2010-01-01", "draft": SEED}),
        client.get("/works/nope"),
        client.get("/", headers={"host": "evil.example"}),
        client.post(HEATING + "/draft/result", content=b"[", headers={"content-type": JSON}),
    ]
    nonces = set()
    for r in pages:
        policy = _check_headers(r)
        nonces.add(re.search(r"'nonce-([^']+)'", policy).group(1))
        _check_inline(r.text, policy)
    assert len(nonces) == len(pages)  # a fresh nonce per response
    draft_page, result = pages[6], pages[7]
    # the redline and the 对照表 sit in the page itself (no iframe) and were checked with it
    assert 'id="views"' in result.text and 'id="views"' in draft_page.text
    assert re.search(r'<script nonce="[^"]+">', pages[5].text)
    for r in (client.get(HEATING + "/compare/json", params=q), client.get(HEATING + "/compare/docx", params=q)):
        _check_headers(r)


# --- 5. the draft upload's encodings ---------------------------------------------------------

DRAFT = "一、删去第四十条。\n二、将第三十条修改为：“新的第三十条。”\n"


@pytest.mark.parametrize("data,encoding,warned", [
    (DRAFT.encode("utf-8"), "utf-8", False),
    (b"\xef\xbb\xbf" + DRAFT.encode("utf-8"), "utf-8", False),
    (DRAFT.encode("gb18030"), "gb18030", True),
    (DRAFT.encode("gbk"), "gb18030", True),
    (DRAFT.encode("utf-16"), "utf-16-le", True),
    (b"\xfe\xff" + DRAFT.encode("utf-16-be"), "utf-16-be", True),
    (DRAFT.replace("\n", "\r\n").encode("gb18030"), "gb18030", True),
])
def test_upload_is_decoded_and_its_encoding_reported(client, data, encoding, warned):
    r = client.post(HEATING + "/draft/upload?name=" + quote("草案.txt"), content=data,
                    headers={"content-type": "application/octet-stream"})
    assert r.status_code == 200
    got = r.json()
    assert got["text"] == DRAFT and got["encoding"] == encoding
    if warned:
        assert "草案.txt" in got["warning"] and encoding.upper() in got["warning"]
        assert _bilingual(got["warning"])
    else:
        assert got["warning"] is None


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00binary", b"\x81\x30\xff\xff\x80",
                                  b"\xff\xfe\x00\xd8"])
def test_an_undecodable_upload_is_a_clear_error(client, data):
    r = client.post(HEATING + "/draft/upload?name=" + quote("决定.docx"), content=data)
    assert r.status_code == 400
    message = r.json()["error"]
    assert "决定.docx" in message and _bilingual(message)
    assert not any(name in message for name in EXCEPTION_NAMES)


def test_upload_through_the_form_without_script(client):
    """The form (multipart) with a GB18030 file: the draft is decoded, previewed, and the page
    says which encoding was used; a file that decodes as nothing gives a clear error page."""
    r = client.post(HEATING + "/draft", data={"as_of": "2010-01-01", "draft": ""},
                    files={"upload": ("决定草案.txt", SEED.encode("gb18030"), "text/plain")})
    assert r.status_code == 200 and "修改后共39条" in r.text
    note = re.search(r'id="upload-note"[^>]*>(.*?)</p>', r.text, re.S)
    assert note and "hidden" not in note.group(0)
    assert "决定草案.txt" in note.group(1) and "GB18030" in note.group(1)
    plain = client.get(HEATING + "/draft")
    assert re.search(r'id="upload-note"[^>]*hidden', plain.text)
    assert 'enctype="multipart/form-data"' in plain.text and 'name="upload"' in plain.text
    bad = client.post(HEATING + "/draft", data={"as_of": "2010-01-01"},
                      files={"upload": ("scan.pdf", b"%PDF-1.4\x00\x00\xff", "application/pdf")})
    assert bad.status_code == 400 and "scan.pdf" in _error_text(bad.text)
    assert _bilingual(_error_text(bad.text))


def test_uploaded_file_names_are_escaped(client):
    name = '<img src=x onerror=alert(1)>.txt'
    r = client.post(HEATING + "/draft", data={"as_of": "2010-01-01"},
                    files={"upload": (name, "一、删去第四十条。".encode("gb18030"), "text/plain")})
    assert r.status_code == 200 and "<img src=x" not in r.text and "&lt;img src=x" in r.text


# --- 4. idle and stalled connections (a real uvicorn server) ---------------------------------

@contextmanager
def served(app, **overrides):
    import uvicorn

    from amend.web.server import server_config as config

    cfg = {**config("127.0.0.1", 0, request_head=1.0), **overrides}
    server = uvicorn.Server(uvicorn.Config(app, **cfg))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + CAP
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(CAP)


def test_server_config_sets_the_limits():
    pytest.importorskip("uvicorn")
    cfg = server_config("127.0.0.1", 8123)
    assert cfg["host"] == "127.0.0.1" and cfg["port"] == 8123
    assert 0 < cfg["timeout_keep_alive"] <= 10 and 0 < cfg["limit_concurrency"] <= 1024
    assert cfg["timeout_graceful_shutdown"] and cfg["http"].request_head_timeout > 0
    import uvicorn

    uvicorn.Config(create_app(), **cfg).load()  # uvicorn accepts every one of them


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection within ``seconds`` (whatever it sends first)."""
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def _read_until(sock: socket.socket, needle: str) -> str:
    """What the server sends until ``needle`` appears or the connection closes."""
    data = b""
    while needle.encode() not in data:
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace")


def test_idle_and_stalled_connections_are_closed():
    pytest.importorskip("uvicorn")
    with served(create_app(), timeout_keep_alive=1) as port:
        # connects and sends nothing
        with socket.create_connection(("127.0.0.1", port)) as s:
            assert _closed_within(s, CAP)
        # sends its request head a byte at a time (slowloris): still closed after ~1 s
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.settimeout(CAP)
            started = time.monotonic()
            closed = False
            for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200:
                try:
                    s.send(bytes([byte]))
                except OSError:
                    closed = True
                    break
                time.sleep(0.05)
                if time.monotonic() - started > 3 * 1.0 + 5:
                    break
            assert closed or _closed_within(s, CAP)
        # a keep-alive connection left idle after its answer
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CAP)
        conn.request("GET", "/")
        assert conn.getresponse().read() and conn.sock is not None
        assert _closed_within(conn.sock, CAP)
        conn.close()


def test_a_stalled_body_gets_408_and_a_declared_huge_body_413_without_reading_it():
    pytest.importorskip("uvicorn")
    with served(create_app(limits=Limits(body_timeout=1.0))) as port:
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.settimeout(CAP)
            s.sendall(f"POST {HEATING}/draft/result HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"as_of\"".encode())
            answer = _read_until(s, "did not arrive")
            assert answer.startswith("HTTP/1.1 408") and "did not arrive" in answer
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.settimeout(CAP)
            s.sendall(f"POST {HEATING}/draft/result HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {10 ** 9}\r\n\r\n".encode())
            answer = _read_until(s, "too large")
            assert answer.startswith("HTTP/1.1 413") and "too large" in answer


def test_the_real_server_answers_quick_requests_while_a_slow_one_runs(held):
    pytest.importorskip("uvicorn")
    with served(create_app()) as port:
        def get(path):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CAP + 10)
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read().decode("utf-8")
            conn.close()
            return r.status, body

        t, box = _in_thread(lambda: get(HEATING + "?as_of=2021-08-01"))
        assert held.started.wait(CAP)
        status, body = get("/")
        assert status == 200 and "《吉林省城市供热条例》" in body
        assert not held.done.is_set(), "the works list waited for the slow page"
        held.release.set()
        t.join(CAP)
        assert box["result"][0] == 200
        # a Host the server does not answer to, over a real socket
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CAP)
        conn.request("GET", "/", headers={"Host": "rebound.evil.example"})
        assert conn.getresponse().status == 400
        conn.close()


def test_load_script_is_on_demand_only():
    """benchmarks/load_web.py exists, parses its options and is not collected by pytest."""
    import runpy

    script = REPO / "benchmarks" / "load_web.py"
    assert script.exists() and not script.name.startswith("test_")
    ns = runpy.run_path(str(script), run_name="not_main")
    args = ns["parse_args"]([])
    assert args.clients == 200 and args.seconds == 60
    assert json.dumps(ns["summarise"]([("text", 200, 0.01), ("draft", 503, 0.5)], 1.0))
