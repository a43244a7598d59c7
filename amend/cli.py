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

from amend import __version__
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

    ingest = sub.add_parser("ingest", help="拆分政府公报 / split a gazette issue into corpus entries")
    ingest.add_argument("gazette", type=Path, metavar="GAZETTE.txt")
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR")
    ingest.set_defaults(handler=cmd_ingest)
    return parser


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
