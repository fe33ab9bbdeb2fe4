#!/usr/bin/env python3
"""Records what real CORS middleware libraries send (tests/servers/README.md).

For every framework and every configuration in configs/<framework>.json, it
starts the framework's app (apps/) with that policy on 127.0.0.1, sends each
request of requests.json over a raw TCP socket as HTTP/1.1, and writes the
status line and header lines exactly as received, in order, with duplicates,
to fixtures/<framework>/<config>.json. Each request also goes once to the
same app without the middleware: that answer is the exchange's
`app_response`.

    python3 tests/servers/record.py                          # everything
    python3 tests/servers/record.py --framework koa-cors     # one framework (repeatable)
    python3 tests/servers/record.py --config credentials     # configs by id (repeatable)
    python3 tests/servers/record.py --check --every 4        # re-record every 4th config; exit 1 on a change
    python3 tests/servers/record.py --list                   # framework, config ids

Needs what tests/servers/setup installs. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE / ".venv" / "bin" / "python"
AXUM_BIN = HERE / "apps" / "axum" / "target" / "debug" / "corsim-server-axum"
HOST = "api.example"
RECORDED_WITH = "tests/servers/record.py: raw HTTP/1.1 over TCP to 127.0.0.1, one connection per request"
# What varies between runs and is replaced: the value of these headers.
NORMALIZED = {"date": "<normalized>"}
# An exception's last traceback line (Python) or the first line of a stack (Node).
EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_][\w.]*)?(?:Error|Exception): ")
STARTUP_TIMEOUT = 30.0
IO_TIMEOUT = 10.0
BODY_LIMIT = 300


def node_versions(*packages):
    def versions():
        out = {"node": subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip().lstrip("v")}
        for name in packages:
            out[name] = json.loads((HERE / "node_modules" / name / "package.json").read_text())["version"]
        return out

    return versions


def python_versions(*packages):
    def versions():
        script = (
            "import json, platform, sys; from importlib.metadata import version\n"
            "names = sys.argv[1:]\n"
            "print(json.dumps({'python': platform.python_version(), **{n: version(n) for n in names}}))"
        )
        out = subprocess.run([str(VENV_PYTHON), "-c", script, *packages], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    return versions


def cargo_versions(*crates):
    def versions():
        lock = (HERE / "apps" / "axum" / "Cargo.lock").read_text()
        found = {}
        name = None
        for line in lock.splitlines():
            if line.startswith("name = "):
                name = line.split('"')[1]
            elif line.startswith("version = ") and name in crates:
                found[name] = line.split('"')[1]
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=True).stdout.split()[1]
        return {"rustc": rustc, **{c: found[c] for c in crates}}

    return versions


# framework id -> how to start its app, and which installed versions it records.
# `library` names the package whose version is the policy's "version".
FRAMEWORKS = {
    "express-cors": {
        "command": lambda arg: ["node", str(HERE / "apps" / "express.js"), arg],
        "versions": node_versions("express", "cors"),
        "library": "cors",
    },
    "fastify-cors": {
        "command": lambda arg: ["node", str(HERE / "apps" / "fastify.js"), arg],
        "versions": node_versions("fastify", "@fastify/cors"),
        "library": "@fastify/cors",
    },
    "koa-cors": {
        "command": lambda arg: ["node", str(HERE / "apps" / "koa.js"), arg],
        "versions": node_versions("koa", "@koa/cors", "@koa/router"),
        "library": "@koa/cors",
    },
    "flask-cors": {
        "command": lambda arg: [str(VENV_PYTHON), str(HERE / "apps" / "flask_app.py"), arg],
        "versions": python_versions("Flask", "flask-cors", "Werkzeug"),
        "library": "flask-cors",
    },
    "django-cors-headers": {
        "command": lambda arg: [str(VENV_PYTHON), str(HERE / "apps" / "django_app.py"), arg],
        "versions": python_versions("Django", "django-cors-headers"),
        "library": "django-cors-headers",
    },
    "starlette-cors": {
        "command": lambda arg: [str(VENV_PYTHON), str(HERE / "apps" / "starlette_app.py"), arg],
        "versions": python_versions("starlette", "uvicorn"),
        "library": "starlette",
    },
    "tower-http-cors": {
        "command": lambda arg: [str(AXUM_BIN), arg],
        "versions": cargo_versions("tower-http", "axum", "hyper", "tokio"),
        "library": "tower-http",
    },
}


class RecorderError(Exception):
    """Something went wrong in the recorder or an app, not in a library."""


# ---- stable JSON -----------------------------------------------------------


def dumps(value, inline_from=None) -> str:
    """2-space indentation, keys in insertion order; header pairs and short
    arrays of scalars on one line (as tests/browsers/record.mjs writes).
    Values nested `inline_from` levels deep or more are written on one line
    (a fixture's exchanges: one line per request and response)."""

    def scalar(v):
        return v is None or isinstance(v, (str, int, float, bool))

    def fmt(v, ind):
        if scalar(v) or (inline_from is not None and ind >= inline_from):
            return json.dumps(v, ensure_ascii=False)
        pad = "  " * (ind + 1)
        end = "  " * ind
        if isinstance(v, list):
            if not v:
                return "[]"
            if all(scalar(x) for x in v):
                one = "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
                if len(v) == 2 or len(one) + len(pad) <= 100:
                    return one
            return "[\n" + ",\n".join(pad + fmt(x, ind + 1) for x in v) + "\n" + end + "]"
        if not v:
            return "{}"
        return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {fmt(x, ind + 1)}" for k, x in v.items()) + "\n" + end + "}"

    return fmt(value, 0) + "\n"


# ---- apps -------------------------------------------------------------------


class App:
    """One running app: started with a policy (or --bare), stopped by pid."""

    def __init__(self, framework: str, arg: str):
        self.command = FRAMEWORKS[framework]["command"](arg)
        # PYTHONHASHSEED: Flask and Starlette build `Allow` from a set, whose order
        # otherwise changes from one process to the next.
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", PYTHONHASHSEED="0")
        self.proc = subprocess.Popen(
            self.command,
            cwd=HERE,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.port = None
        self.drains = []
        self.startup_error = None
        self.startup_stderr = b""
        self._wait_for_start()

    def _wait_for_start(self):
        out = b""
        err = b""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        fds = [self.proc.stdout.fileno(), self.proc.stderr.fileno()]
        while b"\n" not in out:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise RecorderError(f"{self.command}: no start-up line in {STARTUP_TIMEOUT}s; stderr: {err.decode(errors='replace')[-2000:]}")
            ready, _, _ = select.select(fds, [], [], left)
            for fd in ready:
                chunk = os.read(fd, 65536)
                if fd == fds[0]:
                    if not chunk:
                        self.stop()
                        raise RecorderError(f"{self.command}: exited without a start-up line; stderr: {err.decode(errors='replace')[-2000:]}")
                    out += chunk
                else:
                    err += chunk
        # Whatever the app wrote on stderr before its start-up line is in the
        # pipe by now (every app flushes stderr before printing that line).
        while select.select([fds[1]], [], [], 0)[0]:
            chunk = os.read(fds[1], 65536)
            if not chunk:
                break
            err += chunk
        self.startup_stderr = err
        line = json.loads(out.split(b"\n", 1)[0])
        if "startup_error" in line:
            self.startup_error = line["startup_error"]
            self.stop()
            return
        self.port = int(line["port"])
        # Keep the pipes drained so a chatty app never blocks on them.
        self.drains = [_Drain(self.proc.stdout), _Drain(self.proc.stderr)]
        for drain in self.drains:
            drain.start()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for drain in self.drains:
            drain.thread.join(5)

    def errors(self) -> list[str]:
        """The exception lines (`TypeError: ...`) the app logged on stderr
        while it served, first occurrence first; the error route's own
        `boom` left out. Call after stop()."""
        if not self.drains:
            return []
        seen = []
        for line in self.drains[1].data.decode("utf-8", errors="replace").splitlines():
            line = line.strip()
            if EXCEPTION_LINE.match(line) and "boom" not in line and line not in seen:
                seen.append(line)
        return seen


class _Drain:
    """Reads a pipe to its end in a thread, keeping the first MB."""

    def __init__(self, stream):
        import threading

        self.data = bytearray()
        self.thread = threading.Thread(target=self._run, args=(stream,), daemon=True)

    def start(self):
        self.thread.start()

    def _run(self, stream):
        while chunk := stream.read1(65536):
            if len(self.data) < 1 << 20:
                self.data += chunk


# ---- HTTP/1.1 ---------------------------------------------------------------


def raw_request(req) -> tuple[list[list[str]], bytes]:
    """The header lines (Host first) and the bytes on the wire."""
    headers = [["Host", HOST], *[list(h) for h in req["headers"]]]
    body = req.get("body")
    if body is not None:
        headers.append(["Content-Length", str(len(body.encode()))])
    head = f"{req['method']} {req['path']} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n"
    return headers, head.encode("latin-1") + (body.encode() if body is not None else b"")


def send(port: int, req) -> dict:
    """Sends one request on a fresh connection; returns status, headers (as
    received: names as spelled, values without the whitespace around them,
    in order) and the body."""
    _, wire = raw_request(req)
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as s:
        s.sendall(wire)
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise RecorderError(f"{req['id']}: connection closed before the response head ({buf[:200]!r})")
            buf += chunk
        head, rest = buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        version, status, *_ = lines[0].split(b" ", 2)
        if not version.startswith(b"HTTP/1."):
            raise RecorderError(f"{req['id']}: not an HTTP/1.x status line: {lines[0]!r}")
        status = int(status)
        headers = []
        for line in lines[1:]:
            if line[:1] in (b" ", b"\t"):
                raise RecorderError(f"{req['id']}: obsolete line folding: {line!r}")
            name, colon, value = line.partition(b":")
            if not colon:
                raise RecorderError(f"{req['id']}: a header line without a colon: {line!r}")
            headers.append([name.decode("latin-1"), value.strip(b" \t").decode("latin-1")])
        body = read_body(s, req["method"], status, headers, rest)
    return {"status": status, "headers": headers, "body": body}


def read_body(s: socket.socket, method: str, status: int, headers, rest: bytes) -> bytes:
    def field(name):
        values = [v for n, v in headers if n.lower() == name]
        return values[-1] if values else None

    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return b""

    def more():
        chunk = s.recv(65536)
        if not chunk:
            raise RecorderError("connection closed inside the body")
        return chunk

    if (field("transfer-encoding") or "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                rest += more()
            size_line, rest = rest.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                rest += more()
            if size == 0:
                return body
            body += rest[:size]
            rest = rest[size + 2 :]
    length = field("content-length")
    if length is not None:
        n = int(length)
        while len(rest) < n:
            rest += more()
        return rest[:n]
    while True:  # delimited by the end of the connection
        chunk = s.recv(65536)
        if not chunk:
            return rest
        rest += chunk


def normalized(headers):
    return [[n, NORMALIZED.get(n.lower(), v)] for n, v in headers]


def body_text(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    if len(text) > BODY_LIMIT:
        return text[:BODY_LIMIT] + f"... ({len(body)} bytes)"
    return text


# ---- recording --------------------------------------------------------------


def load_requests():
    return json.loads((HERE / "requests.json").read_text())["requests"]


def load_configs(framework):
    doc = json.loads((HERE / "configs" / f"{framework}.json").read_text())
    if doc["framework"] != framework:
        raise RecorderError(f"configs/{framework}.json names {doc['framework']}")
    ids = [c["id"] for c in doc["configs"]]
    if len(ids) != len(set(ids)):
        raise RecorderError(f"configs/{framework}.json: duplicate config ids")
    return doc["configs"]


def policy_of(framework, config, versions):
    policy = {"framework": framework, "version": versions[FRAMEWORKS[framework]["library"]], "options": config.get("options", {})}
    if "mount" in config:
        policy["mount"] = config["mount"]
    return policy


def request_line(req):
    headers, _ = raw_request(req)
    return {"method": req["method"], "url": f"http://{HOST}{req['path']}", "headers": headers}


def record_framework(framework, configs, requests, out: Path, log):
    """Records the given configs of one framework into out/<framework>/."""
    started = time.monotonic()
    versions = FRAMEWORKS[framework]["versions"]()
    bare = App(framework, "--bare")
    if bare.startup_error:
        raise RecorderError(f"{framework}: the bare app did not start: {bare.startup_error}")
    try:
        app_responses = {}
        for req in requests:
            r = send(bare.port, req)
            app_responses[req["id"]] = {"status": r["status"], "headers": normalized(r["headers"])}
    finally:
        bare.stop()
    (out / framework).mkdir(parents=True, exist_ok=True)
    for config in configs:
        policy = policy_of(framework, config, versions)
        fixture = {
            "framework": framework,
            "config": config["id"],
            "why": config.get("why", ""),
            "versions": versions,
            "recorded_with": RECORDED_WITH,
            "policy": policy,
        }
        app = App(framework, json.dumps(policy))
        if app.startup_stderr:
            fixture["startup_stderr"] = app.startup_stderr.decode("utf-8", errors="replace").replace(str(HERE), "tests/servers")
        exchanges = []
        if app.startup_error is not None:
            fixture["startup_error"] = app.startup_error
        else:
            try:
                for req in requests:
                    r = send(app.port, req)
                    exchanges.append(
                        {
                            "id": req["id"],
                            "request": request_line(req),
                            "app_response": app_responses[req["id"]],
                            "response": {"status": r["status"], "headers": normalized(r["headers"])},
                            "response_body": body_text(r["body"]),
                        }
                    )
            finally:
                app.stop()
            if app.errors():
                fixture["app_errors"] = app.errors()
        fixture["exchanges"] = exchanges
        (out / framework / f"{config['id']}.json").write_text(dumps(fixture, inline_from=3))
    log(f"{framework}: {len(configs)} configs x {len(requests)} requests in {time.monotonic() - started:.1f}s")
    return versions


# ---- check ------------------------------------------------------------------


def compared(fixture):
    """What --check holds a re-recording to: the start-up outcome and every
    exchange (request, app_response, response, body)."""
    return {
        "policy": fixture["policy"] | {"version": None},
        "startup_error": fixture.get("startup_error"),
        "startup_stderr": fixture.get("startup_stderr"),
        "app_errors": fixture.get("app_errors"),
        "exchanges": fixture["exchanges"],
    }


def differences(old, new):
    """Human-readable lines for what changed between two fixtures."""
    lines = []
    a, b = compared(old), compared(new)
    for key in ("policy", "startup_error", "startup_stderr", "app_errors"):
        if a[key] != b[key]:
            lines.append(f"  {key}: {json.dumps(a[key])} -> {json.dumps(b[key])}")
    ea = {e["id"]: e for e in a["exchanges"]}
    eb = {e["id"]: e for e in b["exchanges"]}
    for rid in list(ea) + [r for r in eb if r not in ea]:
        x, y = ea.get(rid), eb.get(rid)
        if x == y:
            continue
        if x is None or y is None:
            lines.append(f"  {rid}: {'added' if x is None else 'missing'}")
            continue
        for part in ("request", "app_response", "response", "response_body"):
            if x.get(part) != y.get(part):
                if isinstance(x.get(part), dict) and x[part].get("headers") is not None:
                    if x[part].get("status") != y[part].get("status"):
                        lines.append(f"  {rid} {part} status: {x[part].get('status')} -> {y[part].get('status')}")
                    hx, hy = x[part]["headers"], y[part]["headers"]
                    for h in hx:
                        if h not in hy:
                            lines.append(f"  {rid} {part}: - {h[0]}: {h[1]}")
                    for h in hy:
                        if h not in hx:
                            lines.append(f"  {rid} {part}: + {h[0]}: {h[1]}")
                    if sorted(map(tuple, hx)) == sorted(map(tuple, hy)) and hx != hy:
                        lines.append(f"  {rid} {part}: header order {hx} -> {hy}")
                else:
                    lines.append(f"  {rid} {part}: {json.dumps(x.get(part))} -> {json.dumps(y.get(part))}")
    if old.get("versions") != new.get("versions"):
        lines.append(f"  (versions: {json.dumps(old.get('versions'))} -> {json.dumps(new.get('versions'))})")
    return lines


# ---- main ---------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--framework", action="append", choices=sorted(FRAMEWORKS), help="only this framework (repeatable)")
    ap.add_argument("--config", action="append", help="only configs with this id (repeatable)")
    ap.add_argument("--every", type=int, default=1, help="only every N-th config of each framework")
    ap.add_argument("--check", action="store_true", help="re-record into a temporary directory; exit 1 if a fixture changed")
    ap.add_argument("--out", default=str(HERE / "fixtures"), help="output directory (default tests/servers/fixtures)")
    ap.add_argument("--jobs", type=int, default=1, help="frameworks recorded at once (default 1)")
    ap.add_argument("--list", action="store_true", help="print framework and config ids, record nothing")
    ap.add_argument("--python", help="the Python of another venv for the Python apps (to try other versions; default tests/servers/.venv)")
    args = ap.parse_args(argv)
    if args.python:
        global VENV_PYTHON
        VENV_PYTHON = Path(args.python).absolute()

    requests = load_requests()
    frameworks = args.framework or list(FRAMEWORKS)
    plan = {}
    for fw in frameworks:
        configs = load_configs(fw)
        if args.config:
            configs = [c for c in configs if c["id"] in args.config]
        configs = configs[:: args.every]
        if configs:
            plan[fw] = configs
    if args.list:
        for fw, configs in plan.items():
            for c in configs:
                print(fw, c["id"])
        return 0
    if not plan:
        print("record: nothing to record", file=sys.stderr)
        return 2

    fixtures = Path(args.out)
    out = Path(tempfile.mkdtemp(prefix="corsim-servers-")) if args.check else fixtures
    whole = not args.config and args.every == 1 and not args.check

    def log(msg):
        print(f"record: {msg}", flush=True)

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {fw: pool.submit(record_framework, fw, configs, requests, out, log) for fw, configs in plan.items()}
            for fw, f in futures.items():
                f.result()
        total = sum(len(c) for c in plan.values())
        log(f"{total} configs x {len(requests)} requests in {time.monotonic() - started:.1f}s")
        if whole:
            # A config removed from configs/ loses its fixture.
            for fw, configs in plan.items():
                keep = {f"{c['id']}.json" for c in configs}
                for f in (out / fw).glob("*.json"):
                    if f.name not in keep:
                        f.unlink()
                        log(f"removed {fw}/{f.name} (no such config)")
        if not args.check:
            return 0
        changed = 0
        for fw, configs in plan.items():
            for c in configs:
                name = f"{fw}/{c['id']}.json"
                committed = fixtures / name
                if not committed.exists():
                    print(f"changed: {name}: no committed fixture")
                    changed += 1
                    continue
                diff = differences(json.loads(committed.read_text()), json.loads((out / name).read_text()))
                if any(not line.startswith("  (versions") for line in diff):
                    changed += 1
                    print(f"changed: {name}")
                    print("\n".join(diff[:40]))
                elif diff:
                    print(f"note: {name}:\n" + "\n".join(diff))
        total = sum(len(c) for c in plan.values())
        print(f"check: {total} fixtures re-recorded, {changed} changed")
        if changed:
            print("The libraries no longer answer as the committed fixtures say: re-record with tests/servers/record.py and review the change.")
            return 1
        return 0
    finally:
        if args.check:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RecorderError as e:
        print(f"record: {e}", file=sys.stderr)
        sys.exit(2)
