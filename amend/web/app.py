"""The web application: pages over the library, with no logic of its own.

Contract: ``create_app(corpus=None)`` returns a Starlette ASGI app.  Works are addressed only by
the slug of the corpus index (no file path ever comes from a request); every page is a template
of renderers/web/ over a context the library builds (amend.views, amend.diff.context); every
piece of user text is escaped by Jinja2's autoescape.  Request bodies above ``MAX_BODY`` bytes
are refused with 413 and a clear message; a draft that cannot be read or applied gives the same
diagnostics as ``amend preview``; anything unexpected gives an error page, never a traceback.
Nothing a user sends is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from amend import redline, views
from amend.consolidate import NoTextError, consolidate
from amend.corpus import Work, load_index
from amend.diff import present
from amend.diff.context import redline_context
from amend.preview import preview
from amend.render import template

#: The largest request body accepted (a draft decision is a few tens of kilobytes).
MAX_BODY = 512 * 1024

DOWNLOADS = {
    "html": ("text/html; charset=utf-8", "redline.html"),
    "table": ("text/html; charset=utf-8", "table.html"),
    "json": ("application/json; charset=utf-8", "redline.json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "table.docx"),
}


class BodyTooLarge(HTTPException):
    def __init__(self):
        super().__init__(413, f"请求内容过大（上限 {MAX_BODY // 1024} KB） / request body too large "
                              f"(limit {MAX_BODY // 1024} KB)")


def _page(name: str, http_status: int = 200, **ctx) -> HTMLResponse:
    return HTMLResponse(template(f"web/{name}").render(**ctx), status_code=http_status)


def _date(value: str | None, default: dt.date | None = None) -> dt.date:
    if not value:
        if default is None:
            raise HTTPException(400, "缺少日期 / a date is needed")
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"日期应为YYYY-MM-DD / expected a date YYYY-MM-DD, got {value!r}") from None


async def _body(request: Request) -> bytes:
    """The request body, refused beyond MAX_BODY whatever Content-Length says."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise BodyTooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BodyTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(corpus: Path | None = None) -> Starlette:
    works: dict[str, Work] = {w.slug: w for w in load_index(corpus)}

    def work_of(request: Request) -> Work:
        work = works.get(request.path_params["slug"])
        if work is None:
            raise HTTPException(404, "语料库中没有这部法规 / no such work in the corpus")
        return work

    async def index(request: Request):
        return _page("works.html.j2", works=[
            {"slug": w.slug, "title": w.title, **views.history_context(w)} for w in works.values()])

    async def text(request: Request):
        work = work_of(request)
        day = _date(request.query_params.get("as_of"), dt.date.today())
        ctx = views.text_context(consolidate(work, day))
        return _page("text.html.j2", slug=work.slug, as_of=day.isoformat(), **ctx)

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
        if "from" not in request.query_params:
            return _page("compare.html.j2", slug=work.slug, title=work.title, ctx=None,
                         versions=views.history_context(work)["versions"], start="", end="")
        ctx, start, end = _redline(request, work)
        return _page("compare.html.j2", slug=work.slug, title=work.title, ctx=ctx,
                     versions=views.history_context(work)["versions"], start=start, end=end)

    async def download(request: Request):
        work = work_of(request)
        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise HTTPException(404, "没有这种格式 / no such format")
        ctx, start, end = _redline(request, work)
        media, name = DOWNLOADS[fmt]
        body = {"html": lambda: present.html(ctx), "table": lambda: present.table_html(ctx),
                "json": lambda: json.dumps(ctx, ensure_ascii=False, indent=1),
                "docx": lambda: present.docx(ctx)}[fmt]()
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
        redline_ctx = ctx["redline"]
        return {**ctx, "base_error": None, "empty": False, "draft": draft, "as_of": day.isoformat(),
                "draft_lines": views.draft_lines(draft, ctx["problems"]),
                "redline_html": present.html(redline_ctx) if redline_ctx else "",
                "table_html": present.table_html(redline_ctx) if redline_ctx else ""}

    async def _draft_fields(request: Request) -> tuple[str | None, str]:
        raw = await _body(request)
        kind = request.headers.get("content-type", "")
        if kind.startswith("application/json"):
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise HTTPException(400, "请求不是有效的JSON / the request is not valid JSON") from None
            if not isinstance(data, dict):
                raise HTTPException(400, "请求应为JSON对象 / expected a JSON object")
            return data.get("as_of"), str(data.get("draft") or "")
        from urllib.parse import parse_qs

        try:
            form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise HTTPException(400, "请求不是UTF-8文本 / the request is not UTF-8 text") from None
        return (form.get("as_of") or [None])[0], (form.get("draft") or [""])[0]

    async def draft_page(request: Request):
        work = work_of(request)
        if request.method == "POST":
            as_of, draft = await _draft_fields(request)
            result = _preview_context(work, as_of, draft)
        else:
            result = None
        as_of = result["as_of"] if result else (request.query_params.get("as_of")
                                                or dt.date.today().isoformat())
        return _page("draft.html.j2", slug=work.slug, title=work.title, as_of=as_of,
                     draft=result["draft"] if result else "", result=result,
                     versions=views.history_context(work)["versions"])

    async def draft_result(request: Request):
        """The result part of the draft page alone, for updating it without a reload."""
        work = work_of(request)
        as_of, draft = await _draft_fields(request)
        result = _preview_context(work, as_of, draft)
        response = _page("draft-result.html.j2", result=result)
        response.headers["X-Amend-Errors"] = str(result.get("errors", 0))
        return response

    async def http_error(request: Request, exc: HTTPException):
        return _page("error.html.j2", http_status=exc.status_code, status_code=exc.status_code,
                     message=exc.detail)

    async def no_text(request: Request, exc: NoTextError):
        return _page("error.html.j2", http_status=404, status_code=404,
                     message=" / ".join(exc.args))

    async def server_error(request: Request, exc: Exception):
        return _page("error.html.j2", http_status=500, status_code=500,
                     message=f"内部错误 / internal error: {type(exc).__name__}: {exc}")

    routes = [
        Route("/", index),
        Route("/works/{slug}", text),
        Route("/works/{slug}/compare", compare),
        Route("/works/{slug}/compare/{fmt}", download),
        Route("/works/{slug}/draft", draft_page, methods=["GET", "POST"]),
        Route("/works/{slug}/draft/result", draft_result, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error,
                                                        NoTextError: no_text,
                                                        Exception: server_error})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
