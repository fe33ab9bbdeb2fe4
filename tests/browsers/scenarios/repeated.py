#!/usr/bin/env python3
"""Writes repeated.json: responses that repeat a field, and a 408, each
recorded in all three engines over HTTP/2 and HTTP/1.1 (the https: cases of
this file go through both transports: fixtures/<engine>/ and
fixtures/other-http/<engine>/).

    python3 tests/browsers/scenarios/repeated.py > tests/browsers/scenarios/repeated.json

What the recordings showed (tests/browsers/README.md, "Repeated fields"):
Firefox merges a repeated field into one line and skips an empty value, and
over HTTP/2 `Access-Control-Allow-Origin` too; Chromium and Firefox refuse a
response that repeats `Location` or `Content-Disposition` with different
values and take alike lines as one; WebKit joins `Location` lines into one
URL; Firefox over HTTP/2 sends a request answered with 408 again, ten times.
"""

import json

PAGE = "https://app.example"
API = "https://api.example"
STAR = [["Access-Control-Allow-Origin", "*"]]
ORIGIN = [["Access-Control-Allow-Origin", PAGE]]

cases = []


def case(name, about, requests, server):
    cases.append(
        {
            "name": f"repeated/{name}",
            "scenario": {
                "x-about": about,
                "page": PAGE,
                "requests": requests,
                "server": server,
            },
        }
    )


def actual(name, about, headers, status=200, request=None, extra=None):
    url = f"{API}/{name}"
    server = {url: {"actual": {"status": status, "headers": headers}}}
    server.update(extra or {})
    case(name, about, [dict(request or {}, url=url)], server)


def ok_at(path):
    return {f"{API}/{path}": {"actual": {"status": 200, "headers": STAR}}}


# Fields a network stack may refuse to see twice.
actual("location-differ-200", "Two different Location lines on a 200.",
       STAR + [["Location", "/a"], ["Location", "/b"]])
actual("content-disposition-differ", "Two different Content-Disposition lines.",
       STAR + [["Content-Disposition", "inline"], ["Content-Disposition", "attachment"]])
# Where WebKit goes: the lines joined into one URL, relative to this one.
JOINED = {**ok_at("a"), **ok_at("b"), **ok_at("a,%20/b"), **ok_at("a,%20/a"), **ok_at(",%20/a")}
actual("location-differ-302", "A 302 with two different Location lines.",
       STAR + [["Location", "/a"], ["Location", "/b"]], 302, extra=JOINED)
actual("location-same-302", "A 302 with the same Location twice.",
       STAR + [["Location", "/a"], ["Location", "/a"]], 302, extra=JOINED)
actual("location-empty-302", "A 302 with an empty Location, then /a.",
       STAR + [["Location", ""], ["Location", "/a"]], 302, extra=JOINED)
actual("content-type-twice", "Content-Type twice, different values.",
       STAR + [["Content-Type", "text/plain"], ["Content-Type", "text/html"]])

# How repeated CORS fields combine.
actual("acao-empty-then-origin", "Access-Control-Allow-Origin empty, then the origin.",
       [["Access-Control-Allow-Origin", ""], ["Access-Control-Allow-Origin", PAGE]])
actual("acao-origin-then-empty", "Access-Control-Allow-Origin the origin, then empty.",
       [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Origin", ""]])
actual("acao-empty-twice", "Access-Control-Allow-Origin empty twice.",
       [["Access-Control-Allow-Origin", ""], ["Access-Control-Allow-Origin", ""]])
actual("acac-empty-then-true", "Credentials, and Access-Control-Allow-Credentials empty, then true.",
       ORIGIN + [["Access-Control-Allow-Credentials", ""], ["Access-Control-Allow-Credentials", "true"]],
       request={"credentials": "include"})
actual("acac-true-then-empty", "Credentials, and Access-Control-Allow-Credentials true, then empty.",
       ORIGIN + [["Access-Control-Allow-Credentials", "true"], ["Access-Control-Allow-Credentials", ""]],
       request={"credentials": "include"})
actual("acac-true-twice", "Credentials, and Access-Control-Allow-Credentials true twice.",
       ORIGIN + [["Access-Control-Allow-Credentials", "true"], ["Access-Control-Allow-Credentials", "true"]],
       request={"credentials": "include"})
actual("expose-empty-then-name", "Access-Control-Expose-Headers empty, then X-A; X-A empty, then b.",
       STAR + [["Access-Control-Expose-Headers", ""], ["Access-Control-Expose-Headers", "X-A"],
               ["X-A", ""], ["X-A", "b"]])

url = f"{API}/preflight-acao-twice"
case("preflight-acao-twice", "A preflight answered with the origin twice.",
     [{"url": url, "method": "PUT"}],
     {url: {"preflight": {"status": 204, "headers": ORIGIN + ORIGIN + [["Access-Control-Allow-Methods", "PUT"]]},
            "actual": {"status": 200, "headers": ORIGIN}}})
url = f"{API}/preflight-acam-empty-then-put"
case("preflight-acam-empty-then-put", "A preflight answered with Access-Control-Allow-Methods empty, then PUT.",
     [{"url": url, "method": "PUT"}],
     {url: {"preflight": {"status": 204, "headers": ORIGIN + [["Access-Control-Allow-Methods", ""],
                                                               ["Access-Control-Allow-Methods", "PUT"]]},
            "actual": {"status": 200, "headers": ORIGIN}}})

# A 408.
actual("status-408", "The request is answered with 408.", STAR, 408)
actual("status-408-xhr", "An XHR answered with 408.", STAR, 408, request={"api": "xhr"})
url = f"{API}/preflight-408"
case("preflight-408", "The preflight is answered with 408.",
     [{"url": url, "method": "PUT"}],
     {url: {"preflight": {"status": 408, "headers": STAR + [["Access-Control-Allow-Methods", "PUT"]]},
            "actual": {"status": 200, "headers": STAR}}})
url = f"{API}/status-408-then-200"
case("status-408-then-200", "A 408, then a 200 to the same URL: whoever sends it again gets the 200.",
     [{"url": url}],
     {url: {"actual": [{"status": 408, "headers": STAR}, {"status": 200, "headers": STAR}]}})

print(json.dumps({"description": __doc__.strip().splitlines()[0], "cases": cases}, indent=1))
