"""ASGI entry point: the real-time process (chat WebSockets). Pages are served over WSGI (wsgi.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from screenroom.interviews.consumers import warm_up  # noqa: E402
from screenroom.interviews.routing import websocket_urlpatterns  # noqa: E402

warm_up()

application = ProtocolTypeRouter(
    {
        # HTTP too, so one ASGI server can run the whole site in tests and small setups.
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
