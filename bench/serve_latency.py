#!/usr/bin/env python3
"""Time from saving one article to the preview server's reload event.

Generates (once) a site of N articles, starts `careleaf serve` (release build) on it, listens to
its reload events, then 20 times appends a sentence to one article and measures the time from
the end of the write to the arrival of the reload event naming that article's page.

    python3 bench/serve_latency.py            # N = 1000, 20 edits
    python3 bench/serve_latency.py 10000 20
    CARELEAF=/tmp/careleaf-bin python3 bench/serve_latency.py   # that binary, no cargo build
"""
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    site = f"/tmp/careleaf-bench-{n}"
    if not os.path.isdir(site):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"), str(n), site], check=True)
    careleaf = os.environ.get("CARELEAF")
    if not careleaf:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        careleaf = os.path.join(ROOT, "target", "release", "careleaf")
    port = free_port()
    server = subprocess.Popen(
        [careleaf, "serve", "--root", site, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if "Serving the site" in line:
                break
            print(line.rstrip())
            if "error" in line:
                sys.exit("the site does not build; fix the generator")
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /__careleaf/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        arrivals = []  # (time, data)
        lock = threading.Condition()

        def listen():
            buf = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                now = time.perf_counter()
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.startswith(b"data: "):
                        with lock:
                            arrivals.append((now, line[6:].decode()))
                            lock.notify_all()

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.5)
        times = []
        for k in range(runs):
            i = 1 + (k * 37) % n
            path = os.path.join(site, "content", "guides", f"article-{i:05d}.md")
            page = f"/guides/article-{i:05d}/index.html"
            with open(path, "a") as f:
                f.write(f"\nEdit number {k} for the benchmark.\n")
            start = time.perf_counter()
            with lock:
                seen = len(arrivals)
                deadline = start + 5
                while True:
                    hit = [t for t, d in arrivals[seen:] if page in d]
                    if hit:
                        times.append((hit[0] - start) * 1000)
                        break
                    if not lock.wait(timeout=max(0, deadline - time.perf_counter())):
                        print(f"edit {k}: no reload event within 5 s")
                        break
            time.sleep(0.15)
        if times:
            times.sort()
            print(f"{n} articles, {len(times)} one-article edits: write → reload event "
                  f"median {statistics.median(times):.1f} ms, min {times[0]:.1f} ms, "
                  f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, max {times[-1]:.1f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
