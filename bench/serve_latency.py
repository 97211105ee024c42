#!/usr/bin/env python3
"""Edit-to-reload latency of `lectern serve`, and of `hugo server` beside it.

    bench/serve_latency.py (--gen GEN [--pages 3000] | --site DIR) [--runs 20]
                           [--title] [--lectern target/release/lectern] [--hugo HUGO]

Serves a copy of DIR, or the course the benchmark's generator writes
(`--gen target/release/lectern-bench-gen`, see README.md), on a free
loopback port, and for each run edits one lesson, adding a line to its body
(or, with --title, to its title), then times from the write: the reload
message reaching the page's live-reload connection, and the changed page
being fetched with the edit in it. Prints the median and the worst of each,
and the rebuild time the server reports. With --hugo (a Hugo binary, as
run.sh installs) and --gen, `hugo server` (default settings) gets the same
edits on the generator's Hugo twin of the course.
"""

import argparse
import base64
import glob
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
import struct
import subprocess
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def read_lines(sock, out, on_line):
    """Calls on_line for each line the socket sends."""
    buf = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            on_line(line.decode(errors="replace").rstrip("\r"), out)


def lectern_events(port, out):
    """Puts (time, data) on `out` for each reload event of lectern's stream."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET /__lectern/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    state = {"event": None}

    def on_line(line, out):
        if line.startswith("event: "):
            state["event"] = line[7:]
        elif line.startswith("data: ") and state["event"] == "reload":
            out.put((time.perf_counter(), line[6:]))

    read_lines(sock, out, on_line)


def hugo_events(port, out):
    """Puts (time, data) on `out` for each reload message of Hugo's
    LiveReload WebSocket, after saying hello as the browser script does."""
    sock = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                  f"Origin: http://127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(4096)
    buf = buf.split(b"\r\n\r\n", 1)[1]
    hello = json.dumps({"command": "hello",
                        "protocols": ["http://livereload.com/protocols/official-7"]}).encode()
    mask = os.urandom(4)
    sock.sendall(bytes([0x81, 0x80 | 126]) + struct.pack(">H", len(hello)) + mask
                 + bytes(b ^ mask[i % 4] for i, b in enumerate(hello)))

    def take(n):
        nonlocal buf
        while len(buf) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise EOFError
            buf += chunk
        data, buf = buf[:n], buf[n:]
        return data

    try:
        while True:
            first, second = take(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", take(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", take(8))[0]
            payload = take(length)
            if first & 0x0F == 1 and b'"reload"' in payload:
                out.put((time.perf_counter(), payload.decode()))
            elif first & 0x0F == 8:
                return
    except EOFError:
        return


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read().decode()
    conn.close()
    return body


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick_lesson(site):
    lessons = sorted(p for p in glob.glob(os.path.join(site, "content", "**", "*.md"), recursive=True)
                     if not os.path.basename(p).startswith(("_index", "index")))
    return lessons[len(lessons) // 2]


def edited(text, marker, title):
    if title:
        for line in text.splitlines():
            if line.startswith("title:"):
                value = line[len("title:"):].strip().strip('"')
                return text.replace(line, f'title: "{marker} {value}"', 1)
        raise SystemExit("the lesson has no `title:` line to edit")
    return text.rstrip("\n") + f"\n\n{marker}\n"


class Server:
    """A running server: its port, its reload messages (and the URL of the
    changed page each names), its rebuild times."""

    def __init__(self, command, ready, events, rebuilt, changed_url):
        self.changed_url = changed_url
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        started = time.perf_counter()
        self.port = None
        for line in self.process.stdout:
            found = re.search(ready, line)
            if found:
                self.port = int(found.group(1))
                break
        if self.port is None:
            raise SystemExit(f"{command[0]} did not start")
        print(f"  {os.path.basename(command[0])} ready in {time.perf_counter() - started:.2f} s")
        self.rebuilds = []

        def read_output():
            for line in self.process.stdout:
                found = re.search(rebuilt, line)
                if found:
                    self.rebuilds.append(float(found.group(1)) / 1000)

        threading.Thread(target=read_output, daemon=True).start()
        self.reloads = queue.Queue()
        threading.Thread(target=events, args=(self.port, self.reloads), daemon=True).start()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def measure(server, lesson, runs, title, pause):
    """Times `runs` edits of `lesson`; returns the times and the URL of the
    page that showed the edit."""
    original = open(lesson, encoding="utf-8").read()
    to_event, to_page = [], []
    path = None
    try:
        for run in range(runs):
            marker = f"Edited{run}"
            start = time.perf_counter()
            with open(lesson, "w", encoding="utf-8") as f:
                f.write(edited(original, marker, title))
            at, data = server.reloads.get(timeout=30)
            to_event.append(at - start)
            path = server.changed_url(json.loads(data))
            deadline = time.perf_counter() + 10
            while marker not in fetch(server.port, path):
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{path} never showed the edit")
            to_page.append(time.perf_counter() - start)
            time.sleep(pause)
            while not server.reloads.empty():
                server.reloads.get()
    finally:
        with open(lesson, "w", encoding="utf-8") as f:
            f.write(original)
        server.stop()
    return (to_event, to_page, server.rebuilds), path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lectern", default=os.path.join(HERE, "..", "target", "release", "lectern"))
    ap.add_argument("--hugo", help="a Hugo binary to compare with (needs --gen)")
    ap.add_argument("--gen", help="the benchmark's course generator")
    ap.add_argument("--site", help="a site to copy and serve instead")
    ap.add_argument("--pages", type=int, default=3000, help="pages of the generated course")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--title", action="store_true", help="edit a title rather than a body")
    ap.add_argument("--pause", type=float, default=1.5,
                    help="seconds between edits, as between an author's saves")
    args = ap.parse_args()
    if (args.gen is None) == (args.site is None):
        raise SystemExit("give --gen or --site")
    if args.hugo and not args.gen:
        raise SystemExit("--hugo needs --gen")

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = os.path.join(tmp, "site")
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public"))
        else:
            subprocess.run([args.gen, "--pages", str(args.pages), tmp],
                           check=True, stdout=subprocess.DEVNULL)
            site = os.path.join(tmp, "lectern")
        lesson = pick_lesson(site)
        lectern = Server([args.lectern, "serve", site, "--port", "0"],
                         r"Serving http://127\.0\.0\.1:(\d+)/", lectern_events,
                         r"^Rebuilt in ([\d.]+) ms",
                         lambda data: next(p for p in data.get("paths", []) if p.endswith("/")))
        results["lectern serve"], url = measure(lectern, lesson, args.runs, args.title, args.pause)
        if args.hugo:
            hugo_site = os.path.join(tmp, "hugo")
            port = free_port()
            hugo = Server([args.hugo, "server", "--source", hugo_site, "--port", str(port),
                           "--bind", "127.0.0.1", "--baseURL", "http://127.0.0.1/",
                           "--destination", os.path.join(tmp, "hugo-public")],
                          r"Web Server is available at http://127\.0\.0\.1:(\d+)/", hugo_events,
                          # Hugo's message names no page ("/x.js": reload
                          # whatever is open); the course is the same.
                          r"Total in (\d+) ms", lambda data: url)
            hugo_lesson = os.path.join(hugo_site, os.path.relpath(lesson, site))
            results["hugo server"], _ = measure(hugo, hugo_lesson, args.runs, args.title, args.pause)

    def ms(xs):
        if not xs:
            return "n/a"
        return f"median {statistics.median(xs) * 1000:.0f} ms, worst {max(xs) * 1000:.0f} ms"

    what = "title" if args.title else "body"
    print(f"{args.runs} {what} edits of {os.path.relpath(lesson, site)}:")
    for name, (to_event, to_page, rebuilds) in results.items():
        print(f"  {name}:")
        print(f"    rebuild, as the server reports it: {ms(rebuilds)}")
        print(f"    write → reload message: {ms(to_event)}")
        print(f"    write → changed page fetched: {ms(to_page)}")


if __name__ == "__main__":
    main()
