"""Candidate-facing chat URLs under /c/<token>/ (the WebSocket is routed in routing.py)."""

from django.urls import path

from screenroom.interviews import views

app_name = "interviews_candidate"

urlpatterns = [
    # The text alternative without JavaScript or WebSockets: a plain form posting one message.
    path("<str:token>/interview/<int:stage_id>/turn/", views.candidate_turn, name="turn"),
]
