"""Every subcommand's --help prints and exits 0 (argparse cannot format some argument shapes,
e.g. nargs=2 with a tuple metavar: that was a traceback on `amend draft --help`)."""

from __future__ import annotations

import pytest

from amend.cli import build_parser, main


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_help_of_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: amend {command}")


def test_help_of_the_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "consolidate" in capsys.readouterr().out


# ---- the parser of one subcommand (a cold command builds only its own options) -------------

def test_commands_list_every_subcommand():
    from amend.cli import COMMANDS

    assert sorted(COMMANDS) == _subcommands()


LINES = [
    ["consolidate", "吉林省城市供热条例", "--as-of", "2021-08-01"],
    ["consolidate", "--corpus", "c", "--all", "--jobs", "2", "-o", "out", "--as-of", "2021/8/1"],
    ["--corpus", "c", "history", "吉林省城市供热条例", "--format", "json"],
    ["--corpus=c", "show", "x", "--format", "outline"],
    ["show", "x", "--corpus", "d"],
    ["diff", "a", "b", "--decision", "d", "--format", "docx", "--track-changes", "-o", "f"],
    ["diff", "w", "--from", "2004-06-01", "--to", "2021-08-01", "--color", "never"],
    ["verify", "--corpus", "dir", "--jobs", "2", "--partial"],
    ["preview", "w", "draft.txt", "--as-of", "2021-08-01", "--format", "md"],
    ["draft", "old", "new", "--from", "2004-06-01", "--title", "t"],
    ["apply", "b", "d", "--report", "--format", "json"],
    ["parse", "d", "--format", "json"], ["invert", "a", "d"],
    ["serve", "--port", "8001"], ["ingest", "g.txt", "--out", "o", "--force"],
]


@pytest.mark.parametrize("argv", LINES, ids=lambda a: " ".join(a))
def test_one_subcommand_parser_reads_as_the_whole(argv):
    from amend.cli import _command_of

    command = _command_of(argv)
    assert command is not None
    assert vars(build_parser(command).parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["consolidate", "x", "--bogus"], ["consolidate", "x", "--as-of", "2021-02-30"],
    ["diff", "--format", "pdf", "w"], ["serve", "--port", "0"],
])
def test_errors_are_the_whole_parsers(argv, capsys):
    """An error on a one-subcommand line is reported by the whole parser: the same message."""
    with pytest.raises(SystemExit) as whole:
        build_parser().parse_args(argv)
    expected = capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == whole.value.code == 2
    assert capsys.readouterr().err == expected
