#!/usr/bin/env python3
"""careleaf against Hugo (and Zola, when on PATH) on the same generated corpus.

For each N it generates the corpus (bench/gen_corpus.py; with --nested, nested sections in two
languages), makes an equivalent Hugo site (bench/hugo/: same pages, section lists, home, tag
pages in the nested case, sitemap, table of contents, resolved links, translations; long section
lists a hundred to a page, as careleaf publishes them), then runs
the cases asked for with --cases (default: all):

clean        every tool builds alternately — one warm-up each, then RUNS timed builds each,
             every build into a fresh output folder — under /usr/bin/time -v; prints the median
             wall time and peak RSS and the careleaf/other ratios in one table. careleaf's build
             cache is moved out of the way before each of its builds (<corpus>/.careleaf/cache/
             build) and `--clean` is passed when `careleaf build --help` lists it.
rebuild      (largest N only) each tool builds again, with nothing changed, into the output of
             its own last build.
incremental  each tool builds once into its own output folder; then, RUNS times, one article of
             the default language is edited (a sentence appended to its last paragraph; then a
             second article's title is changed) in every tool's copy of the source, and each tool
             builds into the same output folder again. Every run edits different articles;
             the edits are kept until the end, then the original files are put back. Prints
             careleaf's median incremental time, its clean build time and their ratio, and the
             other tools' times for the same edit. After each of careleaf's edit builds, a clean
             build of a copy of the corpus with the same edits (fresh folder, --clean) is timed
             too: "paired incr/clean" is the median (and largest) of each edit build over the
             clean build made right after it, which a machine whose speed drifts between the
             clean case and this one does not move.
serve        bench/serve_latency.py 1000 20 (save to reload in `careleaf serve`).

Every careleaf build is checked: every page is written and listed in the sitemap (and after an
edit, the edited text or title is in the output), so speed never comes from skipped work.

    python3 bench/compare.py                 # N = 100, 1000, 10000, flat; 5 runs each
    python3 bench/compare.py 10000 --runs 3 --nested          # 5,000 articles per language
    python3 bench/compare.py 100000 --runs 1 --nested --cases clean,incremental
    python3 bench/compare.py 1000 10000 --baseline /tmp/careleaf-main   # before/after a change
Needs: hugo (apt-get install hugo), /usr/bin/time (apt-get install time), a release build
(built with cargo first unless --careleaf is given).
"""
import argparse
import copy
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# How many pages one list page shows (careleaf's content::LIST_PAGE_SIZE; the Hugo site's
# paginator in bench/hugo/layouts/_default/list.html).
LIST_PAGE_SIZE = 100
sys.path.insert(0, os.path.join(ROOT, "bench"))
import gen_corpus  # noqa: E402  (the corpus's layout: which folder holds article i)

CARELEAF = os.path.join(ROOT, "target", "release", "careleaf")
LANGUAGE_CODES = [code for code, _, _ in gen_corpus.LANGUAGES]


def timed(cmd, fatal=True):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS in MB), or None if it
    failed and not fatal. The wall time is measured here, to the millisecond (time -v gives
    hundredths of a second, too coarse for a one-edit build of 80 ms); it includes starting
    time itself, about a millisecond, for every tool alike."""
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        message = f"{' '.join(cmd)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        if fatal:
            sys.exit(message)
        print(message, file=sys.stderr, flush=True)
        return None
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    return seconds, rss


class Corpus:
    """One generated site: flat (content/guides/article-NNNNN.md) or nested in L languages."""

    def __init__(self, n, nested, languages):
        self.n, self.nested, self.languages = n, nested, languages
        if nested:
            self.per_language = n // languages
            self.topics, self.subs, self.leaves = gen_corpus.nested_layout(self.per_language)
            self.root = f"/tmp/careleaf-bench-nested-{n}-{languages}"
            self.hugo = f"/tmp/hugo-bench-nested-{n}-{languages}"
        else:
            self.per_language = n
            self.root = f"/tmp/careleaf-bench-{n}"
            self.hugo = f"/tmp/hugo-bench-{n}"
        self.codes = [""] + LANGUAGE_CODES[:languages - 1]

    def label(self):
        return f"nested, {self.languages} lang" if self.nested else "flat"

    def generate(self):
        if not os.path.isdir(self.root):
            cmd = [sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"), str(self.n), self.root]
            if self.nested:
                cmd += ["--nested", "--languages", str(self.languages)]
            subprocess.run(cmd, check=True)
        if not os.path.isdir(self.hugo):
            staging = self.hugo + ".partial"
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(os.path.join(ROOT, "bench", "hugo"), staging)
            content = os.path.join(self.root, "content")
            if self.languages > 1:
                # Hugo reads each language from its own folder: content/ less the language
                # folders is English, content/es/ is Spanish (the same files careleaf reads).
                others = set(self.codes[1:])
                shutil.copytree(content, os.path.join(staging, "content", "en"),
                                ignore=lambda d, names: [x for x in names if x in others] if os.path.samefile(d, content) else [])
                for code in self.codes[1:]:
                    shutil.copytree(os.path.join(content, code), os.path.join(staging, "content", code))
            else:
                shutil.copytree(content, os.path.join(staging, "content"))
            os.rename(staging, self.hugo)
        # Templates and configs are copied again every time, so they are never stale.
        shutil.copytree(os.path.join(ROOT, "bench", "hugo"), self.hugo, dirs_exist_ok=True)

    def hugo_cmd(self, out, tmp):
        config = "hugo.toml,languages.toml" if self.languages > 1 else "hugo.toml"
        return ["hugo", "--quiet", "--source", self.hugo, "--config", config, "--destination", out,
                "--cacheDir", os.path.join(tmp, "hc")]

    def article(self, i):
        """The default language's article i, below content/ (and its page's folder)."""
        if self.nested:
            folder = gen_corpus.article_dir(i, self.subs)
            return f"{folder}/article-{i:06d}.md", f"{folder}/article-{i:06d}", folder
        return f"guides/article-{i:05d}.md", f"guides/article-{i:05d}", "guides"

    def list_page(self, i):
        """The page of its section's list that shows article i: lists are published a hundred
        pages at a time (`guides/page/2/`), and a nested leaf holds at most a hundred."""
        folder = self.article(i)[2]
        part = 0 if self.nested else (i - 1) // LIST_PAGE_SIZE
        return f"{folder}/" if part == 0 else f"{folder}/page/{part + 1}/"

    def list_parts(self):
        """The later parts of the long lists (the flat corpus's guides/), which both tools write
        but only careleaf lists in its sitemap."""
        if self.nested:
            return []
        parts = -(-self.per_language // LIST_PAGE_SIZE)
        return [f"{code}/guides/page/{n}/" if code else f"guides/page/{n}/"
                for code in self.codes for n in range(2, parts + 1)]

    def hugo_content(self, rel):
        return os.path.join(self.hugo, "content", "en" if self.languages > 1 else "", rel)

    def pages(self):
        """Every page careleaf and Hugo must write (besides tag pages): folders below the output."""
        pages = []
        for code in self.codes:
            pre = f"{code}/" if code else ""
            pages += [pre, f"{pre}guides/"]
            if self.nested:
                for leaf in range(self.leaves):
                    if leaf % self.subs == 0:
                        pages.append(f"{pre}guides/topic-{leaf // self.subs + 1:02d}/")
                    pages.append(f"{pre}{gen_corpus.leaf_dir(leaf, self.subs)}/")
            for i in range(1, self.per_language + 1):
                pages.append(pre + self.article(i)[1] + "/")
        return pages


def sitemap_locs(out, name="sitemap.xml"):
    """Every <loc> of out/sitemap.xml, following a sitemap index (Hugo's per-language sitemaps,
    careleaf's sitemap-N.xml past 10,000 pages)."""
    locs = set()
    with open(os.path.join(out, name), encoding="utf-8") as f:
        text = f.read()
    index = "<sitemapindex" in text
    for loc in re.findall(r"<loc>([^<]*)</loc>", text):
        rel = re.sub(r"^https?://[^/]+/", "", loc)
        if index:
            locs |= sitemap_locs(out, rel)
        else:
            locs.add(rel)
    return locs


def check_output(out, corpus, tool="careleaf"):
    """Every page of the corpus was written and is in the sitemap."""
    pages = corpus.pages()
    missing = [p for p in pages + corpus.list_parts()
               if not os.path.isfile(os.path.join(out, p, "index.html"))]
    locs = sitemap_locs(out)
    unlisted = [p for p in pages if p not in locs]
    if missing or unlisted:
        sys.exit(f"{tool} output {out} incomplete: {len(missing)} of {len(pages)} pages missing "
                 f"(e.g. {missing[:3]}), {len(unlisted)} not in the sitemap (e.g. {unlisted[:3]})")


def check_contains(out, page, text, tool):
    path = os.path.join(out, page, "index.html")
    with open(path, encoding="utf-8") as f:
        if text not in f.read():
            sys.exit(f"{tool}: {path} does not show the edit {text!r}")


class Tools:
    def __init__(self, careleaf, baseline):
        self.careleaf, self.baseline = careleaf, baseline
        self.hugo = shutil.which("hugo")
        self.zola = shutil.which("zola")
        help_text = subprocess.run([careleaf, "build", "--help"], capture_output=True, text=True).stdout
        self.clean_flag = ["--clean"] if "--clean" in help_text else []
        self.trash = 0
        self.hugo_failed = set()

    def run_hugo(self, corpus, out, tmp):
        """A Hugo build, or None once Hugo has failed on this corpus (e.g. out of memory)."""
        if corpus.n in self.hugo_failed:
            return None
        result = timed(corpus.hugo_cmd(out, tmp), fatal=False)
        if result is None:
            self.hugo_failed.add(corpus.n)
        return result

    def others(self):
        return ["hugo"] if self.hugo else []

    def clear_cache(self, corpus, tmp):
        """Moves <corpus>/.careleaf/cache/build out of the way (renamed, not removed: removing
        many files slows the next builds on this disk, see bench/README.md)."""
        cache = os.path.join(corpus.root, ".careleaf", "cache", "build")
        if os.path.exists(cache):
            self.trash += 1
            dest = os.path.join(tmp, f"cache-trash-{self.trash}")
            try:
                os.rename(cache, dest)
            except OSError:  # another file system (--out-dir /dev/shm)
                shutil.rmtree(cache)

    def careleaf_clean(self, binary, corpus, out, tmp):
        self.clear_cache(corpus, tmp)
        flags = self.clean_flag if binary == self.careleaf else []
        return timed([binary, "build", "--root", corpus.root, "--output", out] + flags)

    def careleaf_build(self, corpus, out):
        return timed([self.careleaf, "build", "--root", corpus.root, "--output", out])


def median(samples, index):
    return statistics.median(s[index] for s in samples)


def measure(tools, corpus, runs, warmups, tmp, header):
    """Clean builds, every one into a fresh folder; returns {tool: (wall, rss)} medians and
    {tool: output folder of its last build}."""
    results = {"careleaf": [], "baseline": [], "hugo": []}
    outputs = {}
    tag = f"{corpus.n}{'n' if corpus.nested else ''}"
    for k in range(runs + warmups):
        if tools.baseline:
            b_out = os.path.join(tmp, f"b{tag}-{k}")
            b = tools.careleaf_clean(tools.baseline, corpus, b_out, tmp)
            check_output(b_out, corpus, "baseline")
            if k >= warmups:
                results["baseline"].append(b)
        c_out = os.path.join(tmp, f"c{tag}-{k}")
        c = tools.careleaf_clean(tools.careleaf, corpus, c_out, tmp)
        check_output(c_out, corpus)  # every run: speed never comes from skipped work
        outputs["careleaf"] = c_out
        if k >= warmups:  # the first of each is a warm-up
            results["careleaf"].append(c)
        if tools.hugo:
            h_out = os.path.join(tmp, f"h{tag}-{k}")
            h = tools.run_hugo(corpus, h_out, tmp)
            if k == 0 and h:
                check_output(h_out, corpus, "hugo")
            if h:
                outputs["hugo"] = h_out
            if h and k >= warmups:
                results["hugo"].append(h)
    medians = {name: (median(r, 0), median(r, 1)) for name, r in results.items() if r}
    medians.update({name: None for name in tools.others() if not results[name]})
    cw, cr = medians["careleaf"]
    row = f"| {corpus.n:>7,} | {corpus.label():<16} | {cw * 1000:>9,.0f} ms | {cr:>7,.0f} MB"
    for name in tools.others():
        if not medians[name]:
            row += " | failed | | |"
            continue
        w, r = medians[name]
        row += f" | {w * 1000:>9,.0f} ms | {r:>7,.0f} MB | {cw / w:>5.2f} | {cr / r:>5.2f}"
    if header:
        print(header, flush=True)
    print(row + f" | {os.getloadavg()[0]:.1f} |", flush=True)
    if tools.baseline:
        bw, br = medians["baseline"]
        print(f"|   baseline {bw * 1000:,.0f} ms, {br:,.0f} MB: careleaf/baseline wall {cw / bw:.2f}, RSS {cr / br:.2f}", flush=True)
    return medians, outputs


def table_header(tools):
    head = f"| {'N':>7} | {'corpus':<16} | {'careleaf wall':>12} | {'careleaf RSS':>10}"
    rule = "|---:|---|---:|---:"
    for name in tools.others():
        head += f" | {name + ' wall':>12} | {name + ' RSS':>10} | wall ratio | RSS ratio"
        rule += "|---:|---:|---:|---:"
    return head + " | load |\n" + rule + "|---:|"


def rebuild(tools, corpus, runs, tmp):
    """An editor's loop with nothing changed: each tool builds again into the output of its own
    last build (careleaf swaps in a new tree and keeps the old one to write over next time;
    Hugo writes over its destination in place)."""
    c_out, h_out = os.path.join(tmp, f"rc{corpus.n}"), os.path.join(tmp, f"rh{corpus.n}")
    results = {"careleaf": [], "hugo": []}
    for k in range(runs + 2):  # two warm-ups: careleaf's first rebuild has no tree to reuse yet
        results["careleaf"].append(tools.careleaf_build(corpus, c_out))
        check_output(c_out, corpus)
        if tools.hugo:
            results["hugo"].append(tools.run_hugo(corpus, h_out, tmp))
    cw = median(results["careleaf"][2:], 0)
    line = f"rebuild into the previous output, nothing changed, {corpus.n:,} articles ({corpus.label()}): careleaf {cw * 1000:,.0f} ms"
    if tools.hugo and None not in results["hugo"]:
        hw = median(results["hugo"][2:], 0)
        line += f", hugo {hw * 1000:,.0f} ms, ratio {cw / hw:.2f}"
    print(line + f" (load {os.getloadavg()[0]:.1f})", flush=True)


def edit_body(text, j):
    """Appends a sentence to the last paragraph before the footnotes."""
    end = text.index("\n[^a]:") - 1  # the body's last line ends here
    return text[:end] + f" Edited sentence number {j} for the benchmark." + text[end:], f"Edited sentence number {j} for"


def edit_title(text, j):
    title = re.search(r"^title: (.*)$", text, re.M)
    new = f"{title.group(1)}, revised {j}"
    return text[:title.start(1)] + new + text[title.end(1):], new


def copy_corpus(corpus, tmp):
    """The corpus's sources (not its caches) copied under `tmp`."""
    twin = copy.copy(corpus)
    twin.root = os.path.join(tmp, f"twin-corpus-{corpus.n}")
    shutil.copytree(corpus.root, twin.root, ignore=shutil.ignore_patterns(".careleaf", "public", "hugo*"))
    return twin


def incremental(tools, corpus, runs, tmp, clean):
    """One article edited between builds into the same output folder (each tool's output of its
    last clean build, when the clean case ran)."""
    medians, outputs = clean or ({}, {})
    c_out = outputs.get("careleaf") or os.path.join(tmp, f"ic{corpus.n}")
    h_out = outputs.get("hugo") or os.path.join(tmp, f"ih{corpus.n}")
    # careleaf builds without an edit first (two without a clean build before): the first
    # fills its cache, the last leaves a tree beside the output for the next build to write
    # over, as in an editor's loop. Hugo's output needs only to be there.
    for _ in range(1 if "careleaf" in outputs else 2):
        tools.careleaf_build(corpus, c_out)
    check_output(c_out, corpus)
    if tools.hugo and "hugo" not in outputs:
        tools.run_hugo(corpus, h_out, tmp)
    # A copy of the corpus, edited alike, for a clean build right after each edit build: on
    # this shared machine speed drifts by a third within minutes, so an edit is also compared
    # with a clean build made at the same moment (its own caches and output: the copy's).
    twin = copy_corpus(corpus, tmp)
    tools.careleaf_clean(tools.careleaf, twin, os.path.join(tmp, f"twin{corpus.n}-warm-up"), tmp)
    originals = {}
    results = {(kind, tool): [] for kind in ("body", "title") for tool in ["careleaf"] + tools.others()}
    paired = {"body": [], "title": []}
    try:
        for k in range(runs):
            for kind, edit in (("body", edit_body), ("title", edit_title)):
                j = 2 * k + (kind == "title")
                i = 1 + (j * 9973 + 17) % corpus.per_language  # a different article each time
                rel, page, _ = corpus.article(i)
                paths = [os.path.join(corpus.root, "content", rel), os.path.join(twin.root, "content", rel)]
                if tools.hugo:
                    paths.append(corpus.hugo_content(rel))
                for path in paths:
                    with open(path, encoding="utf-8") as f:
                        text = f.read()
                    originals.setdefault(path, text)
                    new, marker = edit(text, j)
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(new)
                # A title shows on the page and in its section's list; a sentence on the page.
                shown = corpus.list_page(i) if kind == "title" else page
                results[(kind, "careleaf")].append(tools.careleaf_build(corpus, c_out))
                check_contains(c_out, shown, marker, "careleaf")
                t_out = os.path.join(tmp, f"twin{corpus.n}-{j}")
                clean_now = tools.careleaf_clean(tools.careleaf, twin, t_out, tmp)
                check_contains(t_out, shown, marker, "careleaf")
                paired[kind].append(results[(kind, "careleaf")][-1][0] / clean_now[0])
                if tools.hugo:
                    h = tools.run_hugo(corpus, h_out, tmp)
                    if h:
                        results[(kind, "hugo")].append(h)
                        check_contains(h_out, shown, marker, "hugo")
        check_output(c_out, corpus)
    finally:
        for path, text in originals.items():  # later runs start from the generated corpus
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    cw = medians["careleaf"][0] if medians else None
    for kind in ("body", "title"):
        iw = median(results[(kind, "careleaf")], 0)
        ir = median(results[(kind, "careleaf")], 1)
        row = f"| {corpus.n:>7,} | {corpus.label():<16} | {kind:<5} | {iw * 1000:>9,.0f} ms | {ir:>7,.0f} MB"
        row += f" | {cw * 1000:>9,.0f} ms | {iw / cw:>6.3f}" if cw else " | (no clean run) | -"
        row += f" | {statistics.median(paired[kind]):>6.3f} ({max(paired[kind]):.3f})"
        for name in tools.others():
            if not results[(kind, name)]:
                row += " | failed | | "
                continue
            w = median(results[(kind, name)], 0)
            r = median(results[(kind, name)], 1)
            row += f" | {w * 1000:>9,.0f} ms | {r:>7,.0f} MB | {iw / w:>5.2f}"
        print(row + f" | {os.getloadavg()[0]:.1f} |", flush=True)


def incremental_header(tools):
    head = (f"| {'N':>7} | {'corpus':<16} | edit  | careleaf incr | careleaf RSS | careleaf clean | incr/clean"
            " | paired incr/clean (max)")
    rule = "|---:|---|---|---:|---:|---:|---:|---:"
    for name in tools.others():
        head += f" | {name} same edit | {name} RSS | careleaf/{name}"
        rule += "|---:|---:|---:"
    return head + " | load |\n" + rule + "|---:|"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmups", type=int, default=1, help="untimed clean builds of each tool before the timed ones (default 1)")
    parser.add_argument("--nested", action="store_true",
                        help="the nested corpus (gen_corpus.py --nested) in --languages languages; N counts articles over all languages")
    parser.add_argument("--languages", type=int, default=2, help="with --nested: 1 or 2 (default 2: English and Spanish)")
    parser.add_argument("--cases", default="clean,rebuild,incremental,serve",
                        help="comma-separated: clean, rebuild, incremental, serve (default: all)")
    parser.add_argument("--careleaf", default=None,
                        help="the careleaf binary to measure (default: target/release/careleaf, built with cargo first)")
    parser.add_argument("--baseline", default=None,
                        help="another careleaf binary (e.g. a release build of main) to build the same corpus in the same runs, for a before/after comparison")
    parser.add_argument("--out-dir", default=None,
                        help="where the builds write (default: a temporary folder on the disk; /dev/shm takes the disk out of the measurement)")
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    if cases - {"clean", "rebuild", "incremental", "serve"}:
        sys.exit(f"unknown case in --cases {args.cases}")
    if args.nested and args.languages not in (1, 2):
        sys.exit("--languages: bench/hugo/languages.toml has English and Spanish, so 1 or 2")
    careleaf = args.careleaf or CARELEAF
    if not args.careleaf:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    tools = Tools(careleaf, args.baseline)
    print(f"careleaf: {careleaf} (clean builds: {' '.join(tools.clean_flag) or 'no --clean flag'}, build cache moved aside)")
    if tools.hugo:
        print("hugo: " + subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip())
    else:
        print("hugo: not on PATH, skipped")
    if tools.zola:
        print(f"zola: {tools.zola} found, but bench/ has no Zola site yet, skipped")
    else:
        print("zola: not on PATH, skipped")
    print(f"runs: {args.runs} each (clean: after {args.warmups} warm-up), alternating\noutput: {args.out_dir or tempfile.gettempdir()}")
    print(f"load average at start: {os.getloadavg()[0]:.2f}; the load column is the 1-minute load average after\n"
          "each row (about 1-2 from the builds themselves; more means other work slowed every figure)\n")
    corpora = [Corpus(n, args.nested, args.languages if args.nested else 1) for n in args.sizes]
    for corpus in corpora:
        corpus.generate()
    # Every build writes a fresh folder, and none is removed before the end: on this machine's
    # journal-less ext4, inodes freed in the last minutes are skipped one by one when new files
    # are made, so removing a 10,000-page output slows whichever build runs next by seconds
    # (bench/README.md). Keeping them makes each build meet the same file system.
    with tempfile.TemporaryDirectory(dir=args.out_dir) as tmp:
        clean = {}
        if "clean" in cases:
            print("clean builds, each into a fresh folder (medians; ratio = careleaf / other):\n")
            header = table_header(tools)
            for corpus in corpora:
                clean[corpus.n] = measure(tools, corpus, args.runs, args.warmups, tmp, header)
                header = None
        if "rebuild" in cases:
            print()
            rebuild(tools, max(corpora, key=lambda c: c.n), args.runs, tmp)
        if "incremental" in cases:
            print("\none article edited, then a build into the same output folder (medians over "
                  f"{args.runs} edits, a different article each; incr/clean = careleaf's incremental / its clean build):\n")
            print(incremental_header(tools), flush=True)
            for corpus in corpora:
                incremental(tools, corpus, args.runs, tmp, clean.get(corpus.n))
    if "serve" in cases:
        print()
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "serve_latency.py"), "1000", "20"], check=True,
                       env=dict(os.environ, CARELEAF=careleaf))


if __name__ == "__main__":
    main()
