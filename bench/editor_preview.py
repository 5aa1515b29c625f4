#!/usr/bin/env python3
"""Time of the editor's live preview: from sending the unsaved text to having the rendered page
and its findings back.

Copies the bundled site (or generates the corpus of N articles) to a temporary folder, starts
`careleaf serve` (release build) on it, opens the editor's session with the key `serve` prints,
then for RUNS rounds over every page sends `POST /__careleaf/edit/preview` with the page's text
plus one typed sentence, as the editor does while someone types, and measures the round trip.

    python3 bench/editor_preview.py            # the bundled site, 5 rounds over its pages
    python3 bench/editor_preview.py 1000 1     # 1,000 generated articles, 1 round over 50 of them
"""
import glob
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_copy(n):
    if n is None:
        dest = tempfile.mkdtemp(prefix="careleaf-editor-bench-")
        for part in ("content", "themes"):
            shutil.copytree(os.path.join(ROOT, part), os.path.join(dest, part))
        shutil.copy(os.path.join(ROOT, "site.yaml"), dest)
        return dest, "the bundled site"
    dest = f"/tmp/careleaf-bench-{n}"
    if not os.path.isdir(dest):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"), str(n), dest], check=True)
    return dest, f"{n:,} articles"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else None
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    site, label = site_copy(n)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen(
        [os.path.join(ROOT, "target", "release", "careleaf"), "serve", "--root", site, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        token = None
        for line in server.stdout:
            if "token=" in line:
                token = line.strip().rsplit("token=", 1)[1]
                break
        if not token:
            sys.exit("serve printed no editor address")
        headers = {
            "Host": f"127.0.0.1:{port}",
            "Origin": f"http://127.0.0.1:{port}",
            "Cookie": f"careleaf_edit={token}",
            "Content-Type": "application/json",
        }
        content = os.path.join(site, "content")
        pages = sorted(
            os.path.relpath(p, content)
            for p in glob.glob(os.path.join(content, "**", "*.md"), recursive=True)
            if not os.path.basename(p).startswith("_"))
        if n is not None:
            pages = pages[:: max(1, len(pages) // 50)][:50]
        conn = http.client.HTTPConnection("127.0.0.1", port)
        times, other_times, saved_only = [], [], set()
        for r in range(rounds + 1):
            for rel in pages:
                with open(os.path.join(content, rel)) as f:
                    text = f.read() + f"\nA sentence typed in round {r}.\n"
                body = json.dumps({"path": rel, "text": text})
                start = time.perf_counter()
                conn.request("POST", "/__careleaf/edit/preview", body, headers)
                answer = conn.getresponse()
                data = answer.read()
                took = (time.perf_counter() - start) * 1000
                if answer.status != 200:
                    sys.exit(f"{rel}: {answer.status} {data[:200]!r}")
                # The FAQ, timeline and glossary pages preview their saved version (a feature
                # renders them); their findings are live. Timed apart.
                live = json.loads(data).get("live")
                if not live:
                    saved_only.add(rel)
                if r > 0:  # the first round warms up
                    (times if live else other_times).append(took)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(f"{label}: {len(times)} live previews of {len(pages) - len(saved_only)} pages: median {statistics.median(times):.1f} ms, "
              f"min {times[0]:.1f} ms, p90 {p90:.1f} ms, max {times[-1]:.1f} ms")
        if other_times:
            print(f"  pages previewed as saved ({', '.join(sorted(saved_only))}): "
                  f"median {statistics.median(other_times):.1f} ms, max {max(other_times):.1f} ms")
    finally:
        server.kill()
        if n is None:
            shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
