#!/usr/bin/env python3
"""What a browser downloads for each page of the bundled site, pictures included.

Builds the bundled site, serves public/ on loopback with a server that logs every file it
sends, opens each page in headless Chromium as a phone (390 x 844, device pixel ratio 3) and
as a desktop (1280 x 800, ratio 1), and prints the bytes sent per page (HTML, CSS, JS,
pictures; uncompressed), heaviest first, with the picture files the browser chose.

    python3 bench/page_weight.py
"""
import functools
import http.server
import os
import subprocess
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUBLIC = os.path.join(ROOT, "public")
VIEWS = [("phone", "390,844", "3"), ("desktop", "1280,800", "1")]


class LoggingHandler(http.server.SimpleHTTPRequestHandler):
    sent = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            LoggingHandler.sent.append((self.path, os.path.getsize(path)))
        super().do_GET()


def pages():
    for dirpath, _, files in os.walk(PUBLIC):
        if "index.html" in files:
            rel = os.path.relpath(dirpath, PUBLIC)
            yield "/" if rel == "." else f"/{rel}/"


def main():
    subprocess.run(["cargo", "run", "--release", "--quiet", "--", "build"], cwd=ROOT, check=True)
    handler = functools.partial(LoggingHandler, directory=PUBLIC)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    rows = []
    for page in sorted(pages()):
        for view, size, ratio in VIEWS:
            LoggingHandler.sent = []
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(
                    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     f"--user-data-dir={profile}", f"--window-size={size}", f"--force-device-scale-factor={ratio}",
                     f"--screenshot={os.path.join(profile, 'p.png')}", f"http://127.0.0.1:{port}{page}"],
                    capture_output=True, check=True)
            total = sum(n for _, n in LoggingHandler.sent)
            pictures = [f"{p} ({n:,})" for p, n in LoggingHandler.sent
                        if p.rsplit(".", 1)[-1] in ("avif", "webp", "jpg", "jpeg", "png")]
            rows.append((total, page, view, pictures))
    server.shutdown()
    for total, page, view, pictures in sorted(rows, reverse=True):
        print(f"{total:>8,} B  {view:<7}  {page}  {' '.join(pictures)}")


if __name__ == "__main__":
    main()
