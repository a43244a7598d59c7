"""The bundled corpus: one folder per work, a ``manifest.toml`` and its texts.

Contract: ``load_index(root)`` reads every ``<root>/<slug>/manifest.toml`` into frozen ``Work``
values (title, slug, short name, issuing bodies, texts with provenance and corrections,
decisions, dated events); ``find_work(name)`` resolves a title, slug or short name (exactly,
else one unambiguous substring) and raises ``LookupError`` listing candidates otherwise.
A ``CorpusText`` keeps the raw extract and the normalised text; ``derive_text`` recomputes the
normalised text from the raw one plus the manifest's reasoned corrections, and the tests check
that it equals the stored file.  ``write_work`` writes a manifest and texts (used by ingest).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import tomli_w

from amend.normalise import normalise
from amend.resources import corpus_dir

MANIFEST = "manifest.toml"


CORRECTION_KINDS = ("insert-line", "replace-line")


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
        return (self.path / self.text(text_id).file).read_text(encoding="utf-8").removesuffix("\n")

    def read_raw(self, text_id: str) -> str:
        """The text exactly as extracted from its source."""
        return (self.path / self.text(text_id).raw).read_text(encoding="utf-8").removesuffix("\n")

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
    import attrs as _attrs

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


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def load_work(folder: Path) -> Work:
    data = tomllib.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    texts = tuple(
        CorpusText(
            id=t["id"],
            role=t["role"],
            file=t["file"],
            raw=t.get("raw", ""),
            source=Source(**t["source"]) if "source" in t else None,
            corrections=tuple(Correction(**c) for c in t.get("corrections", ())),
            derived_from=Derivation(**t["derived_from"]) if "derived_from" in t else None,
        )
        for t in data.get("texts", ())
    )
    events = tuple(
        Event(
            kind=e["kind"],
            adopted=_date(e.get("adopted")),
            promulgated=_date(e.get("promulgated")),
            in_force=_date(e.get("in_force")),
            in_force_rule=e.get("in_force_rule", ""),
            body=e.get("body", ""),
            text=e.get("text", ""),
            title=e.get("title", ""),
            meeting=e.get("meeting", ""),
            number=e.get("number", ""),
        )
        for e in data.get("events", ())
    )
    return Work(
        slug=data["slug"],
        title=data["title"],
        short_name=data.get("short_name", data["title"]),
        kind=data.get("kind", ""),
        issuing_bodies=tuple(data.get("issuing_bodies", ())),
        texts=texts,
        events=events,
        path=folder,
    )


def load_index(root: Path | None = None) -> tuple[Work, ...]:
    root = root or corpus_dir()
    return tuple(load_work(p.parent) for p in sorted(root.glob(f"*/{MANIFEST}")))


def find_work(name: str, root: Path | None = None) -> Work:
    works = load_index(root)
    exact = [w for w in works if name in (w.slug, w.title, w.short_name)]
    if len(exact) == 1:
        return exact[0]
    partial = [w for w in works if name in w.title or name in w.slug]
    if len(partial) == 1:
        return partial[0]
    known = "、".join(w.slug for w in works)
    if not partial:
        raise LookupError(f"语料库中没有“{name}” / no work named {name!r} in the corpus (known: {known})")
    raise LookupError(
        f"“{name}”不唯一 / {name!r} is ambiguous: " + "、".join(w.slug for w in partial)
    )


def _toml_value(value):
    if isinstance(value, dict):
        return {k: _toml_value(v) for k, v in value.items() if v not in (None, "", ())}
    if isinstance(value, (list, tuple)):
        return [_toml_value(v) for v in value]
    return value


def write_work(folder: Path, manifest: dict, files: dict[str, str]) -> None:
    """Write ``manifest`` as manifest.toml and each relative path in ``files`` with its text."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if content.endswith("\n") else content + "\n", encoding="utf-8")
    (folder / MANIFEST).write_text(tomli_w.dumps(_toml_value(manifest)), encoding="utf-8")
