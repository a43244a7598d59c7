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
overall rate of identical articles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs

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
    return Row(triple, p.items, p.read, p.applied, report.identical, report.articles_compared,
               report.counts(), len(unexplained), p.skipped, divergences=unexplained)


def report_context(rows: list[Row]) -> dict:
    """Per triple and in total: items read / applied, articles identical / compared, divergences
    by class; ``rate`` = identical / compared over all triples; ``ok`` when every triple ran
    whole with only explained divergences."""
    out = []
    totals = {"triples": len(rows), "items": 0, "read": 0, "applied": 0, "identical": 0,
              "compared": 0, "skipped": 0, "failed": 0, "counts": {}}
    for r in rows:
        out.append({
            "triple": r.triple.name, "target": r.triple.target, "items": r.items, "read": r.read,
            "applied": r.applied, "identical": r.identical, "compared": r.compared,
            "rate": round(r.identical / r.compared, 4) if r.compared else None,
            "counts": r.counts, "unexplained": r.unexplained, "error": r.error, "ok": r.ok,
            "skipped": [s.as_dict() for s in r.skipped],
        })
        for k in ("items", "read", "applied", "identical", "compared"):
            totals[k] += getattr(r, k)
        totals["skipped"] += len(r.skipped)
        totals["failed"] += r.error is not None
        for cls, n in r.counts.items():
            totals["counts"][cls] = totals["counts"].get(cls, 0) + n
    rate = totals["identical"] / totals["compared"] if totals["compared"] else 0.0
    return {"triples": out, "totals": totals, "rate": round(rate, 4),
            "ok": all(r.ok for r in rows)}
