"""Benchmark: cold commands as whole processes (issue 16).  Run on demand:

    python benchmarks/bench_cold.py [--repeat 9] [--tree DIR ...]

For each source tree (default: this checkout; ``--tree`` adds others, e.g. an export of an
earlier commit, to compare in the same run) it starts new Python processes, alternately, and
prints the medians of:

Wall time and CPU time (user + system, steadier when other work shares the machine).

- ``python -c pass`` — the floor: an interpreter that does nothing;
- ``amend --version``;
- ``amend consolidate 吉林省城市供热条例 --as-of 2021-08-01`` (the grammar cache and the memo of
  decisions already read warm: one run first — what every run after a user's first is);
- the same with ``AMEND_NO_MEMO=1``: the decision read again, with Lark, in every process;
- the same with ``AMEND_NO_CODECACHE=1``: attrs' generated methods compiled in every process
  (amend/codecache.py);
- importing what each command needs: the sum of ``python -X importtime`` over the modules the
  process loaded, and the ten most costly modules (self time) of the consolidate command.

Commands run as ``python -m amend.cli`` with ``PYTHONPATH`` set to the tree, with bytecode
written and read as an installed package has it (``PYTHONDONTWRITEBYTECODE`` is removed from the
environment: without it every import compiles its module again, about 0.6 s more).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "amend --version": ["-m", "amend.cli", "--version"],
    "amend consolidate": ["-m", "amend.cli", "consolidate", "吉林省城市供热条例", "--as-of",
                          "2021-08-01"],
    "consolidate, no memo": ["-m", "amend.cli", "consolidate", "吉林省城市供热条例", "--as-of",
                             "2021-08-01"],
    "consolidate, no code cache": ["-m", "amend.cli", "consolidate", "吉林省城市供热条例",
                                   "--as-of", "2021-08-01"],
}
#: Environment of each command beyond the tree's PYTHONPATH.
ENV = {"consolidate, no memo": {"AMEND_NO_MEMO": "1"},
       "consolidate, no code cache": {"AMEND_NO_CODECACHE": "1"}}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(tree: Path, args: list[str], extra: list[str] = (),
         env_extra: dict | None = None) -> tuple[float, str, float]:
    """Wall time, stderr, and CPU time (user + system) of one process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"PYTHONPATH": str(tree), **(env_extra or {})})
    c0, t0 = _cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, *extra, *args], env=env, cwd=tree,
                          capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, done.stderr, _cpu() - c0


def importtime(tree: Path, args: list[str], env_extra: dict | None = None
               ) -> tuple[float, list[tuple[int, str]]]:
    """Total import time in ms (the sum of the top-level entries) and the self times."""
    _, err, _ = _run(tree, args, ["-X", "importtime"], env_extra)
    total, selfs = 0, []
    for line in err.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, raw = line[len("import time:"):].split("|")
        name = raw[1:]  # "| " then two spaces per level of nesting
        selfs.append((int(own), name.strip()))
        if not name.startswith(" "):
            total += int(cumulative)
    return total / 1000, sorted(selfs, reverse=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--tree", type=Path, action="append", default=[])
    args = ap.parse_args()
    trees = [HERE, *[t.resolve() for t in args.tree]]
    for tree in trees:  # warm the bytecode and the grammar cache
        _run(tree, COMMANDS["amend consolidate"])
    times = {(t, c): [] for t in trees for c in COMMANDS}
    cpu = {(t, c): [] for t in trees for c in COMMANDS}
    imports = {(t, c): [] for t in trees for c in COMMANDS}
    for _ in range(args.repeat):
        for tree in trees:
            for name, cmd in COMMANDS.items():
                wall, _, used = _run(tree, cmd, env_extra=ENV.get(name))
                times[tree, name].append(wall)
                cpu[tree, name].append(used)
                imports[tree, name].append(importtime(tree, cmd, ENV.get(name))[0])
    print(f"medians of {args.repeat} runs (whole process: wall time, CPU time user+system — "
          "steadier on a shared machine; imports: -X importtime, summed)")
    for tree in trees:
        print(f"\n{tree}")
        for name in COMMANDS:
            print(f"  {name:26s} {statistics.median(times[tree, name]) * 1000:7.0f} ms   "
                  f"CPU {statistics.median(cpu[tree, name]) * 1000:7.0f} ms   "
                  f"imports {statistics.median(imports[tree, name]):7.0f} ms")
        _, selfs = importtime(tree, COMMANDS["amend consolidate"])
        print("  costliest imports of consolidate (self ms): "
              + ", ".join(f"{name} {us / 1000:.0f}" for us, name in selfs[:10]))


if __name__ == "__main__":
    main()
