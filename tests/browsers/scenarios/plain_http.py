#!/usr/bin/env python3
"""Writes, one per line, every recorded scenario whose page and requests are
all `https:`, turned into plain `http:` (every `https://` in it becomes
`http://`): the same requests from a page that is not a secure context, over
HTTP/1.1 without TLS, the way most servers people test against locally are
reached. Each is named as the fixture it comes from
(`fixtures/chromium/<name>.json`).

    python3 tests/browsers/scenarios/plain_http.py > /tmp/plain-http.jsonl
    node tests/browsers/record.mjs --engine chromium \\
      --out tests/browsers/fixtures/plain-http /tmp/plain-http.jsonl

`crates/corsim/tests/recordings.rs` holds each profile to
`fixtures/plain-http/<engine>/` as to the other roots (tests/browsers/README.md,
"Plain http:").
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "fixtures", "chromium")


def plain(value):
    """`value` with every `https://` of its strings and keys made `http://`."""
    if isinstance(value, str):
        return value.replace("https://", "http://")
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value


def main():
    for path in sorted(glob.glob(os.path.join(SOURCE, "*.json"))):
        with open(path, encoding="utf-8") as f:
            fixture = json.load(f)
        scenario = fixture.get("scenario")
        if fixture.get("skipped") or not scenario:
            continue
        urls = [scenario["page"]] + [r["url"] for r in scenario["requests"]]
        if not all(u.startswith("https:") for u in urls):
            continue
        # HTTP/2 needs TLS: an entry that asks for it has no plain form.
        if any(e.get("http") == "2" for e in scenario.get("server", {}).values()):
            continue
        name = os.path.basename(path)[: -len(".json")]
        line = {"name": name, "scenario": plain(scenario)}
        sys.stdout.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
