#!/usr/bin/env python3
"""The preview server under load and abuse (issue #8).

Serves a copy of the bundled site with `careleaf serve`, then for DURATION seconds (default 60):
  * wrk (Debian package `wrk`) at 64 connections cycles through every file of the site;
  * an "editor" rewrites a sentence of a page every 0.5 s, and a listener counts the reload
    events that follow;
  * an "attacker" keeps sending malformed requests: bad request lines, binary noise, raw
    non-UTF-8 paths, 1 MB headers, 200 KB addresses, and keeps 200 slowloris connections open
    that trickle one header byte a second;
  * the server's resident memory (VmRSS) is read every second.
It prints requests/s, errors, latency and RSS before/after/peak, and exits 1 if wrk saw any
error or non-2xx/3xx answer or an attack got an unexpected answer.

Usage: python3 bench/serve_load.py [DURATION] [--connections N]
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "careleaf")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_paths(site):
    """Every file a build of `site` writes, as URL paths (pages as their folder)."""
    out = tempfile.mkdtemp(prefix="careleaf-load-out-")
    subprocess.run([BIN, "build", "--root", site, "--output", os.path.join(out, "public")],
                   check=True, stdout=subprocess.DEVNULL)
    paths = []
    base = os.path.join(out, "public")
    for d, _, files in os.walk(base):
        for f in files:
            rel = os.path.relpath(os.path.join(d, f), base).replace(os.sep, "/")
            if rel.startswith("."):
                continue
            paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    shutil.rmtree(out)
    return sorted(paths)


def send_raw(port, data, timeout=15):
    """Sends bytes and returns the status code, or 0 if the connection was closed unanswered."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            try:
                s.sendall(data)
            except OSError:
                pass
            answer = b""
            while b"\r\n" not in answer:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
            m = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
            return int(m.group(1)) if m else 0
    except (ConnectionResetError, BrokenPipeError):
        return 0
    except socket.timeout:
        return -1


ATTACKS = {
    "bad request line": (b"HELLO\r\n\r\n", {400}),
    "binary noise": (b"\x00\x01\xff\xfe\r\n\r\n", {400}),
    "raw non-UTF-8 path": (b"GET /\xff\xfe/ HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
    "encoded non-UTF-8 path": (b"GET /%ff%fe/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    "1 MB header": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n", {431, 0}),
    "200 KB address": (b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", {431, 0}),
    "traversal": (b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404, 400}),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("duration", nargs="?", type=int, default=60)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    site = tempfile.mkdtemp(prefix="careleaf-load-site-")
    for name in ("content", "site.yaml", "templates", "static", "themes", "i18n"):
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(site, name))
        elif os.path.isfile(src):
            shutil.copy(src, site)
    paths = site_paths(site)
    lua = os.path.join(site, "paths.lua")
    with open(lua, "w") as f:
        f.write("local paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n")
        f.write("local i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                "  return wrk.format(\"GET\", paths[i])\nend\n")

    port = free_port()
    server = subprocess.Popen([BIN, "serve", "--root", site, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in server.stdout:
        if "Serving the site" in line:
            break
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    for p in paths:  # warm up: every file once
        urllib.request.urlopen(base + p).read()
    rss_before = rss_kb(server.pid)
    threads_before = threads(server.pid)

    stop = threading.Event()
    samples = []
    reloads = [0]
    edits = [0]
    attacks = {name: {} for name in ATTACKS}
    attack_rounds = [0]

    def sample():
        while not stop.is_set():
            samples.append(rss_kb(server.pid))
            time.sleep(1)

    def listen():
        with urllib.request.urlopen(base + "/__careleaf/events", timeout=30) as r:
            for line in r:
                if stop.is_set():
                    return
                if line.startswith(b"event: reload"):
                    reloads[0] += 1

    def edit():
        pages = ["how-long-it-lasts.md", "faq.md", "risks-and-side-effects.md", "es/faq.md"]
        while not stop.is_set():
            page = os.path.join(site, "content", pages[edits[0] % len(pages)])
            with open(page, encoding="utf-8") as f:
                text = f.read()
            marker = "\n\n<!-- edit -->\n"
            text = text.replace(marker, "") if marker in text else text + marker
            with open(page, "w", encoding="utf-8") as f:
                f.write(text)
            edits[0] += 1
            time.sleep(0.5)

    def slowloris():
        socks = []
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        while not stop.is_set():
            for s in list(socks):
                try:
                    s.sendall(b"X")
                except OSError:
                    socks.remove(s)  # cut off by the header timeout: open another
                    try:
                        n = socket.create_connection(("127.0.0.1", port))
                        n.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                        socks.append(n)
                    except OSError:
                        pass
            time.sleep(1)
        for s in socks:
            s.close()

    def attack():
        while not stop.is_set():
            for name, (data, _) in ATTACKS.items():
                status = send_raw(port, data)
                attacks[name][status] = attacks[name].get(status, 0) + 1
            attack_rounds[0] += 1
            time.sleep(0.2)

    workers = [threading.Thread(target=t, daemon=True) for t in (sample, listen, edit, slowloris, attack)]
    for w in workers:
        w.start()
    wrk = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
                          "-s", lua, base], capture_output=True, text=True)
    stop.set()
    time.sleep(1.5)
    rss_after = rss_kb(server.pid)
    threads_after = threads(server.pid)
    # After the load: one more request, to show the server still answers.
    final = urllib.request.urlopen(base + "/").status
    server.terminate()
    server.wait()
    shutil.rmtree(site)

    out = wrk.stdout
    print(out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockerr = re.search(r"Socket errors: (.*)", out)
    print(f"site: {len(paths)} files; {edits[0]} edits, {reloads[0]} reload events")
    print(f"requests/s: {rps.group(1) if rps else '?'}  requests: {total.group(1) if total else '?'}")
    print(f"non-2xx/3xx: {non2xx.group(1) if non2xx else 0}  socket errors: {sockerr.group(1) if sockerr else 'none'}")
    print(f"RSS before: {rss_before / 1024:.1f} MB  after: {rss_after / 1024:.1f} MB  "
          f"peak: {max(samples) / 1024:.1f} MB  (threads {threads_before} → {threads_after})")
    print(f"RSS every 5 s (MB): {' '.join(f'{s / 1024:.1f}' for s in samples[::5])}")
    bad_attacks = []
    print(f"attacks ({attack_rounds[0]} rounds, answers by status; 0 = closed unanswered):")
    for name, (_, allowed) in ATTACKS.items():
        got = attacks[name]
        print(f"  {name:24} {dict(sorted(got.items()))}")
        if set(got) - allowed:
            bad_attacks.append(name)
    print(f"after the run: GET / → {final}")
    failed = (non2xx is not None) or (sockerr is not None) or bad_attacks or final != 200 or reloads[0] == 0
    if failed:
        print("FAILED:", "wrk errors" if (non2xx or sockerr) else "", ", ".join(bad_attacks),
              "no reloads" if reloads[0] == 0 else "")
        sys.exit(1)
    print("OK: no errors, every attack answered or dropped")


if __name__ == "__main__":
    main()
