"""A scripted stand-in for Klaviyo's API and status page, on loopback only.

Each path (query included) has a list of replies; a request takes the first one, and the last
one repeats, so `[500, 200]` means "500 then 200 forever". Requests are recorded.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OPERATIONAL = {"page": {"id": "x", "name": "Klaviyo"},
               "status": {"indicator": "none", "description": "All Systems Operational"}}
RATE_HEADERS = {"RateLimit-Limit": "700", "RateLimit-Remaining": "698", "RateLimit-Reset": "42"}
ACCOUNTS = {"data": [{"type": "account", "id": "AbC123"}]}


@dataclass
class Reply:
    status: int = 200
    body: object = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a hang when longer than the client's timeout)
    trickle: float = 0.0  # seconds between body bytes: each read is quick, the whole is slow


@dataclass
class Seen:
    path: str
    headers: dict  # names lower-cased
    at: float


class MockKlaviyo:
    def __init__(self) -> None:
        self.script: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self.reset()
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                reply = mock.next_reply(self.path, {k.lower(): v for k, v in self.headers.items()})
                time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if reply.trickle:
                        for index in range(len(body)):
                            self.wfile.write(body[index:index + 1])
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (the hang case)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        """Every endpoint healthy."""
        self.script = {
            "/status.json": [Reply(body=OPERATIONAL)],
            "/api/accounts/": [Reply(body=ACCOUNTS)],
            "/api/profiles/?page[size]=1": [Reply(body={"data": []}, headers=dict(RATE_HEADERS))],
        }
        self.requests = []

    def on(self, path: str, *replies: Reply) -> None:
        self.script[path] = list(replies)

    def next_reply(self, path: str, headers: dict) -> Reply:
        with self._lock:
            self.requests.append(Seen(path, headers, time.monotonic()))
            replies = self.script.get(path)
            if not replies:
                return Reply(404, {"errors": [{"detail": "no such path in the mock"}]})
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def seen(self, path: str) -> list[Seen]:
        return [request for request in self.requests if request.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
