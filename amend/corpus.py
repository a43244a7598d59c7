"""The bundled corpus: one folder per work, a ``manifest.toml`` and its texts.

Contract: ``load_index(root)`` reads every ``<root>/<slug>/manifest.toml`` into frozen ``Work``
values (title, slug, short name, issuing bodies, texts with provenance and corrections,
decisions, dated events); ``find_work(name)`` (``resolve`` over loaded works) resolves a
title, slug or short name (exactly, else one unambiguous substring; 《》 and spaces around are
ignored) and raises ``LookupError`` otherwise: the candidates of an ambiguous name, or for an
unknown one up to three close names ("您是否要找：《…》？ / did you mean …?", by difflib's
similarity ratio, at least 0.6).  A folder in the development layout of ../shared/corpus-dev
(``manifest.json`` listing dated ``versions``, ``instruments`` and ``triples``) is read as a work
too (``load_dev_work``): each instrument is an amendment in force from its date; the version
after a decision in ``triples`` is a republication of (version before + decision), checked by
``verify``; every other version is a base text in force from its date (the first an
enactment, later ones revisions).  The dates are those the manifest gives the files (the
source's publish dates), so the 题注 generated from them is approximate.  Texts there are the
Markdown sources, normalised when read.
A ``CorpusText`` keeps the raw extract and the normalised text; ``derive_text`` recomputes the
normalised text from the raw one plus the manifest's reasoned corrections, and the tests check
that it equals the stored file.  ``write_work`` writes a manifest and texts as a new work folder
(an existing one only with ``force``; used by ingest).
A manifest may only name files inside its own folder (``inside`` checks a name).  Anything
wrong with a work folder — a manifest that is not TOML, a field missing or of the wrong type, a
file named outside the folder, a text file missing or undecodable — raises ``CorpusError`` (a
``ValueError``) naming the file and the field, in Chinese and English.  Texts are decoded as
``amend.textio.read_text`` does; one not in UTF-8 is read with an ``EncodingNotice`` warning.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from pathlib import Path, PurePosixPath, PureWindowsPath

from amend.codecache import attrs

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from amend.normalise import normalise
from amend.resources import corpus_dir
from amend.textio import DecodeError, EncodingNotice, read_text, write_atomic

MANIFEST = "manifest.toml"
DEV_MANIFEST = "manifest.json"  # a folder of ../shared/corpus-dev


CORRECTION_KINDS = ("insert-line", "replace-line")


class CorpusError(ValueError):
    """A work folder that cannot be used; the message names the file and the field."""


@attrs.frozen
class Correction:
    """A reasoned repair of an extracted text, applied to its normalised lines:
    "insert-line" puts ``line`` before the line ``anchor``; "replace-line" puts ``line`` in the
    place of the line ``anchor``.  ``reason`` says why, with the evidence."""

    kind: str = attrs.field(validator=attrs.validators.in_(CORRECTION_KINDS))
    line: str
    anchor: str
    reason: str


@attrs.frozen
class Source:
    seed: str
    first_line: int
    last_line: int


@attrs.frozen
class Derivation:
    """How the engine reconstructed a "derived" text: ``method`` "invert" undoes the decision
    whose text is ``decision`` on the text ``text``, giving the text as it stood before it."""

    text: str
    decision: str
    method: str


@attrs.frozen
class CorpusText:
    id: str
    role: str  # "original", "republished", "decision", "derived" (reconstructed by the engine)
    file: str
    raw: str
    source: Source | None
    corrections: tuple[Correction, ...] = ()
    derived_from: Derivation | None = None  # provenance of a "derived" text


@attrs.frozen
class Event:
    kind: str  # "enactment", "amendment", "republication", "revision", "repeal"
    adopted: dt.date | None = None
    promulgated: dt.date | None = None
    in_force: dt.date | None = None
    in_force_rule: str = ""
    body: str = ""
    text: str = ""  # id of the text this event produced or refers to
    title: str = ""
    meeting: str = ""  # the meeting that adopted it: "吉林省第十届人民代表大会常务委员会第九次会议"
    number: str = ""  # the promulgating order's number: "中华人民共和国国务院令第564号"


@attrs.frozen
class Work:
    slug: str
    title: str
    short_name: str
    kind: str
    issuing_bodies: tuple[str, ...]
    texts: tuple[CorpusText, ...]
    events: tuple[Event, ...]
    path: Path

    def text(self, text_id: str) -> CorpusText:
        for t in self.texts:
            if t.id == text_id:
                return t
        raise LookupError(f"{self.slug}: no text {text_id!r} / 没有该文本")

    def read(self, text_id: str) -> str:
        """The normalised (and corrected) text."""
        t = self.text(text_id)
        if not t.file and t.raw:  # a development folder keeps only the source: normalised here
            return normalise(self.read_raw(text_id)).text
        return self._file(text_id, "file")

    def read_raw(self, text_id: str) -> str:
        """The text exactly as extracted from its source."""
        return self._file(text_id, "raw")

    def _file(self, text_id: str, field: str) -> str:
        """The decoded contents of the file a text's ``field`` names, without the final newline;
        a missing or undecodable file raises ``CorpusError`` naming the manifest and the field,
        a file not in UTF-8 gives an ``EncodingNotice`` warning."""
        manifest = self.path / MANIFEST
        rel = getattr(self.text(text_id), field)
        if not rel:
            raise _bad(manifest, f"texts[id={text_id}].{field}", "缺失", "is missing")
        try:
            decoded = read_text(self.path / rel)
        except OSError as exc:
            zh = "文件不存在" if isinstance(exc, FileNotFoundError) else exc.strerror
            raise CorpusError(
                f"{manifest}：字段 texts[id={text_id}].{field} 所指的文件 {rel} 无法读取（{zh}） / "
                f"{manifest}: the file {rel} named by field texts[id={text_id}].{field} cannot be "
                f"read ({exc.strerror})") from None
        except DecodeError as exc:
            raise CorpusError(f"{manifest}（texts[id={text_id}].{field}）：{exc}") from None
        if decoded.warning:
            warnings.warn(decoded.warning, EncodingNotice, stacklevel=3)
        return decoded.text.removesuffix("\n")

    def latest_text(self) -> CorpusText:
        """The newest regulation text (republished or original), by its event's date."""
        dated = []
        for ev in self.events:
            if ev.text and ev.kind in ("enactment", "republication", "revision"):
                day = ev.promulgated or ev.adopted or ev.in_force or dt.date.min
                dated.append((day, ev.text))
        if not dated:
            raise LookupError(f"{self.slug}: no regulation text / 没有条文文本")
        return self.text(max(dated)[1])

    def derive_text(self, text_id: str) -> str:
        """normalise(raw) with the manifest's corrections applied, in order; for a "derived"
        text, the engine's reconstruction (``derive_by_inversion``)."""
        t = self.text(text_id)
        if t.derived_from is not None:
            return derive_by_inversion(self, t)
        lines = normalise(self.read_raw(text_id)).text.split("\n")
        for c in t.corrections:
            if lines.count(c.anchor) != 1:
                raise ValueError(
                    f"{self.slug}/{t.id}: correction anchor must occur exactly once / "
                    f"更正的定位行必须唯一: {c.anchor!r}"
                )
            at = lines.index(c.anchor)
            if c.kind == "insert-line":
                lines.insert(at, c.line)
            else:
                lines[at] = c.line
        return "\n".join(lines)


def derive_by_inversion(work: Work, text: CorpusText) -> str:
    """The text before a decision, reconstructed with ``amend.apply.invert`` from the text
    after it (lacunae where the old words are unknowable), with the 题注 of that earlier state
    generated from the timeline."""
    from amend.codecache import attrs as _attrs

    from amend import timeline
    from amend.apply.invert import invert
    from amend.decision.parser import parse_decision
    from amend.model import HistoryNote
    from amend.structure import parse, render

    how = text.derived_from
    if how.method != "invert":
        raise ValueError(f"{work.slug}/{text.id}: unknown derivation {how.method!r} / 未知的推导方法")
    after = parse(work.read(how.text)).regulation
    decision = parse_decision(work.read(how.decision))
    before = invert(after, decision, target=work.title).regulation
    state = timeline.text_state(work, how.text)
    base = state.base if state else None
    day = timeline.effective(base) if base else None
    note = HistoryNote(timeline.history_note(work, day), bracketed=True) if day else None
    return render(_attrs.evolve(before, note=note))


_MISSING = object()
_TYPES = {str: ("文本", "a string"), int: ("整数", "an integer"), dict: ("表", "a table"),
          list: ("数组", "an array"), dt.date: ("日期", "a date")}


def _bad(manifest: Path, field: str, zh: str, en: str) -> CorpusError:
    return CorpusError(f"{manifest}：字段 {field} {zh} / {manifest}: field {field} {en}")


def _get(manifest: Path, table: dict, field: str, kind: type, default=_MISSING):
    """``table[key]`` (``field`` is the dotted path, its last part the key) checked to be a
    ``kind``; a missing key gives ``default``, or a ``CorpusError`` when there is none."""
    key = field.rsplit(".", 1)[-1]
    if key not in table:
        if default is _MISSING:
            raise _bad(manifest, field, "缺失", "is missing")
        return default
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        zh, en = _TYPES[kind]
        raise _bad(manifest, field, f"应为{zh}", f"must be {en}, not {type(value).__name__}")
    return value


def _tables(manifest: Path, table: dict, field: str) -> list[tuple[str, dict]]:
    """The array of tables ``table[field]`` (empty when absent), each with its field path."""
    out = []
    for i, entry in enumerate(_get(manifest, table, field, list, [])):
        if not isinstance(entry, dict):
            raise _bad(manifest, f"{field}[{i}]", "应为表", f"must be a table, not {type(entry).__name__}")
        out.append((f"{field}[{i}]", entry))
    return out


def inside(manifest: Path, field: str, rel: str) -> str:
    """``rel`` when it names a file inside the folder of ``manifest`` (relative, no "..", no
    link leading out); else a ``CorpusError`` naming the manifest and ``field``."""
    folder = manifest.parent
    pure = PurePosixPath(rel)
    outside = ("\\" in rel or "\x00" in rel or pure.is_absolute() or ".." in pure.parts
               or bool(PureWindowsPath(rel).drive) or pure == PurePosixPath("."))
    if not outside:
        try:
            outside = folder.resolve() not in (folder / rel).resolve().parents
        except (OSError, RuntimeError):  # a symlink loop
            outside = True
    if outside:
        raise _bad(manifest, field, f"“{rel}”不在作品文件夹内", f"{rel!r} is not inside the work's folder")
    return rel


def _text(manifest: Path, field: str, t: dict) -> CorpusText:
    """One entry of ``texts``, checked (see ``_get``, ``_inside``)."""
    def table(key: str, make, keys: dict[str, type]):
        sub = _get(manifest, t, f"{field}.{key}", dict)
        unknown = sorted(set(sub) - set(keys))
        if unknown:
            raise _bad(manifest, f"{field}.{key}.{unknown[0]}", "未知", "is unknown")
        return make(**{k: _get(manifest, sub, f"{field}.{key}.{k}", kind) for k, kind in keys.items()})

    corrections = []
    for where, c in _tables(manifest, t, f"{field}.corrections"):
        kind = _get(manifest, c, f"{where}.kind", str)
        if kind not in CORRECTION_KINDS:
            raise _bad(manifest, f"{where}.kind", f"应为 {'、'.join(CORRECTION_KINDS)} 之一",
                       f"must be one of {', '.join(CORRECTION_KINDS)}, not {kind!r}")
        corrections.append(Correction(kind, *(_get(manifest, c, f"{where}.{k}", str)
                                               for k in ("line", "anchor", "reason"))))
    raw = _get(manifest, t, f"{field}.raw", str, "")
    return CorpusText(
        id=_get(manifest, t, f"{field}.id", str),
        role=_get(manifest, t, f"{field}.role", str),
        file=inside(manifest, f"{field}.file", _get(manifest, t, f"{field}.file", str)),
        raw=inside(manifest, f"{field}.raw", raw) if raw else "",
        source=table("source", Source, {"seed": str, "first_line": int, "last_line": int})
        if "source" in t else None,
        corrections=tuple(corrections),
        derived_from=table("derived_from", Derivation,
                           {"text": str, "decision": str, "method": str})
        if "derived_from" in t else None,
    )


def _event(manifest: Path, field: str, e: dict) -> Event:
    """One entry of ``events``, checked (see ``_get``)."""
    dates = {k: _get(manifest, e, f"{field}.{k}", dt.date, None)
             for k in ("adopted", "promulgated", "in_force")}
    words = {k: _get(manifest, e, f"{field}.{k}", str, "")
             for k in ("in_force_rule", "body", "text", "title", "meeting", "number")}
    return Event(kind=_get(manifest, e, f"{field}.kind", str), **dates, **words)


def _read_manifest(manifest: Path) -> dict:
    """The parsed TOML of ``manifest``; unreadable or invalid TOML raises ``CorpusError``."""
    try:
        return tomllib.loads(read_text(manifest).text)
    except OSError as exc:
        raise CorpusError(f"无法读取 {manifest}（{exc.strerror}） / cannot read {manifest} "
                          f"({exc.strerror})") from None
    except DecodeError as exc:
        raise CorpusError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{manifest} 不是有效的TOML：{exc} / {manifest} is not valid TOML: "
                          f"{exc}") from None


def load_work(folder: Path) -> Work:
    """The work described by ``folder/manifest.toml`` (else by a development
    ``folder/manifest.json``: ``load_dev_work``); see the module contract for errors."""
    manifest = folder / MANIFEST
    if not manifest.is_file() and (folder / DEV_MANIFEST).is_file():
        return load_dev_work(folder)
    data = _read_manifest(manifest)
    title = _get(manifest, data, "title", str)
    bodies = _get(manifest, data, "issuing_bodies", list, [])
    for i, b in enumerate(bodies):
        if not isinstance(b, str):
            raise _bad(manifest, f"issuing_bodies[{i}]", "应为文本", f"must be a string, not {type(b).__name__}")
    return Work(
        slug=_get(manifest, data, "slug", str),
        title=title,
        short_name=_get(manifest, data, "short_name", str, title),
        kind=_get(manifest, data, "kind", str, ""),
        issuing_bodies=tuple(bodies),
        texts=tuple(_text(manifest, f, t) for f, t in _tables(manifest, data, "texts")),
        events=tuple(_event(manifest, f, e) for f, e in _tables(manifest, data, "events")),
        path=folder,
    )


# ---- the development layout (../shared/corpus-dev: one folder per document) -----------------


def _dev_date(manifest: Path, table: dict, field: str) -> dt.date:
    value = _get(manifest, table, field, str)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(manifest, field, "应为日期YYYY-MM-DD",
                   f"must be a date YYYY-MM-DD, not {value!r}") from None


def _dev_entries(manifest: Path, data: dict, field: str, prefix: str):
    """(id, date, file, entry) of each entry of ``versions`` or ``instruments``, by date; ids
    are ``{prefix}-{date}`` (``-2``… when a date repeats)."""
    out = []
    for where, entry in _tables(manifest, data, field):
        day = _dev_date(manifest, entry, f"{where}.date")
        file = inside(manifest, f"{where}.file", _get(manifest, entry, f"{where}.file", str))
        out.append((day, file, entry))
    out.sort(key=lambda x: (x[0], x[1]))
    ids: list[str] = []
    for day, _, _ in out:
        base = f"{prefix}-{day.isoformat()}"
        seen = sum(i.startswith(base) for i in ids)
        ids.append(f"{base}-{seen + 1}" if seen else base)
    return [(i, *x) for i, x in zip(ids, out)]


def load_dev_work(folder: Path) -> Work:
    """A folder of the development layout as a work (see the module contract): slug and short
    name the folder's name, title the manifest's; texts are read from the Markdown files."""
    manifest = folder / DEV_MANIFEST
    try:
        data = json.loads(read_text(manifest).text)
    except OSError as exc:
        raise CorpusError(f"无法读取 {manifest}（{exc.strerror}） / cannot read {manifest} "
                          f"({exc.strerror})") from None
    except DecodeError as exc:
        raise CorpusError(str(exc)) from None
    except ValueError as exc:
        raise CorpusError(f"{manifest} 不是有效的JSON：{exc} / {manifest} is not valid JSON: "
                          f"{exc}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{manifest} 应为JSON对象 / {manifest} must be a JSON object")
    versions = _dev_entries(manifest, data, "versions", "version")
    # the full title as the newest text prints it ("中华人民共和国民事诉讼法"), else the manifest's
    lines = versions[-1][3].get("title_lines") if versions else None
    title = (lines[0] if isinstance(lines, list) and lines and isinstance(lines[0], str)
             and lines[0].strip() else _get(manifest, data, "title", str, folder.name))
    instruments = _dev_entries(manifest, data, "instruments", "decision")
    # "triples" (before, decision, after): the text after is what the decision made of the
    # text before, so it is a republication to check against, not a text to start from
    files = {file for _, _, file, _ in versions}
    decisions = {file for _, _, file, _ in instruments}
    republished = {t.get("after") for _, t in _tables(manifest, data, "triples")
                   if t.get("before") in files and t.get("decision") in decisions}
    texts = [CorpusText(id=i, role="republished" if file in republished else "original", file="",
                        raw=file, source=None) for i, _, file, _ in versions]
    texts += [CorpusText(id=i, role="decision", file="", raw=file, source=None)
              for i, _, file, _ in instruments]
    events = []
    for i, day, file, entry in instruments:
        name = entry.get("title") or entry.get("name")
        events.append(Event(kind="amendment", adopted=day, in_force=day, text=i,
                            title=name if isinstance(name, str) else ""))
    bases = 0
    for i, day, file, _ in versions:
        if file in republished:
            events.append(Event(kind="republication", promulgated=day, text=i))
        else:  # the first text is taken as the enactment, later ones as revisions
            events.append(Event(kind="revision" if bases else "enactment", promulgated=day,
                                in_force=day, text=i))
            bases += 1
    return Work(slug=folder.name, title=title, short_name=folder.name, kind="",
                issuing_bodies=(), texts=tuple(texts), events=tuple(events), path=folder)


def load_index(root: Path | None = None) -> tuple[Work, ...]:
    """Every work under ``root`` (the bundled corpus by default): each folder with a
    ``manifest.toml`` or a development ``manifest.json``, by name; ``root`` itself when it is
    such a folder."""
    root = root or corpus_dir()
    if (root / MANIFEST).is_file() or (root / DEV_MANIFEST).is_file():
        return (load_work(root),)
    folders = {p.parent for name in (MANIFEST, DEV_MANIFEST) for p in root.glob(f"*/{name}")}
    return tuple(load_work(p) for p in sorted(folders))


class UnknownWork(LookupError):
    """No work, or several, answer to a name; ``suggestions`` are the slugs of close names."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.suggestions = suggestions


def _clean(name: str) -> str:
    """A name as typed: spaces around and the book-title marks 《》 of "《城市供热条例》" left out."""
    name = name.strip()
    if name.startswith("《") and name.endswith("》"):
        name = name[1:-1].strip()
    return name


def _closeness(name: str, work: Work) -> float:
    """How close ``name`` is to the work's slug, title or short name, or (for a name of four
    characters or more) to a stretch of one as long as the name: "住宅物業" is close to the
    "住宅物业" of 上海市住宅物业管理规定.  difflib's ratio; 0 when fewer than two characters match."""
    from difflib import SequenceMatcher  # only when a name is not found

    best = 0.0
    for known in dict.fromkeys((work.slug, work.title, work.short_name)):
        n = len(name)
        spans = [(known, 1.0)] + ([(known[i:i + n], 0.99) for i in range(len(known) - n + 1)]
                                  if n >= 4 else [])  # the whole name ranks first on a tie
        for span, weight in spans:
            m = SequenceMatcher(None, name, span, autojunk=False)
            if sum(b.size for b in m.get_matching_blocks()) >= 2:
                best = max(best, m.ratio() * weight)
    return best


def suggest(name: str, works, limit: int = 3, cutoff: float = 0.6) -> tuple[Work, ...]:
    """Up to ``limit`` works whose names are close to ``name`` (ratio ≥ ``cutoff``), closest
    first (then by slug)."""
    scored = [(_closeness(name, w), w.slug, w) for w in works]
    return tuple(w for score, _, w in sorted(scored, key=lambda x: (-x[0], x[1]))
                 if score >= cutoff)[:limit]


def resolve(name: str, works) -> Work:
    """The work among ``works`` that ``name`` names (see the module contract)."""
    works = tuple(works)
    wanted = _clean(name)
    exact = [w for w in works if wanted in (w.slug, w.title, w.short_name)]
    if len(exact) == 1:
        return exact[0]
    partial = [w for w in works if wanted and (wanted in w.title or wanted in w.slug
                                               or wanted in w.short_name)]
    if len(partial) == 1:
        return partial[0]
    if len(name) > 200:  # a pasted text, not a name: do not echo all of it
        name = name[:200] + "…"
    if partial:
        more = f"……（共{len(partial)}部 / {len(partial)} in all）" if len(partial) > 10 else ""
        raise UnknownWork(f"“{name}”不唯一 / {name!r} is ambiguous: "
                          + "、".join(w.slug for w in partial[:10]) + more,
                          tuple(w.slug for w in partial[:10]))
    close = suggest(wanted, works) if len(wanted) <= 200 else ()
    if close:
        zh = "、".join(f"《{w.title.replace('《', '〈').replace('》', '〉')}》" for w in close)
        en = ", ".join(w.title for w in close)
        hint = f"。您是否要找：{zh}？ / ", f"; did you mean {en}?"
    elif len(works) <= 12:
        known = "、".join(w.slug for w in works)
        hint = " / ", f" (known: {known})"
    else:
        hint = f"（共{len(works)}部） / ", f" ({len(works)} works)"
    raise UnknownWork(f"语料库中没有“{name}”{hint[0]}no work named {name!r} in the corpus"
                      f"{hint[1]}", tuple(w.slug for w in close))


def find_work(name: str, root: Path | None = None) -> Work:
    """The work of the corpus in ``root`` (default: bundled) that ``name`` names; a ``root``
    that is not a folder is a ``LookupError`` saying so."""
    if root is not None and not Path(root).is_dir():
        raise UnknownWork(f"语料库目录 {root} 不存在 / the corpus folder {root} does not exist")
    return resolve(name, load_index(root))


def _toml_value(value):
    if isinstance(value, dict):
        return {k: _toml_value(v) for k, v in value.items() if v not in (None, "", ())}
    if isinstance(value, (list, tuple)):
        return [_toml_value(v) for v in value]
    return value


def write_work(folder: Path, manifest: dict, files: dict[str, str], *, force: bool = False) -> None:
    """Write ``manifest`` as manifest.toml and each relative path in ``files`` with its text into
    a new folder beside ``folder``, then rename it to ``folder``: a work folder is never seen half
    written.  An existing ``folder`` raises ``FileExistsError`` unless ``force``, when it is
    replaced whole; a path in ``files`` outside the folder raises ``CorpusError``; other
    failures raise ``OSError`` and leave nothing behind."""
    import shutil  # writing only: not on the path of a command that reads
    import tempfile

    import tomli_w

    if folder.exists() and not force:
        raise FileExistsError(17, "作品文件夹已存在 / the work folder exists", str(folder))
    for rel in files:
        inside(folder / MANIFEST, f"files[{rel!r}]", rel)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name[:40]}.", suffix=".new", dir=folder.parent))
    try:
        for rel, content in files.items():
            (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(fresh / rel, content if content.endswith("\n") else content + "\n")
        write_atomic(fresh / MANIFEST, tomli_w.dumps(_toml_value(manifest)))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(fresh, 0o777 & ~umask)  # mkdtemp made it private
        _swap(fresh, folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _swap(fresh: Path, folder: Path) -> None:
    """Rename ``fresh`` to ``folder``, moving an existing ``folder`` aside and removing it."""
    old = None
    if folder.is_symlink() or folder.exists():
        old = folder.with_name(f"{fresh.name}.old")
        os.rename(folder, old)
    try:
        os.rename(fresh, folder)
    except OSError:
        if old is not None:
            os.rename(old, folder)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            import shutil

            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
