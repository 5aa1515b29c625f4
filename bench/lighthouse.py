#!/usr/bin/env python3
"""Lighthouse mobile scores for the bundled site's home, an article, the FAQ and the timeline.

Builds the bundled site, serves public/ on a loopback port, installs lighthouse@12.2.3 from npm
into target/lighthouse (once) and runs it with Debian's Chromium (CHROME_PATH=/usr/bin/chromium).

    python3 bench/lighthouse.py
"""
import functools
import http.server
import json
import os
import subprocess
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = ["", "how-long-it-lasts/", "faq/", "timeline/"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    subprocess.run(["cargo", "run", "--release", "--quiet", "--", "build"], cwd=ROOT, check=True)
    prefix = os.path.join(ROOT, "target", "lighthouse")
    if not os.path.exists(os.path.join(prefix, "node_modules", ".bin", "lighthouse")):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", prefix, "lighthouse@12.2.3"], check=True)
    handler = functools.partial(QuietHandler, directory=os.path.join(ROOT, "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    print(f"{'page':<22} performance accessibility best-practices seo")
    for page in PAGES:
        out = os.path.join(prefix, "report.json")
        subprocess.run(
            [os.path.join(prefix, "node_modules", ".bin", "lighthouse"), f"http://127.0.0.1:{port}/{page}", "--quiet",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
             "--only-categories=performance,accessibility,best-practices,seo", "--output=json", f"--output-path={out}"],
            env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            cats = json.load(f)["categories"]
        scores = [round(cats[c]["score"] * 100) for c in ["performance", "accessibility", "best-practices", "seo"]]
        print(f"{'/' + page:<22} {scores[0]:>11} {scores[1]:>13} {scores[2]:>14} {scores[3]:>3}")
    server.shutdown()


if __name__ == "__main__":
    main()
