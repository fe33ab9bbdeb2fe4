#!/usr/bin/env python3
"""Writes edge.json: the behaviour classes issue 10 item 3 names, each
recorded in all three engines over HTTP/1.1 (an http: page and http: URLs,
as most servers people test against locally are).

    python3 tests/browsers/scenarios/edge.py > tests/browsers/scenarios/edge.json

Classes: header values are ByteStrings (a code point above U+00FF throws
before anything is sent); `Range` case; repeated request headers (each
appended value or the combined one); `Accept` and `Content-Type` safelist
details (non-ASCII and high bytes, parameters, length); the preflight cache
when `Access-Control-Max-Age` is absent, empty or invalid, for an immediate
second request; preflights of a preflighted request that a redirect makes
simple, and the method a redirect gives it; XHR's forbidden request
headers; which disallowed header a failed preflight names, and how it is
spelled (found by the random mix, scenarios/mix.json).
"""

import json

PAGE = "http://app.example"
API = "http://api.example"
SECURE_PAGE = "https://app.example"
SECURE_API = "https://api.example"
ALLOW = [["Access-Control-Allow-Origin", PAGE]]


def allow_all(headers="*", methods="GET, POST, PUT, DELETE", extra=()):
    return {
        "status": 204,
        "headers": ALLOW
        + [
            ["Access-Control-Allow-Methods", methods],
            ["Access-Control-Allow-Headers", headers],
            *extra,
        ],
    }


cases = []


def case(name, about, requests, server, page=PAGE):
    cases.append(
        {
            "name": f"edge/{name}",
            "scenario": {
                "x-about": about,
                "page": page,
                "requests": requests,
                "server": server,
            },
        }
    )


def request_of(url, method, headers, body=None, api="fetch"):
    """A request as the scenarios write it; `api` None leaves it out."""
    request = {"api": api, "url": url, "method": method, "headers": headers}
    if api is None:
        del request["api"]
    if body is not None:
        request["body"] = {"kind": body}
    return request


def header_case(name, about, headers, api="fetch", method="GET", body=None):
    url = f"{API}/{name}"
    request = request_of(url, method, headers, body, api)
    case(
        name,
        about,
        [request],
        {url: {"preflight": allow_all(), "actual": {"status": 200, "headers": ALLOW}}},
    )


# ByteString: U+00E9 is a byte (0xE9); U+0101 and beyond throw.
for api in ("fetch", "xhr"):
    header_case(f"bytestring-latin1-{api}", "a custom header whose value has U+00E9", [["X-Note", "caf\u00e9"]], api)
    header_case(f"bytestring-u0101-{api}", "a custom header whose value has U+0101", [["X-Note", "\u0101"]], api)
    header_case(f"bytestring-cjk-accept-{api}", "Accept with CJK characters", [["Accept", "\u65e5\u672c"]], api)
    header_case(f"bytestring-emoji-{api}", "a custom header whose value has an emoji", [["X-Note", "ok \U0001F600"]], api)
    header_case(f"bytestring-name-{api}", "a header name with U+00E9", [["X-Caf\u00e9", "1"]], api)

# Accept and Content-Type: high bytes, parameters, length.
for api in ("fetch", "xhr"):
    header_case(f"accept-latin1-{api}", "Accept with U+00E9 (byte 0xE9)", [["Accept", "text/caf\u00e9"]], api)
    header_case(f"accept-128-{api}", "Accept of 128 bytes", [["Accept", "a" * 128]], api)
    header_case(f"accept-129-{api}", "Accept of 129 bytes", [["Accept", "a" * 129]], api)
    # U+00E9 is one byte of the ByteString (0xE9), two in UTF-8: the
    # 128-byte limit counts one.
    header_case(f"accept-latin1-128-{api}", "Accept of 128 U+00E9 (128 bytes, 256 in UTF-8)", [["Accept", "\u00e9" * 128]], api)
    header_case(f"accept-latin1-129-{api}", "Accept of 129 U+00E9 (129 bytes)", [["Accept", "\u00e9" * 129]], api)
    header_case(f"content-type-latin1-quoted-{api}", "Content-Type text/plain with U+00E9 in a short quoted parameter", [["Content-Type", 'text/plain;x="\u00e9"']], api, "POST", "string")
    header_case(f"content-type-latin1-unquoted-128-{api}", "Content-Type text/plain of 128 bytes with U+00E9 in a parameter", [["Content-Type", "text/plain;x=" + "\u00e9" * (128 - 13)]], api, "POST", "string")
    header_case(f"content-type-latin1-64-{api}", "Content-Type text/plain of 64 characters, 115 bytes in UTF-8, with U+00E9 in a parameter", [["Content-Type", "text/plain;x=" + "\u00e9" * (64 - 13)]], api, "POST", "string")
    header_case(f"content-type-latin1-128-{api}", "Content-Type text/plain of 128 bytes with U+00E9 in a quoted parameter", [["Content-Type", 'text/plain;x="' + "\u00e9" * (128 - 15) + '"']], api, "POST", "string")
    header_case(f"accept-language-latin1-{api}", "Accept-Language with U+00E9", [["Accept-Language", "fr-\u00e9"]], api)
    header_case(f"content-language-latin1-{api}", "Content-Language with U+00E9", [["Content-Language", "fr\u00e9"]], api)
    header_case(f"content-type-latin1-param-{api}", "Content-Type text/plain with a charset of U+00E9", [["Content-Type", "text/plain;charset=\u00e9"]], api, "POST", "string")
    header_case(f"content-type-params-{api}", "Content-Type text/plain with two parameters", [["Content-Type", "text/plain; charset=utf-8; format=flowed"]], api, "POST", "string")
    header_case(f"content-type-quoted-{api}", "Content-Type with a quoted charset", [["Content-Type", 'text/plain; charset="utf-8"']], api, "POST", "string")
    header_case(f"content-type-upper-{api}", "Content-Type in capitals", [["Content-Type", "TEXT/PLAIN"]], api, "POST", "string")
    header_case(f"content-type-128-{api}", "Content-Type of 128 bytes", [["Content-Type", "text/plain;x=" + "a" * (128 - 13)]], api, "POST", "string")
    header_case(f"content-type-129-{api}", "Content-Type of 129 bytes", [["Content-Type", "text/plain;x=" + "a" * (129 - 13)]], api, "POST", "string")
    header_case(f"content-type-unsafe-byte-{api}", "Content-Type text/plain with an unsafe byte in a parameter", [["Content-Type", "text/plain;x=\"a@b\""]], api, "POST", "string")
    header_case(f"range-capital-bytes-{api}", "Range with Bytes= in a capital", [["Range", "Bytes=0-1"]], api)
    header_case(f"range-upper-bytes-{api}", "Range with BYTES=", [["Range", "BYTES=0-1"]], api)
    header_case(f"range-u64-max-{api}", "Range at 2^64-1", [["Range", "bytes=0-18446744073709551615"]], api)
    header_case(f"range-u64-over-{api}", "Range one past 2^64-1", [["Range", "bytes=0-18446744073709551616"]], api)
    header_case(f"range-leading-zeros-{api}", "Range with leading zeros", [["Range", "bytes=000-0001"]], api)
    header_case(f"range-i64-max-{api}", "Range at 2^63-1", [["Range", "bytes=0-9223372036854775807"]], api)
    header_case(f"range-i64-over-{api}", "Range one past 2^63-1", [["Range", "bytes=0-9223372036854775808"]], api)
    header_case(f"range-i64-max-start-{api}", "Range starting at 2^63-1, open", [["Range", "bytes=9223372036854775807-"]], api)
    header_case(f"range-u32-over-{api}", "Range one past 2^32-1", [["Range", "bytes=0-4294967296"]], api)

# Repeated request headers: each value or the combined one.
for api in ("fetch", "xhr"):
    header_case(f"repeat-accept-{api}", "Accept appended twice", [["Accept", "text/html"], ["Accept", "application/json"]], api)
    header_case(f"repeat-content-type-same-{api}", "Content-Type text/plain appended twice", [["Content-Type", "text/plain"], ["Content-Type", "text/plain"]], api, "POST", "string")
    header_case(f"repeat-content-type-json-{api}", "Content-Type text/plain then application/json", [["Content-Type", "text/plain"], ["Content-Type", "application/json"]], api, "POST", "string")
    header_case(f"repeat-accept-language-over-1024-{api}", "Accept-Language appended nine times, 120 bytes each (1,080 in all, each under 128)", [["Accept-Language", "a" * 120]] * 9, api)
    header_case(f"repeat-accept-over-128-{api}", "Accept appended twice, 100 bytes each (combined over 128)", [["Accept", "a" * 100], ["Accept", "b" * 100]], api)
    header_case(f"repeat-custom-{api}", "a custom header appended twice", [["X-Custom", "1"], ["X-Custom", "2"]], api)
    header_case(f"repeat-range-{api}", "Range appended twice", [["Range", "bytes=0-1"], ["Range", "bytes=2-3"]], api)
    # Which of the values of a repeated name Access-Control-Request-Headers
    # counts in Firefox (mix3 found them).
    header_case(f"repeat-accept-safe-then-long-{api}", "Accept */* then an Accept of 129 bytes", [["Accept", "*/*"], ["Accept", "a" * 129]], api)
    header_case(f"repeat-content-type-unsafe-twice-{api}", "Content-Type application/json then text/plain, application/json", [["Content-Type", "application/json"], ["Content-Type", "text/plain, application/json"]], api, "POST", "string")
    header_case(f"repeat-range-safe-then-invalid-{api}", "Range bytes=0-9 then 2", [["Range", "bytes=0-9"], ["Range", "2"]], api)

# XHR's forbidden request headers (WebKit prints "Refused to set unsafe header").
for name, value in (("Cookie", "a=b"), ("Host", "evil.example"), ("Sec-Fetch-Mode", "navigate"), ("Proxy-Authorization", "x"), ("Content-Length", "5")):
    header_case(f"xhr-forbidden-{name.lower()}", f"XHR setRequestHeader({name})", [[name, value]], "xhr")

# The preflight cache for an immediate second request, Max-Age absent,
# empty or invalid.
for label, value in (("absent", None), ("empty", ""), ("letters", "abc"), ("negative", "-1"), ("decimal", "5.5"), ("zero", "0"), ("plus", "+5"), ("two-values", "5, 10")):
    url = f"{API}/max-age-{label}"
    extra = [] if value is None else [["Access-Control-Max-Age", value]]
    req = {"url": url, "method": "PUT", "headers": [["Content-Type", "application/json"]], "body": {"kind": "string"}}
    case(
        f"max-age-{label}-second-request",
        f"two preflighted PUTs 0.5 s apart, Access-Control-Max-Age {label}",
        [req, {**req, "at": 0.5}],
        {url: {"preflight": allow_all("Content-Type", "PUT", extra), "actual": {"status": 200, "headers": ALLOW}}},
    )

# A preflighted request that a redirect makes simple.
for status in (301, 302, 303, 307):
    url = f"{API}/redirect-{status}"
    target = f"http://other.example/target-{status}"
    case(
        f"redirect-{status}-put-json",
        f"a preflighted JSON PUT answered {status} to another origin",
        [{"url": url, "method": "PUT", "headers": [["Content-Type", "application/json"]], "body": {"kind": "string"}}],
        {
            url: {"preflight": allow_all("Content-Type", "PUT"), "actual": {"status": status, "headers": ALLOW + [["Location", target]]}},
            target: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "Content-Type"]]}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}},
        },
    )
    url = f"{API}/auth-{status}"
    target = f"http://other.example/auth-target-{status}"
    case(
        f"redirect-{status}-authorization",
        f"a GET with Authorization answered {status} to another origin (Authorization dropped on the cross-origin hop)",
        [{"url": url, "headers": [["Authorization", "Bearer x"]]}],
        {
            url: {"preflight": allow_all("Authorization", "GET"), "actual": {"status": status, "headers": ALLOW + [["Location", target]]}},
            target: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Headers", "Authorization"]]}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}},
        },
    )

# Which disallowed header a failed preflight names: the request's order
# (Chromium), the sorted names (Firefox), or the names the network layer
# knows first (WebKit); and how it spells them. No Allow-Headers.
def order_case(name, about, headers, api, allowed=None, secure=False, secure_page=None):
    url = f"{SECURE_API if secure else API}/{name}"
    secure_page = secure if secure_page is None else secure_page
    request = {"api": api, "url": url, "method": "POST", "headers": headers, "body": {"kind": "string"}}
    preflight = [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "POST"]]
    if allowed:
        preflight.append(["Access-Control-Allow-Headers", allowed])
    case(
        name,
        about,
        [request],
        {url: {"preflight": {"status": 204, "headers": preflight}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}},
        page=SECURE_PAGE if secure_page else PAGE,
    )


ORDER_CASES = []
for api in ("fetch", "xhr"):
    for label, headers, allowed in (
        ("xb-xa", [["X-B", "1"], ["X-A", "1"]], None),
        ("apikey-xrw", [["X-Api-Key", "1"], ["X-Requested-With", "1"]], None),
        ("xrw-apikey", [["X-Requested-With", "1"], ["X-Api-Key", "1"]], None),
        ("apikey-authz", [["X-Api-Key", "1"], ["Authorization", "1"]], None),
        ("apikey-ctype", [["X-Api-Key", "1"], ["Content-Type", "application/json"]], None),
        ("ctype-authz", [["Content-Type", "application/json"], ["Authorization", "1"]], None),
        ("authz-ctype", [["Authorization", "1"], ["Content-Type", "application/json"]], None),
        ("zz-cache-control", [["X-Zz", "1"], ["Cache-Control", "no-cache"]], None),
        ("zz-dnt-aa", [["X-Zz", "1"], ["DNT", "1"], ["X-Aa", "1"]], "x-aa"),
        ("lower-ctype", [["content-type", "application/json"]], None),
        ("lower-xb-upper-xb", [["x-b", "1"], ["X-B", "2"]], None),
        ("zz-lower-authz", [["X-Zz", "1"], ["authorization", "x"]], None),
        ("range-ctype-authz", [["Range", "bytes=1-"], ["Content-Type", "application/json"], ["Authorization", "x"]], "range"),
    ):
        names = " then ".join(h[0] for h in headers)
        ORDER_CASES.append((f"disallowed-order-{label}-{api}", f"{names}, none allowed{' but ' + allowed if allowed else ''}", headers, api, allowed))

# The header names WebKit's HTTPHeaderMap knows come first (an X-Zz, then
# the name, neither allowed): which are known.
for name in (
    "Accept", "Accept-Language", "Content-Language", "Content-Type", "Range", "Accept-Ranges",
    "Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Age", "Authorization",
    "Cache-Control", "Clear-Site-Data", "Content-Disposition", "Content-Location",
    "Cross-Origin-Embedder-Policy", "Default-Style", "ETag", "If-Match", "If-None-Match",
    "Last-Event-ID", "Link", "Pragma", "Priority", "Purpose", "Referrer-Policy", "Report-To",
    "Server", "Service-Worker-Navigation-Preload", "SourceMap", "Upgrade-Insecure-Requests",
    "User-Agent", "X-DNS-Prefetch-Control", "X-Frame-Options", "X-Powered-By", "X-Temp-Tablet",
    "X-XSS-Protection", "Icy-MetaInt", "Icy-Name",
):
    ORDER_CASES.append((f"known-name-{name.lower()}", f"X-Zz then {name}, neither allowed", [["X-Zz", "1"], [name, 'x"y']], "fetch", None))

for name, about, headers, api, allowed in ORDER_CASES:
    order_case(name, about, headers, api, allowed)
# The same from an https: page to an https: URL: Chromium's header map
# holds more names for a request to a potentially trustworthy URL (the
# User-Agent client hints), which changes its order (mix2_091 showed it).
for name, about, headers, api, allowed in ORDER_CASES:
    order_case(f"https-{name}", f"{about}, over https", headers, api, allowed, secure=True)
# From an http: page to an https: URL: the URL decides.
for api in ("fetch", "xhr"):
    order_case(f"http-page-https-url-authz-ctype-{api}", "Authorization then Content-Type, none allowed, from an http: page to an https: URL",
               [["Authorization", "1"], ["Content-Type", "application/json"]], api, secure=True, secure_page=False)

# Which hops of a no-cors POST that redirects carry Origin: WebKit keeps
# it on a GET while the redirects stay on the same origin, and drops it for
# good at one to another origin (mix3_050 found it).
for label, hops in (
    ("302-other", [("other", 302)]),
    ("302-same-302-other", [("same", 302), ("other", 302)]),
    ("302-other-302-other", [("other", 302), ("other2", 302)]),
    ("307-other-302-other", [("other", 307), ("other2", 302)]),
    ("302-same-302-same", [("same", 302), ("same2", 302)]),
    ("302-other-302-back", [("other", 302), ("back", 302)]),
    ("307-same-302-other", [("same", 307), ("other", 302)]),
):
    name = f"origin-after-redirect-{label}"
    first = f"{API}/{name}"
    where = {"same": f"{API}/{name}/2", "same2": f"{API}/{name}/3", "other": f"http://other.example/{name}",
             "other2": f"http://other.example/{name}/2", "back": f"{API}/{name}/back"}
    urls = [first] + [where[h] for h, _ in hops]
    server = {u: {"actual": {"status": status, "headers": [["Location", urls[i + 1]]]}} for i, (u, (_, status)) in enumerate(zip(urls, hops))}
    server[urls[-1]] = {"actual": {"status": 200, "headers": []}}
    request = {"url": first, "method": "POST", "mode": "no-cors", "body": {"kind": "string"}}
    case(name, f"a no-cors POST redirected {label}: which hops carry Origin", [request], server)

# Whether a cached `Access-Control-Allow-Headers: *` serves a second
# request: with Authorization WebKit does not preflight again, Chromium
# does (mix3_126 found it).
for label, first, second, allowed in (
    ("authorization-twice", [["Authorization", "a"]], [["Authorization", "a"]], "*"),
    ("custom-then-authorization", [["X-A", "1"]], [["Authorization", "a"]], "*"),
    ("custom-then-other", [["X-A", "1"]], [["X-B", "1"]], "*"),
    ("listed-then-other", [["X-A", "1"]], [["X-B", "1"]], "x-a"),
):
    name = f"cache-star-{label}"
    url = f"{API}/{name}"
    case(
        name,
        f"Allow-Headers {allowed} cached for 60 s, then a second request half a second later",
        [{"url": url, "headers": first}, {"url": url, "headers": second, "at": 0.5}],
        {url: {"preflight": {"status": 204, "headers": ALLOW + [["Access-Control-Allow-Headers", allowed], ["Access-Control-Max-Age", "60"]]},
               "actual": {"status": 200, "headers": ALLOW}}},
    )

# What a redirect makes of a preflighted request: the method after
# 303/302/307 (WebKitGTK makes a DELETE to another origin a GET), and
# whether the next hop is preflighted again (every hop in WebKit, each new
# origin in Firefox, as needed in Chromium).
ANY = {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "PUT, PATCH, DELETE, GET, POST"], ["Access-Control-Allow-Headers", "*"]]}
for api in ("fetch", "xhr"):
    for status in (303, 302, 307):
        for target in ("other", "page", "same"):
            for method, body in (("PUT", None), ("PUT", "string"), ("patch", "string"), ("DELETE", None), ("POST", "string")):
                name = f"redirect-{api}-{method.lower()}-{body or 'nobody'}-{status}-{target}"
                url = f"{API}/{name}"
                location = {"other": f"http://other.example/{name}", "page": f"{PAGE}/{name}", "same": f"{url}/moved"}[target]
                request = request_of(url, method, [], body, api)
                case(
                    name,
                    f"{api} {method}{' with a body' if body else ''} answered {status} to {target} origin",
                    [request],
                    {
                        url: {"preflight": ANY, "actual": {"status": status, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", location]]}},
                        location: {"preflight": ANY, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}},
                    },
                )

# Content-Type set twice (a list) or with a charset that XHR's send()
# rewrites: which value decides on a preflight (Firefox: the one set).
for api in ("fetch", "xhr"):
    for label, headers in (
        ("form-charset-then-json", [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"], ["Content-Type", "application/json"]]),
        ("plain-then-json", [["Content-Type", "text/plain"], ["Content-Type", "application/json"]]),
        ("form-charset", [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]]),
        ("json-then-plain", [["Content-Type", "application/json"], ["Content-Type", "text/plain"]]),
        ("one-value-list", [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8, application/json"]]),
        ("plain-charset-then-json", [["Content-Type", "text/plain;charset=utf-8"], ["Content-Type", "application/json"]]),
        ("plain-latin1-then-json", [["Content-Type", "text/plain;charset=latin1"], ["Content-Type", "application/json"]]),
        ("form-then-json", [["Content-Type", "application/x-www-form-urlencoded"], ["Content-Type", "application/json"]]),
    ):
        name = f"content-type-{label}-{api}"
        url = f"{API}/{name}"
        case(
            name,
            f"a POST with a string body and Content-Type {' then '.join(h[1] for h in headers)}",
            [{"api": api, "url": url, "method": "POST", "headers": headers, "body": {"kind": "string"}}],
            {url: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Headers", "content-type"]]}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}},
        )

# A 303 back to the page's own origin after a preflight, whose next
# preflight answer has no Access-Control-Allow-Origin (Firefox sends that
# preflight with the page's origin: a same-origin request).
for api, method in (("xhr", "patch"), ("fetch", "patch"), ("fetch", "PUT")):
    name = f"redirect-back-to-page-{api}-{method.lower()}"
    url = f"{API}/{name}"
    back = f"{PAGE}/{name}"
    case(
        name,
        f"{api} {method} answered 303 to the page's origin, whose preflight answer names no origin",
        [{"api": api, "url": url, "method": method, "headers": [], "body": {"kind": "string"}}],
        {
            url: {"preflight": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", method], ["Access-Control-Max-Age", "600"]]}, "actual": {"status": 303, "headers": [["Access-Control-Allow-Origin", PAGE], ["Location", back]]}},
            back: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Methods", method]]}, "actual": {"status": 201, "headers": [["X-Total", "42"]]}},
        },
    )

# A preflight made because of the use-CORS-preflight flag (an upload
# listener; a hop after a redirect in Firefox and WebKit) whose answer has
# no Access-Control-Allow-Methods: the Fetch Standard allows the method, no
# browser does.
for method in ("PUT", "DELETE", "POST"):
    name = f"use-cors-preflight-upload-{method.lower()}-no-acam"
    url = f"{API}/{name}"
    case(
        name,
        f"an XHR {method} with an upload listener, the preflight answer without Access-Control-Allow-Methods",
        [{"api": "xhr", "url": url, "method": method, "headers": [], "body": {"kind": "string"}, "upload_listener": "before-send"}],
        {url: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}},
    )
for status in (307, 303):
    name = f"use-cors-preflight-redirect-{status}-put-no-acam"
    url = f"{API}/{name}"
    target = f"http://other.example/{name}"
    case(
        name,
        f"a PUT answered {status} to another origin, whose preflight answer has no Access-Control-Allow-Methods",
        [{"url": url, "method": "PUT", "headers": [], "body": {"kind": "string"}}],
        {
            url: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "PUT"]]}, "actual": {"status": status, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", target]]}},
            target: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}},
        },
    )

# The docs' example (examples/json-put.json): a JSON PUT with X-Trace, the
# preflight answer allowing neither header. Which one each browser names.
for label, headers, body in (
    ("json-then-trace", [["Content-Type", "application/json"], ["X-Trace", "1"]], None),
    ("json-then-trace-body", [["Content-Type", "application/json"], ["X-Trace", "1"]], "string"),
    ("trace-then-json", [["X-Trace", "1"], ["Content-Type", "application/json"]], None),
):
    name = f"disallowed-order-put-{label}"
    url = f"https://api.example/{name}"
    request = request_of(url, "PUT", headers, body, api=None)
    case(
        name,
        f"a PUT with {' then '.join(h[0] for h in headers)}, neither allowed",
        [request],
        {url: {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example"], ["Access-Control-Allow-Methods", "PUT"]]}, "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]]}}},
        page="https://app.example",
    )

# What an https: page's fetch of an http: URL meets first: the mixed
# content check or the request's mode (no-cors with a redirect mode other
# than follow, same-origin to another origin). The import test pasted a
# no-cors line next to an https: page's line and found the order unrecorded.
for label, mode, redirect, url in (
    ("no-cors-error", "no-cors", "error", f"{API}/mixed-mode-no-cors-error"),
    ("no-cors-manual", "no-cors", "manual", f"{API}/mixed-mode-no-cors-manual"),
    ("no-cors-follow", "no-cors", "follow", f"{API}/mixed-mode-no-cors-follow"),
    ("same-origin", "same-origin", "follow", f"{API}/mixed-mode-same-origin"),
    ("same-origin-same-host", "same-origin", "follow", f"{PAGE}/mixed-mode-same-origin-same-host"),
):
    name = f"mixed-mode-{label}"
    case(
        name,
        f"an https: page's {mode} fetch (redirect {redirect}) of {url}",
        [{"api": "fetch", "url": url, "method": "GET", "headers": [], "mode": mode, "redirect": redirect}],
        {url: {"preflight": allow_all(), "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", SECURE_PAGE]]}}},
        page=SECURE_PAGE,
    )

# The same after a redirect: an https: URL of the page's own origin that
# redirects to an http: URL of another origin, in same-origin mode (the
# mode refuses the hop; mixed content too) and in no-cors mode.
for label, mode in (("same-origin", "same-origin"), ("no-cors", "no-cors")):
    name = f"mixed-mode-redirect-{label}"
    url = f"{SECURE_PAGE}/{name}"
    target = f"{API}/{name}"
    case(
        name,
        f"an https: page's {mode} fetch of its own origin, redirected (302) to {target}",
        [{"api": "fetch", "url": url, "method": "GET", "headers": [], "mode": mode}],
        {
            url: {"preflight": allow_all(), "actual": {"status": 302, "headers": [["Location", target]]}},
            target: {"preflight": allow_all(), "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", SECURE_PAGE]]}},
        },
        page=SECURE_PAGE,
    )

print(json.dumps({"description": __doc__.strip().splitlines()[0], "cases": cases}, indent=1, ensure_ascii=False))
