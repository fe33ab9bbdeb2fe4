"""Django with django-cors-headers, configured as its README shows: the
options are CORS_* settings (the legacy CORS_ORIGIN_* names too),
"corsheaders" in INSTALLED_APPS and CorsMiddleware first in MIDDLEWARE,
before CommonMiddleware. Start-up runs the system checks as `runserver`
does (an ERROR stops it; that is the startup_error), then serves with
runserver's own threaded WSGI server. DEBUG is off (a deployment's error
pages); no CSRF middleware, so PUT/POST/DELETE reach the views. See
common.py."""

import sys

import django
from common import HOST, TEXT, decode, policy, say, startup_error
from django.conf import settings

p = policy()
cors_settings = decode((p or {}).get("options", {}))
settings.configure(
    DEBUG=False,
    SECRET_KEY="corsim-server-recorder",
    ALLOWED_HOSTS=[HOST],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[] if p is None else ["corsheaders"],
    MIDDLEWARE=([] if p is None else ["corsheaders.middleware.CorsMiddleware"])
    + ["django.middleware.common.CommonMiddleware"],
    DATABASES={},
    **cors_settings,
)
django.setup()

from django.core.management.base import BaseCommand  # noqa: E402
from django.core.management.base import SystemCheckError  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views import View  # noqa: E402


class Text(View):
    def get(self, request):
        return HttpResponse(TEXT, content_type="text/plain; charset=utf-8")

    put = post = delete = get


class Error(View):
    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [path("api/text", Text.as_view()), path("api/error", Error.as_view())]

try:
    # As runserver's inner_run (without its "no issues" count): warnings
    # are printed, errors stop it.
    BaseCommand(stdout=sys.stderr, stderr=sys.stderr).check()
except SystemCheckError as e:
    startup_error(str(e))

server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
server.set_app(get_wsgi_application())
say({"port": server.server_port})
server.serve_forever()
