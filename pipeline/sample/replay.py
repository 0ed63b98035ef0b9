"""A real HTTP server on 127.0.0.1 that plays the external platforms from recorded-style
payloads, with the faults real platforms have: 429 with reset headers, 5xx, slow answers,
a post that starts answering 404. Used by the tests and the demo; never a mock of a client.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Route:
    path: str
    replies: list[Reply]
    when: dict[str, str]
    served: int = 0

    def matches(self, path: str, query: dict[str, str]) -> bool:
        return path == self.path and all(query.get(k) == v for k, v in self.when.items())

    def next_reply(self) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


class ReplayServer:
    """``add(path, *replies, when={...})``: requests for ``path`` whose query holds ``when``
    get the replies in order, the last one repeating. Unknown paths get 404."""

    def __init__(self):
        self.routes: list[Route] = []
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, path: str, *replies: Reply, when: dict[str, str] | None = None) -> None:
        with self.lock:
            # More specific routes (more conditions) are tried first.
            self.routes.append(Route(path, list(replies), when or {}))
            self.routes.sort(key=lambda r: -len(r.when))

    def served(self, path: str) -> int:
        return sum(1 for p, _, _ in self.requests if p == path)

    def __enter__(self) -> "ReplayServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _reply(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Reply:
        with self.lock:
            self.requests.append((path, query, headers))
            route = next((r for r in self.routes if r.matches(path, query)), None)
            return route.next_reply() if route else Reply(404, b'{"error":"Record not found"}')

    def _handler(self):
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                parts = urlsplit(self.path)
                reply = replay._reply(parts.path, dict(parse_qsl(parts.query)), dict(self.headers))
                if reply.delay:
                    time.sleep(reply.delay)
                etag = reply.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    reply = Reply(304, b"", {"ETag": etag})
                self.send_response(reply.status)
                # A reply may declare a longer Content-Length than it sends: a connection that
                # breaks mid-body.
                headers = {
                    "Content-Type": "application/json",
                    "Content-Length": str(len(reply.body)),
                }
                for name, value in {**headers, **reply.headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args):
                pass

        return Handler
