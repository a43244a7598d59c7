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
