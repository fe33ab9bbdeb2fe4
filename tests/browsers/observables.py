#!/usr/bin/env python3
"""Compares two fixture files on the observables of the v1 format.

    python3 tests/browsers/observables.py OLD.json NEW.json

Exit 0 when they agree; otherwise prints the differing observables and
exits 1. The observables are those crates/corsim/tests/recordings.rs holds
the profiles to: outcome, phase, preflights (URL and exact headers), hops
(URL, method, Origin), response type, status and readable headers, the error
code, and the console lines; and the HTTP version of each preflight and hop
when the committed fixture records it (older recordings do not). Diagnostics such as `notes` (a late start on a
busy machine) or Chromium's `net_error` are not observables.
"""
import json
import sys


def observables(fixture, http=True):
    if fixture.get("skipped") or not fixture.get("verdict"):
        return {"skipped": bool(fixture.get("skipped"))}
    out = []
    for r in fixture["verdict"]["requests"]:
        response = r.get("response") or {}
        out.append({
            "outcome": r.get("outcome"),
            "phase": r.get("phase"),
            "preflights": [(p.get("url"), p.get("headers"), p.get("http") if http else None) for p in r.get("preflights") or []],
            "hops": [(h.get("url"), h.get("method"), h.get("origin"), h.get("http") if http else None) for h in r.get("hops") or []],
            "response": [response.get(k) for k in ("type", "status", "readable_headers")],
            "error_code": (r.get("error") or {}).get("code"),
            "console": r.get("console"),
        })
    return {"requests": out}


committed, recorded = (json.load(open(p)) for p in sys.argv[1:3])
# The version is compared when the committed recording has it.
has_http = '"http"' in json.dumps((committed.get("verdict") or {}).get("requests"))
old, new = observables(committed, has_http), observables(recorded, has_http)
if old == new:
    sys.exit(0)
for i, (a, b) in enumerate(zip(old.get("requests", []), new.get("requests", []))):
    for key in a:
        if a[key] != b[key]:
            print(f"    request {i} {key}: committed {json.dumps(a[key])} / now {json.dumps(b[key])}")
if len(old.get("requests", [])) != len(new.get("requests", [])) or "skipped" in old or "skipped" in new:
    print(f"    committed {json.dumps(old)[:300]} / now {json.dumps(new)[:300]}")
sys.exit(1)
