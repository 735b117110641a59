"""Demo service: answers GET / and counts every request in http_requests_total on GET /metrics."""
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_lock = threading.Lock()
_count = 0


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        global _count
        if self.path == "/metrics":
            with _lock:
                total = _count
            body = ("# HELP http_requests_total Requests served by the demo service.\n"
                    "# TYPE http_requests_total counter\n"
                    f'http_requests_total{{job="demo"}} {total}\n').encode()
            self._send(200, body, "text/plain; version=0.0.4")
            return
        with _lock:
            _count += 1
        self._send(200, b"ok\n", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    print(f"demo service on :{port}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
