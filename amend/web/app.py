"""The web application: pages over the library, with no logic of its own.

Contract: ``create_app(corpus=None, *, host=None, limits=None)`` returns a Starlette ASGI app.
Works are addressed only by the slug of the corpus index (no file path ever comes from a
request); every page is a template of renderers/web/ over a context the library builds
(amend.views, amend.diff.context); every piece of user text is escaped by Jinja2's autoescape.
Nothing a user sends is stored.

Staying up (``Limits``; amend/web/workers.py, amend/web/guard.py, amend/web/server.py):

- Request bodies above ``limits.max_body`` bytes are refused with 413 before any work (the
  declared Content-Length first, then the bytes as they arrive); a body that does not arrive
  within ``limits.body_timeout`` seconds gets 408.
- Consolidation, comparison, downloads, draft previews and the rendering of their pages run on
  worker threads, never on the event loop, in two lanes ("pages" and "drafts") so slow drafts do
  not hold up reading; each request has ``limits.timeout`` seconds (default 30, or
  $AMEND_WEB_TIMEOUT) and then gets a 504 page saying the input is too large; a full lane gets a
  503 with Retry-After.  The works list is answered on the loop (it is cheap and cached per day).
- Draft requests are JSON objects ``{"as_of": "YYYY-MM-DD", "draft": "…"}``, forms
  (urlencoded or multipart, the latter with an optional file ``upload``) — anything else, any
  malformed body (not UTF-8, not JSON, a list, a number where text is expected, lone surrogates,
  nesting too deep) is a 400 with a message in Chinese and English, never a 500.  An uploaded
  file (the multipart field or ``POST …/draft/upload`` with the raw bytes) is decoded as
  ``amend.textio.decode`` does (BOM, UTF-8, GB18030) and a non-UTF-8 encoding is reported.
- Pages (renderers/web/): the works; a text as of a date with its versions and sources
  (amend/web/pages.py); a decision item by item (``/works/{slug}/decisions/{text id}``) and a
  stored text with its provenance and source extract (``…/texts/{text id}[/source]``; only
  ids the manifest lists); compare (the redline and the 对照表 in the page, as tabs); the draft
  page (a draft decision checked as ``amend preview`` does, its 对照表 as .docx from
  ``…/draft/table.docx``) and its second mode ``…/draft/edit`` (the text as of a date edited in
  the browser; ``…/draft/edit/result`` and ``…/draft/edit/decision.txt|docx`` draft the decision
  with amend/web/edit.py on the "drafts" lane; its body is ``{"as_of", "text"}`` or a form).
- Host and Origin checks and the security headers: ``guard.Guard``.  Anything unexpected gives
  an error page without an exception type or a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from amend import redline, views
from amend.consolidate import NoTextError, consolidate
from amend.corpus import Work, load_index
from amend.diff import present
from amend.diff.context import redline_context
from amend.preview import preview
from amend.render import template
from amend.textio import DecodeError, decode
from amend.web import pages as web_pages
from amend.web.guard import Guard, error_page
from amend.web.workers import Busy, Lane, TookTooLong

#: The largest request body accepted (a draft decision is a few tens of kilobytes).
MAX_BODY = 512 * 1024

#: Seconds a request may take (queue and work) unless $AMEND_WEB_TIMEOUT says otherwise.
TIMEOUT = 30.0

DOWNLOADS = {
    "html": ("text/html; charset=utf-8", "redline.html"),
    "table": ("text/html; charset=utf-8", "table.html"),
    "json": ("application/json; charset=utf-8", "redline.json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "table.docx"),
}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: The text in force as a document: format → (media type, disposition).
TEXT_DOWNLOADS = {
    "html": ("text/html; charset=utf-8", "inline"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "attachment"),
}

#: The messages of Starlette's own errors (unknown route, wrong method), in both languages.
DEFAULT_DETAILS = {
    404: "没有这个页面 / no such page",
    405: "不支持这种请求方法 / this method is not allowed here",
}


@dataclasses.dataclass(frozen=True)
class Limits:
    #: bytes of request body accepted
    max_body: int = MAX_BODY
    #: seconds a request may wait for and use a worker
    timeout: float = TIMEOUT
    #: seconds for the request body to arrive
    body_timeout: float = 20.0
    #: worker threads per lane (pages, drafts)
    workers: int = 2
    #: requests that may wait per lane before the answer is 503
    backlog: int = 256

    @classmethod
    def from_environment(cls) -> Limits:
        value = os.environ.get("AMEND_WEB_TIMEOUT")
        try:
            timeout = float(value) if value else TIMEOUT
        except ValueError:
            timeout = TIMEOUT
        return cls(timeout=timeout if 0 < timeout < 24 * 3600 else TIMEOUT)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int = MAX_BODY):
        super().__init__(413, f"请求内容过大（上限 {limit // 1024} KB） / request body too large "
                              f"(limit {limit // 1024} KB)")


def _bad(message_zh: str, message_en: str) -> HTTPException:
    return HTTPException(400, f"{message_zh} / {message_en}")


def _page(request: Request, name: str, http_status: int = 200, **ctx) -> HTMLResponse:
    nonce = request.state.csp_nonce if hasattr(request.state, "csp_nonce") else ""
    return HTMLResponse(template(f"web/{name}").render(csp_nonce=nonce, **ctx),
                        status_code=http_status)


def _date(value: str | None, default: dt.date | None = None) -> dt.date:
    if not value:
        if default is None:
            raise HTTPException(400, "缺少日期 / a date is needed")
        return default
    from amend.dates import DateError, parse_date

    try:  # the forms the CLI takes: 2021-08-01, 2021/8/1, 2021年8月1日 …
        return parse_date(value)
    except DateError as exc:  # "日期不存在 / no such date", or the forms accepted
        raise HTTPException(400, str(exc)) from None


def future_note(day: dt.date) -> str | None:
    """For a date after today, the note the text page shows (amend.dates.future_note): the
    text is the one that will be in force then, per the timeline."""
    from amend.dates import future_note as note

    found = note(day)
    return " / ".join(found) if found else None


def _text(value, field: str) -> str | None:
    """A field of a request that must be text (or absent): no other JSON type, no lone
    surrogates (they cannot be written back as UTF-8)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(f"“{field}”应为文本", f'"{field}" must be a string')
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _bad(f"“{field}”含有无效字符（孤立的代理项）",
                   f'"{field}" contains invalid characters (lone surrogates)') from None
    return value


def _multipart(raw: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name → (file name or None, bytes).  The first
    of a repeated name wins; anything malformed is a 400."""
    from email.message import Message
    from email.utils import collapse_rfc2231_value

    def params(header: str, value: str) -> Message:
        m = Message()
        m[header] = value
        return m

    def param(m: Message, name: str, header: str) -> str | None:
        value = m.get_param(name, header=header)
        return None if value is None else collapse_rfc2231_value(value)

    malformed = _bad("表单格式有误", "the form data is malformed")
    try:
        boundary = param(params("content-type", content_type), "boundary", "content-type")
    except Exception:  # noqa: BLE001 - any header the email package cannot read
        raise malformed from None
    if not boundary or len(boundary) > 200:
        raise malformed
    parts = raw.split(b"--" + boundary.encode("latin-1", "replace"))
    if len(parts) < 2 or len(parts) > 32 or not parts[-1].startswith(b"--"):
        raise malformed
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in parts[1:-1]:
        head, sep, body = part.partition(b"\r\n\r\n")
        if not head.startswith(b"\r\n") or not sep or not body.endswith(b"\r\n"):
            raise malformed
        disposition = None
        for line in head[2:].split(b"\r\n"):
            key, colon, value = line.partition(b":")
            if colon and key.strip().lower() == b"content-disposition":
                disposition = value.decode("utf-8", "replace").strip()
        if disposition is None:
            raise malformed
        try:
            m = params("content-disposition", disposition)
            name = param(m, "name", "content-disposition")
            filename = param(m, "filename", "content-disposition")
        except Exception:  # noqa: BLE001
            raise malformed from None
        if name is not None and name not in fields:
            fields[name] = (filename, body[:-2])
    return fields


def _upload_name(name: str | None) -> str:
    """A file name for messages: printable, at most 100 characters."""
    name = "".join(c for c in (name or "") if c.isprintable())[:100]
    return name or "上传的文件 / the uploaded file"


def _decode_upload(data: bytes, name: str | None):
    try:
        decoded = decode(data, _upload_name(name))
    except DecodeError as exc:
        raise HTTPException(400, str(exc)) from None
    return decoded.text.replace("\r\n", "\n").replace("\r", "\n"), decoded.warning


def create_app(corpus: Path | None = None, *, host: str | None = None,
               limits: Limits | None = None) -> Starlette:
    """The app over the corpus in ``corpus`` (the bundled one by default).  ``host`` is the
    address the server listens on: a name other than loopback is then also accepted in the
    Host header (see guard.Guard).  ``limits``: sizes, time limits and workers."""
    limits = limits or Limits.from_environment()
    works: dict[str, Work] = {w.slug: w for w in load_index(corpus)}
    pages = Lane("pages", limits.workers, limits.backlog)
    drafts = Lane("drafts", limits.workers, limits.backlog)
    histories: dict[tuple[str, str], dict] = {}

    def history(work: Work) -> dict:
        """views.history_context, once per work and day (the corpus does not change while
        serving; "pending" depends on the day)."""
        key = (work.slug, dt.date.today().isoformat())
        if key not in histories:
            if len(histories) > 4 * len(works):
                histories.clear()
            histories[key] = views.history_context(work)
        return histories[key]

    def version_links(work: Work) -> list[dict]:
        """web_pages.versions, once per work and day (as ``history``)."""
        key = (work.slug, "versions:" + dt.date.today().isoformat())
        if key not in histories:
            histories[key] = web_pages.versions(work)
        return histories[key]

    async def off_loop(lane: Lane, fn):
        try:
            return await lane.run(fn, limits.timeout)
        except Busy:
            raise HTTPException(503, "服务器正忙，请稍后再试 / the server is busy: please try again "
                                     "in a moment", headers={"Retry-After": "5"}) from None
        except TookTooLong:
            raise HTTPException(504, f"处理时间超过 {limits.timeout:g} 秒，已停止等待：内容可能过大"
                                     f"（草案可缩短或分成几部分审查） / this took longer than "
                                     f"{limits.timeout:g} s and was given up: the input may be too "
                                     "large (a draft can be shortened or checked in parts)") from None

    async def body(request: Request) -> bytes:
        """The request body, refused beyond max_body whatever Content-Length says, and within
        body_timeout seconds."""
        import anyio

        declared = request.headers.get("content-length")
        if declared and declared.strip().isdigit() and int(declared) > limits.max_body:
            raise BodyTooLarge(limits.max_body)
        chunks, size = [], 0
        try:
            with anyio.fail_after(limits.body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limits.max_body:
                        raise BodyTooLarge(limits.max_body)
                    chunks.append(chunk)
        except TimeoutError:
            raise HTTPException(408, f"请求内容在 {limits.body_timeout:g} 秒内未传完 / the request body "
                                     f"did not arrive within {limits.body_timeout:g} s") from None
        return b"".join(chunks)

    def work_of(request: Request) -> Work:
        """The work of the slug in the path; a name the CLI takes (a title, a short name, one
        unique part of one: /works/供热条例) redirects (307) to the same page under the slug;
        an unknown or ambiguous name is a 404 saying which works come close."""
        from urllib.parse import quote

        from amend.corpus import resolve

        name = request.path_params["slug"]
        work = works.get(name)
        if work is not None:
            return work
        try:
            work = resolve(name, works.values())
        except LookupError as exc:
            raise HTTPException(404, str(exc.args[0])) from None
        rest = request.scope["path"][len("/works/") + len(name):]
        url = "/works/" + _quote(work.slug) + quote(rest, safe="/.")
        if request.url.query:
            url += "?" + request.url.query
        raise HTTPException(307, f"见 / see {url}", headers={"Location": url})

    async def index(request: Request):
        return _page(request, "works.html.j2", works=[
            {"slug": w.slug, "title": w.title, **history(w)} for w in works.values()])

    async def text(request: Request):
        work = work_of(request)
        day = _date(request.query_params.get("as_of"), dt.date.today())

        def build():
            ctx = views.text_context(consolidate(work, day))
            return _page(request, "text.html.j2", slug=work.slug, as_of=day.isoformat(),
                         versions=version_links(work), future_note=future_note(day),
                         decision_pages=web_pages.decision_pages(version_links(work)), **ctx)

        return await off_loop(pages, build)

    def stored_text(work: Work, request: Request):
        """The corpus text a request names: only an id the work's manifest lists."""
        text_id = request.path_params["text_id"]
        if text_id not in {t.id for t in work.texts}:
            raise HTTPException(404, "没有这个文本 / no such text of this work")
        return work.text(text_id)

    async def decision_page(request: Request):
        """A decision of the corpus, item by item, each linked to the articles it touched."""
        work = work_of(request)
        t = stored_text(work, request)
        if t.role != "decision":
            raise HTTPException(404, "这个文本不是修改决定 / this text is not a decision")

        def build():
            try:
                ctx = web_pages.decision_context(work, t.id)
            except LookupError:
                raise HTTPException(404, "语料库中没有该决定的事件 / the corpus has no event for "
                                         "this decision") from None
            return _page(request, "decision.html.j2", slug=work.slug, title=work.title, d=ctx)

        return await off_loop(pages, build)

    async def corpus_text(request: Request):
        """A stored text of the corpus with its provenance."""
        work = work_of(request)
        t = stored_text(work, request)

        def build():
            return _page(request, "corpus-text.html.j2", slug=work.slug, title=work.title,
                         t=web_pages.text_context(work, t.id))

        return await off_loop(pages, build)

    async def corpus_source(request: Request):
        """The extract of a stored text exactly as taken from its source (the gazette), as
        plain text."""
        work = work_of(request)
        t = stored_text(work, request)
        if not t.raw:
            raise HTTPException(404, "这个文本没有原文摘录 / this text has no source extract")
        body = await off_loop(pages, lambda: work.read_raw(t.id))
        return Response(body + "\n", media_type="text/plain; charset=utf-8")

    async def text_download(request: Request):
        """The print-ready text in force (``amend consolidate --format html|docx``)."""
        from amend import textdoc

        work = work_of(request)
        fmt = request.path_params["fmt"]
        if fmt not in TEXT_DOWNLOADS:
            raise HTTPException(404, "没有这种格式 / no such format")
        day = _date(request.query_params.get("as_of"), dt.date.today())

        def build():
            c = consolidate(work, day)
            if not c.in_force:
                raise HTTPException(404, f"{c.plan.message_zh} / {c.plan.message_en}")
            ctx = views.document_context(c)
            return textdoc.html(ctx) if fmt == "html" else textdoc.docx(ctx)

        body = await off_loop(pages, build)
        media, disposition = TEXT_DOWNLOADS[fmt]
        filename = f"{work.slug}-{day.isoformat()}.{fmt}"
        return Response(body, media_type=media, headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quote(filename)}"})

    def _redline(request: Request, work: Work) -> tuple[dict, str, str]:
        start = _date(request.query_params.get("from"))
        end = _date(request.query_params.get("to"), dt.date.today())
        try:
            red = redline.between_dates(work, start, end)
        except redline.NotInForce as exc:
            raise HTTPException(400, f"{exc.args[0]} / {exc.args[1]}") from None
        changed_only = request.query_params.get("changed_only") == "1"
        return (redline_context(red.changes, old_name=red.old_name, new_name=red.new_name,
                                changed_only=changed_only), start.isoformat(), end.isoformat())

    async def compare(request: Request):
        work = work_of(request)
        versions = version_links(work)
        if "from" not in request.query_params:
            # the form alone, its dates filled in: the latest version against the one before
            start = versions[-2]["start"] if len(versions) > 1 else ""
            end = versions[-1]["start"] if len(versions) > 1 else dt.date.today().isoformat()
            return _page(request, "compare.html.j2", slug=work.slug, title=work.title, ctx=None,
                         versions=versions, start=start, end=end)

        def build():
            ctx, start, end = _redline(request, work)
            return _page(request, "compare.html.j2", slug=work.slug, title=work.title, ctx=ctx,
                         versions=versions, start=start, end=end)

        return await off_loop(pages, build)

    async def download(request: Request):
        work = work_of(request)
        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise HTTPException(404, "没有这种格式 / no such format")

        def build():
            ctx, start, end = _redline(request, work)
            body = {"html": lambda: present.html(ctx), "table": lambda: present.table_html(ctx),
                    "json": lambda: json.dumps(ctx, ensure_ascii=False, indent=1),
                    "docx": lambda: present.docx(ctx)}[fmt]()
            return body, start, end

        body, start, end = await off_loop(pages, build)
        media, name = DOWNLOADS[fmt]
        filename = f"{work.slug}-{start}-{end}-{name}"
        disposition = "inline" if fmt in ("html", "table") else "attachment"
        return Response(body, media_type=media, headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quote(filename)}"})

    def _preview_context(work: Work, as_of: str | None, draft: str) -> dict:
        day = _date(as_of, dt.date.today())
        c = consolidate(work, day)
        if not c.in_force:
            return {"base_error": f"{c.plan.message_zh} / {c.plan.message_en}", "draft": draft,
                    "as_of": day.isoformat()}
        if not draft.strip():
            return {"base_error": None, "empty": True, "draft": draft, "as_of": day.isoformat()}
        result = preview(c.regulation, draft, target=work.title)
        ctx = views.preview_context(result, base_name=f"{work.title} {day.isoformat()}",
                                    draft_name="草案 / draft")
        read = [it.number for it in result.decision.items if it.number] if result.decision else []
        return {**ctx, "base_error": None, "empty": False, "draft": draft, "as_of": day.isoformat(),
                "counts": web_pages.item_counts(draft, ctx["problems"], read),
                "draft_lines": web_pages.marked_lines(views.draft_lines(draft, ctx["problems"]),
                                                      ctx["problems"])}

    async def _draft_fields(request: Request, name: str = "draft") -> tuple[str | None, str, str | None]:
        """(as_of, the text of field ``name``, note on the upload's encoding) from a JSON,
        urlencoded or multipart body; see the module contract."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("application/json", "application/x-www-form-urlencoded",
                        "multipart/form-data"):
            raise _bad("请求的内容类型应为JSON或表单", "the request must be JSON "
                       "(application/json) or a form (application/x-www-form-urlencoded, "
                       "multipart/form-data)")
        raw = await body(request)
        if kind == "application/json":
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                raise _bad("请求不是有效的JSON", "the request is not valid JSON") from None
            if not isinstance(data, dict):
                raise _bad("请求应为JSON对象", "expected a JSON object") from None
            return _text(data.get("as_of"), "as_of"), _text(data.get(name), name) or "", None
        if kind == "multipart/form-data":
            fields = _multipart(raw, request.headers["content-type"])

            def field(name: str) -> str | None:
                if name not in fields:
                    return None
                try:
                    return fields[name][1].decode("utf-8")
                except UnicodeDecodeError:
                    raise _bad(f"表单字段“{name}”不是UTF-8文本",
                               f'the form field "{name}" is not UTF-8 text') from None

            filename, data = fields.get("upload", (None, b""))
            if data:
                draft, note = _decode_upload(data, filename)
                return field("as_of"), draft, note
            return field("as_of"), field(name) or "", None
        try:
            form = parse_qs(raw.decode("utf-8"), keep_blank_values=True, errors="strict",
                            max_num_fields=100)
        except (UnicodeDecodeError, ValueError):
            raise _bad("请求不是UTF-8编码的表单", "the request is not a UTF-8 form") from None
        return (form.get("as_of") or [None])[0], (form.get(name) or [""])[0], None

    async def draft_page(request: Request):
        work = work_of(request)
        versions = history(work)["versions"]
        if request.method != "POST":
            as_of = request.query_params.get("as_of") or dt.date.today().isoformat()
            return _page(request, "draft.html.j2", slug=work.slug, title=work.title, as_of=as_of,
                         draft="", result=None, versions=versions, upload_note=None)
        as_of, draft, note = await _draft_fields(request)

        def build():
            result = _preview_context(work, as_of, draft)
            return _page(request, "draft.html.j2", slug=work.slug, title=work.title,
                         as_of=result["as_of"], draft=result["draft"], result=result,
                         versions=versions, upload_note=note)

        return await off_loop(drafts, build)

    async def draft_result(request: Request):
        """The result part of the draft page alone, for updating it without a reload."""
        work = work_of(request)
        as_of, draft, _note = await _draft_fields(request)

        def build():
            result = _preview_context(work, as_of, draft)
            response = _page(request, "draft-result.html.j2", result=result)
            response.headers["X-Amend-Errors"] = str(result.get("errors", 0))
            return response

        return await off_loop(drafts, build)

    async def draft_table(request: Request):
        """The 修改前后对照表 of a draft as .docx (a form post from the draft page)."""
        from amend.diff.docx import ControlCharacterError

        work = work_of(request)
        as_of, draft, _note = await _draft_fields(request)

        def build():
            result = _preview_context(work, as_of, draft)
            if result["base_error"]:
                raise HTTPException(400, result["base_error"])
            if result["empty"] or not result.get("redline"):
                raise _bad("草案没有可以适用的修改，无法生成对照表",
                           "the draft has no change that applies: no comparison table")
            try:
                return present.docx(result["redline"]), result["as_of"]
            except ControlCharacterError as exc:
                raise HTTPException(400, str(exc)) from None

        data, day = await off_loop(drafts, build)
        return _attachment(data, DOCX, f"{work.slug}-{day}-draft-table.docx")

    def _edit_result(work: Work, as_of: str | None, edited: str, title: str | None = None) -> dict:
        from amend.web.edit import edit_context

        day = _date(as_of, dt.date.today())
        c = consolidate(work, day)
        if not c.in_force:
            return {"error": f"{c.plan.message_zh} / {c.plan.message_en}", "decision": None,
                    "items": 0, "redline": None, "renumbering": [], "unchanged": False, "notes": [],
                    "as_of": day.isoformat(), "text": edited, "decision_action": ""}
        ctx = edit_context(c.regulation, edited, old_name=f"{work.title} {day.isoformat()}",
                           title=title)
        return {**ctx, "as_of": day.isoformat(), "text": edited,
                "decision_action": f"/works/{work.slug}/draft/edit/decision"}

    async def edit_page(request: Request):
        """Draft mode 2: the text of the work as of a date in a textarea; a post drafts the
        decision from the edit (full page: works without script)."""
        from amend.structure import render

        work = work_of(request)
        if request.method != "POST":
            day = _date(request.query_params.get("as_of"), dt.date.today())

            def load():
                c = consolidate(work, day)
                text = render(c.regulation) if c.in_force else ""
                error = None if c.in_force else f"{c.plan.message_zh} / {c.plan.message_en}"
                return _page(request, "draft-edit.html.j2", slug=work.slug, title=work.title,
                             as_of=day.isoformat(), text=text, base_error=error, result=None)

            return await off_loop(drafts, load)
        as_of, edited, _note = await _draft_fields(request, "text")

        def build():
            result = _edit_result(work, as_of, edited)
            return _page(request, "draft-edit.html.j2", slug=work.slug, title=work.title,
                         as_of=result["as_of"], text=edited, base_error=None, result=result)

        return await off_loop(drafts, build)

    async def edit_result(request: Request):
        """The result part of the edit mode alone, for updating it without a reload."""
        work = work_of(request)
        as_of, edited, _note = await _draft_fields(request, "text")

        def build():
            result = _edit_result(work, as_of, edited)
            response = _page(request, "draft-edit-result.html.j2", result=result)
            response.headers["X-Amend-Items"] = str(result["items"])
            return response

        return await off_loop(drafts, build)

    async def edit_decision(request: Request):
        """The decision drafted from an edit as .txt or .docx; 400 with the reason when there
        is none (the text unchanged or unreadable, the self-check failed)."""
        from amend.draft.present import to_docx

        work = work_of(request)
        fmt = request.path_params["fmt"]
        if fmt not in ("txt", "docx"):
            raise HTTPException(404, "没有这种格式 / no such format")
        as_of, edited, _note = await _draft_fields(request, "text")

        def build():
            result = _edit_result(work, as_of, edited)
            if result["error"]:
                raise HTTPException(400, result["error"])
            if not result["decision"]:
                raise _bad("文本没有修改，无需决定", "the text was not changed: there is no decision")
            text = result["decision"]
            return (to_docx(text) if fmt == "docx" else text.encode("utf-8")), result["as_of"]

        data, day = await off_loop(drafts, build)
        media = DOCX if fmt == "docx" else "text/plain; charset=utf-8"
        return _attachment(data, media, f"{work.slug}-{day}-decision.{fmt}")

    async def draft_upload(request: Request):
        """A draft file's raw bytes → {"text", "encoding", "warning"} (JSON); a file that no
        encoding decodes → 400 {"error"}."""
        work_of(request)
        raw = await body(request)
        name = _upload_name(request.query_params.get("name"))
        try:
            decoded = decode(raw, name)
        except DecodeError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        return JSONResponse({"text": text, "encoding": decoded.encoding, "warning": decoded.warning})

    async def http_error(request: Request, exc: HTTPException):
        message = exc.detail
        if exc.status_code in DEFAULT_DETAILS and message == HTTPException(exc.status_code).detail:
            message = DEFAULT_DETAILS[exc.status_code]
        return _error(request, exc.status_code, message, exc.headers)

    async def no_text(request: Request, exc: NoTextError):
        return _error(request, 404, " / ".join(exc.args))

    routes = [
        Route("/", index),
        Route("/works/{slug}", text),
        Route("/works/{slug}/text.{fmt}", text_download),
        Route("/works/{slug}/decisions/{text_id}", decision_page),
        Route("/works/{slug}/texts/{text_id}", corpus_text),
        Route("/works/{slug}/texts/{text_id}/source", corpus_source),
        Route("/works/{slug}/compare", compare),
        Route("/works/{slug}/compare/{fmt}", download),
        Route("/works/{slug}/draft", draft_page, methods=["GET", "POST"]),
        Route("/works/{slug}/draft/result", draft_result, methods=["POST"]),
        Route("/works/{slug}/draft/upload", draft_upload, methods=["POST"]),
        Route("/works/{slug}/draft/table.docx", draft_table, methods=["POST"]),
        Route("/works/{slug}/draft/edit", edit_page, methods=["GET", "POST"]),
        Route("/works/{slug}/draft/edit/result", edit_result, methods=["POST"]),
        Route("/works/{slug}/draft/edit/decision.{fmt}", edit_decision, methods=["POST"]),
    ]
    # Guard sits outside Starlette's exception handling: every response, error pages included,
    # passes through it, and it turns any other exception into a 500 page (guard.py).
    app = Starlette(routes=routes, middleware=[Middleware(Guard, hosts=[host] if host else [])],
                    exception_handlers={HTTPException: http_error, NoTextError: no_text})
    app.state.limits = limits
    app.state.lanes = {"pages": pages, "drafts": drafts}
    return app


def _error(request: Request, status: int, message: str, headers=None) -> HTMLResponse:
    nonce = request.state.csp_nonce if hasattr(request.state, "csp_nonce") else ""
    return error_page(status, message, nonce, headers=headers)


def server_config(host: str = "127.0.0.1", port: int = 8000) -> dict:
    """The keyword arguments for ``uvicorn.run(app, **server_config(host, port))``: idle
    keep-alive connections close after 5 s, a connection that does not send a complete request
    head within 10 s is closed, at most 256 connections/requests at once (then 503), and a
    shutdown waits at most 5 s for running requests.  See amend/web/server.py."""
    from amend.web.server import server_config as config

    return config(host, port)


def _attachment(data: bytes, media: str, filename: str) -> Response:
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(filename)}"})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


__all__ = ["MAX_BODY", "BodyTooLarge", "Limits", "create_app", "server_config"]
