"""Shared by the Python apps: the policy from argv, the contract's encoding
of regular expressions, and the one line each app prints on stdout.

    python apps/flask_app.py '{"framework": "flask-cors", "options": {...}}'
    python apps/flask_app.py --bare      # the same app without the middleware

Prints {"port": N} once listening on 127.0.0.1:N, or {"startup_error": "..."}
when the library (or the framework's start-up checks) rejects the
configuration. Anything the library says on stderr before that line is what
a user sees at start-up (the recorder keeps it as `startup_stderr`).
"""

import json
import re
import sys

TEXT = "ok\n"
HOST = "api.example"


def policy():
    arg = sys.argv[1] if len(sys.argv) > 1 else "{}"
    return None if arg == "--bare" else json.loads(arg)


def decode(value):
    """{"regex": "...", "flags": "i"} -> a compiled re.Pattern, anywhere."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if isinstance(value.get("regex"), str):
            flags = re.IGNORECASE if "i" in value.get("flags", "") else 0
            return re.compile(value["regex"], flags)
        return {k: decode(v) for k, v in value.items()}
    return value


def say(obj):
    sys.stderr.flush()
    print(json.dumps(obj), flush=True)


def startup_error(message):
    say({"startup_error": message})
    sys.exit(0)
