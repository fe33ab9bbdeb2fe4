"""Starlette's CORSMiddleware, mounted as its docs show:
Starlette(routes=..., middleware=[Middleware(CORSMiddleware, **options)]),
served by uvicorn with its defaults (lifespan "auto"). Starlette builds the
middleware stack on the first call into the app (the lifespan startup or
the first request), so a bad option is not a start-up failure: uvicorn
starts and every request gets whatever Starlette then answers. See
common.py."""

import uvicorn
from common import TEXT, decode, policy, say
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

p = policy()
options = decode((p or {}).get("options", {}))


async def text(request):
    return PlainTextResponse(TEXT)


async def error(request):
    raise RuntimeError("boom")


app = Starlette(
    routes=[
        Route("/api/text", text, methods=["GET", "PUT", "POST", "DELETE"]),
        Route("/api/error", error),
    ],
    middleware=[] if p is None else [Middleware(CORSMiddleware, **options)],
)


class Server(uvicorn.Server):
    async def startup(self, sockets=None):
        await super().startup(sockets=sockets)
        if self.started:
            say({"port": self.servers[0].sockets[0].getsockname()[1]})


# Only uvicorn's own logs are quieted (its access log and start-up banner).
Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False)).run()
