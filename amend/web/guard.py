"""What every request of ``amend serve`` passes through: the Host and Origin checks, the security
headers, and the error page for anything unexpected.

Contract: ``Guard(app, hosts=…)`` is a plain ASGI middleware.

- **Host** (DNS rebinding): the Host header, port aside, must be a loopback name (localhost,
  127.0.0.1, [::1]), one of ``hosts`` (the ``--host`` the server was started with, when it is
  not a wildcard such as 0.0.0.0), or the address of the server's own socket for this connection
  (an IP literal, which no rebinding can produce; this is what lets ``--host 0.0.0.0`` be used by
  IP address).  Anything else, or no Host at all, is answered 400 before the app sees it.
- **Cross-origin requests**: a request that is not GET/HEAD/OPTIONS must come from this origin:
  its Origin header (else its Referer) must name the same scheme, host and port as the request;
  ``Origin: null`` and ``Sec-Fetch-Site: cross-site``/``same-site`` are refused (403).  A request
  with neither Origin nor Referer (curl, scripts) is let through: a browser always sends Origin
  on a POST.
- **Headers** on every response: a Content-Security-Policy (see ``csp``), X-Content-Type-Options:
  nosniff, X-Frame-Options: SAMEORIGIN (the compare page frames its own redline), Referrer-Policy:
  same-origin (not no-referrer: with no-referrer browsers send ``Origin: null`` on same-origin
  POSTs, which the origin check has to refuse), Cross-Origin-Resource-Policy: same-origin.
- A fresh CSP nonce per request in ``scope["state"]["csp_nonce"]`` for the pages' own <style> and
  <script>.
- **Errors**: an exception that reaches it gives a 500 error page that names no exception type and
  shows no traceback (the traceback goes to the ``amend.web`` logger, i.e. the server's stderr);
  a broken corpus (``CorpusError``) and an unreadable file are named, in Chinese and English.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import ipaddress
import logging
import re
import secrets
from collections.abc import Iterable
from pathlib import PurePath
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amend.render import template

log = logging.getLogger("amend.web")

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::", "*"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: The level indent of the redline and the 对照表 is set per line with style="--level: N"
#: (renderers/diff.html.j2, table.html.j2); these attribute values are allowed by hash.
LEVEL_STYLES = tuple(f"--level: {n}" for n in range(10))

#: Standalone documents served by the app (the redline, the 对照表) and also shown inside the
#: draft page (iframe srcdoc, which inherits the page's policy): their one <style> is allowed by
#: its hash.
DOCUMENTS = ("diff.html.j2", "table.html.j2")

HEADINGS = {400: "请求有误", 403: "拒绝访问", 404: "没有找到", 405: "请求方法不对", 408: "请求超时",
            413: "内容过大", 415: "内容类型不对", 500: "内部错误", 503: "服务器繁忙", 504: "处理超时"}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@functools.cache
def document_style_hashes() -> tuple[str, ...]:
    """The CSP hashes of the <style> of each template in ``DOCUMENTS``, read from the template
    source (their styles hold no template code, so the source is what is served)."""
    hashes = []
    for name in DOCUMENTS:
        source = template(name).filename
        with open(source, encoding="utf-8") as f:
            hashes += [_sha256(m.group(1)) for m in _STYLE.finditer(f.read())]
    return tuple(hashes)


def csp(nonce: str) -> str:
    """The Content-Security-Policy of every response.  Scripts: only the pages' own, by nonce (no
    'unsafe-inline', no eval).  Styles: the pages' own <style> by nonce, the redline and 对照表
    stylesheets by hash, and their ``style="--level: N"`` attributes by hash ('unsafe-hashes'
    applies hashes to attributes only, not to injected elements).  Frames: this origin only, and
    only this origin may frame us."""
    styles = " ".join((f"'nonce-{nonce}'", *document_style_hashes(), "'unsafe-hashes'",
                       *(_sha256(s) for s in LEVEL_STYLES)))
    return ("default-src 'self'; "
            f"script-src 'nonce-{nonce}'; "
            f"style-src {styles}; "
            "img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-src 'self'; frame-ancestors 'self'")


def _split_host(value: str) -> tuple[str, int | None] | None:
    """``host[:port]`` → (lower-case host without brackets, port); None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        host, rest = value[1:end], value[end + 1:]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return None
    else:
        host, sep, port = value.partition(":")
        rest = sep + port
        if not host or ":" in port:
            return None
    if not rest:
        return host, None
    if not rest.startswith(":") or not rest[1:].isdigit() or len(rest) > 6:
        return None
    return host, int(rest[1:])


def _bare(host: str) -> str:
    host = host.strip().lower()
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def error_page(status: int, message: str, nonce: str, headers: dict | None = None) -> HTMLResponse:
    body = template("web/error.html.j2").render(status_code=status, message=message,
                                                heading=HEADINGS.get(status, "出错了"),
                                                csp_nonce=nonce)
    return HTMLResponse(body, status_code=status, headers=headers)


def internal_message(exc: BaseException) -> str:
    """What the 500 page says about ``exc``: never its type, never a traceback."""
    from amend.corpus import CorpusError

    if isinstance(exc, CorpusError):
        return f"内部错误 / internal error: 语料库有误 / the corpus has a problem: {exc}"
    if isinstance(exc, OSError) and exc.filename:
        name = "/".join(PurePath(str(exc.filename)).parts[-2:])
        return (f"内部错误 / internal error: 无法读取文件 {name} / cannot read the file {name} "
                f"({exc.strerror or 'OSError'})")
    return ("内部错误 / internal error: 处理该请求时出现意外问题，详情已记入服务器日志 / something "
            "unexpected happened while answering this request; the details are in the server's log")


class Guard:
    def __init__(self, app: ASGIApp, hosts: Iterable[str] = ()):
        self.app = app
        self.hosts = LOOPBACK | {_bare(h) for h in hosts if _bare(h) not in WILDCARDS}

    def host_allowed(self, scope: Scope, headers: Headers) -> bool:
        value = headers.get("host")
        if value is None:
            return False
        parsed = _split_host(value)
        if parsed is None:
            return False
        host = parsed[0]
        if host in self.hosts:
            return True
        server = scope.get("server")
        return bool(server) and host == _bare(str(server[0]))

    @staticmethod
    def same_origin(scope: Scope, headers: Headers) -> bool:
        site = headers.get("sec-fetch-site")
        if site in ("cross-site", "same-site"):
            return False
        source = headers.get("origin")
        if source is None:
            source = headers.get("referer")
            if source is None:
                return True  # not a browser
        if source.strip() == "null":
            return False
        try:
            url = urlsplit(source.strip())
            port = url.port
        except ValueError:
            return False
        scheme = scope.get("scheme", "http")
        if url.scheme != scheme or not url.hostname:
            return False
        host = _split_host(headers.get("host", ""))
        if host is None:
            return False
        default = 443 if scheme == "https" else 80
        return (_bare(url.hostname), port or default) == (host[0], host[1] or default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})
        scope["state"]["csp_nonce"] = nonce
        security = [
            (b"content-security-policy", csp(nonce).encode("ascii")),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"SAMEORIGIN"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in security if h[0] not in present)]
            await send(message)

        headers = Headers(scope=scope)
        if not self.host_allowed(scope, headers):
            response = error_page(400, "不接受这个主机名（防范DNS重绑定）：请用 http://127.0.0.1:端口/ 或 "
                                       "http://localhost:端口/ 访问 / this Host is not accepted (a "
                                       "defence against DNS rebinding): open http://127.0.0.1:PORT/ or "
                                       "http://localhost:PORT/", nonce)
            await response(scope, receive, send_secured)
            return
        if scope["method"] not in SAFE_METHODS and not self.same_origin(scope, headers):
            response = error_page(403, "拒绝来自其他网站的请求 / a request from another site is refused",
                                  nonce)
            await response(scope, receive, send_secured)
            return
        try:
            await self.app(scope, receive, send_secured)
        except ClientDisconnect:
            return
        except Exception as exc:
            log.error("%s %s failed", scope.get("method"), scope.get("path"), exc_info=exc)
            if started:
                raise
            await error_page(500, internal_message(exc), nonce)(scope, receive, send_secured)
