"""Flask 3 with Flask-CORS, mounted as its README shows: CORS(app, **options)
(policy "mount": "extension", the default), or @cross_origin(**options) under
@app.route on every view ("mount": "decorator"). Served by Werkzeug's
threaded server, as `flask run` / app.run() serve. See common.py."""

import logging

from common import TEXT, decode, policy, say, startup_error
from flask import Flask, Response
from flask_cors import CORS, cross_origin
from werkzeug.serving import make_server

p = policy()
options = decode((p or {}).get("options", {}))
mount = (p or {}).get("mount", "extension")
app = Flask(__name__)


def routed(rule, methods):
    def decorator(view):
        if p is not None and mount == "decorator":
            view = cross_origin(**options)(view)
        app.route(rule, methods=methods)(view)
        return view

    return decorator


@routed("/api/text", ["GET", "PUT", "POST", "DELETE"])
def text():
    return Response(TEXT, mimetype="text/plain")


@routed("/api/error", ["GET"])
def error():
    raise RuntimeError("boom")


if p is not None and mount == "extension":
    try:
        CORS(app, **options)
    except Exception as e:  # the library's own complaint
        startup_error(f"{type(e).__name__}: {e}")

# Werkzeug logs one line per request; the recorder does not keep them.
logging.getLogger("werkzeug").setLevel(logging.ERROR)
server = make_server("127.0.0.1", 0, app, threaded=True)
say({"port": server.server_port})
server.serve_forever()
