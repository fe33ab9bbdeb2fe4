#!/usr/bin/env python3
"""Writes http-version.json and http-version-tls1.json: what the HTTP
version changes, recorded.

Each case comes three times: `h1-*` on http: origins (HTTP/1.1: browsers
never speak HTTP/2 in cleartext) and `h2-*` on https: origins whose server
entries say `"http": "2"`, both in http-version.json (record it with
`--http2`); `h1s-*` on https: origins whose entries say `"http": "1.1"`, in
http-version-tls1.json (record it with `--http1`), which tells the version
apart from the scheme. The recorder skips a scenario whose `http` the
transport of the run cannot give. The classes: whitespace around response header values (the
HTTP/1.1 parser strips it; over HTTP/2 the value arrives as sent), and
statuses outside 200-599 (over HTTP/2 the recorder sends them through Node's
native stream handle: its HTTP/2 API refuses them).

    python3 tests/browsers/scenarios/http_version.py   # rewrites both files
"""
import json
import os

cases = []


def resp(status=200, headers=()):
    return {"status": status, "headers": [list(h) for h in headers]}


tls1_cases = []


def add(name, build, versions=("h1", "h2", "h1s")):
    for v in versions:
        scheme = "http" if v == "h1" else "https"
        page, api = f"{scheme}://app.example", f"{scheme}://api.example"
        scenario = build(page, api)
        if v != "h1":
            for entry in scenario["server"].values():
                entry["http"] = "2" if v == "h2" else "1.1"
        (tls1_cases if v == "h1s" else cases).append({"name": f"http-version/{v}-{name}", "scenario": scenario})


def simple(value_of, creds=None, acac=None, status=200, extra=()):
    def build(page, api):
        url = f"{api}/ws"
        request = {"url": url}
        if creds:
            request["credentials"] = creds
        headers = [("Access-Control-Allow-Origin", value_of(page))]
        if acac is not None:
            headers.append(("Access-Control-Allow-Credentials", acac))
        headers += list(extra)
        return {"page": page, "requests": [request], "server": {url: {"actual": resp(status, headers)}}}
    return build


# Access-Control-Allow-Origin with whitespace around the value.
add("acao-star-spaces", simple(lambda p: "  *  "))
add("acao-star-tabs", simple(lambda p: "\t*\t"))
add("acao-origin-leading-space", simple(lambda p: " " + p))
add("acao-origin-trailing-space", simple(lambda p: p + " "))
add("acao-origin-tabs", simple(lambda p: "\t" + p + "\t"))
add("acao-origin-plain", simple(lambda p: p))
# Access-Control-Allow-Credentials "true" with whitespace.
add("acac-true-trailing-space", simple(lambda p: p, creds="include", acac="true "))
add("acac-true-leading-tab", simple(lambda p: p, creds="include", acac="\ttrue"))
# Access-Control-Expose-Headers with whitespace around the list.
add("expose-spaces", simple(lambda p: p, extra=[("Access-Control-Expose-Headers", "  x-b  "), ("X-B", "1")]))
add("expose-tabs-list", simple(lambda p: p, extra=[("Access-Control-Expose-Headers", "\tx-b, x-c\t"), ("X-B", "1"), ("X-C", "2")]))


def preflighted(preflight_headers, method="PUT", headers=(), second_at=None):
    def build(page, api):
        url = f"{api}/pf"
        request = {"url": url, "method": method}
        if headers:
            request["headers"] = [list(h) for h in headers]
        requests = [request]
        if second_at is not None:
            requests.append(dict(request, at=second_at))
        pf = [("Access-Control-Allow-Origin", page)] + [(n, v(page) if callable(v) else v) for n, v in preflight_headers]
        return {"page": page, "requests": requests, "server": {url: {
            "preflight": resp(204, pf), "actual": resp(200, [("Access-Control-Allow-Origin", page)])}}}
    return build


# Access-Control-Allow-Methods / -Headers with whitespace around the value.
add("acam-spaces", preflighted([("Access-Control-Allow-Methods", "  PUT  ")]))
add("acam-tabs", preflighted([("Access-Control-Allow-Methods", "\tPUT\t")]))
add("acah-spaces", preflighted([("Access-Control-Allow-Headers", "  x-a  ")], method="GET", headers=[("X-A", "1")]))
add("acah-tabs", preflighted([("Access-Control-Allow-Headers", "\tx-a\t")], method="GET", headers=[("X-A", "1")]))
# The preflight's own Access-Control-Allow-Origin with whitespace.
add("preflight-acao-spaces", lambda page, api: {
    "page": page,
    "requests": [{"url": f"{api}/pf", "method": "PUT"}],
    "server": {f"{api}/pf": {
        "preflight": resp(204, [("Access-Control-Allow-Origin", " " + page + " "), ("Access-Control-Allow-Methods", "PUT")]),
        "actual": resp(200, [("Access-Control-Allow-Origin", page)])}},
})
# Access-Control-Max-Age " 0 ": parsed as 0 the second request preflights
# again; unparsable, the browser's fallback applies.
add("max-age-0-spaces", preflighted([("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", " 0 ")], second_at=0.3))
add("max-age-0-plain", preflighted([("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "0")], second_at=0.3))

# What the script can read of the response: a same-origin (basic) response
# shows every header; a CORS one what Access-Control-Expose-Headers lists.
# (Firefox adds `X-Firefox-Spdy: h2` to what it received over HTTP/2.)
add("same-origin-headers", lambda page, api: {
    "page": api,
    "requests": [{"url": f"{api}/same"}],
    "server": {f"{api}/same": {"actual": resp(200, [("Content-Type", "text/plain"), ("X-B", "1")])}},
})
add("expose-star", simple(lambda p: p, extra=[("Access-Control-Expose-Headers", "*"), ("X-B", "1")]))
add("expose-spdy", simple(lambda p: p, extra=[("Access-Control-Expose-Headers", "X-Firefox-Spdy, X-B"), ("X-B", "1")]))

# Statuses outside 200-599: an HTTP/1.1 parser takes any three digits.
for status in (600, 680, 799, 999):
    add(f"status-{status}", simple(lambda p: "*", status=status), versions=("h1", "h2", "h1s"))
    add(f"preflight-status-{status}", lambda page, api, status=status: {
        "page": page,
        "requests": [{"url": f"{api}/pf", "method": "PUT"}],
        "server": {f"{api}/pf": {
            "preflight": resp(status, [("Access-Control-Allow-Origin", page), ("Access-Control-Allow-Methods", "PUT")]),
            "actual": resp(200, [("Access-Control-Allow-Origin", page)])}},
    }, versions=("h1", "h2", "h1s"))

here = os.path.dirname(os.path.abspath(__file__))
for file, items, how in (
    ("http-version.json", cases, "http: over HTTP/1.1, https: over HTTP/2 (record with --http2)"),
    ("http-version-tls1.json", tls1_cases, "https: over HTTP/1.1 (record with --http1)"),
):
    out = {
        "description": f"What the HTTP version changes (whitespace around response header values, statuses), {how}; see http_version.py",
        "cases": items,
    }
    path = os.path.join(here, file)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{len(items)} cases -> {path}")
