#!/usr/bin/env python3
"""Generates a large multilingual course for bench/search.sh: the demo
course (content/), whose pages the benchmark's queries expect, plus N
filler lessons per language made of the demo's own sentences reshuffled,
titled neutrally ("Exercise 17"), so the expected pages must win on their
titles and headings against many pages that share their vocabulary."""
import pathlib
import random
import re
import shutil
import sys

FILLER = {
    "en": ("Exercise", "Task"),
    "ru": ("Упражнение", "Задача"),
    "zh": ("练习", "任务"),
}


def sentences(lang_dir):
    out = []
    for md in sorted(lang_dir.rglob("*.md")):
        body = md.read_text(encoding="utf-8")
        # Drop the front matter (YAML or TOML), code, and links: reshuffled
        # into other pages, a relative link or anchor would point nowhere.
        body = re.sub(r"\A(---|\+\+\+)\n.*?\n\1\n", "", body, flags=re.S)
        body = re.sub(r"```.*?```", "", body, flags=re.S)
        body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)
        for para in body.split("\n\n"):
            para = " ".join(para.split())
            if para and not para.startswith(("#", "|", "-", ">", "1.")):
                out.extend(s for s in re.split(r"(?<=[.!?。！？])\s*", para) if len(s) > 20)
    return out


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    out = pathlib.Path(sys.argv[1])
    per_lang = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "content", out / "content")
    shutil.copy(root / "site.toml", out / "site.toml")
    rng = random.Random(8)
    for lang, (exercise, task) in FILLER.items():
        pool = sentences(root / "content" / lang)
        for n in range(per_lang):
            chapter = out / "content" / lang / f"90-{exercise.lower()}-{n // 50:02d}"
            chapter.mkdir(parents=True, exist_ok=True)
            parts = [f"---\ntitle: \"{exercise} {n + 1}\"\nweight: {n + 1}\n---\n"]
            for t in range(3):
                parts.append(f"## {task} {t + 1}\n")
                parts.append(" ".join(rng.sample(pool, 6)) + "\n")
            (chapter / f"{n + 1:04d}.md").write_text("\n".join(parts), encoding="utf-8")


main()
