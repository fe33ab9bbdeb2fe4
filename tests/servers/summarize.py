#!/usr/bin/env python3
"""One line per exchange of server fixtures: request id, the app's status
without the middleware -> the status with it, and the headers the middleware
added or changed (headers the app's own answer has too, and the transport's,
are left out).

    python3 tests/servers/summarize.py tests/servers/fixtures/koa-cors/*.json
    python3 tests/servers/summarize.py --all tests/servers/fixtures/flask-cors/defaults.json   # every header
    python3 tests/servers/summarize.py --only pf-put,get tests/servers/fixtures/*/*.json
"""

import argparse
import json
import sys

# Added by the HTTP server to every response, whatever the app or the
# middleware do: a model comparison skips them (README "Comparing").
TRANSPORT = {"date", "connection", "keep-alive", "content-length", "transfer-encoding", "server"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fixtures", nargs="+")
    ap.add_argument("--all", action="store_true", help="every header, not only what the middleware changed")
    ap.add_argument("--only", help="comma-separated request ids")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    for path in args.fixtures:
        fx = json.load(open(path))
        print(f"== {fx['framework']}/{fx['config']}: {json.dumps(fx['policy']['options'])}" + (f" mount={fx['policy']['mount']}" if "mount" in fx["policy"] else ""))
        if "startup_error" in fx:
            print(f"   startup_error: {fx['startup_error']}")
        if fx.get("startup_stderr"):
            print(f"   startup_stderr: {fx['startup_stderr'].strip()}")
        for e in fx["exchanges"]:
            if only and e["id"] not in only:
                continue
            app, res = e["app_response"], e["response"]
            if args.all:
                shown = res["headers"]
            else:
                base = [tuple(h) for h in app["headers"]]
                shown = [h for h in res["headers"] if h[0].lower() not in TRANSPORT and tuple(h) not in base]
            gone = [] if args.all else [h[0] for h in app["headers"] if h[0].lower() not in TRANSPORT and h[0].lower() not in {n.lower() for n, _ in res["headers"]}]
            extra = f"  (dropped: {', '.join(gone)})" if gone else ""
            print(f"   {e['id']:<26} {app['status']} -> {res['status']}  " + "; ".join(f"{n}: {v}" for n, v in shown) + extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
