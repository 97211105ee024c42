#!/usr/bin/env python3
"""lectern alone as the course grows, and its rebuilds with --cache-dir (issue 19).

    bench/run.sh 300                  # once: builds lectern and the generator
    bench/scale.py                    # 300, 3,000, 15,000 and 100,000 pages
    bench/scale.py 3000 --reps 5      # chosen sizes, more runs

For each size: generate the course (bench/gen), then build it with lectern
from clean (no output directory); then with a cache directory: once to
fill it, then again with nothing changed, then again after each of a few
edits to 1 % of the pages (a line appended to every hundredth page). Each
build is measured as bench.py measures (wall, CPU = user + sys, peak RSS,
with wait4(2)); the table gives medians, and time and memory per page.
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import measure, remove  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pages_to_edit(content: Path) -> list[Path]:
    """Every hundredth page that is not a section's index, in path order."""
    pages = sorted(p for p in content.rglob("*.md") if p.name != "_index.md")
    return pages[99::100]


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def bench_size(size: int, args) -> dict:
    work = args.work / str(size)
    course = work / "course"
    site = course / "lectern"
    if not site.is_dir():
        remove(course)
        work.mkdir(parents=True, exist_ok=True)
        measure([str(args.gen), "--pages", str(size), str(course)], work / "gen.log", args)
    out, cache = work / "public", work / "cache"
    build = [str(args.lectern), "build", str(site), "--output", str(out)]
    cached = build + ["--cache-dir", str(cache)]
    reps = args.reps or (1 if size >= 15000 else 3)
    result: dict = {"size": size, "cold": [], "unchanged": [], "edited": []}
    for rep in range(reps):
        remove(out)
        run = measure(build, work / "cold.log", args)
        result["cold"].append(run)
        print(f"  {size:>7} cold      {run['wall']:7.2f} s  cpu {run['cpu']:7.2f} s  rss {run['rss_mib']:6.0f} MiB", file=sys.stderr)
    remove(out)
    remove(cache)
    measure(cached, work / "fill.log", args)
    for rep in range(reps):
        run = measure(cached, work / "unchanged.log", args)
        result["unchanged"].append(run)
        print(f"  {size:>7} unchanged {run['wall']:7.2f} s  cpu {run['cpu']:7.2f} s", file=sys.stderr)
    edits = pages_to_edit(site / "content")
    for rep in range(reps):
        for page in edits:
            with open(page, "a") as f:
                f.write(f"\nEdited for run {rep}.\n")
        run = measure(cached, work / "edited.log", args)
        result["edited"].append(run)
        print(f"  {size:>7} 1 % edited {run['wall']:6.2f} s  cpu {run['cpu']:7.2f} s", file=sys.stderr)
    result["edits"] = len(edits)
    result["cache_mib"] = (cache / "lectern-cache.bin").stat().st_size / 1048576
    return result


def report(results: list[dict]) -> str:
    lines = [
        "| pages | cold wall (s) | cold CPU (s) | peak RSS (MiB) | wall per page (ms) | RSS per page (KiB) | cached, unchanged: wall / CPU (s) | cached, 1 % edited: wall / CPU (s) | cache file (MiB) |",
        "|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for r in results:
        size, cold = r["size"], r["cold"]
        wall, cpu, rss = median(cold, "wall"), median(cold, "cpu"), median(cold, "rss_mib")
        lines.append(
            f"| {size:,} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {wall / size * 1000:.3f} | {rss * 1024 / size:.0f} "
            f"| {median(r['unchanged'], 'wall'):.2f} / {median(r['unchanged'], 'cpu'):.2f} "
            f"| {median(r['edited'], 'wall'):.2f} / {median(r['edited'], 'cpu'):.2f} ({r['edits']} pages) "
            f"| {r['cache_mib']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[300, 3000, 15000, 100000])
    parser.add_argument("--reps", type=int, help="runs of each kind (default 3; 1 from 15,000 pages)")
    parser.add_argument("--lectern", type=Path, default=ROOT / "target/release/lectern")
    parser.add_argument("--gen", type=Path, default=ROOT / "target/release/lectern-bench-gen")
    parser.add_argument("--work", type=Path, default=ROOT / "target/bench/scale")
    parser.add_argument("--max-rss-gib", type=float, default=16)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    results = [bench_size(size, args) for size in args.sizes]
    print(report(results))


if __name__ == "__main__":
    main()
