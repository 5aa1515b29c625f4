#!/usr/bin/env python3
"""Time the site search in a real browser: build the bundled site, serve it on loopback, open
the search page in headless Chromium and, for each query, time from setting the box's text to
the result list being rebuilt (search.js runs synchronously on the input event), over every
prefix of a set of patient questions, in English and Spanish. Prints the index sizes and the
median, 90th percentile and maximum per language.

    pip install selenium          # drives Debian's chromium + chromium-driver
    python3 bench/search_latency.py
"""
import functools, http.server, os, statistics, subprocess, sys, tempfile, threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = {
    "/search/": ["how long does it last", "can i drive home after my infusion", "side effects",
                 "booster", "what is an nmda receptor", "ketamine for ptsd", "infusión"],
    "/es/buscar/": ["cuánto dura el alivio", "puedo manejar a casa", "efectos secundarios",
                    "refuerzo", "qué es el receptor nmda", "ketamina para el tept", "infusion"],
}

def main():
    from selenium import webdriver
    out = tempfile.mkdtemp()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run([os.path.join(ROOT, "target/release/careleaf"), "build", "--output", out], cwd=ROOT, check=True)
    for f in ["search/index.json", "es/buscar/index.json"]:
        print(f"{f}: {os.path.getsize(os.path.join(out, f)):,} bytes")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=out)
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844"]:
        opts.add_argument(a)
    driver = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=opts)
    try:
        for path, queries in QUERIES.items():
            driver.get(f"http://127.0.0.1:{server.server_port}{path}")
            driver.execute_script("return new Promise(r => { const t = setInterval(() => { if (document.getElementById('search-status').textContent) { clearInterval(t); r(); } }, 10); })")
            for _ in range(2):  # the first pass warms the script engine; the second is reported
              times = driver.execute_script("""
                const box = document.getElementById('search-q');
                const times = [];
                for (const q of arguments[0]) for (let i = 1; i <= q.length; i++) {
                  const t = performance.now();
                  box.value = q.slice(0, i);
                  box.dispatchEvent(new Event('input'));
                  document.getElementById('search-results').getBoundingClientRect();  // layout
                  times.push([performance.now() - t, q.slice(0, i)]);
                }
                return times;""", queries)
              if _ == 0:
                  cold = sorted(times, key=lambda t: -t[0])[:1]
                  print(f"{path}: first pass, slowest keystroke {cold[0][1]!r} {cold[0][0]:.1f} ms")
            slowest = sorted(times, key=lambda t: -t[0])[:3]
            times = sorted(t for t, _ in times)
            p90 = times[int(len(times) * 0.9)]
            print(f"{path}: {len(times)} keystrokes, median {statistics.median(times):.2f} ms, p90 {p90:.2f} ms, max {times[-1]:.2f} ms")
            print("  slowest: " + ", ".join(f"{q!r} {t:.1f} ms" for t, q in slowest))
    finally:
        driver.quit()
        server.shutdown()

if __name__ == "__main__":
    sys.exit(main())
