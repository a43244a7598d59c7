"""How ``amend serve`` runs the app under uvicorn so that idle and stalled connections do not
pile up.

Contract: ``server_config(host, port)`` returns the keyword arguments of ``uvicorn.run``:

- ``timeout_keep_alive``: an idle keep-alive connection is closed after ``KEEP_ALIVE`` seconds;
- ``http``: uvicorn's h11 protocol with one addition — a connection must deliver a complete
  request head (request line and headers) within ``REQUEST_HEAD`` seconds of connecting or of
  starting a new request, else it is closed.  uvicorn itself has no such limit, so a client that
  opens connections and sends nothing (or a byte a minute) would hold them for ever and, with a
  concurrency limit, lock everybody else out.  (A body that stalls is the app's business:
  ``Limits.body_timeout``.)
- ``limit_concurrency``: beyond ``CONCURRENCY`` connections or requests at once uvicorn answers
  503 at once instead of queueing without bound;
- ``timeout_graceful_shutdown``: Ctrl+C waits at most ``SHUTDOWN`` seconds for running requests.
"""

from __future__ import annotations

import functools

KEEP_ALIVE = 5
REQUEST_HEAD = 10.0
CONCURRENCY = 256
SHUTDOWN = 5


@functools.cache
def protocol(request_head: float = REQUEST_HEAD) -> type:
    """uvicorn's H11Protocol with the request-head deadline (a class per deadline)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class DeadlineH11Protocol(H11Protocol):
        _head_timer = None

        def _idle(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(request_head, self._head_timeout)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timeout(self) -> None:
            self._head_timer = None
            if self._idle() and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._idle():
                self._arm()  # a request is arriving: its head must be complete in time
            super().data_received(data)
            if not self._idle():
                self._disarm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    DeadlineH11Protocol.request_head_timeout = request_head
    return DeadlineH11Protocol


def server_config(host: str = "127.0.0.1", port: int = 8000, *,
                  request_head: float = REQUEST_HEAD) -> dict:
    return {"host": host, "port": port, "log_level": "warning",
            "timeout_keep_alive": KEEP_ALIVE, "limit_concurrency": CONCURRENCY,
            "timeout_graceful_shutdown": SHUTDOWN, "http": protocol(request_head)}
