"""The ``amend`` command: a thin argparse layer over the library.

Contract: each subcommand reads its input, calls library functions and prints; exit status 0
means success, 1 a failed check, 2 bad input (missing file, unknown work, text that cannot be
parsed).  Errors go to stderr in Chinese and English.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import datetime

from amend import __version__, views
from amend.apply import apply
from amend.apply.invert import invert
from amend.consolidate import NoTextError, consolidate, verify_texts, verify_work
from amend.verify import report_dict
from amend.corpus import find_work, write_work
from amend.decision import DecisionError, parse_decision
from amend.decision.report import decision_dict
from amend.ingest import corpus_entries, split_gazette
from amend.render import show_context, template
from amend.structure import Parsed, parse, parse_source, render

EXIT_OK, EXIT_CHECK, EXIT_INPUT = 0, 1, 2


class InputError(Exception):
    """Bad input: reported on stderr, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amend",
        description="法规修改与版本引擎 / amendment and versioning engine for Chinese law",
    )
    parser.add_argument("--version", action="version", version=f"amend {__version__}")
    parser.add_argument("--corpus", type=Path, help="语料库目录 / corpus directory (default: bundled)")
    sub = parser.add_subparsers(dest="command", required=True)

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

    apply_cmd = sub.add_parser("apply", help="适用修改决定 / apply a decision to a text")
    apply_cmd.add_argument("base", type=Path, metavar="BASE")
    apply_cmd.add_argument("decision", type=Path, metavar="DECISION")
    apply_cmd.add_argument("--report", action="store_true",
                           help="同时输出修改记录与序号对照 / also print the log and the number maps")
    apply_cmd.add_argument("--format", **fmt)
    apply_cmd.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    apply_cmd.set_defaults(handler=cmd_apply)

    cons = sub.add_parser("consolidate", help="某日有效的文本 / the text in force on a date")
    cons.add_argument("work", metavar="WORK")
    cons.add_argument("--as-of", type=_date_arg, default=None, metavar="YYYY-MM-DD",
                      help="日期，默认今天 / date (default: today)")
    cons.add_argument("--format", **fmt)
    cons.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
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
    ver.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    ver.set_defaults(handler=cmd_verify)

    inv = sub.add_parser("invert", help="由修改后文本和决定推出修改前文本 / reconstruct the earlier text")
    inv.add_argument("amended", type=Path, metavar="AMENDED")
    inv.add_argument("decision", type=Path, metavar="DECISION")
    inv.add_argument("--format", **fmt)
    inv.add_argument("-o", "--output", type=Path, help="写入文件 / write to a file")
    inv.set_defaults(handler=cmd_invert)

    ingest = sub.add_parser("ingest", help="拆分政府公报 / split a gazette issue into corpus entries")
    ingest.add_argument("gazette", type=Path, metavar="GAZETTE.txt")
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR")
    ingest.set_defaults(handler=cmd_ingest)
    return parser


def _date_arg(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为YYYY-MM-DD / expected YYYY-MM-DD, got {value!r}") from None


def _work(name: str, corpus: Path | None):
    try:
        return find_work(name, corpus)
    except LookupError as exc:
        raise InputError(str(exc.args[0])) from exc


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取 {path} / cannot read {path}: {exc}") from exc


def load_regulation(name: str, corpus: Path | None) -> Parsed:
    """A file path, or a work of the corpus (its newest text)."""
    path = Path(name)
    if path.is_file():
        return parse_source(_read(path))
    try:
        work = find_work(name, corpus)
    except LookupError as exc:
        raise InputError(str(exc.args[0])) from exc
    return parse(work.read(work.latest_text().id))


def _emit(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def cmd_show(args) -> int:
    parsed = load_regulation(args.work, args.corpus)
    if args.format == "json":
        _emit(json.dumps(show_context(parsed), ensure_ascii=False, indent=2), args.output)
    elif args.format == "outline":
        _emit(template("outline.txt.j2").render(**show_context(parsed)), args.output)
    else:
        _emit(render(parsed.regulation), args.output)
        for w in parsed.warnings:
            print(f"警告 / warning [{w.code}] line {w.line}: {w.message}", file=sys.stderr)
    return EXIT_OK


def cmd_parse(args) -> int:
    decision = parse_decision(_read(args.decision))
    context = decision_dict(decision)
    if args.format == "json":
        _emit(json.dumps(context, ensure_ascii=False, indent=2), args.output)
    else:
        _emit(template("decision.txt.j2").render(**context).rstrip("\n"), args.output)
    for w in decision.warnings:
        print(f"警告 / warning [{w.code}] line {w.line}: {w.message}", file=sys.stderr)
    return EXIT_OK


def cmd_ingest(args) -> int:
    docs = split_gazette(_read(args.gazette))
    if not docs:
        print(f"{args.gazette}: 未发现修改决定或分条的法规 / no amendment decision or "
              "article-structured regulation found", file=sys.stderr)
    for slug, manifest, files in corpus_entries(docs, args.gazette.name):
        write_work(args.out / slug, manifest, files)
        kinds = "、".join(t["role"] for t in manifest["texts"])
        print(f"{slug}: {kinds}")
    return EXIT_OK


def _json(context) -> str:
    return json.dumps(context, ensure_ascii=False, indent=2)


def _warn(warnings) -> None:
    for w in warnings:
        where = f" 第{w.item}项" if w.item else ""
        print(f"警告 / warning [{w.code}]{where}: {w.message}", file=sys.stderr)


def cmd_apply(args) -> int:
    before = parse_source(_read(args.base)).regulation
    decision = parse_decision(_read(args.decision))
    result = apply(before, decision)
    context = views.apply_context(result)
    text = render(result.regulation)
    if args.format == "json":
        _emit(_json({"text": text, **context}), args.output)
    else:
        out = text
        if args.report:
            out += "\n\n" + template("apply-report.txt.j2").render(**context).rstrip("\n")
        _emit(out, args.output)
        _warn(result.warnings)
    return EXIT_OK


def cmd_consolidate(args) -> int:
    work = _work(args.work, args.corpus)
    day = args.as_of or datetime.date.today()
    try:
        c = consolidate(work, day)
    except NoTextError as exc:
        raise InputError(" / ".join(exc.args)) from exc
    context = views.consolidation_context(c)
    if args.format == "json":
        _emit(_json(context), args.output)
    elif c.in_force:
        _emit(context["text"], args.output)
        _warn(c.warnings)
    else:  # no text in force: the answer is why, and what is pending (exit 1)
        _emit(f"{context['message']} / {context['message_en']}", args.output)
    return EXIT_OK if c.in_force else EXIT_CHECK


def cmd_history(args) -> int:
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
    if args.work:
        work = _work(args.work, args.corpus)
        checks = views.work_checks(verify_work(work))
        if not checks:
            raise InputError(f"《{work.title}》没有可核对的重新公布文本 / {work.title} has no "
                             "republished text to check against")
    elif all(files):
        _, report = verify_texts(_read(args.base), _read(args.decision), _read(args.expected),
                                 target=args.target)
        checks = [(str(args.expected), report_dict(report))]
    else:
        raise InputError("需要作品名称，或同时给出 --base、--decision 和 --expected / need a WORK, "
                         "or all of --base, --decision and --expected")
    context = views.verify_context(checks)
    if args.format == "json":
        _emit(_json(context if args.work else context["checks"][0]), args.output)
    else:
        _emit(template("verify.txt.j2").render(**context).rstrip("\n"), args.output)
    return EXIT_OK if context["ok"] else EXIT_CHECK


def cmd_invert(args) -> int:
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


def args_name(args) -> str:
    path = getattr(args, "decision", None)
    return str(path) if path else ""


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InputError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except DecisionError as exc:  # a decision that cannot be read: where, and what was expected
        print(f"错误 / error: {args_name(args)}\n{exc}", file=sys.stderr)
        return EXIT_INPUT
    except ValueError as exc:  # text that cannot be parsed
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
