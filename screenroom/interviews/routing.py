"""WebSocket routes, served by the ASGI process (config/asgi.py)."""

from django.urls import path

from screenroom.interviews.consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/interviews/<str:token>/<int:stage_id>/", ChatConsumer.as_asgi()),
]
