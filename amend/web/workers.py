"""Heavy work of the web pages, off the event loop: a few worker threads per lane, a bounded
queue and a time limit per request.

Contract: ``Lane(name, workers, backlog)`` runs plain functions on its own daemon threads.
``await lane.run(fn, timeout)`` returns ``fn()``'s result (or raises its exception) without
blocking the event loop, so other requests — the index page, another lane — are answered while
``fn`` computes.  When ``workers + backlog`` calls are already in flight it raises ``Busy`` at
once; when the answer has not come within ``timeout`` seconds (waiting in the queue included) it
raises ``TookTooLong``: a call still queued is cancelled and never runs, a call already running
cannot be stopped (Python threads cannot be killed) and finishes in the background, holding its
thread, so at most ``workers`` such calls run at once whatever happens.  The threads are daemon
threads: stopping the server never waits for them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable
from typing import Any


class Busy(Exception):
    """Every worker is taken and the queue is full."""


class TookTooLong(Exception):
    """The answer did not come within the time limit."""


class Lane:
    def __init__(self, name: str, workers: int, backlog: int):
        if workers < 1 or backlog < 0:
            raise ValueError("workers >= 1 and backlog >= 0")
        self.name = name
        self.workers = workers
        self.backlog = backlog
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._threads: list[threading.Thread] = []

    @property
    def in_flight(self) -> int:
        """Calls queued or running."""
        return self._in_flight

    def _start_threads(self) -> None:
        # under self._lock
        while len(self._threads) < self.workers:
            t = threading.Thread(target=self._work, name=f"amend-web-{self.name}-{len(self._threads)}",
                                 daemon=True)
            t.start()
            self._threads.append(t)

    def _work(self) -> None:
        while True:
            fn, future = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while queued: its request has already been answered
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                future.set_exception(exc)
            else:
                future.set_result(result)
            del fn, future

    def _done(self, _future) -> None:
        with self._lock:
            self._in_flight -= 1

    def submit(self, fn: Callable[[], Any]) -> concurrent.futures.Future:
        """Queue ``fn``; ``Busy`` when ``workers + backlog`` calls are already in flight."""
        with self._lock:
            if self._in_flight >= self.workers + self.backlog:
                raise Busy(self.name)
            self._in_flight += 1
            self._start_threads()
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.add_done_callback(self._done)
        self._queue.put((fn, future))
        return future

    async def run(self, fn: Callable[[], Any], timeout: float) -> Any:
        future = self.submit(fn)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except asyncio.TimeoutError:
            future.cancel()  # only takes effect while it is still queued
            raise TookTooLong(self.name) from None
