"""What a cold command skips (issue 16): regular expressions compiled on first use
(amend/lazyre.py) and attrs' generated methods compiled once per machine (amend/codecache.py).
Both must be invisible: the same matches, the same classes, the same hashes."""

from __future__ import annotations

import ast
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from amend import lazyre

ROOT = Path(__file__).resolve().parents[1]


# ---- lazyre ------------------------------------------------------------------------------------

def test_compiles_on_first_use_only():
    p = lazyre.compile(r"第([一二三四五六七八九十]+)条")
    assert "_compiled" not in p.__dict__
    assert p.pattern == r"第([一二三四五六七八九十]+)条"  # read without compiling
    assert "_compiled" not in p.__dict__
    assert p.search("依照第十条规定").group(1) == "十"
    assert isinstance(p.compiled, re.Pattern)
    assert p.__dict__["search"] == p.compiled.search  # later calls go straight to re


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        lazyre.compile("a").no_such_method  # noqa: B018


@given(st.text(alphabet="第一二三十条款项（）、和", max_size=30))
def test_same_answers_as_re(text):
    source = r"第([一二三十]+)(条|款)|（([一二三十]+)）"
    lazy, eager = lazyre.compile(source), re.compile(source)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.findall(text) == eager.findall(text)
    assert bool(lazy.fullmatch(text)) == bool(eager.fullmatch(text))
    assert (lazy.groups, lazy.groupindex, lazy.flags) == (eager.groups, eager.groupindex, eager.flags)


# ---- codecache ---------------------------------------------------------------------------------

def test_every_module_takes_attrs_from_codecache():
    """A module importing attrs itself would still work, only slower: keep them all on the
    cache."""
    direct = []
    for path in sorted((ROOT / "amend").rglob("*.py")):
        if path.name == "codecache.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name in ("attrs", "attr") for a in node.names):
                direct.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.ImportFrom) and node.module in ("attrs", "attr"):
                direct.append(str(path.relative_to(ROOT)))
    assert direct == []


_PROBE = r"""
import builtins, json, sys
compiled = []
_compile = builtins.compile
def counting(source, filename, *args, **kwargs):
    if str(filename).startswith("<attrs generated methods amend."):
        compiled.append(filename)
    return _compile(source, filename, *args, **kwargs)
builtins.compile = counting
from amend import ops, model
ref = ops.Ref(written="第三条第二款", article=3, paragraph=2)
insert = ops.Payload(paragraphs=["一", "二"], convention="npc")
# hash(None) is an address in Python 3.11, so only a value without None compares across processes
print(json.dumps({"compiled": len(compiled), "hash": hash(insert),
                  "repr": repr(insert), "eq": insert == ops.Payload(paragraphs=("一", "二"), convention="npc")}))
"""


def _probe(cache: Path, **env) -> dict:
    import json

    environ = {k: v for k, v in os.environ.items() if k not in ("AMEND_NO_CODECACHE",)}
    environ.update(AMEND_CACHE=str(cache), PYTHONHASHSEED="1234", PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-c", _PROBE], env=environ, capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)


def test_second_process_compiles_nothing_and_behaves_the_same(tmp_path):
    plain = _probe(tmp_path / "none", AMEND_NO_CODECACHE="1")
    first = _probe(tmp_path / "cache")
    files = list((tmp_path / "cache").glob("attrs-methods-*.marshal"))
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    second = _probe(tmp_path / "cache")
    assert plain["compiled"] > 20 and first["compiled"] == plain["compiled"]
    assert second["compiled"] == 0
    # the salted hash of the class name is read from a global, with the same value
    for run in (first, second):
        assert {k: run[k] for k in ("hash", "repr", "eq")} == \
            {k: plain[k] for k in ("hash", "repr", "eq")}


def test_a_file_others_can_write_or_a_broken_one_is_not_read(tmp_path):
    _probe(tmp_path)
    (path,) = tmp_path.glob("attrs-methods-*.marshal")
    path.chmod(0o666)
    assert _probe(tmp_path)["compiled"] > 20
    path.chmod(0o600)
    path.write_bytes(b"\x00not marshal")
    path.chmod(0o600)
    assert _probe(tmp_path)["compiled"] > 20
    assert _probe(tmp_path)["compiled"] == 0  # written again, whole


def test_han_test_without_a_regex_is_the_class():
    from amend.apply.citations import _is_han
    from amend.text import HAN

    han = re.compile(f"[{HAN}]")
    assert all(bool(han.match(chr(c))) == _is_han(chr(c)) for c in range(0x10000))
