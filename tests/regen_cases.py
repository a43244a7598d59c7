"""Regenerate the expected files of the structure golden cases, for review with `git diff`.

    python tests/regen_cases.py

Each case folder under tests/cases/structure holds input.txt (a source text), expected.txt (the
canonical text the parser must render) and warnings.txt (the warning codes, one per line, in
order).  Never regenerate to make a failing test pass without reading the diff.
"""

from pathlib import Path

from amend.structure import parse_source, render

CASES = Path(__file__).resolve().parent / "cases" / "structure"

for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
    parsed = parse_source((case / "input.txt").read_text(encoding="utf-8"))
    (case / "expected.txt").write_text(render(parsed.regulation) + "\n", encoding="utf-8")
    (case / "warnings.txt").write_text(
        "".join(f"{w.code}\n" for w in parsed.warnings), encoding="utf-8"
    )
    print(case.name, len(parsed.regulation.articles()), [w.code for w in parsed.warnings])

# ---- apply cases: before.txt + decision.txt → expected.txt and warnings.txt, or error.txt ----
# error.txt holds the error exactly as a person reads it (item, line, column, caret, message).

from amend.apply import ApplyError, apply  # noqa: E402
from amend.decision.parser import parse_decision  # noqa: E402
from amend.structure import parse  # noqa: E402

APPLY = Path(__file__).resolve().parent / "cases" / "apply"

for case in sorted(p for p in APPLY.iterdir() if p.is_dir()):
    before = parse((case / "before.txt").read_text(encoding="utf-8").rstrip("\n")).regulation
    decision = parse_decision((case / "decision.txt").read_text(encoding="utf-8"))
    for name in ("expected.txt", "warnings.txt", "error.txt"):
        (case / name).unlink(missing_ok=True)
    try:
        result = apply(before, decision)
    except ApplyError as exc:
        (case / "error.txt").write_text(str(exc) + "\n", encoding="utf-8")
        print(case.name, "error:", exc.zh)
        continue
    (case / "expected.txt").write_text(render(result.regulation) + "\n", encoding="utf-8")
    (case / "warnings.txt").write_text("".join(f"{w.code}\n" for w in result.warnings),
                                       encoding="utf-8")
    print(case.name, len(result.regulation.articles()), [w.code for w in result.warnings])
