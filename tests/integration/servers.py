"""Real local servers for connector tests: a portal over HTTP and an SMTP server (aiosmtpd)."""
from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Portal:
    """Answers POST /items; fails the first `failures` requests with 503."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[dict] = []
        self.lock = threading.Lock()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                with portal.lock:
                    portal.received.append({"path": self.path, "body": body,
                                            "key": self.headers.get("Idempotency-Key"),
                                            "auth": self.headers.get("Authorization")})
                    failing = portal.failures > 0
                    portal.failures -= 1 if failing else 0
                    n = len(portal.received)
                answer = {"error": "busy"} if failing else {"id": f"item-{n}", "url": f"https://portal.test/{n}"}
                data = json.dumps(answer).encode()
                self.send_response(503 if failing else 201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@contextmanager
def portal_server(failures: int = 0) -> Iterator[Portal]:
    portal = Portal(failures)
    thread = threading.Thread(target=portal.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        portal.server.shutdown()
        portal.server.server_close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        from email import message_from_bytes
        from email.policy import default

        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()
