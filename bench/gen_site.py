#!/usr/bin/env python3
"""Writes a large generated course site for benchmarks.

    bench/gen_site.py DIR [--pages N] [--languages en,ru,zh] [--hugo]

N pages in all (default 3000), split evenly over the languages; each
language has sections of 50 lessons, every lesson with front matter,
headings, lists, a table, Go code and links to its neighbours. With
--hugo, the directory is also a Hugo site of the same content (hugo.toml
and plain layouts with a sidebar, contents and previous/next links), for
comparisons.
"""

import argparse
import os
import shutil

LESSON = """---
title: "Lesson {n}: {topic}"
description: "Generated lesson {n} about {topic}."
weight: {weight}
date: 2025-0{month}-1{day}
---

Lesson {n} introduces **{topic}** with a worked example, a table and some
practice. See also [the previous lesson]({prev}) and [the next one]({next}).

## Overview

{para}

- first point about {topic}
- second point, with `inline code`
- third point, linking [home](../_index.md)

## Example

```go
package main

import "fmt"

// Sum{n} adds the numbers up to {n}.
func Sum{n}() int {{
	total := 0
	for i := 1; i <= {n}; i++ {{
		total += i
	}}
	return total
}}

func main() {{
	fmt.Println(Sum{n}())
}}
```

### Details

| name | value |
|---|---|
| lesson | {n} |
| topic | {topic} |

{para}

## Practice

1. Change the loop to count down.
2. Print every partial sum.

> [!TIP]
> Run `go vet` before you commit.
"""

TOPICS = ["channels", "slices", "maps", "interfaces", "generics", "errors",
          "goroutines", "testing", "modules", "reflection"]
PARA = ("Go keeps the language small so that programs stay readable. "
        "This paragraph stands in for the prose of a real lesson, long enough "
        "to be wrapped over several lines like the text an author writes. ") * 3


HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<nav class="sidebar"><ul>
{{ range .Site.Home.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if eq . $.CurrentSection }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</li>
{{ end }}</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}
<nav class="pager">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>
</article>{{ end }}
""",
}


def write_hugo(root, langs):
    config = ['baseURL = "http://127.0.0.1/"', 'title = "Generated course"',
              f'defaultContentLanguage = "{langs[0]}"', "defaultContentLanguageInSubdir = true",
              '[markup.highlight]', 'noClasses = false']
    for i, code in enumerate(langs):
        config += [f"[languages.{code}]", f'contentDir = "content/{code}"', f"weight = {i + 1}"]
    write(os.path.join(root, "hugo.toml"), "\n".join(config) + "\n")
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(root, "layouts", "_default", name), text)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--languages", default="en,ru,zh")
    ap.add_argument("--hugo", action="store_true", help="also make it a Hugo site")
    args = ap.parse_args()
    langs = args.languages.split(",")
    if os.path.exists(args.dir):
        shutil.rmtree(args.dir)
    config = ['title = "Generated course"', 'base_url = "https://example.org/"',
              f'default_language = "{langs[0]}"']
    for i, code in enumerate(langs):
        config += [f"[languages.{code}]", f'name = "{code.upper()}"', f"weight = {i + 1}"]
    write(os.path.join(args.dir, "site.toml"), "\n".join(config) + "\n")
    per_lang = args.pages // len(langs)
    per_section = 50
    for code in langs:
        root = os.path.join(args.dir, "content", code)
        write(os.path.join(root, "_index.md"), f"---\ntitle: Home {code}\n---\n\nWelcome.\n")
        for n in range(per_lang):
            s, k = divmod(n, per_section)
            section = os.path.join(root, f"part-{s + 1:02}")
            if k == 0:
                write(os.path.join(section, "_index.md"),
                      f"---\ntitle: Part {s + 1}\nweight: {s + 1}\n---\n\nPart {s + 1}.\n")
            write(os.path.join(section, f"lesson-{k + 1:02}.md"), LESSON.format(
                n=n + 1, topic=TOPICS[n % len(TOPICS)], weight=k + 1,
                month=1 + n % 9, day=n % 10, para=PARA,
                prev=f"lesson-{max(k, 1):02}.md", next=f"lesson-{min(k + 2, per_section):02}.md"))
    if args.hugo:
        write_hugo(args.dir, langs)
    print(f"wrote {per_lang * len(langs)} lessons in {len(langs)} languages to {args.dir}")


if __name__ == "__main__":
    main()
