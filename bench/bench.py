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
import threading
import time
from pathlib import Path

DEFAULT_REPS = {300: 5, 3000: 3, 15000: 1}
LANGS = ("en", "ru", "zh")
TOOLS = ("lectern", "hugo", "floor")


def reps_for(size: int, override: int | None) -> int:
    if override:
        return override
    return DEFAULT_REPS.get(size, 3 if size <= 3000 else 1)


def vm_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(cmd: list[str], log: Path, limits) -> dict:
    """Runs cmd with output to log; wall, CPU and peak RSS of that child.

    A watchdog kills the child past --max-rss-gib or --timeout (a build
    whose output grows with the square of the site can eat the machine);
    such a run is reported as failed, not measured."""
    max_kib = limits.max_rss_gib * 1048576
    failed: list[str] = []
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.1):
                try:
                    rss = vm_rss_kib(proc.pid)
                except OSError:
                    return
                if rss > max_kib:
                    failed.append(f"killed at {rss / 1048576:.1f} GiB RSS (limit {limits.max_rss_gib} GiB)")
                elif time.perf_counter() - start > limits.timeout:
                    failed.append(f"killed after {limits.timeout} s")
                else:
                    continue
                proc.kill()
                return

        watchdog = threading.Thread(target=watch, daemon=True)
        watchdog.start()
        # Wait without reaping, so the watchdog never signals a reused pid.
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        wall = time.perf_counter() - start
        done.set()
        watchdog.join()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "sys": usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,  # ru_maxrss is in KiB on Linux
    }
    if failed:
        run["failed"] = failed[0]
    elif proc.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-4000:])
        raise SystemExit(f"error: {cmd[0]} exited with {proc.returncode}; log: {log}")
    return run


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


class Discard:
    """Takes away what the runs leave: outputs, caches, the last course.

    Deleting thousands of files right before a build slows the build on an
    ext4 without a journal (this machine's): each new inode is found by
    skipping, one by one, every inode of its group freed in the last minute
    (five, while the inode table is not yet written), so every tool pays
    for the files deleted before it, in kernel time. By default what is
    taken away is renamed into `aside` and deleted once every run is over;
    with `now`, it is deleted at once, as the benchmark did until
    2026-11-25."""

    def __init__(self, aside: Path, now: bool):
        self.aside = aside
        self.now = now
        self.count = 0

    def __call__(self, path: Path) -> None:
        if self.now or not path.exists():
            remove(path)
            return
        self.aside.mkdir(parents=True, exist_ok=True)
        self.count += 1
        path.rename(self.aside / str(self.count))

    def finish(self) -> None:
        remove(self.aside)


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


def bench_size(size: int, args, work: Path, discard: Discard) -> dict:
    site = work / "sites" / str(size)
    out = work / "out" / str(size)
    logs = work / "logs" / str(size)
    for d in (out, logs, site):
        discard(d)
    for d in (out, logs):
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
    result: dict = {"size": size, "reps": reps, "generated": gen, "checked": False}
    for rep in range(reps):
        order = TOOLS[rep % 3:] + TOOLS[:rep % 3]
        for tool in order:
            # From clean: no previous output, no Hugo cache or resources.
            clean(out, tool, discard)
            if tool == "hugo":
                discard(hugo_cache)
                discard(site / "hugo" / "resources")
                discard(site / "hugo" / "public")
            log = logs / f"{tool}-{rep + 1}.log"
            run = measure(commands[tool], log, args)
            run["warnings"] = warnings_in(log)
            runs[tool].append(run)
            if "failed" in run:
                print(f"  run {rep + 1}/{reps} {tool:8} {run['failed']}", flush=True)
                clean(out, tool, discard)
                continue
            print(
                f"  run {rep + 1}/{reps} {tool:8} wall {run['wall']:7.2f} s  cpu {run['cpu']:7.2f} s (sys {run['sys']:5.2f})  "
                f"rss {run['rss_mib']:7.0f} MiB  warnings {run['warnings']}",
                flush=True,
            )
        if not result["checked"] and all("failed" not in runs[t][-1] for t in ("lectern", "hugo")):
            check_pages(result, out)
        if not args.keep:
            for tool in TOOLS:
                clean(out, tool, discard)
    result["runs"] = runs
    return result


def clean(out: Path, tool: str, discard: Discard) -> None:
    """A tool's output, and whatever lectern left beside it (`.lectern.lectern-new`)."""
    discard(out / tool)
    if out.is_dir():
        for leftover in out.glob(f".{tool}.*"):
            discard(leftover)


def check_pages(result: dict, out: Path) -> None:
    lectern_pages = page_set(out / "lectern")
    hugo_pages = page_set(out / "hugo")
    result["checked"] = True
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


NAMES = {"lectern": "lectern", "hugo": "Hugo", "floor": "floor (parse + highlight)"}


def ok_runs(r: dict, tool: str) -> list[dict]:
    return [x for x in r["runs"][tool] if "failed" not in x]


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
        " medians; CPU = user + sys (sys: the kernel's part, mostly creating files); RSS = peak resident set of the process",
        "- previous outputs: " + ("deleted before each run (`--delete-between-runs`)" if args.delete_between_runs
                                  else "renamed aside, deleted after the last run"),
        "",
        "| pages | tool | runs | wall, median (s) | wall, min–max (s) | CPU, median (s) | of which sys (s) | peak RSS, median (MiB) | output (files, MiB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for tool in TOOLS:
            runs = ok_runs(r, tool)
            failures = [x["failed"] for x in r["runs"][tool] if "failed" in x]
            if tool != "floor" and f"{tool}_files" in r:
                output = f"{r[f'{tool}_files']}, {r[f'{tool}_bytes'] / 1048576:.0f}"
            else:
                output = "—"
            if not runs:
                lines.append(f"| {r['size']:,} | {NAMES[tool]} | 0 | {failures[0]} | | | | | |")
                continue
            walls = [x["wall"] for x in runs]
            count = f"{len(runs)}" + (f" ({len(failures)} killed)" if failures else "")
            # Results written before sys was recorded have none.
            kernel = f"{median(runs, 'sys'):.2f}" if all("sys" in x for x in runs) else "—"
            lines.append(
                f"| {r['size']:,} | {NAMES[tool]} | {count} | {median(runs, 'wall'):.2f} | "
                f"{min(walls):.2f}–{max(walls):.2f} | {median(runs, 'cpu'):.2f} | {kernel} | "
                f"{median(runs, 'rss_mib'):.0f} | {output} |"
            )
    lines += [
        "",
        "| pages | lectern / Hugo, wall | lectern / Hugo, CPU | lectern / Hugo, RSS | lectern / floor, wall | lectern / floor, CPU | same pages |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lec, hugo, floor = (ok_runs(r, t) for t in TOOLS)

        def ratio(a: list[dict], b: list[dict], key: str) -> str:
            return f"{median(a, key) / median(b, key):.2f}" if a and b else "—"

        if not r["checked"]:
            same = "not checked (a build failed)"
        elif not r["only_lectern"] and not r["only_hugo"]:
            same = f"yes ({r['pages_lectern']} pages)"
        else:
            same = f"no: {len(r['only_lectern'])} only lectern, {len(r['only_hugo'])} only Hugo"
        lines.append(
            f"| {r['size']:,} | {ratio(lec, hugo, 'wall')} | {ratio(lec, hugo, 'cpu')} | "
            f"{ratio(lec, hugo, 'rss_mib')} | {ratio(lec, floor, 'wall')} | {ratio(lec, floor, 'cpu')} | {same} |"
        )
    lines.append("")
    for r in results:
        warned = {t: max((x["warnings"] for x in r["runs"][t]), default=0) for t in ("lectern", "hugo")}
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
    parser.add_argument("--max-rss-gib", type=float, default=12,
                        help="kill a build whose resident memory passes this (default 12)")
    parser.add_argument("--timeout", type=float, default=1800, help="kill a build running longer (s, default 1800)")
    parser.add_argument("--keep", action="store_true", help="keep the last run's output in target/bench/out")
    parser.add_argument("--work", default="target/bench", help="working directory (default target/bench)")
    parser.add_argument("--delete-between-runs", action="store_true",
                        help="delete each run's output before the next run rather than after the last"
                        " (on an ext4 without a journal, every build then pays for the files deleted before it)")
    parser.add_argument("--lectern", required=True)
    parser.add_argument("--hugo", required=True)
    parser.add_argument("--gen", required=True)
    parser.add_argument("--floor", required=True)
    args = parser.parse_args()

    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()
    discard = Discard(work / "set-aside", args.delete_between_runs)
    # Left by an interrupted run: deleted before any build, like the rest.
    remove(discard.aside)
    results = [bench_size(size, args, work, discard) for size in args.sizes]
    discard.finish()
    text = report(results, args, started, load_before, os.getloadavg())
    (work / "results.md").write_text(text)
    (work / "results.json").write_text(json.dumps(results, indent=1))
    print()
    print(text, end="")
    print(f"\n(written to {work / 'results.md'})")


if __name__ == "__main__":
    main()
