#!/usr/bin/env python3
"""careleaf against Hugo on the same generated corpus.

For each N it generates the corpus (bench/gen_corpus.py), makes an equivalent Hugo site
(bench/hugo/: same pages, list, home, sitemap, table of contents, resolved links), then builds it
with careleaf and with Hugo alternately — one warm-up each, then RUNS timed builds each, every
build into a fresh output folder — under /usr/bin/time -v, and prints the median wall time, the
median peak RSS and the careleaf/Hugo ratios. It checks that careleaf wrote every page and every
sitemap entry, so speed never comes from skipped work. Finally it runs the preview server's
save-to-reload measurement (bench/serve_latency.py).

    python3 bench/compare.py                 # N = 100, 1000, 10000; 5 runs each
    python3 bench/compare.py 1000 --runs 7
    python3 bench/compare.py 1000 10000 --baseline /tmp/careleaf-main   # before/after a change
Needs: hugo (apt-get install hugo), /usr/bin/time (apt-get install time), a release build.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CARELEAF = os.path.join(ROOT, "target", "release", "careleaf")


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS in MB)."""
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", out.stderr)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    return seconds, rss


def hugo_site(corpus, n):
    site = f"/tmp/hugo-bench-{n}"
    if not os.path.isdir(site):
        shutil.copytree(os.path.join(ROOT, "bench", "hugo"), site)
        shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
    return site


def check_output(out, n):
    pages = sum(1 for _, _, files in os.walk(os.path.join(out, "guides")) for f in files if f == "index.html")
    with open(os.path.join(out, "sitemap.xml")) as f:
        entries = f.read().count("<loc>")
    if pages != n + 1 or entries != n + 2:
        sys.exit(f"careleaf output incomplete: {pages} guide pages (want {n + 1}), {entries} sitemap entries (want {n + 2})")


def measure(n, runs, tmp, baseline=None):
    corpus = f"/tmp/careleaf-bench-{n}"
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"), str(n), corpus], check=True)
    hugo = hugo_site(corpus, n)
    results = {"careleaf": [], "hugo": [], "baseline": []}
    for k in range(runs + 1):
        c_out = os.path.join(tmp, f"c{n}-{k}")
        h_out = os.path.join(tmp, f"h{n}-{k}")
        if baseline:
            b_out = os.path.join(tmp, f"b{n}-{k}")
            b = timed([baseline, "build", "--root", corpus, "--output", b_out])
            check_output(b_out, n)
            if k > 0:
                results["baseline"].append(b)
        c = timed([CARELEAF, "build", "--root", corpus, "--output", c_out])
        h = timed(["hugo", "--quiet", "--source", hugo, "--destination", h_out, "--cacheDir", os.path.join(tmp, "hc")])
        check_output(c_out, n)  # every run: speed never comes from skipped work
        if k > 0:  # the first of each is a warm-up
            results["careleaf"].append(c)
            results["hugo"].append(h)
    cw = statistics.median(t for t, _ in results["careleaf"])
    hw = statistics.median(t for t, _ in results["hugo"])
    cr = statistics.median(r for _, r in results["careleaf"])
    hr = statistics.median(r for _, r in results["hugo"])
    print(f"{n:>6} | {cw * 1000:>10.0f} ms | {hw * 1000:>7.0f} ms | {cw / hw:>6.2f} | {cr:>9.0f} MB | {hr:>6.0f} MB | {cr / hr:>6.2f}", flush=True)
    if baseline:
        bw = statistics.median(t for t, _ in results["baseline"])
        br = statistics.median(r for _, r in results["baseline"])
        print(f"{'':>6}   baseline {bw * 1000:.0f} ms, {br:.0f} MB: careleaf/baseline wall {cw / bw:.2f}, RSS {cr / br:.2f}", flush=True)


def rebuild(n, runs, tmp):
    """An editor's loop: each tool builds again into the output of its own last build
    (careleaf swaps in a new tree and keeps the old one to write over next time; Hugo writes
    over its destination in place)."""
    corpus = f"/tmp/careleaf-bench-{n}"
    hugo = hugo_site(corpus, n)
    c_out, h_out = os.path.join(tmp, f"rc{n}"), os.path.join(tmp, f"rh{n}")
    results = {"careleaf": [], "hugo": []}
    for k in range(runs + 2):  # two warm-ups: careleaf's first rebuild has no tree to reuse yet
        c = timed([CARELEAF, "build", "--root", corpus, "--output", c_out])
        h = timed(["hugo", "--quiet", "--source", hugo, "--destination", h_out, "--cacheDir", os.path.join(tmp, "hc")])
        check_output(c_out, n)
        if k > 1:
            results["careleaf"].append(c)
            results["hugo"].append(h)
    cw = statistics.median(t for t, _ in results["careleaf"])
    hw = statistics.median(t for t, _ in results["hugo"])
    print(f"\nrebuild into the previous output, {n} articles: careleaf {cw * 1000:.0f} ms, hugo {hw * 1000:.0f} ms, ratio {cw / hw:.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=None,
                        help="another careleaf binary (e.g. a release build of main) to build the same corpus in the same runs, for a before/after comparison")
    parser.add_argument("--out-dir", default=None,
                        help="where the builds write (default: a temporary folder on the disk; /dev/shm takes the disk out of the measurement)")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    print(f"careleaf: {CARELEAF}\nhugo: {hugo_version}\nruns: {args.runs} each after a warm-up, alternating\noutput: {args.out_dir or tempfile.gettempdir()}\n")
    print(f"{'N':>6} | {'careleaf wall':>13} | {'hugo wall':>10} | {'ratio':>6} | {'careleaf RSS':>12} | {'hugo RSS':>9} | {'ratio':>6}")
    # Every build writes a fresh folder, and none is removed before the end: on this machine's
    # journal-less ext4, inodes freed in the last minutes are skipped one by one when new files
    # are made, so removing a 10,000-page output slows whichever build runs next by seconds
    # (bench/README.md). Keeping them makes each build meet the same file system.
    with tempfile.TemporaryDirectory(dir=args.out_dir) as tmp:
        for n in args.sizes:
            measure(n, args.runs, tmp, args.baseline)
        rebuild(max(args.sizes), args.runs, tmp)
    print()
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "serve_latency.py"), "1000", "20"], check=True)


if __name__ == "__main__":
    main()
