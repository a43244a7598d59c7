"""Reading and writing files the way users' files are: decoded from what Chinese government texts
come in, written atomically.

Contract: ``decode(data, name)`` turns bytes into text — a byte-order mark first (UTF-8, UTF-16
LE/BE, UTF-32 LE/BE), then UTF-8, then GB18030 (a superset of GBK and GB2312) — and returns a
``Decoded`` with the text, the encoding used and, when it was not UTF-8, a bilingual warning
naming the file and the encoding; bytes that none of them decodes raise ``DecodeError`` naming
the file and the encodings tried.  A NUL byte outside a UTF-16/32 text means a binary file (a
.docx, a PDF) and is refused the same way.  ``read_text(path)`` does the same for a file (an
``OSError`` passes through; newlines are universal, as ``Path.read_text`` reads them).
``write_atomic(path, data)`` writes to a temporary file in the same folder, flushes and fsyncs
it, and renames it over ``path``: on any failure the old file is intact and no temporary file is
left behind.  A ``path`` that exists and is not a regular file (``/dev/null``, a FIFO,
``/dev/stdout``) cannot be replaced and is written in place.  ``EncodingNotice`` is the warning
category library code (the corpus) uses to say a file was not UTF-8; the command prints it.
``escape_controls(text)`` makes control characters visible for a terminal (C0 and DEL as the
control pictures ␛ ␇ …, C1 as ``\\u009b``), keeping newlines and tabs; ``escape_tree`` does the
same to every string of a JSON-like value.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
from pathlib import Path

from amend.codecache import attrs

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Tried in this order when there is no byte-order mark.
FALLBACKS = ("utf-8", "gb18030")


class DecodeError(ValueError):
    """Bytes that no supported encoding decodes (or a binary file)."""


@attrs.frozen
class Decoded:
    text: str
    encoding: str
    #: set when the encoding is not plain UTF-8: "文件 x 按 GB18030 编码读取 / …"
    warning: str | None = None


def _note(name: str, encoding: str) -> str:
    label = encoding.upper()
    return (f"{name} 不是UTF-8编码，已按 {label} 读取 / {name} is not UTF-8: it was read as "
            f"{label}")


def decode(data: bytes, name: str = "输入 / input") -> Decoded:
    """See the module contract."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(_failure(name, (encoding,), exc)) from None
            return Decoded(text, encoding, None if encoding == "utf-8" else _note(name, encoding))
    if b"\x00" in data:
        raise DecodeError(
            f"{name} 含有空字节，似乎不是文本文件（如 .docx、PDF） / {name} contains NUL bytes: it "
            "does not look like a text file (a .docx or a PDF?)")
    last: UnicodeDecodeError | None = None
    for encoding in FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            last = exc
            continue
        return Decoded(text, encoding, None if encoding == "utf-8" else _note(name, encoding))
    raise DecodeError(_failure(name, FALLBACKS, last))


def _failure(name: str, tried: tuple[str, ...], exc: UnicodeDecodeError | None) -> str:
    where = f"（第{exc.start + 1}个字节 / at byte {exc.start + 1}）" if exc is not None else ""
    names = "、".join(t.upper() for t in tried)
    return (f"无法解码 {name}{where}：已尝试 {names} / cannot decode {name}: tried "
            f"{', '.join(t.upper() for t in tried)}")


def read_text(path: Path) -> Decoded:
    """The decoded text of a file with universal newlines, as ``Path.read_text`` gives them
    (``\\r\\n`` and a lone ``\\r`` become ``\\n``); ``OSError`` and ``DecodeError`` pass
    through."""
    decoded = decode(Path(path).read_bytes(), str(path))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    return attrs.evolve(decoded, text=text) if text != decoded.text else decoded


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` atomically; see the module contract.  Raises
    ``OSError`` (the folder is missing, ``path`` is a folder, the disk is full …) with nothing
    changed."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists() and not path.is_file():  # a device or a pipe: renaming would replace it
        with open(path, "wb") as f:
            f.write(payload)
        return
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # writing only: not on the path of a command that prints

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():  # keep the existing file's permissions
            try:
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class EncodingNotice(UserWarning):
    """A file was read in an encoding other than UTF-8 (the message is bilingual)."""


#: C0 controls except tab and newline, DEL, and the C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(m: re.Match) -> str:
    code = ord(m[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: one column, so carets under a clause still line up
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{code:04x}"  # C1: no control picture; this form is also a valid JSON escape


def escape_controls(text: str, keep: re.Pattern | None = None) -> str:
    """``text`` with every control character except newline and tab shown visibly, so that a
    source text cannot retitle or reprogram a terminal (``\\x1b]0;…\\x07`` → ``␛]0;…␇``).
    Matches of ``keep`` (the command's own colour codes) are left as they are."""
    if keep is None:
        return _CONTROLS.sub(_visible, text)
    out, at = [], 0
    for m in keep.finditer(text):
        out.append(_CONTROLS.sub(_visible, text[at:m.start()]))
        out.append(m[0])
        at = m.end()
    out.append(_CONTROLS.sub(_visible, text[at:]))
    return "".join(out)


def escape_tree(value):
    """``value`` (dicts, lists, tuples and strings, as a view context is) with ``escape_controls``
    applied to every string, keys included; anything else is returned unchanged."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {escape_tree(k): escape_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape_tree(v) for v in value]
    if type(value) is tuple:
        return tuple(escape_tree(v) for v in value)
    return value
