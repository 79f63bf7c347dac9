"""A small real HTTP server on loopback for download tests (no mocks of requests).

``LoopbackServer`` serves ``routes``: URL path -> :class:`Route`, on ``127.0.0.1`` at a free port,
from a thread. Each route can answer with a status, a Content-Type, honour or ignore ``Range``
requests, fail with a status for its first N requests, or close the connection mid-body for its
first N requests. Every request is recorded (path, Range header, status sent) in ``requests``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "application/octet-stream"
    status: int = 200
    supports_range: bool = True
    #: answer the first ``fail_first`` requests with ``fail_status`` (e.g. 500)
    fail_first: int = 0
    fail_status: int = 500
    #: for the first ``break_first`` requests, send ``break_after`` body bytes, then hang up
    break_first: int = 0
    break_after: int = 0
    hits: int = field(default=0, init=False)


@dataclass
class Hit:
    path: str
    range: str | None
    status: int


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Hit] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: a hang-up is a hang-up

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                route = server.routes.get(self.path)
                range_header = self.headers.get("Range")
                with server._lock:
                    n = route.hits if route else 0
                    if route:
                        route.hits += 1
                if route is None:
                    return self._send(Hit(self.path, range_header, 404), 404, b"not found", "text/plain")
                if n < route.fail_first:
                    return self._send(
                        Hit(self.path, range_header, route.fail_status),
                        route.fail_status,
                        b"server error",
                        "text/plain",
                    )
                body, status, headers = route.body, route.status, {}
                if route.status == 200 and route.supports_range and range_header:
                    start = int(range_header.split("=")[1].split("-")[0])
                    if start >= len(body):
                        return self._send(
                            Hit(self.path, range_header, 416), 416, b"", "text/plain",
                            {"Content-Range": f"bytes */{len(body)}"},
                        )
                    headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
                    body, status = body[start:], 206
                hit = Hit(self.path, range_header, status)
                if n < route.break_first:
                    self._send(hit, status, body, route.content_type, headers, cut=route.break_after)
                else:
                    self._send(hit, status, body, route.content_type, headers)

            def _send(self, hit, status, body, content_type, headers=None, cut=None):
                with server._lock:
                    server.requests.append(hit)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if status in (200, 206) and hit.status != 404:
                    self.send_header("Accept-Ranges", "bytes")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body if cut is None else body[:cut])
                self.wfile.flush()
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def paths_requested(self) -> list[str]:
        return [h.path for h in self.requests]
