from django.urls import path

from screenroom.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("settings/webhooks/", views.endpoints, name="endpoints"),
    path("settings/webhooks/<int:endpoint_id>/", views.deliveries, name="deliveries"),
    path("settings/webhooks/<int:endpoint_id>/rotate/", views.rotate_secret, name="rotate"),
    path("settings/webhooks/<int:endpoint_id>/toggle/", views.toggle, name="toggle"),
    path("settings/webhooks/<int:endpoint_id>/delete/", views.delete, name="delete"),
    path("settings/webhooks/deliveries/<int:delivery_id>/redeliver/", views.redeliver, name="redeliver"),
]
