#!/usr/bin/env python3
"""Time a cold and a warm build of a site with 20 photos (2400 x 1600 JPEG), and report the
picture files made. Uses the release binary: `cargo build --release` first.

    python3 bench/images.py
"""
import os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "careleaf")


def main():
    site = tempfile.mkdtemp(prefix="careleaf-images-")
    os.makedirs(os.path.join(site, "content", "photos"))
    with open(os.path.join(site, "site.yaml"), "w") as f:
        f.write("title: Photo bench\nbase_url: https://clinic.example\n")
    with open(os.path.join(site, "content", "_index.md"), "w") as f:
        f.write("---\ntitle: Photos\ndescription: Twenty photos of the clinic, each resized for phones and desktops.\n---\n\n")
        for i in range(20):
            f.write(f"![Room {i + 1} of the clinic, seen from the door](photos/p{i}.jpg)\n\n")
    for i in range(20):
        subprocess.run(["cargo", "run", "-q", "--release", "--example", "paint_photo", "--",
                        os.path.join(site, "content", "photos", f"p{i}.jpg"), "2400", "1600", str(i)],
                       check=True, cwd=ROOT)
    for label in ("cold", "warm"):
        t = time.perf_counter()
        out = subprocess.run([BIN, "build", "--root", site], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - t
        made = [l for l in out.stdout.splitlines() if l.startswith("Made")]
        print(f"{label}: {wall:.2f} s  {made[0] if made else 'no picture made'}")
    public = os.path.join(site, "public")
    sizes = {}
    for dirpath, _, files in os.walk(os.path.join(public, "photos")):
        for name in files:
            if "-" not in name:  # the original, published as it is
                continue
            ext = name.rsplit(".", 1)[-1]
            sizes.setdefault(ext, []).append(os.path.getsize(os.path.join(dirpath, name)))
    for ext, s in sorted(sizes.items()):
        print(f"{ext}: {len(s)} files, {sum(s) / 1024:.0f} KB in all")
    shutil.rmtree(site)


if __name__ == "__main__":
    sys.exit(main())
