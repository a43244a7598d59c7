"""The ``amend`` command: a thin argparse layer over the library.

Contract: each subcommand reads its input, calls library functions and prints; exit status 0
means success, 1 a failed check, 2 bad input or an unusable environment (a file that cannot be
read, decoded or parsed, an unknown work, a broken corpus manifest, ``-o`` that cannot be
written, a port in use), 3 an internal error (a bug in amend; ``AMEND_DEBUG=1`` shows the
traceback).  No exception escapes ``main`` as a traceback.  Errors and warnings go to stderr in
Chinese and English, including the decision's own reading warnings.  Input files are decoded as
``amend.textio`` does (BOM, UTF-8, GB18030; a warning says when the file was not UTF-8); ``-o
FILE`` is written atomically (the old file is intact on failure); ``ingest`` writes only inside
``--out`` and replaces an existing work folder only with ``--force``.  Control characters from
source texts are shown escaped on stderr and when stdout is a terminal.  ``--partial`` (apply,
consolidate, verify, diff) applies what can be applied of each decision, marks what was left out
and exits 1 when anything was; ``verify --corpus DIR`` reports on every development triple under
DIR.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import json
import os
import re
import sys
import warnings
from pathlib import Path

from amend import __version__

# The library is imported inside the command functions, each taking only what it needs, so that
# ``amend --version`` and every command start without loading the rest (issue 16: a cold command
# is mostly imports).  Keep new imports of amend modules there, not here.

EXIT_OK, EXIT_CHECK, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

#: The colour codes ``amend.diff.present`` writes: the only control sequences let through.
_OWN_COLOURS = re.compile(r"\x1b\[(?:32;4|31;9|2|0)m")

DIFF_FORMATS = ("text", "html", "table", "md", "json", "docx")
#: The subcommands, in the order of ``amend --help``.
COMMANDS = ("show", "parse", "apply", "consolidate", "history", "verify", "invert", "diff",
            "preview", "draft", "serve", "ingest")
#: Notes on the command line (a date after today), printed on stderr once it is parsed.
_NOTES: list[str] = []


class InputError(Exception):
    """Bad input: reported on stderr, exit status 2."""


class _Partial(argparse.ArgumentParser):
    """A parser of one subcommand's line that, instead of reporting an error, raises
    ``_Retry``: ``main`` then parses again with the whole parser, whose message (its usage
    lists every subcommand) is the one to show."""

    def error(self, message):
        raise _Retry(message)


class _Retry(Exception):
    pass


class _Skipped:
    """A subcommand not on this command line: what it would be given is dropped."""

    def add_argument(self, *args, **kwargs) -> None:
        pass

    def set_defaults(self, **kwargs) -> None:
        pass


class _Subcommands:
    """``add_subparsers()``'s object, adding only the subcommand ``only`` (all when None);
    ``add_parser(name)`` a second time returns the parser already made."""

    def __init__(self, subparsers, only: str | None) -> None:
        self._subparsers = subparsers
        self._only = only

    def add_parser(self, name: str, **kwargs):
        if self._only not in (None, name):
            return _Skipped()
        made = self._subparsers.choices.get(name)
        return made if made is not None else self._subparsers.add_parser(name, **kwargs)


def _command_of(argv: list[str]) -> str | None:
    """The subcommand of ``argv`` when it comes first, or after ``--corpus DIR``; else None
    (then the whole parser is built)."""
    rest = list(argv)
    if rest[:1] == ["--corpus"] and len(rest) >= 3:
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--corpus="):
        rest = rest[1:]
    return rest[0] if rest and rest[0] in COMMANDS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, the subcommands other than ``only`` are left out
    (their options never built): the parser ``main`` uses first on a cold command, whose errors
    it leaves to the whole parser (``_Partial``)."""
    parser = (_Partial if only else argparse.ArgumentParser)(
        prog="amend",
        description="法规修改与版本引擎 / amendment and versioning engine for Chinese law",
    )
    parser.add_argument("--version", action="version", version=f"amend {__version__}")
    parser.add_argument("--corpus", type=Path, help="语料库目录 / corpus directory (default: bundled)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    sub = _Subcommands(subparsers, only)

    show = sub.add_parser("show", help="显示法规文本或结构 / print a regulation's text or structure")
    show.add_argument("work", metavar="WORK_OR_FILE", help="作品名称、简称或文件 / title, slug or file")
    show.add_argument(
        "--format", choices=("text", "json", "outline"), default="text",
        help="text: 规范文本 canonical text; json: 结构 structure; outline: 章节概览 chapter outline",
    )
    show.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    show.set_defaults(handler=cmd_show)

    parse_cmd = sub.add_parser(
        "parse", help="读取修改决定 / read an amendment decision into items and operations")
    parse_cmd.add_argument("decision", type=Path, metavar="DECISION")
    parse_cmd.add_argument("--format", choices=("text", "json"), default="text",
                           help="text: 逐项说明 items in plain words; json: 结构 operations")
    parse_cmd.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    parse_cmd.set_defaults(handler=cmd_parse)

    fmt = dict(choices=("text", "json"), default="text", help="输出格式 / output format")
    jobs = dict(type=_jobs_arg, default=1, metavar="N",
                help="并行进程数，默认1 / worker processes (default 1)")
    partial = dict(action="store_true", help="部分适用：略去不能读取或适用的事项并在输出中标出，"
                   "有略去时退出码为1 / apply what can be applied, leave out and mark the rest "
                   "(exit 1 when anything is left out)")

    apply_cmd = sub.add_parser("apply", help="适用修改决定 / apply a decision to a text")
    apply_cmd.add_argument("base", type=Path, metavar="BASE")
    apply_cmd.add_argument("decision", type=Path, metavar="DECISION")
    apply_cmd.add_argument("--report", action="store_true",
                           help="同时输出修改记录与序号对照 / also print the log and the number maps")
    apply_cmd.add_argument("--format", **fmt)
    apply_cmd.add_argument("--partial", **partial)
    apply_cmd.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    apply_cmd.set_defaults(handler=cmd_apply)

    cons = sub.add_parser("consolidate", help="某日有效的文本 / the text in force on a date")
    cons.add_argument("work", nargs="?", metavar="WORK")
    cons.add_argument("--as-of", type=_date_arg, default=None, metavar="YYYY-MM-DD",
                      help="日期，默认今天 / date (default: today)")
    cons.add_argument("--format", choices=("text", "json", "html", "docx"), default="text",
                      help="text; json; html 打印版文本 print-ready page; docx Word文件 (with -o)")
    cons.add_argument("--partial", **partial)
    cons.add_argument("--corpus", dest="batch_corpus", type=Path, metavar="DIR",
                      help="语料库目录（--all 时也可为开发语料的三元组）/ the corpus folder (with "
                           "--all also development triples)")
    cons.add_argument("--all", action="store_true",
                      help="整理语料库中的全部作品，写入 -o 目录 / every work of the corpus, into the "
                           "folder -o OUTDIR")
    cons.add_argument("--jobs", **jobs)
    cons.add_argument("-o", "--output", type=Path,
                      help="写入文件（--all 时为目录）/ write to a file (with --all: a folder)")
    cons.set_defaults(handler=cmd_consolidate)

    hist = sub.add_parser("history", help="版本与事件 / a work's timeline")
    hist.add_argument("work", metavar="WORK")
    hist.add_argument("--format", **fmt)
    hist.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    hist.set_defaults(handler=cmd_history)

    ver = sub.add_parser("verify", help="与正式文本核对 / check consolidation against official texts")
    ver.add_argument("work", nargs="?", metavar="WORK")
    ver.add_argument("--base", type=Path)
    ver.add_argument("--decision", type=Path)
    ver.add_argument("--expected", type=Path)
    ver.add_argument("--target", help="综合性决定中的对象法规 / the target in an omnibus decision")
    ver.add_argument("--format", **fmt)
    ver.add_argument("--partial", **partial)
    ver.add_argument("--corpus", dest="verify_corpus", type=Path, metavar="DIR",
                     help="开发语料中的全部三元组（修改前、决定、修改后）的报告；与WORK同用时为语料库目录 / "
                          "a report over every triple (before, decision, after) under DIR; with "
                          "WORK, the corpus directory")
    ver.add_argument("--jobs", **jobs)
    ver.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    ver.set_defaults(handler=cmd_verify)

    inv = sub.add_parser("invert", help="由修改后文本和决定推出修改前文本 / reconstruct the earlier text")
    inv.add_argument("amended", type=Path, metavar="AMENDED")
    inv.add_argument("decision", type=Path, metavar="DECISION")
    inv.add_argument("--format", **fmt)
    inv.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    inv.set_defaults(handler=cmd_invert)

    color = {"choices": ("auto", "always", "never"), "default": "auto",
             "help": "终端颜色 / colours in text output (auto: only on a terminal)"}
    diff = sub.add_parser(
        "diff", help="两个版本的修改对照 / redline between two versions",
        description="amend diff WORK --from DATE --to DATE | amend diff OLD_FILE NEW_FILE [--decision D]")
    diff.add_argument("sources", nargs="+", metavar="WORK | OLD_FILE NEW_FILE")
    diff.add_argument("--from", dest="start", type=_date_arg, metavar="YYYY-MM-DD",
                      help="较早的日期 / the earlier date")
    diff.add_argument("--to", dest="end", type=_date_arg, metavar="YYYY-MM-DD",
                      help="较晚的日期，默认今天 / the later date (default: today)")
    diff.add_argument("--decision", type=Path,
                      help="两个文件之间的修改决定（用于对应条文并注明事项）/ the decision between the files")
    diff.add_argument("--target", help="综合性决定中的对象法规 / the target in an omnibus decision")
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text",
                      help="text 终端; html 修改对照; table 修改前后对照表(HTML); md; json; docx 对照表(Word)")
    diff.add_argument("--changed-only", action="store_true", help="只列出有变化的条文 / changed articles only")
    diff.add_argument("--track-changes", action="store_true",
                      help="与 --format docx 同用：新文本，修改以Word修订（接受/拒绝）标出 / with "
                           "--format docx: the new text with the changes as Word tracked changes")
    diff.add_argument("--full-table", action="store_true",
                      help="对照表中未修改的款项在两栏都列出全文 / the 对照表 repeats unchanged "
                           "paragraphs in both columns")
    diff.add_argument("--partial", **partial)
    diff.add_argument("--color", **color)
    diff.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    diff.set_defaults(handler=cmd_diff)

    prev = sub.add_parser(
        "preview", help="审查修改决定草案 / check a draft decision and show its result",
        description="amend preview (WORK [--as-of DATE] | BASE_FILE) DRAFT_DECISION")
    prev.add_argument("base", metavar="WORK | BASE_FILE")
    prev.add_argument("draft", type=Path, metavar="DRAFT_DECISION")
    prev.add_argument("--as-of", type=_date_arg, default=None, metavar="YYYY-MM-DD",
                      help="作品在该日有效的文本作为基础，默认今天 / base: the work's text on this date")
    prev.add_argument("--target", help="综合性决定中的对象法规 / the target in an omnibus decision")
    prev.add_argument("--format", choices=("text", "html", "md", "json"), default="text",
                      help="输出格式 / output format")
    prev.add_argument("--color", **color)
    prev.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    prev.set_defaults(handler=cmd_preview)

    dr = sub.add_parser(
        "draft", help="由新旧文本拟写修改决定 / write the decision that turns OLD into NEW",
        description="amend draft OLD NEW: OLD and NEW are files, or works of the corpus "
                    "(OLD as of --from, NEW as of --to; default today)")
    # two positionals, not nargs=2 with a tuple metavar: argparse cannot format that in --help
    dr.add_argument("old", metavar="OLD", help="修改前的文本（文件，或作品名与 --from）/ the text before "
                    "(a file, or a WORK with --from)")
    dr.add_argument("new", metavar="NEW", help="修改后的文本（文件，或作品名与 --to）/ the text after")
    dr.add_argument("--from", dest="start", type=_date_arg, default=None, metavar="YYYY-MM-DD",
                    help="OLD为作品时取该日有效的文本 / OLD as a work: its text on this date")
    dr.add_argument("--to", dest="end", type=_date_arg, default=None, metavar="YYYY-MM-DD",
                    help="NEW为作品时取该日有效的文本 / NEW as a work: its text on this date")
    dr.add_argument("--title", help="决定的标题 / the decision's title (default: 关于修改《…》的决定)")
    dr.add_argument("--format", choices=("text", "json", "docx"), default="text",
                    help="输出格式 / output format (docx needs -o)")
    dr.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    dr.set_defaults(handler=cmd_draft)

    serve = sub.add_parser("serve", help="启动网页 / start the web pages (reading, comparing, drafting)")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址，默认仅本机 / address (default: loopback)")
    serve.add_argument("--port", type=_port_arg, default=8000, help="端口 / port (default 8000)")
    serve.add_argument("--corpus", dest="serve_corpus", type=Path, metavar="DIR",
                       help="语料库目录 / corpus directory (default: bundled)")
    serve.set_defaults(handler=cmd_serve)

    ingest = sub.add_parser("ingest", help="拆分政府公报 / split a gazette issue into corpus entries")
    ingest.add_argument("gazette", type=Path, metavar="GAZETTE.txt")
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR")
    ingest.add_argument("--force", action="store_true",
                        help="替换已存在的作品文件夹 / replace existing work folders")
    ingest.set_defaults(handler=cmd_ingest)
    # "--corpus DIR" after the other commands that name a WORK: the same as before the command
    # (consolidate, verify and serve have their own; a folder like ../shared/corpus-dev is read
    # as works too).  Not given, it leaves the value from before the command.
    for name in ("show", "history", "diff", "preview", "draft"):
        sub.add_parser(name).add_argument(
            "--corpus", type=Path, default=argparse.SUPPRESS, metavar="DIR",
            help="语料库目录，默认内置语料库 / corpus directory (default: bundled)")
    return parser


def _date_arg(value: str) -> datetime.date:
    """A date in any form ``amend.dates`` reads (2021-08-01, 2021/8/1, 2021年8月1日 …); argparse
    reports one that cannot be read, or names no real day, with exit status 2.  A date after
    today is used, and a note on stderr says the text is the one that will be in force then."""
    from amend.dates import DateError, future_note, parse_date

    try:
        day = parse_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    note = future_note(day)
    if note:  # said once the whole line is read (a line parsed twice says it once)
        _NOTES.append(" / ".join(note))
    return day


def _jobs_arg(value: str) -> int:
    """A number of worker processes, 1–256 (argparse reports anything else with exit 2)."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 256:
        raise argparse.ArgumentTypeError(
            f"进程数应为1至256之间的整数 / the number of jobs must be a whole number from 1 to 256, "
            f"got {value!r}")
    return jobs


def _port_arg(value: str) -> int:
    """A TCP port, 1–65535 (argparse reports anything else with exit status 2)."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"端口应为1至65535之间的整数 / the port must be a whole number from 1 to 65535, got "
            f"{value!r}")
    return port


def _work(name: str, corpus: Path | None):
    from amend.corpus import find_work

    try:
        return find_work(name, corpus)
    except LookupError as exc:
        raise InputError(str(exc.args[0])) from exc


#: errno → what it means, in Chinese (the English is the system's own ``strerror``).
_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "是一个文件夹", errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "只读文件系统",
    errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.ENAMETOOLONG: "名称过长",
    errno.EEXIST: "已存在", errno.EADDRINUSE: "端口已被占用", errno.EADDRNOTAVAIL: "本机没有该地址",
}


def _reason(exc: OSError) -> str:
    """Why an ``OSError`` happened, in Chinese and English: "磁盘已满 / No space left on device"."""
    en = exc.strerror or str(exc) or type(exc).__name__
    zh = _REASONS.get(exc.errno)
    return f"{zh} / {en}" if zh else en


def _err(message: str) -> None:
    """Print ``message`` on stderr with control characters shown escaped (it may quote a source
    text, and stderr is for people, not data)."""
    from amend.textio import escape_controls

    print(escape_controls(message), file=sys.stderr)


def _read(path: Path) -> str:
    """The text of an input file, decoded as ``amend.textio.read_text`` does (BOM, UTF-8,
    GB18030); when it was not UTF-8 a warning says so on stderr.  A file that cannot be read or
    decoded raises ``InputError`` naming it (and the encodings tried)."""
    from amend.textio import DecodeError, read_text

    try:
        decoded = read_text(path)
    except OSError as exc:
        raise InputError(f"无法读取 {path}（{_reason(exc)}） / cannot read {path} "
                         f"({exc.strerror or exc})") from exc
    except DecodeError as exc:
        raise InputError(str(exc)) from exc
    if decoded.warning:
        _err(f"警告 / warning: {decoded.warning}")
    return decoded.text


def _is_file(path: Path) -> bool:
    """``path.is_file()``, false for a name the system cannot even look up (too long …)."""
    try:
        return path.is_file()
    except (OSError, ValueError):  # ENAMETOOLONG, a NUL byte
        return False


def load_regulation(name: str, corpus: Path | None) -> Parsed:
    """A file path, or a work of the corpus (its newest text)."""
    from amend.corpus import find_work
    from amend.structure import parse, parse_source

    path = Path(name)
    if _is_file(path):
        return parse_source(_read(path))
    try:
        work = find_work(name, corpus)
    except LookupError as exc:
        raise InputError(str(exc.args[0])) from exc
    return parse(work.read(work.latest_text().id))


def _write(output: Path, data: bytes | str) -> None:
    """Write ``data`` to ``output`` atomically; a failure is an ``InputError`` and leaves any
    existing file as it was."""
    from amend.textio import write_atomic

    try:
        write_atomic(output, data)
    except OSError as exc:
        raise InputError(f"无法写入 {output}（{_reason(exc)}），原有文件未改动 / cannot write "
                         f"{output} ({exc.strerror or exc}); an existing file is unchanged") from exc


def _terminal(output: Path | None) -> bool:
    """Whether the output goes to a terminal (stdout, and stdout is one)."""
    return output is None and sys.stdout.isatty()


def _emit(text: str, output: Path | None, keep: re.Pattern | None = None) -> None:
    """Write ``text`` and a newline to ``output`` (atomically) or to stdout.  On a terminal,
    control characters are shown escaped, except matches of ``keep`` (our own colours)."""
    if output:
        _write(output, text + "\n")
        return
    if _terminal(output):
        from amend.textio import escape_controls

        text = escape_controls(text, keep)
    sys.stdout.write(text + "\n")


def cmd_show(args) -> int:
    from amend.render import show_context, template
    from amend.structure import render

    parsed = load_regulation(args.work, args.corpus)
    if args.format == "json":
        _emit(json.dumps(show_context(parsed), ensure_ascii=False, indent=2), args.output)
    elif args.format == "outline":
        _emit(template("outline.txt.j2").render(**show_context(parsed)), args.output)
    else:
        _emit(render(parsed.regulation), args.output)
        for w in parsed.warnings:
            _err(f"警告 / warning [{w.code}] line {w.line}: {w.message}")
    return EXIT_OK


def cmd_parse(args) -> int:
    from amend.decision import parse_decision
    from amend.decision.report import decision_dict
    from amend.render import template

    decision = parse_decision(_read(args.decision))
    context = decision_dict(decision)
    if args.format == "json":
        _emit(json.dumps(context, ensure_ascii=False, indent=2), args.output)
    else:
        _emit(template("decision.txt.j2").render(**context).rstrip("\n"), args.output)
    for w in decision.warnings:
        _err(f"警告 / warning [{w.code}] line {w.line}: {w.message}")
    return EXIT_OK


def cmd_ingest(args) -> int:
    from amend.corpus import write_work
    from amend.ingest import IngestError, corpus_entries, split_gazette

    docs = split_gazette(_read(args.gazette))
    if not docs:
        _err(f"{args.gazette}: 未发现修改决定或分条的法规 / no amendment decision or "
             "article-structured regulation found")
    try:
        entries = corpus_entries(docs, args.gazette.name)
    except IngestError as exc:
        raise InputError(f"{args.gazette}: {exc}") from exc
    for folder, manifest, files in _ingest_folders(args.out, entries, args.force):
        try:
            write_work(folder, manifest, files, force=args.force)
        except OSError as exc:
            raise InputError(f"无法写入 {folder}（{_reason(exc)}） / cannot write {folder} "
                             f"({exc.strerror or exc})") from exc
        kinds = "、".join(t["role"] for t in manifest["texts"])
        _emit(f"{manifest['slug']}: {kinds}", None)
    return EXIT_OK


def _ingest_folders(out: Path, entries, force: bool) -> list[tuple[Path, dict, dict]]:
    """Each entry's folder under ``out``, all checked before anything is written: a folder
    that would not be a direct child of ``out`` (after resolving links), two works wanting one
    folder, or an existing folder without ``force`` is an ``InputError``."""
    try:
        root = out.resolve()
    except (OSError, RuntimeError) as exc:
        raise InputError(f"无法使用 --out {out} / cannot use --out {out} ({exc})") from exc
    found, seen = [], set()
    for slug, manifest, files in entries:
        folder = out / slug
        try:
            inside = folder.resolve().parent == root
        except (OSError, RuntimeError):
            inside = False
        if not inside or slug in seen:
            why = ("会写到 --out 之外" if not inside else "与同一公报中的另一作品重名")
            en = "would be outside --out" if not inside else "is used by two works of the gazette"
            raise InputError(f"作品文件夹 {folder} {why}，未写入任何文件 / the work folder {folder} "
                             f"{en}: nothing was written")
        if not force and (folder.exists() or folder.is_symlink()):
            raise InputError(f"作品文件夹 {folder} 已存在，未写入任何文件；用 --force 替换 / the "
                             f"work folder {folder} exists: nothing was written (--force replaces it)")
        seen.add(slug)
        found.append((folder, manifest, files))
    return found


def _json(context) -> str:
    return json.dumps(context, ensure_ascii=False, indent=2)


def _warn(warnings) -> None:
    for w in warnings:
        where = f" 第{w.item}项" if w.item else ""
        _err(f"警告 / warning [{w.code}]{where}: {w.message}")


def _warn_reading(warnings) -> None:
    """A decision's own reading warnings (``ReadWarning``: a quote never closed, new text
    without quotes …) on stderr, with the item and the line in the decision."""
    for w in warnings:
        where = f" 第{w.item}项" if w.item else ""
        line = f" 第{w.line}行 line {w.line}" if w.line else ""
        _err(f"警告 / warning [{w.code}]{where}{line}: {w.message}")


def _reading_json(warnings) -> list[dict]:
    """Reading warnings as JSON, as ``amend parse --format json`` gives them."""
    from amend.codecache import attrs

    return [attrs.asdict(w) for w in warnings]


def _decision_warnings(text: str) -> tuple:
    """The reading warnings of a decision's text (none when nothing of it can be read: the
    errors are then reported where the decision is applied)."""
    from amend.decision.parser import parse_draft

    decision, _ = parse_draft(text)
    return decision.warnings if decision is not None else ()


def _report_skipped(entries) -> None:
    """The items partial application left out, on stderr: where, and why (with a caret)."""
    for title, s in entries:
        what = "整个决定 / the whole decision" if s.whole else (s.where() or "")
        named = f"（{'、'.join(s.provisions)}）" if s.provisions else ""
        _err(f"未能适用 / not applied: {title or ''} {what}{named}\n{s.error}")


def cmd_apply(args) -> int:
    if args.partial:
        return _apply_partial(args)
    from amend import views
    from amend.apply import apply
    from amend.decision import parse_decision
    from amend.render import template
    from amend.structure import parse_source, render

    before = parse_source(_read(args.base)).regulation
    decision = parse_decision(_read(args.decision))
    result = apply(before, decision)
    context = views.apply_context(result)
    text = render(result.regulation)
    if args.format == "json":
        _emit(_json({"text": text, **context,
                     "decision_warnings": _reading_json(decision.warnings)}), args.output)
    else:
        out = text
        if args.report:
            out += "\n\n" + template("apply-report.txt.j2").render(**context).rstrip("\n")
        _emit(out, args.output)
        _warn_reading(decision.warnings)
        _warn(result.warnings)
    return EXIT_OK


def _apply_partial(args) -> int:
    from amend import views
    from amend.apply.partial import apply_partial
    from amend.render import template
    from amend.structure import parse_source, render

    before = parse_source(_read(args.base)).regulation
    p = apply_partial(before, _read(args.decision))
    marks = p.marks(before)
    text = render(marks.apply_to(p.result.regulation if p.result else before))
    entries = [(p.title, s) for s in p.skipped]
    context = views.apply_context(p.result) if p.result else {}
    reading = p.decision.warnings if p.decision else ()
    if args.format == "json":
        _emit(_json({"text": text, **context, **views.partial_fields(entries, marks),
                     "decision_warnings": _reading_json(reading)}), args.output)
    else:
        out = text
        if args.report and context:
            out += "\n\n" + template("apply-report.txt.j2").render(**context).rstrip("\n")
        _emit(out, args.output)
        _warn_reading(reading)
        _warn(p.result.warnings if p.result else ())
        _report_skipped(entries)
    return EXIT_CHECK if p.skipped else EXIT_OK


def cmd_consolidate(args) -> int:
    if args.all:
        return _consolidate_all(args)
    if args.jobs != 1:
        raise InputError("--jobs 只与 --all 同用 / --jobs goes with --all")
    if not args.work:
        raise InputError("需要作品名称，或 --all / need a WORK, or --all")
    from amend import views
    from amend.consolidate import NoTextError, consolidate

    work = _work(args.work, args.batch_corpus or args.corpus)
    day = args.as_of or datetime.date.today()
    try:
        c = consolidate(work, day, partial=args.partial)
    except NoTextError as exc:
        raise InputError(" / ".join(exc.args)) from exc
    context = views.consolidation_context(c)
    if args.format == "json":
        _emit(_json(context), args.output)
    elif c.in_force and args.format in ("html", "docx"):
        _consolidated_document(c, args.format, args.output)
        _warn(c.warnings)
        _report_skipped([(s.decision.title or s.event.title, k) for s, k in c.skipped])
    elif c.in_force:
        _emit(views.printed_text(c, context), args.output)
        _warn(c.warnings)
        _report_skipped([(s.decision.title or s.event.title, k) for s, k in c.skipped])
    elif args.format in ("html", "docx"):  # no document to write: the reason on stderr
        _err(f"{context['message']} / {context['message_en']}")
    else:  # no text in force: the answer is why, and what is pending (exit 1)
        _emit(f"{context['message']} / {context['message_en']}", args.output)
    return EXIT_OK if c.in_force and not c.skipped else EXIT_CHECK


def _consolidated_document(c, fmt: str, output: Path | None) -> None:
    """``consolidate --format html|docx``: the print-ready text in force (amend/textdoc.py)."""
    from amend import textdoc, views

    ctx = views.document_context(c)
    if fmt == "html":
        _emit(textdoc.html(ctx).rstrip("\n"), output)
        return
    try:
        data = textdoc.docx(ctx)
    except (ImportError, RuntimeError) as exc:
        raise InputError("需要安装 python-docx：pip install 'amend[docx]' / python-docx is "
                         f"needed: pip install 'amend[docx]' ({exc})") from exc
    _emit_bytes(data, output)


def _run_batch(fn, tasks: list[tuple], names: list[str], jobs: int,
               sizes: list[int] | None = None) -> list:
    """``[fn(*t) for t in tasks]``, in that order, in ``jobs`` worker processes when more than
    one (``concurrent.futures.ProcessPoolExecutor``): the largest tasks (``sizes``) are handed
    out first, and the decision reader is loaded before the workers are forked, so that each
    inherits it instead of loading it again.  On a terminal, stderr shows the progress ("[3/8]
    name")."""
    show = sys.stderr.isatty()
    results: list = [None] * len(tasks)

    def progress(done: int, name: str) -> None:
        if show:
            from amend.textio import escape_controls

            sys.stderr.write(f"\r\x1b[K[{done}/{len(tasks)}] {escape_controls(name)}")
            sys.stderr.flush()

    if jobs <= 1 or len(tasks) <= 1:
        for k, t in enumerate(tasks):
            results[k] = fn(*t)
            progress(k + 1, names[k])
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        _warm_reader()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        order = sorted(range(len(tasks)), key=lambda k: -(sizes[k] if sizes else 0))
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
            futures = {pool.submit(fn, *tasks[k]): k for k in order}
            for done, future in enumerate(as_completed(futures), 1):
                k = futures[future]
                results[k] = future.result()
                progress(done, names[k])
    if show and tasks:
        sys.stderr.write("\n")
    return results


def _warm_reader() -> None:
    """Load the decision grammars and read the bundled seed decision once (Lark builds each
    lexer state's scanner on first use), before worker processes are forked."""
    from amend.decision import parse_decision
    from amend.decision.grammar import clause_parser, line_parser
    from amend.resources import corpus_dir

    clause_parser(), line_parser()
    try:
        parse_decision((corpus_dir() / "吉林省城市供热条例" / "decision-2021-07-30.txt")
                       .read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no bundled corpus: the grammars alone are loaded
        pass


def _size(*paths) -> int:
    """The bytes of ``paths`` (0 for one that cannot be looked at): a task's weight."""
    total = 0
    for p in paths:
        try:
            total += Path(p).stat().st_size
        except (OSError, ValueError):
            pass
    return total


def _consolidate_all(args) -> int:
    """``consolidate --corpus DIR --all --as-of D [--jobs N] -o OUTDIR``: every work (or
    development triple) of DIR consolidated on D, each written atomically to OUTDIR (only
    there) as ``amend consolidate WORK --as-of D`` prints it; a summary table (or JSON) on
    stdout.  Exit 1 unless every one was in force and applied whole."""
    from amend import triples
    from amend.consolidate import batch_work
    from amend.corpus import load_index
    from amend.ingest import folder_name
    from amend.resources import corpus_dir

    if args.work:
        raise InputError("--all 不与作品名称同用 / --all does not go with a WORK")
    if not args.output:
        raise InputError("--all 需要 -o OUTDIR（输出目录）/ --all needs -o OUTDIR (the output folder)")
    if args.format not in ("text", "json"):
        raise InputError("--all 只支持 text 和 json 格式 / --all writes text or json only")
    root = args.batch_corpus or args.corpus or corpus_dir()
    if not Path(root).is_dir():
        raise InputError(f"语料库目录 {root} 不存在 / the corpus folder {root} does not exist")
    day = args.as_of or datetime.date.today()
    ext = ".json" if args.format == "json" else ".txt"
    _check_dev_manifests(Path(root))
    found = triples.find(Path(root))
    if found:
        tasks = [(t, day, args.format) for t in found]
        names = [t.name for t in found]
        sizes = [_size(t.before, t.decision) for t in found]
        fn = triples.consolidate_triple
    else:
        works = load_index(Path(root))  # a broken manifest is reported (exit 2) before anything runs
        tasks = [(str(w.path), day, args.partial, args.format) for w in works]
        names = [w.slug for w in works]
        sizes = [_size(*w.path.iterdir()) for w in works]
        fn = batch_work
    if not tasks:
        raise InputError(f"{root} 中没有作品或三元组 / no works or triples under {root}")
    out = _out_folder(args.output)
    files = _batch_files(out, names, ext, folder_name)
    rows = []
    for (row, content), file in zip(_run_batch(fn, tasks, names, args.jobs, sizes), files):
        if content is not None:
            _write(out / file, content)
        rows.append({**row, "file": file if content is not None else None})
    summary = {"date": day.isoformat(), "corpus": str(root), "output": str(args.output),
               "works": rows, "totals": {
                   "works": len(rows), "ok": sum(r["ok"] for r in rows),
                   "failed": sum(r["error"] is not None for r in rows),
                   "skipped": sum(r["skipped"] for r in rows),
                   "articles": sum(r["articles"] for r in rows)},
               "ok": all(r["ok"] for r in rows)}
    if args.format == "json":
        _emit(_json(summary), None)
    else:
        _emit(_batch_table(summary), None)
    return EXIT_OK if summary["ok"] else EXIT_CHECK


def _out_folder(output: Path) -> Path:
    """The output folder of ``--all``, created when missing; refused when it is not a folder."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        return output.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        why = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise InputError(f"无法使用输出目录 {output}（{why}） / cannot use the output folder "
                         f"{output} ({getattr(exc, 'strerror', None) or exc})") from exc


def _batch_files(out: Path, names: list[str], ext: str, folder_name) -> list[str]:
    """One file name per work or triple, directly inside ``out`` (names made safe as ingest
    makes folder names, "/" of a triple's name as "__"; two alike get "-2", "-3" …); a name
    that would still resolve outside ``out`` (a symbolic link) is refused before anything is
    written."""
    files, seen = [], set()
    for name in names:
        base = folder_name(name.replace("/", "__")) or "work"
        file, n = base + ext, 1
        while file in seen:
            n += 1
            file = f"{base}-{n}{ext}"
        seen.add(file)
        try:
            inside = (out / file).resolve().parent == out
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            raise InputError(f"输出文件 {out / file} 会写到输出目录之外，未写入任何文件 / the output "
                             f"file {out / file} would be outside the output folder: nothing was "
                             "written")
        files.append(file)
    return files


def _batch_table(summary: dict) -> str:
    """The summary of ``consolidate --all``: one line per work, then the totals."""
    lines = [f"整理 / consolidated as of {summary['date']}: {summary['totals']['works']} 件 / works "
             f"→ {summary['output']}",
             f"{'状态 status':<18} {'条 articles':>11} {'略去 skipped':>13}  作品 work → 文件 file"]
    for r in summary["works"]:
        status = "错误 error" if r["error"] else r["status"]
        where = f" → {r['file']}" if r["file"] else f"  {r['error']}"
        lines.append(f"{status:<18} {r['articles']:>11} {r['skipped']:>13}  {r['name']}{where}")
    t = summary["totals"]
    lines.append(f"合计 / total: {t['ok']}/{t['works']} 完整 / whole, {t['failed']} 错误 / failed, "
                 f"{t['skipped']} 项略去 / items left out, {t['articles']} 条 / articles")
    return "\n".join(lines)


def cmd_history(args) -> int:
    from amend import views
    from amend.render import template

    context = views.history_context(_work(args.work, args.corpus))
    if args.format == "json":
        _emit(_json(context), args.output)
    else:
        _emit(template("history.txt.j2").render(**context).rstrip("\n"), args.output)
    return EXIT_OK


def cmd_verify(args) -> int:
    files = (args.base, args.decision, args.expected)
    if args.work and any(files):
        raise InputError("请给出作品名称，或者 --base/--decision/--expected，不能同时给出 / "
                         "give a WORK or --base/--decision/--expected, not both")
    if args.verify_corpus and not args.work:
        if any(files):
            raise InputError("--corpus DIR 不与 --base/--decision/--expected 同用 / --corpus DIR "
                             "does not go with --base/--decision/--expected")
        return _verify_corpus(args)
    from amend import views
    from amend.consolidate import verify_work
    from amend.render import template

    if args.work:
        work = _work(args.work, args.verify_corpus or args.corpus)
        checks = views.work_checks(verify_work(work, partial=args.partial), partial=args.partial)
        if not checks:
            raise InputError(f"《{work.title}》没有可核对的重新公布文本 / {work.title} has no "
                             "republished text to check against")
        reading = _work_reading_warnings(work)
    elif all(files):
        checks, reading = _verify_files(args)
    else:
        raise InputError("需要作品名称，或同时给出 --base、--decision 和 --expected / need a WORK, "
                         "or all of --base, --decision and --expected")
    context = views.verify_context(checks)
    if args.format == "json":
        out = context if args.work else context["checks"][0]
        _emit(_json({**out, "decision_warnings": _reading_json(reading)}), args.output)
    else:
        _emit(template("verify.txt.j2").render(**context).rstrip("\n"), args.output)
        _warn_reading(reading)
    return EXIT_OK if context["ok"] else EXIT_CHECK


def _verify_files(args) -> tuple[list[tuple[str, dict]], tuple]:
    """``verify --base B --decision D --expected E``: the one check, and the decision's reading
    warnings."""
    from amend import views
    from amend.consolidate import verify_partial, verify_texts
    from amend.decision import parse_decision
    from amend.verify import report_dict

    base, text, expected = _read(args.base), _read(args.decision), _read(args.expected)
    if args.partial:
        p, report = verify_partial(base, text, expected, target=args.target)
        entries = [(p.title, s) for s in p.skipped]
        reading = p.decision.warnings if p.decision else ()
        return [(str(args.expected), views.partial_report(report, entries, p.marks()))], reading
    reading = parse_decision(text).warnings  # an unreadable decision is reported here
    _, report = verify_texts(base, text, expected, target=args.target)
    return [(str(args.expected), report_dict(report))], reading


def _work_reading_warnings(work) -> tuple:
    """The reading warnings of every decision of a corpus work, in event order (each message
    names its decision)."""
    from amend.codecache import attrs

    out = []
    for event in work.events:
        if event.kind == "amendment" and event.text:
            for w in _decision_warnings(work.read(event.text)):
                out.append(attrs.evolve(w, message=f"{event.title or event.text}: {w.message}"))
    return tuple(out)


#: The development manifests ``amend.triples`` reads, and the fields in them that name a file
#: or folder beside the manifest (in source.json, "before"/"after" describe where a text came
#: from: they are not file names).
_DEV_MANIFESTS = {"manifest.json": ("before", "decision", "after"), "source.json": ("dir",)}


def _check_dev_manifests(root: Path) -> None:
    """Every development manifest under ``root`` (at the depths ``amend.triples.find`` looks)
    checked before the run: valid JSON, ``triples`` an array of objects, and each field that
    names a file or folder a string (or null: an incomplete triple) inside the manifest's
    folder.  A broken one raises ``InputError`` (or ``CorpusError``) naming the file and the
    field."""
    for name, fields in _DEV_MANIFESTS.items():
        for pattern in (name, f"*/{name}", f"*/*/{name}"):
            for path in sorted(root.glob(pattern)):
                _check_dev_manifest(path, fields)


def _check_dev_manifest(path: Path, fields: tuple[str, ...]) -> None:
    """One development manifest; see ``_check_dev_manifests``."""
    from amend.corpus import inside

    try:
        data = json.loads(_read(path))
    except ValueError as exc:
        raise InputError(f"{path} 不是有效的JSON（{exc}） / {path} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path} 应为JSON对象 / {path} must hold a JSON object")
    found = data.get("triples", [])
    if not isinstance(found, list):
        raise InputError(f"{path}：字段 triples 应为数组 / {path}: field triples must be an array")
    for i, t in enumerate(found):
        if not isinstance(t, dict):
            raise InputError(f"{path}：字段 triples[{i}] 应为对象 / {path}: field triples[{i}] "
                             "must be an object")
        for key in fields:
            value = t.get(key)
            if value is not None and not isinstance(value, str):
                raise InputError(f"{path}：字段 triples[{i}].{key} 应为文本 / {path}: field "
                                 f"triples[{i}].{key} must be a string")
            if value:
                inside(path, f"triples[{i}].{key}", value)


def _verify_corpus(args) -> int:
    from amend import triples
    from amend.render import template

    _check_dev_manifests(args.verify_corpus)
    found = triples.find(args.verify_corpus)
    if not found:
        raise InputError(f"{args.verify_corpus} 中没有三元组（manifest.json 或 source.json 中的 "
                         f"triples）/ no triples under {args.verify_corpus} (manifest.json or "
                         "source.json with triples)")
    rows = _run_batch(triples.run_dict, [(t,) for t in found], [t.name for t in found], args.jobs,
                      [_size(t.before, t.decision) for t in found])
    context = triples.report_of(rows)
    if args.format == "json":
        _emit(_json(context), args.output)
    else:
        _emit(template("corpus-report.txt.j2").render(**context).rstrip("\n"), args.output)
    return EXIT_OK if context["ok"] else EXIT_CHECK


def cmd_invert(args) -> int:
    from amend import views
    from amend.apply.invert import invert
    from amend.decision import parse_decision
    from amend.structure import parse_source, render

    amended = parse_source(_read(args.amended)).regulation
    decision = parse_decision(_read(args.decision))
    result = invert(amended, decision)
    text = render(result.regulation)
    if args.format == "json":
        _emit(_json(views.invert_context(result, text)), args.output)
    else:
        _emit(text, args.output)
        _warn(result.warnings)
    failed = any(w.code == "invert-check-failed" for w in result.warnings)
    return EXIT_CHECK if failed else EXIT_OK


def _color(args) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or args.output or args.format != "text":
        return False
    return sys.stdout.isatty()


def _emit_bytes(data: bytes, output: Path | None) -> None:
    if output:
        _write(output, data)
    elif sys.stdout.isatty():
        raise InputError("Word文件请用 -o 写入文件 / write the .docx with -o FILE")
    else:
        sys.stdout.buffer.write(data)


def _present(ctx: dict, fmt: str, color: bool, output: Path | None) -> None:
    from amend.diff import present
    from amend.textio import escape_tree

    if fmt == "docx":
        try:
            data = present.docx(ctx)
        except ImportError as exc:
            raise InputError("需要安装 python-docx：pip install 'amend[docx]' / python-docx is "
                             f"needed: pip install 'amend[docx]' ({exc})") from exc
        _emit_bytes(data, output)
        return
    if _terminal(output):  # the source's control characters are escaped before we colour
        ctx = escape_tree(ctx)
    out = {"text": lambda: present.text(ctx, color=color), "html": lambda: present.html(ctx),
           "table": lambda: present.table_html(ctx), "md": lambda: present.markdown(ctx),
           "json": lambda: _json(ctx)}[fmt]()
    _emit(out.rstrip("\n"), output, keep=_OWN_COLOURS if color else None)


def cmd_diff(args) -> int:
    from amend import redline, views
    from amend.diff.context import redline_context

    if args.track_changes and args.format != "docx":
        raise InputError("--track-changes 只能与 --format docx 同用 / --track-changes goes with "
                         "--format docx")
    day = None  # the date of the tracked changes
    if len(args.sources) == 1:
        if args.decision:
            raise InputError("--decision 只用于比较两个文件 / --decision goes with two files")
        if args.start is None:
            raise InputError("比较作品的两个版本需要 --from 日期 / comparing a work's versions "
                             "needs --from DATE")
        work = _work(args.sources[0], args.corpus)
        end = args.end or datetime.date.today()
        try:
            red = redline.between_dates(work, args.start, end, partial=args.partial)
        except redline.NotInForce as exc:
            _err(f"{exc.args[0]} / {exc.args[1]}")
            return EXIT_CHECK
        reading = ()
        if args.track_changes:
            from amend.diff.tracked import revision_date

            day = revision_date(work, args.start, end)
    elif len(args.sources) == 2:
        if args.start or args.end:
            raise InputError("比较两个文件时不用 --from/--to / --from/--to go with a WORK")
        red, reading, day = _diff_files(args)
    else:
        raise InputError("请给出一个作品，或者两个文件 / give one WORK or two files")
    if args.track_changes:
        _emit_bytes(_tracked(red, day), args.output)
        _warn_reading(reading)
        if args.partial:
            _report_skipped(red.skipped)
        return EXIT_CHECK if red.skipped else EXIT_OK
    ctx = redline_context(red.changes, old_name=red.old_name, new_name=red.new_name,
                          changed_only=args.changed_only, full_table=args.full_table)
    if args.partial:
        ctx = views.mark_redline(ctx, red)
    if args.decision and args.format == "json":
        ctx = {**ctx, "decision_warnings": _reading_json(reading)}
    _present(ctx, args.format, _color(args), args.output)
    _warn_reading(reading)
    if args.partial:
        _report_skipped(red.skipped)
    return EXIT_CHECK if red.skipped else EXIT_OK


def _diff_files(args):
    """``diff OLD_FILE NEW_FILE [--decision D]``: the redline, the decision's reading
    warnings (none without a decision) and its date (in force, else adopted; None)."""
    from amend import redline
    from amend.decision import parse_decision

    old, new = (Path(p) for p in args.sources)
    old_text, new_text = _read(old), _read(new)
    decision_text = _read(args.decision) if args.decision else None
    dates = None
    if decision_text is None:
        reading = ()
    elif args.partial:
        from amend.decision.parser import parse_draft

        decision, _ = parse_draft(decision_text)
        reading = decision.warnings if decision is not None else ()
        dates = decision.dates if decision is not None else None
    else:
        decision = parse_decision(decision_text)  # an unreadable decision is reported here
        reading, dates = decision.warnings, decision.dates
    red = redline.between_files(old_text, new_text, decision_text=decision_text,
                                target=args.target, old_name=old.name, new_name=new.name,
                                partial=args.partial)
    day = (dates.in_force or dates.adopted) if dates is not None else None
    return red, reading, day


def _tracked(red, day) -> bytes:
    """The new text with Word tracked changes (``diff --format docx --track-changes``)."""
    try:
        from amend.diff.tracked import tracked_document

        return tracked_document(red.old, red.new, red.changes, date=day)
    except (ImportError, RuntimeError) as exc:
        raise InputError("需要安装 python-docx：pip install 'amend[docx]' / python-docx is "
                         f"needed: pip install 'amend[docx]' ({exc})") from exc


def cmd_preview(args) -> int:
    from amend import views
    from amend.consolidate import consolidate
    from amend.diff import present
    from amend.preview import preview
    from amend.render import template
    from amend.structure import parse_source
    from amend.textio import escape_tree

    path = Path(args.base)
    if _is_file(path):
        base = parse_source(_read(path)).regulation
        base_name = path.name
    else:
        work = _work(args.base, args.corpus)
        day = args.as_of or datetime.date.today()
        c = consolidate(work, day)
        if not c.in_force:
            raise InputError(f"{c.plan.message_zh} / {c.plan.message_en}")
        base, base_name = c.regulation, f"{work.title} {day.isoformat()}"
    result = preview(base, _read(args.draft), target=args.target)
    ctx = views.preview_context(result, base_name=base_name, draft_name=args.draft.name)
    if _terminal(args.output):  # the source's control characters are escaped before we colour
        ctx = escape_tree(ctx)
    if args.format == "json":
        _emit(_json(ctx), args.output)
    elif args.format == "html":
        _emit(present.preview_html(ctx), args.output)
    elif args.format == "md":
        _emit(template("preview.md.j2").render(**ctx).rstrip("\n"), args.output)
    else:
        color = _color(args)
        _emit(template("preview.txt.j2").render(
            **ctx, redline_text=present.text(ctx["redline"], color=color)
            if ctx["redline"] else "").rstrip("\n"), args.output,
            keep=_OWN_COLOURS if color else None)
    return EXIT_OK if result.ok else EXIT_CHECK


def _draft_side(name: str, day: datetime.date | None, corpus: Path | None):
    """A side of ``draft``: a file, or the text of a work of the corpus in force on ``day``."""
    from amend.consolidate import consolidate
    from amend.structure import parse_source

    path = Path(name)
    if _is_file(path):
        return parse_source(_read(path)).regulation
    work = _work(name, corpus)
    day = day or datetime.date.today()
    c = consolidate(work, day)
    if not c.in_force:
        raise InputError(f"{c.plan.message_zh} / {c.plan.message_en}")
    return c.regulation


def cmd_draft(args) -> int:
    """``draft OLD NEW``: the decision, printed only when the engine's self-check passed (exit
    0); otherwise where it fails on stderr and exit 1 (JSON: the draft with ``"ok": false``)."""
    from amend.draft import draft
    from amend.draft.present import draft_dict, failure_lines, to_docx

    if args.format == "docx" and not args.output:
        raise InputError("--format docx 需要 -o FILE / --format docx needs -o FILE")
    old = _draft_side(args.old, args.start, args.corpus)
    new = _draft_side(args.new, args.end, args.corpus)
    result = draft(old, new, title=args.title)
    if args.format == "json":
        _emit(json.dumps(draft_dict(result), ensure_ascii=False, indent=2), args.output)
    elif result.ok and args.format == "docx":
        _write(args.output, to_docx(result.text))
    elif result.ok:
        _emit(result.text.rstrip("\n"), args.output)
    if not result.ok:
        for line in failure_lines(result):
            _err(line)
        return EXIT_CHECK
    return EXIT_OK


def cmd_serve(args) -> int:
    try:
        import uvicorn

        from amend.web.app import create_app, server_config
    except ImportError as exc:
        raise InputError("网页需要安装 web 附加组件：pip install 'amend[web]' / the web pages need "
                         f"the web extra: pip install 'amend[web]' ({exc})") from exc
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"警告 / warning: 监听 {args.host}，本机以外的计算机也能访问；本服务没有身份验证 / "
             f"listening on {args.host}: other machines can reach it, and there is no "
             "authentication")
    sock = _bind(args.host, args.port)  # first: a port in use is said at once
    try:
        app = create_app(args.serve_corpus or args.corpus, host=args.host)
        from amend.decision.grammar import clause_parser, line_parser

        clause_parser(), line_parser()  # built (or loaded) before the first request, not during it
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"amend: http://{host}:{args.port}/  (Ctrl+C 停止 / to stop)", flush=True)
        config = uvicorn.Config(app, **server_config(args.host, args.port))
        uvicorn.Server(config).run(sockets=[sock])  # on our socket: bind errors are said above
    except KeyboardInterrupt:  # Ctrl+C: uvicorn re-raises the signal once it has shut down
        pass
    finally:
        sock.close()
    return EXIT_OK


def _bind(host: str, port: int):
    """A listening-ready socket bound to ``host``:``port`` as uvicorn would bind it; an address
    that cannot be bound (a port in use, an address this machine does not have, a name that does
    not resolve) is an ``InputError``."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        why = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise InputError(f"无法在 {host}:{port} 上监听（{why}） / cannot listen on {host}:{port} "
                         f"({getattr(exc, 'strerror', None) or exc})") from exc
    sock.set_inheritable(True)
    return sock


def args_name(args) -> str:
    path = getattr(args, "decision", None)
    return str(path) if path else ""


def main(argv: list[str] | None = None) -> int:
    """Run the command ``argv``; see the module contract for the exit status.  Files read in
    an encoding other than UTF-8 (``EncodingNotice``, also from the corpus) are said once each
    on stderr."""
    if (sys.argv[1:] if argv is None else list(argv)) == ["--version"]:
        # "amend --version" answers before the whole parser (every subcommand's options) is built
        print(f"amend {__version__}")
        raise SystemExit(EXIT_OK)  # as argparse's own --version does
    argv = sys.argv[1:] if argv is None else list(argv)
    _NOTES.clear()
    command = _command_of(argv)
    try:
        args = build_parser(command).parse_args(argv) if command else None
    except _Retry:
        args = None
    if args is None:
        _NOTES.clear()
        args = build_parser().parse_args(argv)
    for note in _NOTES:
        _err(note)
    from amend.textio import EncodingNotice

    with warnings.catch_warnings(), _fewer_collections(args.handler is not cmd_serve):
        warnings.simplefilter("always", EncodingNotice)
        warnings.showwarning = _show_warning(warnings.showwarning)
        return _run(args)


@contextlib.contextmanager
def _fewer_collections(enabled: bool = True):
    """Run a command with the cyclic garbage collector's thresholds raised (issue 16).  The
    engine's values are frozen trees without cycles, freed as soon as they are dropped; but each
    collection of the oldest generation scans every live object, and on a text of thousands of
    articles those scans made the work grow faster than the text (``benchmarks/bench_scaling.py
    --no-gc`` shows the growth without them).  Output is the same; the old thresholds are put
    back after the command (``main`` is also called in-process, by tests)."""
    if not enabled:
        yield
        return
    import gc

    old = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _show_warning(fallback):
    """A ``warnings.showwarning`` that prints each ``EncodingNotice`` once on stderr and hands
    other warnings to ``fallback``."""
    from amend.textio import EncodingNotice

    shown: set[str] = set()

    def show(message, category, *rest, **kwargs):
        if not issubclass(category, EncodingNotice):
            return fallback(message, category, *rest, **kwargs)
        if str(message) not in shown:
            shown.add(str(message))
            _err(f"警告 / warning: {message}")
        return None

    return show


def _run(args) -> int:
    """``args.handler(args)``, every exception turned into a message on stderr and an exit
    status (2 bad input or environment, 3 a bug)."""
    try:
        return args.handler(args)
    except InputError as exc:
        _err(f"错误 / error: {exc}")
    except ValueError as exc:
        if _decision_error(exc):  # a decision that cannot be read: where, and what was expected
            _err(f"错误 / error: {args_name(args)}\n{exc}")
        else:  # text that cannot be parsed, a broken corpus manifest
            _err(f"错误 / error: {exc}")
    except BrokenPipeError:  # the reader of our output went away (… | head)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so that the exit flush is quiet
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        _err(f"错误 / error: 无法读写文件 {name}{_reason(exc)} / cannot read or write "
             f"{name}{exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - never a traceback: say it is our fault
        _err(f"内部错误（amend 的缺陷，请连同输入一并报告；AMEND_DEBUG=1 显示调用栈） / internal "
             f"error (a bug in amend: please report it with the input; AMEND_DEBUG=1 shows the "
             f"traceback): {type(exc).__name__}: {exc}")
        if os.environ.get("AMEND_DEBUG"):
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL
    return EXIT_INPUT


def _decision_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a ``DecisionError`` (a clause that cannot be read), without importing
    the decision reader for commands that never load it: when it is not loaded, no such error
    can have been raised."""
    diagnose = sys.modules.get("amend.decision.diagnose")
    return diagnose is not None and isinstance(exc, diagnose.DecisionError)


if __name__ == "__main__":
    sys.exit(main())
