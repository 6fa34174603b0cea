#!/usr/bin/env python3
"""A one-file HTTP server for the stream tests: serves FILE at /clip.<ext> on 127.0.0.1 (a free
port, written to --port-file once it listens). With --cut F it announces the whole length but
sends only the first fraction F of the bytes, then closes the connection: a stream that breaks off
mid-way. It exits on its own after --lifetime seconds, so a failed test never leaves it behind."""
import argparse
import http.server
import os
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--cut", type=float, default=1.0)
    parser.add_argument("--lifetime", type=float, default=120.0)
    args = parser.parse_args()
    with open(args.file, "rb") as f:
        data = f.read()
    sent = data[: int(len(data) * args.cut)]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(sent)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, *unused):  # quiet: the test prints what matters
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)  # the test sees the whole number or nothing
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
