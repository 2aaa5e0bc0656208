"""Run the Flask app under gunicorn (never Flask's development server)."""
from __future__ import annotations

import os
import shutil
import tempfile

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from . import create_app

        return create_app()


def _child_exit(_server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def _post_worker_init(worker) -> None:
    # Embedded mode (no broker): each web worker also runs the dispatcher; claims keep them apart.
    app = worker.wsgi
    engine = app.extensions["pressdesk"] if hasattr(app, "extensions") else None
    if engine is not None and not engine.settings.broker_url:
        from engine.scheduler.embedded import EmbeddedDispatcher

        app.extensions["pressdesk.dispatcher"] = EmbeddedDispatcher(engine).start()


def run_server(host: str, port: int, workers: int) -> None:
    # Each worker keeps its request-latency figures in files here, so /metrics adds up all workers.
    own_dir = None
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        own_dir = tempfile.mkdtemp(prefix="pressdesk-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_dir
    try:
        _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "worker_class": "gthread", "threads": 4,
                   "accesslog": "-", "timeout": 60, "child_exit": _child_exit,
                   "post_worker_init": _post_worker_init}).run()
    finally:
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)
