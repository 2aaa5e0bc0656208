"""Run the Flask app under gunicorn (never Flask's development server)."""
from __future__ import annotations

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


def _post_worker_init(worker) -> None:
    # Embedded mode (no broker): each web worker also runs the dispatcher; claims keep them apart.
    app = worker.wsgi
    engine = app.extensions["pressdesk"] if hasattr(app, "extensions") else None
    if engine is not None and not engine.settings.broker_url:
        from engine.scheduler.embedded import EmbeddedDispatcher

        app.extensions["pressdesk.dispatcher"] = EmbeddedDispatcher(engine).start()


def run_server(host: str, port: int, workers: int) -> None:
    _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "worker_class": "gthread", "threads": 4,
               "accesslog": "-", "timeout": 60, "post_worker_init": _post_worker_init}).run()
