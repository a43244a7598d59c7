"""The compiled grammar is a pickle: it is loaded only from a folder and a file that this user
owns and no other user can write (the hardening issue: another local user who creates the cache
folder first must not be able to run code as whoever runs ``amend``)."""

from __future__ import annotations

import os
import sys

import pytest

from amend.decision import grammar

posix = pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership and modes are POSIX")


def test_default_folder_is_private_and_per_user(tmp_path, monkeypatch):
    monkeypatch.delenv("AMEND_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = grammar._cache_folder()
    assert folder == tmp_path / "xdg" / "amend"
    if hasattr(os, "getuid"):
        assert (folder.stat().st_mode & 0o777) == 0o700
    name = grammar._cache_file("decision")
    assert name and os.path.dirname(name) == str(folder)
    assert "tmp" not in os.path.basename(name)


def test_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.delenv("AMEND_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert grammar._cache_folder() == tmp_path / ".cache" / "amend"


@posix
def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # as a folder another user created in /tmp would be
    monkeypatch.setenv("AMEND_CACHE", str(shared))
    assert grammar._cache_folder() is None
    assert grammar._cache_file("decision") is False


@posix
def test_a_symlinked_folder_is_not_used(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("AMEND_CACHE", str(link))
    assert grammar._cache_folder() is None


@posix
def test_a_cache_file_others_can_write_is_not_loaded(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("AMEND_CACHE", str(folder))
    name = grammar._cache_file("decision")
    assert name
    with open(name, "wb") as f:
        f.write(b"not a pickle anyone should load")
    os.chmod(name, 0o666)
    assert grammar._cache_file("decision") is False
    os.chmod(name, 0o600)
    assert grammar._cache_file("decision") == name


def test_an_unusable_folder_means_no_disk_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("AMEND_CACHE", str(blocker / "sub"))
    assert grammar._cache_file("decision") is False


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_parsing_works_without_a_disk_cache(tmp_path):
    """A fresh process whose cache folder cannot be used still parses (tables built in memory)."""
    import subprocess

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    code = ("from amend.decision.parser import parse_items;"
            "print(len(parse_items('一、删去第三条。')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, AMEND_CACHE=str(shared)), timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "1", out.stderr
    assert list(shared.iterdir()) == []
