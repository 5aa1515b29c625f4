#!/usr/bin/env python3
"""Writes a deterministic careleaf site of N patient-guide articles, for benchmarks.

Each article has YAML front matter (title, description, date, weight, tags), 600-900 words in
headings, paragraphs and lists, a table, a blockquote, two footnotes, internal and external
links.

Flat (the default): one section (content/guides/) lists all N articles,
content/guides/article-NNNNN.md.

    python3 bench/gen_corpus.py 1000 /tmp/careleaf-bench-1000

Nested (--nested): the articles are spread over nested sections, about 100 to a leaf folder,
content/guides/<topic>/<subtopic>/article-NNNNNN.md, every folder with an _index.md (three
levels of sections: guides, topic, subtopic). With --languages L (1-4, default 1) the site has
L languages: the default language (English) in content/ and each other language (es, fr, de, in
that order) in content/<code>/ with the same folders and file names, so that careleaf links the
translations by path; site.yaml lists them under `languages:`. N counts the articles IN TOTAL
over all languages: N=100000 with --languages 2 writes 50,000 English and 50,000 Spanish
articles (N must be a multiple of L). Each article links to the next article (usually in the
same folder, every 100th in another one) and to one article half the site away (always in
another topic), by relative Markdown file links (`../../topic-07/sub-03/article-000123.md`)
within its language's folder.

    python3 bench/gen_corpus.py 100000 /tmp/careleaf-bench-nested-100000 --nested --languages 2
"""
import argparse
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


# The other languages a nested corpus can have, in the order --languages adds them; the words
# of each edition's text (the default theme has its own words only for English and Spanish).
LANGUAGES = [
    ("es", "Español", {
        "words": (
            "equipo cuidado infusion alivio sueño plan semana dia visita enfermera medico pregunta "
            "respuesta cuerpo mente animo descanso paseo comida agua clinica tratamiento serie refuerzo "
            "mantenimiento dosis minuto hora calma sala silla sangre presion control sentir mejor "
            "sintoma vuelta ayuda apoyo familia amigo terapia charla diario seguir cambio habito salud "
            "seguro suave lento firme paciente notas meta mañana tarde luz oscuro tranquilo simple "
            "claro corto llano amable honesto atento pequeño grande"
        ).split(),
        "part": "Parte", "and": "y", "see": "Vea", "guide": "la guía", "far": "también",
        "reference": "un sitio de referencia", "differ": "Los estudios difieren.",
        "step": "| Paso | Cuándo | Notas |", "week": "Semana",
        "title": "Guía para pacientes {i} sobre {a} y {b}",
        "site": ("Clínica de prueba", "Una biblioteca generada de guías para pacientes."),
        "home": "Empiece por [las guías](guides/_index.md).",
        "guides": ("Todas las guías", "Cada guía, por tema.", "Los temas."),
        "topic": ("Tema {t}: {w}", "Las guías sobre {w}.", "Los subtemas de este tema. Volver a [todas las guías](../_index.md)."),
        "sub": ("Tema {t}.{u}: {w}", "Guías sobre {w}, parte {u}.", "Las guías de este subtema. Volver a [el tema](../_index.md)."),
        "notes": "\n[^a]: Autor A. Un estudio del cuidado. Revista del Cuidado. 2020.\n[^b]: Autor B. Otro estudio. 2021.\n",
    }),
    ("fr", "Français", None),
    ("de", "Deutsch", None),
]
DEFAULT_WORDS = {
    "words": WORDS, "part": "Part", "and": "and", "see": "See", "guide": "guide", "far": "also",
    "reference": "a reference site", "differ": "Studies differ.",
    "step": "| Step | When | Notes |", "week": "Week",
    "title": "Patient guide {i} about {a} and {b}",
    "site": ("Benchmark Clinic", "A generated library of patient guides."),
    "home": "Start with [the guides](guides/_index.md).",
    "guides": ("All patient guides", "Every guide, by topic.", "The topics."),
    "topic": ("Topic {t}: {w}", "Guides about {w}.", "The subtopics of this topic. Back to [all guides](../_index.md)."),
    "sub": ("Topic {t}.{u}: {w}", "Guides about {w}, part {u}.", "The guides of this subtopic. Back to [the topic](../_index.md)."),
    "notes": "\n[^a]: Author A. A study of care. Journal of Care. 2020.\n[^b]: Author B. Another study. 2021.\n",
}
PER_FOLDER = 100


def nested_layout(per_language):
    """The folders of a nested corpus: returns (topics, subtopics per topic, leaves), where leaf
    k holds articles k*100+1 .. (k+1)*100 and lies at guides/topic-TT/sub-UU/."""
    leaves = max(1, -(-per_language // PER_FOLDER))
    topics = max(1, round(leaves ** 0.5))
    subs = -(-leaves // topics)
    return topics, subs, leaves


def leaf_dir(leaf, subs):
    return f"guides/topic-{leaf // subs + 1:02d}/sub-{leaf % subs + 1:02d}"


def article_dir(i, subs):
    """The folder (below the language's content folder) of article i (1-based)."""
    return leaf_dir((i - 1) // PER_FOLDER, subs)


def relative_link(from_dir, to_dir, name):
    return os.path.relpath(os.path.join(to_dir, name), from_dir).replace(os.sep, "/")


def nested_article(rng, words, i, per_language, subs):
    """Article i of one language's edition, with links to the next article and to the one
    half the site away, relative to its own folder."""
    here = article_dir(i, subs)
    nxt = i % per_language + 1
    far = (i - 1 + per_language // 2) % per_language + 1
    link_next = relative_link(here, article_dir(nxt, subs), f"article-{nxt:06d}.md")
    link_far = relative_link(here, article_dir(far, subs), f"article-{far:06d}.md")
    vocab = words["words"]

    def sent(lo=8, hi=16):
        return " ".join(rng.choice(vocab) for _ in range(rng.randint(lo, hi))).capitalize() + "."

    target = rng.randint(600, 900)
    parts = []
    count = 0
    section = 1
    while count < target:
        parts.append(f"## {words['part']} {section}: {rng.choice(vocab)} {words['and']} {rng.choice(vocab)}\n")
        para = " ".join(sent() for _ in range(rng.randint(3, 6)))
        if section == 1:
            para += (f" {words['see']} [{words['guide']} {nxt}]({link_next}), [{words['far']} {far}]({link_far})"
                     f" {words['and']} [{words['reference']}](https://medlineplus.gov/).[^a]")
        if section == 2:
            para += f" {words['differ']}[^b]"
        parts.append(para + "\n")
        count += len(para.split())
        if section == 2:
            parts.append("\n".join(f"- {sent(4, 8)}" for _ in range(4)) + "\n")
            parts.append(words["step"] + "\n|---|---|---|\n" + "\n".join(
                f"| {k} | {words['week']} {k} | {sent(3, 6)} |" for k in range(1, 4)) + "\n")
            parts.append(f"> {sent()}\n")
        section += 1
    tags = sorted(rng.sample(TAGS, 2))
    title = words["title"].format(i=i, a=rng.choice(vocab), b=rng.choice(vocab))
    front = (
        "---\n"
        f"title: {title}\n"
        f"description: {sent(10, 18)}\n"
        f"date: 2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}\n"
        f"weight: {i}\n"
        f"tags: [{', '.join(tags)}]\n"
        "---\n\n"
    )
    return front + "\n".join(parts) + words["notes"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def index_page(title, description, body):
    return f'---\ntitle: "{title}"\ndescription: "{description}"\n---\n\n{body}\n'


def nested(n, out, languages):
    if languages < 1 or languages > 1 + len(LANGUAGES):
        sys.exit(f"--languages must be 1 to {1 + len(LANGUAGES)}")
    if n % languages:
        sys.exit(f"N ({n}) counts the articles over all languages: it must be a multiple of --languages ({languages})")
    per_language = n // languages
    topics, subs, leaves = nested_layout(per_language)
    editions = [("", DEFAULT_WORDS)] + [(code, words or DEFAULT_WORDS) for code, _, words in LANGUAGES[:languages - 1]]
    site = "title: Benchmark Clinic\ndescription: A generated library of patient guides.\nbase_url: https://bench.example\n"
    if languages > 1:
        site += "language: en\nlanguages:\n" + "".join(
            f"  - {{code: {code}, name: {name}}}\n" for code, name, _ in LANGUAGES[:languages - 1])
    write(os.path.join(out, "site.yaml"), site)
    for k, (code, words) in enumerate(editions):
        base = os.path.join(out, "content", code) if code else os.path.join(out, "content")
        rng = random.Random(20261204 + k)
        vocab = words["words"]
        write(os.path.join(base, "_index.md"), index_page(*words["site"], words["home"]))
        write(os.path.join(base, "guides", "_index.md"), index_page(*words["guides"]))
        for leaf in range(leaves):
            t, u = leaf // subs + 1, leaf % subs + 1
            if u == 1:
                title, desc, body = words["topic"]
                write(os.path.join(base, "guides", f"topic-{t:02d}", "_index.md"),
                      index_page(title.format(t=t, w=vocab[t % len(vocab)]), desc.format(w=vocab[t % len(vocab)]), body))
            title, desc, body = words["sub"]
            w = vocab[(t * 7 + u) % len(vocab)]
            write(os.path.join(base, leaf_dir(leaf, subs), "_index.md"),
                  index_page(title.format(t=t, u=u, w=w), desc.format(w=w, u=u), body))
        for i in range(1, per_language + 1):
            write(os.path.join(base, article_dir(i, subs), f"article-{i:06d}.md"),
                  nested_article(rng, words, i, per_language, subs))


def flat(n, out):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of articles (with --nested: over all languages)")
    parser.add_argument("out", help="the site folder to write")
    parser.add_argument("--nested", action="store_true", help="nested sections, about 100 articles a folder")
    parser.add_argument("--languages", type=int, default=1, help="with --nested: 1 to 4 languages (en, es, fr, de)")
    args = parser.parse_args()
    if args.nested:
        nested(args.n, args.out, args.languages)
    elif args.languages != 1:
        sys.exit("--languages needs --nested")
    else:
        flat(args.n, args.out)


if __name__ == "__main__":
    main()
