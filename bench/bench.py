#!/usr/bin/env python3
"""lectern against Hugo on generated multilingual courses (issue 7).

Run through bench/run.sh, which installs Hugo and builds the binaries this
script is given. For each size: generate the course (both layouts), then
build it from clean with lectern, Hugo and the parse+highlight floor, in
rotating order, several times; check lectern and Hugo wrote the same pages;
report medians of wall time, CPU time (user + sys) and peak RSS, measured
on each child with wait4(2). Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_REPS = {300: 5, 3000: 3, 15000: 1}
LANGS = ("en", "ru", "zh")
TOOLS = ("lectern", "hugo", "floor")


def reps_for(size: int, override: int | None) -> int:
    if override:
        return override
    return DEFAULT_REPS.get(size, 3 if size <= 3000 else 1)


def measure(cmd: list[str], log: Path) -> dict:
    """Runs cmd with output to log; wall, CPU and peak RSS of that child."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-4000:])
        raise SystemExit(f"error: {cmd[0]} exited with {proc.returncode}; log: {log}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,  # ru_maxrss is in KiB on Linux
    }


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def dir_size(path: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def page_set(out: Path) -> set[str]:
    """`<lang>/<path>/index.html` of every page a build wrote."""
    pages = set()
    for lang in LANGS:
        root = out / lang
        for dirpath, _, names in os.walk(root):
            if "index.html" in names:
                rel = Path(dirpath, "index.html").relative_to(out)
                pages.add(rel.as_posix())
    return pages


def warnings_in(log: Path) -> int:
    count = 0
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("warning") or line.startswith("WARN"):
            count += 1
    return count


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1048576:.0f} GiB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} × {model}{memory}, {platform.system()} {platform.release()}"


def version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def bench_size(size: int, args, work: Path) -> dict:
    site = work / "sites" / str(size)
    out = work / "out" / str(size)
    logs = work / "logs" / str(size)
    for d in (out, logs):
        remove(d)
        d.mkdir(parents=True)
    gen = subprocess.run(
        [args.gen, "--pages", str(size), "--seed", str(args.seed), "--hugo-sidebar", args.hugo_sidebar, str(site)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    print(f"\n## {size} pages\n{gen}", flush=True)

    hugo_cache = work / "hugo-cache"
    commands = {
        "lectern": [args.lectern, "build", str(site / "lectern"), "-o", str(out / "lectern")],
        "hugo": [
            args.hugo, "--source", str(site / "hugo"), "--destination", str(out / "hugo"),
            "--cacheDir", str(hugo_cache), "--noBuildLock",
        ],
        "floor": [args.floor, str(site / "lectern" / "content")],
    }
    runs: dict[str, list[dict]] = {t: [] for t in TOOLS}
    reps = reps_for(size, args.reps)
    result: dict = {"size": size, "reps": reps, "generated": gen}
    for rep in range(reps):
        order = TOOLS[rep % 3:] + TOOLS[:rep % 3]
        for tool in order:
            # From clean: no previous output, no Hugo cache or resources.
            remove(out / tool)
            if tool == "hugo":
                remove(hugo_cache)
                remove(site / "hugo" / "resources")
                remove(site / "hugo" / "public")
            log = logs / f"{tool}-{rep + 1}.log"
            run = measure(commands[tool], log)
            run["warnings"] = warnings_in(log)
            runs[tool].append(run)
            print(
                f"  run {rep + 1}/{reps} {tool:8} wall {run['wall']:7.2f} s  cpu {run['cpu']:7.2f} s  "
                f"rss {run['rss_mib']:7.0f} MiB  warnings {run['warnings']}",
                flush=True,
            )
        if rep == 0:
            lectern_pages = page_set(out / "lectern")
            hugo_pages = page_set(out / "hugo")
            result["pages_lectern"] = len(lectern_pages)
            result["pages_hugo"] = len(hugo_pages)
            result["only_lectern"] = sorted(lectern_pages - hugo_pages)
            result["only_hugo"] = sorted(hugo_pages - lectern_pages)
            for tool in ("lectern", "hugo"):
                files, size_bytes = dir_size(out / tool)
                result[f"{tool}_files"] = files
                result[f"{tool}_bytes"] = size_bytes
            same = not result["only_lectern"] and not result["only_hugo"]
            print(
                f"  pages: lectern {len(lectern_pages)}, Hugo {len(hugo_pages)}"
                + (" — the same set" if same else
                   f" — {len(result['only_lectern'])} only in lectern, {len(result['only_hugo'])} only in Hugo"),
                flush=True,
            )
            for path in result["only_lectern"][:10]:
                print(f"    only lectern: {path}")
            for path in result["only_hugo"][:10]:
                print(f"    only Hugo:    {path}")
        if not args.keep:
            for tool in TOOLS:
                remove(out / tool)
    result["runs"] = runs
    return result


def report(results: list[dict], args, started: str, load_before, load_after) -> str:
    lines = [
        f"# lectern vs Hugo: {started}",
        "",
        f"- machine: {machine()}",
        f"- load average (1, 5, 15 min) before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}",
        f"- {version([args.lectern, '--version'])}; {version([args.hugo, 'version']).split(' BuildDate')[0]}",
        f"- course: seed {args.seed}; Hugo sidebar: "
        + ("every section's title + the current section's pages" if args.hugo_sidebar == "section"
           else "every section and every page of the language"),
        "- each build from clean (no output, no Hugo cache); runs rotate lectern, Hugo, floor;"
        " medians; CPU = user + sys; RSS = peak resident set of the process",
        "",
        "| pages | tool | runs | wall, median (s) | wall, min–max (s) | CPU, median (s) | peak RSS, median (MiB) | output (files, MiB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for tool in TOOLS:
            runs = r["runs"][tool]
            walls = [x["wall"] for x in runs]
            if tool == "floor":
                output = "—"
            else:
                output = f"{r[f'{tool}_files']}, {r[f'{tool}_bytes'] / 1048576:.0f}"
            name = {"lectern": "lectern", "hugo": "Hugo", "floor": "floor (parse + highlight)"}[tool]
            lines.append(
                f"| {r['size']:,} | {name} | {len(runs)} | {median(runs, 'wall'):.2f} | "
                f"{min(walls):.2f}–{max(walls):.2f} | {median(runs, 'cpu'):.2f} | "
                f"{median(runs, 'rss_mib'):.0f} | {output} |"
            )
    lines += [
        "",
        "| pages | lectern / Hugo, wall | lectern / Hugo, CPU | lectern / Hugo, RSS | lectern / floor, wall | same pages |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lec, hugo, floor = (r["runs"][t] for t in TOOLS)
        same = "yes" if not r["only_lectern"] and not r["only_hugo"] else (
            f"no: {len(r['only_lectern'])} only lectern, {len(r['only_hugo'])} only Hugo")
        lines.append(
            f"| {r['size']:,} | {median(lec, 'wall') / median(hugo, 'wall'):.2f} | "
            f"{median(lec, 'cpu') / median(hugo, 'cpu'):.2f} | "
            f"{median(lec, 'rss_mib') / median(hugo, 'rss_mib'):.2f} | "
            f"{median(lec, 'wall') / median(floor, 'wall'):.2f} | "
            f"{same} ({r['pages_lectern']} pages) |"
        )
    lines.append("")
    for r in results:
        warned = {t: max(x["warnings"] for x in r["runs"][t]) for t in ("lectern", "hugo")}
        generated = r["generated"].split(" →")[0]
        lines.append(f"- {r['size']:,}: {generated}; warnings: lectern {warned['lectern']}, Hugo {warned['hugo']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[300, 3000, 15000],
                        help="total pages over the three languages (default: 300 3000 15000)")
    parser.add_argument("--reps", type=int, help="runs per tool and size (default: 5 at 300, 3 at 3000, 1 at 15000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hugo-sidebar", choices=("section", "all"), default="section")
    parser.add_argument("--keep", action="store_true", help="keep the last run's output in target/bench/out")
    parser.add_argument("--work", default="target/bench", help="working directory (default target/bench)")
    parser.add_argument("--lectern", required=True)
    parser.add_argument("--hugo", required=True)
    parser.add_argument("--gen", required=True)
    parser.add_argument("--floor", required=True)
    args = parser.parse_args()

    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()
    results = [bench_size(size, args, work) for size in args.sizes]
    text = report(results, args, started, load_before, os.getloadavg())
    (work / "results.md").write_text(text)
    (work / "results.json").write_text(json.dumps(results, indent=1))
    print()
    print(text, end="")
    print(f"\n(written to {work / 'results.md'})")


if __name__ == "__main__":
    main()
