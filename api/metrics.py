"""GET /metrics for Prometheus: request latency, instances by status, open and overdue tasks.

Latency is a histogram observed around every request. Instance and task figures are read from the
database at scrape time, so every server process reports the same truth. Under gunicorn with several
workers, PROMETHEUS_MULTIPROC_DIR (set by api/server.py) makes the histogram add up across workers.
"""
from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

_REQUEST_SECONDS = Histogram(
    "pressdesk_http_request_duration_seconds", "Time to answer an HTTP request",
    ["method", "endpoint", "status"],
    buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


class EngineCollector:
    """Gauges computed from the engine's tables when Prometheus scrapes."""

    def __init__(self, engine) -> None:
        self._engine = engine

    def collect(self):
        instances = GaugeMetricFamily("pressdesk_instances", "Process instances by status", labels=["status"])
        for status, count in self._engine.runtime.queries.count_by_status().items():
            instances.add_metric([status], count)
        yield instances
        counts = self._engine.tasks.open_counts()
        yield GaugeMetricFamily("pressdesk_open_tasks", "Open human tasks", value=counts["open"])
        yield GaugeMetricFamily("pressdesk_overdue_tasks", "Open human tasks past their due date",
                                value=counts["overdue"])


def register(app: Flask, engine) -> None:
    collector = EngineCollector(engine)

    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.pop("request_started", None)
        if started is not None:
            # The URL rule, not the path, so ids do not explode the label set.
            endpoint = request.url_rule.rule if request.url_rule else "unmatched"
            _REQUEST_SECONDS.labels(request.method, endpoint, str(response.status_code)).observe(
                time.perf_counter() - started)
        return response

    @app.get("/metrics")
    def metrics():
        registry = CollectorRegistry()
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            multiprocess.MultiProcessCollector(registry)
        else:
            registry.register(_REQUEST_SECONDS)
        registry.register(collector)
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
