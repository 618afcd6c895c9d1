"""A loopback HTTP server for the integration tests, run in a thread of the test process.

It serves byte strings registered under paths, honours single `Range: bytes=N-`
requests, logs every request, and injects faults per path so that each test states the
failure it needs. It binds 127.0.0.1 only and stops with the test.
"""
import hashlib
import http.server
import threading
import time


class Fault:
    """What to do instead of a plain 200 for the next `times` requests of a path."""

    def __init__(self, kind, times=1, **args):
        self.kind = kind
        self.times = times
        self.args = args


class Server:
    def __init__(self, tls=None):
        """tls: (certfile, keyfile) to serve https instead of http."""
        self.files = {}     # path -> bytes
        self.faults = {}    # path -> [Fault, ...], consumed in order
        self.log = []       # (method, path, range header or None)
        self.proxied = []   # absolute URIs received as an HTTP proxy
        self.send_etag = True  # a strong ETag per file; If-Range is honoured either way
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer._handle(self)

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # clients hang up on purpose in fault tests

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if tls:
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path=""):
        return f"{self.scheme}://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def add(self, path, data):
        self.files["/" + path.lstrip("/")] = data

    def fault(self, path, kind, times=1, **args):
        self.faults.setdefault("/" + path.lstrip("/"), []).append(Fault(kind, times, **args))

    def requests_for(self, path):
        return [entry for entry in self.log if entry[1] == "/" + path.lstrip("/")]

    def _next_fault(self, path):
        with self.lock:
            queue = self.faults.get(path, [])
            while queue:
                f = queue[0]
                if f.times <= 0:
                    queue.pop(0)
                    continue
                f.times -= 1
                return f
            return None

    def _handle(self, h):
        path = h.path.split("?")[0]
        if path.startswith("http://"):
            # A proxy request (absolute URI): serve it as if it were for us.
            path = "/" + path.split("/", 3)[3]
            with self.lock:
                self.proxied.append(h.path)
        rng = h.headers.get("Range")
        with self.lock:
            self.log.append(("GET", path, rng, h.headers.get("If-Range")))
        fault = self._next_fault(path)
        data = self.files.get(path)
        kind = fault.kind if fault else None

        if kind == "status":
            return self._send_status(h, fault.args.get("code", 500))
        if kind == "redirect":
            h.send_response(302)
            h.send_header("Location", fault.args["to"])
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if kind == "redirect-loop":
            h.send_response(302)
            h.send_header("Location", h.path)
            h.send_header("Content-Length", "0")
            h.end_headers()
            fault.times += 1  # forever
            return
        if data is None:
            return self._send_status(h, 404)
        if kind == "wrong-bytes":
            data = bytes(b ^ 0xFF for b in data)
        if kind == "zeros":
            # An endless-looking body: no Content-Length, zeros until the client hangs up
            # or `bytes` were sent.
            h.send_response(200)
            h.send_header("Connection", "close")
            h.end_headers()
            chunk = bytes(65536)
            try:
                for _ in range(fault.args.get("bytes", 1 << 30) // len(chunk)):
                    h.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            h.close_connection = True
            return

        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if_range = h.headers.get("If-Range")
        if if_range is not None and if_range != etag:
            rng = None  # RFC 9110 13.1.5: the file changed, send all of it
        start = 0
        if rng and rng.startswith("bytes=") and kind != "ignore-range":
            start = int(rng[6:].split("-")[0])
            if start >= len(data):
                return self._send_status(h, 416)
            h.send_response(206)
            h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            h.send_response(200)
        body = data[start:]
        if self.send_etag:
            h.send_header("ETag", etag)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Content-Type", "application/octet-stream")
        h.end_headers()

        if kind == "truncate":
            # Announce the whole body, send part of it, drop the connection.
            cut = fault.args.get("at", len(body) // 2)
            h.wfile.write(body[:cut])
            h.wfile.flush()
            h.close_connection = True
            return
        if kind == "stall":
            cut = fault.args.get("at", len(body) // 2)
            h.wfile.write(body[:cut])
            h.wfile.flush()
            time.sleep(fault.args.get("seconds", 5))
            h.close_connection = True
            return
        if kind == "gate":
            # Send `at` bytes, then hold the rest until the test sets `gate` (an Event):
            # a download that is visibly in progress for as long as the test looks at it.
            cut = fault.args.get("at", len(body) // 2)
            try:
                h.wfile.write(body[:cut])
                h.wfile.flush()
                fault.args["gate"].wait(fault.args.get("seconds", 120))
                h.wfile.write(body[cut:])
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if kind == "longer":
            # More bytes than the Content-Length said: curl stops at the announced length.
            h.wfile.write(body + b"EXTRA BYTES")
            h.close_connection = True
            return
        try:
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _send_status(h, code):
        body = f"status {code}\n".encode()
        h.send_response(code)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
