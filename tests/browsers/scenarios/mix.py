#!/usr/bin/env python3
"""Writes mix.json: scenarios drawn at random (a fixed seed) from the
combinations people meet, to find what hand-written cases leave out: a
method, request headers, credentials and mode, then what the server answers
to the preflight and to the request (each CORS header present, absent or
slightly off), sometimes a redirect to a second server, sometimes the same
request again a second later (the preflight cache).

    python3 tests/browsers/scenarios/mix.py > tests/browsers/scenarios/mix.json
    python3 tests/browsers/scenarios/mix.py 2 > tests/browsers/scenarios/mix2.json

Round 2 (`mix2/`, another seed) adds redirect modes, upload listeners,
a second request with other headers, and chains of two redirects. Round 3
(`mix3/`) adds body kinds with and without a type, header values at the
edges of the safelist (a charset, a list, upper case, over 128 bytes, two
ranges), repeated names, and answers that are slightly off in other ways
(spaces around an origin, `TRUE`, a partial or spaced allow list). Round 4
(`mix4/`) draws on round 3's values with more XHR, more credentials, more
redirects and second requests, and `Access-Control-Expose-Headers` lists
with spaces and empty elements.
Half the scenarios are `http:` (HTTP/1.1), half `https:`. They carry no
expected verdict: the recordings are their truth.
"""

import json
import random
import sys

ROUND = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rng = random.Random(20261206 if ROUND == 1 else 20261206 + ROUND)
COUNT = 240
PREFIX = "mix" if ROUND == 1 else f"mix{ROUND}"

METHODS = ["GET", "GET", "HEAD", "POST", "POST", "PUT", "DELETE", "PATCH", "patch", "put", "OPTIONS", "FOO"]
REQUEST_HEADERS = [
    ["Content-Type", "text/plain"],
    ["Content-Type", "application/json"],
    ["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"],
    ["Accept", "application/json"],
    ["Accept-Language", "en-US"],
    ["Content-Language", "de"],
    ["X-Requested-With", "XMLHttpRequest"],
    ["X-Api-Key", "k1"],
    ["Authorization", "Bearer t"],
    ["Range", "bytes=0-9"],
    ["Cache-Control", "no-cache"],
]


if ROUND > 2:
    REQUEST_HEADERS = REQUEST_HEADERS + [
        ["Content-Type", "text/plain;charset=UTF-8"],
        ["Content-Type", "multipart/form-data; boundary=x"],
        ["Content-Type", "text/plain, application/json"],
        ["Content-Type", "TEXT/PLAIN"],
        ["Accept", "a" * 129],
        ["Accept-Language", "en;q=0.9, de"],
        ["Content-Language", "de, en"],
        ["Range", "bytes=5-"],
        ["Range", "bytes=0-9,20-30"],
        ["X-Custom", "1"],
        ["x-api-key", "k2"],
        ["DNT", "1"],
        ["Accept", "*/*"],
    ]


def pick(choices, weights=None):
    return rng.choices(choices, weights=weights)[0]


def allow_origin(page):
    if ROUND > 2:
        return pick(
            [[page], ["*"], [], [f" {page} "], [page + ", " + page], ["*", page]],
            [6, 3, 2, 1, 1, 1],
        )
    return pick(
        [[page], ["*"], [], [page + "/"], ["null"], [page.upper()], [page, page]],
        [6, 3, 2, 1, 1, 1, 1],
    )


def preflight_answer(page, method, names, credentials):
    headers = [["Access-Control-Allow-Origin", v] for v in allow_origin(page)]
    if credentials == "include" or rng.random() < 0.2:
        c = pick([["true"], [], ["false"], ["True"]] + ([["TRUE"], [" true"]] if ROUND > 2 else []),
                 [6, 2, 1, 1] + ([1, 1] if ROUND > 2 else []))
        headers += [["Access-Control-Allow-Credentials", v] for v in c]
    methods = pick(
        [[method], [method.upper()], ["*"], [], ["GET, POST"], [f"GET, {method.upper()}, OPTIONS"]],
        [3, 2, 2, 2, 1, 2],
    )
    headers += [["Access-Control-Allow-Methods", v] for v in methods]
    if names and ROUND > 2:
        allowed = pick(
            [[", ".join(names)], ["*"], [], [", ".join(names[1:])], [" , ".join(names) + " ,"], [", ".join(names), "*"], [n for n in names]],
            [4, 2, 2, 1, 1, 1, 1],
        )
        headers += [["Access-Control-Allow-Headers", v] for v in allowed]
    elif names:
        allowed = pick(
            [[", ".join(names)], ["*"], [], [names[0]], [", ".join(n.upper() for n in names)]],
            [4, 2, 2, 1, 1],
        )
        headers += [["Access-Control-Allow-Headers", v] for v in allowed]
    elif rng.random() < 0.2:
        headers.append(["Access-Control-Allow-Headers", "*"])
    if rng.random() < 0.4:
        headers.append(["Access-Control-Max-Age", pick(["600", "0", "-1", "5", ""])])
    status = pick([204, 200, 404, 500, 301, 403], [6, 3, 1, 1, 1, 1])
    return {"status": status, "headers": headers}


def actual_answer(page, credentials, location=None):
    headers = [["Access-Control-Allow-Origin", v] for v in allow_origin(page)]
    if credentials == "include" or rng.random() < 0.2:
        c = pick([["true"], [], ["false"]], [6, 2, 1])
        headers += [["Access-Control-Allow-Credentials", v] for v in c]
    if rng.random() < 0.4:
        exposed = ["X-Total", "*", "x-total, etag", ""] + ([" X-Total ", "X-Total,,ETag", "*, X-Total"] if ROUND > 3 else [])
        headers.append(["Access-Control-Expose-Headers", pick(exposed)])
    headers.append(["X-Total", "42"])
    if rng.random() < 0.3:
        headers.append(["Vary", "Origin"])
    if location:
        status = pick([302, 301, 303, 307, 308])
        headers.append(["Location", location])
    else:
        status = pick([200, 201, 204, 404, 500], [6, 1, 1, 1, 1])
    return {"status": status, "headers": headers}


cases = []
for n in range(COUNT):
    scheme = "http" if n % 2 == 0 else "https"
    page = f"{scheme}://app.example"
    api = f"{scheme}://api.example"
    other = f"{scheme}://other.example"
    name = f"{PREFIX}/{n:03d}"
    method = pick(METHODS)
    names = rng.sample(REQUEST_HEADERS, k=pick([0, 0, 1, 1, 2, 3] + ([4] if ROUND > 2 else [])))
    credentials = pick(["same-origin", "include", "omit"], [5, 5, 1] if ROUND > 3 else [5, 3, 1])
    mode = pick(["cors", "no-cors", "same-origin"], [12, 2, 1])
    api_kind = pick(["fetch", "xhr"], [1, 1] if ROUND > 3 else [4, 1])
    url = f"{api}/m{n:03d}"
    request = {"api": api_kind, "url": url, "method": method, "headers": names}
    if api_kind == "xhr":
        request["credentials"] = "include" if credentials == "include" else "same-origin"
    else:
        request["credentials"] = credentials
        request["mode"] = mode
    if method.upper() not in ("GET", "HEAD") and rng.random() < 0.7:
        request["body"] = {"kind": "string"}
        if ROUND > 2:
            kind = pick(["string", "blob", "formdata", "urlsearchparams", "arraybuffer"], [2, 2, 1, 1, 1])
            request["body"] = {"kind": kind}
            if kind in ("blob", "arraybuffer") and rng.random() < 0.6:
                request["body"]["type"] = pick(["text/plain", "application/json", "", "text/plain;charset=latin1"])
    if ROUND > 2 and names and rng.random() < 0.2:
        # The same name again, with another value.
        request["headers"] = names + [[names[0][0].lower(), pick(["2", "text/plain", "en"])]]
    header_names = sorted({h[0].lower() for h in names})
    entry = {"preflight": preflight_answer(page, method, header_names, request["credentials"])}
    server = {url: entry}
    if rng.random() < (0.35 if ROUND > 3 else 0.2):
        target = pick([f"{other}/m{n:03d}", f"{api}/m{n:03d}/moved", f"{page}/m{n:03d}"])
        entry["actual"] = actual_answer(page, request["credentials"], location=target)
        server[target] = {
            "preflight": preflight_answer(page, method, header_names, request["credentials"]),
            "actual": actual_answer(page, request["credentials"]),
        }
    else:
        entry["actual"] = actual_answer(page, request["credentials"])
    requests = [request]
    if ROUND > 1:
        if api_kind == "fetch" and rng.random() < 0.15:
            request["redirect"] = pick(["manual", "error"])
        if api_kind == "xhr" and rng.random() < 0.3:
            request["upload_listener"] = pick(["before-send", "after-send"])
        hop = server[url].get("actual", {})
        target = next((h[1] for h in hop.get("headers", []) if h[0] == "Location"), None)
        if target and rng.random() < 0.5:
            # A second redirect, from the first target to a third URL.
            third = f"{other}/m{n:03d}/third"
            server[target]["actual"] = actual_answer(page, request["credentials"], location=third)
            server[third] = {
                "preflight": preflight_answer(page, method, header_names, request["credentials"]),
                "actual": actual_answer(page, request["credentials"]),
            }
    if rng.random() < (0.4 if ROUND > 3 else 0.25):
        again = {**request, "at": 1 if ROUND == 1 else pick([0.5, 1, 7])}
        if ROUND > 1 and rng.random() < 0.5:
            again["headers"] = rng.sample(REQUEST_HEADERS, k=pick([1, 2]))
        requests.append(again)
    cases.append({"name": name, "scenario": {"page": page, "requests": requests, "server": server}})

print(json.dumps({"description": __doc__.strip().splitlines()[0], "cases": cases}, indent=1, ensure_ascii=False))
