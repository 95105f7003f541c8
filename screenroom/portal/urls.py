import os

from django.urls import path

from screenroom.portal import views

app_name = "portal"

urlpatterns = []

if os.environ.get("SCREENROOM_BENCH") == "1":
    # The benchmark's baseline: the same server, middleware and settings, and no work.
    urlpatterns.append(path("bench-trivial/", views.bench_trivial, name="bench_trivial"))

urlpatterns += [
    path("<str:token>/", views.landing, name="landing"),
    path("<str:token>/consent/", views.consent, name="consent"),
    path("<str:token>/declined/", views.declined, name="declined"),
    path("<str:token>/accommodation/", views.accommodation, name="accommodation"),
    path("<str:token>/accommodation/sent/", views.accommodation_sent, name="accommodation_sent"),
    path("<str:token>/stages/<int:stage_id>/", views.stage, name="stage"),
    path("<str:token>/done/", views.done, name="done"),
]
