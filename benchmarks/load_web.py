"""Load test of `amend serve` (on demand only; not part of the test suite).

    .venv/bin/python benchmarks/load_web.py                      # 200 clients for 60 s
    .venv/bin/python benchmarks/load_web.py --clients 20 --seconds 10
    .venv/bin/python benchmarks/load_web.py --url http://127.0.0.1:8000   # a running server

Without --url it starts the app under uvicorn with ``amend.web.app.server_config`` (the limits
`amend serve` uses) on a free loopback port, in a separate process, and stops it afterwards.
Each client (a thread with its own keep-alive connection) loops over three kinds of request on
the heating regulation: the text as of a date (``text``), a comparison of two dates
(``compare``) and a draft preview of the 2021 decision against the 2010 text (``draft``, POST
JSON); a probe fetches the works list (``index``, not counted in ``all``) twice a second on
its own connection, to show whether cheap pages stay quick under load.  It prints, per kind
and overall, the number of requests, throughput, p50/p99 latency and the errors (by HTTP
status, and connection errors).  Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
WORK = "吉林省城市供热条例"
SLUG = "/works/" + quote(WORK)
DATES = ["2004-05-01", "2010-01-01", "2014-01-01", "2018-01-01", "2021-08-01"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=200, help="concurrent clients (default 200)")
    p.add_argument("--seconds", type=float, default=60.0, help="duration (default 60)")
    p.add_argument("--url", help="a running server (default: start one)")
    p.add_argument("--timeout", type=float, default=60.0, help="client timeout per request (s)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print the figures as JSON too")
    return p.parse_args(argv)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER = """
import uvicorn
from amend.web.app import create_app, server_config
from amend.decision.grammar import clause_parser, line_parser
app = create_app()
clause_parser(), line_parser()
uvicorn.run(app, **server_config("127.0.0.1", {port}))
"""


def start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-c", SERVER.format(port=port)], env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def requests(rng: random.Random, draft: bytes):
    """An endless mix of (kind, method, path, body)."""
    while True:
        kind = rng.choice(("text", "compare", "draft"))
        if kind == "text":
            yield kind, "GET", f"{SLUG}?as_of={rng.choice(DATES[1:])}", None
        elif kind == "compare":
            a, b = sorted(rng.sample(DATES[1:], 2))
            yield kind, "GET", f"{SLUG}/compare?from={a}&to={b}", None
        else:
            yield kind, "POST", f"{SLUG}/draft/result", draft


def client(url: str, until: float, timeout: float, seed: int, draft: bytes, out: list) -> None:
    parts = urlsplit(url)
    rng = random.Random(seed)
    conn = None
    for kind, method, path, body in requests(rng, draft):
        if time.monotonic() >= until:
            break
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            headers = {"Content-Type": "application/json"} if body else {}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
            if conn is not None:
                conn.close()
            conn = None
        out.append((kind, status, time.monotonic() - started))
    if conn is not None:
        conn.close()


def probe(url: str, until: float, timeout: float, out: list) -> None:
    """The works list twice a second, on its own connection: is the server still responsive to
    a cheap page while the clients load it?"""
    parts = urlsplit(url)
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            status = response.status
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
        out.append(("index", status, time.monotonic() - started))
        time.sleep(0.5)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summarise(records: list[tuple[str, object, float]], elapsed: float) -> dict:
    """Per kind and overall: requests, throughput (req/s), p50/p99 latency (ms) of all requests
    and the errors by status."""
    report = {}
    for kind in ("text", "compare", "draft", "all", "index"):
        mine = [r for r in records if r[0] == kind or (kind == "all" and r[0] != "index")]
        errors: dict[str, int] = {}
        for _, status, _ in mine:
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1
        latencies = [r[2] for r in mine]
        report[kind] = {"requests": len(mine), "per_second": round(len(mine) / elapsed, 1),
                        "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
                        "p99_ms": round(_percentile(latencies, 99) * 1000, 1),
                        "errors": errors}
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    draft = json.dumps({"as_of": "2010-01-01", "draft": (
        REPO / "corpus" / WORK / "decision-2021-07-30.txt").read_text(encoding="utf-8")},
        ensure_ascii=False).encode("utf-8")
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server()
    try:
        records: list = []
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(url, until, args.timeout,
                                                         args.seed + i, draft, records), daemon=True)
                   for i in range(args.clients)]
        threads.append(threading.Thread(target=probe, args=(url, until, args.timeout, records),
                                        daemon=True))
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + args.timeout + 30)
        elapsed = time.monotonic() - started
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    report = summarise(list(records), elapsed)
    print(f"{args.clients} clients, {elapsed:.1f} s, {url}")
    print(f"{'kind':8} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}  errors")
    for kind, r in report.items():
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(r["errors"].items())) or "none"
        print(f"{kind:8} {r['requests']:>9} {r['per_second']:>7} {r['p50_ms']:>8} {r['p99_ms']:>8}  {errors}")
    if args.json:
        print(json.dumps({"clients": args.clients, "seconds": round(elapsed, 1), **report}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
