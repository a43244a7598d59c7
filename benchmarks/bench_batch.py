"""Benchmark: whole-corpus runs against one process per item (issue 16).  Run on demand:

    python benchmarks/bench_batch.py [--corpus-dev ../shared/corpus-dev] [--repeat 3]

Medians over ``--repeat`` runs of whole processes (``python -m amend.cli``), wall time and CPU
time of the processes (user + system):

- ``verify``: one process per corpus-dev law folder (``amend verify --corpus FOLDER``), against
  one ``amend verify --corpus DIR`` with ``--jobs 1`` and ``--jobs 2``;
- ``consolidate``: one ``amend consolidate WORK --as-of D`` per bundled work, against one
  ``amend consolidate --all --as-of D -o OUTDIR`` with ``--jobs 1`` and ``--jobs 2``; and the
  corpus-dev triples with ``--jobs 1`` and ``--jobs 2``.

The speed-up of ``--jobs 2`` over ``--jobs 1`` is bounded by the machine's free cores: on a
machine shared with other work, the CPU time says what the processes used.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(commands: list[list[str]]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    c0, t0 = _cpu(), time.perf_counter()
    for cmd in commands:
        subprocess.run([sys.executable, "-m", "amend.cli", *cmd], env=env, cwd=ROOT,
                       capture_output=True, check=False)
    return time.perf_counter() - t0, _cpu() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dev", type=Path, default=ROOT.parent / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--as-of", default="2021-08-01")
    ap.add_argument("--batch-only", action="store_true",
                    help="leave out the one-process-per-item runs (the slow ones)")
    args = ap.parse_args()
    dev = args.corpus_dev.resolve()
    folders = sorted(p.parent for p in dev.glob("*/manifest.json"))
    out = Path(tempfile.mkdtemp(prefix="amend-bench-batch-"))
    works = sorted(p.parent.name for p in (ROOT / "corpus").glob("*/manifest.toml"))
    cases = {
        f"verify, one process per folder ({len(folders)})":
            [["verify", "--corpus", str(f), "--format", "json"] for f in folders],
        "verify --corpus DIR --jobs 1": [["verify", "--corpus", str(dev), "--jobs", "1"]],
        "verify --corpus DIR --jobs 2": [["verify", "--corpus", str(dev), "--jobs", "2"]],
        f"consolidate, one process per work ({len(works)})":
            [["consolidate", w, "--as-of", args.as_of] for w in works],
        "consolidate --all --jobs 1":
            [["consolidate", "--all", "--as-of", args.as_of, "--jobs", "1", "-o", str(out / "a")]],
        "consolidate --all --jobs 2":
            [["consolidate", "--all", "--as-of", args.as_of, "--jobs", "2", "-o", str(out / "b")]],
        "consolidate corpus-dev --all --jobs 1":
            [["consolidate", "--corpus", str(dev), "--all", "--as-of", "2030-01-01", "--jobs", "1",
              "-o", str(out / "c")]],
        "consolidate corpus-dev --all --jobs 2":
            [["consolidate", "--corpus", str(dev), "--all", "--as-of", "2030-01-01", "--jobs", "2",
              "-o", str(out / "d")]],
    }
    if args.batch_only:
        cases = {k: v for k, v in cases.items() if "one process" not in k}
    run(cases["consolidate --all --jobs 1"])  # the grammar cache and bytecode warm
    results = {name: [] for name in cases}
    for _ in range(args.repeat):
        for name, commands in cases.items():
            results[name].append(run(commands))
    print(f"medians of {args.repeat} runs; {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f}")
    for name, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        print(f"  {name:44s} wall {wall:6.2f} s   CPU {cpu:6.2f} s")
    for what in ("verify --corpus DIR", "consolidate --all", "consolidate corpus-dev --all"):
        one = statistics.median(r[0] for r in results[f"{what} --jobs 1"])
        two = statistics.median(r[0] for r in results[f"{what} --jobs 2"])
        print(f"  speed-up of --jobs 2 over --jobs 1, {what}: {one / two:.2f}×")


if __name__ == "__main__":
    main()
