#!/usr/bin/env python3
"""Writes the recording scenarios that complement the conformance corpus.

The conformance corpus (tests/corpus) ports the sources' cases; these
scenarios fill the areas a browser must be recorded on systematically
(credentials x Allow-Credentials, method case x Allow-Methods, every
forbidden request-header, the preflight cache over real time, sandboxed
pages, XHR, modes). They carry no expected verdict: the recordings in
tests/browsers/fixtures/<engine>/ are their truth.

    python3 tests/browsers/scenarios/gen.py   # rewrites systematic.json
"""
import json
import os

PAGE = "https://app.example"
API = "https://api.example"
cases = []


def add(name, scenario):
    cases.append({"name": "rec/" + name, "scenario": scenario})


def resp(status=200, headers=()):
    return {"status": status, "headers": [list(h) for h in headers]}


def acao(origin=PAGE, creds=None, extra=()):
    h = [("Access-Control-Allow-Origin", origin)]
    if creds is not None:
        h.append(("Access-Control-Allow-Credentials", creds))
    return h + list(extra)


# Credentials mode x Access-Control-Allow-Origin x Access-Control-Allow-Credentials.
for mode in ("omit", "same-origin", "include"):
    for origin in ("*", PAGE):
        for creds in (None, "true", "True", "TRUE", "false", "true, true", ""):
            tag = "absent" if creds is None else (creds.replace(", ", "-").replace(" ", "") or "empty")
            url = f"{API}/creds"
            add(f"credentials/{mode}-{'star' if origin == '*' else 'exact'}-acac-{tag}", {
                "page": PAGE,
                "requests": [{"url": url, "credentials": mode}],
                "server": {url: {"actual": resp(200, acao(origin, creds, [("Content-Type", "text/plain")]))}},
            })

# Method case x Access-Control-Allow-Methods.
for method in ("patch", "PATCH", "Patch", "put", "Put", "delete", "Delete", "options", "OPTIONS", "FOO", "foo", "post", "Get"):
    for allow in ("PATCH", "patch", "PUT", "DELETE", "OPTIONS", "FOO", "*", None):
        url = f"{API}/m"
        extra = [] if allow is None else [("Access-Control-Allow-Methods", allow)]
        tag = "absent" if allow is None else ("star" if allow == "*" else allow)
        add(f"method/{method}-allow-{tag}", {
            "page": PAGE,
            "requests": [{"url": url, "method": method}],
            "server": {url: {"preflight": resp(204, acao(PAGE, None, extra)), "actual": resp(200, acao())}},
        })

# Every forbidden request-header (and a few that are not) set by the script.
forbidden = ["Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
             "Access-Control-Request-Method", "Connection", "Content-Length", "Cookie", "Cookie2",
             "Date", "DNT", "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE",
             "Trailer", "Transfer-Encoding", "Upgrade", "Via", "Proxy-Authorization", "Proxy-Foo",
             "Sec-Foo", "Sec-Fetch-Mode", "User-Agent"]
for name in forbidden:
    url = f"{API}/forbidden"
    add(f"forbidden/{name.lower()}", {
        "page": PAGE,
        "requests": [{"url": url, "headers": [[name, "x"]]}],
        "server": {url: {"preflight": resp(204, acao(PAGE, None, [("Access-Control-Allow-Headers", name)])),
                         "actual": resp(200, acao())}},
    })
for value in ("GET", "CONNECT", "trace", "PUT, TRACK", "foo"):
    for name in ("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"):
        url = f"{API}/override"
        add(f"forbidden/{name.lower()}-{value.lower().replace(', ', '-')}", {
            "page": PAGE,
            "requests": [{"url": url, "method": "POST", "headers": [[name, value]]}],
            "server": {url: {"preflight": resp(204, acao(PAGE, None, [("Access-Control-Allow-Headers", name)])),
                             "actual": resp(200, acao())}},
        })

# The preflight cache over real time: max-age values against the time of the
# next request (all within 12 s, margins of at least 0.7 s).
for max_age, at in ((None, 2.0), (None, 6.5), ("0", 1.0), ("2", 1.0), ("2", 3.0), ("3", 2.0),
                    ("3", 4.0), ("-1", 1.0), ("abc", 1.0), ("1.5", 1.0), ("3, 3", 1.0), (" 3", 1.0),
                    ("99999999999999999999", 1.0), ("10", 9.0)):
    url = f"{API}/cache"
    extra = [("Access-Control-Allow-Methods", "PUT")]
    if max_age is not None:
        extra.append(("Access-Control-Max-Age", max_age))
    tag = "absent" if max_age is None else max_age.replace(", ", "-").replace(" ", "sp").replace(".", "_")
    add(f"cache/max-age-{tag}-then-{str(at).replace('.', '_')}s", {
        "page": PAGE,
        "requests": [{"url": url, "method": "PUT"}, {"url": url, "method": "PUT", "at": at}],
        "server": {url: {"preflight": resp(204, acao(PAGE, None, extra)), "actual": resp(200, acao())}},
    })
# What a cached result covers: another method, another header, credentials.
cache_follow_ups = {
    "same": {"method": "PUT"},
    "other-method": {"method": "DELETE"},
    "other-header": {"method": "PUT", "headers": [["X-B", "1"]]},
    "listed-header": {"method": "PUT", "headers": [["X-A", "1"]]},
    "credentialed": {"method": "PUT", "credentials": "include"},
    "get-with-header": {"headers": [["X-A", "1"]]},
}
for allow_methods in ("PUT", "*"):
    for allow_headers in ("X-A", "*"):
        for follow, extra_req in cache_follow_ups.items():
            url = f"{API}/cover"
            first = {"url": url, "method": "PUT", "headers": [["X-A", "1"]]}
            second = {"url": url, "at": 1.0, **extra_req}
            tag = f"m-{'star' if allow_methods == '*' else allow_methods}-h-{'star' if allow_headers == '*' else allow_headers}"
            add(f"cache/{tag}-then-{follow}", {
                "page": PAGE,
                "requests": [first, second],
                "server": {url: {
                    "preflight": resp(204, acao(PAGE, "true", [("Access-Control-Allow-Methods", allow_methods),
                                                             ("Access-Control-Allow-Headers", allow_headers),
                                                             ("Access-Control-Max-Age", "60")])),
                    "actual": resp(200, acao(PAGE, "true")),
                }},
            })

# Sandboxed pages (opaque origin "null").
for allow in ("null", "*", PAGE, "NULL", None):
    for method in ("GET", "PUT"):
        url = f"{API}/sandboxed"
        h = [] if allow is None else [("Access-Control-Allow-Origin", allow)]
        add(f"opaque-origin/{method.lower()}-acao-{'absent' if allow is None else allow.replace('https://', '').replace('*', 'star')}", {
            "page": "null",
            "requests": [{"url": url, "method": method}],
            "server": {url: {"preflight": resp(204, h + [("Access-Control-Allow-Methods", "PUT")]),
                             "actual": resp(200, h)}},
        })
url = f"{API}/sandboxed-creds"
add("opaque-origin/credentials-null-acac-true", {
    "page": "null",
    "requests": [{"url": url, "credentials": "include"}],
    "server": {url: {"actual": resp(200, [("Access-Control-Allow-Origin", "null"), ("Access-Control-Allow-Credentials", "true")])}},
})

# XHR: upload listeners, withCredentials, bodies, headers.
for listener in ("none", "before-send", "after-send"):
    for method, body in (("POST", {"kind": "string"}), ("GET", None), ("POST", None), ("PUT", {"kind": "blob", "type": "text/plain"})):
        url = f"{API}/xhr"
        req = {"api": "xhr", "url": url, "method": method, "upload_listener": listener}
        if body:
            req["body"] = body
        add(f"xhr/{listener}-{method.lower()}-{'body' if body else 'nobody'}", {
            "page": PAGE,
            "requests": [req],
            "server": {url: {"preflight": resp(204, acao(PAGE, None, [("Access-Control-Allow-Methods", "PUT, POST")])),
                             "actual": resp(200, acao(PAGE, None, [("Content-Type", "text/plain")]))}},
        })
for creds in ("include", "same-origin"):
    for acac in ("true", None):
        url = f"{API}/xhr-creds"
        add(f"xhr/with-credentials-{creds}-acac-{acac or 'absent'}", {
            "page": PAGE,
            "requests": [{"api": "xhr", "url": url, "credentials": creds}],
            "server": {url: {"actual": resp(200, acao(PAGE, acac, [("Content-Type", "text/plain")]))}},
        })
for ct in ("application/json", "text/plain;charset=ISO-8859-1", "text/plain"):
    url = f"{API}/xhr-ct"
    add(f"xhr/string-body-content-type-{ct.replace('/', '-').replace(';', '-').replace('=', '-').lower()}", {
        "page": PAGE,
        "requests": [{"api": "xhr", "url": url, "method": "POST", "headers": [["Content-Type", ct]], "body": {"kind": "string"}}],
        "server": {url: {"preflight": resp(204, acao(PAGE, None, [("Access-Control-Allow-Headers", "content-type")])),
                         "actual": resp(200, acao())}},
    })

# Modes and redirect modes against same- and cross-origin URLs.
for mode in ("cors", "no-cors", "same-origin"):
    for redirect in ("follow", "error", "manual"):
        for target in ("same", "cross"):
            start = f"{PAGE}/start" if target == "same" else f"{API}/start"
            end = f"{API}/end"
            add(f"modes/{mode}-{redirect}-{target}-redirect", {
                "page": PAGE,
                "requests": [{"url": start, "mode": mode, "redirect": redirect}],
                "server": {start: {"actual": resp(302, acao() + [("Location", end)])},
                           end: {"actual": resp(200, acao())}},
            })
    for method in ("GET", "POST", "PUT"):
        url = f"{API}/mode"
        add(f"modes/{mode}-{method.lower()}-cross-origin", {
            "page": PAGE,
            "requests": [{"url": url, "mode": mode, "method": method}],
            "server": {url: {"preflight": resp(204, acao(PAGE, None, [("Access-Control-Allow-Methods", "PUT")])),
                             "actual": resp(200, acao(PAGE, None, [("Content-Type", "text/plain")]))}},
        })

# Expose-Headers against credentials.
for expose in ("*", "X-A", "x-a, *", "X-A X-B", "Set-Cookie", ""):
    for creds in ("omit", "include"):
        url = f"{API}/expose"
        add(f"expose/{(expose or 'empty').replace(', ', '-').replace(' ', '_').replace('*', 'star').lower()}-{creds}", {
            "page": PAGE,
            "requests": [{"url": url, "credentials": creds}],
            "server": {url: {"actual": resp(200, acao(PAGE, "true", [("Access-Control-Expose-Headers", expose),
                                                                     ("X-A", "1"), ("X-B", "2"),
                                                                     ("Set-Cookie", "a=b"), ("Content-Type", "text/plain"),
                                                                     ("Cache-Control", "no-store")]))}},
        })

# Preflight CORS-check failures with credentials, and non-HTTP(S) URLs.
for origin, creds in (("*", "true"), (PAGE, None), (PAGE, "false"), ("*", None)):
    url = f"{API}/preflight-creds"
    tag = f"{'star' if origin == '*' else 'exact'}-acac-{creds or 'absent'}"
    add(f"preflight/credentials-{tag}", {
        "page": PAGE,
        "requests": [{"url": url, "method": "PUT", "credentials": "include"}],
        "server": {url: {"preflight": resp(204, acao(origin, creds, [("Access-Control-Allow-Methods", "PUT")])),
                         "actual": resp(200, acao(PAGE, "true"))}},
    })
for scheme_url in ("ftp://api.example/file", "ws://api.example/socket", "data:text/plain,hi"):
    for mode in ("cors", "no-cors"):
        add(f"scheme/{scheme_url.split(':')[0]}-{mode}", {
            "page": PAGE,
            "requests": [{"url": scheme_url, "mode": mode}],
            "server": {},
        })

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "systematic.json")
with open(out, "w") as f:
    json.dump({"description": __doc__.strip().splitlines()[0], "cases": cases}, f, indent=1)
    f.write("\n")
print(f"{len(cases)} scenarios -> {out}")
