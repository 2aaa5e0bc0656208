"""Embedded mode: the dispatcher in a background thread of the web process (SQLite, no Redis).

Used by `pressdesk serve` when PRESSDESK_BROKER_URL is unset. Every PRESSDESK_TICK_SECONDS it claims
and runs what is due; right after a busy round it goes again at once.
"""
from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class EmbeddedDispatcher:
    def __init__(self, engine) -> None:
        self._engine = engine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="pressdesk-dispatcher", daemon=True)

    def start(self) -> EmbeddedDispatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        settings = self._engine.settings
        while not self._stop.is_set():
            try:
                busy = self._engine.scheduler.run_due(limit=settings.claim_batch)
            except Exception:  # noqa: BLE001 - keep dispatching; the database is the source of truth
                log.exception("embedded dispatcher round failed")
                busy = 0
            if not busy:
                self._stop.wait(settings.tick_seconds)
