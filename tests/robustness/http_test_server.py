#!/usr/bin/env python3
"""A loopback HTTP server with misbehaving URLs, for the error-matrix tests.

Prints "port N" on its first line once it listens on 127.0.0.1:N (N chosen by the kernel), then
serves until killed:
  /image.png   the file given as argv[1] (an ordinary download)
  /missing     404
  /slow        accepts the request and never answers
  /loop        302 to itself (a redirect loop)
  /huge        a body without end, sent as fast as the client reads (no Content-Length)
  /huge-length a Content-Length of 10 GB, then the same endless body
"""
import http.server
import socketserver
import sys
import threading
import time

IMAGE = open(sys.argv[1], "rb").read() if len(sys.argv) > 1 else b""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def endless(self):
        chunk = b"\0" * 65536
        try:
            while True:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        if self.path == "/image.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(IMAGE)))
            self.end_headers()
            self.wfile.write(IMAGE)
        elif self.path == "/slow":
            time.sleep(3600)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.endless()
        elif self.path == "/huge-length":
            self.send_response(200)
            self.send_header("Content-Length", str(10 << 30))
            self.end_headers()
            self.endless()
        else:
            self.send_error(404)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print("port", server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
