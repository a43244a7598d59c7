"""The development triples (text before, decision, text after) and a report over them.

Contract: ``find(root)`` lists the complete triples under ``root`` in both development layouts
(../shared/docs/corpus.md): corpus-dev (one folder per law; ``manifest.json`` with ``triples``:
``before``/``decision``/``after`` file names in the folder; the target is the folder's name) and
decisions-dev (one folder per decision: ``decision.md``, ``source.json`` with ``triples``:
``law``, ``dir``, ``complete``, and ``<dir>/before.md`` + ``<dir>/after.md``).  ``root`` may be
one such folder, a folder of them, or a folder holding both layouts; incomplete triples are left
out.  ``run(triple)`` applies the decision to the text before as far as it can
(``consolidate.verify_partial``) and compares the result with the text after: items in scope,
read and applied, articles identical / compared, divergences by class, the items left out.  It
never raises: a triple that cannot be run at all gives a ``Row`` with ``error``.
``report_context(rows)`` is the plain dict the CLI prints (text or JSON), with totals and the
overall rate of identical articles.  ``version_pairs(root)`` lists the consecutive versions
(by date) of every corpus-dev folder under ``root``, files with identical bytes once: what the
corpus-wide diff and draft tests and the benchmarks walk.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from pathlib import Path

from amend.codecache import attrs

from amend.apply.partial import Skipped
from amend.consolidate import verify_partial
from amend.textio import read_text
from amend.verify import Report


@attrs.frozen
class Triple:
    """``name``: "corpus-dev/刑法" or "decisions-dev/<case>/<dir>"; ``target``: the title the
    decision's section is looked up by (omnibus decisions)."""

    name: str
    target: str | None
    before: Path
    decision: Path
    after: Path


@attrs.frozen
class Row:
    triple: Triple
    items: int = 0
    read: int = 0
    applied: int = 0
    identical: int = 0
    compared: int = 0
    counts: dict[str, int] = attrs.Factory(dict)
    unexplained: int = 0
    skipped: tuple[Skipped, ...] = ()
    error: str | None = None  # the triple could not be run at all
    #: the unexplained divergences: (article label, class, items)
    divergences: tuple[tuple[str, str, str | None], ...] = ()
    #: the title / the preamble differ from the text after (``verify.FrontCheck``); not in ``ok``
    front: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and not self.skipped and not self.unexplained


def _json(path: Path) -> dict:
    """The manifest's object; {} when it cannot be read (the CLI checks manifests first and
    names the broken ones: ``cli._check_dev_manifests``)."""
    try:
        data = json.loads(read_text(path).text)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _entries(data: dict) -> list[dict]:
    entries = data.get("triples")
    return [t for t in entries if isinstance(t, dict)] if isinstance(entries, list) else []


def _inside(folder: Path, name) -> Path | None:
    """``folder / name`` when ``name`` is a plain relative path that stays inside ``folder``."""
    if not isinstance(name, str) or not name or Path(name).is_absolute() or "\\" in name \
            or ".." in Path(name).parts:
        return None
    return folder / name


def _manifests(root: Path, name: str) -> list[Path]:
    found = []
    for pattern in (name, f"*/{name}", f"*/*/{name}"):
        found.extend(sorted(root.glob(pattern)))
        if found:
            break
    return found


def version_pairs(root: Path) -> list[tuple[Path, str, str]]:
    """(folder, older file, newer file) for consecutive versions by date in each corpus-dev
    folder under ``root`` (its ``manifest.json`` ``versions``); versions whose files hold
    identical bytes count once."""
    out = []
    for manifest in _manifests(Path(root), "manifest.json"):
        folder = manifest.parent
        entries = _json(manifest).get("versions")
        versions = sorted((v for v in entries if isinstance(v, dict) and isinstance(v.get("file"), str)
                           and isinstance(v.get("date"), str)) if isinstance(entries, list) else (),
                          key=lambda v: (v["date"], v["file"]))
        files, seen = [], set()
        for v in versions:
            path = _inside(folder, v["file"])
            if path is None or not path.is_file():
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                files.append(v["file"])
        out.extend((folder, old, new) for old, new in itertools.pairwise(files))
    return out


def _target(law: str) -> str:
    """"上海市A条例 (renamed B)" / "A细则（修改后名称：B）" → the title before the decision."""
    law = re.sub(r"\s*\((?:renamed|i\.e\.)[^)]*\)\s*$", "", law)
    return re.sub(r"（修改后名称：[^）]*）$", "", law).strip()


def find(root: Path) -> list[Triple]:
    """Every complete triple under ``root`` (see the module contract), in name order."""
    root = Path(root)
    out: list[Triple] = []
    for manifest in _manifests(root, "manifest.json"):
        folder = manifest.parent
        for t in _entries(_json(manifest)):
            paths = [_inside(folder, t.get(k)) for k in ("before", "decision", "after")]
            if None in paths:
                continue
            out.append(Triple(f"{folder.parent.name}/{folder.name}", folder.name, *paths))
    for source in _manifests(root, "source.json"):
        case = source.parent
        for t in _entries(_json(source)):
            d = _inside(case, t.get("dir"))
            if not t.get("complete") or d is None:
                continue
            law = t.get("law") if isinstance(t.get("law"), str) else t["dir"]
            out.append(Triple(f"{case.parent.name}/{case.name}/{t['dir']}",
                              _target(law), d / "before.md", case / "decision.md", d / "after.md"))
    return sorted(out, key=lambda t: t.name)


def _verify(before: str, decision: str, after: str, target: str | None):
    p, report = verify_partial(before, decision, after, target=target)
    if p.result is None and p.decision is not None and p.decision.sections and p.items == 0:
        # no section under the name the source gives: try the text's own title
        p2, report2 = verify_partial(before, decision, after, target=None)
        if p2.items:
            return p2, report2
    return p, report


def run(triple: Triple) -> Row:
    """Apply and compare one triple; never raises (see the module contract)."""
    try:
        texts = [read_text(p).text for p in (triple.before, triple.decision, triple.after)]
    except (OSError, ValueError) as exc:
        return Row(triple, error=f"无法读取 / cannot read: {exc}")
    try:
        p, report = _verify(*texts, triple.target)
    except Exception as exc:  # noqa: BLE001 - one broken triple must not end the report
        return Row(triple, error=f"{type(exc).__name__}: {exc}".split("\n", 1)[0])
    return _row(triple, p, report)


def _row(triple: Triple, p, report: Report) -> Row:
    unexplained = tuple((d.article, d.cls, d.item) for d in report.divergences if not d.explained)
    front = report.front
    differ = () if front is None else tuple(
        name for name, same in (("title", front.title_matches),
                                ("preamble", front.preamble_matches)) if not same)
    return Row(triple, p.items, p.read, p.applied, report.identical, report.articles_compared,
               report.counts(), len(unexplained), p.skipped, divergences=unexplained,
               front=differ)


def row_dict(r: Row) -> dict:
    """One triple's line of the report as plain data (what ``report_context`` lists)."""
    return {
        "triple": r.triple.name, "target": r.triple.target, "items": r.items, "read": r.read,
        "applied": r.applied, "identical": r.identical, "compared": r.compared,
        "rate": round(r.identical / r.compared, 4) if r.compared else None,
        "counts": r.counts, "unexplained": r.unexplained, "error": r.error, "ok": r.ok,
        "skipped": [s.as_dict() for s in r.skipped], "front_differs": list(r.front),
    }


def run_dict(triple: Triple) -> dict:
    """``row_dict(run(triple))``: what a worker process sends back (a ``Row`` holds the errors
    of the items left out, which do not survive pickling)."""
    return row_dict(run(triple))


def report_context(rows: list[Row]) -> dict:
    """Per triple and in total: items read / applied, articles identical / compared, divergences
    by class; ``rate`` = identical / compared over all triples; ``ok`` when every triple ran
    whole with only explained divergences."""
    return report_of([row_dict(r) for r in rows])


def report_of(lines: list[dict]) -> dict:
    """``report_context`` of rows already made plain data (``row_dict``)."""
    totals = {"triples": len(lines), "items": 0, "read": 0, "applied": 0, "identical": 0,
              "compared": 0, "skipped": 0, "failed": 0, "counts": {}}
    for r in lines:
        for k in ("items", "read", "applied", "identical", "compared"):
            totals[k] += r[k]
        totals["skipped"] += len(r["skipped"])
        totals["failed"] += r["error"] is not None
        for cls, n in r["counts"].items():
            totals["counts"][cls] = totals["counts"].get(cls, 0) + n
    rate = totals["identical"] / totals["compared"] if totals["compared"] else 0.0
    return {"triples": lines, "totals": totals, "rate": round(rate, 4),
            "ok": all(r["ok"] for r in lines)}


def in_force_on(decision, date) -> bool:
    """Whether a decision is in force on ``date``: its in-force date, else its promulgation,
    else its adoption, is on or before ``date`` (a decision that states no date is taken as in
    force)."""
    dates = decision.dates
    day = dates.in_force or dates.promulgated or dates.adopted
    return day is None or day <= date


def consolidate_triple(triple: Triple, date, fmt: str = "text") -> tuple[dict, str | None]:
    """The text of a development triple in force on ``date`` (``amend consolidate --corpus DIR
    --all``): the text before with its decision applied as far as it can be (as ``run`` does:
    the folder's target, else the text's own title) when the decision is in force on
    ``date``, else the text before as it stands.  Returns the summary row (``name``,
    ``title``, ``status`` "applied", "partial", "not_yet_in_force" or "error", ``articles``,
    ``skipped``, ``error``, ``ok``) and the output: the canonical text, or with ``fmt``
    "json" ``{"triple", "target", "date", "status", "decision", "in_force", "articles",
    "skipped", "text"}``.  Never raises; top level so that a process pool can run it."""
    from amend.apply.partial import apply_partial
    from amend.structure import parse_source, render

    row = {"name": triple.name, "title": triple.target, "status": "error", "articles": 0,
           "lacunae": 0, "skipped": 0, "warnings": 0, "error": None, "ok": False}
    try:
        before_text, decision_text = (read_text(p).text for p in (triple.before, triple.decision))
        before = parse_source(before_text).regulation
        p = apply_partial(before, decision_text, target=triple.target)
        if p.result is None and p.decision is not None and p.decision.sections and p.items == 0:
            p2 = apply_partial(before, decision_text, target=None)  # the text's own title
            if p2.items:
                p = p2
        due = p.decision is None or in_force_on(p.decision, date)
        if due:
            regulation = p.marks(before).apply_to(p.result.regulation if p.result else before)
        else:
            regulation = before
        text = render(regulation)
    except Exception as exc:  # noqa: BLE001 - one broken triple must not end the batch
        return {**row, "error": f"{type(exc).__name__}: {exc}".split("\n", 1)[0]}, None
    skipped = len(p.skipped) if due else 0
    status = ("not_yet_in_force" if not due else "partial" if skipped else "applied")
    row.update(status=status, articles=len(regulation.articles()), skipped=skipped,
               warnings=len(p.result.warnings) if due and p.result else 0, ok=not skipped)
    if fmt != "json":
        return row, text + "\n"
    dates = p.decision.dates if p.decision else None
    day = dates and (dates.in_force or dates.promulgated or dates.adopted)
    out = {"triple": triple.name, "target": triple.target, "date": date.isoformat(),
           "status": status, "decision": p.title, "in_force": day.isoformat() if day else None,
           "articles": row["articles"],
           "skipped": [s.as_dict() for s in p.skipped] if due else [], "text": text}
    return row, json.dumps(out, ensure_ascii=False, indent=2) + "\n"
