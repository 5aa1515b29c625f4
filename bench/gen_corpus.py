#!/usr/bin/env python3
"""Writes a deterministic careleaf site of N patient-guide articles, for benchmarks.

Each article has YAML front matter (title, description, date, weight, tags), 600-900 words in
headings, paragraphs and lists, a table, a blockquote, two footnotes, internal and external
links. One section (content/guides/) lists all of them.

    python3 bench/gen_corpus.py 1000 /tmp/careleaf-bench-1000
"""
import os
import random
import sys

WORDS = (
    "care team infusion relief sleep plan week day visit nurse doctor question answer body mind "
    "mood rest walk meal water clinic treatment series booster maintenance dose minute hour "
    "calm room chair blood pressure check feel better symptom return help support family friend "
    "therapy talk journal track change habit health safe gentle slow steady patient notes goal "
    "morning evening light dark quiet simple clear short plain kind honest careful small large"
).split()
TAGS = ["duration", "induction", "maintenance", "boosters", "safety", "sleep", "therapy", "diet"]


def sentence(rng, lo=8, hi=16):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, n):
    return " ".join(sentence(rng) for _ in range(n))


def article(rng, i, n):
    target = rng.randint(600, 900)
    parts = []
    words = 0
    section = 1
    while words < target:
        parts.append(f"## Part {section}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\n")
        para = paragraph(rng, rng.randint(3, 6))
        if section == 1:
            other = (i % n) + 1
            para += f" See [guide {other}](article-{other:05d}.md) and [a reference site](https://medlineplus.gov/).[^a]"
        if section == 2:
            para += " Studies differ.[^b]"
        parts.append(para + "\n")
        words += len(para.split())
        if section == 2:
            parts.append("\n".join(f"- {sentence(rng, 4, 8)}" for _ in range(4)) + "\n")
            parts.append("| Step | When | Notes |\n|---|---|---|\n" + "\n".join(
                f"| {k} | Week {k} | {sentence(rng, 3, 6)} |" for k in range(1, 4)) + "\n")
            parts.append(f"> {sentence(rng)}\n")
        section += 1
    tags = sorted(rng.sample(TAGS, 2))
    front = (
        "---\n"
        f"title: Patient guide {i} about {rng.choice(WORDS)} and {rng.choice(WORDS)}\n"
        f"description: {sentence(rng, 10, 18)}\n"
        f"date: 2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}\n"
        f"weight: {i}\n"
        f"tags: [{', '.join(tags)}]\n"
        "---\n\n"
    )
    notes = "\n[^a]: Author A. A study of care. Journal of Care. 2020.\n[^b]: Author B. Another study. 2021.\n"
    return front + "\n".join(parts) + notes


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261127)
    os.makedirs(os.path.join(out, "content", "guides"), exist_ok=True)
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write("title: Benchmark Clinic\ndescription: A generated library of patient guides.\nbase_url: https://bench.example\n")
    with open(os.path.join(out, "content", "_index.md"), "w") as f:
        f.write("---\ntitle: Benchmark Clinic\ndescription: Patient guides.\n---\n\nStart with [the guides](guides/_index.md).\n")
    with open(os.path.join(out, "content", "guides", "_index.md"), "w") as f:
        f.write("---\ntitle: All patient guides\ndescription: Every guide, in order.\n---\n\nAll the guides.\n")
    for i in range(1, n + 1):
        with open(os.path.join(out, "content", "guides", f"article-{i:05d}.md"), "w") as f:
            f.write(article(rng, i, n))


if __name__ == "__main__":
    main()
